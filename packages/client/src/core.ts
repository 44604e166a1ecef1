// The transport every operation goes through: credentials, base URL, the request loop with its
// retries, the timeout, the size limit and the errors. One `call` serves every operation; what
// differs between operations is data (their facts), never code.
import { assertSafeBaseUrl, authHeaders, type RadarCredentials, type RadarEnvironment } from './auth.js';
import {
  apiError,
  type Envelope,
  excerpt,
  RadarApiError,
  RadarConnectionError,
  RadarError,
  RadarResponseTooLargeError,
  RadarTimeoutError,
  scrub,
} from './errors.js';
import type { OperationFact } from './facts.js';
import { prepare } from './params.js';
import { backoff, isRetryableStatus, requestedDelay, sleep } from './retry.js';

/** A `fetch` as the client calls it: a URL string and an init with method, headers, signal and redirect. */
export type RadarFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of `createRadarCore` and `createRadarClient`, named as in Cloudflare's own SDK where it has them. */
export interface RadarClientOptions extends RadarCredentials {
  /**
   * Where to read `CLOUDFLARE_API_TOKEN` (or `CLOUDFLARE_EMAIL` + `CLOUDFLARE_API_KEY`) when no
   * credential option is given: a Worker's `env` bindings, say. Without it, `process.env` where
   * the runtime has one.
   * @default globalThis.process?.env
   */
  env?: RadarEnvironment | undefined;
  /** @default 'https://api.cloudflare.com/client/v4' */
  baseUrl?: string | undefined;
  /** @default globalThis.fetch */
  fetch?: RadarFetch | undefined;
  /**
   * Milliseconds the whole call may take, every attempt and every wait between them included; then
   * it fails with `RadarTimeoutError`. A retry is only started when its wait fits in what is left.
   * @default 60000
   */
  timeout?: number | undefined;
  /**
   * Milliseconds one attempt may take before it is given up and retried (within `timeout`), for
   * recovering from a stuck connection; unset, an attempt may use all that is left of `timeout`.
   */
  attemptTimeout?: number | undefined;
  /**
   * Retries of a GET after a 408, 409, 429, 5xx or a connection error, with backoff.
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * The longest `Retry-After` the client waits for; a longer one fails at once with the error, whose
   * `retryAfter` says when to call again (Cloudflare blocks for five minutes past its rate limit).
   * @default 60000
   */
  maxRetryAfter?: number | undefined;
  /**
   * The largest response body read, in bytes; a larger one is cut off while streaming and fails with
   * `RadarResponseTooLargeError`, without a retry. Radar's answers are kilobytes.
   * @default 16777216 (16 MiB)
   */
  maxResponseBytes?: number | undefined;
  /** Extra headers for every request. */
  headers?: Record<string, string> | undefined;
  /**
   * Warn once (`process.emitWarning`, else `console.warn`) the first time a deprecated operation is called.
   * @default true
   */
  deprecationWarnings?: boolean | undefined;
}

/** Options of one call; each overrides the client's option of the same name. */
export interface RequestOptions {
  /** Cancels the call at once, also while it waits to retry. */
  signal?: AbortSignal | undefined;
  /** Milliseconds the whole call may take, retries included. */
  timeout?: number | undefined;
  /** Milliseconds one attempt may take before it is retried. */
  attemptTimeout?: number | undefined;
  /** Retries after a 408, 409, 429, 5xx or a connection error. */
  maxRetries?: number | undefined;
  /** Extra request headers for this call. */
  headers?: Record<string, string> | undefined;
}

/**
 * The transport, for the standalone operation functions (`getTcpResetsTimeoutsSummary(core, query)`)
 * and the client's method tree.
 */
export interface RadarCore {
  /** Calls one operation with its arguments (path parameters, the query, options); resolves to its result. */
  readonly call: (fact: OperationFact, args: readonly unknown[]) => Promise<unknown>;
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
}

const DEFAULT_BASE_URL = 'https://api.cloudflare.com/client/v4';
const MAX_REDIRECTS = 5;
const warned = new Set<string>();

function warnDeprecated(warning: string): void {
  if (warned.has(warning)) return;
  warned.add(warning);
  const process = (globalThis as { process?: { emitWarning?: unknown } }).process;
  // A browser's `process` shim usually has no emitWarning: then the console is where a developer looks.
  if (typeof process?.emitWarning === 'function') {
    process.emitWarning(warning, { type: 'DeprecationWarning', code: 'CF_RADAR_DEPRECATED' });
  } else {
    globalThis.console?.warn?.(`DeprecationWarning: ${warning}`);
  }
}

/** Lower-cased header names, later ones winning: `authorization` in `headers` never replaces the credentials. */
export function mergeHeaders(...sets: (Record<string, string> | undefined)[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const set of sets) if (set) for (const name in set) merged[name.toLowerCase()] = set[name] as string;
  return merged;
}

