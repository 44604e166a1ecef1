// No recording holds anything token-shaped: credentials are redacted at record time, and this scan
// catches any that a hand edit lets through.
import { describe, expect, it } from 'vitest';
import { normalizeRecording } from '../src/normalize.js';
import { type Recording, readRecordings } from '../src/recording.js';
import { findSecrets } from '../src/secrets.js';

const TOKEN = 'Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY'; // Cloudflare's documented example token.
const KEY = '144c9defac04969c7bfad8efaa8ea194'; // Cloudflare's documented example Global API key.

const base: Recording = {
  request: { method: 'GET', path: '/radar/tcp_resets_timeouts/summary', query: [], headers: {} },
  response: { status: 200, headers: { 'content-type': 'application/json' }, body: { success: true } },
  meta: { source: 'hand-made', recordedAt: '2026-11-22T00:00:00.000Z', specHash: 'a1'.repeat(32) },
};

describe('secrets', () => {
  it.each(readRecordings().map((entry) => ({ description: entry.file, entry })))(
    '$description holds none',
    ({ entry }) => {
      expect(findSecrets(entry.recording)).toEqual([]);
    },
  );

  it.each([
    {
      description: 'an authorization header left as sent',
      recording: { ...base, request: { ...base.request, headers: { authorization: `Bearer ${TOKEN}` } } },
      found: '/request/headers/authorization: not redacted',
    },
    {
      description: 'the legacy key pair left as sent',
      recording: {
        ...base,
        request: { ...base.request, headers: { 'x-auth-email': 'user@radar.dev', 'x-auth-key': KEY } },
      },
      found: '/request/headers/x-auth-key: not redacted',
    },
    {
      description: 'a token in a query value',
      recording: { ...base, request: { ...base.request, query: [['token', TOKEN]] as [string, string][] } },
      found: '/request/query/0/1: a long token-shaped string ("Sn3lZJ…")',
    },
    {
      description: 'a key inside a response body',
      recording: { ...base, response: { ...base.response, body: { debug: `key=${KEY}` } } },
      found: '/response/body/debug: a long token-shaped string ("144c9d…")',
    },
    {
      description: 'an email address in a response header',
      recording: { ...base, response: { ...base.response, headers: { 'x-owner': 'someone@radar.dev' } } },
      found: '/response/headers/x-owner: an email address ("someon…")',
    },
  ])('finds $description, and the normalizer removes the header ones', ({ recording, found }) => {
    expect(findSecrets(recording)).toContain(found);
    if (found.includes('/headers/') && found.endsWith('not redacted')) {
      expect(findSecrets(normalizeRecording(recording))).toEqual([]);
    }
  });

  it('leaves the spec hash, dates and numbers alone', () => {
    expect(findSecrets(base)).toEqual([]);
  });
});
