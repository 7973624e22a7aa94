import type { ObjectMetadata, SourceVersion } from '../../../stores/object/types.ts';

/**
 * The records the planner reasons about. They are also the lines of the catalogue files
 * (see docs/catalogue.md), so field names are short and stable. What a source listing reports
 * (SourceVersion, KeyListing) is the store contract's (src/stores/object/types.ts).
 */

/** A version as the catalogue's state file remembers it. */
export interface StateVersion {
  /** Identity: never shared by two different versions of the same key. */
  id: string;
  vid?: string;
  t: string;
  e?: string;
  s?: number;
  dm?: true;
  /** Destination key of the copy (absent for delete markers and skipped versions). */
  b?: string;
  /** Left out by the size rules of the run that first listed it: no copy exists (filtered-plan.ts). */
  skip?: 'size';
}

/** One line of a state file: everything known about a key after a run, newest version first. */
export interface StateLine {
  k: string;
  v: StateVersion[];
  /**
   * The key has been outside the backup's filter since the listing that began at this time (the
   * last one that compared it): its versions are as that listing saw them. A deletion or purge
   * found once the key is compared again happened after this, not after the previous run.
   */
  x?: string;
}

/**
 * One line of a state delta (format 3): the key's new line, or `gone` when the key left the state
 * (nothing of it is listed any more). Keys whose line did not change are not in the delta.
 */
export type StateDeltaLine = StateLine | { k: string; gone: true };

/** What was copied or learned about a key in one run: one line of an events file. */
export type EventLine =
  | ({ k: string; type: 'version'; meta?: ObjectMetadata; sha256?: string; seen: string } & StateVersion)
  | { k: string; type: 'deleteMarker'; id: string; vid?: string; t: string; seen: string }
  /** A key missing from an unversioned listing: it vanished after `after` and before `before`. */
  | { k: string; type: 'deleted'; after: string; before: string; last?: string }
  /** A version of a versioned bucket that is no longer listed (expired or permanently deleted). */
  | { k: string; type: 'purged'; id: string; after: string; before: string }
  /**
   * A version the size rules (min-size, max-size) left out: listed, not copied. A restore to a
   * time when it was the key's current version reports the key instead of restoring older bytes.
   */
  | { k: string; type: 'skipped'; id: string; vid?: string; t: string; s: number; e?: string; reason: 'size'; seen: string };

/**
 * A version's identity. A VersionId names a version exactly, except "null", which a
 * versioning-suspended or never-versioned bucket reuses on every overwrite; there, and on
 * unversioned buckets, a version is (ETag, size, Last-Modified): two writes in the same second
 * differ in ETag, and two identical writes are the same bytes.
 */
export function versionIdentity(version: SourceVersion): string {
  if (version.versionId && version.versionId !== 'null') return `v:${version.versionId}`;
  return `e:${version.etag ?? ''}:${version.size ?? 0}:${version.lastModified}`;
}

/**
 * An ETag that is the content's MD5: 32 hex digits. A multipart ETag ends in `-<parts>`, and an
 * SSE-KMS one is not an MD5 either, so only this form can be compared with bytes read.
 */
export function isPlainMd5(etag: string | undefined): etag is string {
  return etag !== undefined && /^[0-9a-f]{32}$/.test(etag);
}
