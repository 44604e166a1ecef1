// Records one call to the API as `recordings/<operationId>/<scenario>.json`: checks the operation and
// its parameters against the spec first, sends credentials only to the base URL's origin and only
// over https or loopback, scrubs every credential value the server echoes, normalizes what comes
// back, and writes atomically.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { driftReport } from './conformance.js';
import { normalizeRecording, serializeRecording } from './normalize.js';
import { fillTemplate, routesOf } from './path-template.js';
import { type Json, parseRecording, RECORDINGS_DIR, type Recording, type RecordingSource } from './recording.js';
import { scrubber, scrubRecording } from './secrets.js';
import { mediaType, type Spec } from './spec.js';
import { removeStaleTemporaryFiles, writeAtomically } from './write.js';

export type Credentials = { apiToken: string } | { apiEmail: string; apiKey: string };

export interface RecordOptions {
  spec: Spec;
  operationId: string;
  /** File name without `.json`: lower case words joined by `-`. */
  scenario: string;
  /**
   * Parameters as `key=value`: a path parameter of the operation goes into the path, the others
   * into the query, in the order given; repeat a key for several series.
   */
  params: readonly string[];
  credentials: Credentials;
  /** @default 'https://api.cloudflare.com/client/v4' */
  baseUrl?: string;
  /** Overwrite an existing recording. @default false */
  update?: boolean;
  /** @default this package's `recordings/` */
  recordingsDir?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default () => new Date() */
  now?: () => Date;
}

export interface RecordResult {
  file: string;
  recording: Recording;
  /** Fields that differ from the recording it replaced, or `undefined` for a new one. */
  changed: number | undefined;
  /**
   * How the capture differs from the spec, one line per problem naming the file under `openapi/`
   * to edit (the suites' drift report); empty when it conforms. The recording is written anyway:
   * it is what the API said, and the fix is an edit to the spec.
   */
  drift: string[];
  /** The one line the CLI prints. */
  summary: string;
}

export const DEFAULT_BASE_URL = 'https://api.cloudflare.com/client/v4';

/**
 * `live` when the recording comes from Cloudflare's API host, `hand-made` otherwise: a response from a
 * local or stand-in server is not a capture of the real API.
 */
export function sourceOf(baseUrl: string): RecordingSource {
  return new URL(baseUrl).hostname === 'api.cloudflare.com' ? 'live' : 'hand-made';
}

/** Reads credentials from the environment, preferring a token; throws saying what to set. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials {
  const { CLOUDFLARE_API_TOKEN: apiToken, CLOUDFLARE_EMAIL: apiEmail, CLOUDFLARE_API_KEY: apiKey } = env;
  if (apiToken) return { apiToken };
  if (apiEmail && apiKey) return { apiEmail, apiKey };
  throw new Error(
    'no credentials: set CLOUDFLARE_API_TOKEN (a token with User Details Read), or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY together',
  );
}

/** The request that `key=value` arguments make. */
export interface ParsedParams {
  /** The operation's path with each path parameter filled in, percent-encoded. */
  path: string;
  query: [string, string][];
  /** Header parameters, by name as the spec writes it. */
  headers: Record<string, string>;
}

