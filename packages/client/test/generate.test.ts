import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { identifierOf, operationFacts, SpecShapeError } from '../scripts/generate.js';
import { operationFacts as runtimeFacts } from '../src/index.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const specDir = dirname(require.resolve('@cf-radar/openapi/validator'));
const bundlePath = join(specDir, 'dist', 'openapi.json');
const tsx = join(dirname(require.resolve('tsx/package.json')), 'dist', 'cli.mjs');
const redocly = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
const tsc = require.resolve('typescript/bin/tsc');

function readBundle(): Parameters<typeof operationFacts>[0] {
  let text: string;
  try {
    text = readFileSync(bundlePath, 'utf8');
  } catch {
    throw new Error(`no spec bundle at ${bundlePath}; run: npx turbo run build --filter=@cf-radar/openapi`);
  }
  return JSON.parse(text);
}

function run(command: string, args: string[], cwd = pkg): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [command, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

// Under the package, so that the copies resolve openapi-fetch and TypeScript from the workspace.
mkdirSync(join(pkg, 'test-output'), { recursive: true });
const scratch = mkdtempSync(join(pkg, 'test-output', 'generate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bundle = readBundle();
type Spec = Parameters<typeof operationFacts>[0];
const operationsInBundle = Object.entries(
  bundle.paths as Record<string, Record<string, Record<string, unknown>>>,
).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
    .map(([method, operation]) => ({ path, method, operation })),
);

describe('operation facts', () => {
  const facts = Object.fromEntries(operationFacts(bundle).map((fact) => [fact.operationId, fact]));

  it.each(
    operationsInBundle.map(({ path, method, operation }) => ({
      path,
      method,
      operation,
      id: String(operation.operationId),
    })),
  )(
    'reads $id from the bundle: placed by x-client-method, path parameters first in path order',
    ({ path, method, operation, id }) => {
      const fact = facts[id];
      expect(fact).toMatchObject({ method: method.toUpperCase(), path });
      expect(fact?.location.join('.')).toBe(operation['x-client-method']);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const leading = fact?.parameters.slice(0, templated.length).map((p) => [p.in, p.name]);
      expect(leading).toEqual(templated.map((name) => ['path', name]));
      expect(fact?.parameters.slice(templated.length).every((p) => p.in !== 'path')).toBe(true);
      expect(fact?.deprecated !== undefined).toBe(operation.deprecated === true);
    },
  );

  it.each(
    operationsInBundle
      .filter(({ operation }) => operation.deprecated === true)
      .map(({ operation }) => ({
        id: String(operation.operationId),
        replacedBy: operation['x-replaced-by'] as Record<string, unknown>,
      })),
  )('$id warns with the exact call that replaces it', ({ id, replacedBy }) => {
    const target = facts[String(replacedBy.operationId)];
    expect(target).toBeDefined();
    const fixed = Object.values((replacedBy.parameters ?? {}) as Record<string, string>).map((v) => `'${v}'`);
    const args = [...fixed, 'query'].join(', ');
    expect(facts[id]?.deprecated).toContain(`use client.${target?.location.join('.')}(${args})`);
    expect(facts[id]?.deprecated).toContain(`${target?.identifier}(core, ${args})`);
  });

  it('reads each parameter with its rules, in spec order', () => {
    const dns = facts.getDnsTimeseriesGroupsByMatchingAnswer;
    const byName = Object.fromEntries((dns?.parameters ?? []).map((p) => [p.name, p]));
    expect(byName.aggInterval).toEqual({ name: 'aggInterval', type: 'string', enum: ['15m', '1h', '1d', '1w'] });
    expect(byName.nodata).toEqual({ name: 'nodata', array: true, type: 'boolean' });
    expect(byName.dateStart).toEqual({ name: 'dateStart', array: true, type: 'string', format: 'date-time' });
    expect(byName.tld).toEqual({ name: 'tld', array: true, type: 'string', minLength: 2, maxLength: 63 });
    expect(byName.dateRange?.pattern).toMatch(/^\^.*\$$/);
  });

  it.each([
    { operationId: 'getDnsTimeseriesGroups', expected: 'getDnsTimeseriesGroups' },
    { operationId: 'get-dns.timeseries v2', expected: 'getDnsTimeseriesV2' },
    { operationId: 'radar_dns_top', expected: 'radarDnsTop' },
    { operationId: '2fa-status', expected: '_2faStatus' },
    { operationId: 'delete', expected: 'deleteOperation' },
  ])('names the function of operationId $operationId $expected', ({ operationId, expected }) => {
    expect(identifierOf(operationId)).toBe(expected);
  });
});

describe('a spec the client cannot serve is refused, naming where and what to change', () => {
  /** One GET at /things/{id} with the given operation fields and parameters. */
  const specWith = (operation: Record<string, unknown>, path = '/things/{id}'): Spec =>
    ({
      openapi: '3.1.0',
      paths: {
        [path]: {
          get: {
            operationId: 'getThing',
            'x-client-method': 'things.get',
            parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
            responses: {},
            ...operation,
          },
        },
      },
    }) as unknown as Spec;

  it.each([
    {
      description: 'an operation without x-client-method',
      spec: specWith({ 'x-client-method': undefined }),
      message:
        /#\/paths\/~1things~1\{id\}\/get\/x-client-method: null is not a dotted method name; add `x-client-method:/,
    },
    {
      description: 'an x-client-method that is not dotted identifiers',
      spec: specWith({ 'x-client-method': 'things.get-one' }),
      message: /"things\.get-one" is not a dotted method name/,
    },
    {
      description: 'a cookie parameter',
      spec: specWith({
        parameters: [
          { name: 'id', in: 'path', schema: { type: 'string' } },
          { name: 's', in: 'cookie', schema: { type: 'string' } },
        ],
      }),
      message: /parameters\/1: parameters in "cookie" are not supported; use one of query, path, header/,
    },
    {
      description: 'an object parameter',
      spec: specWith({ parameters: [{ name: 'id', in: 'path', schema: { type: 'object' } }] }),
      message: /parameters\/0\/schema: a parameter schema of type "object" is not supported/,
    },
    {
      description: 'a templated segment without its parameter',
      spec: specWith({ parameters: [] }),
      message: /the path has \{id\} but no path parameter "id" is declared/,
    },
    {
      description: 'a replacement that does not exist',
      spec: specWith({ deprecated: true, 'x-replaced-by': { operationId: 'getNothing' } }),
      message: /x-replaced-by\/operationId: no operation "getNothing" in the spec/,
    },
  ])('refuses $description', ({ spec, message }) => {
    expect(() => operationFacts(spec)).toThrow(SpecShapeError);
    expect(() => operationFacts(spec)).toThrow(message);
  });

  it('refuses two operations at the same place in the tree', () => {
    const spec = specWith({});
    (spec.paths as Record<string, unknown>)['/other'] = {
      get: { operationId: 'getOther', 'x-client-method': 'things.get.more', responses: {} },
    };
    expect(() => operationFacts(spec)).toThrow(
      /x-client-method things\.get\.more \(getOther\) collides with things\.get \(getThing\)/,
    );
  });
});

describe('the generated runtime table', () => {
  // It is most of what a consumer's bundle carries: whatever only the types or the JSDoc need stays out.
  it.each(Object.entries(runtimeFacts).map(([operationId, fact]) => ({ operationId, fact })))(
    'holds only what the run time reads for $operationId',
    ({ fact }) => {
      const extra = Object.keys(fact).filter((key) => !['method', 'path', 'location', 'parameters'].includes(key));
      expect(extra.filter((key) => !['deprecated', 'text'].includes(key))).toEqual([]);
      expect('deprecated' in fact).toBe(
        fact.location.length > 0 && typeof (fact as { deprecated?: unknown }).deprecated === 'string',
      );
    },
  );
});

describe('the generate command', () => {
  it('writes both files with the banner, and the folder README, atomically, and says so', () => {
    const out = join(scratch, 'cli');
    const { status, output } = run(tsx, ['scripts/generate.ts', '--spec', bundlePath, '--out', out]);
    expect(status, output).toBe(0);
    expect(output).toMatch(/^✔ generated .*schema\.ts \(\d+ ms\)$/m);
    expect(output).toMatch(/^✔ generated .*operations\.ts \(\d+ ms\)$/m);
    expect(output).toMatch(/^✔ generated .*functions\.ts \(\d+ ms\)$/m);
    expect(output).toMatch(/^✔ 3 files from .*openapi\.json \(\d+ ms\)$/m);
    expect(readdirSync(out).sort()).toEqual(['README.md', 'functions.ts', 'operations.ts', 'schema.ts']); // no temporary files left
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('Written by `npm run generate`');
    for (const file of ['schema.ts', 'operations.ts', 'functions.ts']) {
      expect(readFileSync(join(out, file), 'utf8')).toMatch(
        /^\/\/ Generated from openapi\/ by `npm run generate`.*Do not edit/,
      );
    }
  });

  it('fails with the command that builds a missing bundle', () => {
    const { status, output } = run(tsx, [
      'scripts/generate.ts',
      '--spec',
      join(scratch, 'missing.json'),
      '--out',
      join(scratch, 'none'),
    ]);
    expect(status).toBe(1);
    expect(output).toContain('✘ no spec bundle at');
    expect(output).toContain('run: npx turbo run build --filter=@cf-radar/openapi');
  });
});

describe('a spec change reaches the client with no hand edit', () => {
  /** Copies the spec, edits it, bundles it, generates into a copy of the client's source. */
  function variant(name: string, edit: (specCopy: string) => void): string {
    const root = join(scratch, name);
    const spec = join(root, 'openapi');
    for (const part of ['radar.yaml', 'paths', 'components'])
      cpSync(join(specDir, part), join(spec, part), { recursive: true });
    writeFileSync(join(spec, 'redocly.yaml'), 'telemetry: off\n');
    edit(spec);
    const bundle = run(redocly, ['bundle', 'radar.yaml', '--ext', 'json', '--output', 'bundle.json'], spec);
    expect(bundle.status, bundle.output).toBe(0);
    cpSync(join(pkg, 'src'), join(root, 'src'), { recursive: true, filter: (source) => !source.includes('generated') });
    const generated = run(tsx, [
      'scripts/generate.ts',
      '--spec',
      join(spec, 'bundle.json'),
      '--out',
      join(root, 'src', 'generated'),
    ]);
    expect(generated.status, generated.output).toBe(0);
    writeFileSync(
      join(root, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../../../../tsconfig.base.json',
        compilerOptions: { noEmit: true, types: ['node'] },
        include: ['src', 'snippet.ts'],
      }),
    );
    writeFileSync(
      join(root, 'snippet.ts'),
      [
        "import { createRadarClient, operationFacts } from './src/index.js';",
        'const fetch = async () => new Response(JSON.stringify({ success: true, result: { meta: {}, serie_0: {} } }));',
        "const client = createRadarClient({ apiToken: 'test-token', fetch, deprecationWarnings: false });",
        "const outcome = await client.radar.dns.timeseriesGroups.matchingAnswer({ aggInterval: '2h' }).then(() => 'sent', (e: Error) => e.message);",
        "const facts = operationFacts.getDnsTimeseriesGroupsByMatchingAnswer.parameters.find((p) => p.name === 'aggInterval');",
        "console.log(JSON.stringify({ outcome, enum: facts && 'enum' in facts ? facts.enum : null }));",
      ].join('\n'),
    );
    return root;
  }

  const addTwoHours = (spec: string): void => {
    const file = join(spec, 'components', 'parameters', 'AggInterval.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('    - 1w\n');
    writeFileSync(file, text.replace('    - 1w\n', '    - 1w\n    - 2h\n'));
  };

  it('without the change, 2h is a compile error and refused at run time', () => {
    const root = variant('unchanged', () => undefined);
    const types = run(tsc, ['-p', root]);
    expect(types.status).not.toBe(0);
    expect(types.output).toContain('snippet.ts');
    expect(types.output).toMatch(/"2h"/);
    const runtime = run(tsx, [join(root, 'snippet.ts')], root);
    expect(JSON.parse(runtime.output)).toEqual({
      outcome: 'GET /radar/dns/timeseries_groups/matching_answer: aggInterval: "2h" is not one of 15m, 1h, 1d, 1w',
      enum: ['15m', '1h', '1d', '1w'],
    });
  });

  it('with 2h added to the spec, the types accept it and the client sends it', () => {
    const root = variant('two-hours', addTwoHours);
    const types = run(tsc, ['-p', root]);
    expect(types.output).toBe('');
    expect(types.status).toBe(0);
    const runtime = run(tsx, [join(root, 'snippet.ts')], root);
    expect(JSON.parse(runtime.output)).toEqual({ outcome: 'sent', enum: ['15m', '1h', '1d', '1w', '2h'] });
    // The client's own source was only copied, never edited.
    expect(readFileSync(join(pkg, 'src', 'generated', 'operations.ts'), 'utf8')).not.toContain('"2h"');
  });
});

describe('the generated method tree', () => {
  /** The JSDoc tags an editor shows on `client.<path>`, read through the type checker from src/index.ts. */
  function tagsAt(path: readonly string[]): Record<string, string> {
    const entry = join(pkg, 'src', 'index.ts');
    const program = ts.createProgram([entry], {
      strict: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(entry);
    const module = source && checker.getSymbolAtLocation(source);
    const exported = module && checker.getExportsOfModule(module).find((symbol) => symbol.name === 'RadarClient');
    if (!exported) throw new Error('src/index.ts exports no RadarClient');
    let type = checker.getDeclaredTypeOfSymbol(exported);
    let property: ts.Symbol | undefined;
    for (const key of path) {
      property = checker.getPropertyOfType(type, key);
      if (!property) throw new Error(`RadarClient has no ${path.join('.')} (stopped at ${key})`);
      type = checker.getTypeOfSymbol(property);
    }
    return Object.fromEntries(
      (property?.getJsDocTags(checker) ?? []).map((tag) => [tag.name, ts.displayPartsToString(tag.text)]),
    );
  }

  it.each([
    {
      path: ['radar', 'email', 'security', 'summary', 'tlsVersion'],
      replacement: "client.radar.email.security.summaryV2('TLS_VERSION', query)",
    },
    {
      path: ['radar', 'dns', 'timeseriesGroups', 'matchingAnswer'],
      replacement: "client.radar.dns.timeseriesGroupsV2('MATCHING_ANSWER', query)",
    },
  ])('marks $path @deprecated, naming $replacement', ({ path, replacement }) => {
    const tags = tagsAt(path);
    expect(tags.deprecated).toContain(replacement);
    expect(tags.see).toMatch(/^https:\/\/developers\.cloudflare\.com\//);
  });

  it('does not mark the current operation deprecated', () => {
    expect(tagsAt(['radar', 'tcpResetsTimeouts', 'summary'])).not.toHaveProperty('deprecated');
  });
});
