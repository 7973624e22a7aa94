// What one source's pass comes to: its result for the report and, unless a dry run, its part of
// the run record (with the watermark it moved to), and the lines a person reads in the log.
import { count } from '../../report/words.ts';
import { formatBytes, type Logger } from '../../report/logger.ts';
import type { KeyFilter } from '../../plan/filter.ts';
import type { ObjectSource } from '../../stores/object/types.ts';
import { laterOf } from '../../watermark/store.ts';
import type { SourceRunRecord, StateFallback } from './catalog/catalog.ts';
import { recordedFiles } from './catalog/records.ts';
import type { backupPass } from './backup-pass.ts';
import type { Base } from './backup.ts';
import type { SourceResult, WatermarkOrigin } from './types.ts';

export function sourceOutcome(
  source: ObjectSource,
  versioned: boolean,
  base: Base,
  fallback: StateFallback | undefined,
  outcome: Awaited<ReturnType<typeof backupPass>>,
  info: { watermarkBefore: string | undefined; watermarkOrigin: WatermarkOrigin; started: number; dryRun: boolean; logger: Logger; filter?: KeyFilter | undefined },
): { record?: SourceRunRecord; result: SourceResult } {
  const { counts, errors, complete } = outcome;
  const { watermarkBefore, logger } = info;
  const watermarkAfter = complete ? (laterOf(watermarkBefore, outcome.serverStart) ?? watermarkBefore) : watermarkBefore;
  const durationMs = Date.now() - info.started;
  const result: SourceResult = {
    id: source.id,
    versioned,
    counts,
    durationMs,
    watermarkOrigin: info.watermarkOrigin,
    complete,
    errors,
    ...(watermarkBefore ? { watermarkBefore } : {}),
    ...(watermarkAfter ? { watermarkAfter } : {}),
    ...(fallback ? { stateFallback: fallback } : {}),
    ...(outcome.stoppedBefore !== undefined ? { stoppedBefore: outcome.stoppedBefore } : {}),
  };
  if (outcome.stoppedBefore !== undefined) {
    logger.warn(`${source.id}: the time budget (max-duration) is spent: stopped before ${JSON.stringify(outcome.stoppedBefore)}; the keys from there on keep their last state, and the next run goes on (the watermark did not move)`);
  }
  logger.info(
    `${source.id}: ${counts.keys} keys, ${counts.copied} versions copied (${formatBytes(counts.bytes)}), ` +
      `${counts.deleted + counts.deleteMarkers} deletions, ${counts.unchanged} unchanged, ${counts.failed} failed` +
      (info.filter?.active ? `; the filter left out ${count(counts.excluded, 'key')} (their last backed-up state is kept) and ${count(counts.skipped, 'version')} by size (recorded as skipped)` : ''),
  );
  for (const error of errors) logger.warn(`${source.id}: ${error}`);
  if (info.dryRun || !outcome.state || !outcome.events) return { result };
  const record: SourceRunRecord = {
    id: source.id,
    bucket: source.bucket,
    prefix: source.prefix,
    versioned,
    listStartedAt: outcome.listStartedAt,
    listFinishedAt: outcome.listFinishedAt,
    ...recordedFiles(outcome, outcome.state, outcome.events, outcome.stateChain),
    counts,
    complete,
    durationMs,
    ...(base ? { previousRunId: base.run.runId } : {}),
    ...(watermarkBefore ? { watermarkBefore } : {}),
    ...(watermarkAfter ? { watermarkAfter } : {}),
    ...(fallback ? { stateFallback: fallback } : {}),
    ...(info.filter?.active ? { filter: info.filter.describe() } : {}),
    ...(outcome.keySamples ? { keySamples: outcome.keySamples } : {}),
  };
  return { record, result };
}
