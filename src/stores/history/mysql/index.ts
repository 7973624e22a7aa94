export * from './connection.ts';
export * from './settings.ts';
export * from './identifiers.ts';
export * from './row-layout.ts';
export * from './sql-time.ts';
export { missingFromGrants, REQUIRED_PRIVILEGES } from './grants.ts';
export { MySqlDomainHistory } from './domain-history.ts';
export { MySqlHistoryStore, openMySqlHistoryStore, type MySqlHistoryOptions } from './store.ts';
