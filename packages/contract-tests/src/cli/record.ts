// `npm run record -- <operationId> <scenario> [key=value …] [--update]`, or `npm run record -- --restamp [dir]`
import { resolve } from 'node:path';
import { credentialsFromEnv, DEFAULT_BASE_URL, record } from '../recorder.js';
import { RECORDINGS_DIR } from '../recording.js';
import { restamp } from '../restamp.js';
import { loadSpec } from '../spec.js';

const USAGE =
  'usage: npm run record -- <operationId> <scenario> [key=value …] [--update]\n' +
  '       npm run record -- --restamp [<recordings folder>]   (stamp every conforming recording with the current spec)\n' +
  '  e.g. npm run record -- getTcpResetsTimeoutsSummary csv format=CSV\n' +
  '  a key=value whose key is a path parameter of the operation goes into the path, the others into the query\n' +
  '  credentials: CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY; base URL: RADAR_BASE_URL (https, or http to loopback only)';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
if (args.includes('--restamp')) {
  const [dir, ...extra] = args.filter((arg) => arg !== '--restamp');
  if (extra.length > 0 || dir?.startsWith('-')) {
    console.error(`✘ --restamp takes at most one recordings folder\n${USAGE}`);
    process.exit(2);
  }
  // A folder other than the package's own is for tests; relative to this package, where npm runs the script.
  try {
    const result = restamp(loadSpec(), dir === undefined ? RECORDINGS_DIR : resolve(dir));
    for (const { line } of result.results) console.log(line);
    console.log(result.summary);
    process.exit(result.ok ? 0 : 1);
  } catch (error) {
    console.error(`✘ --restamp: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

const update = args.includes('--update');
const [operationId, scenario, ...params] = args.filter((arg) => arg !== '--update');
if (!operationId || !scenario) {
  console.error(`✘ missing operationId or scenario\n${USAGE}`);
  process.exit(2);
}

try {
  const result = await record({
    spec: loadSpec(),
    operationId,
    scenario,
    params,
    update,
    credentials: credentialsFromEnv(process.env),
    baseUrl: process.env.RADAR_BASE_URL || DEFAULT_BASE_URL,
  });
  // Drift first, each line naming the spec file to edit; a capture that differs from the spec fails the run.
  for (const line of result.drift) console.error(`✘ ${line}`);
  console.log(result.summary);
  if (result.drift.length > 0) process.exitCode = 1;
} catch (error) {
  console.error(`✘ ${operationId}/${scenario}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
