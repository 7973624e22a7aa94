/**
 * The inputs of each sub-action (backup/, restore/, verify/ and prune/ beside the root action.yml, as
 * actions/cache has cache/restore and cache/save): the inputs its mode uses, and no other.
 *
 * A sub-action reads only these (see run.ts): the runner passes a `with:` entry its action.yml
 * does not declare with only a warning, and such an entry must not change what the step does. An
 * input it does not declare is unset, so the config takes its default, never an empty string.
 *
 * scripts/sub-actions.ts writes each sub-action's action.yml from the root action.yml and these
 * lists (`npm run docs`); test/unit/sub-actions.test.ts fails when they disagree, when a root
 * input is in no list, or when a mode's config changes with an input its list leaves out.
 */
import type { Mode } from '../config/build.ts';
import { Inputs, type InputName } from '../config/inputs.ts';

/** The live S3 buckets: a backup reads them; an in-place restore backs them up first; verify compares them. */
const sources = [Inputs.sources, Inputs.sourceRegion, Inputs.sourceEndpoint, Inputs.sourceForcePathStyle];

/** Where the S3 backup is, and how to reach it. */
const destination = [
  Inputs.destination,
  Inputs.destinationEndpoint,
  Inputs.destinationRegion,
  Inputs.destinationForcePathStyle,
  Inputs.destinationAccessKeyId,
  Inputs.destinationSecretAccessKey,
  Inputs.destinationSessionToken,
  Inputs.destinationProfile,
  Inputs.destinationUseSourceCredentials,
];

/** What every write to an S3 destination carries: backup, restore (safety backup, default target) and prune write there. */
const destinationWrites = [Inputs.destinationStorageClass, Inputs.destinationSse, Inputs.destinationSseKmsKeyId, Inputs.objectLockMode, Inputs.objectLockDays];

/** Which S3 keys and sizes a backup, restore or verify covers (plan/filter.ts). */
const filters = [Inputs.include, Inputs.exclude, Inputs.filter, Inputs.minSize, Inputs.maxSize];

/** The MySQL history of the SimpleDB backups (a prune needs only this). */
const mySqlHistory = [
  Inputs.mysqlUrl,
  Inputs.mysqlHost,
  Inputs.mysqlPort,
  Inputs.mysqlUser,
  Inputs.mysqlPassword,
  Inputs.mysqlDatabase,
  Inputs.mysqlSsl,
  Inputs.mysqlSslCa,
  Inputs.mysqlTablePrefix,
];

/** The retention policy of a prune, in restic's vocabulary. */
const retention = [Inputs.keepWithin, Inputs.keepLast, Inputs.keepHourly, Inputs.keepDaily, Inputs.keepWeekly, Inputs.keepMonthly, Inputs.keepYearly];

/** The SimpleDB endpoint and the MySQL history every SimpleDB mode reads or writes. */
const simpleDbAndMySql = [Inputs.simpledbRegion, Inputs.simpledbEndpoint, ...mySqlHistory];

export const SUB_ACTION_INPUTS: Readonly<Record<Mode, readonly InputName[]>> = {
  backup: [
    ...sources,
    ...destination,
    ...destinationWrites,
    Inputs.overlap,
    Inputs.concurrency,
    Inputs.dryRun,
    Inputs.serverSideCopy,
    ...filters,
    Inputs.bandwidthLimit,
    Inputs.shard,
    Inputs.shardRun,
    Inputs.maxDuration,
    Inputs.listParallelism,
    Inputs.listing,
    Inputs.inventoryManifest,
    Inputs.simpledbDomains,
    Inputs.stampAttribute,
    Inputs.deleteLogDomain,
    Inputs.simpledbOverlap,
    Inputs.fullScan,
    Inputs.simpledbDomainsAtOnce,
    ...simpleDbAndMySql,
  ],
  restore: [
    Inputs.restoreTime,
    Inputs.restoreSources,
    Inputs.restorePrefix,
    Inputs.restoreKeys,
    ...filters,
    Inputs.bandwidthLimit,
    Inputs.restoreTarget,
    Inputs.restoreTargetDomain,
    Inputs.restoreTargetEndpoint,
    Inputs.restoreTargetRegion,
    Inputs.restoreTargetForcePathStyle,
    Inputs.restoreTargetAccessKeyId,
    Inputs.restoreTargetSecretAccessKey,
    Inputs.restoreTargetSessionToken,
    Inputs.restoreTargetProfile,
    Inputs.restoreInPlace,
    Inputs.confirmInPlace,
    Inputs.dryRun,
    Inputs.concurrency,
    ...destination,
    ...destinationWrites,
    ...sources,
    // The safety backup an in-place restore takes first runs with the backup's settings (a
    // full scan of the domains, whatever `full-scan` says).
    Inputs.overlap,
    Inputs.serverSideCopy,
    Inputs.stampAttribute,
    Inputs.deleteLogDomain,
    Inputs.simpledbOverlap,
    // `simpledb-domains` names the live domains: a restore target among them is in place.
    Inputs.simpledbDomains,
    ...simpleDbAndMySql,
  ],
  verify: [Inputs.verifySources, Inputs.readData, ...filters, Inputs.concurrency, ...sources, ...destination, ...simpleDbAndMySql],
  // No sources: a prune reads and changes only the backup (and it writes its catalogue files with
  // the destination's write options). `simpledb-domains` picks the domains (default all).
  prune: [...retention, Inputs.dryRun, Inputs.concurrency, ...destination, ...destinationWrites, Inputs.simpledbDomains, ...mySqlHistory],
};
