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

/** memoryTarget with a concurrent writer: both record how many writes were in flight at once. */
function concurrentTarget(): { target: BatchTarget; maxInFlight: () => number; onSecond: () => number } {
  const base = memoryTarget();
  let inFlight = 0;
  let max = 0;
  let second = 0;
  // A write takes a few turns of the event loop, as a real one does.
  const slow = async (write: () => Promise<void>): Promise<void> => {
    max = Math.max(max, ++inFlight);
    try {
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      await write();
    } finally {
      inFlight--;
    }
  };
  const target: BatchTarget = {
    ...base.target,
    writeBatch: (batch, options) => slow(async () => (await options?.beforeCommit?.(), base.target.writeBatch(batch))),
    async concurrentWriter() {
      return { writeBatch: (batch, options) => slow(async () => (second++, await options?.beforeCommit?.(), base.target.writeBatch(batch))) };
    },
  };
  return { target, maxInFlight: () => max, onSecond: () => second };
}

test('with a concurrent writer, batches in name order are written two at a time, on both writers; a batch out of name order is not', async () => {
  const inOrder = concurrentTarget();
  const a = batcherOf(inOrder.target, true);
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) await a.batcher.add(item(name, name));
  await a.batcher.flush();
  assert.equal(a.result.versionsWritten, 6, 'flush waits for every batch');
  assert.equal(inOrder.maxInFlight(), 2);
  assert.equal(inOrder.onSecond(), 1, 'the second of three batches went on the concurrent writer');

  // Lookup-free (nothing written yet) but out of name order: a padded statement ending with its
  // smallest row would lock a gap the batch before it may still write into.
  const outOfOrder = concurrentTarget();
  const b = batcherOf(outOfOrder.target, true);
  for (const name of ['b', 'a', 'd', 'c', 'f', 'e']) await b.batcher.add(item(name, name));
  await b.batcher.flush();
  assert.equal(b.result.versionsWritten, 6);
  assert.equal(outOfOrder.maxInFlight(), 1, 'one at a time');
  assert.equal(outOfOrder.onSecond(), 0);
});
