import type { Readable } from 'node:stream';

/**
 * The object-store contract: what the S3 backend needs from where it keeps backups and from where
 * it restores to, whether an S3-compatible bucket (stores/object/s3/) or a local folder
 * (stores/object/local/). Every store passes test/contract/object-store.test.ts. Keys are relative
 * to the store (its bucket prefix, its folder) and are compared in S3 byte order (plan/keys.ts).
 */

/** One version of an object as a source listing reports it. */
export interface SourceVersion {
  key: string;
  /** S3 VersionId on a versioned bucket ("null" for objects written before versioning). */
  versionId?: string;
  deleteMarker?: boolean;
  isLatest?: boolean;
  /** ISO 8601 UTC as the server reported it (whole seconds on AWS, milliseconds elsewhere). */
  lastModified: string;
  /** ETag without quotes; not an MD5 for multipart or SSE-KMS objects. */
  etag?: string;
  size?: number;
  storageClass?: string;
}

/** All versions of one key in a listing, newest first. */
export interface KeyListing {
  key: string;
  versions: SourceVersion[];
}

/** What a restore needs to put an object back as it was (recorded in the catalogue's events). */
export interface ObjectMetadata {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  user?: Record<string, string>;
  storageClass?: string;
}

/** A bucket and key prefix at an endpoint (`undefined`: AWS). */
export interface BucketLocation {
  endpoint: string | undefined;
  bucket: string;
  prefix: string;
}

/**
 * Where a store (or a source) keeps its objects: what the checks compare to keep a restore off
 * live data and off the backup's own catalogue (config/overlap.ts; stores/object/place.ts for folders).
 */
export type StorePlace = { kind: 's3'; location: BucketLocation } | { kind: 'local'; root: string };

/** How errors name a store: what it is to the run, and the input that configures it. */
export interface StoreLabel {
  /** `destination`, `restore target`, `source`. */
  role: string;
  /** `destination`, `restore-target`, `sources`. */
  input: string;
}

export const DESTINATION_LABEL: StoreLabel = { role: 'destination', input: 'destination' };

export interface StoredObject {
  key: string;
  size: number;
  /** ETag without quotes, when the store has one (S3; a folder has none). */
  etag?: string;
  /** From head only, when the store keeps metadata. */
  metadata?: ObjectMetadata;
}

export interface PutOptions {
  /** The body's length, when known: S3 then sizes multipart parts to fit any object. */
  size?: number;
  /** Kept where the store keeps metadata (`keepsMetadata`), ignored elsewhere. */
  metadata?: ObjectMetadata;
  /**
   * Store it in one request where the store can (S3: up to 5 GiB, `size` needed), so the returned
   * ETag is the body's MD5 and the caller can prove what was stored. Otherwise the store chooses
   * (S3: multipart beyond one part, which a killed run may leave behind as a partial write).
   */
  singleRequest?: boolean;
  /**
   * The key is rewritten in place by design (the run lease, the latest-run pointer): a store that
   * puts Object Lock retention on what it writes leaves it off these, which protect nothing and
   * would pile up locked versions with every rewrite.
   */
  mutable?: boolean;
  /**
   * The SHA-256 (hex) of a body given whole (a Buffer), when the caller has computed it: an S3
   * store signs the request with it instead of hashing the body again. AWS S3 checks the bytes it
   * received against it and refuses the write when they differ; it never changes what is stored.
   */
  sha256?: string;
}

export interface PutResult {
  /** The ETag the store gave the object, when it gives one. */
  etag?: string;
}

/**
 * A write that began and never finished: an open multipart upload on S3, a temporary file in a
 * folder. A killed run leaves them behind (billed by most providers); a later run removes them.
 */
export interface PartialWrite {
  /** The store-relative key it was for (a folder's temporary file: its folder, ending in `/`). */
  key: string;
  /** What identifies it to abortPartialWrite (an UploadId, a file name). */
  id: string;
  /** When it began, by the store's clock (S3's Initiated, a file's modification time). */
  initiated: Date;
}

/** What removing an object for good did (ObjectStore.purge). */
export interface PurgeResult {
  /** Stored versions removed (1 where the store keeps no versions); 0 when it was already gone. */
  removed: number;
  /** Versions that stay, and why: under Object Lock retention until a date, or a legal hold. */
  kept: { versionId?: string; reason: string; retainUntil?: string }[];
}

/** The result of a conditional write (the run lease). */
export type ConditionalPut = 'written' | 'conflict' | 'unsupported';

/**
 * Where backups go and restores write: an S3-compatible bucket (and prefix) or a local folder.
 * Required members work on every store; optional ones are abilities a store declares by having
 * them (as rclone's backends declare features), and callers check for them.
 */
