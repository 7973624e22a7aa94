import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { httpStatus, isAccessDenied, isNotFound, isNotImplemented } from '../../../transfer/errors.ts';
import {
  DESTINATION_LABEL,
  type ConditionalPut,
  type ObjectMetadata,
  type ObjectSource,
  type ObjectStore,
  type PartialWrite,
  type PurgeResult,
  type PutOptions,
  type PutResult,
  type RequestCounts,
  type SourceVersion,
  type StoreLabel,
  type StoredObject,
  type StorePlace,
} from '../types.ts';
import { createS3Client, describeS3Error, requestCountsOf, unquote, type S3Connection, type S3WriteSettings } from './client.ts';
import { metadataFromResponse, s3MetadataFields } from './metadata.ts';
import { MAX_SINGLE_REQUEST_BYTES, putObject } from './upload.ts';
import { failedCondition, refusesConditions } from './refusals.ts';
import { NO_OBJECT_HAS_THIS_ETAG, probeStaleIfMatch, STALE_IF_MATCH_PROBE_BODY } from './stale-if-match.ts';
import { lockOf, versionsOf } from './versions.ts';
import { readWhole } from '../../../transfer/read-whole.ts';
import { latestPageFromSdk } from './listing-page.ts';
import { LATEST_PAGES, watchPage } from './page-preview.ts';

export { MULTIPART_UPLOADS_AT_ONCE, PART_SIZE, SINGLE_PUT_BYTES, partSizeFor } from './upload.ts';

/** A client already made (a source's, a parent store's) with what a store needs to know of it. */
export interface SharedS3Client {
  client: S3Client;
  /** The endpoint it reaches (undefined: AWS). */
  endpoint: string | undefined;
  /** The server's clock as the client's owner tracks it, if it does. */
  serverTime?: () => Date | undefined;
}

/** An S3-compatible bucket under a key prefix ('' or ending in '/'): a destination or a restore target. */
export class S3ObjectStore implements ObjectStore {
  readonly client: S3Client;
  readonly endpoint: string | undefined;
  readonly prefixBytes: number;
  readonly keepsMetadata = true;
  /** A string or Buffer body goes as one PutObject (upload.ts): never an open multipart upload. */
  readonly wholeBodyPutsLeaveNoPartialWrite = true;
  readonly place: StorePlace;
  private readonly label: StoreLabel;
  private readonly sharedClock: (() => Date | undefined) | undefined;
  /** The Date header of the latest response and the local time it arrived. */
  private clock: { server: number; local: number } | undefined;
  /** Storage class, encryption and Object Lock of every write (none: the bucket's defaults). */
  private readonly writes: S3WriteSettings;

  constructor(
    readonly bucket: string,
    readonly prefix: string,
    connection: S3Connection | SharedS3Client,
    /** Who reaches the endpoint (endpoint and credentials): a server-side copy needs the source's to be the same. */
    readonly endpointIdentity?: string,
    label: StoreLabel = DESTINATION_LABEL,
    writes: S3WriteSettings = {},
  ) {
    this.writes = writes;
    if ('client' in connection) {
      this.client = connection.client;
      this.endpoint = connection.endpoint;
      this.sharedClock = connection.serverTime;
    } else {
      this.client = createS3Client(connection, bucket, (date) => {
        this.clock = { server: date.getTime(), local: Date.now() };
      });
      this.endpoint = connection.endpoint;
      this.sharedClock = undefined;
    }
    this.label = label;
    this.prefixBytes = Buffer.byteLength(prefix);
    this.place = { kind: 's3', location: { endpoint: this.endpoint, bucket, prefix } };
  }

  serverTime(): Date | undefined {
    if (this.sharedClock) return this.sharedClock();
    return this.clock ? new Date(this.clock.server + (Date.now() - this.clock.local)) : undefined;
  }

  requestCounts(): RequestCounts {
    return { ...requestCountsOf(this.client) };
  }

  get description(): string {
    return `s3://${this.bucket}/${this.prefix}${this.endpoint ? ` at ${this.endpoint}` : ''}`;
  }

  private full(key: string): string {
    return this.prefix + key;
  }

