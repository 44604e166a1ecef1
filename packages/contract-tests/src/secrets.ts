// Keeps credentials out of recordings: scrubs the values the recorder sent wherever a server echoes
// them, and finds anything token-shaped that a hand edit lets through.
import { REDACTED } from './normalize.js';
import type { Json, Recording } from './recording.js';

const CREDENTIAL_HEADERS = [
  'authorization',
  'x-auth-key',
  'x-auth-email',
  'cookie',
  'set-cookie',
  'proxy-authorization',
];

const PATTERNS: [RegExp, string][] = [
  // Cloudflare API tokens are 40 characters of [A-Za-z0-9_-]; Global API keys 37 hex digits; JWT parts are long too.
  [/[A-Za-z0-9_-]{32,}/g, 'a long token-shaped string'],
  [/\bBearer\s+(?!\[REDACTED\])\S+/gi, 'a bearer credential'],
  [/[A-Za-z0-9._%+-]+@(?!example\.(?:com|org|net)\b)[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, 'an email address'],
];

function strings(value: Json, pointer: string, out: [string, string][]): [string, string][] {
  if (typeof value === 'string') out.push([pointer, value]);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) strings(child, `${pointer}/${key}`, out);
  }
  return out;
}

/** Every token-shaped value, as `<pointer>: <what> ("<excerpt>")`; `meta.specHash` is a hash, not a secret. */
export function findSecrets(recording: Recording): string[] {
  const found: string[] = [];
  for (const part of ['request', 'response'] as const) {
    for (const name of CREDENTIAL_HEADERS) {
      const value = recording[part].headers[name];
      if (value !== undefined && value !== REDACTED) found.push(`/${part}/headers/${name}: not redacted`);
    }
  }
  const values: Json = { request: { ...recording.request }, response: { ...recording.response } };
  for (const [pointer, text] of strings(values, '', [])) {
    for (const [pattern, what] of PATTERNS) {
      for (const match of text.matchAll(pattern)) {
        // Letters only (a long word) or digits only (a long number) is not a credential.
        if (what === 'a long token-shaped string' && !(/[0-9]/.test(match[0]) && /[A-Za-z]/.test(match[0]))) continue;
        found.push(`${pointer}: ${what} ("${match[0].slice(0, 6)}…")`);
      }
    }
  }
  return found;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every occurrence of the given credential values with `[REDACTED]`, as sent and as
 * percent-encoded (a server may echo them in a URL), in any case (an email address may come back
 * lower-cased). `scrub.count` says how many were replaced.
 */
export function scrubber(values: readonly string[]): { scrub: (text: string) => string; readonly count: number } {
  const forms = new Set<string>();
  for (const value of values) {
    if (value === '') continue;
    forms.add(value);
    forms.add(encodeURIComponent(value));
  }
  // Longest first, so that a value inside another (an email in a longer token) leaves no tail behind.
  const pattern =
    forms.size === 0
      ? undefined
      : new RegExp(
          [...forms]
            .sort((a, b) => b.length - a.length)
            .map(escapeRegExp)
            .join('|'),
          'gi',
        );
  let count = 0;
  return {
    scrub: (text) =>
      pattern === undefined
        ? text
        : text.replace(pattern, () => {
            count += 1;
            return REDACTED;
          }),
    get count() {
      return count;
    },
  };
}

function scrubJson(value: Json, scrub: (text: string) => string): Json {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, scrub));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [scrub(key), scrubJson(child, scrub)]));
}

/**
 * A copy of a recording with every occurrence of `values` replaced (see `scrubber`): in the path and
 * the query, in every header name and value of the request and the response, and in every string of
 * the body (object keys included). The count is of the occurrences replaced.
 */
export function scrubRecording(
  recording: Recording,
  values: readonly string[],
): { recording: Recording; count: number } {
  const s = scrubber(values);
  const headers = (from: Record<string, string>) =>
    Object.fromEntries(Object.entries(from).map(([name, value]) => [s.scrub(name), s.scrub(value)]));
  const { request, response, meta } = recording;
  const scrubbed: Recording = {
    request: {
      method: request.method,
      path: s.scrub(request.path),
      query: request.query.map(([key, value]) => [s.scrub(key), s.scrub(value)]),
      headers: headers(request.headers),
    },
    response: { status: response.status, headers: headers(response.headers), body: scrubJson(response.body, s.scrub) },
    meta: { ...meta },
  };
  return { recording: scrubbed, count: s.count };
}
