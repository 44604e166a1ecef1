import { describe, expect, it } from 'vitest';
import { createRadarClient, operationFacts, RadarValidationError } from '../src/index.js';
import { prepare } from '../src/params.js';

const serializeQuery = (fact: Parameters<typeof prepare>[0], query: unknown): string => prepare(fact, [query]).target;

import { fakeFetch, ok, TOKEN } from './fake-fetch.js';

const TCP = operationFacts.getTcpResetsTimeoutsSummary;
const DNS = operationFacts.getDnsTimeseriesGroupsByMatchingAnswer;
const EMAIL = operationFacts.getEmailSecuritySummaryByTlsVersion;

describe('validation from the spec', () => {
  it.each([
    {
      description: 'an unknown parameter name',
      fact: TCP,
      query: { locaton: ['US'] },
      message:
        'unknown parameter "locaton"; allowed: name, dateRange, dateStart, dateEnd, asn, location, continent, format',
    },
    {
      description: 'an enum value the spec does not list',
      fact: DNS,
      query: { aggInterval: '2h' },
      message: 'aggInterval: "2h" is not one of 15m, 1h, 1d, 1w',
    },
    {
      description: 'an enum value inside an array',
      fact: EMAIL,
      query: { dkim: ['PASS', 'MAYBE'] },
      message: 'dkim[1]: "MAYBE" is not one of PASS, NONE, FAIL',
    },
    {
      description: 'a lower-case enum value',
      fact: DNS,
      query: { protocol: ['udp'] },
      message: 'protocol[0]: "udp" is not one of UDP, TCP, HTTPS, TLS',
    },
    {
      description: 'a format the spec does not list',
      fact: TCP,
      query: { format: 'XML' },
      message: 'format: "XML" is not one of JSON, CSV',
    },
    {
      description: 'a dateRange without a unit',
      fact: TCP,
      query: { dateRange: ['7'] },
      message: `dateRange[0]: "7" is not allowed; expected ${TCP.parameters.find((p) => p.name === 'dateRange')?.description}`,
    },
    {
      description: 'a dateRange of 365 days',
      fact: TCP,
      query: { dateRange: ['365d'] },
      message: 'dateRange[0]: "365d" is not allowed',
    },
    {
      description: 'a dateRange of 53 weeks',
      fact: TCP,
      query: { dateRange: ['53w'] },
      message: 'dateRange[0]: "53w" is not allowed',
    },
    {
      description: 'a dateRange of 0 days',
      fact: TCP,
      query: { dateRange: ['0d'] },
      message: 'dateRange[0]: "0d" is not allowed',
    },
    {
      description: 'a dateRange in months',
      fact: TCP,
      query: { dateRange: ['1m'] },
      message: 'dateRange[0]: "1m" is not allowed',
    },
    {
      description: 'a dateRange with a bad suffix',
      fact: TCP,
      query: { dateRange: ['7dctrl'] },
      message: 'dateRange[0]: "7dctrl" is not allowed',
    },
    {
      description: 'a dateStart that is only a date',
      fact: TCP,
      query: { dateStart: ['2023-09-01'] },
      message: 'dateStart[0]: "2023-09-01" is not an RFC 3339 date-time such as 2023-09-01T11:41:33.782Z',
    },
    {
      description: 'a dateEnd without a time zone',
      fact: EMAIL,
      query: { dateEnd: ['2023-09-01T11:41:33'] },
      message: 'dateEnd[0]: "2023-09-01T11:41:33" is not an RFC 3339 date-time',
    },
    {
      description: 'a dateEnd on a day that does not exist',
      fact: EMAIL,
      query: { dateEnd: ['2023-13-45T11:41:33Z'] },
      message: 'dateEnd[0]: "2023-13-45T11:41:33Z" is not an RFC 3339 date-time',
    },
    {
      description: 'a tld of one character',
      fact: DNS,
      query: { tld: ['c'] },
      message: 'tld[0]: "c" is shorter than 2 characters',
    },
    {
      description: 'a tld of 64 characters',
      fact: DNS,
      query: { tld: ['x'.repeat(64)] },
      message: `tld[0]: "${'x'.repeat(60)}…" is longer than 63 characters`,
    },
    {
      description: 'an empty series name',
      fact: TCP,
      query: { name: [''] },
      message: 'name[0]: "" is shorter than 1 characters',
    },
    {
      description: 'a string where a boolean goes',
      fact: DNS,
      query: { nodata: ['true'] },
      message: 'nodata[0]: "true" is not a boolean',
    },
    {
      description: 'a single value where an array goes',
      fact: TCP,
      query: { location: 'US' },
      message: 'location: "US" is not an array (one value per series)',
    },
    {
      description: 'per-series arrays that do not line up',
      fact: TCP,
      query: { name: ['us', 'pt'], location: ['US', 'PT'], dateRange: ['7d'] },
      message:
        'per-series arrays must have the same length when more than one series is asked for: name (2), dateRange (1), location (2)',
    },
    {
      description: 'a query that is not an object',
      fact: TCP,
      query: 'location=US',
      message: 'the query must be an object of parameters, found "location=US"',
    },
  ])('refuses $description', ({ fact, query, message }) => {
    expect(() => serializeQuery(fact, query)).toThrow(RadarValidationError);
    expect(() => serializeQuery(fact, query)).toThrow(`${fact.method} ${fact.path}: `);
    expect(() => serializeQuery(fact, query)).toThrow(message);
  });

  it.each([
    { description: 'no query', fact: TCP, query: undefined },
    { description: 'an empty query', fact: TCP, query: {} },
    { description: 'every dateRange form', fact: TCP, query: { dateRange: ['1d'], name: ['a'] } },
    {
      description: 'the longest ranges',
      fact: TCP,
      query: { dateRange: ['364d', '52w', '364dcontrol', '52wcontrol'] },
    },
    {
      description: 'one series with several filters',
      fact: TCP,
      query: { location: ['US'], asn: ['13335'], dateRange: ['7d'] },
    },
    {
      description: 'several aligned series',
      fact: TCP,
      query: { name: ['us', 'pt'], location: ['US', 'PT'], dateRange: ['7d', '7d'] },
    },
    {
      description: 'a series-wide single value next to one series',
      fact: DNS,
      query: { aggInterval: '1h', tld: ['com'] },
    },
    {
      description: 'date-times with offsets and fractions',
      fact: TCP,
      query: { dateStart: ['2023-09-01T11:41:33+01:00'], dateEnd: ['2023-09-08T11:41:33.782Z'] },
    },
    { description: 'a comma list inside one value', fact: TCP, query: { location: ['-US,PT'] } },
    { description: 'tlds of 2 and 63 characters', fact: DNS, query: { tld: ['io', 'x'.repeat(63)] } },
    { description: 'undefined values', fact: TCP, query: { location: undefined } },
  ])('accepts $description', ({ fact, query }) => {
    expect(() => serializeQuery(fact, query)).not.toThrow();
  });

  it('names every problem of a query in one error', () => {
    expect(() => serializeQuery(DNS, { aggInterval: '2h', tld: ['c'], bogus: 1 })).toThrow(
      /aggInterval: "2h".*; tld\[0\]: "c".*; unknown parameter "bogus"/,
    );
  });

  it('refuses bad input before any request', async () => {
    const fetch = fakeFetch(ok({ meta: {}, serie_0: {} }));
    const client = createRadarClient({ apiToken: TOKEN, fetch, deprecationWarnings: false });
    // @ts-expect-error: '2h' is not an aggregation interval of the spec
    await expect(client.radar.dns.timeseriesGroups.matchingAnswer({ aggInterval: '2h' })).rejects.toThrow(
      RadarValidationError,
    );
    await expect(client.radar.tcpResetsTimeouts.summary({ dateRange: ['8x'] })).rejects.toThrow(
      'GET /radar/tcp_resets_timeouts/summary: dateRange[0]: "8x" is not allowed',
    );
    expect(fetch.sent).toHaveLength(0);
  });
});

