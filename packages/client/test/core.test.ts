// The transport's defences, one scenario per way a hostile server or a careless caller could hurt
// the user: credentials following a redirect, long rate-limit waits, huge bodies, forged log lines,
// echoed secrets, CSV negotiation, and the runtimes without Node's globals.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createRadarClient,
  RadarApiError,
  RadarConnectionError,
  RadarResponseTooLargeError,
  RadarTimeoutError,
  RadarValidationError,
  RateLimitError,
} from '../src/index.js';
import { failure, fakeFetch, hang, json, ok, TOKEN } from './fake-fetch.js';

const RESULT = { meta: {}, summary_0: { no_match: '65' } };
const SUMMARY = '/radar/tcp_resets_timeouts/summary';
const LABEL = `GET ${SUMMARY}`;
// Token-shaped but obviously fake; the pair's key likewise.
const SECRET = 'FAKEtok3nFAKEtok3nFAKEtok3nFAKEtok3n0000';
const EMAIL = 'someone@example.com';
const KEY = 'fakefakefakefakefakefakefakefake0000';

/** Settles a promise into its rejection, or an Error saying it resolved. */
const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => new Error(`expected a rejection, got ${inspect(value).slice(0, 200)}`),
    (error: unknown) => error,
  );

interface Loopback {
  origin: string;
  /** Every request the server received, with the headers it came with. */
  seen: IncomingMessage[];
  close: () => Promise<void>;
}

const servers: Loopback[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A real HTTP server on a random loopback port: each one is its own origin. */
async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<Loopback> {
  const seen: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    seen.push(request);
    handler(request, response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const loopback: Loopback = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  servers.push(loopback);
  return loopback;
}

const answerOk = (_request: IncomingMessage, response: ServerResponse): void => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ success: true, errors: [], messages: [], result: RESULT }));
};

/** The credential headers a request arrived with, by name, leaving out the absent ones. */
const credentialsOf = (request: IncomingMessage | undefined): Record<string, unknown> =>
  Object.fromEntries(
    ['authorization', 'x-auth-email', 'x-auth-key'].flatMap((name) =>
      request?.headers[name] === undefined ? [] : [[name, request.headers[name]]],
    ),
  );

const credentials = [
  { credential: 'a token', options: { apiToken: SECRET } },
  { credential: 'the email and key pair', options: { apiEmail: EMAIL, apiKey: KEY } },
];

