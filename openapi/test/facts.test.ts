// What the live API sends and accepts, as public sources show it, checked against the bundled spec.
// Each test names its source in its title; the spec cites the same source where the fact shapes it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSpecValidator, resolvePointer } from '../validator.js';

interface Parameter {
  name: string;
  in: string;
  description: string;
  schema: { type?: string };
}
interface Response {
  description: string;
  headers?: Record<string, unknown>;
  content?: Record<string, { example?: unknown; examples?: Record<string, unknown> }>;
}
interface Bundle {
  paths: Record<
    string,
    Record<string, { operationId: string; parameters: unknown[]; responses: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, unknown> };
}

const raw = readFileSync(new URL('../dist/openapi.json', import.meta.url), 'utf8');
const bundle = JSON.parse(raw) as Bundle;
const { validate } = createSpecValidator(bundle);

const isRef = (node: unknown): node is { $ref: string } =>
  node !== null && typeof node === 'object' && typeof (node as { $ref?: unknown }).$ref === 'string';
const follow = <T>(node: unknown): T => (isRef(node) ? follow<T>(resolvePointer(bundle, node.$ref)) : (node as T));

const operations = Object.values(bundle.paths).flatMap((item) => Object.values(item));
const parametersOf = (op: (typeof operations)[number]) => op.parameters.map((p) => follow<Parameter>(p));
const responsesOf = (op: (typeof operations)[number]) =>
  Object.entries(op.responses).map(([status, r]) => [status, follow<Response>(r)] as const);
const schema = (name: string) => `#/components/schemas/${name}`;

/**
 * The body of `GET /radar/http/summary/ADM1?location=MX` as saved in March 2026 by a third-party
 * script (isthiam/cloudflare-radar, scripts/outputs_radar_adm1/MX_summary_adm1_raw.json), shortened
 * to three of its ten groups. A summary keyed by group, like the email security summary by dimension.
 */
const LIVE_ADM1 = {
  success: true,
  errors: [],
  result: {
    summary_0: { '3514780': '3.285993', '3527646': '26.857902', other: '30.610808' },
    meta: {
      dateRange: [{ startTime: '2025-09-29T00:00:00Z', endTime: '2026-03-23T00:00:00Z' }],
      confidenceInfo: {
        level: null,
        annotations: [
          {
            dataSource: 'ALL',
            startDate: '2025-11-18T11:48:00Z',
            endDate: '2025-11-18T14:42:00Z',
            eventType: 'GENERAL',
            description: 'Global service degradation',
            linkedUrl: 'https://www.cloudflarestatus.com/incidents/8gmgl950y3h7',
            isInstantaneous: false,
          },
        ],
      },
      normalization: 'PERCENTAGE',
      lastUpdated: '2026-03-24T13:15:00Z',
      units: [{ name: '*', value: 'requests' }],
    },
  },
};
const liveAnnotation = LIVE_ADM1.result.meta.confidenceInfo.annotations[0];

describe('envelopes', () => {
  it('a live GET /radar/http/summary/ADM1 body (isthiam/cloudflare-radar, March 2026) validates: errors: [], level: null', () => {
    expect(validate(schema('EmailSecuritySummaryResponse'), LIVE_ADM1)).toEqual([]);
    expect(validate(schema('ResultMeta'), LIVE_ADM1.result.meta)).toEqual([]);
  });

  it('the same live body with a level that is neither an integer nor null fails, naming level', () => {
    const meta = {
      ...LIVE_ADM1.result.meta,
      confidenceInfo: { ...LIVE_ADM1.result.meta.confidenceInfo, level: 'high' },
    };
    expect(validate(schema('ResultMeta'), meta).map((p) => p.instancePath)).toContain('/confidenceInfo/level');
  });

  it.each(['TcpResetsTimeoutsSummaryResponse', 'TlsVersionSummaryResponse', 'MatchingAnswerTimeseriesResponse'])(
    'live envelope fields (isthiam/cloudflare-radar ADM1 body): %s takes errors: [] and messages: [], and refuses success: false',
    (name) => {
      const documented = `#/components/examples/${name.replace('Response', 'Example')}/value`;
      const body = resolvePointer(bundle, documented) as Record<string, unknown>;
      expect(validate(schema(name), { ...body, errors: [], messages: [] })).toEqual([]);
      expect(validate(schema(name), { ...body, success: false })).not.toEqual([]);
    },
  );

  it("error bodies take result: {} (Cloudflare's published schema, 400) or result: null, and refuse success: true", () => {
    const error = { errors: [{ code: 2001, message: 'Input Validation Error' }], messages: [], success: false };
    expect(validate(schema('ApiErrorResponse'), { ...error, result: {} })).toEqual([]);
    expect(validate(schema('ApiErrorResponse'), { ...error, result: null })).toEqual([]);
    expect(validate(schema('ApiErrorResponse'), { ...error, result: null, success: true })).not.toEqual([]);
    expect(validate(schema('ApiErrorResponse'), { ...error, errors: [] })).not.toEqual([]);
  });
});

