// Fuzz suites for the replay server (fast-check): generated methods, request targets and headers sent
// over raw sockets, and generated variations of the recorded requests sent with fetch. The server
// must answer every one within a bound, with a status HTTP has (or close a connection it cannot
// parse), stay up, and leave no unhandled rejection, socket or timer. Each suite prints how many
// inputs it tried and how many failed; `FUZZ_SEED=<n>` replays a run.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecordings } from '../src/recording.js';
import { FAULT_HEADER, type ReplayServer, startReplayServer } from '../src/replay-server.js';
import { loadSpec } from '../src/spec.js';
import { watchLeaks } from './leaks.js';
import { raw } from './raw-http.js';

/**
 * How long one answer may take: far above the few milliseconds a loopback answer takes, and above
 * the server's own 0.5 s header timeout, with room for a machine shared with other jobs.
 */
const BOUND_MS = 5000;
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** Taken while the module loads, before any server or socket here exists. */
const leaks = watchLeaks();

let server: ReplayServer;
beforeAll(async () => {
  leaks.start();
  server = await startReplayServer({ headersTimeout: 500, requestTimeout: 1000 });
});
afterAll(() => {
  leaks.stop();
});

const recordings = readRecordings();
const AUTH = 'authorization: Bearer fuzz-token';

/** Pieces real paths are made of, and pieces that have broken URL parsers. */
const segment = fc.oneof(
  fc.constantFrom(...new Set(recordings.flatMap((r) => `/client/v4${r.recording.request.path}`.split('/')))),
  fc.constantFrom('', '.', '..', '[', ']', '@', ':99999', '%', '%zz', '%E0%A4%A', '%00', '%2F', '%C0%AF', '\\'),
  fc.webSegment(),
  fc.string({ unit: 'binary-ascii', maxLength: 8 }),
);
const query = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom('location', 'name', 'format', 'dateRange'), segment), segment), {
    maxLength: 4,
  })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));
const target = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...recordings.map((r) => `/client/v4${r.recording.request.path}`)), query)
      .map(([path, q]) => `${path}${q}`),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.array(segment, { minLength: 1, maxLength: 8 }), query)
      .map(([parts, q]) => `/${parts.join('/')}${q}`),
  },
  fc.constantFrom('//[', '//x:99999/', '//a%zz@/', '*', 'http://example.com/client/v4/radar', '/%', ''),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const method = fc.oneof(
  fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'CONNECT'),
  fc.stringMatching(/^[A-Z]{1,12}$/),
  fc.string({ unit: 'binary-ascii', maxLength: 6 }),
);
/** Fault directives from the grammar, some of them wrong; delays stay short so that the bound holds. */
const directive = fc.oneof(
  fc.constantFrom('reset', 'truncate', 'truncate=3', 'status=503', 'status=999', 'use=rate-limited', 'use=nope'),
  fc.constantFrom('retry-after=1', 'times=1', 'times=0', 'delay=20', 'delay=abc', 'id=x', '=', ';'),
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
);
const header = fc.oneof(
  { weight: 4, arbitrary: fc.constant(AUTH) },
  fc.array(directive, { minLength: 1, maxLength: 4 }).map((parts) => `${FAULT_HEADER}: ${parts.join('; ')}`),
  fc.constantFrom('x-auth-email: a@example.com', 'x-auth-key: k', 'authorization: Bearer', 'content-length: 5'),
  fc.constantFrom('transfer-encoding: chunked', 'content-length: x', 'host:', 'expect: 100-continue'),
  fc
    .tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/), fc.string({ unit: 'binary', maxLength: 30 }))
    .map(([name, value]) => `${name}: ${value}`),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }),
);
/** Half hostile, half what a client might send: a recorded path, credentials and a valid fault. */
const request = fc.oneof(
  fc.record({ method, target, headers: fc.array(header, { maxLength: 4 }) }),
  fc.record({
    method: fc.constantFrom('GET', 'HEAD'),
    target: fc
      .tuple(fc.constantFrom(...recordings.map((r) => r.recording)), fc.boolean())
      .map(([{ request: r }, withQuery]) =>
        withQuery && r.query.length > 0 ? `/client/v4${r.path}?${new URLSearchParams(r.query)}` : `/client/v4${r.path}`,
      ),
    headers: fc
      .option(fc.constantFrom('reset', 'truncate', 'status=503', 'use=rate-limited', 'delay=20', 'times=1; id=f'))
      .map((fault) => (fault === null ? [AUTH] : [AUTH, `${FAULT_HEADER}: ${fault}`])),
  }),
);

