// The scenario under Bun, from the registry's binary package.
import { inject } from 'vitest';
import { BUN, ensureInstalled } from '../src/install.js';
import { childEnv, runForReport } from '../src/runners.js';
import { COMMON_CHECKS } from './expectations.js';
import { defineMatrix } from './matrix.js';

const { dir } = inject('consumer');

defineMatrix([
  {
    name: `Bun ${BUN.version}`,
    checks: COMMON_CHECKS,
    produce: async (config) =>
      runForReport(await ensureInstalled(BUN), ['scenario/cli.js', JSON.stringify(config)], {
        cwd: dir,
        env: childEnv(),
      }),
  },
]);
