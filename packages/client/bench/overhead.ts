// Calls per second against one loopback server (in a child process): this client's tree method, its
// standalone function, a bare `fetch`, and the official SDK. They take turns call by call, in all 24
// orders in rotation, so that outside load
// and the garbage one contender leaves for the next collection fall on all three alike (a fixed
// rotation ran one contender right after the SDK in two rounds of three).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRadarClient, createRadarCore, getTcpResetsTimeoutsSummary } from '@cf-radar/client';
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
  /** The standalone function over a core. */
  fn: number;
  rawFetch: number;
  sdk: number;
  /** Per round, ours ÷ raw fetch and ours ÷ the SDK in calls per second; the median is the figure. */
  ofRawFetch: Spread;
  functionOfRawFetch: Spread;
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

type Contender = 'ours' | 'fn' | 'rawFetch' | 'sdk';
/** Every order of the four, so that each follows each as often. */
const ORDERS: Contender[][] = (function permutations(items: Contender[]): Contender[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
})(['ours', 'fn', 'rawFetch', 'sdk']);
const FIRST = ORDERS[0] as Contender[];

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
    const core = createRadarCore({ apiToken: TOKEN, baseUrl });
    const sdk = new Cloudflare({ apiToken: TOKEN, baseURL: baseUrl });
    const headers = { authorization: `Bearer ${TOKEN}`, accept: 'application/json' };

    const contenders = {
      ours: () => ours.radar.tcpResetsTimeouts.summary(query),
      fn: () => getTcpResetsTimeoutsSummary(core, query),
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
    const elapsed = { ours: 0, fn: 0, rawFetch: 0, sdk: 0 };
    const ofRawFetch: number[] = [];
    const functionOfRawFetch: number[] = [];
    const ofSdk: number[] = [];

    // Warm-up (JIT, connection pools), not counted.
    for (let i = 0; i < 200; i++) for (const name of FIRST) await contenders[name]();
    const started = performance.now();
    let round = 0;
    for (; round < rounds && performance.now() - started < budgetMs; round++) {
      const took = { ours: 0, fn: 0, rawFetch: 0, sdk: 0 };
      for (let i = 0; i < callsPerRound; i++) {
        for (const name of ORDERS[(round * callsPerRound + i) % ORDERS.length] ?? FIRST) {
          const before = performance.now();
          await contenders[name]();
          took[name] += performance.now() - before;
        }
      }
      for (const name of FIRST) elapsed[name] += took[name];
      ofRawFetch.push(took.rawFetch / took.ours);
      functionOfRawFetch.push(took.rawFetch / took.fn);
      ofSdk.push(took.sdk / took.ours);
    }
    const perSecond = (ms: number): number => (round * callsPerRound * 1000) / ms;
    return {
      ours: perSecond(elapsed.ours),
      fn: perSecond(elapsed.fn),
      rawFetch: perSecond(elapsed.rawFetch),
      sdk: perSecond(elapsed.sdk),
      ofRawFetch: spread(ofRawFetch),
      functionOfRawFetch: spread(functionOfRawFetch),
      ofSdk: spread(ofSdk),
      rounds: round,
      calls: round * callsPerRound,
    };
  } finally {
    server.kill();
  }
}
