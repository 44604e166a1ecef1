// The scale benchmark's specs: distinct operations of varied shapes, which lint as the real spec
// does and which the client's generator reads.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redoclyCli, run } from '@cf-radar/docs/src/site.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { operationFacts } from '../../packages/client/scripts/generate.ts';
import { generatedOperations, writeSpec } from '../bench-scale.ts';
import { root } from '../turbo-build.ts';

type JsonObject = Record<string, unknown>;
const operation = (pathItem: JsonObject) => pathItem.get as JsonObject;
const parameters = (pathItem: JsonObject) => (operation(pathItem).parameters as JsonObject[]) ?? [];
const inline = (pathItem: JsonObject) => parameters(pathItem).filter((p) => p.$ref === undefined);

describe('generatedOperations', () => {
  const operations = generatedOperations(495);

  it('gives every operation its own operationId, path, client method and series schema', () => {
    for (const key of [
      (o: (typeof operations)[number]) => o.operationId,
      (o: (typeof operations)[number]) => o.path,
      (o: (typeof operations)[number]) => operation(o.pathItem)['x-client-method'],
      (o: (typeof operations)[number]) => o.series.name,
    ]) {
      expect(new Set(operations.map(key)).size).toBe(operations.length);
    }
  });

  it('varies the path: none, one and two templated segments', () => {
    const templated = operations.map((o) => (o.path.match(/\{[^}]+\}/g) ?? []).length);
    expect(new Set(templated)).toEqual(new Set([0, 1, 2]));
  });

  it.each([
    [
      'a string enum',
      (p: JsonObject) => (p.schema as JsonObject).type === 'string' && 'enum' in (p.schema as JsonObject),
    ],
    [
      'a bounded integer',
      (p: JsonObject) => (p.schema as JsonObject).type === 'integer' && 'maximum' in (p.schema as JsonObject),
    ],
    ['a number with multipleOf', (p: JsonObject) => 'multipleOf' in (p.schema as JsonObject)],
    ['a boolean', (p: JsonObject) => (p.schema as JsonObject).type === 'boolean'],
    ['an array', (p: JsonObject) => (p.schema as JsonObject).type === 'array'],
    ['a date-time', (p: JsonObject) => (p.schema as JsonObject).format === 'date-time'],
    ['a pattern', (p: JsonObject) => 'pattern' in (p.schema as JsonObject)],
    ['a header', (p: JsonObject) => p.in === 'header'],
    ['a required query parameter', (p: JsonObject) => p.in === 'query' && p.required === true],
  ])('has operations with %s among their parameters, and operations without one', (_, has) => {
    const count = operations.filter((o) => inline(o.pathItem).some(has)).length;
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(operations.length);
  });

  it('has no two operations with the same inline parameters', () => {
    const sets = operations.map((o) => JSON.stringify(inline(o.pathItem)));
    expect(new Set(sets).size).toBe(operations.length);
  });

  it('deprecates some, each replaced by an operation of the spec with a dimension it allows', () => {
    const deprecated = operations.filter((o) => operation(o.pathItem).deprecated === true);
    expect(deprecated.length).toBeGreaterThan(0);
    for (const o of deprecated) {
      const replacedBy = operation(o.pathItem)['x-replaced-by'] as JsonObject;
      const target = operations.find((other) => other.operationId === replacedBy.operationId);
      expect(target?.dimensions).toContain((replacedBy.parameters as JsonObject).dimension);
    }
  });

  it('leaves examples out of some operations', () => {
    const content = (o: (typeof operations)[number]) =>
      ((operation(o.pathItem).responses as JsonObject)['200'] as JsonObject).content as JsonObject;
    const without = operations.filter((o) => !('examples' in (content(o)['application/json'] as JsonObject)));
    expect(without.length).toBeGreaterThan(0);
    expect(without.length).toBeLessThan(operations.length);
  });
});

describe('writeSpec', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cf-radar-scale-spec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeSpec(dir, 50);

  it('writes a spec that passes the repo lint, whose bundle the generator reads as 50 operations', async () => {
    const config = ['--config', join(root, 'redocly.yaml')];
    const lint = await run(process.execPath, [redoclyCli, 'lint', 'radar.yaml', '--format=stylish', ...config], dir);
    expect(lint.output.split('\n').filter((line) => /error|warning/i.test(line) && !/[╔╚║]/.test(line))).toEqual([]);
    expect(lint.code).toBe(0);
    const out = join(dir, 'bundle.json');
    const bundle = await run(
      process.execPath,
      [redoclyCli, 'bundle', 'radar.yaml', '--ext', 'json', '--output', out, ...config],
      dir,
    );
    expect(bundle.code, bundle.output).toBe(0);
    const facts = operationFacts(JSON.parse(readFileSync(out, 'utf8')));
    expect(facts).toHaveLength(50);
    expect(facts.some((fact) => fact.parameters.some((p) => p.in === 'header'))).toBe(true);
  }, 120_000);
});
