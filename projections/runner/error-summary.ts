/** The longest error text a stop keeps (projection-stops.ts): enough to tell one bug from another. */
export const ERROR_SUMMARY_LENGTH = 200;

/**
 * What a stopped read model's error may say where operators read it (/api/v1/health/details), with
 * no personal data. A handler's error may quote what it could not take: PostgreSQL's own do
 * (`invalid input syntax for type integer: "张三"`), and so may a handler's `Error` built from an
 * event's data (a complainant's name, phone or ID number). So: its class, or SQLSTATE for a
 * database error, then its message with every quoted value, run of characters outside ASCII, run
 * of 5 digits or more and e-mail address masked, cut to ERROR_SUMMARY_LENGTH. Quoted identifiers
 * (`"case_list_pkey"`) are kept: they say which constraint or column, and are the code's, not the
 * data's. The runner's error lines say the same: the message is whole neither in the database nor
 * in the log.
 */
export function errorSummary(error: unknown): string {
  const { name, code, message } = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  const sqlState = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  const kind = sqlState ? `SQLSTATE ${sqlState}` : typeof name === 'string' && name ? name : 'Error';
  const text = masked(typeof message === 'string' ? message : String(error));
  const summary = `${kind}: ${text}`;
  return summary.length <= ERROR_SUMMARY_LENGTH ? summary : `${summary.slice(0, ERROR_SUMMARY_LENGTH - 1)}…`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.$-]*$/;

function masked(message: string): string {
  return (
    message
      .replace(/"([^"]*)"|'([^']*)'/g, (quoted, double?: string, single?: string) =>
        IDENTIFIER.test(double ?? single ?? '') ? quoted : quoted[0] === '"' ? '"…"' : "'…'",
      )
      .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '…@…')
      .replace(/\d{5,}/g, '#')
      // Names, addresses, free text in Chinese (or any script but ASCII); control characters too.
      .replace(/[^\x20-\x7e]+/g, '…')
  );
}
