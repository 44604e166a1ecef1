// The size benchmark's consumer: the three calls through this package, as a user would write them.
import { createRadarClient } from '@cf-radar/client';

const client = createRadarClient();
console.log(
  await client.radar.tcpResetsTimeouts.summary({ location: ['US'], dateRange: ['7d'] }),
  await client.radar.email.security.summary.tlsVersion({ dkim: ['PASS'] }),
  await client.radar.dns.timeseriesGroups.matchingAnswer({ aggInterval: '1h' }),
);
