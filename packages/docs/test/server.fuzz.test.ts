// Hostile requests against the docs server (`npm run docs`): any web page the developer has open
// can send them. Generated request targets, methods and headers go over raw sockets (so nothing
// normalises them first); the server must answer each within a bound, never with a 5xx, and stay
// up. Slow and stalled clients must be cut off. Afterwards no socket or timer may be left, and no
// promise rejection may have gone unhandled. Prints how many inputs were tried and how many failed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveDirectory } from '../src/server.ts';

/** How long one answer may take; a local static file takes milliseconds. */
const ANSWER_BOUND_MS = 2_000;
const RUNS = 400;

let root: string;
let site: StaticServer;
let port: number;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const tried = { requests: 0, failures: 0 };
const statuses = new Map<string, number>();
/** Handles of this process before the server started, to compare with after it closed. */
let baseline: string[] = [];

/** Sends raw bytes, resolves to what came back once the server closed or the bound ran out. */
function exchange(
  bytes: string | Buffer,
  boundMs = ANSWER_BOUND_MS,
): Promise<{ answer: string; closed: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ answer, closed: false, ms: performance.now() - started });
    }, boundMs);
    // Written without a FIN, as a browser does; `connection: close` asks the server to end it.
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ answer, closed: true, ms: performance.now() - started });
    });
  });
}

async function stillServes(): Promise<boolean> {
  const { answer } = await exchange('GET /docs/ HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
  return answer.startsWith('HTTP/1.1 200 ');
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  baseline = process.getActiveResourcesInfo();
  root = await mkdtemp(join(tmpdir(), 'cf-radar-docs-fuzz-'));
  await writeFile(join(root, 'index.html'), '<h1>docs</h1>');
  await writeFile(join(root, 'index.html.gz'), gzipSync('<h1>docs</h1>'));
  // Larger than the loopback socket buffers, so a client that stops reading stalls the server's writes.
  await writeFile(join(root, 'big.json'), Buffer.alloc(64 * 1024 * 1024, 'x'));
  site = await serveDirectory(root, {
    base: '/docs/',
    limits: { headersTimeoutMs: 1_000, requestTimeoutMs: 1_500, idleTimeoutMs: 1_000, keepAliveTimeoutMs: 500 },
  });
  port = Number(new URL(site.url).port);
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await site?.close();
  await rm(root, { recursive: true, force: true });
  const histogram = [...statuses]
    .sort()
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  console.log(
    `docs server fuzz: ${tried.requests} generated requests, ${tried.failures} failures (answers ${histogram})`,
  );
});

const pieces = fc.oneof(
  fc.constantFrom(
    '/',
    '//',
    '/docs/',
    '..',
    '.',
    '%',
    '%2e',
    '%2E%2e',
    '%00',
    '%E0%A4%A',
    '%zz',
    '%5c',
    '[',
    ']',
    '@',
    ':',
    '?',
    '#',
    '~',
  ),
  fc.constantFrom('index.html', 'index.html.gz', 'x:99999', 'a%zz@', '\\', '%ff%fe', '\u00e9', '\u{1f600}', ';', '*'),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[\x21-\x7e]{0,20}$/),
);
const targets = fc.oneof(
  fc.constantFrom('/docs/', '/docs/index.html', '/docs/index.html?v=1#x', '/docs/missing.js', '/docs/%69ndex.html'),
  fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join('')),
  fc.array(pieces, { maxLength: 6 }).map((parts) => `/docs/${parts.join('/')}`),
  fc.nat({ max: 40_000 }).map((n) => `/docs/${'a'.repeat(n)}`),
  fc.constantFrom(
    '*',
    'http://127.0.0.1/docs/',
    '//[',
    '//x:99999/',
    '//a%zz@/',
    '/docs/%E0%A4%A',
    '/docs/../../etc/passwd',
  ),
);
const methods = fc.oneof(
  fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT', 'get', 'PRI'),
  fc.stringMatching(/^[A-Z]{1,10}$/),
);
const headerNames = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('accept-encoding', 'if-none-match', 'accept', 'user-agent') },
  fc.constantFrom(
    'accept-encoding',
    'if-none-match',
    'range',
    'content-length',
    'transfer-encoding',
    'expect',
    'cookie',
    'authorization',
  ),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/),
);
const headerValues = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('gzip', 'br', '*', 'text/html', 'Mozilla/5.0') },
  fc.constantFrom(
    'gzip',
    'br;q=0, gzip;q=1',
    '*;q=0',
    'br, gzip, identity',
    '"x"',
    'W/"abc"',
    'bytes=0-1',
    '100-continue',
    'chunked',
    '-1',
    '99999999999999999999',
  ),
  fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
  fc.nat({ max: 20_000 }).map((n) => 'v'.repeat(n)),
);
const hostile = fc.record({
  method: methods,
  target: targets,
  headers: fc.array(fc.tuple(headerNames, headerValues), { maxLength: 6 }),
  body: fc.option(fc.string({ maxLength: 64 }), { nil: undefined }),
});
/** Requests a browser could send: a page, a file, a miss, conditional and compressed. */
const plausible = fc.record({
  method: fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS'),
  target: fc.oneof(
    fc.constantFrom(
      '/docs/',
      '/docs/index.html',
      '/docs/index.html?v=1',
      '/docs/missing.js',
      '/docs/%69ndex.html',
      '/elsewhere',
    ),
    fc.stringMatching(/^[a-z0-9._-]{1,20}$/).map((name) => `/docs/${name}`),
  ),
  headers: fc.array(
    fc.oneof(
      fc.constantFrom<[string, string]>(
        ['accept-encoding', 'gzip, deflate, br'],
        ['accept-encoding', 'gzip'],
        ['accept', '*/*'],
      ),
      fc.stringMatching(/^"[0-9a-f-]{1,20}"$/).map((tag): [string, string] => ['if-none-match', tag]),
    ),
    { maxLength: 3 },
  ),
  body: fc.constant(undefined),
});
const requests = fc.oneof(hostile, plausible);

