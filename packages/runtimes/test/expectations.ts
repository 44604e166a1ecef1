// What each check of the scenario must observe, whatever the runtime. One entry per check name of
// scenario/scenario.js; test/matrix.ts turns each into one test per runtime.
import { expect } from 'vitest';
import type { SeenRequest } from '../src/fake-api.js';
import type { Observation } from '../src/runners.js';

export interface CheckContext {
  /** What the fake API saw for this check. */
  requests: SeenRequest[];
  /** Every warning the scenario caught in this runtime. */
  warnings: string[];
}

type Expectation = (observation: Observation, context: CheckContext) => void;

const resolves =
  (keys: string, path: string, query: string): Expectation =>
  (observation, { requests }) => {
    expect(observation.error).toBeUndefined();
    expect(observation.value).toBe(keys);
    expect(requests.map((r) => r.path)).toEqual([path]);
    expect(requests[0]?.query).toContain(query);
    expect(requests[0]?.authorization).toBe('Bearer runtime-matrix-token');
  };

const fails =
  (name: string, ...fragments: (string | RegExp)[]): Expectation =>
  (observation) => {
    expect(observation.error, `expected ${name}, the call resolved to ${observation.value}`).toBeDefined();
    expect(observation.error?.name).toBe(name);
    expect(observation.error?.radarError, `${name} is a RadarError`).toBe(true);
    for (const fragment of fragments) expect(observation.error?.message).toMatch(fragment);
  };

/** Exactly one warning about this path, whichever channel the runtime offers (process or console). */
const warnedOnce = (warnings: string[], path: string) => {
  const about = warnings.filter((w) => w.includes(path));
  expect(about, `warnings about ${path}, of all: ${JSON.stringify(warnings)}`).toHaveLength(1);
  expect(about[0]).toMatch(/deprecated/i);
};

const honoursRetryAfter: Expectation = (observation, { requests }) => {
  expect(observation.error).toBeUndefined();
  expect(requests.map((r) => r.method)).toEqual(['GET', 'GET']);
  // `retry-after: 1` asks for one second; timers may fire a few ms early on some runtimes.
  expect(observation.ms).toBeGreaterThanOrEqual(950);
};

export const expectations: Record<string, Expectation> = {
  'tcpResetsTimeouts.summary': resolves('meta,summary_0', '/radar/tcp_resets_timeouts/summary', 'location=US'),
  'email.security.summaryV2': resolves('meta,summary_0', '/radar/email/security/summary/TLS_VERSION', 'dkim=PASS'),
  'dns.timeseriesGroupsV2': resolves('meta,serie_0', '/radar/dns/timeseries_groups/MATCHING_ANSWER', 'aggInterval=1h'),
  'email.security.summary.tlsVersion': resolves(
    'meta,summary_0',
    '/radar/email/security/summary/tls_version',
    'dkim=PASS',
  ),
  'dns.timeseriesGroups.matchingAnswer': resolves(
    'meta,serie_0',
    '/radar/dns/timeseries_groups/matching_answer',
    'aggInterval=1h',
  ),
  'function-form': (observation, { requests }) => {
    expect(observation.error).toBeUndefined();
    expect(observation.value).toBe('meta,serie_0');
    expect(requests.map((r) => r.path)).toEqual(['/radar/dns/timeseries_groups/MATCHING_ANSWER']);
    expect(requests[0]?.authorization, 'createRadarCore reads the env option').toBe('Bearer env-binding-token');
  },
  csv: (observation, { requests }) => {
    expect(observation.error).toBeUndefined();
    expect(observation.value).toMatch(/no_match/);
    expect(observation.value).toMatch(/\n/);
    expect(requests[0]?.query).toContain('format=CSV');
  },
  refusal: (observation, context) => {
    fails('RadarValidationError', /aggInterval/, /2h/)(observation, context);
    expect(context.requests, 'no request is sent for refused input').toEqual([]);
  },
  'retry-after': honoursRetryAfter,
  'cors-proxy-retry-after': honoursRetryAfter,
  timeout: (observation, context) => {
    fails('RadarTimeoutError')(observation, context);
    expect(observation.ms).toBeGreaterThanOrEqual(250);
    // `timeout` bounds the whole call, retries and backoff included: a timeout per attempt would take
    // three attempts of 300 ms plus two backoffs; the margin below that absorbs a loaded machine.
    expect(observation.ms, 'timeout: 300 bounds the whole call').toBeLessThan(900);
  },
  deprecated: (observation, { warnings }) => {
    expect(observation.error).toBeUndefined();
    expect(observation.value).toBe('meta,serie_0');
    warnedOnce(warnings, '/radar/email/security/summary/tls_version');
    warnedOnce(warnings, '/radar/dns/timeseries_groups/matching_answer');
  },
  'env-binding': (observation, { requests }) => {
    expect(observation.error).toBeUndefined();
    expect(requests[0]?.authorization, 'the token from the env option, not process.env').toBe(
      'Bearer env-binding-token',
    );
  },
  'connection-error': fails('RadarConnectionError'),
  'no-credentials': (observation, context) => {
    fails('RadarValidationError', /apiToken/, /\benv\b/)(observation, context);
    // There is no environment to set a variable in here: the hint must not send the user looking for one.
    expect(observation.error?.message).not.toMatch(/set CLOUDFLARE_API_TOKEN/);
  },
  'no-env-permission': fails('RadarValidationError', /--allow-env/),
  'no-net-permission': (observation, context) => {
    fails('RadarConnectionError', /--allow-net/)(observation, context);
    // A missing permission does not go away by retrying; the first backoff alone would take 375 ms.
    expect(observation.ms, 'fails at once, without retries').toBeLessThan(300);
  },
  cors: (observation, context) => {
    fails('RadarConnectionError', /CORS/)(observation, context);
    expect(context.requests.length, 'the other origin was reached, so the browser refused it for CORS').toBeGreaterThan(
      0,
    );
  },
};

/** The checks every runtime runs. */
export const COMMON_CHECKS = [
  'tcpResetsTimeouts.summary',
  'email.security.summaryV2',
  'dns.timeseriesGroupsV2',
  'email.security.summary.tlsVersion',
  'dns.timeseriesGroups.matchingAnswer',
  'function-form',
  'csv',
  'refusal',
  'retry-after',
  'timeout',
  'deprecated',
  'env-binding',
  'connection-error',
];
