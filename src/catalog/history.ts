import type { Catalog, RunRecord, SourceRunRecord } from './catalog.ts';
import { keyAsOf, mergeEventsByKey, type KeyAsOf } from '../plan/restore.ts';

/** Every committed run's record for one source, oldest first. */
export async function sourceHistory(catalog: Catalog, sourceIdValue: string): Promise<{ run: RunRecord; source: SourceRunRecord }[]> {
  const history: { run: RunRecord; source: SourceRunRecord }[] = [];
  for (const runId of (await catalog.runIds()).committed) {
    const run = await catalog.readRun(runId);
    const source = run?.sources.find((s) => s.id === sourceIdValue);
    if (run && source) history.push({ run, source });
  }
  return history;
}

/** The state of a source at time `at`, key by key, from the destination's catalogue alone. */
export async function* sourceAsOf(catalog: Catalog, sourceIdValue: string, at: Date): AsyncGenerator<KeyAsOf> {
  const history = await sourceHistory(catalog, sourceIdValue);
  const streams = history.map((h) => catalog.readEvents(h.source));
  for await (const { key, events } of mergeEventsByKey(streams)) {
    yield keyAsOf(key, events, at.getTime());
  }
}
