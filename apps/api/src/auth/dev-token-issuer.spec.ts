import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuthenticationFailed } from './authentication-failure';
import { DevTokenIssuer, parseTokenTtl } from './dev-token-issuer';

describe('the development issuer', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-issuer-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates its key on first use, readable by its owner only, and keeps using it', async () => {
    const file = path.join(dir, 'nested', 'dev-token-key.json');
    const first = DevTokenIssuer.loadOrCreate(file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['dev-token-key.json']); // no temporary file left
    const again = DevTokenIssuer.loadOrCreate(file);
    expect(again.keyId).toBe(first.keyId);
    const token = await first.issue({ role: 'unit', unitId: 'dept-scjgj' });
    await expect(again.verifier(30).verify(token)).resolves.toEqual({ actorId: 'dev-dept-scjgj', role: 'unit', unitId: 'dept-scjgj' });
  });

  it('signs the claims a provider would, for the subject and time asked', async () => {
    const issuer = DevTokenIssuer.generate();
    const token = await issuer.issue({ role: 'discipline', subject: 'jjjc-li', ttlSeconds: 600 }, new Date('2030-01-01T00:00:00Z'));
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as object);
    expect(header).toEqual({ alg: 'ES256', kid: issuer.keyId, typ: 'JWT' });
    expect(payload).toMatchObject({
      iss: 'urn:complaint-cases:dev-issuer',
      aud: 'complaint-cases-api',
      sub: 'jjjc-li',
      roles: ['discipline'],
      iat: 1893456000,
      exp: 1893456600,
    });
    expect(payload).not.toHaveProperty('unit_id');
  });

  it('trusts its own tokens only, and only until they expire', async () => {
    const issuer = DevTokenIssuer.generate();
    const code = (promise: Promise<unknown>) =>
      promise.then(
        () => 'accepted',
        (e: AuthenticationFailed) => e.code,
      );
    expect(await code(issuer.verifier(30).verify(await DevTokenIssuer.generate().issue({ role: 'admin' })))).toBe('TOKEN_INVALID');
    const hourAgo = new Date(Date.now() - 3600_000);
    expect(await code(issuer.verifier(30).verify(await issuer.issue({ role: 'admin', ttlSeconds: 600 }, hourAgo)))).toBe('TOKEN_EXPIRED');
    expect(await code(issuer.verifier(30).verify(await issuer.issue({ role: 'admin' })))).toBe('accepted');
  });

  it('needs a unit for a unit user', async () => {
    await expect(DevTokenIssuer.generate().issue({ role: 'unit' })).rejects.toThrow(/needs a unit/);
  });

  it('names a key file it cannot read', () => {
    const file = path.join(dir, 'dev-token-key.json');
    fs.writeFileSync(file, 'not a key');
    expect(() => DevTokenIssuer.loadOrCreate(file)).toThrow(`${file} is not a development signing key`);
  });

  it('says a folder named as the key file is a folder, not that deleting it makes a new key', () => {
    const folder = path.join(dir, 'keys');
    fs.mkdirSync(folder);
    expect(() => DevTokenIssuer.loadOrCreate(folder)).toThrow(`${folder} is a folder: name the key file itself`);
  });

  it.each([
    ['8h', 28800],
    ['30m', 1800],
    ['2d', 172800],
    ['90s', 90],
    ['600', 600],
  ])('reads --ttl %s as %i seconds', (text, seconds) => {
    expect(parseTokenTtl(text)).toBe(seconds);
  });

  it.each(['0', '31d', '8 hours', '-1h', ''])('refuses --ttl "%s"', (text) => {
    expect(() => parseTokenTtl(text)).toThrow(/--ttl must be like 8h/);
  });
});