/** Numbers and booleans as the schema types them, so that a value validates as it is meant. */
function typed(type: string | undefined, value: string): unknown {
  if ((type === 'integer' || type === 'number') && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * Checks `key=value` arguments against the operation's parameters in the bundle (path item and
 * operation, every location, each value against its schema); returns the concrete path (its path
 * parameters filled in), the query pairs in the order given, and the header parameters.
 */
export function parseParams(spec: Spec, operationId: string, params: readonly string[]): ParsedParams {
  const route = routesOf(spec.document).find((r) => r.operationId === operationId);
  if (!route) {
    throw new Error(`unknown operationId "${operationId}"; the spec has ${[...spec.operations.keys()].join(', ')}`);
  }
  const values: Record<string, string> = {};
  const headers: Record<string, string> = {};
  const pairs: [string, string][] = [];
  for (const param of params) {
    const at = param.indexOf('=');
    if (at < 1) throw new Error(`"${param}" is not key=value`);
    const key = param.slice(0, at);
    const value = param.slice(at + 1);
    // A path parameter first: it decides which resource the call is about.
    const declared =
      route.parameters.find((p) => p.name === key && p.in === 'path') ?? route.parameters.find((p) => p.name === key);
    if (!declared || declared.in === 'cookie') {
      const names = [...new Set(route.parameters.filter((p) => p.in !== 'cookie').map((p) => p.name))].join(', ');
      throw new Error(`${operationId} has no parameter "${key}"; expected one of ${names}`);
    }
    const given = declared.in === 'path' ? key in values : declared.in === 'header' ? key in headers : undefined;
    if (given || (declared.in === 'query' && !declared.array && pairs.some(([k]) => k === key))) {
      const where = declared.in === 'query' ? '' : ` is a ${declared.in} parameter: it`;
      throw new Error(`${key}${where} takes one value, and was given twice`);
    }
    if (declared.enum && !declared.enum.includes(value)) {
      throw new Error(`${key}: expected one of ${declared.enum.join(', ')}, found "${value}"`);
    }
    if (declared.type === 'boolean' && value !== 'true' && value !== 'false') {
      throw new Error(`${key}: expected true or false, found "${value}"`);
    }
    const [problem] = spec.validate(declared.schema, typed(declared.type, value));
    if (problem) throw new Error(`${key}: "${value}" ${problem.message} (schema ${declared.schema})`);
    if (declared.in === 'path') values[key] = value;
    else if (declared.in === 'header') headers[key] = value;
    else pairs.push([key, value]);
  }
  for (const { name, in: location, required, enum: allowed } of route.parameters) {
    const given =
      location === 'path' ? name in values : location === 'header' ? name in headers : pairs.some(([k]) => k === name);
    if (!required || given) continue;
    const hint = allowed ? `one of ${allowed.join(', ')}` : '<value>';
    throw new Error(
      location === 'path'
        ? `${operationId} needs the path parameter ${name} (${route.template}): add ${name}=${hint}`
        : `${operationId} needs the ${location} parameter ${name}: add ${name}=${hint}`,
    );
  }
  return { path: fillTemplate(route.template, values), query: pairs, headers };
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The base URL, checked: https, or plain http only to a loopback address (a local stand-in), since
 * over plain http anyone on the path reads the credentials. Returns it parsed.
 */
export function checkBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`the base URL "${baseUrl}" (RADAR_BASE_URL) is not a URL; expected https://host/client/v4`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return url;
  const https = `https://${url.host}${url.pathname}`;
  throw new Error(
    url.protocol === 'http:'
      ? `the base URL ${url.origin} (RADAR_BASE_URL) is plain http to a host that is not loopback, which would send the credentials in clear text; use ${https}`
      : `the base URL ${url.origin} (RADAR_BASE_URL) is not http or https; use ${https}`,
  );
}

/** Statuses whose `location` fetch would follow (RFC 9110 section 15.4). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * GETs `url` with the credentials, following redirects only within its origin: fetch itself would
 * carry `x-auth-email` and `x-auth-key` (it drops only `authorization`) to any other origin, plain
 * http included. A redirect elsewhere is refused rather than followed without credentials, because
 * the answer to a credential-less call is a 401, not what the recording is meant to hold.
 */
async function fetchWithinOrigin(
  fetchImpl: typeof fetch,
  url: URL,
  init: { method: string; headers: Record<string, string> },
): Promise<Response> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await fetchImpl(current, { ...init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (!REDIRECTS.has(response.status) || location === null) return response;
    await response.body?.cancel();
    const next = new URL(location, current);
    if (next.origin !== url.origin) {
      throw new Error(
        `${current.origin} answered ${response.status} redirecting to ${next.origin}; credentials are sent only to ${url.origin}, so the redirect was not followed (if the API has moved, set RADAR_BASE_URL to its new address)`,
      );
    }
    if (hop === MAX_REDIRECTS)
      throw new Error(`more than ${MAX_REDIRECTS} redirects from ${url.origin}${url.pathname}`);
    current = next;
  }
}

/** Leaf values by JSON pointer, to count what a re-record changed. */
function leaves(value: Json, pointer: string, out: Map<string, string>): Map<string, string> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) out.set(pointer, JSON.stringify(value));
    for (const [key, child] of entries) leaves(child, `${pointer}/${key}`, out);
  } else {
    out.set(pointer, JSON.stringify(value));
  }
  return out;
}