  under(subPrefix: string): ObjectStore {
    const shared: SharedS3Client = { client: this.client, endpoint: this.endpoint, serverTime: () => this.serverTime() };
    // A restore into the destination (restored/<T>/) keeps its class and encryption; restored
    // copies are not the backup, so they get no retention a later clean-up would have to wait out.
    const { objectLock: _objectLock, ...kept } = this.writes;
    return new S3ObjectStore(this.bucket, this.prefix + subPrefix, shared, this.endpointIdentity, { role: 'restore target', input: this.label.input }, kept);
  }

  /**
   * The request fields every write carries (S3WriteSettings). Object Lock needs a checksum on each
   * upload (Content-MD5 or an SDK checksum): CRC32 is asked for only then, because some
   * S3-compatible stores refuse the checksum trailer of a streamed body.
   */
  private writeFields(mutable = false) {
    const { storageClass, sse, objectLock } = this.writes;
    const lock = objectLock && !mutable ? objectLock : undefined;
    return {
      ...(storageClass ? { StorageClass: storageClass as never } : {}),
      ...(sse ? { ServerSideEncryption: sse.algorithm as never } : {}),
      ...(sse?.algorithm === 'aws:kms' && sse.kmsKeyId ? { SSEKMSKeyId: sse.kmsKeyId } : {}),
      ...(lock
        ? { ObjectLockMode: lock.mode as never, ObjectLockRetainUntilDate: new Date((this.serverTime() ?? new Date()).getTime() + lock.days * 86_400_000), ChecksumAlgorithm: 'CRC32' as never }
        : {}),
    };
  }

  /**
   * Whether the bucket exists and its keys under the prefix can be listed: a one-key listing, not a
   * HeadBucket. It needs the same s3:ListBucket right, but a policy that grants it only under a
   * prefix (the `s3:prefix` condition) passes it where HeadBucket is refused, and stores that answer
   * HeadBucket by listing the whole bucket (s3rver: 150 ms at 2,000 keys) answer it at once.
   */
  async check(): Promise<void> {
    try {
      // ListObjects (v1): a truncated v1 page ends in a plain marker, where some stores (s3rver)
      // fail to make a v2 continuation token.
      await this.client.send(new ListObjectsCommand({ Bucket: this.bucket, Prefix: this.prefix || undefined, MaxKeys: 1 }));
    } catch (error) {
      throw describeS3Error(error, `reaching ${this.label.role} bucket ${this.bucket}`, this.label.input);
    }
  }

