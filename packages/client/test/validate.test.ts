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
