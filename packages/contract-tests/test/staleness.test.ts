// Staleness: a recording stamped with another spec hash is re-validated and reported; one whose
// request uses a parameter the spec no longer has fails, naming both.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeRecording } from '../src/normalize.js';
import { parseRecording, RECORDINGS_DIR, readRecordings } from '../src/recording.js';
import { loadSpec } from '../src/spec.js';
import { checkStaleness, formatStaleness } from '../src/staleness.js';

const spec = loadSpec();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary recordings folder holding one edited copy of `file`; throws if the edit changed nothing. */
function copyWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'recordings-'));
  dirs.push(dir);
  cpSync(join(RECORDINGS_DIR, file), join(dir, file));
  const text = readFileSync(join(dir, file), 'utf8');
  const edited = edit(text);
  if (edited === text) throw new Error(`the edit left ${file} as it was, so the test would prove nothing`);
  writeFileSync(join(dir, file), edited);
  return dir;
}

const OLD_HASH = 'f'.repeat(64);
/** Replaces whatever `meta.specHash` the file holds, whether or not it is the current spec's. */
const stamp = (hash: string) => (text: string) => text.replace(/"specHash": "[^"]*"/, `"specHash": "${hash}"`);
const FILE = 'getTcpResetsTimeoutsSummary/asn.json';

describe('staleness', () => {
  it('reports the committed recordings and finds no parameter the spec lacks', () => {
    const staleness = checkStaleness(spec, readRecordings());
    console.log(formatStaleness(staleness, spec.hash));
    expect(staleness.unknownParameters).toEqual([]);
    for (const { problems } of staleness.stale) expect(problems).toEqual([]);
  });

  it('re-validates a recording stamped with another spec hash and reports it as still valid', () => {
    const dir = copyWith(FILE, stamp(OLD_HASH));
    const staleness = checkStaleness(spec, readRecordings(dir));
    expect(staleness).toEqual({ stale: [{ file: FILE, recordedWith: OLD_HASH, problems: [] }], unknownParameters: [] });
    expect(formatStaleness(staleness, spec.hash)).toContain(
      `✔ ${FILE}: recorded against spec ffffffffffff, now ${spec.hash.slice(0, 12)}; still valid`,
    );
  });

  it('reports what re-validation finds in a stale recording that no longer conforms', () => {
    const dir = copyWith(FILE, (text) => stamp(OLD_HASH)(text).replace('"post_ack"', '"postAck"'));
    const [stale] = checkStaleness(spec, readRecordings(dir)).stale;
    expect(stale?.problems).toContain(
      `recordings/${FILE}: result.summary_0: must have required property 'post_ack' (openapi/components/schemas/TcpResetsTimeoutsSummary.yaml#/required)`,
    );
  });

  it('fails loudly when an edit of the copy changes nothing', () => {
    expect(() => copyWith(FILE, (text) => text.replace('no such text', OLD_HASH))).toThrow(
      `the edit left ${FILE} as it was, so the test would prove nothing`,
    );
  });

  it('fails a recording whose request uses a parameter the spec does not have, naming both', () => {
    const dir = copyWith(FILE, (text) => {
      const recording = parseRecording(FILE, text);
      recording.request.query.push(['country', 'US']);
      return serializeRecording(recording);
    });
    expect(checkStaleness(spec, readRecordings(dir)).unknownParameters).toEqual([
      `recordings/${FILE}: request.query uses parameter "country", which getTcpResetsTimeoutsSummary does not have as a query parameter in the spec (it has name, dateRange, dateStart, dateEnd, asn, location, continent, format); re-record the file without it, or declare it in openapi/paths/radar_tcp_resets_timeouts_summary.yaml#/get`,
    ]);
  });
});
