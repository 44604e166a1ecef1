// The bundled spec against facts copied by hand from Cloudflare's reference pages
// (shared/reference/*.txt). If a page changes, change the lists here first, then the spec.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolvePointer } from '../validator.js';

interface Schema {
  type?: string;
  enum?: string[];
  items?: Schema;
  format?: string;
  minimum?: number;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  style?: string;
  explode?: boolean;
  description?: string;
  schema: Schema;
}
interface Operation {
  operationId: string;
  deprecated?: boolean;
  description: string;
  'x-client-method'?: string;
  'x-replaced-by'?: {
    description: string;
    path: string;
    url: string;
    operationId: string;
    parameters: Record<string, string>;
  };
  externalDocs?: { url: string };
  tags?: string[];
  parameters: Parameter[];
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
}
type Spec = {
  info: { title: string; summary: string; description: string };
  tags: { name: string; description: string }[];
  servers: { url: string }[];
  security: Record<string, string[]>[];
  components: { securitySchemes: Record<string, Record<string, string>>; schemas: Record<string, unknown> };
  paths: Record<string, { get: Operation }>;
};

const bundle: unknown = JSON.parse(readFileSync(new URL('../dist/openapi.json', import.meta.url), 'utf8'));

/** The bundle with every local `$ref` replaced by what it points at (the spec has no cycles). */
function deref(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(deref);
  if (node === null || typeof node !== 'object') return node;
  const { $ref, ...rest } = node as Record<string, unknown>;
  const base = typeof $ref === 'string' ? (deref(resolvePointer(bundle, $ref)) as object) : {};
  return { ...base, ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, deref(v)])) };
}
const spec = deref(bundle) as Spec;

const STATUS = ['PASS', 'NONE', 'FAIL'];
const FORMAT = ['JSON', 'CSV'];
// 88 values on the reference page ("A", "AAAA", "A6" or 85 more).
const QUERY_TYPES = `A AAAA A6 AFSDB ANY APL ATMA AXFR CAA CDNSKEY CDS CERT CNAME CSYNC DHCID DLV DNAME DNSKEY DOA
  DS EID EUI48 EUI64 GPOS GID HINFO HIP HTTPS IPSECKEY ISDN IXFR KEY KX L32 L64 LOC LP MAILA MAILB MB MD
  MF MG MINFO MR MX NAPTR NB NBSTAT NID NIMLOC NINFO NS NSAP NSEC NSEC3 NSEC3PARAM NULL NXT OPENPGPKEY
  OPT PTR PX RKEY RP RRSIG RT SIG SINK SMIMEA SOA SPF SRV SSHFP SVCB TA TALINK TKEY TLSA TSIG TXT UINFO
  UID UNSPEC URI WKS X25 ZONEMD`.split(/\s+/);
// 19 values ("NOERROR" or "FORMERR" or "SERVFAIL" or 16 more).
const RESPONSE_CODES = `NOERROR FORMERR SERVFAIL NXDOMAIN NOTIMP REFUSED YXDOMAIN YXRRSET NXRRSET NOTAUTH NOTZONE
  BADSIG BADKEY BADTIME BADMODE BADNAME BADALG BADTRUNC BADCOOKIE`.split(/\s+/);

/**
 * A parameter as the reference page lists it: where it goes, its type (`string[]` for an array of
 * strings, sent as repeated keys), its enum values, and for integers their minimum.
 */
interface Want {
  in?: 'path';
  type: 'string' | 'integer' | 'string[]' | 'boolean[]';
  values?: string[];
  minimum?: number;
}
const text = (type: Want['type'] = 'string[]'): Want => ({ type });
const oneOf = (values: string[], type: Want['type'] = 'string[]'): Want => ({ type, values });
interface Expected {
  path: string;
  clientMethod: string;
  deprecated: boolean;
  replacement?: { operationId: string; parameters: Record<string, string> };
  parameters: Record<string, Want>;
}

