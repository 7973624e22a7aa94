// One domain's writes, a batch at a time: load the versions the batch's items already have, plan
// the batch (plan.ts), confirm its deletions against SimpleDB, and write it in one transaction of
// the history store.
import { compareKeys } from '../../plan/keys.ts';
import { formatStamp } from '../../simpledb/convention.ts';
import { DELETE_LOG_ATTRIBUTES as LOG } from '../../simpledb/delete-log.ts';
import { quoteName, quoteValue } from '../../simpledb/expression.ts';
import { selectItems } from '../../simpledb/paginate.ts';
import type { Candidate, StoredVersion } from './plan.ts';
import { parseStamp, planBatch } from './plan.ts';
import type { BatchTarget, BatchWriter } from './plan-only.ts';
import type { GetAttributesOutput } from '../../simpledb/client.ts';
import type { DomainBackupResult, DomainJob } from './types.ts';


export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: string }).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}

export interface BatcherOptions {
  /** Full scan: record the names each batch saw (HistoryBatch.seen), for the deletion check after the scan. */
  markSeen: boolean;
  /**
   * The domain's history held no version when the run started, and only this batcher writes to it
   * until it is done: a batch whose item names all sort after every name this batcher has already
   * written can have no stored version, so its lookup is skipped (a first run's full scan reads in
   * item-name order). Any other batch is looked up as usual.
   *
   * Such batches (in item-name order) are also written without waiting: one is written while the
   * next is read and planned, and when the target has concurrent writers (further MySQL
   * connections), the next ones are sent on them, in turn, while the ones before are still being
   * written, each in its own transaction (up to WRITERS at once, one on each writer). They cannot
   * meet (no item in two), and they commit in order: a batch commits only once the one before it
   * has, so what is committed is always every batch up to some point, as with one writer. A batch
   * that needs a lookup, or new attribute columns, waits until no batch is in flight.
   */
  historyEmptyAtStart?: boolean;
}

/** Whether the candidates' item names strictly increase (byte order). */
function inNameOrder(candidates: readonly Candidate[]): boolean {
  for (let i = 1; i < candidates.length; i++) if (compareKeys(candidates[i - 1]!.itemName, candidates[i]!.itemName) >= 0) return false;
  return true;
}

/** Names ensureColumns was called with that this batcher remembers, at most (beyond: it asks again). */
const MAX_REMEMBERED_COLUMNS = 10_000;

/**
 * Writers a first run's batches go on in turn: the target's own and up to two concurrent ones.
 * Measured on two cores with mysqld and the SimpleDB server beside the backup (100 k items, 6
 * alternated pairs): two writers 3.18-3.71 s, three 3.08-3.28 s; four no faster than three. With
 * two, the client was still idle about 180 ms a run waiting for a commit with nothing else to do.
 */
const WRITERS = 3;

const NOTHING_STORED: ReadonlyMap<string, readonly StoredVersion[]> = new Map();

/**
 * Item content a batch holds at most, as estimated by candidateBytes (about what the strings take
 * in the heap). `batch-size` counts items, but an item can hold 256 pairs of 1 KiB names and
 * values: 500 of them would be half a gigabyte. A batch is written when either limit is reached;
 * one item alone may pass it (SimpleDB's own limits bound that).
 */
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;

/** Heap bytes a candidate's strings take, roughly (UTF-16 code units, plus a little per string). */
export function candidateBytes(c: Candidate): number {
  let bytes = 2 * c.itemName.length + 64;
  if (c.kind === 'item') {
    for (const name in c.attributes) {
      bytes += 2 * name.length + 32;
      for (const value of c.attributes[name]!) bytes += 2 * value.length + 16;
    }
  }
  return bytes;
}

