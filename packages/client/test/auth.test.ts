import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { assertSafeBaseUrl, authHeaders } from '../src/auth.js';
import { createRadarClient, RadarValidationError } from '../src/index.js';
import { failure, fakeFetch, hang, ok, TOKEN } from './fake-fetch.js';

const RESULT = { meta: {}, summary_0: {} };
// Token-shaped (40 characters of the token alphabet) but obviously fake.
const SECRET = 'FAKEtok3nFAKEtok3nFAKEtok3nFAKEtok3n0000';
const KEY = 'fakefakefakefakefakefakefakefake0000';

describe('authentication headers', () => {
  it.each([
    {
      description: 'an API token is sent as a bearer token',
      options: { apiToken: TOKEN },
      expected: { authorization: `Bearer ${TOKEN}`, 'x-auth-email': null, 'x-auth-key': null },
    },
    {
      description: 'the email and key pair is sent as X-Auth-Email and X-Auth-Key',
      options: { apiEmail: 'user@example.com', apiKey: KEY },
      expected: { authorization: null, 'x-auth-email': 'user@example.com', 'x-auth-key': KEY },
    },
    {
      description: 'a token wins over a pair given alongside it',
      options: { apiToken: TOKEN, apiEmail: 'user@example.com', apiKey: KEY },
      expected: { authorization: `Bearer ${TOKEN}`, 'x-auth-email': null, 'x-auth-key': null },
    },
  ])('$description', async ({ options, expected }) => {
    const fetch = fakeFetch(ok(RESULT));
    await createRadarClient({ ...options, fetch }).radar.tcpResetsTimeouts.summary();
    const headers = fetch.sent[0]?.headers;
    for (const [name, value] of Object.entries(expected)) expect(headers?.get(name)).toBe(value);
    expect(headers?.get('accept')).toBe('application/json');
  });

  it('adds client and call headers, and neither can replace the credentials', async () => {
    const fetch = fakeFetch(ok(RESULT));
    const client = createRadarClient({ apiToken: TOKEN, fetch, headers: { 'x-client': 'a', 'x-both': 'client' } });
    await client.radar.tcpResetsTimeouts.summary({}, { headers: { 'x-both': 'call', authorization: 'Bearer other' } });
    const headers = fetch.sent[0]?.headers;
    expect(headers?.get('x-client')).toBe('a');
    expect(headers?.get('x-both')).toBe('call');
    expect(headers?.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it.each([
    {
      description: 'the environment token',
      options: {},
      env: { CLOUDFLARE_API_TOKEN: 'env-token' },
      expected: { Authorization: 'Bearer env-token' },
    },
    {
      description: 'the environment pair',
      options: {},
      env: { CLOUDFLARE_EMAIL: 'env@example.com', CLOUDFLARE_API_KEY: 'env-key' },
      expected: { 'X-Auth-Email': 'env@example.com', 'X-Auth-Key': 'env-key' },
    },
    {
      description: 'an explicit token over the environment token',
      options: { apiToken: 'option-token' },
      env: { CLOUDFLARE_API_TOKEN: 'env-token' },
      expected: { Authorization: 'Bearer option-token' },
    },
    {
      description: 'an explicit pair over the environment token',
      options: { apiEmail: 'me@example.com', apiKey: 'option-key' },
      env: { CLOUDFLARE_API_TOKEN: 'env-token' },
      expected: { 'X-Auth-Email': 'me@example.com', 'X-Auth-Key': 'option-key' },
    },
    {
      description: 'the environment token over the environment pair',
      options: {},
      env: { CLOUDFLARE_API_TOKEN: 'env-token', CLOUDFLARE_EMAIL: 'env@example.com', CLOUDFLARE_API_KEY: 'env-key' },
      expected: { Authorization: 'Bearer env-token' },
    },
  ])('uses $description', ({ options, env, expected }) => {
    expect(authHeaders({ ...options, env }).headers).toEqual(expected);
  });

  it('reads CLOUDFLARE_API_TOKEN from process.env when no credentials are passed', async () => {
    const before = process.env.CLOUDFLARE_API_TOKEN;
    process.env.CLOUDFLARE_API_TOKEN = 'from-process-env';
    const fetch = fakeFetch(ok(RESULT));
    const client = createRadarClient({ fetch });
    if (before === undefined) delete process.env.CLOUDFLARE_API_TOKEN;
    else process.env.CLOUDFLARE_API_TOKEN = before;
    await client.radar.tcpResetsTimeouts.summary();
    expect(fetch.sent[0]?.headers.get('authorization')).toBe('Bearer from-process-env');
  });

  it.each([
    {
      description: 'no credentials at all',
      options: {},
      env: {},
      message:
        /credentials: none given; pass \{ apiToken \} or \{ apiEmail, apiKey \}.*CLOUDFLARE_API_TOKEN.*CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY/,
    },
    {
      description: 'an email without a key',
      options: { apiEmail: 'me@example.com' },
      env: {},
      message: /the email and key pair from the options lacks the API key/,
    },
    {
      description: 'a key without an email',
      options: { apiKey: KEY },
      env: {},
      message: /the email and key pair from the options lacks the email/,
    },
    {
      description: 'half a pair in the environment',
      options: {},
      env: { CLOUDFLARE_API_KEY: KEY },
      message: /the email and key pair from env lacks the email/,
    },
  ])('refuses $description before any request', ({ options, env, message }) => {
    expect(() => authHeaders({ ...options, env })).toThrow(RadarValidationError);
    expect(() => authHeaders({ ...options, env })).toThrow(message);
  });

  it('a client with no credentials fails at creation, sending nothing', () => {
    const saved = { ...process.env };
    for (const name of ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_EMAIL', 'CLOUDFLARE_API_KEY']) delete process.env[name];
    const fetch = fakeFetch(ok(RESULT));
    expect(() => createRadarClient({ fetch })).toThrow(RadarValidationError);
    Object.assign(process.env, saved);
    expect(fetch.sent).toHaveLength(0);
  });
});

describe('where credentials may go', () => {
  it.each([
    { description: 'https anywhere', baseUrl: 'https://api.cloudflare.com/client/v4' },
    { description: 'http to 127.0.0.1', baseUrl: 'http://127.0.0.1:8787' },
    { description: 'http to another 127/8 address', baseUrl: 'http://127.10.0.3:8787/client/v4' },
    { description: 'http to ::1', baseUrl: 'http://[::1]:8787' },
    { description: 'http to localhost', baseUrl: 'http://localhost:8787' },
  ])('allows $description', ({ baseUrl }) => {
    expect(() => assertSafeBaseUrl(baseUrl)).not.toThrow();
  });

  it.each([
    {
      description: 'http to a public host',
      baseUrl: 'http://api.cloudflare.com/client/v4',
      message: 'refusing to send credentials to http://api.cloudflare.com; use https',
    },
    {
      description: 'http to a private address',
      baseUrl: 'http://10.0.0.1',
      message: 'refusing to send credentials to http://10.0.0.1',
    },
    {
      description: 'a host that only starts like loopback',
      baseUrl: 'http://127.0.0.1.example.com',
      message: 'refusing to send credentials',
    },
    { description: 'another scheme', baseUrl: 'ftp://127.0.0.1', message: 'refusing to send credentials' },
    { description: 'a relative URL', baseUrl: '/client/v4', message: 'is not an absolute URL' },
    {
      description: 'a URL with a password',
      baseUrl: `https://user:${SECRET}@api.example.com`,
      message: 'must not carry a user name or password',
    },
  ])('refuses $description', ({ baseUrl, message }) => {
    const fetch = fakeFetch(ok(RESULT));
    expect(() => createRadarClient({ apiToken: TOKEN, fetch, baseUrl })).toThrow(RadarValidationError);
    expect(() => createRadarClient({ apiToken: TOKEN, fetch, baseUrl })).toThrow(message);
    expect(fetch.sent).toHaveLength(0);
  });
});

describe('credential redaction', () => {
  const leaks = (value: unknown): string[] => {
    const texts = [inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }), String(value)];
    if (value instanceof Error) texts.push(value.message, value.stack ?? '');
    return texts.filter((text) => text.includes(SECRET) || text.includes(KEY));
  };
  const secretClient = (fetch: ReturnType<typeof fakeFetch>, extra = {}) =>
    createRadarClient({ apiToken: SECRET, fetch, maxRetries: 0, deprecationWarnings: false, ...extra });

  it.each([
    { description: 'an API error', answer: failure(401, 10000, 'Authentication error'), options: {} },
    { description: 'a rate limit error', answer: failure(429, 1015, 'rate limited'), options: {} },
    { description: 'a non-JSON body', answer: new Response('<html>bad gateway</html>', { status: 502 }), options: {} },
    { description: 'a connection error', answer: new TypeError('fetch failed'), options: {} },
    { description: 'a timeout', answer: hang, options: { timeout: 5 } },
  ])('no credential in $description', async ({ answer, options }) => {
    const error = await secretClient(fakeFetch(answer), options)
      .radar.tcpResetsTimeouts.summary()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(leaks(error)).toEqual([]);
  });

  it('no credential in a validation error', async () => {
    const client = secretClient(fakeFetch());
    // @ts-expect-error: an unknown parameter, on purpose
    const error = await client.radar.tcpResetsTimeouts.summary({ token: ['x'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RadarValidationError);
    expect(leaks(error)).toEqual([]);
  });

  it.each([
    { description: 'a refused base URL', options: { apiToken: SECRET, baseUrl: 'http://example.com' } },
    { description: 'half a pair', options: { apiKey: KEY } },
    {
      description: 'a base URL with a password in it',
      options: { apiToken: SECRET, baseUrl: `https://u:${SECRET}@example.com` },
    },
  ])('no credential in the error for $description', ({ options }) => {
    let error: unknown;
    try {
      createRadarClient(options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RadarValidationError);
    expect(leaks(error)).toEqual([]);
  });

  it.each([
    {
      description: 'a NUL inside the token',
      options: { apiToken: `${SECRET}\u0000x` },
      env: {},
      name: 'Authorization',
      from: 'the options',
    },
    {
      description: 'a line break inside the key',
      options: { apiEmail: 'me@example.com', apiKey: `${KEY}\nx` },
      env: {},
      name: 'X-Auth-Key',
      from: 'the options',
    },
    {
      description: 'a NUL in the environment token',
      options: {},
      env: { CLOUDFLARE_API_TOKEN: `${SECRET}\u0000` },
      name: 'Authorization',
      from: 'env',
    },
  ])('refuses $description without quoting it (fetch would)', ({ options, env, name, from }) => {
    let error: unknown;
    try {
      authHeaders({ ...options, env });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RadarValidationError);
    expect((error as Error).message).toContain(
      `the ${name} value from ${from} holds a control character or line break`,
    );
    expect(leaks(error)).toEqual([]);
  });

  it('no credential in the inspected or printed client', () => {
    const client = createRadarClient({ apiEmail: 'user@example.com', apiKey: KEY, fetch: fakeFetch() });
    expect(leaks(client)).toEqual([]);
    expect(leaks(client.radar)).toEqual([]);
    expect(leaks(client.raw)).toEqual([]);
  });
});
