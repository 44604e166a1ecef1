// Generates src/generated/ from the bundled spec: the types (openapi-typescript) and, per operation,
// the facts the run time needs and a standalone function, plus the method tree, so that a change to
// the spec reaches the client with no hand edit. Run by `npm run generate` (and every build).
//
// The generator is organised by OpenAPI's own model, not by endpoint: a parameter is read by its
// location (LOCATIONS) and the type of its schema (SCALAR_TYPES, arrays of them), and a response's
// media types decide which query values select a text answer. A shape it does not know is refused
// with the JSON pointer where it stands, never guessed.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolvePointer } from '@cf-radar/openapi/validator';
import type * as TypeScript from 'typescript';

const require = createRequire(import.meta.url);
// openapi-typescript's CommonJS build: importing the ES module build makes Node scan all of
// TypeScript's CommonJS source for its export names, which takes longer than the generation itself.
const { default: openapiTS, astToString } = require('openapi-typescript') as typeof import('openapi-typescript');
const ts = require('typescript') as typeof TypeScript;

const BANNER =
  '// Generated from openapi/ by `npm run generate` (packages/client/scripts/generate.ts). Do not edit:\n' +
  '// change the spec and rebuild.\n';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Where a parameter goes, and how an array of it is written there (OpenAPI's default style per location). */
const LOCATIONS = {
  // `style: form`, `explode: true`: one `key=value` pair per item (`?location=US&location=PT`).
  query: { explodes: true },
  // `style: simple`: items joined by commas (`/a,b`), each percent-encoded.
  path: { explodes: false },
  // `style: simple`: items joined by commas.
  header: { explodes: false },
} as const;
type Location = keyof typeof LOCATIONS;

/** The JSON Schema types a parameter (or an array parameter's items) may have, and the keywords the client checks for each. */
const SCALAR_TYPES = {
  string: ['enum', 'pattern', 'format', 'minLength', 'maxLength'],
  integer: ['enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  number: ['enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  boolean: ['enum'],
} as const;
type ScalarType = keyof typeof SCALAR_TYPES;
const ARRAY_KEYWORDS = ['minItems', 'maxItems'] as const;

/** What the client checks and sends for one parameter; fields that hold their default are left out. */
export interface ParameterFact {
  name: string;
  /** Left out for `query`. */
  in?: 'path' | 'header';
  array?: true;
  /** An array written as one comma-separated value (path and header parameters, or `explode: false`). */
  comma?: true;
  type: ScalarType;
  required?: true;
  enum?: Json[];
  format?: string;
  pattern?: string;
  /** The schema's description, kept for parameters with a pattern so that errors can say what is allowed. */
  description?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  /** From `x-same-duration`: every item is a relative range (`7d`, `2w`) and all cover the same days. */
  sameDuration?: true;
}

/** What the generator knows about one operation; `runtimeFact` keeps what the run time reads. */
export interface OperationFact {
  operationId: string;
  /** The operationId as a JavaScript identifier: the name of the operation's function. */
  identifier: string;
  method: string;
  path: string;
  /** Where the method lives in the tree, from the operation's `x-client-method`. */
  location: string[];
  summary: string;
  /** The warning a deprecated operation gives, naming what to call instead; undefined when current. */
  deprecated: string | undefined;
  seeUrl: string | undefined;
  /** The series key when no `name` is given, from the first JSON example of the 200; undefined when none. */
  defaultSeries: string | undefined;
  /** Path parameters first, in path order, then the others in spec order. */
  parameters: ParameterFact[];
  /** A query value that selects a text answer: `{ name: 'format', value: 'CSV', mediaType: 'text/csv' }`. */
  text: { name: string; value: string; mediaType: string } | undefined;
}

/** A spec the generator cannot turn into a client: says where (a JSON pointer) and what to change. */
export class SpecShapeError extends Error {
  override name = 'SpecShapeError';
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const pointerOf = (...parts: string[]): string =>
  `#/${parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;

/** Follows `$ref`s until a node that is not one; `at` names the pointer for error messages. */
function deref(spec: JsonObject, node: Json | undefined, at: string): JsonObject {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new SpecShapeError(`${at}: $ref chain longer than 20 hops`);
    current = resolvePointer(spec, current.$ref) as Json;
  }
  if (!isObject(current)) throw new SpecShapeError(`${at}: expected an object, found ${JSON.stringify(current)}`);
  return current;
}

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(
    ' ',
  ),
);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * An operationId as a JavaScript identifier: separators (`-`, `.`, `_`, spaces, anything else that
 * cannot stand in a name) start a new camelCase word, a leading digit gets `_`, a reserved word gets
 * `Operation`: `get-dns.v2` → `getDnsV2`.
 */
export function identifierOf(operationId: string): string {
  const words = operationId.split(/[^A-Za-z0-9_$]+|_+/).filter(Boolean);
  const joined = words.map((word, index) => (index === 0 ? word : word[0]?.toUpperCase() + word.slice(1))).join('');
  const name = /^[0-9]/.test(joined) ? `_${joined}` : joined || '_';
  return RESERVED.has(name) ? `${name}Operation` : name;
}

function scalarFact(
  schema: JsonObject,
  at: string,
): Pick<ParameterFact, 'type'> & Partial<Record<string, Json>> & { type: ScalarType } {
  const type = schema.type;
  if (typeof type !== 'string' || !(type in SCALAR_TYPES)) {
    throw new SpecShapeError(
      `${at}: a parameter schema of type ${JSON.stringify(type ?? null)} is not supported; use one of ${Object.keys(SCALAR_TYPES).join(', ')}, or an array of one`,
    );
  }
  const fact: Record<string, Json> & { type: ScalarType } = { type: type as ScalarType };
  for (const keyword of SCALAR_TYPES[type as ScalarType]) {
    const value = schema[keyword];
    if (value !== undefined) fact[keyword] = value;
  }
  if (fact.pattern !== undefined && typeof schema.description === 'string') fact.description = schema.description;
  return fact;
}

function parameterFact(spec: JsonObject, node: Json, at: string): ParameterFact {
  const parameter = deref(spec, node, at);
  const location = parameter.in;
  if (typeof location !== 'string' || !(location in LOCATIONS)) {
    throw new SpecShapeError(
      `${at}: parameters in ${JSON.stringify(location)} are not supported; use one of ${Object.keys(LOCATIONS).join(', ')}`,
    );
  }
  const schema = deref(spec, parameter.schema, `${at}/schema`);
  const array = schema.type === 'array';
  const item = array ? deref(spec, schema.items, `${at}/schema/items`) : schema;
  const { type, ...rules } = scalarFact(item, `${at}/schema${array ? '/items' : ''}`);
  const fact: ParameterFact = { name: String(parameter.name), type };
  if (location !== 'query') fact.in = location as 'path' | 'header';
  if (array) fact.array = true;
  const explodes = parameter.explode ?? (parameter.style === undefined || parameter.style === 'form');
  if (array && !(LOCATIONS[location as Location].explodes && explodes !== false)) fact.comma = true;
  if (parameter.required === true || location === 'path') fact.required = true;
  Object.assign(fact, rules);
  if (array)
    for (const keyword of ARRAY_KEYWORDS) if (typeof schema[keyword] === 'number') fact[keyword] = schema[keyword];
  if (parameter['x-same-duration'] === true) {
    if (!array || type !== 'string')
      throw new SpecShapeError(`${at}/x-same-duration: only an array of strings can have it`);
    fact.sameDuration = true;
  }
  return fact;
}

function jsonMedia(content: JsonObject): JsonObject | undefined {
  const key = Object.keys(content).find((type) => /^application\/(?:[\w.+-]+\+)?json\b/.test(type));
  return key === undefined ? undefined : (content[key] as JsonObject);
}

/** The single series key of the first JSON example of the 200 response, if it has exactly one. */
function defaultSeriesOf(spec: JsonObject, content: JsonObject | undefined, at: string): string | undefined {
  const json = content && jsonMedia(content);
  if (!json) return undefined;
  const examples = isObject(json.examples) ? Object.values(json.examples) : [];
  const values = [...examples.map((example, i) => deref(spec, example, `${at}/examples/${i}`).value), json.example];
  const result = values.map((value) => (isObject(value ?? undefined) ? (value as JsonObject).result : undefined))[0];
  if (!isObject(result ?? undefined)) return undefined;
  const series = Object.keys(result as JsonObject).filter((key) => key !== 'meta');
  return series.length === 1 ? series[0] : undefined;
}

/**
 * The query value that asks for a text media type of the 200 response: an enum value of a query
 * parameter that names the type's subtype (`format=CSV` ↔ `text/csv`).
 */
function textSelectorOf(content: JsonObject | undefined, parameters: readonly ParameterFact[]): OperationFact['text'] {
  for (const mediaType of Object.keys(content ?? {})) {
    const subtype = /^text\/([\w.+-]+)/.exec(mediaType)?.[1]?.toLowerCase();
    if (!subtype) continue;
    for (const parameter of parameters) {
      if (parameter.in !== undefined || parameter.array) continue;
      const value = parameter.enum?.find((v) => typeof v === 'string' && v.toLowerCase() === subtype);
      if (typeof value === 'string') return { name: parameter.name, value, mediaType };
    }
  }
  return undefined;
}

function locationOf(operation: JsonObject, at: string): string[] {
  const method = operation['x-client-method'];
  const location = typeof method === 'string' ? method.split('.') : [];
  if (location.length < 1 || !location.every((key) => IDENTIFIER.test(key))) {
    throw new SpecShapeError(
      `${at}/x-client-method: ${JSON.stringify(method ?? null)} is not a dotted method name; add \`x-client-method: radar.<group>.<method>\` (dot-separated JavaScript identifiers, as Cloudflare's SDK names it) to the operation`,
    );
  }
  return location;
}

