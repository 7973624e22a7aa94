import { randomBytes } from 'node:crypto';
import type { ObjectStore } from '../../../stores/object/types.ts';
import type { EventLine, StateDeltaLine, StateLine } from '../plan/model.ts';
import { compareKeys } from '../../../plan/keys.ts';
import { mergeSorted } from '../../../plan/merge.ts';
import { handled } from '../../../transfer/promises.ts';
import { compactTime, sourceSlug } from '../plan/names.ts';
import { CatalogDamagedError, CatalogLineError, RECOVER_FROM_COPY } from './errors.ts';
import { defaultReadOptions, readFileLines, readFileWhole, readSmallJson, type CatalogReadOptions, type Recovery } from './reader.ts';
import { CATALOG_FORMAT, RUN_ID, sourceFolder, stateFiles, type RunRecord, type SourceRunRecord, type StateFile } from './records.ts';
import { listRunIds, listRunIdsFrom, RUNS, type RunList } from './run-list.ts';
import { validateEventLine, validateRunRecord, validateStateDeltaLine } from './validate.ts';

export { CATALOG_FORMAT, emptyCounts, type RunRecord, type SourceCounts, type SourceRunRecord, type StateFallback } from './records.ts';
export type { RunList } from './run-list.ts';

/**
 * The catalogue lives in the destination next to the data, so a restore needs nothing else.
 * Layout (docs/catalogue.md):
 *   catalog/runs/<runId>.started.json   written when a run begins
 *   catalog/runs/<runId>.json           the run record; its presence is the commit point
 *   catalog/runs/<runId>.settled        a later run committed after this unfinished one
 *   catalog/sources/<slug>/<runId>/state.jsonl.gz   every key and its versions after the run (a checkpoint)
 *   catalog/sources/<slug>/<runId>/state-delta.jsonl.gz  or only the keys whose line changed (format 3)
 *   catalog/sources/<slug>/<runId>/events.jsonl.gz  what the run copied or saw vanish
 *   catalog/sources/<slug>/latest.json  a pointer to the newest committed run (a hint)
 *   catalog/lock.json                   the run lease (src/backends/s3/catalog/lease.ts)
 * The run list (which runs committed, which never finished) is read in run-list.ts.
 */

/** Bounds on what a reader buffers: far above what pullback writes, far below what hurts. */
export const MAX_STATE_LINE_BYTES = 128 * 1024 * 1024;
export const MAX_EVENT_LINE_BYTES = 1024 * 1024;
const MAX_RUN_RECORD_BYTES = 16 * 1024 * 1024;
/**
 * A state chain whose files hold at most this many bytes in all (compressed; about 80,000 keys) is
 * read whole while the run lists its sources (inspectState), not streamed once planning starts.
 */
export const STATE_READ_AHEAD_BYTES = 4 * 1024 * 1024;

/** The files of a state chain read whole and checked (inspectState), by file name. */
export type StateBytes = ReadonlyMap<string, Buffer>;

/** What inspectState may still read whole: one budget for every source of a run (readAheadBudget). */
export interface ReadAheadBudget {
  bytes: number;
}

/** The bytes inspectState may read whole for one run, every source's state together. */
export function readAheadBudget(): ReadAheadBudget {
  return { bytes: STATE_READ_AHEAD_BYTES };
}
const MAX_POINTER_BYTES = 64 * 1024;

/** Said of a damaged state file: a backup copes by itself. */
const RECOVER_STATE = 'the next backup compares against the previous good state of this source instead (nothing is lost); run a backup';

export interface CatalogOptions {
  /** Retries of catalogue reads (tests inject a sleep that does not wait). */
  read?: Partial<CatalogReadOptions>;
}

/** A source's pointer and the read of the run record it names, begun once (readPointedRun). */
export interface PointedRun {
  runId: string;
  record: Promise<RunRecord | undefined>;
}

/** A committed run record that could not be used, and why. */
export interface DamagedRun {
  runId: string;
  reason: string;
}

