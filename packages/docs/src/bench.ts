// `npm run bench:docs`: Lighthouse 12.2.3 against the built site and against plain Redoc (its
// defaults, `redocly build-docs --inlineBundle` of the same spec), both served compressed by the
// package's static server, each in the desktop and the mobile preset, in one run. Prints the
// category scores, FCP, LCP, TBT and the bytes transferred, and the machine's load average, since
// other work on the machine moves every figure. Debian's Chromium; nothing is downloaded.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { precompress } from './compress.ts';
import { serveDirectory } from './server.ts';
import { packageDir, redoclyCli, run } from './site.ts';

const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const distDir = join(packageDir, 'dist');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

interface Row {
  site: string;
  preset: string;
  scores: Record<(typeof CATEGORIES)[number], number>;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  bytes: number;
}

/** Plain Redoc on the same spec: build-docs with nothing but the bundle inlined (the page is offline). */
async function buildPlainRedoc(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const config = join(dir, 'redocly.yaml');
  await writeFile(config, 'telemetry: off\n');
  const args = [
    redoclyCli,
    'build-docs',
    join(distDir, 'openapi.json'),
    '--config',
    config,
    '--inlineBundle',
    '--output',
    join(dir, 'index.html'),
  ];
  const { code, output } = await run(process.execPath, args, dir);
  if (code !== 0) throw new Error(`redocly build-docs for plain Redoc exited with ${code}:\n${output}`);
  await rm(config);
  await precompress(dir, ['index.html'], join(packageDir, 'node_modules', '.cache', 'cf-radar-docs'));
}

async function measure(url: string, site: string, preset: 'desktop' | 'mobile', port: number): Promise<Row> {
  const result = await lighthouse(
    url,
    { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] },
    preset === 'desktop' ? desktopConfig : undefined,
  );
  if (result === undefined) throw new Error(`Lighthouse returned nothing for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError !== undefined) throw new Error(`Lighthouse could not load ${url}: ${lhr.runtimeError.message}`);
  const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const scores = Object.fromEntries(
    CATEGORIES.map((category) => [category, Math.round((lhr.categories[category]?.score ?? Number.NaN) * 100)]),
  ) as Row['scores'];
  return {
    site,
    preset,
    scores,
    fcpMs: audit('first-contentful-paint'),
    lcpMs: audit('largest-contentful-paint'),
    tbtMs: audit('total-blocking-time'),
    bytes: audit('total-byte-weight'),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

if (!existsSync(join(distDir, 'index.html'))) {
  console.error(`✘ ${join(distDir, 'index.html')} is missing; build it: npm run build -w @cf-radar/docs`);
  process.exit(1);
}
if (!existsSync(chromePath)) {
  console.error(
    `✘ Chromium not found at ${chromePath}; install it: apt-get install -y chromium (or set CHROMIUM_PATH)`,
  );
  process.exit(1);
}

const load = loadavg()
  .map((value) => value.toFixed(2))
  .join(' ');
const work = await mkdtemp(join(tmpdir(), 'cf-radar-docs-bench-'));
const ours = await serveDirectory(distDir, { base: '/cf-radar/' });
const plainDir = join(work, 'plain');
await buildPlainRedoc(plainDir);
const plain = await serveDirectory(plainDir, { base: '/cf-radar/' });
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
const rows: Row[] = [];
try {
  for (const preset of ['desktop', 'mobile'] as const) {
    for (const [site, url] of [
      ['this site', ours.url],
      ['plain Redoc', plain.url],
    ] as const) {
      const started = performance.now();
      const row = await measure(url, site, preset, chrome.port);
      rows.push(row);
      console.log(`✔ ${site}, ${preset} (${Math.round(performance.now() - started)} ms)`);
    }
  }
} finally {
  await chrome.kill();
  await Promise.all([ours.close(), plain.close()]);
  await rm(work, { recursive: true, force: true });
}

console.log(`\nLighthouse 12.2.3, Debian Chromium, served compressed; load average at start: ${load}\n`);
console.log('| site | preset | performance | accessibility | best practices | SEO | FCP | LCP | TBT | bytes |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  const { performance: perf, accessibility, 'best-practices': practices, seo } = row.scores;
  console.log(
    `| ${row.site} | ${row.preset} | ${perf} | ${accessibility} | ${practices} | ${seo} | ${seconds(row.fcpMs)} | ${seconds(row.lcpMs)} | ${Math.round(row.tbtMs)} ms | ${Math.round(row.bytes / 1024)} KiB |`,
  );
}