  /**
   * Opens a multipart upload and aborts it: S3 authorises CreateMultipartUpload as s3:PutObject
   * (and SSE-KMS keys as a write), and an aborted upload is no object, no version and no delete
   * marker, so a versioned target keeps nothing of the probe. A store without multipart uploads
   * gets the old probe (put, then delete), which the returned note owns up to.
   */
  async probeWrite(): Promise<string | undefined> {
    await this.check();
    const key = this.full(`.pullback-restore-probe-${randomBytes(6).toString('hex')}`);
    let uploadId: string | undefined;
    try {
      // Class and encryption as every write (a bucket policy may demand them), never a retention.
      uploadId = (await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ...this.writeFields(true) }))).UploadId;
    } catch (error) {
      if (!isNotImplemented(error)) throw describeS3Error(error, `starting a probe upload to ${this.label.role} s3://${this.bucket}/${this.prefix}`, this.label.input);
    }
    if (uploadId === undefined) return this.probeWithObject(key);
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      // The write was allowed, which is what the probe asks; an empty open upload holds no data.
      const refused = isAccessDenied(error);
      if (!refused && !isNotImplemented(error) && httpStatus(error) !== 405) throw describeS3Error(error, `aborting the probe upload s3://${this.bucket}/${key}`, this.label.input);
      return (
        `the write probe left an empty multipart upload open at s3://${this.bucket}/${key} ` +
        `(${refused ? 'the credentials cannot abort uploads: s3:AbortMultipartUpload' : 'the store does not abort uploads'}); it holds no data, and a lifecycle rule with AbortIncompleteMultipartUpload removes it`
      );
    }
    return undefined;
  }

  /** The probe for a store without multipart uploads: a small object, put and deleted. */
  private async probeWithObject(key: string): Promise<string> {
    try {
      // The probe is removed at once: it carries the class and encryption (a bucket policy may
      // demand them), never a retention that would keep it.
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: 'pullback write probe', ...this.writeFields(true) }));
    } catch (error) {
      throw describeS3Error(error, `writing a probe object to ${this.label.role} s3://${this.bucket}/${this.prefix}`, this.label.input);
    }
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      // Backup credentials deliberately lack s3:DeleteObject (a leaked key cannot erase history):
      // a probe left behind is harmless; refusing to restore would not be.
      if (!isAccessDenied(error)) throw describeS3Error(error, `deleting the probe object s3://${this.bucket}/${key}`, this.label.input);
      return `the write probe object s3://${this.bucket}/${key} could not be deleted (no s3:DeleteObject): delete it when convenient`;
    }
    return `${this.label.role} s3://${this.bucket}/${this.prefix} does not take multipart uploads, so the write probe put and deleted s3://${this.bucket}/${key}: in a versioned bucket that leaves a version and a delete marker`;
  }

  async put(key: string, body: Readable | Buffer | string, options: PutOptions = {}): Promise<PutResult> {
    const params = { Bucket: this.bucket, Key: this.full(key), ...s3MetadataFields(options.metadata), ...this.writeFields(options.mutable) };
    const etag = await putObject(this.client, params, body, {
      ...(options.size !== undefined ? { size: options.size } : {}),
      ...(options.singleRequest ? { singleRequest: true } : {}),
      ...(options.sha256 !== undefined ? { sha256: options.sha256 } : {}),
    });
    return etag ? { etag } : {};
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      const object: StoredObject = { key, size: result.ContentLength ?? 0, metadata: metadataFromResponse(result) };
      const etag = unquote(result.ETag);
      if (etag) object.etag = etag;
      return object;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      return result.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async *list(prefix: string, startAfter?: string): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      const command = new ListObjectsV2Command({
        Bucket: this.bucket,
        Prefix: this.full(prefix) || undefined,
        ContinuationToken: token,
        ...(token === undefined && startAfter !== undefined ? { StartAfter: this.full(startAfter) } : {}),
      });
      // Read by our own XML reader when it can be (the catalogue's run list grows by two keys a run).
      const read = watchPage(command.middlewareStack, `listing ${this.description}`, LATEST_PAGES);
      const output = await this.client.send(command);
      const page = read() ?? latestPageFromSdk(output);
      for (const object of page.versions) {
        const entry: StoredObject = { key: object.key.slice(this.prefix.length), size: object.size ?? 0 };
        if (object.etag) entry.etag = object.etag;
        yield entry;
      }
      token = page.truncated ? page.nextToken : undefined;
    } while (token);
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
  }

  async purge(key: string): Promise<PurgeResult> {
    const full = this.full(key);
    const versions = await versionsOf(this.client, this.bucket, full);
    if (versions === undefined || versions.length === 0) {
      // A store that keeps no versions (or does not list them): the plain delete removes the bytes.
      if (!(await this.head(key))) return { removed: 0, kept: [] };
      await this.delete(key);
      return { removed: 1, kept: [] };
    }
    const result: PurgeResult = { removed: 0, kept: [] };
    for (const versionId of versions) {
      try {
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: full, VersionId: versionId }));
        result.removed++;
      } catch (error) {
        if (isNotFound(error)) continue;
        const lock = isAccessDenied(error) ? await lockOf(this.client, this.bucket, full, versionId, this.serverTime() ?? new Date()) : undefined;
        if (!lock) throw error;
        result.kept.push({ versionId, ...lock });
      }
    }
    return result;
  }

  async *listPartialWrites(prefix: string): AsyncIterable<PartialWrite> {
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: this.full(prefix), KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
      );
      for (const upload of page.Uploads ?? []) {
        if (upload.Key === undefined || upload.UploadId === undefined || !upload.Key.startsWith(this.full(prefix))) continue;
        yield { key: upload.Key.slice(this.prefix.length), id: upload.UploadId, initiated: upload.Initiated ?? new Date(0) };
      }
      const truncated = page.IsTruncated === true && (page.NextKeyMarker !== keyMarker || page.NextUploadIdMarker !== uploadIdMarker);
      keyMarker = truncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = truncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker !== undefined);
  }

  async abortPartialWrite(write: PartialWrite): Promise<void> {
    await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.full(write.key), UploadId: write.id }));
  }

  async getTagged(key: string, maxBytes: number): Promise<{ body: Buffer; etag: string | undefined } | undefined> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      const body = await readWhole(result.Body as Readable, maxBytes);
      if (!body) throw new Error(`${key} in ${this.description} is larger than ${maxBytes} bytes`);
      return { body, etag: unquote(result.ETag) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async putIf(key: string, body: string, condition: { ifNoneMatch: '*' } | { ifMatch: string }): Promise<ConditionalPut> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.full(key),
          Body: body,
          ContentType: 'application/json',
          // Only the lease is written this way: rewritten every minute, it carries no retention.
          ...this.writeFields(true),
          ...('ifNoneMatch' in condition ? { IfNoneMatch: '*' } : { IfMatch: `"${condition.ifMatch}"` }),
        }),
      );
      return 'written';
    } catch (error) {
      if (failedCondition(error)) return 'conflict';
      if (refusesConditions(error)) return 'unsupported';
      throw error;
    }
  }

  /**
   * Whether the store refuses a write naming an ETag its object does not have, shown now with the
   * object at `probeKey` (stale-if-match.ts). Asked once per store: the lease skips its read-back on it.
   */
  refusesStaleIfMatch(probeKey: string): Promise<boolean> {
    let probe = this.staleIfMatchProbes.get(probeKey);
    if (!probe) {
      // Never a retention: like the lease, the object is rewritten where conditions are ignored.
      const writeStale = () =>
        this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: this.full(probeKey), Body: STALE_IF_MATCH_PROBE_BODY, ContentType: 'application/json', ...this.writeFields(true), IfMatch: NO_OBJECT_HAS_THIS_ETAG }),
        );
      probe = probeStaleIfMatch(writeStale, () => this.put(probeKey, STALE_IF_MATCH_PROBE_BODY, { mutable: true }));
      this.staleIfMatchProbes.set(probeKey, probe);
    }
    return probe;
  }

  private readonly staleIfMatchProbes = new Map<string, Promise<boolean>>();

  /** Server-side copy when the source lives on the same endpoint under the same credentials. */
  async copyFromSource(source: ObjectSource, version: SourceVersion, key: string): Promise<{ metadata: ObjectMetadata } | false> {
    if (!isS3Bucket(source) || this.endpointIdentity === undefined || source.endpointIdentity !== this.endpointIdentity) return false;
    if ((version.size ?? 0) > MAX_SINGLE_REQUEST_BYTES) return false;
    // Object Lock asks for a checksum on every upload; a copy has no body to checksum, and stores
    // differ on whether they accept one without: streamed copies carry it everywhere.
    if (this.writes.objectLock) return false;
    const versioned = version.versionId !== undefined && version.versionId !== 'null';
    const copySource = `${source.bucket}/${encodeURIComponent(version.key).replace(/%2F/g, '/')}${versioned ? `?versionId=${encodeURIComponent(version.versionId!)}` : ''}`;
    const head = await source.client.send(
      new HeadObjectCommand({ Bucket: source.bucket, Key: version.key, ...(versioned ? { VersionId: version.versionId } : {}) }),
    );
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: this.full(key),
        CopySource: copySource,
        MetadataDirective: 'COPY',
        ...this.writeFields(),
        ...(!versioned && version.etag ? { CopySourceIfMatch: `"${version.etag}"` } : {}),
      }),
    );
    return { metadata: metadataFromResponse(head) };
  }
}

/** What a server-side copy needs of its source: an S3 bucket this process reads with a client (S3Source). */
interface S3Bucket {
  readonly bucket: string;
  readonly client: S3Client;
  readonly endpointIdentity: string;
}

function isS3Bucket(source: ObjectSource): source is ObjectSource & S3Bucket {
  const candidate = source as Partial<S3Bucket>;
  return source.place.kind === 's3' && typeof candidate.bucket === 'string' && typeof candidate.endpointIdentity === 'string' && candidate.client !== undefined;
}
