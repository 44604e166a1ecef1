// Edits a private copy of the spec (never openapi/ itself) and watches the site follow it.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDir } from '../src/site.ts';
import { type Rebuilder, watchAndRebuild } from '../src/watch.ts';

const repoRoot = join(packageDir, '..', '..');
const pathFile = 'paths/radar_tcp_resets_timeouts_summary.yaml';
let work: string;
let rebuilder: Rebuilder;
type Outcome = { built: true } | { built: false; message: string };
const waiting: ((outcome: Outcome) => void)[] = [];
const outcomes: Outcome[] = [];

function report(outcome: Outcome): void {
  outcomes.push(outcome);
  for (const resolve of waiting.splice(0)) resolve(outcome);
}

/** The next build outcome after now; the test timeout bounds the wait. */
function nextOutcome(): Promise<Outcome> {
  return new Promise((resolve) => waiting.push(resolve));
}

async function summary(): Promise<string | undefined> {
  const spec = JSON.parse(await readFile(join(work, 'site', 'openapi.json'), 'utf8'));
  return spec.paths['/radar/tcp_resets_timeouts/summary'].get.summary;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'cf-radar-docs-watch-'));
  const spec = join(work, 'spec');
  for (const entry of ['radar.yaml', 'paths', 'components']) {
    await cp(join(repoRoot, 'openapi', entry), join(spec, entry), { recursive: true });
  }
  rebuilder = watchAndRebuild({
    specRoot: join(spec, 'radar.yaml'),
    redoclyConfig: join(repoRoot, 'redocly.yaml'),
    watchDirs: [spec],
    outDir: join(work, 'site'),
    debounceMs: 50,
    onBuilt: () => report({ built: true }),
    onFailed: (error) => report({ built: false, message: error.message }),
  });
  await rebuilder.ready;
});

afterAll(async () => {
  await rebuilder?.close();
  await rm(work, { recursive: true, force: true });
});

describe('watchAndRebuild', () => {
  it('builds the site once at start', async () => {
    expect(outcomes).toEqual([{ built: true }]);
    expect(await summary()).toBe('Get TCP resets and timeouts summary');
  });

  it('rebuilds when a spec file changes', async () => {
    const file = join(work, 'spec', pathFile);
    const next = nextOutcome();
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('summary: Get TCP resets', 'summary: Fetch TCP resets'),
    );
    expect(await next).toEqual({ built: true });
    expect(await summary()).toBe('Fetch TCP resets and timeouts summary');
  });

  it('reports a broken spec and keeps serving the last good site', async () => {
    const next = nextOutcome();
    await writeFile(join(work, 'spec', pathFile), 'get: [unclosed\n');
    const outcome = await next;
    expect(outcome.built).toBe(false);
    expect(outcome.built === false && outcome.message).toMatch(/redocly bundle .* exited with 1/);
    expect(await summary()).toBe('Fetch TCP resets and timeouts summary');
  });
});
