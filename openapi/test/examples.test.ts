// Every example in the spec validates against the schema it illustrates (Ajv, JSON Schema 2020-12,
// with formats): media type examples, named examples, parameter and header examples, and the
// `example` / `examples` written inside schemas.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSpecValidator, escapePointer, resolvePointer } from '../validator.js';

const bundle = JSON.parse(readFileSync(new URL('../dist/openapi.json', import.meta.url), 'utf8')) as {
  components: { schemas: Record<string, unknown> };
};
const { validate } = createSpecValidator(bundle);

interface Case {
  description: string;
  schema: string;
  value: unknown;
}

const isObject = (node: unknown): node is Record<string, unknown> =>
  node !== null && typeof node === 'object' && !Array.isArray(node);

/** Follows a `$ref` to the node it names, keeping the pointer of the node itself when there is none. */
function follow(node: unknown, pointer: string): [unknown, string] {
  if (isObject(node) && typeof node.$ref === 'string') return [resolvePointer(bundle, node.$ref), node.$ref];
  return [node, pointer];
}

function collect(node: unknown, pointer: string, inSchema: boolean, out: Case[]): Case[] {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) collect(item, `${pointer}/${i}`, inSchema, out);
    return out;
  }
  if (!isObject(node)) return out;
  if (inSchema) {
    if ('example' in node) out.push({ description: `${pointer}/example`, schema: pointer, value: node.example });
    if (Array.isArray(node.examples)) {
      for (const [i, value] of node.examples.entries()) {
        out.push({ description: `${pointer}/examples/${i}`, schema: pointer, value });
      }
    }
  } else if ('schema' in node) {
    // A media type, parameter or header: its examples illustrate its `schema`.
    const [, schema] = follow(node.schema, `${pointer}/schema`);
    if ('example' in node) out.push({ description: `${pointer}/example`, schema, value: node.example });
    if (isObject(node.examples)) {
      for (const [name, ex] of Object.entries(node.examples)) {
        const [example, at] = follow(ex, `${pointer}/examples/${escapePointer(name)}`);
        if (isObject(example)) out.push({ description: at, schema, value: example.value });
      }
    }
  }
  for (const [key, child] of Object.entries(node)) {
    if (key === 'example' || key === 'examples' || key === '$ref') continue;
    const childInSchema = inSchema || key === 'schema' || pointer === '#/components/schemas';
    collect(child, `${pointer}/${escapePointer(key)}`, childInSchema, out);
  }
  return out;
}

const cases = collect(bundle, '#', false, []);
// Schemas reached through several places are checked once per place; keep each pair once.
const unique = [...new Map(cases.map((c) => [`${c.description} ${c.schema}`, c])).values()];

describe('examples', () => {
  it("finds every operation's documented and named-series examples, and the rest", () => {
    const described = unique.map((c) => c.description);
    const paths = (bundle as unknown as { paths: Record<string, Record<string, unknown>> }).paths;
    const operations = Object.entries(paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${path}/${m}`));
    expect(operations.length).toBeGreaterThan(0);
    for (const at of operations) {
      const pointer = `#/paths/${escapePointer(at.slice(0, at.lastIndexOf('/')))}/${at.slice(at.lastIndexOf('/') + 1)}`;
      const json = resolvePointer(bundle, `${pointer}/responses/200/content/application~1json`) as {
        examples?: Record<string, { $ref?: string }>;
      };
      for (const name of ['documented', 'namedSeries']) {
        // Each reference page documents an example answer, and every endpoint takes named series.
        const fix = `add examples.${name} to its 200 application/json answer, as a $ref to components/examples/`;
        expect(described, `${at}: no example "${name}"; ${fix}`).toContain(json.examples?.[name]?.$ref);
      }
    }
    expect(unique.length).toBeGreaterThan(40);
  });

  it.each(unique)('$description is valid against $schema', ({ schema, value }) => {
    expect(validate(schema, value)).toEqual([]);
  });

  it('rejects a documented example with a field renamed, naming the field', () => {
    const documented = resolvePointer(bundle, '#/components/examples/TcpResetsTimeoutsSummaryExample/value') as {
      result: { summary_0: Record<string, string> };
    };
    const { post_syn, ...rest } = documented.result.summary_0;
    const broken = { ...documented, result: { ...documented.result, summary_0: { ...rest, postSyn: post_syn } } };
    expect(validate('#/components/schemas/TcpResetsTimeoutsSummaryResponse', broken)).toContainEqual({
      instancePath: '/result/summary_0',
      schemaPath: '#/components/schemas/TcpResetsTimeoutsSummary/required',
      message: "must have required property 'post_syn'",
    });
  });

  it('accepts any series name, and only series of the right shape', () => {
    const documented = resolvePointer(bundle, '#/components/examples/TlsVersionSummaryExample/value') as {
      result: { meta: unknown; summary_0: unknown };
    };
    const { meta, summary_0 } = documented.result;
    const schema = '#/components/schemas/TlsVersionSummaryResult';
    expect(validate(schema, { meta, us: summary_0, pt: summary_0 })).toEqual([]);
    expect(validate(schema, { meta })).not.toEqual([]);
    expect(validate(schema, { meta, us: { 'TLS 1.3': 'ten' } })).not.toEqual([]);
  });
});
