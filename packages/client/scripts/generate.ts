// Generates src/generated/ from the bundled spec: the types (openapi-typescript) and the runtime facts
// the client needs (operations, deprecations, default series keys, parameter rules), so that a change
// to the spec reaches the client with no hand edit. Run by `npm run generate`.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolvePointer } from '@cf-radar/openapi/validator';

// openapi-typescript's CommonJS build: importing the ES module build makes Node scan all of
// TypeScript's CommonJS source for its export names, which takes longer than the generation itself.
const { default: openapiTS, astToString } = createRequire(import.meta.url)(
  'openapi-typescript',
) as typeof import('openapi-typescript');

const BANNER =
  '// Generated from openapi/ by `npm run generate` (packages/client/scripts/generate.ts). Do not edit:\n' +
  '// change the spec and rebuild.\n';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** What the client checks and sends for one query parameter. */
export interface ParameterFact {
  name: string;
  array: boolean;
  type: string;
  enum?: readonly string[];
  format?: string;
  pattern?: string;
  /** The schema's description, kept for parameters with a pattern so that errors can say what is allowed. */
  description?: string;
  minLength?: number;
  maxLength?: number;
}

/** What the client knows at run time about one operation. */
export interface OperationFact {
  operationId: string;
  method: string;
  path: string;
  location: readonly string[];
  summary: string;
  deprecated: boolean;
  replacement: { description: string; path: string; url: string } | null;
  defaultSeries: string;
  parameters: readonly ParameterFact[];
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows `$ref`s until a node that is not one; `at` names the pointer for error messages. */
function deref(spec: JsonObject, node: Json | undefined, at: string): JsonObject {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`${at}: $ref chain longer than 20 hops`);
    current = resolvePointer(spec, current.$ref) as Json;
  }
  if (!isObject(current)) throw new Error(`${at}: expected an object, found ${JSON.stringify(current)}`);
  return current;
}

