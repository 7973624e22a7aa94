export * from './config.ts';
export * from './plan.ts';
export * from './run.ts';
