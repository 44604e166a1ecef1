import { createRadarClient } from '@cf-radar/client';

const apiToken = process.env.CLOUDFLARE_API_TOKEN ?? '';
const client = createRadarClient({ apiToken });

// Hourly steps over the last day.
const result = await client.radar.dns.timeseriesGroups.matchingAnswer({
  aggInterval: '1h',
  dateRange: ['1d'],
});
console.log(result.serie_0);

// The same as CSV text.
const csv = await client.radar.dns.timeseriesGroups.matchingAnswer({
  aggInterval: '1h',
  dateRange: ['1d'],
  format: 'CSV',
});
console.log(csv);
