// `npm run example`: runs packages/client/examples/radar-tables.ts. With no credentials in the
// environment it starts the replay server (the recorded API) on a free loopback port, points the
// example at it, and stops it afterwards; with CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and
// CLOUDFLARE_API_KEY) set, the example calls the live API.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startReplayServer } from '@cf-radar/contract-tests/replay-server';

const example = fileURLToPath(new URL('../packages/client/examples/radar-tables.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const live =
  process.env.CLOUDFLARE_API_TOKEN !== undefined ||
  (process.env.CLOUDFLARE_EMAIL !== undefined && process.env.CLOUDFLARE_API_KEY !== undefined);

function run(env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, [tsx, example], { env, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

if (live) {
  console.log(`✔ calling ${process.env.RADAR_BASE_URL ?? 'the live API'} with the credentials in the environment\n`);
  process.exitCode = await run(process.env);
} else {
  const server = await startReplayServer({ port: 0, host: '127.0.0.1' });
  console.log(`✔ replay server on ${server.url} (offline; set CLOUDFLARE_API_TOKEN to call the live API)\n`);
  try {
    // The replay server accepts any token; this one only satisfies the client's credential check.
    process.exitCode = await run({
      ...process.env,
      RADAR_BASE_URL: server.url,
      CLOUDFLARE_API_TOKEN: 'offline-replay',
    });
  } finally {
    await server.close();
  }
}
