import { HeadObjectCommand, ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';
import { isNotImplemented } from '../../../transfer/errors.ts';
import { refusesMethod } from './refusals.ts';

/**
 * The versions of one key in a destination bucket, for a prune's purge (S3ObjectStore.purge): which
 * there are, and why one may not be deleted.
 */

/** Every version id (delete markers included) of exactly this key; undefined when the store does not list versions. */
export async function versionsOf(client: S3Client, bucket: string, fullKey: string): Promise<string[] | undefined> {
  const found: string[] = [];
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  try {
    do {
      const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: fullKey, KeyMarker: keyMarker, VersionIdMarker: versionMarker }));
      for (const entry of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
        if (entry.Key === fullKey && entry.VersionId !== undefined) found.push(entry.VersionId);
      }
      const more = page.IsTruncated === true && (page.NextKeyMarker !== keyMarker || page.NextVersionIdMarker !== versionMarker);
      keyMarker = more ? page.NextKeyMarker : undefined;
      versionMarker = more ? page.NextVersionIdMarker : undefined;
    } while (keyMarker !== undefined);
  } catch (error) {
    // A store that keeps no versions may refuse the listing outright (s3rver: 405 MethodNotAllowed).
    if (isNotImplemented(error) || refusesMethod(error)) return undefined;
    throw error;
  }
  return found;
}

/** Why a version may not be deleted at `now`: its Object Lock retention or legal hold; undefined when it has none. */
export async function lockOf(client: S3Client, bucket: string, fullKey: string, versionId: string, now: Date): Promise<{ reason: string; retainUntil?: string } | undefined> {
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: fullKey, VersionId: versionId })).catch(() => undefined);
  if (!head) return undefined;
  if (head.ObjectLockLegalHoldStatus === 'ON') return { reason: 'under a legal hold' };
  const until = head.ObjectLockRetainUntilDate;
  if (head.ObjectLockMode && until && until.getTime() > now.getTime()) {
    return { reason: `under Object Lock (${head.ObjectLockMode.toLowerCase()}) until ${until.toISOString()}`, retainUntil: until.toISOString() };
  }
  return undefined;
}
