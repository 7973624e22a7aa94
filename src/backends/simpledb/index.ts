export * from '../../config/simpledb.ts';
export * from './plan.ts';
export * from './backup.ts';
