// @ts-check
// `npm run build`: lints the spec and bundles it into dist/openapi.json and dist/openapi.yaml.
// Lint and bundle run side by side (each Redocly CLI start costs most of a second), the bundle into a
// scratch folder; it replaces dist/ only when lint passed, so a save that breaks lint prints Redocly's
// problems (file, line, rule) and leaves the last good bundle, and everything built from it, in place.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('bin/cli.js', import.meta.resolve('@redocly/cli/package.json')));
const config = fileURLToPath(new URL('../../redocly.yaml', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
// Beside dist/ on the same disk (so renames work), in a folder git ignores; one per build.
const scratch = fileURLToPath(new URL(`../node_modules/.cache/build/${process.pid}/`, import.meta.url));
const started = performance.now();

/**
 * Runs one Redocly CLI command; resolves to its exit code, its output and how long it took.
 * @param {string[]} args
 * @returns {Promise<{ code: number | null, output: string, ms: number }>}
 */
function redocly(args) {
  const begun = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args, '--config', config], {
      cwd: pkg,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output, ms: performance.now() - begun }));
  });
}

/** Redocly's Node 20 end-of-life banner says nothing about the spec. */
const withoutBanner = (/** @type {string} */ output) =>
  output
    .split('\n')
    .filter((line) => !/^\s*[╔╚║]/.test(line))
    .join('\n')
    .trim();

mkdirSync(scratch, { recursive: true });
const [lint, bundle] = await Promise.all([
  redocly(['lint', '--format=codeframe', 'radar.yaml']),
  redocly(['bundle', 'radar.yaml', '--ext', 'json', '--output', `${scratch}openapi.json`]),
]);

if (lint.code !== 0) {
  rmSync(scratch, { recursive: true, force: true });
  console.error(withoutBanner(lint.output));
  console.error('✘ redocly lint found problems (above); dist/ keeps the last good bundle');
  console.error('  fix them, then run: npm run build -w @cf-radar/openapi');
  process.exit(1);
}
console.log(`✔ redocly lint radar.yaml (${Math.round(lint.ms)} ms)`);
if (bundle.code !== 0) {
  rmSync(scratch, { recursive: true, force: true });
  console.error(withoutBanner(bundle.output));
  console.error('✘ redocly bundle failed (above); dist/ keeps the last good bundle');
  console.error('  run: npm run build -w @cf-radar/openapi');
  process.exit(1);
}
console.log(`✔ redocly bundle → dist/openapi.json (${Math.round(bundle.ms)} ms)`);

// The YAML is written from the JSON bundle rather than by a second `redocly bundle`.
const json = readFileSync(`${scratch}openapi.json`, 'utf8');
writeFileSync(`${scratch}openapi.yaml`, stringify(JSON.parse(json), { lineWidth: 0 }));
mkdirSync(dist, { recursive: true });
renameSync(`${scratch}openapi.json`, `${dist}openapi.json`);
renameSync(`${scratch}openapi.yaml`, `${dist}openapi.yaml`);
rmSync(scratch, { recursive: true, force: true });
console.log(`✔ bundled spec in dist/: openapi.json, openapi.yaml (${Math.round(performance.now() - started)} ms)`);
