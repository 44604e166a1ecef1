// `npm run release:dry`: every step of .github/workflows/release.yml except the uploads. It versions the
// pending changesets in a staging copy (the working tree is left alone), runs `npm publish --dry-run`
// of the client as it would be published, and packs packages/docs/dist into the tar file that
// actions/upload-pages-artifact would hand to GitHub Pages. Output lands in scripts/.release/.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'scripts', '.release');
const stage = join(out, 'stage');
const client = join(root, 'packages', 'client');
const docs = join(root, 'packages', 'docs', 'dist');
const pagesArtifact = join(out, 'github-pages.tar');
const changesetBin = createRequire(import.meta.url).resolve('@changesets/cli/bin.js');
// GitHub Pages refuses sites over 1 GB: https://docs.github.com/en/pages/getting-started-with-github-pages/github-pages-limits
const PAGES_LIMIT = 1024 ** 3;

interface Release {
  name: string;
  type: 'major' | 'minor' | 'patch' | 'none';
  oldVersion: string;
  newVersion: string;
  changesets: string[];
}
interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  workspaces?: string[];
  files?: string[];
}
interface PackResult {
  name: string;
  version: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

let failed = false;
const started = performance.now();

/** Prints one step's outcome; a failure names the command that fixes it. */
function step(ok: boolean, line: string, fix?: string): boolean {
  console.log(`${ok ? '✔' : '✘'} ${line}`);
  if (!ok && fix !== undefined) console.log(`  fix: ${fix}`);
  if (!ok) failed = true;
  return ok;
}

function run(command: string, args: string[], cwd: string): { status: number | null; stdout: string; output: string } {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}`.trim() };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

rmSync(out, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });

// 1. The pending changesets and the release they add up to. `changeset status` also fails when a
// branch changes a package without a changeset.
const statusFile = join(out, 'changeset-status.json');
const status = run(process.execPath, [changesetBin, 'status', `--output=${relative(root, statusFile)}`], root);
const releases =
  status.status === 0 ? readJson<{ releases: Release[] }>(statusFile).releases.filter((r) => r.type !== 'none') : [];
const current = readJson<PackageJson>(join(client, 'package.json'));
if (status.status !== 0) {
  // changeset prints a stack trace; its first line says what is wrong.
  const reason = status.output.split('\n').find((line) => line.includes('error')) ?? status.output;
  step(false, `changeset status: ${reason.replace(/^🦋\s+error\s+/, '')}`, 'npx changeset status --verbose');
} else if (releases.length === 0) {
  step(true, `no pending changesets: ${current.name}@${current.version} would be published as it is`);
} else {
  const other = releases.filter((r) => r.name !== current.name);
  step(
    other.length === 0,
    other.length === 0
      ? releases
          .map(
            (r) =>
              `changesets: ${r.name} ${r.oldVersion} → ${r.newVersion} (${r.type}, ${plural(r.changesets.length, 'changeset')})`,
          )
          .join('; ')
      : `changesets would version unpublished packages: ${other.map((r) => r.name).join(', ')}`,
    'list private packages under "privatePackages" or "ignore" in .changeset/config.json',
  );
}

// 2. `changeset version` in a staging copy holding the workspace manifests, the changesets and the
// client's CHANGELOG: the bumped package.json and CHANGELOG.md are exactly what the release commits.
const manifest = readJson<PackageJson>(join(root, 'package.json'));
writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
cpSync(join(root, '.changeset'), join(stage, '.changeset'), { recursive: true });
for (const pattern of manifest.workspaces ?? []) {
  const dirs = pattern.endsWith('/*')
    ? readdirSync(join(root, pattern.slice(0, -2))).map((name) => join(pattern.slice(0, -2), name))
    : [pattern];
  for (const dir of dirs.filter((d) => existsSync(join(root, d, 'package.json')))) {
    mkdirSync(join(stage, dir), { recursive: true });
    cpSync(join(root, dir, 'package.json'), join(stage, dir, 'package.json'));
    if (existsSync(join(root, dir, 'CHANGELOG.md')))
      cpSync(join(root, dir, 'CHANGELOG.md'), join(stage, dir, 'CHANGELOG.md'));
  }
}
const staged = join(stage, 'packages', 'client');
if (releases.length > 0) {
  const version = run(process.execPath, [changesetBin, 'version'], stage);
  const bumped = readJson<PackageJson>(join(staged, 'package.json'));
  const changelog = existsSync(join(staged, 'CHANGELOG.md')) ? readFileSync(join(staged, 'CHANGELOG.md'), 'utf8') : '';
  step(
    version.status === 0 && changelog.includes(`## ${bumped.version}`),
    version.status === 0
      ? `changeset version: ${bumped.name}@${bumped.version}, CHANGELOG.md has a "## ${bumped.version}" section`
      : `changeset version failed:\n${version.output}`,
    'npx changeset status --verbose',
  );
}

