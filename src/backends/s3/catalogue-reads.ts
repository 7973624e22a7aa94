// What a backup reads before it writes, begun together once the lease is seen free (startReads in
// backup.ts): the catalogue (each source's newest run and a quick check of its state, the run list,
// the watermark hints) and each source's first listing pages.
import { handled } from '../../transfer/promises.ts';
import type { Watermarks } from '../../watermark/store.ts';
import { readAheadBudget, type Catalog, type PointedRun, type ReadAheadBudget, type RunList, type StateBytes } from './catalog/catalog.ts';
import type { SourceRunRecord } from './catalog/records.ts';
import type { BackupDependencies } from './types.ts';
import { runIdTime } from '../../plan/time.ts';

/**
 * A source's newest committed run, with why its state cannot be used (when it cannot), or its state
 * files already read whole and checked (a small chain: Catalog.inspectState).
 */
export type PreviousRun = (NonNullable<Awaited<ReturnType<Catalog['latestFor']>>> & { stateProblem: string | undefined; stateBytes?: StateBytes }) | undefined;

/** Reads a run makes before it writes, begun together (see startReads in runS3Backup). */
export interface StartedReads {
  /** Each source's first listing page, in (absent: a source that lists only when asked). */
  listings: (Promise<void> | undefined)[];
  /** Each source's newest committed run and the run list: all the start marker waits for. */
  runs: Promise<RunsRead>;
  /** The above with each source's state checked (read whole when small), and the watermark hints. */
  catalogue: Promise<CatalogueReads>;
}

export interface RunsRead {
  newest: Awaited<ReturnType<Catalog['latestFor']>>[];
  runList: RunList;
}

export interface CatalogueReads {
  previousRuns: PreviousRun[];
  stored: Watermarks;
  runList: RunList;
}

/** How far before the run that released the lease a backup's window of the run list begins (runListFor). */
export const RUN_LIST_WINDOW_MS = 7 * 24 * 3600_000;

/**
 * Everything a run needs from the catalogue, begun at once: each source's newest committed run and
 * a quick check of its state files, the run list (for unfinished runs) and the watermark hints.
 * One listing of the run records serves every source's lookup and the unfinished runs.
 * `pointed`: each source's pointer and the record of the run it names, read earlier (beside the
 * lease's first read): a hint, safe to read before the lease is seen free because the run list,
 * read after, names any run committed since, and a committed record never changes.
 * `releasedBy`: the run whose released lease the first read found (see runListFor).
 * `runs` can settle before `catalogue` (a state is read once the record naming it is in: the pointed
 * run's while the run list is listed, inspectPointedState): the start marker waits for `runs` alone
 * (issue 11), and is on its way while the state files are read.
 */
export function startCatalogueReads(catalog: Catalog, deps: BackupDependencies, pointed: Promise<PointedRun | undefined>[], releasedBy: string | undefined): Pick<StartedReads, 'runs' | 'catalogue'> {
  const listingRuns = handled(runListFor(catalog, deps.sources, pointed, releasedBy));
  // The store's client (the Actions cache's) is loaded while these reads are on their way: the run
  // saves its watermark at the end whatever it reads now.
  deps.watermarkStore?.prepare?.();
  // Every source's small state is read whole within one budget (the pass releases each after use).
  const readAhead = readAheadBudget();
  const newest = deps.sources.map((source, index) => handled(catalog.latestFor(source.bucket, source.prefix, source.id, { runList: listingRuns, pointed: pointed[index]! })));
  const early = deps.sources.map((source, index) => inspectPointedState(catalog, source.id, pointed[index]!, readAhead));
  const inspected = newest.map((found, index) =>
    handled(
      found.then(async (previous): Promise<PreviousRun> => {
        const begun = await early[index]!;
        // The pointed run is the newest (nearly always): its state is already read, or on its way.
        const used = begun !== undefined && begun.source === previous?.source;
        // A pointer that lagged: what was read for it stays counted in the budget (it may still be
        // held while the newest run's state is read), which then checks a chain that no longer
        // fits by HEAD and streams it: slower, in a rare case, never over the bound.
        if (!previous) return undefined;
        const { problem, bytes } = await (used ? begun.inspection : catalog.inspectState(previous.source, readAhead));
        return { ...previous, stateProblem: problem, ...(bytes ? { stateBytes: bytes } : {}) };
      }),
    ),
  );
  const runs = handled(Promise.all([Promise.all(newest), listingRuns]).then(([found, runList]) => ({ newest: found, runList })));
  const catalogue = handled(
    Promise.all([Promise.all(inspected), listingRuns]).then(async ([previousRuns, runList]) => ({ previousRuns, stored: await storedWatermarks(deps, previousRuns), runList })),
  );
  return { runs, catalogue };
}

