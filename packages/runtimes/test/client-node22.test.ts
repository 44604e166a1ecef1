// The client's own unit tests again under Node 22, whose fetch (undici) and timers differ from Node
// 20's. The matrix runs the packed client; this runs the many edge cases its unit tests hold. Type
// tests, and the tests of what the build generates, packs and documents, are about TypeScript and
// npm rather than the runtime, and already ran under Node 20.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ensureInstalled, NODE_22, REPO_ROOT } from '../src/install.js';

const run = promisify(execFile);
// vitest's CLI file is not in its exports map; find it beside its package.json.
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const clientDir = join(REPO_ROOT, 'packages', 'client');
const BUILD_ONLY = ['test/generate.test.ts', 'test/package.test.ts', 'test/readme.test.ts'];

it(`runs the client's unit tests under Node ${NODE_22.version}`, async () => {
  const node22 = await ensureInstalled(NODE_22);
  const { stdout, stderr, status } = await run(
    node22,
    [
      vitest,
      'run',
      '--root',
      clientDir,
      '--typecheck.enabled=false',
      ...BUILD_ONLY.flatMap((file) => ['--exclude', file]),
    ],
    {
      cwd: clientDir,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      maxBuffer: 64 * 1024 * 1024,
    },
  ).then(
    (result) => ({ ...result, status: 0 }),
    (error: { stdout?: string; stderr?: string; code?: number }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
      status: error.code ?? 1,
    }),
  );
  const summary = /Tests\s+(?:(\d+) failed \| )?(\d+) passed/.exec(stdout);
  // Worded so that CI's tally of vitest's "Tests  N passed" lines does not count these runs twice.
  console.log(`client unit tests under Node ${NODE_22.version}: ${summary ? `${summary[2]} ran` : 'no summary'}`);
  // Only the failures, and with vitest's own summary line reworded, for the same reason.
  const failures = stdout.split(/Failed Tests \d+/)[1] ?? `${stdout}\n${stderr}`;
  expect(status, failures.replace(/Tests(\s+\d)/g, 'tests$1')).toBe(0);
  expect(summary?.[1]).toBeUndefined();
  expect(Number(summary?.[2])).toBeGreaterThan(100);
}, 240_000);
