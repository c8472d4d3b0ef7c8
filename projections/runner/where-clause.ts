/**
 * The WHERE clause of a reader's SELECT and the parameters it binds, built filter by filter:
 *
 *   const where = new WhereClause();
 *   if (f.unitId) where.add(`unit_id = ${where.param(f.unitId)}`);
 *   await queryReadModel(db, READ_MODEL, `SELECT * FROM ${TABLE} ${where.sql} ORDER BY …`, where.params);
 *
 * Values are always bound as parameters, never spliced into the SQL.
 */
export class WhereClause {
  private readonly conditions: string[] = [];
  /** The bound values, $1 first. */
  readonly params: unknown[];

  /** `bound`: values the SQL refers to as $1, $2, … ahead of the conditions' own. */
  constructor(...bound: unknown[]) {
    this.params = bound;
  }

  /** Binds `value` as the next parameter and returns its placeholder (`$3`) for the SQL. */
  readonly param = (value: unknown): string => `$${this.params.push(value)}`;

  /** One more condition; the conditions combine with AND. */
  add(condition: string): void {
    this.conditions.push(condition);
  }

  /** `WHERE a AND b …`, or nothing when no condition was added. */
  get sql(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