/**
 * The inspection (Catalog.inspectState) of the state of the run a source's pointer names, begun as
 * soon as that run's record is in: a round trip before the run list says which run is the newest
 * (issue 11). Safe before the lease is seen free for the reason the record's read is: a committed
 * run's files never change, and each is checked against its record. Used only when the run list
 * confirms the pointed run (the same record object), which the caller checks. Undefined: no
 * pointer, no usable record, or a record without this source.
 */
async function inspectPointedState(
  catalog: Catalog,
  sourceIdValue: string,
  pointed: Promise<PointedRun | undefined>,
  readAhead: ReadAheadBudget,
): Promise<{ source: SourceRunRecord; inspection: Promise<{ problem?: string; bytes?: StateBytes }> } | undefined> {
  const record = await (await pointed.catch(() => undefined))?.record.catch(() => undefined);
  const source = record?.sources.find((s) => s.id === sourceIdValue);
  return source ? { source, inspection: handled(catalog.inspectState(source, readAhead)) } : undefined;
}

/**
 * The watermark store's hints, read only when a source has no watermark in the catalogue: where it
 * has one, the catalogue's is used whatever the store says (docs/github-action.md), so reading the
 * store on every run (the Actions cache: a lookup, a download and an archive to unpack, before
 * anything is copied) only made the hourly run wait (issue 11).
 */
async function storedWatermarks(deps: BackupDependencies, previousRuns: PreviousRun[]): Promise<Watermarks> {
  const store = deps.watermarkStore;
  if (!store) return {};
  if (previousRuns.every((previous) => previous?.source.watermarkAfter !== undefined)) {
    deps.logger.debug(`watermark hints (${store.name}) not read: the destination's catalogue has every source's watermark`);
    return {};
  }
  return (await store.load()) ?? {};
}

/**
 * The run records a backup lists. The whole list grows by two keys a run (a year of hourly runs
 * is 18 pages, listed one after another on every run), but what a backup needs of it is what
 * happened since the last run: runs committed after a source's pointer (a crash between a commit
 * and its pointer) and unfinished runs whose copies to reuse. When the lease's first read found it
 * released by run P, every source's pointer names P, and P's record is complete and backed up every
 * source, then no run has held the lease since P released it (each run that writes takes it first,
 * and its record would name that run), so no run committed or began after P; and an unfinished run
 * older than P holds nothing P does not (P, complete, reused its copies or copied the same
 * versions), whether or not P's settled markers were written. Only the runs from RUN_LIST_WINDOW_MS
 * before P's start are then listed: one page for an hourly schedule, and a margin for a run that
 * resumed writing after P took over its stale lease. Run ids are start times on each runner's own
 * clock, which nothing checks (the AWS SDK corrects its signatures for a skewed clock), so the rule
 * rests on the lease, not on the ids: a run killed since P, whatever its clock, leaves the lease
 * unreleased or released by itself, and every run is listed. So is it for anything else: no
 * pointer, a damaged or partial run (a partial run leaves unfinished runs unsettled, of any age),
 * pointers naming different runs, a lease taken over or lost to a race.
 */
async function runListFor(catalog: Catalog, sources: readonly { id: string }[], pointed: Promise<PointedRun | undefined>[], releasedBy: string | undefined): Promise<RunList> {
  if (releasedBy === undefined || sources.length === 0) return catalog.runIds();
  const runs = await Promise.all(pointed);
  // Every pointer names P: one record to check.
  if (!runs.every((run) => run?.runId === releasedBy)) return catalog.runIds();
  // The window P's id gives is listed while P's record is read (a round trip sooner than after
  // it); it is used only if the record then allows a window that begins there or later.
  const guess = windowStart(releasedBy);
  const early = guess === undefined ? undefined : handled(catalog.runIdsFrom(new Date(guess)));
  const record = await runs[0]!.record.catch(() => undefined);
  if (!record || record.status !== 'complete' || !sources.every((source) => record.sources.some((s) => s.id === source.id))) return catalog.runIds();
  // The earlier of the record's start and its id's time (the same instant when nothing is damaged);
  // a time outside what a Date can hold (a damaged record) lists every run.
  const from = windowStart(record.runId, Date.parse(record.startedAt));
  if (from === undefined) return catalog.runIds();
  // A list from earlier than needed holds the window and some runs before it: as good.
  if (early && guess! <= from) return early;
  return catalog.runIdsFrom(new Date(from));
}

/**
 * Where a window of the run list begins for run P: RUN_LIST_WINDOW_MS before the earlier of P's
 * id's time and `startedAt`; undefined when that is no time a Date can hold (a damaged record).
 */
function windowStart(runId: string, startedAt = Number.POSITIVE_INFINITY): number | undefined {
  const from = Math.min(startedAt, runIdTime(runId) ?? Number.NaN) - RUN_LIST_WINDOW_MS;
  if (!Number.isFinite(from) || Number.isNaN(new Date(from).getTime()) || from < Date.UTC(1000, 0, 1)) return undefined;
  return from;
}
