import { ConfigError } from './errors.ts';
import { Inputs } from './inputs.ts';
import { booleanSetting, listSetting, optional, type RawSettings } from './parse.ts';
import { buildS3BackupConfig, type S3BackupConfig } from './s3.ts';
import { parseRestoreTime } from '../plan/restore-time.ts';
import { IN_PLACE_CONFIRMATION, type RestoreTargetSpec, type S3RestoreOptions } from '../backends/s3/restore.ts';
import type { ReadDataPolicy, S3VerifyOptions } from '../backends/s3/verify.ts';
import type { S3Connection } from '../stores/object/s3/client.ts';
import { ACTION_OVERLAP_SETTING, parseSimpleDbBackupSettings, type SimpleDbBackupConfig } from './simpledb.ts';
import { SDB_TARGET_INPUT, type SdbRestoreOptions, type SdbRestoreTarget, type SdbVerifyOptions } from '../backends/simpledb/restore.ts';

/** Input names of the restore and verify modes (in addition to the backup's destination and source inputs). */
export const RestoreInputs = {
  restoreTime: 'restore-time',
  restoreSources: 'restore-sources',
  restorePrefix: 'restore-prefix',
  restoreKeys: 'restore-keys',
  restoreTarget: 'restore-target',
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
} as const;

/** Restore-mode secrets, to be masked with the others. */
export const RestoreSecretInputs = [RestoreInputs.restoreTargetSecretAccessKey, RestoreInputs.restoreTargetSessionToken] as const;

export interface S3RestoreConfig {
  /** Everything runS3Restore takes, ready to pass. */
  options: S3RestoreOptions;
  /** How the restore time was read (e.g. "no time zone given: read as UTC"). */
  timeNote?: string;
  /** The backup's destination and the sources' connection (for an in-place restore). */
  destination: S3BackupConfig['destination'];
  sourceConnection: S3Connection;
  /** The live sources from `sources`: an in-place restore (or a target overlapping them) backs them up first. */
  liveSources: S3BackupConfig['sources'];
}

export type ReadData = ReadDataPolicy;

export interface S3VerifyConfig {
  options: S3VerifyOptions;
  destination: S3BackupConfig['destination'];
  sourceConnection: S3Connection;
  /** The live sources compared with the backup (from `sources`); empty: only the backup itself is checked. */
  liveSources: S3BackupConfig['sources'];
}

const BUCKET = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,254}$/;

/** The backup's settings: restore and verify may run without `sources` (they read the catalogue). */
function backupPart(raw: RawSettings, env: NodeJS.ProcessEnv): { config: S3BackupConfig; hasSources: boolean } {
  const config = buildS3BackupConfig(raw, env, { sourcesOptional: true });
  return { config, hasSources: config.sources.length > 0 };
}

export function parseReadData(text: string | undefined): ReadData {
  const value = (text ?? 'none').trim();
  if (value === '' || value === 'none') return { kind: 'none' };
  if (value === 'all') return { kind: 'all' };
  const sample = /^sample:(\d+(?:\.\d+)?)%?$/.exec(value);
  if (sample) {
    const percent = Number(sample[1]);
    if (percent > 0 && percent <= 100) return { kind: 'sample', percent };
  }
  throw new ConfigError(RestoreInputs.readData, `must be none, all, or sample:<percent> (for example sample:10), got ${JSON.stringify(value)}`);
}

