// Times as MySQL DATETIME(3) text. The connection's session time zone is UTC (connection.ts), and
// mysql2 returns dates as strings (dateStrings), so no local time zone ever applies.

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: times before it have a four-digit year. */
const YEAR_10000_MS = 253_402_300_800_000;

/** The day of the last time formatted, and its `YYYY-MM-DD ` (a batch's times are mostly of a few days). */
let cachedDay = -1;
let cachedDayText = '';

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** MySQL datetime(3) text of a time (UTC). */
export function sqlTime(ms: number): string {
  // The day's text from the day before, the time of day by arithmetic: toISOString and slicing took
  // about 1 µs a call, a first run's largest cost after hashing (100,000 calls: 114 ms of CPU).
  if (Number.isInteger(ms) && ms >= 0 && ms < YEAR_10000_MS) {
    const day = Math.floor(ms / DAY_MS);
    if (day !== cachedDay) {
      cachedDayText = new Date(day * DAY_MS).toISOString().slice(0, 10) + ' ';
      cachedDay = day;
    }
    let rest = ms - day * DAY_MS;
    const millis = rest % 1000;
    rest = (rest - millis) / 1000;
    const seconds = rest % 60;
    rest = (rest - seconds) / 60;
    const minutes = rest % 60;
    const hours = (rest - minutes) / 60;
    return `${cachedDayText}${two(hours)}:${two(minutes)}:${two(seconds)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}`;
  }
  const iso = new Date(ms).toISOString();
  // `YYYY-MM-DDTHH:MM:SS.sssZ`; years outside 0-9999 have a sign and six digits.
  return iso.length === 24 ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : iso.replace('T', ' ').replace('Z', '');
}

/** ms of a MySQL datetime(3) text read back. */
export function fromSqlTime(text: string): number {
  return Date.parse(text.replace(' ', 'T') + 'Z');
}
