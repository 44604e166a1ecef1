// `npm run mock`: the replay server on port 4010 (PORT overrides), until Ctrl-C.
import { startReplayServer } from '../replay-server.js';

const port = Number(process.env.PORT ?? 4010);
const server = await startReplayServer({ port, basePath: '/client/v4' });
console.log(`✔ replaying recordings at ${server.url}`);
console.log(`  curl ${server.url}/radar/tcp_resets_timeouts/summary`);
console.log('  Ctrl-C stops it');

const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
