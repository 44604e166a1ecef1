import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveInside, type StaticServer, serveDirectory } from '../src/server.ts';

describe('resolveInside', () => {
  it.each([
    { description: 'the root is index.html', target: '/', expected: { file: '/site/index.html' } },
    { description: 'a file', target: '/openapi.json', expected: { file: '/site/openapi.json' } },
    {
      description: 'the query and fragment are dropped',
      target: '/openapi.yaml?v=2#x',
      expected: { file: '/site/openapi.yaml' },
    },
    { description: 'an encoded name is decoded once', target: '/a%20b.txt', expected: { file: '/site/a b.txt' } },
    { description: 'dot segments', target: '/../../etc/passwd', expected: { status: 400, reason: 'dot segments' } },
    {
      description: 'encoded dot segments',
      target: '/%2e%2e/%2E%2E/etc/passwd',
      expected: { status: 400, reason: 'dot segments' },
    },
    {
      description: 'malformed percent-encoding',
      target: '/%E0%A4%A',
      expected: { status: 400, reason: 'malformed percent-encoding' },
    },
    {
      description: 'an authority-form target',
      target: '//[',
      expected: { status: 400, reason: 'the target is not a path' },
    },
    {
      description: 'an absolute-form target',
      target: 'http://x/',
      expected: { status: 400, reason: 'the target is not a path' },
    },
    {
      description: 'a NUL byte',
      target: '/index.html%00.png',
      expected: { status: 400, reason: 'NUL or backslash in the path' },
    },
    {
      description: 'an encoded backslash',
      target: '/..%5c..%5cetc',
      expected: { status: 400, reason: 'NUL or backslash in the path' },
    },
  ])('$description', ({ target, expected }) => {
    expect(resolveInside('/site', target)).toEqual(expected);
  });

  it.each([
    { description: 'a file under the base', target: '/repo/openapi.json', expected: { file: '/site/openapi.json' } },
    { description: 'the base itself', target: '/repo/', expected: { file: '/site/index.html' } },
    { description: 'outside the base', target: '/openapi.json', expected: { status: 404, reason: 'outside /repo/' } },
  ])('under a base path: $description', ({ target, expected }) => {
    expect(resolveInside('/site', target, '/repo/')).toEqual(expected);
  });
});

/** One raw request, as a browser or a hostile page could send it; resolves to the status line. */
function raw(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
  });
}

function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = httpRequest(url, { method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('serveDirectory', () => {
  let root: string;
  let site: StaticServer;
  const page = '<h1>docs</h1>'.repeat(100);
  const script = 'export const x = 1;\n';
  const scriptName = `redoc.${createHash('sha256').update(script).digest('hex').slice(0, 16)}.js`;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cf-radar-docs-serve-'));
    await writeFile(join(root, 'index.html'), page);
    await writeFile(join(root, 'index.html.gz'), gzipSync(page));
    await writeFile(join(root, scriptName), script);
    await writeFile(join(root, 'openapi.yaml'), 'openapi: 3.1.0\n');
    site = await serveDirectory(root, { base: '/cf-radar/' });
  });

  afterAll(async () => {
    await site.close();
    await rm(root, { recursive: true, force: true });
  });

  it('listens on loopback under its base path', () => {
    expect(site.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cf-radar\/$/);
  });

  it.each([
    { description: 'the page', path: '', status: 200, type: 'text/html; charset=utf-8', cache: 'no-cache' },
    {
      description: 'the yaml bundle',
      path: 'openapi.yaml',
      status: 200,
      type: 'application/yaml; charset=utf-8',
      cache: 'no-cache',
    },
    {
      description: 'the hashed script may be kept',
      path: scriptName,
      status: 200,
      type: 'text/javascript; charset=utf-8',
      cache: 'public, max-age=31536000, immutable',
    },
    {
      description: 'a route is no file: no fallback',
      path: 'email-security/x',
      status: 404,
      type: 'text/plain; charset=utf-8',
      cache: undefined,
    },
  ])('$description', async ({ path, status, type, cache }) => {
    const response = await get(new URL(path, site.url).href);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe(type);
    expect(response.headers['cache-control']).toBe(cache);
  });

  it('sends the precompressed copy the client accepts, with its own ETag, and 304 when it matches', async () => {
    const plain = await get(site.url);
    const zipped = await get(site.url, { 'accept-encoding': 'br;q=0, gzip' });
    expect(plain.body.toString()).toBe(page);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(page.length / 10);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    const again = await get(site.url, { 'accept-encoding': 'gzip', 'if-none-match': String(zipped.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it.each([
    { description: 'malformed percent-encoding', line: 'GET /cf-radar/%E0%A4%A HTTP/1.1', status: '400' },
    { description: 'an authority-form target', line: 'GET //[ HTTP/1.1', status: '400' },
    { description: 'a port out of range', line: 'GET //x:99999/ HTTP/1.1', status: '400' },
    { description: 'a traversal', line: 'GET /cf-radar/../../etc/passwd HTTP/1.1', status: '400' },
    { description: 'a huge target', line: `GET /cf-radar/${'a'.repeat(5000)} HTTP/1.1`, status: '414' },
    { description: 'a target beyond the header limit', line: `GET /${'a'.repeat(20_000)} HTTP/1.1`, status: '431' },
    { description: 'another method', line: 'DELETE /cf-radar/ HTTP/1.1', status: '405' },
    { description: 'a broken request line', line: 'GARBAGE', status: '400' },
  ])('answers $description with $status and stays up', async ({ line, status }) => {
    expect(await raw(site.url, `${line}\r\nhost: x\r\nconnection: close\r\n\r\n`)).toMatch(
      new RegExp(`^HTTP/1\\.1 ${status} `),
    );
    expect((await get(site.url)).status).toBe(200);
  });
});
