import { URGENCY_NAMES } from '../../labels';
import { isLocalDate, oneOf, type QueryParams } from '../../query/query-params';
import { CHANNELS, STATUSES } from './labels';

/**
 * The case list's filters, kept in the URL (a link from the dashboard opens a filtered list), each
 * with its label and the values the list can use: a code list's codes, Beijing dates for 受理日期.
 * Unit and category ids are the API's to judge (an unknown one lists nothing).
 */
export const LIST_PARAMS = {
  status: { label: '状态', accepts: oneOf(STATUSES) },
  unitId: { label: '承办单位' },
  category: { label: '类别' },
  channel: { label: '渠道', accepts: oneOf(CHANNELS) },
  urgency: { label: '紧急程度', accepts: oneOf(URGENCY_NAMES) },
  receivedFrom: { label: '受理日期', accepts: isLocalDate },
  receivedTo: { label: '受理日期', accepts: isLocalDate },
  overdue: { label: '曾超期', accepts: (value: string) => value === 'true' },
  q: { label: '关键词' },
} as const satisfies QueryParams<string>;

export type ListFilter = keyof typeof LIST_PARAMS;
export const LIST_FILTERS = Object.keys(LIST_PARAMS) as ListFilter[];
