import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isUnitId, isUnitKind } from '@app/domain';
import { DEFAULT_UNITS_SEED_FILE, projectRoot } from '@app/platform';
import { readUnitSeedFile, UnitSeedFileError } from './unit-seed-file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'units-seed-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Writes a seed file and returns its path. */
function seedFile(content: unknown): string {
  const file = path.join(dir, `units-${++n}.json`);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
const units = (...entries: unknown[]) => seedFile({ units: entries });
const fgj = { id: 'dept-fgj', name: '区发展和改革局', kind: 'department' };

describe('the shipped seed file', () => {
  const seed = readUnitSeedFile(path.join(projectRoot(), DEFAULT_UNITS_SEED_FILE));

  it('is valid and names itself relative to the project', () => {
    expect(seed.file).toBe('config/units.seed.json');
  });

  it('lists a district: departments and their offices, service windows, towns and streets', () => {
    const count = (kind: string) => seed.units.filter((u) => u.kind === kind).length;
    expect(count('department')).toBeGreaterThanOrEqual(39);
    expect(count('window')).toBeGreaterThanOrEqual(30);
    expect(count('town')).toBeGreaterThanOrEqual(10);
    expect(seed.units.every((u) => isUnitId(u.id) && isUnitKind(u.kind))).toBe(true);
  });

  it('gives every window a parent: the department staffing it or the service centre', () => {
    expect(seed.units.filter((u) => u.kind === 'window' && !u.parentId)).toEqual([]);
  });
});

describe('reading a seed file', () => {
  it('orders parents before children whatever the order in the file', () => {
    const file = units(
      { id: 'win-tax-01', name: '区政务服务中心税务窗口', kind: 'window', parentId: 'dept-shuiwu-01' },
      { id: 'dept-shuiwu-01', name: '区税务局第一税务所', kind: 'department', parentId: 'dept-shuiwu' },
      { id: 'dept-shuiwu', name: '区税务局', kind: 'department' },
    );
    expect(readUnitSeedFile(file).units.map((u) => u.id)).toEqual(['dept-shuiwu', 'dept-shuiwu-01', 'win-tax-01']);
  });

  it('trims names and reads an absent parentId as none', () => {
    expect(readUnitSeedFile(units({ ...fgj, name: ' 区发展和改革局 ' })).units).toEqual([{ ...fgj, parentId: null }]);
  });
});

describe('seed file validation names the file and the entry', () => {
  const refused = (file: string) => {
    try {
      readUnitSeedFile(file);
    } catch (error) {
      expect(error).toBeInstanceOf(UnitSeedFileError);
      return (error as Error).message;
    }
    throw new Error('expected the seed file to be refused');
  };

  it('a missing file', () => {
    expect(refused(path.join(dir, 'absent.json'))).toMatch(/absent\.json: cannot be read/);
  });

  it('bad JSON', () => {
    const file = seedFile('{ "units": [ { "id": "dept-fgj", } ] }');
    expect(refused(file)).toMatch(new RegExp(`^${escape(file)}: is not valid JSON`));
  });

  it('no units array', () => {
    expect(refused(seedFile([fgj]))).toMatch(/: must be an object with a "units" array$/);
  });

  it('an unknown top-level key', () => {
    expect(refused(seedFile({ units: [], unit: [] }))).toMatch(/: unknown top-level key "unit"$/);
  });

  it('an entry that is not an object', () => {
    expect(refused(units(fgj, 'dept-czj'))).toMatch(/: units\[1\]: must be an object$/);
  });

  it('an unknown key in an entry, such as a misspelt parentId', () => {
    expect(refused(units(fgj, { ...fgj, id: 'dept-fgj-zhk', parent: 'dept-fgj' }))).toMatch(
      /: units\[1\] \(dept-fgj-zhk\): unknown key "parent"/,
    );
  });

  it.each(['Dept-FGJ', 'dept_fgj', '', 7])('the id %p', (id) => {
    expect(refused(units({ ...fgj, id }))).toMatch(/: units\[0\].*: id must be/);
  });

  it.each(['  ', '\u200b'])('a blank name (%j): zero-width characters show nothing either, as the registry judges', (name) => {
    expect(refused(units({ ...fgj, name }))).toMatch(/: units\[0\] \(dept-fgj\): name must be/);
  });

  it('an unknown kind', () => {
    expect(refused(units(fgj, { id: 'win-tax-01', name: '税务窗口', kind: 'windows' }))).toMatch(
      /: units\[1\] \(win-tax-01\): kind must be one of department, window, town, got "windows"$/,
    );
  });

  it('a duplicate id', () => {
    expect(refused(units(fgj, { ...fgj, name: '区发改局' }))).toMatch(/: units\[1\] \(dept-fgj\): id already used by units\[0\]$/);
  });

  it('a name used twice, as the registry compares names (width, case, spaces aside)', () => {
    expect(refused(units(fgj, { ...fgj, id: 'dept-fgj-2', name: ' 区发展和改革局 ' }))).toMatch(
      /: units\[1\] \(dept-fgj-2\): name "区发展和改革局" already used by units\[0\] \(dept-fgj\)$/,
    );
    expect(refused(units({ ...fgj, name: '区QA局' }, { ...fgj, id: 'dept-qa', name: '区ＱＡ局' }))).toMatch(/already used by units\[0\]/);
  });

  it('a parent not in the file', () => {
    expect(refused(units({ ...fgj, parentId: 'dept-zfb' }))).toMatch(
      /: units\[0\] \(dept-fgj\): parentId "dept-zfb" is not a unit of this file$/,
    );
  });

  it('a unit as its own parent', () => {
    expect(refused(units({ ...fgj, parentId: 'dept-fgj' }))).toMatch(/: units\[0\] \(dept-fgj\): parentId names the unit itself$/);
  });

  it('a parent chain that loops', () => {
    const file = units({ ...fgj, id: 'dept-a', parentId: 'dept-b' }, { ...fgj, id: 'dept-b', parentId: 'dept-a' });
    expect(refused(file)).toMatch(/: units\[0\] \(dept-a\): parent chain forms a cycle: dept-a → dept-b → dept-a$/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
