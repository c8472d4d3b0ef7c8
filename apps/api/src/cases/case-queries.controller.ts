import { Controller, Get, Inject, Param, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { caseDecider, caseStreamId, DomainError, type CaseState, type ComplaintFiled } from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventEnvelope, type EventStore } from '@app/event-store';
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
  @ApiOperation({ summary: 'The case as it stands now; ETag is its version' })
  async get(
    @Param('id', CaseIdPipe) id: string,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseView> {
    const { state, version } = await this.load(id, caller);
    response.setHeader('ETag', `"${version}"`);
    return toCaseView(id, version, state);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every event of the case, in order, with its metadata' })
  async history(@Param('id', CaseIdPipe) id: string, @Caller() caller: RequestContext) {
    const { envelopes } = await this.load(id, caller);
    return { id, events: envelopes.map((e) => historyEntry(e, caller)) };
  }

  private async load(id: string, caller: RequestContext) {
    const loaded = await loadAggregate(this.store, caseStreamId(id), caseDecider);
    if (loaded.version === 0 || !visibleTo(loaded.state, caller)) throw new DomainError('CASE_NOT_FOUND', 'There is no such case', { caseId: id });
    return loaded;
  }
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
