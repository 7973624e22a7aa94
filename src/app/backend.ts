/**
 * The Backend contract. A backend is a folder under src/backends/ with one shape: a pure planner,
 * orchestrators, and stores behind small interfaces. Its index.ts exports one object with the
 * four modes (backup, restore, verify, prune); each takes its typed config (built once, in src/config/) and the run context, and
 * returns a typed result that src/report/ renders. The mode runner (run-mode.ts) loops over the
 * configured backends and imports each one only when it is configured.
 *
 * A new backend: a folder under src/backends/, its config in src/config/, a line in BackendTypes
 * and in run-mode.ts's loader, and its renderers in src/report/.
 */
import type { Job, Mode } from '../config/build.ts';
import type { Logger } from '../report/logger.ts';
import type { WatermarkStore } from '../watermark/store.ts';
import type { S3BackupConfig } from '../config/s3.ts';
import type { S3RestoreConfig, S3VerifyConfig } from '../config/restore.ts';
import type { SimpleDbBackupConfig, SimpleDbRestoreConfig, SimpleDbVerifyConfig } from '../config/simpledb.ts';
import type { S3PruneConfig, SimpleDbPruneConfig } from '../config/retention.ts';
import type { S3BackupOutcome, S3PruneResult, S3RestoreResult, S3VerifyResult } from '../backends/s3/results.ts';
import type { SimpleDbBackupOutcome, SdbPruneResult, SdbRestoreResult, SdbVerifyResult } from '../backends/simpledb/results.ts';

export type { Mode } from '../config/build.ts';

/** Each backend's config and result, per mode. */
export interface BackendTypes {
  s3: {
    backup: { config: S3BackupConfig; result: S3BackupOutcome };
    restore: { config: S3RestoreConfig; result: S3RestoreResult };
    verify: { config: S3VerifyConfig; result: S3VerifyResult };
    prune: { config: S3PruneConfig; result: S3PruneResult };
  };
  simpledb: {
    backup: { config: SimpleDbBackupConfig; result: SimpleDbBackupOutcome };
    restore: { config: SimpleDbRestoreConfig; result: SdbRestoreResult };
    verify: { config: SimpleDbVerifyConfig; result: SdbVerifyResult };
    prune: { config: SimpleDbPruneConfig; result: SdbPruneResult };
  };
}

export type BackendName = keyof BackendTypes;

/** What a run gives every backend: where to log, where a watermark hint is kept, the clock. */
export interface RunContext {
  logger: Logger;
  env: NodeJS.ProcessEnv;
  now: () => Date;
  /** A watermark store for one backend's configuration (the action: the Actions cache; the CLI: a file). */
  watermarkStore?: (backend: BackendName, configuration: unknown) => WatermarkStore | undefined;
  /**
   * Whether the report carries the runs before this one (the job summary's chart of recent runs,
   * the CLI's --json result): a backup then reads their records. The action wants them; the CLI
   * without --json prints the report's lines only.
   */
  recentRuns?: boolean;
}

export type Backend<B extends BackendName> = {
  readonly name: B;
} & {
  [M in Mode]: (config: BackendTypes[B][M]['config'], context: RunContext) => Promise<BackendTypes[B][M]['result']>;
};

/** One backend's part of a run (built by src/config/build.ts). */
export type BackendJob = Job;

/** What one backend's part of a run produced. */
export type BackendOutcome = {
  [B in BackendName]: { [M in Mode]: { backend: B; mode: M; result: BackendTypes[B][M]['result'] } }[Mode];
}[BackendName];
