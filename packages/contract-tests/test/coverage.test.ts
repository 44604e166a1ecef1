// Coverage: every operation has recordings of 200 JSON, 200 CSV and each declared error status, and
// every parameter appears in at least one recorded request. Prints the table; fails below 100 %.
import { describe, expect, it } from 'vitest';
import { computeCoverage, formatCoverage } from '../src/coverage.js';
import { parseParams } from '../src/recorder.js';
import { readRecordings } from '../src/recording.js';
import { type BundledSpec, loadSpec, readBundle } from '../src/spec.js';

const spec = loadSpec();
const recordings = readRecordings();

describe('coverage', () => {
  it('is 100 % for the committed recordings', () => {
    const coverage = computeCoverage(spec, recordings);
    console.log(formatCoverage(coverage));
    expect(coverage.missing).toEqual([]);
    expect(coverage.percent).toBe(100);
  });

  it('has one column per declared status and per 200 media type', () => {
    expect(computeCoverage(spec, recordings).columns).toEqual([
      '200 JSON',
      '200 CSV',
      '400',
      '401',
      '403',
      '404',
      '422',
      '429',
      '5XX',
      '5XX HTML',
    ]);
  });

  it('takes its columns from the declared media types: no 5XX HTML column when 5XX declares no text/html', () => {
    const document: BundledSpec & { components: { responses?: Record<string, { content?: object }> } } = JSON.parse(
      JSON.stringify(readBundle()),
    );
    const content = document.components.responses?.ServerError?.content;
    if (content === undefined) throw new Error('#/components/responses/ServerError/content is missing');
    Reflect.deleteProperty(content, 'text/html');
    expect(computeCoverage(loadSpec(document), recordings).columns).not.toContain('5XX HTML');
  });

  it.each([
    {
      description: 'without the CSV recordings',
      keep: (file: string) => !file.endsWith('/csv.json'),
      missing:
        'getEmailSecuritySummaryByTlsVersion: no recording of 200 CSV; record one with: npm run record -- getEmailSecuritySummaryByTlsVersion csv format=CSV',
    },
    {
      description: 'without the 429 recordings',
      keep: (file: string) => !file.endsWith('/rate-limited.json'),
      missing:
        'getTcpResetsTimeoutsSummary: no recording of 429; record one with: npm run record -- getTcpResetsTimeoutsSummary rate-limited (while rate limited, or write the file by hand (meta.source hand-made))',
    },
    {
      description: 'without the 401 recordings',
      keep: (file: string) => !file.endsWith('/unauthorized.json'),
      missing:
        'getTcpResetsTimeoutsSummary: no recording of 401; record one with: CLOUDFLARE_API_TOKEN=not-a-valid-token npm run record -- getTcpResetsTimeoutsSummary unauthorized',
    },
    {
      description: 'without the HTML gateway pages',
      keep: (file: string) => !file.endsWith('/bad-gateway.json'),
      missing:
        "getDnsTimeseriesGroupsByMatchingAnswer: no recording of 5XX HTML; record one with: npm run record -- getDnsTimeseriesGroupsByMatchingAnswer bad-gateway (when Cloudflare's edge answers its HTML 502 page, or write the file by hand (meta.source hand-made))",
    },
    {
      description: 'without the one request that sends queryType',
      keep: (file: string) => file !== 'getDnsTimeseriesGroupsByMatchingAnswer/query-type.json',
      missing:
        'getDnsTimeseriesGroupsByMatchingAnswer: parameter queryType is in no recorded request; record one with: npm run record -- getDnsTimeseriesGroupsByMatchingAnswer query-type queryType=AAAA',
    },
    {
      description: 'without the one request of dimension=SPOOF, a path parameter value',
      keep: (file: string) => file !== 'getEmailSecuritySummaryByDimension/dimension-spoof.json',
      missing:
        'getEmailSecuritySummaryByDimension: path parameter value dimension=SPOOF is in no recorded request; record one with: npm run record -- getEmailSecuritySummaryByDimension dimension-spoof dimension=SPOOF',
    },
    {
      description: 'without the one request that sends limitPerGroup, an integer',
      keep: (file: string) => file !== 'getDnsTimeseriesGroupsByDimension/limit-per-group.json',
      missing:
        'getDnsTimeseriesGroupsByDimension: parameter limitPerGroup is in no recorded request; record one with: npm run record -- getDnsTimeseriesGroupsByDimension limit-per-group dimension=MATCHING_ANSWER limitPerGroup=5',
    },
  ])('falls below 100 % $description, naming what is missing and the command that records it', ({ keep, missing }) => {
    const coverage = computeCoverage(
      spec,
      recordings.filter((r) => keep(r.file)),
    );
    expect(coverage.missing).toContain(missing);
    expect(coverage.percent).toBeLessThan(100);
    expect(formatCoverage(coverage).split('\n')).toContain(`✘ ${missing}`);
  });

  it('prints for every possible gap a command the recorder accepts: a known operation and scenario, and parameters the spec declares with allowed values', () => {
    // With no recordings at all, every cell and parameter of every operation in the bundle is a gap.
    const { missing } = computeCoverage(spec, []);
    const cells = [...spec.operations.values()].reduce(
      (sum, op) => sum + op.parameters.length + [...op.responses.values()].reduce((n, media) => n + media.size, 0),
      0,
    );
    expect(missing.length).toBeGreaterThanOrEqual(cells);
    for (const line of missing) {
      const command = line.slice(line.indexOf('npm run record -- ')).replace(/ \(.*\)$/, '');
      // Words as a POSIX shell reads them: a value the printer had to quote ('X-Trace-Id=<value>') is one word.
      const words = (command.slice('npm run record -- '.length).match(/'[^']*'|\S+/g) ?? []).map((word) =>
        word.startsWith("'") ? word.slice(1, -1) : word,
      );
      const [operationId = '', scenario = '', ...params] = words;
      expect(spec.operations.has(operationId), line).toBe(true);
      expect(scenario, line).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(() => parseParams(spec, operationId, params), line).not.toThrow();
    }
  });
});
