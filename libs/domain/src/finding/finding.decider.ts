import type { StreamDeciderShape } from '../shared/decider';
import type { FindingCommand } from './finding.commands';
import { decideFinding } from './finding.decide';
import { FINDING_EVENT_SCHEMA_VERSIONS, type FindingEvent } from './finding.events';
import { evolveFinding, initialFindingState, type FindingState } from './finding.state';

/** The Finding aggregate (问题 / 意见建议) and its measures as a decider: one stream `finding-<id>` per finding. */
export const findingDecider: StreamDeciderShape<FindingCommand, FindingEvent, FindingState> = {
  initialState: initialFindingState,
  decide: decideFinding,
  evolve: evolveFinding,
  schemaVersion: (type) => FINDING_EVENT_SCHEMA_VERSIONS[type],
};
