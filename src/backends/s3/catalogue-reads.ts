// What a backup reads before it writes, begun together once the lease is seen free (startReads in
// backup.ts): the catalogue (each source's newest run and a quick check of its state, the run list,
// the watermark hints) and each source's first listing pages.
import { handled } from '../../transfer/promises.ts';
import type { Watermarks } from '../../watermark/store.ts';
import { readAheadBudget, type Catalog, type PointedRun, type RunList, type StateBytes } from './catalog/catalog.ts';
import type { BackupDependencies } from './types.ts';

/**
 * A source's newest committed run, with why its state cannot be used (when it cannot), or its state
 * files already read whole and checked (a small chain: Catalog.inspectState).
 */
export type PreviousRun = (NonNullable<Awaited<ReturnType<Catalog['latestFor']>>> & { stateProblem: string | undefined; stateBytes?: StateBytes }) | undefined;

/** Reads a run makes before it writes, begun together (see startReads in runS3Backup). */
export interface StartedReads {
  /** Each source's first listing page, in (absent: a source that lists only when asked). */
  listings: (Promise<void> | undefined)[];
  catalogue: Promise<CatalogueReads>;
}

export interface CatalogueReads {
  previousRuns: PreviousRun[];
  stored: Watermarks;
  runList: RunList;
}

/**
 * How far back from the oldest of the sources' newest complete runs a backup lists the run records
 * (RUN_LIST_WINDOW_MS before it; see runListFor).
 */
export const RUN_LIST_WINDOW_MS = 7 * 24 * 3600_000;

/**
 * Everything a run needs from the catalogue, read at once: each source's newest committed run and
 * a quick check of its state files, the run list (for unfinished runs) and the watermark hints.
 * One listing of the run records serves every source's lookup and the unfinished runs.
 * `pointed`: each source's pointer and the record of the run it names, read earlier (beside the
 * lease's first read): a hint, safe to read before the lease is seen free because the run list,
 * read after, names any run committed since, and a committed record never changes.
 */
export async function readCatalogue(catalog: Catalog, deps: BackupDependencies, pointed?: Promise<PointedRun | undefined>[]): Promise<CatalogueReads> {
  const pointedRuns = deps.sources.map((source, index) => pointed?.[index] ?? handled(catalog.readPointedRun(source.bucket, source.prefix)));
  const listingRuns = handled(runListFor(catalog, deps.sources, pointedRuns));
  // Every source's small state is read whole within one budget (the pass releases each after use).
  const readAhead = readAheadBudget();
  const [previousRuns, stored, runList] = await Promise.all([
    Promise.all(
      deps.sources.map(async (source, index): Promise<PreviousRun> => {
        const previous = await catalog.latestFor(source.bucket, source.prefix, source.id, { runList: listingRuns, pointed: pointedRuns[index]! });
        if (!previous) return undefined;
        const { problem, bytes } = await catalog.inspectState(previous.source, readAhead);
        return { ...previous, stateProblem: problem, ...(bytes ? { stateBytes: bytes } : {}) };
      }),
    ),
    deps.watermarkStore?.load().then((loaded) => loaded ?? {}) ?? Promise.resolve({} as Watermarks),
    listingRuns,
  ]);
  return { previousRuns, stored, runList };
}

/**
 * The run records a backup lists: the whole run list grows by two keys a run (a year of hourly
 * runs is 18 pages, listed one after another, on every run), but what a backup needs of it is
 * recent:
 * - runs committed after a source's pointer (a crash between a commit and its pointer): newer
 *   than the pointer's run;
 * - unfinished runs whose copies to reuse: an unfinished run older than a *complete* run that
 *   backed up the same source holds nothing that run did not, whether or not its settled marker
 *   was written (the complete run reused its copies, and so holds them). Only one that started
 *   after that run listed the runs can matter, and its id, its start time on its own clock, is at
 *   most a clock's error older: S3 refuses a request signed more than 15 minutes off its clock,
 *   and a run's start marker follows its lease within its first minutes;
 * so when every source's pointer names a complete run that backed it up, the runs that started
 * from RUN_LIST_WINDOW_MS (seven days, far beyond either) before the oldest of those runs are
 * listed, one page for an hourly schedule. Otherwise (no pointer yet, a damaged or partial run: a
 * partial run leaves unfinished runs unsettled, which may be any age) the whole list is.
 */
export async function runListFor(
  catalog: Catalog,
  sources: readonly { id: string; bucket: string; prefix: string }[],
  pointed: Promise<PointedRun | undefined>[] = sources.map((source) => handled(catalog.readPointedRun(source.bucket, source.prefix))),
): Promise<RunList> {
  let oldest: number | undefined;
  for (const [index, source] of sources.entries()) {
    const run = await pointed[index];
    const record = await run?.record.catch(() => undefined);
    const startedAt = record ? Date.parse(record.startedAt) : Number.NaN;
    if (!record || record.status !== 'complete' || !record.sources.some((s) => s.id === source.id) || Number.isNaN(startedAt)) return catalog.runIds();
    // The record's start and its id's time are the same instant: the earlier of the two bounds it
    // (a damaged record naming a later start must not narrow the window).
    const idTime = runIdTime(record.runId);
    if (idTime === undefined) return catalog.runIds();
    const earliest = Math.min(startedAt, idTime);
    oldest = oldest === undefined ? earliest : Math.min(oldest, earliest);
  }
  if (oldest === undefined) return catalog.runIds();
  return catalog.runIdsFrom(new Date(oldest - RUN_LIST_WINDOW_MS));
}

/** The start time a run id begins with (`20261124T161758.123Z-…`), or undefined. */
export function runIdTime(runId: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z-/.exec(runId);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, ms] = m.map(Number) as [number, number, number, number, number, number, number, number];
  const time = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  return Number.isNaN(time) ? undefined : time;
}
