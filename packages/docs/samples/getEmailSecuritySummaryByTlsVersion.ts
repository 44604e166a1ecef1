import { createRadarClient } from '@cf-radar/client';

const apiToken = process.env.CLOUDFLARE_API_TOKEN ?? '';
const client = createRadarClient({ apiToken });

// Two named series, one per DKIM status: the other
// per-series filters follow in the same order.
const result = await client.radar.email.security.summary.tlsVersion({
  name: ['pass', 'fail'],
  dkim: ['PASS', 'FAIL'],
  dateRange: ['7d', '7d'],
});

console.log(result.pass, result.fail);
