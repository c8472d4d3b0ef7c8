export * from './complainant-access';
export * from './public-case-status';
