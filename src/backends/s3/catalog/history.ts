import type { Catalog, RunRecord, SourceRunRecord } from './catalog.ts';
import { statesAsOf, type KeyAsOf, type RunEvents } from '../plan/as-of.ts';
import { latestPrune, readHistory } from './prune-catalog.ts';
import type { PrunedSource } from './prune-records.ts';
import { compareKeys } from '../../../plan/keys.ts';

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
  return { ...(folded ? { folded } : {}), runs };
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