/** Collects candidates and writes them a batch at a time: load known versions, plan, confirm tombstones, write. */
export class Batcher {
  readonly #job: DomainJob;
  readonly #tables: BatchTarget;
  readonly #result: DomainBackupResult;
  readonly #markSeen: boolean;
  readonly #historyEmptyAtStart: boolean;
  /** The greatest item name (byte order) of the batches written so far (historyEmptyAtStart only). */
  #highestWritten: string | undefined;
  #pending: Candidate[] = [];
  /** candidateBytes of #pending. */
  #pendingBytes = 0;
  /** The batches sent in turn on #writers, the last ones (at most one a writer), oldest first. */
  #flights: Promise<void>[] = [];
  /** How many batches were sent in turn: the next one goes on writer #turn modulo their number. */
  #turn = 0;
  /** The target and the concurrent writers it gave so far, up to WRITERS (see #writersForTurn). */
  readonly #writers: BatchWriter[];
  /** Set when the target gave no further writer: no more are asked for. */
  #noMoreWriters = false;
  /** Attribute names already passed to ensureColumns (their columns exist). */
  readonly #ensured = new Set<string>();

  constructor(job: DomainJob, tables: BatchTarget, result: DomainBackupResult, options: BatcherOptions) {
    this.#job = job;
    this.#tables = tables;
    this.#writers = [tables];
    this.#result = result;
    this.#markSeen = options.markSeen;
    this.#historyEmptyAtStart = options.historyEmptyAtStart === true;
  }

