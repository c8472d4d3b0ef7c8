/**
 * The rows of 制定整改方案 (ActionDialog.vue), one per measure. The API names a refused field by the
 * row's index in the body it was sent (`measures[1].dueDate`); the user may delete a row after the
 * refusal, and then the index names another row, or none. So each row has a key of its own, given
 * when it is added, and a refusal's errors are kept by the key of the row that was at that index when
 * sent: a deleted row's errors go with it, the rows left keep their own. Pure: no Vue.
 */

/** A measure as the API takes it (PlanRectificationRequestDto's `measures[]`). */
export interface MeasureFields {
  description: string;
  responsibleUnitId: string;
  responsibleLeader: string;
  dueDate: string;
}

/** A row of the form: the measure and its key, which never changes and is never sent. */
export interface MeasureRow extends MeasureFields {
  key: number;
}

let lastKey = 0;

/** A blank row, with a key no other row of the page has had. */
export function blankMeasureRow(): MeasureRow {
  lastKey += 1;
  return { key: lastKey, description: '', responsibleUnitId: '', responsibleLeader: '', dueDate: '' };
}

/** The rows as the body's `measures`, in their order, without their keys. */
export function measuresBody(rows: readonly MeasureRow[]): MeasureFields[] {
  return rows.map(({ description, responsibleUnitId, responsibleLeader, dueDate }) => ({
    description,
    responsibleUnitId,
    responsibleLeader,
    dueDate,
  }));
}

const ROW_FIELD = /^measures\[(\d+)\]\.(.+)$/;

/**
 * A refusal's errors of the rows' fields (`measures[1].dueDate`, as `fieldErrors` gives them), by the
 * key of the row sent at that index (`sentKeys`: the rows' keys in the order they were sent) and then
 * by the field (`dueDate`). An index no row was sent at is left out; errors of no row's field
 * (`measures`, `noRectificationReason`) are not here.
 */
export function measureErrorsByRow(
  errors: Readonly<Record<string, string>>,
  sentKeys: readonly number[],
): Record<number, Record<string, string>> {
  const byRow: Record<number, Record<string, string>> = {};
  for (const [path, message] of Object.entries(errors)) {
    const match = ROW_FIELD.exec(path);
    if (!match) continue;
    const key = sentKeys[Number(match[1])];
    if (key === undefined) continue;
    (byRow[key] ??= {})[match[2]!] = message;
  }
  return byRow;
}