const DATES = { dateEnd: text(), dateRange: text(), dateStart: text() };
const expected: Record<string, Expected> = {
  // tcp-resets-timeouts-summary.txt
  getTcpResetsTimeoutsSummary: {
    path: '/radar/tcp_resets_timeouts/summary',
    clientMethod: 'radar.tcpResetsTimeouts.summary',
    deprecated: false,
    parameters: {
      asn: text(),
      continent: text(),
      ...DATES,
      format: oneOf(FORMAT, 'string'),
      location: text(),
      name: text(),
    },
  },
  // email-security-summary-tls-version.txt
  getEmailSecuritySummaryByTlsVersion: {
    path: '/radar/email/security/summary/tls_version',
    clientMethod: 'radar.email.security.summary.tlsVersion',
    deprecated: true,
    replacement: { operationId: 'getEmailSecuritySummaryByDimension', parameters: { dimension: 'TLS_VERSION' } },
    parameters: {
      arc: oneOf(STATUS),
      ...DATES,
      dkim: oneOf(STATUS),
      dmarc: oneOf(STATUS),
      format: oneOf(FORMAT, 'string'),
      name: text(),
      spf: oneOf(STATUS),
    },
  },
  // dns-timeseries-groups-matching-answer.txt
  getDnsTimeseriesGroupsByMatchingAnswer: {
    path: '/radar/dns/timeseries_groups/matching_answer',
    clientMethod: 'radar.dns.timeseriesGroups.matchingAnswer',
    deprecated: true,
    replacement: { operationId: 'getDnsTimeseriesGroupsByDimension', parameters: { dimension: 'MATCHING_ANSWER' } },
    parameters: {
      aggInterval: oneOf(['15m', '1h', '1d', '1w'], 'string'),
      asn: text(),
      continent: text(),
      ...DATES,
      format: oneOf(FORMAT, 'string'),
      location: text(),
      name: text(),
      nodata: text('boolean[]'),
      protocol: oneOf(['UDP', 'TCP', 'HTTPS', 'TLS']),
      queryType: oneOf(QUERY_TYPES),
      responseCode: oneOf(RESPONSE_CODES),
      tld: text(),
    },
  },
  // email-security-summary-by-dimension.txt
  getEmailSecuritySummaryByDimension: {
    path: '/radar/email/security/summary/{dimension}',
    clientMethod: 'radar.email.security.summaryV2',
    deprecated: false,
    parameters: {
      dimension: {
        in: 'path',
        ...oneOf(
          ['SPAM', 'MALICIOUS', 'SPOOF', 'THREAT_CATEGORY', 'ARC', 'DKIM', 'DMARC', 'SPF', 'TLS_VERSION'],
          'string',
        ),
      },
      arc: oneOf(STATUS),
      ...DATES,
      dkim: oneOf(STATUS),
      dmarc: oneOf(STATUS),
      format: oneOf(FORMAT, 'string'),
      limitPerGroup: { type: 'integer', minimum: 2 },
      name: text(),
      spf: oneOf(STATUS),
      tlsVersion: oneOf(['TLSv1_0', 'TLSv1_1', 'TLSv1_2', 'TLSv1_3']),
    },
  },
  // dns-timeseries-groups-by-dimension.txt
  getDnsTimeseriesGroupsByDimension: {
    path: '/radar/dns/timeseries_groups/{dimension}',
    clientMethod: 'radar.dns.timeseriesGroupsV2',
    deprecated: false,
    parameters: {
      dimension: {
        in: 'path',
        ...oneOf(
          `AS CACHE_HIT DNSSEC DNSSEC_AWARE DNSSEC_E2E IP_VERSION LOCATION MATCHING_ANSWER PROTOCOL QUERY_TYPE
            RESPONSE_CODE RESPONSE_TTL TLD TLD_DNS_MAGNITUDE`.split(/\s+/),
          'string',
        ),
      },
      aggInterval: oneOf(['15m', '1h', '1d', '1w'], 'string'),
      asn: text(),
      cacheHit: text('boolean[]'),
      continent: text(),
      ...DATES,
      dnssec: oneOf(['INVALID', 'INSECURE', 'SECURE', 'OTHER']),
      dnssecAware: oneOf(['SUPPORTED', 'NOT_SUPPORTED']),
      dnssecE2e: text('boolean[]'),
      format: oneOf(FORMAT, 'string'),
      ipVersion: oneOf(['IPv4', 'IPv6']),
      limitPerGroup: { type: 'integer', minimum: 2 },
      location: text(),
      matchingAnswer: text('boolean[]'),
      name: text(),
      nodata: text('boolean[]'),
      normalization: oneOf(['PERCENTAGE', 'MIN0_MAX', 'RANK'], 'string'),
      protocol: oneOf(['UDP', 'TCP', 'HTTPS', 'TLS']),
      // The SDK's type adds `null` to these; a query string has no way to send it.
      queryType: oneOf(QUERY_TYPES),
      responseCode: oneOf(RESPONSE_CODES),
      responseTtl: oneOf([
        'LTE_1M',
        'GT_1M_LTE_5M',
        'GT_5M_LTE_15M',
        'GT_15M_LTE_1H',
        'GT_1H_LTE_1D',
        'GT_1D_LTE_1W',
        'GT_1W',
      ]),
      tld: text(),
    },
  },
};

const operations = Object.entries(spec.paths).map(([path, item]) => ({ path, ...item.get }));
const byId = (id: string): Operation & { path: string } => {
  const op = operations.find((o) => o.operationId === id);
  if (!op) throw new Error(`no operation ${id} in the bundle`);
  return op;
};

