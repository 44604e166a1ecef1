// The recorder, run against a loopback server standing in for the API: it writes a normalized,
// redacted recording, refuses to overwrite without --update, and checks its input against the spec.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATE_PLACEHOLDER, RAY_PLACEHOLDER, REDACTED, serializeRecording } from '../src/normalize.js';
import { countChanges, credentialsFromEnv, parseParams, record, sourceOf } from '../src/recorder.js';
import { parseRecording } from '../src/recording.js';
import { findSecrets } from '../src/secrets.js';
import { loadSpec } from '../src/spec.js';

const spec = loadSpec();
const TOKEN = 'recorder-test-token-0000';

/** What the fake API answers next, and what it was asked. */
let answer = { status: 200, type: 'application/json', body: '' };
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
});

const options = (recordingsDir: string) => ({
  spec,
  baseUrl,
  recordingsDir,
  credentials: { apiToken: TOKEN },
  now: () => new Date('2026-11-22T23:59:00.000Z'),
});

describe('record', () => {
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
      message: 'unknown operationId "getNothing"; the spec has getTcpResetsTimeoutsSummary',
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
