import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serveDirectory } from '/work/wt-docs/packages/docs/src/server.ts';
const axe = readFileSync('/work/wt-docs/node_modules/axe-core/axe.min.js', 'utf8');
const site = await serveDirectory('/work/wt-docs/packages/docs/dist');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-background-networking'] });
const spec = JSON.parse(readFileSync('/work/wt-docs/packages/docs/dist/openapi.json', 'utf8'));
const routes = ['#/'];
let total = 0;
for (const vp of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
  const page = await browser.newPage({ viewport: vp });
  await page.goto(site.url, { waitUntil: 'load' });
  await page.mouse.move(5, 5);
  await page.waitForTimeout(2500);
  const opLinks = await page.evaluate(() => [...document.querySelectorAll('a[href*="#/"]')].map(a => a.getAttribute('href')).filter(h => h.split('/').length === 3 && h.startsWith('#/') && !h.startsWith('#/section')));
  const slug = (t) => t.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const ops = Object.values(spec.paths).flatMap((i) => Object.values(i)).map((o) => `#/${slug(o.tags[0])}/${o.operationId.toLowerCase()}`);
  const targets = ['#/', ...ops];
  for (const route of process.argv[2] ? [process.argv[2]] : targets) {
    await page.goto(site.url + 'x.html', { waitUntil: 'commit' }).catch(() => {});
    await page.goto(site.url + route, { waitUntil: 'load' });
    await page.waitForTimeout(2000);
    await page.addScriptTag({ content: axe });
    const result = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.map(v => ({ id: v.id, n: v.nodes.length, ex: v.nodes.slice(0, 4).map(n => n.target.join(' ').slice(-80) + ' :: ' + (n.failureSummary || '').split('\n').slice(1,2).join(' ').slice(0, 160)) }));
    });
    const count = result.reduce((a, v) => a + v.n, 0); total += count;
    console.log(`${vp.width} ${route}: ${count}`);
    if (process.env.V) for (const v of result) console.log('   ', v.id, v.n, '\n      ' + v.ex.join('\n      '));
  }
  await page.close();
}
console.log('total', total);
await browser.close(); await site.close();
