// Generated calls against every operation of the bundled spec: path arguments and queries built
// from the operation's own parameters (enum values, pattern matches, date-times from their parts)
// mixed with unknown names and values of every JavaScript type, arrays with holes and huge strings.
// Whatever comes in, a call either refuses with a RadarValidationError before any request, or
// sends exactly one request whose URL the spec accepts: each value is checked with the repo's Ajv
// validator against the parameter's schema in `openapi/dist/openapi.json`, not with the client's
// own rules. Replay a failure with FUZZ_SEED=<seed> (fast-check prints it, and the path).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createSpecValidator, escapePointer } from '@cf-radar/openapi/validator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as radar from '../src/index.js';
import { createRadarCore, operationFacts, RadarValidationError } from '../src/index.js';
import { ok, TOKEN } from './fake-fetch.js';

// 300 calls per operation keep `npm test` within seconds; FUZZ_RUNS=5000 digs deeper by hand.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const BASE = 'https://api.cloudflare.com/client/v4';

interface Schema {
  $ref?: string;
  type?: string;
  items?: Schema;
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
  /** Where the schema is in the spec, for the validator. */
  pointer: string;
}
interface Operation {
  id: string;
  method: string;
  path: string;
  parameters: Parameter[];
}

const specPath = createRequire(import.meta.url).resolve('@cf-radar/openapi/openapi.json');
const spec = JSON.parse(readFileSync(specPath, 'utf8'));
const { validate } = createSpecValidator(spec);

