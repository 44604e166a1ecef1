// Builds the site into an output folder: the enriched spec (`openapi.json`, `openapi.yaml`), then
// `redocly build-docs` with the Redoc bundle inlined and telemetry off, then the offline pass.
// Writes into a fresh folder beside the output and swaps it in only when every step passed, so a
// failed rebuild leaves the last good site in place.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { precompress } from './compress.ts';
import { enrichSpec } from './enrich.ts';
import { type Finding, findExternalUrls, makeOffline, urlsIn } from './offline.ts';
import { firstCallTemplate, hashRoutes, metaDescription, splitScript, withPageAssets } from './page.ts';
import { type OpenApiDocument, operationsOf } from './spec.ts';

export const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const redoclyCli = fileURLToPath(new URL('bin/cli.js', import.meta.resolve('@redocly/cli/package.json')));

export interface SiteOptions {
  /** The bundled spec to start from. @default the `@cf-radar/openapi/openapi.json` export */
  bundlePath?: string;
  /** @default `<package>/dist` */
  outDir?: string;
  /** Reports each finished step (`✔ …`). */
  log?: (line: string) => void;
}

export interface SiteResult {
  outDir: string;
  /** Bytes of `index.html`. */
  pageBytes: number;
  /** The Redoc bundle's file name in `outDir` (`redoc.<hash>.js`). */
  scriptName: string;
  /** Every file of the site with its size and its precompressed sizes. */
  files: { file: string; bytes: number; br: number; gz: number }[];
}

/** A build failure that lists every problem found, one per line. */
export class SiteBuildError extends Error {
  readonly problems: readonly string[];
  constructor(summary: string, problems: readonly string[]) {
    super(`${summary}\n${problems.map((problem) => `  ✘ ${problem}`).join('\n')}`);
    this.name = 'SiteBuildError';
    this.problems = problems;
  }
}

async function readSamples(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(dir).catch(() => [])).filter((file) => file.endsWith('.ts')).sort();
  return new Map(
    await Promise.all(
      files.map(async (file) => [basename(file, '.ts'), await readFile(join(dir, file), 'utf8')] as const),
    ),
  );
}

async function readGuide(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.md')).sort();
  const parts = await Promise.all(files.map((file) => readFile(join(dir, file), 'utf8')));
  return parts.map((part) => part.trim()).join('\n\n');
}

/** Runs a command with Redocly's telemetry and colours off, and collects everything it prints. */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function timed<T>(label: string, log: (line: string) => void, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await step();
  log(`✔ ${label} (${Math.round(performance.now() - started)} ms)`);
  return value;
}

function describe(finding: Finding): string {
  return `dist/index.html:${finding.line}: external URL ${finding.url} (${finding.kind}); replace it in src/offline.ts, or add it to linkOnlyPrefixes if only a click opens it`;
}

/** Compressed copies of the Redoc bundle, which stays the same from build to build. */
const compressionCache = join(packageDir, 'node_modules', '.cache', 'cf-radar-docs');

