import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileOnce } from './write-file-once';

describe('writeFileOnce (keys generated on first use)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'once-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the file, owner-only, in a folder it makes; the second writer finds it and changes nothing', () => {
    const file = path.join(dir, '.data', 'key.json');
    expect(writeFileOnce(file, 'first')).toBe(true);
    expect(writeFileOnce(file, 'second')).toBe(false);
    expect(fs.readFileSync(file, 'utf8')).toBe('first');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['key.json']);
  });
});
