import { DEFAULT_LEDGER_CONFIGURATION } from '../rectification/ledger-configuration';
import { DeciderSpecification } from '../shared/decider-specification';
import { campaignDecider } from './campaign.decider';
import { CampaignErrors as E } from './campaign.errors';
import {
  APPRAISED,
  campaignOpened,
  openCampaign,
  openedCampaign,
  PHASES,
  questionnairesRecorded,
  symposiumHeld,
  TAX,
} from './campaign.fixtures';
import type { CampaignPhase } from './campaign.model';

const spec = DeciderSpecification.for(campaignDecider);
const AT = '2026-10-23T17:00:00+08:00';

describe('OpenCampaign (开展评议活动)', () => {
  it('records the campaign with its kind, the units it appraises and its five stages', () => {
    spec.given([]).when(openCampaign()).then([campaignOpened()]);
  });

  it('accepts a campaign without every stage: an inspection has no self-inspection', () => {
    const phases = PHASES.filter((p) => p.phase !== 'self_inspection');
    spec
      .given([])
      .when(openCampaign({ kind: 'unannounced_inspection', phases }))
      .then([{ type: 'CampaignOpened', data: { ...campaignOpened().data, kind: 'unannounced_inspection', phases } }]);
  });

  it('refuses a kind that is not in the configured list', () => {
    spec
      .given([])
      .when(openCampaign({ kind: 'beauty_contest' }))
      .thenError(E.UNKNOWN_CAMPAIGN_KIND, { field: 'kind' });
  });

  it('accepts a kind a place added to its configuration', () => {
    const ledger = { ...DEFAULT_LEDGER_CONFIGURATION, campaignKinds: [{ code: 'hotline_review', label: '12345热线评议' }] };
    spec
      .given([])
      .when(openCampaign({ kind: 'hotline_review', ledger }))
      .then([{ type: 'CampaignOpened', data: { ...campaignOpened().data, kind: 'hotline_review' } }]);
  });

  it('refuses a unit appraised twice, naming the second listing', () => {
    spec
      .given([])
      .when(openCampaign({ appraisedUnitIds: [...APPRAISED, TAX] }))
      .thenError(E.UNIT_APPRAISED_TWICE, { field: 'appraisedUnitIds[4]', unitId: TAX });
  });

  it('refuses a campaign that appraises nobody', () => {
    spec
      .given([])
      .when(openCampaign({ appraisedUnitIds: [] }))
      .thenError(E.APPRAISED_UNITS_EMPTY);
  });

  it('refuses a campaign without a name', () => {
    spec
      .given([])
      .when(openCampaign({ name: '  ' }))
      .thenError(E.CAMPAIGN_NAME_REQUIRED, { field: 'name' });
    spec
      .given([])
      .when(openCampaign({ name: '\u200b\u2060' }))
      .thenError(E.CAMPAIGN_NAME_REQUIRED, { field: 'name' });
  });

  it('refuses to open the same campaign twice', () => {
    spec.given(openedCampaign).when(openCampaign()).thenError(E.CAMPAIGN_ALREADY_EXISTS);
  });

  describe('its year', () => {
    it.each([1999, 2101, 26, 2026.5])('refuses the year %p, saying the years a campaign can run: 2000 to 2100', (year) => {
      spec.given([]).when(openCampaign({ year })).thenError(E.INVALID_CAMPAIGN_YEAR, { field: 'year' });
      expect(campaignDecider.decide(openCampaign({ year }), campaignDecider.initialState())).toMatchObject({
        message: 'A campaign’s year is from 2000 to 2100',
      });
    });

    it('refuses a year that has not begun in Beijing: 2099, or 2027 while it is still 2026', () => {
      spec
        .given([])
        .when(openCampaign({ year: 2099 }))
        .thenError(E.CAMPAIGN_YEAR_IN_FUTURE, { field: 'year', year: 2099 });
      spec
        .given([])
        .when(openCampaign({ year: 2027, at: '2026-12-31T15:59:59Z' }))
        .thenError(E.CAMPAIGN_YEAR_IN_FUTURE, { field: 'year' });
    });

    it('opens a campaign of the year begun in Beijing (on 1 January, 00:30 there), or of a past year recorded late', () => {
      const phases = PHASES.map((p) => ({ ...p, startsOn: p.startsOn.replace('2026', '2027'), endsOn: p.endsOn.replace('2026', '2027') }));
      spec
        .given([])
        .when(openCampaign({ year: 2027, at: '2026-12-31T16:30:00Z', phases }))
        .then([{ type: 'CampaignOpened', data: { ...campaignOpened().data, year: 2027, phases, openedAt: '2026-12-31T16:30:00Z' } }]);
      const past = PHASES.map((p) => ({ ...p, startsOn: p.startsOn.replace('2026', '2025'), endsOn: p.endsOn.replace('2026', '2025') }));
      spec
        .given([])
        .when(openCampaign({ year: 2025, phases: past }))
        .then([{ type: 'CampaignOpened', data: { ...campaignOpened().data, year: 2025, phases: past } }]);
    });
  });

  describe('its stages', () => {
    const withPhase = (i: number, change: Partial<CampaignPhase>) => PHASES.map((p, j) => (j === i ? { ...p, ...change } : p));

    it('refuses a stage that ends before it starts', () => {
      spec
        .given([])
        .when(openCampaign({ phases: withPhase(1, { endsOn: '2026-10-12' }) }))
        .thenError(E.PHASE_DATES_OUT_OF_ORDER, { field: 'phases[1].endsOn' });
    });

    it('refuses a stage that starts before the one practice runs before it', () => {
      spec
        .given([])
        .when(openCampaign({ phases: withPhase(4, { startsOn: '2026-10-20' }) }))
        .thenError(E.PHASES_OUT_OF_ORDER, { field: 'phases[4].startsOn' });
    });

    it('refuses a stage listed twice', () => {
      spec
        .given([])
        .when(openCampaign({ phases: [...PHASES, PHASES[2]] }))
        .thenError(E.PHASE_LISTED_TWICE, { field: 'phases[5].phase' });
    });

    it('refuses a stage ending in 9999', () => {
      spec
        .given([])
        .when(openCampaign({ phases: withPhase(0, { endsOn: '9999-12-31' }) }))
        .thenError(E.INVALID_DATE, { field: 'phases[0].endsOn' });
    });

    it('refuses a date that is no date', () => {
      spec
        .given([])
        .when(openCampaign({ phases: withPhase(0, { startsOn: '2026-09-31' }) }))
        .thenError(E.INVALID_DATE, { field: 'phases[0].startsOn' });
    });

    it('refuses a stage outside the campaign’s year, naming the date: a 2026 campaign’s stages in 2019, or running into 2027', () => {
      spec
        .given([])
        .when(openCampaign({ phases: withPhase(0, { startsOn: '2019-09-28', endsOn: '2019-10-12' }) }))
        .thenError(E.DATE_OUTSIDE_CAMPAIGN_YEAR, { field: 'phases[0].startsOn', year: 2026 });
      spec
        .given([])
        .when(openCampaign({ phases: withPhase(4, { endsOn: '2027-01-15' }) }))
        .thenError(E.DATE_OUTSIDE_CAMPAIGN_YEAR, { field: 'phases[4].endsOn', year: 2026 });
    });
  });
});

