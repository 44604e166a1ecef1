// @ts-check
// Compares two bundled, dereferenced OpenAPI 3.x documents and rates every change by what it does to a
// client generated from them. Requests and responses are judged in opposite directions: a client sends
// requests (so the spec may accept more, never less) and reads responses (so the spec may promise more,
// never less).

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * `breaking`: code written against the old spec can fail against the new one (semver major).
 * `additive`: something new a client may use (minor). `patch`: documentation only, or a promise made
 * stronger (patch).
 * @typedef {'breaking' | 'additive' | 'patch'} Impact
 */

/**
 * @typedef {object} Change
 * @property {Impact} impact
 * @property {string} operation The operationId, or `GET /path` when the operation has none.
 * @property {string} message What changed, for a person: `query parameter "asn" removed`.
 */

/** @typedef {'major' | 'minor' | 'patch' | 'none'} Bump */

/**
 * Where a schema sits: in a request (a parameter or a request body) or in a response.
 * @typedef {{ direction: 'request', label: string } | { direction: 'response', label: string }} Context
 */

/**
 * @param {unknown} node
 * @returns {Record<string, unknown>}
 */
function record(node) {
  return node !== null && typeof node === 'object' && !Array.isArray(node)
    ? /** @type {Record<string, unknown>} */ (node)
    : {};
}

/**
 * @param {unknown} node
 * @returns {unknown[]}
 */
const list = (node) => (Array.isArray(node) ? node : []);

/** @param {unknown} a @param {unknown} b */
const same = (a, b) => canonical(a) === canonical(b);

/**
 * JSON with object keys sorted, so that key order never counts as a change.
 * @param {unknown} node
 * @returns {string}
 */
function canonical(node) {
  if (Array.isArray(node)) return `[${node.map(canonical).join(',')}]`;
  if (node === null || typeof node !== 'object') return JSON.stringify(node) ?? 'undefined';
  const entries = Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${canonical(value)}`).join(',')}}`;
}

/**
 * The types a schema allows, sorted (`type: [string, 'null']` and OpenAPI 3.0 `nullable` included).
 * @param {Record<string, unknown>} schema
 * @returns {string[]}
 */
function types(schema) {
  const declared = Array.isArray(schema.type) ? schema.type.map(String) : schema.type ? [String(schema.type)] : [];
  if (schema.nullable === true && !declared.includes('null')) declared.push('null');
  return declared.sort();
}

/**
 * The operations of a document, keyed by `METHOD /path` with each template variable written `{}`
 * (so that renaming `{dimension}` pairs the two operations and shows up as a renamed path parameter),
 * with path-level parameters merged in.
 * @param {unknown} spec
 */
function operations(spec) {
  /** @type {Map<string, { name: string, label: string, operation: Record<string, unknown>, parameters: Map<string, Record<string, unknown>> }>} */
  const out = new Map();
  for (const [path, item] of Object.entries(record(record(spec).paths))) {
    const pathItem = record(item);
    for (const method of METHODS) {
      if (!(method in pathItem)) continue;
      const operation = record(pathItem[method]);
      const label = `${method.toUpperCase()} ${path}`;
      const key = label.replace(/\{[^}]*\}/g, '{}');
      /** @type {Map<string, Record<string, unknown>>} */
      const parameters = new Map();
      // An operation's own parameter overrides the path item's one with the same name and location.
      for (const parameter of [...list(pathItem.parameters), ...list(operation.parameters)].map(record)) {
        parameters.set(`${parameter.in} ${parameter.name}`, parameter);
      }
      const name = typeof operation.operationId === 'string' ? operation.operationId : label;
      out.set(key, { name, label, operation, parameters });
    }
  }
  return out;
}

/**
 * Every change between two documents that a client can notice, in document order.
 * @param {unknown} base The older document, bundled and dereferenced.
 * @param {unknown} head The newer document, bundled and dereferenced.
 * @returns {Change[]}
 */
export function compareSpecs(base, head) {
  /** @type {Change[]} */
  const changes = [];
  const before = operations(base);
  const after = operations(head);
  for (const [key, old] of before) {
    const now = after.get(key);
    if (now === undefined) {
      changes.push({ impact: 'breaking', operation: old.name, message: `operation removed (${old.label})` });
      continue;
    }
    /** @param {Impact} impact @param {string} message */
    const report = (impact, message) => changes.push({ impact, operation: now.name, message });
    if (old.name !== now.name) report('breaking', `operationId renamed from "${old.name}"`);
    compareOperation(old, now, report);
  }
  for (const [key, now] of after) {
    if (!before.has(key))
      changes.push({ impact: 'additive', operation: now.name, message: `operation added (${now.label})` });
  }
  return changes;
}

/**
 * @typedef {(impact: Impact, message: string) => void} Report
 */

/**
 * @param {{ operation: Record<string, unknown>, parameters: Map<string, Record<string, unknown>> }} old
 * @param {{ operation: Record<string, unknown>, parameters: Map<string, Record<string, unknown>> }} now
 * @param {Report} report
 */
