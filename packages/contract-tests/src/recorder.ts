// Records one call to the API as `recordings/<operationId>/<scenario>.json`: checks the operation and
// its parameters against the spec first, normalizes what comes back, and writes atomically.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeRecording, serializeRecording } from './normalize.js';
import { type Json, parseRecording, RECORDINGS_DIR, type Recording, type RecordingSource } from './recording.js';
import { mediaType, type Spec } from './spec.js';
import { writeAtomically } from './write.js';

export type Credentials = { apiToken: string } | { apiEmail: string; apiKey: string };

export interface RecordOptions {
  spec: Spec;
  operationId: string;
  /** File name without `.json`: lower case words joined by `-`. */
  scenario: string;
  /** Query parameters as `key=value`, in the order they are sent; repeat a key for several series. */
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

/** Checks `key=value` arguments against the operation's parameters; returns the pairs to send. */
export function parseParams(spec: Spec, operationId: string, params: readonly string[]): [string, string][] {
  const operation = spec.operations.get(operationId);
  if (!operation) {
    throw new Error(`unknown operationId "${operationId}"; the spec has ${[...spec.operations.keys()].join(', ')}`);
  }
  const pairs: [string, string][] = [];
  for (const param of params) {
    const at = param.indexOf('=');
    if (at < 1) throw new Error(`"${param}" is not key=value`);
    const key = param.slice(0, at);
    const value = param.slice(at + 1);
    const declared = operation.parameters.find((p) => p.name === key);
    if (!declared) {
      const names = operation.parameters.map((p) => p.name).join(', ');
      throw new Error(`${operationId} has no parameter "${key}"; expected one of ${names}`);
    }
    if (declared.enum && !declared.enum.includes(value)) {
      throw new Error(`${key}: expected one of ${declared.enum.join(', ')}, found "${value}"`);
    }
    if (declared.itemType === 'boolean' && value !== 'true' && value !== 'false') {
      throw new Error(`${key}: expected true or false, found "${value}"`);
    }
    if (!declared.array && pairs.some(([k]) => k === key)) {
      throw new Error(`${key} takes one value, and was given twice`);
    }
    pairs.push([key, value]);
  }
  return pairs;
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

  const query = parseParams(spec, operationId, options.params);
  const operation = spec.operations.get(operationId);
  if (!operation) throw new Error(`unknown operationId "${operationId}"`);
  if (!SCENARIO.test(scenario)) {
    throw new Error(`scenario "${scenario}" must be lower-case words joined by "-" (it becomes the file name)`);
  }
  const file = `${operationId}/${scenario}.json`;
  const target = join(recordingsDir, file);
  const previous = existsSync(target) ? parseRecording(file, readFileSync(target, 'utf8')) : undefined;
  if (previous && !update) throw new Error(`${file} exists; pass --update to record it again`);

  const headers: Record<string, string> =
    'apiToken' in credentials
      ? { authorization: `Bearer ${credentials.apiToken}` }
      : { 'x-auth-email': credentials.apiEmail, 'x-auth-key': credentials.apiKey };
  const search = new URLSearchParams(query).toString();
  const url = `${baseUrl.replace(/\/+$/, '')}${operation.path}${search ? `?${search}` : ''}`;
  const response = await fetchImpl(url, { method: operation.method, headers });
  const text = await response.text();
  const type = mediaType(response.headers.get('content-type') ?? undefined);
  let body: Json = text;
  if (type === 'application/json' || type.endsWith('+json')) body = JSON.parse(text);

  const recording = normalizeRecording({
    request: { method: operation.method, path: operation.path, query, headers },
    response: { status: response.status, headers: Object.fromEntries(response.headers), body },
    meta: { source: sourceOf(baseUrl), recordedAt: now().toISOString(), specHash: spec.hash },
  });
  mkdirSync(join(recordingsDir, operationId), { recursive: true });
  writeAtomically(target, serializeRecording(recording));

  const changed = previous ? countChanges(previous, recording) : undefined;
  const what = changed === undefined ? 'new' : changed === 0 ? 'unchanged' : `${changed} fields changed`;
  return {
    file,
    recording,
    changed,
    summary: `✔ recorded ${operationId}/${scenario} (${response.status} ${type || 'no content type'}, ${what})`,
  };
}
