// Compiles src/ into a fresh folder, then swaps it in for dist/ with two renames, so that packages
// importing dist/ while a build runs never find it missing or half-written.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
// Beside dist/ on the same disk (so renames work), in a folder git already ignores.
const scratch = join(pkg, 'node_modules', '.cache', 'build');
const next = join(scratch, `dist.${process.pid}`);
const old = join(scratch, `old.${process.pid}`);
mkdirSync(scratch, { recursive: true });
const started = performance.now();

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compile = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', next], {
  cwd: pkg,
  stdio: 'inherit',
});
if (compile.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  console.error('✘ tsc failed on src/ (errors above); fix them, then run: npm run build -w @cf-radar/client');
  process.exit(1);
}
try {
  renameSync(join(pkg, 'dist'), old);
} catch {
  // No dist/ yet: nothing to move aside.
}
renameSync(next, join(pkg, 'dist'));
rmSync(old, { recursive: true, force: true });
console.log(`✔ built dist/ (${Math.round(performance.now() - started)} ms)`);