describe('redirects (issue 12, finding 1)', () => {
  // Refused rather than followed without credentials: Radar has no reason to send a caller elsewhere,
  // and a request that arrives without credentials would only fail later with a misleading 401.
  it.each([301, 302, 307, 308].flatMap((status) => credentials.map((entry) => ({ status, ...entry }))))(
    'a $status to another origin is refused with $credential, which never leaves the origin',
    async ({ status, options }) => {
      const elsewhere = await serve(answerOk);
      const api = await serve((request, response) => {
        response.writeHead(status, { location: `${elsewhere.origin}/v4${request.url}` }).end();
      });
      const client = createRadarClient({ ...options, baseUrl: `${api.origin}/v4`, maxRetries: 0 });
      const error = await rejection(client.radar.tcpResetsTimeouts.summary());
      expect(error).toBeInstanceOf(RadarApiError);
      expect((error as Error).message).toBe(
        `${LABEL}: ${status} a redirect from ${api.origin} to ${elsewhere.origin}; credentials go only to ${api.origin}, so it is not followed`,
      );
      expect(api.seen).toHaveLength(1);
      expect(elsewhere.seen).toHaveLength(0);
    },
  );

  it.each(credentials)('a redirect within the origin is followed, with $credential', async ({ options }) => {
    const api = await serve((request, response) => {
      if (request.url?.startsWith('/old/')) {
        response.writeHead(301, { location: request.url.replace('/old/', '/new/') }).end();
      } else answerOk(request, response);
    });
    const client = createRadarClient({ ...options, baseUrl: `${api.origin}/old`, maxRetries: 0 });
    await expect(client.radar.tcpResetsTimeouts.summary({ location: ['US'] })).resolves.toEqual(RESULT);
    expect(api.seen.map((request) => request.url)).toEqual([
      `/old${SUMMARY}?location=US`,
      `/new${SUMMARY}?location=US`,
    ]);
    expect(credentialsOf(api.seen[1])).toEqual(credentialsOf(api.seen[0]));
    expect(Object.keys(credentialsOf(api.seen[1]))).not.toHaveLength(0);
  });

  it('a chain of redirects within the origin stops after five', async () => {
    const api = await serve((request, response) => {
      response.writeHead(302, { location: `${request.url}&again=1` }).end();
    });
    const client = createRadarClient({ apiToken: SECRET, baseUrl: api.origin, maxRetries: 0 });
    const error = await rejection(client.radar.tcpResetsTimeouts.summary({ location: ['US'] }));
    expect(error).toBeInstanceOf(RadarApiError);
    expect((error as Error).message).toBe(`${LABEL}: 302 more than 5 redirects`);
    expect(api.seen).toHaveLength(6);
  });

  /**
   * A fetch that follows redirects as the Fetch standard does unless told `redirect: 'manual'`
   * (dropping only `Authorization` across origins), so that an https origin can be tried without a
   * certificate. It records every request it sends.
   */
  function redirectingFetch(answers: Record<string, () => Response>) {
    const sent: { url: string; headers: Headers }[] = [];
    const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const request = new Request(input, init);
      let url = request.url;
      const headers = new Headers(request.headers);
      for (;;) {
        sent.push({ url, headers: new Headers(headers) });
        const answer = answers[url]?.() ?? new Response('no such URL', { status: 404 });
        const location = answer.headers.get('location');
        if (!location || request.redirect === 'manual') return answer;
        const next = new URL(location, url);
        if (next.origin !== new URL(url).origin) headers.delete('authorization');
        url = next.href;
      }
    };
    return Object.assign(fetch, { sent });
  }

  it.each(credentials)('https to plain http on the same host is refused, with $credential', async ({ options }) => {
    const https = `https://api.cloudflare.com/client/v4${SUMMARY}`;
    const http = `http://api.cloudflare.com/client/v4${SUMMARY}`;
    const fetch = redirectingFetch({
      [https]: () => new Response(null, { status: 301, headers: { location: http } }),
      [http]: () => ok(RESULT),
    });
    const client = createRadarClient({ ...options, fetch, maxRetries: 0 });
    const error = await rejection(client.radar.tcpResetsTimeouts.summary());
    expect(error).toBeInstanceOf(RadarApiError);
    expect((error as Error).message).toContain(
      'a redirect from https://api.cloudflare.com to http://api.cloudflare.com; credentials go only to https://api.cloudflare.com',
    );
    expect(fetch.sent.map((request) => request.url)).toEqual([https]);
  });

  it.each(credentials)('client.raw refuses a redirect to another origin, with $credential', async ({ options }) => {
    const elsewhere = await serve(answerOk);
    const api = await serve((request, response) => {
      response.writeHead(307, { location: `${elsewhere.origin}${request.url}` }).end();
    });
    const client = createRadarClient({ ...options, baseUrl: api.origin });
    const error = await rejection(client.raw.GET(SUMMARY));
    expect(error).toBeInstanceOf(RadarApiError);
    expect((error as Error).message).toBe(
      `raw: 307 a redirect from ${api.origin} to ${elsewhere.origin}; credentials go only to ${api.origin}, so it is not followed`,
    );
    expect(elsewhere.seen).toHaveLength(0);
  });

  it('client.raw hands a redirect within the origin back to the caller, without following it', async () => {
    const api = await serve((request, response) => {
      response.writeHead(302, { location: `/elsewhere${request.url}` }).end();
    });
    const client = createRadarClient({ apiToken: SECRET, baseUrl: api.origin });
    const { response } = await client.raw.GET(SUMMARY);
    expect(response.status).toBe(302);
    expect(api.seen).toHaveLength(1);
  });
});

