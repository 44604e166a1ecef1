// Calls the three Radar endpoints, two named series each, and prints every answer as a table of
// numbers (the API sends numeric strings; `toNumbers` turns them into numbers).
//
//   npm run example                          # offline, against the replay server (started for you)
//   CLOUDFLARE_API_TOKEN=… npm run example   # against the live API
//
// On its own: `npx tsx examples/radar-tables.ts`, with RADAR_BASE_URL to point it elsewhere.
import { createRadarClient, toNumbers } from '@cf-radar/client';

const client = createRadarClient({
  // Credentials come from CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY.
  ...(process.env.RADAR_BASE_URL ? { baseUrl: process.env.RADAR_BASE_URL } : {}),
  // Two of the three endpoints are deprecated; this example calls them on purpose.
  deprecationWarnings: false,
});

/** Lays rows out in columns: the first left-aligned, the others right-aligned to one decimal. */
function table(title: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? cell.toFixed(1) : cell)))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [title, line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.slice(1).map(line)].join('\n');
}

const tcp = await client.radar.tcpResetsTimeouts.summary({
  name: ['us', 'pt'],
  location: ['US', 'PT'],
  dateRange: ['7d', '7d'],
});
const stages = ['post_syn', 'post_ack', 'post_psh', 'later_in_flow', 'no_match'] as const;
console.log(
  table(
    'TCP connections ended by a reset or timeout in their first 10 packets, by stage (%), last 7 days',
    ['series', ...stages],
    (['us', 'pt'] as const).map((name) => {
      const row = toNumbers(tcp[name]);
      return [name, ...stages.map((stage) => row[stage])];
    }),
  ),
);

const tls = await client.radar.email.security.summary.tlsVersion({
  name: ['dkim_pass', 'dkim_fail'],
  dkim: ['PASS', 'FAIL'],
});
const versions = ['TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3'] as const;
console.log(
  `\n${table(
    'Emails by TLS version (%), split by DKIM result',
    ['series', ...versions],
    (['dkim_pass', 'dkim_fail'] as const).map((name) => {
      const row = toNumbers(tls[name]);
      return [name, ...versions.map((version) => row[version])];
    }),
  )}`,
);

const dns = await client.radar.dns.timeseriesGroups.matchingAnswer({
  aggInterval: '1d',
  name: ['udp', 'https'],
  protocol: ['UDP', 'HTTPS'],
  dateRange: ['2d', '2d'],
});
const udp = toNumbers(dns.udp);
const https = toNumbers(dns.https);
console.log(
  `\n${table(
    `DNS queries whose answer matched (%), per ${dns.meta.aggInterval.toLowerCase().replace('_', ' ')}`,
    ['step', 'udp matched', 'udp not', 'https matched', 'https not'],
    udp.POSITIVE.map((_, i) => [
      udp.timestamps?.[i] ?? `#${i + 1}`,
      udp.POSITIVE[i] ?? Number.NaN,
      udp.NEGATIVE[i] ?? Number.NaN,
      https.POSITIVE[i] ?? Number.NaN,
      https.NEGATIVE[i] ?? Number.NaN,
    ]),
  )}`,
);
