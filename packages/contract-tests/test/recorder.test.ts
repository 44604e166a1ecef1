// The recorder, run against a loopback server standing in for the API: it writes a normalized,
// redacted recording, refuses to overwrite without --update, and checks its input against the spec.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATE_PLACEHOLDER, RAY_PLACEHOLDER, REDACTED, serializeRecording } from '../src/normalize.js';
import { routesOf } from '../src/path-template.js';
import { checkBaseUrl, countChanges, credentialsFromEnv, parseParams, record, sourceOf } from '../src/recorder.js';
import { parseRecording } from '../src/recording.js';
import { findSecrets } from '../src/secrets.js';
import { loadSpec } from '../src/spec.js';
import { temporaryFileFor } from '../src/write.js';

const spec = loadSpec();
const TOKEN = 'recorder-test-token-0000';

/** What the fake API answers next (extra headers included), and what it was asked. */
let answer: { status: number; type: string; body: string; headers?: Record<string, string> } = {
  status: 200,
  type: 'application/json',
  body: '',
};
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
let api: Server;
let baseUrl: string;
const body = (noMatch: string) =>
  JSON.stringify({
    success: true,
    result: {
      summary_0: { post_syn: '8.2', no_match: noMatch, later_in_flow: '8.9', post_ack: '5.2', post_psh: '7.4' },
      meta: {
        units: [{ value: 'connections', name: '*' }],
        normalization: 'PERCENTAGE',
        lastUpdated: '2026-11-22T23:45:00Z',
        dateRange: [{ startTime: '2026-11-15T23:45:00Z', endTime: '2026-11-22T23:45:00Z' }],
        confidenceInfo: { level: 5, annotations: [] },
      },
    },
  });