describe('client.raw and other origins (issue 12, finding 2)', () => {
  it.each([
    { description: 'plain http off loopback', baseUrl: 'http://198.51.100.7/client/v4' },
    { description: 'https to another host', baseUrl: 'https://api.example.com/client/v4' },
    { description: 'another port of the same host', baseUrl: 'https://api.cloudflare.com:8443/client/v4' },
  ])('a per-request baseUrl to $description is refused before any request', async ({ baseUrl }) => {
    const fetch = fakeFetch(ok(RESULT));
    const client = createRadarClient({ apiEmail: EMAIL, apiKey: KEY, fetch });
    const error = await rejection(client.raw.GET(SUMMARY, { baseUrl }));
    expect(error).toBeInstanceOf(RadarValidationError);
    expect((error as Error).message).toBe(
      `raw: refusing to send credentials to ${new URL(baseUrl).origin}; they go only to https://api.cloudflare.com (the client's baseUrl)`,
    );
    expect(fetch.sent).toHaveLength(0);
  });

  it('a per-request baseUrl on the same origin is sent, with the credentials', async () => {
    const fetch = fakeFetch(ok(RESULT));
    const client = createRadarClient({ apiEmail: EMAIL, apiKey: KEY, fetch });
    const { data } = await client.raw.GET(SUMMARY, { baseUrl: 'https://api.cloudflare.com/client/v4' });
    expect(data).toMatchObject({ result: RESULT });
    expect(fetch.sent[0]?.headers.get('x-auth-key')).toBe(KEY);
  });
});

describe('Retry-After beyond maxRetryAfter (issue 12, finding 3)', () => {
  it.each([
    {
      description: "Cloudflare's five-minute block, past the default cap of 60 s",
      headers: () => ({ 'retry-after': '300' }),
      options: {},
      retryAfter: 300_000,
    },
    {
      description: 'two seconds, past a cap of one second',
      headers: () => ({ 'retry-after': '2' }),
      options: { maxRetryAfter: 1000 },
      retryAfter: 2000,
    },
    {
      description: 'an HTTP date an hour ahead',
      // Computed when the test runs, not when the table is built.
      headers: () => ({ 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() }),
      options: {},
      retryAfter: 3_600_000,
    },
  ])('$description fails at once with the wait on the error', async ({ headers, options, retryAfter }) => {
    const fetch = fakeFetch(failure(429, 1015, 'rate limited', headers()), ok(RESULT), ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch, ...options });
    const error = await rejection(client.radar.tcpResetsTimeouts.summary());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as Error).message).toBe(`${LABEL}: 429 Too Many Requests (1015: rate limited)`);
    // An HTTP date has a resolution of one second.
    expect((error as RateLimitError).retryAfter).toBeGreaterThan(retryAfter - 1000);
    expect((error as RateLimitError).retryAfter).toBeLessThanOrEqual(retryAfter);
    expect(fetch.sent).toHaveLength(1);
  });

  it('a wait within the cap is waited for, then retried', async () => {
    const fetch = fakeFetch(failure(429, 1015, 'rate limited', { 'retry-after-ms': '5' }), ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch, maxRetryAfter: 1000 });
    await expect(client.radar.tcpResetsTimeouts.summary()).resolves.toEqual(RESULT);
    expect(fetch.sent).toHaveLength(2);
  });
});

