import type { Provider } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '@app/platform';
import type { Queryable } from '@app/projections';

/** A read model's reader (plain TypeScript over the pool, in its slice) as a provider, injected by its class. */
export function readerProvider<Reader>(reader: new (db: Queryable) => Reader): Provider<Reader> {
  return { provide: reader, useFactory: (pool: Pool) => new reader(pool), inject: [PG_POOL] };
}
