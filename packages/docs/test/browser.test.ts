// Opens the built site (dist/, from `npm run build`) in Debian's headless Chromium, served under a
// sub-path (`/cf-radar/`, as a GitHub Pages project site is) by the package's static server, which
// has no fallback to index.html. Checks what a reader meets:
//
// - the server-rendered page paints before the Redoc script arrives;
// - every sidebar link works opened directly (a new tab, a reload, a pasted link);
// - every operation, at 1440×900 and 390×844: its parameters, one deprecation note naming the
//   method to call, its externalDocs link, its TypeScript sample; no code block that needs
//   sideways scrolling at 1440, and every one that scrolls at 390 reachable by keyboard; copy
//   buttons clear of the code; and axe-core (WCAG 2.1 A and AA) finding nothing;
// - the landing view likewise, with highlighted, copyable guide blocks and the first call beside it;
// - no console error, and not one request leaving the machine.
// Prints the axe counts, page size and load time; writes screenshots to test-output/.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
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
const BASE = '/cf-radar/';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'mobile', width: 390, height: 844 },
] as const;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Requests that reach the network stack; data: and blob: URLs never leave the page. */
function leavesLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return false;
  return !LOOPBACK.has(hostname);
}

let site: StaticServer;
let context: BrowserContext;
/** Why the browser could not start; every test fails with it (a skipped test would hide it). */
let missing: string | undefined;
let profileDir: string;
let spec: OpenApiDocument;
const requests: string[] = [];
const blocked: string[] = [];
const consoleErrors: string[] = [];
const axeCounts: string[] = [];

