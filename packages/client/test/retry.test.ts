import { describe, expect, it } from 'vitest';
import {
  createRadarClient,
  InternalServerError,
  RadarConnectionError,
  RadarTimeoutError,
  RateLimitError,
} from '../src/index.js';
import { backoff, isRetryableStatus, requestedDelay, sleep } from '../src/retry.js';
import { failure, fakeFetch, hang, ok, TOKEN } from './fake-fetch.js';

const RESULT = { meta: {}, summary_0: { no_match: '65' } };
// A retry-after-ms of 1 keeps tests fast while still going through the wait.
const soon = { 'retry-after-ms': '1' };

describe('backoff and Retry-After', () => {
  it.each([
    { description: 'first retry waits 0.5 s without jitter', retry: 0, random: 0, expected: 500 },
    { description: 'second retry doubles to 1 s', retry: 1, random: 0, expected: 1000 },
    { description: 'fifth retry reaches the 8 s cap', retry: 4, random: 0, expected: 8000 },
    { description: 'the cap holds for later retries', retry: 10, random: 0, expected: 8000 },
    { description: 'jitter takes off up to 25%', retry: 1, random: 1, expected: 750 },
  ])('$description', ({ retry, random, expected }) => {
    expect(backoff(retry, random)).toBe(expected);
  });

  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    { description: 'retry-after-ms is taken as is', headers: { 'retry-after-ms': '250' }, expected: 250 },
    {
      description: 'retry-after-ms wins over Retry-After',
      headers: { 'retry-after-ms': '5', 'retry-after': '30' },
      expected: 5,
    },
    { description: 'Retry-After in seconds', headers: { 'retry-after': '3' }, expected: 3000 },
    {
      description: 'Retry-After as an HTTP date',
      headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:02 GMT' },
      expected: 2000,
    },
    // Read as asked: whether a long wait is waited for is the request loop's decision (maxRetryAfter).
    { description: 'a wait of an hour is read as an hour', headers: { 'retry-after': '3600' }, expected: 3_600_000 },
    {
      description: 'a date in the past is no wait',
      headers: { 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' },
      expected: 0,
    },
    { description: 'garbage is no request', headers: { 'retry-after': 'soon' }, expected: undefined },
    { description: 'a number with a suffix is no request', headers: { 'retry-after': '5s' }, expected: undefined },
    { description: 'no header is no request', headers: {}, expected: undefined },
  ])('$description', ({ headers, expected }) => {
    expect(requestedDelay(new Headers(headers), now)).toBe(expected);
  });

  it.each([
    { status: 408, expected: true },
    { status: 409, expected: true },
    { status: 429, expected: true },
    { status: 500, expected: true },
    { status: 503, expected: true },
    { status: 400, expected: false },
    { status: 401, expected: false },
    { status: 403, expected: false },
    { status: 404, expected: false },
    { status: 422, expected: false },
  ])('status $status is retryable: $expected', ({ status, expected }) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });
});

