// An offline Radar API: a `node:http` server on loopback that answers from the recordings, matching
// each request by method, path and query (as a multiset of pairs). A fault, chosen per request with
// the `x-replay-fault` header, can delay, reset, truncate or change the answer, for fault tests.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { queryKey, RECORDINGS_DIR, type RecordingFile, readRecordings } from './recording.js';

export interface ReplayServerOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Folder of `<operationId>/<scenario>.json` recordings. @default this package's `recordings/` */
  recordingsDir?: string;
  /** Prefix of every API path, as in the spec's server URL. @default '/client/v4' */
  basePath?: string;
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

/** A Cloudflare error envelope that says it comes from the replay server, not from the API. */
const replayError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  success: false,
  errors: [{ code, message: `replay server: ${message}` }],
  messages: [],
  result: null,
  ...extra,
});

/** Starts the replay server; resolves once it listens. */
export async function startReplayServer(options: ReplayServerOptions = {}): Promise<ReplayServer> {
  const { port = 0, host = '127.0.0.1', recordingsDir = RECORDINGS_DIR, basePath = '/client/v4' } = options;
  const recordings = readRecordings(recordingsDir);
  const byRequest = new Map<string, RecordingFile>();
  for (const entry of recordings) {
    const { method, path, query } = entry.recording.request;
    const key = `${method} ${path} ${queryKey(query)}`;
    const other = byRequest.get(key);
    if (other) {
      throw new Error(
        `${entry.file} and ${other.file} record the same request (${method} ${path}, same query); give one of them a query of its own`,
      );
    }
    byRequest.set(key, entry);
  }
  const counters = new Map<string, number>();
  const pending = new Set<NodeJS.Timeout>();

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
    if (fault.truncate === undefined) {
      res.end(bytes);
      return;
    }
    const keep = fault.truncate === 'half' ? Math.floor(bytes.length / 2) : Math.min(fault.truncate, bytes.length - 1);
    // Flush what is kept, then cut the connection: the client sees fewer bytes than content-length.
    res.write(bytes.subarray(0, keep), () => req.socket.destroy());
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://replay.invalid');
    const method = req.method ?? 'GET';
    if (!url.pathname.startsWith(`${basePath}/`)) {
      sendJson(res, 404, replayError(7003, `${url.pathname} is not under the base path ${basePath}`));
      return;
    }
    const path = url.pathname.slice(basePath.length);
    const query: [string, string][] = [...url.searchParams];

    let fault: Fault = {};
    const header = req.headers[FAULT_HEADER];
    if (typeof header === 'string') {
      try {
        fault = parseFault(header);
      } catch (error) {
        sendJson(res, 400, replayError(400, error instanceof Error ? error.message : String(error)));
        return;
      }
      if (fault.times !== undefined) {
        const seen = (counters.get(header) ?? 0) + 1;
        counters.set(header, seen);
        if (seen > fault.times) fault = {};
      }
    }

    const samePath = recordings.filter(
      (r) => r.recording.request.method === method && r.recording.request.path === path,
    );
    let entry: RecordingFile | undefined;
    if (fault.use !== undefined) {
      const scenario = fault.use;
      entry = samePath.find((r) => r.scenario === scenario);
      if (!entry) {
        const known = [...new Set(samePath.map((r) => r.scenario))].join(', ') || 'none';
        sendJson(res, 400, replayError(400, `no scenario "${scenario}" for ${method} ${path}; known: ${known}`));
        return;
      }
    } else {
      entry = byRequest.get(`${method} ${path} ${queryKey(query)}`);
    }
    if (!entry) {
      const candidates = samePath.length > 0 ? samePath : recordings;
      const closest = candidates
        .map((r) => ({
          file: r.file,
          differences:
            r.recording.request.path === path
              ? queryDistance(query, r.recording.request.query)
              : [`path ${r.recording.request.method} ${r.recording.request.path}`],
        }))
        .sort((a, b) => a.differences.length - b.differences.length || a.file.localeCompare(b.file))
        .slice(0, 3);
      const names = closest.map((c) => `${c.file} (${c.differences.join(', ') || 'same query'})`).join(', ');
      sendJson(
        res,
        404,
        replayError(7003, `no recording matches ${method} ${path}${url.search}; closest: ${names || 'none'}`, {
          closest,
        }),
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

  const server = createServer(handle);
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
