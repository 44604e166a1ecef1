// `npm run mock`: the replay server on port 4010 (PORT overrides), until Ctrl-C.
import { readRecordings } from '../recording.js';
import { startReplayServer } from '../replay-server.js';

const port = Number(process.env.PORT ?? 4010);
const server = await startReplayServer({ port, basePath: '/client/v4' });
const example = readRecordings().find((r) => r.scenario === 'documented')?.recording.request.path ?? '/…';
console.log(`✔ replaying recordings at ${server.url}`);
// Any token will do; without one it answers 401, as the API does.
console.log(`  curl -H 'Authorization: Bearer any' ${server.url}${example}`);
console.log('  Ctrl-C stops it');

const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
