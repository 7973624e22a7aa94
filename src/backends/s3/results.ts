/**
 * The S3 backend's results, as src/report/ renders them (types only: report imports no
 * orchestrator).
 */
import type { BackupResult, RecentRun } from './types.ts';

export type { BackupResult, RecentRun, RunRequests, SourceResult, WatermarkOrigin } from './types.ts';
export type { RequestCounts } from '../../stores/object/types.ts';
export type { RestoreSourceResult, RestoreTotals, S3RestoreResult, PlannedStep, UncertainDeletion } from './types.ts';
export type { S3VerifyResult, VerifyDifference, VerifySourceReport } from './types.ts';
export type { S3PruneResult, PruneSourceResult, PlannedRemoval, UnremovedObject } from './types.ts';


/** A backup's result and the committed runs before it (read from the catalogue, for the chart). */
export interface S3BackupOutcome extends BackupResult {
  recentRuns: RecentRun[];
}
