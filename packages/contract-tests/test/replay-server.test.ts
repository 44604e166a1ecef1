// The replay server on its own, through the platform's fetch and raw sockets: matching (path
// templates included), the 404 that names the closest recordings, 401 and 405 as the API answers
// them, hostile requests, and each fault directive.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeRecording } from '../src/normalize.js';
import { RECORDINGS_DIR, type Recording, readRecordings } from '../src/recording.js';
import { FAULT_HEADER, parseFault, type ReplayServer, startReplayServer } from '../src/replay-server.js';
import { loadSpec } from '../src/spec.js';
import { raw } from './raw-http.js';

const TCP = '/radar/tcp_resets_timeouts/summary';
let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});

interface ReplayErrorBody {
  success: boolean;
  errors: { code: number; message: string }[];
  messages: { code: number; message: string }[];
}
/** The JSON error envelope the replay server (or a recording) answers with. */
const errorBody = (response: Response): Promise<ReplayErrorBody> => response.json();

/** Any token will do: the replay server checks that credentials are sent, as the API does, not which. */
const AUTH = { authorization: 'Bearer replay-test-token' };
const get = (path: string, fault?: string) =>
  fetch(`${server.url}${path}`, { headers: { ...AUTH, ...(fault ? { [FAULT_HEADER]: fault } : {}) } });