function resolve(pointer: string): unknown {
  return pointer
    .slice(2)
    .split('/')
    .reduce((node, key) => node[key.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
}

/** Every operation of the spec, with its parameters resolved and the pointer of each schema. */
const operations: Operation[] = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(
  ([path, item]) =>
    ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']
      .filter((method) => item[method])
      .map((method) => {
        const operation = item[method] as { operationId: string; parameters?: { $ref?: string }[] };
        const at = `#/paths/${escapePointer(path)}/${method}/parameters`;
        const parameters = (operation.parameters ?? []).map((parameter, index) => {
          const pointer = parameter.$ref ?? `${at}/${index}`;
          return { ...(resolve(pointer) as Omit<Parameter, 'pointer'>), pointer: `${pointer}/schema` };
        });
        return { id: operation.operationId, method: method.toUpperCase(), path, parameters };
      }),
);

/** The schema itself where it is a `$ref` to a component schema. */
const deref = (schema: Schema): Schema => (schema.$ref ? deref(resolve(schema.$ref) as Schema) : schema);

/** A value as it arrives in a URL, read back as the schema's type, so that Ajv judges what was sent. */
function fromUrl(referenced: Schema, text: string): unknown {
  const schema = deref(referenced);
  if (schema.type === 'integer' || schema.type === 'number') {
    return /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/i.test(text) ? Number(text) : text;
  }
  if (schema.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

/** What is wrong with a sent URL by the spec: path against the template, each query value against its schema. */
function urlProblems(operation: Operation, sent: URL): string[] {
  const problems: string[] = [];
  const base = new URL(BASE);
  if (sent.origin !== base.origin || !sent.pathname.startsWith(`${base.pathname}/`)) {
    return [`${sent.href} is not under ${BASE}`];
  }
  const segments = sent.pathname.slice(base.pathname.length).split('/');
  const template = operation.path.split('/');
  if (segments.length !== template.length) problems.push(`path ${sent.pathname} does not match ${operation.path}`);
  template.forEach((part, index) => {
    const segment = segments[index] ?? '';
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      if (segment !== part) problems.push(`path segment ${JSON.stringify(segment)} is not ${part}`);
      return;
    }
    const parameter = operation.parameters.find((p) => p.in === 'path' && p.name === name);
    const value = fromUrl(parameter?.schema ?? {}, decodeURIComponent(segment));
    for (const problem of parameter ? validate(parameter.pointer, value) : []) {
      problems.push(`path ${name} ${JSON.stringify(value)}: ${problem.message}`);
    }
  });
  const query = operation.parameters.filter((p) => p.in === 'query');
  for (const name of new Set(sent.searchParams.keys())) {
    const parameter = query.find((p) => p.name === name);
    const values = sent.searchParams.getAll(name);
    if (!parameter) {
      problems.push(`query ${JSON.stringify(name)} is not a parameter of ${operation.id}`);
      continue;
    }
    const schema = deref(parameter.schema);
    if (schema.type !== 'array' && values.length !== 1) problems.push(`query ${name} sent ${values.length} times`);
    const value =
      schema.type === 'array'
        ? values.map((text) => fromUrl(schema.items ?? {}, text))
        : fromUrl(schema, values[0] ?? '');
    for (const problem of validate(parameter.pointer, value)) {
      problems.push(`query ${name} ${JSON.stringify(value).slice(0, 200)}: ${problem.instancePath} ${problem.message}`);
    }
  }
  for (const parameter of operation.parameters.filter((p) => p.required && p.in === 'query')) {
    if (!sent.searchParams.has(parameter.name)) problems.push(`required query ${parameter.name} was not sent`);
  }
  return problems;
}

const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));
/** Date-times put together from parts that run just past every calendar limit, leap seconds included. */
const dateTimes = fc
  .tuple(
    fc.constantFrom('1900', '2000', '2016', '2023', '2024', '0000', '9999'),
    two(0, 13),
    two(0, 32),
    two(0, 25),
    two(0, 61),
    two(0, 61),
    fc.constantFrom('', '.5', '.782'),
    fc.constantFrom('Z', 'z', '+01:00', '-05:30', '+23:59', '+24:00', '-00:60', ''),
    fc.constantFrom('T', 't', ' '),
  )
  .map(([y, mo, d, h, mi, s, fraction, offset, t]) => `${y}-${mo}-${d}${t}${h}:${mi}:${s}${fraction}${offset}`);

const huge = fc
  .tuple(fc.string({ maxLength: 3, unit: 'binary' }), fc.integer({ min: 2000, max: 100_000 }))
  .map(([text, times]) => (text || 'x').repeat(times));

const oddValues = fc.constantFrom<unknown>(
  Symbol('a\nb'),
  () => 'US',
  10n ** 400n,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  1e21,
  new Date(0),
  new String('US'),
  Object.create(null),
  new Map([['US', 'US']]),
  '\uD800',
  'US\u0000',
  '%',
  '&location=PT',
  '',
);

/** Values at and around what a schema allows: its enum, pattern, format, type and lengths. */
function near(referenced: Schema): fc.Arbitrary<unknown> {
  const schema = deref(referenced);
  const near: fc.Arbitrary<unknown>[] = [];
  if (schema.enum) {
    near.push(fc.constantFrom(...schema.enum));
    near.push(fc.constantFrom(...schema.enum).map((value) => String(value).toLowerCase()));
  }
  if (schema.pattern) near.push(fc.stringMatching(new RegExp(schema.pattern)));
  if (schema.format === 'date-time')
    near.push(
      dateTimes,
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    );
  if (schema.type === 'integer' || schema.type === 'number') {
    near.push(fc.integer({ min: -3, max: 10 }), fc.double({ min: -3, max: 10 }));
    // On, just inside and just outside each bound, and multiples (and near-multiples) of multipleOf.
    const bounds = [schema.minimum, schema.maximum, schema.exclusiveMinimum, schema.exclusiveMaximum].filter(
      (bound): bound is number => bound !== undefined,
    );
    if (bounds.length > 0) near.push(fc.constantFrom(...bounds.flatMap((b) => [b - 1, b - 0.5, b, b + 0.5, b + 1])));
    const step = schema.multipleOf;
    if (step !== undefined) {
      near.push(
        fc.integer({ min: -2, max: 20 }).map((n) => n * step),
        fc.integer({ min: -2, max: 20 }).map((n) => n * step + step / 3),
      );
    }
  }
  if (schema.type === 'boolean') near.push(fc.boolean(), fc.constantFrom('true', 'false', 0, 1));
  if (schema.type === 'string') near.push(fc.string({ maxLength: 70 }), fc.constantFrom('US', 'com', '7d', '13335'));
  // JSON Schema counts a length in code points, JavaScript in UTF-16 units: astral characters tell them apart.
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    const bound = schema.maxLength ?? (schema.minLength ?? 0) + 2;
    near.push(fc.string({ unit: 'grapheme', minLength: Math.max(0, bound - 2), maxLength: bound + 2 }));
    const edges = fc.constantFrom(
      '😀',
      'a😀',
      '😀'.repeat(Math.ceil(bound / 2) + 1),
      'x'.repeat(bound),
      'x'.repeat(bound + 1),
    );
    near.push(edges, edges);
  }
  // A schema with none of the above (an object, say) still gets values, just not targeted ones.
  if (near.length === 0) near.push(fc.string({ maxLength: 20 }), fc.integer());
  return fc.oneof(...near);
}

/** One value of a parameter: mostly what its schema allows, often not; `large` adds huge strings. */
function item(schema: Schema, large = true): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 8, arbitrary: near(schema) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
    { weight: 1, arbitrary: oddValues },
    { weight: large ? 1 : 0, arbitrary: huge },
  );
}

