import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import type { Destination } from '../storage/types.ts';
import type { EventLine, StateLine } from '../plan/model.ts';
import { compactTime, sourceSlug } from '../plan/names.ts';
import { readJsonLines } from './jsonl.ts';

/**
 * The catalogue lives in the destination next to the data, so a restore needs nothing else.
 * Layout (docs/catalogue.md):
 *   catalog/runs/<runId>.started.json   written when a run begins
 *   catalog/runs/<runId>.json           the run record; its presence is the commit point
 *   catalog/sources/<slug>/<runId>/state.jsonl.gz   every key and its versions after the run
 *   catalog/sources/<slug>/<runId>/events.jsonl.gz  what the run copied or saw vanish
 *   catalog/sources/<slug>/latest.json  a pointer to the newest committed run (a hint)
 */
export const CATALOG_FORMAT = 'pullback-catalog/1';
const RUNS = 'catalog/runs/';

export interface SourceCounts {
  keys: number;
  versionsListed: number;
  copied: number;
  serverSideCopies: number;
  bytes: number;
  unchanged: number;
  deleted: number;
  deleteMarkers: number;
  purged: number;
  repaired: number;
  raced: number;
  failed: number;
}

export function emptyCounts(): SourceCounts {
  return { keys: 0, versionsListed: 0, copied: 0, serverSideCopies: 0, bytes: 0, unchanged: 0, deleted: 0, deleteMarkers: 0, purged: 0, repaired: 0, raced: 0, failed: 0 };
}

export interface SourceRunRecord {
  id: string;
  bucket: string;
  prefix: string;
  versioned: boolean;
  previousRunId?: string;
  /** The server's clock when the listing began and ended: the bounds of what this run saw. */
  listStartedAt: string;
  listFinishedAt: string;
  state: string;
  events: string;
  counts: SourceCounts;
  /** Every planned version was copied: when false the next run retries what failed. */
  complete: boolean;
  watermarkBefore?: string;
  watermarkAfter?: string;
  durationMs: number;
}

export interface RunRecord {
  format: typeof CATALOG_FORMAT;
  runId: string;
  startedAt: string;
  finishedAt: string;
  status: 'complete' | 'partial';
  tool: { name: 'pullback'; version: string };
  sources: SourceRunRecord[];
}

async function readJson<T>(destination: Destination, key: string): Promise<T | undefined> {
  const body = await destination.get(key);
  if (!body) return undefined;
  return JSON.parse(await text(body)) as T;
}

export class Catalog {
  constructor(readonly destination: Destination) {}

  static newRunId(now: Date): string {
    return `${compactTime(now.toISOString())}-${randomBytes(3).toString('hex')}`;
  }

  sourceFolder(bucket: string, prefix: string, runId: string): string {
    return `catalog/sources/${sourceSlug(bucket, prefix)}/${runId}/`;
  }

  async markStarted(runId: string, info: Record<string, unknown>): Promise<void> {
    await this.destination.put(`${RUNS}${runId}.started.json`, JSON.stringify({ format: CATALOG_FORMAT, runId, ...info }, null, 2));
  }

  async commit(record: RunRecord): Promise<void> {
    await this.destination.put(`${RUNS}${record.runId}.json`, JSON.stringify(record, null, 2), { metadata: { contentType: 'application/json' } });
    // Pointers are hints that save listing every run record; the records stay the truth.
    for (const source of record.sources) {
      await this.destination.put(
        `catalog/sources/${sourceSlug(source.bucket, source.prefix)}/latest.json`,
        JSON.stringify({ runId: record.runId, source: source.id }),
      );
    }
  }

  /** Committed run ids (ascending) and ids of runs that started but never committed. */
  async runIds(startAfter?: string): Promise<{ committed: string[]; unfinished: string[] }> {
    const committed: string[] = [];
    const started: string[] = [];
    for await (const object of this.destination.list(RUNS, startAfter ? `${RUNS}${startAfter}.json` : undefined)) {
      const name = object.key.slice(RUNS.length);
      if (name.endsWith('.started.json')) started.push(name.slice(0, -'.started.json'.length));
      else if (name.endsWith('.json')) committed.push(name.slice(0, -'.json'.length));
    }
    const done = new Set(committed);
    return { committed: committed.sort(), unfinished: started.filter((id) => !done.has(id)).sort() };
  }

  async readRun(runId: string): Promise<RunRecord | undefined> {
    return readJson<RunRecord>(this.destination, `${RUNS}${runId}.json`);
  }

  /** The newest committed run that backed up this source, with its record for the source. */
  async latestFor(bucket: string, prefix: string, sourceIdValue: string): Promise<{ run: RunRecord; source: SourceRunRecord } | undefined> {
    const pointer = await readJson<{ runId: string }>(this.destination, `catalog/sources/${sourceSlug(bucket, prefix)}/latest.json`);
    // Runs committed after the pointer was written (a crash between commit and pointer) count too.
    const { committed } = await this.runIds(pointer?.runId);
    const candidates = [...committed].reverse();
    if (pointer) candidates.push(pointer.runId);
    for (const runId of candidates) {
      const run = await this.readRun(runId);
      const source = run?.sources.find((s) => s.id === sourceIdValue);
      if (run && source) return { run, source };
    }
    if (!pointer) return undefined;
    // The pointer named a run without this source (should not happen): scan everything.
    const all = (await this.runIds()).committed.reverse();
    for (const runId of all) {
      const run = await this.readRun(runId);
      const source = run?.sources.find((s) => s.id === sourceIdValue);
      if (run && source) return { run, source };
    }
    return undefined;
  }

  async *readState(record: SourceRunRecord | undefined): AsyncGenerator<StateLine> {
    if (!record) return;
    const body = await this.destination.get(record.state);
    if (!body) throw new Error(`the catalogue is damaged: ${record.state} is missing`);
    yield* readJsonLines<StateLine>(body);
  }

  async *readEvents(record: SourceRunRecord): AsyncGenerator<EventLine> {
    const body = await this.destination.get(record.events);
    if (!body) throw new Error(`the catalogue is damaged: ${record.events} is missing`);
    yield* readJsonLines<EventLine>(body);
  }
}
