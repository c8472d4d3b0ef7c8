import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RowSpill, SpillFailed } from './row-spill';

describe('a rebuild row spill', () => {
  let spill: RowSpill;
  beforeEach(() => (spill = new RowSpill()));
  afterEach(() => spill.close());

  it('gives a state set aside back once, as it was, and then holds nothing of it', () => {
    const state = { case_id: 'c1', title: '审批超时', version: 3, closed_on: null, unit_ids: ['dept-a'] };
    spill.put('case_list', [{ key: 'c1', state, dirty: true, stored: undefined }]);

    expect(spill.has('case_list', 'c1')).toBe(true);
    expect(spill.has('overdue_cases', 'c1')).toBe(false);
    expect(spill.take('case_list', 'c1')).toEqual({ state, dirty: true, stored: undefined });
    expect(spill.take('case_list', 'c1')).toBeUndefined();
    expect(spill.size).toBe(0);
  });

  it('gives a list back with its stored rows as the very objects of the list, and not the rows it replaced', () => {
    const kept = { id: 'x', v: 1 };
    const replaced = { id: 'y', v: 1 };
    const replacement = { id: 'y', v: 2 };
    spill.put('deadlines', [
      { key: 'a', state: [kept, replacement], dirty: true, stored: [kept, replaced] },
      { key: 'b', state: [replacement], dirty: true, stored: [] },
    ]);

    const a = spill.take('deadlines', 'a')!;
    expect(a.state).toEqual([kept, replacement]);
    expect(a.stored).toEqual([kept]);
    expect((a.stored as unknown[])[0]).toBe((a.state as unknown[])[0]);
    // The tables held no row of b: an empty stored list, not none.
    expect(spill.take('deadlines', 'b')!.stored).toEqual([]);
  });

  it('keeps the latest state of a key set aside twice', () => {
    spill.put('case_list', [{ key: 'c1', state: { version: 1 }, dirty: true, stored: undefined }]);
    spill.put('case_list', [{ key: 'c1', state: { version: 2 }, dirty: false, stored: undefined }]);

    expect(spill.take('case_list', 'c1')).toEqual({ state: { version: 2 }, dirty: false, stored: undefined });
  });

  it('gives everything back at the end, and its file goes when closed', () => {
    spill.put('case_list', [
      { key: 'c1', state: { n: 1 }, dirty: true, stored: undefined },
      { key: 'c2', state: { n: 2 }, dirty: false, stored: undefined },
    ]);
    spill.put('overdue_cases', [{ key: 'c1', state: { n: 3 }, dirty: true, stored: undefined }]);
    const file = spill.file!;
    expect(fs.existsSync(file)).toBe(true);

    const all = [...spill.takeAll()].map(({ slot, key, state }) => [slot, key, state]);

    expect(all).toEqual([
      ['case_list', 'c1', { n: 1 }],
      ['case_list', 'c2', { n: 2 }],
      ['overdue_cases', 'c1', { n: 3 }],
    ]);
    expect(spill.size).toBe(0);
    spill.close();
    expect(fs.existsSync(file)).toBe(false);
    expect(spill.file).toBeUndefined();
  });

  it('fails with where it could not set states aside, leaving nothing there', () => {
    const notAFolder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'row-spill-spec-')), 'a-file');
    fs.writeFileSync(notAFolder, '');
    const elsewhere = new RowSpill(notAFolder);

    const put = () => elsewhere.put('case_list', [{ key: 'c1', state: { n: 1 }, dirty: true, stored: undefined }]);

    expect(put).toThrow(SpillFailed);
    expect(put).toThrow(`could not set the rows of open cases aside in ${notAFolder}: ENOTDIR`);
    expect(elsewhere.file).toBeUndefined();
    elsewhere.close();
    expect(fs.readdirSync(path.dirname(notAFolder))).toEqual(['a-file']);
    fs.rmSync(path.dirname(notAFolder), { recursive: true });
  });
});
