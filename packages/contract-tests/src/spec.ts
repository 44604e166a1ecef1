// The bundled spec seen from the recordings: its operations, their parameters and declared responses,
// the validator for its schemas, and the hash that stamps each recording with the spec it was checked against.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createSpecValidator, escapePointer, resolvePointer } from '@cf-radar/openapi/validator';
import { canonicalJson } from './normalize.js';

export interface SpecParameter {
  name: string;
  /** Where it is sent (OpenAPI's `in`): substituted into the path, a query key or a request header. */
  in: 'path' | 'query' | 'header';
  /** Required by the operation (path parameters always are, OpenAPI 3.1, Parameter Object). */
  required: boolean;
  /** Sent once per series (`style: form`, `explode: true`), so the client takes an array. */
  array: boolean;
  /** The type of one value: `string`, `boolean`… */
  itemType: string;
  /** The values an enum-valued parameter accepts. */
  enum?: readonly string[];
  /** JSON pointer to the schema of one value (the items of an array), for validating recorded values. */
  itemSchema: string;
  /** One value the spec gives as an example (the parameter's, else its schema's, else its first enum value). */
  example?: string;
}

export interface SpecOperation {
  operationId: string;
  method: string;
  /** The path template as the spec writes it: `/radar/email/security/summary/{dimension}`. */
  path: string;
  deprecated: boolean;
  parameters: SpecParameter[];
  /** Declared statuses (`200`, `429`, `5XX`) → media type → JSON pointer to its schema. */
  responses: Map<string, Map<string, string>>;
  /** Declared statuses → the headers the response declares: name (lower case), and whether it is `required`. */
  responseHeaders: Map<string, { name: string; required: boolean }[]>;
  /** Declared statuses → JSON pointer to the Response Object (a component when it is shared). */
  responsePointers: Map<string, string>;
  /** JSON pointer to the operation in the bundle: `#/paths/~1radar~1…/get`. */
  pointer: string;
}