describe('dateRange across series (Cloudflare SDK 7.3.0, SecuritySummaryV2Params.dateRange: every series resolves to the main series duration)', () => {
  const send = (dateRange: string[]) => () =>
    serializeQuery(TCP, { dateRange, name: dateRange.map((_, i) => `s${i}`) });
  it.each([{ dateRange: ['7d', '7dcontrol'] }, { dateRange: ['7d', '1w'] }, { dateRange: ['14d', '2wControl'] }])(
    'sends $dateRange, which cover one duration',
    ({ dateRange }) => {
      expect(send(dateRange)).not.toThrow();
    },
  );

  it('sends 7dControl as written (the "Make comparisons" guide)', () => {
    expect(serializeQuery(TCP, { dateRange: ['7dControl'] })).toBe(
      '/radar/tcp_resets_timeouts/summary?dateRange=7dControl',
    );
  });

  it('refuses series of different durations, naming both', () => {
    expect(send(['7d', '14d'])).toThrow(
      'dateRange: "14d" covers 14 days but "7d" covers 7; every series must cover the same duration as the first',
    );
  });
});

describe('arrays with holes (issue 12, finding 7)', () => {
  it.each([
    // biome-ignore lint/suspicious/noSparseArray: the hole is what is tested
    { description: 'a hole between two values', query: { location: ['US', , 'PT'] }, problem: 'location[1]' },
    { description: 'an array of holes only', query: { name: new Array(2) }, problem: 'name[0]' },
    {
      description: 'a hole at the end, made by setting the length',
      query: { dateRange: Object.assign(['7d'], { length: 2 }) },
      problem: 'dateRange[1]',
    },
  ])('$description is refused, before any request', async ({ query, problem }) => {
    const fetch = fakeFetch(ok({ meta: {}, summary_0: {} }));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    // @ts-expect-error: the types have no holes; the check at run time is what is tested
    const error = await client.radar.tcpResetsTimeouts.summary(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RadarValidationError);
    expect((error as Error).message).toContain(`${problem}: missing (a hole in the array); give every series a value`);
    expect(fetch.sent).toHaveLength(0);
  });

  it('an explicit undefined inside an array is not a hole, but still not a string', () => {
    expect(() => serializeQuery(TCP, { location: ['US', undefined] })).toThrow(
      'location[1]: undefined is not a string',
    );
  });
});