/** A path parameter's value for a call example: the fixed one, else its first enum value, else its name as a placeholder. */
function exampleArgument(parameter: ParameterFact, fixed: Json | undefined): string {
  const value = fixed ?? parameter.enum?.[0];
  if (value === undefined) return parameter.name;
  return typeof value === 'string' ? `'${value.replaceAll("'", "\\'")}'` : String(value);
}

/** Reads every operation of the bundle into the facts the client is generated from. */
export function operationFacts(spec: JsonObject): OperationFact[] {
  const facts: OperationFact[] = [];
  const replacements = new Map<OperationFact, { operationId: string; parameters: JsonObject; at: string }>();
  for (const [path, item] of Object.entries(deref(spec, spec.paths, '#/paths'))) {
    const pathItem = deref(spec, item, pointerOf('paths', path));
    for (const method of METHODS) {
      if (!isObject(pathItem[method])) continue;
      const at = pointerOf('paths', path, method);
      const operation = deref(spec, pathItem[method], at);
      if (typeof operation.operationId !== 'string' || operation.operationId === '') {
        throw new SpecShapeError(`${at}: no operationId; every operation needs one (it names its function)`);
      }
      // An operation's own parameter overrides the path item's one with the same name and location.
      const declared = [
        ...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []).map((node, i) =>
          parameterFact(spec, node, `${pointerOf('paths', path)}/parameters/${i}`),
        ),
        ...(Array.isArray(operation.parameters) ? operation.parameters : []).map((node, i) =>
          parameterFact(spec, node, `${at}/parameters/${i}`),
        ),
      ];
      const byKey = new Map(declared.map((p) => [`${p.in ?? 'query'} ${p.name}`, p]));
      const all = [...byKey.values()];
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
      const pathParameters = templated.map((name) => {
        const found = all.find((p) => p.in === 'path' && p.name === name);
        if (!found)
          throw new SpecShapeError(`${at}: the path has {${name}} but no path parameter "${name}" is declared`);
        return found;
      });
      const extra = all.find((p) => p.in === 'path' && !templated.includes(p.name));
      if (extra) throw new SpecShapeError(`${at}: path parameter "${extra.name}" is not in the path ${path}`);
      const others = all.filter((p) => p.in !== 'path');
      const names = new Set<string>();
      for (const p of others) {
        if (names.has(p.name)) {
          throw new SpecShapeError(
            `${at}: two parameters are named "${p.name}" (query and header); the client takes both in one object, so rename one`,
          );
        }
        names.add(p.name);
      }
      const responses = isObject(operation.responses) ? operation.responses : {};
      const ok = responses['200'] ?? responses['2XX'];
      const content = ok === undefined ? undefined : deref(spec, ok, `${at}/responses/200`).content;
      const okContent = isObject(content ?? undefined) ? (content as JsonObject) : undefined;
      const parameters = [...pathParameters, ...others];
      const replacedBy = operation['x-replaced-by'];
      const fact: OperationFact = {
        operationId: operation.operationId,
        identifier: identifierOf(operation.operationId),
        method: method.toUpperCase(),
        path,
        location: locationOf(operation, at),
        summary: String(operation.summary ?? operation.operationId),
        deprecated: operation.deprecated === true ? `${method.toUpperCase()} ${path} is deprecated` : undefined,
        seeUrl: isObject(replacedBy) && typeof replacedBy.url === 'string' ? replacedBy.url : undefined,
        defaultSeries: defaultSeriesOf(spec, okContent, `${at}/responses/200/content`),
        parameters,
        text: textSelectorOf(okContent, parameters),
      };
      if (fact.deprecated && isObject(replacedBy) && typeof replacedBy.description === 'string') {
        fact.deprecated += `; use ${replacedBy.description}${typeof replacedBy.path === 'string' ? ` (${fact.method} ${replacedBy.path})` : ''} instead`;
      }
      if (fact.deprecated && isObject(replacedBy) && typeof replacedBy.operationId === 'string') {
        replacements.set(fact, {
          operationId: replacedBy.operationId,
          parameters: isObject(replacedBy.parameters) ? replacedBy.parameters : {},
          at: `${at}/x-replaced-by`,
        });
      }
      facts.push(fact);
    }
  }
  checkUnique(facts);
  // A deprecated operation says exactly what to call instead, in both forms, with the fixed path values.
  for (const [fact, { operationId, parameters, at }] of replacements) {
    const target = facts.find((other) => other.operationId === operationId);
    if (!target) throw new SpecShapeError(`${at}/operationId: no operation ${JSON.stringify(operationId)} in the spec`);
    const args = target.parameters
      .filter((p) => p.in === 'path')
      .map((p) => exampleArgument(p, parameters[p.name]))
      .join(', ');
    const lead = args ? `${args}, ` : '';
    fact.deprecated = `${fact.method} ${fact.path} is deprecated; use client.${target.location.join('.')}(${lead}query) or ${target.identifier}(core, ${lead}query) (${target.method} ${target.path}) instead`;
  }
  return facts;
}

