// Restamping, on a temporary copy of the recordings: a recording that conforms to the current spec gets
// its meta.specHash and nothing else rewritten; one that does not is left byte for byte as it was.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeRecording } from '../src/normalize.js';
import { parseRecording, RECORDINGS_DIR, recordingFiles } from '../src/recording.js';
import { restamp } from '../src/restamp.js';
import { loadSpec } from '../src/spec.js';

const spec = loadSpec();
const OLD_HASH = 'f'.repeat(64);
const VALID = 'getTcpResetsTimeoutsSummary/asn.json';
const BROKEN = 'getTcpResetsTimeoutsSummary/continent.json';
const CURRENT = 'getTcpResetsTimeoutsSummary/csv.json';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary copy of the whole recordings folder. */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'restamp-'));
  dirs.push(dir);
  cpSync(RECORDINGS_DIR, dir, { recursive: true });
  return dir;
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

/** Edits one file of the copy; throws if the edit changed nothing, so no test passes by accident. */
function edit(dir: string, file: string, change: (text: string) => string): string {
  const before = read(dir, file);
  const after = change(before);
  if (after === before) throw new Error(`the edit left ${file} as it was`);
  writeFileSync(join(dir, file), after);
  return after;
}

const stamp = (hash: string) => (text: string) => text.replace(/"specHash": "[^"]*"/, `"specHash": "${hash}"`);

/** The copy with one valid stale file, one stale file that no longer conforms and one current file. */
function prepared(): string {
  const dir = copy();
  for (const file of recordingFiles(dir)) writeFileSync(join(dir, file), stamp(spec.hash)(read(dir, file)));
  edit(dir, VALID, stamp(OLD_HASH));
  edit(dir, BROKEN, (text) => stamp(OLD_HASH)(text).replace('"post_ack"', '"postAck"'));
  return dir;
}

