// The release path, run for real on this repo: `npm run release:dry` must pass on what is committed,
// and a bad changeset must stop it with the fix.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const scripts = fileURLToPath(new URL('..', import.meta.url));
const root = join(scripts, '..');
const strayChangeset = join(root, '.changeset', 'release-dry-test-unknown-package.md');
afterEach(() => rmSync(strayChangeset, { force: true }));

function releaseDry(): { status: number | null; lines: string[] } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'release-dry.ts'], { cwd: scripts, encoding: 'utf8' });
  return { status: run.status, lines: `${run.stdout}${run.stderr}`.split('\n') };
}

describe('npm run release:dry', () => {
  it.each([
    {
      description: 'passes on the repo as committed, with the client and the docs built',
      setup: () => {},
      status: 0,
      artifact: true,
      expected: [
        /^✔ (changesets: @cf-radar\/client \S+ → \S+|no pending changesets)/,
        /^✔ npm publish --dry-run: @cf-radar\/client@\d+\.\d+\.\d+, \d+ files, /,
        /^✔ Pages artifact scripts\/\.release\/github-pages\.tar: \d+ files, .*index\.html at its root$/,
        /^✔ release dry run passed/,
      ],
    },
    {
      description: 'fails on a changeset for a package that is not in the workspace, naming the fix',
      setup: () => writeFileSync(strayChangeset, '---\n"@cf-radar/no-such-package": patch\n---\n\nNothing.\n'),
      status: 1,
      artifact: false,
      expected: [
        /^✘ changeset status: .*@cf-radar\/no-such-package which is not in the workspace/,
        /^ {2}fix: npx changeset status --verbose$/,
        /^✘ release dry run failed/,
      ],
    },
  ])('$description', ({ setup, status, artifact, expected }) => {
    setup();
    const run = releaseDry();
    for (const pattern of expected)
      expect(
        run.lines.some((line) => pattern.test(line)),
        `${pattern} in:\n${run.lines.join('\n')}`,
      ).toBe(true);
    expect(run.status, run.lines.join('\n')).toBe(status);
    if (artifact) {
      // What actions/upload-pages-artifact uploads: the contents of packages/docs/dist at the root.
      const listing = spawnSync('tar', ['-tf', join(scripts, '.release', 'github-pages.tar')], { encoding: 'utf8' });
      const entries = listing.stdout.split('\n').filter((entry) => entry !== '');
      expect(entries).toContain('./index.html');
      expect(entries.every((entry) => entry.startsWith('./'))).toBe(true);
    }
  });
});
