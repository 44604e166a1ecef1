import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findExternalUrls, urlsIn } from '../src/offline.ts';
import { buildSite, SiteBuildError, type SiteResult } from '../src/site.ts';
import type { OpenApiDocument } from '../src/spec.ts';

const bundlePath = fileURLToPath(import.meta.resolve('@cf-radar/openapi/openapi.json'));
let work: string;
let outDir: string;
let result: SiteResult;
const log: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cf-radar-docs-site-'));
  outDir = join(work, 'dist');
  result = await buildSite({ bundlePath, outDir, log: (line) => log.push(line) });
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('buildSite', () => {
  it('reports one line per step', () => {
    expect(log.map((line) => line.replace(/\(\d+ ms\)/, '(… ms)'))).toEqual([
      '✔ added code samples and the guide to the spec (… ms)',
      '✔ rendered the reference with redocly build-docs (… ms)',
      '✔ removed every external asset URL from the page (… ms)',
      '✔ moved the Redoc bundle to a file of its own, links to hash routes (… ms)',
      '✔ wrote .br and .gz copies of every file (… ms)',
    ]);
  });

  it('writes the page, and reports its size', async () => {
    expect(result.pageBytes).toBe((await stat(join(outDir, 'index.html'))).size);
  });

  it('leaves the folder readable by any web server', async () => {
    expect((await stat(outDir)).mode & 0o777).toBe(0o755);
  });

  it('writes the same enriched spec as JSON and YAML, with samples on every operation', async () => {
    const json: OpenApiDocument = JSON.parse(await readFile(join(outDir, 'openapi.json'), 'utf8'));
    const yaml: unknown = parse(await readFile(join(outDir, 'openapi.yaml'), 'utf8'));
    expect(yaml).toEqual(json);
    const counts = Object.values(json.paths).map((item) => JSON.stringify(item).match(/"x-codeSamples"/g)?.length);
    expect(counts).toEqual(Object.keys(json.paths).map(() => 1));
    expect(json.info.description).toContain('# Getting started');
  });

  it('writes the page and the Redoc bundle beside it, telemetry off, and no external asset URL in either', async () => {
    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    const script = await readFile(join(outDir, result.scriptName), 'utf8');
    const spec = await readFile(join(outDir, 'openapi.json'), 'utf8');
    expect(result.scriptName).toMatch(/^redoc\.[0-9a-f]{16}\.js$/);
    expect(html).toContain(`import('./${result.scriptName}')`);
    expect(script).toContain('export{');
    expect(html).toContain('"disableTelemetry":true');
    for (const text of [html, script]) {
      expect(text).not.toMatch(/cdn\.redoc\.ly|cdn\.redocly\.com|otel\.cloud\.redocly\.com/);
      expect(findExternalUrls(text, urlsIn(spec))).toEqual([]);
    }
  });

  it('links every route by hash, never by an absolute path a static host cannot answer', async () => {
    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    expect(html).toMatch(/href="#\/section\//);
    expect(html.match(/<a\b[^>]*\shref="\/(?!\/)[^"]*"/g) ?? []).toEqual([]);
  });

  it('has a meta description', async () => {
    const html = await readFile(join(outDir, 'index.html'), 'utf8');
    expect(html).toMatch(/<meta name="description" content="[^"]{20,}">/);
  });

  it('writes a .br and a .gz copy of every file, each smaller than the file', async () => {
    const names = (await readdir(outDir)).sort();
    const plain = names.filter((name) => !/\.(br|gz)$/.test(name));
    expect(names).toEqual(plain.flatMap((name) => [name, `${name}.br`, `${name}.gz`]).sort());
    expect(result.files.map(({ file }) => file).sort()).toEqual(plain);
    for (const { file, bytes, br, gz } of result.files) {
      expect((await stat(join(outDir, file))).size, file).toBe(bytes);
      expect(br, file).toBeLessThan(bytes);
      expect(gz, file).toBeLessThan(bytes);
    }
  });

  it('fails on a spec it cannot document, naming the problem, and keeps the last good site', async () => {
    const before = await readFile(join(outDir, 'index.html'));
    const bundle: OpenApiDocument = JSON.parse(await readFile(bundlePath, 'utf8'));
    bundle.paths['/radar/new'] = { get: { operationId: 'getNew', responses: {} } };
    const broken = join(work, 'broken.json');
    await writeFile(broken, JSON.stringify(bundle));

    const failure = await buildSite({ bundlePath: broken, outDir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SiteBuildError);
    expect(failure instanceof SiteBuildError && failure.problems).toEqual([
      'openapi: getNew has no x-client-method, so no TypeScript sample can be generated; add x-client-method to the operation, or write samples/getNew.ts',
    ]);
    // Buffer#equals: a deep diff of 2.5 MB would take seconds.
    expect((await readFile(join(outDir, 'index.html'))).equals(before)).toBe(true);
    expect(await readdir(work)).toEqual(['broken.json', 'dist']);
  });
});
