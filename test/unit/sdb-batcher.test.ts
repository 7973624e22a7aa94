// The Batcher's first-run shortcut: while a domain that had no history is read in item-name order,
// a batch can have no stored version and is not looked up; a batch with any name at or before one
// already written (a page out of order, an item read twice) is looked up as usual, so it is planned
// against what the run has just written.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Batcher } from '../../src/backends/simpledb/batcher.ts';
import { contentHash, type ItemCandidate, type StoredVersion } from '../../src/backends/simpledb/plan.ts';
import type { BatchTarget } from '../../src/backends/simpledb/plan-only.ts';
import type { DomainBackupResult, DomainJob } from '../../src/backends/simpledb/types.ts';
import type { HistoryBatch } from '../../src/stores/history/types.ts';

const RUN_START = Date.UTC(2026, 5, 1);

/** A history in memory that records the lookups it is asked for. */
function memoryTarget(): { target: BatchTarget; lookups: string[][]; written: HistoryBatch[] } {
  const stored = new Map<string, StoredVersion[]>();
  const lookups: string[][] = [];
  const written: HistoryBatch[] = [];
  let id = 0;
  const target: BatchTarget = {
    tables: { current: 'c', history: 'h', versions: 'v' },
    async loadVersions(names) {
      lookups.push([...names]);
      const out = new Map<string, StoredVersion[]>();
      for (const n of names) if (stored.has(n)) out.set(n, stored.get(n)!);
      return out;
    },
    async ensureColumns() {},
    async writeBatch(batch) {
      written.push(batch);
      for (const v of batch.versions) {
        const list = stored.get(v.itemName) ?? [];
        list.push({ validFrom: v.validFrom, versionId: ++id, hash: v.hash, deleted: v.deleted });
        stored.set(v.itemName, list);
      }
    },
    async unseenItems() {
      return [];
    },
    async historyItemsAfter() {
      return [];
    },
    async liveItemsAfter() {
      return [];
    },
  };
  return { target, lookups, written };
}

function item(name: string, n: string, stampMs = Date.UTC(2026, 0, 1)): ItemCandidate {
  const stamp = new Date(stampMs).toISOString();
  const attributes = { lastModified: [stamp], n: [n] };
  return { kind: 'item', itemName: name, attributes, hash: contentHash(attributes), stamp };
}

function batcherOf(target: BatchTarget, historyEmptyAtStart: boolean): { batcher: Batcher; result: DomainBackupResult } {
  const job = { config: { batchSize: 2, stampAttribute: 'lastModified' }, runStart: RUN_START, runId: 'r', domain: 'd', batches: 0 } as unknown as DomainJob;
  const result = { versionsWritten: 0, tombstones: 0, unchangedSkipped: 0, tombstonesSkipped: 0 } as DomainBackupResult;
  return { batcher: new Batcher(job, target, result, { markSeen: false, historyEmptyAtStart }), result };
}

test('batches in name order after an empty history are not looked up', async () => {
  const { target, lookups } = memoryTarget();
  const { batcher, result } = batcherOf(target, true);
  for (const name of ['a', 'b', 'c', 'd', 'e']) await batcher.add(item(name, name));
  await batcher.flush();
  assert.deepEqual(lookups, []);
  assert.equal(result.versionsWritten, 5);
});

test('a batch with a name already written is looked up and planned against it', async () => {
  const { target, lookups, written } = memoryTarget();
  const { batcher, result } = batcherOf(target, true);
  // 'b' again, unchanged, then a stale-stamped change of 'c' (same stamp as its first version).
  for (const c of [item('a', '1'), item('b', '1'), item('b', '1'), item('c', '1'), item('c', '2'), item('d', '1')]) await batcher.add(c);
  await batcher.flush();
  assert.deepEqual(lookups, [['b', 'c'], ['c', 'd']]);
  assert.equal(result.versionsWritten, 5, 'a, b, c, its change, d');
  assert.equal(result.unchangedSkipped, 1, 'b read twice: one version');
  const cChange = written.flatMap((b) => b.versions).filter((v) => v.itemName === 'c');
  assert.deepEqual(
    cChange.map((v) => v.origin),
    ['stamp', 'observed'],
    'the second read of c (same stamp, other content) is planned against the first: a stale stamp, observed at the run start',
  );
});

test('out of order, every batch is looked up; without the shortcut, all are', async () => {
  const one = memoryTarget();
  const ordered = batcherOf(one.target, true);
  for (const name of ['m', 'n', 'a', 'b']) await ordered.batcher.add(item(name, name));
  await ordered.batcher.flush();
  assert.deepEqual(one.lookups, [['a', 'b']]);

  const two = memoryTarget();
  const plain = batcherOf(two.target, false);
  for (const name of ['a', 'b', 'c']) await plain.batcher.add(item(name, name));
  await plain.batcher.flush();
  assert.deepEqual(two.lookups, [['a', 'b'], ['c']]);
});

