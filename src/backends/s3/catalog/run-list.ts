import type { ObjectStore } from '../../../stores/object/types.ts';
import { compareKeys } from '../../../plan/keys.ts';
import { compactTime } from '../plan/names.ts';
import { RUN_ID } from './records.ts';

/** The folder of run records and their markers (the catalogue's layout: catalog.ts). */
export const RUNS = 'catalog/runs/';
const RUN_FILE = new RegExp(`^(${RUN_ID.source.slice(1, -1)})(\\.started\\.json|\\.settled|\\.json)$`);

/**
 * What a listing of the run records found. `from`: only runs that started at that time or later
 * were listed (listRunIdsFrom); absent, every run was.
 */
export interface RunList {
  committed: string[];
  unfinished: string[];
  from?: string;
}

/**
 * Committed run ids (ascending) and ids of runs that started but never committed nor were
 * settled; with `startAfter`, only the runs after that one. Names that are not run ids are
 * ignored: nothing else is read from them.
 */
export async function listRunIds(destination: ObjectStore, startAfter?: string): Promise<RunList> {
  return listRuns(destination, startAfter ? `${RUNS}${startAfter}.json` : undefined);
}

/**
 * The same for the runs that started at `earliest` or later (a run id begins with its start time):
 * a backup's window of the run list (catalogue-reads.ts), one page where the whole list grows by
 * two keys a run. A run's files (`.started.json`, `.json`, `.settled`) share its id, so each run
 * is seen whole or not at all.
 */
export async function listRunIdsFrom(destination: ObjectStore, earliest: Date): Promise<RunList> {
  const from = compactTime(earliest.toISOString());
  return { ...(await listRuns(destination, `${RUNS}${from}`)), from };
}

async function listRuns(destination: ObjectStore, startAfterKey: string | undefined): Promise<RunList> {
  const committed: string[] = [];
  const started: string[] = [];
  const settled = new Set<string>();
  for await (const object of destination.list(RUNS, startAfterKey)) {
    const match = RUN_FILE.exec(object.key.slice(RUNS.length));
    if (!match) continue;
    const [, id, suffix] = match as unknown as [string, string, string];
    if (suffix === '.started.json') started.push(id);
    else if (suffix === '.settled') settled.add(id);
    else committed.push(id);
  }
  const done = new Set(committed);
  return { committed: committed.sort(compareKeys), unfinished: started.filter((id) => !done.has(id) && !settled.has(id)).sort(compareKeys) };
}
