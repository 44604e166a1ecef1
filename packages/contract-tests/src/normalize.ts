// Normalizes a recording at record time, the way octokit/fixtures does: sorted keys, fixed
// placeholders for volatile values that do not matter, and credentials redacted, so that a
// re-record gives a small, reviewable diff and no secret is ever written to disk.
import type { Json, Recording } from './recording.js';

/** What every redacted header value becomes. */
export const REDACTED = '[REDACTED]';
/** What `cf-ray` becomes: the shape of a ray id (16 hex digits, a data centre), obviously not one. */
export const RAY_PLACEHOLDER = '0000000000000000-XXX';
/** What date headers become (an IMF-fixdate, RFC 9110 section 5.6.7). */
export const DATE_PLACEHOLDER = 'Mon, 01 Jan 2024 00:00:00 GMT';

/** Headers that carry credentials or session state. */
const REDACT = new Set(['authorization', 'x-auth-key', 'x-auth-email', 'cookie', 'set-cookie', 'proxy-authorization']);
/** Headers whose value is a date that changes on every call. */
const DATES = new Set(['date', 'expires', 'last-modified']);
/**
 * Headers that describe one transfer rather than the response (hop-by-hop, RFC 9110 section 7.6.1;
 * lengths and encodings the replay server recomputes), or that change on every call and carry signed
 * per-request URLs (`report-to`, `nel`, `server-timing`).
 */
const DROP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'alt-svc',
  'nel',
  'report-to',
  'server-timing',
]);

/** Returns `value` with every object's keys sorted (arrays keep their order). */
export function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key] ?? null)]),
  );
}

/** JSON with sorted keys and no whitespace: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, node: unknown) =>
    node !== null && typeof node === 'object' && !Array.isArray(node)
      ? Object.fromEntries(Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : node,
  );
}

/** Lower-cases header names, sorts them, redacts credentials and fixes volatile values. */
export function normalizeHeaders(headers: Iterable<readonly [string, string]>): Record<string, string> {
  const out: [string, string][] = [];
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    if (DROP.has(name)) continue;
    if (REDACT.has(name)) out.push([name, REDACTED]);
    else if (name === 'cf-ray') out.push([name, RAY_PLACEHOLDER]);
    else if (DATES.has(name)) out.push([name, DATE_PLACEHOLDER]);
    else out.push([name, value]);
  }
  return Object.fromEntries(out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A normalized copy of a recording: headers as `normalizeHeaders`, JSON bodies with sorted keys. */
export function normalizeRecording(recording: Recording): Recording {
  const { request, response, meta } = recording;
  return {
    request: {
      method: request.method.toUpperCase(),
      path: request.path,
      query: request.query.map(([k, v]) => [k, v]),
      headers: normalizeHeaders(Object.entries(request.headers)),
    },
    response: {
      status: response.status,
      headers: normalizeHeaders(Object.entries(response.headers)),
      body: sortKeys(response.body),
    },
    meta: { ...meta },
  };
}

/** The text of a recording file: normalized, sorted keys, two-space indent, final newline. */
export function serializeRecording(recording: Recording): string {
  const normalized = normalizeRecording(recording);
  const text = JSON.stringify(sortKeys(toJson(normalized)), null, 2);
  // One `[key, value]` pair per line keeps the query readable and its diffs small.
  const { query } = normalized.request;
  const pretty = `"query": ${JSON.stringify(query, null, 2).replaceAll('\n', '\n    ')}`;
  const compact =
    query.length === 0
      ? '"query": []'
      : `"query": [\n${query.map((pair) => `      ${JSON.stringify(pair).replace('","', '", "')}`).join(',\n')}\n    ]`;
  return `${text.replace(pretty, compact)}\n`;
}

function toJson(recording: Recording): Json {
  const { request, response, meta } = recording;
  return {
    request: { method: request.method, path: request.path, query: request.query, headers: request.headers },
    response: { status: response.status, headers: response.headers, body: response.body },
    meta: {
      source: meta.source,
      recordedAt: meta.recordedAt,
      specHash: meta.specHash,
      ...(meta.modelledOn === undefined ? {} : { modelledOn: meta.modelledOn }),
    },
  };
}