function targetSpec(raw: RawSettings, env: NodeJS.ProcessEnv, concurrency: number): RestoreTargetSpec {
  const text = optional(raw, RestoreInputs.restoreTarget);
  if (text === undefined) return { kind: 'default' };
  if (!text.startsWith('s3://')) {
    const path = text.startsWith('file://') ? new URL(text).pathname : text;
    return { kind: 'local', path };
  }
  const rest = text.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  let prefix = slash < 0 ? '' : rest.slice(slash + 1);
  if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
  if (!BUCKET.test(bucket)) throw new ConfigError(RestoreInputs.restoreTarget, `${JSON.stringify(text)} does not name a valid bucket`);
  const endpoint = optional(raw, RestoreInputs.restoreTargetEndpoint);
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new ConfigError(RestoreInputs.restoreTargetEndpoint, `must be an http(s) URL, got ${JSON.stringify(endpoint)}`);
    }
  }
  const region = optional(raw, RestoreInputs.restoreTargetRegion) ?? (endpoint ? 'us-east-1' : (env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1'));
  if (!/^[a-z0-9-]+$/.test(region)) throw new ConfigError(RestoreInputs.restoreTargetRegion, `is not a valid region: ${JSON.stringify(region)}`);
  const connection: S3Connection = {
    region,
    forcePathStyle: booleanSetting(raw, RestoreInputs.restoreTargetForcePathStyle, endpoint !== undefined),
    maxSockets: concurrency * 2,
    ...(endpoint ? { endpoint: endpoint.replace(/\/+$/, '') } : {}),
  };
  const keyId = optional(raw, RestoreInputs.restoreTargetAccessKeyId);
  const secret = optional(raw, RestoreInputs.restoreTargetSecretAccessKey);
  const token = optional(raw, RestoreInputs.restoreTargetSessionToken);
  const profile = optional(raw, RestoreInputs.restoreTargetProfile);
  if ((keyId === undefined) !== (secret === undefined)) {
    throw new ConfigError(
      keyId ? RestoreInputs.restoreTargetSecretAccessKey : RestoreInputs.restoreTargetAccessKeyId,
      `goes with \`${keyId ? RestoreInputs.restoreTargetAccessKeyId : RestoreInputs.restoreTargetSecretAccessKey}\`: set both or neither`,
    );
  }
  // Without keys or a profile the target is written with the standard AWS chain (as the sources are read).
  if (keyId && secret) connection.credentials = { accessKeyId: keyId, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
  else if (profile) connection.profile = profile;
  // A named bucket may turn out to overlap a backed-up source: the engine then treats the restore
  // as in place, which needs this confirmation (it checks once it has read the catalogue).
  const confirmed = optional(raw, RestoreInputs.confirmInPlace) === IN_PLACE_CONFIRMATION;
  return { kind: 's3', bucket, prefix, connection, confirmed };
}

/**
 * Restore settings: `restore-time` (required), `restore-sources` (default: every catalogued
 * source), `restore-prefix`, `restore-keys`, `restore-target` (default: `restored/<T>/` in the
 * backup destination), `restore-in-place` with `confirm-in-place: overwrite live data`,
 * `dry-run`, `concurrency`, plus the backup's `destination*` and `source*` inputs.
 */
export function buildRestoreConfig(raw: RawSettings, env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): S3RestoreConfig {
  const time = restoreTime(raw, now);

  const { config, hasSources } = backupPart(raw, env);
  const restoreSources = listSetting(raw, RestoreInputs.restoreSources);
  const keys = listSetting(raw, RestoreInputs.restoreKeys);
  const prefix = optional(raw, RestoreInputs.restorePrefix);

  const inPlace = booleanSetting(raw, RestoreInputs.restoreInPlace, false);
  let target: RestoreTargetSpec;
  if (inPlace) {
    if (optional(raw, RestoreInputs.restoreTarget) !== undefined) {
      throw new ConfigError(RestoreInputs.restoreTarget, `cannot be combined with \`${RestoreInputs.restoreInPlace}: true\`: an in-place restore writes to the source buckets`);
    }
    const confirmation = optional(raw, RestoreInputs.confirmInPlace);
    if (confirmation !== IN_PLACE_CONFIRMATION) {
      throw new ConfigError(
        RestoreInputs.confirmInPlace,
        `an in-place restore overwrites live objects and removes those that did not exist at the restore time: set it to \`${IN_PLACE_CONFIRMATION}\` to confirm` +
          (confirmation === undefined ? '' : ` (got ${JSON.stringify(confirmation)})`),
      );
    }
    if (!hasSources) {
      throw new ConfigError(Inputs.sources, `an in-place restore needs the live buckets in \`${Inputs.sources}\` (it backs them up before writing over them)`);
    }
    target = { kind: 'in-place', confirmed: true };
  } else {
    target = targetSpec(raw, env, config.concurrency);
  }

  const options: S3RestoreOptions = {
    at: time.at,
    sources: restoreSources,
    target,
    concurrency: config.concurrency,
    dryRun: config.dryRun,
    backup: { overlapMs: config.overlapMs, serverSideCopy: config.serverSideCopy },
    ...(config.sourceConnection.endpoint ? { sourceEndpoint: config.sourceConnection.endpoint } : {}),
  };
  if (prefix !== undefined) options.prefix = prefix;
  if (keys.length > 0) options.keys = keys;
  return {
    options,
    ...(time.note ? { timeNote: time.note } : {}),
    destination: config.destination,
    sourceConnection: config.sourceConnection,
    // Every live bucket given: an in-place restore writes them; a target that overlaps one backs it up first.
    liveSources: config.sources,
  };
}

/**
 * Verify settings: `read-data` (none | sample:<percent> | all, default none), `verify-sources`
 * (which catalogued sources to check, default all), and the backup's `sources`, `destination*`
 * and `source*` inputs: when `sources` is set each live bucket is compared with the backup.
 */
export function buildVerifyConfig(raw: RawSettings, env: NodeJS.ProcessEnv = process.env): S3VerifyConfig {
  const { config, hasSources } = backupPart(raw, env);
  const options: S3VerifyOptions = {
    sources: listSetting(raw, RestoreInputs.verifySources),
    readData: parseReadData(optional(raw, RestoreInputs.readData)),
    concurrency: config.concurrency,
  };
  return { options, destination: config.destination, sourceConnection: config.sourceConnection, liveSources: hasSources ? config.sources : [] };
}


// ---------------------------------------------------------------------------------------------
// SimpleDB restore and verify

export interface SdbRestoreConfig {
  options: SdbRestoreOptions;
  timeNote?: string;
  /** MySQL, table prefix and SimpleDB endpoint; also the configuration of the in-place safety backup. */
  backup: SimpleDbBackupConfig;
}

export interface SdbVerifyConfig {
  options: SdbVerifyOptions;
  backup: SimpleDbBackupConfig;
}

const SDB_DOMAIN = /^[A-Za-z0-9_.-]{3,255}$/;

function sdbBackupPart(raw: RawSettings): SimpleDbBackupConfig {
  // `simpledb-domains` is what a backup reads; restore and verify select with their own inputs.
  // The overlap (used by an in-place restore's safety backup) is SimpleDB's own `simpledb-overlap`.
  return parseSimpleDbBackupSettings({ ...raw, 'simpledb-domains': optional(raw, 'simpledb-domains') ?? 'all' }, { overlapSetting: ACTION_OVERLAP_SETTING });
}

function restoreTime(raw: RawSettings, now: Date): { at: Date; note?: string } {
  const timeText = optional(raw, RestoreInputs.restoreTime);
  if (timeText === undefined) throw new ConfigError(RestoreInputs.restoreTime, 'is required: the moment to restore, such as 2026-11-24T16:30:00Z, `yesterday` or `2 days ago`');
  let time;
  try {
    time = parseRestoreTime(timeText, now);
  } catch (error) {
    throw new ConfigError(RestoreInputs.restoreTime, (error as Error).message);
  }
  if (time.at.getTime() > now.getTime()) {
    throw new ConfigError(RestoreInputs.restoreTime, `${time.at.toISOString()} is in the future (now is ${now.toISOString()}): a restore can only go back in time`);
  }
  return time;
}

/**
 * SimpleDB restore settings: `restore-time`; `restore-sources` (domains, default every backed-up
 * domain); `restore-keys` (item names) and `restore-prefix` (item-name prefix);
 * `restore-target-domain` (a domain name; default a new domain `<domain>-restored-<T>`);
 * `restore-in-place` with `confirm-in-place: overwrite live data` (also required when
 * `restore-target-domain` names a domain the backup covers: the restore checks that against
 * MySQL); `dry-run`; plus the MySQL settings of the backup (`mysql-url`, `mysql-database`,
 * `mysql-table-prefix`, ...), `simpledb-domains` (a target among them is live) and
 * `simpledb-endpoint`/`-region`.
 */
export function buildSdbRestoreConfig(raw: RawSettings, now: Date = new Date()): SdbRestoreConfig {
  const time = restoreTime(raw, now);
  const backup = sdbBackupPart(raw);
  const domains = listSetting(raw, RestoreInputs.restoreSources);
  for (const domain of domains) if (!SDB_DOMAIN.test(domain)) throw new ConfigError(RestoreInputs.restoreSources, `${JSON.stringify(domain)} is not a SimpleDB domain name`);
  let target: SdbRestoreTarget = { kind: 'new' };
  const targetText = optional(raw, SDB_TARGET_INPUT);
  const confirmation = optional(raw, RestoreInputs.confirmInPlace);
  if (booleanSetting(raw, RestoreInputs.restoreInPlace, false)) {
    if (targetText !== undefined) throw new ConfigError(SDB_TARGET_INPUT, `cannot be combined with \`${RestoreInputs.restoreInPlace}: true\``);
    if (confirmation !== IN_PLACE_CONFIRMATION) {
      throw new ConfigError(RestoreInputs.confirmInPlace, `an in-place restore overwrites live items and deletes those absent at the restore time: set it to \`${IN_PLACE_CONFIRMATION}\` to confirm`);
    }
    target = { kind: 'in-place', confirmed: true };
  } else if (targetText !== undefined) {
    if (!SDB_DOMAIN.test(targetText)) throw new ConfigError(SDB_TARGET_INPUT, `${JSON.stringify(targetText)} is not a SimpleDB domain name (3-255 of a-z, A-Z, 0-9, _, - and .)`);
    if (domains.length !== 1) throw new ConfigError(SDB_TARGET_INPUT, `a named target domain takes one source domain: set \`${RestoreInputs.restoreSources}\` to it`);
    if (confirmation !== undefined && confirmation !== IN_PLACE_CONFIRMATION) {
      throw new ConfigError(RestoreInputs.confirmInPlace, `must be exactly \`${IN_PLACE_CONFIRMATION}\` (got ${JSON.stringify(confirmation)})`);
    }
    // Whether the domain holds live data is known only from MySQL: the restore checks it, and
    // refuses a live one unless this confirmation was given.
    target = { kind: 'domain', name: targetText, ...(confirmation === IN_PLACE_CONFIRMATION ? { confirmed: true } : {}) };
  }
  const items = listSetting(raw, RestoreInputs.restoreKeys);
  const itemPrefix = optional(raw, RestoreInputs.restorePrefix);
  const options: SdbRestoreOptions = {
    at: time.at,
    domains,
    target,
    dryRun: booleanSetting(raw, Inputs.dryRun, false),
    tablePrefix: backup.tablePrefix,
    // `simpledb-domains` as set (not the `all` placeholder the backup part gets when it is unset).
    ...(optional(raw, 'simpledb-domains') !== undefined ? { liveDomains: backup.domains } : {}),
    ...(items.length > 0 ? { items } : {}),
    ...(itemPrefix !== undefined ? { itemPrefix } : {}),
  };
  return { options, ...(time.note ? { timeNote: time.note } : {}), backup: { ...backup, dryRun: false } };
}

/** SimpleDB verify settings: `verify-sources` (domains, default every backed-up domain) and the MySQL settings. */
export function buildSdbVerifyConfig(raw: RawSettings): SdbVerifyConfig {
  const backup = sdbBackupPart(raw);
  return { options: { domains: listSetting(raw, RestoreInputs.verifySources), tablePrefix: backup.tablePrefix }, backup };
}
