import * as fs from 'node:fs';
import * as path from 'node:path';
import { REBUILD_NODE_FLAGS } from './rebuild-heap';

describe('the rebuild process', () => {
  it('`npm run projections` starts Node with the young generation a rebuild needs (V8 sizes it at start only)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { scripts: Record<string, string> };
    const node = pkg.scripts.projections.split('&&').at(-1)!.trim().split(/\s+/);
    expect(node[0]).toBe('node');
    expect(node.slice(1, 1 + REBUILD_NODE_FLAGS.length)).toEqual(REBUILD_NODE_FLAGS);
  });
});
