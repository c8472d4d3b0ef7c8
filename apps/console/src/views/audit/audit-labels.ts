import { ACCOUNTABILITY_FORM_NAMES, type AccountabilityForm } from '../../labels';
import { isLocalDate, oneOf, type QueryParams } from '../../query/query-params';
import { UNIT_ROLES, UNIT_STATUSES } from '../cases/labels';

export { EVENT_TYPE_NAMES, eventTypeLabel } from './event-type-names';

/**
 * What 纪检审计 writes in Chinese: event types (docs/glossary.md), accountability forms (DESIGN §4),
 * roles; and the pure helpers of the screen (filters in the URL, the export's file name). No Vue.
 */

/** Who acted, in Chinese: the console's roles, and the server itself. */
export const ACTOR_ROLE_NAMES: Readonly<Record<string, string>> = {
  intake: '受理人员',
  unit: '承办单位',
  discipline: '纪检监察',
  dashboard: '领导',
  admin: '系统管理员',
  system: '系统',
};

/** Which forms apply to which target (CPC accountability regulation art. 8; 通报 to both). */
export const FORMS_FOR_TARGET: Readonly<Record<'organisation' | 'person', readonly AccountabilityForm[]>> = {
  organisation: ['written_self_examination', 'circulated_notice', 'reorganisation'],
  person: [
    'circulated_notice',
    'admonishment',
    'suspension_for_inspection',
    'position_adjustment',
    'ordered_resignation',
    'demotion',
    'dismissal',
    'disciplinary_sanction',
    'removal_from_post',
    'performance_deduction',
  ],
};

export type { AccountabilityForm };

export function formLabel(form: string): string {
  return (ACCOUNTABILITY_FORM_NAMES as Record<string, string>)[form] ?? form;
}

/** A unit 发起问责 may hold to account, and its part in the case or finding (主办, 协办·已改派, 问题所在单位). */
export interface TargetUnit {
  unitId: string;
  part: string;
}

/** The units the form offers, in this order, and the one it starts on ('' when the user must choose). */
export interface Targets {
  units: TargetUnit[];
  defaultUnitId: string;
}

/** What the form reads of a case (GET /api/v1/cases/{id}). */
export interface CaseTargetsView {
  units: ReadonlyArray<{ unitId: string; role: string; status: string }>;
  complainedUnitId: string | null;
}

/**
 * A case's units for 发起问责, each with its part as the case stands: 主办 or 协办, and for a unit no
 * longer handling it the status that ended it (主办·已改派, 协办·已退回, the case page's words). Those stay
 * on the list: accountability may rightly fall on the unit that failed before the case was transferred.
 * The units handling it come first (the lead first), then the others, then the complained-about unit
 * when it never handled the case. The form starts on the unit answering for the case now, its active
 * lead; with none (returned, transferred and not yet taken up) it starts on none and the user chooses.
 */
export function caseTargets(view: CaseTargetsView): Targets {
  const handling = (u: CaseTargetsView['units'][number]) => u.status === 'active';
  const order = (u: CaseTargetsView['units'][number]) => (handling(u) ? (u.role === 'lead' ? 0 : 1) : 2);
  const units: TargetUnit[] = [...view.units]
    .sort((a, b) => order(a) - order(b))
    .map((u) => {
      const role = UNIT_ROLES[u.role] ?? u.role;
      return { unitId: u.unitId, part: handling(u) ? role : `${role}·${UNIT_STATUSES[u.status] ?? u.status}` };
    });
  if (view.complainedUnitId && !units.some((u) => u.unitId === view.complainedUnitId))
    units.push({ unitId: view.complainedUnitId, part: '被投诉单位' });
  const lead = view.units.find((u) => u.role === 'lead' && handling(u));
  return { units, defaultUnitId: lead?.unitId ?? '' };
}

/** What the form reads of a finding (GET /api/v1/findings/{id}). */
export interface FindingTargetsView {
  unitId: string;
  measures: ReadonlyArray<{ measureId: string; responsibleUnitId: string }>;
}

/**
 * A finding's units for 发起问责: the unit it is against (问题所在单位, where the form starts: a finding is
 * never transferred), then each other unit responsible for one of its measures (措施 M2 责任单位).
 */
