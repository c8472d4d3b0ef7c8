import { Writable } from 'node:stream';
import { createLogger } from './logging';

describe('the logger', () => {
  it('writes no part of a person’s identity, wherever in a logged object it sits', () => {
    const lines: string[] = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
    const identity = { name: '司马青岚', phone: '13698765432', idNumber: '110105199003071239', enterprise: '青岚精密机械有限公司' };
    logger.info({ body: { complainant: identity } }, 'a filing');
    logger.info({ body: { ...identity } }, 'fields one level down');
    logger.info({ finding: { raisedBy: { kind: 'person', ...identity } } }, 'a raiser');
    logger.info({ read: { identity } }, 'a read');
    const { name: _name, ...unnamed } = identity;
    logger.info({ ...unnamed }, 'at the top');
    expect(lines).toHaveLength(5);
    for (const value of Object.values(identity)) expect(lines.join('\n')).not.toContain(value);
    expect(lines.join('\n')).toContain('[redacted]');
  });
});