function checkUnique(facts: readonly OperationFact[]): void {
  const seen = new Map<string, OperationFact>();
  for (const fact of facts) {
    const clash = seen.get(`id ${fact.identifier}`);
    if (clash) {
      throw new SpecShapeError(
        `operationIds ${JSON.stringify(clash.operationId)} and ${JSON.stringify(fact.operationId)} both become the function name ${fact.identifier}; rename one`,
      );
    }
    seen.set(`id ${fact.identifier}`, fact);
  }
  const places = new Map<string, OperationFact>();
  for (const fact of facts) {
    const place = fact.location.join('.');
    const other = [...places.entries()].find(
      ([known]) => known === place || known.startsWith(`${place}.`) || place.startsWith(`${known}.`),
    );
    if (other) {
      throw new SpecShapeError(
        `x-client-method ${place} (${fact.operationId}) collides with ${other[0]} (${other[1].operationId}): a method cannot share its place with another or hold methods below it`,
      );
    }
    places.set(place, fact);
  }
}

/** What the run time reads of one operation: the rest feeds the types and the JSDoc. */
function runtimeFact(fact: OperationFact): Record<string, Json> {
  return {
    method: fact.method,
    path: fact.path,
    location: fact.location,
    parameters: fact.parameters as unknown as Json[],
    ...(fact.deprecated !== undefined && { deprecated: fact.deprecated }),
    ...(fact.text && { text: [fact.text.name, fact.text.value, fact.text.mediaType] }),
  };
}

