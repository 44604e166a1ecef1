// `npm run bench:build`: how long the spec-edit loop takes, measured in one run on this machine.
//   1. a no-op build, everything replayed from turbo's cache;
//   2. a one-enum spec edit, through lint, bundle, generated types, client and docs;
// five times each, reporting the medians.
// The edit goes into a real spec file and is undone afterwards (also on Ctrl-C); the benchmark refuses
// to start while that file has uncommitted changes, so nothing written by hand can be lost.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { build, failureLines, root } from './turbo-build.ts';

const RUNS = 5;
const GOAL_CACHED_MS = 1500;
const GOAL_EDIT_MS = 5000;
const target = join(root, 'openapi', 'components', 'schemas', 'DnsTransportProtocol.yaml');
const generated = join(root, 'packages', 'client', 'src', 'generated', 'schema.ts');
const docsPage = join(root, 'packages', 'docs', 'dist', 'index.html');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const ms = (value: number) => `${Math.round(value)} ms`;

function fail(message: string, fix?: string): never {
  console.log(`✘ ${message}`);
  if (fix !== undefined) console.log(`  fix: ${fix}`);
  process.exit(1);
}

const dirty = execFileSync('git', ['status', '--porcelain', '--', target], { cwd: root, encoding: 'utf8' });
if (dirty.trim() !== '') {
  fail(`${relative(root, target)} has uncommitted changes; the benchmark edits it and would undo them`, 'git stash');
}
const original = readFileSync(target, 'utf8');
// Taken before the benchmark adds its own load.
const loadBefore = (loadavg()[0] ?? 0).toFixed(1);
const restore = () => writeFileSync(target, original);
process.on('SIGINT', () => {
  restore();
  process.exit(130);
});

const warm = await build();
if (!warm.ok) {
  for (const line of failureLines(warm.output)) console.log(`  ${line}`);
  fail('the build fails before any edit', 'npm run build');
}

const cached: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const run = await build();
  if (!run.ok || run.cached !== run.total)
    fail(`no-op build ${i + 1} was not fully cached (${run.cached}/${run.total})`);
  cached.push(run.ms);
}
console.log(`✔ no-op build, fully cached: median ${ms(median(cached))} of ${RUNS} (${cached.map(ms).join(', ')})`);

const edited: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    // A new value each time, so that no run can be replayed from the cache.
    const value = `BENCH${Date.now().toString(36).toUpperCase()}${i}`;
    writeFileSync(target, `${original.trimEnd()}\n  - ${value}\n`);
    const run = await build();
    if (!run.ok) {
      for (const line of failureLines(run.output)) console.log(`  ${line}`);
      fail(`build after the edit failed (run ${i + 1})`);
    }
    if (!readFileSync(generated, 'utf8').includes(`"${value}"`)) fail(`the generated types lack ${value}`);
    if (!readFileSync(docsPage, 'utf8').includes(value)) fail(`the docs page lacks ${value}`);
    edited.push(run.ms);
  }
} finally {
  restore();
}
console.log(
  `✔ one enum value added, types and docs rebuilt: median ${ms(median(edited))} of ${RUNS} (${edited.map(ms).join(', ')})`,
);

// Put the outputs back as they were (a cache hit on the original spec).
const back = await build();
if (!back.ok) fail('rebuilding the restored spec failed', 'npm run build');

const cachedOk = median(cached) < GOAL_CACHED_MS;
const editOk = median(edited) < GOAL_EDIT_MS;
console.log(
  `${cachedOk && editOk ? '✔' : '✘'} goals: cached ${ms(median(cached))} < ${ms(GOAL_CACHED_MS)} ${cachedOk ? 'met' : 'missed'}, ` +
    `edit ${ms(median(edited))} < ${ms(GOAL_EDIT_MS)} ${editOk ? 'met' : 'missed'} ` +
    `(${process.platform}, ${process.arch}, Node ${process.versions.node}, load average ${loadBefore} before the run: ` +
    'other work on the machine slows every figure)',
);
