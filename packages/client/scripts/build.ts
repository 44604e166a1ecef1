// Compiles src/ incrementally, then swaps a fresh copy of the output in for dist/ with two renames, so
// that packages importing dist/ while a build runs never find it missing or half-written.
// The compiler runs in this process with a build-info file kept beside its own output folder in
// node_modules/.cache, so after a spec edit only the changed generated files and the files whose types
// depend on them are checked and emitted again.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TypeScript from 'typescript';

const ts: typeof TypeScript = createRequire(import.meta.url)('typescript');

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
// Beside dist/ on the same disk (so renames work), in a folder git already ignores.
const scratch = join(pkg, 'node_modules', '.cache', 'build');
// The compiler's own output and build info, kept between builds; dist/ is always a fresh copy of it.
const cache = join(scratch, 'incremental');
const cacheOut = join(cache, 'out');
const buildInfo = join(cache, 'tsconfig.build.tsbuildinfo');
const next = join(scratch, `dist.${process.pid}`);
const old = join(scratch, `old.${process.pid}`);
const started = performance.now();

const host: TypeScript.FormatDiagnosticsHost = {
  getCanonicalFileName: (file) => file,
  getCurrentDirectory: () => pkg,
  getNewLine: () => '\n',
};

function fail(diagnostics: readonly TypeScript.Diagnostic[]): never {
  // Like tsc: colours and code frames on a terminal, one plain line per problem otherwise (turbo's logs).
  const pretty = process.stderr.isTTY && process.env.NO_COLOR === undefined;
  const format = pretty ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
  console.error(format(diagnostics, host).trimEnd());
  console.error('✘ tsc failed on src/ (errors above); fix them, then run: npm run build -w @cf-radar/client');
  process.exit(1);
}

const config = ts.getParsedCommandLineOfConfigFile(
  join(pkg, 'tsconfig.build.json'),
  { outDir: cacheOut, incremental: true, tsBuildInfoFile: buildInfo, noEmitOnError: true },
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail([diagnostic]) },
);
if (config === undefined) process.exit(1);
if (config.errors.length > 0) fail(config.errors);

// What dist/ must hold: the output of every source file, and nothing left over from deleted ones.
const outputs = config.fileNames.flatMap((file) => ts.getOutputFileNames(config, file, false));
// Build info without its output folder (someone cleaned node_modules/.cache in part) would skip
// emitting files it believes are there: start over.
if (!outputs.every((file) => existsSync(file))) rmSync(cache, { recursive: true, force: true });
mkdirSync(cacheOut, { recursive: true });

const program = ts.createIncrementalProgram({ rootNames: config.fileNames, options: config.options });
const diagnostics = [
  ...program.getConfigFileParsingDiagnostics(),
  ...program.getOptionsDiagnostics(),
  ...program.getGlobalDiagnostics(),
  ...program.getSyntacticDiagnostics(),
  ...program.getSemanticDiagnostics(),
];
if (diagnostics.length > 0) fail(diagnostics);
const emitted = program.emit();
if (emitted.emitSkipped || emitted.diagnostics.length > 0) fail(emitted.diagnostics);

for (const file of outputs) {
  const target = join(next, relative(cacheOut, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}
try {
  renameSync(join(pkg, 'dist'), old);
} catch {
  // No dist/ yet: nothing to move aside.
}
renameSync(next, join(pkg, 'dist'));
rmSync(old, { recursive: true, force: true });
console.log(`✔ built dist/ (${Math.round(performance.now() - started)} ms)`);
