// Calls the real client (imported by its package name) with a query rebuilt from a recording, and
// records what it sends.
import type { RadarClient, RequestOptions } from '@cf-radar/client';
import { operationFacts } from '@cf-radar/client';
import { normalizeHeaders } from '../src/normalize.js';
import type { Spec } from '../src/spec.js';

export interface SentRequest {
  method: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
}

/** The query object a caller would pass to get the recorded request: arrays per series, booleans parsed. */
export function queryFromRecording(spec: Spec, operationId: string, pairs: readonly [string, string][]) {
  const operation = spec.operations.get(operationId);
  if (!operation) throw new Error(`no operation ${operationId} in the spec`);
  const query: Record<string, string | boolean | (string | boolean)[]> = {};
  for (const parameter of operation.parameters) {
    const values = pairs
      .filter(([key]) => key === parameter.name)
      .map(([, value]) => (parameter.itemType === 'boolean' ? value === 'true' : value));
    const [first] = values;
    if (first === undefined) continue;
    query[parameter.name] = parameter.array ? values : first;
  }
  return query;
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
 * Calls the operation's method. The query is built at run time from a recording, so the method's
 * compile-time query types (which the client's own type tests cover) cannot apply here.
 */
export async function callOperation(
  client: RadarClient,
  operationId: string,
  query: Record<string, unknown>,
  options?: RequestOptions,
): Promise<unknown> {
  return await methodOf(client, operationId)(query, options);
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
