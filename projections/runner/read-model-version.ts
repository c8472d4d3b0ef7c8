/**
 * What a memoised answer of a read model is a function of at an instant (DashboardReader.figuresVersion,
 * AppraisalReader.yearVersion): one statement's reading, so one snapshot.
 */
export interface ReadModelVersion {
  /** The read model's checkpoint and whatever else the answer depends on, as one string. */
  version: string;
  /**
   * The next instant after the one asked about at which the answer changes with the tables unchanged
   * (a pending count reached, a deadline becoming late), in epoch milliseconds; null: none. Asked at
   * any instant from the one asked about up to (not including) this one, the version is the same.
   */
  changesAt: number | null;
}