export interface BundledSpec {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

export interface Spec {
  document: BundledSpec;
  /** sha256 (hex) of the canonical JSON of the bundle; see `hashSpec`. */
  hash: string;
  operations: Map<string, SpecOperation>;
  validate: ReturnType<typeof createSpecValidator>['validate'];
}

const BUILD_BUNDLE = 'TURBO_TELEMETRY_DISABLED=1 npx turbo run build --filter=@cf-radar/openapi';

/** Reads `openapi/dist/openapi.json` through the package's `exports` map. */
export function readBundle(): BundledSpec {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = require.resolve('@cf-radar/openapi/openapi.json');
  } catch {
    throw new Error(`The bundled spec @cf-radar/openapi/openapi.json is missing; build it with \`${BUILD_BUNDLE}\``);
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The spec hash stamped into `meta.specHash`: sha256, in hex, of the bundled spec
 * (`openapi/dist/openapi.json`) parsed and serialised again with every object's keys sorted and no
 * whitespace (`canonicalJson`). Any change to the bundle, descriptions included, changes it; key
 * order and formatting do not.
 */
export function hashSpec(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

const isObject = (node: unknown): node is Record<string, unknown> =>
  node !== null && typeof node === 'object' && !Array.isArray(node);

/** Follows one local `$ref`, returning the node and the pointer where it stands. */
function follow(document: unknown, node: unknown, pointer: string): [Record<string, unknown>, string] {
  const [target, at] =
    isObject(node) && typeof node.$ref === 'string'
      ? [resolvePointer(document, node.$ref), node.$ref]
      : [node, pointer];
  if (!isObject(target)) throw new Error(`${at} in the bundled spec is not an object`);
  return [target, at];
}

const LOCATIONS: readonly SpecParameter['in'][] = ['path', 'query', 'header'];

function describeParameter(document: unknown, node: unknown, pointer: string): SpecParameter {
  const [parameter, at] = follow(document, node, pointer);
  const where = LOCATIONS.find((location) => location === parameter.in);
  // A cookie parameter (the only other `in`) is nothing a recording could show.
  if (where === undefined) throw new Error(`${at}: parameter in "${String(parameter.in)}" is not supported`);
  const [schema, schemaAt] = follow(document, parameter.schema, `${at}/schema`);
  const array = schema.type === 'array';
  const [item, itemAt] = array ? follow(document, schema.items, `${schemaAt}/items`) : [schema, schemaAt];
  const values = Array.isArray(item.enum) ? item.enum.map(String) : undefined;
  const example = [parameter.example, schema.example, item.example, values?.[0]]
    .map((candidate) => (Array.isArray(candidate) ? candidate[0] : candidate))
    .find((candidate) => ['string', 'number', 'boolean'].includes(typeof candidate));
  return {
    name: String(parameter.name),
    in: where,
    required: where === 'path' || parameter.required === true,
    array,
    itemType: String(item.type),
    ...(values ? { enum: values } : {}),
    itemSchema: itemAt,
    ...(example === undefined ? {} : { example: String(example) }),
  };
}

function describeOperation(document: BundledSpec, path: string, method: string, node: unknown): SpecOperation {
  const at = `#/paths/${escapePointer(path)}/${method}`;
  const [operation] = follow(document, node, at);
  const parameters = Array.isArray(operation.parameters)
    ? operation.parameters.map((p, i) => describeParameter(document, p, `${at}/parameters/${i}`))
    : [];
  const responses = new Map<string, Map<string, string>>();
  const responseHeaders = new Map<string, { name: string; required: boolean }[]>();
  const responsePointers = new Map<string, string>();
  for (const [status, ref] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
    const [response, responseAt] = follow(document, ref, `${at}/responses/${escapePointer(status)}`);
    const media = new Map<string, string>();
    for (const [type, content] of Object.entries(isObject(response.content) ? response.content : {})) {
      const contentAt = `${responseAt}/content/${escapePointer(type)}`;
      const schema = isObject(content) ? content.schema : undefined;
      media.set(type, isObject(schema) && typeof schema.$ref === 'string' ? schema.$ref : `${contentAt}/schema`);
    }
    responses.set(status, media);
    responsePointers.set(status, responseAt);
    const headers = Object.entries(isObject(response.headers) ? response.headers : {});
    responseHeaders.set(
      status,
      headers.map(([name, header]) => ({
        name: name.toLowerCase(),
        required: follow(document, header, `${responseAt}/headers/${escapePointer(name)}`)[0].required === true,
      })),
    );
  }
  return {
    operationId: String(operation.operationId),
    method: method.toUpperCase(),
    path,
    deprecated: operation.deprecated === true,
    parameters,
    responses,
    responseHeaders,
    responsePointers,
    pointer: at,
  };
}

const COMPOSITION = ['allOf', 'anyOf', 'oneOf'];

/**
 * Whether a schema is about objects: typed `object`, listing properties, or composing a schema that
 * is. A composition of strings (`anyOf: [KnownValues, { type: string }]`, how the spec keeps an enum
 * open to values Cloudflare adds) is not, and must not be closed as if it were.
 */
function describesObject(document: unknown, node: Record<string, unknown>, seen = new Set<unknown>()): boolean {
  if (seen.has(node)) return false;
  seen.add(node);
  if (node.type === 'object' || isObject(node.properties)) return true;
  return COMPOSITION.some((key) => {
    const members = node[key];
    return (
      Array.isArray(members) &&
      members.some((member) => {
        const target =
          isObject(member) && typeof member.$ref === 'string' ? resolvePointer(document, member.$ref) : member;
        return isObject(target) && describesObject(document, target, seen);
      })
    );
  });
}

/**
 * The suffix of the open twin `closeSchemas` makes of a schema that another one composes:
 * `ResultMeta` stays closed where it is used directly, and `ResultMeta.open` is what `allOf` uses.
 * A dot cannot clash with a component name of the split layout, which are PascalCase file names.
 */
const OPEN_TWIN = '.open';

/** A pointer into the closed copy, as a pointer into the bundle: `…/ResultMeta.open/…` → `…/ResultMeta/…`. */
export function bundlePointer(pointer: string): string {
  return pointer.replace(/^(#\/components\/schemas\/[^/]+)\.open(?=\/|$)/, '$1');
}

/**
 * A copy of the bundle in which every object schema that lists its `properties` and says nothing
 * about others rejects them: `additionalProperties: false`, or `unevaluatedProperties: false` on a
 * schema that composes others with `allOf` (JSON Schema 2020-12, section 11.3, sees through it).
 * A schema used inside a composition must stay open there, since the composing schema closes it; so
 * the composition gets an open twin of it (`<Name>.open`), and wherever it is used directly it is
 * closed like any other. The spec leaves objects open so that new API fields do not break clients;
 * the contract tests close them so that a field the spec does not describe (or one renamed in it)
 * is reported by name.
 */
export function closeSchemas(document: BundledSpec): BundledSpec {
  const copy: BundledSpec = JSON.parse(JSON.stringify(document));
  const schemas = copy.components.schemas;
  const prefix = '#/components/schemas/';
  const twins = new Set<string>();
  const pointToTwins = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(pointToTwins);
    if (!isObject(node)) return;
    for (const key of COMPOSITION) {
      const members = node[key];
      if (!Array.isArray(members)) continue;
      for (const member of members) {
        if (!isObject(member) || typeof member.$ref !== 'string' || !member.$ref.startsWith(prefix)) continue;
        const name = unescapeSegment(member.$ref.slice(prefix.length));
        member.$ref = `${prefix}${escapePointer(`${name}${OPEN_TWIN}`)}`;
        if (twins.has(name)) continue;
        twins.add(name);
        const twin: unknown = JSON.parse(JSON.stringify(document.components.schemas[name] ?? {}));
        pointToTwins(twin);
        schemas[`${name}${OPEN_TWIN}`] = twin;
      }
    }
    Object.values(node).forEach(pointToTwins);
  };
  for (const name of Object.keys(schemas)) pointToTwins(schemas[name]);
  const close = (node: unknown, inComposition: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) close(item, inComposition);
      return;
    }
    if (!isObject(node)) return;
    const open =
      !('additionalProperties' in node) && !('unevaluatedProperties' in node) && !('patternProperties' in node);
    if (open && !inComposition && COMPOSITION.some((key) => key in node) && describesObject(copy, node)) {
      node.unevaluatedProperties = false;
      node.type ??= 'object'; // Ajv's strict mode wants the type an object keyword applies to.
    } else if (open && !inComposition && isObject(node.properties)) node.additionalProperties = false;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'properties' && isObject(child)) for (const property of Object.values(child)) close(property, false);
      else close(child, COMPOSITION.includes(key));
    }
  };
  for (const [name, schema] of Object.entries(schemas)) close(schema, name.endsWith(OPEN_TWIN));
  return copy;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Describes a bundled spec; defaults to the one `@cf-radar/openapi` builds. */
export function loadSpec(document: BundledSpec = readBundle()): Spec {
  const operations = new Map<string, SpecOperation>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, node] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const operation = describeOperation(document, path, method, node);
      operations.set(operation.operationId, operation);
    }
  }
  return {
    document,
    hash: hashSpec(document),
    operations,
    validate: createSpecValidator(closeSchemas(document)).validate,
  };
}

