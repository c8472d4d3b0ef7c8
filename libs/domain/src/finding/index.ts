export * from './finding.model';
export * from './finding.events';
export * from './finding.commands';
export * from './finding.errors';
export * from './finding.state';
export * from './finding.decider';
export * from './raiser-access';
export * from './finding-holdings';