export function findingTargets(view: FindingTargetsView): Targets {
  const units: TargetUnit[] = [{ unitId: view.unitId, part: '问题所在单位' }];
  for (const m of view.measures)
    if (!units.some((u) => u.unitId === m.responsibleUnitId))
      units.push({ unitId: m.responsibleUnitId, part: `措施 ${m.measureId} 责任单位` });
  return { units, defaultUnitId: view.unitId };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the text is a case id (a uuid, as the API names cases); surrounding blanks ignored. */
export function isCaseId(text: string): boolean {
  return UUID.test(text.trim());
}

/** The case a stream belongs to (`case-<id>`, or the complainant reads of it), else null. */
export function caseOfStream(streamId: string): string | null {
  for (const prefix of ['case-', 'complainant-access-']) {
    if (streamId.startsWith(prefix)) {
      const id = streamId.slice(prefix.length);
      return isCaseId(id) ? id : null;
    }
  }
  return null;
}

/** The filters of GET /api/v1/audit/events that the screen keeps in its URL. */
export interface EventFilters {
  caseId?: string;
  type?: string[];
  actorId?: string;
  role?: string;
  unitId?: string;
  recordedFrom?: string;
  recordedTo?: string;
}

const TEXT_FILTERS = ['caseId', 'actorId', 'role', 'unitId', 'recordedFrom', 'recordedTo'] as const;

/** An actor's or a unit's id as the API takes it (apps/api text-fields.ts ID_PATTERN). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
/** An event type's name as the API takes it; the API takes up to 50 of them. */
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{1,79}$/;
/** An instant with its offset, as the API takes one (`2026-03-02T09:05:00+08:00`, `…Z`). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function isInstant(value: string): boolean {
  return INSTANT.test(value) && isLocalDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
}

/**
 * The log's filters in the URL, each with the values the API takes: a bookmark or a hand-edited
 * address with another (`?role=boss`, `?caseId=123`) is reset with a note instead of ending in the
 * API's refusal.
 */
export const EVENT_FILTER_PARAMS = {
  caseId: { label: '案件编号', accepts: isCaseId },
  type: {
    label: '事件类型',
    accepts: (value: string) => {
      const names = value.split(',').map((name) => name.trim());
      return names.length <= 50 && names.every((name) => EVENT_TYPE.test(name));
    },
  },
  actorId: { label: '操作人', accepts: (value: string) => ID.test(value) },
  role: { label: '角色', accepts: oneOf(ACTOR_ROLE_NAMES) },
  unitId: { label: '单位', accepts: (value: string) => ID.test(value) },
  recordedFrom: { label: '记录时间', accepts: isInstant },
  recordedTo: { label: '记录时间', accepts: isInstant },
} as const satisfies QueryParams<(typeof TEXT_FILTERS)[number] | 'type'>;

/**
 * The recording period's ends that do not make a period the picker can show: one end alone (it
 * shows a pair) or an end not after its start (the API refuses it). Both are reset.
 */
export function unfitRecordedPeriod(values: Partial<Record<keyof typeof EVENT_FILTER_PARAMS, string>>): ('recordedFrom' | 'recordedTo')[] {
  const { recordedFrom: from, recordedTo: to } = values;
  if (from === undefined && to === undefined) return [];
  if (from !== undefined && to !== undefined && Date.parse(to) > Date.parse(from)) return [];
  return [...(from !== undefined ? (['recordedFrom'] as const) : []), ...(to !== undefined ? (['recordedTo'] as const) : [])];
}

/** The filters from the route's query (`?type=A,B`); what is empty or not a string is left out. */
export function filtersFromQuery(query: Record<string, unknown>): EventFilters {
  const filters: EventFilters = {};
  for (const key of TEXT_FILTERS) {
    const value = query[key];
    if (typeof value === 'string' && value.trim() !== '') filters[key] = value.trim();
  }
  // A uuid read in any case; the API takes it in lower case.
  if (filters.caseId) filters.caseId = filters.caseId.toLowerCase();
  const type = query.type;
  if (typeof type === 'string' && type.trim() !== '') {
    filters.type = type
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
  }
  return filters;
}

/** The filters as the route's query and the API's query alike (`type` comma-separated), empty ones left out. */
export function filtersToQuery(filters: EventFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of TEXT_FILTERS) {
    const value = filters[key]?.trim();
    if (value) query[key] = value;
  }
  if (filters.type && filters.type.length > 0) query.type = filters.type.join(',');
  return query;
}

/** A Beijing wall-clock time of the date pickers (`2026-03-02 09:05:00`) as an instant with its offset. */
export function beijingInstant(wallClock: string): string {
  return `${wallClock.replace(' ', 'T')}+08:00`;
}
