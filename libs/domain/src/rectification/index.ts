export * from './measure.model';
export * from './measure.errors';
export * from './measure.rules';
export * from './measure.evolve';
export * from './ledger-configuration';
