// `npm run docs`: serves dist/ on 127.0.0.1 (port from PORT, default 4020) and rebuilds it when the
// spec under openapi/, a sample or the guide changes. Stop with Ctrl+C.
import { join } from 'node:path';
import { serveDirectory } from './server.ts';
import { packageDir } from './site.ts';
import { watchAndRebuild } from './watch.ts';

const repoRoot = join(packageDir, '..', '..');
const outDir = join(packageDir, 'dist');
const port = Number(process.env.PORT ?? 4020);

const rebuilder = watchAndRebuild({
  specRoot: join(repoRoot, 'openapi', 'radar.yaml'),
  redoclyConfig: join(repoRoot, 'redocly.yaml'),
  watchDirs: [join(repoRoot, 'openapi'), join(packageDir, 'samples'), join(packageDir, 'guide')],
  outDir,
  onBuilt: ({ pageBytes }, ms) => console.log(`✔ built the docs (${ms} ms, index.html ${pageBytes} bytes)`),
  onFailed: (error) => console.error(`✘ rebuild failed; still serving the last good site\n${error.message}`),
});
await rebuilder.ready;

const site = await serveDirectory(outDir, { port });
console.log(
  `docs at ${site.url} (compressed, with ETags; rebuilding on changes to openapi/, samples/ and guide/; Ctrl+C stops)`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all([rebuilder.close(), site.close()]).then(() => process.exit(0));
  });
}
