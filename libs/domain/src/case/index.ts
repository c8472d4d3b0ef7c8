export * from './case.model';
export * from './case.events';
export * from './case.commands';
export * from './case.errors';
export * from './case.state';
export * from './case.decider';
export * from './deadline-outcome';
export * from './handling-rounds';
export { caseKnownTo, requireKnownTo } from './case.guards';
