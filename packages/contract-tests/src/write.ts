// Writes a file so that a reader (the replay server, a test, git) sees the old text or the new one,
// never half of it: the text goes to a temporary file beside the target, which is then renamed over it
// (rename within one folder is atomic on POSIX file systems).
import { renameSync, writeFileSync } from 'node:fs';

export function writeAtomically(target: string, text: string): void {
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, target);
}