function compareOperation(old, now, report) {
  // Where the method sits in the client's tree (`client.radar.dns.timeseriesGroupsV2`): code that
  // calls it by that name breaks when it moves.
  const [oldMethod, newMethod] = [old.operation['x-client-method'], now.operation['x-client-method']];
  if (oldMethod !== newMethod) {
    if (typeof oldMethod !== 'string') report('additive', `client method ${newMethod} added`);
    else if (typeof newMethod !== 'string') report('breaking', `client method ${oldMethod} removed`);
    else report('breaking', `client method renamed from ${oldMethod} to ${newMethod}`);
  }
  if (!same(old.operation['x-replaced-by'], now.operation['x-replaced-by'])) report('patch', 'replacement changed');
  if (old.operation.deprecated !== true && now.operation.deprecated === true) report('patch', 'deprecated');
  if (old.operation.deprecated === true && now.operation.deprecated !== true) report('patch', 'no longer deprecated');
  if (
    !same(old.operation.summary, now.operation.summary) ||
    !same(old.operation.description, now.operation.description)
  ) {
    report('patch', 'description changed');
  }
  compareParameters(old.parameters, now.parameters, report);
  compareRequestBody(record(old.operation.requestBody), record(now.operation.requestBody), report);
  compareResponses(record(old.operation.responses), record(now.operation.responses), report);
}

/**
 * @param {Map<string, Record<string, unknown>>} before
 * @param {Map<string, Record<string, unknown>>} after
 * @param {Report} report
 */
function compareParameters(before, after, report) {
  const added = [...after.keys()].filter((key) => !before.has(key));
  for (const [key, old] of before) {
    const now = after.get(key);
    const label = `${old.in} parameter "${old.name}"`;
    if (now === undefined) {
      // A parameter that left while another with the same location and schema arrived was most likely
      // renamed; it is still breaking, but the hint saves the reader a search.
      const twin = added.findIndex((other) => {
        const candidate = record(after.get(other));
        return candidate.in === old.in && same(candidate.schema, old.schema);
      });
      if (twin === -1) {
        report('breaking', `${label} removed`);
      } else {
        const [renamed] = added.splice(twin, 1);
        report('breaking', `${label} renamed? to "${record(after.get(renamed ?? '')).name}"`);
      }
      continue;
    }
    if (old.required !== true && now.required === true) report('breaking', `${label} made required`);
    if (old.required === true && now.required !== true) report('additive', `${label} made optional`);
    if (!same(old.description, now.description)) report('patch', `${label} description changed`);
    compareSchema(record(old.schema), record(now.schema), { direction: 'request', label }, '', report);
  }
  for (const key of added) {
    const now = record(after.get(key));
    const label = `${now.in} parameter "${now.name}"`;
    if (now.required === true) report('breaking', `required ${label} added`);
    else report('additive', `optional ${label} added`);
  }
}

/**
 * @param {Record<string, unknown>} old
 * @param {Record<string, unknown>} now
 * @param {Report} report
 */
function compareRequestBody(old, now, report) {
  const before = record(old.content);
  const after = record(now.content);
  for (const [media, value] of Object.entries(before)) {
    if (!(media in after)) {
      report('breaking', `request body media type "${media}" removed`);
      continue;
    }
    /** @type {Context} */
    const context = { direction: 'request', label: `request body (${media})` };
    compareSchema(record(record(value).schema), record(record(after[media]).schema), context, '', report);
  }
  for (const media of Object.keys(after)) {
    if (!(media in before)) report('additive', `request body media type "${media}" added`);
  }
  if (old.required !== true && now.required === true) report('breaking', 'request body made required');
}

/**
 * @param {Record<string, unknown>} before
 * @param {Record<string, unknown>} after
 * @param {Report} report
 */
function compareResponses(before, after, report) {
  for (const [status, value] of Object.entries(before)) {
    const old = record(value);
    if (!(status in after)) {
      // Losing a success response breaks a caller; an error response that is no longer documented
      // only changes what the docs promise.
      report(status.startsWith('2') ? 'breaking' : 'patch', `response ${status} removed`);
      continue;
    }
    const now = record(after[status]);
    if (!same(old.description, now.description)) report('patch', `response ${status} description changed`);
    const headers = record(now.headers);
    for (const header of Object.keys(record(old.headers))) {
      if (!(header in headers)) report('breaking', `response ${status} header "${header}" removed`);
    }
    for (const header of Object.keys(headers)) {
      if (!(header in record(old.headers))) report('additive', `response ${status} header "${header}" added`);
    }
    const content = record(now.content);
    for (const [media, body] of Object.entries(record(old.content))) {
      if (!(media in content)) {
        report('breaking', `response ${status} media type "${media}" removed`);
        continue;
      }
      /** @type {Context} */
      const context = { direction: 'response', label: `${status} ${media}` };
      compareSchema(record(record(body).schema), record(record(content[media]).schema), context, '', report);
    }
    for (const media of Object.keys(content)) {
      if (!(media in record(old.content))) report('additive', `response ${status} media type "${media}" added`);
    }
  }
  for (const status of Object.keys(after)) {
    if (!(status in before)) report('additive', `response ${status} added`);
  }
}

