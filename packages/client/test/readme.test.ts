// The README's TypeScript blocks type-check against the published types (through the exports map),
// so the documentation cannot drift from the API.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
mkdirSync(join(pkg, 'test-output'), { recursive: true });
const scratch = mkdtempSync(join(pkg, 'test-output', 'readme-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('README', () => {
  it('has TypeScript examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it('type-checks every TypeScript example against @cf-radar/client', () => {
    // The imports of every block become one import at the top; each block gets its own scope, with a
    // client of its own when it uses the one from the quick start.
    const names = new Set(['createRadarClient']);
    const bodies = blocks.map((block, index) => {
      const lines = block.split('\n');
      for (const line of lines.filter((l) => l.startsWith('import '))) {
        for (const name of /\{([^}]*)\}/.exec(line)?.[1]?.split(',') ?? []) names.add(name.trim());
      }
      const body = lines.filter((l) => !l.startsWith('import ')).join('\n');
      const client = body.includes('const client =')
        ? ''
        : "const client = createRadarClient({ apiToken: 'test-token' });\n";
      return `export async function block${index}() {\n${client}${body}\n}`;
    });
    writeFileSync(
      join(scratch, 'readme.ts'),
      `import { ${[...names].join(', ')} } from '@cf-radar/client';\n${bodies.join('\n')}\n`,
    );
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../../tsconfig.base.json',
        compilerOptions: { noEmit: true, types: ['node'], noUnusedLocals: false },
        include: ['readme.ts'],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', scratch], { encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`).toBe('');
    expect(run.status).toBe(0);
  });
});