/** A parameter's value: for an array parameter, mostly arrays, some with holes. */
function value(referenced: Schema): fc.Arbitrary<unknown> {
  const schema = deref(referenced);
  const one = item(schema.items ?? schema);
  const arrays = fc.oneof(
    { weight: 6, arbitrary: fc.array(one, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.sparseArray(one, { maxLength: 5, noTrailingHole: false }) },
    // Long, but of small items: a few hundred huge strings would only make the suite slow.
    { weight: 1, arbitrary: fc.array(item(schema.items ?? schema, false), { minLength: 50, maxLength: 300 }) },
  );
  return fc.oneof(
    { weight: 8, arbitrary: schema.type === 'array' ? arrays : one },
    { weight: 1, arbitrary: schema.type === 'array' ? one : arrays },
    { weight: 1, arbitrary: fc.anything({ withBigInt: true, withDate: true, withMap: true, withSparseArray: true }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function calls(operation: Operation): fc.Arbitrary<{ path: unknown[]; query: unknown }> {
  const pathParameters = operation.parameters.filter((p) => p.in === 'path');
  const named = operation.parameters.filter((p) => p.in !== 'path');
  const known = named.map((p) => fc.tuple(fc.constant(p.name), value(p.schema)));
  const unknown = fc.tuple(
    fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Location', 'format ', 'dimension'),
      huge,
    ),
    fc.anything(),
  );
  const entries = fc.array(
    fc.oneof({ weight: 8, arbitrary: known.length ? fc.oneof(...known) : unknown }, { weight: 1, arbitrary: unknown }),
    { maxLength: 6 },
  );
  // A few parameters with values near their schemas, one or two series: the calls that get sent,
  // where a value the client lets through but the spec refuses would show.
  const plausible = fc.shuffledSubarray(named, { maxLength: 3 }).chain((chosen) =>
    fc.integer({ min: 1, max: 2 }).chain((series) =>
      fc.tuple(
        ...chosen.map((p) => {
          const schema = deref(p.schema);
          const one = near(schema.items ?? schema);
          return fc.tuple(
            fc.constant(p.name),
            schema.type === 'array' ? fc.array(one, { minLength: series, maxLength: series }) : one,
          );
        }),
      ),
    ),
  );
  const query = fc.oneof(
    { weight: 5, arbitrary: plausible.map((list) => Object.fromEntries(list)) },
    { weight: 5, arbitrary: entries.map((list) => Object.fromEntries(list)) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.anything() },
  );
  const path = fc.tuple(
    ...pathParameters.map((p) =>
      fc.oneof(
        {
          weight: 8,
          arbitrary: deref(p.schema).enum ? fc.constantFrom(...(deref(p.schema).enum ?? [])) : item(p.schema),
        },
        { weight: 1, arbitrary: item(p.schema) },
      ),
    ),
  );
  return fc.record({ path, query });
}

const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

describe('validation fuzz: every operation of the spec', () => {
  it('covers exactly the operations of the spec', () => {
    expect(Object.keys(operationFacts).sort()).toEqual(operations.map((operation) => operation.id).sort());
  });

  it.each(operations)('$id: refused before any request, or one request the spec accepts', async (operation) => {
    const call = (radar as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[operation.id];
    expect(call, `no function ${operation.id} exported`).toBeTypeOf('function');
    const outcomes = { refused: 0, sent: 0 };
    const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const timersBefore = timers();
    await fc.assert(
      fc.asyncProperty(calls(operation), async ({ path, query }) => {
        const sent: { url: URL; accept: string | null }[] = [];
        const core = createRadarCore({
          apiToken: TOKEN,
          maxRetries: 0,
          deprecationWarnings: false,
          fetch: async (input, init) => {
            const accept = new Headers(init?.headers).get('accept');
            sent.push({ url: new URL(String(input)), accept });
            return accept === 'text/csv'
              ? new Response('a,b\n1,2\n', { headers: { 'content-type': 'text/csv' } })
              : ok({ meta: {} });
          },
        });
        let refusal: unknown;
        await call?.(core, ...path, query).catch((error: unknown) => {
          refusal = error;
        });
        if (refusal !== undefined) {
          // Anything but a RadarValidationError (a URIError, a TypeError) fails the property here.
          expect(refusal).toBeInstanceOf(RadarValidationError);
          const { message } = refusal as Error;
          expect(message.length).toBeLessThanOrEqual(1000);
          expect(message).not.toMatch(/[\n\r\u2028\u2029]/);
          expect(sent).toHaveLength(0);
          outcomes.refused++;
          return;
        }
        expect(sent).toHaveLength(1);
        const [request] = sent as [{ url: URL; accept: string | null }];
        expect(urlProblems(operation, request.url)).toEqual([]);
        const format = (query as { format?: unknown } | undefined)?.format;
        expect(request.accept).toBe(format === 'CSV' ? 'text/csv' : 'application/json');
        outcomes.sent++;
      }),
      { numRuns: RUNS, ...(seed === undefined ? {} : { seed }) },
    );
    // FUZZ_REPORT=1 prints how the runs split, for the README's figures.
    if (process.env.FUZZ_REPORT)
      console.info(`${operation.id}: ${RUNS} calls, ${outcomes.refused} refused, ${outcomes.sent} sent`);
    expect(outcomes.refused + outcomes.sent).toBe(RUNS);
    // Every call, refused or sent, clears its timeout timer.
    expect(timers()).toBeLessThanOrEqual(timersBefore);
    // Not vacuous: both outcomes are reached for every operation.
    expect(outcomes.sent).toBeGreaterThan(RUNS / 20);
    expect(outcomes.refused).toBeGreaterThan(RUNS / 20);
  });
});
