import * as fs from 'node:fs';
import * as path from 'node:path';
import { blankMeasureRow, measureErrorsByRow, measuresBody, type MeasureRow } from './measure-rows';

/** What each row of the form shows (ActionDialog.vue: `measureErrors[m.key]?.<field>`), in the rows' order now. */
const shownAt = (rows: readonly MeasureRow[], errors: Record<string, string>, sent: readonly MeasureRow[]) => {
  const byRow = measureErrorsByRow(
    errors,
    sent.map((row) => row.key),
  );
  return rows.map((row) => byRow[row.key] ?? {});
};

describe('制定整改方案: a refusal of a measure’s field stays with the row it was about', () => {
  // The API's refusal of three rows sent, by their index in the body (as fieldErrors gives it).
  const refusal = {
    'measures[0].description': '请填写整改内容',
    'measures[1].dueDate': '请填写有效的日期',
    'measures[2].responsibleLeader': '请填写责任领导',
    'measures[2].responsibleUnitId': '请选择责任单位',
  };

  it('shows each row its own errors while the rows are as sent', () => {
    const rows = [blankMeasureRow(), blankMeasureRow(), blankMeasureRow()];
    expect(shownAt(rows, refusal, rows)).toEqual([
      { description: '请填写整改内容' },
      { dueDate: '请填写有效的日期' },
      { responsibleLeader: '请填写责任领导', responsibleUnitId: '请选择责任单位' },
    ]);
  });

  it('a row deleted after the refusal takes its errors with it; the rows left keep their own, a row added has none', () => {
    const sent = [blankMeasureRow(), blankMeasureRow(), blankMeasureRow()];
    const [first, second, third] = sent as [MeasureRow, MeasureRow, MeasureRow];
    // The first deleted: the second is now the first row, and must not read 「请填写整改内容」.
    expect(shownAt([second, third], refusal, sent)).toEqual([
      { dueDate: '请填写有效的日期' },
      { responsibleLeader: '请填写责任领导', responsibleUnitId: '请选择责任单位' },
    ]);
    // The middle one deleted, a row added at the end: the new row is not the refused third.
    expect(shownAt([first, third, blankMeasureRow()], refusal, sent)).toEqual([
      { description: '请填写整改内容' },
      { responsibleLeader: '请填写责任领导', responsibleUnitId: '请选择责任单位' },
      {},
    ]);
  });

  it('leaves out what is no row’s field: the list as a whole, the reason none is needed, an index never sent', () => {
    const sent = [blankMeasureRow()];
    const byRow = measureErrorsByRow(
      {
        measures: '整改措施至少1项',
        noRectificationReason: '请填写无需整改理由',
        'measures[1].dueDate': '请填写完成期限',
        'measures[0]': '此项有误',
      },
      sent.map((row) => row.key),
    );
    expect(byRow).toEqual({});
  });

  it('gives every row a key of its own, and sends the measures without it', () => {
    const rows = [blankMeasureRow(), blankMeasureRow()];
    expect(new Set(rows.map((row) => row.key)).size).toBe(2);
    rows[0]!.description = '公示办事指南';
    expect(measuresBody(rows)).toEqual([
      { description: '公示办事指南', responsibleUnitId: '', responsibleLeader: '', dueDate: '' },
      { description: '', responsibleUnitId: '', responsibleLeader: '', dueDate: '' },
    ]);
  });

  it('ActionDialog.vue shows a row’s errors by its key, and keys the rows by it, never by their number', () => {
    const template = fs.readFileSync(path.join(__dirname, 'ActionDialog.vue'), 'utf8');
    const rows =
      /<div v-for="\(m, i\) in form\.measures" :key="([^"]+)"[^>]*>([\s\S]*?)<\/div>\n\s*<el-button data-testid="add-measure"/.exec(
        template,
      );
    expect(rows).not.toBeNull();
    const [, key, row] = rows!;
    expect(key).toBe('m.key');
    const slots = [...row!.matchAll(/:error="([^"]+)"/g)].map((m) => m[1]);
    expect(slots).toEqual([
      'measureErrors[m.key]?.description',
      'measureErrors[m.key]?.responsibleUnitId',
      'measureErrors[m.key]?.responsibleLeader',
      'measureErrors[m.key]?.dueDate',
    ]);
  });
});
