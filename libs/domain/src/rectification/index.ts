export * from './measure.model';
export * from './measure-deadline';
export * from './measure.errors';
export * from './measure.rules';
export * from './measure.evolve';
export * from './ledger-configuration';
export * from './ledger-publication';
