// Opens the built site (dist/, from `npm run build`) in Debian's headless Chromium, served from a
// loopback server, and checks what a reader sees: every operation with its parameters, the
// deprecated ones marked with their replacement, the TypeScript sample, no console errors, and not
// one request leaving the machine. Prints the page's size and load time, and writes screenshots to
// test-output/.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveDirectory } from '../src/server.ts';
import { packageDir } from '../src/site.ts';
import { type OpenApiDocument, operationsOf, resolveParameter } from '../src/spec.ts';

const distDir = join(packageDir, 'dist');
const outputDir = join(packageDir, 'test-output');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Requests that reach the network stack; data: and blob: URLs never leave the page. */
function leavesLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return false;
  return !LOOPBACK.has(hostname);
}

let site: StaticServer;
let context: BrowserContext;
let page: Page;
/** Why the browser could not start; every test fails with it (a skipped test would hide it). */
let missing: string | undefined;
let profileDir: string;
let spec: OpenApiDocument;
const requests: string[] = [];
const blocked: string[] = [];
const consoleErrors: string[] = [];

/** The open page, or the reason there is none. */
function ready(): Page {
  if (missing !== undefined) throw new Error(missing);
  return page;
}

beforeAll(async () => {
  if (!existsSync(executablePath)) {
    missing = `Chromium not found at ${executablePath}; install it: apt-get install -y chromium (or set CHROMIUM_PATH)`;
    return;
  }
  if (!existsSync(join(distDir, 'index.html'))) {
    missing = `${join(distDir, 'index.html')} is missing; build it: npm run build -w @cf-radar/docs`;
    return;
  }
  spec = JSON.parse(await readFile(join(distDir, 'openapi.json'), 'utf8'));
  await mkdir(outputDir, { recursive: true });
  site = await serveDirectory(distDir);
  profileDir = await mkdtemp(join(tmpdir(), 'cf-radar-docs-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    viewport: { width: 1400, height: 1000 },
  });
  // Anything not on loopback is recorded and refused, so a leak shows up here and never reaches the network.
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (leavesLoopback(url)) {
      blocked.push(url);
      await route.abort('blockedbyclient');
    } else {
      await route.continue();
    }
  });
  context.on('request', (request) => {
    requests.push(request.url());
  });
  context.on('weberror', (error) => {
    consoleErrors.push(`page error: ${error.error().message}`);
  });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('websocket', (socket) => {
    requests.push(socket.url());
  });
});

afterAll(async () => {
  await context?.close();
  await site?.close();
  if (profileDir !== undefined) await rm(profileDir, { recursive: true, force: true });
});

describe('the docs site in Chromium', () => {
  it('loads the reference and the guide, and reports its size and load time', async () => {
    const page = ready();
    await page.goto(site.url, { waitUntil: 'load' });
    const loadMs = await page.evaluate(() => {
      const [entry] = performance.getEntriesByType('navigation');
      return entry === undefined ? Number.NaN : Math.round(entry.duration);
    });
    const pageBytes = (await stat(join(distDir, 'index.html'))).size;
    console.log(`index.html: ${pageBytes} bytes; navigation to load event: ${loadMs} ms`);

    await page.getByText(spec.info.title, { exact: true }).first().waitFor({ state: 'visible' });
    await page.getByText('Getting started', { exact: true }).first().waitFor({ state: 'visible' });
    await page.screenshot({ path: join(outputDir, 'overview.png') });
    expect(loadMs).toBeGreaterThan(0);
  });

  const operations = () => operationsOf(spec);

  it('lists three operations in the spec it serves', () => {
    ready();
    expect(operations().map(({ operation }) => operation.operationId)).toHaveLength(3);
  });

  it.each([
    { description: 'TCP resets and timeouts summary', operationId: 'getTcpResetsTimeoutsSummary', deprecated: false },
    { description: 'email TLS version summary', operationId: 'getEmailSecuritySummaryByTlsVersion', deprecated: true },
    {
      description: 'DNS matching-answer timeseries',
      operationId: 'getDnsTimeseriesGroupsByMatchingAnswer',
      deprecated: true,
    },
  ])(
    '$description: parameters, deprecation and the TypeScript sample are shown',
    async ({ operationId, deprecated }) => {
      const page = ready();
      const ref = operations().find(({ operation }) => operation.operationId === operationId);
      if (ref === undefined) throw new Error(`dist/openapi.json has no operation ${operationId}`);
      const { operation } = ref;
      const [tag = ''] = operation.tags ?? [];
      const summary = operation.summary ?? '';

      // Reach it the way a reader does: open its tag in the sidebar, then the operation.
      await page.goto(site.url, { waitUntil: 'load' });
      const menu = page.locator('[data-component-name="Menu/Menu"]');
      await menu.getByText(tag, { exact: true }).first().click();
      await menu.getByText(summary, { exact: true }).first().click();
      const title = page.locator('main h2', { hasText: summary }).first();
      await title.waitFor({ state: 'visible' });

      for (const entry of operation.parameters ?? []) {
        const name = resolveParameter(spec, entry)?.name ?? '';
        const shown = page.locator('main .schema-name').filter({ hasText: new RegExp(`^${name}$`) });
        expect(await shown.first().isVisible(), `parameter ${name} of ${operationId}`).toBe(true);
      }

      const badge = title.getByText(/^deprecated$/i);
      expect(await badge.count()).toBe(deprecated ? 1 : 0);
      const replacement = operation['x-replaced-by'];
      if (deprecated) {
        if (replacement === undefined) throw new Error(`${operationId} is deprecated but names no replacement`);
        const link = page.locator('main a', { hasText: replacement.description }).first();
        expect(await link.isVisible()).toBe(true);
        expect(await link.getAttribute('href')).toBe(replacement.url);
      }

      const sample = page.locator('main [data-component-name="CodeBlock/CodeBlock"]').first();
      await sample.waitFor({ state: 'visible' });
      const source = await readFile(join(packageDir, 'samples', `${operationId}.ts`), 'utf8');
      expect(await sample.innerText()).toContain(source.split('\n').find((line) => line.includes('client.radar.')));
      expect(await page.locator('main').getByText('TypeScript', { exact: true }).first().isVisible()).toBe(true);

      await page.screenshot({ path: join(outputDir, `${operationId}.png`) });
    },
  );

  it('logged no console errors', () => {
    ready();
    expect(consoleErrors).toEqual([]);
  });

  it('made no request that leaves loopback', () => {
    ready();
    expect(requests.length).toBeGreaterThan(0);
    expect(blocked).toEqual([]);
    expect(requests.filter(leavesLoopback)).toEqual([]);
  });
});
