import { mergeSorted } from '../../../plan/merge.ts';
import type { EventLine } from './model.ts';

/**
 * The state of a source at a time T, key by key, from the events every backup run recorded. What
 * a restore then does with a key against its target is the restore plan's (restore-plan.ts).
 */

/** A backed-up version as the events file records it: what a restore puts back. */
export type VersionAtT = Extract<EventLine, { type: 'version' }>;

/** One key at time T. */
export interface KeyAsOf {
  key: string;
  /** The version to put back, or undefined when the key did not exist at T. */
  version?: VersionAtT;
  /**
   * A deletion of this key is known only to lie in an interval that contains T (two backup runs
   * straddle T). The documented rule: the key is restored, because a restore must never drop
   * data that may have existed at T.
   */
  uncertainDeletion?: { after: string; before: string };
  /**
   * The key's version at T was left out of the backup by a size filter (min-size, max-size): it
   * existed, but no copy does. A restore reports the key and neither writes an older version
   * nor removes what the target holds.
   */
  skipped?: SkippedAtT;
}

/** A version a size filter left out, as the events file records it. */
export type SkippedAtT = Extract<EventLine, { type: 'skipped' }>;

/**
 * The state of one key at `at` from every event the catalogue holds for it. Events are given
 * in the order the runs recorded them. The rule: the latest backed-up version with
 * Last-Modified at or before T, unless a deletion at or before T came after it.
 *
 * Versions and delete markers of a versioned bucket can be removed for good (DeleteObject with a
 * VersionId, lifecycle expiry): a `purged` event says it happened after `after` and before
 * `before`. From `before` on, the version or marker no longer counts: deleting the current version
 * makes the previous one current again, and removing a delete marker (an "undelete") brings the
 * key back. When T lies inside that interval the removal may or may not have happened yet: a
 * marker removed then is ignored and the key is reported as an uncertain deletion (a restore must
 * never drop data that may have existed at T); a version removed then still counts.
 */
export function keyAsOf(key: string, events: EventLine[], at: number): KeyAsOf {
  const purges = new Map<string, { after: string; before: string }>();
  for (const event of events) if (event.type === 'purged') purges.set(event.id, { after: event.after, before: event.before });
  const goneBy = (id: string) => {
    const purge = purges.get(id);
    return purge !== undefined && Date.parse(purge.before) <= at;
  };
  const maybeGone = (id: string) => {
    const purge = purges.get(id);
    return purge !== undefined && Date.parse(purge.after) < at && Date.parse(purge.before) > at ? purge : undefined;
  };

  // A skipped version (left out by a size filter) competes like any version: when it is the
  // latest at T, the key is reported as not backed up then, never restored as an older version.
  let latest: { event: VersionAtT | SkippedAtT; order: number } | undefined;
  events.forEach((event, order) => {
    if ((event.type !== 'version' && event.type !== 'skipped') || Date.parse(event.t) > at || goneBy(event.id)) return;
    if (!latest) {
      latest = { event, order };
      return;
    }
    const dt = Date.parse(event.t) - Date.parse(latest.event.t);
    // Same second (two writes in one second): the one a later run saw is the newer.
    if (dt > 0 || (dt === 0 && order > latest.order)) latest = { event, order };
  });
  const result: KeyAsOf = { key };
  if (!latest) return result;
  const chosen = latest;
  let deleted = false;
  events.forEach((event, order) => {
    if (event.type === 'deleteMarker') {
      const t = Date.parse(event.t);
      const versionTime = Date.parse(chosen.event.t);
      if (t > at || t < versionTime || (t === versionTime && order < chosen.order) || goneBy(event.id)) return;
      const removal = maybeGone(event.id);
      if (removal) result.uncertainDeletion = { after: removal.after, before: removal.before };
      else deleted = true;
    } else if (event.type === 'deleted' && order > chosen.order) {
      if (Date.parse(event.before) <= at) deleted = true;
      else if (Date.parse(event.after) < at) result.uncertainDeletion = { after: event.after, before: event.before };
    }
  });
  if (deleted) {
    delete result.uncertainDeletion;
    return result;
  }
  if (chosen.event.type === 'skipped') {
    delete result.uncertainDeletion;
    result.skipped = chosen.event;
    return result;
  }
  result.version = chosen.event;
  return result;
}

/** One run's events file of a source: its events sorted by key, and its name for errors. */
export interface RunEvents {
  name: string;
  events: AsyncIterable<EventLine>;
}

/**
 * The state of every key at `at`, in key order, from the runs' events files (given oldest run
 * first, each sorted by key): a key's events are gathered in run order across the files, so memory
 * stays constant in the number of keys.
 */
export async function* statesAsOf(runs: readonly RunEvents[], at: Date): AsyncGenerator<KeyAsOf> {
  const streams = runs.map((run) => ({ items: run.events, key: (event: EventLine) => event.k, name: run.name, repeats: true }));
  for await (const { key, items } of mergeSorted(streams)) yield keyAsOf(key, items.flat(), at.getTime());
}
