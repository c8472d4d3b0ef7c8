import type { StreamDeciderShape } from '../shared/decider';
import type { AppraisalInputsCommand } from './appraisal-inputs.commands';
import { decideAppraisalInputs } from './appraisal-inputs.decide';
import { APPRAISAL_INPUTS_EVENT_SCHEMA_VERSIONS, type AppraisalInputsEvent } from './appraisal-inputs.events';
import { evolveAppraisalInputs, initialAppraisalInputsState, type AppraisalInputsState } from './appraisal-inputs.state';

/** A unit's appraisal inputs (评议/考核) for one year as a decider: one stream `appraisal-<unitId>-<year>`. */
export const appraisalInputsDecider: StreamDeciderShape<AppraisalInputsCommand, AppraisalInputsEvent, AppraisalInputsState> = {
  initialState: initialAppraisalInputsState,
  decide: decideAppraisalInputs,
  evolve: evolveAppraisalInputs,
  schemaVersion: (type) => APPRAISAL_INPUTS_EVENT_SCHEMA_VERSIONS[type],
};