describe('maxResponseBytes (issue 12, finding 4)', () => {
  const BODY = 40 * 1024 * 1024;
  const LIMIT = 1024 * 1024;
  const CHUNK = Buffer.alloc(64 * 1024, ' ');

  /** Streams `BODY` bytes of JSON-ish padding, as fast as the client reads them and no faster. */
  function streaming(status: number, withLength: boolean) {
    return (_request: IncomingMessage, response: ServerResponse): void => {
      response.writeHead(status, {
        'content-type': 'application/json',
        ...(withLength ? { 'content-length': String(BODY) } : {}),
      });
      let sent = 0;
      const pump = (): void => {
        while (sent < BODY && !response.destroyed) {
          sent += CHUNK.byteLength;
          if (!response.write(CHUNK)) return void response.once('drain', pump);
        }
        response.end();
      };
      pump();
    };
  }

  it.each([
    { description: 'a 200 of 40 MB with a Content-Length', status: 200, withLength: true, message: `of ${BODY} bytes` },
    { description: 'a 200 of 40 MB streamed without a length', status: 200, withLength: false, message: 'past' },
    // A retryable status: the old client downloaded such a body once per attempt.
    { description: 'a 503 of 40 MB with a Content-Length', status: 503, withLength: true, message: `of ${BODY} bytes` },
    { description: 'a 503 of 40 MB streamed without a length', status: 503, withLength: false, message: 'past' },
  ])(
    '$description fails with RadarResponseTooLargeError, once, in bounded memory',
    async ({ status, withLength, message }) => {
      const api = await serve(streaming(status, withLength));
      const client = createRadarClient({ apiToken: TOKEN, baseUrl: api.origin, maxResponseBytes: LIMIT });
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 2);
      const error = await rejection(client.radar.tcpResetsTimeouts.summary());
      peak = Math.max(peak, process.memoryUsage().rss);
      clearInterval(sampler);
      expect(error).toBeInstanceOf(RadarResponseTooLargeError);
      expect((error as Error).message).toBe(
        `${LABEL}: response body ${message} is larger than maxResponseBytes (${LIMIT})`,
      );
      expect(api.seen).toHaveLength(1);
      // Reading the whole body holds all 40 MB at least once; a cut-off read holds the limit and the
      // stream's buffers. Half the body lies between the two, with room for the noise of RSS.
      expect(peak - before).toBeLessThan(BODY / 2);
    },
  );

  it.each([
    { description: 'exactly the limit is read', extra: 0, refused: false },
    { description: 'one byte more is refused', extra: 1, refused: true },
  ])('a streamed body of $description', async ({ extra, refused }) => {
    const body = JSON.stringify({ success: true, errors: [], messages: [], result: RESULT });
    const limit = 4096;
    const padded = new TextEncoder().encode(body.padEnd(limit + extra, ' '));
    // No Content-Length: the limit is counted while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < padded.byteLength; offset += 1000) {
          controller.enqueue(padded.slice(offset, offset + 1000));
        }
        controller.close();
      },
    });
    const fetch = fakeFetch(new Response(stream, { headers: { 'content-type': 'application/json' } }));
    const client = createRadarClient({ apiToken: TOKEN, fetch, maxResponseBytes: limit });
    const call = client.radar.tcpResetsTimeouts.summary();
    if (refused) await expect(call).rejects.toBeInstanceOf(RadarResponseTooLargeError);
    else await expect(call).resolves.toEqual(RESULT);
  });
});

