// The pure core: no Nest, no pg, no event store, no I/O (checked by `npm run lint:architecture`).
export * from './shared/domain-error';
export * from './shared/decider';
export * from './calendar/local-date';
export * from './calendar/calendar-year';
export * from './calendar/working-calendar';
export * from './calendar/chinese-days-years';
export * from './calendar/time-limit-policy';
export * from './calendar/deadline-rules';
export * from './rectification';
export * from './case';
export * from './campaign';
export * from './finding';
export * from './complainant';
export * from './calendar/calendar-publication';
export * from './calendar/time-limit-publication';
export * from './unit';
export * from './appraisal';
