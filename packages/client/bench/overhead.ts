// Calls per second against one loopback server (in a child process): this client, a bare `fetch` of
// the same URL, and the official SDK, interleaved round by round so that drift hits all three alike.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRadarClient } from '@cf-radar/client';
import Cloudflare from 'cloudflare';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const TOKEN = 'bench-token-not-a-secret';

export interface Overhead {
  /** Calls per second over all rounds. */
  ours: number;
  rawFetch: number;
  sdk: number;
  /** Median over rounds of ours ÷ raw fetch and ours ÷ SDK: robust to a burst of outside load in one round. */
  ofRawFetch: number;
  ofSdk: number;
  calls: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

export async function measureOverhead(rounds = 15, callsPerRound = 200): Promise<Overhead> {
  const tsx = join(dirname(require.resolve('tsx/package.json')), 'dist', 'loader.mjs');
  const server = fork(join(here, 'server.ts'), {
    execArgv: ['--import', tsx],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  try {
    const [chunk] = (await once(server.stdout ?? server, 'data')) as [Buffer];
    const baseUrl = `http://127.0.0.1:${chunk.toString().trim()}`;
    const query = { location: ['US'], dateRange: ['7d'] };
    const ours = createRadarClient({ apiToken: TOKEN, baseUrl });
    const sdk = new Cloudflare({ apiToken: TOKEN, baseURL: baseUrl });
    const url = `${baseUrl}/radar/tcp_resets_timeouts/summary?location=US&dateRange=7d`;
    const headers = { authorization: `Bearer ${TOKEN}`, accept: 'application/json' };

    const contenders = {
      ours: () => ours.radar.tcpResetsTimeouts.summary(query),
      rawFetch: async () => {
        const response = await fetch(url, { headers });
        const parsed = (await response.json()) as { success: boolean; result: unknown };
        if (!parsed.success) throw new Error('not a success');
        return parsed.result;
      },
      sdk: () => sdk.radar.tcpResetsTimeouts.summary(query),
    };
    const names = Object.keys(contenders) as (keyof typeof contenders)[];
    const elapsed = { ours: 0, rawFetch: 0, sdk: 0 };
    const ofRawFetch: number[] = [];
    const ofSdk: number[] = [];

    // One warm-up round (JIT, connection pools), not counted.
    for (const name of names) for (let i = 0; i < 100; i++) await contenders[name]();
    for (let round = 0; round < rounds; round++) {
      const took = { ours: 0, rawFetch: 0, sdk: 0 };
      // Rotate who goes first, so no contender always runs on the warmest or coldest machine.
      for (const name of [...names.slice(round % 3), ...names.slice(0, round % 3)]) {
        const started = performance.now();
        for (let i = 0; i < callsPerRound; i++) await contenders[name]();
        took[name] = performance.now() - started;
        elapsed[name] += took[name];
      }
      ofRawFetch.push(took.rawFetch / took.ours);
      ofSdk.push(took.sdk / took.ours);
    }
    const perSecond = (ms: number): number => (rounds * callsPerRound * 1000) / ms;
    return {
      ours: perSecond(elapsed.ours),
      rawFetch: perSecond(elapsed.rawFetch),
      sdk: perSecond(elapsed.sdk),
      ofRawFetch: median(ofRawFetch),
      ofSdk: median(ofSdk),
      calls: rounds * callsPerRound,
    };
  } finally {
    server.kill();
  }
}