describe('restamp', () => {
  it('stamps a conforming recording, changing only meta.specHash, and leaves one that does not conform untouched', () => {
    const dir = prepared();
    const valid = read(dir, VALID);
    const broken = read(dir, BROKEN);
    const total = recordingFiles(dir).length;

    const result = restamp(spec, dir);
    const line = (file: string) => result.results.find((r) => r.file === file)?.line;
    expect(line(VALID)).toBe(`✔ restamped ${VALID} (ffffffffffff → ${spec.hash.slice(0, 12)})`);
    expect(line(CURRENT)).toBe(`= ${CURRENT} already current`);
    expect(line(BROKEN)).toBe(
      `✘ ${BROKEN} not restamped (result.summary_0: must have required property 'post_ack' (openapi/components/schemas/TcpResetsTimeoutsSummary.yaml#/required); result.summary_0.postAck: not in openapi/components/schemas/TcpResetsTimeoutsSummary.yaml)`,
    );
    expect(result.results).toHaveLength(total);
    expect(result.ok).toBe(false);
    expect(result.summary).toBe(
      `✘ 1 of ${total} recordings do not conform to spec ${spec.hash.slice(0, 12)} and were left as they were (1 restamped, ${total - 2} already current); fix them or re-record them with npm run record -- <operationId> <scenario> [key=value …] --update, then run npm run record -- --restamp again`,
    );

    // Only the specHash line of the valid file changed; the broken one is byte for byte as it was.
    const after = read(dir, VALID).split('\n');
    const changed = valid
      .split('\n')
      .flatMap((text, i) => (text === after[i] ? [] : [[text.trim(), after[i]?.trim()]]));
    expect(changed).toEqual([[`"specHash": "${OLD_HASH}"`, `"specHash": "${spec.hash}"`]]);
    expect(after).toHaveLength(valid.split('\n').length);
    expect(read(dir, BROKEN)).toBe(broken);
    expect(readdirSync(join(dir, 'getTcpResetsTimeoutsSummary')).filter((name) => !name.endsWith('.json'))).toEqual([]);

    // Once the broken file is fixed, a second run stamps it, and a third finds everything current.
    edit(dir, BROKEN, (text) => text.replace('"postAck"', '"post_ack"'));
    expect(restamp(spec, dir)).toMatchObject({
      ok: true,
      summary: `✔ ${total} recordings conform to spec ${spec.hash.slice(0, 12)}: 1 restamped, ${total - 1} already current`,
    });
    expect(restamp(spec, dir).results.every((r) => r.outcome === 'current')).toBe(true);
  });

  it.each([
    {
      description: 'a request parameter the spec does not have',
      change: (text: string) => {
        const recording = parseRecording(VALID, text);
        recording.request.query.push(['country', 'US']);
        return serializeRecording(recording);
      },
      problem:
        'request.query uses parameter "country", which getTcpResetsTimeoutsSummary does not have as a query parameter in the spec (it has name, dateRange, dateStart, dateEnd, asn, location, continent, format); re-record the file without it, or declare it in openapi/paths/radar_tcp_resets_timeouts_summary.yaml#/get',
    },
    {
      description: 'a file not stored normalized',
      change: (text: string) => `${JSON.stringify(JSON.parse(text), null, 4)}\n`,
      problem: 'is not stored normalized, so restamping would change more than meta.specHash',
    },
    {
      description: 'a file that is not JSON',
      change: (text: string) => text.slice(0, 40),
      problem: 'not JSON (',
    },
  ])('refuses $description, naming the file, and leaves it as it was', ({ change, problem }) => {
    const dir = copy();
    const text = edit(dir, VALID, (t) => change(stamp(OLD_HASH)(t)));
    const result = restamp(spec, dir);
    const refused = result.results.filter((r) => r.outcome === 'refused');
    expect(refused.map((r) => r.file)).toEqual([VALID]);
    expect(refused[0]?.line).toContain(`✘ ${VALID} not restamped (`);
    expect(refused[0]?.line).toContain(problem);
    expect(result.ok).toBe(false);
    expect(read(dir, VALID)).toBe(text);
  });

  it('refuses a folder without recordings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'restamp-'));
    dirs.push(dir);
    expect(() => restamp(spec, dir)).toThrow(`no recordings (<operationId>/<scenario>.json) under ${dir}`);
  });
});

describe('npm run record -- --restamp', () => {
  const cli = fileURLToPath(new URL('../src/cli/record.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
  const run = (args: string[]) =>
    promisify(execFile)(tsx, [cli, ...args], { env: { PATH: process.env.PATH ?? '' } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it('prints one line per file and a summary, and exits 1 while a recording does not conform', async () => {
    expect(existsSync(tsx), 'tsx is missing: run npm ci at the repo root').toBe(true);
    const dir = prepared();
    const total = recordingFiles(dir).length;
    const failed = await run(['--restamp', dir]);
    expect(failed.code).toBe(1);
    const lines = failed.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(total + 1);
    expect(lines).toContain(`✔ restamped ${VALID} (ffffffffffff → ${spec.hash.slice(0, 12)})`);
    expect(lines).toContain(`= ${CURRENT} already current`);
    expect(lines.find((l) => l.startsWith(`✘ ${BROKEN} not restamped (`))).toBeDefined();
    expect(lines.at(-1)).toMatch(/^✘ 1 of \d+ recordings do not conform/);

    edit(dir, BROKEN, (text) => text.replace('"postAck"', '"post_ack"'));
    const passed = await run(['--restamp', dir]);
    expect(passed.code).toBe(0);
    expect(passed.stdout.trimEnd().split('\n').at(-1)).toBe(
      `✔ ${total} recordings conform to spec ${spec.hash.slice(0, 12)}: 1 restamped, ${total - 1} already current`,
    );
  });

  it('needs no credentials, and says when the folder holds no recordings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'restamp-'));
    dirs.push(dir);
    const { code, stderr } = await run(['--restamp', dir]);
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`✘ --restamp: no recordings (<operationId>/<scenario>.json) under ${dir}`);
  });
});