function jsdoc(fact: OperationFact, indent: string): string {
  const lines = [`${fact.summary}.`, '', `\`${fact.method} ${fact.path}\` (\`${fact.operationId}\`).`];
  if (fact.deprecated) {
    const instead = fact.deprecated.replace(/^.*?; use /, 'Use ').replace(/ instead$/, ' instead.');
    lines.push(`@deprecated ${instead.startsWith('Use') ? instead : 'This operation is deprecated.'}`);
    if (fact.seeUrl) lines.push(`@see ${fact.seeUrl}`);
  }
  return `${indent}/**\n${lines.map((line) => `${indent} *${line ? ` ${line}` : ''}`).join('\n')}\n${indent} */\n`;
}

type Tree = { [key: string]: Tree | OperationFact };

function treeOf(facts: readonly OperationFact[]): Tree {
  const tree: Tree = {};
  for (const fact of facts) {
    let node = tree;
    for (const key of fact.location.slice(0, -1)) {
      const next = (node[key] as Tree | undefined) ?? {};
      node[key] = next;
      node = next;
    }
    node[fact.location.at(-1) as string] = fact;
  }
  return tree;
}

const isFact = (node: Tree | OperationFact): node is OperationFact => typeof node.operationId === 'string';

function treeType(tree: Tree, depth: number): string {
  const indent = '  '.repeat(depth);
  return Object.entries(tree)
    .map(([key, node]) =>
      isFact(node)
        ? `${jsdoc(node, indent)}${indent}${key}: M[${JSON.stringify(node.operationId)}];\n`
        : `${indent}${key}: {\n${treeType(node, depth + 1)}${indent}};\n`,
    )
    .join('');
}

