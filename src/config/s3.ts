/**
 * S3 settings: the sources, the backup destination and the restore target, each parsed by the
 * same two functions (a location, a connection), so `s3://bucket/prefix`, endpoints, regions and
 * credentials mean the same in every input that takes them.
 */
import type { S3Connection } from '../stores/object/s3/client.ts';
import { ConfigError } from './errors.ts';
import { Inputs, type InputName } from './inputs.ts';
import { describeLocation, locationsOverlap } from './overlap.ts';
import { writableDestination } from './destination-writes.ts';
import { bandwidthSetting, filterSetting } from './filters.ts';
import type { KeyFilter } from '../plan/filter.ts';
import { booleanSetting, choiceSetting, durationSetting, endpointSetting, integerSetting, listSetting, optional, regionSetting, type RawSettings } from './parse.ts';

export interface S3SourceSpec {
  bucket: string;
  prefix: string;
}

import type { CredentialsFrom, DestinationSpec } from './destination-spec.ts';

export type { CredentialsFrom, DestinationSpec };

/** What every S3 mode shares: where the backup is, where the live buckets are, how hard to push. */
export interface S3Settings {
  /** The live buckets (`sources`); restore and verify may have none (they read the catalogue). */
  sources: S3SourceSpec[];
  sourceConnection: S3Connection;
  destination: DestinationSpec;
  concurrency: number;
  dryRun: boolean;
}

export interface S3BackupConfig extends S3Settings {
  overlapMs: number;
  serverSideCopy: boolean;
  /** Which keys and sizes the backup covers (`include`, `exclude`, `filter`, `min-size`, `max-size`). */
  filter: KeyFilter;
  /** Bytes per second for every transfer of the run (`bandwidth-limit`); undefined: no limit. */
  bandwidthLimit?: number;
  /** A sharded run (`shard`, `shard-run`): this job's shard, or the commit (docs/sharding.md). */
  shard?: ShardSetting;
  /** `max-duration`: stop taking new keys once this much of the budget is spent, commit what was done. */
  maxDurationMs?: number;
  /** Key ranges of each source listed at once (`list-parallelism`): a number, or auto. */
  listParallelism: number | 'auto';
  /** `listing: inventory`: the reports to read instead of listing (`inventory-manifest`). */
  inventory?: { manifests: { bucket: string; key: string }[] };
}

/** `s3://bucket/key` of a manifest, or of a report configuration's folder (ending in `/`). */
export function parseManifestUrl(text: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,62})\/(.+)$/.exec(text.trim());
  if (!match) return undefined;
  const key = match[2]!;
  if (!key.endsWith('/manifest.json') && !key.endsWith('/')) return undefined;
  return { bucket: match[1]!, key };
}

function inventoryOption(raw: RawSettings, sharded: boolean): { inventory?: { manifests: { bucket: string; key: string }[] } } {
  const inventory = inventorySetting(raw);
  // A shard lists its own key range; a report holds the whole bucket.
  if (inventory && sharded) throw new ConfigError(Inputs.listing, 'inventory cannot be combined with shard: back a huge bucket up from its report in one job, or shard it with listing: live');
  return inventory ? { inventory } : {};
}

/** `listing` and `inventory-manifest`: undefined for a live listing. */
export function inventorySetting(raw: RawSettings): { manifests: { bucket: string; key: string }[] } | undefined {
  const listing = choiceSetting(raw, Inputs.listing, ['live', 'inventory'] as const, 'live');
  const urls = listSetting(raw, Inputs.inventoryManifest);
  if (listing === 'live') {
    if (urls.length > 0) throw new ConfigError(Inputs.inventoryManifest, 'is read only with listing: inventory; set listing: inventory, or remove it');
    return undefined;
  }
  if (urls.length === 0) throw new ConfigError(Inputs.inventoryManifest, 'is required with listing: inventory: the s3://bucket/key of a report\'s manifest.json, or of its folder ending in /');
  const manifests = urls.map((url) => {
    const parsed = parseManifestUrl(url);
    if (!parsed) throw new ConfigError(Inputs.inventoryManifest, `${JSON.stringify(url)} is not s3://bucket/.../manifest.json nor s3://bucket/folder/ (a report configuration's folder)`);
    return parsed;
  });
  return { manifests };
}

export const MAX_LIST_PARALLELISM = 64;

