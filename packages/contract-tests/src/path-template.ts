// The spec's path templates (`/radar/email/security/summary/{dimension}`): which operation a
// concrete path belongs to, the path parameter values in it, and the concrete path for given values.
// Read from the bundle alone, so that a new templated operation needs no code here.
import { escapePointer, resolvePointer } from '@cf-radar/openapi/validator';

export interface RouteParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  /** Sent once per value (`style: form`, `explode: true`): its schema is an array. */
  array: boolean;
  /** Path parameters always are (OpenAPI 3.1, Parameter Object `required`). */
  required: boolean;
  /** JSON pointer to the schema of one value in the bundle (an array's `items`), for `Spec.validate`. */
  schema: string;
  /** The values an enum-valued parameter accepts. */
  enum?: readonly string[];
  /** The type of one value: `string`, `integer`, `number`, `boolean`. */
  type?: string;
}

/** A parameter in the path: one value, always required. */
export type PathParameter = RouteParameter & { in: 'path' };

export interface Route {
  operationId: string;
  /** Upper case: `GET`. */
  method: string;
  /** As the spec writes it: `/radar/email/security/summary/{dimension}`. */
  template: string;
  /** Every parameter, the path item's and the operation's, in the order the spec lists them. */
  parameters: RouteParameter[];
  pathParameters: PathParameter[];
  /** One per segment: a regular expression over the decoded segment, capturing its parameters in order. */
  segments: { pattern: RegExp; names: string[] }[];
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

const isObject = (node: unknown): node is Record<string, unknown> =>
  node !== null && typeof node === 'object' && !Array.isArray(node);

/** A `$ref` followed once, with the pointer of where the node stands. */
function follow(document: unknown, node: unknown, pointer: string): [Record<string, unknown>, string] {
  if (isObject(node) && typeof node.$ref === 'string') {
    const target = resolvePointer(document, node.$ref);
    if (!isObject(target)) throw new Error(`${node.$ref} in the bundled spec is not an object`);
    return [target, node.$ref];
  }
  if (!isObject(node)) throw new Error(`${pointer} in the bundled spec is not an object`);
  return [node, pointer];
}

const LOCATIONS = ['path', 'query', 'header', 'cookie'] as const;
const isLocation = (value: unknown): value is RouteParameter['in'] => LOCATIONS.some((l) => l === value);

/**
 * The parameters of one operation: those of its path item, overridden by name and location by its
 * own (OpenAPI 3.1, Path Item Object `parameters`).
 */
function parametersOf(document: unknown, item: Record<string, unknown>, itemAt: string, method: string) {
  const byKey = new Map<string, RouteParameter>();
  const operation = follow(document, item[method], `${itemAt}/${method}`)[0];
  for (const [list, at] of [
    [item.parameters, `${itemAt}/parameters`],
    [operation.parameters, `${itemAt}/${method}/parameters`],
  ] as const) {
    if (!Array.isArray(list)) continue;
    list.forEach((node, i) => {
      const [parameter, parameterAt] = follow(document, node, `${at}/${i}`);
      if (!isLocation(parameter.in)) throw new Error(`${parameterAt}: "in" must be one of ${LOCATIONS.join(', ')}`);
      const [outer, outerAt] = follow(document, parameter.schema, `${parameterAt}/schema`);
      const array = outer.type === 'array';
      const [schema, schemaAt] = array ? follow(document, outer.items, `${outerAt}/items`) : [outer, outerAt];
      const name = String(parameter.name);
      byKey.set(`${parameter.in} ${name}`, {
        name,
        in: parameter.in,
        array,
        required: parameter.in === 'path' || parameter.required === true,
        schema: schemaAt,
        ...(Array.isArray(schema.enum) ? { enum: schema.enum.map(String) } : {}),
        ...(typeof schema.type === 'string' ? { type: schema.type } : {}),
      });
    });
  }
  return [...byKey.values()];
}

const isPath = (parameter: RouteParameter): parameter is PathParameter => parameter.in === 'path';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `{dimension}` → one capture; a segment may mix literals and several templates (`{a}.{b}`). */
function compileSegment(segment: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = segment
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (!/^\{[^}]+\}$/.test(part)) return escapeRegExp(part);
      names.push(part.slice(1, -1));
      return '(.+?)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`, 's'), names };
}

/** Every operation of a bundled spec with its path template compiled. */
export function routesOf(document: unknown): Route[] {
  const paths = isObject(document) && isObject(document.paths) ? document.paths : {};
  const routes: Route[] = [];
  for (const [template, node] of Object.entries(paths)) {
    const itemAt = `#/paths/${escapePointer(template)}`;
    const [item] = follow(document, node, itemAt);
    for (const method of Object.keys(item)) {
      if (!METHODS.has(method)) continue;
      const [operation] = follow(document, item[method], `${itemAt}/${method}`);
      const parameters = parametersOf(document, item, itemAt, method);
      routes.push({
        operationId: String(operation.operationId),
        method: method.toUpperCase(),
        template,
        parameters,
        pathParameters: parameters.filter(isPath),
        segments: template.split('/').slice(1).map(compileSegment),
      });
    }
  }
  // A concrete path is matched before a templated one (OpenAPI 3.1, Paths Object): more literal
  // characters first. A template's values are never empty, so of two templates that fit one path the
  // concrete one always has more (all of the path's); `{name}.{ext}` likewise goes before `{name}`.
  const literal = (route: Route) => route.template.replace(/\{[^}]+\}/g, '').length;
  const params = (route: Route) => route.segments.reduce((n, s) => n + s.names.length, 0);
  return routes.sort((a, b) => literal(b) - literal(a) || params(a) - params(b));
}

/**
 * Splits a path (`/radar/x/TLS%5FVERSION`) into decoded segments. Throws a `URIError` on malformed
 * percent-encoding; `%2F` inside a segment stays inside it.
 */
export function decodeSegments(path: string): string[] {
  return path.split('/').slice(1).map(decodeURIComponent);
}

/** The path parameter values of `segments` if they fit the route's template. */
export function matchTemplate(route: Route, segments: readonly string[]): Record<string, string> | undefined {
  if (segments.length !== route.segments.length) return undefined;
  const values: Record<string, string> = {};
  for (const [i, { pattern, names }] of route.segments.entries()) {
    const match = pattern.exec(segments[i] ?? '');
    if (!match) return undefined;
    names.forEach((name, j) => {
      values[name] = match[j + 1] ?? '';
    });
  }
  return values;
}

/** The first route (most specific first) of `method` whose template fits the decoded segments. */
export function findRoute(
  routes: readonly Route[],
  method: string,
  segments: readonly string[],
): { route: Route; values: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const values = matchTemplate(route, segments);
    if (values) return { route, values };
  }
  return undefined;
}

/** The concrete path: every `{name}` replaced by its value, percent-encoded (RFC 3986 section 3.3). */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the path parameter "${name}" of ${template}`);
    return encodeURIComponent(value);
  });
}

/** The same path written one way: each segment decoded, then percent-encoded as `fillTemplate` does. */
export function canonicalPath(segments: readonly string[]): string {
  return `/${segments.map(encodeURIComponent).join('/')}`;
}