export interface ObjectStore {
  /** For messages: `s3://bucket/prefix at endpoint`, `folder /path`. */
  readonly description: string;
  readonly place: StorePlace;
  /** Bytes the store adds in front of every key (its own prefix), for S3's 1024-byte key limit. */
  readonly prefixBytes: number;
  /** Whether metadata given to put comes back from head (a folder keeps bytes only). */
  readonly keepsMetadata: boolean;
  /**
   * Optional ability: a put of a string or Buffer body is one request that listPartialWrites
   * never reports (S3: one PutObject). Absent: such a put may show as a partial write while it
   * runs (a folder writes a temporary file, then renames it), so a sweep must not run beside it.
   */
  readonly wholeBodyPutsLeaveNoPartialWrite?: boolean;
  /** Checks the store can be reached (a folder: created and writable), before any data moves. */
  check(): Promise<void>;
  /**
   * Proves the credentials can write before anything else is, leaving nothing behind, not even
   * in a versioned bucket (S3: a multipart upload opened and aborted). Returns a note for the
   * user when something may be left (a store that had to put and delete an object, an upload
   * the credentials could not abort).
   */
  probeWrite(): Promise<string | undefined>;
  put(key: string, body: Readable | Buffer | string, options?: PutOptions): Promise<PutResult>;
  /** Undefined when the key does not exist. */
  head(key: string): Promise<StoredObject | undefined>;
  /** Undefined when the key does not exist. */
  get(key: string): Promise<Readable | undefined>;
  /** Keys under a prefix, in S3 byte order, after `startAfter` when given. Never a partial write. */
  list(prefix: string, startAfter?: string): AsyncIterable<StoredObject>;
  /** Removes a key; a key that is not there is no error. */
  delete(key: string): Promise<void>;
  /**
   * The store under a sub-prefix ('' or ending in '/'), for a restore target inside it (the
   * default `restored/<T>/` in the destination); its keys are relative to the sub-prefix. A
   * folder's view names files as a restore target does (real names, local/target-names.ts) and
   * trusts no link from this store's root down.
   */
  under(subPrefix: string): ObjectStore;
  /**
   * Optional ability: copy server-side from a source on the same endpoint and account. Returns
   * false when this source cannot be copied server-side (the caller streams instead).
   */
  copyFromSource?(source: ObjectSource, version: SourceVersion, key: string): Promise<{ metadata: ObjectMetadata } | false>;
  /**
   * Optional ability: the store's clock now (the Date header of its latest response plus the
   * time elapsed since), so times written to the catalogue by runs on different machines compare.
   * Undefined before any response; a folder has none (the local clock is its clock).
   */
  serverTime?(): Date | undefined;
  /** Optional ability: requests sent so far through this store's client, by kind (a folder sends none). */
  requestCounts?(): RequestCounts;
  /**
   * Optional ability: removes an object for good, every stored version of it (a versioned bucket,
   * which Object Lock needs, otherwise keeps a deleted object's bytes as a noncurrent version).
   * Versions under Object Lock stay and are reported: nothing here bypasses a lock. Refused
   * credentials throw. Without it, `delete` is the removal (a folder, an unversioned bucket).
   */
  purge?(key: string): Promise<PurgeResult>;
  /** Optional ability: partial writes under a prefix (open multipart uploads, temporary files). */
  listPartialWrites?(prefix: string): AsyncIterable<PartialWrite>;
  /** Optional ability: abandons a partial write (AbortMultipartUpload; removing a temporary file). */
  abortPartialWrite?(write: PartialWrite): Promise<void>;
  /** Optional ability: a small object with its ETag, for a conditional replacement. */
  getTagged?(key: string, maxBytes: number): Promise<{ body: Buffer; etag: string | undefined } | undefined>;
  /**
   * Optional ability: writes a small object only if it does not exist (`ifNoneMatch: '*'`) or
   * still has the ETag read (`ifMatch`). `unsupported` when the store refuses conditional writes;
   * a store that ignores them says `written`, so callers read back what they wrote.
   */
  putIf?(key: string, body: string, condition: { ifNoneMatch: '*' } | { ifMatch: string }): Promise<ConditionalPut>;
  /**
   * Optional ability: whether the store was shown, with a write to `probeKey`, to refuse a write
   * whose If-Match names an ETag the object does not have. False when that could not be shown (a
   * store that ignores conditions, an error): `putIf` answers are then read back.
   */
  refusesStaleIfMatch?(probeKey: string): Promise<boolean>;
}

/** Where backups come from: a bucket (and prefix) whose versions can be listed and read. */
/**
 * A part of the key space in S3 byte order: the keys k with `after < k <= upTo` (either end
 * open when absent). Exclusive below and inclusive above because that is what S3 offers:
 * StartAfter and KeyMarker list the keys after a given one.
 */
export interface KeyRange {
  after?: string;
  upTo?: string;
}

