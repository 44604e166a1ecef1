// An offline Radar API: a `node:http` server on loopback that answers from the recordings, matching
// each request by operation (the spec's path templates), concrete path and query (as a multiset of
// pairs). A fault, chosen per request with the `x-replay-fault` header, can delay, reset, truncate or
// change the answer, for fault tests. Any web page open in a browser can send it requests, so no
// request may crash it or hold it: targets are parsed without `new URL`, and slow clients are cut off.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalPath, decodeSegments, findRoute, matchTemplate, type Route, routesOf } from './path-template.js';
import { queryKey, RECORDINGS_DIR, type RecordingFile, readRecordings } from './recording.js';
import { readBundle } from './spec.js';

export interface ReplayServerOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Folder of `<operationId>/<scenario>.json` recordings. @default this package's `recordings/` */
  recordingsDir?: string;
  /** Prefix of every API path, as in the spec's server URL. @default '/client/v4' */
  basePath?: string;
  /** The bundled spec whose path templates say which operation a path belongs to. @default `@cf-radar/openapi/openapi.json` */
  spec?: unknown;
  /** How long a client may take to send the request line and headers before a 408 (ms). @default 10_000 */
  headersTimeout?: number;
  /** How long a client may take to send the whole request (ms); at least `headersTimeout`. @default 30_000 */
  requestTimeout?: number;
  /**
   * How many distinct `x-replay-fault` values keep a `times` counter; beyond it the least recently
   * used one is forgotten (and starts again from zero), so that a flood of values cannot grow memory.
   * @default 1000
   */
  faultCounters?: number;
}

export interface ReplayServer {
  /** Base URL including the base path: `http://127.0.0.1:4010/client/v4`. */
  url: string;
  port: number;
  /** Stops listening, ends every open connection and pending delay. */
  close(): Promise<void>;
}

/** The request header that chooses a fault; see `parseFault` and the package README. */
export const FAULT_HEADER = 'x-replay-fault';

export interface Fault {
  /** Wait this long (ms) before answering. */
  delay?: number;
  /** Reset the connection instead of answering (TCP RST). */
  reset?: boolean;
  /** Send the headers (with the full `content-length`) and only this many bytes of the body, then close. */
  truncate?: number | 'half';
  /** Answer with this status instead of the recorded one. */
  status?: number;
  /** Answer with another scenario of the same operation (`use=rate-limited`). */
  use?: string;
  /** Set (or replace) the `retry-after` header. */
  retryAfter?: string;
  /** Apply the fault to the first `times` requests carrying this exact header value, then answer normally. */
  times?: number;
}

const GRAMMAR =
  'expected `;`-separated directives: delay=<ms>, reset, truncate[=<bytes>], status=<code>, use=<scenario>, retry-after=<value>, times=<n>, id=<any>';

