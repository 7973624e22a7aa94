// What a backup reads before it writes, begun together once the lease is seen free (startReads in
// backup.ts): the catalogue (each source's newest run and a quick check of its state, the run list,
// the watermark hints) and each source's first listing pages.
import { handled } from '../../transfer/promises.ts';
import type { Watermarks } from '../../watermark/store.ts';
import { readAheadBudget, type Catalog, type StateBytes } from './catalog/catalog.ts';
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
  runList: { committed: string[]; unfinished: string[] };
}

/**
 * Everything a run needs from the catalogue, read at once: each source's newest committed run and
 * a quick check of its state files, the run list (for unfinished runs) and the watermark hints.
 * One listing of the run records serves every source's lookup and the unfinished runs.
 * `pointerReads`: each source's pointer, read earlier (beside the lease's first read): a hint,
 * safe to read before the lease is seen free because the run list, read after, names any run
 * committed since.
 */
export async function readCatalogue(catalog: Catalog, deps: BackupDependencies, pointerReads?: Promise<string | undefined>[]): Promise<CatalogueReads> {
  const listingRuns = handled(catalog.runIds());
  // Every source's small state is read whole within one budget (the pass releases each after use).
  const readAhead = readAheadBudget();
  const [previousRuns, stored, runList] = await Promise.all([
    Promise.all(
      deps.sources.map(async (source, index): Promise<PreviousRun> => {
        const previous = await catalog.latestFor(source.bucket, source.prefix, source.id, listingRuns, pointerReads?.[index]);
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
