import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openFilesUnder } from '../support/open-files';
import { waitUntil } from '../support/wait';

/** The built module, as the projector and `npm run projections -- rebuild` run it (the suite builds before it runs). */
const ROW_SPILL = path.resolve(__dirname, '../../dist/projections/runner/row-spill.js');

/**
 * A rebuild sets the rows of open cases it cannot keep in memory aside on disk
 * (projections/runner/row-spill.ts): up to a couple of hundred MB a read model on a large log. Killed
 * meanwhile (out of memory, a deploy), it must not leave them in the folder, where every rebuild
 * after it would pile its own: the file has no name from the moment it is opened.
 */
describe('a rebuild killed while rows of open cases are set aside on disk', () => {
  it('leaves nothing in the folder: the file is held by the process alone, and goes with it', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'spill-crash-'));
    const script = `
      const { RowSpill } = require(${JSON.stringify(ROW_SPILL)});
      const spill = new RowSpill(${JSON.stringify(folder)});
      const state = { title: '企业开办审批材料重复提交'.repeat(20), unit_ids: ['dept-market'] };
      for (let batch = 0; batch < 50; batch++) {
        const states = Array.from({ length: 200 }, (_, i) => ({ key: 'case-' + (batch * 200 + i), state, dirty: true, stored: undefined }));
        spill.put('case_list', states);
      }
      process.stdout.write('set aside ' + spill.size + '\\n');
      setInterval(() => undefined, 1000);
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitUntil(() => output.includes('set aside 10000'), { timeoutMs: 20_000, failure: 'the process set nothing aside' }).catch(
        (error: Error) => {
          throw new Error(`${error.message}; it wrote: ${JSON.stringify(output)}`);
        },
      );
      // 10,000 states set aside, in a file the process holds open that no folder names.
      const held = openFilesUnder(folder, child.pid!);
      expect(held).toHaveLength(1);
      expect(held[0]).toMatch(/states\.jsonl \(deleted\)$/);
      expect(fs.readdirSync(folder)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
    await exited;
    expect(fs.readdirSync(folder)).toEqual([]);
    fs.rmdirSync(folder);
  });
});