function treeValue(tree: Tree, depth: number): string {
  const indent = '  '.repeat(depth);
  return Object.entries(tree)
    .map(([key, node]) =>
      isFact(node)
        ? `${indent}${key}: ${node.identifier}$,\n`
        : `${indent}${key}: {\n${treeValue(node, depth + 1)}${indent}},\n`,
    )
    .join('');
}

const literal = (value: Json | undefined): string => (value === undefined ? 'never' : JSON.stringify(value));

/**
 * The TypeScript source of `operations.ts`: each operation's facts as a separate top-level constant,
 * so that a bundler keeps only those a consumer's functions reach; `methodTree` and `operationFacts`
 * reference all of them and are kept only where used; and the types the client maps over.
 */
export function operationsSource(facts: readonly OperationFact[]): string {
  const constants = facts.map(
    (fact) => `export const ${fact.identifier}$ = ${JSON.stringify(runtimeFact(fact))} as const;`,
  );
  const ids = facts.map((fact) => `  | ${JSON.stringify(fact.operationId)}`);
  const entry = (map: (fact: OperationFact) => string): string =>
    facts.map((fact) => `  ${JSON.stringify(fact.operationId)}: ${map(fact)};`).join('\n');
  const tree = treeOf(facts);
  return `${BANNER}
// One constant per operation: what the run time reads (method, path template, parameter rules,
// the deprecation warning, the query value that selects a text answer).
${constants.join('\n')}

/** Every operationId of the spec. */
export type OperationId =
${ids.length > 0 ? ids.join('\n') : '  never'};

/** Every operation's facts by operationId. Plain references, so that a bundler drops it where unused. */
export const operationFacts = {
${facts.map((fact) => `  ${JSON.stringify(fact.operationId)}: ${fact.identifier}$,`).join('\n')}
} as const;

/** The facts laid out as the method tree, for \`createRadarClient\`. */
export const methodTree = {
${treeValue(tree, 1)}} as const;

/** The series key of each operation's result when no \`name\` is given, from its first JSON example; \`string\` when unknown. */
export interface DefaultSeries {
${entry((fact) => (fact.defaultSeries === undefined ? 'string' : JSON.stringify(fact.defaultSeries)))}
}

/** Each operation's path parameters, in path order: the leading positional arguments of its method. */
export interface PathParameterNames {
${entry((fact) => JSON.stringify(fact.parameters.filter((p) => p.in === 'path').map((p) => p.name)))}
}

/** The query value that selects a text answer instead of JSON, per operation (\`never\` when none). */
export interface TextSelector {
${entry((fact) => (fact.text ? `{ name: ${literal(fact.text.name)}; value: ${literal(fact.text.value)} }` : 'never'))}
}

/** The method tree, one member per operation, placed by its \`x-client-method\`. \`M\` maps operationId to method type. */
export interface OperationTree<M extends Record<OperationId, unknown>> {
${treeType(tree, 1)}}
`;
}

