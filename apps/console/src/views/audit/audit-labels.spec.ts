import {
  beijingInstant,
  caseOfStream,
  caseTargets,
  findingTargets,
  EVENT_FILTER_PARAMS,
  eventTypeLabel,
  filtersFromQuery,
  filtersToQuery,
  FORMS_FOR_TARGET,
  isCaseId,
  unfitRecordedPeriod,
} from './audit-labels';
import { readQuery } from '../../query/query-params';
import { ACCOUNTABILITY_FORM_NAMES } from '../../labels';

const CASE = '6f1d2c3b-4a5e-4f60-8172-93a4b5c6d7e8';

describe('纪检审计 writes the log in Chinese and keeps its filters in the URL', () => {
  it('names an event type in Chinese with its code, and a type the glossary lacks by its code alone', () => {
    expect(eventTypeLabel('ComplaintFiled')).toBe('登记（ComplaintFiled）');
    expect(eventTypeLabel('AccountabilityIssued')).toBe('问责（AccountabilityIssued）');
    expect(eventTypeLabel('SomethingNew')).toBe('SomethingNew');
  });

  it('links the streams of a case (its own, and the reads of its complainant) to the case', () => {
    expect(caseOfStream(`case-${CASE}`)).toBe(CASE);
    expect(caseOfStream(`complainant-access-${CASE}`)).toBe(CASE);
    expect(caseOfStream('unit-dept-market')).toBeNull();
    expect(caseOfStream('case-not-a-uuid')).toBeNull();
  });

  it('tells a case id from other text', () => {
    expect(isCaseId(` ${CASE.toUpperCase()} `)).toBe(true);
    expect(isCaseId('营业执照')).toBe(false);
  });

  it('reads the filters from the query, leaving out what is empty, and writes them back the same', () => {
    const query = { caseId: CASE, type: 'ComplaintFiled, UnitNotified', role: '', actorId: 'intake-wang', tab: 'events' };
    const filters = filtersFromQuery(query);
    expect(filters).toEqual({ caseId: CASE, type: ['ComplaintFiled', 'UnitNotified'], actorId: 'intake-wang' });
    expect(filtersToQuery(filters)).toEqual({ caseId: CASE, type: 'ComplaintFiled,UnitNotified', actorId: 'intake-wang' });
    expect(filtersToQuery({ caseId: ' ', type: [] })).toEqual({});
  });

  it('keeps from the address only the filters the API takes, and a recording period only as a pair in order', () => {
    const read = (query: Record<string, string>) => readQuery(query, EVENT_FILTER_PARAMS, { together: unfitRecordedPeriod });
    const from = '2026-03-02T09:05:00+08:00';
    const to = '2026-03-02T10:00:00Z';
    const usable = {
      caseId: CASE.toUpperCase(),
      type: 'ComplaintFiled,UnitNotified',
      role: 'system',
      unitId: 'dept-market',
      recordedFrom: from,
      recordedTo: to,
    };
    expect(read(usable)).toEqual({ values: usable, dropped: [], note: '' });
    expect(filtersFromQuery({ caseId: CASE.toUpperCase() }).caseId).toBe(CASE);
    expect(read({ caseId: '123', type: 'ComplaintFiled,bogus', actorId: '王 五', role: 'boss', unitId: '-x' }).dropped).toEqual([
      'caseId',
      'type',
      'actorId',
      'role',
      'unitId',
    ]);
    expect(read({ type: Array.from({ length: 51 }, () => 'ComplaintFiled').join(',') }).dropped).toEqual(['type']);
    expect(read({ recordedFrom: from }).dropped).toEqual(['recordedFrom']);
    expect(read({ recordedTo: to }).dropped).toEqual(['recordedTo']);
    expect(read({ recordedFrom: to, recordedTo: from }).dropped).toEqual(['recordedFrom', 'recordedTo']);
    expect(read({ recordedFrom: from, recordedTo: from }).dropped).toEqual(['recordedFrom', 'recordedTo']);
    expect(read({ recordedFrom: '2026-03-02 09:05:00', recordedTo: '2026-02-30T09:00:00Z' }).note).toBe(
      '筛选条件“记录时间”的值无效，已恢复默认',
    );
  });

  it('writes a Beijing wall-clock time of the pickers as an instant with its offset', () => {
    expect(beijingInstant('2026-03-02 09:05:00')).toBe('2026-03-02T09:05:00+08:00');
  });

  it('offers each target only its forms, each with a Chinese name (通报 to both)', () => {
    expect(FORMS_FOR_TARGET.organisation.map((f) => ACCOUNTABILITY_FORM_NAMES[f])).toEqual(['检查', '通报', '改组']);
    expect(FORMS_FOR_TARGET.person).toContain('circulated_notice');
    expect(FORMS_FOR_TARGET.person).not.toContain('reorganisation');
    expect(new Set([...FORMS_FOR_TARGET.organisation, ...FORMS_FOR_TARGET.person])).toEqual(
      new Set(Object.keys(ACCOUNTABILITY_FORM_NAMES)),
    );
  });

  it('发起问责 on a case starts on the unit answering for it now and says each unit’s part, those no longer handling it kept', () => {
    // The science bureau led, and the case was transferred to the market regulator; housing co-handles.
    const transferred = caseTargets({
      units: [
        { unitId: 'dept-science', role: 'lead', status: 'transferred' },
        { unitId: 'dept-housing', role: 'co', status: 'active' },
        { unitId: 'dept-market', role: 'lead', status: 'active' },
      ],
      complainedUnitId: 'dept-science',
    });
    expect(transferred).toEqual({
      units: [
        { unitId: 'dept-market', part: '主办' },
        { unitId: 'dept-housing', part: '协办' },
        { unitId: 'dept-science', part: '主办·已改派' },
      ],
      defaultUnitId: 'dept-market',
    });
    // The lead returned the case (退回) and nobody took it up: no unit answers for it, the user chooses.
    const returned = caseTargets({
      units: [
        { unitId: 'dept-market', role: 'lead', status: 'disputed' },
        { unitId: 'dept-housing', role: 'co', status: 'active' },
      ],
      complainedUnitId: 'dept-approval',
    });
    expect(returned).toEqual({
      units: [
        { unitId: 'dept-housing', part: '协办' },
        { unitId: 'dept-market', part: '主办·已退回' },
        { unitId: 'dept-approval', part: '被投诉单位' },
      ],
      defaultUnitId: '',
    });
    // Not dispatched yet: only the complained-about unit, and no default.
    expect(caseTargets({ units: [], complainedUnitId: 'dept-market' })).toEqual({
      units: [{ unitId: 'dept-market', part: '被投诉单位' }],
      defaultUnitId: '',
    });
  });

  it('发起问责 on a finding starts on the unit it is against, then each other unit responsible for a measure', () => {
    expect(
      findingTargets({
        unitId: 'dept-market',
        measures: [
          { measureId: 'M1', responsibleUnitId: 'dept-market' },
          { measureId: 'M2', responsibleUnitId: 'win-tax-01' },
          { measureId: 'M3', responsibleUnitId: 'win-tax-01' },
        ],
      }),
    ).toEqual({
      units: [
        { unitId: 'dept-market', part: '问题所在单位' },
        { unitId: 'win-tax-01', part: '措施 M2 责任单位' },
      ],
      defaultUnitId: 'dept-market',
    });
  });
});
