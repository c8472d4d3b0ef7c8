import type { Pool } from 'pg';
import { rankingIdMistake } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { RankingIdPipe } from './ranking-id.pipe';
import { RANKING_USAGE } from '../command-usages';
import { runRankingCommand } from './ranking.command';

/** `npm run ranking`'s command line: an id the route would answer 400 is bad usage (64), looked up nowhere. */
describe('npm run ranking -- reproduce <id>', () => {
  const untouched = new Proxy({} as Pool & EventStore, {
    get: (_target, name) => {
      throw new Error(`the database was used (${String(name)})`);
    },
  });

  it.each(['bad id', '2026-13-department', '1999-11-department', '2026-11-Department', '2026-11-', 'x'])(
    '"%s": not a ranking id, by the route’s rule; exit 64 with the usage, no database asked',
    async (id) => {
      expect(() => new RankingIdPipe().transform(id)).toThrow();
      expect(rankingIdMistake(id)).toBe(`"${id}" is not a ranking id (period and unit kind, e.g. 2026-11-department)`);
      const lines: string[] = [];
      expect(await runRankingCommand(['reproduce', id], { pool: untouched, store: untouched, out: (l) => lines.push(l) })).toBe(64);
      expect(lines).toEqual([`"${id}" is not a ranking id (period and unit kind, e.g. 2026-11-department)\n${RANKING_USAGE}`]);
    },
  );

  it.each(['2026-11-department', '2026-town'])('"%s": a ranking id', (id) => {
    expect(new RankingIdPipe().transform(id)).toBe(id);
    expect(rankingIdMistake(id)).toBeNull();
  });
});