describe('fuzz: raw requests', () => {
  const RUNS = 400;

  it(`answers ${RUNS} generated methods, targets and headers within ${BOUND_MS} ms and stays up`, async () => {
    const outcomes = new Map<string, number>();
    let tried = 0;
    let failures = 0;
    try {
      await fc.assert(
        fc.asyncProperty(request, async ({ method: m, target: t, headers }) => {
          tried += 1;
          const text = `${m} ${t} HTTP/1.1\r\nhost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
          const { status, received } = await raw(server.port, Buffer.from(text, 'utf8'), BOUND_MS);
          const outcome = typeof status === 'number' ? `${String(status)[0]}xx` : status;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          // A 500 of its own (no recording named) means handling the request threw.
          const internal = status === 500 && /\r\nx-replay-recording: /i.test(received) === false;
          const ok =
            !internal && (status === 'closed' || (typeof status === 'number' && status >= 100 && status < 600));
          if (!ok) failures += 1;
          return ok;
        }),
        { numRuns: RUNS, seed },
      );
    } finally {
      console.log(
        `fuzz raw requests (seed ${seed}): ${tried} inputs tried, ${failures} failures; ` +
          [...outcomes]
            .sort()
            .map(([k, n]) => `${k} ${n}`)
            .join(', '),
      );
    }
    expect(failures).toBe(0);
    const health = await fetch(`${server.url}${recordings[0]?.recording.request.path ?? '/'}`, {
      headers: { authorization: 'Bearer fuzz-token' },
    });
    expect(health.status).toBeLessThan(600);
    expect(health.headers.get('x-replay-recording')).not.toBeNull();
  });
});

describe('fuzz: variations of the recorded requests', () => {
  const RUNS = 300;
  const spec = loadSpec();
  const ENVELOPE = '#/components/schemas/ApiErrorResponse';

  /** A recorded request as it is, or with one pair dropped, one added, or one path segment changed. */
  const variation = fc
    .record({
      entry: fc.constantFrom(...recordings),
      change: fc.oneof(
        { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
        fc.nat().map((at) => ({ kind: 'drop' as const, at })),
        fc.tuple(fc.webSegment(), fc.webSegment()).map((pair) => ({ kind: 'add' as const, pair })),
        fc.tuple(fc.nat(), fc.webSegment()).map(([at, value]) => ({ kind: 'swap' as const, at, value })),
      ),
      encode: fc.boolean(),
    })
    .map(({ entry, change, encode }) => {
      const { query, path } = entry.recording.request;
      const pairs =
        change.kind === 'drop' && query.length > 0
          ? query.filter((_, i) => i !== change.at % query.length)
          : [...query];
      if (change.kind === 'add') pairs.push(change.pair);
      const segments = path.split('/');
      if (change.kind === 'swap') segments[1 + (change.at % (segments.length - 1))] = change.value;
      // Percent-encoding an unreserved character changes nothing (RFC 3986 section 2.3): it must match alike.
      const sent = encode ? segments.map((s) => s.replaceAll('_', '%5F')).join('/') : segments.join('/');
      const search = new URLSearchParams(pairs).toString();
      return { entry, unchanged: change.kind === 'none', path: sent, search };
    });

  it(`answers ${RUNS} variations with their recording or a 404 that conforms to the spec`, async () => {
    let tried = 0;
    let failures = 0;
    let recorded = 0;
    let notFound = 0;
    try {
      await fc.assert(
        fc.asyncProperty(variation, async ({ entry, unchanged, path, search }) => {
          tried += 1;
          const response = await fetch(`${server.url}${path}${search ? `?${search}` : ''}`, {
            headers: { authorization: 'Bearer fuzz-token' },
            signal: AbortSignal.timeout(BOUND_MS),
          });
          const file = response.headers.get('x-replay-recording');
          const text = await response.text();
          let ok: boolean;
          if (file !== 'none' && file !== null) {
            recorded += 1;
            ok = !unchanged || file === entry.file;
          } else {
            notFound += 1;
            ok = [400, 404].includes(response.status) && spec.validate(ENVELOPE, JSON.parse(text)).length === 0;
            // The recorded request itself, however encoded, must find its recording.
            if (unchanged) ok = false;
          }
          if (!ok) failures += 1;
          return ok;
        }),
        { numRuns: RUNS, seed },
      );
    } finally {
      console.log(
        `fuzz recorded-request variations (seed ${seed}): ${tried} inputs tried, ${failures} failures; ` +
          `${recorded} answered from a recording, ${notFound} answered 400/404`,
      );
    }
    expect(failures).toBe(0);
  });
});

describe('fuzz: afterwards', () => {
  it('leaves no unhandled rejection, and no socket or timer once the server is closed', async () => {
    await server.close();
    await leaks.expectNone();
  });
});
