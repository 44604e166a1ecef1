// The size benchmark's consumer: the same five calls through Cloudflare's official SDK.
import Cloudflare from 'cloudflare';

const client = new Cloudflare();
console.log(
  await client.radar.tcpResetsTimeouts.summary({ location: ['US'], dateRange: ['7d'] }),
  await client.radar.email.security.summary.tlsVersion({ dkim: ['PASS'] }),
  await client.radar.dns.timeseriesGroups.matchingAnswer({ aggInterval: '1h' }),
  await client.radar.email.security.summaryV2('TLS_VERSION', { dkim: ['PASS'] }),
  await client.radar.dns.timeseriesGroupsV2('MATCHING_ANSWER', { aggInterval: '1h' }),
);
