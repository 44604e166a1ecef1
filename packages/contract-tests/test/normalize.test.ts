import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  DATE_PLACEHOLDER,
  normalizeHeaders,
  RAY_PLACEHOLDER,
  REDACTED,
  serializeRecording,
  sortKeys,
} from '../src/normalize.js';
import { parseRecording, RECORDINGS_DIR, readRecordings } from '../src/recording.js';

describe('normalizeHeaders', () => {
  it.each([
    {
      description: 'lower-cases and sorts names',
      input: [
        ['X-B', '1'],
        ['A', '2'],
      ],
      output: { a: '2', 'x-b': '1' },
    },
    {
      description: 'redacts Authorization',
      input: [['Authorization', 'Bearer abc']],
      output: { authorization: REDACTED },
    },
    {
      description: 'redacts the legacy pair',
      input: [
        ['X-Auth-Email', 'someone@radar.dev'],
        ['X-Auth-Key', 'abc'],
      ],
      output: { 'x-auth-email': REDACTED, 'x-auth-key': REDACTED },
    },
    {
      description: 'redacts cookies',
      input: [
        ['Cookie', 'a=1'],
        ['Set-Cookie', '__cf_bm=xyz; path=/'],
      ],
      output: { cookie: REDACTED, 'set-cookie': REDACTED },
    },
    { description: 'fixes cf-ray', input: [['CF-RAY', '8e1f2a3b4c5d6e7f-LIS']], output: { 'cf-ray': RAY_PLACEHOLDER } },
    {
      description: 'fixes dates',
      input: [['Date', 'Sun, 22 Nov 2026 23:00:00 GMT']],
      output: { date: DATE_PLACEHOLDER },
    },
    {
      description: 'drops per-transfer and signed per-request headers',
      input: [
        ['Content-Length', '10'],
        ['Transfer-Encoding', 'chunked'],
        ['Report-To', '{"endpoints":[]}'],
        ['NEL', '{}'],
      ],
      output: {},
    },
    {
      description: 'keeps retry-after and content-type',
      input: [
        ['Retry-After', '30'],
        ['Content-Type', 'text/csv'],
      ],
      output: { 'content-type': 'text/csv', 'retry-after': '30' },
    },
  ] satisfies { description: string; input: [string, string][]; output: Record<string, string> }[])(
    '$description',
    ({ input, output }) => {
      expect(normalizeHeaders(input)).toEqual(output);
      expect(Object.keys(normalizeHeaders(input))).toEqual(Object.keys(output).sort());
    },
  );
});

describe('canonical forms', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(JSON.stringify(sortKeys({ b: [{ d: 1, c: 2 }], a: null }))).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
    expect(canonicalJson({ b: 1, a: { z: 1, y: [2, 1] } })).toBe('{"a":{"y":[2,1],"z":1},"b":1}');
  });

  it.each(readRecordings().map((entry) => ({ description: entry.file })))(
    '$description is stored normalized',
    ({ description }) => {
      const text = readFileSync(join(RECORDINGS_DIR, description), 'utf8');
      expect(serializeRecording(parseRecording(description, text))).toBe(text);
    },
  );

  it('names the file and the field when a recording has the wrong shape', () => {
    expect(() =>
      parseRecording('x/y.json', '{"request":{"method":"GET","path":"/a","query":"a=1","headers":{}}}'),
    ).toThrow('x/y.json: /request/query must be a list of [key, value] string pairs');
    expect(() =>
      parseRecording(
        'x/y.json',
        '{"request":{"method":"GET","path":"/a","query":[],"headers":{}},"response":{"status":200,"headers":{},"body":1},"meta":{"source":"live?","recordedAt":"","specHash":""}}',
      ),
    ).toThrow('x/y.json: /meta/source must be live or reference-docs or hand-made');
  });
});
