// The spec zoo: a fixture spec holding every parameter shape the generator claims to serve (path,
// query and header parameters; string, integer, number and boolean, arrays of each; enums, patterns,
// formats, lengths, bounds, multipleOf, item counts; required and optional; a path with two templated
// segments; an operationId that is no identifier; an operation without examples). A client is
// generated from it into a copy of the client's source, compiled, type-checked against a consumer and
// driven against a loopback server: nothing in the client names any of these operations.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../scripts/generate.js';

const require = createRequire(import.meta.url);
const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = require.resolve('typescript/bin/tsc');

const string = (extra: object = {}) => ({ type: 'string', ...extra });
const param = (name: string, location: string, schema: object, extra: object = {}) => ({
  name,
  in: location,
  description: `The ${name} parameter of the zoo.`,
  schema,
  ...extra,
});
const ok = (example?: object) => ({
  '200': {
    description: 'OK',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: {
            success: { type: 'boolean' },
            result: {
              type: 'object',
              properties: { meta: { type: 'object', properties: { count: { type: 'integer' } } } },
              additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
        },
        ...(example && { examples: { first: { value: example } } }),
      },
      'text/csv': { schema: { type: 'string' } },
    },
  },
});

const zoo = {
  openapi: '3.1.0',
  info: { title: 'Zoo', version: '1.0.0' },
  paths: {
    '/zoo/{group}/items/{itemId}': {
      parameters: [param('group', 'path', string({ enum: ['alpha', 'beta gamma'] }), { required: true })],
      get: {
        operationId: 'zoo.get-item',
        'x-client-method': 'zoo.items.get',
        parameters: [
          param('itemId', 'path', { type: 'integer', minimum: 1 }, { required: true }),
          param('limit', 'query', { type: 'integer', minimum: 2, maximum: 100 }, { required: true }),
          param('ratio', 'query', { type: 'number', exclusiveMinimum: 0, maximum: 1, multipleOf: 0.05 }),
          param('flag', 'query', { type: 'boolean' }),
          param('format', 'query', string({ enum: ['JSON', 'CSV'] })),
          param('tags', 'query', { type: 'array', items: string({ pattern: '^[a-z]+$' }), minItems: 1, maxItems: 3 }),
          param('ids', 'query', { type: 'array', items: { type: 'integer', maximum: 9 } }),
          param('flags', 'query', { type: 'array', items: { type: 'boolean' } }),
          param('since', 'query', string({ format: 'date-time' })),
          param('code', 'query', string({ minLength: 2, maxLength: 3 })),
          param('pair', 'query', { type: 'array', items: string() }, { explode: false }),
          param('X-Trace', 'header', string({ pattern: '^[a-f0-9]+$' })),
          param('X-Sizes', 'header', { type: 'array', items: { type: 'number' } }),
        ],
        responses: ok(),
      },
    },
    '/zoo/files/{name}': {
      get: {
        operationId: 'getFile',
        'x-client-method': 'zoo.files.get',
        parameters: [param('name', 'path', string(), { required: true })],
        responses: ok(),
      },
    },
    '/zoo/ping': {
      get: {
        operationId: 'ping',
        'x-client-method': 'zoo.ping',
        deprecated: true,
        'x-replaced-by': { operationId: 'zoo.get-item', parameters: { group: 'alpha' }, description: 'Get item' },
        responses: ok({ success: true, result: { meta: {}, only: {} } }),
      },
    },
  },
};

mkdirSync(join(pkg, 'node_modules', '.cache'), { recursive: true });
const root = mkdtempSync(join(pkg, 'node_modules', '.cache', 'zoo-'));
let server: Server;
let baseUrl: string;
const seen: IncomingMessage[] = [];
type Zoo = Record<string, (...args: unknown[]) => Promise<unknown>> & {
  createRadarClient: (options: object) => {
    zoo: {
      items: { get: (...args: unknown[]) => Promise<unknown> };
      files: { get: (...args: unknown[]) => Promise<unknown> };
      ping: (...args: unknown[]) => Promise<unknown>;
    };
  };
  createRadarCore: (options: object) => unknown;
  RadarValidationError: new () => Error;
};
let built: Zoo;