/**
 * memoryTarget with `given` concurrent writers (asked for by index; none past them): records how
 * many writes were in flight at once, the writer of each batch (0: the target's own), and the
 * indexes asked for. `failing`: the batch (counted from 1) whose write fails at once, by itself.
 */
function concurrentTarget(given: number, failing?: number): { target: BatchTarget; maxInFlight: () => number; inFlight: () => number; writers: number[]; asked: number[] } {
  const base = memoryTarget();
  let inFlight = 0;
  let max = 0;
  const writers: number[] = [];
  const asked: number[] = [];
  // A write takes a few turns of the event loop, as a real one does; the first batch takes longer.
  const slow = async (writer: number, write: () => Promise<void>): Promise<void> => {
    const batch = writers.push(writer);
    max = Math.max(max, ++inFlight);
    try {
      if (batch === failing) throw new Error(`batch ${batch} failed`);
      for (let i = 0; i < (batch === 1 ? 12 : 3); i++) await new Promise((resolve) => setImmediate(resolve));
      await write();
    } finally {
      inFlight--;
    }
  };
  const writerOf = (index: number): Pick<BatchTarget, 'writeBatch'> => ({ writeBatch: (batch, options) => slow(index, async () => (await options?.beforeCommit?.(), base.target.writeBatch(batch))) });
  const target: BatchTarget = {
    ...base.target,
    writeBatch: writerOf(0).writeBatch,
    async concurrentWriter(index = 0) {
      asked.push(index);
      return index < given ? writerOf(index + 1) : undefined;
    },
  };
  return { target, maxInFlight: () => max, inFlight: () => inFlight, writers, asked };
}

test('with concurrent writers, batches in name order are written up to three at a time, in turn on each; a batch out of name order is not', async () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
  const three = concurrentTarget(2);
  const a = batcherOf(three.target, true);
  for (const name of names) await a.batcher.add(item(name, name));
  await a.batcher.flush();
  assert.equal(a.result.versionsWritten, 10, 'flush waits for every batch');
  assert.equal(three.maxInFlight(), 3);
  assert.deepEqual(three.writers, [0, 1, 2, 0, 1], 'in turn');
  assert.deepEqual(three.asked, [0, 1], 'each asked for once');

  // A target that gives one concurrent writer: two at a time.
  const two = concurrentTarget(1);
  const b = batcherOf(two.target, true);
  for (const name of names) await b.batcher.add(item(name, name));
  await b.batcher.flush();
  assert.equal(b.result.versionsWritten, 10);
  assert.equal(two.maxInFlight(), 2);
  assert.deepEqual(two.writers, [0, 1, 0, 1, 0]);
  assert.deepEqual(two.asked, [0, 1], 'the second refused: not asked again');

  // One batch: no concurrent writer is asked for (a further connection would be opened for nothing).
  const one = concurrentTarget(2);
  const c = batcherOf(one.target, true);
  for (const name of ['a', 'b']) await c.batcher.add(item(name, name));
  await c.batcher.flush();
  assert.deepEqual(one.asked, []);

  // Lookup-free (nothing written yet) but out of name order: a padded statement ending with its
  // smallest row would lock a gap the batch before it may still write into.
  const outOfOrder = concurrentTarget(2);
  const d = batcherOf(outOfOrder.target, true);
  for (const name of ['b', 'a', 'd', 'c', 'f', 'e']) await d.batcher.add(item(name, name));
  await d.batcher.flush();
  assert.equal(d.result.versionsWritten, 6);
  assert.equal(outOfOrder.maxInFlight(), 1, 'one at a time');
  assert.deepEqual(outOfOrder.writers, [0, 0, 0]);
});

test('a batch that fails by itself while the ones before it are still in flight: finish waits for all of them, and nothing after it commits', async () => {
  const three = concurrentTarget(2, 3);
  const a = batcherOf(three.target, true);
  let failure: unknown;
  try {
    // The last batch: its failure is met by flush, while the first (slow) is still being written.
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) await a.batcher.add(item(name, name));
    await a.batcher.flush();
  } catch (err) {
    failure = err;
    await a.batcher.finish().catch(() => undefined);
  }
  assert.match(String(failure), /batch 3 failed/);
  assert.equal(three.inFlight(), 0, 'no write still in flight once finish returns');
  assert.equal(a.result.versionsWritten, 4, 'the two batches before it committed, none after it');
});
