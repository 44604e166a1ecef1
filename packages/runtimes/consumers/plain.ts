// What every consumer writes; compiled under each `lib` / `types` setup the client's README names.
import { createRadarClient, RadarError } from '@cf-radar/client';

const client = createRadarClient({ apiToken: 'token' });
try {
  const tcp = await client.radar.tcpResetsTimeouts.summary({ location: ['US'], dateRange: ['7d'] });
  console.log(tcp.summary_0.no_match);
  console.log(await client.radar.tcpResetsTimeouts.summary({ format: 'CSV' }));
} catch (error) {
  if (error instanceof RadarError) console.log(error.message);
}
