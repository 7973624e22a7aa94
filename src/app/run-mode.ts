/**
 * The mode runner, shared by the action and the CLI, so a setting means the same in a workflow and
 * a terminal: build the typed config once (every backend's settings are checked before anything
 * runs), run each configured backend's part in turn, and report. A backend's code is imported only
 * when it is configured: an S3-only run never loads the MySQL driver.
 */
import { buildJobs } from '../config/build.ts';
import { heapBoundsFor } from './heap-bounds.ts';
import type { RawSettings } from '../config/parse.ts';
import type { Logger } from '../report/logger.ts';
import { reportRun, type RunReport } from '../report/run-report.ts';
import type { WatermarkStore } from '../watermark/store.ts';
import type { Backend, BackendJob, BackendName, BackendOutcome, Mode, RunContext } from './backend.ts';

export type { Mode } from './backend.ts';
export type ModeReport = RunReport;

export interface ModeContext {
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  /** A watermark store for one backend's configuration (the action: the Actions cache; the CLI: a file). */
  watermarkStore?: (backend: BackendName, configuration: unknown) => WatermarkStore | undefined;
  /** Whether the report carries the runs before this one (RunContext.recentRuns); default yes. */
  recentRuns?: boolean;
}

const loaders: { [B in BackendName]: () => Promise<Backend<B>> } = {
  s3: async () => (await import('../backends/s3/index.ts')).s3Backend,
  simpledb: async () => (await import('../backends/simpledb/index.ts')).simpleDbBackend,
};

async function runJob(job: BackendJob, context: RunContext): Promise<BackendOutcome> {
  // The job's mode and config belong together (config/build.ts made them): one call, typed by the job.
  const backend = (await loaders[job.backend]()) as unknown as Record<Mode, (config: unknown, context: RunContext) => Promise<unknown>>;
  const result = await backend[job.mode](job.config, context);
  return { backend: job.backend, mode: job.mode, result } as BackendOutcome;
}

export async function runMode(mode: Mode, raw: RawSettings, context: ModeContext): Promise<ModeReport> {
  const env = context.env ?? process.env;
  const now = context.now ?? (() => new Date());
  const jobs = buildJobs(mode, raw, env, now());
  const runContext: RunContext = {
    logger: context.logger,
    env,
    now,
    recentRuns: context.recentRuns ?? true,
    ...(context.watermarkStore ? { watermarkStore: context.watermarkStore } : {}),
  };
  const outcomes: BackendOutcome[] = [];
  for (const job of jobs) {
    // Each backend's heap limits (heap-bounds.ts): all of them for S3's streams (a 512 MiB object
    // in 150 MB), only the young generation's for SimpleDB, whose batches bound its memory.
    heapBoundsFor(job.backend);
    outcomes.push(await runJob(job, runContext));
  }
  return reportRun(mode, outcomes);
}
