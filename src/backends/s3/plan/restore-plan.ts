import { march } from '../../../plan/merge.ts';
import type { KeyAsOf, SkippedAtT, VersionAtT } from './as-of.ts';
import { isPlainMd5 } from './model.ts';

/**
 * The restore plan: what a restore to time T does with each key, decided from the key's state at
 * T (as-of.ts) and what the target holds now. Pure: no I/O, both inputs sorted in S3 byte order
 * and marched side by side (src/plan/merge.ts), so memory stays constant.
 */

/** One object as the restore target lists it. Keys are the original (source) keys. */
export interface TargetObject {
  key: string;
  size: number;
  /** ETag without quotes, when the target has one (S3); a local folder has none. */
  etag?: string;
}

export type RestoreAction =
  /** Absent at the target: write it. */
  | 'write'
  /** Present at the target with other content: write over it. */
  | 'overwrite'
  /** Present with the same size and ETag as the version at T: nothing to do. */
  | 'skip'
  /**
   * Present with the same size, but the ETags cannot tell (a multipart ETag, or no ETag at all):
   * the engine compares the content's SHA-256 and then skips or overwrites.
   */
  | 'check'
  /** In place only: present at the target but absent at T. */
  | 'remove'
  /**
   * The key's version at T was left out of the backup by a size filter: nothing to put back.
   * Nothing is written and nothing removed; the restore reports the key.
   */
  | 'unavailable';

export interface RestoreStep {
  key: string;
  action: RestoreAction;
  /** The version to put back (absent for `remove`). */
  version?: VersionAtT;
  /** What the target holds now, if anything. */
  target?: TargetObject;
  /**
   * The key's deletion is known only to lie between two runs that straddle T. The documented
   * rule (as-of.ts): the object is restored, because a restore never drops data that
   * may have existed at T.
   */
  uncertainDeletion?: { after: string; before: string };
  /** `unavailable`: the version a size filter left out of the backup. */
  skipped?: SkippedAtT;
}

export interface RestorePlanOptions {
  /** Remove target objects that did not exist at T (in-place restores only). */
  removeAbsent: boolean;
}

/** Which keys a restore covers: a key prefix and/or an explicit list of keys. */
export interface KeySelection {
  prefix?: string;
  keys?: readonly string[];
}

export function keySelector(selection: KeySelection): (key: string) => boolean {
  const keys = selection.keys && selection.keys.length > 0 ? new Set(selection.keys) : undefined;
  const prefix = selection.prefix ?? '';
  return (key) => key.startsWith(prefix) && (keys === undefined || keys.has(key));
}

/** The verdict for one key, given its state at T and what the target holds. */
export function planRestoreKey(state: KeyAsOf | undefined, target: TargetObject | undefined, options: RestorePlanOptions): RestoreStep | undefined {
  const key = state?.key ?? target!.key;
  const version = state?.version;
  if (!version && state?.skipped) return { key, action: 'unavailable', skipped: state.skipped, ...(target ? { target } : {}) };
  if (!version) {
    if (target && options.removeAbsent) return { key, action: 'remove', target };
    return undefined;
  }
  const step: RestoreStep = { key, action: 'write', version };
  if (state.uncertainDeletion) step.uncertainDeletion = state.uncertainDeletion;
  if (!target) return step;
  step.target = target;
  if (target.size !== (version.s ?? 0)) step.action = 'overwrite';
  else if (target.etag !== undefined && version.e !== undefined && target.etag === version.e) step.action = 'skip';
  // Two plain MD5s that differ: certainly other bytes.
  else if (target.etag !== undefined && version.e !== undefined && isPlainMd5(target.etag) && isPlainMd5(version.e)) step.action = 'overwrite';
  else step.action = 'check';
  return step;
}

/**
 * Marches the states at T against the target listing (both in S3 byte order) and yields a step
 * for every key that needs attention, skips included (so counts add up).
 */
export async function* planRestore(
  states: AsyncIterable<KeyAsOf>,
  target: AsyncIterable<TargetObject>,
  options: RestorePlanOptions,
): AsyncGenerator<RestoreStep> {
  const atT = { items: states, key: (state: KeyAsOf) => state.key, name: 'the catalogue state at T' };
  const listed = { items: target, key: (object: TargetObject) => object.key, name: 'the target listing' };
  for await (const { left, right } of march(atT, listed)) {
    const step = planRestoreKey(left, right, options);
    if (step) yield step;
  }
}

/** Counts and bytes of a plan (or of what a restore did). */
export interface RestoreCounts {
  /** Keys that existed at T within the selection. */
  keysAtT: number;
  write: number;
  overwrite: number;
  skip: number;
  check: number;
  remove: number;
  /** Keys whose version at T a size filter left out of the backup (not restored, not removed). */
  unavailable: number;
  uncertain: number;
  /** Bytes of the versions to write or overwrite. */
  bytesToWrite: number;
  /** Bytes of the versions already right at the target. */
  bytesSkipped: number;
}

export function emptyRestoreCounts(): RestoreCounts {
  return { keysAtT: 0, write: 0, overwrite: 0, skip: 0, check: 0, remove: 0, unavailable: 0, uncertain: 0, bytesToWrite: 0, bytesSkipped: 0 };
}

export function countStep(counts: RestoreCounts, step: RestoreStep): void {
  if (step.version) counts.keysAtT++;
  if (step.uncertainDeletion) counts.uncertain++;
  counts[step.action]++;
  const size = step.version?.s ?? 0;
  if (step.action === 'write' || step.action === 'overwrite') counts.bytesToWrite += size;
  if (step.action === 'skip') counts.bytesSkipped += size;
}
