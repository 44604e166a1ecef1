// Spec conformance: every recording's status and content type are declared for its operation, the
// declared headers are there, and its body validates against the bundled spec (Ajv 2020-12, strict).
import { describe, expect, it } from 'vitest';
import { checkConformance } from '../src/conformance.js';
import { type Json, type RecordingFile, readRecordings } from '../src/recording.js';
import { type BundledSpec, loadSpec, readBundle } from '../src/spec.js';

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
        'recordings/getTcpResetsTimeoutsSummary/variant.json: response.headers.retry-after: missing, but openapi/components/responses/TooManyRequests.yaml declares it for 429',
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
