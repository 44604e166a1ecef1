// A scratch project outside the workspace that installs the client from its packed tarball, the way
// a user gets it, so that the matrix tests what `npm publish` would ship and never the workspace
// sources (Node's resolution never walks up into the repository from the OS temp dir).
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_DIR, REPO_ROOT } from './install.js';

const run = promisify(execFile);

/** @types/node as the workspace pins it, for the type-level consumers that use Node's types. */
const TYPES_NODE = '20.19.25';

export interface Consumer {
  /** The scratch project: `scenario/` and `consumers/` copied from this package, the client in `node_modules/`. */
  dir: string;
  /** What `npm pack` put in the tarball, as paths inside the package. */
  packed: string[];
  /** The client's `files` field. */
  declared: string[];
  remove(): Promise<void>;
}

interface PackResult {
  filename: string;
  files: { path: string }[];
}

/** Packs the built client and installs the tarball, with the scenario files beside it. */
export async function createConsumer(): Promise<Consumer> {
  const dir = await mkdtemp(join(tmpdir(), 'cf-radar-runtimes-'));
  try {
    const clientDir = join(REPO_ROOT, 'packages', 'client');
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: clientDir });
    const [pack] = JSON.parse(stdout) as PackResult[];
    if (!pack) throw new Error(`npm pack in ${clientDir} reported no tarball: ${stdout}`);
    const manifest = (await import(join(clientDir, 'package.json'), { with: { type: 'json' } })) as {
      default: { files?: string[] };
    };
    await writeFile(
      join(dir, 'package.json'),
      `${JSON.stringify(
        {
          name: 'cf-radar-runtime-consumer',
          private: true,
          type: 'module',
          dependencies: { '@cf-radar/client': `file:./${pack.filename}` },
          devDependencies: { '@types/node': TYPES_NODE },
        },
        null,
        2,
      )}\n`,
    );
    await run('npm', ['install', '--no-package-lock', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
    for (const folder of ['scenario', 'consumers']) {
      await mkdir(join(dir, folder));
      await cp(join(PACKAGE_DIR, folder), join(dir, folder), { recursive: true });
    }
    return {
      dir,
      packed: pack.files.map((file) => file.path),
      declared: manifest.default.files ?? [],
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
