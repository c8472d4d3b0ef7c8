import { caseMembers, deadlineMembers, itemJson, type OverdueDeadlineColumns } from './overdue.item';

const ofCase = caseMembers({
  case_id: '0b7c1c9e-5a61-4b59-9d43-3f1f3c2a8e01',
  title: '营业执照变更 "反复" 补材料',
  category: 'cumbersome_approval',
  urgency: 'urgent',
});

// As to_json gives a deadline's row: days as days, an instant in the session's offset.
const deadline: OverdueDeadlineColumns = {
  unit_id: 'dept-market',
  kind: 'handling',
  unit_role: 'lead',
  responsible_leader: '张局长',
  due_date: '2026-10-15',
  round: 2,
  deadline_passed: true,
  supervision_count: 2,
  supervision_level: 'supervise',
  last_supervised_at: '2026-10-16T17:30:00.5+08:00',
  extension_times: 1,
  extension_working_days: 5,
  due_before_extension: '2026-10-08',
};

describe('an overdue item as its rows store it', () => {
  it('is the item a page shows once the query adds the standing, instants in UTC to the millisecond', () => {
    const standing = { card: 'red' as const, workingDaysOverdue: 3, workingDaysLeft: 0 };
    expect(JSON.parse(itemJson(ofCase, deadlineMembers(deadline), standing))).toEqual({
      caseId: '0b7c1c9e-5a61-4b59-9d43-3f1f3c2a8e01',
      title: '营业执照变更 "反复" 补材料',
      category: 'cumbersome_approval',
      urgency: 'urgent',
      round: 2,
      unitId: 'dept-market',
      unitRole: 'lead',
      responsibleLeader: '张局长',
      kind: 'handling',
      dueDate: '2026-10-15',
      card: 'red',
      workingDaysOverdue: 3,
      workingDaysLeft: 0,
      deadlinePassedRecorded: true,
      supervision: { count: 2, level: 'supervise', lastIssuedAt: '2026-10-16T09:30:00.500Z' },
      extension: { times: 1, grantedWorkingDays: 5, previousDue: '2026-10-08' },
    });
  });

  it('shows a deadline never supervised nor extended with nulls, and a yellow or green card as judged', () => {
    const fresh = {
      ...deadline,
      deadline_passed: false,
      supervision_count: 0,
      supervision_level: null,
      last_supervised_at: null,
      extension_times: 0,
      extension_working_days: 0,
      due_before_extension: null,
    };
    for (const card of ['yellow', 'green'] as const) {
      expect(JSON.parse(itemJson(ofCase, deadlineMembers(fresh), { card, workingDaysOverdue: 0, workingDaysLeft: 4 }))).toMatchObject({
        card,
        workingDaysLeft: 4,
        deadlinePassedRecorded: false,
        supervision: { count: 0, level: null, lastIssuedAt: null },
        extension: null,
      });
    }
  });
});
