// One describe per runtime, one test per check, so that the summary counts runtime × check and a
// failure names both. The runtime runs the whole scenario once, before its tests read the report.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type FakeApi, type FakeApiOptions, startFakeApi } from '../src/fake-api.js';
import { REPO_ROOT } from '../src/install.js';
import type { Report, ScenarioConfig } from '../src/runners.js';
import { expectations } from './expectations.js';

export const SPEC_FILE = join(REPO_ROOT, 'openapi', 'dist', 'openapi.json');

/** One run of the scenario in a runtime: which checks, and how to run them. */
export interface MatrixRun {
  /** Test group name: the runtime and, where it matters, how it was started. */
  name: string;
  checks: string[];
  produce(config: ScenarioConfig, api: FakeApi): Promise<Report>;
}

/** Starts one fake API for the file and defines the tests of each run against it. */
export function defineMatrix(runs: MatrixRun[], options: Omit<FakeApiOptions, 'specFile'> = {}): void {
  let api: FakeApi | undefined;
  beforeAll(async () => {
    api = await startFakeApi({ specFile: SPEC_FILE, ...options });
  });
  afterAll(() => api?.close());

  for (const matrixRun of runs) {
    describe(matrixRun.name, () => {
      const run = matrixRun.name.replace(/[^a-z0-9]+/gi, '-');
      let report: Report | undefined;
      // Kept and thrown by every test, so that a runtime that is missing or crashed fails each of its
      // checks with the reason (and the install command), rather than leaving them skipped.
      let failure: unknown;
      beforeAll(async () => {
        try {
          if (!api) throw new Error('the fake API did not start');
          const { origin, crossOrigin, proxyOrigin, closedOrigin } = api;
          const config = { origin, crossOrigin, proxyOrigin, closedOrigin, run, checks: matrixRun.checks };
          report = await matrixRun.produce(config, api);
        } catch (error) {
          failure = error;
        }
      }, 240_000);

      it.each(matrixRun.checks)('%s', (check) => {
        if (failure) throw failure;
        if (!report || !api) throw new Error(`${matrixRun.name} produced no report`);
        const observation = report.results[check];
        if (!observation) throw new Error(`${matrixRun.name}: the scenario reported nothing for ${check}`);
        const expectation = expectations[check];
        if (!expectation) throw new Error(`no expectation for ${check} in test/expectations.ts`);
        expectation(observation, { requests: api.requests(run, check), warnings: report.warnings });
      });
    });
  }
}