describe('the docs server under generated requests', () => {
  it(`answers ${RUNS} generated targets, methods and headers within ${ANSWER_BOUND_MS} ms, never with a 5xx`, async () => {
    await fc.assert(
      fc.asyncProperty(requests, async ({ method, target, headers, body }) => {
        tried.requests += 1;
        const head = [
          `${method} ${target} HTTP/1.1`,
          'host: 127.0.0.1',
          ...headers.map(([name, value]) => `${name}: ${value}`),
          'connection: close',
        ];
        const { answer, closed, ms } = await exchange(Buffer.from(`${head.join('\r\n')}\r\n\r\n${body ?? ''}`, 'utf8'));
        const status = /^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1];
        statuses.set(
          status ?? 'closed without an answer',
          (statuses.get(status ?? 'closed without an answer') ?? 0) + 1,
        );
        // Node may also close a request it cannot parse without a word; it must not hang.
        const ok = closed && ms < ANSWER_BOUND_MS && (status === undefined ? answer === '' : Number(status) < 500);
        if (!ok) tried.failures += 1;
        expect({ closed, status, answer: answer.slice(0, 80) }).toMatchObject({ closed: true });
        expect(
          status === undefined || Number(status) < 500,
          `status ${status} for ${JSON.stringify(head[0]).slice(0, 200)}`,
        ).toBe(true);
      }),
      { numRuns: RUNS, seed: 20_261_203 },
    );
    expect(await stillServes()).toBe(true);
  });

  it('cuts off a client that sends its head too slowly', async () => {
    const { closed, ms } = await new Promise<{ closed: boolean; ms: number }>((resolve) => {
      const started = performance.now();
      const socket = connect(port, '127.0.0.1');
      const drip = setInterval(() => socket.write('x'), 100);
      socket.on('connect', () => socket.write('GET /docs/ HTTP/1.1\r\nx-slow: '));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(drip);
        resolve({ closed: true, ms: performance.now() - started });
      });
    });
    expect(closed).toBe(true);
    expect(ms).toBeLessThan(5_000);
    expect(await stillServes()).toBe(true);
  });

  it('cuts off a client that stops reading a large file', async () => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    socket.write('GET /docs/big.json HTTP/1.1\r\nhost: x\r\n\r\n');
    socket.pause();
    // Seen from the server: its side of the connection must go once the client stalls.
    const connections = () =>
      new Promise<number>((resolve, reject) =>
        site.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    const started = performance.now();
    while ((await connections()) > 0 && performance.now() - started < 8_000)
      await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    expect(await connections()).toBe(0);
    expect(await stillServes()).toBe(true);
  });

  it('leaves no connection open and no rejection unhandled', async () => {
    const open = await new Promise<number>((resolve, reject) =>
      site.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
    expect(open).toBe(0);
    expect(unhandled).toEqual([]);
    await site.close();
    expect(site.server.listening).toBe(false);
    // A closed server holds no socket or timer of its own: the process is back to its handles before it.
    // libuv frees a closed handle on a later turn of the loop than the close callback.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const count = (list: string[], kind: string) => list.filter((item) => item === kind).length;
    for (const kind of ['TCPServerWrap', 'TCPSocketWrap', 'Timeout']) {
      expect(count(process.getActiveResourcesInfo(), kind), kind).toBeLessThanOrEqual(count(baseline, kind));
    }
  });
});
