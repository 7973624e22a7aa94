import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { sourceAsOf } from '../../src/backends/s3/catalog/history.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';

export interface TruthObject {
  body: Buffer;
  contentType?: string;
  user?: Record<string, string>;
}

/** Writes to a source bucket and remembers what the bucket holds: the test's ground truth. */
export class SourceWriter {
  readonly current = new Map<string, TruthObject>();
  writes = 0;
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
  ) {}

  async put(key: string, body: string | Buffer, options: { contentType?: string; user?: Record<string, string>; multipart?: boolean } = {}): Promise<void> {
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    const params = {
      Bucket: this.bucket,
      Key: key,
      Body: data,
      ...(options.contentType ? { ContentType: options.contentType } : {}),
      ...(options.user ? { Metadata: options.user } : {}),
    };
    if (options.multipart) await new Upload({ client: this.client, params, partSize: 5 * 1024 * 1024 }).done();
    else await this.client.send(new PutObjectCommand(params));
    const truth: TruthObject = { body: data };
    if (options.contentType) truth.contentType = options.contentType;
    if (options.user) truth.user = options.user;
    this.current.set(key, truth);
    this.writes++;
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    this.current.delete(key);
  }

  async read(key: string): Promise<Buffer> {
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return buffer(response.Body as NodeJS.ReadableStream);
  }

  snapshot(): Map<string, TruthObject> {
    return new Map(this.current);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sleeps to just past the next whole second: S3 times are whole seconds. */
export async function nextSecond(): Promise<void> {
  await sleep(1000 - (Date.now() % 1000) + 30);
}

/**
 * A moment between runs that whole-second Last-Modified times cannot blur: everything written
 * before it is dated before it, everything written after it is dated after it.
 */
export async function checkpoint(): Promise<Date> {
  await nextSecond();
  const at = new Date();
  await nextSecond();
  return at;
}

/** Reads the destination's catalogue as of `at` and checks it against the ground truth. */
export async function assertBackupMatches(destination: ObjectStore, sourceId: string, at: Date, truth: Map<string, TruthObject>, label: string): Promise<void> {
  const catalog = new Catalog(destination);
  const restored = new Map<string, { b: string; meta?: { contentType?: string; user?: Record<string, string> } }>();
  for await (const state of sourceAsOf(catalog, sourceId, at)) {
    if (state.version) restored.set(state.key, { b: state.version.b!, ...(state.version.meta ? { meta: state.version.meta } : {}) });
  }
  assert.deepEqual([...restored.keys()].sort(), [...truth.keys()].sort(), `${label}: the keys as of ${at.toISOString()}`);
  for (const [key, expected] of truth) {
    const entry = restored.get(key)!;
    const body = await destination.get(entry.b);
    assert.ok(body, `${label}: backup object ${entry.b} exists`);
    const bytes = await buffer(body);
    assert.ok(bytes.equals(expected.body), `${label}: content of ${JSON.stringify(key.slice(0, 60))} as of ${at.toISOString()}`);
    if (expected.contentType) assert.equal(entry.meta?.contentType, expected.contentType, `${label}: content type of ${key}`);
    if (expected.user) assert.deepEqual(entry.meta?.user, expected.user, `${label}: user metadata of ${key}`);
  }
}
