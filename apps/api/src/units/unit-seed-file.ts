import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseUnitSeed, UnitSeedFileError, type UnitSeed } from '@app/domain';
import { projectRoot } from '@app/platform';

export { UnitSeedFileError, type SeedUnit, type UnitSeed } from '@app/domain';

/**
 * Reads and checks a seed file (see parseUnitSeed in libs/domain). Throws UnitSeedFileError on the
 * first problem, naming the file relative to the project when it lies inside it.
 */
export function readUnitSeedFile(file: string): UnitSeed {
  const shown = displayPath(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UnitSeedFileError(`${shown}: cannot be read: ${(error as Error).message}`);
  }
  return parseUnitSeed(shown, text);
}

function displayPath(file: string): string {
  const relative = path.relative(projectRoot(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
