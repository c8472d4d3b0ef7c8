// The pure core: no Nest, no pg, no event store, no I/O (checked by `npm run lint:architecture`).
export * from './shared/domain-error';
export * from './shared/decider';
export * from './calendar/local-date';
export * from './calendar/calendar-year';
export * from './calendar/working-calendar';
export * from './calendar/chinese-days-years';
