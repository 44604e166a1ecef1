// The bundled spec seen from the recordings: its operations, their parameters and declared responses,
// the validator for its schemas, and the hash that stamps each recording with the spec it was checked against.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createSpecValidator, escapePointer, resolvePointer } from '@cf-radar/openapi/validator';
import { canonicalJson } from './normalize.js';

export interface SpecParameter {
  name: string;
  /** Sent once per series (`style: form`, `explode: true`), so the client takes an array. */
  array: boolean;
  /** The type of one value: `string`, `boolean`… */
  itemType: string;
  /** The values an enum-valued parameter accepts. */
  enum?: readonly string[];
}

export interface SpecOperation {
  operationId: string;
  method: string;
  path: string;
  deprecated: boolean;
  parameters: SpecParameter[];
  /** Declared statuses (`200`, `429`, `5XX`) → media type → JSON pointer to its schema. */
  responses: Map<string, Map<string, string>>;
  /** Declared statuses → header names (lower case) the response declares. */
  responseHeaders: Map<string, string[]>;
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

function describeParameter(document: unknown, node: unknown, pointer: string): SpecParameter {
  const [parameter, at] = follow(document, node, pointer);
  const [schema, schemaAt] = follow(document, parameter.schema, `${at}/schema`);
  const array = schema.type === 'array';
  const [item] = array ? follow(document, schema.items, `${schemaAt}/items`) : [schema];
  const values = Array.isArray(item.enum) ? item.enum.map(String) : undefined;
  return {
    name: String(parameter.name),
    array,
    itemType: String(item.type),
    ...(values ? { enum: values } : {}),
  };
}

function describeOperation(document: BundledSpec, path: string, method: string, node: unknown): SpecOperation {
  const at = `#/paths/${escapePointer(path)}/${method}`;
  const [operation] = follow(document, node, at);
  const parameters = Array.isArray(operation.parameters)
    ? operation.parameters.map((p, i) => describeParameter(document, p, `${at}/parameters/${i}`))
    : [];
  const responses = new Map<string, Map<string, string>>();
  const responseHeaders = new Map<string, string[]>();
  for (const [status, ref] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
    const [response, responseAt] = follow(document, ref, `${at}/responses/${escapePointer(status)}`);
    const media = new Map<string, string>();
    for (const [type, content] of Object.entries(isObject(response.content) ? response.content : {})) {
      const contentAt = `${responseAt}/content/${escapePointer(type)}`;
      const schema = isObject(content) ? content.schema : undefined;
      media.set(type, isObject(schema) && typeof schema.$ref === 'string' ? schema.$ref : `${contentAt}/schema`);
    }
    responses.set(status, media);
    // Only the headers the spec marks `required` (OpenAPI's Header Object defaults to optional): the
    // rate limit headers are declared everywhere, but the edge's HTML 5xx pages do not carry them.
    const headers = Object.entries(isObject(response.headers) ? response.headers : {});
    responseHeaders.set(
      status,
      headers
        .filter(
          ([name, header]) =>
            follow(document, header, `${responseAt}/headers/${escapePointer(name)}`)[0].required === true,
        )
        .map(([name]) => name.toLowerCase()),
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
  };
}

const COMPOSITION = ['allOf', 'anyOf', 'oneOf'];

/**
 * A copy of the bundle in which every object schema that lists its `properties` and says nothing
 * about others rejects them: `additionalProperties: false`, or `unevaluatedProperties: false` on a
 * schema that composes others with `allOf` (JSON Schema 2020-12, section 11.3, sees through it).
 * Schemas used inside a composition stay open, since the composing schema closes them. The spec
 * leaves objects open so that new API fields do not break clients; the contract tests close them so
 * that a field the spec does not describe (or one renamed in it) is reported by name.
 */
export function closeSchemas(document: BundledSpec): BundledSpec {
  const copy: BundledSpec = JSON.parse(JSON.stringify(document));
  const composed = new Set<string>();
  const findComposed = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(findComposed);
    if (!isObject(node)) return;
    for (const key of COMPOSITION) {
      const members = node[key];
      if (!Array.isArray(members)) continue;
      for (const member of members) if (isObject(member) && typeof member.$ref === 'string') composed.add(member.$ref);
    }
    Object.values(node).forEach(findComposed);
  };
  findComposed(copy.components.schemas);
  const close = (node: unknown, inComposition: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) close(item, inComposition);
      return;
    }
    if (!isObject(node)) return;
    const open =
      !('additionalProperties' in node) && !('unevaluatedProperties' in node) && !('patternProperties' in node);
    // A composition of strings (an open enum: `anyOf: [<known values>, string]`) has no properties to close.
    if (open && !inComposition && COMPOSITION.some((key) => key in node) && (node.type ?? 'object') === 'object') {
      node.unevaluatedProperties = false;
      node.type ??= 'object'; // Ajv's strict mode wants the type an object keyword applies to.
    } else if (open && !inComposition && isObject(node.properties)) node.additionalProperties = false;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'properties' && isObject(child)) for (const property of Object.values(child)) close(property, false);
      else close(child, COMPOSITION.includes(key));
    }
  };
  for (const [name, schema] of Object.entries(copy.components.schemas)) {
    close(schema, composed.has(`#/components/schemas/${escapePointer(name)}`));
  }
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

/** The media type without parameters, lower case: `text/csv; charset=utf-8` → `text/csv`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
