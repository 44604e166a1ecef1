// The TypeScript shown in the docs cannot rot: every sample the page shows (generated from the spec,
// or hand-written in samples/), every generated one, and every `ts` block of the guide, is
// type-checked here against the client's published types (`@cf-radar/client`, through its exports
// map), with this package's strict compiler options.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operationFacts } from '@cf-radar/client';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { enrichSpec } from '../src/enrich.ts';
import { packageDir } from '../src/site.ts';
import { type OpenApiDocument, operationsOf } from '../src/spec.ts';

const bundlePath = fileURLToPath(import.meta.resolve('@cf-radar/openapi/openapi.json'));

const samplesDir = join(packageDir, 'samples');
const guideDir = join(packageDir, 'guide');
const snippetsDir = join(packageDir, 'test-output', 'guide-snippets');

/** Every fenced `ts` block of the guide, with the file and line it starts on. */
async function guideSnippets(): Promise<{ file: string; line: number; source: string }[]> {
  const snippets: { file: string; line: number; source: string }[] = [];
  for (const file of (await readdir(guideDir)).filter((name) => name.endsWith('.md')).sort()) {
    const text = await readFile(join(guideDir, file), 'utf8');
    for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
      const line = text.slice(0, match.index).split('\n').length;
      snippets.push({ file: `guide/${file}`, line, source: match[1] ?? '' });
    }
  }
  return snippets;
}

/** Type-checks files with this package's tsconfig; returns one formatted line per diagnostic. */
function typeCheck(files: readonly string[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(packageDir, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram({ rootNames: files, options: config.options });
  return files.flatMap((file) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
      const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: ${message}`;
    }),
  );
}

beforeAll(() => {
  const types = fileURLToPath(new URL('index.d.ts', import.meta.resolve('@cf-radar/client')));
  if (!existsSync(types)) {
    throw new Error(
      `${types} is missing; build the client: TURBO_TELEMETRY_DISABLED=1 npx turbo run build --filter=@cf-radar/client`,
    );
  }
});

/** The docs' spec for a bundle, with every TypeScript sample it shows. */
function shownSamples(bundle: OpenApiDocument, samples: ReadonlyMap<string, string>) {
  const { spec, problems } = enrichSpec(bundle, { samples, guide: '' });
  expect(problems).toEqual([]);
  return operationsOf(spec).map(({ operation }) => ({
    operationId: operation.operationId ?? '',
    source: operation['x-codeSamples']?.find(({ label }) => label === 'TypeScript')?.source ?? '',
  }));
}

async function writeSamples(dir: string, samples: { operationId: string; source: string }[]): Promise<string[]> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return Promise.all(
    samples.map(async ({ operationId, source }) => {
      const path = join(dir, `${operationId}.ts`);
      await writeFile(path, source);
      return path;
    }),
  );
}

describe('TypeScript samples', () => {
  const bundle: OpenApiDocument = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const written = new Map(
    readdirSync(samplesDir)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => [basename(file, '.ts'), readFileSync(join(samplesDir, file), 'utf8')] as const),
  );

  it.each(Object.entries(operationFacts).map(([operationId, facts]) => ({ description: operationId, facts })))(
    'the page shows $description calling its own client method',
    ({ description, facts }) => {
      const shown = shownSamples(bundle, written).find(({ operationId }) => operationId === description);
      expect(shown?.source).toContain(`client.${facts.location.join('.')}(`);
    },
  );

  it('shown on the page, hand-written or generated, type-check against @cf-radar/client', async () => {
    const files = await writeSamples(join(packageDir, 'test-output', 'samples-shown'), shownSamples(bundle, written));
    expect(files.length).toBe(operationsOf(bundle).length);
    expect(typeCheck(files)).toEqual([]);
  });

  it('generated for every operation, with no hand-written one, type-check against @cf-radar/client', async () => {
    expect(operationsOf(bundle).filter(({ operation }) => operation['x-client-method'] === undefined)).toEqual([]);
    const generated = shownSamples(bundle, new Map());
    const files = await writeSamples(join(packageDir, 'test-output', 'samples-generated'), generated);
    expect(files.length).toBe(operationsOf(bundle).length);
    expect(typeCheck(files)).toEqual([]);
  });
});

describe('the guide', () => {
  it('has TypeScript blocks, and they type-check against @cf-radar/client', async () => {
    const snippets = await guideSnippets();
    expect(snippets.length).toBeGreaterThan(0);
    await rm(snippetsDir, { recursive: true, force: true });
    await mkdir(snippetsDir, { recursive: true });
    // Each block is a module of its own, named after where it stands, so a diagnostic points back at it.
    const files = await Promise.all(
      snippets.map(async ({ file, line, source }) => {
        const path = join(snippetsDir, `${basename(file, '.md')}.md-line-${line}.ts`);
        await writeFile(path, source);
        return path;
      }),
    );
    expect(typeCheck(files)).toEqual([]);
  });
});
