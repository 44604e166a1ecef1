// The scenario in workerd through miniflare, as a bundled module worker, with and without
// nodejs_compat; credentials come from the Worker's bindings. Miniflare runs under the Node 22 binary
// (it needs Node 22), from its own install outside the workspace.
import { join } from 'node:path';
import { inject } from 'vitest';
import { ensureInstalled, MINIFLARE, NODE_22, PACKAGE_DIR } from '../src/install.js';
import { bundleEntry, childEnv, runForReport, type ScenarioConfig } from '../src/runners.js';
import { COMMON_CHECKS } from './expectations.js';
import { defineMatrix } from './matrix.js';

const { dir } = inject('consumer');
let bundled: Promise<string> | undefined;

const workerd = (name: string, compatibilityFlags: string[], checks: string[]) => ({
  name: `workerd (miniflare ${MINIFLARE.version}) ${name}`,
  checks,
  produce: async (config: ScenarioConfig) => {
    bundled ??= bundleEntry(dir, 'worker.js', {
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      outfile: join(dir, 'worker.bundle.js'),
    });
    const [node22, miniflare, script] = await Promise.all([
      ensureInstalled(NODE_22),
      ensureInstalled(MINIFLARE),
      bundled,
    ]);
    const input = { script, compatibilityFlags, bindings: { CLOUDFLARE_API_TOKEN: 'env-binding-token' }, config };
    return runForReport(node22, [join(PACKAGE_DIR, 'scenario', 'miniflare.js'), miniflare, JSON.stringify(input)], {
      cwd: dir,
      env: childEnv(),
    });
  },
});

defineMatrix([
  // No `process` at all: the `env` option is the only way in, and the hint must say so.
  workerd('without flags', [], [...COMMON_CHECKS, 'no-credentials']),
  workerd('with nodejs_compat', ['nodejs_compat'], COMMON_CHECKS),
]);
