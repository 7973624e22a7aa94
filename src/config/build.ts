/**
 * The one place settings become a typed configuration: which backends a run covers, and each
 * one's config for the mode. Every input of both backends is validated here, before anything runs,
 * so a mistake in the second backend's settings never surfaces after the first one has worked.
 */
import { ConfigError } from './errors.ts';
import { Inputs } from './inputs.ts';
import { listSetting, optional, type RawSettings } from './parse.ts';
import { filterInputSet } from './filters.ts';
import { buildS3RestoreConfig, buildS3VerifyConfig, refuseIdleConfirmation, type NewPlace, type S3RestoreConfig, type S3VerifyConfig } from './restore.ts';
import { buildS3BackupConfig, type S3BackupConfig } from './s3.ts';
import { buildS3PruneConfig, buildSimpleDbPruneConfig, type S3PruneConfig, type SimpleDbPruneConfig } from './retention.ts';
import {
  buildSimpleDbBackupConfig,
  buildSimpleDbRestoreConfig,
  buildSimpleDbVerifyConfig,
  type SimpleDbBackupConfig,
  type SimpleDbRestoreConfig,
  type SimpleDbVerifyConfig,
} from './simpledb.ts';

export type Mode = 'backup' | 'restore' | 'verify' | 'prune';
export const MODES: readonly Mode[] = ['backup', 'restore', 'verify', 'prune'];

/** One backend's part of a run: which backend, which mode, and its config. */
export type Job =
  | { backend: 's3'; mode: 'backup'; config: S3BackupConfig }
  | { backend: 's3'; mode: 'restore'; config: S3RestoreConfig }
  | { backend: 's3'; mode: 'verify'; config: S3VerifyConfig }
  | { backend: 'simpledb'; mode: 'backup'; config: SimpleDbBackupConfig }
  | { backend: 'simpledb'; mode: 'restore'; config: SimpleDbRestoreConfig }
  | { backend: 'simpledb'; mode: 'verify'; config: SimpleDbVerifyConfig }
  | { backend: 's3'; mode: 'prune'; config: S3PruneConfig }
  | { backend: 'simpledb'; mode: 'prune'; config: SimpleDbPruneConfig };

/** S3 is configured: a backup has `sources`; restore, verify and prune have the `destination` to read. */
function wantsS3(raw: RawSettings, mode: Mode): boolean {
  return mode === 'backup' ? listSetting(raw, Inputs.sources).length > 0 : optional(raw, Inputs.destination) !== undefined;
}

/** SimpleDB is configured: a backup has `simpledb-domains`; restore, verify and prune have the MySQL history. */
function wantsSimpleDb(raw: RawSettings, mode: Mode): boolean {
  if (mode === 'backup') return optional(raw, Inputs.simpledbDomains) !== undefined;
  return [Inputs.simpledbDomains, Inputs.mysqlUrl, Inputs.mysqlHost].some((name) => optional(raw, name) !== undefined);
}

/**
 * `restore-sources` and `verify-sources` may list S3 sources and SimpleDB domains together:
 * `sdb:<domain>` names a domain (the id the watermarks use), anything else an S3 source. With only
 * one backend configured, every entry is that backend's.
 */
function splitSelection(raw: RawSettings, name: typeof Inputs.restoreSources | typeof Inputs.verifySources, both: boolean): { s3: RawSettings; simpledb: RawSettings } {
  const entries = listSetting(raw, name);
  const domains = entries.filter((e) => e.startsWith('sdb:')).map((e) => e.slice('sdb:'.length));
  const others = entries.filter((e) => !e.startsWith('sdb:'));
  return {
    s3: { ...raw, [name]: others.join('\n') },
    simpledb: { ...raw, [name]: (both ? domains : [...domains, ...others]).join('\n') },
  };
}

/**
 * Where each restore job writes, when none of them writes to a place that may hold live data
 * (in place, or a named target the restore checks): empty when any one does.
 */
function newPlacesOnly(jobs: readonly Job[]): NewPlace[] {
  const places: NewPlace[] = [];
  for (const job of jobs) {
    if (job.mode !== 'restore') continue;
    const { target } = job.config;
    if (target.kind === 'default') places.push('the default target restored/<time>/ in the destination');
    else if (target.kind === 'local') places.push(`the folder ${target.path}`);
    else if (target.kind === 'new') places.push('a new domain <domain>-restored-<time>');
    else return [];
  }
  return places;
}

export function buildJobs(mode: Mode, raw: RawSettings, env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): Job[] {
  const s3 = wantsS3(raw, mode);
  const simpledb = wantsSimpleDb(raw, mode);
  if (!s3 && !simpledb) {
    throw mode === 'backup'
      ? new ConfigError(Inputs.sources, `is required for a backup (or \`${Inputs.simpledbDomains}\`): list the buckets to back up, one bucket[/prefix] per line`)
      : new ConfigError(Inputs.destination, `is required for ${mode} of S3 backups (or set \`${Inputs.mysqlUrl}\` for SimpleDB backups in MySQL)`);
  }
  const filterInput = mode === 'prune' ? undefined : filterInputSet(raw);
  if (filterInput && !s3) {
    throw new ConfigError(filterInput, `applies to S3 sources only: SimpleDB domains are ${mode === 'backup' ? 'backed up' : mode === 'restore' ? 'restored' : 'verified'} whole. Remove it, or use \`${Inputs.restoreKeys}\`/\`${Inputs.restorePrefix}\` to pick items in a restore`);
  }
  const jobs: Job[] = [];
  if (mode === 'backup') {
    if (simpledb && optional(raw, Inputs.shard)) {
      throw new ConfigError(Inputs.shard, `shards S3 backups only: back the SimpleDB domains (\`${Inputs.simpledbDomains}\`) up in a job of their own`);
    }
    if (s3) jobs.push({ backend: 's3', mode, config: buildS3BackupConfig(raw, env) });
    if (simpledb) jobs.push({ backend: 'simpledb', mode, config: buildSimpleDbBackupConfig(raw) });
  } else if (mode === 'restore') {
    const split = splitSelection(raw, Inputs.restoreSources, s3 && simpledb);
    if (s3) jobs.push({ backend: 's3', mode, config: buildS3RestoreConfig(split.s3, env, now) });
    if (simpledb) jobs.push({ backend: 'simpledb', mode, config: buildSimpleDbRestoreConfig(split.simpledb, now) });
    refuseIdleConfirmation(raw, newPlacesOnly(jobs));
  } else if (mode === 'prune') {
    // One policy for both: a prune of S3 backups and of the MySQL history in the same run.
    if (s3) jobs.push({ backend: 's3', mode, config: buildS3PruneConfig(raw, env) });
    if (simpledb) jobs.push({ backend: 'simpledb', mode, config: buildSimpleDbPruneConfig(raw) });
  } else {
    const split = splitSelection(raw, Inputs.verifySources, s3 && simpledb);
    if (s3) jobs.push({ backend: 's3', mode, config: buildS3VerifyConfig(split.s3, env) });
    if (simpledb) jobs.push({ backend: 'simpledb', mode, config: buildSimpleDbVerifyConfig(split.simpledb) });
  }
  return jobs;
}
