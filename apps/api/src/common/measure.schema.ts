import { S, type Schema } from './api-contract';

/** The plan of a measure (整改措施) as a case's and a finding's views both show it (rectification/measure.model.ts). */
export const MEASURE_PLAN_FIELDS: Record<string, Schema> = {
  measureId: S.string(),
  description: S.string(),
  responsibleUnitId: S.string(),
  responsibleLeader: S.string(),
  dueDate: S.date(),
};