export function inRange(key: string, range: KeyRange | undefined, compare: (a: string, b: string) => number): boolean {
  if (!range) return true;
  if (range.after !== undefined && compare(key, range.after) <= 0) return false;
  if (range.upTo !== undefined && compare(key, range.upTo) > 0) return false;
  return true;
}

export interface ObjectSource {
  /** `s3://bucket/prefix`: the id in the catalogue and the watermark. */
  readonly id: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly place: StorePlace;
  /**
   * Checks access before anything moves; tells whether the bucket keeps versions. With
   * `listingFollows`, the caller calls startListing next and awaits it before writing anything:
   * that page is the check that the bucket can be listed.
   */
  probe(options?: { listingFollows?: boolean }): Promise<{ versioned: boolean }>;
  /**
   * Requests the first page of list(versioned) now (the next list() from the start takes it);
   * resolves when it is in, rejects naming the bucket when it cannot be listed. Optional: a source
   * without it is checked by probe() and listed when list() is called.
   */
  startListing?(versioned: boolean): Promise<void>;
  /**
   * Every key under the prefix with its versions (newest first), in S3 byte order; with a range,
   * only the keys inside it (a shard's or a parallel lister's part of the key space).
   */
  list(versioned: boolean, range?: KeyRange): AsyncIterable<KeyListing>;
  /** The server's clock, from the first response's Date header of the latest listing. */
  readonly serverTime: Date | undefined;
  /** The server's clock of the most recent response (an upper bound for what a listing saw). */
  readonly latestServerTime: Date | undefined;
  /** Opens one version for reading. */
  open(version: SourceVersion, signal?: AbortSignal): Promise<OpenedObject>;
  /** Where a server-side copy would read from, when the destination can copy server-side. */
  readonly endpointIdentity: string;
  /**
   * The whole bucket as an object store (keys are the bucket's own), reached with this source's
   * connection and credentials: what an in-place restore writes through.
   */
  asObjectStore(): ObjectStore;
  /** Requests sent so far through this source's client, by kind (absent: the source does not count). */
  requestCounts?(): RequestCounts;
}

export interface OpenedObject {
  body: Readable;
  size: number;
  metadata: ObjectMetadata;
  /** S3's additional checksums for the whole object, when it has them (base64, as S3 gives them). */
  checksums: Partial<Record<'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256' | 'CRC64NVME', string>>;
  /** The ETag is the content's MD5 (single-part, not SSE-KMS/SSE-C). */
  etagIsMd5: boolean;
  etag?: string;
}

// ---- requests a store sent, by kind: what a run costs on a bill that charges per request (issue 11).
// Counted at the client for every attempt (a retried request counts each time it is sent).
export interface RequestCounts {
  list: number;
  get: number;
  head: number;
  put: number;
  copy: number;
  /** Multipart parts uploaded (UploadPart). */
  part: number;
  /** Multipart control: create, complete and abort. */
  multipart: number;
  delete: number;
  /** Everything else (versioning status, bucket checks). */
  other: number;
}

export type RequestKind = keyof RequestCounts;

export const REQUEST_KINDS: readonly RequestKind[] = ['list', 'get', 'head', 'put', 'copy', 'part', 'multipart', 'delete', 'other'];

export function emptyRequestCounts(): RequestCounts {
  return { list: 0, get: 0, head: 0, put: 0, copy: 0, part: 0, multipart: 0, delete: 0, other: 0 };
}

/** The kind of an S3 operation by the SDK's command name (`ListObjectsV2Command`, ...). */
export function requestKind(commandName: string): RequestKind {
  const name = commandName.replace(/Command$/, '');
  if (name.startsWith('List')) return 'list';
  if (name === 'GetObject') return 'get';
  if (name === 'HeadObject') return 'head';
  if (name === 'PutObject') return 'put';
  if (name === 'CopyObject' || name === 'UploadPartCopy') return 'copy';
  if (name === 'UploadPart') return 'part';
  if (name === 'CreateMultipartUpload' || name === 'CompleteMultipartUpload' || name === 'AbortMultipartUpload') return 'multipart';
  if (name === 'DeleteObject' || name === 'DeleteObjects') return 'delete';
  return 'other';
}

export function addRequestCounts(into: RequestCounts, more: RequestCounts | undefined): RequestCounts {
  if (more) for (const kind of REQUEST_KINDS) into[kind] += more[kind];
  return into;
}

/** `later - earlier`, kind by kind: what was sent between two snapshots. */
export function requestsSince(later: RequestCounts, earlier: RequestCounts): RequestCounts {
  const result = emptyRequestCounts();
  for (const kind of REQUEST_KINDS) result[kind] = later[kind] - earlier[kind];
  return result;
}

export function totalRequests(counts: RequestCounts): number {
  return REQUEST_KINDS.reduce((sum, kind) => sum + counts[kind], 0);
}
