// The client's tarball holds exactly what its `files` field lists, plus what npm always adds: no
// listed entry is missing from it (a stale `files` entry misleads whoever reads it) and nothing
// unlisted slips in.
import { expect, inject, it } from 'vitest';

const { packed, declared } = inject('consumer');
// npm adds these whatever `files` says (https://docs.npmjs.com/cli/v11/configuring-npm/package-json#files).
const ALWAYS = /^(package\.json|README(\.[^/]*)?|LICEN[CS]E(\.[^/]*)?)$/i;
const under = (path: string, entry: string) => path === entry || path.startsWith(`${entry.replace(/\/$/, '')}/`);

it.each(declared)('the tarball holds %s, which `files` lists', (entry) => {
  expect(
    packed.filter((path) => under(path, entry)),
    `npm pack of packages/client: ${packed.join(', ')}`,
  ).not.toEqual([]);
});

it('the tarball holds nothing that `files` does not list', () => {
  expect(packed.filter((path) => !ALWAYS.test(path) && !declared.some((entry) => under(path, entry)))).toEqual([]);
});
