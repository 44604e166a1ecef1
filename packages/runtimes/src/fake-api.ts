// The Radar API as the runtime matrix needs it: a loopback server that answers every operation of the
// bundled spec with its documented example (JSON, or the CSV example for `format=CSV`), matched by
// path template, so that a new operation in the spec is served with no edit here. The first path
// segments name the run, the check and a fault (`/<run>/<check>/<fault>/client/v4/radar/...`), because
// the runtimes cannot all send custom headers (a browser would need CORS for them); the server logs
// each request under its run and check, for the tests to read. Twins on other ports play another
// origin without CORS headers, and a CORS proxy in front of the API.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server saw of one request. */
export interface SeenRequest {
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
}

export interface FakeApi {
  /** `http://127.0.0.1:<port>`, where the browser page is served too. */
  origin: string;
  /** Another origin served by the same handler, which sends no CORS headers: calls to it from the page are refused. */
  crossOrigin: string;
  /** Another origin that answers like a CORS proxy in front of the API: preflights allowed, `retry-after` exposed. */
  proxyOrigin: string;
  /** An origin where nothing listens. */
  closedOrigin: string;
  /** Requests seen for one run and check, in order. */
  requests(run: string, check: string): SeenRequest[];
  close(): Promise<void>;
}

export interface FakeApiOptions {
  /** Path of the bundled spec, `openapi/dist/openapi.json`. */
  specFile: string;
  /** Static files served at the root (`/index.html`, `/bundle.js`), for the browser page. */
  files?: Record<string, { type: string; body: string }>;
}

/**
 * The faults a check can ask for in its path:
 * - `none`: the documented example;
 * - `rate-limit-once`: the first request gets the spec's 429 with `retry-after: 1`, later ones the example;
 * - `hang`: no answer at all, until the server closes.
 */
type Fault = 'none' | 'rate-limit-once' | 'hang';
const FAULTS: readonly string[] = ['none', 'rate-limit-once', 'hang'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface JsonObject {
  [key: string]: Json;
}

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows local `$ref`s (`#/components/...`) until it reaches a value. */
function deref(spec: JsonObject, value: Json | undefined): Json | undefined {
  let current = value;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`${current.$ref}: $ref chain longer than 20 hops in the bundled spec`);
    const pointer = current.$ref.replace(/^#\//, '').split('/');
    let target: Json | undefined = spec;
    for (const part of pointer)
      target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    if (target === undefined) throw new Error(`${current.$ref}: not found in the bundled spec`);
    current = target;
  }
  return current;
}

/**
 * The first example of a media type: `example`, or the first of `examples` (its `value`); undefined
 * when the spec gives none, which matters only if a scenario calls that operation.
 */
function firstExample(spec: JsonObject, media: Json | undefined): Json | undefined {
  const content = deref(spec, media);
  if (!isObject(content)) return undefined;
  if (content.example !== undefined) return content.example;
  const examples = deref(spec, content.examples);
  const first = isObject(examples) ? deref(spec, Object.values(examples)[0]) : undefined;
  return isObject(first) ? first.value : undefined;
}

interface Route {
  pattern: RegExp;
  template: string;
  params: number;
  json: Json | undefined;
  csv: string | undefined;
  rateLimited: Json | undefined;
}