export class Catalog {
  readonly readOptions: CatalogReadOptions;

  constructor(
    readonly destination: ObjectStore,
    options: CatalogOptions = {},
  ) {
    this.readOptions = { ...defaultReadOptions(), ...options.read };
  }

  static newRunId(now: Date): string {
    return `${compactTime(now.toISOString())}-${randomBytes(3).toString('hex')}`;
  }

  sourceFolder(bucket: string, prefix: string, runId: string): string {
    return sourceFolder(bucket, prefix, runId);
  }

  async markStarted(runId: string, info: Record<string, unknown>): Promise<void> {
    await this.destination.put(`${RUNS}${runId}.started.json`, JSON.stringify({ format: CATALOG_FORMAT, runId, ...info }, null, 2));
  }

  /**
   * `whilePointersWrite` is called once the record is stored, with the pointer writes under way
   * (the backup begins its lease release there: its read overlaps these writes, its write waits for
   * them). The record comes first, alone: a pointer never names a run whose record is not stored.
   * The next backup reads a pointer, and the record it names, before it knows the lease is free,
   * and keeps what it read; and the lease's heartbeat runs until the commit point has landed.
   */
  async commit(record: RunRecord, options: { whilePointersWrite?: (pointers: Promise<unknown>) => void } = {}): Promise<void> {
    await this.destination.put(`${RUNS}${record.runId}.json`, formatRunRecord(record), { metadata: { contentType: 'application/json' } });
    // Pointers are hints that save listing every run record; the records stay the truth. They are
    // written after the record (a pointer never names a run that is not committed), all at once.
    const pointers = Promise.all(
      record.sources.map((source) =>
        this.destination.put(
          `catalog/sources/${sourceSlug(source.bucket, source.prefix)}/latest.json`,
          JSON.stringify({ runId: record.runId, source: source.id }),
          // Rewritten by every run, and only a hint: no Object Lock retention.
          { mutable: true },
        ),
      ),
    );
    options.whilePointersWrite?.(pointers);
    await pointers;
  }

  /**
   * Marks unfinished runs as settled by a committed run: their copies are in its state, so later
   * runs stop checking every copy against them. A marker, because backup credentials cannot delete.
   */
  async settle(runIds: readonly string[], by: string, at: Date): Promise<void> {
    await Promise.all(runIds.map((runId) => this.destination.put(`${RUNS}${runId}.settled`, JSON.stringify({ format: CATALOG_FORMAT, runId, settledBy: by, settledAt: at.toISOString() }))));
  }

  /** Committed and unfinished run ids, after `startAfter` when given (listRunIds). */
  async runIds(startAfter?: string): Promise<RunList> {
    return listRunIds(this.destination, startAfter);
  }

  /** The run ids of the runs that started at `earliest` or later: a window of the list (listRunIdsFrom). */
  async runIdsFrom(earliest: Date): Promise<RunList> {
    return listRunIdsFrom(this.destination, earliest);
  }

  /** The validated run record, or undefined when there is none; a damaged one throws, naming it. */
  async readRun(runId: string): Promise<RunRecord | undefined> {
    if (!RUN_ID.test(runId)) throw new Error(`not a run id: ${JSON.stringify(runId.slice(0, 60))}`);
    const file = `${RUNS}${runId}.json`;
    const raw = await readSmallJson(this.destination, file, MAX_RUN_RECORD_BYTES, this.readOptions, RECOVER_FROM_COPY);
    if (raw === undefined) return undefined;
    try {
      return validateRunRecord(raw, runId);
    } catch (error) {
      throw new CatalogDamagedError(file, `is not a run record pullback wrote (${(error as Error).message})`, RECOVER_FROM_COPY, { cause: error });
    }
  }

