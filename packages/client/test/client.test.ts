import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRadarClient, operationFacts, RadarConnectionError, RadarTimeoutError } from '../src/index.js';
import { fakeFetch, json, ok, TOKEN } from './fake-fetch.js';

// The operations the tree must hold are the bundle's, whatever their number.
const bundle = createRequire(import.meta.url)('@cf-radar/openapi/openapi.json') as {
  paths: Record<string, Record<string, { operationId: string }>>;
};

const META = { dateRange: [], lastUpdated: '2026-01-01T00:00:00Z', normalization: 'PERCENTAGE', units: [] };
const TCP = { later_in_flow: '10', no_match: '65', post_ack: '5', post_psh: '10', post_syn: '10' };

describe('results', () => {
  it('resolves to the unwrapped result', async () => {
    const fetch = fakeFetch(ok({ meta: META, summary_0: TCP }));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    expect(await client.radar.tcpResetsTimeouts.summary({ location: ['US'], dateRange: ['7d'] })).toEqual({
      meta: META,
      summary_0: TCP,
    });
  });

  it('keys named series by their names', async () => {
    const fetch = fakeFetch(ok({ meta: META, us: TCP, pt: { ...TCP, no_match: '70' } }));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    const result = await client.radar.tcpResetsTimeouts.summary({
      name: ['us', 'pt'],
      location: ['US', 'PT'],
      dateRange: ['7d', '7d'],
    });
    expect(result.us.no_match).toBe('65');
    expect(result.pt.no_match).toBe('70');
    expect(fetch.sent[0]?.url.search).toBe('?name=us&name=pt&dateRange=7d&dateRange=7d&location=US&location=PT');
  });

  it.each([
    {
      description: 'the TCP summary',
      call: 'tcp',
      text: 'later_in_flow,no_match,post_ack,post_psh,post_syn\n10,65,5,10,10\n',
    },
    { description: 'the email TLS summary', call: 'tls', text: 'TLS 1.0,TLS 1.1,TLS 1.2,TLS 1.3\n10,10,10,10\n' },
    {
      description: 'the DNS timeseries',
      call: 'dns',
      text: 'timestamp,NEGATIVE,POSITIVE\n2022-09-16T10:15:00Z,10,10\n',
    },
  ])('resolves to the CSV text of $description with format CSV', async ({ call, text }) => {
    const fetch = fakeFetch(new Response(text, { headers: { 'content-type': 'text/csv' } }));
    const client = createRadarClient({ apiToken: TOKEN, fetch, deprecationWarnings: false });
    const csv =
      call === 'tcp'
        ? await client.radar.tcpResetsTimeouts.summary({ format: 'CSV' })
        : call === 'tls'
          ? await client.radar.email.security.summary.tlsVersion({ format: 'CSV' })
          : await client.radar.dns.timeseriesGroups.matchingAnswer({ format: 'CSV' });
    expect(csv).toBe(text);
    expect(fetch.sent[0]?.url.searchParams.get('format')).toBe('CSV');
  });

  it('has one method per operation of the spec, where its x-client-method says', () => {
    const client = createRadarClient({ apiToken: TOKEN, fetch: fakeFetch() });
    expect(Object.keys(operationFacts).sort()).toEqual(
      Object.values(bundle.paths)
        .flatMap((item) => Object.values(item).map((op) => op.operationId))
        .sort(),
    );
    for (const fact of Object.values(operationFacts)) {
      let node: unknown = client;
      for (const key of fact.location) node = (node as Record<string, unknown>)[key];
      expect(typeof node, fact.location.join('.')).toBe('function');
    }
  });

  it('exposes the openapi-fetch client with the base URL and credentials', async () => {
    const fetch = fakeFetch(ok({ meta: META, summary_0: TCP }));
    const client = createRadarClient({ apiToken: TOKEN, fetch, baseUrl: 'https://radar.example/v4' });
    const { data } = await client.raw.GET('/radar/tcp_resets_timeouts/summary', {
      params: { query: { location: ['US'] } },
    });
    if (typeof data !== 'object') throw new Error(`expected a JSON body, found ${typeof data}`);
    expect(data.result.summary_0).toEqual(TCP);
    expect(fetch.sent[0]?.url.href).toBe('https://radar.example/v4/radar/tcp_resets_timeouts/summary?location=US');
    expect(fetch.sent[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });
});

describe('deprecation warnings', () => {
  const warnings = async (run: () => Promise<unknown>): Promise<Error[]> => {
    const seen: Error[] = [];
    const listener = (warning: Error): void => void seen.push(warning);
    process.on('warning', listener);
    await run();
    await new Promise((resolve) => setImmediate(resolve)); // emitWarning reports on the next tick
    process.off('warning', listener);
    return seen.filter((warning) => (warning as Error & { code?: string }).code === 'CF_RADAR_DEPRECATED');
  };

  it('stay silent when turned off', async () => {
    const fetch = fakeFetch(ok({ meta: META, serie_0: {} }));
    const client = createRadarClient({ apiToken: TOKEN, fetch, deprecationWarnings: false });
    expect(await warnings(() => client.radar.dns.timeseriesGroups.matchingAnswer())).toEqual([]);
  });

  it('warn once per deprecated operation, naming the replacement', async () => {
    const fetch = fakeFetch(...Array.from({ length: 3 }, () => ok({ meta: META, serie_0: {} })));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    const seen = await warnings(async () => {
      await client.radar.dns.timeseriesGroups.matchingAnswer();
      await client.radar.dns.timeseriesGroups.matchingAnswer();
      await client.radar.tcpResetsTimeouts.summary();
    });
    expect(seen.map((warning) => [warning.name, warning.message])).toEqual([
      [
        'DeprecationWarning',
        "GET /radar/dns/timeseries_groups/matching_answer is deprecated; use client.radar.dns.timeseriesGroupsV2('MATCHING_ANSWER', query) or getDnsTimeseriesGroupsByDimension(core, 'MATCHING_ANSWER', query) (GET /radar/dns/timeseries_groups/{dimension}) instead",
      ],
    ]);
  });
});

describe('against a loopback HTTP server', () => {
  let server: Server;
  let baseUrl: string;
  const seen: IncomingMessage[] = [];
  const routes: Record<string, (response: ServerResponse) => void> = {
    '/v4/radar/tcp_resets_timeouts/summary': (response) => {
      response.setHeader('content-type', 'application/json');
      response.setHeader('cf-ray', '8c0ffee000000001-LIS');
      response.end(JSON.stringify({ success: true, errors: [], messages: [], result: { meta: META, summary_0: TCP } }));
    },
    '/stall/radar/tcp_resets_timeouts/summary': (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"success":tr'); // and never the rest
    },
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request);
      const route = routes[new URL(request.url ?? '/', 'http://x').pathname];
      if (route) route(response);
      else response.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('calls the server with the global fetch, query and credentials', async () => {
    const client = createRadarClient({ apiToken: TOKEN, baseUrl: `${baseUrl}/v4` });
    expect(await client.radar.tcpResetsTimeouts.summary({ location: ['-US,PT'] })).toEqual({
      meta: META,
      summary_0: TCP,
    });
    const request = seen.at(-1);
    expect(request?.url).toBe('/v4/radar/tcp_resets_timeouts/summary?location=-US%2CPT');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('times out on a body that stalls half-way', async () => {
    const client = createRadarClient({ apiToken: TOKEN, baseUrl: `${baseUrl}/stall`, timeout: 100, maxRetries: 0 });
    await expect(client.radar.tcpResetsTimeouts.summary()).rejects.toBeInstanceOf(RadarTimeoutError);
  });

  it('raises a connection error when nothing listens', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');
    const client = createRadarClient({ apiToken: TOKEN, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const error = await client.radar.tcpResetsTimeouts.summary().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RadarConnectionError);
    expect((error as Error).message).toBe('GET /radar/tcp_resets_timeouts/summary: connection failed (ECONNREFUSED)');
  });
});

describe('a JSON error body on a CSV request', () => {
  it('is still an API error', async () => {
    const fetch = fakeFetch(json({ success: false, errors: [{ code: 10001, message: 'bad' }], result: null }, 400));
    const client = createRadarClient({ apiToken: TOKEN, fetch });
    await expect(client.radar.tcpResetsTimeouts.summary({ format: 'CSV' })).rejects.toThrow(
      '400 Bad Request (10001: bad)',
    );
  });
});