describe('AmendCampaignPhases', () => {
  const later = PHASES.map((p) => (p.phase === 'look_back' ? { ...p, startsOn: '2026-12-07', endsOn: '2026-12-25' } : p));

  it('replaces the stages, with the reason', () => {
    spec
      .given(openedCampaign)
      .when({ type: 'AmendCampaignPhases', at: AT, phases: later, reason: '回头看推迟一周，与年终考核衔接' })
      .then([{ type: 'CampaignPhasesAmended', data: { phases: later, reason: '回头看推迟一周，与年终考核衔接' } }]);
  });

  it('needs a reason', () => {
    spec
      .given(openedCampaign)
      .when({ type: 'AmendCampaignPhases', at: AT, phases: later, reason: '' })
      .thenError(E.AMENDMENT_REASON_REQUIRED);
    spec
      .given(openedCampaign)
      .when({ type: 'AmendCampaignPhases', at: AT, phases: later, reason: '\u200b' })
      .thenError(E.AMENDMENT_REASON_REQUIRED);
  });

  describe('the stages already in force, amended to themselves', () => {
    const amended = { type: 'CampaignPhasesAmended', data: { phases: later, reason: '回头看推迟一周' } } as const;
    // As the request or the log may give them: the same stages, each with its fields in another order.
    const reordered = (phases: readonly CampaignPhase[]) => phases.map(({ endsOn, startsOn, phase }) => ({ endsOn, startsOn, phase }));

    it('records nothing: they are already in force (as the same configuration published again)', () => {
      spec
        .given(openedCampaign)
        .when({ type: 'AmendCampaignPhases', at: AT, phases: reordered(PHASES), reason: '重新提交' })
        .thenNothing();
      spec
        .given([...openedCampaign, amended])
        .when({ type: 'AmendCampaignPhases', at: AT, phases: later, reason: '重新提交' })
        .thenNothing();
    });

    it('still needs a reason, as any amendment', () => {
      spec
        .given(openedCampaign)
        .when({ type: 'AmendCampaignPhases', at: AT, phases: PHASES, reason: ' ' })
        .thenError(E.AMENDMENT_REASON_REQUIRED);
    });

    it('back to the stages as opened, after an amendment, is a change: recorded', () => {
      spec
        .given([...openedCampaign, amended])
        .when({ type: 'AmendCampaignPhases', at: AT, phases: PHASES, reason: '恢复原定安排' })
        .then([{ type: 'CampaignPhasesAmended', data: { phases: PHASES, reason: '恢复原定安排' } }]);
    });

    it('the same stages listed in another order, or one left out, are a change: recorded (the campaign shows them as listed)', () => {
      const reversed = [...PHASES].reverse();
      spec
        .given(openedCampaign)
        .when({ type: 'AmendCampaignPhases', at: AT, phases: reversed, reason: '调整' })
        .then([{ type: 'CampaignPhasesAmended', data: { phases: reversed, reason: '调整' } }]);
      const fewer = PHASES.slice(0, 4);
      spec
        .given(openedCampaign)
        .when({ type: 'AmendCampaignPhases', at: AT, phases: fewer, reason: '取消回头看' })
        .then([{ type: 'CampaignPhasesAmended', data: { phases: fewer, reason: '取消回头看' } }]);
    });
  });

  it('keeps the stages inside the campaign’s year', () => {
    const intoNextYear = PHASES.map((p) => (p.phase === 'look_back' ? { ...p, endsOn: '2027-01-08' } : p));
    spec
      .given(openedCampaign)
      .when({ type: 'AmendCampaignPhases', at: AT, phases: intoNextYear, reason: '回头看延至次年' })
      .thenError(E.DATE_OUTSIDE_CAMPAIGN_YEAR, { field: 'phases[4].endsOn', year: 2026 });
  });

  it('checks the amended stages as at opening', () => {
    const reversed = PHASES.map((p) => (p.phase === 'mobilise' ? { ...p, endsOn: '2026-09-01' } : p));
    spec
      .given(openedCampaign)
      .when({ type: 'AmendCampaignPhases', at: AT, phases: reversed, reason: '调整' })
      .thenError(E.PHASE_DATES_OUT_OF_ORDER);
  });
});

