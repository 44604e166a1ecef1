// Calls the real client (imported by its package name) with a query rebuilt from a recording, and
// records what it sends.
import type { RadarClient, RequestOptions } from '@cf-radar/client';
import { operationFacts } from '@cf-radar/client';
import { normalizeHeaders } from '../src/normalize.js';
import type { RecordedRequest } from '../src/recording.js';
import { matchPath, type Spec, type SpecParameter } from '../src/spec.js';

export interface SentRequest {
  method: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
}

type Value = string | number | boolean;

/** A value from the wire as the caller passes it: booleans and numbers parsed, as the parameter's type says. */
function typed(parameter: SpecParameter, value: string): Value {
  if (parameter.itemType === 'boolean') return value === 'true';
  if (parameter.itemType === 'integer' || parameter.itemType === 'number') return Number(value);
  return value;
}

/**
 * The arguments a caller would pass to get the recorded request: the path parameters' values in
 * path order, then one object with the query parameters (arrays per series, values typed) and the
 * header parameters, which the client takes in the same object.
 */
export function argumentsFromRecording(spec: Spec, operationId: string, request: RecordedRequest) {
  const operation = spec.operations.get(operationId);
  if (!operation) throw new Error(`no operation ${operationId} in the spec`);
  const pathValues = matchPath(operation.path, request.path);
  if (!pathValues) throw new Error(`${request.path} is not a path of ${operationId} (${operation.path})`);
  const query: Record<string, Value | Value[]> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in === 'path') continue;
    const raw =
      parameter.in === 'header'
        ? [request.headers[parameter.name.toLowerCase()]].filter((v) => v !== undefined)
        : request.query.filter(([key]) => key === parameter.name).map(([, value]) => value);
    const values = raw.map((value) => typed(parameter, value));
    const [first] = values;
    if (first === undefined) continue;
    query[parameter.name] = parameter.array ? values : first;
  }
  // matchPath keeps the template's order, which is the order the method takes them in.
  return { pathValues: Object.values(pathValues), query };
}

/** The client method for an operation, found where the client's own facts say it lives. */
function methodOf(client: RadarClient, operationId: string): (...args: unknown[]) => unknown {
  const fact = Object.entries(operationFacts).find(([id]) => id === operationId)?.[1];
  if (!fact) throw new Error(`@cf-radar/client has no operation ${operationId}`);
  let node: unknown = client;
  for (const key of fact.location) {
    node = node !== null && typeof node === 'object' ? Reflect.get(node, key) : undefined;
  }
  if (typeof node !== 'function') throw new Error(`client.${fact.location.join('.')} is not a method`);
  return (...args) => Reflect.apply(node, undefined, args);
}

/**
 * Calls the operation's method as `method(...pathValues, query, options)`. The arguments are built
 * at run time from a recording, so the method's compile-time types (which the client's own type
 * tests cover) cannot apply here.
 */
export async function callOperation(
  client: RadarClient,
  operationId: string,
  args: { pathValues: string[]; query: Record<string, unknown> },
  options?: RequestOptions,
): Promise<unknown> {
  return await methodOf(client, operationId)(...args.pathValues, args.query, options);
}

/** A `fetch` that notes each request, normalized like a recording, and forwards it. */
export function recordingFetch(basePath = '/client/v4') {
  const sent: SentRequest[] = [];
  const fetchImpl = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(input instanceof Request ? input.headers : init?.headers);
    sent.push({
      method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(),
      path: url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname,
      query: [...url.searchParams],
      headers: normalizeHeaders(headers),
    });
    return fetch(input, init);
  };
  return { fetch: fetchImpl, sent };
}
