import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import type { LogLevel } from './config';
import { createLogger } from './logging';
import { PinoNestLogger } from './nest-logger';

function nestLoggerAt(level: LogLevel): { logger: PinoNestLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()),
  });
  return { logger: new PinoNestLogger(createLogger(level, sink)), lines };
}

describe("PinoNestLogger: Nest's own logs as JSON lines", () => {
  it('writes the message with its context at the level Nest asked for', () => {
    const { logger, lines } = nestLoggerAt('trace');
    logger.log('Nest application successfully started', 'NestApplication');
    logger.warn('careful');
    logger.verbose('details', 'Router');
    expect(lines.map(({ level, msg, context }) => ({ level, msg, context }))).toEqual([
      { level: 30, msg: 'Nest application successfully started', context: 'NestApplication' },
      { level: 40, msg: 'careful', context: undefined },
      { level: 10, msg: 'details', context: 'Router' },
    ]);
  });

  it('writes an Error as err with its stack, and an object merged into the line', () => {
    const { logger, lines } = nestLoggerAt('info');
    logger.error(new Error('gone wrong'), 'Problem');
    logger.error({ reqId: 'r-1', err: 'not an Error' }, 'Problem');
    expect(lines[0]).toMatchObject({ level: 50, msg: 'gone wrong', context: 'Problem', err: { type: 'Error', message: 'gone wrong' } });
    expect((lines[0].err as { stack: string }).stack).toContain('nest-logger.spec');
    expect(lines[1]).toMatchObject({ level: 50, context: 'Problem', reqId: 'r-1', err: 'not an Error' });
  });

  it("keeps the stack Nest's exception handlers pass beside their message", () => {
    const { logger, lines } = nestLoggerAt('info');
    logger.error('Unhandled', 'Error: boom\n    at somewhere (file.ts:1:1)', 'ExceptionsHandler');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'Unhandled',
        context: 'ExceptionsHandler',
        err: expect.objectContaining({ message: 'Unhandled', stack: 'Error: boom\n    at somewhere (file.ts:1:1)' }),
      }),
    ]);
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = nestLoggerAt('warn');
    logger.log('started');
    logger.debug('noise');
    logger.warn('kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
  });

  it("is what a `new Logger('Context')` writes through once installed", () => {
    const { logger, lines } = nestLoggerAt('info');
    Logger.overrideLogger(logger);
    try {
      new Logger('UnitSeeder').log('Unit seeding is off');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines).toEqual([expect.objectContaining({ level: 30, msg: 'Unit seeding is off', context: 'UnitSeeder' })]);
  });
});
