// How each kind of runtime runs the shared scenario and hands back its report.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';

/** What the scenario saw in one check. */
export interface Observation {
  value?: string;
  error?: { name: string; message: string; radarError: boolean };
  ms: number;
}

export interface Report {
  results: Record<string, Observation>;
  warnings: string[];
  runtime: { hasProcess: boolean; userAgent: string };
}

/** The scenario's input: where the fake API is, the run's name and the checks to run. */
export interface ScenarioConfig {
  origin: string;
  crossOrigin: string;
  proxyOrigin: string;
  closedOrigin: string;
  run: string;
  checks: string[];
}

const MARKER = '@@report ';

/** Runs `command args` and reads the report line it prints; anything else it printed goes into the error. */
export function runForReport(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined> },
): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    // A scenario that hangs is a failure of the runtime under test, reported rather than waited out.
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(MARKER));
      if (line) return resolve(JSON.parse(line.slice(MARKER.length)) as Report);
      reject(
        new Error(
          `${command} ${args.slice(0, -1).join(' ')} printed no report (exit ${code ?? signal}):\n${stdout}\n${stderr}`.trim(),
        ),
      );
    });
  });
}

/** Environment for a runtime's process: no credentials but the one the precedence check expects to lose. */
export const childEnv = (): Record<string, string | undefined> => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  TMPDIR: process.env.TMPDIR,
  NO_COLOR: '1',
  // `env` must win over this: the `env-binding` check asserts the server saw the binding's token.
  CLOUDFLARE_API_TOKEN: 'process-env-token',
});

/** Bundles one scenario entry with the client from the consumer's node_modules, as a user's bundler would. */
export async function bundleEntry(
  consumerDir: string,
  entry: 'worker.js' | 'browser.js',
  options: { platform: 'browser' | 'neutral'; conditions: string[]; outfile: string },
): Promise<string> {
  await build({
    entryPoints: [join(consumerDir, 'scenario', entry)],
    absWorkingDir: consumerDir,
    bundle: true,
    format: 'esm',
    platform: options.platform,
    mainFields: ['module', 'main'],
    conditions: options.conditions,
    target: 'es2022',
    outfile: options.outfile,
    logLevel: 'silent',
  });
  return options.outfile;
}