/** What the runtime's own error says, and a hint where the runtime explains it (permissions, CORS). */
function describe(cause: unknown): { reason: string; hint: string; final: boolean } {
  const error = cause instanceof Error ? cause : undefined;
  // Node's fetch says "fetch failed" and puts the useful part (ECONNREFUSED, ENOTFOUND) in cause.code.
  const inner = error?.cause;
  const code = typeof inner === 'object' && inner !== null && 'code' in inner ? inner.code : undefined;
  const reason = String(code ?? error?.message ?? 'unknown');
  // Deno without --allow-net: asking again cannot help.
  if (error?.name === 'NotCapable' || error?.name === 'PermissionDenied') {
    return { reason, hint: '; allow the network (Deno: --allow-net=api.cloudflare.com)', final: true };
  }
  // Browsers say only "Failed to fetch" (Chromium), "NetworkError…" (Firefox) or "Load failed" (Safari).
  if (error?.name === 'TypeError' && 'document' in globalThis && /fetch|network|load failed/i.test(reason)) {
    return {
      reason,
      hint: "; in a browser this is usually CORS: Cloudflare's API sends no CORS headers, so call it through a proxy of your own that adds them",
      final: false,
    };
  }
  return { reason, hint: '', final: false };
}

/**
 * The error for a redirect to another origin, which is never followed (the credentials go only to
 * `origin`); the response body is discarded. For method calls and for `client.raw` alike.
 */
export async function redirectRefused(
  label: string,
  response: Response,
  origin: string,
  target: URL,
  secrets: readonly string[],
): Promise<RadarApiError> {
  await response.body?.cancel();
  const to = excerpt(scrub(target.origin, secrets), 100);
  return new RadarApiError(
    `${label}: ${response.status} a redirect from ${origin} to ${to}; credentials go only to ${origin}, so it is not followed`,
    response.status,
    [],
    new Headers(),
  );
}

