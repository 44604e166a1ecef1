// The checks every runtime runs, as plain ESM with no Node API, so that Node, Bun, Deno, workerd and a
// browser all run this same file against the packed client. Each check reports what it observed
// (the value, the error, the time taken); test/*.test.ts decides what is right, so that a failure
// shows the observation next to the expectation.
import { createRadarClient, createRadarCore, getDnsTimeseriesGroupsByDimension, RadarError } from '@cf-radar/client';

const TOKEN = 'runtime-matrix-token';
/** The token the `env` check passes as a binding; the fake API reports which token it was sent. */
export const ENV_TOKEN = 'env-binding-token';

/** The base URL of one check: the fake API reads the check name and its fault from the path. */
const baseUrl = (config, check, fault = 'none', origin = config.origin) =>
  `${origin}/${config.run}/${check}/${fault}/client/v4`;

const describeError = (error) => ({
  name: error?.name ?? typeof error,
  message: String(error?.message ?? error),
  radarError: error instanceof RadarError,
});

/** A short, comparable picture of a result: the CSV text, or the result's keys. */
const describeValue = (value) =>
  typeof value === 'string'
    ? value
    : Object.keys(value ?? {})
        .sort()
        .join(',');

/** Runs `body`, timing it, and turns whatever it resolves to or throws into an observation. */
async function observe(body) {
  const started = Date.now();
  try {
    const value = await body();
    return { value: describeValue(value), ms: Date.now() - started };
  } catch (error) {
    return { error: describeError(error), ms: Date.now() - started };
  }
}

/** Collects the client's deprecation warnings, from `process` where there is one, and from the console. */
function captureWarnings() {
  const seen = [];
  const proc = globalThis.process;
  if (typeof proc?.on === 'function') {
    proc.on('warning', (warning) => seen.push(`${warning.name}: ${warning.message}`));
  }
  const consoleWarn = console.warn;
  console.warn = (...args) => {
    seen.push(args.map(String).join(' '));
    consoleWarn.apply(console, args);
  };
  return seen;
}

const client = (config, check, fault, extra = {}) =>
  createRadarClient({ apiToken: TOKEN, baseUrl: baseUrl(config, check, fault), ...extra });

/** The checks, by name; each gets the scenario's config. */
export const checks = {
  'tcpResetsTimeouts.summary': (config) =>
    client(config, 'tcpResetsTimeouts.summary').radar.tcpResetsTimeouts.summary({
      location: ['US'],
      dateRange: ['7d'],
    }),
  'email.security.summaryV2': (config) =>
    client(config, 'email.security.summaryV2').radar.email.security.summaryV2('TLS_VERSION', { dkim: ['PASS'] }),
  'dns.timeseriesGroupsV2': (config) =>
    client(config, 'dns.timeseriesGroupsV2').radar.dns.timeseriesGroupsV2('MATCHING_ANSWER', { aggInterval: '1h' }),
  'email.security.summary.tlsVersion': (config) =>
    client(config, 'email.security.summary.tlsVersion').radar.email.security.summary.tlsVersion({ dkim: ['PASS'] }),
  'dns.timeseriesGroups.matchingAnswer': (config) =>
    client(config, 'dns.timeseriesGroups.matchingAnswer').radar.dns.timeseriesGroups.matchingAnswer({
      aggInterval: '1h',
    }),
  // The standalone function over a core, the form a bundler can trim to what a caller imports.
  'function-form': (config, bindings = { CLOUDFLARE_API_TOKEN: ENV_TOKEN }) =>
    getDnsTimeseriesGroupsByDimension(
      createRadarCore({ env: bindings, baseUrl: baseUrl(config, 'function-form') }),
      'MATCHING_ANSWER',
      { aggInterval: '1h' },
    ),
  csv: (config) => client(config, 'csv').radar.tcpResetsTimeouts.summary({ format: 'CSV' }),
  refusal: (config) => client(config, 'refusal').radar.dns.timeseriesGroups.matchingAnswer({ aggInterval: '2h' }),
  'retry-after': (config) => client(config, 'retry-after', 'rate-limit-once').radar.tcpResetsTimeouts.summary(),
  timeout: (config) => client(config, 'timeout', 'hang', { timeout: 300 }).radar.tcpResetsTimeouts.summary(),
  // Both deprecated methods were called once above; a second call must still work and warn no more.
  deprecated: async (config) => {
    const deprecated = client(config, 'deprecated');
    await deprecated.radar.email.security.summary.tlsVersion();
    return deprecated.radar.dns.timeseriesGroups.matchingAnswer();
  },
  // A Worker's bindings, passed as `env`, come before `process.env` (which the runners set otherwise);
  // in workerd `bindings` is the Worker's own `env`, elsewhere a plain object holding the same token.
  'env-binding': (config, bindings = { CLOUDFLARE_API_TOKEN: ENV_TOKEN }) =>
    createRadarClient({ env: bindings, baseUrl: baseUrl(config, 'env-binding') }).radar.tcpResetsTimeouts.summary(),
  // Nothing listens on the fake API's closed twin port; retries are off to keep the check quick.
  'connection-error': (config) =>
    createRadarClient({
      apiToken: TOKEN,
      baseUrl: baseUrl(config, 'connection-error', 'none', config.closedOrigin),
      maxRetries: 0,
    }).radar.tcpResetsTimeouts.summary(),
  // Where there is no `process` (a Worker without nodejs_compat, a browser) and no `env`.
  'no-credentials': async (config) => createRadarClient({ baseUrl: baseUrl(config, 'no-credentials') }),
  // Deno without --allow-env: credentials looked up in the environment.
  'no-env-permission': async (config) => createRadarClient({ baseUrl: baseUrl(config, 'no-env-permission') }),
  // Deno without --allow-net, or a browser calling another origin that sends no CORS headers.
  'no-net-permission': (config) => client(config, 'no-net-permission').radar.tcpResetsTimeouts.summary(),
  cors: (config) =>
    createRadarClient({
      apiToken: TOKEN,
      baseUrl: baseUrl(config, 'cors', 'none', config.crossOrigin),
    }).radar.tcpResetsTimeouts.summary(),
  // Through a CORS proxy that exposes `retry-after`, the page can honour it as a server process does.
  'cors-proxy-retry-after': (config) =>
    createRadarClient({
      apiToken: TOKEN,
      baseUrl: baseUrl(config, 'cors-proxy-retry-after', 'rate-limit-once', config.proxyOrigin),
    }).radar.tcpResetsTimeouts.summary(),
};

/**
 * Runs the named checks one after another (so that timings stay clean) and reports what each observed.
 * `bindings` is a Worker's `env`, where there is one.
 */
export async function runScenario(config, bindings) {
  const warnings = captureWarnings();
  const results = {};
  for (const name of config.checks) {
    const check = checks[name];
    results[name] = check
      ? await observe(() => check(config, bindings))
      : { error: { name: 'Unknown', message: name } };
  }
  // Warnings may be emitted on a later tick (process.emitWarning does so).
  await new Promise((resolve) => setTimeout(resolve, 10));
  return {
    results,
    warnings,
    runtime: {
      hasProcess: typeof globalThis.process !== 'undefined',
      userAgent: globalThis.navigator?.userAgent ?? '',
    },
  };
}
