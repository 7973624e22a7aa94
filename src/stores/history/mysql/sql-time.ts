// Times as MySQL DATETIME(3) text. The connection's session time zone is UTC (connection.ts), and
// mysql2 returns dates as strings (dateStrings), so no local time zone ever applies.

/** MySQL datetime(3) text of a time (UTC). */
export function sqlTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  // `YYYY-MM-DDTHH:MM:SS.sssZ`; years outside 0-9999 have a sign and six digits.
  return iso.length === 24 ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : iso.replace('T', ' ').replace('Z', '');
}

/** ms of a MySQL datetime(3) text read back. */
export function fromSqlTime(text: string): number {
  return Date.parse(text.replace(' ', 'T') + 'Z');
}