describe('retries', () => {
  it('retries a 5xx twice by default, then throws', async () => {
    const fetch = fakeFetch(
      failure(500, 10002, 'x', soon),
      failure(502, 10002, 'x', soon),
      failure(503, 10002, 'x', soon),
      ok(RESULT),
    );
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    await expect(client.radar.tcpResetsTimeouts.summary()).rejects.toBeInstanceOf(InternalServerError);
    expect(fetch.sent).toHaveLength(3);
  });

  it('succeeds when a retry succeeds', async () => {
    const fetch = fakeFetch(failure(429, 1015, 'rate limited', soon), ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    await expect(client.radar.tcpResetsTimeouts.summary()).resolves.toEqual(RESULT);
    expect(fetch.sent).toHaveLength(2);
  });

  it.each([
    { description: 'maxRetries 0 on the client means one attempt', client: 0, call: undefined, attempts: 1 },
    { description: 'maxRetries on the call wins over the client', client: 0, call: 3, attempts: 4 },
    { description: 'maxRetries 5 on the client means six attempts', client: 5, call: undefined, attempts: 6 },
  ])('$description', async ({ client: clientRetries, call, attempts }) => {
    const fetch = fakeFetch(...Array.from({ length: 8 }, () => failure(429, 1015, 'rate limited', soon)));
    const client = createRadarClient({ apiToken: TOKEN, fetch, maxRetries: clientRetries });
    const options = call === undefined ? {} : { maxRetries: call };
    await expect(client.radar.tcpResetsTimeouts.summary({}, options)).rejects.toBeInstanceOf(RateLimitError);
    expect(fetch.sent).toHaveLength(attempts);
  });

  it.each([400, 401, 403, 404, 422])('does not retry a %i', async (status) => {
    const fetch = fakeFetch(failure(status, 1, 'no', soon), ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    await expect(client.radar.tcpResetsTimeouts.summary()).rejects.toMatchObject({ status });
    expect(fetch.sent).toHaveLength(1);
  });

  it.each([
    { description: 'honours retry-after-ms', headers: { 'retry-after-ms': '120' }, atLeast: 110 },
    { description: 'honours Retry-After in seconds', headers: { 'retry-after': '0.15' }, atLeast: 140 },
  ])('$description', async ({ headers, atLeast }) => {
    const fetch = fakeFetch(failure(429, 1015, 'rate limited', headers), ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    const started = performance.now();
    await client.radar.tcpResetsTimeouts.summary();
    // A lower bound only: the wait happened. No upper bound, which would depend on the machine.
    expect(performance.now() - started).toBeGreaterThanOrEqual(atLeast);
  });

  it('retries a connection error, then throws RadarConnectionError with the cause', async () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const fetch = fakeFetch(cause, cause);
    const client = createRadarClient({ apiToken: TOKEN, fetch, maxRetries: 1 });
    const error = await client.radar.tcpResetsTimeouts.summary().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RadarConnectionError);
    expect(error).not.toBeInstanceOf(RadarTimeoutError);
    expect(error).toMatchObject({
      message: 'GET /radar/tcp_resets_timeouts/summary: connection failed (ECONNREFUSED)',
      cause,
    });
    expect(fetch.sent).toHaveLength(2);
  });

  it('stops at once when the caller aborts during the backoff wait', async () => {
    const fetch = fakeFetch(failure(503, 10002, 'x', { 'retry-after': '30' }), ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    const controller = new AbortController();
    const started = performance.now();
    const call = client.radar.tcpResetsTimeouts.summary({}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 20);
    await expect(call).rejects.toThrow('caller gave up');
    expect(fetch.sent).toHaveLength(1);
    // It did not sit out the 30 s the server asked for (the test would time out first).
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  it('stops at once when the caller aborts during a request', async () => {
    const fetch = fakeFetch(hang);
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    const controller = new AbortController();
    const call = client.radar.tcpResetsTimeouts.summary({}, { signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    await expect(call).rejects.toThrow('caller gave up');
    expect(fetch.sent).toHaveLength(1);
  });

  it('a caller abort is not mistaken for a timeout, even with no retries left', async () => {
    const fetch = fakeFetch(hang);
    const client = createRadarClient({ apiToken: TOKEN, fetch, maxRetries: 0 });
    const controller = new AbortController();
    const call = client.radar.tcpResetsTimeouts.summary({}, { signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    const error = await call.catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(RadarTimeoutError);
    expect(error).toMatchObject({ message: 'caller gave up' });
  });

  it('does not send anything when the signal is already aborted', async () => {
    const fetch = fakeFetch(ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    await expect(client.radar.tcpResetsTimeouts.summary({}, { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(fetch.sent).toHaveLength(0);
  });

  it('sleep rejects with the reason of an already aborted signal', async () => {
    await expect(sleep(10, AbortSignal.abort(new Error('no')))).rejects.toThrow('no');
  });
});

describe('timeouts', () => {
  it('raises RadarTimeoutError once the timeout, which bounds the whole call, runs out', async () => {
    const fetch = fakeFetch(hang, hang);
    const client = createRadarClient({ apiToken: TOKEN, fetch, timeout: 20, maxRetries: 1 });
    const error = await client.radar.tcpResetsTimeouts.summary().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RadarTimeoutError);
    expect(error).toBeInstanceOf(RadarConnectionError);
    expect((error as Error).message).toBe(
      'GET /radar/tcp_resets_timeouts/summary: no response within 20 ms (1 attempt)',
    );
    // The first attempt used the whole budget: no second attempt starts after the deadline.
    expect(fetch.sent).toHaveLength(1);
  });

  it('bounds retries and their waits by the same timeout', async () => {
    const slow = { 'retry-after-ms': '40' };
    const fetch = fakeFetch(
      failure(503, 2000, 'x', slow),
      failure(503, 2000, 'x', slow),
      failure(503, 2000, 'x', slow),
    );
    const client = createRadarClient({ apiToken: TOKEN, fetch, timeout: 60, maxRetries: 2 });
    const started = Date.now();
    const error = await client.radar.tcpResetsTimeouts.summary().catch((e: unknown) => e);
    // A wait that does not fit in what is left is not started: the last answer is the error.
    expect(error).toBeInstanceOf(InternalServerError);
    expect(fetch.sent).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(60);
  });

  it('the call timeout wins over the client timeout', async () => {
    const fetch = fakeFetch(hang);
    const client = createRadarClient({ apiToken: TOKEN, fetch, timeout: 60_000, maxRetries: 0 });
    await expect(client.radar.tcpResetsTimeouts.summary({}, { timeout: 15 })).rejects.toThrow(
      'no response within 15 ms',
    );
  });

  it('a body that stalls after the headers is a timeout too', async () => {
    // As a real fetch does: aborting the request's signal errors a body still being read.
    const fetch = fakeFetch(async (signal) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"su'));
          signal?.addEventListener('abort', () => controller.error(signal.reason), { once: true });
        },
      });
      return new Response(body, { status: 200 });
    });
    const client = createRadarClient({ apiToken: TOKEN, fetch, timeout: 20, maxRetries: 0 });
    await expect(client.radar.tcpResetsTimeouts.summary()).rejects.toBeInstanceOf(RadarTimeoutError);
  });
});

describe('attemptTimeout', () => {
  it('gives up a stuck attempt and retries within the call timeout', async () => {
    const fetch = fakeFetch(hang, ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch, timeout: 5000, attemptTimeout: 20 });
    await expect(client.radar.tcpResetsTimeouts.summary()).resolves.toEqual(RESULT);
    expect(fetch.sent).toHaveLength(2);
  });

  it('fails with the last attempt timeout once the retries are used up', async () => {
    const fetch = fakeFetch(hang, hang);
    const client = createRadarClient({ apiToken: TOKEN, fetch, timeout: 5000, attemptTimeout: 15, maxRetries: 1 });
    const error = await client.radar.tcpResetsTimeouts.summary().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RadarTimeoutError);
    expect((error as Error).message).toBe(
      'GET /radar/tcp_resets_timeouts/summary: no response within 15 ms (attempt 2)',
    );
  });
});
