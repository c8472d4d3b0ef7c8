import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import {
  AppraisalInputsErrors,
  appraisalInputsDecider,
  appraisalStreamId,
  findingDecider,
  findingStreamId,
  type AppraisalInputsCommand,
  type CitedFinding,
  UnitErrors,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore, type StreamVersion } from '@app/event-store';
import { SentCommand, type CallerCommand, type CommandResult } from '../common/command-message';
import type { CommandSender } from '../common/command-sender';
import { CommandWriter } from '../common/command-writer';
import { onHeldConfiguration } from '../common/configuration-reading';
import { notFoundAtPath } from '../common/path-not-found';
import { UnitDirectory } from '../units/unit-directory';

/** What a caller records: an appraisal-input command; the unit's kind is the registry's, the handler looks it up. */
export type AppraisalInputRequest = CallerCommand<AppraisalInputsCommand, 'unitKind'>;

/** One appraisal input (评议/考核) of a unit for a year, with its conditions (If-Match, Idempotency-Key). */
export class AppraisalInputCommandMessage extends SentCommand<AppraisalInputRequest, CommandResult> {}

/**
 * Records appraisal inputs (and withdraws deductions, 撤销扣分) on `appraisal-<unit>-<year>`: gives
 * the decider the unit's kind (which inputs apply to it; an unknown unit is refused here, 404, a
 * retired one 422 except for a withdrawal), then the CommandWriter stamps
 * now, loads the stream, decides and appends as the sender, the unit's version confirmed by the
 * append (onHeldConfiguration).
 */
@CommandHandler(AppraisalInputCommandMessage)
export class AppraisalInputCommandHandler implements ICommandHandler<AppraisalInputCommandMessage, CommandResult> {
  constructor(
    private readonly writer: CommandWriter,
    private readonly units: UnitDirectory,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ request, sender }: AppraisalInputCommandMessage): Promise<CommandResult> {
    try {
      return await this.record(request, sender);
    } catch (error) {
      // The unit is the path's (`/appraisal-inputs/{year}/units/{unitId}`): an unregistered one is 404, as its GET;
      // so is the deduction a withdrawal names (`…/inspection-deductions/{deductionId}/withdrawal`).
      throw notFoundAtPath(notFoundAtPath(error, UnitErrors.UNIT_NOT_FOUND), AppraisalInputsErrors.DEDUCTION_NOT_FOUND);
    }
  }

  private record(request: AppraisalInputRequest, sender: CommandSender): Promise<CommandResult> {
    // The unit as held, its version confirmed by the append (decided again on it checked if need be).
    return onHeldConfiguration(async (configuration) => {
      // A retired unit takes no new inputs, but a deduction recorded in error is still withdrawn: a
      // correction of its record, which its retirement must not freeze.
      const unit =
        request.type === 'WithdrawInspectionDeduction'
          ? await this.units.requireRegistered(request.unitId, 'unitId', configuration)
          : await this.units.requireActive(request.unitId, 'unitId', configuration);
      const citing = request.type === 'RecordInspectionDeduction' && request.findingId ? request.findingId : null;
      const cited = citing ? await this.finding(citing) : null;
      const command = { ...request, unitKind: unit.kind, ...(cited ? { citedFinding: cited.finding } : {}) };
      return this.writer.append(appraisalStreamId(request.unitId, request.year), appraisalInputsDecider, command, sender, {
        configuration,
        absentAtPath: [AppraisalInputsErrors.DEDUCTION_NOT_FOUND],
        // A finding withdrawn between this read and the append (the ledger's 撤销 at the same
        // moment) must not be cited: the append finds its stream where it was read, or writes
        // nothing, and the command is decided again on the finding as it then stands.
        ...(cited ? { decidedOn: [cited.read] } : {}),
      });
    });
  }

  /** The finding a deduction cites, as its stream stands (null: none), and the version it was read at. */
  private async finding(findingId: string): Promise<{ finding: CitedFinding | null; read: StreamVersion }> {
    const streamId = findingStreamId(findingId);
    const { state, version } = await loadAggregate(this.store, streamId, findingDecider);
    const finding =
      state.status === 'none' || state.unitId === null ? null : { unitId: state.unitId, withdrawn: state.status === 'withdrawn' };
    return { finding, read: { streamId, version } };
  }
}
