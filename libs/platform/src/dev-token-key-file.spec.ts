import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { devTokenKeyFileProblem } from './dev-token-key-file';

describe('devTokenKeyFileProblem', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-key-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (content: string) => {
    fs.writeFileSync(path.join(dir, 'k.json'), content);
    return path.join(dir, 'k.json');
  };
  const jwk = (type: 'ec' | 'rsa', part: 'privateKey' | 'publicKey' = 'privateKey') =>
    JSON.stringify(
      (type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: 1024 }))[
        part
      ].export({
        format: 'jwk',
      }),
    );

  it('none for a P-256 private key, or a file not made yet (in a folder that can be made)', () => {
    expect(devTokenKeyFileProblem(file(jwk('ec')))).toBeNull();
    expect(devTokenKeyFileProblem(path.join(dir, 'later', 'k.json'))).toBeNull();
  });

  it('names what is wrong, and what to do', () => {
    expect(devTokenKeyFileProblem(file('{bad'))).toMatch(/k\.json is not a development signing key \(not JSON: .*\): fix it, or delete it/);
    expect(devTokenKeyFileProblem(file(jwk('rsa')))).toMatch(/is not a development signing key \(a P-256 private key as a JWK\)/);
    expect(devTokenKeyFileProblem(file(jwk('ec', 'publicKey')))).toMatch(/is not a development signing key/);
    expect(devTokenKeyFileProblem(dir)).toBe(`${dir} is a folder: name the key file itself, e.g. ${dir}/dev-token-key.json`);
    expect(devTokenKeyFileProblem(path.join(file('x'), 'k.json'))).toBe(
      `${dir}/k.json/k.json cannot be made: ${dir}/k.json is a file, not a folder`,
    );
  });
});