/**
 * The TypeScript source of `functions.ts`: one plain exported function per operation, named by its
 * operationId, over the core passed in (as hey-api's generated SDKs are). A bundler drops every
 * function a consumer does not import, and with it that operation's facts.
 */
export function functionsSource(facts: readonly OperationFact[]): string {
  const functions = facts.map(
    (
      fact,
    ) => `${jsdoc(fact, '')}export const ${fact.identifier}: RadarFunction<${JSON.stringify(fact.operationId)}> = (core: RadarCore, ...args: unknown[]) =>
  core.call(${fact.identifier}$, args) as Promise<never>;
`,
  );
  const names = facts.map((fact) => `${fact.identifier}$`);
  return `${BANNER}
// Type-only: the functions are typed by the client's own mapped types; nothing hand-written runs here.
import type { RadarCore } from '../core.js';
import type { RadarFunction } from '../types.js';
${names.length > 0 ? `import { ${names.join(', ')} } from './operations.js';\n` : ''}
${functions.join('\n')}`;
}

/**
 * openapi-typescript hook: a schema that is `anyOf` known values (an enum, or a `$ref` to one) and a
 * plain string stays open to values the API adds later, yet keeps the known ones for autocompletion:
 * `Known | (string & {})`, which TypeScript does not collapse to `string`.
 */
function openEnum(schemaObject: object, metadata: { path?: string }): TypeScript.TypeNode | undefined {
  const schema = schemaObject as JsonObject;
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf.filter(isObject) : [];
  const open = branches.filter(
    (branch) => branch.type === 'string' && branch.enum === undefined && branch.const === undefined && !branch.$ref,
  );
  if (branches.length < 2 || open.length !== 1) return undefined;
  const known = branches.filter((branch) => branch !== open[0]);
  const nodes = known.map((branch) => {
    if (typeof branch.$ref === 'string') {
      const name = /^#\/components\/schemas\/(.+)$/.exec(branch.$ref)?.[1];
      if (!name) return undefined;
      const key = (text: string) => ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(text));
      return ts.factory.createIndexedAccessTypeNode(
        ts.factory.createIndexedAccessTypeNode(ts.factory.createTypeReferenceNode('components'), key('schemas')),
        key(name.replaceAll('~1', '/').replaceAll('~0', '~')),
      );
    }
    if (Array.isArray(branch.enum) && branch.enum.every((v) => typeof v === 'string')) {
      return ts.factory.createUnionTypeNode(
        (branch.enum as string[]).map((v) => ts.factory.createLiteralTypeNode(ts.factory.createStringLiteral(v))),
      );
    }
    return undefined;
  });
  if (nodes.some((node) => node === undefined)) {
    throw new SpecShapeError(
      `${metadata.path ?? 'a schema'}: an open enum's known branches must be string enums or $refs to components/schemas`,
    );
  }
  const anyString = ts.factory.createIntersectionTypeNode([
    ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword),
    ts.factory.createTypeLiteralNode([]),
  ]);
  return ts.factory.createUnionTypeNode([...(nodes as TypeScript.TypeNode[]), anyString]);
}

