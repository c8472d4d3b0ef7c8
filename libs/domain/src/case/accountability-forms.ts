import { DomainError } from '../shared/domain-error';
import { ORGANISATION_ACCOUNTABILITY_FORMS, PERSON_ACCOUNTABILITY_FORMS, type AccountabilityTarget } from './case.model';

/**
 * The forms of an accountability decision, whatever it is issued on (a case, a finding): at least
 * one, each a form for that kind of target (DESIGN §4). The codes are the case's, so a client reads
 * one set whichever the decision is about.
 */
export function accountabilityFormsRule(target: AccountabilityTarget, forms: readonly string[]): DomainError | null {
  if (forms.length === 0)
    return new DomainError('ACCOUNTABILITY_FORMS_EMPTY', 'Name at least one form of accountability', { field: 'forms' });
  const allowed: readonly string[] = target.kind === 'organisation' ? ORGANISATION_ACCOUNTABILITY_FORMS : PERSON_ACCOUNTABILITY_FORMS;
  const wrong = forms.filter((f) => !allowed.includes(f));
  if (wrong.length === 0) return null;
  return new DomainError(
    'ACCOUNTABILITY_FORM_NOT_FOR_TARGET',
    `Not a form of accountability against a ${target.kind}: ${wrong.join(', ')}`,
    {
      field: 'forms',
      forms: wrong,
    },
  );
}
