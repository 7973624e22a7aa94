import { march } from '../../../plan/merge.ts';
import type { KeyListing, SourceVersion } from '../../../stores/object/types.ts';
import { versionIdentity, type StateLine, type StateVersion } from './model.ts';

/** The planner's verdict on one key, in key order. */
export interface KeyPlan {
  key: string;
  /** Versions to copy (new since the previous run), newest first. */
  copy: SourceVersion[];
  /** Delete markers first seen in this run (versioned buckets). */
  newDeleteMarkers: SourceVersion[];
  /** Versions already backed up and still listed. */
  kept: StateVersion[];
  /** Already backed up versions inside the overlap window: the engine confirms their copy exists. */
  recheck: StateVersion[];
  /** Previously known versions that are no longer listed. */
  gone: StateVersion[];
  /** The key vanished from an unversioned listing: a deletion. */
  deleted: boolean;
  previous?: StateLine;
  current?: KeyListing;
  /** Outside the filter (filtered-plan.ts): this line (the previous one, marked) is recorded, nothing else happens. */
  carried?: StateLine;
  /** New versions the size rules leave out: recorded as skipped, not copied (filtered-plan.ts). */
  skipped?: SourceVersion[];
}

export interface BackupPlanOptions {
  /** Versions modified at or after this instant (ISO) are rechecked even when known. */
  recheckSince?: string;
}

/**
 * The backup plan: the current listing marched against the previous run's state (both in S3 byte
 * order), one verdict per key, in constant memory whatever the number of keys.
 */
export function planBackup(
  current: AsyncIterable<KeyListing>,
  previous: AsyncIterable<StateLine>,
  options: BackupPlanOptions = {},
): AsyncGenerator<KeyPlan> {
  const listed = { items: current, key: (listing: KeyListing) => listing.key, name: 'the source listing' };
  const recorded = { items: previous, key: (line: StateLine) => line.k, name: 'the previous state file' };
  return march(listed, recorded, (_key, listing, line) => planKey(listing, line, options));
}

/** The pure decision for one key, given what is listed now and what the last run recorded. */
export function planKey(current: KeyListing | undefined, previous: StateLine | undefined, options: BackupPlanOptions = {}): KeyPlan {
  const key = current?.key ?? previous!.k;
  const known = new Map((previous?.v ?? []).map((v) => [v.id, v]));
  const listedIds = new Set<string>();
  const plan: KeyPlan = { key, copy: [], newDeleteMarkers: [], kept: [], recheck: [], gone: [], deleted: false };
  if (previous) plan.previous = previous;
  if (current) plan.current = current;
  const recheckSince = options.recheckSince === undefined ? undefined : Date.parse(options.recheckSince);

  for (const version of current?.versions ?? []) {
    const id = versionIdentity(version);
    listedIds.add(id);
    const before = known.get(id);
    if (before === undefined) {
      if (version.deleteMarker) plan.newDeleteMarkers.push(version);
      else plan.copy.push(version);
    } else {
      plan.kept.push(before);
      // `>=`: Last-Modified may be whole seconds, and the watermark is an instant within one.
      if (!before.dm && recheckSince !== undefined && Date.parse(before.t) >= recheckSince) plan.recheck.push(before);
    }
  }
  for (const version of previous?.v ?? []) {
    if (!listedIds.has(version.id)) plan.gone.push(version);
  }
  // An unversioned listing shows one version per key: a missing key is a deletion. A versioned
  // listing shows deletions as delete markers; a key missing there had its versions purged.
  const unversioned = (previous?.v ?? []).every((v) => v.vid === undefined || v.vid === 'null');
  plan.deleted = current === undefined && previous !== undefined && unversioned && previous.v.some((v) => !v.dm);
  return plan;
}

/**
 * The state line to record after a run. Versions that failed to copy are left out and the
 * previous record of the key is carried forward, so the next run sees the change again.
 */
export function nextStateLine(
  plan: KeyPlan,
  copied: Map<string, StateVersion>,
  failed: boolean,
): StateLine | undefined {
  if (plan.carried) return plan.carried;
  if (failed) return plan.previous;
  const skipped = new Set(plan.skipped ?? []);
  const versions: StateVersion[] = [];
  for (const version of plan.current?.versions ?? []) {
    const id = versionIdentity(version);
    const known = plan.kept.find((v) => v.id === id) ?? copied.get(id);
    if (known) versions.push(known);
    else if (version.deleteMarker) versions.push(deleteMarkerState(version));
    else if (skipped.has(version)) versions.push(skippedState(version));
  }
  return versions.length === 0 ? undefined : { k: plan.key, v: versions };
}

export function deleteMarkerState(version: SourceVersion): StateVersion {
  const state: StateVersion = { id: versionIdentity(version), t: version.lastModified, dm: true };
  if (version.versionId) state.vid = version.versionId;
  return state;
}

/** A version the size rules left out: known (so not planned again), with no copy. */
export function skippedState(version: SourceVersion): StateVersion {
  const state: StateVersion = { id: versionIdentity(version), t: version.lastModified, s: version.size ?? 0, skip: 'size' };
  if (version.versionId) state.vid = version.versionId;
  if (version.etag) state.e = version.etag;
  return state;
}

/** Whether two state lines record the same versions (a delta leaves out a key whose line did not change). */
export function sameStateLine(a: StateLine | undefined, b: StateLine | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.k !== b.k || a.x !== b.x || a.v.length !== b.v.length) return false;
  return a.v.every((x, i) => {
    const y = b.v[i]!;
    return x.id === y.id && x.vid === y.vid && x.t === y.t && x.e === y.e && x.s === y.s && x.dm === y.dm && x.b === y.b && x.skip === y.skip;
  });
}
