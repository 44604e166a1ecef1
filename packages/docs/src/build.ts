// `npm run build`: builds dist/ and prints one line per step, then a summary.
import { relative } from 'node:path';
import { buildSite, SiteBuildError } from './site.ts';

const started = performance.now();
try {
  const { outDir, pageBytes } = await buildSite({ log: (line) => console.log(line) });
  const kib = (pageBytes / 1024).toFixed(0);
  console.log(
    `docs built in ${Math.round(performance.now() - started)} ms: ${relative(process.cwd(), outDir) || '.'}/index.html (${kib} KiB), openapi.json, openapi.yaml`,
  );
} catch (error) {
  // Only the build's own failures are expected here; anything else keeps its stack.
  if (!(error instanceof SiteBuildError)) throw error;
  console.error(`✘ ${error.message}`);
  console.error('fix the problems above, then run: npm run build -w @cf-radar/docs');
  process.exitCode = 1;
}