beforeAll(async () => {
  api = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(answer.status, {
      'Content-Type': answer.type,
      'CF-RAY': '8e1f2a3b4c5d6e7f-LIS',
      'Set-Cookie': '__cf_bm=session-value-that-must-not-be-kept; path=/; HttpOnly',
      Date: new Date().toUTCString(),
      Server: 'cloudflare',
      // As every API answer carries them (Cloudflare's API limits page); the spec declares them.
      Ratelimit: '"default";r=1199;t=300',
      'Ratelimit-Policy': '"default";q=1200;w=300',
      ...answer.headers,
    });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/client/v4`;
});
afterAll(async () => {
  await new Promise((resolve) => api.close(resolve));
});

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'recorder-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  seen.length = 0;
  answer = { status: 200, type: 'application/json', body: '' };
});

const options = (recordingsDir: string) => ({
  spec,
  baseUrl,
  recordingsDir,
  credentials: { apiToken: TOKEN },
  now: () => new Date('2026-11-22T23:59:00.000Z'),
});

describe('record', () => {
  it('reports how a fresh capture drifts from the spec, naming the file to edit, and still writes it', async () => {
    const dir = tempDir();
    const drifted = JSON.parse(body('70.3'));
    drifted.result.meta.newField = 'x';
    answer = { status: 200, type: 'application/json', body: JSON.stringify(drifted) };
    const result = await record({
      ...options(dir),
      operationId: 'getTcpResetsTimeoutsSummary',
      scenario: 'drifted',
      params: ['location=US'],
    });
    expect(result.drift).toContainEqual(
      expect.stringMatching(/result\.meta\.newField: not in openapi\/components\/schemas\/\w+\.yaml/),
    );
    expect(result.summary).toMatch(/, \d+ differences? from the spec\)$/);
    expect(existsSync(join(dir, 'getTcpResetsTimeoutsSummary', 'drifted.json'))).toBe(true);
  });

  it('writes a normalized, redacted recording and prints one line', async () => {
    const dir = tempDir();
    answer = { status: 200, type: 'application/json; charset=utf-8', body: body('70.3') };
    const result = await record({
      ...options(dir),
      operationId: 'getTcpResetsTimeoutsSummary',
      scenario: 'location-us',
      params: ['location=US', 'dateRange=7d'],
    });
    expect(result.summary).toBe('✔ recorded getTcpResetsTimeoutsSummary/location-us (200 application/json, new)');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('/client/v4/radar/tcp_resets_timeouts/summary?location=US&dateRange=7d');
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);

    const text = readFileSync(join(dir, 'getTcpResetsTimeoutsSummary/location-us.json'), 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('session-value');
    const recording = parseRecording('location-us.json', text);
    expect(text).toBe(serializeRecording(recording));
    expect(findSecrets(recording)).toEqual([]);
    expect(recording.request).toEqual({
      method: 'GET',
      path: '/radar/tcp_resets_timeouts/summary',
      query: [
        ['location', 'US'],
        ['dateRange', '7d'],
      ],
      headers: { authorization: REDACTED },
    });
    expect(recording.response.headers).toEqual({
      'cf-ray': RAY_PLACEHOLDER,
      'content-type': 'application/json; charset=utf-8',
      date: DATE_PLACEHOLDER,
      ratelimit: '"default";r=1199;t=300',
      'ratelimit-policy': '"default";q=1200;w=300',
      server: 'cloudflare',
      'set-cookie': REDACTED,
    });
    expect(Object.keys(Object(Reflect.get(Object(recording.response.body), 'result')))).toEqual(['meta', 'summary_0']);
    expect(recording.meta).toEqual({
      source: 'hand-made',
      recordedAt: '2026-11-22T23:59:00.000Z',
      specHash: spec.hash,
    });
    expect(readdirSync(join(dir, 'getTcpResetsTimeoutsSummary'))).toEqual(['location-us.json']);
  });

  it('stamps live only for a call to api.cloudflare.com', async () => {
    const dir = tempDir();
    const asked: string[] = [];
    const result = await record({
      ...options(dir),
      baseUrl: 'https://api.cloudflare.com/client/v4',
      // The real host is never called: the response comes from this fetch.
      fetch: async (input) => {
        asked.push(String(input));
        return new Response(body('70.3'), { headers: { 'content-type': 'application/json' } });
      },
      operationId: 'getTcpResetsTimeoutsSummary',
      scenario: 'live',
      params: [],
    });
    expect(asked).toEqual(['https://api.cloudflare.com/client/v4/radar/tcp_resets_timeouts/summary']);
    expect(result.recording.meta.source).toBe('live');
    expect(
      parseRecording('live.json', readFileSync(join(dir, 'getTcpResetsTimeoutsSummary/live.json'), 'utf8')).meta.source,
    ).toBe('live');
  });

  it.each([
    { description: "Cloudflare's API", baseUrl: 'https://api.cloudflare.com/client/v4', source: 'live' },
    { description: 'its host in capitals', baseUrl: 'https://API.Cloudflare.com/client/v4/', source: 'live' },
    { description: 'a loopback server', baseUrl: 'http://127.0.0.1:4010/client/v4', source: 'hand-made' },
    {
      description: 'a look-alike host',
      baseUrl: 'https://api.cloudflare.com.example.test/client/v4',
      source: 'hand-made',
    },
    { description: 'another Cloudflare host', baseUrl: 'https://www.cloudflare.com/client/v4', source: 'hand-made' },
  ])('gives $description the source $source', ({ baseUrl: url, source }) => {
    expect(sourceOf(url)).toBe(source);
  });

  it('refuses to overwrite without --update, then counts what a re-record changed', async () => {
    const dir = tempDir();
    const call = { ...options(dir), operationId: 'getTcpResetsTimeoutsSummary', scenario: 'again', params: [] };
    answer = { status: 200, type: 'application/json', body: body('70.3') };
    await record(call);
    const before = readFileSync(join(dir, 'getTcpResetsTimeoutsSummary/again.json'), 'utf8');

    await expect(record(call)).rejects.toThrow(
      'getTcpResetsTimeoutsSummary/again.json exists; pass --update to record it again',
    );
    expect(readFileSync(join(dir, 'getTcpResetsTimeoutsSummary/again.json'), 'utf8')).toBe(before);

    answer = { status: 200, type: 'application/json', body: body('71.0') };
    const result = await record({ ...call, update: true });
    expect(result.changed).toBe(1);
    expect(result.summary).toBe(
      '✔ recorded getTcpResetsTimeoutsSummary/again (200 application/json, 1 fields changed)',
    );
  });

  it('records text bodies as text', async () => {
    const dir = tempDir();
    answer = {
      status: 200,
      type: 'text/csv',
      body: 'later_in_flow,no_match,post_ack,post_psh,post_syn\n8.9,70.3,5.2,7.4,8.2\n',
    };
    const result = await record({
      ...options(dir),
      operationId: 'getTcpResetsTimeoutsSummary',
      scenario: 'csv',
      params: ['format=CSV'],
    });
    expect(result.summary).toBe('✔ recorded getTcpResetsTimeoutsSummary/csv (200 text/csv, new)');
    expect(result.recording.response.body).toBe(answer.body);
  });

  it('sends the legacy pair when that is what the environment has, and redacts both', async () => {
    const dir = tempDir();
    answer = {
      status: 401,
      type: 'application/json',
      body: '{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}',
    };
    const result = await record({
      ...options(dir),
      credentials: credentialsFromEnv({ CLOUDFLARE_EMAIL: 'someone@radar.dev', CLOUDFLARE_API_KEY: 'legacy-key-0000' }),
      operationId: 'getTcpResetsTimeoutsSummary',
      scenario: 'legacy',
      params: [],
    });
    expect(seen[0]?.headers['x-auth-key']).toBe('legacy-key-0000');
    expect(result.recording.request.headers).toEqual({ 'x-auth-email': REDACTED, 'x-auth-key': REDACTED });
    expect(result.summary).toBe('✔ recorded getTcpResetsTimeoutsSummary/legacy (401 application/json, new)');
  });

  it.each([
    {
      description: 'an unknown operation',
      operationId: 'getNothing',
      params: [],
      // Every operation of the spec is listed, whatever their number and order.
      message: `unknown operationId "getNothing"; the spec has ${[...spec.operations.keys()].join(', ')}`,
    },
    {
      description: 'an unknown parameter',
      operationId: 'getTcpResetsTimeoutsSummary',
      params: ['country=US'],
      message: 'getTcpResetsTimeoutsSummary has no parameter "country"; expected one of name, dateRange',
    },
    {
      description: 'a value outside an enum',
      operationId: 'getDnsTimeseriesGroupsByMatchingAnswer',
      params: ['protocol=QUIC'],
      message: 'protocol: expected one of UDP, TCP, HTTPS, TLS, found "QUIC"',
    },
    {
      description: 'a boolean that is not one',
      operationId: 'getDnsTimeseriesGroupsByMatchingAnswer',
      params: ['nodata=yes'],
      message: 'nodata: expected true or false, found "yes"',
    },
    {
      description: 'a scalar given twice',
      operationId: 'getDnsTimeseriesGroupsByMatchingAnswer',
      params: ['aggInterval=1h', 'aggInterval=1d'],
      message: 'aggInterval takes one value, and was given twice',
    },
    {
      description: 'an argument without =',
      operationId: 'getTcpResetsTimeoutsSummary',
      params: ['US'],
      message: '"US" is not key=value',
    },
  ])('refuses $description before any request', async ({ operationId, params, message }) => {
    expect(() => parseParams(spec, operationId, params)).toThrow(message);
    await expect(record({ ...options(tempDir()), operationId, scenario: 'x', params })).rejects.toThrow(message);
    expect(seen).toHaveLength(0);
  });

  it('refuses a scenario name that is not a plain file name', async () => {
    await expect(
      record({ ...options(tempDir()), operationId: 'getTcpResetsTimeoutsSummary', scenario: '../escape', params: [] }),
    ).rejects.toThrow('scenario "../escape" must be lower-case words joined by "-"');
    expect(seen).toHaveLength(0);
  });

  it('counts changed leaves, ignoring when it was recorded', () => {
    const a = parseRecording(
      'a',
      readFileSync(new URL('../recordings/getTcpResetsTimeoutsSummary/asn.json', import.meta.url), 'utf8'),
    );
    const b = { ...a, meta: { ...a.meta, recordedAt: '2030-01-01T00:00:00.000Z' } };
    expect(countChanges(a, b)).toBe(0);
    expect(countChanges(a, { ...b, response: { ...b.response, status: 500 } })).toBe(1);
  });
});

describe('credentialsFromEnv', () => {
  it.each([
    { description: 'a token', env: { CLOUDFLARE_API_TOKEN: 't' }, credentials: { apiToken: 't' } },
    {
      description: 'a token over a pair',
      env: { CLOUDFLARE_API_TOKEN: 't', CLOUDFLARE_EMAIL: 'e', CLOUDFLARE_API_KEY: 'k' },
      credentials: { apiToken: 't' },
    },
    {
      description: 'a pair',
      env: { CLOUDFLARE_EMAIL: 'e', CLOUDFLARE_API_KEY: 'k' },
      credentials: { apiEmail: 'e', apiKey: 'k' },
    },
  ])('reads $description', ({ env, credentials }) => {
    expect(credentialsFromEnv(env)).toEqual(credentials);
  });

  it.each([
    { description: 'nothing', env: {} },
    { description: 'half a pair', env: { CLOUDFLARE_EMAIL: 'e' } },
  ])('says what to set given $description', ({ env }) => {
    expect(() => credentialsFromEnv(env)).toThrow('no credentials: set CLOUDFLARE_API_TOKEN');
  });
});

describe('the record command', () => {
  const cli = fileURLToPath(new URL('../src/cli/record.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
  const run = (args: string[], env: Record<string, string>) =>
    promisify(execFile)(tsx, [cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it('fails with one line saying which variables to set when there are no credentials', async () => {
    expect(existsSync(tsx), `tsx is missing: run npm ci at the repo root`).toBe(true);
    const { code, stderr } = await run(['getTcpResetsTimeoutsSummary', 'documented'], {});
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      '✘ getTcpResetsTimeoutsSummary/documented: no credentials: set CLOUDFLARE_API_TOKEN (a token with User Details Read), or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY together',
    );
  });

  it('checks the arguments against the spec before it calls anything', async () => {
    const { code, stderr } = await run(['getTcpResetsTimeoutsSummary', 'documented', 'country=US', '--update'], {
      CLOUDFLARE_API_TOKEN: TOKEN,
      RADAR_BASE_URL: baseUrl,
    });
    expect(code).toBe(1);
    expect(stderr).toContain('has no parameter "country"');
    expect(seen).toHaveLength(0);
  });
});

describe('path parameters', () => {
  // A spec of its own with the shapes a path parameter can take: an enum declared on the path item,
  // an integer with a minimum on the operation, and a value that needs percent-encoding.
  const zoo = loadSpec({
    paths: {
      '/things/{kind}/items/{id}': {
        parameters: [
          {
            name: 'kind',
            in: 'path',
            required: true,
            description: 'k',
            schema: { type: 'string', enum: ['A B', 'C/D', 'E'] },
          },
        ],
        get: {
          operationId: 'getThingItem',
          parameters: [
            { name: 'id', in: 'path', required: true, description: 'i', schema: { type: 'integer', minimum: 2 } },
            { name: 'format', in: 'query', description: 'f', schema: { type: 'string', enum: ['JSON', 'CSV'] } },
            {
              name: 'limit',
              in: 'query',
              description: 'l',
              schema: { type: 'array', items: { type: 'integer', minimum: 2 } },
            },
            { name: 'X-Trace', in: 'header', description: 't', schema: { type: 'string', pattern: '^[a-z]+$' } },
          ],
          responses: {},
        },
      },
    },
    components: { schemas: {} },
  });
  const call = (params: string[]) => parseParams(zoo, 'getThingItem', params);

  it('puts path parameters into the path, percent-encoded, and the rest into the query', () => {
    expect(call(['format=CSV', 'kind=A B', 'id=7', 'limit=3', 'limit=4', 'X-Trace=abc'])).toEqual({
      path: '/things/A%20B/items/7',
      query: [
        ['format', 'CSV'],
        ['limit', '3'],
        ['limit', '4'],
      ],
      headers: { 'X-Trace': 'abc' },
    });
    expect(call(['kind=C/D', 'id=2']).path).toBe('/things/C%2FD/items/2');
  });

  it.each([
    {
      description: 'a missing path parameter, naming its values',
      params: ['id=7'],
      message: 'getThingItem needs the path parameter kind (/things/{kind}/items/{id}): add kind=one of A B, C/D, E',
    },
    {
      description: 'a missing path parameter without an enum',
      params: ['kind=E'],
      message: 'getThingItem needs the path parameter id (/things/{kind}/items/{id}): add id=<value>',
    },
    {
      description: 'a value outside the enum',
      params: ['kind=F', 'id=7'],
      message: 'kind: expected one of A B, C/D, E, found "F"',
    },
    { description: 'a value that is not an integer', params: ['kind=E', 'id=x'], message: 'id: "x" must be integer' },
    { description: 'a value below the minimum', params: ['kind=E', 'id=1'], message: 'id: "1" must be >= 2' },
    {
      description: 'a path parameter given twice',
      params: ['kind=E', 'kind=E', 'id=2'],
      message: 'kind is a path parameter: it takes one value, and was given twice',
    },
    {
      description: 'an unknown parameter, listing every one',
      params: ['colour=red'],
      message: 'getThingItem has no parameter "colour"; expected one of kind, id, format, limit, X-Trace',
    },
    {
      description: 'a query value against its item schema',
      params: ['kind=E', 'id=2', 'limit=1'],
      message: 'limit: "1" must be >= 2',
    },
    {
      description: 'a header value against its schema',
      params: ['kind=E', 'id=2', 'X-Trace=ABC'],
      message: 'X-Trace: "ABC" must match pattern "^[a-z]+$"',
    },
    {
      description: 'a header parameter given twice',
      params: ['kind=E', 'id=2', 'X-Trace=a', 'X-Trace=b'],
      message: 'X-Trace is a header parameter: it takes one value, and was given twice',
    },
  ])('refuses $description', ({ params, message }) => {
    expect(() => call(params)).toThrow(message);
  });

  // The bundle's own templated operations, whichever they are: each allowed value goes into the path.
  const templated = routesOf(spec.document).filter((route) => route.pathParameters.length > 0);

  it('finds the templated operations of the bundle', () => {
    expect(templated.length).toBeGreaterThan(0);
  });

  it.each(templated)('fills the path of $operationId ($template) with each allowed value', (route) => {
    const first = Object.fromEntries(route.pathParameters.map((p) => [p.name, p.enum?.[0] ?? '1']));
    for (const parameter of route.pathParameters) {
      for (const value of parameter.enum ?? []) {
        const values = { ...first, [parameter.name]: value };
        const params = Object.entries(values).map(([k, v]) => `${k}=${v}`);
        const expected = route.template.replace(/\{([^}]+)\}/g, (_, name: string) =>
          encodeURIComponent(values[name] ?? ''),
        );
        expect(parseParams(spec, route.operationId, params).path).toBe(expected);
      }
    }
    const [missing] = route.pathParameters;
    expect(() => parseParams(spec, route.operationId, [])).toThrow(
      `${route.operationId} needs the path parameter ${missing?.name}`,
    );
  });

  it('sends the concrete path and records it', async () => {
    answer = { status: 200, type: 'application/json', body: '{"success":true}' };
    const result = await record({
      ...options(tempDir()),
      spec: zoo,
      operationId: 'getThingItem',
      scenario: 'spaced',
      params: ['kind=A B', 'id=3', 'format=JSON', 'X-Trace=abc'],
    });
    expect(seen[0]?.url).toBe('/client/v4/things/A%20B/items/3?format=JSON');
    expect(seen[0]?.headers['x-trace']).toBe('abc');
    expect(result.recording.request.headers['x-trace']).toBe('abc');
    expect(result.recording.request.path).toBe('/things/A%20B/items/3');
    expect(result.recording.request.query).toEqual([['format', 'JSON']]);
  });
});

describe('credentials', () => {
  const EMAIL = 'someone@radar.dev';
  const KEY = 'legacy-key-0123456789';
  const record1 = (dir: string, extra: Partial<Parameters<typeof record>[0]> = {}) =>
    record({
      ...options(dir),
      credentials: { apiEmail: EMAIL, apiKey: KEY },
      operationId: 'getTcpResetsTimeoutsSummary',
      scenario: 'echo',
      params: [],
      ...extra,
    });

  it('scrubs every credential value the server echoes: body, every header, any case, percent-encoded', async () => {
    const dir = tempDir();
    answer = {
      status: 401,
      type: 'application/json',
      body: JSON.stringify({
        success: false,
        errors: [{ code: 10000, message: `Authentication error for ${EMAIL.toUpperCase()} with key ${KEY}` }],
        messages: [{ code: 1, message: 'x', source: { pointer: `/keys/${KEY}` } }],
        result: { [KEY]: [`${KEY}${KEY}`] },
      }),
      headers: {
        'WWW-Authenticate': `X-Auth-Key realm="${KEY}"`,
        Location: `https://elsewhere.example/login?email=${encodeURIComponent(EMAIL)}`,
        'X-Debug': `seen ${EMAIL}`,
      },
    };
    const result = await record1(dir);
    const text = readFileSync(join(dir, 'getTcpResetsTimeoutsSummary/echo.json'), 'utf8');
    for (const secret of [EMAIL, KEY, encodeURIComponent(EMAIL), EMAIL.toUpperCase()]) {
      expect(text).not.toContain(secret);
    }
    expect(result.recording.response.headers['www-authenticate']).toBe(`X-Auth-Key realm="${REDACTED}"`);
    expect(result.recording.response.headers.location).toBe(`https://elsewhere.example/login?email=${REDACTED}`);
    expect(result.recording.response.headers['x-debug']).toBe(`seen ${REDACTED}`);
    expect(JSON.stringify(result.recording.response.body)).toContain(`"${REDACTED}":["${REDACTED}${REDACTED}"]`);
    expect(result.summary).toBe(
      '✔ recorded getTcpResetsTimeoutsSummary/echo (401 application/json, new, 9 echoed credentials scrubbed)',
    );
  });

  it('scrubs an echoed credential from the error when the body is not the JSON it claims', async () => {
    answer = { status: 200, type: 'application/json', body: `{"oops": "${KEY}` };
    const thrown = await record1(tempDir()).catch((e: unknown) => e);
    expect(String(thrown)).toContain('200 application/json with a body that is not JSON');
    expect(String(thrown)).not.toContain(KEY);
  });

  it.each([
    {
      description: 'plain http to a public address',
      baseUrl: 'http://198.51.100.7/client/v4',
      message:
        'the base URL http://198.51.100.7 (RADAR_BASE_URL) is plain http to a host that is not loopback, which would send the credentials in clear text; use https://198.51.100.7/client/v4',
    },
    {
      description: 'plain http to a name',
      baseUrl: 'http://api.cloudflare.com/client/v4',
      message: 'use https://api.cloudflare.com/client/v4',
    },
    { description: 'another scheme', baseUrl: 'ftp://api.cloudflare.com/client/v4', message: 'is not http or https' },
    {
      description: 'something that is not a URL',
      baseUrl: 'api.cloudflare.com',
      message: 'the base URL "api.cloudflare.com" (RADAR_BASE_URL) is not a URL',
    },
  ])('refuses $description before any request', async ({ baseUrl: url, message }) => {
    const asked: string[] = [];
    const fetch = async (input: string | URL | Request) => {
      asked.push(String(input));
      return new Response('{}');
    };
    await expect(record1(tempDir(), { baseUrl: url, fetch })).rejects.toThrow(message);
    expect(asked).toEqual([]);
  });

  it.each(['http://localhost:1/client/v4', 'http://127.0.0.9:1/client/v4', 'http://[::1]:1/client/v4'])(
    'accepts plain http to the loopback address %s',
    (url) => {
      expect(checkBaseUrl(url).protocol).toBe('http:');
    },
  );

  describe('redirects', () => {
    let other: Server;
    let otherOrigin: string;
    const otherSeen: IncomingHttpHeaders[] = [];
    beforeAll(async () => {
      other = createServer((req, res) => {
        otherSeen.push(req.headers);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body('1.0'));
      });
      // Another port is another origin (RFC 6454), though the same host.
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => other.close(resolve));
    });

    it.each([301, 302, 303, 307, 308])(
      'refuses a %i to another origin, naming both, without sending it the credentials',
      async (status) => {
        otherSeen.length = 0;
        answer = {
          status,
          type: 'text/plain',
          body: 'moved',
          headers: { location: `${otherOrigin}/client/v4/moved?key=${KEY}` },
        };
        const thrown = await record1(tempDir()).catch((e: unknown) => e);
        const origin = new URL(baseUrl).origin;
        expect(String(thrown)).toContain(
          `${origin} answered ${status} redirecting to ${otherOrigin}; credentials are sent only to ${origin}, so the redirect was not followed`,
        );
        expect(String(thrown)).not.toContain(KEY);
        expect(otherSeen).toEqual([]);
      },
    );

    it('follows a redirect within the origin, with the credentials, and records where it ends', async () => {
      const dir = tempDir();
      let first = true;
      answer = { status: 307, type: 'text/plain', body: '', headers: { location: '/client/v4/radar/elsewhere' } };
      const api2 = createServer((req, res) => {
        seen.push({ url: req.url ?? '', headers: req.headers });
        if (first) {
          first = false;
          res.writeHead(307, { location: '/client/v4/radar/elsewhere' });
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body('2.0'));
      });
      await new Promise<void>((resolve) => api2.listen(0, '127.0.0.1', resolve));
      try {
        const result = await record1(dir, {
          baseUrl: `http://127.0.0.1:${(api2.address() as AddressInfo).port}/client/v4`,
        });
        expect(seen.map((s) => s.url)).toEqual([
          '/client/v4/radar/tcp_resets_timeouts/summary',
          '/client/v4/radar/elsewhere',
        ]);
        expect(seen[1]?.headers['x-auth-key']).toBe(KEY);
        expect(result.recording.response.status).toBe(200);
        expect(result.recording.request.path).toBe('/radar/tcp_resets_timeouts/summary');
      } finally {
        await new Promise((resolve) => api2.close(resolve));
      }
    });
  });
});