/**
 * The declared response that covers `status`: the exact code, else its range (`5XX`), else `default`
 * (OpenAPI 3.1, Responses Object: an explicit code takes precedence over a range).
 */
export function declaredStatus(operation: SpecOperation, status: number): string | undefined {
  return [String(status), `${String(status)[0]}XX`, 'default'].find((key) => operation.responses.has(key));
}

/** A path template's parameter names and a pattern for concrete paths: `/a/{b}` → `^/a/([^/]+)$`. */
function compileTemplate(template: string): { names: string[]; pattern: RegExp } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}/]+\})/)
    .map((part) => {
      if (!part.startsWith('{')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1, -1));
      // A path parameter's value is one segment: RFC 6570 simple expansion encodes `/` (`%2F`).
      return '([^/]+)';
    })
    .join('');
  return { names, pattern: new RegExp(`^${source}$`) };
}

/**
 * The path parameters of a concrete path under a template (`/radar/email/security/summary/SPF`
 * under `…/summary/{dimension}` → `{ dimension: 'SPF' }`), percent-decoded; `undefined` when the
 * path is not one of the template's.
 */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const { names, pattern } = compileTemplate(template);
  const match = pattern.exec(path);
  if (!match) return undefined;
  const values: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    try {
      values[name] = decodeURIComponent(match[i + 1] ?? '');
    } catch {
      return undefined; // malformed percent-encoding (`%zz`) names no value at all
    }
  }
  return values;
}

