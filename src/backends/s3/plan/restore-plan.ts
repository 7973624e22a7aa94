import { compareKeys, OrderGuard } from '../../../plan/keys.ts';
import type { KeyAsOf } from './as-of.ts';

/**
 * The restore plan: what a restore to time T does with each key, decided from the catalogue's
 * state at T and the target's current listing. Pure: no I/O, both inputs sorted in S3 byte order
 * and walked side by side (like src/backends/s3/plan/march.ts), so memory stays constant.
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
  | 'remove';

export type VersionAtT = NonNullable<KeyAsOf['version']>;

export interface RestoreStep {
  key: string;
  action: RestoreAction;
  /** The version to put back (absent for `remove`). */
  version?: VersionAtT;
  /** What the target holds now, if anything. */
  target?: TargetObject;
  /**
   * The key's deletion is known only to lie between two runs that straddle T. The documented
   * rule (src/backends/s3/plan/as-of.ts): the object is restored, because a restore never drops data that
   * may have existed at T.
   */
  uncertainDeletion?: { after: string; before: string };
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

const PLAIN_MD5 = /^[0-9a-f]{32}$/;

/** The verdict for one key, given its state at T and what the target holds. */
export function planRestoreKey(state: KeyAsOf | undefined, target: TargetObject | undefined, options: RestorePlanOptions): RestoreStep | undefined {
  const key = state?.key ?? target!.key;
  const version = state?.version;
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
  else if (target.etag !== undefined && version.e !== undefined && PLAIN_MD5.test(target.etag) && PLAIN_MD5.test(version.e)) step.action = 'overwrite';
  else step.action = 'check';
  return step;
}

/**
 * Walks the states at T and the target listing side by side (both in S3 byte order) and yields
 * a step for every key that needs attention, skips included (so counts add up).
 */
export async function* planRestore(
  states: AsyncIterable<KeyAsOf>,
  target: AsyncIterable<TargetObject>,
  options: RestorePlanOptions,
): AsyncGenerator<RestoreStep> {
  const stateIterator = states[Symbol.asyncIterator]();
  const targetIterator = target[Symbol.asyncIterator]();
  const stateOrder = new OrderGuard('the catalogue state at T');
  const targetOrder = new OrderGuard('the target listing');
  const nextState = async () => {
    const r = await stateIterator.next();
    if (!r.done) stateOrder.check(r.value.key);
    return r.done ? undefined : r.value;
  };
  const nextTarget = async () => {
    const r = await targetIterator.next();
    if (!r.done) targetOrder.check(r.value.key);
    return r.done ? undefined : r.value;
  };
  let state = await nextState();
  let existing = await nextTarget();
  while (state !== undefined || existing !== undefined) {
    const order = state === undefined ? 1 : existing === undefined ? -1 : compareKeys(state.key, existing.key);
    let step: RestoreStep | undefined;
    if (order < 0) {
      step = planRestoreKey(state, undefined, options);
      state = await nextState();
    } else if (order > 0) {
      step = planRestoreKey(undefined, existing, options);
      existing = await nextTarget();
    } else {
      step = planRestoreKey(state, existing, options);
      state = await nextState();
      existing = await nextTarget();
    }
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
  uncertain: number;
  /** Bytes of the versions to write or overwrite. */
  bytesToWrite: number;
  /** Bytes of the versions already right at the target. */
  bytesSkipped: number;
}

export function emptyRestoreCounts(): RestoreCounts {
  return { keysAtT: 0, write: 0, overwrite: 0, skip: 0, check: 0, remove: 0, uncertain: 0, bytesToWrite: 0, bytesSkipped: 0 };
}

export function countStep(counts: RestoreCounts, step: RestoreStep): void {
  if (step.version) counts.keysAtT++;
  if (step.uncertainDeletion) counts.uncertain++;
  counts[step.action]++;
  const size = step.version?.s ?? 0;
  if (step.action === 'write' || step.action === 'overwrite') counts.bytesToWrite += size;
  if (step.action === 'skip') counts.bytesSkipped += size;
}

export function addRestoreCounts(total: RestoreCounts, part: RestoreCounts): void {
  for (const name of Object.keys(total) as (keyof RestoreCounts)[]) total[name] += part[name];
}

// ---------------------------------------------------------------------------------------------
// Restore time

export interface RestoreTime {
  at: Date;
  /** How the text was read, e.g. "no time zone given: read as UTC". */
  note?: string;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

const UNIT_MS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

const UNIT_ALIASES: Record<string, string> = {
  s: 'second', sec: 'second', secs: 'second', second: 'second', seconds: 'second',
  m: 'minute', min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', wks: 'week', week: 'week', weeks: 'week',
};

const EXAMPLES = 'use ISO 8601 such as 2026-11-24T16:30:00Z (no zone means UTC), `now`, `yesterday`, or a relative time such as `2 days ago` or `90 minutes ago`';

/**
 * Reads a restore time. Accepted:
 * - ISO 8601: `2026-11-24`, `2026-11-24T16:30`, `2026-11-24 16:30:05.250`, with `Z`, `UTC` or an
 *   offset such as `+02:00`. Without a zone the time is read as UTC (the note says so).
 * - `now`; `yesterday` (exactly 24 hours before now); `N <unit> ago` with units seconds,
 *   minutes, hours, days, weeks (abbreviations s, min, h, d, w), also combined:
 *   `1 day 2 hours ago`.
 * Anything else throws an error that says what is accepted.
 */
export function parseRestoreTime(text: string, now: Date): RestoreTime {
  const value = text.trim();
  const lower = value.toLowerCase();
  if (lower === 'now') return { at: new Date(now.getTime()) };
  if (lower === 'yesterday') return { at: new Date(now.getTime() - UNIT_MS['day']!), note: 'yesterday: 24 hours before now' };

  const relative = /^((?:\d+(?:\.\d+)?\s*[a-z]+[\s,]*(?:and\s+)?)+)ago$/.exec(lower);
  if (relative) {
    let total = 0;
    const parts = [...relative[1]!.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/g)];
    for (const part of parts) {
      if (part[2] === 'and') continue;
      const unit = UNIT_ALIASES[part[2]!];
      if (!unit) throw new Error(`restore time ${JSON.stringify(text)}: unknown unit ${JSON.stringify(part[2])}; ${EXAMPLES}`);
      total += Number(part[1]) * UNIT_MS[unit]!;
    }
    return { at: new Date(now.getTime() - Math.round(total)) };
  }

  const match = ISO.exec(value);
  if (!match) throw new Error(`restore time ${JSON.stringify(text)} is not a time: ${EXAMPLES}`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = match;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  const ms = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(utc);
  if (
    month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 ||
    check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day
  ) {
    throw new Error(`restore time ${JSON.stringify(text)} is not a valid date and time: ${EXAMPLES}`);
  }
  if (zone === undefined) return { at: check, note: `no time zone given: ${JSON.stringify(value)} read as UTC (${check.toISOString()})` };
  if (zone === 'Z' || zone === 'z' || zone === 'UTC') return { at: check };
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (offsetHours > 14 || offsetMinutes > 59) throw new Error(`restore time ${JSON.stringify(text)} has an impossible offset ${zone}: ${EXAMPLES}`);
  return { at: new Date(utc - sign * (offsetHours * 60 + offsetMinutes) * 60_000) };
}
