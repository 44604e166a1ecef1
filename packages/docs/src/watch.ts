// Rebuilds the site whenever the spec (or a sample or the guide) changes: re-bundles the split spec
// with the Redocly CLI into a private temporary folder (the spec package's dist/ is its own build
// output, not ours to rewrite), then rebuilds dist/ from that bundle. Changes that arrive during a
// rebuild are folded into one more rebuild. A failed rebuild is reported and dist/ keeps the last
// good site, because buildSite only swaps a finished site in.
import { type FSWatcher, watch } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite, redoclyCli, run, SiteBuildError, type SiteResult } from './site.ts';

export interface WatchOptions {
  /** The root file of the split spec (`openapi/radar.yaml`). */
  specRoot: string;
  /** Redocly config to bundle with (the root `redocly.yaml`). */
  redoclyConfig: string;
  /** Folders whose changes trigger a rebuild. */
  watchDirs: readonly string[];
  outDir: string;
  /** Quiet time after the last change before rebuilding. @default 150 */
  debounceMs?: number;
  onBuilt?: (result: SiteResult, ms: number) => void;
  onFailed?: (error: Error) => void;
}

export interface Rebuilder {
  /** Resolves after the first build (good or failed). */
  ready: Promise<void>;
  close(): Promise<void>;
}

async function bundle(specRoot: string, config: string, output: string): Promise<void> {
  const args = [redoclyCli, 'bundle', specRoot, '--config', config, '--ext', 'json', '--output', output];
  const { code, output: log } = await run(process.execPath, args, process.cwd());
  if (code !== 0) throw new SiteBuildError(`redocly bundle ${specRoot} exited with ${code}:`, log.trim().split('\n'));
}

export function watchAndRebuild(options: WatchOptions): Rebuilder {
  const { specRoot, redoclyConfig, watchDirs, outDir, debounceMs = 150 } = options;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  async function rebuildOnce(): Promise<void> {
    const started = performance.now();
    const work = await mkdtemp(join(tmpdir(), 'cf-radar-docs-'));
    try {
      const bundlePath = join(work, 'openapi.json');
      await bundle(specRoot, redoclyConfig, bundlePath);
      const result = await buildSite({ bundlePath, outDir });
      options.onBuilt?.(result, Math.round(performance.now() - started));
    } catch (error) {
      // A broken spec is expected while someone edits it: report it and keep the last good site.
      options.onFailed?.(error instanceof Error ? error : new Error(String(error)));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  function rebuild(): Promise<void> {
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await rebuildOnce();
      } while (again && !closed);
      running = undefined;
    })();
    return running;
  }

  const watchers: FSWatcher[] = watchDirs.map((dir) =>
    watch(dir, { recursive: true }, (_event, file) => {
      if (closed || (file !== null && /(^|[/\\])(dist|node_modules|\.turbo)([/\\]|$)/.test(file))) return;
      clearTimeout(timer);
      timer = setTimeout(() => void rebuild(), debounceMs);
    }),
  );

  return {
    ready: rebuild(),
    async close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      await running;
    },
  };
}