/**
 * Names a place in a schema for a message: `query parameter "dkim"`, or `response field
 * "result.meta.lastUpdated"` followed by its status and media type.
 * @param {Context} context
 * @param {string} field dotted path below the schema root, `[]` for items, `*` for additionalProperties
 * @param {string} what
 */
function say(context, field, what) {
  if (context.direction === 'response') {
    return `${field === '' ? 'response body' : `response field "${field}"`} ${what} (${context.label})`;
  }
  return `${context.label}${field === '' ? '' : ` field "${field}"`} ${what}`;
}

/** @param {string} field @param {string} key */
const child = (field, key) => (field === '' ? key : `${field}.${key}`);

/**
 * @param {Record<string, unknown>} old
 * @param {Record<string, unknown>} now
 * @param {Context} context
 * @param {string} field
 * @param {Report} report
 */
function compareSchema(old, now, context, field, report) {
  const request = context.direction === 'request';
  const oldTypes = types(old);
  const newTypes = types(now);
  if (oldTypes.length > 0 && newTypes.length > 0 && !same(oldTypes, newTypes)) {
    // A request may accept more types and a response may return fewer; anything else breaks.
    const [wider, narrower] = request ? [newTypes, oldTypes] : [oldTypes, newTypes];
    const safe = narrower.every((type) => wider.includes(type));
    const change = `changed type from ${oldTypes.join(' | ')} to ${newTypes.join(' | ')}`;
    report(safe ? (request ? 'additive' : 'patch') : 'breaking', say(context, field, change));
    return;
  }
  if (field !== '' && !same(old.description, now.description)) {
    report('patch', say(context, field, 'description changed'));
  }

  const oldEnum = list(old.enum);
  const newEnum = list(now.enum);
  if (Array.isArray(old.enum) && Array.isArray(now.enum)) {
    for (const value of oldEnum.filter((v) => !newEnum.some((w) => same(v, w)))) {
      // A client may still send a value the server no longer takes; a response merely stops using one.
      report(request ? 'breaking' : 'patch', say(context, field, `enum value ${JSON.stringify(value)} removed`));
    }
    for (const value of newEnum.filter((v) => !oldEnum.some((w) => same(v, w)))) {
      report('additive', say(context, field, `enum value ${JSON.stringify(value)} added`));
    }
  } else if (Array.isArray(now.enum) && !request) {
    report('patch', say(context, field, 'now limited to an enum'));
  } else if (Array.isArray(now.enum)) {
    report('breaking', say(context, field, 'now limited to an enum'));
  } else if (Array.isArray(old.enum)) {
    // Opened (for example to `anyOf: [<known values>, string]`): a request may send more; a response
    // may now hold a value that code written against the closed list does not expect.
    report(request ? 'additive' : 'breaking', say(context, field, 'no longer limited to an enum'));
  }

  const oldProperties = record(old.properties);
  const newProperties = record(now.properties);
  const oldRequired = list(old.required);
  const newRequired = list(now.required);
  for (const [key, value] of Object.entries(oldProperties)) {
    const path = child(field, key);
    if (!(key in newProperties)) {
      report('breaking', say(context, path, 'removed'));
      continue;
    }
    const wasRequired = oldRequired.includes(key);
    const isRequired = newRequired.includes(key);
    if (wasRequired && !isRequired) report(request ? 'additive' : 'breaking', say(context, path, 'made optional'));
    if (!wasRequired && isRequired) report(request ? 'breaking' : 'patch', say(context, path, 'made required'));
    compareSchema(record(value), record(newProperties[key]), context, path, report);
  }
  for (const key of Object.keys(newProperties)) {
    if (key in oldProperties) continue;
    const required = request && newRequired.includes(key);
    report(required ? 'breaking' : 'additive', say(context, child(field, key), required ? 'added, required' : 'added'));
  }

  if ('items' in old && 'items' in now) {
    compareSchema(record(old.items), record(now.items), context, field === '' ? '' : `${field}[]`, report);
  }
  if (typeof old.additionalProperties === 'object' && typeof now.additionalProperties === 'object') {
    const path = child(field, '*');
    compareSchema(record(old.additionalProperties), record(now.additionalProperties), context, path, report);
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const pairs = list(old[keyword]).map((schema, i) => [schema, list(now[keyword])[i]]);
    for (const [a, b] of pairs) if (b !== undefined) compareSchema(record(a), record(b), context, field, report);
  }
}

/**
 * The semver bump a set of changes calls for.
 * @param {readonly Change[]} changes
 * @returns {Bump}
 */
export function suggestBump(changes) {
  if (changes.some((change) => change.impact === 'breaking')) return 'major';
  if (changes.some((change) => change.impact === 'additive')) return 'minor';
  return changes.length > 0 ? 'patch' : 'none';
}
