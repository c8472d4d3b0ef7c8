import * as fs from 'node:fs';
import { parseUnitSeed, type UnitKind } from '@app/domain';
import { APPRAISAL_OFFICE, type DemoApiClient } from './demo-api-client';
import { DemoUsageError } from './demo-options';
import { leaderOf } from './people';

/** A registered, active unit as the demo uses it. */
export interface DemoUnit {
  id: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  /** 责任领导 named in dispatches and measures: a title, no real person. */
  leader: string;
}

interface UnitView {
  unitId: string;
  name: string;
  kind: UnitKind;
  parentId: string | null;
  status: 'active' | 'retired';
}

/**
 * The units cases can be about and routed to. The API has no unit list, so the ids come from the
 * seed file the API registered on start (UNITS_SEED_FILE); each is then read from the registry, so
 * a unit renamed or retired by an administrator since is shown as it is now, or left out.
 */
export class UnitCatalogue {
  private readonly byId: ReadonlyMap<string, DemoUnit>;

  constructor(readonly units: readonly DemoUnit[]) {
    this.byId = new Map(units.map((u) => [u.id, u]));
  }

  static async load(api: DemoApiClient, seedFile: string | null, seed: number): Promise<UnitCatalogue> {
    if (seedFile === null) {
      throw new DemoUsageError(
        'UNITS_SEED_FILE=none: the demo finds the units to complain about in the seed file; unset it or name a file',
      );
    }
    const ids = parseUnitSeed(seedFile, fs.readFileSync(seedFile, 'utf8')).units.map((u) => u.id);
    const views = await Promise.all(ids.map((id) => api.find<UnitView>(`/api/v1/units/${id}`, APPRAISAL_OFFICE)));
    const active = views.filter((v): v is UnitView => v !== null && v.status === 'active');
    if (active.length < 3)
      throw new DemoUsageError(`only ${active.length} active unit(s) of ${seedFile} are registered; the demo needs at least 3`);
    return new UnitCatalogue(
      active.map((v) => ({
        id: v.unitId,
        name: v.name,
        kind: v.kind,
        parentId: v.parentId,
        leader: leaderOf(`${seed}:${v.unitId}`, v.name, v.kind),
      })),
    );
  }

  get(id: string): DemoUnit | undefined {
    return this.byId.get(id);
  }

  /** The unit's parent department, if registered and active. */
  parentOf(unit: DemoUnit): DemoUnit | null {
    return unit.parentId ? (this.byId.get(unit.parentId) ?? null) : null;
  }

  /**
   * The units a pattern list names: exact ids, or prefixes ending in `*` (`town-*`). Falls back to
   * every unit when none of them is registered (a registry other than the shipped one).
   */
  matching(patterns: readonly string[]): DemoUnit[] {
    const found = this.units.filter((u) => patterns.some((p) => (p.endsWith('*') ? u.id.startsWith(p.slice(0, -1)) : u.id === p)));
    return found.length > 0 ? found : [...this.units];
  }
}
