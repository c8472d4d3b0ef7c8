import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  beijingDateOf,
  caseDecider,
  caseKnownTo,
  caseStreamId,
  DomainError,
  replay,
  type AccountabilityIssued,
  type CaseEvent,
  type CaseState,
  type ComplainantIdentityErased,
  type ComplaintFiled,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, toDomainEvent, type EventEnvelope, type EventStore, type LoadedAggregate } from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import { unitScopeOf } from '../common/unit-scope';
import type { Actor } from './case-actions';
import { toCaseView, type CaseView } from './case-view';

/**
 * A case read straight from its stream, loaded as its commands load it (loadAggregate with the case
 * decider); the read models serve lists. The caller's unit scope (unitScopeOf) confines a unit to the
 * cases it was notified of: to it any other case does not exist. The caller's role and unit also say
 * which actions the answer lists as open to them (case-actions.ts).
 */
export class GetCaseQuery extends Query<CaseView> {
  constructor(
    readonly caseId: string,
    /** Epoch milliseconds: the case as recorded up to then (null: now). */
    readonly asOf: number | null,
    readonly caller: Actor,
  ) {
    super();
  }
}

/** Every event of a case, in order, with its metadata. */
export class GetCaseHistoryQuery extends Query<CaseHistory> {
  constructor(
    readonly caseId: string,
    readonly unitScope: string | null,
  ) {
    super();
  }
}

export interface CaseHistory {
  id: string;
  events: Array<Omit<EventEnvelope, 'position' | 'streamId'> & { position: string }>;
}

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery, CaseView> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, asOf, caller }: GetCaseQuery): Promise<CaseView> {
    const loaded = await loadVisibleCase(this.store, caseId, unitScopeOf(caller));
    // A case as it stood (asOf) is history: nothing can be done to it, so it lists no actions.
    if (asOf !== null) {
      const { state, version } = stateAsOf(caseId, loaded.envelopes, asOf);
      // Judged on the day the view shows, but never a day to come: a future asOf shows the case as it is now.
      const shown = Math.min(asOf, this.clock.now().getTime());
      return toCaseView(caseId, version, state, null, beijingDateOf(new Date(shown).toISOString()));
    }
    const now = this.clock.now().toISOString();
    return toCaseView(caseId, loaded.version, loaded.state, { actor: caller, at: now }, beijingDateOf(now));
  }
}

@QueryHandler(GetCaseHistoryQuery)
export class GetCaseHistoryHandler implements IQueryHandler<GetCaseHistoryQuery, CaseHistory> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ caseId, unitScope }: GetCaseHistoryQuery): Promise<CaseHistory> {
    const { envelopes } = await loadVisibleCase(this.store, caseId, unitScope);
    return { id: caseId, events: envelopes.map((e) => historyEntry(e, unitScope)) };
  }
}

/**
 * The case, if the caller may know of it: a unit only of a case it was notified of (caseKnownTo, the
 * rule its own commands follow too). Otherwise the very answer an unknown id gets, so a unit cannot
 * tell another unit's case from no case (docs/rules.md#who-sees-what).
 */
async function loadVisibleCase(store: EventStore, caseId: string, unitScope: string | null): Promise<LoadedAggregate<CaseState>> {
  const loaded = await loadAggregate(store, caseStreamId(caseId), caseDecider);
  if (loaded.version === 0 || (unitScope !== null && !caseKnownTo(loaded.state, unitScope)))
    throw new DomainError('CASE_NOT_FOUND', 'There is no such case', { caseId });
  return loaded;
}

/** The case folded from the events recorded up to `until` only. */
function stateAsOf(caseId: string, envelopes: EventEnvelope[], until: number): { state: CaseState; version: number } {
  const known = envelopes.filter((e) => Date.parse(e.recordedAt) <= until);
  if (known.length === 0) throw new DomainError('CASE_NOT_FOUND', 'The case did not exist yet at that time', { caseId });
  return {
    state: replay(
      caseDecider,
      known.map((e) => toDomainEvent<CaseEvent>(e)),
    ),
    version: known[known.length - 1].streamVersion,
  };
}

function historyEntry(e: EventEnvelope, unitScope: string | null): CaseHistory['events'][number] {
  const data = unitScope === null ? e.data : asUnitSees(e, unitScope);
  return {
    eventId: e.eventId,
    type: e.type,
    streamVersion: e.streamVersion,
    position: e.position.toString(),
    schemaVersion: e.schemaVersion,
    data,
    metadata: e.metadata,
    recordedAt: e.recordedAt,
  };
}

/**
 * What a unit reads of an event (docs/rules.md#who-sees-what). It must not learn even the reference to
 * the complainant (rules on reports, art. 47), nor why the identity was erased (a `lawful_request` is
 * the complainant's own request): only that and when. Of accountability it reads what is against
 * itself whole; against another unit or another unit's official, that it was issued, on whom by kind
 * and unit (unitAccountabilitySees), not the register's row (the person, the forms, the basis).
 */
function asUnitSees(e: EventEnvelope, unitScope: string): unknown {
  if (e.type === 'ComplaintFiled') {
    const data = e.data as ComplaintFiled['data'];
    return { ...data, complainant: { ref: null, anonymous: data.complainant.anonymous } };
  }
  if (e.type === 'ComplainantIdentityErased') return { ...(e.data as ComplainantIdentityErased['data']), reason: null };
  if (e.type === 'AccountabilityIssued') return unitAccountabilitySees(e.data as AccountabilityIssued['data'], unitScope);
  return e.data;
}

/** An AccountabilityIssued as a unit that is not its target's unit reads it: the person, forms and basis null. */
interface WithheldAccountability {
  accountabilityId: string;
  target: { kind: 'organisation'; unitId: string } | { kind: 'person'; unitId: string; name: null; position: null };
  forms: null;
  basis: null;
}

/**
 * Accountability against the unit itself (its organisation or one of its officials) as it is. Against
 * another unit or its official, that a decision was issued, not the register's row (`GET
 * /accountability` is 403 to units: its rows name officials and the discipline imposed on them): the
 * decision's id, the target's kind and unit; the person's name and position, the forms and the basis
 * (its facts name the person and the conduct) are null. The event's type, metadata and
 * `recordedAt` still say that and when. Built field by field, so a field added to the event later is
 * withheld until it is decided otherwise.
 */
function unitAccountabilitySees(
  data: AccountabilityIssued['data'],
  unitScope: string,
): AccountabilityIssued['data'] | WithheldAccountability {
  if (data.target.unitId === unitScope) return data;
  const { kind, unitId } = data.target;
  const target = kind === 'person' ? { kind, unitId, name: null, position: null } : { kind, unitId };
  return { accountabilityId: data.accountabilityId, target, forms: null, basis: null };
}
