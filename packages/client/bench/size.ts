// Bundles each consumer with esbuild (bundle + minify, ESM, browser platform, same settings for both)
// and measures the minified and the min+gzip bytes.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { analyzeMetafile, build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

export interface Size {
  minified: number;
  gzipped: number;
  /** esbuild's table of minified bytes per input file, largest first: where the bytes go. */
  analysis: string;
}

/** `external` leaves packages out of the bundle, to measure what each part weighs. */
export function bundleSize(
  entry: 'consumer-ours.ts' | 'consumer-function.ts' | 'consumer-cloudflare.ts',
  external: string[] = [],
): Promise<Size> {
  return bundleSizeOf(join(here, entry), external);
}

/** The same measure for any entry file (`npm run bench:scale` bundles consumers of generated clients with it). */
export async function bundleSizeOf(entry: string, external: string[] = []): Promise<Size> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
    external,
    metafile: true,
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error(`${entry}: esbuild produced no output`);
  return {
    minified: code.byteLength,
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    analysis: await analyzeMetafile(result.metafile),
  };
}
