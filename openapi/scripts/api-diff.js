#!/usr/bin/env node
// @ts-check
// `npm run api:diff [-- <git-ref>] [--allow-breaking]`: what a change to the spec does to the people
// who use the client. Bundles the spec at <git-ref> and in the working tree with the Redocly CLI,
// dereferenced, and compares the two (./compare.js).
//
// Redocly CLI 2.77 has an experimental `redocly diff`; it is not used because it rates an added
// request enum value as a patch, reports a change to a shared component once (so three of the four
// parameters that lose an `EmailValidationStatus` value go unnamed) and names operations by path.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { compareSpecs, suggestBump } from './compare.js';

const SPEC = 'openapi/radar.yaml';
const MARK = { breaking: '✘ breaking ', additive: '✔ additive ', patch: '✔ patch    ' };
const ORDER = { breaking: 0, additive: 1, patch: 2 };

const require = createRequire(import.meta.url);
const redoclyPackage = require.resolve('@redocly/cli/package.json');
const redoclyCli = join(redoclyPackage, '..', 'bin', 'cli.js');
const exec = promisify(execFile);

/**
 * Runs git in `cwd`; returns its trimmed output, or null when it fails.
 * @param {string} cwd
 * @param {string[]} args
 */
function git(cwd, args) {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : null;
}

/**
 * The commit to compare against: the given ref; on any branch but `main`, the merge base with `main`
 * (or `origin/main` in a CI checkout), which is HEAD itself before the branch's first commit; on `main`,
 * `HEAD~1`.
 * @param {string} root
 * @param {string | undefined} ref
 * @returns {{ label: string, commit: string | null }}
 */
function resolveBase(root, ref) {
  if (ref !== undefined)
    return { label: ref, commit: git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) };
  if (git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']) !== 'main') {
    for (const main of ['main', 'origin/main']) {
      const base = git(root, ['merge-base', 'HEAD', main]);
      if (base !== null) return { label: `the merge base with ${main}`, commit: base };
    }
  }
  return { label: 'HEAD~1', commit: git(root, ['rev-parse', '--verify', '--quiet', 'HEAD~1^{commit}']) };
}

/**
 * Bundles and dereferences a spec with the Redocly CLI, run from an empty folder so that no config
 * (and no lint plugin of either version) takes part.
 * @param {string} spec path of the root file
 * @param {string} work an empty folder for the output
 * @returns {Promise<{ doc: unknown, ms: number }>}
 */
async function bundle(spec, work) {
  const started = performance.now();
  const output = join(work, 'bundle.json');
  const args = [redoclyCli, 'bundle', spec, '--dereferenced', '--ext', 'json', '--output', output];
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1', FORCE_COLOR: '0' };
  await exec(process.execPath, args, { cwd: work, env });
  return { doc: JSON.parse(readFileSync(output, 'utf8')), ms: Math.round(performance.now() - started) };
}

/**
 * @param {string} message
 * @param {string} fix
 * @returns {never}
 */
function fail(message, fix) {
  console.error(`✘ ${message}`);
  console.error(`  fix: ${fix}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'allow-breaking': { type: 'boolean', default: false } },
});
if (positionals.length > 1)
  fail(`expected at most one git ref, got ${positionals.join(' ')}`, 'npm run api:diff -- HEAD~1');

const root = git(process.cwd(), ['rev-parse', '--show-toplevel']);
if (root === null) fail(`${process.cwd()} is not inside a git repository`, 'run it from a clone of the repo');
const base = resolveBase(root, positionals[0]);
if (base.commit === null) {
  fail(
    `git ref ${base.label} does not name a commit`,
    'pass one that does: npm run api:diff -- <branch, tag or commit>',
  );
}
const commit = base.commit;
const short = commit.slice(0, 7);
// `HEAD~1 (3f2a9c1)`, or just `3f2a9c1` when that is what was asked for.
const baseName = commit.startsWith(base.label) ? short : `${base.label} (${short})`;

const work = mkdtempSync(join(tmpdir(), 'api-diff-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const archive = spawnSync('git', ['archive', '--format=tar', commit, 'openapi'], { cwd: root, maxBuffer: 1 << 28 });
if (archive.status !== 0) fail(`${baseName} has no openapi/ folder`, 'pass a ref that has the spec');
const unpacked = spawnSync('tar', ['-x', '-C', work], { input: archive.stdout });
if (unpacked.status !== 0)
  fail(`could not unpack ${SPEC} at ${short}: ${unpacked.stderr}`, 'check that tar is installed');

const [before, after] = await Promise.allSettled([
  bundle(join(work, SPEC), mkdtempSync(join(work, 'base-'))),
  bundle(join(root, SPEC), mkdtempSync(join(work, 'head-'))),
]);
for (const [result, where, fix] of /** @type {const} */ ([
  [before, `${SPEC} at ${baseName}`, 'compare with a ref whose spec bundles: npm run api:diff -- <git-ref>'],
  [after, `${SPEC} in the working tree`, 'npx redocly lint --config redocly.yaml openapi/radar.yaml'],
])) {
  if (result.status === 'rejected') {
    // Redocly's own message, without the banner it draws around notices.
    const output = String(result.reason?.stderr ?? result.reason).split('\n');
    console.error(`✘ could not bundle ${where}`);
    console.error(output.filter((line) => line.trim() !== '' && !/[║╔╚]/.test(line)).join('\n'));
    fail(`${where} is not a valid spec`, fix);
  } else {
    console.log(`✔ bundled ${where} (${result.value.ms} ms)`);
  }
}
if (before.status === 'rejected' || after.status === 'rejected') process.exit(2);

const changes = compareSpecs(before.value.doc, after.value.doc).sort((a, b) => ORDER[a.impact] - ORDER[b.impact]);
for (const change of changes) console.log(`${MARK[change.impact]} ${change.operation}: ${change.message}`);

const count = (/** @type {keyof typeof ORDER} */ impact) => changes.filter((change) => change.impact === impact).length;
const bump = suggestBump(changes);
const tally = `${count('breaking')} breaking, ${count('additive')} additive, ${count('patch')} patch`;
const since = `since ${baseName}`;
if (bump !== 'major') {
  console.log(`✔ ${changes.length === 0 ? 'no API changes' : tally} ${since}: suggested bump ${bump}`);
  if (bump !== 'none') console.log(`  next: record it with npx changeset (@cf-radar/client, ${bump})`);
} else if (values['allow-breaking']) {
  console.log(`✔ ${tally} ${since}, allowed by --allow-breaking: suggested bump major`);
  console.log('  next: record it with npx changeset (@cf-radar/client, major)');
} else {
  console.error(`✘ ${tally} ${since}: suggested bump major`);
  console.error(
    `  fix: keep the old shape, or accept it with npm run api:diff -- ${positionals[0] ?? short} --allow-breaking and add a major changeset (npx changeset)`,
  );
  process.exit(1);
}