describe('error messages are one bounded line (issue 12, finding 5)', () => {
  const oneLine = (error: unknown): string => {
    expect(error).toBeInstanceOf(Error);
    const { message } = error as Error;
    expect(message.length).toBeLessThanOrEqual(1000);
    expect(message).not.toMatch(/[\n\r\u0085\u2028\u2029]/);
    return message;
  };

  it('a 5 MB errors[].message with a forged log line', async () => {
    const forged = `bad request\n2026-01-01T00:00:00Z INFO login ok${'x'.repeat(5 * 1024 * 1024)}`;
    const fetch = fakeFetch(failure(400, 10001, forged));
    const error = await rejection(createRadarClient({ apiToken: TOKEN, fetch }).radar.tcpResetsTimeouts.summary());
    const message = oneLine(error);
    expect(message).toContain('(10001: bad request\\n2026-01-01T00:00:00Z INFO login ok');
    expect((error as RadarApiError).errors[0]?.message.length).toBeLessThanOrEqual(1000);
  });

  it('an errors[].message with line and paragraph separators, which JSON leaves unescaped', async () => {
    const fetch = fakeFetch(failure(400, 10001, 'bad\u2028INFO forged\u2029and\u0085more'));
    const error = await rejection(createRadarClient({ apiToken: TOKEN, fetch }).radar.tcpResetsTimeouts.summary());
    expect(oneLine(error)).toContain('(10001: bad\\u2028INFO forged\\u2029and\\u0085more)');
  });

  it('fifty long errors', async () => {
    const errors = Array.from({ length: 50 }, (_, code) => ({ code, message: 'y'.repeat(500) }));
    const fetch = fakeFetch(json({ success: false, errors, messages: [], result: null }, 400));
    const error = await rejection(createRadarClient({ apiToken: TOKEN, fetch }).radar.tcpResetsTimeouts.summary());
    expect(oneLine(error)).toMatch(/^GET \/radar\/tcp_resets_timeouts\/summary: 400 Bad Request \(0: y+…; 1: y+…/);
  });

  it('a non-JSON body is a short quoted excerpt, escaped', async () => {
    const fetch = fakeFetch(
      new Response(`oops "quoted" \u001b[31mred\u001b[0m ${'z'.repeat(100_000)}`, { status: 502 }),
    );
    const client = createRadarClient({ apiToken: TOKEN, fetch, maxRetries: 0 });
    const message = oneLine(await rejection(client.radar.tcpResetsTimeouts.summary()));
    expect(message).toMatch(
      /^GET \/radar\/tcp_resets_timeouts\/summary: 502 Bad Gateway \(body is not JSON: "oops \\"quoted\\" \\u001b\[31mred/,
    );
    expect(message).toMatch(/…"\)$/);
  });

  it('an unknown status with a long, multi-line reason phrase', async () => {
    const fetch = fakeFetch(new Response('{}', { status: 599, statusText: `odd ${'w'.repeat(5000)}` }));
    const client = createRadarClient({ apiToken: TOKEN, fetch, maxRetries: 0 });
    expect(oneLine(await rejection(client.radar.tcpResetsTimeouts.summary()))).toMatch(/^GET \S+: 599 odd w+…/);
  });

  it('a connection error whose reason is huge and multi-line', async () => {
    const fetch = fakeFetch(new TypeError(`fetch failed\n${'v'.repeat(1_000_000)}`));
    const client = createRadarClient({ apiToken: TOKEN, fetch, maxRetries: 0 });
    const message = oneLine(await rejection(client.radar.tcpResetsTimeouts.summary()));
    expect(message).toMatch(/^GET \S+: connection failed \(fetch failed\\nv+…\)$/);
  });
});

describe('echoed credentials are scrubbed from errors (issue 12, finding 6)', () => {
  const everything = (error: unknown): string => {
    const apiError = error as RadarApiError;
    return [
      apiError.message,
      apiError.stack,
      inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      JSON.stringify(error),
      JSON.stringify([...apiError.headers]),
      JSON.stringify(apiError.errors),
    ].join('\n');
  };

  it.each([
    { credential: 'a token', options: { apiToken: SECRET }, secrets: [SECRET] },
    { credential: 'the email and key pair', options: { apiEmail: EMAIL, apiKey: KEY }, secrets: [EMAIL, KEY] },
  ])('$credential echoed in the body and in every header', async ({ options, secrets }) => {
    const echo = secrets.join(' ');
    const answer = json(
      { success: false, errors: [{ code: 10000, message: `Authentication error for ${echo}` }], result: null },
      401,
      {
        'www-authenticate': `Bearer realm="${echo}"`,
        'x-echo': echo,
        'set-cookie': `session=${echo}`,
        'cf-ray': `8c0ffee0-${echo}`,
      },
    );
    const client = createRadarClient({ ...options, fetch: fakeFetch(answer) });
    const error = await rejection(client.radar.tcpResetsTimeouts.summary());
    expect(error).toBeInstanceOf(RadarApiError);
    const text = everything(error);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect((error as RadarApiError).message).toContain('Authentication error for [REDACTED]');
    expect((error as RadarApiError).headers.get('x-echo')).toContain('[REDACTED]');
    expect((error as RadarApiError).rayId).toContain('[REDACTED]');
  });

  it('a token echoed in a non-JSON body', async () => {
    const fetch = fakeFetch(new Response(`<html>your token ${SECRET} is bad</html>`, { status: 403 }));
    const error = await rejection(createRadarClient({ apiToken: SECRET, fetch }).radar.tcpResetsTimeouts.summary());
    expect(everything(error)).not.toContain(SECRET);
    expect((error as Error).message).toContain('your token [REDACTED] is bad');
  });

  // URL parsing lower-cases a host name, so a lower-case token is the one that survives into it.
  const lower = SECRET.toLowerCase();
  it('a token echoed in the host of a redirect, for a method call and for client.raw', async () => {
    const location = `https://${lower}.example.com${SUMMARY}`;
    const redirect = (): Response => new Response(null, { status: 302, headers: { location } });
    const client = createRadarClient({ apiToken: lower, fetch: fakeFetch(redirect(), redirect()) });
    for (const call of [client.radar.tcpResetsTimeouts.summary(), client.raw.GET(SUMMARY)]) {
      const error = await rejection(call);
      expect(error).toBeInstanceOf(RadarApiError);
      expect(everything(error)).not.toContain(lower);
    }
  });
});

describe('CSV negotiation (issue 12, finding 8)', () => {
  it('format CSV asks for text/csv and resolves to the text', async () => {
    const csv = 'summary_0 no_match,summary_0 post_syn\n65.1,3.2\n';
    const fetch = fakeFetch(new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } }));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    await expect(client.radar.tcpResetsTimeouts.summary({ format: 'CSV' })).resolves.toBe(csv);
    expect(fetch.sent[0]?.headers.get('accept')).toBe('text/csv');
  });

  it('format JSON, or none, asks for application/json', async () => {
    const fetch = fakeFetch(ok(RESULT), ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    await client.radar.tcpResetsTimeouts.summary({ format: 'JSON' });
    await client.radar.tcpResetsTimeouts.summary();
    expect(fetch.sent.map((request) => request.headers.get('accept'))).toEqual([
      'application/json',
      'application/json',
    ]);
  });

  it('a JSON answer to a CSV request is an error, not the text', async () => {
    const fetch = fakeFetch(ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    const error = await rejection(client.radar.tcpResetsTimeouts.summary({ format: 'CSV' }));
    expect(error).toBeInstanceOf(RadarApiError);
    expect((error as Error).message).toBe(`${LABEL}: 200 OK (asked for text/csv, answered application/json)`);
  });
});

/**
 * Replaces a global for the synchronous part of `run` only: the client reads `process` and
 * `document` when a call starts or fails, and the test runner itself needs the real `process` back
 * before anything awaits.
 */
function withGlobal<T>(name: string, value: unknown, run: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  try {
    return run();
  } finally {
    if (saved) Object.defineProperty(globalThis, name, saved);
    else delete (globalThis as Record<string, unknown>)[name];
  }
}

describe('deprecation warnings without process.emitWarning (issue 12, finding 10)', () => {
  it("a browser's process shim gets one console.warn, and the call goes on", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const fetch = fakeFetch(ok({ meta: {}, serie_0: {} }), ok({ meta: {}, serie_0: {} }));
      const client = createRadarClient({ apiToken: TOKEN, fetch });
      const shim = { env: {} };
      const calls = withGlobal('process', shim, () => [
        client.radar.dns.timeseriesGroups.matchingAnswer(),
        client.radar.dns.timeseriesGroups.matchingAnswer(),
      ]);
      await expect(Promise.all(calls)).resolves.toHaveLength(2);
      expect(warn.mock.calls).toEqual([
        [
          "DeprecationWarning: GET /radar/dns/timeseries_groups/matching_answer is deprecated; use client.radar.dns.timeseriesGroupsV2('MATCHING_ANSWER', query) or getDnsTimeseriesGroupsByDimension(core, 'MATCHING_ANSWER', query) (GET /radar/dns/timeseries_groups/{dimension}) instead",
        ],
      ]);
    } finally {
      warn.mockRestore();
    }
  });

  it('no process and no console is no warning and no throw', async () => {
    const fetch = fakeFetch(ok({ meta: {}, summary_0: {} }));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    const call = withGlobal('process', undefined, () =>
      withGlobal('console', undefined, () => client.radar.email.security.summary.tlsVersion()),
    );
    await expect(call).resolves.toEqual({ meta: {}, summary_0: {} });
  });
});

