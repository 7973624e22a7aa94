/**
 * The SimpleDB backend's results, as src/report/ renders them (types only: report imports no
 * orchestrator).
 */
import type { SimpleDbBackupResult } from './types.ts';

export type { DomainBackupResult, SimpleDbBackupResult, SdbRestoreResult, SdbRestoreDomainResult, SdbRestoreCounts, SdbVerifyResult, SdbVerifyDifference } from './types.ts';
export type { SdbPruneResult, SdbPruneDomainResult } from './types.ts';

/**
 * A backup's result with its status: a domain that failed makes the run partial (its watermark
 * did not move; the next run redoes it), as a failed key does on the S3 side.
 */
export interface SimpleDbBackupOutcome extends SimpleDbBackupResult {
  status: 'complete' | 'partial' | 'dry-run';
  /** Why the run is partial (the failed domains and their errors). */
  failure?: string;
}
