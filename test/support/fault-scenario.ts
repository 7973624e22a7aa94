/**
 * What the fault and crash tests share: pullback's S3 source and destination reached through
 * fault proxies in front of moto, and the checks every trial ends with (every source version in
 * the catalogue exactly once, no open multipart upload, no unsettled run, a watchdog for runs
 * that never end).
 */
import assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { sourceAsOf, sourceHistory } from '../../src/backends/s3/catalog/history.ts';
import type { EventLine } from '../../src/backends/s3/plan/model.ts';
import type { S3Connection } from '../../src/stores/object/s3/client.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import type { TestS3Server } from './s3.ts';
import type { TruthObject } from './scenario.ts';

/**
 * How long one HTTP attempt may take before pullback gives up on it, in the tests. pullback's
 * default (120 s) is right for AWS and far too long for a test: the tests pass this through the
 * connection (`requestTimeoutMs`), which pullback must honour for a stalled answer (no headers)
 * and a stalled body alike. Until it does, stall scenarios hang and their watchdog fails them.
 */
export const REQUEST_TIMEOUT_MS = 1500;

/** A run that outlives this is hung, not slow. */
export const WATCHDOG_MS = 15_000;

export interface ProxiedPair {
  source: FaultProxy;
  destination: FaultProxy;
  stop(): Promise<void>;
}

/** Two proxies in front of one server: faults on the source side and the destination side stay apart. */
export async function startProxies(server: TestS3Server, seed: number): Promise<ProxiedPair> {
  const source = await startFaultProxy({ upstream: server.endpoint, seed });
  const destination = await startFaultProxy({ upstream: server.endpoint, seed: seed + 1_000_003 });
  return {
    source,
    destination,
    async stop() {
      await source.stop();
      await destination.stop();
    },
  };
}

/** A connection to `server` through `proxy`, with pullback's own retry settings and a short attempt timeout. */
export function connectionVia(proxy: FaultProxy, server: TestS3Server, accessKeyId: string): S3Connection {
  const { region, credentials, forcePathStyle } = server.connection(accessKeyId);
  const connection: S3Connection & { requestTimeoutMs: number } = {
    region,
    endpoint: proxy.url,
    ...(forcePathStyle !== undefined ? { forcePathStyle } : {}),
    ...(credentials ? { credentials } : {}),
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  };
  return connection;
}

export function proxiedSource(pair: ProxiedPair, server: TestS3Server, bucket: string, prefix = ''): S3Source {
  return new S3Source(bucket, prefix, connectionVia(pair.source, server, 'AKIDSOURCE'), `${pair.source.url}|source`);
}

export function proxiedDestination(pair: ProxiedPair, server: TestS3Server, bucket: string, prefix: string): S3ObjectStore {
  return new S3ObjectStore(bucket, prefix, connectionVia(pair.destination, server, 'AKIDBACKUP'), `${pair.destination.url}|backup`);
}

/** The same destination without a proxy: what the checks read through. */
export function directDestination(server: TestS3Server, bucket: string, prefix: string): S3ObjectStore {
  return new S3ObjectStore(bucket, prefix, server.connection('AKIDCHECK'), 'direct|check');
}

/** Fails with `what` when `promise` has not settled after `ms` (a hung run, not a slow one). */
export async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HungError(`${what} did not finish within ${ms / 1000} s: it hangs`)), ms);
  });
  try {
    return await Promise.race([promise, watchdog]);
  } finally {
    clearTimeout(timer);
  }
}

export class HungError extends Error {
  override name = 'HungError';
}

export interface SourceVersionEntry {
  key: string;
  versionId: string;
  deleteMarker: boolean;
}

/** Every version and delete marker of a versioned bucket, read directly from the server. */
export async function sourceVersions(client: S3Client, bucket: string): Promise<SourceVersionEntry[]> {
  const found: SourceVersionEntry[] = [];
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    for (const v of page.Versions ?? []) found.push({ key: v.Key!, versionId: v.VersionId!, deleteMarker: false });
    for (const m of page.DeleteMarkers ?? []) found.push({ key: m.Key!, versionId: m.VersionId!, deleteMarker: true });
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker !== undefined);
  return found;
}

/** The events of every committed run of a source, in run order. */
export async function committedEvents(destination: ObjectStore, sourceIdValue: string): Promise<EventLine[]> {
  const catalog = new Catalog(destination);
  const events: EventLine[] = [];
  for (const { source } of await sourceHistory(catalog, sourceIdValue)) {
    for await (const event of catalog.readEvents(source)) events.push(event);
  }
  return events;
}

/** How the committed events account for the versions a versioned source holds. */
export interface VersionAccount {
  /** Source versions or delete markers no committed event records. */
  lost: string[];
  /** Versions recorded by more than one event. */
  duplicated: string[];
  /** Events naming a version the source does not hold. */
  unknown: string[];
}

export async function accountVersions(destination: ObjectStore, sourceIdValue: string, client: S3Client, bucket: string): Promise<VersionAccount> {
  const truth = await sourceVersions(client, bucket);
  const events = await committedEvents(destination, sourceIdValue);
  const seen = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'version' && e.type !== 'deleteMarker') continue;
    const name = `${e.type === 'deleteMarker' ? 'marker' : 'version'} ${e.k} ${e.vid ?? e.id}`;
    seen.set(name, (seen.get(name) ?? 0) + 1);
  }
  const expected = new Set(truth.map((t) => `${t.deleteMarker ? 'marker' : 'version'} ${t.key} ${t.versionId}`));
  return {
    lost: [...expected].filter((name) => !seen.has(name)),
    duplicated: [...seen].filter(([, n]) => n > 1).map(([name, n]) => `${name} x${n}`),
    unknown: [...seen.keys()].filter((name) => !expected.has(name)),
  };
}

