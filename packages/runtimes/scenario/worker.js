// Entry for workerd: a module worker that runs the scenario for each request, with the config as the
// request body and the Worker's own bindings (its `env`) handed to the checks that need credentials.
import { runScenario } from './scenario.js';

export default {
  async fetch(request, env) {
    return Response.json(await runScenario(await request.json(), env));
  },
};
