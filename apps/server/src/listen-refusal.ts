import { StartupRefusal } from '@app/platform';

/** Which listener failed: the variables naming its port and host, and their values. */
export interface ListenerSettings {
  portSetting: string;
  port: number;
  hostSetting: string;
  host: string | null;
}

/**
 * Why a listener could not listen, as a StartupRefusal naming the variable to change (printed as
 * one line, no stack), when it is something the operator fixes; any other error as it came.
 */
export function listenRefusal(error: unknown, { portSetting, port, hostSetting, host }: ListenerSettings): unknown {
  const code = (error as { code?: unknown }).code;
  const where = `${portSetting} ${port} on ${host ?? 'every interface'}`;
  switch (code) {
    case 'EADDRINUSE':
      return new StartupRefusal(
        `${where} is in use (EADDRINUSE): another server listens there (a second npm start?); stop it, or set ${portSetting}`,
      );
    case 'EACCES':
      return new StartupRefusal(`${where} is not allowed to this user (EACCES): set ${portSetting} to a port above 1023`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupRefusal(
        `${hostSetting} ${host} does not resolve (${code}): set ${hostSetting} to a name or address of this machine, or leave it unset`,
      );
    case 'EADDRNOTAVAIL':
      return new StartupRefusal(
        `${hostSetting} ${host} is not an address of this machine (EADDRNOTAVAIL): set ${hostSetting} to one of its addresses (127.0.0.1: this machine only), or leave it unset`,
      );
  }
  return error;
}