/** The concrete path of a template with its parameters filled in, each value percent-encoded. */
export function fillPath(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}/]+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${template}: no value for the path parameter ${whole}`);
    return encodeURIComponent(value);
  });
}

/**
 * The operation that serves `method path`, with its path parameters. A concrete path is matched
 * before a templated one (OpenAPI 3.1, Paths Object: `/summary/tls_version` before
 * `/summary/{dimension}`), so the template with the fewest parameters wins.
 */
export function findOperation(
  spec: Pick<Spec, 'operations'>,
  method: string,
  path: string,
): { operation: SpecOperation; pathValues: Record<string, string> } | undefined {
  let best: { operation: SpecOperation; pathValues: Record<string, string> } | undefined;
  for (const operation of spec.operations.values()) {
    if (operation.method !== method.toUpperCase()) continue;
    const pathValues = matchPath(operation.path, path);
    if (pathValues === undefined) continue;
    if (best === undefined || Object.keys(pathValues).length < Object.keys(best.pathValues).length) {
      best = { operation, pathValues };
    }
  }
  return best;
}

/** The folder the bundle was built from (`openapi/`), beside its `dist/`. */
function sourceFolder(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@cf-radar/openapi/openapi.json')), '..');
  } catch {
    return undefined;
  }
}

const unescapeSegment = (segment: string): string => segment.replaceAll('~1', '/').replaceAll('~0', '~');

/**
 * The file under `openapi/` that holds what a bundle pointer points at, and the pointer inside it:
 * the split layout (`redocly split`) keeps `#/components/<kind>/<Name>` in
 * `openapi/components/<kind>/<Name>.yaml` and the path item `/a/{b}` in `openapi/paths/a_{b}.yaml`.
 * `#/components/schemas/Unit/properties/name` → `openapi/components/schemas/Unit.yaml#/properties/name`.
 * Anything else, or a file that is not there, is in the root, `openapi/radar.yaml`.
 */
export function specFile(pointer: string): string {
  const [, root = '', ...rest] = bundlePointer(pointer).replace(/^#/, '').split('/');
  let file: string | undefined;
  let inner: string[] = [];
  if (root === 'components' && rest.length >= 2) {
    const [kind = '', name = '', ...below] = rest;
    file = `components/${unescapeSegment(kind)}/${unescapeSegment(name)}.yaml`;
    inner = below;
  } else if (root === 'paths' && rest.length >= 1) {
    const [path = '', ...below] = rest;
    file = `paths/${unescapeSegment(path).replace(/^\//, '').replaceAll('/', '_')}.yaml`;
    inner = below;
  }
  const folder = sourceFolder();
  if (file === undefined || (folder !== undefined && !existsSync(join(folder, file)))) {
    return `openapi/radar.yaml${pointer}`;
  }
  return `openapi/${file}${inner.length > 0 ? `#/${inner.join('/')}` : ''}`;
}

/** The media type without parameters, lower case: `text/csv; charset=utf-8` → `text/csv`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
