// Spec conformance: every recording's status and content type are declared for its operation, the
// declared headers are there, and its body validates against the bundled spec (Ajv 2020-12, strict).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { escapePointer } from '@cf-radar/openapi/validator';
import { describe, expect, it } from 'vitest';
import { checkConformance, driftReport } from '../src/conformance.js';
import { type Json, type RecordingFile, type RecordingSource, readRecordings } from '../src/recording.js';
import { type BundledSpec, loadSpec, matchPath, mediaType, readBundle, specFile } from '../src/spec.js';

const spec = loadSpec();
const recordings = readRecordings();
const find = (file: string): RecordingFile => {
  const entry = recordings.find((r) => r.file === file);
  if (!entry) throw new Error(`recording ${file} is missing`);
  return entry;
};

describe('spec conformance', () => {
  it('finds recordings of every operation', () => {
    expect(new Set(recordings.map((r) => r.operationId))).toEqual(new Set(spec.operations.keys()));
  });

  it.each(recordings.map((entry) => ({ description: entry.file, entry })))('$description conforms', ({ entry }) => {
    expect(checkConformance(spec, entry)).toEqual([]);
  });

  it('names the recording, the place in the body and the spec file when a response field is renamed in the spec', () => {
    // The spec as it would be after renaming `post_syn` to `post_syn_only` in TcpResetsTimeoutsSummary.
    const document: BundledSpec = JSON.parse(JSON.stringify(readBundle()));
    const schema = document.components.schemas.TcpResetsTimeoutsSummary;
    if (schema === null || typeof schema !== 'object' || !('properties' in schema) || !('required' in schema)) {
      throw new Error('TcpResetsTimeoutsSummary has no properties or required list');
    }
    const { properties, required } = schema;
    if (properties === null || typeof properties !== 'object' || !Array.isArray(required))
      throw new Error('bad schema');
    Reflect.set(properties, 'post_syn_only', Reflect.get(properties, 'post_syn'));
    Reflect.deleteProperty(properties, 'post_syn');
    required.splice(required.indexOf('post_syn'), 1, 'post_syn_only');

    const renamed = loadSpec(document);
    const problems = checkConformance(renamed, find('getTcpResetsTimeoutsSummary/documented.json'));
    expect(problems).toEqual([
      "recordings/getTcpResetsTimeoutsSummary/documented.json: result.summary_0: must have required property 'post_syn_only' (openapi/components/schemas/TcpResetsTimeoutsSummary.yaml#/required)",
      'recordings/getTcpResetsTimeoutsSummary/documented.json: result.summary_0.post_syn: not in openapi/components/schemas/TcpResetsTimeoutsSummary.yaml',
    ]);
  });

  const documented = find('getTcpResetsTimeoutsSummary/documented.json');
  const variant = (
    response: Partial<RecordingFile['recording']['response']>,
    file = 'getTcpResetsTimeoutsSummary/variant.json',
  ): RecordingFile => ({
    ...documented,
    file,
    recording: {
      ...documented.recording,
      response: { ...documented.recording.response, ...response },
      // A variant is an edit by hand, so it is held to what a live-shaped recording carries.
      meta: { ...documented.recording.meta, source: 'hand-made' },
    },
  });
  const json = { 'content-type': 'application/json' };

  it.each([
    {
      description: 'an undeclared status',
      entry: variant({ status: 418 }),
      problem:
        'recordings/getTcpResetsTimeoutsSummary/variant.json: response.status 418: not declared for getTcpResetsTimeoutsSummary (declared: 200, 400, 401, 403, 404, 422, 429, 5XX); add it to the responses in openapi/paths/radar_tcp_resets_timeouts_summary.yaml#/get',
    },
    {
      description: 'an undeclared content type',
      entry: variant({ headers: { 'content-type': 'text/plain' }, body: 'ok' }),
      problem:
        'recordings/getTcpResetsTimeoutsSummary/variant.json: response.headers.content-type "text/plain": not declared for getTcpResetsTimeoutsSummary 200 in openapi/paths/radar_tcp_resets_timeouts_summary.yaml#/get/responses/200 (declared: application/json, text/csv)',
    },
    {
      description: 'a JSON content type with a text body',
      entry: variant({ body: '{"success":true}' }),
      problem:
        'recordings/getTcpResetsTimeoutsSummary/variant.json: response.body: is text, but application/json needs a JSON body',
    },
    {
      description: 'a 429 without the declared retry-after',
      entry: variant({
        status: 429,
        headers: json,
        body: { errors: [{ code: 1015, message: 'rate limited' }], success: false },
      }),
      problem:
        'recordings/getTcpResetsTimeoutsSummary/variant.json: response.headers.retry-after: missing, but openapi/components/responses/TooManyRequests.yaml declares it for 429 as required',
    },
    {
      description:
        'a hand-made answer of the API without the ratelimit headers the spec declares for it (the documented examples, which show no headers, need none)',
      entry: variant({}),
      problem:
        'recordings/getTcpResetsTimeoutsSummary/variant.json: response.headers.ratelimit: missing, but openapi/paths/radar_tcp_resets_timeouts_summary.yaml#/get/responses/200 declares it for 200',
    },
    {
      description: 'a metric that is a number instead of a numeric string',
      entry: variant({
        headers: json,
        body: {
          success: true,
          result: {
            meta: Reflect.get(Object(Reflect.get(Object(documented.recording.response.body), 'result')), 'meta'),
            summary_0: { later_in_flow: 10, no_match: '65', post_ack: '5', post_psh: '10', post_syn: '10' },
          },
        },
      }),
      problem:
        'recordings/getTcpResetsTimeoutsSummary/variant.json: result.summary_0.later_in_flow: must be string (openapi/components/schemas/NumericString.yaml#/type)',
    },
    {
      description: 'a field the spec does not describe',
      entry: variant({
        status: 429,
        headers: { ...json, 'retry-after': '30' },
        body: { errors: [{ code: 1015, message: 'rate limited', docs: 'x' }], success: false },
      }),
      problem:
        'recordings/getTcpResetsTimeoutsSummary/variant.json: errors[0].docs: not in openapi/components/schemas/ApiErrorItem.yaml',
    },
    {
      description: 'an error envelope with success true',
      entry: variant({ status: 500, headers: json, body: { errors: [{ code: 10002, message: 'x' }], success: true } }),
      problem:
        'recordings/getTcpResetsTimeoutsSummary/variant.json: success: must be equal to constant (openapi/components/schemas/ApiErrorResponse.yaml#/properties/success/const)',
    },
  ])('rejects $description', ({ entry, problem }) => {
    expect(checkConformance(spec, entry)).toContain(problem);
  });

  it('names the composing schema and the ones it composes for a field the spec does not describe inside an allOf', () => {
    const dns = find('getDnsTimeseriesGroupsByMatchingAnswer/documented.json');
    const body: { result: { meta: Record<string, Json> } } = JSON.parse(JSON.stringify(dns.recording.response.body));
    body.result.meta.aggregation = 'ONE_HOUR';
    const entry = { ...dns, recording: { ...dns.recording, response: { ...dns.recording.response, body } } };
    expect(checkConformance(spec, entry)).toEqual([
      'recordings/getDnsTimeseriesGroupsByMatchingAnswer/documented.json: result.meta.aggregation: not in openapi/components/schemas/TimeseriesResultMeta.yaml or the schemas it composes (openapi/components/schemas/ResultMeta.yaml)',
    ]);
  });

  it('names the composed schema’s own file for a wrong value inside it, and still reports a field it lacks where it is used directly', () => {
    const dns = find('getDnsTimeseriesGroupsByMatchingAnswer/documented.json');
    const body: { result: { meta: Record<string, Json> } } = JSON.parse(JSON.stringify(dns.recording.response.body));
    body.result.meta.lastUpdated = 5;
    const entry = { ...dns, recording: { ...dns.recording, response: { ...dns.recording.response, body } } };
    expect(checkConformance(spec, entry)).toEqual([
      'recordings/getDnsTimeseriesGroupsByMatchingAnswer/documented.json: result.meta.lastUpdated: must be string (openapi/components/schemas/ResultMeta.yaml#/properties/lastUpdated/type)',
    ]);
  });

  const page = '<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>';
  const html = { 'content-type': 'text/html' };

  it('checks an HTML gateway page on a 5xx against the text/html schema the spec declares for 5XX', () => {
    expect(checkConformance(spec, variant({ status: 502, headers: html, body: page }))).toEqual([]);
    expect(checkConformance(spec, variant({ status: 502, headers: html, body: { success: false } }))).toEqual([
      'recordings/getTcpResetsTimeoutsSummary/variant.json: body: must be string (openapi/components/responses/ServerError.yaml#/content/text~1html/schema/type)',
    ]);
  });

  it.each([
    {
      description: 'a 429',
      entry: variant({ status: 429, headers: { ...html, 'retry-after': '30' }, body: page }, 'x/rate-limited.json'),
      problem:
        'recordings/x/rate-limited.json: response.headers.content-type "text/html": not declared for getTcpResetsTimeoutsSummary 429 in openapi/components/responses/TooManyRequests.yaml (declared: application/json)',
    },
    {
      description: 'a 200',
      entry: variant({ headers: html, body: page }, 'x/documented.json'),
      problem:
        'recordings/x/documented.json: response.headers.content-type "text/html": not declared for getTcpResetsTimeoutsSummary 200 in openapi/paths/radar_tcp_resets_timeouts_summary.yaml#/get/responses/200 (declared: application/json, text/csv)',
    },
  ])(
    'refuses an HTML page on $description, which declares no text/html, naming the recording',
    ({ entry, problem }) => {
      expect(checkConformance(spec, entry)).toEqual([problem]);
    },
  );
});

