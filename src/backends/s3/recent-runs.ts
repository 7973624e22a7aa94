import type { Catalog, RunRecord } from './catalog/catalog.ts';
import type { RecentRun } from './types.ts';

/** Runs in the job summary's chart of recent runs (this one included). */
export const RECENT_RUNS = 12;

export function recentRunOf(runId: string, record: RunRecord): RecentRun {
  return {
    runId,
    finishedAt: record.finishedAt,
    copied: record.sources.reduce((n, s) => n + s.counts.copied, 0),
    bytes: record.sources.reduce((n, s) => n + s.counts.bytes, 0),
    deletions: record.sources.reduce((n, s) => n + s.counts.deleted + s.counts.deleteMarkers, 0),
  };
}

/**
 * The records of `runIds` for the chart, read at once, oldest first; one that cannot be read is
 * left out (the chart is a courtesy, never a reason to fail a run).
 */
export async function readRecentRuns(catalog: Catalog, runIds: readonly string[]): Promise<RecentRun[]> {
  const records = await Promise.all(runIds.map((id) => catalog.readRun(id).catch(() => undefined)));
  return records.flatMap((record, index) => (record ? [recentRunOf(runIds[index]!, record)] : []));
}