const integer = (name: string, value: string | undefined, min: number, max: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${FAULT_HEADER}: ${name} must be an integer from ${min} to ${max}, found "${value ?? ''}"`);
  }
  return n;
};

/** Parses `delay=200; status=503; times=2; id=retry-test` into a fault; throws on anything unknown. */
export function parseFault(header: string): Fault {
  const fault: Fault = {};
  for (const directive of header.split(';')) {
    const [rawName = '', ...rest] = directive.split('=');
    const name = rawName.trim();
    const value = rest.length > 0 ? rest.join('=').trim() : undefined;
    if (name === '') continue;
    if (name === 'delay') fault.delay = integer(name, value, 0, 600_000);
    else if (name === 'reset' && value === undefined) fault.reset = true;
    else if (name === 'truncate') fault.truncate = value === undefined ? 'half' : integer(name, value, 0, 1e9);
    else if (name === 'status') fault.status = integer(name, value, 100, 599);
    else if (name === 'use' && value) fault.use = value;
    else if (name === 'retry-after' && value) fault.retryAfter = value;
    else if (name === 'times') fault.times = integer(name, value, 1, 1e6);
    else if (name === 'id') continue;
    else throw new Error(`${FAULT_HEADER}: unknown directive "${directive.trim()}"; ${GRAMMAR}`);
  }
  return fault;
}

/**
 * How far a request's query is from a recording's: `extra k=v` for a pair sent but not recorded,
 * `missing k=v` for a pair recorded but not sent.
 */
function queryDistance(sent: readonly [string, string][], recorded: readonly [string, string][]): string[] {
  const rest = recorded.map(([k, v]) => `${k}=${v}`);
  const extra: string[] = [];
  for (const [k, v] of sent) {
    const i = rest.indexOf(`${k}=${v}`);
    if (i === -1) extra.push(`extra ${k}=${v}`);
    else rest.splice(i, 1);
  }
  return [...extra, ...rest.map((pair) => `missing ${pair}`)];
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * A Cloudflare error envelope that says it comes from the replay server, not from the API. Only
 * fields the spec's error envelope declares, so that a 404 from here conforms as the API's does.
 */
const replayError = (code: number, message: string, messages: { code: number; message: string }[] = []) => ({
  success: false,
  errors: [{ code, message: `replay server: ${message}` }],
  messages,
  result: null,
});

/** What the API answers a request without credentials (Cloudflare's code 10000). */
const AUTHENTICATION_ERROR = {
  success: false,
  errors: [{ code: 10000, message: 'Authentication error' }],
  messages: [],
  result: null,
};

/** A bearer token, or the legacy email and key pair together: the API's two schemes. */
function hasCredentials(headers: IncomingHttpHeaders): boolean {
  if (/^Bearer\s+\S/i.test(headers.authorization ?? '')) return true;
  const given = (name: string) => String(headers[name] ?? '').trim() !== '';
  return given('x-auth-email') && given('x-auth-key');
}

/** At most `max` characters of what a client sent, for a message. */
const excerpt = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Methods the recordings can answer: HEAD is GET without the body (RFC 9110 section 9.3.2). */
const ALLOW = 'GET, HEAD';

interface Loaded extends RecordingFile {
  route: Route;
  /** The recorded path parameter values. */
  values: Record<string, string>;
}

/** Checks that each recording fits its operation's template, and that no two answer the same request. */
function loadRecordings(recordings: RecordingFile[], routes: Route[]) {
  const byRequest = new Map<string, Loaded>();
  const byOperation = new Map<string, Loaded[]>();
  for (const entry of recordings) {
    const { method, path, query } = entry.recording.request;
    const route = routes.find((r) => r.operationId === entry.operationId);
    if (!route) {
      const known = routes.map((r) => r.operationId).join(', ');
      throw new Error(`${entry.file}: the spec has no operation ${entry.operationId} (it has ${known})`);
    }
    let segments: string[];
    try {
      segments = decodeSegments(path);
    } catch {
      throw new Error(`${entry.file}: request.path ${path} has malformed percent-encoding`);
    }
    const values = matchTemplate(route, segments);
    if (!values || method !== route.method) {
      throw new Error(
        `${entry.file}: ${method} ${path} is not a request to ${entry.operationId} (${route.method} ${route.template}); move the file to the folder of its operation or fix request.path`,
      );
    }
    const key = `${entry.operationId} ${canonicalPath(segments)} ${queryKey(query)}`;
    const other = byRequest.get(key);
    if (other) {
      throw new Error(
        `${entry.file} and ${other.file} record the same request (${method} ${path}, same query); give one of them a query of its own`,
      );
    }
    const loaded = { ...entry, route, values };
    byRequest.set(key, loaded);
    byOperation.set(entry.operationId, [...(byOperation.get(entry.operationId) ?? []), loaded]);
  }
  return { byRequest, byOperation };
}

/** Starts the replay server; resolves once it listens. */
export async function startReplayServer(options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const { port = 0, host = '127.0.0.1', recordingsDir = RECORDINGS_DIR, basePath = '/client/v4' } = options;
  const { headersTimeout = 10_000, requestTimeout = 30_000, faultCounters = 1000 } = options;
  if (headersTimeout > requestTimeout) {
    throw new Error(`headersTimeout (${headersTimeout} ms) must not exceed requestTimeout (${requestTimeout} ms)`);
  }
  const routes = routesOf(options.spec ?? readBundle());
  const recordings = readRecordings(recordingsDir);
  const { byRequest, byOperation } = loadRecordings(recordings, routes);
  /** `times` counters by header value, least recently used first (a Map keeps insertion order). */
  const counters = new Map<string, number>();
  const pending = new Set<NodeJS.Timeout>();

  function count(header: string): number {
    const seen = (counters.get(header) ?? 0) + 1;
    counters.delete(header);
    counters.set(header, seen);
    if (counters.size > faultCounters) {
      const [oldest] = counters.keys();
      if (oldest !== undefined) counters.delete(oldest);
    }
    return seen;
  }

  function answer(req: IncomingMessage, res: ServerResponse, entry: RecordingFile, fault: Fault): void {
    const { response } = entry.recording;
    const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    const bytes = Buffer.from(body);
    const headers: Record<string, string | number> = {
      ...response.headers,
      'content-length': bytes.length,
      'x-replay-recording': entry.file,
    };
    if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
    if (fault.reset) {
      req.socket.resetAndDestroy();
      return;
    }
    res.writeHead(fault.status ?? response.status, headers);
    if (fault.truncate === undefined || req.method === 'HEAD') {
      res.end(bytes);
      return;
    }
    const keep = fault.truncate === 'half' ? Math.floor(bytes.length / 2) : Math.min(fault.truncate, bytes.length - 1);
    // Flush what is kept, then cut the connection: the client sees fewer bytes than content-length.
    res.write(bytes.subarray(0, keep), () => req.socket.destroy());
  }

  /** The recordings nearest to a request that none matches, with what differs. */
  function closest(route: Route | undefined, values: Record<string, string>, query: [string, string][]) {
    const own = route ? (byOperation.get(route.operationId) ?? []) : [];
    const candidates = own.length > 0 ? own : [...byRequest.values()];
    return candidates
      .map((r) => ({
        file: r.file,
        differences:
          r.route === route
            ? [
                ...Object.entries(values)
                  .filter(([name, value]) => r.values[name] !== value)
                  .map(([name, value]) => `${name}=${value} (recorded ${r.values[name] ?? 'none'})`),
                ...queryDistance(query, r.recording.request.query),
              ]
            : [`path ${r.recording.request.method} ${r.recording.request.path}`],
      }))
      .sort((a, b) => a.differences.length - b.differences.length || a.file.localeCompare(b.file))
      .slice(0, 3);
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      sendJson(res, 405, replayError(7001, `${excerpt(method)} is not allowed; the Radar API answers ${ALLOW}`), {
        allow: ALLOW,
      });
      return;
    }
    // `new URL` throws on targets such as `//[`; only origin-form (RFC 9112 section 3.2.1) is an API call.
    const target = req.url ?? '';
    if (!target.startsWith('/')) {
      sendJson(res, 400, replayError(400, `the request target "${excerpt(target)}" is not a path; send ${basePath}/…`));
      return;
    }
    const at = target.indexOf('?');
    const rawPath = at === -1 ? target : target.slice(0, at);
    const search = at === -1 ? '' : target.slice(at);
    if (!rawPath.startsWith(`${basePath}/`)) {
      sendJson(res, 404, replayError(7003, `${excerpt(rawPath)} is not under the base path ${basePath}`));
      return;
    }
    const path = rawPath.slice(basePath.length);
    let segments: string[];
    try {
      segments = decodeSegments(path);
    } catch {
      sendJson(
        res,
        400,
        replayError(400, `malformed percent-encoding in the path ${excerpt(path)}; write "%" itself as %25`),
      );
      return;
    }
    const query: [string, string][] = [...new URLSearchParams(search)];
    if (!hasCredentials(req.headers)) {
      sendJson(res, 401, AUTHENTICATION_ERROR, { 'x-replay-recording': 'none' });
      return;
    }

    let fault: Fault = {};
    const header = req.headers[FAULT_HEADER];
    if (typeof header === 'string') {
      try {
        fault = parseFault(header);
      } catch (error) {
        sendJson(res, 400, replayError(400, error instanceof Error ? error.message : String(error)));
        return;
      }
      if (fault.times !== undefined && count(header) > fault.times) fault = {};
    }

    const found = findRoute(routes, 'GET', segments);
    const ofOperation = found ? (byOperation.get(found.route.operationId) ?? []) : [];
    let entry: RecordingFile | undefined;
    if (fault.use !== undefined) {
      const scenario = fault.use;
      entry = ofOperation.find((r) => r.scenario === scenario);
      if (!entry) {
        const known = [...new Set(ofOperation.map((r) => r.scenario))].join(', ') || 'none';
        sendJson(
          res,
          400,
          replayError(400, `no scenario "${excerpt(scenario)}" for GET ${excerpt(path)}; known: ${known}`),
        );
        return;
      }
    } else if (found) {
      entry = byRequest.get(`${found.route.operationId} ${canonicalPath(segments)} ${queryKey(query)}`);
    }
    if (!entry) {
      const near = closest(found?.route, found?.values ?? {}, query);
      const names = near.map((c) => `${c.file} (${c.differences.join(', ') || 'same query'})`).join(', ');
      const what = found
        ? `no recording matches GET ${excerpt(path + search)}`
        : `no operation of the spec has the path GET ${excerpt(path)}`;
      sendJson(
        res,
        404,
        replayError(
          7003,
          `${what}; closest: ${names || 'none'}`,
          near.map((c) => ({
            code: 7003,
            message: `closest recording: ${c.file} (${c.differences.join(', ') || 'same query'})`,
          })),
        ),
        { 'x-replay-recording': 'none' },
      );
      return;
    }
    const matched = entry;
    if (fault.delay !== undefined && fault.delay > 0) {
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (!req.socket.destroyed) answer(req, res, matched, fault);
      }, fault.delay);
      pending.add(timer);
      req.socket.once('close', () => {
        clearTimeout(timer);
        pending.delete(timer);
      });
      return;
    }
    answer(req, res, matched, fault);
  }

  const server = createServer(
    {
      headersTimeout,
      requestTimeout,
      // Node checks both timeouts only this often (30 s by default), which would let a slow client
      // hold a socket for that long past its deadline.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => {
      // A request is input from anyone on the machine: a fault in handling one must cost that request
      // a 500, never the server (an exception thrown here would end the process).
      try {
        route(req, res);
      } catch (error) {
        if (res.headersSent) res.destroy();
        else
          sendJson(
            res,
            500,
            replayError(2000, `internal error (${error instanceof Error ? error.message : String(error)})`),
          );
      }
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${address.port}${basePath}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
