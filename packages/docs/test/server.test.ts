import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInside, type StaticServer, serveDirectory } from '../src/server.ts';

describe('resolveInside', () => {
  it.each([
    { description: 'the root is index.html', path: '/', expected: '/site/index.html' },
    { description: 'a file', path: '/openapi.json', expected: '/site/openapi.json' },
    { description: 'a query string is ignored', path: '/openapi.yaml?v=2', expected: '/site/openapi.yaml' },
    { description: 'dot segments stay inside', path: '/../../etc/passwd', expected: '/site/etc/passwd' },
    {
      description: 'encoded dot segments stay inside',
      path: '/%2e%2e/%2e%2e/etc/passwd',
      expected: '/site/etc/passwd',
    },
  ])('$description', ({ path, expected }) => {
    expect(resolveInside('/site', path)).toBe(expected);
  });
});

describe('serveDirectory', () => {
  let root: string;
  let site: StaticServer;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cf-radar-docs-serve-'));
    await writeFile(join(root, 'index.html'), '<h1>docs</h1>');
    await writeFile(join(root, 'openapi.yaml'), 'openapi: 3.1.0\n');
    site = await serveDirectory(root);
  });

  afterAll(async () => {
    await site.close();
    await rm(root, { recursive: true, force: true });
  });

  it('listens on loopback', () => {
    expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it.each([
    { description: 'the page', path: '', status: 200, type: 'text/html; charset=utf-8', body: '<h1>docs</h1>' },
    {
      description: 'the yaml bundle',
      path: 'openapi.yaml',
      status: 200,
      type: 'application/yaml; charset=utf-8',
      body: 'openapi: 3.1.0\n',
    },
    {
      description: 'a deep link gets the page',
      path: 'email-security/x',
      status: 200,
      type: 'text/html; charset=utf-8',
      body: '<h1>docs</h1>',
    },
    {
      description: 'a missing file',
      path: 'logo.png',
      status: 404,
      type: 'text/plain; charset=utf-8',
      body: expect.stringContaining('not found'),
    },
  ])('$description', async ({ path, status, type, body }) => {
    const response = await fetch(new URL(path, site.url));
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe(type);
    expect(await response.text()).toEqual(body);
  });
});
