import { chineseDaysYears, WorkingCalendar } from '@app/domain';
import { standingOf } from './deadline-standing';

describe('where an open deadline stands, on the official calendar', () => {
  const calendar = new WorkingCalendar(chineseDaysYears());

  it('counts only working days overdue: the National Day holidays do not count, the make-up Saturday does', () => {
    // Due Wednesday 30 September 2026; 1–7 October are holidays, Saturday 10 October is worked (调休).
    expect(standingOf(calendar, '2026-09-30', '2026-10-07')).toEqual({ card: 'red', workingDaysOverdue: 0, workingDaysLeft: 0 });
    expect(standingOf(calendar, '2026-09-30', '2026-10-08')).toEqual({ card: 'red', workingDaysOverdue: 1, workingDaysLeft: 0 });
    expect(standingOf(calendar, '2026-09-30', '2026-10-10')).toEqual({ card: 'red', workingDaysOverdue: 3, workingDaysLeft: 0 });
    expect(standingOf(calendar, '2026-09-30', '2026-10-11')).toEqual({ card: 'red', workingDaysOverdue: 3, workingDaysLeft: 0 });
  });

  it('a deadline due today or later is yellow, with the working days left', () => {
    expect(standingOf(calendar, '2026-11-20', '2026-11-20')).toEqual({ card: 'yellow', workingDaysOverdue: 0, workingDaysLeft: 0 });
    // Friday to the next Tuesday: Monday and Tuesday.
    expect(standingOf(calendar, '2026-11-24', '2026-11-20')).toEqual({ card: 'yellow', workingDaysOverdue: 0, workingDaysLeft: 2 });
  });
});
