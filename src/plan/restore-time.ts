/**
 * The time a restore goes back to, as an operator types it. Shared by every backend: "as of"
 * means the same moment for S3 objects and SimpleDB items.
 */
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