function ready(): BrowserContext {
  if (missing !== undefined) throw new Error(missing);
  return context;
}

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await ready().newPage();
  await page.setViewportSize(viewport);
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: page error: ${error.message}`));
  page.on('websocket', (socket) => requests.push(socket.url()));
  return page;
}

/** Loads the page at a route (a fresh document, as a pasted link does) and waits for Redoc to hydrate. */
async function open(page: Page, route: string): Promise<void> {
  await page.goto(`${site.url}${route}`, { waitUntil: 'load' });
  // The landing view hydrates on the first interaction; a route hydrates at once.
  await page.mouse.move(2, 2);
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
  // Redoc scrolls to the route and fades in highlights; measure the settled page.
  await page.waitForTimeout(600);
}

/** axe-core, WCAG 2.1 A and AA rules only; returns one line per failing node. */
async function axeOnce(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    type Result = { violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[] };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<Result> } }).axe;
    const { violations } = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return violations.flatMap(({ id, nodes }) =>
      nodes.map(
        (node) => `${id}: ${node.target.join(' ')}: ${(node.failureSummary ?? '').split('\n')[1]?.trim() ?? ''}`,
      ),
    );
  });
}

/**
 * The violations of the settled page. Redoc fades sections in and flashes the row a route names,
 * partly from script, so a first pass can catch text mid-fade (a contrast between the two
 * colours); what a reader reads is the page once that has ended, so a failing pass is repeated
 * after a pause and the second one counts.
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'));
  const first = await axeOnce(page);
  if (first.length === 0) return first;
  await page.waitForTimeout(1_500);
  return axeOnce(page);
}

/** Code blocks in view whose content is wider than the block, and whether each can take focus. */
function codeOverflow(page: Page, within: string) {
  return page.evaluate((selector) => {
    const scope = document.querySelector(selector) ?? document;
    return [...scope.querySelectorAll('pre')]
      .filter((pre) => pre.getClientRects().length > 0)
      .map((pre) => ({
        text: (pre.textContent ?? '').trim().split('\n')[0]?.slice(0, 60) ?? '',
        overflow: pre.scrollWidth - pre.clientWidth,
        focusable: pre.tabIndex >= 0,
      }));
  }, within);
}

/** Copy buttons whose box overlaps a line of code in the same block. */
function coveringButtons(page: Page) {
  return page.evaluate(() => {
    const hits: string[] = [];
    for (const block of document.querySelectorAll('[data-component-name="CodeBlock/CodeBlock"], .code-bar')) {
      const pre =
        block instanceof HTMLElement && block.classList.contains('code-bar')
          ? block.nextElementSibling
          : block.querySelector('pre');
      if (pre === null) continue;
      const range = document.createRange();
      range.selectNodeContents(pre);
      const lines = [...range.getClientRects()].filter((rect) => rect.width > 0);
      for (const button of block.querySelectorAll('button')) {
        // A JSON sample's collapse toggles stand inside the code, as part of it.
        if (pre.contains(button)) continue;
        const b = button.getBoundingClientRect();
        if (b.width === 0) continue;
        const hit = lines.find((l) => l.left < b.right && b.left < l.right && l.top < b.bottom && b.top < l.bottom);
        if (hit !== undefined)
          hits.push(`${button.getAttribute('aria-label') ?? 'button'} over "${(pre.textContent ?? '').slice(0, 40)}"`);
      }
    }
    return hits;
  });
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
  site = await serveDirectory(distDir, { base: BASE });
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
    viewport: VIEWPORTS[0],
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
});

afterAll(async () => {
  if (axeCounts.length > 0) console.log(`axe-core WCAG 2.1 A/AA violations:\n${axeCounts.join('\n')}`);
  await context?.close();
  await site?.close();
  if (profileDir !== undefined) await rm(profileDir, { recursive: true, force: true });
});

describe('the docs site in Chromium', () => {
  it('paints the server-rendered page before the Redoc script arrives, then hydrates', async () => {
    const page = await newPage(VIEWPORTS[0]);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/redoc\.[0-9a-f]{16}\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(site.url, { waitUntil: 'domcontentloaded' });
    await page.getByRole('heading', { name: spec.info.title }).first().waitFor({ state: 'visible' });
    // Before the client runs, the links are the server's markup: each must already be a hash route,
    // since a link opened in a new tab then is taken as written.
    const links = await page
      .locator('[data-component-name="Menu/Menu"] a[href]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(links.length).toBeGreaterThan(3);
    expect(links.filter((href) => !href.startsWith('#/'))).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.dataset.hydrated)).toBeUndefined();
    const description = await page.locator('meta[name="description"]').getAttribute('content');
    expect(description?.length).toBeGreaterThan(20);

    release();
    await page.mouse.move(3, 3);
    await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
    const [entry] = await page.evaluate(() =>
      performance.getEntriesByType('navigation').map((e) => Math.round(e.duration)),
    );
    const pageBytes = (await stat(join(distDir, 'index.html'))).size;
    console.log(`index.html: ${pageBytes} bytes; navigation to load event: ${entry} ms`);
    await page.close();
  });

  it('opens every sidebar link directly, from a static server with no fallback, under a sub-path', async () => {
    const page = await newPage(VIEWPORTS[0]);
    await open(page, '');
    const menu = page.locator('[data-component-name="Menu/Menu"]');
    // Open every group, so that the links of every operation and guide section are in the menu.
    for (const tag of spec.tags ?? []) await menu.getByText(tag.name, { exact: true }).first().click();
    await menu.getByText('Getting started', { exact: true }).first().click();
    const hrefs = [
      ...new Set(await menu.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))),
    ];
    const operationIds = operationsOf(spec).map(({ operation }) => operation.operationId ?? '');
    expect(hrefs.length).toBeGreaterThanOrEqual(operationIds.length + (spec.tags?.length ?? 0));
    await page.close();

    // Each link opened as a fresh document, as a new tab or a pasted link does; two tabs at a time.
    const failures: string[] = [];
    const queue = [...hrefs];
    const openEach = async () => {
      const direct = await newPage(VIEWPORTS[0]);
      for (let href = queue.shift(); href !== undefined; href = queue.shift()) {
        if (!href.startsWith('#/')) {
          failures.push(`${href}: not a hash route`);
          continue;
        }
        const response = await direct.goto(`${site.url}${href}`, { waitUntil: 'load' });
        await direct.mouse.move(2, 2);
        await direct.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
        // The route's section must be on screen: near the top of the view, or the view scrolled to its end.
        const shown = await direct
          .waitForFunction(
            (path) => {
              const section = document.querySelector(`[data-section-id="${CSS.escape(path)}"]`);
              if (section === null) return false;
              const top = section.getBoundingClientRect().top;
              const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
              if (path === '/') return window.scrollY < 5;
              return (top >= -5 && top < window.innerHeight / 2) || (atEnd && top < window.innerHeight);
            },
            href.slice(1),
            // Polled on a timer, not on animation frames, which a loaded machine delays for a page
            // it does not paint; generous, because this checks where the page lands, not how fast.
            { polling: 100, timeout: 20_000 },
          )
          .then(
            () => true,
            () => false,
          );
        if (response?.status() !== 200) failures.push(`${href}: status ${response?.status()}`);
        if (!shown) {
          const where = await direct.evaluate((path) => {
            const section = document.querySelector(`[data-section-id="${CSS.escape(path)}"]`);
            const top = section === null ? 'none' : Math.round(section.getBoundingClientRect().top);
            return `section top ${top}, scrollY ${Math.round(scrollY)}, view ${innerHeight}, page ${document.documentElement.scrollHeight}, hash ${location.hash}`;
          }, href.slice(1));
          failures.push(`${href}: its section is not on screen (${where})`);
        }
        await direct.goto('about:blank');
      }
      await direct.close();
    };
    await Promise.all([openEach(), openEach()]);
    expect(failures).toEqual([]);
    // One fresh document per link: on a loaded machine that is seconds each, so more than the default.
  }, 300_000);

  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.width}×${viewport.height}`, () => {
      let page: Page;
      beforeAll(async () => {
        if (missing === undefined) page = await newPage(viewport);
      });
      afterAll(async () => {
        await page?.close();
      });

      it('the landing view: guide blocks highlighted and copyable, the first call beside it, no axe violation', async () => {
        ready();
        await open(page, '#/');
        const guide = await page.evaluate(() =>
          [...document.querySelectorAll('[data-component-name="Markdown/Markdown"] pre[data-language]')].map((pre) => ({
            highlighted: pre.querySelector('[class^="tok-"]') !== null,
            copy: pre.previousElementSibling?.querySelector('button.code-copy') !== null,
          })),
        );
        expect(guide.length).toBeGreaterThan(3);
        expect(guide.filter((block) => !block.copy)).toEqual([]);
        expect(guide.filter((block) => block.highlighted).length).toBeGreaterThan(guide.length / 2);
        const firstCall = page.locator('.first-call pre');
        await firstCall.waitFor({ state: 'attached' });
        expect(await firstCall.innerText()).toContain('client.');
        for (const name of ['openapi.json', 'openapi.yaml']) {
          expect(await page.locator(`a[href="${name}"][download]`).count(), `download link ${name}`).toBeGreaterThan(0);
        }

        const code = await codeOverflow(page, '#redoc');
        if (viewport.width >= 1440) expect(code.filter((block) => block.overflow > 0)).toEqual([]);
        expect(code.filter((block) => block.overflow > 0 && !block.focusable)).toEqual([]);
        expect(await coveringButtons(page)).toEqual([]);
        const violations = await axeViolations(page);
        axeCounts.push(`  ${viewport.width}×${viewport.height} landing: ${violations.length}`);
        expect(violations).toEqual([]);
        await page.screenshot({ path: join(outputDir, `landing-${viewport.name}.png`) });
      });

      it("each tag's list of operations shows its badges whole", async () => {
        ready();
        const clipped: string[] = [];
        for (const tag of spec.tags ?? []) {
          await open(page, `#/${tag.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
          const cut = await page.evaluate(() =>
            [...document.querySelectorAll('[data-component-name="Tag/Tag"]')]
              .filter((badge) => badge.getClientRects().length > 0)
              .filter((badge) =>
                [badge, ...badge.querySelectorAll('*')].some((part) => part.scrollWidth > part.clientWidth + 1),
              )
              .map((badge) => (badge.textContent ?? '').trim()),
          );
          clipped.push(...cut.map((text) => `${tag.name}: "${text}"`));
        }
        expect(clipped).toEqual([]);
      });

      it.each(
        // Before the build there is no list; the suite then fails in beforeAll, saying how to build.
        (existsSync(join(distDir, 'openapi.json'))
          ? operationsOf(JSON.parse(readFileSync(join(distDir, 'openapi.json'), 'utf8')) as OpenApiDocument)
          : []
        ).map(({ operation }) => ({ description: operation.operationId ?? '' })),
      )(
        '$description: parameters, one deprecation note, links, a sample that fits, no axe violation',
        async ({ description: operationId }) => {
          ready();
          const ref = operationsOf(spec).find(({ operation }) => operation.operationId === operationId);
          if (ref === undefined) throw new Error(`dist/openapi.json has no operation ${operationId}`);
          const { operation } = ref;
          // The route the sidebar links it by (proven by the sidebar test): its tag's slug, then its id.
          const slug = (operation.tags?.[0] ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
          await open(page, `#/${slug}/${operationId.toLowerCase()}`);
          const section = page.locator(`[data-section-id="/${slug}/${operationId.toLowerCase()}"]`).first();
          const title = section.locator('h2', { hasText: operation.summary ?? '' }).first();
          await title.waitFor({ state: 'visible' });
          await page.waitForTimeout(400);

          for (const entry of operation.parameters ?? []) {
            const name = resolveParameter(spec, entry)?.name ?? '';
            const shown = section.locator('.schema-name').filter({ hasText: new RegExp(`^${name}$`) });
            expect(await shown.count(), `parameter ${name}`).toBeGreaterThan(0);
          }
          const text = await section.innerText();
          expect(await title.getByText(/^deprecated$/i).count()).toBe(operation.deprecated === true ? 1 : 0);
          const call = operation.description?.match(/^> \*\*Deprecated:\*\* call `([^`]+)`/)?.[1];
          if (operation.deprecated === true) {
            expect(call, 'the note names the method to call').toBeDefined();
            expect(text.split(call ?? '').length - 1, 'the replacement call, once').toBe(1);
            expect(text.match(/Deprecated:/g)?.length ?? 0, 'one deprecation note').toBe(1);
          }
          if (operation.externalDocs !== undefined) {
            const link = section.locator(`a[href="${operation.externalDocs.url}"]`);
            expect(await link.count(), 'the externalDocs link').toBeGreaterThan(0);
          }

          const sample = section.locator('[data-component-name="CodeBlock/CodeBlock"]').first();
          await sample.waitFor({ state: 'visible' });
          expect(await sample.innerText()).toContain(`client.${operation['x-client-method']}(`);

          const code = await codeOverflow(page, `[data-section-id="/${slug}/${operationId.toLowerCase()}"]`);
          expect(code.length).toBeGreaterThan(0);
          if (viewport.width >= 1440) expect(code.filter((block) => block.overflow > 0)).toEqual([]);
          expect(code.filter((block) => block.overflow > 0 && !block.focusable)).toEqual([]);
          expect(await coveringButtons(page)).toEqual([]);
          const violations = await axeViolations(page);
          axeCounts.push(`  ${viewport.width}×${viewport.height} ${operationId}: ${violations.length}`);
          expect(violations).toEqual([]);
          await page.screenshot({ path: join(outputDir, `${operationId}-${viewport.name}.png`) });
        },
      );
    });
  }

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