// 3. The client as npm would receive it: its `files` from the working tree, the manifest and
// CHANGELOG from the staging copy. Provenance needs CI's OIDC token, so it is left to the workflow.
const built = existsSync(join(client, 'dist', 'index.js')) && existsSync(join(client, 'dist', 'index.d.ts'));
if (
  step(
    built,
    built ? 'client built (packages/client/dist)' : 'packages/client/dist/index.js is missing',
    'npm run build',
  )
) {
  // CHANGELOG.md is listed in `files`, but the staged one is the one the release writes.
  for (const entry of current.files ?? []) {
    if (entry !== 'CHANGELOG.md' && existsSync(join(client, entry))) {
      cpSync(join(client, entry), join(staged, entry), { recursive: true });
    }
  }
  for (const extra of ['README.md', 'LICENSE']) {
    if (existsSync(join(client, extra))) cpSync(join(client, extra), join(staged, extra));
  }
  // --offline: a dry run needs nothing from the registry, and without it npm retries an unreachable one for a minute.
  const publish = run(
    'npm',
    ['publish', '--dry-run', '--offline', '--json', '--access', 'public', '--ignore-scripts'],
    staged,
  );
  writeFileSync(join(out, 'npm-publish.json'), publish.stdout);
  const result =
    publish.status === 0 ? (JSON.parse(publish.stdout) as Record<string, PackResult>)[current.name] : undefined;
  if (result === undefined) {
    step(false, `npm publish --dry-run failed:\n${publish.output}`, 'cd packages/client && npm publish --dry-run');
  } else {
    const files = result.files.map((f) => f.path);
    const missing = ['package.json', 'dist/index.js', 'dist/index.d.ts'].filter((f) => !files.includes(f));
    step(
      missing.length === 0,
      missing.length === 0
        ? `npm publish --dry-run: ${result.name}@${result.version}, ${plural(files.length, 'file')}, ${kB(result.size)} packed (${kB(result.unpackedSize)} unpacked)`
        : `npm publish --dry-run: the tarball lacks ${missing.join(', ')}`,
      'check "files" and "exports" in packages/client/package.json',
    );
  }
}

// 4. The docs as GitHub Pages would receive them: the same tar command actions/upload-pages-artifact runs
// (https://github.com/actions/upload-pages-artifact/blob/main/action.yml).
if (step(existsSync(join(docs, 'index.html')), 'docs built (packages/docs/dist/index.html)', 'npm run build')) {
  const tar = run(
    'tar',
    [
      '--dereference',
      '--hard-dereference',
      '--directory',
      docs,
      '-cf',
      pagesArtifact,
      '--exclude=.git',
      '--exclude=.github',
      '.',
    ],
    root,
  );
  const listing = run('tar', ['-tf', pagesArtifact], root).stdout.split('\n');
  const files = listing.filter((entry) => entry !== '' && !entry.endsWith('/'));
  const size = tar.status === 0 ? statSync(pagesArtifact).size : 0;
  step(
    tar.status === 0 && listing.includes('./index.html') && size < PAGES_LIMIT,
    tar.status === 0
      ? `Pages artifact ${relative(root, pagesArtifact)}: ${plural(files.length, 'file')}, ${kB(size)}, index.html at its root`
      : `tar of packages/docs/dist failed: ${tar.output}`,
    'npm run build',
  );
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (failed) {
  console.log(`✘ release dry run failed (${seconds} s): fix the ✘ lines above, then npm run release:dry`);
  process.exitCode = 1;
} else {
  console.log(`✔ release dry run passed (${seconds} s): nothing was uploaded; outputs in ${relative(root, out)}/`);
}
