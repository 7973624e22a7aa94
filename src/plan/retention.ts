/**
 * Which restore points a retention policy keeps, in restic's vocabulary and by restic's rules
 * (https://restic.readthedocs.io/en/stable/060_forget.html): every rule looks at all points, newest
 * first, and a point is kept when any rule keeps it. Pure: both backends' prunes use it.
 *
 * - `last N`: the N newest points.
 * - `hourly|daily|weekly|monthly|yearly N`: the newest point of each of the N newest hours (days,
 *   ISO weeks, months, years) that have one. Time buckets are UTC.
 * - `within D`: every point at most D before the newest point (not before now: backups that
 *   stopped running never make a prune remove what is left), and every version in that window:
 *   from `windowStart` on, a restore to any moment is exact.
 */

export interface RetentionPolicy {
  /** Every point, and every version, within this long before the newest point (ms). */
  withinMs?: number;
  last?: number;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
}

/** A moment the backup can be restored to: a backup run (the end of its listing, ms since the epoch). */
export interface RestorePoint {
  id: string;
  at: number;
}

export interface KeptPoint extends RestorePoint {
  /** The rules that keep it (`within`, `daily`, ...), for the summary. */
  reasons: string[];
}

export interface RetentionDecision {
  /** Oldest first. */
  kept: KeptPoint[];
  /** Oldest first. */
  removed: RestorePoint[];
  /**
   * From here on every moment restores exactly: the newest point minus `within`, or the newest
   * point itself without `within` (what happened after it, up to the next backup, is never
   * pruned: the latest backed-up version of every live key lives there).
   */
  windowStart: number;
}

type BucketRule = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly';
const BUCKET_RULES: readonly BucketRule[] = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'];

/** The ISO 8601 week of a UTC time, as `YYYY-Www` (the year is the week's, which differs around New Year). */
export function isoWeek(at: number): string {
  const date = new Date(at);
  const day = (date.getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function bucketOf(rule: BucketRule, at: number): string {
  const iso = new Date(at).toISOString();
  switch (rule) {
    case 'hourly':
      return iso.slice(0, 13);
    case 'daily':
      return iso.slice(0, 10);
    case 'weekly':
      return isoWeek(at);
    case 'monthly':
      return iso.slice(0, 7);
    case 'yearly':
      return iso.slice(0, 4);
  }
}

export function isEmptyPolicy(policy: RetentionPolicy): boolean {
  return policy.withinMs === undefined && !policy.last && BUCKET_RULES.every((rule) => !policy[rule]);
}

/**
 * Applies the policy to the points (any order; ids unique). An empty policy keeps everything: a
 * prune never reads "no rule" as "keep nothing" (the config refuses it before this is reached).
 */
export function applyRetention(points: readonly RestorePoint[], policy: RetentionPolicy): RetentionDecision {
  const newestFirst = [...points].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
  if (newestFirst.length === 0) return { kept: [], removed: [], windowStart: Number.POSITIVE_INFINITY };
  const newest = newestFirst[0]!;
  const windowStart = policy.withinMs !== undefined ? newest.at - policy.withinMs : newest.at;
  if (isEmptyPolicy(policy)) {
    return { kept: [...newestFirst].reverse().map((p) => ({ ...p, reasons: ['no policy'] })), removed: [], windowStart: Number.NEGATIVE_INFINITY };
  }
  const reasons = new Map<string, string[]>();
  const keep = (point: RestorePoint, reason: string) => {
    const list = reasons.get(point.id) ?? [];
    if (!list.includes(reason)) list.push(reason);
    reasons.set(point.id, list);
  };
  if (policy.withinMs !== undefined) for (const point of newestFirst) if (point.at >= windowStart) keep(point, 'within');
  if (policy.last) for (const point of newestFirst.slice(0, policy.last)) keep(point, 'last');
  for (const rule of BUCKET_RULES) {
    let left = policy[rule] ?? 0;
    let previous: string | undefined;
    for (const point of newestFirst) {
      if (left <= 0) break;
      const bucket = bucketOf(rule, point.at);
      if (bucket === previous) continue;
      previous = bucket;
      keep(point, rule);
      left--;
    }
  }
  const oldestFirst = [...newestFirst].reverse();
  return {
    kept: oldestFirst.filter((p) => reasons.has(p.id)).map((p) => ({ ...p, reasons: reasons.get(p.id)! })),
    removed: oldestFirst.filter((p) => !reasons.has(p.id)),
    windowStart,
  };
}

/** The kept points nearest to a moment, one before and one after (for a refusal that says what to restore instead). */
export function nearestPoints(points: readonly RestorePoint[], at: number): { before?: RestorePoint; after?: RestorePoint } {
  let before: RestorePoint | undefined;
  let after: RestorePoint | undefined;
  for (const point of points) {
    if (point.at <= at && (!before || point.at > before.at)) before = point;
    if (point.at > at && (!after || point.at < after.at)) after = point;
  }
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}
