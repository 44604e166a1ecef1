// The replay server on its own, through the platform's fetch: matching, the 404 that names the
// closest recordings, and each fault directive.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDINGS_DIR, readRecordings } from '../src/recording.js';
import { FAULT_HEADER, parseFault, type ReplayServer, startReplayServer } from '../src/replay-server.js';

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
  closest?: { file: string; differences: string[] }[];
}
/** The JSON error envelope the replay server (or a recording) answers with. */
const errorBody = (response: Response): Promise<ReplayErrorBody> => response.json();

const get = (path: string, fault?: string) =>
  fetch(`${server.url}${path}`, fault ? { headers: { [FAULT_HEADER]: fault } } : {});

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
    expect(body.closest?.[0]).toEqual({
      file: 'getTcpResetsTimeoutsSummary/asn.json',
      differences: ['extra dateRange=7d'],
    });
    expect(body.errors[0]?.message).toContain(
      `replay server: no recording matches GET ${TCP}?asn=3320&dateRange=7d; closest: getTcpResetsTimeoutsSummary/asn.json (extra dateRange=7d)`,
    );
  });

  it('answers 404 outside the base path', async () => {
    const response = await fetch(`${server.url.replace('/client/v4', '')}${TCP}`);
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
