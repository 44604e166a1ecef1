// Checks the package as a consumer gets it: what `npm pack` ships, and that publint and
// arethetypeswrong find nothing wrong. Needs `dist/` (turbo builds it before the tests).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { operationFacts } from '../src/index.js';

const require = createRequire(import.meta.url);
const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

beforeAll(() => {
  if (!existsSync(join(pkg, 'dist', 'index.js'))) {
    throw new Error('no dist/ to check; run: npx turbo run build --filter=@cf-radar/client');
  }
});

describe('the published package', () => {
  it('ships only dist, the README, the licence, package.json and the changelog once there is one', () => {
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkg, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const [{ files }] = JSON.parse(pack.stdout) as [{ files: { path: string }[] }];
    const outside = files.map((file) => file.path).filter((path) => !/^dist\/.+\.(js|d\.ts)$/.test(path));
    const changelog = existsSync(join(pkg, 'CHANGELOG.md')) ? ['CHANGELOG.md'] : [];
    expect(outside.sort()).toEqual([...changelog, 'LICENSE', 'README.md', 'package.json'].sort());
    expect(files.map((file) => file.path)).toContain('dist/index.d.ts');
  });

  it('depends on openapi-fetch only at run time', () => {
    expect(Object.keys(manifest.dependencies)).toEqual(['openapi-fetch']);
  });

  it('passes publint in strict mode', async () => {
    const { messages, pkg: read } = await publint({ pkgDir: pkg, strict: true });
    expect(messages.map((message) => formatMessage(message, read))).toEqual([]);
  });

  it('passes arethetypeswrong for ESM consumers (node16 and bundlers)', () => {
    const attw = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist', 'index.js');
    const run = spawnSync(
      process.execPath,
      [attw, '--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped'],
      {
        cwd: pkg,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      },
    );
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  });
});

describe("tree-shaking in a consumer's bundle", () => {
  /** Bundles a one-line consumer of dist/ as the size benchmark does, and returns the minified code. */
  async function bundle(source: string): Promise<string> {
    const result = await build({
      stdin: { contents: source, resolveDir: pkg },
      alias: { '@cf-radar/client': join(pkg, 'dist', 'index.js') },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'error',
    });
    return result.outputFiles[0]?.text ?? '';
  }

  it.each([
    { description: 'toNumbers', source: "import { toNumbers } from '@cf-radar/client'; console.log(toNumbers({}));" },
    {
      description: 'an error class',
      source: "import { RateLimitError } from '@cf-radar/client'; console.log(RateLimitError);",
    },
  ])('leaves out the client, openapi-fetch and the spec facts for a consumer of $description', async ({ source }) => {
    const code = await bundle(source);
    expect(code).not.toContain('api.cloudflare.com'); // the client
    expect(code).not.toContain('onRequest'); // openapi-fetch
    expect(code).not.toContain('tcp_resets_timeouts'); // the generated facts
  });

  it('carries one operation and no openapi-fetch for a consumer of the core and one function', async () => {
    const code = await bundle(
      "import { createRadarCore, getTcpResetsTimeoutsSummary } from '@cf-radar/client'; console.log(getTcpResetsTimeoutsSummary(createRadarCore()));",
    );
    expect(code).toContain('/radar/tcp_resets_timeouts/summary');
    expect(code).not.toContain('onRequest'); // openapi-fetch
    // No other operation's facts, whatever the spec holds.
    const others = Object.values(operationFacts)
      .map((fact) => fact.path)
      .filter((path) => path !== '/radar/tcp_resets_timeouts/summary');
    expect(others.length).toBeGreaterThan(0);
    for (const path of others) expect(code).not.toContain(path);
  });

  it('keeps all three for a consumer of createRadarClient (the checks above can fail)', async () => {
    const code = await bundle("import { createRadarClient } from '@cf-radar/client'; console.log(createRadarClient);");
    for (const marker of ['api.cloudflare.com', 'onRequest', 'tcp_resets_timeouts']) expect(code).toContain(marker);
  });
});
