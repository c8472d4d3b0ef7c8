/** The supervision levels the 超期督办 screen issues from a row (约谈 needs its day and attendees: on the case page). */
export const ROW_LEVELS = [
  { level: 'urge', name: '催办' },
  { level: 'supervise', name: '督办' },
  { level: 'listed', name: '挂牌督办' },
] as const;
export type RowLevel = (typeof ROW_LEVELS)[number]['level'];
