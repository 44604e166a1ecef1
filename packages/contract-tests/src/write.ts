// Writes a file so that a reader (the replay server, a test, git) sees the old text or the new one,
// never half of it: the text goes to a temporary file beside the target, which is then renamed over it
// (rename within one folder is atomic on POSIX file systems). A process killed between the two steps
// leaves its temporary file behind: `.gitignore` ignores the name, and `removeStaleTemporaryFiles`
// deletes it at the next start.
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `<target>.<pid>.tmp`: unique per process, so that two writers never share one. */
export const temporaryFileFor = (target: string, pid = process.pid) => `${target}.${pid}.tmp`;

const TEMPORARY = /\.(\d+)\.tmp$/;

export function writeAtomically(target: string, text: string): void {
  const temp = temporaryFileFor(target);
  writeFileSync(temp, text);
  renameSync(temp, target);
}

/** Whether a process with this id is running (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/**
 * Deletes the temporary files that `writeAtomically` left in `dir` and its subfolders (one level
 * down, as recordings are laid out) when its process died before the rename. Returns their paths.
 */
export function removeStaleTemporaryFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  const visit = (folder: string, depth: number) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (depth > 0 && statSync(path).isDirectory()) visit(path, depth - 1);
      const pid = TEMPORARY.exec(name)?.[1];
      if (pid !== undefined && Number(pid) !== process.pid && !alive(Number(pid))) {
        rmSync(path, { force: true });
        removed.push(path);
      }
    }
  };
  visit(dir, 1);
  return removed;
}
