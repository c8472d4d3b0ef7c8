import { beijingDateOf } from '../calendar/local-date';
import { DomainError } from '../shared/domain-error';
import type { Decision, StreamDeciderShape } from '../shared/decider';
import { hasVisibleCharacter } from '../shared/visible-text';
import { RANKING_EVENT_SCHEMA_VERSIONS, type RankingEvent, type RankingPublished } from './ranking.events';
import { differencesOf, type RankingBasis, type RankingRow } from './ranking.model';

export const RankingErrors = {
  RANKING_ALREADY_PUBLISHED: 'RANKING_ALREADY_PUBLISHED',
  RANKING_NOT_FOUND: 'RANKING_NOT_FOUND',
  AMENDMENT_REASON_REQUIRED: 'AMENDMENT_REASON_REQUIRED',
  AMENDMENT_CHANGES_NOTHING: 'AMENDMENT_CHANGES_NOTHING',
  RANKING_SCHEME_CHANGED: 'RANKING_SCHEME_CHANGED',
  RANKING_PERIOD_NOT_BEGUN: 'RANKING_PERIOD_NOT_BEGUN',
} as const;

type Command<Type extends string, Data> = { type: Type; at: string } & Data;
/** Publish the rows the handler computed (from the read model at `basis.position`). */
export type PublishRanking = Command<'PublishRanking', Omit<RankingPublished['data'], 'publishedAt'>>;
/** Correct a published ranking with rows computed again: only with a reason, and only if something changed. */
export type AmendRanking = Command<'AmendRanking', { reason: string; basis: RankingBasis; rows: RankingRow[] }>;
export type RankingCommand = PublishRanking | AmendRanking;

/**
 * One ranking per period and kind: one of a period yet to come (all zeros) would leave the real one,
 * once the period is over, only an amendment of it. A period not begun on `at`'s Beijing date is
 * refused, naming `period`; the month or year in progress may be ranked. The handler asks it before
 * computing any figure (a period of 2100 or 9999 is well formed, only not begun), the decider again.
 */
export function periodNotBegun(period: { label: string; from: string }, at: string): DomainError | null {
  if (period.from <= beijingDateOf(at)) return null;
  return new DomainError(RankingErrors.RANKING_PERIOD_NOT_BEGUN, `The period ${period.label} has not begun`, {
    field: 'period',
    from: period.from,
  });
}

/** A ranking as its stream leaves it: the rows in force (the last amendment's, or as published). */
export interface RankingState {
  published: boolean;
  rows: readonly RankingRow[];
}

function decideRanking(command: RankingCommand, state: RankingState): Decision<RankingEvent> {
  switch (command.type) {
    case 'PublishRanking': {
      if (state.published) return new DomainError(RankingErrors.RANKING_ALREADY_PUBLISHED, 'This ranking is published already: amend it');
      const notBegun = periodNotBegun(command.period, command.at);
      if (notBegun) return notBegun;
      const { type: _t, at, ...data } = command;
      return [{ type: 'RankingPublished', data: { ...data, publishedAt: at } }];
    }
    case 'AmendRanking': {
      if (!state.published) return new DomainError(RankingErrors.RANKING_NOT_FOUND, 'There is no such ranking');
      if (!hasVisibleCharacter(command.reason))
        return new DomainError(RankingErrors.AMENDMENT_REASON_REQUIRED, 'An amendment needs a reason', { field: 'reason' });
      const differences = differencesOf(state.rows, command.rows);
      if (differences.length === 0)
        return new DomainError(RankingErrors.AMENDMENT_CHANGES_NOTHING, 'The figures computed again are those in force: nothing to amend');
      return [
        {
          type: 'RankingAmended',
          data: { reason: command.reason, basis: command.basis, rows: command.rows, differences, amendedAt: command.at },
        },
      ];
    }
  }
}

function evolveRanking(state: RankingState, event: RankingEvent): RankingState {
  switch (event.type) {
    case 'RankingPublished':
    case 'RankingAmended':
      return { published: true, rows: event.data.rows };
  }
}

/** The Ranking aggregate (排名通报): one stream `ranking-<id>` per published league table. */
export const rankingDecider: StreamDeciderShape<RankingCommand, RankingEvent, RankingState> = {
  initialState: () => ({ published: false, rows: [] }),
  decide: decideRanking,
  evolve: evolveRanking,
  schemaVersion: (type) => RANKING_EVENT_SCHEMA_VERSIONS[type],
};
