// Precompressed copies of every file of the site (`x.gz`, `x.br` beside `x`), so that a static
// server (`npm run docs`, or any that looks for them) sends compressed bytes without compressing on
// each request. The site is compressed once and read many times, so gzip runs at its best level.
// Brotli's best level takes seconds on the 2.3 MB Redoc bundle, which is the same file for every
// build of one @redocly/cli version, so that file's copies are made once and kept in a cache keyed
// by content. The page changes with every spec edit and sits in the edit loop: Brotli level 10
// makes it 2% larger than level 11 in a third of the time (55 vs 56 KB, 0.7 vs 0.27 s measured).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Files this large are worth a cache entry; only the Redoc bundle is, and it rarely changes. */
const CACHE_FROM = 1024 * 1024;

export const ENCODINGS = [
  {
    extension: '.br',
    encode: (data: Buffer) =>
      brotli(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: data.length >= CACHE_FROM ? constants.BROTLI_MAX_QUALITY : 10,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
  },
  { extension: '.gz', encode: (data: Buffer) => gz(data, { level: constants.Z_BEST_COMPRESSION }) },
] as const;

async function cached(cacheDir: string, key: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const file = join(cacheDir, key);
  const hit = await readFile(file).catch(() => undefined);
  if (hit !== undefined) return hit;
  const made = await make();
  await mkdir(cacheDir, { recursive: true });
  // Written under a unique name and renamed, so a build running beside this one never reads half a file.
  const partial = `${file}.${process.pid}.${Date.now()}.partial`;
  await writeFile(partial, made);
  await rename(partial, file);
  return made;
}

/** Writes `<file>.br` and `<file>.gz` beside each file; returns the bytes of each copy. */
export async function precompress(
  dir: string,
  files: readonly string[],
  cacheDir: string,
): Promise<{ file: string; bytes: number; br: number; gz: number }[]> {
  return Promise.all(
    files.map(async (file) => {
      const data = await readFile(join(dir, file));
      const hash = createHash('sha256').update(data).digest('hex').slice(0, 32);
      const [br, gzipped] = await Promise.all(
        ENCODINGS.map(async ({ extension, encode }) => {
          const encoded =
            data.length >= CACHE_FROM
              ? await cached(cacheDir, `${hash}${extension}`, () => encode(data))
              : await encode(data);
          await writeFile(join(dir, `${file}${extension}`), encoded);
          return encoded.length;
        }),
      );
      return { file, bytes: data.length, br: br ?? 0, gz: gzipped ?? 0 };
    }),
  );
}
