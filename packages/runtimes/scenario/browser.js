// Entry for the browser: the page the fake API serves loads this bundle, and the test calls
// `runScenario(config)` in the page and reads the report it resolves to.
import { runScenario } from './scenario.js';

globalThis.runScenario = runScenario;
