// A static file server for dist/ on the loopback interface, shared by `npm run docs` and the
// browser test. Serves only files inside the folder, with their content types; nothing is cached,
// so a rebuilt site shows on the next reload. Redoc routes by path (`/dns/…`), so a path with no
// file extension that names no file gets index.html, and deep links survive a reload.
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The file a request path names inside `root`, or undefined when it would leave `root`. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  const decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  const relative = normalize(decoded.endsWith('/') ? `${decoded}index.html` : decoded).replace(/^([/\\])+/, '');
  if (relative.startsWith('..')) return undefined;
  const file = join(root, relative);
  return file.startsWith(root.endsWith(sep) ? root : `${root}${sep}`) ? file : undefined;
}

export function serveDirectory(root: string, { port = 0, host = '127.0.0.1' } = {}): Promise<StaticServer> {
  const server = createServer(async (request, response) => {
    const asked = resolveInside(root, request.url ?? '/');
    const file = asked !== undefined && extname(asked) === '' ? join(root, 'index.html') : asked;
    const found = file === undefined ? undefined : await stat(file).catch(() => undefined);
    if (file === undefined || found === undefined || !found.isFile() || request.method !== 'GET') {
      response.writeHead(file === undefined ? 403 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`${request.method} ${request.url}: not found in ${root}\n`);
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    response.end(await readFile(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${bound}/`,
        server,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
