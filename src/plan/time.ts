/** Time in names: run ids, restored folders and domains, backup keys. */

/** `20261124T161758.123Z`: sorts by time, readable, no characters that need escaping. */
export function compactTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not a time: ${iso}`);
  return d.toISOString().replace(/[-:]/g, '');
}