describe('annotations', () => {
  it("an ongoing event with endDate: null validates (Radar's outage and annotation data)", () => {
    expect(validate(schema('Annotation'), { ...liveAnnotation, endDate: null })).toEqual([]);
  });

  it("an annotation with description: null validates (Radar's outage and annotation data)", () => {
    expect(validate(schema('Annotation'), { ...liveAnnotation, description: null })).toEqual([]);
  });

  it("an annotation with tags: string[] validates, and tags stay strings (Cloudflare's SDK 7.3.0 types)", () => {
    expect(validate(schema('Annotation'), { ...liveAnnotation, tags: ['outage', 'power'] })).toEqual([]);
    expect(validate(schema('Annotation'), { ...liveAnnotation, tags: [1] })).not.toEqual([]);
  });

  it.each([
    ['dataSource', 'SOME_NEW_SOURCE'],
    ['eventType', 'SOME_NEW_EVENT'],
  ])(
    'an unknown %s (%s) validates, since Cloudflare keeps adding values (25 data sources in SDK 7.3.0)',
    (field, value) => {
      expect(validate(schema('Annotation'), { ...liveAnnotation, [field]: value })).toEqual([]);
      expect(validate(schema('Annotation'), { ...liveAnnotation, [field]: 25 })).not.toEqual([]);
    },
  );

  it('the known data sources and event types stay listed in the spec (reference pages, SDK 7.3.0)', () => {
    const known = (name: string) => (bundle.components.schemas[name] as { enum: string[] }).enum;
    expect(known('KnownAnnotationDataSource')).toHaveLength(25);
    expect(known('KnownAnnotationDataSource')).toContain('WORKERS_AI');
    expect(known('KnownAnnotationEventType')).toEqual([
      'EVENT',
      'GENERAL',
      'OUTAGE',
      'PARTIAL_PROJECTION',
      'PIPELINE',
      'TRAFFIC_ANOMALY',
    ]);
  });

  it('a result normalized by RANK validates, a request value that the SDK result list lacks (dns-timeseries-groups-by-dimension.txt)', () => {
    expect(validate(schema('ResultMeta'), { ...LIVE_ADM1.result.meta, normalization: 'RANK' })).toEqual([]);
  });
});

describe('dateRange', () => {
  const items = '#/components/parameters/DateRange/schema/items';
  it.each(['7d', '1d', '364d', '1w', '52w', '7dcontrol', '4wcontrol'])(
    "%s matches (Cloudflare's SDK: <n>d up to 364d, <n>w up to 52w, optional control)",
    (value) => {
      expect(validate(items, value)).toEqual([]);
    },
  );
  it('7dControl matches, as Cloudflare\'s "Make comparisons" guide writes it', () => {
    expect(validate(items, '7dControl')).toEqual([]);
  });
  it.each(['365d', '53w', '0d', '0w', '7', 'd', '7dCONTROL', '7d control', '07d', '1y'])(
    "%s does not match (Cloudflare's SDK: <n>d up to 364d, <n>w up to 52w)",
    (value) => {
      expect(validate(items, value)).not.toEqual([]);
    },
  );
  it('says the rule in words, and that every series covers the same duration (SDK description)', () => {
    const { description } = follow<Parameter>(resolvePointer(bundle, '#/components/parameters/DateRange'));
    for (const words of ['364d', '52w', '`control`', '7dControl', 'same duration as the main series']) {
      expect(description.replace(/\s+/g, ' ')).toContain(words);
    }
  });
});

describe('format', () => {
  it("keeps JSON and CSV upper case, and says the API also takes lower case (Cloudflare's guides and radar-notebooks)", () => {
    expect(validate(schema('ResponseFormat'), 'CSV')).toEqual([]);
    expect(validate(schema('ResponseFormat'), 'csv')).not.toEqual([]);
    expect((bundle.components.schemas.ResponseFormat as { description: string }).description).toMatch(/lower-case/);
  });
});

