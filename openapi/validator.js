// @ts-check
// Validates values against the schemas of the bundled spec with Ajv in JSON Schema 2020-12 mode,
// which is the dialect of OpenAPI 3.1 schemas. Shared by the spec's own tests and the contract tests.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const BASE = 'https://cf-radar.invalid/openapi.json';
const SCHEMAS = '#/components/schemas/';

/**
 * Resolves a JSON pointer (`#/components/schemas/Unit`) inside a document.
 * @param {unknown} doc
 * @param {string} pointer
 * @returns {unknown}
 */
export function resolvePointer(doc, pointer) {
  if (!pointer.startsWith('#')) throw new Error(`Not a local JSON pointer: ${pointer}`);
  let node = doc;
  for (const raw of pointer.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !(key in node)) {
      throw new Error(`JSON pointer ${pointer} does not resolve: no "${key}"`);
    }
    node = /** @type {Record<string, unknown>} */ (node)[key];
  }
  return node;
}

/**
 * Escapes one key for use in a JSON pointer (RFC 6901).
 * @param {string} key
 */
export function escapePointer(key) {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * The `$id` under which a component schema is registered, keeping any pointer below it:
 * `#/components/schemas/Unit/properties/name` becomes `<BASE>/components/schemas/Unit#/properties/name`.
 * @param {string} ref
 */
function schemaId(ref) {
  const [name = '', ...rest] = ref.slice(SCHEMAS.length).split('/');
  return `${BASE}/components/schemas/${name}${rest.length > 0 ? `#/${rest.join('/')}` : ''}`;
}

/**
 * Turns the spec's local `$ref`s into absolute ones, so that each component schema can be registered
 * with Ajv under its own `$id` and any other schema in the document can refer to it. Records where
 * each copied node stands in the spec, so that errors can point back at it.
 * @param {unknown} node
 * @param {string} pointer where `node` stands in the spec
 * @param {WeakMap<object, string>} origins
 * @returns {unknown}
 */
function absolutize(node, pointer, origins) {
  if (Array.isArray(node)) return node.map((item, i) => absolutize(item, `${pointer}/${i}`, origins));
  if (node === null || typeof node !== 'object') return node;
  /** @type {Record<string, unknown>} */
  const out = {};
  origins.set(out, pointer);
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMAS)
        ? schemaId(value)
        : absolutize(value, `${pointer}/${escapePointer(key)}`, origins);
  }
  return out;
}

/**
 * @typedef {object} SchemaProblem
 * @property {string} instancePath JSON pointer into the validated value (`/result/summary_0/no_match`).
 * @property {string} schemaPath Where the failing keyword is in the spec (`#/components/schemas/…/required`).
 * @property {string} message What was expected.
 */

/**
 * Builds a validator for a bundled OpenAPI 3.1 document.
 * @param {{ components?: { schemas?: Record<string, unknown> } }} spec The bundled spec (JSON).
 */
export function createSpecValidator(spec) {
  const ajv = new Ajv2020({ strict: true, allErrors: true, strictRequired: false, verbose: true });
  addFormats.default(ajv);
  // OpenAPI 3.1 keeps `example` as an annotation next to JSON Schema's `examples`.
  ajv.addKeyword({ keyword: 'example' });
  /** @type {WeakMap<object, string>} */
  const origins = new WeakMap();
  for (const [name, schema] of Object.entries(spec.components?.schemas ?? {})) {
    const at = `${SCHEMAS}${escapePointer(name)}`;
    const copy = /** @type {Record<string, unknown>} */ (absolutize(schema, at, origins));
    copy.$id = schemaId(at);
    ajv.addSchema(copy);
  }

  /** @type {Map<string, import('ajv').ValidateFunction>} */
  const cache = new Map();

  /**
   * Validates `value` against the schema at `pointer` in the spec.
   * @param {string} pointer JSON pointer to a schema, e.g. `#/components/schemas/Unit`.
   * @param {unknown} value
   * @returns {SchemaProblem[]} empty when the value is valid.
   */
  function validate(pointer, value) {
    let fn = cache.get(pointer);
    if (!fn) {
      fn = pointer.startsWith(SCHEMAS)
        ? ajv.getSchema(schemaId(pointer))
        : ajv.compile(/** @type {object} */ (absolutize(resolvePointer(spec, pointer), pointer, origins)));
      if (!fn) throw new Error(`No schema at ${pointer}`);
      cache.set(pointer, fn);
    }
    if (fn(value)) return [];
    return (fn.errors ?? []).map((error) => ({
      instancePath: error.instancePath || '/',
      schemaPath: `${origins.get(error.parentSchema ?? {}) ?? pointer}/${error.keyword}`,
      message: `${error.message ?? 'is invalid'}${error.params && 'allowedValues' in error.params ? `: ${JSON.stringify(error.params.allowedValues)}` : ''}${error.params && 'additionalProperty' in error.params ? `: ${JSON.stringify(error.params.additionalProperty)}` : ''}`,
    }));
  }

  return { validate };
}
