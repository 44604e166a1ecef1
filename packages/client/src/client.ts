import createClient, { type Client, mergeHeaders } from 'openapi-fetch';
import { assertSafeBaseUrl, authHeaders, type RadarCredentials } from './auth.js';
import { apiError, type Envelope, RadarConnectionError, type RadarError, RadarTimeoutError } from './errors.js';
import { type OperationFact, operationFacts } from './facts.js';
import type { paths } from './generated/schema.js';
import { serializeQuery } from './query.js';
import { isRetryableStatus, retryDelay, sleep } from './retry.js';
import type { RadarMethods, RequestOptions } from './types.js';

/** A `fetch` as the client calls it: a URL string and an init with method, headers and signal. */
export type RadarFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of `createRadarClient`, named as in Cloudflare's own SDK. */
export interface RadarClientOptions extends RadarCredentials {
  /** @default 'https://api.cloudflare.com/client/v4' */
  baseUrl?: string | undefined;
  /** @default globalThis.fetch */
  fetch?: RadarFetch | undefined;
  /**
   * Milliseconds to wait for each attempt before it fails with `RadarTimeoutError`.
   * @default 60000
   */
  timeout?: number | undefined;
  /**
   * Retries of a GET after a 408, 409, 429, 5xx or a connection error, with backoff.
   * @default 2
   */
  maxRetries?: number | undefined;
  /** Extra headers for every request. */
  headers?: Record<string, string> | undefined;
  /**
   * Emit a one-time `DeprecationWarning` the first time a deprecated operation is called.
   * @default true
   */
  deprecationWarnings?: boolean | undefined;
}

/** The client: one method per operation, laid out like the URL tree, plus the openapi-fetch client. */
export type RadarClient = RadarMethods & {
  /** openapi-fetch client for any path of the spec, with the base URL and credentials set; it does not retry. */
  readonly raw: Client<paths>;
};

const DEFAULT_BASE_URL = 'https://api.cloudflare.com/client/v4';
const warned = new Set<OperationFact>();

function warnDeprecated(fact: OperationFact): void {
  if (warned.has(fact)) return;
  warned.add(fact);
  const replacement = fact.replacement
    ? `; use ${fact.replacement.description} (${fact.method} ${fact.replacement.path}) instead`
    : '';
  // Not every runtime has `process` (browsers, workers): there the warning has nowhere to go.
  globalThis.process?.emitWarning(`${fact.method} ${fact.path} is deprecated${replacement}`, {
    type: 'DeprecationWarning',
    code: 'CF_RADAR_DEPRECATED',
  });
}

/** Lays the methods out like the URL tree: `radar.tcpResetsTimeouts.summary`. */
function buildTree(method: (fact: OperationFact) => unknown): RadarMethods;
function buildTree(method: (fact: OperationFact) => unknown): object {
  const root: Record<string, unknown> = {};
  for (const fact of Object.values(operationFacts)) {
    const keys = [...fact.location];
    const leaf = keys.pop() ?? fact.path;
    let node = root;
    for (const key of keys) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[leaf] = method(fact);
  }
  return root;
}

/**
 * Creates a Radar client. Credentials come from the options, else from `CLOUDFLARE_API_TOKEN`, else
 * from `CLOUDFLARE_EMAIL` and `CLOUDFLARE_API_KEY`; with none, it throws `RadarValidationError`.
 * @example
 * const client = createRadarClient({ apiToken: process.env.RADAR_TOKEN });
 * const tcp = await client.radar.tcpResetsTimeouts.summary({ location: ['US'], dateRange: ['7d'] });
 */
export function createRadarClient(options: RadarClientOptions = {}): RadarClient {
  const auth = authHeaders(options, globalThis.process?.env ?? {});
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  assertSafeBaseUrl(baseUrl);
  const fetchImpl: RadarFetch = options.fetch ?? ((input, init) => fetch(input, init));
  // openapi-fetch's merge (it is in the bundle for `raw` anyway): case-insensitive, later ones winning,
  // so that `authorization` in `headers` never replaces the credentials.
  const headers = mergeHeaders({ accept: 'application/json' }, options.headers, auth);
  const clientTimeout = options.timeout ?? 60_000;
  const clientMaxRetries = options.maxRetries ?? 2;
  const warnings = options.deprecationWarnings ?? true;

  async function call(fact: OperationFact, query: unknown, callOptions: RequestOptions = {}): Promise<unknown> {
    const url = `${baseUrl}${fact.path}${serializeQuery(fact, query)}`;
    if (fact.deprecated && warnings) warnDeprecated(fact);
    const label = `${fact.method} ${fact.path}`;
    const requestHeaders = callOptions.headers ? mergeHeaders(headers, callOptions.headers, auth) : headers;
    const timeout = callOptions.timeout ?? clientTimeout;
    const maxRetries = fact.method === 'GET' ? (callOptions.maxRetries ?? clientMaxRetries) : 0;
    const { signal } = callOptions;

    for (let retry = 0; ; retry++) {
      if (signal?.aborted) throw signal.reason;
      // One AbortController per attempt is the one way to cancel a fetch; it costs more than the rest of
      // the call's own work together (undici follows the signal), so nothing else is added per attempt.
      const controller = new AbortController();
      const onAbort = (): void => controller.abort();
      const timer = setTimeout(onAbort, timeout);
      signal?.addEventListener('abort', onAbort, { once: true });
      let response: Response | undefined;
      let text = '';
      let failure: RadarError | undefined;
      try {
        response = await fetchImpl(url, { method: fact.method, headers: requestHeaders, signal: controller.signal });
        // The body is read under the same timeout: a server that stalls mid-body is a timeout too.
        text = await response.text();
      } catch (cause) {
        // The fetch is the caller's, or the network's: anything can come out of it.
        if (signal?.aborted) throw signal.reason;
        // Node's fetch says "fetch failed" and puts the useful part (ECONNREFUSED, ENOTFOUND) in cause.code.
        const error = cause instanceof Error ? cause : undefined;
        const inner = error?.cause;
        const code = typeof inner === 'object' && inner !== null && 'code' in inner ? inner.code : undefined;
        const reason = String(code ?? error?.message ?? 'unknown');
        failure = controller.signal.aborted
          ? new RadarTimeoutError(`${label}: no response within ${timeout} ms`)
          : new RadarConnectionError(`${label}: connection failed (${reason})`, { cause });
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      if (retry < maxRetries && (failure || (response && !response.ok && isRetryableStatus(response.status)))) {
        await sleep(retryDelay(retry, response?.headers), signal);
        continue;
      }
      if (failure || !response) throw failure;
      if (response.ok && (query as { format?: unknown } | undefined)?.format === 'CSV') return text;
      let body: Envelope | undefined;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON (an HTML error page, a truncated body): the error below quotes an excerpt.
      }
      if (response.ok && body?.success === true) return body.result;
      throw apiError(label, response, body, text);
    }
  }

  const raw = createClient<paths>({ baseUrl, fetch: (request) => fetchImpl(request), headers });
  const tree = buildTree((fact) => (query?: unknown, callOptions?: RequestOptions) => call(fact, query, callOptions));
  return Object.assign(tree, { raw });
}
