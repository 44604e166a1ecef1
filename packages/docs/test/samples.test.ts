// The TypeScript shown in the docs cannot rot: every sample, and every `ts` block of the guide, is
// type-checked here against the client's published types (`@cf-radar/client`, through its exports
// map), with this package's strict compiler options.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operationFacts } from '@cf-radar/client';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageDir } from '../src/site.ts';

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

describe('TypeScript samples', () => {
  it('exist for every operation of the client, and for nothing else', async () => {
    const files = (await readdir(samplesDir)).map((file) => basename(file, '.ts')).sort();
    expect(files).toEqual(Object.keys(operationFacts).sort());
  });

  it.each(Object.entries(operationFacts).map(([operationId, facts]) => ({ description: operationId, facts })))(
    '$description calls its own client method',
    async ({ description, facts }) => {
      const source = await readFile(join(samplesDir, `${description}.ts`), 'utf8');
      expect(source).toContain(`client.${facts.location.join('.')}(`);
    },
  );

  it('type-check against @cf-radar/client', async () => {
    const files = (await readdir(samplesDir))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join(samplesDir, file));
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
