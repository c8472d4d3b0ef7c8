import { AppraisalInputsErrors, appraisalInputsDecider, DomainError, UnitErrors, type AppraisalInputsCommand } from '@app/domain';
import * as domain from '@app/domain/appraisal/appraisal-inputs.model';
import { getMetadataStorage } from 'class-validator';
import {
  DEDUCTION_ID_MESSAGE,
  DEDUCTION_ID_PATTERN,
  InspectionDeductionRequestDto,
} from '../../apps/api/src/appraisal-inputs/appraisal-inputs.request.dto';
import { CODE_MESSAGES } from '../../apps/console/src/problems/code-messages';
import { fieldMessage } from '../../apps/console/src/problems/field-messages';
import * as consoleInputs from '../../apps/console/src/views/appraisal/appraisal-input-rules';

/**
 * The console imports no package, so the 录入 dialogs (views/appraisal/appraisal-input-rules.ts) keep the
 * domain's rules for recording appraisal inputs in a copy of their own: which inputs apply to which
 * unit kind, the score range, what a deduction costs. They must be the ones the server decides by.
 */
describe('the console records appraisal inputs by the rules the server decides by', () => {
  it('offers each unit kind the inputs that apply to it', () => {
    expect(consoleInputs.APPRAISAL_INPUTS_BY_UNIT_KIND).toEqual(domain.APPRAISAL_INPUTS_BY_UNIT_KIND);
  });

  it('knows the score range and the points of either kind of deduction', () => {
    expect({
      scoreMin: consoleInputs.SCORE_MIN,
      scoreMax: consoleInputs.SCORE_MAX,
      conduct: consoleInputs.CONDUCT_POINTS_PER_PERSON_TIME,
      lapse: consoleInputs.LAPSE_POINTS,
    }).toEqual({
      scoreMin: domain.SCORE_MIN,
      scoreMax: domain.SCORE_MAX,
      conduct: domain.CONDUCT_POINTS_PER_PERSON_TIME,
      lapse: domain.LAPSE_POINTS,
    });
  });

  it('previews the points the decider records for a deduction, and none for one it refuses', () => {
    const forms: Array<Partial<consoleInputs.DeductionForm>> = [
      { kind: 'lapse', count: '1' },
      { kind: 'lapse', count: '3' },
      { kind: 'lapse', count: '7' },
      { kind: 'lapse', count: '1000' },
      { kind: 'lapse', count: '1001' },
      { kind: 'conduct', personTimes: '3', pointsPerPersonTime: '0.7' },
      { kind: 'conduct', personTimes: '7', pointsPerPersonTime: '0.55' },
      { kind: 'conduct', personTimes: '200', pointsPerPersonTime: '0.5' },
      { kind: 'conduct', personTimes: '201', pointsPerPersonTime: '0.5' },
      { kind: 'conduct', personTimes: '2', pointsPerPersonTime: '0.45' },
      { kind: 'conduct', personTimes: '2', pointsPerPersonTime: '0.555' },
    ];
    for (const fields of forms) {
      const form = { ...consoleInputs.blankDeductionForm(), ...fields };
      const command = {
        ...consoleInputs.deductionBody(form),
        type: 'RecordInspectionDeduction',
        at: '2026-06-30T02:00:00.000Z',
        unitId: 'dept-czj',
        year: 2026,
        unitKind: 'department',
        deductionId: 'DC-1',
        reason: '台账不全',
        occurredOn: '2026-06-01',
      } as AppraisalInputsCommand;
      const decided = appraisalInputsDecider.decide(command, appraisalInputsDecider.initialState());
      const recorded = Array.isArray(decided) ? (decided[0]!.data as { points: number }).points : null;
      expect({ fields, points: consoleInputs.deductionPoints(form) }).toEqual({ fields, points: recorded });
    }
  });

  it('says in Chinese every refusal of the recording routes', () => {
    const codes = [...Object.values(AppraisalInputsErrors), UnitErrors.UNIT_RETIRED, UnitErrors.UNIT_NOT_FOUND];
    expect(codes.filter((code) => CODE_MESSAGES[code] === undefined)).toEqual([]);
  });

  it('checks a deduction’s number by the API’s own pattern before asking to confirm', () => {
    expect(consoleInputs.DEDUCTION_ID_PATTERN.source).toBe(DEDUCTION_ID_PATTERN.source);
    expect(consoleInputs.DEDUCTION_ID_PATTERN.flags).toBe(DEDUCTION_ID_PATTERN.flags);
  });

  it('compares deduction numbers as the decider does: a number it refuses as recorded already, the console finds among those used', () => {
    const samples = [
      'T-1',
      't-1',
      'Ｔ－１',
      'ｔ－１',
      'DC-2026-031',
      'dc-2026-031',
      'ＤＣ－２０２６－０３１',
      'Dc.2026_031:a',
      'ß-1',
      'İ-1',
      'Ⅻ-1',
      'ﬁ-1',
    ];
    for (const id of samples) expect({ id, key: consoleInputs.deductionIdKey(id) }).toEqual({ id, key: domain.deductionIdKey(id) });
    // And by what the decider decides, not its key alone: each sample after T-1 recorded.
    const recordedT1 = appraisalInputsDecider.evolve(appraisalInputsDecider.initialState(), {
      type: 'InspectionDeductionRecorded',
      data: {
        unitId: 'dept-czj',
        year: 2026,
        deductionId: 'T-1',
        kind: 'lapse',
        count: 1,
        points: 0.1,
        reason: '台账不全',
        occurredOn: '2026-06-01',
      },
    });
    for (const id of samples) {
      const command = {
        type: 'RecordInspectionDeduction',
        at: '2026-06-30T02:00:00.000Z',
        unitId: 'dept-czj',
        year: 2026,
        unitKind: 'department',
        deductionId: id,
        kind: 'lapse',
        count: 1,
        reason: '台账不全',
        occurredOn: '2026-06-01',
      } as AppraisalInputsCommand;
      const decided = appraisalInputsDecider.decide(command, recordedT1);
      const refused = decided instanceof DomainError && decided.code === AppraisalInputsErrors.DEDUCTION_ALREADY_RECORDED;
      expect({ id, taken: consoleInputs.deductionIdKey(id) === consoleInputs.deductionIdKey('T-1') }).toEqual({ id, taken: refused });
    }
  });

  it('says the rule of a deduction’s number at its field, as the API states it (not 「扣分编号有误」)', () => {
    expect(fieldMessage(DEDUCTION_ID_MESSAGE, '扣分编号')).toBe('扣分编号须为1至64个字母、数字或 . _ : -，以字母或数字开头');
  });

  it('checks a cited finding’s id (问题编号) by the pattern the API matches it against, and says it as the API’s refusal reads', () => {
    // The pattern and message of the DTO's @Matches on findingId, read from class-validator's metadata:
    // the rule the API applies, whichever constant it names.
    const matches = getMetadataStorage()
      .getTargetValidationMetadatas(InspectionDeductionRequestDto, '', true, false)
      .filter((m) => m.propertyName === 'findingId' && m.name === 'matches');
    expect(matches).toHaveLength(1);
    const pattern = matches[0]!.constraints[0] as RegExp;
    expect(consoleInputs.FINDING_ID_PATTERN.source).toBe(pattern.source);
    expect(consoleInputs.FINDING_ID_PATTERN.flags).toBe(pattern.flags);
    const message = matches[0]!.message as string;
    expect(consoleInputs.malformedFindingIdMessage('问题7')).toBe(fieldMessage(message, '问题编号'));
  });
});
