// The scenario under Node 20 (the one running the tests), 22 and 24 (from the registry's binaries).
import { inject } from 'vitest';
import { ensureInstalled, type Installable, NODE_22, NODE_24 } from '../src/install.js';
import { childEnv, runForReport } from '../src/runners.js';
import { COMMON_CHECKS } from './expectations.js';
import { defineMatrix } from './matrix.js';

const { dir } = inject('consumer');

const node = (name: string, binary: () => Promise<string>) => ({
  name,
  checks: COMMON_CHECKS,
  produce: async (config: object) =>
    runForReport(await binary(), ['scenario/cli.js', JSON.stringify(config)], { cwd: dir, env: childEnv() }),
});
const installed = (item: Installable) => () => ensureInstalled(item);

defineMatrix([
  node(`Node ${process.versions.node}`, async () => process.execPath),
  node(`Node ${NODE_22.version}`, installed(NODE_22)),
  node(`Node ${NODE_24.version}`, installed(NODE_24)),
]);
