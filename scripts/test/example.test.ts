// `npm run example` offline: the example consumer runs against the replay server, which this script
// starts and stops, and prints every answer as numbers taken from the recordings.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const example = fileURLToPath(new URL('../example.ts', import.meta.url));
const recording = (operationId: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../packages/contract-tests/recordings/${operationId}/named-series.json`, import.meta.url),
      'utf8',
    ),
  ) as { response: { body: { result: Record<string, Record<string, string | string[]>> } } };

/** The row of a printed table that starts with `first`, split into cells. */
function row(output: string, first: string): string[] {
  const line = output.split('\n').find((l) => l.startsWith(`${first} `));
  if (line === undefined) throw new Error(`no row "${first}" in:\n${output}`);
  return line.trim().split(/\s{2,}/);
}

it('prints the three tables offline, with numbers from the recordings', () => {
  const env = { ...process.env };
  for (const name of ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_EMAIL', 'CLOUDFLARE_API_KEY', 'RADAR_BASE_URL'])
    delete env[name];
  const run = spawnSync(process.execPath, [tsx, example], { encoding: 'utf8', env, timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  const out = run.stdout;
  expect(out).toContain('✔ replay server on http://127.0.0.1:');
  expect(out).not.toContain('"');

  const tcp = recording('getTcpResetsTimeoutsSummary').response.body.result;
  expect(row(out, 'us')).toEqual([
    'us',
    ...['post_syn', 'post_ack', 'post_psh', 'later_in_flow', 'no_match'].map((k) => Number(tcp.us?.[k]).toFixed(1)),
  ]);
  const tls = recording('getEmailSecuritySummaryByTlsVersion').response.body.result;
  expect(row(out, 'dkim_fail')).toEqual([
    'dkim_fail',
    ...['TLS 1.0', 'TLS 1.1', 'TLS 1.2', 'TLS 1.3'].map((k) => Number(tls.dkim_fail?.[k]).toFixed(1)),
  ]);
  const dns = recording('getDnsTimeseriesGroupsByMatchingAnswer').response.body.result;
  const step = dns.udp?.timestamps?.[0] ?? '';
  expect(row(out, String(step))).toEqual([
    String(step),
    ...[dns.udp?.POSITIVE, dns.udp?.NEGATIVE, dns.https?.POSITIVE, dns.https?.NEGATIVE].map((values) =>
      Number(values?.[0]).toFixed(1),
    ),
  ]);
});
