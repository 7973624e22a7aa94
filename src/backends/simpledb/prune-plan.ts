import type { StoredVersion } from '../../stores/history/types.ts';

/**
 * What a prune keeps of one item's history in MySQL (pure). The state of an item at T is its
 * latest version at or before T (the later written among versions of the same time), unless that
 * is a deletion. So a version decides T exactly while it is the latest: from its time until the
 * next version's. A version is kept when that interval holds a kept restore point or reaches into
 * the window (every version written in the window is kept too); the others can go. A deletion with
 * nothing kept before it decides nothing (the item is absent either way) and goes as well, so an
 * item that lived and died between kept points leaves no row. Checked before it is returned: at
 * every kept moment the kept versions must give the state the whole history gives (else nothing
 * of the item is removed); the item's latest version always stays.
 */

export interface ItemPrune {
  /** Version ids to remove. */
  remove: number[];
  /** Versions kept. */
  kept: number;
}

/** Versions in time order, then write order (as loadVersions gives them). */
function ordered(versions: readonly StoredVersion[]): StoredVersion[] {
  return [...versions].sort((a, b) => a.validFrom - b.validFrom || a.versionId - b.versionId);
}

/** The version that is the item's state at `at` (undefined: none yet, or a deletion). */
function stateAt(versions: readonly StoredVersion[], at: number): number | undefined {
  let latest: StoredVersion | undefined;
  for (const v of versions) if (v.validFrom <= at) latest = v;
  return latest && !latest.deleted ? latest.versionId : undefined;
}

export function pruneItem(history: readonly StoredVersion[], instants: readonly number[], windowStart: number): ItemPrune {
  const versions = ordered(history);
  if (versions.length === 0 || windowStart === Number.NEGATIVE_INFINITY) return { remove: [], kept: versions.length };
  const before = instants.filter((at) => at < windowStart);
  const keep = versions.map((v, i) => {
    const until = versions[i + 1]?.validFrom ?? Number.POSITIVE_INFINITY;
    return v.validFrom >= windowStart || until > windowStart || before.some((at) => v.validFrom <= at && at < until);
  });
  // A deletion is kept only after a kept live version: after nothing, or after another deletion,
  // the item is absent either way.
  let previousLive = false;
  versions.forEach((v, i) => {
    if (!keep[i]) return;
    if (v.deleted && !previousLive) keep[i] = false;
    else previousLive = !v.deleted;
  });
  keep[versions.length - 1] = keep[versions.length - 1]! || !versions[versions.length - 1]!.deleted;
  const kept = versions.filter((_, i) => keep[i]);
  const probes = [...before, windowStart, ...versions.flatMap((v) => (v.validFrom >= windowStart ? [v.validFrom, v.validFrom + 1] : []))];
  if (!probes.every((at) => stateAt(kept, at) === stateAt(versions, at))) return { remove: [], kept: versions.length };
  return { remove: versions.filter((_, i) => !keep[i]).map((v) => v.versionId), kept: kept.length };
}
