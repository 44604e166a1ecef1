// What a suite leaves behind once its server is closed: unhandled rejections, and sockets, servers
// and timers still open.
import { expect } from 'vitest';

const KINDS = ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'];

function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/**
 * Counts what is alive now, to compare with at the end. Call it while the test module loads, not in
 * a hook, whose own timeout timer would hide one leaked timer; `start` and `stop` go in the suite's
 * `beforeAll` and `afterAll`.
 */
export function watchLeaks() {
  const before = resources();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  return {
    start: () => process.on('unhandledRejection', onUnhandled),
    stop: () => process.off('unhandledRejection', onUnhandled),
    /** Expects no unhandled rejection and nothing open beyond what was, once sockets have had a second to close. */
    async expectNone(): Promise<void> {
      let after = resources();
      // Sockets close on the next turns of the event loop once the server ends them: wait a few.
      for (let turn = 0; turn < 50; turn++) {
        if (!KINDS.some((kind) => (after.get(kind) ?? 0) > (before.get(kind) ?? 0))) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = resources();
      }
      expect(unhandled).toEqual([]);
      for (const kind of KINDS) {
        expect(after.get(kind) ?? 0, `${kind} left open`).toBeLessThanOrEqual(before.get(kind) ?? 0);
      }
    },
  };
}