describe('the bundled spec', () => {
  it('holds an operation for every reference page listed here, and lists every operation it holds', () => {
    const inBundle = operations.map((o) => `${o.operationId} ${o.path}`).sort();
    const listed = Object.entries(expected)
      .map(([id, e]) => `${id} ${e.path}`)
      .sort();
    // A new operation needs its reference page's parameters copied by hand into `expected` above.
    expect(inBundle, 'operations in dist/openapi.json vs. those listed in test/bundle.test.ts').toEqual(listed);
    expect(QUERY_TYPES).toHaveLength(88);
    expect(RESPONSE_CODES).toHaveLength(19);
  });

  it('says what it covers without a count of endpoints that the next one would make wrong', () => {
    const prose = [spec.info.title, spec.info.summary, spec.info.description, ...spec.tags.map((t) => t.description)];
    for (const line of prose)
      expect(line).not.toMatch(/\b(?:one|two|three|four|five|six|\d+) (?:radar )?endpoints?\b/i);
  });

  it('targets the Cloudflare API v4 with a bearer token or the email + key pair', () => {
    expect(spec.servers.map((s) => s.url)).toEqual(['https://api.cloudflare.com/client/v4']);
    expect(spec.security).toEqual([{ apiToken: [] }, { apiEmail: [], apiKey: [] }]);
    const schemes = spec.components.securitySchemes;
    expect(schemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.apiEmail).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth-Email' });
    expect(schemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth-Key' });
  });

  it('gives every operation its own client method, none the namespace of another', () => {
    const methods = operations.map((o) => o['x-client-method'] ?? `(none on ${o.operationId})`);
    expect(new Set(methods).size).toBe(methods.length);
    for (const method of methods) {
      expect(method).toMatch(/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/);
      expect(methods.filter((other) => other.startsWith(`${method}.`))).toEqual([]);
    }
  });

  describe.each(Object.entries(expected))('%s', (id, want) => {
    // In a hook, so that an operation missing from the bundle fails its own tests, not the whole file.
    let op: Operation & { path: string };
    beforeAll(() => {
      op = byId(id);
    });

    it(`is at ${want.path} and is the client method ${want.clientMethod}`, () => {
      expect(op.path).toBe(want.path);
      expect(op['x-client-method']).toBe(want.clientMethod);
      expect(op.tags?.length ?? 0).toBeGreaterThan(0);
      expect(op.externalDocs?.url).toMatch(/^https:\/\/developers\.cloudflare\.com\/api\/resources\/radar\//);
    });

    it(
      want.deprecated ? 'is deprecated and names its replacement, with the fixed path parameters' : 'is not deprecated',
      () => {
        expect(op.deprecated ?? false).toBe(want.deprecated);
        if (!want.replacement) return;
        const replacement = byId(want.replacement.operationId);
        expect(op.description).toContain(replacement.path);
        expect(op['x-replaced-by']).toMatchObject({
          path: replacement.path,
          operationId: want.replacement.operationId,
          parameters: want.replacement.parameters,
        });
        expect(op['x-replaced-by']?.url).toMatch(/^https:\/\/developers\.cloudflare\.com\//);
        for (const [name, value] of Object.entries(want.replacement.parameters)) {
          const parameter = replacement.parameters.find((p) => p.name === name && p.in === 'path');
          expect(parameter?.schema.enum, name).toContain(value);
        }
      },
    );

    it('has every parameter of the reference page, and no other', () => {
      expect(op.parameters.map((p) => p.name).sort()).toEqual(Object.keys(want.parameters).sort());
    });

    it.each(Object.entries(want.parameters))(
      '%s: location, type, serialization and enum values',
      (name, { in: location = 'query', type, values, minimum }) => {
        const param = op.parameters.find((p) => p.name === name);
        expect(param, name).toBeDefined();
        if (!param) return;
        expect(param.in).toBe(location);
        // Path parameters are required by OpenAPI; the pages mark no query parameter required.
        expect(param.required ?? false).toBe(location === 'path');
        expect(param.description?.length ?? 0).toBeGreaterThan(20);
        const array = type.endsWith('[]');
        expect(array ? `${param.schema.items?.type}[]` : param.schema.type).toBe(type);
        if (array) {
          // Repeated keys: ?location=US&location=PT. OpenAPI's default for query is the same, but say it.
          expect(param.style ?? 'form').toBe('form');
          expect(param.explode ?? true).toBe(true);
        }
        const listed = array ? param.schema.items?.enum : param.schema.enum;
        expect(listed ?? null).toEqual(values ?? null);
        if (minimum !== undefined) expect(param.schema.minimum).toBe(minimum);
      },
    );

    it('answers JSON and CSV on 200, and the error envelope on every error a caller meets', () => {
      expect(Object.keys(op.responses['200']?.content ?? {})).toEqual(['application/json', 'text/csv']);
      const json = op.responses['200']?.content?.['application/json'] as { examples?: Record<string, unknown> };
      expect(Object.keys(json.examples ?? {})).toEqual(expect.arrayContaining(['documented', 'namedSeries']));
      for (const status of ['400', '401', '403', '404', '422', '429', '5XX']) {
        expect(op.responses[status]?.content?.['application/json'], status).toMatchObject({
          schema: { required: ['errors', 'success'] },
        });
      }
      expect(op.responses['429']?.headers).toHaveProperty('Retry-After');
    });
  });

  it('types dates as date-time, wherever an operation takes them', () => {
    const dates = operations.flatMap((op) =>
      op.parameters
        .filter((p) => p.name === 'dateStart' || p.name === 'dateEnd')
        .map((p) => ({ at: `${op.operationId} ${p.name}`, format: (p.schema.items ?? p.schema).format })),
    );
    expect(dates.length).toBeGreaterThan(0);
    for (const { at, format } of dates) expect(format, at).toBe('date-time');
  });
});
