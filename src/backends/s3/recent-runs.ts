import type { Catalog, RunList, RunRecord } from './catalog/catalog.ts';
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

/**
 * The ids of the `count` newest committed runs: from the run list a backup listed when it holds
 * that many, else (a window of the list, Catalog.runIdsFrom, holding fewer) from the whole list,
 * or the window's when that listing fails.
 */
export async function newestRunIds(catalog: Catalog, runList: RunList, count: number): Promise<string[]> {
  if (runList.from === undefined || runList.committed.length >= count) return runList.committed.slice(-count);
  // The chart is a courtesy: a listing that fails shows the window's runs, never fails the run.
  const every = await catalog.runIds().catch(() => runList);
  return every.committed.slice(-count);
}
