import { hash } from 'node:crypto';
import type { SourceVersion } from '../../../stores/object/types.ts';
import { versionIdentity } from './model.ts';
import { compactTime } from '../../../plan/time.ts';
import { sourceId } from '../../../stores/object/ids.ts';

export { compactTime } from '../../../plan/time.ts';
export { sourceId } from '../../../stores/object/ids.ts';

/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/** One-shot: no Hash object per call (every state line's backup name is hashed when the catalogue is read). */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/**
 * Where a version is stored in the destination: `data/<bucket>/<key>@<time>.<id>`, readable when
 * browsing the bucket. `<id>` is a hash of (bucket, key, version identity), so two versions never
 * share a name even when written in the same second. Keys too long to fit under S3's 1024-byte
 * limit (with the destination's own prefix) go to `data/<bucket>/_long/<sha256 of key>@...`;
 * the catalogue records the original key either way.
 */
export function backupKeyFor(bucket: string, version: SourceVersion, destinationPrefixBytes = 0): string {
  const id = sha256Hex(`${bucket}\u0000${version.key}\u0000${versionIdentity(version)}`).slice(0, 16);
  const suffix = `@${compactTime(version.lastModified)}.${id}`;
  const readable = `data/${bucket}/${version.key}${suffix}`;
  if (destinationPrefixBytes + Buffer.byteLength(readable) <= MAX_KEY_BYTES) return readable;
  return `data/${bucket}/_long/${sha256Hex(version.key)}${suffix}`;
}


/** A folder-safe, unique name for a source inside the catalogue. */
export function sourceSlug(bucket: string, prefix: string): string {
  const readable = `${bucket}${prefix ? '_' + prefix : ''}`.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `${readable}-${sha256Hex(sourceId(bucket, prefix)).slice(0, 8)}`;
}
