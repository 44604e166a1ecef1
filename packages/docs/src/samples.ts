// The request each operation's samples show, generated from the spec: the method's place in the
// client's tree from the operation's `x-client-method`, path parameters first and positionally
// (filled with an example value), then one object of query and header parameters built from their
// examples. The TypeScript and curl tabs render this same request, so both show one call.
//
// Which value a parameter gets is decided by the spec's own model (where the parameter goes, and
// what its schema says), never by the operation: see `sampleValue` and `LOCATIONS`.
import { type OpenApiDocument, type OperationRef, type Parameter, resolveParameter } from './spec.ts';

/** How many optional parameters a sample sets: enough to show the shape, short enough to read. */
export const OPTIONAL_PARAMETERS = 2;

/** Longest line a generated TypeScript sample writes, so it fits the code panel at 1440 px. */
export const MAX_LINE = 76;

export interface SampleArgument {
  name: string;
  value: unknown;
}

export interface SampleRequest {
  /** The method's place in the client's tree, such as `['radar', 'dns', 'timeseriesGroupsV2']`. */
  method: readonly string[] | undefined;
  /** Path parameters in path order. */
  path: readonly SampleArgument[];
  /** The path with every `{name}` filled with its percent-encoded example value. */
  filledPath: string;
  query: readonly SampleArgument[];
  headers: readonly SampleArgument[];
  problems: readonly string[];
}

interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  example?: unknown;
  examples?: unknown[];
  items?: Schema;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema itself, or the `components.schemas` entry its local `$ref` names. */
function resolveSchema(spec: OpenApiDocument, schema: unknown): Schema {
  if (!isSchema(schema)) return {};
  const prefix = '#/components/schemas/';
  if (schema.$ref?.startsWith(prefix))
    return resolveSchema(spec, spec.components?.schemas?.[schema.$ref.slice(prefix.length)]);
  return schema;
}

/** The first example the parameter or its schema gives, in the order OpenAPI 3.1 lets them stand. */
function exampleOf(parameter: Parameter, schema: Schema): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const named = Object.values(parameter.examples ?? {}).find((example) => example.value !== undefined);
  if (named !== undefined) return named.value;
  return schema.example ?? schema.examples?.[0];
}

/**
 * The value a sample passes for a parameter: its example, else (for a parameter the call cannot
 * omit) the first enum value or the default. Arrays take a one-element list of their items' value.
 */
function sampleValue(spec: OpenApiDocument, parameter: Parameter, required: boolean): unknown {
  const schema = resolveSchema(spec, parameter.schema);
  const example = exampleOf(parameter, schema);
  if (example !== undefined) return example;
  if (!required) return undefined;
  if (schema.type === 'array') {
    const items = resolveSchema(spec, schema.items);
    const item = items.example ?? items.examples?.[0] ?? items.enum?.[0] ?? items.default;
    return item === undefined ? undefined : [item];
  }
  return schema.enum?.[0] ?? schema.default;
}

/** An optional value equal to the schema's default changes nothing, so a sample leaves it out. */
function isDefault(spec: OpenApiDocument, parameter: Parameter, value: unknown): boolean {
  const { default: fallback } = resolveSchema(spec, parameter.schema);
  return fallback !== undefined && JSON.stringify(fallback) === JSON.stringify(value);
}

type Location = 'path' | 'query' | 'header';

/**
 * Where each parameter location goes in the call. Path parameters are all required (OpenAPI says
 * so) and positional; query and header parameters share the method's one object. Cookies are not
 * something the client sends, so an operation that needs one cannot be sampled.
 */
const LOCATIONS: Readonly<Record<string, { location: Location; optionalShown: boolean } | undefined>> = {
  path: { location: 'path', optionalShown: false },
  query: { location: 'query', optionalShown: true },
  header: { location: 'header', optionalShown: true },
};

