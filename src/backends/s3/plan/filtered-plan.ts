import { march } from '../../../plan/merge.ts';
import { KeyFilter } from '../../../plan/filter.ts';
import type { KeyListing, SourceVersion } from '../../../stores/object/types.ts';
import { planKey, type BackupPlanOptions, type KeyPlan } from './backup-plan.ts';
import { versionIdentity, type StateLine, type StateVersion } from './model.ts';

/**
 * The backup plan under a filter (plan/filter.ts). What a filter must never do is misstate the
 * source, so:
 *
 * - A key the path rules leave out is not listed for the planner, and its previous state line is
 *   carried forward unchanged (`carried`): a filter added later, or a key newly excluded, never
 *   makes the catalogue say the key was deleted or its versions purged. The run counts the listed
 *   keys it left out (`excluded`).
 * - A version the size rules leave out is recorded in the state and the events as skipped (no
 *   copy): a restore to a time when it was the key's current version then reports the key as not
 *   backed up at that time, instead of putting back an older version as if it were current.
 * - A version recorded as skipped that the filter now lets through (the limit was changed or
 *   removed) is copied, as any new version is.
 *
 * Without a filter the plan is planBackup's, except for the last rule.
 */
export interface FilteredPlanOptions extends BackupPlanOptions {
  filter: KeyFilter;
  /** The source's key prefix: patterns match keys relative to it. */
  prefix: string;
  /** Called for each listed key the path rules leave out. */
  onExcluded?: (listing: KeyListing) => void;
  /** When the previous run's listing began: a key first left out now was last compared then. */
  previousListStart: string;
}

export function planFilteredBackup(current: AsyncIterable<KeyListing>, previous: AsyncIterable<StateLine>, options: FilteredPlanOptions): AsyncGenerator<KeyPlan> {
  const { filter, prefix } = options;
  const covered = (key: string) => !filter.hasPathRules || filter.matchesKey(key, prefix);
  const listing = (async function* () {
    for await (const entry of current) {
      if (covered(entry.key)) yield entry;
      else options.onExcluded?.(entry);
    }
  })();
  const listed = { items: listing, key: (entry: KeyListing) => entry.key, name: 'the source listing' };
  const recorded = { items: previous, key: (line: StateLine) => line.k, name: 'the previous state file' };
  return march(listed, recorded, (key, entry, line) => {
    if (entry === undefined && line !== undefined && !covered(key)) return carriedPlan(line, options.previousListStart);
    return applySizeRules(planKey(entry, line, options), filter);
  });
}

/**
 * A key outside the filter: nothing copied, nothing deleted, its previous line recorded again,
 * with the time of the last listing that compared it (kept while it stays outside).
 */
export function carriedPlan(line: StateLine, previousListStart: string): KeyPlan {
  const carried: StateLine = { ...line, x: line.x ?? previousListStart };
  return { key: line.k, copy: [], newDeleteMarkers: [], kept: [], recheck: [], gone: [], deleted: false, previous: line, carried };
}

const sizeOf = (version: SourceVersion | StateVersion) => ('lastModified' in version ? version.size : version.s) ?? 0;

/** Moves new versions the size rules leave out to `skipped`, and skipped ones they now let through to `copy`. */
export function applySizeRules(plan: KeyPlan, filter: KeyFilter): KeyPlan {
  const skipped: SourceVersion[] = [];
  const copy: SourceVersion[] = [];
  for (const version of plan.copy) (filter.matchesSize(sizeOf(version)) ? copy : skipped).push(version);
  const kept: StateVersion[] = [];
  for (const known of plan.kept) {
    if (known.skip && filter.matchesSize(sizeOf(known))) {
      const listed = plan.current?.versions.find((v) => versionIdentity(v) === known.id);
      if (listed) {
        copy.push(listed);
        continue;
      }
    }
    kept.push(known);
  }
  if (skipped.length === 0 && copy.length === plan.copy.length) return plan;
  const result: KeyPlan = { ...plan, copy, kept, recheck: plan.recheck.filter((v) => kept.includes(v)) };
  if (skipped.length > 0) result.skipped = skipped;
  return result;
}
