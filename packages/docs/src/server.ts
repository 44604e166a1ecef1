// A static file server for dist/ on the loopback interface, shared by `npm run docs`, the browser
// test and `npm run bench:docs`. It behaves like a plain static host (GitHub Pages): files only, no
// rewrites and no fallback to index.html, which the site does not need since its routes are hashes.
//
// - It sends the precompressed `.br` or `.gz` copy the client accepts, with an ETag per file and
//   encoding, and answers a matching `If-None-Match` with 304. The hashed Redoc bundle may be kept
//   forever; everything else is revalidated on each load, so a rebuilt site shows on the next reload.
// - Any page the developer has open can send it requests, so no request may crash or hang it:
//   a target that is not a path, malformed percent-encoding, NUL bytes or `..` segments get a 400,
//   other methods than GET and HEAD a 405, and slow or stalled clients are cut off by timeouts.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Precompressed copies, best first; `extension` is what the build appends to the file name. */
const ENCODINGS = [
  { name: 'br', extension: '.br' },
  { name: 'gzip', extension: '.gz' },
] as const;

/** A file named by its content hash (`redoc.<16 hex>.js`) never changes under its name. */
const IMMUTABLE = /\.[0-9a-f]{16}\.[a-z]+$/;

/** Bounds for one request, so no client can hold the server: see serveDirectory. */
export const LIMITS = {
  /** The whole request head must arrive within this. */
  headersTimeoutMs: 5_000,
  /** The whole request, body included. */
  requestTimeoutMs: 10_000,
  /** A socket idle this long (a client that stopped reading) is closed. */
  idleTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  /** Longer request targets get a 414; no file of the site has a name near this. */
  maxTargetLength: 2_048,
};

export interface StaticServer {
  /** `http://127.0.0.1:<port><base>` */
  url: string;
  server: Server;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The path the site is served under, as a project site on GitHub Pages is (`/<repo>/`). @default '/' */
  base?: string;
  /** Tighter bounds, for tests that wait for them. @default LIMITS */
  limits?: Partial<typeof LIMITS>;
}

export type Resolved = { file: string } | { status: 400 | 404; reason: string };

/**
 * The file a request target names inside `root`: the query and fragment dropped, percent-decoding
 * applied once, and `/` meaning `index.html`. Targets that are not a path under `base`, that do not
 * decode, or that hold NUL bytes or `.`/`..` segments are refused rather than normalised, since no
 * link of the site produces one.
 */
export function resolveInside(root: string, target: string, base = '/'): Resolved {
  if (!target.startsWith('/') || target.startsWith('//')) return { status: 400, reason: 'the target is not a path' };
  const rawPath = target.split(/[?#]/, 1)[0] ?? '/';
  if (!rawPath.startsWith(base)) return { status: 404, reason: `outside ${base}` };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath.slice(base.length - 1));
  } catch {
    return { status: 400, reason: 'malformed percent-encoding' };
  }
  const segments = decoded.split('/').slice(1);
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400, reason: 'NUL or backslash in the path' };
  if (segments.some((segment) => segment === '.' || segment === '..')) return { status: 400, reason: 'dot segments' };
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = join(root, relative);
  const inside = root.endsWith(sep) ? root : `${root}${sep}`;
  return file.startsWith(inside) ? { file } : { status: 400, reason: 'outside the site' };
}

function plain(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  // The target is echoed as JSON so that no control character or line break reaches a terminal or log.
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(`${text}\n`);
}

function accepts(request: IncomingMessage, encoding: string): boolean {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    return (name === encoding || name === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

async function handle(
  root: string,
  base: string,
  maxTargetLength: number,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const target = request.url ?? '';
  const shown = JSON.stringify(target.length > 200 ? `${target.slice(0, 200)}…` : target);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    plain(response, 405, `${request.method} ${shown}: only GET and HEAD are served`, { allow: 'GET, HEAD' });
    return;
  }
  if (target.length > maxTargetLength) {
    plain(response, 414, `the request target is ${target.length} characters; at most ${maxTargetLength} are served`);
    return;
  }
  const resolved = resolveInside(root, target, base);
  if (!('file' in resolved)) {
    plain(
      response,
      resolved.status,
      `${request.method} ${shown}: ${resolved.status === 404 ? 'not found' : 'bad request'} (${resolved.reason})`,
    );
    return;
  }
  const found = await stat(resolved.file).catch(() => undefined);
  if (found === undefined || !found.isFile()) {
    plain(response, 404, `${request.method} ${shown}: not found in the site`);
    return;
  }

  let file = resolved.file;
  let encoding: string | undefined;
  let size = found.size;
  let mtime = found.mtimeMs;
  for (const candidate of ENCODINGS) {
    if (!accepts(request, candidate.name)) continue;
    const copy = await stat(`${resolved.file}${candidate.extension}`).catch(() => undefined);
    if (copy?.isFile() !== true) continue;
    file = `${resolved.file}${candidate.extension}`;
    encoding = candidate.name;
    size = copy.size;
    mtime = copy.mtimeMs;
    break;
  }
  const etag = `"${size.toString(16)}-${Math.trunc(mtime).toString(16)}${encoding === undefined ? '' : `-${encoding}`}"`;
  const headers: Record<string, string> = {
    'content-type': CONTENT_TYPES[extname(resolved.file)] ?? 'application/octet-stream',
    'cache-control': IMMUTABLE.test(resolved.file) ? 'public, max-age=31536000, immutable' : 'no-cache',
    etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  if (encoding !== undefined) headers['content-encoding'] = encoding;
  const ifNoneMatch = request.headers['if-none-match'];
  if (
    typeof ifNoneMatch === 'string' &&
    ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
  ) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  response.writeHead(200, { ...headers, 'content-length': String(size) });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  // pipeline closes the file when the client goes away mid-body; that is no error of the server.
  await pipeline(createReadStream(file), response).catch(() => undefined);
}

export function serveDirectory(
  root: string,
  { port = 0, host = '127.0.0.1', base = '/', limits: overrides = {} }: ServeOptions = {},
): Promise<StaticServer> {
  const limits = { ...LIMITS, ...overrides };
  if (!base.startsWith('/') || !base.endsWith('/')) {
    throw new Error(
      `serveDirectory: base must start and end with "/" (such as "/cf-radar/"), got ${JSON.stringify(base)}`,
    );
  }
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above on this interval (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    },
    (request, response) => {
      handle(root, base, limits.maxTargetLength, request, response).catch((error: unknown) => {
        // Only the file system can fail here (a file removed by a rebuild mid-request).
        if (!response.headersSent)
          plain(response, 500, `could not read the file: ${error instanceof Error ? error.message : String(error)}`);
        else response.destroy();
      });
    },
  );
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());
  // A malformed request (a bad header, a target too large for Node's parser) gets Node's 400 or 431
  // and a closed socket, never an exception.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    // Destroyed once the answer is out: a client still sending (a slow drip) must not keep it open.
    if (socket.writable)
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`, () => socket.destroy());
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${bound}${base}`,
        server,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