/** One route per GET operation of the spec; literal paths before templates (`tls_version` before `{dimension}`). */
function routes(spec: JsonObject): Route[] {
  const paths = spec.paths;
  if (!isObject(paths)) throw new Error('the bundled spec has no paths');
  const list: Route[] = [];
  for (const [template, item] of Object.entries(paths)) {
    const get = isObject(item) ? item.get : undefined;
    const responses = isObject(get) ? get.responses : undefined;
    if (!isObject(responses)) continue;
    const ok = deref(spec, responses['200']);
    const content = isObject(ok) && isObject(ok.content) ? ok.content : {};
    const tooMany = deref(spec, responses['429']);
    const tooManyContent = isObject(tooMany) && isObject(tooMany.content) ? tooMany.content : {};
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    const csv = firstExample(spec, content['text/csv']);
    list.push({
      pattern: new RegExp(`^${source}$`),
      template,
      params: (template.match(/\{/g) ?? []).length,
      json: firstExample(spec, content['application/json']),
      csv: typeof csv === 'string' ? csv : undefined,
      rateLimited: firstExample(spec, tooManyContent['application/json']),
    });
  }
  return list.sort((a, b) => a.params - b.params);
}

/** An answer to write, or `hang` for none at all. */
type Answer = { status: number; type: string; body: string; headers?: Record<string, string> } | 'hang';

const json = (status: number, body: Json, headers?: Record<string, string>): Answer => ({
  status,
  type: 'application/json',
  body: JSON.stringify(body),
  ...(headers ? { headers } : {}),
});

const notFound = (message: string): Answer =>
  json(404, { success: false, errors: [{ code: 7003, message: `fake API: ${message}` }], messages: [], result: null });

const listen = (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

/** Starts the fake API and its cross-origin twin on loopback, on free ports. */
export async function startFakeApi(options: FakeApiOptions): Promise<FakeApi> {
  const spec: JsonObject = JSON.parse(readFileSync(options.specFile, 'utf8'));
  const table = routes(spec);
  const seen = new Map<string, SeenRequest[]>();
  const files = options.files ?? {};

  function answer(req: IncomingMessage): Answer {
    const url = new URL(req.url ?? '/', 'http://fake.test');
    const file = files[url.pathname === '/' ? '/index.html' : url.pathname];
    if (file) return { status: 200, ...file };
    const match = /^\/([^/]+)\/([^/]+)\/([^/]+)\/client\/v4(\/.*)$/.exec(url.pathname);
    if (!match) return notFound(`${url.pathname} is not /<run>/<check>/<fault>/client/v4/<path>`);
    const [, run = '', check = '', fault = '', path = ''] = match;
    const log = seen.get(`${run}/${check}`) ?? [];
    seen.set(`${run}/${check}`, log);
    log.push({ method: req.method ?? '', path, query: url.search, authorization: req.headers.authorization });
    if (!FAULTS.includes(fault)) return notFound(`unknown fault "${fault}"; one of ${FAULTS.join(', ')}`);
    if (req.method !== 'GET') return notFound(`${req.method} ${path}: only GET is served`);
    const route = table.find((candidate) => candidate.pattern.test(path));
    if (!route) return notFound(`no operation of the spec has the path ${path}`);
    if ((fault as Fault) === 'hang') return 'hang';
    const missing = (what: string) => notFound(`GET ${route.template} has no ${what} example in the spec; add one`);
    if ((fault as Fault) === 'rate-limit-once' && log.length === 1) {
      if (route.rateLimited === undefined) return missing('429 application/json');
      return json(429, route.rateLimited, { 'retry-after': '1' });
    }
    if (url.searchParams.get('format') !== 'CSV') {
      return route.json === undefined ? missing('200 application/json') : json(200, route.json);
    }
    if (route.csv === undefined) return missing('200 text/csv');
    return { status: 200, type: 'text/csv', body: route.csv };
  }

  /** The headers a proxy adds for a page on another origin; without Expose-Headers the page cannot read `retry-after`. */
  const CORS = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'authorization, accept',
    'access-control-expose-headers': 'retry-after',
  };

  const handler = (cors: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    if (cors && req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    const reply = answer(req);
    // A hanging request stays open until close() ends every connection.
    if (reply === 'hang') return;
    res.writeHead(reply.status, {
      ...(cors ? CORS : {}),
      ...reply.headers,
      'content-type': reply.type,
      'content-length': Buffer.byteLength(reply.body),
    });
    res.end(reply.body);
  };

  const server = createServer(handler(false));
  const twin = createServer(handler(false));
  const proxy = createServer(handler(true));
  const closed = createServer();
  const [port, twinPort, proxyPort, closedPort] = await Promise.all([
    listen(server),
    listen(twin),
    listen(proxy),
    listen(closed),
  ]);
  await new Promise((resolve) => closed.close(resolve));
  const stop = (s: Server) =>
    new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    });
  return {
    origin: `http://127.0.0.1:${port}`,
    crossOrigin: `http://127.0.0.1:${twinPort}`,
    proxyOrigin: `http://127.0.0.1:${proxyPort}`,
    closedOrigin: `http://127.0.0.1:${closedPort}`,
    requests: (run, check) => seen.get(`${run}/${check}`) ?? [],
    close: async () => {
      await Promise.all([stop(server), stop(twin), stop(proxy)]);
    },
  };
}
