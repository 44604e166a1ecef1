import { describe, expectTypeOf, it } from 'vitest';
import {
  type components,
  createRadarClient,
  getTcpResetsTimeoutsSummary,
  type RadarResult,
  type RequestOptions,
} from '../src/index.js';

type Schemas = components['schemas'];
const client = createRadarClient({ apiToken: 'test-token' });

describe('result types per method', () => {
  it('the TCP summary resolves to meta and summary_0', async () => {
    const result = await client.radar.tcpResetsTimeouts.summary({ location: ['US'], dateRange: ['7d'] });
    expectTypeOf(result.meta).toEqualTypeOf<Schemas['ResultMeta']>();
    expectTypeOf(result.summary_0).toEqualTypeOf<Schemas['TcpResetsTimeoutsSummary']>();
    expectTypeOf(result).not.toHaveProperty('serie_0');
  });

  it('the email TLS summary resolves to meta and summary_0', async () => {
    const result = await client.radar.email.security.summary.tlsVersion({ dkim: ['PASS'] });
    expectTypeOf(result.summary_0).toEqualTypeOf<Schemas['TlsVersionSummary']>();
    expectTypeOf(result.summary_0['TLS 1.3']).toEqualTypeOf<string>();
  });

  it('the DNS timeseries resolves to timeseries meta and serie_0', async () => {
    const result = await client.radar.dns.timeseriesGroups.matchingAnswer({ aggInterval: '1h' });
    expectTypeOf(result.meta).toEqualTypeOf<Schemas['TimeseriesResultMeta']>();
    expectTypeOf(result.serie_0).toEqualTypeOf<Schemas['MatchingAnswerTimeseries']>();
    expectTypeOf(result.serie_0.NEGATIVE).toEqualTypeOf<string[]>();
  });

  it('a call with no query has the default key', async () => {
    const result = await client.radar.dns.timeseriesGroups.matchingAnswer();
    expectTypeOf(result).toEqualTypeOf<RadarResult<'getDnsTimeseriesGroupsByMatchingAnswer'>>();
    expectTypeOf(result).toHaveProperty('serie_0');
  });

  it('format JSON resolves to the result, not text', async () => {
    const result = await client.radar.tcpResetsTimeouts.summary({ format: 'JSON' });
    expectTypeOf(result.summary_0.no_match).toEqualTypeOf<string>();
  });
});

describe('the CSV overload', () => {
  it('resolves to string for each method', () => {
    expectTypeOf(client.radar.tcpResetsTimeouts.summary({ format: 'CSV' })).toEqualTypeOf<Promise<string>>();
    expectTypeOf(client.radar.email.security.summary.tlsVersion({ format: 'CSV', dkim: ['PASS'] })).toEqualTypeOf<
      Promise<string>
    >();
    expectTypeOf(client.radar.dns.timeseriesGroups.matchingAnswer({ format: 'CSV' })).toEqualTypeOf<Promise<string>>();
  });
});

describe('a format known only at run time', () => {
  it('resolves to the text or the result', () => {
    const format = (Math.random() > 0.5 ? 'CSV' : 'JSON') as 'CSV' | 'JSON';
    expectTypeOf(client.radar.tcpResetsTimeouts.summary({ format })).toEqualTypeOf<
      Promise<string | RadarResult<'getTcpResetsTimeoutsSummary'>>
    >();
  });
});

describe('series keys from names', () => {
  it('literal names become the keys', async () => {
    const result = await client.radar.tcpResetsTimeouts.summary({
      name: ['us', 'pt'],
      location: ['US', 'PT'],
      dateRange: ['7d', '7d'],
    });
    expectTypeOf(result.us).toEqualTypeOf<Schemas['TcpResetsTimeoutsSummary']>();
    expectTypeOf(result.pt).toEqualTypeOf<Schemas['TcpResetsTimeoutsSummary']>();
    expectTypeOf(result).not.toHaveProperty('summary_0');
    expectTypeOf(result).not.toHaveProperty('de');
  });

  it('as const names become the keys', async () => {
    const names = ['north', 'south'] as const;
    const result = await client.radar.dns.timeseriesGroups.matchingAnswer({ name: names, location: ['US', 'BR'] });
    expectTypeOf(result.north).toEqualTypeOf<Schemas['MatchingAnswerTimeseries']>();
    expectTypeOf(result).not.toHaveProperty('serie_0');
  });

  it('names only known at run time give a string index', async () => {
    const names: string[] = ['a'];
    const result = await client.radar.tcpResetsTimeouts.summary({ name: names });
    expectTypeOf(result.anything).toEqualTypeOf<Schemas['TcpResetsTimeoutsSummary'] | undefined>();
  });
});

