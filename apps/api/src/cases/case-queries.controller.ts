import { BadRequestException, Controller, Get, Inject, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { caseDecider, caseStreamId, DomainError, replay, type CaseEvent, type CaseState, type ComplaintFiled } from '@app/domain';
import { EVENT_STORE, loadAggregate, toDomainEvent, type EventEnvelope, type EventStore } from '@app/event-store';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import { CaseIdPipe } from './case-id.pipe';
import { toCaseView, type CaseView } from './case-view';

/**
 * A case read straight from its stream (the read models of the projections issue serve lists).
 * A unit sees only cases it was notified of; to anyone else such a case does not exist (404).
 */
@ApiTags('cases')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true })
@Controller('api/v1/cases')
@UseGuards(RolesGuard)
@AllowedRoles('intake', 'unit', 'discipline', 'admin')
export class CaseQueriesController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':id')
  @ApiOperation({ summary: 'The case as it stands now, or as it stood at `asOf` (time travel); ETag is its version' })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO-8601 instant: the case as recorded up to then' })
  async get(
    @Param('id', CaseIdPipe) id: string,
    @Query('asOf') asOf: string | undefined,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseView> {
    const until = parseAsOf(asOf);
    const loaded = await this.load(id, caller);
    const { state, version } = until === null ? loaded : this.asOf(id, loaded.envelopes, until);
    response.setHeader('ETag', `"${version}"`);
    return toCaseView(id, version, state);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every event of the case, in order, with its metadata' })
  async history(@Param('id', CaseIdPipe) id: string, @Caller() caller: RequestContext) {
    const { envelopes } = await this.load(id, caller);
    return { id, events: envelopes.map((e) => historyEntry(e, caller)) };
  }

  /** The case folded from the events recorded up to `until` only. */
  private asOf(id: string, envelopes: EventEnvelope[], until: number): { state: CaseState; version: number } {
    const known = envelopes.filter((e) => Date.parse(e.recordedAt) <= until);
    if (known.length === 0) throw new DomainError('CASE_NOT_FOUND', 'The case did not exist yet at that time', { caseId: id });
    return {
      state: replay(
        caseDecider,
        known.map((e) => toDomainEvent<CaseEvent>(e)),
      ),
      version: known[known.length - 1].streamVersion,
    };
  }

  private async load(id: string, caller: RequestContext) {
    const loaded = await loadAggregate(this.store, caseStreamId(id), caseDecider);
    if (loaded.version === 0 || !visibleTo(loaded.state, caller))
      throw new DomainError('CASE_NOT_FOUND', 'There is no such case', { caseId: id });
    return loaded;
  }
}

/** `asOf` as epoch milliseconds (null: now); anything but an ISO-8601 instant is a 400 naming it. */
function parseAsOf(asOf: string | undefined): number | null {
  if (asOf === undefined) return null;
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(asOf) ? Date.parse(asOf) : NaN;
  if (Number.isNaN(ms)) {
    const message = 'asOf must be an ISO-8601 instant, e.g. 2026-10-01T00:00:00+08:00';
    throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'asOf', message }] });
  }
  return ms;
}

function visibleTo(state: CaseState, caller: RequestContext): boolean {
  return caller.role !== 'unit' || (caller.unitId !== null && caller.unitId in state.units);
}

function historyEntry(e: EventEnvelope, caller: RequestContext) {
  // A unit must not learn even the reference to the complainant (rules on reports, art. 47).
  const data = e.type === 'ComplaintFiled' && caller.role === 'unit' ? withoutComplainantRef(e.data as ComplaintFiled['data']) : e.data;
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

function withoutComplainantRef(data: ComplaintFiled['data']) {
  return { ...data, complainant: { ref: null, anonymous: data.complainant.anonymous } };
}
