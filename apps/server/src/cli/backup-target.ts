import * as fs from 'node:fs';

/**
 * Why `npm run backup` may not write `file`, or null when it may (the file is not there, or is a
 * regular file it replaces). The backup is written beside it and renamed over it, and rename replaces
 * whatever has that name: a symbolic link would become a plain file (its target left as it was), a
 * device such as /dev/full or /dev/stdout would be removed. Such names are refused, not followed:
 * the backup holds sealed identities, and goes only where the user plainly named a file.
 */
export function backupTargetRefusal(file: string): string | null {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!stat || stat.isFile()) return null;
  const example = `${file.replace(/\/$/, '')}/cases.ndjson`;
  if (stat.isDirectory()) return `${file} is a folder: name the file to write, e.g. ${example}`;
  if (stat.isSymbolicLink()) {
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory())
      return `${file} is a symbolic link to a folder: name the file to write in it, e.g. ${example}`;
    return `${file} is a symbolic link (to ${fs.readlinkSync(file)}): name the file itself, not a link to it`;
  }
  const kind = stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'a device';
  return `${file} is ${kind}, not a regular file: name a file to write the backup to`;
}
