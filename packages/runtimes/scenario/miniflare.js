// Runs the bundled worker in workerd through miniflare, under the Node 22 binary (miniflare needs it),
// from miniflare's own install outside the workspace. Arguments: the miniflare package's directory,
// then one JSON object: { script, compatibilityFlags, bindings, config }. Prints the report after a marker.
import { pathToFileURL } from 'node:url';

const [miniflareDir, json] = process.argv.slice(2);
const { script, compatibilityFlags, bindings, config } = JSON.parse(json);
const { Miniflare } = await import(pathToFileURL(`${miniflareDir}/dist/src/index.js`).href);
const mf = new Miniflare({
  modules: true,
  scriptPath: script,
  // A date after nodejs_compat's process.env population, so that with the flag `process` is what a Worker gets.
  compatibilityDate: '2025-09-01',
  compatibilityFlags,
  bindings,
});
try {
  const response = await mf.dispatchFetch('http://worker.test/', { method: 'POST', body: JSON.stringify(config) });
  console.log(`@@report ${await response.text()}`);
} finally {
  await mf.dispose();
}