export function sampleRequest(spec: OpenApiDocument, ref: OperationRef): SampleRequest {
  const { operation, path: template } = ref;
  const id = operation.operationId ?? ref.pointer;
  const problems: string[] = [];
  const found: Record<Location, SampleArgument[]> = { path: [], query: [], header: [] };
  let optionalLeft = OPTIONAL_PARAMETERS;

  for (const entry of operation.parameters ?? []) {
    const parameter = resolveParameter(spec, entry);
    const name = parameter?.name;
    if (parameter === undefined || name === undefined) {
      problems.push(`${id}: parameter ${entry.$ref ?? '(no name)'} cannot be resolved in the bundle`);
      continue;
    }
    const place = LOCATIONS[parameter.in ?? ''];
    const required = parameter.in === 'path' || parameter.required === true;
    if (place === undefined) {
      if (required) problems.push(`${id}: required ${parameter.in} parameter "${name}" cannot be shown in a sample`);
      continue;
    }
    const value = sampleValue(spec, parameter, required);
    if (value === undefined) {
      if (required) {
        problems.push(
          `${id}: required ${parameter.in} parameter "${name}" has no example, enum or default to fill the sample with; add an example to it in openapi/`,
        );
      }
      continue;
    }
    if (!required) {
      if (!place.optionalShown || optionalLeft === 0 || isDefault(spec, parameter, value)) continue;
      optionalLeft -= 1;
    }
    found[place.location].push({ name, value });
  }

  // Positional arguments follow the path's own order, whatever order the parameters are listed in.
  const order = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');
  const path = order.flatMap((name) => found.path.filter((argument) => argument.name === name));
  for (const name of order) {
    if (
      !found.path.some((argument) => argument.name === name) &&
      !problems.some((problem) => problem.includes(`"${name}"`))
    )
      problems.push(`${id}: the path names {${name}} but the operation declares no path parameter "${name}"`);
  }
  const filledPath = template.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const argument = found.path.find((candidate) => candidate.name === name);
    return argument === undefined ? whole : encodeURIComponent(String(argument.value));
  });

  const method = operation['x-client-method'];
  return {
    method: typeof method === 'string' ? method.split('.') : undefined,
    path,
    filledPath,
    query: found.query,
    headers: found.header,
    problems,
  };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A TypeScript literal of a JSON value, in the house style (single quotes, spaces inside braces). */
export function literal(value: unknown): string {
  if (typeof value === 'string')
    return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(
      ([key, item]) => `${IDENTIFIER.test(key) ? key : literal(key)}: ${literal(item)}`,
    );
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

/** `client.radar.dns.timeseriesGroupsV2`, with a segment that is no identifier in brackets. */
export function accessor(root: string, method: readonly string[]): string {
  return method.reduce(
    (chain, segment) => (IDENTIFIER.test(segment) ? `${chain}.${segment}` : `${chain}[${literal(segment)}]`),
    root,
  );
}

/**
 * The call, formatted to stay within `MAX_LINE`: on one line if it fits, else the query object one
 * property per line, else every argument on its own line.
 */
export function formatCall(head: string, positional: readonly unknown[], options: readonly SampleArgument[]): string {
  const object = Object.fromEntries(options.map(({ name, value }) => [name, value]));
  const args = [...positional.map(literal), ...(options.length > 0 ? [literal(object)] : [])];
  const oneLine = `${head}(${args.join(', ')});`;
  if (oneLine.length <= MAX_LINE) return oneLine;
  const property = ({ name, value }: SampleArgument) =>
    `  ${IDENTIFIER.test(name) ? name : literal(name)}: ${literal(value)},`;
  const opening = `${head}(${[...positional.map(literal), '{'].join(', ')}`;
  if (options.length > 0 && opening.length <= MAX_LINE) return [opening, ...options.map(property), '});'].join('\n');
  const lines = positional.map((value) => `  ${literal(value)},`);
  if (options.length > 0) lines.push('  {', ...options.map((option) => `  ${property(option)}`), '  },');
  return [`${head}(`, ...lines, ');'].join('\n');
}

/** The TypeScript sample of a request whose method is known. */
export function typescriptSample(request: SampleRequest & { method: readonly string[] }): string {
  const call = formatCall(
    `const result = await ${accessor('client', request.method)}`,
    request.path.map(({ value }) => value),
    [...request.query, ...request.headers],
  );
  return [
    "import { createRadarClient } from '@cf-radar/client';",
    '',
    "const apiToken = process.env.CLOUDFLARE_API_TOKEN ?? '';",
    'const client = createRadarClient({ apiToken });',
    '',
    call,
    'console.log(result);',
    '',
  ].join('\n');
}

/** Query pairs as curl sends them: an array is one pair per element (`style: form`, `explode: true`). */
export function queryPairs(query: readonly SampleArgument[]): [string, string][] {
  return query.flatMap(({ name, value }) =>
    (Array.isArray(value) ? value : [value]).map((item): [string, string] => [name, String(item)]),
  );
}
