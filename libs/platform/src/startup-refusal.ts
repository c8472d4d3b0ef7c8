/**
 * A start refused for a reason the operator fixes in the configuration or on the machine (a port
 * taken, a database that refuses the URL's credentials), said in one line: the entry points print
 * its message without a stack.
 */
export class StartupRefusal extends Error {
  override readonly name = 'StartupRefusal';
}

/**
 * What a failure to connect to `url` (the value of the variable `variable`) means, as a
 * StartupRefusal naming the variable, the server, database and user, never the password; any other
 * error comes back as it is.
 */
export function connectionRefusal(error: unknown, variable: string, url: string): unknown {
  const reason = connectionFailure(error);
  if (!reason) return error;
  return new StartupRefusal(`${variable}${connectionTarget(url)}: ${reason}`);
}

/** ` (host:port/database as user)` of a database URL, never its password; '' for what is not a URL. */
export function connectionTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return ` (${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${decodeURIComponent(parsed.pathname.slice(1)) || '?'} as ${decodeURIComponent(parsed.username) || '?'})`;
  } catch {
    return ''; // not a URL pg would take either: the reason says enough
  }
}

/** What the operator can do about a connection that failed, or null when the error is not about connecting. */
function connectionFailure(error: unknown): string | null {
  const { code, message } = error as { code?: unknown; message?: unknown };
  switch (code) {
    case '28P01':
      return 'the server refused the password (28P01): check the URL’s user and password';
    case '28000':
      return 'the server refused this user (28000): no such role, or it may not log in from here';
    case '3D000':
      return 'no such database (3D000): create it first, or name another in the URL';
    case 'ECONNREFUSED':
      return 'nothing accepts connections there (ECONNREFUSED): is PostgreSQL running, on that host and port?';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name does not resolve (${code})`;
    case 'ETIMEDOUT':
      return 'the connection timed out (ETIMEDOUT): a firewall, or the wrong host?';
  }
  // pg's own words when the server asks for a password the URL does not have.
  if (typeof message === 'string' && /client password must be a string/.test(message)) {
    return 'the server asks for a password and the URL has none';
  }
  return null;
}