describe('compile errors', () => {
  it('a wrong enum value', () => {
    // @ts-expect-error: '2h' is not an aggregation interval of the spec
    void client.radar.dns.timeseriesGroups.matchingAnswer({ aggInterval: '2h' });
    // @ts-expect-error: 'MAYBE' is not an email validation status
    void client.radar.email.security.summary.tlsVersion({ dkim: ['MAYBE'] });
    // @ts-expect-error: 'XML' is not a response format
    void client.radar.tcpResetsTimeouts.summary({ format: 'XML' });
  });

  it('an unknown parameter', () => {
    // @ts-expect-error: locaton is a typo
    void client.radar.tcpResetsTimeouts.summary({ locaton: ['US'] });
    // @ts-expect-error: aggInterval belongs to the DNS timeseries only
    void client.radar.tcpResetsTimeouts.summary({ aggInterval: '1h' });
    // @ts-expect-error: unknown next to a CSV format
    void client.radar.tcpResetsTimeouts.summary({ format: 'CSV', bogus: 1 });
  });

  it('a single value where the spec wants an array', () => {
    // @ts-expect-error: location is one value per series
    void client.radar.tcpResetsTimeouts.summary({ location: 'US' });
  });

  it('a key the names did not ask for', async () => {
    const result = await client.radar.tcpResetsTimeouts.summary({ name: ['us'] });
    // @ts-expect-error: only `us` was asked for
    void result.summary_0;
  });

  it('call options', () => {
    void client.radar.tcpResetsTimeouts.summary(
      {},
      { signal: AbortSignal.timeout(1), timeout: 5, maxRetries: 0, headers: { a: 'b' } },
    );
    // @ts-expect-error: retries is not an option
    void client.radar.tcpResetsTimeouts.summary({}, { retries: 1 });
  });

  it('client options', () => {
    createRadarClient({
      apiEmail: 'a@example.com',
      apiKey: 'k',
      baseUrl: 'http://127.0.0.1:1',
      timeout: 1,
      maxRetries: 0,
    });
    // @ts-expect-error: token is not an option; apiToken is
    createRadarClient({ token: 'x' });
  });
});

// Under `exactOptionalPropertyTypes` (this package's tsconfig), `{ signal?: AbortSignal }` refuses a
// value typed `AbortSignal | undefined`, which is what code passing its own optional signal has.
describe('maybe-values under exactOptionalPropertyTypes (issue 14, item 5)', () => {
  const maybe = <T>(value: T): T | undefined => (Math.random() > 0.5 ? value : undefined);

  it('every call option takes undefined', () => {
    const signal = maybe(AbortSignal.timeout(1));
    void client.radar.tcpResetsTimeouts.summary({}, { signal });
    void client.radar.tcpResetsTimeouts.summary(
      {},
      { signal, timeout: maybe(5), maxRetries: maybe(0), headers: maybe({ a: 'b' }) },
    );
    void getTcpResetsTimeoutsSummary(client.core, {}, { signal });
    expectTypeOf<{ signal: AbortSignal | undefined }>().toExtend<RequestOptions>();
  });

  it('every client option takes undefined', () => {
    createRadarClient({
      apiToken: maybe('t'),
      apiEmail: maybe('a@example.com'),
      apiKey: maybe('k'),
      env: maybe({}),
      baseUrl: maybe('http://127.0.0.1:1'),
      fetch: maybe(fetch),
      timeout: maybe(1),
      maxRetries: maybe(0),
      maxRetryAfter: maybe(1000),
      maxResponseBytes: maybe(1024),
      headers: maybe({ a: 'b' }),
      deprecationWarnings: maybe(false),
    });
  });

  it('an optional query parameter takes undefined', () => {
    void client.radar.tcpResetsTimeouts.summary({ location: maybe(['US']), format: maybe('JSON' as const) });
  });
});