/** How many leaf fields differ between two recordings, leaving out `meta.recordedAt`. */
export function countChanges(before: Recording, after: Recording): number {
  const strip = (r: Recording): Json => ({
    request: { ...r.request },
    response: { ...r.response },
    meta: { source: r.meta.source, specHash: r.meta.specHash },
  });
  const a = leaves(strip(before), '', new Map());
  const b = leaves(strip(after), '', new Map());
  let changed = 0;
  for (const key of new Set([...a.keys(), ...b.keys()])) if (a.get(key) !== b.get(key)) changed += 1;
  return changed;
}

const SCENARIO = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Calls the API once and writes the normalized recording. */
export async function record(options: RecordOptions): Promise<RecordResult> {
  const { spec, operationId, scenario, credentials } = options;
  const { baseUrl = DEFAULT_BASE_URL, update = false, recordingsDir = RECORDINGS_DIR } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());

  const { path, query, headers: headerParameters } = parseParams(spec, operationId, options.params);
  const operation = spec.operations.get(operationId);
  if (!operation) throw new Error(`unknown operationId "${operationId}"`);
  if (!SCENARIO.test(scenario)) {
    throw new Error(`scenario "${scenario}" must be lower-case words joined by "-" (it becomes the file name)`);
  }
  const base = checkBaseUrl(baseUrl);
  // A run killed between writing and renaming left its temporary file; this run cleans it up.
  removeStaleTemporaryFiles(recordingsDir);
  const file = `${operationId}/${scenario}.json`;
  const target = join(recordingsDir, file);
  const previous = existsSync(target) ? parseRecording(file, readFileSync(target, 'utf8')) : undefined;
  if (previous && !update) throw new Error(`${file} exists; pass --update to record it again`);

  const headers: Record<string, string> = {
    ...headerParameters,
    ...('apiToken' in credentials
      ? { authorization: `Bearer ${credentials.apiToken}` }
      : { 'x-auth-email': credentials.apiEmail, 'x-auth-key': credentials.apiKey }),
  };
  const secrets = 'apiToken' in credentials ? [credentials.apiToken] : [credentials.apiEmail, credentials.apiKey];
  const search = new URLSearchParams(query).toString();
  const url = new URL(`${base.href.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`);
  let response: Response;
  let body: Json;
  let type: string;
  try {
    response = await fetchWithinOrigin(fetchImpl, url, { method: operation.method, headers });
    const text = await response.text();
    type = mediaType(response.headers.get('content-type') ?? undefined);
    body = text;
    if (type === 'application/json' || type.endsWith('+json')) {
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw new Error(
          `${response.status} ${type} with a body that is not JSON (${error instanceof Error ? error.message : String(error)})`,
        );
      }
    }
  } catch (error) {
    // A redirect target, a parse error's excerpt or a network error may hold an echoed credential.
    throw new Error(scrubber(secrets).scrub(error instanceof Error ? error.message : String(error)));
  }

  // Normalized first, so that the credential headers sent are already redacted and what the scrub
  // counts is only what the server echoed.
  const { recording: scrubbed, count: echoed } = scrubRecording(
    normalizeRecording({
      request: { method: operation.method, path, query, headers },
      response: { status: response.status, headers: Object.fromEntries(response.headers), body },
      meta: { source: sourceOf(baseUrl), recordedAt: now().toISOString(), specHash: spec.hash },
    }),
    secrets,
  );
  // Scrubbing may rename a body key, which moves it in the sorted order.
  const recording = normalizeRecording(scrubbed);
  const drift = driftReport({ file, operationId, recording }, spec);
  mkdirSync(join(recordingsDir, operationId), { recursive: true });
  writeAtomically(target, serializeRecording(recording));

  const changed = previous ? countChanges(previous, recording) : undefined;
  const what = changed === undefined ? 'new' : changed === 0 ? 'unchanged' : `${changed} fields changed`;
  const scrubNote = echoed > 0 ? `, ${echoed} echoed credential${echoed === 1 ? '' : 's'} scrubbed` : '';
  const driftNote =
    drift.length > 0 ? `, ${drift.length} difference${drift.length === 1 ? '' : 's'} from the spec` : '';
  return {
    file,
    recording,
    changed,
    drift,
    summary: `✔ recorded ${operationId}/${scenario} (${response.status} ${type || 'no content type'}, ${what}${scrubNote}${driftNote})`,
  };
}
