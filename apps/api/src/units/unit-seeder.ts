import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { isDomainError, UnitErrors, unitDecider, unitNameKey, unitStreamId, type RegisterUnit } from '@app/domain';
import { decideAndAppendRetrying, deterministicUuid, EVENT_STORE, eventMetadata, SYSTEM_ACTORS, type EventStore } from '@app/event-store';
import { registeredUnitIds } from './registered-unit-ids';
import { UnitDirectory } from './unit-directory';
import { bearerOf, UnitNames, type ActiveUnitsByName } from './unit-names';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { readUnitSeedFile, UnitSeedFileError, type SeedUnit } from './unit-seed-file';

/** What one seeding run did. */
export interface UnitSeedResult {
  file: string;
  /** Units this run registered. */
  registered: number;
  /** Units already registered (by an earlier run, another process or an administrator): left as they are. */
  skipped: number;
  /** Units the registry refused, e.g. because their parent has been retired since, or another active unit bears the name; each is logged. */
  refused: number;
}

/** Pause before seeding again when the event store could not be reached. */
const RETRY_MS = 5_000;

/**
 * Registers the units of the seed file (`config/units.seed.json`, or `UNITS_SEED_FILE`; `none`
 * turns it off) when the application starts. Each unit's registration has a deterministic event
 * id, so a restart or two processes starting at once never register a unit twice, and a unit
 * registered before is never touched again: a later rename or retirement stands.
 */
@Injectable()
export class UnitSeeder implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(UnitSeeder.name);
  private readonly directory: UnitDirectory;
  private readonly names: UnitNames;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'unitsSeedFile'>,
  ) {
    this.directory = UnitDirectory.over(store);
    this.names = new UnitNames(store, this.directory);
  }

  /**
   * A bad seed file stops the start (a person must fix it); an unreachable store does not: the
   * API starts, health reports the store down, and seeding is tried again every few seconds.
   */
  async onApplicationBootstrap(): Promise<void> {
    const file = this.config.unitsSeedFile;
    if (file === null) {
      this.logger.log('Unit seeding is off (UNITS_SEED_FILE=none)');
      return;
    }
    readUnitSeedFile(file);
    await this.seedUntilDone(file);
  }

  onModuleDestroy(): void {
    clearTimeout(this.retry);
  }

  private async seedUntilDone(file: string): Promise<void> {
    try {
      await this.seed(file);
    } catch (error) {
      if (error instanceof UnitSeedFileError) throw error;
      this.logger.error(`Unit seeding failed, retrying in ${RETRY_MS / 1000} s: ${(error as Error).message}`);
      this.retry = setTimeout(() => void this.seedUntilDone(file), RETRY_MS).unref();
    }
  }

  /**
   * Registers every unit of `file` not registered yet, parents before children. The names active
   * units bear are read once, and kept up to date with the run's own registrations: the file's names
   * are unique (parseUnitSeed), so only a unit an administrator registered under one of them can
   * bear it (that seed unit is then refused). The seeder claims no name: it runs at the start, before
   * the registry has users who could register the same name at the same moment.
   *
   * The units the log already registers are counted as such from one scan of its registrations, not
   * looked up and decided one by one: every start after the first finds them all there, and the
   * three round trips each cost made a third of a restart (0.36 s of 1.5 s for 158 units). A unit
   * the scan did not see goes through the decision as before, which refuses a second registration.
   */
  async seed(file: string): Promise<UnitSeedResult> {
    const seed = readUnitSeedFile(file);
    const result: UnitSeedResult = { file: seed.file, registered: 0, skipped: 0, refused: 0 };
    const registered = await registeredUnitIds(this.store);
    const pending = seed.units.filter((unit) => !registered.has(unit.id));
    result.skipped = seed.units.length - pending.length;
    const correlationId = randomUUID();
    const names = new Map(pending.length > 0 ? await this.names.activeByName() : []);
    for (const unit of pending) {
      const outcome = await this.register(unit, correlationId, names);
      if (outcome === 'registered') names.set(unitNameKey(unit.name), [...(names.get(unitNameKey(unit.name)) ?? []), unit.id]);
      result[outcome]++;
    }
    this.logger.log(
      `Units from ${seed.file}: ${result.registered} registered, ${result.skipped} already registered, ${result.refused} refused`,
    );
    return result;
  }

  private async register(unit: SeedUnit, correlationId: string, names: ActiveUnitsByName): Promise<'registered' | 'skipped' | 'refused'> {
    const eventId = deterministicUuid(`seed:unit:${unit.id}`);
    const at = new Date().toISOString();
    const command: RegisterUnit = {
      type: 'RegisterUnit',
      at,
      unitId: unit.id,
      name: unit.name,
      kind: unit.kind,
      parent: await this.directory.parentFacts(unit.parentId),
      nameTakenBy: bearerOf(names, unit.name, unit.id),
    };
    const metadata = eventMetadata({ actorId: SYSTEM_ACTORS.unitSeeder, role: 'system', unitId: null, correlationId }, at);
    try {
      // Another seeder writing the stream meanwhile: decided again, and then it is already registered.
      const appended = await decideAndAppendRetrying(this.store, unitStreamId(unit.id), unitDecider, command, {
        metadata,
        eventIdFor: () => eventId,
      });
      return appended.replayed ? 'skipped' : 'registered';
    } catch (error) {
      if (isDomainError(error) && error.code === UnitErrors.UNIT_ALREADY_REGISTERED) return 'skipped';
      if (isDomainError(error) && (error.code === UnitErrors.PARENT_UNIT_RETIRED || error.code === UnitErrors.PARENT_UNIT_NOT_FOUND)) {
        this.logger.warn(`Unit ${unit.id} not registered: ${error.code} (parent ${unit.parentId})`);
        return 'refused';
      }
      if (isDomainError(error) && error.code === UnitErrors.UNIT_NAME_IN_USE) {
        this.logger.warn(`Unit ${unit.id} not registered: ${error.code} (${unit.name} is unit ${String(error.details.takenBy)}'s name)`);
        return 'refused';
      }
      throw error;
    }
  }
}
