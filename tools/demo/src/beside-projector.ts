import { Client } from 'pg';
import { projectionLeaders } from '@app/projections';

/**
 * The demo refuses a database a projector works on (`npm start`, `npm run start:projector`): that
 * projector's deadline scheduler judges every case by the real clock, so each of the simulated
 * year's deadlines would pass at once, with red cards stamped today beside the demo's own, and its
 * read models would follow the year as it is written. The demo ticks a scheduler of its own on the
 * simulated clock, and builds what the ranking needs itself.
 */
export class DemoRefusal extends Error {}

/** Throws DemoRefusal when a session on this database leads a read model (a projector at work). */
export async function refuseBesideProjector(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const [leader] = await projectionLeaders(client);
    if (!leader) return;
    throw new DemoRefusal(
      `a projector works on this database (PostgreSQL session ${leader.pid}, ${leader.applicationName || 'no application name'}, ` +
        `leading ${leader.readModels} read model(s)): its deadline scheduler would judge the simulated year by the real clock. ` +
        `Stop the server (npm start, npm run start:projector) and run the demo again; start the server afterwards`,
    );
  } finally {
    await client.end();
  }
}
