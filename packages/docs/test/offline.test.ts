import { describe, expect, it } from 'vitest';
import { findExternalUrls, makeOffline, urlsIn } from '../src/offline.ts';

describe('makeOffline', () => {
  it.each([
    { description: "Redocly's CDN logo", url: 'https://cdn.redoc.ly/redoc/logo-mini.svg' },
    { description: "Redocly's full CDN logo", url: 'https://cdn.redoc.ly/redoc/logo-mini-full.svg' },
    { description: 'the CDN icon set', url: 'https://cdn.redocly.com/icons/fa/7.0.0' },
    { description: 'the code icon set', url: 'https://cdn.redocly.com/icons/code/5.24.0' },
    { description: 'the telemetry collector', url: 'https://otel.cloud.redocly.com/v1/traces' },
  ])('replaces $description with a data: URL', ({ url }) => {
    const { html } = makeOffline(`<html><head></head><body><script>const u=\`${url}\`;</script></body></html>`);
    expect(html).not.toContain(url);
    expect(html).toMatch(/const u=`data:/);
    expect(findExternalUrls(html, new Set())).toEqual([]);
  });

  it('adds an empty favicon and hides the page actions', () => {
    const { html } = makeOffline('<html><head></head><body></body></html>');
    expect(html).toContain('<link rel="icon" href="data:,">');
    expect(html).toContain('[data-component-name="PageActions/PageActions"]');
  });
});

describe('findExternalUrls', () => {
  const spec = urlsIn(
    '{"url":"https://developers.cloudflare.com/radar/","server":"https://api.cloudflare.com/client/v4"}',
  );

  it.each([
    {
      description: 'a script from a CDN',
      html: '<script src="https://cdn.example.net/redoc.js"></script>',
      kind: '<script> attribute',
    },
    {
      description: 'a stylesheet',
      html: '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
      kind: '<link> attribute',
    },
    {
      description: 'a protocol-relative image',
      html: '<img alt="" src="//cdn.example.net/logo.png">',
      kind: '<img> attribute',
    },
    {
      description: 'a font in css',
      html: '<style>@font-face{src:url(https://fonts.gstatic.com/x.woff2)}</style>',
      kind: 'css url()',
    },
    {
      description: 'a css import',
      html: "<style>@import 'https://fonts.googleapis.com/css';</style>",
      kind: 'css @import',
    },
    {
      description: 'a beacon in a script',
      html: '<script>navigator.sendBeacon("https://stats.example.net/b")</script>',
      kind: 'absolute URL not on the link allowlist',
    },
    {
      description: 'a WebSocket in a script',
      html: '<script>new WebSocket("wss://live.example.net/")</script>',
      kind: 'absolute URL not on the link allowlist',
    },
  ])('flags $description', ({ html, kind }) => {
    const found = findExternalUrls(`<html>\n${html}\n</html>`, spec);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((finding) => finding.kind)).toContain(kind);
    expect(found.every((finding) => finding.line === 2)).toBe(true);
  });

  it.each([
    {
      description: "a text link to Cloudflare's docs",
      html: '<a href="https://developers.cloudflare.com/radar/">docs</a>',
    },
    { description: 'the server URL from the spec', html: '<span>https://api.cloudflare.com/client/v4</span>' },
    { description: 'an SVG namespace', html: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
    { description: 'a loopback URL', html: '<code>http://127.0.0.1:4010/client/v4&#x27;</code>' },
    { description: 'a data: image', html: '<img alt="" src="data:image/svg+xml,%3Csvg/%3E">' },
  ])('allows $description', ({ html }) => {
    expect(findExternalUrls(html, spec)).toEqual([]);
  });
});