describe('RecordQuestionnaires (问卷调查)', () => {
  const record = (issued: number, returned: number) =>
    ({ type: 'RecordQuestionnaires', at: AT, issued, returned, recordedOn: '2026-10-23' }) as const;

  it('records questionnaires issued and returned', () => {
    spec
      .given(openedCampaign)
      .when(record(500, 473))
      .then([questionnairesRecorded(500, 473)]);
  });

  it('adds returns to earlier issues: 473 come back of the 500 issued before', () => {
    spec
      .given([...openedCampaign, questionnairesRecorded(500, 0)])
      .when(record(0, 473))
      .then([questionnairesRecorded(0, 473)]);
  });

  it('refuses more returned than issued, counting what was recorded before', () => {
    spec
      .given([...openedCampaign, questionnairesRecorded(500, 473)])
      .when(record(0, 28))
      .thenError(E.RETURNED_EXCEEDS_ISSUED, { field: 'returned', issued: 500, returned: 501 });
  });

  it('refuses a count that is not a whole number', () => {
    spec.given(openedCampaign).when(record(-5, 0)).thenError(E.INVALID_COUNT, { field: 'issued' });
  });

  it('refuses questionnaires recorded on a day that has not come in Beijing (the 31st, on the 23rd), naming the date', () => {
    spec
      .given(openedCampaign)
      .when({ ...record(500, 473), recordedOn: '2026-10-31' })
      .thenError(E.ACTIVITY_IN_FUTURE, { field: 'recordedOn' });
  });

  it('refuses questionnaires recorded outside the campaign’s year', () => {
    spec
      .given(openedCampaign)
      .when({ ...record(500, 473), recordedOn: '2025-12-31' })
      .thenError(E.DATE_OUTSIDE_CAMPAIGN_YEAR, { field: 'recordedOn', year: 2026 });
  });
});