/** Builds the site into `work`. */
async function buildInto(
  work: string,
  bundlePath: string,
  log: (line: string) => void,
): Promise<Omit<SiteResult, 'outDir'>> {
  const {
    json: spec,
    summary,
    firstCall,
  } = await timed('added code samples and the guide to the spec', log, async () => {
    const bundle: OpenApiDocument = JSON.parse(await readFile(bundlePath, 'utf8'));
    const [samples, guide] = await Promise.all([
      readSamples(join(packageDir, 'samples')),
      readGuide(join(packageDir, 'guide')),
    ]);
    const enriched = enrichSpec(bundle, { samples, guide });
    if (enriched.problems.length > 0) {
      throw new SiteBuildError(`the spec in ${bundlePath} cannot be documented as it is:`, enriched.problems);
    }
    const json = `${JSON.stringify(enriched.spec, null, 2)}\n`;
    await writeFile(join(work, 'openapi.json'), json);
    await writeFile(join(work, 'openapi.yaml'), stringify(enriched.spec, { lineWidth: 0 }));
    const { info } = enriched.spec;
    const [first] = operationsOf(enriched.spec);
    const firstCall = first?.operation['x-codeSamples']?.find(({ label }) => label === 'TypeScript')?.source ?? '';
    return { json, summary: typeof info.summary === 'string' ? info.summary : info.title, firstCall };
  });

  const pagePath = join(work, 'index.html');
  await timed('rendered the reference with redocly build-docs', log, async () => {
    const args = [
      redoclyCli,
      'build-docs',
      join(work, 'openapi.json'),
      '--config',
      join(packageDir, 'redocly.yaml'),
      '--inlineBundle',
      '--title',
      'Cloudflare Radar API reference',
      '--output',
      pagePath,
    ];
    const { code, output } = await run(process.execPath, args, packageDir);
    if (code !== 0) {
      throw new SiteBuildError(`redocly build-docs exited with ${code}:`, output.trim().split('\n'));
    }
  });

  const offline = await timed('removed every external asset URL from the page', log, async () => {
    const { html, replaced } = makeOffline(await readFile(pagePath, 'utf8'));
    const problems = [
      ...(html.includes('"disableTelemetry":true')
        ? []
        : ['dist/index.html: Redoc options lack "disableTelemetry":true; keep `telemetry: off` in redocly.yaml']),
      ...findExternalUrls(html, urlsIn(spec)).map(describe),
    ];
    if (problems.length > 0) throw new SiteBuildError('the page would reach the network:', problems);
    for (const { why, count } of replaced) if (count === 0) log(`  (nothing to replace for ${why})`);
    return html;
  });

  const { pageBytes, scriptName } = await timed(
    'moved the Redoc bundle to a file of its own, links to hash routes',
    log,
    async () => {
      const [css, pageScript] = await Promise.all([
        readFile(join(packageDir, 'src', 'page.css'), 'utf8'),
        readFile(join(packageDir, 'src', 'enhance.js'), 'utf8'),
      ]);
      const { html: routed } = hashRoutes(
        withPageAssets(offline.replace('</head>', `${metaDescription(summary)}\n</head>`), {
          css,
          script: pageScript,
          firstCall: firstCall === '' ? '' : firstCallTemplate(firstCall),
        }),
      );
      // Named by its content, so a browser may keep it for as long as it likes.
      const bundle = splitScript(routed, 'redoc.js').script;
      const scriptName = `redoc.${createHash('sha256').update(bundle).digest('hex').slice(0, 16)}.js`;
      const { html: page, script } = splitScript(routed, scriptName);
      await writeFile(join(work, scriptName), script);
      await writeFile(pagePath, page);
      return { pageBytes: Buffer.byteLength(page), scriptName };
    },
  );

  const files = await timed('wrote .br and .gz copies of every file', log, () =>
    precompress(work, ['index.html', scriptName, 'openapi.json', 'openapi.yaml'], compressionCache),
  );
  return { pageBytes, scriptName, files };
}

export async function buildSite(options: SiteOptions = {}): Promise<SiteResult> {
  const log = options.log ?? (() => {});
  const bundlePath = options.bundlePath ?? fileURLToPath(import.meta.resolve('@cf-radar/openapi/openapi.json'));
  const outDir = options.outDir ?? join(packageDir, 'dist');
  // Unique per build, beside the output so the swap is a rename on one file system; two builds
  // running at once (a watcher and `npm run build`) then never share a half-built folder.
  await mkdir(dirname(outDir), { recursive: true });
  const work = await mkdtemp(join(dirname(outDir), `.${basename(outDir)}-next-`));
  await chmod(work, 0o755); // mkdtemp makes it private; the site is for any web server to read.
  try {
    const built = await buildInto(work, bundlePath, log);
    await rm(outDir, { recursive: true, force: true });
    await rename(work, outDir);
    return { outDir, ...built };
  } finally {
    // Gone after a successful swap; after a failure, the half-built site goes and dist/ stays.
    await rm(work, { recursive: true, force: true });
  }
}