const camelCase = (segment: string): string => segment.replace(/[_-]+([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `/radar/tcp_resets_timeouts/summary` → `['radar', 'tcpResetsTimeouts', 'summary']`. */
export function locationOf(path: string): string[] {
  return path.replace(/^\//, '').split('/').map(camelCase);
}

function parameterFact(spec: JsonObject, node: Json, at: string): ParameterFact | undefined {
  const parameter = deref(spec, node, at);
  if (parameter.in !== 'query') return undefined;
  const schema = deref(spec, parameter.schema, `${at}/schema`);
  const array = schema.type === 'array';
  const item = array ? deref(spec, schema.items, `${at}/schema/items`) : schema;
  const fact: ParameterFact = { name: String(parameter.name), array, type: String(item.type) };
  if (Array.isArray(item.enum)) fact.enum = item.enum.map(String);
  if (typeof item.format === 'string') fact.format = item.format;
  if (typeof item.pattern === 'string') {
    fact.pattern = item.pattern;
    if (typeof item.description === 'string') fact.description = item.description;
  }
  if (typeof item.minLength === 'number') fact.minLength = item.minLength;
  if (typeof item.maxLength === 'number') fact.maxLength = item.maxLength;
  return fact;
}

function defaultSeriesOf(spec: JsonObject, operation: JsonObject, at: string): string {
  const responses = deref(spec, operation.responses, `${at}/responses`);
  const ok = deref(spec, responses['200'], `${at}/responses/200`);
  const content = deref(spec, ok.content, `${at}/responses/200/content`);
  const json = deref(spec, content['application/json'], `${at}/responses/200/content/application~1json`);
  const examples = deref(spec, json.examples, `${at}/responses/200/content/application~1json/examples`);
  const documented = deref(spec, examples.documented, `${at}/…/examples/documented`);
  const value = deref(spec, documented.value, `${at}/…/examples/documented/value`);
  const result = deref(spec, value.result, `${at}/…/examples/documented/value/result`);
  const series = Object.keys(result).filter((key) => key !== 'meta');
  if (series.length !== 1 || series[0] === undefined) {
    throw new Error(
      `${at}/responses/200/…/examples/documented: expected one series key besides meta, found ${JSON.stringify(series)}`,
    );
  }
  return series[0];
}

/** Reads every operation of the bundle into the facts the client uses at run time. */
export function operationFacts(spec: JsonObject): OperationFact[] {
  const facts: OperationFact[] = [];
  for (const [path, item] of Object.entries(deref(spec, spec.paths, '#/paths'))) {
    const at = `#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    const pathItem = deref(spec, item, at);
    for (const method of METHODS) {
      if (!isObject(pathItem[method])) continue;
      const operation = deref(spec, pathItem[method], `${at}/${method}`);
      const shared = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
      const own = Array.isArray(operation.parameters) ? operation.parameters : [];
      const replacedBy = operation['x-replaced-by'];
      facts.push({
        operationId: String(operation.operationId),
        method: method.toUpperCase(),
        path,
        location: locationOf(path),
        summary: String(operation.summary ?? ''),
        deprecated: operation.deprecated === true,
        replacement: isObject(replacedBy)
          ? { description: String(replacedBy.description), path: String(replacedBy.path), url: String(replacedBy.url) }
          : null,
        defaultSeries: defaultSeriesOf(spec, operation, `${at}/${method}`),
        parameters: [...shared, ...own].flatMap(
          (p, i) => parameterFact(spec, p, `${at}/${method}/parameters/${i}`) ?? [],
        ),
      });
    }
  }
  return facts;
}

type Tree = { [key: string]: Tree | OperationFact };

function jsdoc(fact: OperationFact, indent: string): string {
  const lines = [`${fact.summary}.`, '', `\`${fact.method} ${fact.path}\` (\`${fact.operationId}\`).`];
  if (fact.replacement) {
    lines.push(
      `@deprecated Use ${fact.replacement.description} (\`${fact.method} ${fact.replacement.path}\`) instead.`,
      `@see ${fact.replacement.url}`,
    );
  }
  return `${indent}/**\n${lines.map((line) => `${indent} *${line ? ` ${line}` : ''}`).join('\n')}\n${indent} */\n`;
}

function treeType(tree: Tree, depth: number): string {
  const indent = '  '.repeat(depth);
  const members = Object.entries(tree).map(([key, node]) =>
    'operationId' in node && typeof node.operationId === 'string'
      ? `${jsdoc(node as OperationFact, indent)}${indent}${key}: M[${JSON.stringify(node.operationId)}];\n`
      : `${indent}${key}: {\n${treeType(node as Tree, depth + 1)}${indent}};\n`,
  );
  return members.join('');
}

/** The TypeScript source of `operations.ts`: the facts as data, and the method tree's shape with its JSDoc. */
export function operationsSource(facts: readonly OperationFact[]): string {
  const tree: Tree = {};
  for (const fact of facts) {
    let node = tree;
    for (const key of fact.location.slice(0, -1)) {
      const next = node[key] ?? {};
      node[key] = next;
      node = next as Tree;
    }
    node[fact.location.at(-1) ?? fact.operationId] = fact;
  }
  // This table is most of what a consumer's bundle carries, so it holds only what the run time reads:
  // the summary and the replacement's URL feed the JSDoc, the default series the types
  // (`DefaultSeries`), the operationId is the key, and `deprecated` and `replacement` are left out
  // when false and null.
  const table = Object.fromEntries(
    facts.map(({ summary: _, operationId, defaultSeries: __, deprecated, replacement, ...fact }) => [
      operationId,
      {
        ...fact,
        ...(deprecated && { deprecated }),
        ...(replacement && { replacement: { description: replacement.description, path: replacement.path } }),
      },
    ]),
  );
  const defaults = facts.map((fact) => `  ${JSON.stringify(fact.operationId)}: ${JSON.stringify(fact.defaultSeries)};`);
  // Rules that several operations share are repeated rather than referenced: gzip stores a repeat as a
  // few bytes, which measures smaller in a consumer's bundle than shared constants or an unpacking step.
  return `${BANNER}
/** Every operation of the spec by operationId: where it lives in the method tree, and the rules for its query. */
export const operationFacts = ${JSON.stringify(table, null, 2)} as const;

export type OperationId = keyof typeof operationFacts;

/** The series key of each operation's result when no \`name\` is given, from its documented example. */
export interface DefaultSeries {
${defaults.join('\n')}
}

/** The method tree, one member per operation, located by its path. \`M\` maps operationId to method type. */
export interface OperationTree<M extends Record<OperationId, unknown>> {
${treeType(tree, 1)}}
`;
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

  let started = performance.now();
  const schema = astToString(await openapiTS(pathToFileURL(specPath)));
  writeAtomically(join(outDir, 'schema.ts'), `${BANNER}\n${schema}`);
  written.push({ file: join(outDir, 'schema.ts'), ms: performance.now() - started });

  started = performance.now();
  writeAtomically(join(outDir, 'operations.ts'), operationsSource(operationFacts(spec)));
  written.push({ file: join(outDir, 'operations.ts'), ms: performance.now() - started });

  // The folder exists only once generated, so its README is written with it rather than committed.
  writeAtomically(join(outDir, 'README.md'), README);
  return written;
}

/**
 * `npm run generate [-- --spec <bundle> --out <dir>]`: writes the generated files and prints one line per
 * file; resolves to false (having said how to fix it) when there is no bundle. `npm run build` runs it too.
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
  const written = await generate(specPath, outDir);
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
