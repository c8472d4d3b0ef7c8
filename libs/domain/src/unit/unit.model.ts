/** What kind of unit (单位) it is: 部门 (department or one of its offices), 窗口 (service window), 街镇 (town/street). */
export const UNIT_KINDS = ['department', 'window', 'town'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export function isUnitKind(value: unknown): value is UnitKind {
  return typeof value === 'string' && (UNIT_KINDS as readonly string[]).includes(value);
}

/**
 * A unit id is part of stream names (`unit-<id>`, `appraisal-<id>-<year>`) and URLs, so it is
 * restricted to lowercase letters, digits and inner hyphens, e.g. `dept-fgj`, `win-tax-01`.
 */
export const UNIT_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function isUnitId(value: unknown): value is string {
  return typeof value === 'string' && UNIT_ID_PATTERN.test(value);
}

/** Longest unit name accepted (full official names such as 区自然资源和规划局不动产登记中心 fit easily). */
export const UNIT_NAME_MAX_LENGTH = 100;

/**
 * A unit's name as it is compared for uniqueness, as a person reading a list of names compares them:
 * full-width and half-width forms alike (NFKC: ＱＡ is QA), upper and lower case alike, surrounding
 * whitespace left out and a run of it inside taken as one space. Two active units whose names give
 * the same key would show as the same entry in a picker by name (UNIT_NAME_IN_USE).
 */
export function unitNameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}
