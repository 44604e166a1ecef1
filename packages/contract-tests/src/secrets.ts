// Finds anything token-shaped in a recording, so that no credential is ever committed.
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
