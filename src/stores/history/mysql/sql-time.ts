// Times as MySQL DATETIME(3) text. The connection's session time zone is UTC (connection.ts), and
// mysql2 returns dates as strings (dateStrings), so no local time zone ever applies.

/** MySQL datetime(3) text of a time (UTC). */
export function sqlTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/** ms of a MySQL datetime(3) text read back. */
export function fromSqlTime(text: string): number {
  return Date.parse(text.replace(' ', 'T') + 'Z');
}