describe('matching', () => {
  it('answers with the recorded status, headers and body, under the base path', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    const documented = readRecordings().find((r) => r.file === 'getTcpResetsTimeoutsSummary/documented.json');
    const response = await get(TCP);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-replay-recording')).toBe('getTcpResetsTimeoutsSummary/documented.json');
    expect(response.headers.get('cf-ray')).toBe(documented?.recording.response.headers['cf-ray']);
    expect(await response.json()).toEqual(documented?.recording.response.body);
  });

  // Concrete paths that a template would also fit (`…/summary/tls_version` and `…/summary/{dimension}`)
  // must still reach their own operation's recordings.
  it.each(readRecordings().map((entry) => ({ description: entry.file, entry })))(
    'answers the recorded request of $description with that recording',
    async ({ entry }) => {
      const { path, query } = entry.recording.request;
      const search = query.length > 0 ? `?${new URLSearchParams(query)}` : '';
      const response = await get(`${path}${search}`);
      expect(response.headers.get('x-replay-recording')).toBe(entry.file);
      expect(response.status).toBe(entry.recording.response.status);
    },
  );

  it('matches the query as a multiset of pairs, in any order between keys', async () => {
    const response = await get(`${TCP}?location=US&location=PT&name=us&name=pt&dateRange=7d&dateRange=7d`);
    expect(response.headers.get('x-replay-recording')).toBe('getTcpResetsTimeoutsSummary/named-series.json');
  });

  it('decodes the query before matching (a comma inside one value stays one value)', async () => {
    const response = await get(`${TCP}?location=-US%2CPT`);
    expect(response.headers.get('x-replay-recording')).toBe('getTcpResetsTimeoutsSummary/location-exclude.json');
  });

  it('answers text bodies as recorded', async () => {
    const response = await get(`${TCP}?format=CSV`);
    expect(response.headers.get('content-type')).toBe('text/csv');
    expect(await response.text()).toMatch(
      /^summary_0 later_in_flow,summary_0 no_match,summary_0 post_ack,summary_0 post_psh,summary_0 post_syn\n/,
    );
  });

  it('answers a JSON 404 naming the closest recordings when nothing matches', async () => {
    const response = await get(`${TCP}?asn=3320&dateRange=7d`);
    expect(response.status).toBe(404);
    const body = await errorBody(response);
    expect(body.success).toBe(false);
    expect(body.messages[0]).toEqual({
      code: 7003,
      message: 'closest recording: getTcpResetsTimeoutsSummary/asn.json (extra dateRange=7d)',
    });
    expect(body.errors[0]?.message).toContain(
      `replay server: no recording matches GET ${TCP}?asn=3320&dateRange=7d; closest: getTcpResetsTimeoutsSummary/asn.json (extra dateRange=7d)`,
    );
  });

  it('answers 404 outside the base path', async () => {
    const response = await fetch(`${server.url.replace('/client/v4', '')}${TCP}`, { headers: AUTH });
    expect(response.status).toBe(404);
    expect((await errorBody(response)).errors[0]?.message).toContain('is not under the base path /client/v4');
  });

  it('refuses to start when two recordings answer the same request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recordings-'));
    try {
      cpSync(
        join(RECORDINGS_DIR, 'getTcpResetsTimeoutsSummary/asn.json'),
        join(dir, 'getTcpResetsTimeoutsSummary/asn.json'),
      );
      cpSync(
        join(RECORDINGS_DIR, 'getTcpResetsTimeoutsSummary/asn.json'),
        join(dir, 'getTcpResetsTimeoutsSummary/copy.json'),
      );
      await expect(startReplayServer({ recordingsDir: dir })).rejects.toThrow(
        'getTcpResetsTimeoutsSummary/copy.json and getTcpResetsTimeoutsSummary/asn.json record the same request',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('faults', () => {
  it.each([
    { description: 'a delay', header: 'delay=200', fault: { delay: 200 } },
    { description: 'a reset', header: 'reset', fault: { reset: true } },
    { description: 'half a body', header: 'truncate', fault: { truncate: 'half' } },
    { description: 'some bytes', header: 'truncate=10', fault: { truncate: 10 } },
    {
      description: 'several directives',
      header: 'status=503; use=server-error; retry-after=0; times=2; id=a',
      fault: { status: 503, use: 'server-error', retryAfter: '0', times: 2 },
    },
  ])('parses $description', ({ header, fault }) => {
    expect(parseFault(header)).toEqual(fault);
  });

  it.each([
    { description: 'an unknown directive', header: 'slow', message: 'unknown directive "slow"' },
    {
      description: 'a status out of range',
      header: 'status=99',
      message: 'status must be an integer from 100 to 599, found "99"',
    },
    { description: 'a negative delay', header: 'delay=-1', message: 'delay must be an integer from 0 to 600000' },
  ])('refuses $description', ({ header, message }) => {
    expect(() => parseFault(header)).toThrow(message);
  });

  it('answers 400 naming the grammar for a malformed fault header', async () => {
    const response = await get(TCP, 'explode');
    expect(response.status).toBe(400);
    expect((await errorBody(response)).errors[0]?.message).toContain('expected `;`-separated directives');
  });

  it('delays the answer', async () => {
    const started = performance.now();
    const response = await get(TCP, 'delay=150');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('resets the connection', async () => {
    await expect(get(TCP, 'reset')).rejects.toThrow('fetch failed');
  });

  it('truncates the body below its content-length', async () => {
    const response = await get(TCP, 'truncate');
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('overrides the status and answers with another scenario', async () => {
    const response = await get(TCP, 'use=rate-limited; retry-after=1');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await errorBody(response)).errors[0]?.code).toBe(1015);
    expect((await get(TCP, 'status=503')).status).toBe(503);
  });

  it('fails the first n times for one header value, then answers normally', async () => {
    const fault = 'status=503; use=server-error; times=2; id=counter-test';
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(TCP, fault)).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
  });

  it('names the known scenarios when use= names none', async () => {
    const response = await get(TCP, 'use=nothing');
    expect(response.status).toBe(400);
    expect((await errorBody(response)).errors[0]?.message).toMatch(/no scenario "nothing" .*known: asn, bad-gateway/);
  });
});

describe('answers as the API does', () => {
  const spec = loadSpec();
  const tcp = spec.operations.get('getTcpResetsTimeoutsSummary');
  /** Problems of `body` against the operation's declared JSON response for `status` (closed schemas). */
  const problems = (status: string, body: unknown) => {
    const pointer = tcp?.responses.get(status)?.get('application/json');
    if (pointer === undefined) throw new Error(`getTcpResetsTimeoutsSummary declares no JSON ${status}`);
    return spec.validate(pointer, body);
  };

  it('answers a 404 that conforms to the spec, the closest recordings inside declared fields', async () => {
    const response = await get(`${TCP}?asn=3320&dateRange=7d`);
    expect(response.status).toBe(404);
    expect(problems('404', await response.json())).toEqual([]);
  });

  it.each([
    { description: 'no credentials', headers: {} },
    { description: 'an empty bearer token', headers: { authorization: 'Bearer ' } },
    { description: 'another scheme', headers: { authorization: 'Basic dXNlcjpwYXNz' } },
    { description: 'an email without its key', headers: { 'x-auth-email': 'someone@example.com' } },
    { description: 'a key without its email', headers: { 'x-auth-key': 'k' } },
  ])("answers 401 in Cloudflare's envelope given $description", async ({ headers }) => {
    const response = await fetch(`${server.url}${TCP}`, { headers });
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body).toEqual({
      success: false,
      errors: [{ code: 10000, message: 'Authentication error' }],
      messages: [],
      result: null,
    });
    expect(problems('401', body)).toEqual([]);
  });

  it.each([
    { description: 'a bearer token', headers: { authorization: 'bearer t' } },
    { description: 'the email and key pair', headers: { 'x-auth-email': 'someone@example.com', 'x-auth-key': 'k' } },
  ])('answers given $description', async ({ headers }) => {
    expect((await fetch(`${server.url}${TCP}`, { headers })).status).toBe(200);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])('answers %s with 405 and Allow', async (method) => {
    const response = await fetch(`${server.url}${TCP}`, { method, headers: AUTH });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    const body: ReplayErrorBody = await response.json();
    expect(body.success).toBe(false);
    expect(body.errors[0]?.message).toBe(`replay server: ${method} is not allowed; the Radar API answers GET, HEAD`);
  });

  it('answers HEAD as GET without the body', async () => {
    const [head, full] = await Promise.all([fetch(`${server.url}${TCP}`, { method: 'HEAD', headers: AUTH }), get(TCP)]);
    expect(head.status).toBe(200);
    expect(head.headers.get('x-replay-recording')).toBe('getTcpResetsTimeoutsSummary/documented.json');
    expect(head.headers.get('content-length')).toBe(full.headers.get('content-length'));
    expect(await head.text()).toBe('');
  });
});

describe('hostile requests', () => {
  const request = (target: string, headers = 'authorization: Bearer t\r\n') =>
    `GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\n${headers}connection: close\r\n\r\n`;

  it.each([
    { target: '//[', status: 404 },
    { target: '//x:99999/', status: 404 },
    { target: '//a%zz@/', status: 404 },
    { target: '/client/v4//[', status: 404 },
    { target: '/client/v4/radar/%E0%A4%A', status: 400 },
    { target: '/client/v4/radar/%zz', status: 400 },
    { target: `/client/v4${TCP}?location=%zz&%E0=1`, status: 404 },
    { target: 'http://example.com/client/v4/radar', status: 400 },
    { target: '*', status: 400 },
    { target: `/client/v4/${'a'.repeat(100_000)}`, status: 431 },
  ])('answers GET $target with $status and stays up', async ({ target, status }) => {
    expect((await raw(server.port, request(target))).status).toBe(status);
    expect((await get(TCP)).status).toBe(200);
  });

  it('answers huge headers with 431 and stays up', async () => {
    expect((await raw(server.port, request(TCP, `x-big: ${'b'.repeat(100_000)}\r\n`))).status).toBe(431);
    expect((await get(TCP)).status).toBe(200);
  });

  it.each([
    { description: 'a method HTTP does not know', text: `BREW /client/v4${TCP} HTTP/1.1\r\nhost: x\r\n\r\n` },
    { description: 'a request line that is not HTTP', text: '\x00\xff\r\n\r\n' },
    { description: 'a header without a colon', text: `GET /client/v4${TCP} HTTP/1.1\r\nnonsense\r\n\r\n` },
  ])('answers $description with 400 and stays up', async ({ text }) => {
    expect((await raw(server.port, text)).status).toBe(400);
    expect((await get(TCP)).status).toBe(200);
  });

  it.each([
    { description: 'never finishes its headers', text: `GET /client/v4${TCP} HTTP/1.1\r\nhost: x\r\n` },
    { description: 'sends nothing', text: '' },
  ])('cuts off a client that $description, within its timeouts', async ({ text }) => {
    const slow = await startReplayServer({ headersTimeout: 200, requestTimeout: 400 });
    try {
      // Without the server's own bound this waits until raw() gives up at 5 s.
      const { status, ms } = await raw(slow.port, text);
      expect([408, 'closed']).toContain(status);
      expect(ms).toBeLessThan(4000);
    } finally {
      await slow.close();
    }
  });
});

describe('fault counters', () => {
  const fault = (id: string) => `status=503; times=1; id=${id}`;

  it('forgets the least recently used header value beyond the limit, which counts again from zero', async () => {
    const small = await startReplayServer({ faultCounters: 2 });
    const status = async (id: string) =>
      (await fetch(`${small.url}${TCP}`, { headers: { ...AUTH, [FAULT_HEADER]: fault(id) } })).status;
    try {
      expect([await status('a'), await status('b'), await status('a')]).toEqual([503, 503, 200]);
      expect(await status('c')).toBe(503); // b is now the least recently used, and is forgotten
      expect([await status('a'), await status('b')]).toEqual([200, 503]);
    } finally {
      await small.close();
    }
  });

  it('keeps at most 1,000 by default', async () => {
    const status = async (id: string) => (await get(TCP, fault(id))).status;
    /** `count` distinct values from `from` on, 50 at a time: only their order relative to `first` matters. */
    const others = async (from: number, count: number) => {
      for (let i = from; i < from + count; i += 50) {
        await Promise.all(Array.from({ length: Math.min(50, from + count - i) }, (_, j) => status(`other-${i + j}`)));
      }
    };
    expect(await status('first')).toBe(503);
    await others(0, 999);
    expect(await status('first')).toBe(200); // the 1,000th value: still counted
    await others(999, 1000);
    expect(await status('first')).toBe(503); // pushed out by 1,000 newer values
  }, 120_000);
});

describe('path templates', () => {
  // A spec of its own: one templated path, and a concrete path that the template would also fit.
  const fixture = {
    openapi: '3.1.0',
    paths: {
      '/things/{kind}': {
        parameters: [{ name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: ['A B', 'C', 'D'] } }],
        get: { operationId: 'getThingByKind', responses: {} },
      },
      '/things/special': { get: { operationId: 'getSpecialThing', responses: {} } },
    },
    components: { schemas: {} },
  };
  const recording = (path: string, query: [string, string][], status = 200): Recording => ({
    request: { method: 'GET', path, query, headers: {} },
    response: { status, headers: { 'content-type': 'application/json' }, body: { path, status } },
    meta: { source: 'hand-made', recordedAt: '2026-11-22T00:00:00.000Z', specHash: '0'.repeat(64) },
  });
  const withRecordings = async (files: Record<string, Recording>, run: (url: string) => Promise<void>) => {
    const dir = mkdtempSync(join(tmpdir(), 'recordings-'));
    try {
      for (const [file, value] of Object.entries(files)) {
        mkdirSync(join(dir, file.split('/')[0] ?? ''), { recursive: true });
        writeFileSync(join(dir, file), serializeRecording(value));
      }
      const replay = await startReplayServer({ recordingsDir: dir, spec: fixture });
      try {
        await run(replay.url);
      } finally {
        await replay.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const files = {
    'getThingByKind/spaced.json': recording('/things/A%20B', []),
    'getThingByKind/c.json': recording('/things/C', [['x', '1']]),
    'getThingByKind/rate-limited.json': recording('/things/C', [['x', '2']], 429),
    'getSpecialThing/documented.json': recording('/things/special', []),
  };
  const call = (url: string, path: string, fault?: string) =>
    fetch(`${url}${path}`, { headers: { ...AUTH, ...(fault ? { [FAULT_HEADER]: fault } : {}) } });

  it('matches a concrete path to its operation, whichever way it is percent-encoded', async () => {
    await withRecordings(files, async (url) => {
      for (const path of ['/things/A%20B', '/things/A%20%42', '/things/%41%20B']) {
        expect((await call(url, path)).headers.get('x-replay-recording')).toBe('getThingByKind/spaced.json');
      }
      expect((await call(url, '/things/C?x=1')).headers.get('x-replay-recording')).toBe('getThingByKind/c.json');
    });
  });

  it('matches a concrete path of the spec before a template that also fits it', async () => {
    await withRecordings(files, async (url) => {
      expect((await call(url, '/things/special')).headers.get('x-replay-recording')).toBe(
        'getSpecialThing/documented.json',
      );
    });
  });

  it('answers use= with a scenario of the operation, whatever the path values', async () => {
    await withRecordings(files, async (url) => {
      const response = await call(url, '/things/D', 'use=rate-limited');
      expect(response.status).toBe(429);
      expect(response.headers.get('x-replay-recording')).toBe('getThingByKind/rate-limited.json');
    });
  });

  it('names the path parameter that differs in its 404', async () => {
    await withRecordings(files, async (url) => {
      const response = await call(url, '/things/D?x=1');
      expect(response.status).toBe(404);
      const body: ReplayErrorBody = await response.json();
      expect(body.messages[0]?.message).toBe('closest recording: getThingByKind/c.json (kind=D (recorded C))');
    });
  });

  it.each([
    {
      description: 'a recording whose path is not its operation',
      files: { 'getSpecialThing/wrong.json': recording('/things/C', []) },
      message:
        'getSpecialThing/wrong.json: GET /things/C is not a request to getSpecialThing (GET /things/special); move the file to the folder of its operation or fix request.path',
    },
    {
      description: 'a recording of an operation the spec lacks',
      files: { 'getGone/documented.json': recording('/gone', []) },
      message: 'getGone/documented.json: the spec has no operation getGone (it has getSpecialThing, getThingByKind)',
    },
    {
      description: 'two recordings of one request written differently',
      files: {
        'getThingByKind/one.json': recording('/things/A%20B', []),
        'getThingByKind/two.json': recording('/things/A%20%42', []),
      },
      message: 'getThingByKind/two.json and getThingByKind/one.json record the same request',
    },
  ])('refuses to start given $description', async ({ files: given, message }) => {
    await expect(withRecordings(given, async () => {})).rejects.toThrow(message);
  });
});