const README = `Written by \`npm run generate\` (\`scripts/generate.ts\`) from the bundled spec, \`openapi/dist/openapi.json\`; do not edit.
Regenerate with \`npx turbo run generate --filter=@cf-radar/client\` (or any build); nothing here is committed.
`;

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** Writes `schema.ts` and `operations.ts` for the bundle at `specPath` into `outDir`; returns what it wrote. */
export async function generate(specPath: string, outDir: string): Promise<{ file: string; ms: number }[]> {
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as JsonObject;
  const written: { file: string; ms: number }[] = [];

  // Facts first: a spec the client cannot serve fails before anything is written.
  let started = performance.now();
  const facts = operationFacts(spec);
  const operations = operationsSource(facts);
  const functions = functionsSource(facts);
  const factsMs = performance.now() - started;

  started = performance.now();
  const schema = astToString(
    await openapiTS(pathToFileURL(specPath), {
      transform: (schemaObject, metadata) => openEnum(schemaObject, metadata),
    }),
  );
  writeAtomically(join(outDir, 'schema.ts'), `${BANNER}\n${schema}`);
  written.push({ file: join(outDir, 'schema.ts'), ms: performance.now() - started });

  started = performance.now();
  writeAtomically(join(outDir, 'operations.ts'), operations);
  written.push({ file: join(outDir, 'operations.ts'), ms: factsMs + performance.now() - started });
  started = performance.now();
  writeAtomically(join(outDir, 'functions.ts'), functions);
  written.push({ file: join(outDir, 'functions.ts'), ms: performance.now() - started });

  // The folder exists only once generated, so its README is written with it rather than committed.
  writeAtomically(join(outDir, 'README.md'), README);
  return written;
}

/**
 * `npm run generate [-- --spec <bundle> --out <dir>]`: writes the generated files and prints one line per
 * file; resolves to false (having said how to fix it) when there is no bundle or the spec has a shape
 * the client cannot serve. `npm run build` runs it too.
 */
export async function generateCommand(args: readonly string[]): Promise<boolean> {
  const option = (name: string): string | undefined => {
    const index = args.indexOf(name);
    return index === -1 ? undefined : args[index + 1];
  };
  const here = dirname(fileURLToPath(import.meta.url));
  const specPath = resolve(option('--spec') ?? fileURLToPath(import.meta.resolve('@cf-radar/openapi/openapi.json')));
  const outDir = resolve(option('--out') ?? join(here, '..', 'src', 'generated'));
  const started = performance.now();
  let text: string;
  try {
    text = readFileSync(specPath, 'utf8');
  } catch {
    console.error(`✘ no spec bundle at ${relative(process.cwd(), specPath)}: build it first`);
    console.error('  run: npx turbo run build --filter=@cf-radar/openapi');
    return false;
  }
  if (text.length === 0) throw new Error(`${specPath}: the bundle is empty`);
  let written: { file: string; ms: number }[];
  try {
    written = await generate(specPath, outDir);
  } catch (error) {
    if (!(error instanceof SpecShapeError)) throw error;
    console.error(`✘ ${relative(process.cwd(), specPath)} ${error.message}`);
    console.error('  edit the spec under openapi/, then run: npm run build');
    return false;
  }
  for (const { file, ms } of written)
    console.log(`✔ generated ${relative(process.cwd(), file)} (${Math.round(ms)} ms)`);
  console.log(
    `✔ ${written.length} files from ${relative(process.cwd(), specPath)} (${Math.round(performance.now() - started)} ms)`,
  );
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!(await generateCommand(process.argv.slice(2)))) process.exitCode = 1;
}