  /**
   * The newest committed run that backed up this source, with its record for the source. Run
   * records that cannot be used are skipped and listed in `damaged`, so the caller knows the newest
   * history is incomplete.
   */
  async latestFor(
    bucket: string,
    prefix: string,
    sourceIdValue: string,
    options: {
      /** The run list, when the caller lists it anyway: it stands in for a listing of its own. */
      runList?: Promise<RunList>;
      /**
       * The source's pointer and its run's record, when the caller began reading them earlier (a
       * hint: a run committed since is in the run list, which must then be listed after the lease
       * was seen free, as a backup lists it).
       */
      pointed?: Promise<PointedRun | undefined>;
    } = {},
  ): Promise<{ run: RunRecord; source: SourceRunRecord; damaged: DamagedRun[] } | undefined> {
    const { runList } = options;
    const damaged: DamagedRun[] = [];
    // The run the pointer names is nearly always the one wanted: its record is read while the run
    // list is awaited, not after it (one round trip, not two, in the hourly run's case).
    const early = await (options.pointed ?? this.readPointedRun(bucket, prefix));
    const pointer = early?.runId;
    // Runs committed after the pointer was written (a crash between commit and pointer) count too.
    const committed = runList
      ? (await runList).committed.filter((id) => pointer === undefined || compareKeys(id, pointer) > 0)
      : (await this.runIds(pointer)).committed;
    const candidates = [...committed].reverse();
    if (pointer) candidates.push(pointer);
    const find = async (runIds: string[]) => {
      for (const runId of runIds) {
        let run: RunRecord | undefined;
        try {
          run = await (early?.runId === runId ? early.record : this.readRun(runId));
        } catch (error) {
          if (!(error instanceof CatalogDamagedError)) throw error;
          if (!damaged.some((d) => d.runId === runId)) damaged.push({ runId, reason: error.message });
          continue;
        }
        const source = run?.sources.find((s) => s.id === sourceIdValue);
        if (run && source) return { run, source, damaged };
      }
      return undefined;
    };
    const found = await find(candidates);
    if (found || !pointer) return found;
    // The pointer named a run without this source (or a damaged one): scan everything older, in
    // the whole run list (a window of it, runIdsFrom, may not reach back far enough).
    const listed = runList ? await runList : undefined;
    const everyRun = listed && listed.from === undefined ? listed : await this.runIds();
    return find(everyRun.committed.filter((id) => compareKeys(id, pointer) < 0).reverse());
  }

  /**
   * A source's pointer and the read of the run it names, begun at once (a committed run's record
   * never changes, so it may be read before the lease is seen free). The read's failure (a damaged
   * record) is the caller's to see when it awaits `record`.
   */
  async readPointedRun(bucket: string, prefix: string): Promise<PointedRun | undefined> {
    const runId = await this.readPointer(bucket, prefix);
    return runId === undefined ? undefined : { runId, record: handled(this.readRun(runId)) };
  }

  /** Committed runs of one source older than `before`, newest first, skipping damaged records. */
  async *olderRunsOf(sourceIdValue: string, before: string): AsyncGenerator<{ run: RunRecord; source: SourceRunRecord } | DamagedRun> {
    for (const runId of (await this.runIds()).committed.filter((id) => compareKeys(id, before) < 0).reverse()) {
      try {
        const run = await this.readRun(runId);
        const source = run?.sources.find((s) => s.id === sourceIdValue);
        if (run && source) yield { run, source };
      } catch (error) {
        if (!(error instanceof CatalogDamagedError)) throw error;
        yield { runId, reason: error.message };
      }
    }
  }

  /** The run a source's pointer names (catalog/sources/<slug>/latest.json): only a hint. */
  async readPointer(bucket: string, prefix: string): Promise<string | undefined> {
    const file = `catalog/sources/${sourceSlug(bucket, prefix)}/latest.json`;
    try {
      const raw = (await readSmallJson(this.destination, file, MAX_POINTER_BYTES, this.readOptions, 'it is only a hint')) as { runId?: unknown } | undefined;
      // A hint: one that is not a run id is ignored (the run records are scanned instead).
      return typeof raw?.runId === 'string' && RUN_ID.test(raw.runId) ? raw.runId : undefined;
    } catch (error) {
      if (error instanceof CatalogDamagedError) return undefined;
      throw error;
    }
  }

