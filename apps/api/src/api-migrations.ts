import * as path from 'node:path';

/** The HTTP app's own tables: idempotency keys (a retried command gets the first answer) and complainants (identities kept out of the log, encrypted; query codes); the ledger's people (who raised a finding, encrypted alike). */
export const API_MIGRATIONS: readonly string[] = [
  path.join(__dirname, 'common/idempotency/migrations'),
  path.join(__dirname, 'complainants/migrations'),
  path.join(__dirname, 'ledger/people/migrations'),
];
