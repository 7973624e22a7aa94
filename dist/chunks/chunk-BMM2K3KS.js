import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/config/inputs.ts
var Inputs = {
  mode: "mode",
  dryRun: "dry-run",
  concurrency: "concurrency",
  // S3 sources and the backup destination
  sources: "sources",
  sourceRegion: "source-region",
  sourceEndpoint: "source-endpoint",
  sourceForcePathStyle: "source-force-path-style",
  destination: "destination",
  destinationRegion: "destination-region",
  destinationEndpoint: "destination-endpoint",
  destinationForcePathStyle: "destination-force-path-style",
  destinationAccessKeyId: "destination-access-key-id",
  destinationSecretAccessKey: "destination-secret-access-key",
  destinationSessionToken: "destination-session-token",
  destinationProfile: "destination-profile",
  destinationUseSourceCredentials: "destination-use-source-credentials",
  destinationStorageClass: "destination-storage-class",
  destinationSse: "destination-sse",
  destinationSseKmsKeyId: "destination-sse-kms-key-id",
  objectLockMode: "object-lock-mode",
  objectLockDays: "object-lock-days",
  overlap: "overlap",
  serverSideCopy: "server-side-copy",
  shard: "shard",
  shardRun: "shard-run",
  maxDuration: "max-duration",
  listParallelism: "list-parallelism",
  listing: "listing",
  inventoryManifest: "inventory-manifest",
  // Filters and the bandwidth limit (S3 backup, restore and verify)
  include: "include",
  exclude: "exclude",
  filter: "filter",
  minSize: "min-size",
  maxSize: "max-size",
  bandwidthLimit: "bandwidth-limit",
  // SimpleDB sources and the MySQL history
  simpledbDomains: "simpledb-domains",
  simpledbRegion: "simpledb-region",
  simpledbEndpoint: "simpledb-endpoint",
  stampAttribute: "stamp-attribute",
  deleteLogDomain: "delete-log-domain",
  fullScan: "full-scan",
  simpledbOverlap: "simpledb-overlap",
  simpledbDomainsAtOnce: "simpledb-domains-at-once",
  mysqlUrl: "mysql-url",
  mysqlHost: "mysql-host",
  mysqlPort: "mysql-port",
  mysqlUser: "mysql-user",
  mysqlPassword: "mysql-password",
  mysqlDatabase: "mysql-database",
  mysqlSsl: "mysql-ssl",
  mysqlSslCa: "mysql-ssl-ca",
  mysqlTablePrefix: "mysql-table-prefix",
  // Restore and verify
  restoreTime: "restore-time",
  restoreSources: "restore-sources",
  restorePrefix: "restore-prefix",
  restoreKeys: "restore-keys",
  restoreTarget: "restore-target",
  restoreTargetDomain: "restore-target-domain",
  restoreTargetEndpoint: "restore-target-endpoint",
  restoreTargetRegion: "restore-target-region",
  restoreTargetForcePathStyle: "restore-target-force-path-style",
  restoreTargetAccessKeyId: "restore-target-access-key-id",
  restoreTargetSecretAccessKey: "restore-target-secret-access-key",
  restoreTargetSessionToken: "restore-target-session-token",
  restoreTargetProfile: "restore-target-profile",
  restoreInPlace: "restore-in-place",
  confirmInPlace: "confirm-in-place",
  verifySources: "verify-sources",
  readData: "read-data",
  // Retention (mode prune), in restic's vocabulary
  keepWithin: "keep-within",
  keepLast: "keep-last",
  keepHourly: "keep-hourly",
  keepDaily: "keep-daily",
  keepWeekly: "keep-weekly",
  keepMonthly: "keep-monthly",
  keepYearly: "keep-yearly",
  // The CLI only (the action keeps its watermark in the Actions cache)
  stateFile: "state-file"
};
var CliOnlyInputs = [Inputs.stateFile];
var ActionInputNames = Object.values(Inputs).filter((name) => !CliOnlyInputs.includes(name));
var SecretInputs = [
  Inputs.destinationSecretAccessKey,
  Inputs.destinationSessionToken,
  Inputs.mysqlUrl,
  Inputs.mysqlPassword,
  Inputs.restoreTargetSecretAccessKey,
  Inputs.restoreTargetSessionToken
];
var IN_PLACE_CONFIRMATION = "overwrite live data";

export {
  Inputs,
  ActionInputNames,
  SecretInputs,
  IN_PLACE_CONFIRMATION
};
