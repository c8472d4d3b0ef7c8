import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openFilesUnder } from '../../test/support/open-files';
import { RowSpill, SpillFailed } from './row-spill';

describe('a rebuild row spill', () => {
  let spill: RowSpill;
  beforeEach(() => (spill = new RowSpill()));
  afterEach(() => spill.close());

  it('gives a state set aside back once, as it was, and then holds nothing of it', () => {
    const state = { case_id: 'c1', title: '审批超时', version: 3, closed_on: null, unit_ids: ['dept-a'] };
    // Fresh: the tables hold no row of c1 (it comes back fresh, to be inserted without looking for it).
    spill.put('case_list', [{ key: 'c1', state, dirty: true, stored: undefined, fresh: true }]);

    expect(spill.has('case_list', 'c1')).toBe(true);
    expect(spill.has('overdue_cases', 'c1')).toBe(false);
    expect(spill.take('case_list', 'c1')).toEqual({ state, dirty: true, stored: undefined, fresh: true });
    expect(spill.take('case_list', 'c1')).toBeUndefined();
    expect(spill.size).toBe(0);
  });

  it('gives a list back with its stored rows as the very objects of the list, and not the rows it replaced', () => {
    const kept = { id: 'x', v: 1 };
    const replaced = { id: 'y', v: 1 };
    const replacement = { id: 'y', v: 2 };
    spill.put('deadlines', [
      { key: 'a', state: [kept, replacement], dirty: true, stored: [kept, replaced], fresh: false },
      { key: 'b', state: [replacement], dirty: true, stored: [], fresh: false },
    ]);

    const a = spill.take('deadlines', 'a')!;
    expect(a.state).toEqual([kept, replacement]);
    expect(a.stored).toEqual([kept]);
    expect((a.stored as unknown[])[0]).toBe((a.state as unknown[])[0]);
    // The tables held no row of b: an empty stored list, not none.
    expect(spill.take('deadlines', 'b')!.stored).toEqual([]);
  });

  it('keeps the latest state of a key set aside twice', () => {
    spill.put('case_list', [{ key: 'c1', state: { version: 1 }, dirty: true, stored: undefined, fresh: false }]);
    spill.put('case_list', [{ key: 'c1', state: { version: 2 }, dirty: false, stored: undefined, fresh: false }]);

    expect(spill.take('case_list', 'c1')).toEqual({ state: { version: 2 }, dirty: false, stored: undefined, fresh: false });
  });

  it('tells apart keys of the same hash by the key their line starts with', () => {
    // FNV-1a gives these two the same 32-bit hash (found by trying case-0, case-1, …).
    const [first, second] = ['case-478212', 'case-1221200'];
    spill.put('case_list', [{ key: first, state: { n: 1 }, dirty: true, stored: undefined, fresh: false }]);
    spill.put('case_list', [{ key: second, state: { n: 2 }, dirty: false, stored: undefined, fresh: false }]);

    expect(spill.has('case_list', first)).toBe(true);
    expect(spill.has('case_list', 'case-1')).toBe(false);
    expect(spill.take('case_list', first)).toEqual({ state: { n: 1 }, dirty: true, stored: undefined, fresh: false });
    expect(spill.has('case_list', first)).toBe(false);
    expect(spill.take('case_list', second)).toEqual({ state: { n: 2 }, dirty: false, stored: undefined, fresh: false });
    expect(spill.size).toBe(0);
  });

  it('keeps the latest of a key given twice in one write, and keys with any characters', () => {
    const key = 'WT-2025:第3号\t"x"';
    spill.put('findings', [
      { key, state: { version: 1 }, dirty: true, stored: undefined, fresh: false },
      { key: 'other', state: { version: 7 }, dirty: true, stored: undefined, fresh: false },
      { key, state: { version: 2 }, dirty: true, stored: undefined, fresh: false },
    ]);

    expect(spill.size).toBe(2);
    expect(spill.take('findings', key)).toEqual({ state: { version: 2 }, dirty: true, stored: undefined, fresh: false });
    expect([...spill.takeAll()].map(({ key: k, state }) => [k, state])).toEqual([['other', { version: 7 }]]);
  });

  it('holds thousands of keys at once and gives each back, reusing the room of those taken', () => {
    const keys = Array.from({ length: 5_000 }, (_, i) => `c${i}`);
    spill.put(
      'case_list',
      keys.map((key, i) => ({ key, state: { i }, dirty: i % 2 === 0, stored: undefined, fresh: false })),
    );
    for (const key of keys.slice(0, 2_500)) expect(spill.take('case_list', key)?.state).toEqual({ i: Number(key.slice(1)) });
    spill.put(
      'case_list',
      keys.slice(0, 2_500).map((key) => ({ key, state: { again: key }, dirty: true, stored: undefined, fresh: false })),
    );

    expect(spill.size).toBe(5_000);
    const all = new Map([...spill.takeAll()].map(({ key, state }) => [key, state]));
    expect(all.size).toBe(5_000);
    expect(all.get('c0')).toEqual({ again: 'c0' });
    expect(all.get('c4999')).toEqual({ i: 4999 });
  });

  it('gives everything back at the end, from a file no folder names, let go when closed', () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'row-spill-spec-'));
    const aside = new RowSpill(parent);
    aside.put('case_list', [
      { key: 'c1', state: { n: 1 }, dirty: true, stored: undefined, fresh: false },
      { key: 'c2', state: { n: 2 }, dirty: false, stored: undefined, fresh: false },
    ]);
    aside.put('overdue_cases', [{ key: 'c1', state: { n: 3 }, dirty: true, stored: undefined, fresh: false }]);
    // Set aside, yet nothing in the folder: the file is held by its descriptor alone, so no crash leaves it behind.
    expect(fs.readdirSync(parent)).toEqual([]);
    expect(openFilesUnder(parent)).toHaveLength(1);

    const all = [...aside.takeAll()].map(({ slot, key, state }) => [slot, key, state]);

    expect(all).toEqual([
      ['case_list', 'c1', { n: 1 }],
      ['case_list', 'c2', { n: 2 }],
      ['overdue_cases', 'c1', { n: 3 }],
    ]);
    expect(aside.size).toBe(0);
    aside.close();
    expect(openFilesUnder(parent)).toEqual([]);
    expect(aside.file).toBeUndefined();
    fs.rmdirSync(parent);
  });

  it('fails with where it could not set states aside, leaving nothing there', () => {
    const notAFolder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'row-spill-spec-')), 'a-file');
    fs.writeFileSync(notAFolder, '');
    const elsewhere = new RowSpill(notAFolder);

    const put = () => elsewhere.put('case_list', [{ key: 'c1', state: { n: 1 }, dirty: true, stored: undefined, fresh: false }]);

    expect(put).toThrow(SpillFailed);
    expect(put).toThrow(`could not set the rows of open cases aside in ${notAFolder}: ENOTDIR`);
    expect(elsewhere.file).toBeUndefined();
    elsewhere.close();
    expect(fs.readdirSync(path.dirname(notAFolder))).toEqual(['a-file']);
    fs.rmSync(path.dirname(notAFolder), { recursive: true });
  });
});
