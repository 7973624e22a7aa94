/** What each backend's renderer (s3.ts, simpledb.ts) gives the run report. */

export interface BackendReport {
  summary: string;
  outputs: Record<string, string | number>;
  lines: string[];
  failure?: string;
  /** Verify only: whether the backend found the backup complete. */
  verify?: { ok: boolean; differences: number };
}

