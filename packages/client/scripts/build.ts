// Compiles src/ (src/generated/ included, which turbo's `generate` task writes first) incrementally,
// then swaps a fresh copy of the output in for dist/ with two renames, so that packages importing
// dist/ while a build runs never find it missing or half-written.
// The compiler runs in this process with a build-info file kept beside its own output folder in
// node_modules/.cache, so after a spec edit only the changed generated files and the files whose types
// depend on them are checked and emitted again. `npm run dev` keeps one builder for its whole session,
// which also keeps the parsed declaration files of TypeScript's libraries and of node_modules.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
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
// Present while the compiler writes into the cache.
const emitting = join(cache, 'emitting');
const FIX = 'fix them, then run: npm run build -w @cf-radar/client';

/** The outcome of one build; `problems` holds tsc's errors, formatted as tsc prints them. */
export interface ClientBuild {
  ok: boolean;
  ms: number;
  problems: string;
}

const formatHost: TypeScript.FormatDiagnosticsHost = {
  getCanonicalFileName: (file) => file,
  getCurrentDirectory: () => pkg,
  getNewLine: () => '\n',
};

function format(diagnostics: readonly TypeScript.Diagnostic[], pretty: boolean): string {
  return (pretty ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics)(diagnostics, formatHost).trimEnd();
}

/**
 * Returns a function that builds dist/ each time it is called, reusing what the previous call parsed
 * and checked. `pretty` asks for tsc's colours and code frames in `problems`.
 */
export function clientBuilder(pretty = false): () => ClientBuild {
  // Declaration files under node_modules (TypeScript's lib files included) do not change while a
  // session runs; parsing them is most of a build, so they are parsed once.
  const parsed = new Map<string, TypeScript.SourceFile>();
  let previous: TypeScript.EmitAndSemanticDiagnosticsBuilderProgram | undefined;
  // The build info as this builder last wrote it; another process's build replaces it, and then the
  // cached output no longer matches what `previous` remembers.
  let written: number | undefined;

  const buildOnce = (): ClientBuild => {
    const started = performance.now();
    const failed = (diagnostics: readonly TypeScript.Diagnostic[]): ClientBuild => ({
      ok: false,
      ms: performance.now() - started,
      problems: format(diagnostics, pretty),
    });
    const configErrors: TypeScript.Diagnostic[] = [];
    const config = ts.getParsedCommandLineOfConfigFile(
      join(pkg, 'tsconfig.build.json'),
      { outDir: cacheOut, incremental: true, tsBuildInfoFile: buildInfo, noEmitOnError: true },
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => configErrors.push(diagnostic) },
    );
    if (config === undefined || config.errors.length > 0) return failed([...configErrors, ...(config?.errors ?? [])]);

    // What dist/ must hold: the output of every source file, and nothing left over from deleted ones.
    const outputs = config.fileNames.flatMap((file) => ts.getOutputFileNames(config, file, false));
    // Build info without its output folder (someone cleaned node_modules/.cache in part), or from a
    // build that stopped halfway through emitting, would skip files it believes are there: start over.
    if (!outputs.every((file) => existsSync(file)) || existsSync(emitting)) {
      rmSync(cache, { recursive: true, force: true });
      previous = undefined;
    }
    if (written !== (existsSync(buildInfo) ? statSync(buildInfo).mtimeMs : undefined)) previous = undefined;
    mkdirSync(cacheOut, { recursive: true });

    const host = ts.createIncrementalCompilerHost(config.options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (file, language, onError, fresh) => {
      if (fresh === true || !file.includes('/node_modules/')) return read(file, language, onError, fresh);
      const known = parsed.get(file);
      if (known !== undefined) return known;
      const source = read(file, language, onError, fresh);
      if (source !== undefined) parsed.set(file, source);
      return source;
    };
    const program = ts.createEmitAndSemanticDiagnosticsBuilderProgram(
      config.fileNames,
      config.options,
      host,
      previous ?? ts.readBuilderProgram(config.options, host),
      ts.getConfigFileParsingDiagnostics(config),
    );
    previous = program;
    const diagnostics = [
      ...program.getConfigFileParsingDiagnostics(),
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...program.getSyntacticDiagnostics(),
      ...program.getSemanticDiagnostics(),
    ];
    if (diagnostics.length > 0) return failed(diagnostics);
    writeFileSync(emitting, '');
    const emitted = program.emit();
    if (emitted.emitSkipped || emitted.diagnostics.length > 0) return failed(emitted.diagnostics);
    rmSync(emitting);
    written = existsSync(buildInfo) ? statSync(buildInfo).mtimeMs : undefined;

    const next = join(scratch, `dist.${process.pid}`);
    const old = join(scratch, `old.${process.pid}`);
    rmSync(next, { recursive: true, force: true });
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
    return { ok: true, ms: performance.now() - started, problems: '' };
  };

  return () => {
    const release = lock();
    try {
      return buildOnce();
    } finally {
      release();
    }
  };
}

/**
 * Takes the cache's lock, waiting while another build (a watcher and `npm run build`, say) holds it;
 * returns the function that gives it back. A lock whose process is gone is taken over.
 */
function lock(): () => void {
  const dir = join(scratch, 'lock');
  const owner = join(dir, 'pid');
  mkdirSync(scratch, { recursive: true });
  for (let waited = 0; ; waited += 50) {
    if (tryMkdir(dir)) {
      writeFileSync(owner, String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    }
    const holder = existsSync(owner) ? Number(readFileSync(owner, 'utf8')) : undefined;
    if (holder !== undefined && !isRunning(holder)) rmSync(dir, { recursive: true, force: true });
    else if (waited > 120_000) throw new Error(`${dir}: held by process ${holder} for two minutes`);
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

function tryMkdir(dir: string): boolean {
  try {
    mkdirSync(dir);
    return true;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') return false;
    throw error;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: running, under another user.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Like tsc: colours and code frames on a terminal, one plain line per problem otherwise (turbo's logs).
  const result = clientBuilder(process.stderr.isTTY && process.env.NO_COLOR === undefined)();
  if (result.ok) {
    console.log(`✔ built dist/ (${Math.round(result.ms)} ms)`);
  } else {
    console.error(result.problems);
    console.error(`✘ tsc failed on src/ (errors above); ${FIX}`);
    process.exitCode = 1;
  }
}
