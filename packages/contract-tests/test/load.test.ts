// Load: 1,000 calls at concurrency 50 through the client against the replay server, with no error
// and a heap that, after a collection, has not grown out of proportion to where it started.
import { createRadarClient } from '@cf-radar/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../src/replay-server.js';

const CALLS = 1_000;
const CONCURRENCY = 50;

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});

/** Heap in use after a full collection when `--expose-gc` gave us `gc`, else as it stands. */
function heapUsed(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

describe('load', () => {
  it(`answers ${CALLS} calls at concurrency ${CONCURRENCY} without an error, with a stable heap`, async () => {
    const client = createRadarClient({
      apiToken: 'load-token-not-a-secret',
      baseUrl: server.url,
      deprecationWarnings: false,
    });
    // A mix of the three operations, JSON and CSV, one and two series.
    const calls = [
      () => client.radar.tcpResetsTimeouts.summary(),
      () =>
        client.radar.tcpResetsTimeouts.summary({ name: ['us', 'pt'], dateRange: ['7d', '7d'], location: ['US', 'PT'] }),
      () => client.radar.email.security.summary.tlsVersion({ format: 'CSV' }),
      () => client.radar.dns.timeseriesGroups.matchingAnswer({ aggInterval: '1h', queryType: ['AAAA'] }),
    ];
    const failures: unknown[] = [];
    let done = 0;
    /** `count` calls, `CONCURRENCY` at a time, cycling through `calls`. */
    const run = async (count: number) => {
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const call = calls[next % calls.length];
          next += 1;
          await call?.().then(
            () => {
              done += 1;
            },
            (error: unknown) => failures.push(error),
          );
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    };
    // A warm-up first, so that the figure before already holds the modules, the compiled code and
    // the pool of CONCURRENCY keep-alive sockets: what grows after that is kept per call.
    await run(200);
    done = 0;
    const before = heapUsed();
    const started = performance.now();
    await run(CALLS);
    const elapsed = performance.now() - started;
    const after = heapUsed();

    console.log(
      `load: ${done} calls at concurrency ${CONCURRENCY} in ${elapsed.toFixed(0)} ms (${((done / elapsed) * 1000).toFixed(0)} calls/s); ` +
        `heap ${mb(before)} before, ${mb(after)} after${globalThis.gc ? ' (after a full GC)' : ' (no --expose-gc: not collected)'}`,
    );
    expect(failures).toEqual([]);
    expect(done).toBe(CALLS);
    // Nothing is kept per call: after a collection the heap must not have doubled.
    if (globalThis.gc) expect(after).toBeLessThan(before * 2);
  });
});
