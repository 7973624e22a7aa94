/** Time in names: run ids, restored folders and domains, backup keys. */

/** `20261124T161758.123Z`: sorts by time, readable, no characters that need escaping. */
export function compactTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not a time: ${iso}`);
  return d.toISOString().replace(/[-:]/g, '');
}

/** The start time a run id begins with (`20261124T161758.123Z-…`, compactTime's form), or undefined when it is not a real time. */
export function runIdTime(runId: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z-/.exec(runId);
  if (!m) return undefined;
  const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
  // Date.UTC rolls impossible fields over (day 99 is next month's): only a time that reads back the same counts.
  if (Number.isNaN(time) || compactTime(new Date(time).toISOString()) !== runId.slice(0, 20)) return undefined;
  return time;
}
