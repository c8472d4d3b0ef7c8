import { StartupRefusal } from '@app/platform';
import { listenRefusal } from './listen-refusal';

describe('listenRefusal', () => {
  const api = { portSetting: 'PORT', port: 3441, hostSetting: 'HOST', host: 'not..a..host' };
  const failed = (code: string) => Object.assign(new Error(`listen ${code}`), { code });

  it.each([
    ['ENOTFOUND', 'HOST not..a..host does not resolve (ENOTFOUND): set HOST to a name or address of this machine, or leave it unset'],
    ['EAI_AGAIN', 'HOST not..a..host does not resolve (EAI_AGAIN): set HOST to a name or address of this machine, or leave it unset'],
    [
      'EADDRNOTAVAIL',
      'HOST not..a..host is not an address of this machine (EADDRNOTAVAIL): set HOST to one of its addresses (127.0.0.1: this machine only), or leave it unset',
    ],
    [
      'EADDRINUSE',
      'PORT 3441 on not..a..host is in use (EADDRINUSE): another server listens there (a second npm start?); stop it, or set PORT',
    ],
    ['EACCES', 'PORT 3441 on not..a..host is not allowed to this user (EACCES): set PORT to a port above 1023'],
  ])('%s: a refusal naming the variable to change', (code, said) => {
    const refusal = listenRefusal(failed(code), api);
    expect(refusal).toBeInstanceOf(StartupRefusal);
    expect((refusal as Error).message).toBe(said);
  });

  it('names the management listener’s own variables, and leaves any other error as it was', () => {
    const management = { portSetting: 'MANAGEMENT_PORT', port: 3442, hostSetting: 'MANAGEMENT_HOST', host: '192.0.2.1' };
    expect((listenRefusal(failed('EADDRNOTAVAIL'), management) as Error).message).toMatch(/^MANAGEMENT_HOST 192\.0\.2\.1 is not/);
    const other = failed('EMFILE');
    expect(listenRefusal(other, api)).toBe(other);
  });
});
