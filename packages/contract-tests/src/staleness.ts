// Recordings checked against an older spec: re-validated and reported when the spec hash changed,
// and a failure when their request uses a parameter the spec no longer has.
import { checkConformance } from './conformance.js';
import { type RecordingFile, recordingName } from './recording.js';
import { type Spec, specFile } from './spec.js';

export interface Staleness {
  /** Recordings stamped with another spec hash, with what re-validation found (empty: still valid). */
  stale: { file: string; recordedWith: string; problems: string[] }[];
  /** One line per parameter a recorded request uses and the spec does not declare. */
  unknownParameters: string[];
}

/** One line per parameter the recorded request uses and the spec does not declare for its operation. */
export function unknownParameters(spec: Spec, entry: RecordingFile): string[] {
  const { file, operationId, recording } = entry;
  const operation = spec.operations.get(operationId);
  // Only query parameters travel as query keys; a path parameter sent as one is a mistake too.
  const declared = new Set(operation?.parameters.filter((p) => p.in === 'query').map((p) => p.name) ?? []);
  return [...new Set(recording.request.query.map(([k]) => k))]
    .filter((key) => !declared.has(key))
    .map(
      (key) =>
        `${recordingName(file)}: request.query uses parameter "${key}", which ${operationId} does not have as a query parameter in the spec (it has ${[...declared].join(', ') || 'none'}); re-record the file without it, or declare it in ${operation ? specFile(operation.pointer) : 'openapi/'}`,
    );
}

export function checkStaleness(spec: Spec, recordings: readonly RecordingFile[]): Staleness {
  const stale: Staleness['stale'] = [];
  for (const entry of recordings) {
    const { file, recording } = entry;
    if (recording.meta.specHash !== spec.hash) {
      stale.push({ file, recordedWith: recording.meta.specHash, problems: checkConformance(spec, entry) });
    }
  }
  return { stale, unknownParameters: recordings.flatMap((entry) => unknownParameters(spec, entry)) };
}

/** One line per stale recording, for the test output. */
export function formatStaleness({ stale }: Staleness, currentHash: string): string {
  if (stale.length === 0) return `✔ every recording was checked against the current spec (${currentHash.slice(0, 12)})`;
  return [
    ...stale.map(
      ({ file, recordedWith, problems }) =>
        `${problems.length === 0 ? '✔' : '✘'} ${file}: recorded against spec ${recordedWith.slice(0, 12)}, now ${currentHash.slice(0, 12)}; ${problems.length === 0 ? 'still valid' : problems.join('; ')}`,
    ),
    `${stale.length} recordings stamped with an older spec; re-record them, or stamp the ones still valid with the current spec: npm run record -- --restamp`,
  ].join('\n');
}