/** `list-parallelism`: auto, or 1 (one listing) to 64 ranges at once. */
export function listParallelismSetting(raw: RawSettings): number | 'auto' {
  const value = optional(raw, Inputs.listParallelism);
  if (value === undefined || value === 'auto') return 'auto';
  return integerSetting(raw, Inputs.listParallelism, 1, 1, MAX_LIST_PARALLELISM);
}

// Bucket names as S3 allows them, plus the looser names some S3-compatible stores accept.
const BUCKET = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,254}$/;

export function parseSource(text: string): S3SourceSpec {
  const trimmed = text.replace(/^s3:\/\//, '');
  const slash = trimmed.indexOf('/');
  const bucket = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const prefix = slash < 0 ? '' : trimmed.slice(slash + 1);
  if (!BUCKET.test(bucket)) {
    throw new ConfigError(Inputs.sources, `${JSON.stringify(text)} is not bucket[/prefix]: a bucket name is 3-255 letters, digits, dots, hyphens or underscores`);
  }
  return { bucket, prefix };
}

/**
 * `s3://bucket/prefix` (the prefix gets a trailing `/`: a destination or target is a folder), or a
 * local folder path (`file://` accepted).
 */
export function parseLocation(text: string, input: InputName): { kind: 's3'; bucket: string; prefix: string } | { kind: 'local'; path: string } {
  if (!text.startsWith('s3://')) return { kind: 'local', path: text.startsWith('file://') ? new URL(text).pathname : text };
  const rest = text.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  let prefix = slash < 0 ? '' : rest.slice(slash + 1);
  if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
  if (!BUCKET.test(bucket)) throw new ConfigError(input, `${JSON.stringify(text)} does not name a valid bucket`);
  return { kind: 's3', bucket, prefix };
}

/** The inputs that describe one S3 connection (the destination's, or the restore target's). */
interface ConnectionInputs {
  endpoint: InputName;
  region: InputName;
  forcePathStyle: InputName;
  accessKeyId: InputName;
  secretAccessKey: InputName;
  sessionToken: InputName;
  profile: InputName;
}

const destinationInputs: ConnectionInputs = {
  endpoint: Inputs.destinationEndpoint,
  region: Inputs.destinationRegion,
  forcePathStyle: Inputs.destinationForcePathStyle,
  accessKeyId: Inputs.destinationAccessKeyId,
  secretAccessKey: Inputs.destinationSecretAccessKey,
  sessionToken: Inputs.destinationSessionToken,
  profile: Inputs.destinationProfile,
};

export const restoreTargetInputs: ConnectionInputs = {
  endpoint: Inputs.restoreTargetEndpoint,
  region: Inputs.restoreTargetRegion,
  forcePathStyle: Inputs.restoreTargetForcePathStyle,
  accessKeyId: Inputs.restoreTargetAccessKeyId,
  secretAccessKey: Inputs.restoreTargetSecretAccessKey,
  sessionToken: Inputs.restoreTargetSessionToken,
  profile: Inputs.restoreTargetProfile,
};

/**
 * One connection from its group of inputs. `credentials` says where the signer came from: keys,
 * a profile, or none of them (the caller decides whether the standard AWS chain may stand in).
 */
export function connectionFrom(raw: RawSettings, inputs: ConnectionInputs, env: NodeJS.ProcessEnv, concurrency: number): { connection: S3Connection; credentials: 'keys' | 'profile' | 'none' } {
  const endpoint = endpointSetting(raw, inputs.endpoint);
  const keyId = optional(raw, inputs.accessKeyId);
  const secret = optional(raw, inputs.secretAccessKey);
  const token = optional(raw, inputs.sessionToken);
  const profile = optional(raw, inputs.profile);
  if ((keyId === undefined) !== (secret === undefined)) {
    throw new ConfigError(keyId ? inputs.secretAccessKey : inputs.accessKeyId, `goes with \`${keyId ? inputs.accessKeyId : inputs.secretAccessKey}\`: set both or neither`);
  }
  const connection: S3Connection = {
    // A custom endpoint rarely knows AWS regions: us-east-1 unless one is given.
    region: regionSetting(raw, inputs.region, endpoint ? 'us-east-1' : defaultRegion(env)),
    forcePathStyle: booleanSetting(raw, inputs.forcePathStyle, endpoint !== undefined),
    maxSockets: concurrency * 2,
    ...(endpoint ? { endpoint } : {}),
  };
  if (keyId && secret) {
    connection.credentials = { accessKeyId: keyId, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
    return { connection, credentials: 'keys' };
  }
  if (profile) {
    connection.profile = profile;
    return { connection, credentials: 'profile' };
  }
  return { connection, credentials: 'none' };
}

function defaultRegion(env: NodeJS.ProcessEnv): string {
  return env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
}

export function destinationSpec(raw: RawSettings, env: NodeJS.ProcessEnv, concurrency: number): DestinationSpec {
  const text = optional(raw, Inputs.destination);
  if (text === undefined) throw new ConfigError(Inputs.destination, 'is required: s3://bucket/prefix for an S3-compatible bucket, or a local folder path');
  const location = parseLocation(text, Inputs.destination);
  if (location.kind === 'local') return location;
  const { connection, credentials } = connectionFrom(raw, destinationInputs, env, concurrency);
  if (credentials !== 'none') return { ...location, connection, credentialsFrom: credentials };
  if (booleanSetting(raw, Inputs.destinationUseSourceCredentials, false)) return { ...location, connection, credentialsFrom: 'source' };
  // Never fall back silently to the source's AWS credentials: that is how backups end up inside
  // the account they are meant to protect.
  throw new ConfigError(
    Inputs.destinationAccessKeyId,
    `the destination needs its own credentials: set \`${Inputs.destinationAccessKeyId}\` and \`${Inputs.destinationSecretAccessKey}\` (or \`${Inputs.destinationProfile}\`), ` +
      `or set \`${Inputs.destinationUseSourceCredentials}: true\` to use the source's AWS credentials on purpose`,
  );
}

/**
 * The settings every S3 mode shares. `sourcesRequired`: a backup needs `sources`; restore and
 * verify read the catalogue and need them only to reach the live buckets.
 */
export function buildS3Settings(raw: RawSettings, env: NodeJS.ProcessEnv, options: { sourcesRequired: boolean }): S3Settings {
  const sourceTexts = listSetting(raw, Inputs.sources);
  if (sourceTexts.length === 0 && options.sourcesRequired) {
    throw new ConfigError(Inputs.sources, 'is required: list the buckets to back up, one bucket[/prefix] per line');
  }
  const sources = sourceTexts.map(parseSource);
  const seen = new Set<string>();
  for (const s of sources) {
    const id = `${s.bucket}/${s.prefix}`;
    if (seen.has(id)) throw new ConfigError(Inputs.sources, `lists ${id} twice`);
    seen.add(id);
  }
  const concurrency = integerSetting(raw, Inputs.concurrency, 32, 1, 512);
  const sourceEndpoint = endpointSetting(raw, Inputs.sourceEndpoint);
  const sourceConnection: S3Connection = {
    region: regionSetting(raw, Inputs.sourceRegion, defaultRegion(env)),
    forcePathStyle: booleanSetting(raw, Inputs.sourceForcePathStyle, sourceEndpoint !== undefined),
    maxSockets: concurrency * 2,
    ...(sourceEndpoint ? { endpoint: sourceEndpoint } : {}),
  };
  const destination = destinationSpec(raw, env, concurrency);
  refuseDestinationInSources(destination, sources, sourceConnection);
  return { sources, sourceConnection, destination, concurrency, dryRun: booleanSetting(raw, Inputs.dryRun, false) };
}

/** How a backup works (also the safety backup an in-place restore takes first). */
export function backupTuning(raw: RawSettings): { overlapMs: number; serverSideCopy: boolean } {
  return {
    overlapMs: durationSetting(raw, Inputs.overlap, '6h'),
    serverSideCopy: choiceSetting(raw, Inputs.serverSideCopy, ['auto', 'never'] as const, 'auto') === 'auto',
  };
}

export function buildS3BackupConfig(raw: RawSettings, env: NodeJS.ProcessEnv = process.env): S3BackupConfig {
  const settings = buildS3Settings(raw, env, { sourcesRequired: true });
  const bandwidthLimit = bandwidthSetting(raw);
  const shard = shardSetting(raw, env);
  if (shard && settings.dryRun) throw new ConfigError(Inputs.shard, 'a sharded run cannot be a dry run (dry-run: true): plan with an unsharded dry run instead');
  const maxDuration = optional(raw, Inputs.maxDuration);
  const maxDurationMs = maxDuration === undefined ? undefined : durationSetting(raw, Inputs.maxDuration, '0s', 30 * 86_400_000);
  if (maxDurationMs !== undefined && maxDurationMs < 60_000) throw new ConfigError(Inputs.maxDuration, `${JSON.stringify(maxDuration)} is less than a minute: a run needs time to list and commit`);
  return {
    ...settings,
    destination: writableDestination(raw, settings.destination),
    ...backupTuning(raw),
    filter: filterSetting(raw),
    ...(bandwidthLimit !== undefined ? { bandwidthLimit } : {}),
    listParallelism: listParallelismSetting(raw),
    ...inventoryOption(raw, shard !== undefined),
    ...(shard ? { shard } : {}),
    ...(maxDurationMs !== undefined ? { maxDurationMs } : {}),
  };
}

export type ShardSetting = { name: string; shard: number; count: number } | { name: string; commit: true };

const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * `shard: i/n` (1-based, n at most 256) or `shard: commit`, with the run every shard shares:
 * `shard-run`, by default the workflow run's id (GITHUB_RUN_ID) inside GitHub Actions.
 */
export function shardSetting(raw: RawSettings, env: NodeJS.ProcessEnv): ShardSetting | undefined {
  const text = optional(raw, Inputs.shard)?.trim();
  if (text === undefined || text === '') {
    if (optional(raw, Inputs.shardRun)) throw new ConfigError(Inputs.shardRun, 'is only for a sharded run: set shard (i/n, or commit) too');
    return undefined;
  }
  const fromEnv = env['GITHUB_ACTIONS'] === 'true' ? env['GITHUB_RUN_ID'] : undefined;
  const name = optional(raw, Inputs.shardRun)?.trim() || fromEnv;
  if (!name) throw new ConfigError(Inputs.shardRun, 'is required with shard: one name every shard of the run and its commit share (in GitHub Actions it defaults to the workflow run id)');
  if (!RUN_NAME.test(name)) throw new ConfigError(Inputs.shardRun, `${JSON.stringify(name)} is not a run name: 1-64 letters, digits, dots, hyphens or underscores`);
  if (text === 'commit') return { name, commit: true };
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  const shard = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > 256 || shard < 1 || shard > count) {
    throw new ConfigError(Inputs.shard, `must be i/n with 1 <= i <= n <= 256 (e.g. 2/4: the second of four shards), or commit; got ${JSON.stringify(text)}`);
  }
  return { name, shard, count };
}

/**
 * A destination that shares keys with a source (inside it, or holding it) makes every run back up
 * its own backup, and a restore there writes into the catalogue: refused, whichever way round.
 */
function refuseDestinationInSources(destination: DestinationSpec, sources: S3SourceSpec[], sourceConnection: S3Connection): void {
  if (destination.kind !== 's3') return;
  const target = { endpoint: destination.connection.endpoint, bucket: destination.bucket, prefix: destination.prefix };
  for (const source of sources) {
    const live = { endpoint: sourceConnection.endpoint, bucket: source.bucket, prefix: source.prefix };
    if (!locationsOverlap(target, live)) continue;
    const how = destination.prefix.startsWith(source.prefix) ? 'lies inside' : 'holds';
    throw new ConfigError(
      Inputs.destination,
      `${describeLocation(target)} ${how} the source ${describeLocation(live)} (same endpoint): every run would back up its own backup. ` +
        'Choose a destination that shares no keys with any source: another bucket, or a prefix the sources do not cover',
    );
  }
}

/** Who signs requests at an endpoint: two connections with the same identity can copy server-side. */
export function endpointIdentity(connection: S3Connection, credentialsFrom: CredentialsFrom | 'chain'): string {
  const who = credentialsFrom === 'keys' ? `keys:${connection.credentials?.accessKeyId}` : credentialsFrom === 'profile' ? `profile:${connection.profile}` : 'chain';
  return `${connection.endpoint ?? `aws`}|${who}`;
}

/** A description of the configuration without secrets (for the cache key and logs). */
export function describeConfig(config: S3Settings): Record<string, unknown> {
  const destination =
    config.destination.kind === 'local'
      ? { kind: 'local', path: config.destination.path }
      : { kind: 's3', bucket: config.destination.bucket, prefix: config.destination.prefix, endpoint: config.destination.connection.endpoint ?? null };
  return {
    sources: config.sources.map((s) => `${s.bucket}/${s.prefix}`),
    sourceEndpoint: config.sourceConnection.endpoint ?? null,
    destination,
  };
}
