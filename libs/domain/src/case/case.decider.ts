import type { StreamDeciderShape } from '../shared/decider';
import type { CaseCommand } from './case.commands';
import { decideCase } from './case.decide';
import { CASE_EVENT_SCHEMA_VERSIONS, type CaseEvent } from './case.events';
import { evolveCase, initialCaseState, type CaseState } from './case.state';

/** The Case aggregate (案件) as a decider: one stream `case-<id>` per complaint. */
export const caseDecider: StreamDeciderShape<CaseCommand, CaseEvent, CaseState> = {
  initialState: initialCaseState,
  decide: decideCase,
  evolve: evolveCase,
  schemaVersion: (type) => CASE_EVENT_SCHEMA_VERSIONS[type],
};
