// Runs `npm run build` (turbo: spec lint and bundle, generated types, client, docs) and times it.
// Shared by the watch loop (`npm run dev`) and the build benchmark (`npm run bench:build`), so both
// measure the command a person runs.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** What one build printed and how long it took. */
export interface BuildResult {
  ok: boolean;
  ms: number;
  /** Tasks replayed from turbo's cache, and tasks in all (from turbo's summary). */
  cached: number;
  total: number;
  output: string;
}

/** Runs a command with telemetry and colours off, and collects everything it prints. */
export function capture(
  command: string,
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', REDOCLY_TELEMETRY: 'off', NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * Runs `npm run build`. Only the logs of failing tasks are printed (`--output-logs=errors-only`), so a
 * lint failure shows Redocly's file, line and rule.
 */
export async function build(): Promise<BuildResult> {
  const started = performance.now();
  const { code, output } = await capture('npm', ['run', '--silent', 'build', '--', '--output-logs=errors-only'], root);
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
  return {
    ok: code === 0,
    ms: performance.now() - started,
    cached: Number(cached?.[1] ?? 0),
    total: Number(cached?.[2] ?? 0),
    output,
  };
}

/** The lines of a failed build worth showing: the failing tasks' logs, without turbo's chatter. */
export function failureLines(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => !/^\s*(•|Tasks:|Cached:|Time:|Failed:|turbo \d|ERROR\s+run failed)/.test(line))
    .filter((line) => !/[╔╚║]/.test(line))
    .filter((line) => line.trim() !== '');
}