describe('date-times against the calendar (issue 12, finding 9)', () => {
  const NOT_A_DATE = 'is not an RFC 3339 date-time such as 2023-09-01T11:41:33.782Z';
  it.each([
    { description: 'the 30th of February', value: '2023-02-30T00:00:00Z' },
    { description: 'the 31st of September', value: '2023-09-31T00:00:00Z' },
    { description: 'the 29th of February in a common year', value: '2023-02-29T00:00:00Z' },
    { description: 'the 29th of February in 1900, not a leap year', value: '1900-02-29T00:00:00Z' },
    { description: 'hour 24', value: '2023-09-01T24:00:00Z' },
    { description: 'minute 60', value: '2023-09-01T12:60:00Z' },
    { description: 'second 61', value: '2016-12-31T23:59:61Z' },
    { description: 'a leap second at a time of day where none can be', value: '2016-12-31T12:00:60Z' },
    { description: 'a leap second at 23:59 local time, not UTC', value: '2016-12-31T23:59:60+01:00' },
    { description: 'month 13', value: '2023-13-01T00:00:00Z' },
    { description: 'day 0', value: '2023-09-00T00:00:00Z' },
    { description: 'an offset of 24 hours', value: '2023-09-01T00:00:00+24:00' },
    { description: 'a date without a time', value: '2023-09-01' },
    { description: 'no offset', value: '2023-09-01T00:00:00' },
    { description: 'what Date.parse reads but RFC 3339 does not', value: 'Sep 1 2023' },
  ])('refuses $description: $value', async ({ value }) => {
    const fetch = fakeFetch(ok({ meta: {}, summary_0: {} }));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    const error = await client.radar.tcpResetsTimeouts.summary({ dateStart: [value] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RadarValidationError);
    expect((error as Error).message).toContain(`dateStart[0]: ${JSON.stringify(value)} ${NOT_A_DATE}`);
    expect(fetch.sent).toHaveLength(0);
  });

  it.each([
    { description: 'a leap second at 23:59:60 UTC', value: '2016-12-31T23:59:60Z' },
    { description: 'a leap second at 23:59:60 UTC written in +01:00', value: '2017-01-01T00:59:60+01:00' },
    { description: 'a leap second at 23:59:60 UTC written in -05:30', value: '2016-12-31T18:29:60-05:30' },
    { description: 'the 29th of February in a leap year', value: '2024-02-29T00:00:00Z' },
    { description: 'the 29th of February in 2000, a leap year', value: '2000-02-29T23:59:59.999Z' },
    { description: 'the 31st of December', value: '2023-12-31T23:59:59+14:00' },
    { description: 'a lower-case t and z', value: '2023-09-01t11:41:33z' },
  ])('accepts $description: $value', async ({ value }) => {
    const fetch = fakeFetch(ok({ meta: {}, summary_0: {} }));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    await client.radar.tcpResetsTimeouts.summary({ dateStart: [value] });
    expect(fetch.sent[0]?.url.searchParams.getAll('dateStart')).toEqual([value]);
  });
});

describe('validation messages are one bounded line (issue 12, finding 5)', () => {
  const HUGE = 'x'.repeat(1_000_000);
  it.each([
    { description: 'a huge string where an array belongs', query: { location: HUGE } },
    { description: 'a huge string that is not a date-time', query: { dateStart: [HUGE] } },
    { description: 'a huge unknown parameter name', query: { [HUGE]: 1 } },
    { description: 'ten thousand wrong items', query: { location: Array.from({ length: 10_000 }, () => 5) } },
    {
      description: 'ten thousand unknown names',
      query: Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 1])),
    },
    { description: 'a line break in an unknown name', query: { 'location\nINFO forged': ['US'] } },
    { description: 'a symbol with a line break', query: { location: [Symbol('a\nINFO forged')] } },
    // JSON.stringify escapes \n and \r but not these, at which log readers and editors break lines too.
    { description: 'a line or paragraph separator in a value', query: { dateStart: ['a\u2028INFO\u2029forged'] } },
    { description: 'a next-line character in a value', query: { dateStart: ['a\u0085INFO forged'] } },
    { description: 'a line separator in an unknown name', query: { 'k\u2028INFO forged': 1 } },
    { description: 'a huge bigint', query: { location: [10n ** 5000n] } },
  ])('$description', async ({ query }) => {
    const fetch = fakeFetch();
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    // @ts-expect-error: wrong on purpose
    const error = await client.radar.tcpResetsTimeouts.summary(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RadarValidationError);
    const { message } = error as Error;
    expect(message.length).toBeLessThanOrEqual(1000);
    expect(message).not.toMatch(/[\n\r\u0085\u2028\u2029]/);
    expect(message).not.toContain('x'.repeat(100));
    expect(message).not.toContain('0'.repeat(100));
    expect(message).toMatch(/^GET \/radar\/tcp_resets_timeouts\/summary: /);
    expect(fetch.sent).toHaveLength(0);
  });
});

