import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '@app/platform';
import { devTokensFile, printDevTokens } from './dev-tokens';

const JWT = /ey[\w-]+\.ey[\w-]+\.[\w-]+/g;

/**
 * `npm start`'s development tokens (README "Signing in"): 12-hour tokens of every role, printed to a
 * terminal only. A stdout that is a file or a pipe (a log) would keep them, so they go to a file
 * readable by its owner only, beside the key that signs them, and only its path is printed.
 */
describe('printDevTokens', () => {
  let folder: string;
  let config: ReturnType<typeof loadConfig>;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-tokens-'));
    config = loadConfig({ DEV_TOKEN_KEY_FILE: path.join(folder, 'dev-token-key.json'), UNITS_SEED_FILE: 'none' });
  });
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  async function printed(terminal: boolean): Promise<string> {
    let out = '';
    await printDevTokens(config, 'http://127.0.0.1:3000', null, (text) => (out += text), terminal);
    return out;
  }

  it('to a terminal: a token per role on stdout, and no file', async () => {
    const out = await printed(true);
    expect(out.match(JWT)).toHaveLength(5);
    expect(out).toMatch(/^ {2}intake +ey/m);
    expect(fs.existsSync(devTokensFile(config))).toBe(false);
  });

  it('to anything else: no token on stdout, the file named, readable by its owner only, holding one per role', async () => {
    const out = await printed(false);
    const file = path.join(folder, 'dev-tokens.txt');
    expect(devTokensFile(config)).toBe(file);
    expect(out.match(JWT)).toBeNull();
    expect(out).toContain(`stdout is not a terminal, so they are in ${file} (readable by its owner only), not here.`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.filter((line) => new RegExp(JWT.source).test(line)).map((line) => line.trim().split(/ +/)[0])).toEqual([
      'intake',
      'unit',
      'discipline',
      'dashboard',
      'admin',
    ]);
  });

  it('replaces a file left readable by others with one readable by its owner only, and never writes through a link', async () => {
    const file = path.join(folder, 'dev-tokens.txt');
    fs.writeFileSync(file, 'old\n', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    await printed(false);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8')).not.toContain('old');

    const elsewhere = path.join(folder, 'elsewhere.txt');
    fs.writeFileSync(elsewhere, 'not yours\n');
    fs.rmSync(file);
    fs.symlinkSync(elsewhere, file);
    await printed(false);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('not yours\n');
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(false);
  });

  it('a file that cannot be written: said, and still no token on stdout', async () => {
    fs.mkdirSync(path.join(folder, 'dev-tokens.txt'));
    fs.writeFileSync(path.join(folder, 'dev-tokens.txt', 'inside'), '');
    const out = await printed(false);
    expect(out.match(JWT)).toBeNull();
    expect(out).toMatch(/stdout is not a terminal, and .*dev-tokens\.txt could not be written \(.+\): use npm run token\./);
  });
});
