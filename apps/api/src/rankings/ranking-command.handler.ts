import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { DomainError, periodNotBegun, rankingDecider, rankingStreamId, RankingErrors, type RankingPublished } from '@app/domain';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { CLOCK, PG_POOL, type Clock } from '@app/platform';
import { SentCommand, type CommandResult } from '../common/command-message';
import { CommandWriter } from '../common/command-writer';
import { ProjectionPositions } from '../common/projection-positions';
import { RANKING_READ_MODELS } from '@app/projections';
import { computeRanking, DEFAULT_RANK_BY } from './ranking-figures';
import { periodOf } from './ranking-period';
import type { AmendRankingRequestDto, PublishRankingRequestDto } from './rankings.dto';

const UNIT_KIND_LABELS: Readonly<Record<string, string>> = { department: '部门', town: '街镇', window: '窗口', zone: '开发区' };

/** A ranking's id: one per period and unit kind, so publishing the same one twice is refused, not doubled. */
export const rankingIdOf = (period: string, unitKind: string): string => `${period}-${unitKind}`;

export type RankingCommandResult = CommandResult & { id: string };

/** Publish a league table: compute it now from the dashboard read model and record it with its basis. */
export class PublishRankingMessage extends SentCommand<PublishRankingRequestDto, RankingCommandResult> {}
/** Correct a published ranking: compute it again now and record the differences. */
export class AmendRankingMessage extends SentCommand<AmendRankingRequestDto & { id: string }, RankingCommandResult> {}

@CommandHandler(PublishRankingMessage)
export class PublishRankingHandler implements ICommandHandler<PublishRankingMessage, RankingCommandResult> {
  constructor(
    private readonly writer: CommandWriter,
    private readonly positions: ProjectionPositions,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request, sender }: PublishRankingMessage): Promise<RankingCommandResult> {
    for (const projection of RANKING_READ_MODELS) await this.positions.waitFor(projection, request.after);
    const period = periodOf(request.period);
    // Refused before any figure is computed: a period yet to come has none (the decider asks again).
    const notBegun = periodNotBegun(period, this.clock.now().toISOString());
    if (notBegun) throw notBegun;
    const rankBy = request.rankBy ?? [...DEFAULT_RANK_BY];
    const id = rankingIdOf(request.period, request.unitKind);
    const { basis, rows } = await computeRanking(this.pool, period, request.unitKind, rankBy, this.clock.now());
    const title =
      request.title ??
      `${period.kind === 'month' ? `${period.label.slice(0, 4)}年${Number(period.label.slice(5))}月` : `${period.label}年度`}${UNIT_KIND_LABELS[request.unitKind] ?? request.unitKind}办件排名`;
    const command = { type: 'PublishRanking' as const, rankingId: id, title, period, unitKind: request.unitKind, rankBy, basis, rows };
    return { id, ...(await this.writer.append(rankingStreamId(id), rankingDecider, command, sender)) };
  }
}

@CommandHandler(AmendRankingMessage)
export class AmendRankingHandler implements ICommandHandler<AmendRankingMessage, RankingCommandResult> {
  constructor(
    private readonly writer: CommandWriter,
    private readonly positions: ProjectionPositions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request, sender }: AmendRankingMessage): Promise<RankingCommandResult> {
    for (const projection of RANKING_READ_MODELS) await this.positions.waitFor(projection, request.after);
    const [first] = await this.store.readStream(rankingStreamId(request.id), { maxCount: 1 });
    if (!first) throw new DomainError(RankingErrors.RANKING_NOT_FOUND, 'There is no such ranking', { rankingId: request.id });
    // Computed again as it was published: the same period, kind and order, at today's log.
    const published = first.data as RankingPublished['data'];
    const { basis, rows } = await computeRanking(this.pool, published.period, published.unitKind, published.rankBy, this.clock.now());
    const command = { type: 'AmendRanking' as const, reason: request.reason, basis, rows };
    return { id: request.id, ...(await this.writer.append(rankingStreamId(request.id), rankingDecider, command, sender)) };
  }
}
