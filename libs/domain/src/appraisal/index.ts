export * from './appraisal-inputs.model';
export * from './appraisal-inputs.events';
export * from './appraisal-inputs.commands';
export * from './appraisal-inputs.errors';
export * from './appraisal-inputs.state';
export * from './appraisal-inputs.decide';
export * from './appraisal-inputs.decider';
export * from './scheme';
