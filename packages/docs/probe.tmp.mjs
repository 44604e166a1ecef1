import { chromium } from 'playwright-core';
import { serveDirectory } from './src/server.ts';

const site = await serveDirectory('dist', { base: '/cf-radar/' });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.on('console', (m) => m.type() === 'error' && console.log('console', m.type(), m.text().slice(0, 300)));
page.on('pageerror', (e) => console.log('pageerror', e.message));
page.on('request', (r) => console.log('req', r.url().slice(0, 100)));
await page.goto(site.url, { waitUntil: 'load' });
await page.waitForTimeout(1000);
console.log(
  'hydrated?',
  await page.evaluate(() => document.querySelectorAll('[data-component-name="Menu/Menu"] a').length),
);
const links = await page.$$eval('[data-component-name="Menu/Menu"] a', (as) => as.map((a) => a.getAttribute('href')));
console.log(links.join(' '));
await page.mouse.move(100, 100);
await page.waitForTimeout(3000);
const links2 = await page.$$eval('[data-component-name="Menu/Menu"] a', (as) => as.map((a) => a.getAttribute('href')));
console.log('after move', links2.join(' '));
const p2 = await browser.newPage({ viewport: { width: 1440, height: 900 } });
p2.on('pageerror', (e) => console.log('pageerror2', e.message));
await p2.goto(site.url + '#/section/getting-started/csv', { waitUntil: 'load' });
await p2.waitForTimeout(3000);
console.log(
  p2.url(),
  await p2.evaluate(() => {
    const h = [...document.querySelectorAll('h1,h2,h3')].find((e) => e.textContent.trim() === 'CSV');
    return h ? h.getBoundingClientRect().top : 'none';
  }),
);
await p2.goto(site.url + '#/dns/getdnstimeseriesgroupsbymatchinganswer', { waitUntil: 'load' });
await p2.waitForTimeout(3000);
console.log(
  p2.url(),
  await p2.evaluate(() =>
    [...document.querySelectorAll('h2')]
      .map((h) => h.textContent + ':' + Math.round(h.getBoundingClientRect().top))
      .join(' | '),
  ),
);
await p2.screenshot({ path: '/tmp/dx/dns.png' });
await browser.close();
await site.close();
