import { Writable } from 'node:stream';
import { Logger as NestLogger } from '@nestjs/common';
import { createLogger, PinoNestLogger } from '@app/platform';
import { waitUntil } from '../../../test/support/wait';
import { warnIfSlow } from './slow-start-step';

function capturedLogger(): { logger: ReturnType<typeof createLogger>; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()),
  });
  return { logger: createLogger('info', sink), lines };
}

describe('a start-up step that takes too long says where it waits', () => {
  afterEach(() => NestLogger.flush());

  it('names the step and what the event loop waits on, and prints the NestJS logs held until then', async () => {
    const { logger, lines } = capturedLogger();
    NestLogger.overrideLogger(new PinoNestLogger(logger));
    // As NestFactory.create holds an HTTP application's logs: the last module it got to.
    NestLogger.attachBuffer();
    new NestLogger('InstanceLoader').log('ApiModule dependencies initialized');

    let release!: () => void;
    const socketLike = setInterval(() => undefined, 60_000);
    const step = warnIfSlow('building the API', logger, () => new Promise<string>((resolve) => (release = () => resolve('built'))), 50);
    try {
      const warning = await waitUntil(() => lines.find((line) => line.level === 40), { timeoutMs: 5_000 });
      expect(warning).toMatchObject({
        step: 'building the API',
        msg: expect.stringMatching(/^Start-up still at "building the API" after 0\.05 s; waiting on: /),
      });
      expect(warning.waitingOn).toEqual(expect.arrayContaining(['Timeout']));
      // The held log came out before the warning, so the output reads in order.
      const held = lines.findIndex((line) => line.msg === 'ApiModule dependencies initialized');
      expect(held).toBeGreaterThanOrEqual(0);
      expect(held).toBeLessThan(lines.indexOf(warning));
    } finally {
      clearInterval(socketLike);
      release();
    }
    // The step goes on and ends as it would have.
    await expect(step).resolves.toBe('built');
  });

  it('says nothing about a step that ends in time, and passes its failure on', async () => {
    const { logger, lines } = capturedLogger();
    await expect(warnIfSlow('starting the API', logger, async () => 'listening', 50)).resolves.toBe('listening');
    await expect(warnIfSlow('starting the API', logger, () => Promise.reject(new Error('EADDRINUSE')), 50)).rejects.toThrow('EADDRINUSE');
    // Past the threshold: a timer left behind would have warned by now.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(lines).toEqual([]);
  });
});
