/**
 * Every input name in one place. action.yml, the CLI's flags, config files and PULLBACK_*
 * environment variables use the same names; code refers to them through `Inputs`, never as bare
 * strings, so a rename is one line and an error always names what the user set.
 */
export const Inputs = {
  mode: 'mode',
  dryRun: 'dry-run',
  concurrency: 'concurrency',

  // S3 sources and the backup destination
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
  destinationStorageClass: 'destination-storage-class',
  destinationSse: 'destination-sse',
  destinationSseKmsKeyId: 'destination-sse-kms-key-id',
  objectLockMode: 'object-lock-mode',
  objectLockDays: 'object-lock-days',
  overlap: 'overlap',
  serverSideCopy: 'server-side-copy',
  shard: 'shard',
  shardRun: 'shard-run',
  maxDuration: 'max-duration',
  listParallelism: 'list-parallelism',
  listing: 'listing',
  inventoryManifest: 'inventory-manifest',

  // Filters and the bandwidth limit (S3 backup, restore and verify)
  include: 'include',
  exclude: 'exclude',
  filter: 'filter',
  minSize: 'min-size',
  maxSize: 'max-size',
  bandwidthLimit: 'bandwidth-limit',

  // SimpleDB sources and the MySQL history
  simpledbDomains: 'simpledb-domains',
  simpledbRegion: 'simpledb-region',
  simpledbEndpoint: 'simpledb-endpoint',
  stampAttribute: 'stamp-attribute',
  deleteLogDomain: 'delete-log-domain',
  fullScan: 'full-scan',
  simpledbOverlap: 'simpledb-overlap',
  simpledbDomainsAtOnce: 'simpledb-domains-at-once',
  mysqlUrl: 'mysql-url',
  mysqlHost: 'mysql-host',
  mysqlPort: 'mysql-port',
  mysqlUser: 'mysql-user',
  mysqlPassword: 'mysql-password',
  mysqlDatabase: 'mysql-database',
  mysqlSsl: 'mysql-ssl',
  mysqlSslCa: 'mysql-ssl-ca',
  mysqlTablePrefix: 'mysql-table-prefix',

  // Restore and verify
  restoreTime: 'restore-time',
  restoreSources: 'restore-sources',
  restorePrefix: 'restore-prefix',
  restoreKeys: 'restore-keys',
  restoreTarget: 'restore-target',
  restoreTargetDomain: 'restore-target-domain',
  restoreTargetEndpoint: 'restore-target-endpoint',
  restoreTargetRegion: 'restore-target-region',
  restoreTargetForcePathStyle: 'restore-target-force-path-style',
  restoreTargetAccessKeyId: 'restore-target-access-key-id',
  restoreTargetSecretAccessKey: 'restore-target-secret-access-key',
  restoreTargetSessionToken: 'restore-target-session-token',
  restoreTargetProfile: 'restore-target-profile',
  restoreInPlace: 'restore-in-place',
  confirmInPlace: 'confirm-in-place',
  verifySources: 'verify-sources',
  readData: 'read-data',

  // Retention (mode prune), in restic's vocabulary
  keepWithin: 'keep-within',
  keepLast: 'keep-last',
  keepHourly: 'keep-hourly',
  keepDaily: 'keep-daily',
  keepWeekly: 'keep-weekly',
  keepMonthly: 'keep-monthly',
  keepYearly: 'keep-yearly',

  // The CLI only (the action keeps its watermark in the Actions cache)
  stateFile: 'state-file',
} as const;

export type InputName = (typeof Inputs)[keyof typeof Inputs];

/** Inputs of the CLI that action.yml does not have. */
export const CliOnlyInputs: readonly InputName[] = [Inputs.stateFile];

/** The inputs action.yml declares, in its order. */
export const ActionInputNames: readonly InputName[] = Object.values(Inputs).filter((name) => !CliOnlyInputs.includes(name));

/** Inputs whose values are secrets: masked before anything is logged. */
export const SecretInputs: readonly InputName[] = [
  Inputs.destinationSecretAccessKey,
  Inputs.destinationSessionToken,
  Inputs.mysqlUrl,
  Inputs.mysqlPassword,
  Inputs.restoreTargetSecretAccessKey,
  Inputs.restoreTargetSessionToken,
];

/** The exact text `confirm-in-place` must hold before a restore writes over live data. */
export const IN_PLACE_CONFIRMATION = 'overwrite live data';
