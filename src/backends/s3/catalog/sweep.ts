import type { ObjectStore, PartialWrite } from '../../../stores/object/types.ts';
import type { Logger } from '../../../report/logger.ts';
import { errorName, isAccessDenied, isNotImplemented } from '../../../transfer/errors.ts';

/**
 * Where pullback's own partial writes can be: its data and its catalogue. Never `restored/`,
 * where a restore (which takes no lease) may be writing right now.
 */
export const SWEPT_PREFIXES = ['data/', 'catalog/'] as const;

export interface SweepResult {
  /** Partial writes abandoned (open multipart uploads aborted, temporary files removed). */
  aborted: number;
  /** Partial writes that began after the lease was taken: a live run's, left alone. */
  kept: number;
  /** Why the sweep could not be done, when it could not (a warning, never a failure). */
  skipped?: string;
}


/**
 * Abandons partial writes that began before `cutoff` (when this run took the lease, by the
 * destination's clock): a killed run left them, and no live run owns them, because the lease
 * holder is the only run writing here. Housekeeping: a failure is a warning, never a failed run.
 */
export async function sweepPartialWrites(destination: ObjectStore, cutoff: Date, logger: Logger): Promise<SweepResult> {
  const result: SweepResult = { aborted: 0, kept: 0 };
  if (!destination.listPartialWrites || !destination.abortPartialWrite) return result;
  for (const prefix of SWEPT_PREFIXES) {
    const stale: PartialWrite[] = [];
    try {
      for await (const write of destination.listPartialWrites(prefix)) {
        if (write.initiated.getTime() < cutoff.getTime()) stale.push(write);
        else result.kept++;
        // Abort in batches so a huge backlog never sits in memory.
        if (stale.length >= 1000) await abortAll(destination, stale.splice(0), result, logger);
      }
      await abortAll(destination, stale, result, logger);
    } catch (error) {
      if (isNotImplemented(error)) {
        logger.debug(`${destination.description} does not list multipart uploads (${errorName(error)}): nothing to clean up`);
        return result;
      }
      result.skipped = isAccessDenied(error)
        ? `cannot list unfinished multipart uploads in ${destination.description}: the destination credentials lack s3:ListBucketMultipartUploads, ` +
          'so uploads left open by killed runs are not aborted (most providers bill them); add it to the destination policy (docs/github-action.md)'
        : `cannot list unfinished uploads in ${destination.description} (${errorName(error)}: ${(error as Error).message}); they are retried next run`;
      logger.warn(result.skipped);
      return result;
    }
  }
  if (result.aborted > 0) logger.info(`aborted ${result.aborted} unfinished uploads left by earlier runs that did not finish`);
  return result;
}

async function abortAll(destination: ObjectStore, writes: PartialWrite[], result: SweepResult, logger: Logger): Promise<void> {
  for (const write of writes) {
    try {
      await destination.abortPartialWrite!(write);
      result.aborted++;
      logger.debug(`aborted the unfinished upload of ${write.key} (begun ${write.initiated.toISOString()})`);
    } catch (error) {
      if (isAccessDenied(error)) {
        result.skipped = `cannot abort unfinished uploads in ${destination.description}: the destination credentials lack s3:AbortMultipartUpload (see docs/github-action.md)`;
        logger.warn(result.skipped);
        return;
      }
      logger.warn(`could not abort the unfinished upload of ${write.key} (${errorName(error)}: ${(error as Error).message}); retried next run`);
    }
  }
}
