import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { enrichSpec } from '../src/enrich.ts';
import { curlQueries } from '../src/queries.ts';
import { type OpenApiDocument, operationsOf } from '../src/spec.ts';

const bundlePath = fileURLToPath(import.meta.resolve('@cf-radar/openapi/openapi.json'));
const bundle: OpenApiDocument = JSON.parse(await readFile(bundlePath, 'utf8'));
const samplesDir = fileURLToPath(new URL('../samples', import.meta.url));
const samples = new Map(
  await Promise.all(
    (await readdir(samplesDir)).map(
      async (file) => [basename(file, '.ts'), await readFile(join(samplesDir, file), 'utf8')] as const,
    ),
  ),
);
const guide = '# Getting started\n\nInstall it.';

function operation(spec: OpenApiDocument, operationId: string) {
  const found = operationsOf(spec).find((ref) => ref.operation.operationId === operationId);
  if (found === undefined) throw new Error(`no operation ${operationId}`);
  return found.operation;
}

describe('enrichSpec on the bundled spec', () => {
  const { spec, problems } = enrichSpec(bundle, { samples, queries: curlQueries, guide });

  it('finds no problems', () => {
    expect(problems).toEqual([]);
  });

  it.each(
    operationsOf(bundle).map(({ operation: { operationId = '' } }) => ({ description: operationId, operationId })),
  )('$description gets the TypeScript sample from its file, then a curl sample', ({ operationId }) => {
    const codeSamples = operation(spec, operationId)['x-codeSamples'] ?? [];
    expect(codeSamples.map(({ label }) => label)).toEqual(['TypeScript', 'curl']);
    expect(codeSamples[0]?.source).toBe(samples.get(operationId));
    expect(codeSamples[1]?.source).toMatch(/^curl --get 'https:\/\/api\.cloudflare\.com\/client\/v4\/radar\//);
  });

  it.each([
    { description: 'email TLS version', operationId: 'getEmailSecuritySummaryByTlsVersion' },
    { description: 'DNS matching answer', operationId: 'getDnsTimeseriesGroupsByMatchingAnswer' },
  ])('$description opens with a link to its replacement', ({ operationId }) => {
    const { description = '', 'x-replaced-by': replacement } = operation(spec, operationId);
    expect(description.split('\n')[0]).toBe(
      `> **Deprecated: use [${replacement?.description}](${replacement?.url}) instead** (\`GET ${replacement?.path}\`).`,
    );
  });

  it('leaves the description of a current operation alone', () => {
    expect(operation(spec, 'getTcpResetsTimeoutsSummary').description).toBe(
      operation(bundle, 'getTcpResetsTimeoutsSummary').description,
    );
  });

  it("appends the guide to the spec's introduction", () => {
    expect(spec.info.description).toBe(`${bundle.info.description?.trimEnd()}\n\n${guide}`);
  });

  it('does not change the bundle it was given', () => {
    expect(operation(bundle, 'getTcpResetsTimeoutsSummary')['x-codeSamples']).toBeUndefined();
  });
});

describe('enrichSpec problems', () => {
  const without = (id: string) => new Map([...samples].filter(([key]) => key !== id));

  it.each([
    {
      description: 'a missing sample names the file to write',
      samples: without('getTcpResetsTimeoutsSummary'),
      queries: curlQueries,
      expected: [
        'samples/getTcpResetsTimeoutsSummary.ts: missing; write a TypeScript sample of GET /radar/tcp_resets_timeouts/summary',
      ],
    },
    {
      description: 'a sample for no operation',
      samples: new Map([...samples, ['getNothing', '']]),
      queries: curlQueries,
      expected: ['samples/getNothing.ts: no operation has operationId "getNothing"; rename or delete it'],
    },
    {
      description: 'a curl query with an unknown parameter',
      samples,
      queries: { ...curlQueries, getTcpResetsTimeoutsSummary: [['aggInterval', '1h']] as const },
      expected: [
        'src/queries.ts: getTcpResetsTimeoutsSummary aggInterval: no such parameter on GET /radar/tcp_resets_timeouts/summary',
      ],
    },
    {
      description: 'a curl query value the schema rejects',
      samples,
      queries: { ...curlQueries, getTcpResetsTimeoutsSummary: [['dateRange', '8x']] as const },
      expected: [
        expect.stringMatching(
          /^src\/queries\.ts: getTcpResetsTimeoutsSummary dateRange: \["8x"\] at \/0 must match pattern/,
        ),
      ],
    },
    {
      description: 'a scalar parameter given twice',
      samples,
      queries: {
        ...curlQueries,
        getDnsTimeseriesGroupsByMatchingAnswer: [
          ['aggInterval', '1h'],
          ['aggInterval', '1d'],
        ] as const,
      },
      expected: [
        'src/queries.ts: getDnsTimeseriesGroupsByMatchingAnswer aggInterval: given 2 times, but #/components/parameters/AggInterval is not an array',
      ],
    },
  ])('$description', ({ samples: given, queries, expected }) => {
    expect(enrichSpec(bundle, { samples: given, queries, guide }).problems).toEqual(expected);
  });
});
