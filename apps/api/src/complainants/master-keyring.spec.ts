import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { masterKey } from '@app/platform';
import { generatedKey, loadMasterKeyring, MasterKeyring, readKeyFile, writeKeyFile } from './master-keyring';

describe('the master keyring', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyring-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('from COMPLAINANT_MASTER_KEYS: the first key is current, every key is found by its id', () => {
    const keys = [masterKey('k2', Buffer.alloc(32, 2)), masterKey('k1', Buffer.alloc(32, 1))];
    const keyring = loadMasterKeyring({ masterKeys: keys, keyFile: path.join(dir, 'unused.json') });
    expect(keyring.current.id).toBe('k2');
    expect(keyring.byId('k1')!.key).toEqual(Buffer.alloc(32, 1));
    expect(keyring.byId('k3')).toBeUndefined();
    expect(fs.existsSync(path.join(dir, 'unused.json'))).toBe(false);
  });

  it('in development: generated into its file on first use (owner-only), the same key afterwards', () => {
    const keyFile = path.join(dir, '.data', 'complainant-master-keys.json');
    const generated: string[] = [];
    const first = loadMasterKeyring({ masterKeys: null, keyFile }, (file) => generated.push(file));
    const second = loadMasterKeyring({ masterKeys: null, keyFile }, (file) => generated.push(file));
    expect(generated).toEqual([keyFile]);
    expect(second.current.id).toBe(first.current.id);
    expect(second.current.key).toEqual(first.current.key);
    expect(first.current.key).toHaveLength(32);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(keyFile))).toEqual(['complainant-master-keys.json']);
  });

  it('in development: follows the file when a rotation rewrites it while the API runs', () => {
    const keyFile = path.join(dir, 'keys.json');
    const running = loadMasterKeyring({ masterKeys: null, keyFile });
    const old = running.current;
    const rotated = generatedKey();
    writeKeyFile(keyFile, [rotated, old]);
    // The rename may land within the file system's timestamp granularity: make the change visible.
    fs.utimesSync(keyFile, new Date(), new Date(Date.now() + 2000));
    expect(running.current.id).toBe(rotated.id);
    expect(running.current.key).toEqual(rotated.key);
    expect(running.byId(old.id)!.key).toEqual(old.key);
    writeKeyFile(keyFile, [rotated]);
    fs.utimesSync(keyFile, new Date(), new Date(Date.now() + 4000));
    expect(running.ids).toEqual([rotated.id]);
  });

  it('a damaged key file stops the start, naming the file', () => {
    const keyFile = path.join(dir, 'keys.json');
    fs.writeFileSync(keyFile, '{"keys":[{"id":"k1","key":"short"}]}');
    expect(() => readKeyFile(keyFile)).toThrow(keyFile);
    // In the file's own terms, not those of COMPLAINANT_MASTER_KEYS' entries; never "delete it".
    fs.writeFileSync(keyFile, '{"keys":[]}');
    expect(() => readKeyFile(keyFile)).toThrow(`${keyFile} holds no master key ("keys" is empty): restore it from your copy`);
    expect(() => new MasterKeyring([])).toThrow();
  });
});
