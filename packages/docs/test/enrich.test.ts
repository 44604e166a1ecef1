import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { enrichSpec } from '../src/enrich.ts';
import { type OpenApiDocument, type Operation, operationsOf } from '../src/spec.ts';

const bundlePath = fileURLToPath(import.meta.resolve('@cf-radar/openapi/openapi.json'));
const bundle: OpenApiDocument = JSON.parse(await readFile(bundlePath, 'utf8'));
const guide = '# Getting started\n\nInstall it.';

/** A spec of its own: a current operation with a path parameter and a header, and a deprecated one it replaces. */
function zoo(): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: { title: 'Zoo', description: 'Intro.' },
    servers: [{ url: 'https://api.example.test/v1/' }],
    paths: {
      '/things/{kind}/{id}': {
        get: {
          operationId: 'getThing',
          'x-client-method': 'things.byKind',
          description: 'Gets a thing.',
          externalDocs: { description: 'Upstream page', url: 'https://docs.example.test/things' },
          parameters: [
            { name: 'id', in: 'path', required: true, schema: { type: 'integer' }, example: 7 },
            { $ref: '#/components/parameters/Kind' },
            { name: 'x-trace', in: 'header', required: true, schema: { type: 'string', enum: ['on', 'off'] } },
            { name: 'format', in: 'query', schema: { $ref: '#/components/schemas/Format' }, example: 'JSON' },
            { name: 'tags', in: 'query', schema: { type: 'array', items: { type: 'string' } }, example: ["it's"] },
            { name: 'limit', in: 'query', schema: { type: 'integer' }, example: 5 },
            { name: 'never', in: 'query', schema: { type: 'string' }, example: 'third optional one' },
          ],
        },
      },
      '/things/old': {
        get: {
          operationId: 'getOldThing',
          'x-client-method': 'things.old',
          deprecated: true,
          description: 'Gets an old thing.\n\n**Deprecated.** Use the other one.\n\nMore text.',
          'x-replaced-by': {
            description: 'Things by kind',
            path: '/things/{kind}/{id}',
            url: 'https://docs.example.test/things',
            operationId: 'getThing',
            parameters: { kind: 'a b', id: 1 },
          },
        },
      },
    },
    components: {
      parameters: {
        Kind: { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: ['a b', 'c'] } },
      },
      schemas: { Format: { type: 'string', enum: ['JSON', 'CSV'], default: 'JSON' } },
    },
  };
}

function operation(spec: OpenApiDocument, operationId: string): Operation {
  const found = operationsOf(spec).find((ref) => ref.operation.operationId === operationId);
  if (found === undefined) throw new Error(`no operation ${operationId}`);
  return found.operation;
}

const sources = (spec: OpenApiDocument, id: string) =>
  Object.fromEntries((operation(spec, id)['x-codeSamples'] ?? []).map(({ label, source }) => [label, source]));

describe('enrichSpec on a spec with path, header and query parameters', () => {
  const { spec, problems } = enrichSpec(zoo(), { samples: new Map(), guide });

  it('finds no problems', () => {
    expect(problems).toEqual([]);
  });

  it('generates the TypeScript call: path values positionally in path order, then required headers and two optional queries', () => {
    expect(sources(spec, 'getThing').TypeScript?.split('\n')).toEqual([
      "import { createRadarClient } from '@cf-radar/client';",
      '',
      "const apiToken = process.env.CLOUDFLARE_API_TOKEN ?? '';",
      'const client = createRadarClient({ apiToken });',
      '',
      "const result = await client.things.byKind('a b', 7, {",
      "  tags: ['it\\'s'],",
      '  limit: 5,',
      "  'x-trace': 'on',",
      '});',
      'console.log(result);',
      '',
    ]);
  });

  it('generates the curl sample with the path filled and encoded, never a literal {name}', () => {
    expect(sources(spec, 'getThing').curl?.split('\n')).toEqual([
      "RADAR='https://api.example.test/v1'",
      'curl --get "$RADAR/things/a%20b/7" \\',
      `  --data-urlencode 'tags=it'\\''s' \\`,
      "  --data-urlencode 'limit=5' \\",
      "  --header 'x-trace: on' \\",
      '  --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN"',
    ]);
  });

  it('ends the description with the externalDocs link', () => {
    expect(operation(spec, 'getThing').description).toBe(
      'Gets a thing.\n\n[Upstream page](https://docs.example.test/things)',
    );
  });

  it('gives a deprecated operation one note naming the method to call, and drops its own deprecation paragraph', () => {
    expect(operation(spec, 'getOldThing').description).toBe(
      "> **Deprecated:** call `client.things.byKind('a b', 1, query)` instead, [Things by kind](https://docs.example.test/things) (`GET /things/{kind}/{id}`).\n\nGets an old thing.\n\nMore text.",
    );
  });

  it('uses a hand-written sample in place of the generated one', () => {
    const written = enrichSpec(zoo(), { samples: new Map([['getThing', 'hand-written;\n\n']]), guide }).spec;
    expect(sources(written, 'getThing').TypeScript).toBe('hand-written;\n');
  });

  it("appends the guide to the spec's introduction, and leaves the input alone", () => {
    const input = zoo();
    const out = enrichSpec(input, { samples: new Map(), guide }).spec;
    expect(out.info.description).toBe(`Intro.\n\n${guide}`);
    expect(input).toEqual(zoo());
  });
});

