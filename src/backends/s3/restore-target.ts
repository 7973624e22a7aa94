import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { s3MetadataFields } from '../../stores/object/s3/metadata.ts';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { ObjectMetadata } from './plan/model.ts';
import type { TargetObject } from './plan/restore-plan.ts';
import { isNotFound } from '../../transfer/errors.ts';
import { createS3Client, describeS3Error, unquote, type S3Connection } from '../../stores/object/s3/client.ts';
import type { S3Location } from '../../config/overlap.ts';
import { LocalDestination } from '../../stores/object/local/destination.ts';
import { LocalFolder } from '../../stores/object/local/folder.ts';
import { targetNaming } from '../../stores/object/local/target-names.ts';
import { S3Destination } from '../../stores/object/s3/destination.ts';
import type { Destination } from '../../stores/object/types.ts';

/** Where a target writes, for the checks that keep it off live data and the backup's own files. */
export type TargetPlace = { kind: 's3'; location: S3Location } | { kind: 'local'; root: string };

/**
 * Where a restore writes: a bucket (and prefix) or a local folder. Keys are relative to the
 * target's root; the listing carries ETags so the planner can skip objects already right.
 */
export interface RestoreTarget {
  readonly description: string;
  /** Writes and deletes a small object, before anything else is written: fails clearly when the credentials cannot write. */
  probeWrite(): Promise<void>;
  /** Objects under `prefix` in S3 byte order. */
  list(prefix: string): AsyncIterable<TargetObject>;
  /** Stores a stream of known size; returns the ETag the target gave it, if any. */
  put(key: string, body: Readable, size: number, metadata: ObjectMetadata | undefined): Promise<{ etag?: string }>;
  get(key: string): Promise<Readable | undefined>;
  delete(key: string): Promise<void>;
  /** True when the target keeps content type and user metadata (a local folder does not). */
  readonly keepsMetadata: boolean;
  /** Where it writes (absent for targets tests build by hand). */
  readonly place?: TargetPlace;
}

/** Largest object a single PutObject accepts. Larger ones go multipart. */
const MAX_SINGLE_PUT = 5 * 1024 ** 3;
const PART_SIZE = 16 * 1024 * 1024;

export class S3RestoreTarget implements RestoreTarget {
  readonly client: S3Client;
  readonly keepsMetadata = true;

  constructor(
    readonly bucket: string,
    /** Prepended to every key ('' or ending in '/'). */
    readonly root: string,
    connection: S3Connection | { client: S3Client },
    /** The input to name in error messages. */
    readonly input = 'restore-target',
    /** The endpoint the client reaches (undefined: AWS), when the connection is a ready client. */
    endpoint?: string,
  ) {
    this.client = 'client' in connection ? connection.client : createS3Client(connection);
    this.place = { kind: 's3', location: { endpoint: 'client' in connection ? endpoint : connection.endpoint, bucket, prefix: root } };
  }

  readonly place: TargetPlace;

  get description(): string {
    return `s3://${this.bucket}/${this.root}`;
  }

  async probeWrite(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw describeS3Error(error, `reaching restore target bucket ${this.bucket}`, this.input);
    }
    const key = `${this.root}.pullback-restore-probe-${randomBytes(6).toString('hex')}`;
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: 'pullback write probe' }));
    } catch (error) {
      throw describeS3Error(error, `writing a probe object to restore target s3://${this.bucket}/${this.root}`, this.input);
    }
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      // Backup credentials deliberately lack s3:DeleteObject (a leaked key cannot erase history):
      // a probe left behind is harmless; refusing to restore would not be.
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 403) throw describeS3Error(error, `deleting the probe object s3://${this.bucket}/${key}`, this.input);
    }
  }

  async *list(prefix: string): AsyncIterable<TargetObject> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.root + prefix || undefined, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        const entry: TargetObject = { key: object.Key.slice(this.root.length), size: object.Size ?? 0 };
        const etag = unquote(object.ETag);
        if (etag) entry.etag = etag;
        yield entry;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async put(key: string, body: Readable, size: number, metadata: ObjectMetadata | undefined): Promise<{ etag?: string }> {
    const params = { Bucket: this.bucket, Key: this.root + key, Body: body, ...s3MetadataFields(metadata) };
    if (size <= MAX_SINGLE_PUT) {
      // One PUT: the ETag is the content's MD5, which the engine checks against what it streamed.
      const result = await this.client.send(new PutObjectCommand({ ...params, ContentLength: size }));
      const etag = unquote(result.ETag);
      return etag ? { etag } : {};
    }
    const result = await new Upload({ client: this.client, params, partSize: PART_SIZE, queueSize: 2, leavePartsOnError: false }).done();
    const etag = unquote((result as { ETag?: string }).ETag);
    return etag ? { etag } : {};
  }

  async get(key: string): Promise<Readable | undefined> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.root + key }));
      return result.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.root + key }));
  }
}

/**
 * A local folder: bytes only (a file system keeps no content type or user metadata). Files carry
 * the keys' real names where the file system can hold them (src/stores/object/local/target-names.ts),
 * and no link below the root is ever followed.
 */
export class LocalRestoreTarget implements RestoreTarget {
  readonly keepsMetadata = false;
  readonly place: TargetPlace;
  private readonly folder: LocalFolder;

  /** `within`: a folder the root lies in whose links below it are not followed either (the destination). */
  constructor(root: string, options: { within?: string } = {}) {
    this.folder = new LocalFolder(root, targetNaming(), options);
    this.place = { kind: 'local', root: this.folder.root };
  }

  get description(): string {
    return `folder ${this.folder.root}`;
  }

  async probeWrite(): Promise<void> {
    try {
      await this.folder.check();
      const key = `.pullback-restore-probe-${randomBytes(6).toString('hex')}`;
      await this.folder.put(key, 'pullback write probe');
      await this.folder.delete(key);
    } catch (error) {
      throw new Error(`writing to restore target ${this.description} failed: ${(error as Error).message}: check \`restore-target\``, { cause: error });
    }
  }

  async *list(prefix: string): AsyncIterable<TargetObject> {
    for await (const object of this.folder.list(prefix)) yield { key: object.key, size: object.size };
  }

  async put(key: string, body: Readable): Promise<{ etag?: string }> {
    await this.folder.put(key, body);
    return {};
  }

  get(key: string): Promise<Readable | undefined> {
    return this.folder.get(key);
  }

  delete(key: string): Promise<void> {
    return this.folder.delete(key);
  }
}

/** A target inside the backup destination itself (the default: `restored/<T>/...`). */
export function targetInDestination(destination: Destination, subPrefix: string): RestoreTarget {
  if (destination instanceof S3Destination) {
    return new S3RestoreTarget(destination.bucket, destination.prefix + subPrefix, { client: destination.client }, 'destination', destination.connection.endpoint);
  }
  if (destination instanceof LocalDestination) {
    // The folders below the destination's root are checked like every other path in it.
    return new LocalRestoreTarget(join(destination.root, ...subPrefix.split('/').filter(Boolean)), { within: destination.root });
  }
  throw new Error(`cannot restore into ${destination.description}: set \`restore-target\``);
}