describe('RecordMeeting (座谈会、督办会 …)', () => {
  const { data } = symposiumHeld();

  it('records the meeting with its attendance and the suggestions it collected', () => {
    spec
      .given(openedCampaign)
      .when({ type: 'RecordMeeting', at: AT, ...data })
      .then([symposiumHeld()]);
  });

  it('refuses the same meeting twice, so its suggestions are not counted twice', () => {
    spec
      .given([...openedCampaign, symposiumHeld()])
      .when({ type: 'RecordMeeting', at: AT, ...data })
      .thenError(E.MEETING_ALREADY_RECORDED, { meetingId: 'ZT-01' });
  });

  it('refuses a meeting held on a day past the years a campaign can run', () => {
    spec
      .given(openedCampaign)
      .when({ type: 'RecordMeeting', at: AT, ...data, heldOn: '9999-12-31' })
      .thenError(E.INVALID_DATE, { field: 'heldOn' });
  });

  it('records a meeting held today in Beijing, though it is still yesterday in UTC', () => {
    spec
      .given(openedCampaign)
      .when({ type: 'RecordMeeting', at: '2026-10-19T16:30:00Z', ...data })
      .then([symposiumHeld()]);
  });

  it('refuses a meeting held on a day that has not come in Beijing, naming heldOn', () => {
    spec
      .given(openedCampaign)
      .when({ type: 'RecordMeeting', at: '2026-10-19T15:59:59Z', ...data })
      .thenError(E.ACTIVITY_IN_FUTURE, { field: 'heldOn' });
  });

  it.each(['2020-06-01', '2027-06-01'])('refuses a meeting of a 2026 campaign held on %s, outside its year, naming heldOn', (heldOn) => {
    spec
      .given(openedCampaign)
      .when({ type: 'RecordMeeting', at: AT, ...data, heldOn })
      .thenError(E.DATE_OUTSIDE_CAMPAIGN_YEAR, { field: 'heldOn', year: 2026 });
  });

  it('refuses a meeting nobody attended', () => {
    spec
      .given(openedCampaign)
      .when({ type: 'RecordMeeting', at: AT, ...data, attendance: 0 })
      .thenError(E.INVALID_COUNT, { field: 'attendance' });
  });
});

describe('RecordParticipants and CloseCampaign', () => {
  it('records the people who took part, by group', () => {
    spec
      .given(openedCampaign)
      .when({ type: 'RecordParticipants', at: AT, group: 'cppcc_member', count: 130, recordedOn: '2026-10-23' })
      .then([{ type: 'ParticipantsRecorded', data: { group: 'cppcc_member', count: 130, recordedOn: '2026-10-23' } }]);
  });

  it.each([
    ['a day of a year that has not come', '2099-01-01', E.DATE_OUTSIDE_CAMPAIGN_YEAR],
    ['a day that has not come, in the campaign’s year', '2026-11-13', E.ACTIVITY_IN_FUTURE],
    ['a day of another year', '2019-11-13', E.DATE_OUTSIDE_CAMPAIGN_YEAR],
  ])('refuses participants recorded on %s (%s), naming recordedOn', (_, recordedOn, code) => {
    spec
      .given(openedCampaign)
      .when({ type: 'RecordParticipants', at: AT, group: 'cppcc_member', count: 130, recordedOn })
      .thenError(code, { field: 'recordedOn' });
  });

  it('closes the campaign', () => {
    spec
      .given(openedCampaign)
      .when({ type: 'CloseCampaign', at: '2026-12-18T17:00:00+08:00', note: '回头看结束' })
      .then([{ type: 'CampaignClosed', data: { closedAt: '2026-12-18T17:00:00+08:00', note: '回头看结束' } }]);
  });

  it('records nothing more on a closed campaign', () => {
    spec
      .given([...openedCampaign, { type: 'CampaignClosed', data: { closedAt: AT, note: null } }])
      .when({ type: 'RecordMeeting', at: AT, ...symposiumHeld({ meetingId: 'ZT-02' }).data })
      .thenError(E.CAMPAIGN_CLOSED);
  });

  it('knows no campaign that was never opened', () => {
    spec.given([]).when({ type: 'CloseCampaign', at: AT, note: null }).thenError(E.CAMPAIGN_NOT_FOUND);
  });
});
