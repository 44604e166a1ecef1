// `npm run dev`: watches the spec and rebuilds everything derived from it (bundle, generated types,
// client, docs) on every save. It starts with `npm run build` (turbo, mostly cached), then rebuilds in
// this one long-running process with the packages' own build code, which keeps openapi-typescript
// loaded and the client's compiler warm: a save costs the spec's lint and bundle plus well under a
// second, where a full `npm run build` pays for a dozen process starts. A save that breaks lint prints
// the problem and leaves the last good outputs in place: nothing downstream runs.
import { existsSync, readdirSync, statSync, watch } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSite, type SiteResult } from '@cf-radar/docs/src/site.ts';
import { clientBuilder } from '../packages/client/scripts/build.ts';
import { generate } from '../packages/client/scripts/generate.ts';
import { build, capture, failureLines, root } from './turbo-build.ts';

// Files the build itself writes, or that do not feed it.
const ignored = /(^|\/)(dist|node_modules|test|\.turbo)(\/|$)|~$|\.sw[a-z]$|(^|\/)(sed[A-Za-z0-9]{6}|4913|\.#.*)$/;
const bundle = join(root, 'openapi', 'dist', 'openapi.json');
const generated = join(root, 'packages', 'client', 'src', 'generated');
const buildClient = clientBuilder();

let running = false;
let queued: { reason: string; since: number } | undefined;
let timer: NodeJS.Timeout | undefined;
let firstChange: number | undefined;

const ms = (value: number) => `${Math.round(value)} ms`;

/** Runs the spec's own build (`openapi/scripts/build.js`: lint, then bundle into dist/). */
async function buildSpec(): Promise<{ ok: boolean; output: string }> {
  const { code, output } = await capture(process.execPath, ['scripts/build.js'], join(root, 'openapi'));
  return { ok: code === 0, output };
}

/** Times one step; a failure is its message lines, printed under the rebuild's line. */
async function step<T>(run: () => Promise<T>): Promise<{ ms: number; value?: T; problems?: string[] }> {
  const started = performance.now();
  try {
    const value = await run();
    return { ms: performance.now() - started, value };
  } catch (error) {
    // The steps' own failures (a bad bundle, a site that would reach the network); anything else is a bug.
    if (!(error instanceof Error)) throw error;
    return { ms: performance.now() - started, problems: error.message.split('\n') };
  }
}

async function rebuild(reason: string, since: number): Promise<void> {
  if (running) {
    queued = { reason, since: queued?.since ?? since };
    return;
  }
  running = true;
  const spec = await step(buildSpec);
  const specOk = spec.value?.ok === true;
  if (!specOk) {
    const lines = spec.problems ?? failureLines(spec.value?.output ?? '');
    console.log(
      `✘ ${reason}: spec lint or bundle failed (${ms(performance.now() - since)}); the last good outputs are kept`,
    );
    for (const line of lines) console.log(`  ${line}`);
  } else {
    // The docs render in a Redocly child process while this one generates and compiles the client.
    const docs = step<SiteResult>(() => buildSite({ bundlePath: bundle }));
    const types = await step(() => generate(bundle, generated));
    const client = types.problems === undefined ? buildClient() : undefined;
    const site = await docs;
    const problems = [
      ...(types.problems ?? []),
      ...(client === undefined || client.ok ? [] : client.problems.split('\n')),
      ...(site.problems ?? []),
    ];
    const timings = `spec ${ms(spec.ms)}, types ${ms(types.ms)}, client ${client ? ms(client.ms) : '–'}, docs ${ms(site.ms)}`;
    if (problems.length === 0) {
      console.log(`✔ ${reason}: spec, types, client and docs rebuilt (${ms(performance.now() - since)}: ${timings})`);
    } else {
      console.log(`✘ ${reason}: rebuild failed (${ms(performance.now() - since)}: ${timings})`);
      for (const line of problems) console.log(`  ${line}`);
      console.log('  fix the problems above; the next save rebuilds (or run: npm run build)');
    }
  }
  running = false;
  if (queued !== undefined) {
    const next = queued;
    queued = undefined;
    await rebuild(next.reason, next.since);
  }
}

// Start from a complete, consistent tree: turbo replays or runs every build task.
const first = await build();
if (first.ok) {
  console.log(`✔ npm run build (${ms(first.ms)}, ${first.cached}/${first.total} cached)`);
  // Parses the client's declarations once now rather than on the first save (dist/ comes out the same).
  const warm = buildClient();
  if (!warm.ok) console.log(`✘ client build:\n${warm.problems}`);
} else {
  console.log(`✘ npm run build failed (${ms(first.ms)}); fix it, and save a spec file to rebuild`);
  for (const line of failureLines(first.output)) console.log(`  ${line}`);
}

/** Calls `changed` with the file's path (from the root) when the spec or the Redocly config changes. */
function watchSpec(changed: (file: string) => void): void {
  // One watcher per directory rather than one recursive watcher: on Linux, Node's recursive watcher
  // loses a file once an editor saves it by writing a copy and renaming it over the original.
  const watching = new Set<string>();
  const watchDir = (dir: string): void => {
    if (watching.has(dir) || ignored.test(relative(root, dir))) return;
    watching.add(dir);
    watch(dir, (_event, name) => {
      if (name === null) return;
      const path = join(dir, name.toString());
      if (existsSync(path) && statSync(path).isDirectory()) watchDir(path);
      else if (!ignored.test(relative(root, path))) changed(relative(root, path));
    });
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) watchDir(join(dir, entry.name));
    }
  };
  watchDir(join(root, 'openapi'));
  watch(root, (_event, name) => {
    if (name?.toString() === 'redocly.yaml') changed('redocly.yaml');
  });
}

watchSpec((file) => {
  // Editors write a file in several steps; wait for them to settle. Timings count from the first.
  firstChange ??= performance.now();
  clearTimeout(timer);
  timer = setTimeout(() => {
    const since = firstChange ?? performance.now();
    firstChange = undefined;
    void rebuild(`${file} changed`, since);
  }, 50);
});
console.log('watching openapi/ and redocly.yaml; Ctrl-C to stop');
