import * as fs from 'node:fs';
import * as net from 'node:net';

/** Where a port is looked for when the kernel's ephemeral range leaves room below it (Linux's default: 32768–60999). */
const LOWEST = 10_000;
const ATTEMPTS = 50;

/**
 * A free TCP port on 127.0.0.1 for a server started next (a test cluster, a test's server), chosen
 * below the kernel's ephemeral range. Between the choice and the server's listen, every outgoing
 * connection on the machine (its own to PostgreSQL, a test's requests) takes a local port from that
 * range: a port chosen inside it (what listening on port 0 gives) can be taken meanwhile, and the
 * server then fails with EADDRINUSE (seen once in a fresh-clone run: a crash test's next server).
 * Ports below the range are taken only by listeners, which the probe sees. Without room below the
 * range (or after ATTEMPTS ports found busy), the kernel's choice.
 */
export async function freePort(): Promise<number> {
  const low = ephemeralRangeStart();
  if (low !== null && low - LOWEST > ATTEMPTS) {
    for (let i = 0; i < ATTEMPTS; i++) {
      const port = LOWEST + Math.floor(Math.random() * (low - LOWEST));
      // A port handed out before is free again once probed, until its server listens: two calls in a
      // row (a server's port and its management port) could otherwise both get it.
      if (!handedOut.has(port) && (await listensOn(port))) return handOut(port);
    }
  }
  return handOut(await kernelChosenPort());
}

/** The ports this process has handed out (a few hundred in a test run at most). */
const handedOut = new Set<number>();

function handOut(port: number): number {
  handedOut.add(port);
  return port;
}

/** The first port of the kernel's ephemeral range, if the system says (Linux); null otherwise. */
export function ephemeralRangeStart(): number | null {
  try {
    const low = Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : null;
  } catch {
    return null;
  }
}

/** Whether a listener could take `port` now (bound, then closed again). */
function listensOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function kernelChosenPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