describe('per-series parameters (cloudflare/mcp-server-cloudflare#274)', () => {
  const perSeries = operations.flatMap((op) =>
    parametersOf(op)
      .filter((p) => p.in === 'query' && p.schema.type === 'array' && p.name !== 'name')
      .map((p) => ({ operation: op.operationId, ...p })),
  );
  it('finds them', () => {
    expect(perSeries.length).toBeGreaterThan(20);
  });
  it.each(perSeries)('$operation $name: says a missing value leaves a series unfiltered, and how to repeat it', (p) => {
    expect(p.description).toContain('mcp-server-cloudflare#274');
    expect(p.description).toMatch(new RegExp(`\`${p.name}=([^&\`]+)&${p.name}=\\1\``));
  });
});

describe('error codes (developers.cloudflare.com/radar/get-started/error-codes)', () => {
  const documented: Record<string, number> = {
    '400': 2001,
    '401': 10000,
    '403': 10000,
    '404': 7003,
    '422': 2002,
    '429': 1015,
    '5XX': 2000,
  };
  const cases = operations.flatMap((op) =>
    responsesOf(op)
      .filter(([status]) => status in documented)
      .map(([status, response]) => ({ operation: op.operationId, status, response })),
  );
  it.each(cases)("$operation $status: the example uses Radar's code for it", ({ status, response }) => {
    const body = response.content?.['application/json']?.example as { errors: { code: number }[] };
    expect(body.errors.map((e) => e.code)).toEqual([documented[status]]);
  });
  it('no undocumented code (10001, 10035, 10002) appears anywhere in the bundle', () => {
    expect(raw).not.toMatch(/\b(?:10001|10035|10002)\b/);
  });
});

describe('rate limits (Cloudflare API limits page; cloudflare-docs PR #25269)', () => {
  const cases = operations.flatMap((op) =>
    responsesOf(op).map(([status, response]) => ({ operation: op.operationId, status, response })),
  );
  it.each(cases)('$operation $status declares Ratelimit and Ratelimit-Policy', ({ response }) => {
    expect(Object.keys(response.headers ?? {})).toEqual(expect.arrayContaining(['Ratelimit', 'Ratelimit-Policy']));
  });
  it('Retry-After is required on the 429; the Ratelimit headers are optional, since edge HTML pages lack them', () => {
    const header = (name: string) =>
      follow<{ required?: boolean }>(resolvePointer(bundle, `#/components/responses/TooManyRequests/headers/${name}`));
    expect(header('Retry-After').required).toBe(true);
    expect(header('Ratelimit').required ?? false).toBe(false);
    expect(header('Ratelimit-Policy').required ?? false).toBe(false);
  });
  it('the 429 says 1,200 requests per five minutes, the five-minute block, and Retry-After in seconds', () => {
    const tooMany = follow<Response>(resolvePointer(bundle, '#/components/responses/TooManyRequests'));
    expect(tooMany.headers).toHaveProperty('Retry-After');
    for (const words of ['1,200 requests per five minutes per user', 'next five minutes', 'seconds']) {
      expect(tooMany.description.replace(/\s+/g, ' ')).toContain(words);
    }
  });
});

describe("CSV examples (Cloudflare's radar-notebooks: `Traffic timestamps,Traffic values`)", () => {
  // Every operation that can answer CSV: one with a `text/csv` answer, or a `format` parameter offering CSV.
  const cases = operations
    .filter(
      (op) =>
        follow<Response>(op.responses['200']).content?.['text/csv'] !== undefined ||
        parametersOf(op).some((p) => p.name === 'format' && JSON.stringify(p.schema).includes('"CSV"')),
    )
    .map((op) => ({
      operation: op.operationId,
      example: String(follow<Response>(op.responses['200']).content?.['text/csv']?.example ?? ''),
    }));
  it('finds operations that answer CSV', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  it.each(cases)('$operation: every header column is `<series name> <field>`', ({ example }) => {
    const [header = ''] = example.split('\n');
    const columns = header.split(',');
    expect(columns.length).toBeGreaterThan(1);
    for (const column of columns) expect(column).toMatch(/^(?:summary_0|serie_0) \S/);
  });
});