/**
 * No version lost, none duplicated: every version and delete marker the versioned source holds
 * appears exactly once in the committed events, and the events name no version it does not hold.
 */
export async function assertEveryVersionOnce(destination: ObjectStore, sourceIdValue: string, client: S3Client, bucket: string, label: string): Promise<void> {
  const account = await accountVersions(destination, sourceIdValue, client, bucket);
  assert.deepEqual(account, { lost: [], duplicated: [], unknown: [] }, `${label}: every source version in the catalogue exactly once`);
}

/** Multipart uploads left open under a prefix (billed by most providers until aborted). */
export async function openUploads(client: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const open: string[] = [];
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix || undefined, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }));
    for (const upload of page.Uploads ?? []) open.push(upload.Key!);
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
  } while (keyMarker !== undefined);
  return open;
}

/** Run markers without a committed record, after a later run committed: each should be settled (defect 7). */
export async function unsettledRuns(destination: ObjectStore): Promise<string[]> {
  return (await new Catalog(destination).runIds()).unfinished;
}

/** Bare transport phrases that name nothing a person could act on. */
const NAMELESS = /^(aborted|socket hang up|unexpected end of file|premature close|read ECONNRESET|terminated|Unexpected end of JSON input|[A-Za-z]+Error)$/i;

/** The message names what failed: a key, a catalogue file, a bucket or the operation, not only a transport phrase. */
export function assertNamesWhatFailed(message: string, names: readonly string[], label: string): void {
  assert.ok(!NAMELESS.test(message.trim()), `${label}: the error names what failed, not only ${JSON.stringify(message)}`);
  const named = names.some((name) => message.includes(name)) || /catalog\/|data\/|s3:\/\//.test(message);
  assert.ok(named, `${label}: the error names the file, key or bucket that failed (one of ${names.join(', ')}): ${JSON.stringify(message)}`);
}

/** Every object under a prefix of a bucket (keys relative to the prefix), read directly. */
export async function readPrefix(client: S3Client, bucket: string, prefix: string): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key! }));
      found.set(object.Key!.slice(prefix.length), await buffer(response.Body as Readable));
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return found;
}

/** Keys and bytes equal the ground truth; `subset`: no extra keys needed, but nothing wrong. */
export function assertContentEquals(actual: Map<string, Buffer>, truth: Map<string, TruthObject>, label: string, subset = false): void {
  if (!subset) assert.deepEqual([...actual.keys()].sort(), [...truth.keys()].sort(), `${label}: the keys`);
  for (const [key, bytes] of actual) {
    const expected = truth.get(key);
    assert.ok(expected, `${label}: ${JSON.stringify(key)} should not be there`);
    assert.ok(bytes.equals(expected.body), `${label}: the content of ${JSON.stringify(key)}`);
  }
}

/** Keys that differ between what a backup or restore holds and the ground truth. */
export interface ContentDiff {
  missing: string[];
  extra: string[];
  wrong: string[];
}

export const diffCount = (d: ContentDiff): number => d.missing.length + d.extra.length + d.wrong.length;

export function diffContent(actual: Map<string, Buffer>, truth: Map<string, TruthObject>): ContentDiff {
  return {
    missing: [...truth.keys()].filter((key) => !actual.has(key)),
    extra: [...actual.keys()].filter((key) => !truth.has(key)),
    wrong: [...actual].filter(([key, bytes]) => truth.has(key) && !bytes.equals(truth.get(key)!.body)).map(([key]) => key),
  };
}

/** The catalogue's view of a source as of `at`, with each object's bytes read from the backup. */
export async function backupAsOf(destination: ObjectStore, sourceIdValue: string, at: Date): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  for await (const state of sourceAsOf(new Catalog(destination), sourceIdValue, at)) {
    if (!state.version?.b) continue;
    const body = await destination.get(state.version.b);
    found.set(state.key, body ? await buffer(body) : Buffer.from(`<missing backup object ${state.version.b}>`));
  }
  return found;
}

/**
 * Keys of a versioned bucket where a delete marker shares its Last-Modified second with a version
 * of the same key: the listing cannot order them by time (defect N3 when a restore gets them wrong).
 */
export async function sameSecondMarkerKeys(client: S3Client, bucket: string): Promise<Set<string>> {
  const seconds = new Map<string, { versions: Set<number>; markers: Set<number> }>();
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    const entry = (key: string) => seconds.get(key) ?? seconds.set(key, { versions: new Set(), markers: new Set() }).get(key)!;
    for (const v of page.Versions ?? []) entry(v.Key!).versions.add(Math.floor(v.LastModified!.getTime() / 1000));
    for (const m of page.DeleteMarkers ?? []) entry(m.Key!).markers.add(Math.floor(m.LastModified!.getTime() / 1000));
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker !== undefined);
  return new Set([...seconds].filter(([, s]) => [...s.markers].some((second) => s.versions.has(second))).map(([key]) => key));
}
