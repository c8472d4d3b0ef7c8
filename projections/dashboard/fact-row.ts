/**
 * A fact row of the dashboard as `to_json` gives it: dates as YYYY-MM-DD, instants as ISO text, jsonb
 * as values. Its own file: the rows' store (fact-rows.ts) and what they count (dashboard-counts.ts)
 * both speak of it, and the store derives each row's counted bits from the counts.
 */
export type FactRow = Record<string, unknown>;
