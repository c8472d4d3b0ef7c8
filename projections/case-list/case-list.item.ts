/** A case as a page of the case list shows it. */
export interface CaseListItem {
  id: string;
  version: number;
  status: string;
  channel: string;
  category: string;
  urgency: string;
  title: string;
  complainedUnitId: string;
  leadUnitId: string | null;
  unitIds: string[];
  receivedAt: string;
  signForDue: string | null;
  handlingDue: string | null;
  extended: boolean;
  round: number;
  closedAt: string | null;
  /**
   * As of the instant asked: the lead's handling deadline was missed in some round — reported late,
   * or still not reported after its due day ended (Beijing). A late round stays late after 重办.
   */
  overdue: boolean;
}

/** The columns of a case's row an item shows (instants and days as ISO text, in any offset). */
export interface CaseListItemColumns {
  case_id: string;
  version: number;
  status: string;
  channel: string;
  category: string;
  urgency: string;
  title: string;
  complained_unit_id: string;
  lead_unit_id: string | null;
  unit_ids: string[];
  received_at: string;
  sign_for_due: string | null;
  handling_due: string | null;
  extended: boolean;
  round: number;
  closed_at: string | null;
}

// A page of the case list is its items' JSON, rendered once as the row is written rather than on
// every request: the row stores its item up to the value of `overdue`, the one member judged at the
// instant of the query (`{…,"overdue":`), and the reader completes it. A page then costs the API one
// text column a row instead of parsing, mapping and serialising 17 (bench/JOURNAL.md, 3 December).

/** The item's JSON up to the value of its last member, `overdue`: what the row stores as `item_json`. */
export function itemJsonHead(row: CaseListItemColumns): string {
  const item: Omit<CaseListItem, 'overdue'> = {
    id: row.case_id,
    version: row.version,
    status: row.status,
    channel: row.channel,
    category: row.category,
    urgency: row.urgency,
    title: row.title,
    complainedUnitId: row.complained_unit_id,
    leadUnitId: row.lead_unit_id,
    unitIds: row.unit_ids,
    receivedAt: isoInstant(row.received_at),
    signForDue: day(row.sign_for_due),
    handlingDue: day(row.handling_due),
    extended: row.extended,
    round: row.round,
    closedAt: row.closed_at === null ? null : isoInstant(row.closed_at),
  };
  const json = JSON.stringify(item);
  return `${json.slice(0, -1)},"overdue":`;
}

/** The item's JSON: its stored head completed with `overdue` as of the query. */
export function itemJson(head: string, overdue: boolean): string {
  return `${head}${overdue}}`;
}

/** An instant as the API writes it, `2026-09-24T02:00:00.000Z` (milliseconds, cut as PostgreSQL's `MS` cuts them). */
function isoInstant(text: string): string {
  return new Date(text).toISOString();
}

/** A day as the API writes it, `2026-09-24`, as PostgreSQL's `date` keeps it from the text it was given. */
function day(text: string | null): string | null {
  return text === null ? null : text.slice(0, 10);
}
