// `npm run record -- <operationId> <scenario> [key=value …] [--update]`
import { credentialsFromEnv, DEFAULT_BASE_URL, record } from '../recorder.js';
import { loadSpec } from '../spec.js';

const USAGE =
  'usage: npm run record -- <operationId> <scenario> [key=value …] [--update]\n' +
  '  e.g. npm run record -- getTcpResetsTimeoutsSummary csv format=CSV\n' +
  '  credentials: CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY; base URL: RADAR_BASE_URL';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
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
  console.log(result.summary);
} catch (error) {
  console.error(`✘ ${operationId}/${scenario}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