  /**
   * Quick check of a state before a backup relies on it. Returns why it cannot be used, or undefined.
   * A chain that fits what is left of `readAhead` (one budget of STATE_READ_AHEAD_BYTES per run,
   * shared by its sources: readAheadBudget()) is read whole, each file checked against its run
   * record (size and SHA-256), and handed back for the pass to plan from: one round trip, begun
   * beside the listing, where a HEAD of each file and then its GET were two, the second only once
   * planning began. A larger chain gets one HEAD per file (its stored size against the record's) and
   * is streamed by the pass. A format 1 record has no size or checksum: its state is read in full
   * once (and checked line by line) instead.
   */
  async inspectState(record: SourceRunRecord, readAhead?: ReadAheadBudget): Promise<{ problem?: string; bytes?: StateBytes }> {
    try {
      if (record.stateBytes === undefined) {
        await this.checkState(record);
        return {};
      }
      const files = stateFiles(record);
      const total = files.reduce((sum, file) => sum + (file.bytes ?? Infinity), 0);
      if (readAhead && total <= readAhead.bytes) {
        readAhead.bytes -= total;
        const read = await Promise.allSettled(
          files.map((file) => readFileWhole(this.destination, file.file, { bytes: file.bytes!, ...(file.sha256 ? { sha256: file.sha256 } : {}) }, this.readOptions, RECOVER_STATE)),
        );
        // A file the store would not give (retries spent, access refused) fails the run, as a
        // failed HEAD did; else the first damaged file in chain order is named, whichever failed first.
        const unreadable = read.find((r) => r.status === 'rejected' && !(r.reason instanceof CatalogDamagedError));
        if (unreadable) throw (unreadable as PromiseRejectedResult).reason;
        const damaged = read.find((r) => r.status === 'rejected');
        if (damaged) {
          readAhead.bytes += total;
          const error = (damaged as PromiseRejectedResult).reason as CatalogDamagedError;
          return { problem: `the catalogue file ${error.file} ${error.reason}` };
        }
        return { bytes: new Map(files.map((file, index) => [file.file, (read[index] as PromiseFulfilledResult<Buffer>).value])) };
      }
      // One HEAD per file of the chain, all at once; the first problem in chain order is named.
      const stored = await Promise.all(files.map(({ file }) => this.destination.head(file)));
      for (const [index, { file, bytes }] of files.entries()) {
        const found = stored[index];
        if (!found) return { problem: `the catalogue file ${file} is missing` };
        if (found.size !== bytes) return { problem: `the catalogue file ${file} has ${found.size} bytes where its run record gives ${bytes}` };
      }
      return {};
    } catch (error) {
      if (error instanceof CatalogDamagedError) return { problem: error.message };
      throw error;
    }
  }

  /** Why a state cannot be used (inspectState's problem, checked by HEAD: nothing is held), or undefined. */
  async stateProblem(record: SourceRunRecord): Promise<string | undefined> {
    return (await this.inspectState(record)).problem;
  }

  /**
   * The state after a run, key by key, validated line by line: its full file, or its chain (the
   * checkpoint with every delta applied, newest last) merged as it streams, so memory holds one line
   * per file whatever the number of keys. Damage throws CatalogDamagedError naming the file.
   */
  async *readState(record: SourceRunRecord | undefined, recovery: Recovery = RECOVER_STATE, read?: StateBytes): AsyncGenerator<StateLine> {
    if (!record) return;
    const files = stateFiles(record);
    if (files.length === 1) {
      for await (const line of this.readStateFile(record, files[0]!, recovery, read?.get(files[0]!.file))) if (!('gone' in line)) yield line;
      return;
    }
    const streams = files.map((file) => ({ items: this.readStateFile(record, file, recovery, read?.get(file.file)), key: (line: StateDeltaLine) => line.k, name: file.file }));
    for await (const { items } of mergeSorted(streams)) {
      // The newest file that mentions the key says what it is now.
      let newest: StateDeltaLine | undefined;
      for (const found of items) if (found.length > 0) newest = found[0];
      if (newest && !('gone' in newest)) yield newest;
    }
  }

