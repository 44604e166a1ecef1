import { createRadarClient } from '@cf-radar/client';

const apiToken = process.env.CLOUDFLARE_API_TOKEN ?? '';
const client = createRadarClient({ apiToken });

// One series, keyed `summary_0` in the result.
const result = await client.radar.tcpResetsTimeouts.summary({
  location: ['US'],
  dateRange: ['7d'],
});

console.log(result.summary_0);
