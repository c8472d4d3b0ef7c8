import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The files a process holds open whose path was under `folder`, removed or not (Linux's
 * /proc/<pid>/fd: a removed file's link ends in " (deleted)"). What a rebuild sets aside on disk is
 * such a file (projections/runner/row-spill.ts): no folder names it, yet it takes room until closed.
 */
export function openFilesUnder(folder: string, pid: number | 'self' = 'self'): string[] {
  const fds = path.join('/proc', String(pid), 'fd');
  const targets = fs.readdirSync(fds).flatMap((fd) => {
    try {
      return [fs.readlinkSync(path.join(fds, fd))];
    } catch {
      return []; // closed since it was listed (the listing's own descriptor, say)
    }
  });
  return targets.filter((target) => target.startsWith(folder + path.sep));
}
