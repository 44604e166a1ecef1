// The bundled spec against facts copied by hand from Cloudflare's reference pages
// (shared/reference/*.txt). If a page changes, change the lists here first, then the spec.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolvePointer } from '../validator.js';

interface Parameter {
  name: string;
  in: string;
  style?: string;
  explode?: boolean;
  description?: string;
  schema: {
    type?: string;
    enum?: string[];
    items?: { type?: string; enum?: string[]; format?: string };
    format?: string;
  };
}
interface Operation {
  operationId: string;
  deprecated?: boolean;
  description: string;
  parameters: Parameter[];
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
}
type Spec = {
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

/** name → [is an array, enum values or null] as the reference pages list them. */
type Expected = Record<string, [array: boolean, values: string[] | null]>;
const expected: Record<string, { path: string; deprecated: boolean; replacement?: string; parameters: Expected }> = {
  getTcpResetsTimeoutsSummary: {
    path: '/radar/tcp_resets_timeouts/summary',
    deprecated: false,
    parameters: {
      asn: [true, null],
      continent: [true, null],
      dateEnd: [true, null],
      dateRange: [true, null],
      dateStart: [true, null],
      format: [false, FORMAT],
      location: [true, null],
      name: [true, null],
    },
  },
  getEmailSecuritySummaryByTlsVersion: {
    path: '/radar/email/security/summary/tls_version',
    deprecated: true,
    replacement: '/radar/email/security/summary/{dimension}',
    parameters: {
      arc: [true, STATUS],
      dateEnd: [true, null],
      dateRange: [true, null],
      dateStart: [true, null],
      dkim: [true, STATUS],
      dmarc: [true, STATUS],
      format: [false, FORMAT],
      name: [true, null],
      spf: [true, STATUS],
    },
  },
  getDnsTimeseriesGroupsByMatchingAnswer: {
    path: '/radar/dns/timeseries_groups/matching_answer',
    deprecated: true,
    replacement: '/radar/dns/timeseries_groups/{dimension}',
    parameters: {
      aggInterval: [false, ['15m', '1h', '1d', '1w']],
      asn: [true, null],
      continent: [true, null],
      dateEnd: [true, null],
      dateRange: [true, null],
      dateStart: [true, null],
      format: [false, FORMAT],
      location: [true, null],
      name: [true, null],
      nodata: [true, null],
      protocol: [true, ['UDP', 'TCP', 'HTTPS', 'TLS']],
      queryType: [true, QUERY_TYPES],
      responseCode: [true, RESPONSE_CODES],
      tld: [true, null],
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
  it('holds exactly the three operations', () => {
    expect(operations.map((o) => `${o.operationId} ${o.path}`).sort()).toEqual(
      Object.entries(expected)
        .map(([id, e]) => `${id} ${e.path}`)
        .sort(),
    );
    expect(QUERY_TYPES).toHaveLength(88);
    expect(RESPONSE_CODES).toHaveLength(19);
  });

  it('targets the Cloudflare API v4 with a bearer token or the email + key pair', () => {
    expect(spec.servers.map((s) => s.url)).toEqual(['https://api.cloudflare.com/client/v4']);
    expect(spec.security).toEqual([{ apiToken: [] }, { apiEmail: [], apiKey: [] }]);
    const schemes = spec.components.securitySchemes;
    expect(schemes.apiToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.apiEmail).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth-Email' });
    expect(schemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth-Key' });
  });

  describe.each(Object.entries(expected))('%s', (id, want) => {
    const op = byId(id);

    it(want.deprecated ? 'is deprecated and names its replacement' : 'is not deprecated', () => {
      expect(op.deprecated ?? false).toBe(want.deprecated);
      if (want.replacement) expect(op.description).toContain(want.replacement);
    });

    it('has every parameter of the reference page, and no other', () => {
      expect(op.parameters.map((p) => p.name).sort()).toEqual(Object.keys(want.parameters).sort());
    });

    it.each(Object.entries(want.parameters))(
      '%s: array-ness, serialization and enum values',
      (name, [array, values]) => {
        const param = op.parameters.find((p) => p.name === name);
        expect(param, name).toBeDefined();
        if (!param) return;
        expect(param.in).toBe('query');
        expect(param.description?.length ?? 0).toBeGreaterThan(20);
        expect(param.schema.type).toBe(array ? 'array' : 'string');
        if (array) {
          // Repeated keys: ?location=US&location=PT. OpenAPI's default for query is the same, but say it.
          expect(param.style ?? 'form').toBe('form');
          expect(param.explode ?? true).toBe(true);
        }
        const listed = array ? param.schema.items?.enum : param.schema.enum;
        expect(listed ?? null).toEqual(values);
      },
    );

    it('answers JSON and CSV on 200, and the error envelope on every error a caller meets', () => {
      expect(Object.keys(op.responses['200']?.content ?? {})).toEqual(['application/json', 'text/csv']);
      for (const status of ['400', '401', '403', '404', '422', '429', '5XX']) {
        expect(op.responses[status]?.content?.['application/json'], status).toMatchObject({
          schema: { required: ['errors', 'success'] },
        });
      }
      expect(op.responses['429']?.headers).toHaveProperty('Retry-After');
    });
  });

  it('types dates as date-time and nodata as boolean', () => {
    const dns = byId('getDnsTimeseriesGroupsByMatchingAnswer');
    const items = (name: string) => dns.parameters.find((p) => p.name === name)?.schema.items;
    expect(items('dateStart')?.format).toBe('date-time');
    expect(items('dateEnd')?.format).toBe('date-time');
    expect(items('nodata')?.type).toBe('boolean');
  });
});
