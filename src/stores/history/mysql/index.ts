export * from './connection.ts';
export * from './identifiers.ts';
export * from './row-layout.ts';
export * from './store.ts';
