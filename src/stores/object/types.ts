import type { Readable } from 'node:stream';
import type { KeyListing, ObjectMetadata, SourceVersion } from '../../backends/s3/plan/model.ts';

/** Where backups come from: a bucket (and prefix) that can be listed and read. */
export interface ObjectSource {
  /** `s3://bucket/prefix`: the id in the catalogue and the watermark. */
  readonly id: string;
  readonly bucket: string;
  readonly prefix: string;
  /** Checks access before anything moves; tells whether the bucket keeps versions. */
  probe(): Promise<{ versioned: boolean }>;
  /** Every key under the prefix with its versions (newest first), in S3 byte order. */
  list(versioned: boolean): AsyncIterable<KeyListing>;
  /** The server's clock, from the first response's Date header of the latest listing. */
  readonly serverTime: Date | undefined;
  /** The server's clock of the most recent response (an upper bound for what a listing saw). */
  readonly latestServerTime: Date | undefined;
  /** Opens one version for reading. */
  open(version: SourceVersion, signal?: AbortSignal): Promise<OpenedObject>;
  /** Where a server-side copy would read from, when the destination can copy server-side. */
  readonly endpointIdentity: string;
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

export interface StoredObject {
  key: string;
  size: number;
}

/**
 * A write that began and never finished: an open multipart upload on S3, a temporary file in a
 * folder. A killed run leaves them behind (billed by most providers); a later run removes them.
 */
export interface PartialWrite {
  /** The destination-relative key it was for (a folder's temporary file: its folder). */
  key: string;
  /** What identifies it to abortPartialWrite (an UploadId, a file name). */
  id: string;
  /** When it began, by the destination's clock (S3's Initiated, a file's modification time). */
  initiated: Date;
}

/** The result of a conditional write (the run lease). */
export type ConditionalPut = 'written' | 'conflict' | 'unsupported';

/** Where backups go: an S3-compatible bucket or a local folder. Keys are destination-relative. */
export interface Destination {
  readonly description: string;
  /** Bytes the destination adds in front of every key (its own prefix), for the 1024-byte limit. */
  readonly prefixBytes: number;
  /** Checks the destination exists and is writable, before any data moves. */
  check(): Promise<void>;
  put(key: string, body: Readable | Buffer | string, options?: { size?: number; metadata?: ObjectMetadata }): Promise<void>;
  head(key: string): Promise<StoredObject | undefined>;
  /** Undefined when the key does not exist. */
  get(key: string): Promise<Readable | undefined>;
  /** Keys under a prefix, in byte order, after `startAfter` when given. */
  list(prefix: string, startAfter?: string): AsyncIterable<StoredObject>;
  delete(key: string): Promise<void>;
  /**
   * Optional ability: copy server-side from a source on the same endpoint and account. Returns
   * false when this source cannot be copied server-side (the caller streams instead).
   */
  copyFromSource?(source: ObjectSource, version: SourceVersion, key: string): Promise<{ metadata: ObjectMetadata } | false>;
  /**
   * Optional ability: the destination's clock now (the Date header of its latest response plus the
   * time elapsed since), so times written to the catalogue by runs on different machines compare.
   * Undefined before any response; a folder has none (the local clock is its clock).
   */
  serverTime?(): Date | undefined;
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
}