/** The body as text, or a `RadarResponseTooLargeError` once it passes `limit` bytes. */
async function readBody(response: Response, limit: number, label: string): Promise<string> {
  const tooLarge = (size: string): RadarResponseTooLargeError =>
    new RadarResponseTooLargeError(`${label}: response body ${size} is larger than maxResponseBytes (${limit})`);
  const declared = response.headers.get('content-length');
  // fetch cuts a body at its Content-Length, so a declared length within the limit is safe to read whole.
  if (declared !== null && /^\d+$/.test(declared)) {
    if (Number(declared) > limit) {
      await response.body?.cancel();
      throw tooLarge(`of ${declared} bytes`);
    }
    return response.text();
  }
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge('past');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Creates the transport. Credentials come from the options, else from `env` or `process.env`
 * (`CLOUDFLARE_API_TOKEN`, else `CLOUDFLARE_EMAIL` and `CLOUDFLARE_API_KEY`); with none, it throws
 * `RadarValidationError`. Credentials go only to the base URL's origin, over https or to loopback.
 * @example
 * const core = createRadarCore({ apiToken: env.CLOUDFLARE_API_TOKEN });
 * const tcp = await getTcpResetsTimeoutsSummary(core, { location: ['US'], dateRange: ['7d'] });
 */
export function createRadarCore(options: RadarClientOptions = {}): RadarCore {
  const { headers: auth, secrets } = authHeaders(options);
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const { origin } = assertSafeBaseUrl(baseUrl);
  const fetchImpl: RadarFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const headers = mergeHeaders(options.headers, auth);
  const clientTimeout = options.timeout ?? 60_000;
  const clientAttemptTimeout = options.attemptTimeout;
  const clientMaxRetries = options.maxRetries ?? 2;
  const maxRetryAfter = options.maxRetryAfter ?? 60_000;
  const maxBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
  const warnings = options.deprecationWarnings ?? true;

  async function call(fact: OperationFact, args: readonly unknown[]): Promise<unknown> {
    const { target, headers: parameterHeaders, accept, options: given } = prepare(fact, args);
    const callOptions = (given ?? {}) as RequestOptions;
    if (fact.deprecated && warnings) warnDeprecated(fact.deprecated);
    const label = `${fact.method} ${fact.path}`;
    const requestHeaders = mergeHeaders(
      { accept },
      parameterHeaders,
      callOptions.headers ? mergeHeaders(headers, callOptions.headers, auth) : headers,
    );
    const timeout = callOptions.timeout ?? clientTimeout;
    const attemptTimeout = callOptions.attemptTimeout ?? clientAttemptTimeout;
    const maxRetries = fact.method === 'GET' ? (callOptions.maxRetries ?? clientMaxRetries) : 0;
    const { signal } = callOptions;
    if (signal?.aborted) throw signal.reason;
    const deadline = Date.now() + timeout;
    // One AbortController for the whole call: the deadline and the caller's signal both abort it.
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    const timer = setTimeout(onAbort, timeout);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timedOut = (attempts: number): RadarTimeoutError =>
      new RadarTimeoutError(
        `${label}: no response within ${timeout} ms (${attempts} attempt${attempts > 1 ? 's' : ''})`,
      );
    try {
      for (let retry = 0; ; retry++) {
        let url = `${baseUrl}${target}`;
        let response: Response | undefined;
        let text = '';
        let failure: RadarError | undefined;
        // Only with attemptTimeout does an attempt get a signal of its own, which the call's signal aborts too.
        let attempt: AbortController | undefined;
        let attemptTimer: ReturnType<typeof setTimeout> | undefined;
        const abortAttempt = (): void => attempt?.abort();
        if (attemptTimeout !== undefined && Date.now() + attemptTimeout < deadline) {
          attempt = new AbortController();
          attemptTimer = setTimeout(abortAttempt, attemptTimeout);
          controller.signal.addEventListener('abort', abortAttempt, { once: true });
        }
        try {
          for (let hops = 0; ; hops++) {
            response = await fetchImpl(url, {
              method: fact.method,
              headers: requestHeaders,
              signal: (attempt ?? controller).signal,
              redirect: 'manual',
            });
            const location = response.status >= 300 && response.status < 400 && response.headers.get('location');
            if (response.type === 'opaqueredirect') {
              throw new RadarApiError(
                `${label}: the API answered with a redirect, which a browser does not let the client inspect; credentials are not sent after it`,
                response.status,
                [],
                new Headers(),
              );
            }
            if (!location) break;
            const next = new URL(location, url);
            if (next.origin !== origin) throw await redirectRefused(label, response, origin, next, secrets);
            if (hops >= MAX_REDIRECTS) {
              await response.body?.cancel();
              const message = `${label}: ${response.status} more than ${MAX_REDIRECTS} redirects`;
              throw new RadarApiError(message, response.status, [], new Headers());
            }
            await response.body?.cancel();
            url = next.href;
          }
          // The body is read under the same deadline: a server that stalls mid-body is a timeout too.
          text = await readBody(response, maxBytes, label);
        } catch (cause) {
          if (signal?.aborted) throw signal.reason;
          if (controller.signal.aborted) throw timedOut(retry + 1);
          if (cause instanceof RadarError) throw cause;
          if (attempt?.signal.aborted) {
            failure = new RadarTimeoutError(`${label}: no response within ${attemptTimeout} ms (attempt ${retry + 1})`);
          } else {
            // The fetch is the caller's, or the network's: anything can come out of it.
            const { reason, hint, final } = describe(cause);
            failure = new RadarConnectionError(
              `${label}: connection failed (${excerpt(scrub(reason, secrets), 200)})${hint}`,
              { cause },
            );
            if (final) throw failure;
          }
        } finally {
          if (attempt) {
            clearTimeout(attemptTimer);
            controller.signal.removeEventListener('abort', abortAttempt);
          }
        }
        const retryable = failure !== undefined || (response !== undefined && isRetryableStatus(response.status));
        const requested = failure ? undefined : requestedDelay(response?.headers);
        if (retryable && retry < maxRetries) {
          const wait = requested ?? backoff(retry);
          // A wait beyond the cap, or beyond what is left of the timeout, is the caller's to schedule.
          if (wait <= maxRetryAfter && Date.now() + wait < deadline) {
            try {
              await sleep(wait, controller.signal);
            } catch {
              if (signal?.aborted) throw signal.reason;
              throw timedOut(retry + 1);
            }
            continue;
          }
        }
        if (failure || !response) throw failure;
        const contentType = response.headers.get('content-type') ?? '';
        if (response.ok && accept !== 'application/json' && !/json/i.test(contentType)) return text;
        let body: Envelope | undefined;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON (an HTML error page, a truncated body): the error below quotes an excerpt.
        }
        if (response.ok && body?.success === true) {
          if (accept === 'application/json') return body.result;
          throw apiError(
            label,
            response,
            body,
            text,
            secrets,
            requested,
            `asked for ${accept}, answered ${excerpt(contentType, 60)}`,
          );
        }
        throw apiError(label, response, body, text, secrets, requested);
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  const core: RadarCore = { call, baseUrl };
  transports.set(core, { origin, headers, fetch: fetchImpl, secrets });
  return core;
}

/**
 * What `client.raw` needs of a core and nothing else may read: kept out of the core object, so that
 * inspecting or serializing it shows no credential, and out of the function form's bundle.
 */
export const transports = new WeakMap<
  RadarCore,
  { origin: string; headers: Record<string, string>; fetch: RadarFetch; secrets: readonly string[] }
>();
