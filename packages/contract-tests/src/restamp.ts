// Stamps reviewed recordings with the current spec: each recording is re-validated against the bundled
// spec, and only one that conforms gets the new `meta.specHash`, nothing else in its file changing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConformance } from './conformance.js';
import { serializeRecording } from './normalize.js';
import {
  parseRecording,
  RECORDINGS_DIR,
  type Recording,
  recordingFiles,
  recordingName,
  splitFile,
} from './recording.js';
import type { Spec } from './spec.js';
import { unknownParameters } from './staleness.js';
import { writeAtomically } from './write.js';

export interface RestampResult {
  /** `getTcpResetsTimeoutsSummary/csv.json` */
  file: string;
  /** `restamped`: stamped with the current hash; `current`: it already was; `refused`: left untouched. */
  outcome: 'restamped' | 'current' | 'refused';
  /** Why a refused recording does not conform, without the file name each problem starts with. */
  problems: string[];
  /** The line the CLI prints. */
  line: string;
}

export interface Restamp {
  results: RestampResult[];
  /** Every recording conforms (and now carries the current hash). */
  ok: boolean;
  /** The one-line summary the CLI prints last. */
  summary: string;
}

const short = (hash: string) => hash.slice(0, 12);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The parsed file, and what keeps it from being restamped (empty when it conforms to `spec`). */
function check(spec: Spec, file: string, text: string): { recording?: Recording; problems: string[] } {
  let recording: Recording;
  try {
    recording = parseRecording(file, text);
  } catch (error) {
    // A file edited by hand may not parse; that is a finding about the file, not a crash.
    return { problems: [error instanceof Error ? error.message : String(error)] };
  }
  const entry = { file, ...splitFile(file), recording };
  const problems = [...checkConformance(spec, entry), ...unknownParameters(spec, entry)];
  // Rewriting goes through the normalizer's serialization; a file not stored that way would change in
  // more places than meta.specHash.
  if (problems.length === 0 && serializeRecording(recording) !== text) {
    problems.push(
      `${recordingName(file)}: is not stored normalized, so restamping would change more than meta.specHash`,
    );
  }
  return { recording, problems };
}

/**
 * Re-validates every recording under `dir` against `spec`; writes `spec.hash` into `meta.specHash` of
 * each one that conforms (temporary file + rename), and leaves the others as they are.
 */
export function restamp(spec: Spec, dir: string = RECORDINGS_DIR): Restamp {
  const files = recordingFiles(dir);
  if (files.length === 0) throw new Error(`no recordings (<operationId>/<scenario>.json) under ${dir}`);
  const results = files.map((file): RestampResult => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    const { recording, problems: found } = check(spec, file, text);
    // The line names the file once; each problem names it again, as the conformance report or the parser does.
    const problems = found.map((p) =>
      p.replace(new RegExp(`^(?:${escapeRegExp(recordingName(file))}|${escapeRegExp(file)}): `), ''),
    );
    if (recording === undefined || problems.length > 0) {
      return { file, outcome: 'refused', problems, line: `✘ ${file} not restamped (${problems.join('; ')})` };
    }
    const was = recording.meta.specHash;
    if (was === spec.hash) return { file, outcome: 'current', problems, line: `= ${file} already current` };
    writeAtomically(path, serializeRecording({ ...recording, meta: { ...recording.meta, specHash: spec.hash } }));
    return { file, outcome: 'restamped', problems, line: `✔ restamped ${file} (${short(was)} → ${short(spec.hash)})` };
  });
  const count = (outcome: RestampResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  const done = `${count('restamped')} restamped, ${count('current')} already current`;
  const refused = count('refused');
  return {
    results,
    ok: refused === 0,
    summary:
      refused === 0
        ? `✔ ${results.length} recordings conform to spec ${short(spec.hash)}: ${done}`
        : `✘ ${refused} of ${results.length} recordings do not conform to spec ${short(spec.hash)} and were left as they were (${done}); fix them or re-record them with npm run record -- <operationId> <scenario> [key=value …] --update, then run npm run record -- --restamp again`,
  };
}
