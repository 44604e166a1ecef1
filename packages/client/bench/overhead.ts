// Calls per second against one loopback server (in a child process): this client, a bare `fetch`, and
// the official SDK. They take turns call by call, in all six orders in rotation, so that outside load
// and the garbage one contender leaves for the next collection fall on all three alike (a fixed
// rotation ran one contender right after the SDK in two rounds of three).
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

/** The smallest, middle and largest of the per-round values. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface Overhead {
  /** Calls per second over all rounds. */
  ours: number;
  rawFetch: number;
  sdk: number;
  /** Per round, ours ÷ raw fetch and ours ÷ the SDK in calls per second; the median is the figure. */
  ofRawFetch: Spread;
  ofSdk: Spread;
  rounds: number;
  /** Calls per contender. */
  calls: number;
}

export interface OverheadOptions {
  rounds?: number;
  callsPerRound?: number;
  /** No round starts after this many milliseconds, so a loaded machine shortens the run instead of stretching it. */
  budgetMs?: number;
}

const spread = (values: number[]): Spread => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { min: sorted[0] ?? 0, median, max: sorted.at(-1) ?? 0 };
};

const ORDERS = [
  ['ours', 'rawFetch', 'sdk'],
  ['rawFetch', 'sdk', 'ours'],
  ['sdk', 'ours', 'rawFetch'],
  ['ours', 'sdk', 'rawFetch'],
  ['sdk', 'rawFetch', 'ours'],
  ['rawFetch', 'ours', 'sdk'],
] as const;

export async function measureOverhead({
  rounds = 30,
  callsPerRound = 400,
  budgetMs = 40_000,
}: OverheadOptions = {}): Promise<Overhead> {
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
    const headers = { authorization: `Bearer ${TOKEN}`, accept: 'application/json' };

    const contenders = {
      ours: () => ours.radar.tcpResetsTimeouts.summary(query),
      // The least a caller of fetch does for the same answer: build the URL from the same query, send
      // the same two headers, parse the JSON body and unwrap `result`. No validation, timeout or retry.
      rawFetch: async () => {
        const search = new URLSearchParams();
        for (const [name, values] of Object.entries(query)) for (const value of values) search.append(name, value);
        const response = await fetch(`${baseUrl}/radar/tcp_resets_timeouts/summary?${search}`, { headers });
        const parsed = (await response.json()) as { success: boolean; result: unknown };
        if (!parsed.success) throw new Error('not a success');
        return parsed.result;
      },
      sdk: () => sdk.radar.tcpResetsTimeouts.summary(query),
    };
    const elapsed = { ours: 0, rawFetch: 0, sdk: 0 };
    const ofRawFetch: number[] = [];
    const ofSdk: number[] = [];

    // Warm-up (JIT, connection pools), not counted.
    for (let i = 0; i < 200; i++) for (const name of ORDERS[0]) await contenders[name]();
    const started = performance.now();
    let round = 0;
    for (; round < rounds && performance.now() - started < budgetMs; round++) {
      const took = { ours: 0, rawFetch: 0, sdk: 0 };
      for (let i = 0; i < callsPerRound; i++) {
        for (const name of ORDERS[(round * callsPerRound + i) % ORDERS.length] ?? ORDERS[0]) {
          const before = performance.now();
          await contenders[name]();
          took[name] += performance.now() - before;
        }
      }
      for (const name of ORDERS[0]) elapsed[name] += took[name];
      ofRawFetch.push(took.rawFetch / took.ours);
      ofSdk.push(took.sdk / took.ours);
    }
    const perSecond = (ms: number): number => (round * callsPerRound * 1000) / ms;
    return {
      ours: perSecond(elapsed.ours),
      rawFetch: perSecond(elapsed.rawFetch),
      sdk: perSecond(elapsed.sdk),
      ofRawFetch: spread(ofRawFetch),
      ofSdk: spread(ofSdk),
      rounds: round,
      calls: round * callsPerRound,
    };
  } finally {
    server.kill();
  }
}
