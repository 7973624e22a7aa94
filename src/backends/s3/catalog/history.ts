import type { Catalog, RunRecord, SourceRunRecord } from './catalog.ts';
import { statesAsOf, type KeyAsOf, type RunEvents } from '../plan/as-of.ts';
import { latestPrune, readHistory } from './prune-catalog.ts';
import type { PrunedSource } from './prune-records.ts';
import { compareKeys } from '../../../plan/keys.ts';
import { CatalogDamagedError, RECOVER_FROM_COPY } from './errors.ts';
import { RUNS } from './run-list.ts';

/** Where a source's history is: the newest prune's folded history (if one covers it), then the runs after it. */
export interface SourceEvents {
  /** What the runs up to `folded.foldedThrough` recorded, as far as the kept restore points need it. */
  folded?: PrunedSource;
  /** Committed runs whose events are read as they are (after the fold), oldest first. */
  runs: { run: RunRecord; source: SourceRunRecord }[];
}

/**
 * Every committed run's record for one source whose events are read as they are, oldest first: the
 * runs a prune folded are left out (their events are in its history, see sourceEvents). A damaged
 * record throws, naming it.
 */
export async function sourceHistory(catalog: Catalog, sourceIdValue: string): Promise<{ run: RunRecord; source: SourceRunRecord }[]> {
  return (await sourceEvents(catalog, sourceIdValue)).runs;
}

export async function sourceEvents(catalog: Catalog, sourceIdValue: string): Promise<SourceEvents> {
  const prune = await latestPrune(catalog);
  const folded = prune?.record.sources.find((s) => s.id === sourceIdValue);
  const runs: SourceEvents['runs'] = [];
  for (const runId of (await catalog.runIds(folded?.foldedThrough)).committed) {
    if (folded && compareKeys(runId, folded.foldedThrough) <= 0) continue;
    const run = await catalog.readRun(runId);
    const source = run?.sources.find((s) => s.id === sourceIdValue);
    if (run && source) runs.push({ run, source });
  }
  // Anything a prune may have removed is at or before the newest point it folded any source through.
  const prunedThrough = prune?.record.sources.map((s) => s.foldedThrough).sort(compareKeys).at(-1);
  await checkNoRunMissing(catalog, sourceIdValue, runs, prunedThrough);
  return { ...(folded ? { folded } : {}), runs };
}

/**
 * Throws when a committed run of the source is missing from the run list: a run's record names the
 * run it built on (`previousRunId`), and the source's pointer names its newest run, so a record
 * deleted or lost leaves a name with no record. Without this check the runs around it were read as
 * if it never happened: a user trial deleted one run record, and every later restore came back
 * "complete" with old versions, a missing key and a deleted key present; verify said ok.
 * `prunedThrough`: runs at or before it may have been removed by a prune (their events are folded).
 * A pointer naming a run not listed is read again directly: a run committed since the listing is
 * not damage.
 */
async function checkNoRunMissing(catalog: Catalog, sourceIdValue: string, runs: SourceEvents['runs'], prunedThrough: string | undefined): Promise<void> {
  const listed = new Set(runs.map(({ run }) => run.runId));
  const mayBePruned = (runId: string) => prunedThrough !== undefined && compareKeys(runId, prunedThrough) <= 0;
  for (const { run, source } of runs) {
    const previous = source.previousRunId;
    if (previous === undefined || listed.has(previous) || mayBePruned(previous)) continue;
    throw missingRun(previous, `run ${run.runId} of ${sourceIdValue} was built on it`);
  }
  const newest = runs.at(-1);
  if (!newest) return;
  const pointed = await catalog.readPointer(newest.source.bucket, newest.source.prefix).catch(() => undefined);
  if (pointed === undefined || listed.has(pointed) || compareKeys(pointed, newest.run.runId) <= 0 || mayBePruned(pointed)) return;
  if ((await catalog.readRun(pointed)) === undefined) throw missingRun(pointed, `the pointer of ${sourceIdValue} names it as its newest run`);
}

function missingRun(runId: string, why: string): CatalogDamagedError {
  return new CatalogDamagedError(
    `${RUNS}${runId}.json`,
    `is missing (${why}): what that run recorded is unknown, and a restore would read the runs around it as if it never happened`,
    RECOVER_FROM_COPY,
  );
}

/** The events files a restore reads for a source, in order: the folded history first. */
export function eventStreams(catalog: Catalog, events: SourceEvents): RunEvents[] {
  const streams: RunEvents[] = [];
  if (events.folded) streams.push({ name: events.folded.history, events: readHistory(catalog, events.folded) });
  for (const h of events.runs) streams.push({ name: h.source.events, events: catalog.readEvents(h.source) });
  return streams;
}

/**
 * The state of a source at time `at`, key by key, from the destination's catalogue alone. Every
 * events file (the folded history included) is read through once (streaming) and checked before
 * the first key is yielded: a damaged file stops the caller before it acts on a partial picture,
 * and names the file.
 */
export async function* sourceAsOf(catalog: Catalog, sourceIdValue: string | SourceEvents, at: Date): AsyncGenerator<KeyAsOf> {
  const events = typeof sourceIdValue === 'string' ? await sourceEvents(catalog, sourceIdValue) : sourceIdValue;
  if (events.folded) for await (const _ of readHistory(catalog, events.folded));
  for (const h of events.runs) await catalog.checkEvents(h.source);
  yield* statesAsOf(eventStreams(catalog, events), at);
}
