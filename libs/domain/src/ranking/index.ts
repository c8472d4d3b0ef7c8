export * from './ranking.model';
export * from './ranking.events';
export * from './ranking.decider';
export * from './ranking.reproduction';
export * from './ranking-id';