beforeAll(async () => {
  mkdirSync(join(root, 'src'), { recursive: true });
  cpSync(join(pkg, 'src'), join(root, 'src'), { recursive: true, filter: (source) => !source.includes('generated') });
  writeFileSync(join(root, 'zoo.json'), JSON.stringify(zoo));
  await generate(join(root, 'zoo.json'), join(root, 'src', 'generated'));
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({
      extends: join(pkg, '..', '..', 'tsconfig.base.json'),
      compilerOptions: { outDir: 'dist', rootDir: '.', types: ['node'], declaration: false },
      include: ['src', 'consumer.ts'],
    }),
  );
  // What a consumer may and may not write: each @ts-expect-error must meet an error, or tsc fails.
  writeFileSync(
    join(root, 'consumer.ts'),
    `import { createRadarClient, createRadarCore, zooGetItem, ping } from './src/index.js';
const client = createRadarClient({ apiToken: 't', baseUrl: 'http://127.0.0.1:1' });
export const calls = [
  client.zoo.items.get('alpha', 1, { limit: 2 }),
  client.zoo.items.get('beta gamma', 7, { limit: 5, tags: ['a'], 'X-Trace': 'ab', 'X-Sizes': [1.5] }),
  zooGetItem(createRadarCore({ apiToken: 't' }), 'alpha', 2, { limit: 3, pair: ['x', 'y'] }),
  client.zoo.ping(),
  ping(createRadarCore({ apiToken: 't' })),
];
export const text: Promise<string> = client.zoo.items.get('alpha', 1, { limit: 2, format: 'CSV' });
export const only = ping(createRadarCore({ apiToken: 't' })).then((result) => result.only);
// @ts-expect-error a group the path enum does not list
client.zoo.items.get('delta', 1, { limit: 2 });
// @ts-expect-error an item id that is no number
client.zoo.items.get('alpha', '1', { limit: 2 });
// @ts-expect-error the required query is left out
client.zoo.items.get('alpha', 1);
// @ts-expect-error the required limit is left out
client.zoo.items.get('alpha', 1, { flag: true });
// @ts-expect-error a boolean where an integer goes
client.zoo.items.get('alpha', 1, { limit: true });
// @ts-expect-error an unknown parameter
client.zoo.items.get('alpha', 1, { limit: 2, limt: 3 });
`,
  );
  const compiled = spawnSync(process.execPath, [tsc, '-p', root], { encoding: 'utf8' });
  if (compiled.status !== 0) throw new Error(`the zoo client does not compile:\n${compiled.stdout}${compiled.stderr}`);

  server = createServer((request, response) => {
    seen.push(request);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ success: true, errors: [], messages: [], result: { meta: {}, serie_0: {} } }));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  built = (await import(pathToFileURL(join(root, 'dist', 'src', 'index.js')).href)) as Zoo;
}, 120_000);

afterAll(() => {
  server?.close();
  rmSync(root, { recursive: true, force: true });
});

const client = () => built.createRadarClient({ apiToken: 'zoo-token', baseUrl, deprecationWarnings: false });

