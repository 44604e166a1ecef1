// Recordings checked against an older spec: re-validated and reported when the spec hash changed,
// and a failure when their request uses a parameter the spec no longer has.
import { checkConformance } from './conformance.js';
import type { RecordingFile } from './recording.js';
import type { Spec } from './spec.js';

export interface Staleness {
  /** Recordings stamped with another spec hash, with what re-validation found (empty: still valid). */
  stale: { file: string; recordedWith: string; problems: string[] }[];
  /** One line per parameter a recorded request uses and the spec does not declare. */
  unknownParameters: string[];
}

export function checkStaleness(spec: Spec, recordings: readonly RecordingFile[]): Staleness {
  const stale: Staleness['stale'] = [];
  const unknownParameters: string[] = [];
  for (const entry of recordings) {
    const { file, operationId, recording } = entry;
    if (recording.meta.specHash !== spec.hash) {
      stale.push({ file, recordedWith: recording.meta.specHash, problems: checkConformance(spec, entry) });
    }
    const operation = spec.operations.get(operationId);
    const declared = new Set(operation?.parameters.map((p) => p.name) ?? []);
    for (const key of new Set(recording.request.query.map(([k]) => k))) {
      if (declared.has(key)) continue;
      unknownParameters.push(
        `${file}: /request/query uses parameter "${key}", which ${operationId} no longer has in the spec (it has ${[...declared].join(', ') || 'none'})`,
      );
    }
  }
  return { stale, unknownParameters };
}

/** One line per stale recording, for the test output. */
export function formatStaleness({ stale }: Staleness, currentHash: string): string {
  if (stale.length === 0) return `✔ every recording was checked against the current spec (${currentHash.slice(0, 12)})`;
  return [
    ...stale.map(
      ({ file, recordedWith, problems }) =>
        `${problems.length === 0 ? '✔' : '✘'} ${file}: recorded against spec ${recordedWith.slice(0, 12)}, now ${currentHash.slice(0, 12)}; ${problems.length === 0 ? 'still valid' : problems.join('; ')}`,
    ),
    `${stale.length} recordings stamped with an older spec; re-record them, or after review set meta.specHash to ${currentHash}`,
  ].join('\n');
}