  async add(c: Candidate): Promise<void> {
    const bytes = candidateBytes(c);
    // Written before it would pass the limit (a single larger item still makes a batch of its own).
    if (this.#pending.length > 0 && this.#pendingBytes + bytes > MAX_BATCH_BYTES) await this.#write();
    this.#pending.push(c);
    this.#pendingBytes += bytes;
    if (this.#pending.length >= this.#job.config.batchSize) await this.#write();
  }

  /** Writes what is pending and waits until every batch is committed. */
  async flush(): Promise<void> {
    await this.#write();
    await this.finish();
  }

  /** Writes what is pending as one batch; it may still be in flight when this returns (see finish). */
  async #write(): Promise<void> {
    if (this.#pending.length === 0) return;
    const candidates = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    const lookupFree = this.#nothingStored(candidates);
    // A lookup must see every batch before it committed.
    if (!lookupFree) await this.finish();
    const known = lookupFree ? NOTHING_STORED : await this.#tables.loadVersions(candidates.map((c) => c.itemName));
    // Every deletion the plan records is confirmed first; a refuted one is dropped and the batch
    // planned again, until every deletion of the plan has been confirmed. Once is not enough: a
    // second entry for the same item, skipped while the first stood ("already deleted"), becomes
    // the plan's deletion when the first is dropped (two cut-off deletes of a live item left two
    // pending entries, and the second was written unchecked: the live item recorded as deleted).
    let remaining = candidates;
    let plan = planBatch(remaining, known, this.#job.runStart);
    const confirmed = new Set<Candidate>();
    // Each item is read once a batch, however many entries it has.
    const itemReads = new Map<string, Promise<GetAttributesOutput>>();
    for (;;) {
      const deletions = plan.versions.filter((v) => v.deleted);
      const refuted = new Set<Candidate>();
      for (const c of deletions.length > 0 ? remaining : []) {
        if (c.kind !== 'tombstone' || confirmed.has(c)) continue;
        if (!deletions.some((v) => v.itemName === c.itemName && v.validFrom === c.deletedAt)) continue;
        if (await this.#deletionConfirmed(c, known.get(c.itemName) ?? [], itemReads)) confirmed.add(c);
        else refuted.add(c);
      }
      if (refuted.size === 0) break;
      this.#result.tombstonesSkipped += refuted.size;
      remaining = remaining.filter((c) => !refuted.has(c));
      plan = planBatch(remaining, known, this.#job.runStart);
    }
    await this.#ensureColumns(plan);
    if (this.#historyEmptyAtStart) for (const c of candidates) if (this.#highestWritten === undefined || compareKeys(c.itemName, this.#highestWritten) > 0) this.#highestWritten = c.itemName;
    const seen = this.#markSeen ? candidates.map((c) => c.itemName) : undefined;
    const job = this.#job;
    const batch = ++job.batches;
    const testHook = job.beforeCommit;
    const hook = testHook ? () => testHook({ domain: job.domain, batch, versions: plan.versions.length }) : undefined;
    const content = { runId: job.runId, versions: plan.versions, current: plan.current, ...(seen ? { seen } : {}) };
    // Concurrently only in item-name order: a statement padded with copies of a row smaller than
    // the others would lock a gap the batch before may still insert into (a 50 s lock wait).
    if (!lookupFree || !inNameOrder(candidates)) {
      await this.finish();
      await this.#tables.writeBatch(content, hook ? { beforeCommit: hook } : {});
      this.#count(plan);
      return;
    }
    // Sent without waiting for it, on the next writer in turn, once the batch before on that writer
    // is done (so at most one a writer is in flight). A batch commits only once the one before it
    // has (its failure rolls this one back: the committed batches stay a prefix).
    const writers = await this.#writersForTurn();
    const sameWriter = this.#flights.length >= writers.length ? this.#flights[this.#flights.length - writers.length] : undefined;
    if (sameWriter) {
      try {
        await sameWriter;
      } catch (err) {
        await this.finish().catch(() => undefined);
        throw err;
      }
    }
    const before = this.#flights[this.#flights.length - 1];
    const writer = writers[this.#turn++ % writers.length]!;
    const beforeCommit = async (): Promise<void> => {
      if (before) await before;
      await hook?.();
    };
    const write = writer.writeBatch(content, { beforeCommit }).then(() => this.#count(plan));
    // Awaited by a later batch or by finish(); a failure is never left unhandled meanwhile.
    write.catch(() => undefined);
    this.#flights.push(write);
    if (this.#flights.length > writers.length) this.#flights.shift();
  }

  /**
   * Waits until no batch is in flight; throws the first failure among them (a failure makes every
   * batch after it fail too, at its commit, but a batch can also fail by itself, before the ones
   * ahead of it have ended: all are waited for). Call it before leaving on an error: nothing of a
   * batcher may still be writing when its domain is reported.
   */
  async finish(): Promise<void> {
    if (this.#flights.length === 0) return;
    const flights = [...this.#flights];
    const settled = await Promise.allSettled(flights);
    // Each failure is thrown once: the flights waited for are forgotten (all of them have ended).
    this.#flights = this.#flights.filter((f) => !flights.includes(f));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * The writers the next batch (#turn, counted from 0) chooses among, in turn: the target's own,
   * then each concurrent writer asked for when the turn first comes to it, so a first run of one
   * batch opens no connection it does not use. A writer not given ends the list.
   */
  async #writersForTurn(): Promise<readonly BatchWriter[]> {
    const writers = this.#writers;
    if (this.#turn === writers.length && writers.length < WRITERS && !this.#noMoreWriters) {
      const writer = await this.#tables.concurrentWriter?.(writers.length - 1);
      if (writer === undefined) this.#noMoreWriters = true;
      else writers.push(writer);
    }
    return writers;
  }

  /** Columns for the batch's attribute names; DDL waits until no batch is in flight (it would wait on their transactions anyway). */
  async #ensureColumns(plan: ReturnType<typeof planBatch>): Promise<void> {
    const fresh = new Set<string>();
    for (const v of plan.current.values()) if (v.attributes) for (const n of Object.keys(v.attributes)) if (!this.#ensured.has(n)) fresh.add(n);
    if (fresh.size === 0) return;
    await this.finish();
    await this.#tables.ensureColumns(fresh);
    for (const n of fresh) if (this.#ensured.size < MAX_REMEMBERED_COLUMNS) this.#ensured.add(n);
  }

  #count(plan: ReturnType<typeof planBatch>): void {
    for (const v of plan.versions) {
      if (v.deleted) this.#result.tombstones++;
      else this.#result.versionsWritten++;
    }
    this.#result.unchangedSkipped += plan.unchanged + plan.duplicates;
    this.#result.tombstonesSkipped += plan.tombstonesSkipped;
  }

  /** Whether none of these items can have a stored version (see BatcherOptions.historyEmptyAtStart). */
  #nothingStored(candidates: readonly Candidate[]): boolean {
    if (!this.#historyEmptyAtStart) return false;
    const highest = this.#highestWritten;
    if (highest === undefined) return true;
    for (const c of candidates) if (compareKeys(c.itemName, highest) <= 0) return false;
    return true;
  }

  /**
   * Whether a tombstone stands: a scan's, when the item is gone; a delete-log entry's, by its state.
   * An item still there with an older stamp, or none, was not deleted (the delete-log entry is
   * written before the delete, so a failed delete leaves such an entry).
   */
  async #deletionConfirmed(c: Extract<Candidate, { kind: 'tombstone' }>, stored: readonly StoredVersion[], itemReads: Map<string, Promise<GetAttributesOutput>>): Promise<boolean> {
    let read = itemReads.get(c.itemName);
    if (!read) itemReads.set(c.itemName, (read = this.#job.client.getAttributes({ DomainName: this.#job.domain, ItemName: c.itemName, ConsistentRead: true })));
    const out = await read;
    const gone = out.Attributes.length === 0;
    if (c.origin === 'scan') return gone;
    if (c.logState === 'pending') return this.#pendingEntryStands(c, gone, stored);
    if (gone) return true;
    // A log entry marked done, or from a writer older than the mark: re-created when it lives again
    // with a later stamp.
    const stamps = out.Attributes.filter((a) => a.Name === this.#job.config.stampAttribute);
    const stampMs = stamps.length === 1 ? parseStamp(stamps[0]!.Value) : undefined;
    return stampMs !== undefined && stampMs > c.deletedAt;
  }

  /**
   * A `pending` entry (not marked done: its writer stopped, failed to mark it, or has not finished)
   * may be a delete that never happened, and a deletion recorded from it would leave a live item
   * out of every restore between the entry and the item's next known life. It stands only with no
   * sign of life after it: the item gone now, no version of it in the history from after the entry
   * (a run before saw it live, or deleted, since), and no later log entry for it (a later delete,
   * the usual retry of a failed one, is then the deletion). Otherwise the item's own later versions
   * and deletions say what happened; at worst its old version shows a while longer (nothing lost).
   */
  async #pendingEntryStands(c: Extract<Candidate, { kind: 'tombstone' }>, gone: boolean, stored: readonly StoredVersion[]): Promise<boolean> {
    let why: string | undefined;
    if (!gone) why = 'the item is still there';
    else if (stored.some((v) => v.validFrom > c.deletedAt)) why = 'a later version of the item is backed up';
    else if (await this.#laterLogEntry(c)) why = 'the log has a later entry for the item';
    if (why === undefined) return true;
    this.#job.log(`${this.#job.domain}: the delete-log entry for item ${JSON.stringify(c.itemName)} of ${new Date(c.deletedAt).toISOString()} is not marked done (its writer stopped, or could not mark it), and ${why}: no deletion recorded from it`);
    return false;
  }

  /** Whether the delete log holds an entry for the same item dated after this one (a consistent Select, a pending entry's only). */
  async #laterLogEntry(c: Extract<Candidate, { kind: 'tombstone' }>): Promise<boolean> {
    const { config, domain } = this.#job;
    const after = quoteValue(formatStamp(new Date(c.deletedAt)));
    // Dated by deletedAt, or by the stamp alone (deleteLogCandidate takes either).
    const later = `(${quoteName(LOG.deletedAt)} > ${after} or ${quoteName(config.stampAttribute)} > ${after})`;
    // Never the entry itself (its stamp may be later than its deletedAt in a log written by hand).
    const other = c.entryName === undefined ? '' : ` and itemName() != ${quoteValue(c.entryName)}`;
    const expression = `select itemName() from ${quoteName(config.deleteLogDomain)} where ${quoteName(LOG.domain)} = ${quoteValue(domain)} and ${quoteName(LOG.itemName)} = ${quoteValue(c.itemName)} and ${later}${other} limit 1`;
    for await (const entry of selectItems(this.#job.client, { SelectExpression: expression, ConsistentRead: true })) {
      void entry;
      return true;
    }
    return false;
  }
}
