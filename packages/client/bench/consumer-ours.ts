// The size benchmark's tree-form consumer: the five calls through this package's client, as a user
// would write them.
import { createRadarClient } from '@cf-radar/client';

const client = createRadarClient();
console.log(
  await client.radar.tcpResetsTimeouts.summary({ location: ['US'], dateRange: ['7d'] }),
  await client.radar.email.security.summary.tlsVersion({ dkim: ['PASS'] }),
  await client.radar.dns.timeseriesGroups.matchingAnswer({ aggInterval: '1h' }),
  await client.radar.email.security.summaryV2('TLS_VERSION', { dkim: ['PASS'] }),
  await client.radar.dns.timeseriesGroupsV2('MATCHING_ANSWER', { aggInterval: '1h' }),
);
