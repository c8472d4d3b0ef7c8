import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Creates `file` with `content` (readable by its owner only) unless it exists, so that processes
 * starting together end up with one and the same file: each writes a temporary file of its own and
 * hard-links it into place, which fails if another was first. The file appears whole or not at all,
 * and is never overwritten. Answers whether this call created it. For keys generated on first use.
 */
export function writeFileOnce(file: string, content: string): boolean {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}
