// Entry for the runtimes with a command line (Node, Bun, Deno): the config comes as one JSON argument
// (an argument, not an environment variable, so that Deno without --allow-env can read it), and the
// report goes to stdout as one JSON line after a marker, apart from anything the runtime prints.
import { runScenario } from './scenario.js';

const args = globalThis.Deno?.args ?? globalThis.process.argv.slice(2);
const report = await runScenario(JSON.parse(args[0]));
console.log(`@@report ${JSON.stringify(report)}`);
