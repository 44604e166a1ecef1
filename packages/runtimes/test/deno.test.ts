// The scenario under Deno, with the permissions it needs, then once without --allow-env and once
// without --allow-net, where the client must say which flag is missing.
import { inject } from 'vitest';
import { DENO, ensureInstalled } from '../src/install.js';
import { childEnv, runForReport, type ScenarioConfig } from '../src/runners.js';
import { COMMON_CHECKS } from './expectations.js';
import { defineMatrix } from './matrix.js';

const { dir } = inject('consumer');

/** `deno run` with these permission flags; never a prompt, since no one is there to answer it. */
const deno = (name: string, checks: string[], permissions: (config: ScenarioConfig) => string[]) => ({
  name: `Deno ${DENO.version} ${name}`,
  checks,
  produce: async (config: ScenarioConfig) =>
    runForReport(
      await ensureInstalled(DENO),
      ['run', '--no-prompt', `--allow-read=${dir}`, ...permissions(config), 'scenario/cli.js', JSON.stringify(config)],
      { cwd: dir, env: { ...childEnv(), DENO_NO_UPDATE_CHECK: '1', DENO_DIR: `${dir}/.deno` } },
    ),
});
const hosts = (config: ScenarioConfig) =>
  [config.origin, config.crossOrigin, config.proxyOrigin, config.closedOrigin]
    .map((origin) => new URL(origin).host)
    .join(',');

defineMatrix([
  deno('--allow-net --allow-env', COMMON_CHECKS, (config) => [`--allow-net=${hosts(config)}`, '--allow-env']),
  deno('without --allow-env', ['no-env-permission'], (config) => [`--allow-net=${hosts(config)}`]),
  deno('without --allow-net', ['no-net-permission'], () => ['--allow-env']),
]);
