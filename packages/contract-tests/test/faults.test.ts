// Faults through the real client against the replay server: the client either succeeds within its
// bounded retries or throws the documented error, in bounded time, with no unhandled rejection and
// no timer or socket left behind once the server is closed.
import {
  createRadarClient,
  InternalServerError,
  RadarApiError,
  RadarConnectionError,
  RadarTimeoutError,
  RateLimitError,
} from '@cf-radar/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordings } from '../src/recording.js';
import { FAULT_HEADER, type ReplayServer, startReplayServer } from '../src/replay-server.js';
import { recordingFetch } from './calls.js';
import { watchLeaks } from './leaks.js';

const documented = readRecordings().find((r) => r.file === 'getTcpResetsTimeoutsSummary/documented.json');
const result = Reflect.get(Object(documented?.recording.response.body), 'result');

let server: ReplayServer;
/** Sockets, servers and timers alive before anything here starts, taken while the module loads. */
const leaks = watchLeaks();

beforeAll(async () => {
  leaks.start();
  server = await startReplayServer();
});

afterAll(() => {
  leaks.stop();
});

let faultId = 0;
/** A client whose calls carry `fault`, made unique so that `times=` counts only this test's requests. */
function clientWith(fault: string, options: { maxRetries: number; timeout?: number }) {
  faultId += 1;
  const { fetch, sent } = recordingFetch();
  const client = createRadarClient({
    apiToken: 'fault-token-not-a-secret',
    baseUrl: server.url,
    fetch,
    deprecationWarnings: false,
    headers: { [FAULT_HEADER]: `${fault}; id=fault-${faultId}` },
    ...options,
  });
  return { client, sent };
}

describe('faults', () => {
  it.each([
    {
      description: '429 with Retry-After, then success',
      fault: 'use=rate-limited; retry-after=0; times=1',
      attempts: 2,
    },
    { description: '503, then success', fault: 'status=503; use=server-error; times=1', attempts: 2 },
    {
      description: 'two 503s, then success on the last retry',
      fault: 'status=503; use=server-error; times=2',
      attempts: 3,
    },
    { description: 'a connection reset, then success', fault: 'reset; times=1', attempts: 2 },
    { description: 'a truncated body, then success', fault: 'truncate; times=1', attempts: 2 },
    { description: 'an HTML 502, then success', fault: 'use=bad-gateway; times=1', attempts: 2 },
    // The timeout bounds the whole call, so a slow answer that fits in it is waited for, not retried.
    { description: 'a slow answer within the timeout', fault: 'delay=200; times=1', attempts: 1, timeout: 5000 },
  ])('recovers from $description within its retries', async ({ fault, attempts, timeout }) => {
    const { client, sent } = clientWith(fault, { maxRetries: 2, ...(timeout ? { timeout } : {}) });
    await expect(client.radar.tcpResetsTimeouts.summary()).resolves.toEqual(result);
    expect(sent).toHaveLength(attempts);
  });

  it('waits as long as Retry-After says before retrying', async () => {
    const { client, sent } = clientWith('use=rate-limited; retry-after=0.3; times=1', { maxRetries: 1 });
    const started = performance.now();
    await expect(client.radar.tcpResetsTimeouts.summary()).resolves.toEqual(result);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(sent).toHaveLength(2);
  });

  it.each([
    {
      // The recorded Retry-After is 30 s, which the client would honour; 0 keeps the test short.
      description: '429 with Retry-After',
      fault: 'use=rate-limited; retry-after=0',
      error: RateLimitError,
      message: 'GET /radar/tcp_resets_timeouts/summary: 429 Too Many Requests (1015: rate limited)',
      status: 429,
      codes: [1015],
    },
    {
      description: '503 every time',
      fault: 'status=503; use=server-error',
      error: InternalServerError,
      message: 'GET /radar/tcp_resets_timeouts/summary: 503 Service Unavailable (2000: Internal Error)',
      status: 503,
      codes: [2000],
    },
    {
      description: 'an HTML 502 gateway page',
      fault: 'use=bad-gateway',
      error: InternalServerError,
      message:
        'GET /radar/tcp_resets_timeouts/summary: 502 Bad Gateway (body is not JSON: "<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Ga…")',
      status: 502,
      codes: [],
    },
    {
      description: '200 with success: false',
      fault: 'use=server-error; status=200',
      error: RadarApiError,
      message: 'GET /radar/tcp_resets_timeouts/summary: 200 OK (2000: Internal Error)',
      status: 200,
      codes: [2000],
    },
  ])('throws the documented error after $description', async ({ fault, error, message, status, codes }) => {
    const { client, sent } = clientWith(fault, { maxRetries: 1, timeout: 5000 });
    const thrown = await client.radar.tcpResetsTimeouts.summary().catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(error);
    if (!(thrown instanceof RadarApiError)) throw new Error('unreachable: checked by toBeInstanceOf');
    expect(thrown.message).toBe(message);
    expect(thrown.status).toBe(status);
    expect(thrown.errors.map((e) => e.code)).toEqual(codes);
    expect(thrown.rayId).toBe('0000000000000000-XXX');
    // A 200 with success: false is not retried: asking again would give the same answer.
    expect(sent).toHaveLength(status === 200 ? 1 : 2);
  });

  it('keeps the Retry-After of the last 429 on the error', async () => {
    const { client } = clientWith('use=rate-limited', { maxRetries: 0 });
    const thrown = await client.radar.tcpResetsTimeouts.summary().catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(RateLimitError);
    if (!(thrown instanceof RateLimitError)) throw new Error('unreachable: checked by toBeInstanceOf');
    expect(thrown.headers.get('retry-after')).toBe('30');
  });

  it.each([
    {
      description: 'a connection reset',
      fault: 'reset',
      error: RadarConnectionError,
      message: /: connection failed \(/,
    },
    {
      description: 'a truncated JSON body',
      fault: 'truncate',
      error: RadarConnectionError,
      message: /: connection failed \(/,
    },
  ])('throws RadarConnectionError after $description on every attempt', async ({ fault, error, message }) => {
    const { client, sent } = clientWith(fault, { maxRetries: 1 });
    const thrown = await client.radar.tcpResetsTimeouts.summary().catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(error);
    expect(thrown).not.toBeInstanceOf(RadarTimeoutError);
    expect(String(thrown)).toMatch(message);
    expect(sent).toHaveLength(2);
  });

  it('throws RadarTimeoutError when no answer comes within the timeout, which bounds the whole call', async () => {
    const { client, sent } = clientWith('delay=3000', { maxRetries: 1, timeout: 100 });
    const started = performance.now();
    const thrown = await client.radar.tcpResetsTimeouts.summary().catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(thrown).toBeInstanceOf(RadarTimeoutError);
    expect(String(thrown)).toBe(
      'RadarTimeoutError: GET /radar/tcp_resets_timeouts/summary: no response within 100 ms (1 attempt)',
    );
    // The one attempt used up the timeout: no retry could start, and the call ended long before the delay.
    expect(sent).toHaveLength(1);
    expect(elapsed).toBeLessThan(3000);
  });

  it('leaves no unhandled rejection, and no socket or timer once the server is closed', async () => {
    await server.close();
    await leaks.expectNone();
  });
});
