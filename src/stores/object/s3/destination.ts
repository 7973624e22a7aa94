import {
  AbortMultipartUploadCommand,
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import type { ObjectMetadata, SourceVersion } from '../../../backends/s3/plan/model.ts';
import type { ConditionalPut, Destination, ObjectSource, PartialWrite, StoredObject } from '../types.ts';
import { isNotFound } from '../../../transfer/errors.ts';
import { createS3Client, describeS3Error, unquote, type S3Connection } from './client.ts';
import { S3Source } from './source.ts';
import { metadataFromResponse, s3MetadataFields } from './metadata.ts';

/** Largest object CopyObject copies in one request. */
const MAX_SINGLE_COPY_BYTES = 5 * 1024 ** 3;
/** Multipart part size: memory per upload is about partSize x (queueSize + 1). */
export const PART_SIZE = 8 * 1024 * 1024;

/** How a store says it does not do conditional writes (If-None-Match / If-Match on PutObject). */
function refusesConditions(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.$metadata?.httpStatusCode === 501 || ['NotImplemented', 'InvalidArgument', 'InvalidRequest'].includes(e?.name ?? '');
}

function failedCondition(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  // 412: the condition failed; 409: a concurrent conditional write won; 404: If-Match on a key now gone.
  return status === 412 || status === 409 || status === 404 || e?.name === 'PreconditionFailed' || e?.name === 'ConditionalRequestConflict';
}

export class S3Destination implements Destination {
  readonly client: S3Client;
  readonly prefixBytes: number;
  /** The Date header of the latest response and the local time it arrived. */
  private clock: { server: number; local: number } | undefined;

  constructor(
    readonly bucket: string,
    readonly prefix: string,
    readonly connection: S3Connection,
    readonly endpointIdentity: string,
  ) {
    this.client = createS3Client(connection, (date) => {
      this.clock = { server: date.getTime(), local: Date.now() };
    });
    this.prefixBytes = Buffer.byteLength(prefix);
  }

  serverTime(): Date | undefined {
    return this.clock ? new Date(this.clock.server + (Date.now() - this.clock.local)) : undefined;
  }

  get description(): string {
    return `s3://${this.bucket}/${this.prefix}${this.connection.endpoint ? ` at ${this.connection.endpoint}` : ''}`;
  }

  private full(key: string): string {
    return this.prefix + key;
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw describeS3Error(error, `reaching destination bucket ${this.bucket}`, 'destination');
    }
  }

  async put(key: string, body: Readable | Buffer | string, options: { size?: number; metadata?: ObjectMetadata } = {}): Promise<void> {
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.full(key), Body: body, ...s3MetadataFields(options.metadata) }));
      return;
    }
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.full(key), Body: body, ...s3MetadataFields(options.metadata) },
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      return { key, size: result.ContentLength ?? 0 };
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
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: this.full(prefix),
          ContinuationToken: token,
          ...(token === undefined && startAfter !== undefined ? { StartAfter: this.full(startAfter) } : {}),
        }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield { key: object.Key.slice(this.prefix.length), size: object.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
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
      const chunks: Buffer[] = [];
      let bytes = 0;
      for await (const chunk of result.Body as Readable) {
        bytes += (chunk as Buffer).length;
        if (bytes > maxBytes) {
          (result.Body as Readable).destroy();
          throw new Error(`${key} in ${this.description} is larger than ${maxBytes} bytes`);
        }
        chunks.push(chunk as Buffer);
      }
      return { body: Buffer.concat(chunks), etag: unquote(result.ETag) };
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

  /** Server-side copy when the source lives on the same endpoint under the same credentials. */
  async copyFromSource(source: ObjectSource, version: SourceVersion, key: string): Promise<{ metadata: ObjectMetadata } | false> {
    if (!(source instanceof S3Source) || source.endpointIdentity !== this.endpointIdentity) return false;
    if ((version.size ?? 0) > MAX_SINGLE_COPY_BYTES) return false;
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
        ...(!versioned && version.etag ? { CopySourceIfMatch: `"${version.etag}"` } : {}),
      }),
    );
    const metadata = metadataFromResponse(head);
    return { metadata };
  }
}
