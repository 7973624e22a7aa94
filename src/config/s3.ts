import { ConfigError } from './errors.ts';
import { Inputs } from './inputs.ts';
import { booleanSetting, choiceSetting, durationSetting, integerSetting, listSetting, optional, type RawSettings } from './parse.ts';
import type { S3Connection } from '../stores/object/s3/client.ts';
import { describeLocation, locationsOverlap } from './overlap.ts';

export interface S3SourceSpec {
  bucket: string;
  prefix: string;
}

export type DestinationSpec =
  | { kind: 'local'; path: string }
  | { kind: 's3'; bucket: string; prefix: string; connection: S3Connection; credentialsFrom: 'keys' | 'profile' | 'source' };

export interface S3BackupConfig {
  sources: S3SourceSpec[];
  sourceConnection: S3Connection;
  destination: DestinationSpec;
  overlapMs: number;
  concurrency: number;
  dryRun: boolean;
  serverSideCopy: boolean;
}

// Bucket names as S3 allows them, plus the looser names some S3-compatible stores accept.
const BUCKET = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,254}$/;
const REGION = /^[a-z0-9-]+$/;

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

function endpointSetting(raw: RawSettings, name: string): string | undefined {
  const value = optional(raw, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL such as https://<account>.r2.cloudflarestorage.com, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(name, `must start with https:// or http://, got ${JSON.stringify(value)}`);
  return value.replace(/\/+$/, '');
}

function regionSetting(raw: RawSettings, name: string, fallback: string): string {
  const value = optional(raw, name) ?? fallback;
  if (!REGION.test(value)) throw new ConfigError(name, `is not a valid region: ${JSON.stringify(value)}`);
  return value;
}

/**
 * `options.sourcesOptional`: restore and verify read the catalogue and need `sources` only to
 * reach the live buckets; without them the configuration has no sources.
 */
export function buildS3BackupConfig(raw: RawSettings, env: NodeJS.ProcessEnv = process.env, options: { sourcesOptional?: boolean } = {}): S3BackupConfig {
  const sourceTexts = listSetting(raw, Inputs.sources);
  if (sourceTexts.length === 0 && !options.sourcesOptional) {
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
  const defaultRegion = env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const sourceEndpoint = endpointSetting(raw, Inputs.sourceEndpoint);
  const sourceConnection: S3Connection = {
    region: regionSetting(raw, Inputs.sourceRegion, defaultRegion),
    forcePathStyle: booleanSetting(raw, Inputs.sourceForcePathStyle, sourceEndpoint !== undefined),
    maxSockets: concurrency * 2,
    ...(sourceEndpoint ? { endpoint: sourceEndpoint } : {}),
  };

  const destinationText = optional(raw, Inputs.destination);
  if (destinationText === undefined) {
    throw new ConfigError(Inputs.destination, 'is required: s3://bucket/prefix for an S3-compatible bucket, or a local folder path');
  }
  let destination: DestinationSpec;
  if (destinationText.startsWith('s3://')) {
    const rest = destinationText.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    let prefix = slash < 0 ? '' : rest.slice(slash + 1);
    if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
    if (!BUCKET.test(bucket)) throw new ConfigError(Inputs.destination, `${JSON.stringify(destinationText)} does not name a valid bucket`);
    const endpoint = endpointSetting(raw, Inputs.destinationEndpoint);
    const keyId = optional(raw, Inputs.destinationAccessKeyId);
    const secret = optional(raw, Inputs.destinationSecretAccessKey);
    const token = optional(raw, Inputs.destinationSessionToken);
    const profile = optional(raw, Inputs.destinationProfile);
    const useSource = booleanSetting(raw, Inputs.destinationUseSourceCredentials, false);
    if ((keyId === undefined) !== (secret === undefined)) {
      throw new ConfigError(keyId ? Inputs.destinationSecretAccessKey : Inputs.destinationAccessKeyId, `goes with \`${keyId ? Inputs.destinationAccessKeyId : Inputs.destinationSecretAccessKey}\`: set both or neither`);
    }
    const connection: S3Connection = {
      region: regionSetting(raw, Inputs.destinationRegion, endpoint ? 'us-east-1' : defaultRegion),
      forcePathStyle: booleanSetting(raw, Inputs.destinationForcePathStyle, endpoint !== undefined),
      maxSockets: concurrency * 2,
      ...(endpoint ? { endpoint } : {}),
    };
    let credentialsFrom: 'keys' | 'profile' | 'source';
    if (keyId && secret) {
      connection.credentials = { accessKeyId: keyId, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
      credentialsFrom = 'keys';
    } else if (profile) {
      connection.profile = profile;
      credentialsFrom = 'profile';
    } else if (useSource) {
      credentialsFrom = 'source';
    } else {
      // Never fall back silently to the source's AWS credentials: that is how backups end up
      // inside the account they are meant to protect.
      throw new ConfigError(
        Inputs.destinationAccessKeyId,
        `the destination needs its own credentials: set \`${Inputs.destinationAccessKeyId}\` and \`${Inputs.destinationSecretAccessKey}\` (or \`${Inputs.destinationProfile}\`), ` +
          `or set \`${Inputs.destinationUseSourceCredentials}: true\` to use the source's AWS credentials on purpose`,
      );
    }
    destination = { kind: 's3', bucket, prefix, connection, credentialsFrom };
  } else {
    const path = destinationText.startsWith('file://') ? new URL(destinationText).pathname : destinationText;
    destination = { kind: 'local', path };
  }

  refuseDestinationInSources(destination, sources, sourceConnection);
  return {
    sources,
    sourceConnection,
    destination,
    overlapMs: durationSetting(raw, Inputs.overlap, '6h'),
    concurrency,
    dryRun: booleanSetting(raw, Inputs.dryRun, false),
    serverSideCopy: choiceSetting(raw, Inputs.serverSideCopy, ['auto', 'never'] as const, 'auto') === 'auto',
  };
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
export function endpointIdentity(connection: S3Connection, credentialsFrom: 'keys' | 'profile' | 'source' | 'chain'): string {
  const who = credentialsFrom === 'keys' ? `keys:${connection.credentials?.accessKeyId}` : credentialsFrom === 'profile' ? `profile:${connection.profile}` : 'chain';
  return `${connection.endpoint ?? `aws`}|${who}`;
}

/** A description of the configuration without secrets (for the cache key and logs). */
export function describeConfig(config: S3BackupConfig): Record<string, unknown> {
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
