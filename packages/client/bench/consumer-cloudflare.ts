// The size benchmark's consumer: the same three calls through Cloudflare's official SDK.
import Cloudflare from 'cloudflare';

const client = new Cloudflare();
console.log(
  await client.radar.tcpResetsTimeouts.summary({ location: ['US'], dateRange: ['7d'] }),
  await client.radar.email.security.summary.tlsVersion({ dkim: ['PASS'] }),
  await client.radar.dns.timeseriesGroups.matchingAnswer({ aggInterval: '1h' }),
);
