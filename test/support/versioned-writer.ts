import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { TruthObject } from './scenario.ts';

type Entry = { versionId: string; object?: TruthObject };

/**
 * Writes to a versioned bucket and keeps every key's version stack, so removing a version or a
 * delete marker for good (DeleteObject with a VersionId) updates the ground truth the way S3
 * does: the newest remaining entry is current, and a delete marker on top hides the key.
 */
export class VersionedWriter {
  private readonly stacks = new Map<string, Entry[]>();
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
  ) {}

  /** Writes a new version and returns its VersionId. */
  async put(key: string, body: string, contentType = 'text/plain'): Promise<string> {
    const response = await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
    if (!response.VersionId) throw new Error(`${this.bucket} is not versioned: PutObject returned no VersionId`);
    this.stack(key).push({ versionId: response.VersionId, object: { body: Buffer.from(body), contentType } });
    return response.VersionId;
  }

  /** DeleteObject without a VersionId: a delete marker. Returns the marker's VersionId. */
  async deleteMarker(key: string): Promise<string> {
    const response = await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!response.DeleteMarker || !response.VersionId) throw new Error(`DeleteObject of ${key} made no delete marker`);
    this.stack(key).push({ versionId: response.VersionId });
    return response.VersionId;
  }

  /** DeleteObject with a VersionId: the version (or marker) is gone for good. */
  async remove(key: string, versionId: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key, VersionId: versionId }));
    const stack = this.stack(key);
    const index = stack.findIndex((e) => e.versionId === versionId);
    if (index < 0) throw new Error(`test bug: ${key} has no version ${versionId}`);
    stack.splice(index, 1);
  }

  /** The VersionId on top of a key's stack (its current version or delete marker). */
  top(key: string): string {
    const stack = this.stack(key);
    if (stack.length === 0) throw new Error(`test bug: ${key} has no versions`);
    return stack[stack.length - 1]!.versionId;
  }

  /** What a reader of the bucket sees now: every key whose newest entry is a version. */
  snapshot(): Map<string, TruthObject> {
    const current = new Map<string, TruthObject>();
    for (const [key, stack] of this.stacks) {
      const top = stack[stack.length - 1];
      if (top?.object) current.set(key, top.object);
    }
    return current;
  }

  private stack(key: string): Entry[] {
    let stack = this.stacks.get(key);
    if (!stack) {
      stack = [];
      this.stacks.set(key, stack);
    }
    return stack;
  }
}
