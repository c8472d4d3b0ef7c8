import { calendarLink, calendarWarning, yearToCheck } from './calendar-warning';

const MISSING = { status: 404, code: 'CALENDAR_YEAR_MISSING' };

describe('the admin is warned of next year’s missing calendar from October', () => {
  it('checks next year from 1 October to 31 December, no year before', () => {
    expect(yearToCheck('2026-09-30')).toBeNull();
    expect(yearToCheck('2026-01-01')).toBeNull();
    expect(yearToCheck('2026-10-01')).toBe(2027);
    expect(yearToCheck('2026-12-31')).toBe(2027);
  });

  it('warns from 1 October when next year’s calendar is missing, naming the year and where to publish it', () => {
    expect(calendarWarning('2026-10-01', MISSING)).toEqual({
      year: 2027,
      text: '2027年度工作日历尚未发布：期限或回头看日期落在2027年的办理将被拒绝，请在「系统管理 › 工作日历」中发布。',
    });
    expect(calendarWarning('2030-12-31', MISSING)?.text).toContain('2031年度工作日历尚未发布');
    expect(calendarWarning('2030-12-31', MISSING)?.year).toBe(2031);
  });

  it('links to the calendar panel on the missing year, not on the current year it opens on', () => {
    expect(calendarLink(2027)).toEqual({ name: 'admin-calendar', query: { year: '2027' } });
  });

  it('says nothing before October, even with next year missing', () => {
    expect(calendarWarning('2026-09-30', MISSING)).toBeNull();
    expect(calendarWarning('2026-01-15', MISSING)).toBeNull();
  });

  it('says nothing once next year is published', () => {
    expect(calendarWarning('2026-11-20', { status: 200 })).toBeNull();
  });

  it.each([
    ['a network error', { status: 0, code: 'NETWORK_ERROR' }],
    ['a server error', { status: 500, code: 'INTERNAL_ERROR' }],
    ['a 503', { status: 503, code: 'PROJECTION_NOT_READY' }],
    ['a 404 of another kind', { status: 404, code: 'NOT_FOUND' }],
    ['a 404 without a code', { status: 404 }],
    ['a refusal', { status: 403, code: 'FORBIDDEN' }],
  ])('says nothing on %s (no false alarm)', (_, answer) => {
    expect(calendarWarning('2026-11-20', answer)).toBeNull();
  });
});
