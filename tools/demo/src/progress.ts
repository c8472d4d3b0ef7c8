/** What the stories have done so far, for the progress lines and the summary. */
export class Progress {
  filed = 0;
  closed = 0;
  rejected = 0;
  /** Cases that stopped because the API refused a due date in a year without calendar data. */
  waitingForCalendar = 0;
  /** Appraisal inputs recorded (each appends one event). */
  appraisalInputs = 0;
  /** Inspection deductions refused as recorded already (a run again with the same seed): nothing appended. */
  deductionsAlreadyRecorded = 0;
  /** Red cards the scheduler appended: a unit's DeadlinePassed and a measure's MeasureDeadlinePassed. */
  deadlinesPassed = 0;

  /** Global position of the latest case or finding event a story appended: the deadline scheduler must have seen it. */
  lastCasePosition: bigint | null = null;

  constructor(readonly total: number) {}

  caseEventAppended(position: string | null): void {
    if (position === null) return;
    const p = BigInt(position);
    if (this.lastCasePosition === null || p > this.lastCasePosition) this.lastCasePosition = p;
  }

  get done(): number {
    return this.closed + this.rejected;
  }
}

/** `1,234`: counts as people read them. */
export const count = (n: number) => n.toLocaleString('en');
