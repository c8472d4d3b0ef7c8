import type { Instant } from '../case/case.model';
import type { UnitKind } from './unit.model';

/**
 * What the registry knows about the intended parent when a unit is registered. The decider sees
 * one stream only, so the application reads the parent's stream (`unit-<parentId>`) and fills
 * this in; the decider then enforces "a parent exists and is not retired".
 */
export interface ParentUnitFacts {
  unitId: string;
  exists: boolean;
  retired: boolean;
}

/**
 * What the registry must know before a unit is retired, and cannot read from the unit's stream: the
 * open cases it handles, the open findings of the ledger it answers for and its active child units.
 * The application counts them from the log and its read models (see RetireUnit in
 * docs/rules.md#unit-registry) and the decider refuses while any is left.
 */
export interface RetirementFacts {
  /** Open cases (filed, accepted, in progress) on which the unit is an active lead or co-handling unit. */
  openCases: number;
  /**
   * The findings (ids, in order) that still ask something of the unit (finding/finding-holdings.ts,
   * `findingAsksOf`): against it with no measure planned yet, or with a measure it answers for not yet
   * re-checked (回头看).
   */
  openFindings: readonly string[];
  /** Units registered with this one as parent and not retired. */
  activeChildren: readonly string[];
}

/**
 * The active unit, other than the one registered or renamed, already bearing the name asked for (as
 * unitNameKey compares names), or null. The decider sees one stream only, so the application looks
 * the registry up (docs/rules.md#unit-registry) and fills this in; the decider refuses the name.
 */
export type NameTakenBy = string | null;

/**
 * Commands to the unit registry, imperative and plain; every command carries `at`, the instant it
 * is decided. Like the case's commands, only the first one names the unit: the others go to the
 * stream `unit-<id>` that the caller has already chosen.
 */
type Command<Type extends string, Data> = { type: Type; at: Instant } & Data;

export type RegisterUnit = Command<
  'RegisterUnit',
  { unitId: string; name: string; kind: UnitKind; /** null: a top-level unit. */ parent: ParentUnitFacts | null; nameTakenBy: NameTakenBy }
>;
export type RenameUnit = Command<'RenameUnit', { name: string; nameTakenBy: NameTakenBy }>;
/**
 * 撤销/撤并: the unit stays in the registry (history refers to it) but takes no new work. Refused
 * while it would leave open cases, open findings or active child units without it.
 */
export type RetireUnit = Command<'RetireUnit', { reason: string; holdings: RetirementFacts }>;

export type UnitCommand = RegisterUnit | RenameUnit | RetireUnit;

export type UnitCommandType = UnitCommand['type'];
