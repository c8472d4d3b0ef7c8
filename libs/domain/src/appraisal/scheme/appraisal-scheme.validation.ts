import { DomainError } from '../../shared/domain-error';
import { visibleTextOf } from '../../shared/visible-text';
import { UNIT_KINDS, type UnitKind } from '../../unit/unit.model';
import { APPRAISAL_INPUTS_BY_UNIT_KIND, hasAtMostTwoDecimals, roundToHundredths } from '../appraisal-inputs.model';
import { AppraisalSchemeErrors as E } from './appraisal-scheme.errors';
import {
  CASE_INDICATORS,
  SCHEME_INPUT_RECORDED_AS,
  SCHEME_INPUTS,
  type AppraisalScheme,
  type CaseIndicator,
  type GradeBand,
  type KindScheme,
  type SchemeInput,
} from './appraisal-scheme.model';

/** Longest grade name accepted (优秀, 基本称职, …). */
export const GRADE_NAME_MAX_LENGTH = 20;

/**
 * The scheme with only its own fields, its texts trimmed and its numbers rounded to hundredths (a
 * weight of 49.999999999 is within `hasAtMostTwoDecimals`' tolerance, and was recorded as sent), or
 * the first rule it breaks: every unit kind present; weights of 0–100 with at most two decimals, only
 * on inputs the kind is appraised by,
 * adding up to exactly 100 per kind; case deductions of 0–100 points; grade bands named, distinct,
 * strictly descending and the last from 0; a consequence threshold of 0–100 and its measure; a note.
 */
export function checkedAppraisalScheme(scheme: AppraisalScheme): AppraisalScheme | DomainError {
  const kinds = {} as Record<UnitKind, KindScheme>;
  for (const unitKind of UNIT_KINDS) {
    const kind = checkedKind(unitKind, scheme?.kinds?.[unitKind]);
    if (kind instanceof DomainError) return kind;
    kinds[unitKind] = kind;
  }
  const caseDeductions = { perOverdueCase: 0, perAccountability: 0 };
  for (const key of ['perOverdueCase', 'perAccountability'] as const) {
    const points = scheme.caseDeductions?.[key];
    if (!isPoints(points)) {
      return new DomainError(E.INVALID_CASE_DEDUCTION, `caseDeductions.${key} is 0 to 100 points with at most two decimals`, {
        field: `caseDeductions.${key}`,
      });
    }
    caseDeductions[key] = roundToHundredths(points);
  }
  const grades = checkedGrades(scheme.grades);
  if (grades instanceof DomainError) return grades;
  const below = scheme.consequence?.below;
  if (!isPoints(below)) {
    return new DomainError(E.INVALID_CONSEQUENCE, 'consequence.below is a score of 0 to 100 with at most two decimals', {
      field: 'consequence.below',
    });
  }
  const measure = text(scheme.consequence?.measure);
  if (!measure)
    return new DomainError(E.INVALID_CONSEQUENCE, 'consequence.measure says what a unit below the threshold faces', {
      field: 'consequence.measure',
    });
  const note = text(scheme.note);
  if (!note)
    return new DomainError(E.SCHEME_NOTE_MISSING, 'note says where the scheme comes from (e.g. the notice’s number)', { field: 'note' });
  return { kinds, caseDeductions, grades, consequence: { below: roundToHundredths(below), measure }, note };
}

function checkedKind(unitKind: UnitKind, kind: KindScheme | undefined): KindScheme | DomainError {
  if (!kind || typeof kind !== 'object') {
    return new DomainError(E.SCHEME_UNIT_KIND_MISSING, `The scheme has no weights for ${unitKind} units`, {
      unitKind,
      field: `kinds.${unitKind}`,
    });
  }
  const inputs = {} as Record<SchemeInput, number>;
  const indicators = {} as Record<CaseIndicator, number>;
  let totalHundredths = 0;
  for (const input of SCHEME_INPUTS) {
    const field = `kinds.${unitKind}.inputs.${input}`;
    const weight = kind.inputs?.[input] ?? 0;
    if (!isPoints(weight)) return invalidWeight(field);
    if (weight > 0 && !APPRAISAL_INPUTS_BY_UNIT_KIND[unitKind].includes(SCHEME_INPUT_RECORDED_AS[input])) {
      return new DomainError(E.WEIGHT_NOT_FOR_UNIT_KIND, `A ${unitKind} unit is not appraised by ${input}: its weight must be 0`, {
        unitKind,
        input,
        field,
      });
    }
    inputs[input] = roundToHundredths(weight);
    totalHundredths += Math.round(weight * 100);
  }
  for (const indicator of CASE_INDICATORS) {
    const weight = kind.indicators?.[indicator] ?? 0;
    if (!isPoints(weight)) return invalidWeight(`kinds.${unitKind}.indicators.${indicator}`);
    indicators[indicator] = roundToHundredths(weight);
    totalHundredths += Math.round(weight * 100);
  }
  if (totalHundredths !== 10_000) {
    const total = totalHundredths / 100;
    return new DomainError(E.WEIGHTS_NOT_100, `The weights of ${unitKind} units add up to ${total}%, not 100%`, {
      unitKind,
      total,
      field: `kinds.${unitKind}`,
    });
  }
  return { inputs, indicators };
}

function checkedGrades(grades: readonly GradeBand[] | undefined): GradeBand[] | DomainError {
  if (!Array.isArray(grades) || grades.length === 0) {
    return new DomainError(E.GRADE_BANDS_EMPTY, 'A scheme names at least one grade (等次)', { field: 'grades' });
  }
  const checked: GradeBand[] = [];
  for (const [i, band] of grades.entries()) {
    const grade = text(band?.grade);
    if (!grade || grade.length > GRADE_NAME_MAX_LENGTH) {
      return new DomainError(E.INVALID_GRADE_BAND, `grades[${i}].grade is a name of 1 to ${GRADE_NAME_MAX_LENGTH} characters`, {
        field: `grades[${i}].grade`,
      });
    }
    if (!isPoints(band.minScore)) {
      return new DomainError(E.INVALID_GRADE_BAND, `grades[${i}].minScore is 0 to 100 with at most two decimals`, {
        field: `grades[${i}].minScore`,
      });
    }
    if (checked.some((b) => b.grade === grade))
      return new DomainError(E.DUPLICATE_GRADE, `The grade ${grade} is named twice`, { grade, field: `grades[${i}].grade` });
    const minScore = roundToHundredths(band.minScore);
    const previous = checked.at(-1);
    if (previous && minScore >= previous.minScore) {
      return new DomainError(E.GRADE_BANDS_NOT_ORDERED, 'Grades are listed from the highest minScore down, each strictly lower', {
        field: `grades[${i}].minScore`,
      });
    }
    checked.push({ grade, minScore });
  }
  if (checked.at(-1)!.minScore !== 0) {
    return new DomainError(E.GRADE_BANDS_NOT_FROM_ZERO, 'The lowest grade starts at 0, so every score has a grade', {
      field: `grades[${checked.length - 1}].minScore`,
    });
  }
  return checked;
}

/** A weight (percent) or points: 0 to 100 with at most two decimals. */
function isPoints(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 100 && hasAtMostTwoDecimals(value);
}

function invalidWeight(field: string): DomainError {
  return new DomainError(E.INVALID_WEIGHT, `${field} is a percentage of 0 to 100 with at most two decimals`, { field });
}

/** The text trimmed, or '' when nothing of it shows (a zero-width space alone is no grade). */
const text = visibleTextOf;
