import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { masterKeyFileProblem } from './master-key-file';

describe('masterKeyFileProblem', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'master-keys-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (content: string) => {
    fs.writeFileSync(path.join(dir, 'k.json'), content);
    return path.join(dir, 'k.json');
  };
  const key = Buffer.alloc(32, 7).toString('base64');

  it('none for a keyring, or a file not generated yet', () => {
    expect(masterKeyFileProblem(file(JSON.stringify({ keys: [{ id: 'k1', key }] })))).toBeNull();
    expect(masterKeyFileProblem(path.join(dir, 'none.json'))).toBeNull();
  });

  it('says what is wrong with the file in its own terms, never to delete it', () => {
    const f = path.join(dir, 'k.json');
    expect(masterKeyFileProblem(file('{"keys":[]}'))).toBe(`${f} holds no master key ("keys" is empty): restore it from your copy`);
    expect(masterKeyFileProblem(file('{bad'))).toMatch(/k\.json is not JSON \(.*\): restore it from your copy$/);
    expect(masterKeyFileProblem(file('[]'))).toMatch(/must be \{"keys": \[\{"id": …, "key": …\}, …\]\}/);
    expect(
      masterKeyFileProblem(
        file(
          JSON.stringify({
            keys: [
              { id: 'k1', key },
              { id: 'k2', key: 'short' },
            ],
          }),
        ),
      ),
    ).toBe(`${f}: keys[1] must have an "id" (letters, digits, . _ -) and a "key" (32 bytes in base64)`);
    expect(
      masterKeyFileProblem(
        file(
          JSON.stringify({
            keys: [
              { id: 'k1', key },
              { id: 'k1', key },
            ],
          }),
        ),
      ),
    ).toBe(`${f}: key id "k1" appears twice`);
    expect(masterKeyFileProblem(dir)).toMatch(/is a folder: name the key file itself/);
  });
});
