export * from './unit.model';
export * from './unit.events';
export * from './unit.commands';
export * from './unit.errors';
export * from './unit.state';
export * from './unit.decide';
export * from './unit.decider';
export * from './unit-seed';
