import * as path from 'node:path';
import { loadConfig } from '@app/platform';
import { nextStep } from './restore-advice';

/** The restore's last line, read as npm runs the script: from the project's folder, with the user's settings. */
function hint(env: Record<string, string>): string {
  return nextStep(loadConfig(env), env);
}

describe('the next step restore prints', () => {
  const rebuilt = 'the read models are rebuilt from the log at the next start';

  it('names no setting when the embedded server is the default one', () => {
    expect(hint({})).toBe(`Next: \`npm run audit -- verify\`; ${rebuilt}.`);
    expect(hint({ EMBEDDED_PG_DIR: '.data/pg', EMBEDDED_PG_PORT: '54329' })).toBe(`Next: \`npm run audit -- verify\`; ${rebuilt}.`);
  });

  it('names the data directory that is not the default one', () => {
    expect(hint({ EMBEDDED_PG_DIR: '/tmp/x2/pg-restored' })).toBe(
      `Next: \`EMBEDDED_PG_DIR=/tmp/x2/pg-restored npm run audit -- verify\`; ${rebuilt} (\`EMBEDDED_PG_DIR=/tmp/x2/pg-restored npm start\`).`,
    );
  });

  it('names the port too when it is not the default one: the data directory does not keep it', () => {
    expect(hint({ EMBEDDED_PG_DIR: '/tmp/x2/pg-restored', EMBEDDED_PG_PORT: '55493' })).toBe(
      'Next: `EMBEDDED_PG_DIR=/tmp/x2/pg-restored EMBEDDED_PG_PORT=55493 npm run audit -- verify`; ' +
        `${rebuilt} (\`EMBEDDED_PG_DIR=/tmp/x2/pg-restored EMBEDDED_PG_PORT=55493 npm start\`).`,
    );
    expect(hint({ EMBEDDED_PG_PORT: '55493' })).toBe(
      `Next: \`EMBEDDED_PG_PORT=55493 npm run audit -- verify\`; ${rebuilt} (\`EMBEDDED_PG_PORT=55493 npm start\`).`,
    );
  });

  it('quotes a directory the shell would split', () => {
    const dir = path.join('/tmp', 'pg restored');
    expect(hint({ EMBEDDED_PG_DIR: dir })).toContain(`\`EMBEDDED_PG_DIR='${dir}' npm run audit -- verify\``);
  });

  it('never prints DATABASE_URL, whatever the embedded settings', () => {
    expect(hint({ DATABASE_URL: 'postgres://u:secret@db/cases', EMBEDDED_PG_PORT: '55493' })).toBe(
      `Next: \`npm run audit -- verify\` with the same DATABASE_URL; ${rebuilt} (with it too).`,
    );
  });
});