  /** One file of a state (a checkpoint or a delta), validated and in key order. */
  async *readStateFile(record: SourceRunRecord, file: StateFile, recovery: Recovery = RECOVER_STATE, read?: Buffer): AsyncGenerator<StateDeltaLine> {
    const context = { bucket: record.bucket, prefix: record.prefix };
    const expected = { ...(file.bytes !== undefined ? { bytes: file.bytes } : {}), ...(file.sha256 !== undefined ? { sha256: file.sha256 } : {}) };
    // A checkpoint holds no `gone` lines: only a delta can say a key left.
    const validate = (value: unknown) => {
      const line = validateStateDeltaLine(value, context);
      if (file.kind === 'full' && 'gone' in line) throw new CatalogLineError('a full state file says a key is gone');
      return line;
    };
    const lines = readFileLines(this.destination, file.file, expected, this.readOptions, recovery, MAX_STATE_LINE_BYTES, validate, read);
    let previous: string | undefined;
    for await (const line of lines) {
      if (previous !== undefined && compareKeys(previous, line.k) >= 0) {
        throw new CatalogDamagedError(file.file, `is not in S3 key order (${JSON.stringify(line.k.slice(0, 100))} after ${JSON.stringify(previous.slice(0, 100))})`, recovery);
      }
      previous = line.k;
      yield line;
    }
  }

  /** The events file of a run, validated line by line; damage throws CatalogDamagedError naming it. */
  async *readEvents(record: SourceRunRecord, recovery: Recovery = RECOVER_FROM_COPY): AsyncGenerator<EventLine> {
    const context = { bucket: record.bucket, prefix: record.prefix };
    const lines = readFileLines(this.destination, record.events, expectedOf(record, 'events'), this.readOptions, recovery, MAX_EVENT_LINE_BYTES, (v) => validateEventLine(v, context));
    let previous: string | undefined;
    for await (const event of lines) {
      if (previous !== undefined && compareKeys(previous, event.k) > 0) {
        throw new CatalogDamagedError(record.events, `is not in S3 key order (${JSON.stringify(event.k.slice(0, 100))} after ${JSON.stringify(previous.slice(0, 100))})`, recovery);
      }
      previous = event.k;
      yield event;
    }
  }

  /** Reads a whole state (every file of its chain, streaming) to prove it intact before anything relies on it. */
  async checkState(record: SourceRunRecord, recovery?: Recovery): Promise<void> {
    for await (const _ of this.readState(record, recovery));
  }

  /** Reads a whole events file (streaming) to prove it intact before anything relies on it. */
  async checkEvents(record: SourceRunRecord, recovery?: Recovery): Promise<void> {
    for await (const _ of this.readEvents(record, recovery));
  }
}

/**
 * A run record as stored: indented for people, but each link of a state chain on one line. A
 * chain grows by a link per run until the next checkpoint, and an indented link costs a third more.
 */
export function formatRunRecord(record: RunRecord): string {
  return JSON.stringify(record, null, 2).replace(/"stateChain": \[[^\]]*\]/g, (chain) =>
    chain.replace(/\{\s+([^{}]*?)\s+\}/g, (_link, body: string) => `{ ${body.replace(/,\s+/g, ', ')} }`),
  );
}

function expectedOf(record: SourceRunRecord, _file: 'events'): { bytes?: number; sha256?: string } {
  const bytes = record.eventsBytes;
  const sha256 = record.eventsSha256;
  return { ...(bytes !== undefined ? { bytes } : {}), ...(sha256 !== undefined ? { sha256 } : {}) };
}
