/** Every input name in one place (action.yml, CLI flags and config files use the same names). */
export const Inputs = {
  mode: 'mode',
  sources: 'sources',
  sourceRegion: 'source-region',
  sourceEndpoint: 'source-endpoint',
  sourceForcePathStyle: 'source-force-path-style',
  destination: 'destination',
  destinationRegion: 'destination-region',
  destinationEndpoint: 'destination-endpoint',
  destinationForcePathStyle: 'destination-force-path-style',
  destinationAccessKeyId: 'destination-access-key-id',
  destinationSecretAccessKey: 'destination-secret-access-key',
  destinationSessionToken: 'destination-session-token',
  destinationProfile: 'destination-profile',
  destinationUseSourceCredentials: 'destination-use-source-credentials',
  overlap: 'overlap',
  concurrency: 'concurrency',
  dryRun: 'dry-run',
  serverSideCopy: 'server-side-copy',
  stateFile: 'state-file',
} as const;

/** Inputs whose values are secrets: masked before anything is logged. */
export const SecretInputs = [
  Inputs.destinationSecretAccessKey,
  Inputs.destinationSessionToken,
  'mysql-url',
  'mysql-password',
  'restore-target-secret-access-key',
  'restore-target-session-token',
] as const;

/** Settings of the SimpleDB-to-MySQL backup (parsed in src/config/simpledb.ts). */
export const SimpleDbInputs = [
  'simpledb-domains',
  'simpledb-region',
  'simpledb-endpoint',
  'stamp-attribute',
  'delete-log-domain',
  'full-scan',
  'simpledb-overlap',
  'mysql-url',
  'mysql-host',
  'mysql-port',
  'mysql-user',
  'mysql-password',
  'mysql-database',
  'mysql-ssl',
  'mysql-ssl-ca',
  'mysql-table-prefix',
] as const;

/** Settings of restore and verify. */
export const RestoreInputs = [
  'restore-time',
  'restore-sources',
  'restore-prefix',
  'restore-keys',
  'restore-target',
  'restore-target-domain',
  'restore-target-endpoint',
  'restore-target-region',
  'restore-target-force-path-style',
  'restore-target-access-key-id',
  'restore-target-secret-access-key',
  'restore-target-session-token',
  'restore-target-profile',
  'restore-in-place',
  'confirm-in-place',
  'verify-sources',
  'read-data',
] as const;

export const ActionInputNames: readonly string[] = [...Object.values(Inputs).filter((n) => n !== Inputs.stateFile), ...SimpleDbInputs, ...RestoreInputs];
