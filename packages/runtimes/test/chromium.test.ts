// The scenario in headless Debian Chromium: an esbuild bundle of the scenario and the packed client on
// a page served by the fake API itself (same origin), plus one call to another origin that sends no
// CORS headers. Nothing downloads a browser; every request off loopback is refused.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, inject } from 'vitest';
import { bundleEntry, type Report } from '../src/runners.js';
import { COMMON_CHECKS } from './expectations.js';
import { defineMatrix } from './matrix.js';

const { dir } = inject('consumer');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const bundle = await bundleEntry(dir, 'browser.js', {
  platform: 'browser',
  conditions: ['browser'],
  outfile: join(dir, 'browser.bundle.js'),
});
const files = {
  '/index.html': {
    type: 'text/html; charset=utf-8',
    body: '<!doctype html><title>cf-radar runtime matrix</title><script type="module" src="/bundle.js"></script>',
  },
  '/bundle.js': { type: 'text/javascript; charset=utf-8', body: await readFile(bundle, 'utf8') },
};

let context: BrowserContext | undefined;
let profileDir: string | undefined;
afterAll(async () => {
  await context?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

async function launch(): Promise<BrowserContext> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}; install it: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  profileDir = await mkdtemp(join(tmpdir(), 'cf-radar-runtimes-chromium-'));
  const launched = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  await launched.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient'),
  );
  return launched;
}

defineMatrix(
  [
    {
      name: 'Chromium (Debian)',
      // No `process` in a page: the `env` option is the only way in, as in a Worker without flags.
      checks: [...COMMON_CHECKS, 'no-credentials', 'cors', 'cors-proxy-retry-after'],
      produce: async (config) => {
        context ??= await launch();
        const page = await context.newPage();
        await page.goto(`${config.origin}/`);
        await page.waitForFunction(() => 'runScenario' in globalThis);
        const report: Report = await page.evaluate(
          (c) => (globalThis as unknown as { runScenario(config: unknown): Promise<Report> }).runScenario(c),
          config,
        );
        report.runtime.userAgent ||= context.browser()?.version() ?? '';
        return report;
      },
    },
  ],
  { files },
);
