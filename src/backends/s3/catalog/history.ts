import type { Catalog, RunRecord, SourceRunRecord } from './catalog.ts';
import { statesAsOf, type KeyAsOf } from '../plan/as-of.ts';

/** Every committed run's record for one source, oldest first. A damaged record throws, naming it. */
export async function sourceHistory(catalog: Catalog, sourceIdValue: string): Promise<{ run: RunRecord; source: SourceRunRecord }[]> {
  const history: { run: RunRecord; source: SourceRunRecord }[] = [];
  for (const runId of (await catalog.runIds()).committed) {
    const run = await catalog.readRun(runId);
    const source = run?.sources.find((s) => s.id === sourceIdValue);
    if (run && source) history.push({ run, source });
  }
  return history;
}

/**
 * The state of a source at time `at`, key by key, from the destination's catalogue alone. Every
 * events file is read through once (streaming) and checked before the first key is yielded: a
 * damaged file stops the caller before it acts on a partial picture, and names the file.
 */
export async function* sourceAsOf(catalog: Catalog, sourceIdValue: string, at: Date): AsyncGenerator<KeyAsOf> {
  const history = await sourceHistory(catalog, sourceIdValue);
  for (const h of history) await catalog.checkEvents(h.source);
  yield* statesAsOf(history.map((h) => ({ name: h.source.events, events: catalog.readEvents(h.source) })), at);
}