describe('strings as JSON Schema and URLs see them (found by the fuzz suite)', () => {
  const DNS_BY_DIMENSION = operationFacts.getDnsTimeseriesGroupsByDimension;
  it.each([
    {
      description: 'a lone high surrogate',
      query: { name: ['\uD800'] },
      message: 'name[0]: "\\ud800" is not well-formed Unicode (a lone surrogate)',
    },
    {
      description: 'a lone low surrogate inside a value',
      query: { location: ['U\uDC00S'] },
      message: 'location[0]: "U\\udc00S" is not well-formed Unicode',
    },
    {
      description: 'one emoji, one character of the two a tld needs',
      query: { tld: ['😀'] },
      message: 'tld[0]: "😀" is shorter than 2 characters',
    },
    {
      description: '64 emoji, past the 63 characters of a tld',
      query: { tld: ['😀'.repeat(64)] },
      message: 'is longer than 63 characters',
    },
  ])('refuses $description, rather than throwing or sending it', ({ query, message }) => {
    expect(() => prepare(DNS_BY_DIMENSION, ['AS', query])).toThrow(RadarValidationError);
    expect(() => prepare(DNS_BY_DIMENSION, ['AS', query])).toThrow(message);
  });

  it.each([
    {
      description: 'two emoji as a tld of two characters',
      query: { tld: ['😀😀'] },
      sent: '?tld=%F0%9F%98%80%F0%9F%98%80',
    },
    {
      description: '63 emoji, the longest tld',
      query: { tld: ['😀'.repeat(63)] },
      sent: `?tld=${'%F0%9F%98%80'.repeat(63)}`,
    },
    { description: 'one emoji as a name', query: { name: ['😀'] }, sent: '?name=%F0%9F%98%80' },
  ])('accepts $description', ({ query, sent }) => {
    expect(prepare(DNS_BY_DIMENSION, ['AS', query]).target).toBe(`/radar/dns/timeseries_groups/AS${sent}`);
  });
});