describe('enrichSpec problems', () => {
  function withChange(change: (spec: OpenApiDocument) => void): OpenApiDocument {
    const spec = zoo();
    change(spec);
    return spec;
  }
  const thing = (spec: OpenApiDocument) => operation(spec, 'getThing');

  it.each([
    {
      description: 'no x-client-method and no sample file',
      spec: withChange((spec) => {
        delete thing(spec)['x-client-method'];
      }),
      samples: new Map<string, string>(),
      expected: [
        'openapi: getThing has no x-client-method, so no TypeScript sample can be generated; add x-client-method to the operation, or write samples/getThing.ts',
        'openapi: getOldThing: x-replaced-by.operationId "getThing": that operation has no x-client-method',
      ],
    },
    {
      description: 'a required parameter with nothing to fill it with',
      spec: withChange((spec) => {
        thing(spec).parameters?.push({ name: 'region', in: 'query', required: true, schema: { type: 'string' } });
      }),
      samples: new Map<string, string>(),
      expected: [
        'openapi: getThing: required query parameter "region" has no example, enum or default to fill the sample with; add an example to it in openapi/',
      ],
    },
    {
      description: 'a replacement that names no operation',
      spec: withChange((spec) => {
        const replaced = operation(spec, 'getOldThing')['x-replaced-by'];
        if (replaced !== undefined) replaced.operationId = 'getNothing';
      }),
      samples: new Map<string, string>(),
      expected: ['openapi: getOldThing: x-replaced-by.operationId "getNothing" names no operation of the spec'],
    },
    {
      description: 'a replacement without a value for a path parameter',
      spec: withChange((spec) => {
        const replaced = operation(spec, 'getOldThing')['x-replaced-by'];
        if (replaced !== undefined) replaced.parameters = { id: 1 };
      }),
      samples: new Map<string, string>(),
      expected: [
        'openapi: getOldThing: x-replaced-by.operationId "getThing": x-replaced-by.parameters gives no value for {kind}',
      ],
    },
    {
      description: 'a sample for no operation',
      spec: zoo(),
      samples: new Map([['getNothing', '']]),
      expected: ['samples/getNothing.ts: no operation has operationId "getNothing"; rename or delete it'],
    },
  ])('$description', ({ spec, samples, expected }) => {
    expect(enrichSpec(spec, { samples, guide }).problems).toEqual(expected);
  });
});

describe('enrichSpec on the bundled spec', () => {
  it.each(
    operationsOf(bundle).map(({ operation: { operationId = '' } }) => ({ description: operationId, operationId })),
  )('$description gets a TypeScript and a curl sample with no {placeholder} left', ({ operationId }) => {
    const { spec } = enrichSpec(bundle, { samples: new Map([[operationId, 'sample;']]), guide });
    const codeSamples = operation(spec, operationId)['x-codeSamples'] ?? [];
    expect(codeSamples.map(({ label }) => label)).toEqual(['TypeScript', 'curl']);
    const [server, request] = codeSamples[1]?.source.split('\n') ?? [];
    expect(server).toBe("RADAR='https://api.cloudflare.com/client/v4'");
    expect(request).toMatch(/^curl --get "\$RADAR\/radar\/[^{}"]+" \\$/);
  });
});
