// What a recording holds, where recordings live, and how they are read.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface RecordedRequest {
  method: string;
  /** The API path without the base path: `/radar/tcp_resets_timeouts/summary`. */
  path: string;
  /** The query as `[key, value]` pairs in the order they were sent. */
  query: [string, string][];
  /** Lower-cased, sorted by name, credentials redacted. */
  headers: Record<string, string>;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response was JSON, else the text. */
  body: Json;
}

export type RecordingSource = 'live' | 'reference-docs' | 'hand-made';

export interface Recording {
  request: RecordedRequest;
  response: RecordedResponse;
  meta: {
    source: RecordingSource;
    /** When it was recorded or written, RFC 3339. */
    recordedAt: string;
    /** `hashSpec` of the bundle it was checked against. */
    specHash: string;
    /**
     * For a `hand-made` recording: the live capture or Cloudflare document whose shape it follows
     * (a repository file, a docs URL), so a reader can check the model rather than trust the copy.
     */
    modelledOn?: string;
  };
}

export interface RecordingFile {
  /** Path relative to the recordings folder: `getTcpResetsTimeoutsSummary/csv.json`. */
  file: string;
  operationId: string;
  scenario: string;
  recording: Recording;
}

/** How messages name a recording: `recordings/<operationId>/<scenario>.json`, as the package lays it out. */
export const recordingName = (file: string): string => `recordings/${file}`;

/** The package's own `recordings/` folder (the same from `src/` and from `dist/`). */
export const RECORDINGS_DIR = fileURLToPath(new URL('../recordings/', import.meta.url));

const SOURCES: readonly RecordingSource[] = ['live', 'reference-docs', 'hand-made'];

const isSource = (value: unknown): value is RecordingSource => SOURCES.some((source) => source === value);

/** What `JSON.parse` can give back; the recursion stops at the first value that is not JSON. */
const isJson = (value: unknown): value is Json =>
  value === null ||
  ['boolean', 'number', 'string'].includes(typeof value) ||
  (Array.isArray(value) ? value.every(isJson) : isObject(value) && Object.values(value).every(isJson));

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isStringRecord = (value: unknown): value is Record<string, string> =>
  isObject(value) && Object.values(value).every((v) => typeof v === 'string');

const isPairList = (value: unknown): value is [string, string][] =>
  Array.isArray(value) &&
  value.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every((v) => typeof v === 'string'));

/** Checks the shape of a parsed recording; the error names the file and the first field that is wrong. */
export function parseRecording(file: string, text: string): Recording {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // A file edited by hand may not parse; JSON.parse's own message would not say which file.
    throw new Error(`${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const fail = (pointer: string, expected: string): never => {
    throw new Error(`${file}: ${pointer} must be ${expected}`);
  };
  if (!isObject(value)) return fail('/', 'an object with request, response and meta');
  const { request, response, meta } = value;
  if (!isObject(request)) return fail('/request', 'an object');
  if (typeof request.method !== 'string') return fail('/request/method', 'a string');
  if (typeof request.path !== 'string' || !request.path.startsWith('/')) return fail('/request/path', 'a path');
  if (!isPairList(request.query)) return fail('/request/query', 'a list of [key, value] string pairs');
  if (!isStringRecord(request.headers)) return fail('/request/headers', 'an object of strings');
  if (!isObject(response)) return fail('/response', 'an object');
  if (typeof response.status !== 'number') return fail('/response/status', 'a number');
  if (!isStringRecord(response.headers)) return fail('/response/headers', 'an object of strings');
  if (!('body' in response) || !isJson(response.body)) return fail('/response/body', 'JSON or text');
  if (!isObject(meta)) return fail('/meta', 'an object');
  if (!isSource(meta.source)) return fail('/meta/source', SOURCES.join(' or '));
  if (typeof meta.recordedAt !== 'string') return fail('/meta/recordedAt', 'an RFC 3339 date-time');
  if (typeof meta.specHash !== 'string') return fail('/meta/specHash', 'a sha256 in hex');
  const { modelledOn } = meta;
  if (modelledOn !== undefined && typeof modelledOn !== 'string') return fail('/meta/modelledOn', 'a string');
  return {
    request: { method: request.method, path: request.path, query: request.query, headers: request.headers },
    response: { status: response.status, headers: response.headers, body: response.body },
    meta: {
      source: meta.source,
      recordedAt: meta.recordedAt,
      specHash: meta.specHash,
      ...(modelledOn === undefined ? {} : { modelledOn }),
    },
  };
}

/** The path of every `<operationId>/<scenario>.json` under `dir`, relative to it, sorted. */
export function recordingFiles(dir: string = RECORDINGS_DIR): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const operationId of readdirSync(dir).sort()) {
    const folder = join(dir, operationId);
    if (!existsSync(folder) || operationId.includes('.')) continue;
    for (const name of readdirSync(folder).sort()) if (name.endsWith('.json')) out.push(`${operationId}/${name}`);
  }
  return out;
}

/** `getTcpResetsTimeoutsSummary/csv.json` → its operationId and scenario. */
export function splitFile(file: string): { operationId: string; scenario: string } {
  const [operationId = '', name = ''] = file.split('/');
  return { operationId, scenario: name.slice(0, -'.json'.length) };
}

/** Every `<operationId>/<scenario>.json` under `dir`, sorted by file name. */
export function readRecordings(dir: string = RECORDINGS_DIR): RecordingFile[] {
  return recordingFiles(dir).map((file) => ({
    file,
    ...splitFile(file),
    recording: parseRecording(file, readFileSync(join(dir, file), 'utf8')),
  }));
}

/** The query as a multiset: pairs sorted, so `a=1&b=2` and `b=2&a=1` give the same key. */
export function queryKey(query: readonly (readonly [string, string])[]): string {
  return JSON.stringify(query.map(([k, v]) => `${k}=${v}`).sort());
}

/**
 * Whether two queries say the same thing: the same keys, and for each key the same values in the same
 * order (the n-th value of every per-series parameter belongs to the n-th series). The order between
 * different keys does not matter.
 */
export function sameQuery(
  a: readonly (readonly [string, string])[],
  b: readonly (readonly [string, string])[],
): boolean {
  const group = (query: readonly (readonly [string, string])[]) => {
    const map = new Map<string, string[]>();
    for (const [k, v] of query) map.set(k, [...(map.get(k) ?? []), v]);
    return JSON.stringify([...map].sort(([x], [y]) => x.localeCompare(y)));
  };
  return group(a) === group(b);
}