/** A copy of a committed recording, edited, as another source would have it. */
function edited(
  file: string,
  change: (recording: RecordingFile['recording']) => void,
  source: RecordingSource = 'live',
): RecordingFile {
  const entry = find(file);
  const recording: RecordingFile['recording'] = JSON.parse(JSON.stringify(entry.recording));
  recording.meta.source = source;
  change(recording);
  return { ...entry, recording };
}

/** The object at a path of keys in a recorded JSON body, to edit it in a test. */
function objectAt(body: Json, ...keys: string[]): Record<string, Json> {
  let node: Json | undefined = body;
  for (const key of keys) {
    if (Array.isArray(node)) node = node[Number(key)];
    else node = node !== null && typeof node === 'object' ? node[key] : undefined;
  }
  if (node === null || node === undefined || typeof node !== 'object' || Array.isArray(node)) {
    throw new Error(`no object at ${keys.join('.')}`);
  }
  return node;
}

describe('what the live API sends, from the recordings side (issue 11)', () => {
  it('a live-shaped body conforms: errors: [] and messages: [] beside success: true, confidenceInfo.level null (live GET /radar/http/summary/ADM1, March 2026, isthiam/cloudflare-radar scripts/outputs_radar_adm1/MX_summary_adm1_raw.json)', () => {
    const entry = edited('getTcpResetsTimeoutsSummary/asn.json', () => {});
    const body = entry.recording.response.body;
    expect(objectAt(body)).toMatchObject({ errors: [], messages: [], success: true });
    expect(objectAt(body, 'result', 'meta', 'confidenceInfo').level).toBeNull();
    expect(driftReport(entry, spec)).toEqual([]);
  });

  it("an ongoing annotation conforms: endDate null, description null, tags (Radar's outage and annotation data; Cloudflare's TypeScript SDK 7.3.0 Annotation.tags)", () => {
    const entry = edited('getDnsTimeseriesGroupsByMatchingAnswer/location.json', (recording) => {
      const info = objectAt(recording.response.body, 'result', 'meta', 'confidenceInfo');
      const [annotation] = Array.isArray(info.annotations) ? info.annotations : [];
      info.annotations = [{ ...objectAt(annotation ?? null), description: null, endDate: null, tags: ['outage'] }];
    });
    expect(driftReport(entry, spec)).toEqual([]);
  });

  it.each([
    { field: 'dataSource', value: 'SOME_SOURCE_ADDED_LATER' },
    { field: 'eventType', value: 'SOME_EVENT_TYPE_ADDED_LATER' },
  ])(
    'an annotation $field Cloudflare added after the spec was written conforms (25 data sources in SDK 7.3.0, and growing)',
    ({ field, value }) => {
      const entry = edited('getDnsTimeseriesGroupsByMatchingAnswer/location.json', (recording) => {
        const info = objectAt(recording.response.body, 'result', 'meta', 'confidenceInfo');
        const [annotation] = Array.isArray(info.annotations) ? info.annotations : [];
        info.annotations = [{ ...objectAt(annotation ?? null), [field]: value }];
      });
      expect(driftReport(entry, spec)).toEqual([]);
    },
  );

  it('a live recording with a field the spec lacks fails, naming the recording, the field and the spec file to edit (issue 11: drift that tells you what to do)', () => {
    const entry = edited('getTcpResetsTimeoutsSummary/asn.json', (recording) => {
      objectAt(recording.response.body, 'result', 'meta').newField = 'x';
      objectAt(recording.response.body, 'result', 'meta', 'units', '0').symbol = '%';
    });
    expect(driftReport(entry, spec)).toEqual([
      'recordings/getTcpResetsTimeoutsSummary/asn.json: result.meta.newField: not in openapi/components/schemas/ResultMeta.yaml',
      'recordings/getTcpResetsTimeoutsSummary/asn.json: result.meta.units[0].symbol: not in openapi/components/schemas/Unit.yaml',
    ]);
    // The suite runs the same check on every committed recording, so a committed one like it fails there.
    expect(checkConformance(spec, entry)).toEqual(driftReport(entry, spec));
  });

  it('names each spec file a drift line can point at after a file that exists under openapi/ (the split layout: #/components/<kind>/<Name> is components/<kind>/<Name>.yaml)', () => {
    const document: Record<string, unknown> = JSON.parse(JSON.stringify(readBundle()));
    const pointers = [
      ...Object.keys(Object(document.paths)).map((path) => `#/paths/${escapePointer(path)}`),
      ...Object.entries(Object(document.components)).flatMap(([kind, members]) =>
        Object.keys(Object(members)).map((name) => `#/components/${kind}/${escapePointer(name)}`),
      ),
    ];
    expect(pointers.length).toBeGreaterThan(0);
    const root = join(dirname(createRequire(import.meta.url).resolve('@cf-radar/openapi/openapi.json')), '..', '..');
    for (const pointer of pointers) {
      const file = specFile(pointer);
      // Security schemes stay in the root file; what the layout splits out must not fall back to it.
      if (/^#\/(?:paths|components\/(?:schemas|parameters|responses|headers))\//.test(pointer)) {
        expect(file, pointer).not.toMatch(/^openapi\/radar\.yaml/);
      }
      expect(existsSync(join(root, file.replace(/#.*$/, ''))), `${pointer} → ${file}`).toBe(true);
    }
  });

  it("gives every error recording Radar's documented code for its status, and 10000 for 401 and 403 (developers.cloudflare.com/radar/get-started/error-codes)", () => {
    const documented: Record<string, number> = {
      400: 2001,
      401: 10000,
      403: 10000,
      404: 7003,
      422: 2002,
      429: 1015,
      500: 2000,
    };
    const errors = recordings.filter((r) => String(r.recording.response.status) in documented);
    expect(errors.length).toBeGreaterThanOrEqual(spec.operations.size * Object.keys(documented).length);
    for (const { file, recording } of errors) {
      const body = objectAt(recording.response.body);
      const codes = Array.isArray(body.errors) ? body.errors.map((e) => objectAt(e).code) : [];
      expect(codes, file).toEqual([documented[String(recording.response.status)]]);
    }
  });

  it("gives every 429 a retry-after in whole seconds and every answer of the API ratelimit and ratelimit-policy (Cloudflare's API limits page; cloudflare-docs PR #25269)", () => {
    const api = recordings.filter(
      (r) =>
        r.recording.meta.source !== 'reference-docs' &&
        mediaType(r.recording.response.headers['content-type']) !== 'text/html',
    );
    expect(api.length).toBeGreaterThan(0);
    for (const { file, recording } of api) {
      const { headers, status } = recording.response;
      expect(headers.ratelimit, file).toMatch(/^"[^"]+";r=\d+;t=\d+$/);
      expect(headers['ratelimit-policy'], file).toMatch(/^"[^"]+";q=\d+;w=\d+$/);
      if (status === 429) expect(headers['retry-after'], file).toMatch(/^\d+$/);
    }
  });

  it("gives every CSV recording a header row of '<series> <field>' columns (Cloudflare's radar-notebooks: `Traffic timestamps,Traffic values`)", () => {
    const csv = recordings.filter((r) => mediaType(r.recording.response.headers['content-type']) === 'text/csv');
    expect(new Set(csv.map((r) => r.operationId))).toEqual(new Set(spec.operations.keys()));
    for (const { file, recording } of csv) {
      const names = recording.request.query.filter(([key]) => key === 'name').map(([, value]) => value);
      const series = names.length > 0 ? names : ['summary_0', 'serie_0'];
      const [header = ''] = String(recording.response.body).split('\n');
      for (const column of header.split(',')) {
        expect(
          series.some((name) => column.startsWith(`${name} `)),
          `${file}: column "${column}"`,
        ).toBe(true);
      }
    }
  });

  it('keeps dateRange=7dControl as Cloudflare\'s "Make comparisons" guide writes it, and refuses 365d naming the parameter and the spec file (Cloudflare\'s TypeScript SDK: up to 364d or 52w)', () => {
    const control = recordings.filter((r) =>
      r.recording.request.query.some(([k, v]) => k === 'dateRange' && v === '7dControl'),
    );
    expect(control.length).toBeGreaterThan(0);
    for (const entry of control) expect(driftReport(entry, spec)).toEqual([]);
    const [first] = control;
    if (!first) throw new Error('unreachable: checked above');
    const entry = edited(first.file, (recording) => {
      recording.request.query = recording.request.query.map(([k, v]) => [k, v === '7dControl' ? '365d' : v]);
    });
    expect(driftReport(entry, spec)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^recordings/${first.file}: request.query dateRange="365d": must match pattern ".+" \\(openapi/components/parameters/DateRange.yaml#/schema/items/pattern\\)$`,
        ),
      ),
    ]);
  });

  it("refuses format=csv in a recorded request, naming the upper-case form the spec uses (Cloudflare's guides send lower case; the spec keeps JSON and CSV)", () => {
    const entry = edited('getTcpResetsTimeoutsSummary/csv.json', (recording) => {
      recording.request.query = [['format', 'csv']];
    });
    expect(driftReport(entry, spec)).toEqual([
      'recordings/getTcpResetsTimeoutsSummary/csv.json: request.query format="csv": must be equal to one of the allowed values: ["JSON","CSV"] (openapi/components/schemas/ResponseFormat.yaml#/enum)',
    ]);
  });

  it('gives every per-series filter once per named series in every recording with several names, since a missing one leaves its series unfiltered (cloudflare/mcp-server-cloudflare#274)', () => {
    const named = recordings.filter((r) => r.recording.request.query.filter(([k]) => k === 'name').length > 1);
    expect(new Set(named.map((r) => r.operationId))).toEqual(new Set(spec.operations.keys()));
    for (const { file, operationId, recording } of named) {
      const operation = spec.operations.get(operationId);
      const count = (name: string) => recording.request.query.filter(([k]) => k === name).length;
      for (const parameter of operation?.parameters ?? []) {
        if (parameter.array && count(parameter.name) > 0)
          expect(count(parameter.name), `${file}: ${parameter.name}`).toBe(count('name'));
      }
    }
  });

  it('names where every hand-made recording is modelled from (meta.modelledOn), and leaves the documented examples as the reference pages give them', () => {
    for (const { file, recording } of recordings) {
      if (recording.meta.source === 'hand-made') expect(recording.meta.modelledOn, file).toMatch(/\S/);
      if (recording.meta.source === 'reference-docs') {
        expect(file).toMatch(/\/documented\.json$/);
        expect(recording.meta.modelledOn, file).toBeUndefined();
      }
    }
  });
});

describe('concrete paths against the spec’s templates', () => {
  it('checks a path parameter value against its schema, naming the file that lists the allowed values', () => {
    const entry = edited(
      'getEmailSecuritySummaryByDimension/dimension-spf.json',
      (recording) => {
        recording.request.path = '/radar/email/security/summary/SPFF';
      },
      'hand-made',
    );
    expect(driftReport(entry, spec)).toEqual([
      `recordings/getEmailSecuritySummaryByDimension/dimension-spf.json: request.path dimension="SPFF": must be equal to one of the allowed values: ${JSON.stringify(spec.operations.get('getEmailSecuritySummaryByDimension')?.parameters.find((p) => p.name === 'dimension')?.enum)} (openapi/components/schemas/EmailSecuritySummaryDimension.yaml#/enum)`,
    ]);
  });

  it('reports a recording filed under a templated operation whose path a concrete one serves (OpenAPI 3.1: concrete paths first)', () => {
    const entry = edited(
      'getEmailSecuritySummaryByDimension/dimension-spf.json',
      (recording) => {
        recording.request.path = '/radar/email/security/summary/tls_version';
      },
      'hand-made',
    );
    expect(driftReport(entry, spec)).toContain(
      'recordings/getEmailSecuritySummaryByDimension/dimension-spf.json: request.path /radar/email/security/summary/tls_version is served by getEmailSecuritySummaryByTlsVersion (/radar/email/security/summary/tls_version: a concrete path is matched before a template), not getEmailSecuritySummaryByDimension; move the file to recordings/getEmailSecuritySummaryByTlsVersion/',
    );
  });

  it('reports a path that is not one of the operation’s, naming its template and file', () => {
    const entry = edited(
      'getDnsTimeseriesGroupsByDimension/documented.json',
      (recording) => {
        recording.request.path = '/radar/dns/timeseries_groups/MATCHING_ANSWER/extra';
      },
      'hand-made',
    );
    expect(driftReport(entry, spec)).toEqual([
      'recordings/getDnsTimeseriesGroupsByDimension/documented.json: request: GET /radar/dns/timeseries_groups/MATCHING_ANSWER/extra is not getDnsTimeseriesGroupsByDimension (GET /radar/dns/timeseries_groups/{dimension} in openapi/paths/radar_dns_timeseries_groups_{dimension}.yaml#/get); move the file to the folder of the operation it calls, or fix request.path',
    ]);
  });

  it.each([
    { template: '/radar/a/{dimension}', path: '/radar/a/TLS_VERSION', values: { dimension: 'TLS_VERSION' } },
    { template: '/radar/a/{dimension}', path: '/radar/a/TLS%5FVERSION', values: { dimension: 'TLS_VERSION' } },
    { template: '/radar/{a}/x/{b}', path: '/radar/1/x/2', values: { a: '1', b: '2' } },
    { template: '/radar/a/{dimension}', path: '/radar/a/x/y', values: undefined },
    { template: '/radar/a/{dimension}', path: '/radar/a/%zz', values: undefined },
    { template: '/radar/a.b', path: '/radar/aXb', values: undefined },
  ])('matches $path against $template', ({ template, path, values }) => {
    expect(matchPath(template, path)).toEqual(values);
  });
});
