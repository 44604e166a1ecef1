import { describe, expect, it } from 'vitest';
import { createRadarClient } from '../src/index.js';
import { fakeFetch, ok, TOKEN } from './fake-fetch.js';

async function search(call: (client: ReturnType<typeof createRadarClient>) => Promise<unknown>): Promise<string> {
  const fetch = fakeFetch(ok({ meta: {}, summary_0: {} }));
  await call(createRadarClient({ apiToken: TOKEN, fetch, deprecationWarnings: false }));
  const url = fetch.sent[0]?.url;
  if (!url) throw new Error('no request was sent');
  return url.search;
}

describe('query serialization', () => {
  it.each([
    {
      description: 'arrays become one repeated key per value',
      call: (c: ReturnType<typeof createRadarClient>) =>
        c.radar.tcpResetsTimeouts.summary({ location: ['US', 'PT'], dateRange: ['7d', '7d'] }),
      expected: '?dateRange=7d&dateRange=7d&location=US&location=PT',
    },
    {
      description: 'a comma inside a value stays in that value, percent-encoded',
      call: (c: ReturnType<typeof createRadarClient>) => c.radar.tcpResetsTimeouts.summary({ location: ['-US,PT'] }),
      expected: '?location=-US%2CPT',
    },
    {
      description: 'booleans go out as true and false',
      call: (c: ReturnType<typeof createRadarClient>) =>
        c.radar.dns.timeseriesGroups.matchingAnswer({ nodata: [true, false] }),
      expected: '?nodata=true&nodata=false',
    },
    {
      description: 'a scalar parameter is one key',
      call: (c: ReturnType<typeof createRadarClient>) =>
        c.radar.dns.timeseriesGroups.matchingAnswer({ aggInterval: '1h' }),
      expected: '?aggInterval=1h',
    },
    {
      description: 'parameters go out in the spec order, whatever order the caller wrote',
      call: (c: ReturnType<typeof createRadarClient>) =>
        c.radar.dns.timeseriesGroups.matchingAnswer({ tld: ['com'], asn: ['174'], aggInterval: '1d', name: ['x'] }),
      expected: '?aggInterval=1d&name=x&asn=174&tld=com',
    },
    {
      description: 'reserved characters are encoded, spaces as %20',
      call: (c: ReturnType<typeof createRadarClient>) => c.radar.tcpResetsTimeouts.summary({ name: ['a b&c=d'] }),
      expected: '?name=a%20b%26c%3Dd',
    },
    {
      description: 'undefined values are left out',
      call: (c: ReturnType<typeof createRadarClient>) =>
        c.radar.tcpResetsTimeouts.summary({ location: undefined, asn: ['13335'] }),
      expected: '?asn=13335',
    },
    {
      description: 'no query sends no query string',
      call: (c: ReturnType<typeof createRadarClient>) => c.radar.tcpResetsTimeouts.summary(),
      expected: '',
    },
  ])('$description', async ({ call, expected }) => {
    expect(await search(call)).toBe(expected);
  });

  it('sends the path of the spec under the base URL, without a doubled slash', async () => {
    const fetch = fakeFetch(ok({ meta: {}, summary_0: {} }));
    const client = createRadarClient({
      apiToken: TOKEN,
      fetch,
      deprecationWarnings: false,
      baseUrl: 'https://radar.example/client/v4/',
    });
    await client.radar.email.security.summary.tlsVersion({ dkim: ['PASS'] });
    expect(fetch.sent[0]?.url.href).toBe(
      'https://radar.example/client/v4/radar/email/security/summary/tls_version?dkim=PASS',
    );
    expect(fetch.sent[0]?.method).toBe('GET');
  });
});
