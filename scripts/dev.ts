// `npm run dev`: watches the spec and rebuilds everything derived from it (bundle, generated types,
// client, docs) on every save. A save that breaks lint prints the problem and leaves the last good
// outputs in place: turbo stops before the bundle, so nothing downstream is rewritten.
import { watch } from 'node:fs';
import { join, relative } from 'node:path';
import { build, failureLines, root } from './turbo-build.ts';

const watched = [join(root, 'openapi'), join(root, 'redocly.yaml')];
// Files the build itself writes, or that do not feed it.
const ignored = /(^|\/)(dist|node_modules|test|\.turbo)(\/|$)|~$|\.swp$/;

let running = false;
let queued: string | undefined;
let timer: NodeJS.Timeout | undefined;

async function rebuild(reason: string): Promise<void> {
  if (running) {
    queued = reason;
    return;
  }
  running = true;
  const result = await build();
  const seconds = `${Math.round(result.ms)} ms`;
  if (result.ok) {
    console.log(
      `✔ ${reason}: spec, types, client and docs rebuilt (${seconds}, ${result.cached}/${result.total} cached)`,
    );
  } else {
    console.log(`✘ ${reason}: build failed (${seconds}); the last good outputs are kept`);
    for (const line of failureLines(result.output)) console.log(`  ${line}`);
  }
  running = false;
  if (queued !== undefined) {
    const next = queued;
    queued = undefined;
    await rebuild(next);
  }
}

for (const target of watched) {
  watch(target, { recursive: true }, (_event, name) => {
    const file = name === null ? relative(root, target) : relative(root, join(target, name.toString()));
    if (ignored.test(file)) return;
    // Editors write a file in several steps; wait for them to settle.
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(`${file} changed`), 100);
  });
}

console.log('watching openapi/ and redocly.yaml; Ctrl-C to stop');
await rebuild('start');