describe('a client generated from the spec zoo', () => {
  it('fills both templated segments, sends every query type and the header parameters', async () => {
    seen.length = 0;
    await client().zoo.items.get('beta gamma', 7, {
      limit: 5,
      ratio: 0.35,
      flag: false,
      tags: ['a', 'b'],
      ids: [1, 2],
      flags: [true, false],
      since: '2024-02-29T23:59:59Z',
      code: 'abc',
      pair: ['x', 'y,z'],
      'X-Trace': 'c0ffee',
      'X-Sizes': [1.5, 2],
    });
    const [request] = seen;
    expect(request?.url).toBe(
      '/zoo/beta%20gamma/items/7?limit=5&ratio=0.35&flag=false&tags=a&tags=b&ids=1&ids=2&flags=true&flags=false&since=2024-02-29T23%3A59%3A59Z&code=abc&pair=x,y%2Cz',
    );
    expect(request?.headers['x-trace']).toBe('c0ffee');
    expect(request?.headers['x-sizes']).toBe('1.5,2');
    expect(request?.headers.authorization).toBe('Bearer zoo-token');
  });

  it('names the function by the operationId made an identifier, over a core', async () => {
    seen.length = 0;
    const core = built.createRadarCore({ apiToken: 'zoo-token', baseUrl });
    await built.zooGetItem?.(core, 'alpha', 3, { limit: 2 });
    expect(seen[0]?.url).toBe('/zoo/alpha/items/3?limit=2');
  });

  it('calls an operation without parameters or examples of its own, and asks for text by the spec', async () => {
    seen.length = 0;
    await client().zoo.ping();
    await client()
      .zoo.items.get('alpha', 1, { limit: 2, format: 'CSV' })
      .catch(() => undefined);
    expect(seen.map((request) => [request.url, request.headers.accept])).toEqual([
      ['/zoo/ping', 'application/json'],
      ['/zoo/alpha/items/1?limit=2&format=CSV', 'text/csv'],
    ]);
  });

  it.each([
    {
      description: 'a group outside the enum',
      args: ['delta', 1, { limit: 2 }],
      message: 'group: "delta" is not one of alpha, beta gamma',
    },
    {
      description: 'an item id that is a string',
      args: ['alpha', '1', { limit: 2 }],
      message: 'itemId: "1" is not an integer',
    },
    {
      description: 'an item id below its minimum',
      args: ['alpha', 0, { limit: 2 }],
      message: 'itemId: 0 is less than the minimum 1',
    },
    {
      description: 'a missing required query parameter',
      args: ['alpha', 1, {}],
      message: 'limit: missing; it is required',
    },
    { description: 'a missing query object', args: ['alpha', 1], message: 'limit: missing; it is required' },
    {
      description: 'a fraction for an integer',
      args: ['alpha', 1, { limit: 2.5 }],
      message: 'limit: 2.5 is not an integer',
    },
    {
      description: 'a number over its maximum',
      args: ['alpha', 1, { limit: 101 }],
      message: 'limit: 101 is more than the maximum 100',
    },
    {
      description: 'an exclusive minimum',
      args: ['alpha', 1, { limit: 2, ratio: 0 }],
      message: 'ratio: 0 is not more than 0',
    },
    {
      description: 'not a multiple',
      args: ['alpha', 1, { limit: 2, ratio: 0.33 }],
      message: 'ratio: 0.33 is not a multiple of 0.05',
    },
    {
      description: 'not a number',
      args: ['alpha', 1, { limit: 2, ratio: Number.NaN }],
      message: 'ratio: NaN is not a finite number',
    },
    {
      description: 'a string for a boolean',
      args: ['alpha', 1, { limit: 2, flag: 'yes' }],
      message: 'flag: "yes" is not a boolean',
    },
    {
      description: 'an item against the pattern',
      args: ['alpha', 1, { limit: 2, tags: ['A'] }],
      message: 'tags[0]: "A" is not allowed',
    },
    { description: 'too few items', args: ['alpha', 1, { limit: 2, tags: [] }], message: 'tags: fewer than 1 items' },
    {
      description: 'too many items',
      args: ['alpha', 1, { limit: 2, tags: ['a', 'b', 'c', 'd'] }],
      message: 'tags: more than 3 items',
    },
    {
      description: 'an integer item over its maximum',
      args: ['alpha', 1, { limit: 2, ids: [10] }],
      message: 'ids[0]: 10 is more than the maximum 9',
    },
    {
      description: 'an impossible date',
      args: ['alpha', 1, { limit: 2, since: '2023-02-29T00:00:00Z' }],
      message: 'since: "2023-02-29T00:00:00Z" is not an RFC 3339 date-time',
    },
    {
      description: 'a short string',
      args: ['alpha', 1, { limit: 2, code: 'a' }],
      message: 'code: "a" is shorter than 2 characters',
    },
    {
      description: 'a header value against its pattern',
      args: ['alpha', 1, { limit: 2, 'X-Trace': 'xyz' }],
      message: 'X-Trace: "xyz" is not allowed',
    },
    {
      description: 'a header value with a line break',
      args: ['alpha', 1, { limit: 2, 'X-Sizes': ['1\n'] }],
      message: 'X-Sizes[0]: "1\\n" is not a finite number',
    },
  ])('refuses $description before any request, naming parameter, value and rule', async ({ args, message }) => {
    seen.length = 0;
    const error = await client()
      .zoo.items.get(...args)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(built.RadarValidationError);
    expect((error as Error).message).toContain('GET /zoo/{group}/items/{itemId}: ');
    expect((error as Error).message).toContain(message);
    expect(seen).toHaveLength(0);
  });

  it('percent-encodes a free-form path value into one segment', async () => {
    seen.length = 0;
    for (const name of ['a.b', '.hidden', '...', 'x/y', '%2e', '?#']) await client().zoo.files.get(name);
    expect(seen.map((request) => request.url)).toEqual([
      '/zoo/files/a.b',
      '/zoo/files/.hidden',
      '/zoo/files/...',
      '/zoo/files/x%2Fy',
      '/zoo/files/%252e',
      '/zoo/files/%3F%23',
    ]);
  });

  // URLs drop `.` and `..` segments (written `%2E` too), and an empty one names another path.
  it.each(['.', '..', ''])('refuses the path value %j, which would reach another path', async (name) => {
    seen.length = 0;
    const error = await client()
      .zoo.files.get(name)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(built.RadarValidationError);
    expect((error as Error).message).toContain(`name: ${JSON.stringify(name)} cannot be a path segment`);
    expect(seen).toHaveLength(0);
  });

  it('warns for a deprecated operation with the exact replacement call, with its fixed path value', async () => {
    const { createRadarClient } = built;
    const warnings: string[] = [];
    const listener = (warning: Error): void => {
      warnings.push(warning.message);
    };
    process.on('warning', listener);
    await createRadarClient({ apiToken: 't', baseUrl }).zoo.ping();
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', listener);
    expect(warnings).toEqual([
      "GET /zoo/ping is deprecated; use client.zoo.items.get('alpha', itemId, query) or zooGetItem(core, 'alpha', itemId, query) (GET /zoo/{group}/items/{itemId}) instead",
    ]);
  });
});