describe("the runtime's own failures become RadarErrors with a hint (issue 14, items 2 and 3)", () => {
  it("Deno's NotCapable from fetch (no --allow-net) is a connection error, not retried", async () => {
    const notCapable = Object.assign(new Error('Requires net access to "api.cloudflare.com:443"'), {
      name: 'NotCapable',
    });
    const fetch = fakeFetch(notCapable, ok(RESULT), ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    const error = await rejection(client.radar.tcpResetsTimeouts.summary());
    expect(error).toBeInstanceOf(RadarConnectionError);
    expect((error as Error).message).toBe(
      `${LABEL}: connection failed (Requires net access to \\"api.cloudflare.com:443\\"); allow the network (Deno: --allow-net=api.cloudflare.com)`,
    );
    expect((error as Error).cause).toBe(notCapable);
    expect(fetch.sent).toHaveLength(1);
  });

  it("a browser's bare 'Failed to fetch' mentions CORS", async () => {
    const fetch = fakeFetch(new TypeError('Failed to fetch'));
    const client = createRadarClient({ apiToken: TOKEN, fetch, maxRetries: 0 });
    // `document` stays defined until the call has failed: the hint is chosen then.
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'document');
    Object.defineProperty(globalThis, 'document', { value: {}, configurable: true, writable: true });
    let error: unknown;
    try {
      error = await rejection(client.radar.tcpResetsTimeouts.summary());
    } finally {
      if (saved) Object.defineProperty(globalThis, 'document', saved);
      else delete (globalThis as Record<string, unknown>).document;
    }
    expect(error).toBeInstanceOf(RadarConnectionError);
    expect((error as Error).message).toMatch(
      /connection failed \(Failed to fetch\); in a browser this is usually CORS/,
    );
  });

  it('the same TypeError outside a browser has no CORS hint', async () => {
    const fetch = fakeFetch(new TypeError('Failed to fetch'));
    const client = createRadarClient({ apiToken: TOKEN, fetch, maxRetries: 0 });
    const error = await rejection(client.radar.tcpResetsTimeouts.summary());
    expect((error as Error).message).toBe(`${LABEL}: connection failed (Failed to fetch)`);
  });
});

describe('timeout bounds the whole call (issue 14, item 4)', () => {
  it('attempts that hang use up one budget, not one each', async () => {
    const fetch = fakeFetch(hang, hang, hang);
    const client = createRadarClient({ apiToken: TOKEN, fetch, timeout: 30, maxRetries: 2 });
    const error = await rejection(client.radar.tcpResetsTimeouts.summary());
    expect(error).toBeInstanceOf(RadarTimeoutError);
    expect((error as Error).message).toBe(`${LABEL}: no response within 30 ms (1 attempt)`);
    expect(fetch.sent).toHaveLength(1);
  });

  it('a retry whose wait would outlast the budget is not started', async () => {
    const fetch = fakeFetch(failure(503, 2000, 'busy', { 'retry-after': '5' }), ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch, timeout: 1000 });
    const error = await rejection(client.radar.tcpResetsTimeouts.summary());
    expect(error).toBeInstanceOf(RadarApiError);
    expect((error as RadarApiError).retryAfter).toBe(5000);
    expect(fetch.sent).toHaveLength(1);
  });
});