describe('temporary files', () => {
  const write = fileURLToPath(new URL('../src/write.ts', import.meta.url));

  it('git ignores what a killed run leaves in recordings/', async () => {
    const left = fileURLToPath(
      new URL(temporaryFileFor('../recordings/getTcpResetsTimeoutsSummary/csv.json', 4242), import.meta.url),
    );
    const { stdout } = await promisify(execFile)('git', ['check-ignore', '--verbose', left]);
    expect(stdout).toContain('.gitignore');
  });

  it('removes, at the next run, the temporary file of a run killed mid-write', async () => {
    const dir = tempDir();
    const target = join(dir, 'getTcpResetsTimeoutsSummary', 'killed.json');
    // A writer that stops between writing its temporary file and renaming it, and is then killed.
    const script = `import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { temporaryFileFor } from ${JSON.stringify(write)};
const target = ${JSON.stringify(target)};
mkdirSync(dirname(target), { recursive: true });
writeFileSync(temporaryFileFor(target), '{"half": ');
console.log(process.pid);
setInterval(() => {}, 1000);`;
    // One process (node with tsx's hooks), so that SIGKILL ends the writer itself.
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const pid = await new Promise<number>((resolve) =>
      child.stdout.once('data', (chunk) => resolve(Number(String(chunk)))),
    );
    expect(pid).toBe(child.pid);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const left = temporaryFileFor(target, pid);
    expect(existsSync(left)).toBe(true);

    answer = { status: 200, type: 'application/json', body: body('70.3') };
    await record({ ...options(dir), operationId: 'getTcpResetsTimeoutsSummary', scenario: 'next', params: [] });
    expect(existsSync(left)).toBe(false);
    expect(readdirSync(join(dir, 'getTcpResetsTimeoutsSummary'))).toEqual(['next.json']);
  });
});
