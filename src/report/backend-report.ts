/** What each backend's renderer (s3.ts, simpledb.ts) gives the run report. */

/** An output's value: text, a count, a flag, or an object (watermarks by source id). */
export type OutputValue = string | number | boolean | Readonly<Record<string, string>>;

export interface BackendReport {
  summary: string;
  outputs: Record<string, OutputValue>;
  lines: string[];
  failure?: string;
  /** The failure is a partial run (some objects or items failed; running again finishes it), not a failed one. */
  partial?: true;
  /** Verify only: whether the backend found the backup complete. */
  verify?: { ok: boolean; differences: number };
}
