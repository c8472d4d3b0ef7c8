import * as net from 'node:net';
import { ephemeralRangeStart, freePort } from './free-port';

describe('freePort', () => {
  const listen = (port: number) =>
    new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });

  it('gives a port a server can listen on next, below the range outgoing connections take their local ports from', async () => {
    const low = ephemeralRangeStart();
    for (let i = 0; i < 5; i++) {
      const port = await freePort();
      const server = await listen(port);
      await new Promise((resolve) => server.close(resolve));
      if (low !== null && low > 10_100) expect(port).toBeLessThan(low);
    }
  });

  it('never hands out a port twice in a process: a server and its management listener, chosen in a row, get two', async () => {
    // 2,000 one after another: drawn at random from about 22,000 ports, some would repeat (the
    // birthday bound: almost surely) were the ports handed out not remembered.
    const ports: number[] = [];
    for (let i = 0; i < 2_000; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });
});
