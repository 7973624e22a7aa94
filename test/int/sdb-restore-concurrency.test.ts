// A SimpleDB restore keeps several batch calls in flight (target-writer.ts): one at a time, each
// call a round trip, a restore 20 ms from SimpleDB wrote about 400 items a second. What must still
// hold: calls of one kind only overlap one another (removals, then puts, then deletions, each step
// over before the next begins), and after a failure nothing reads the target again, to check it or
// to put a live domain back, before every call in flight has answered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import type { SdbRestoreClient, SdbRestoreOptions } from '../../src/backends/simpledb/types.ts';
import { CALLS_AT_ONCE } from '../../src/backends/simpledb/target-writer.ts';
import type { SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import { runSdbRestore } from '../../src/backends/simpledb/restore.ts';
import { RestoreError } from '../../src/backends/restore-error.ts';
import { silentLogger } from '../../src/report/logger.ts';
import type { HistoryStore } from '../../src/stores/history/types.ts';
import { backupConfig, createTestDatabase, FakeClock, GroundTruth, historyOf, liveDomain, plain, restoreClient, type TestDatabase } from './sdb-backup-support.ts';

const LIVE = 'concurrent_live';
/** Items in the domain: with batches of 5, many more put calls than CALLS_AT_ONCE. */
const ITEMS = 120;

/** One batch call as the wrapped client saw it: its kind, and when it began and answered. */
interface Call {
  kind: 'put' | 'delete';
  started: number;
  ended: number;
}

describe('SimpleDB restore: batch calls in flight together', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  let atT = 0;

  const config = (): SimpleDbBackupConfig => backupConfig(db, [LIVE], { fullScan: 'always' });
  const restore = (options: Partial<SdbRestoreOptions>, client: SdbRestoreClient) =>
    runSdbRestore(
      { at: new Date(atT), domains: [LIVE], target: { kind: 'new' }, dryRun: false, batchSize: 5, ...options },
      { history: historyOf(db.conn), client: client as never, logger: silentLogger, now: clock.now, backup: config() },
    );
  /**
   * The real client, each batch call held `delayMs` before it is sent (so calls overlap as they
   * would 20 ms from SimpleDB) and recorded; `fail` may throw instead of answering (after the
   * call was applied, as when an answer is lost).
   */
  const recording = (calls: Call[], delayMs: number, fail?: (kind: 'put' | 'delete', index: number) => boolean) => {
    const wrap = <I,>(kind: 'put' | 'delete', send: (input: I) => Promise<unknown>) => async (input: I) => {
      const call: Call = { kind, started: performance.now(), ended: Number.NaN };
      const index = calls.push(call) - 1;
      try {
        await sleep(delayMs);
        await send(input);
        if (fail?.(kind, index)) throw new Error(`the answer to call ${index + 1} was lost (test)`);
      } finally {
        call.ended = performance.now();
      }
    };
    return restoreClient(sdb.client, {
      batchPutAttributes: wrap('put', (input) => sdb.client.batchPutAttributes(input)),
      batchDeleteAttributes: wrap('delete', (input) => sdb.client.batchDeleteAttributes(input)),
    });
  };
  /** `store`, calling `onItem` for each item at T it yields (a restore's reading of the history). */
  const countingReads = (store: HistoryStore, onItem: () => void): HistoryStore =>
    new Proxy(store, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver) as unknown;
        if (prop !== 'existingDomain') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(obj) : value;
        return async (domain: string) => {
          const history = await obj.existingDomain(domain);
          if (!history) return history;
          return Object.assign(Object.create(history) as typeof history, {
            stateAsOf: async function* (time: number) {
              for await (const item of history.stateAsOf(time)) {
                onItem();
                yield item;
              }
            },
          });
        };
      },
    });
  /** The most calls of `kind` in flight at one moment. */
  const mostAtOnce = (calls: readonly Call[], kind: Call['kind']): number => {
    let most = 0;
    for (const c of calls) if (c.kind === kind) most = Math.max(most, calls.filter((o) => o.kind === kind && o.started <= c.started && o.ended > c.started).length);
    return most;
  };

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    await sdb.client.createDomain({ DomainName: LIVE });
    await truth.writer.ensureDeleteLog();
    for (let i = 0; i < ITEMS; i++) await truth.put(LIVE, `i${String(i).padStart(3, '0')}`, { name: `Item ${i}`, tags: ['a', `t${i % 3}`] });
    clock.tick(5000);
    await runSimpleDbBackup(config(), { client: sdb.client, history: historyOf(db.conn), now: clock.now });
    atT = clock.tick(5000);
    // After T: every item changed, one gains an attribute, one is new: a restore in place puts them
    // all back, removes the attribute and deletes the new item.
    for (let i = 0; i < ITEMS; i++) await truth.put(LIVE, `i${String(i).padStart(3, '0')}`, { name: `Changed ${i}` }, true);
    await truth.put(LIVE, 'i000', { extra: 'gained after T' });
    await truth.put(LIVE, 'new-after-t', { note: 'created after T' });
    clock.tick(5000);
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  test(`a restore into a new domain sends up to ${CALLS_AT_ONCE} put calls at once and writes every item exactly`, async () => {
    const calls: Call[] = [];
    const result = await restore({ target: { kind: 'domain', name: 'concurrent-copy' } }, recording(calls, 15));
    assert.equal(result.status, 'complete');
    assert.equal(result.totals.put, ITEMS);
    assert.equal(result.domains[0]!.counts.batchCalls, ITEMS / 5, 'every call counted once it answered');
    assert.equal(mostAtOnce(calls, 'put'), CALLS_AT_ONCE, 'the puts overlap, up to the limit and no further');
    assert.deepStrictEqual(plain(await liveDomain(sdb.client, 'concurrent-copy')), plain(truth.at(LIVE, atT)));
  });

  test('in place: removals, puts and deletions never overlap one another, and the domain ends exactly as at T', async () => {
    const calls: Call[] = [];
    const result = await restore({ target: { kind: 'in-place', confirmed: true } }, recording(calls, 15));
    assert.equal(result.status, 'complete');
    assert.equal(result.totals.removed, 1, 'the item created after T is deleted');
    assert.equal(result.totals.attributesRemoved, 1);
    assert.ok(mostAtOnce(calls, 'put') > 1, 'the puts overlap');
    // Every delete call (the extra attribute's, then the new item's) begins after every put answered.
    const lastPut = Math.max(...calls.filter((c) => c.kind === 'put').map((c) => c.ended));
    const deletes = calls.filter((c) => c.kind === 'delete');
    assert.equal(deletes.length, 2);
    for (const d of deletes) assert.ok(d.started >= lastPut, 'a removal began before every put had answered');
    assert.ok(deletes[1]!.started >= deletes[0]!.ended, 'the deletion of the item began before the removal of the attribute answered');
    assert.deepStrictEqual(plain(await liveDomain(sdb.client, LIVE)), plain(truth.at(LIVE, atT)));
    // Back as it was after T, for the next test (the restore's own safety backup recorded it).
    for (let i = 0; i < ITEMS; i++) await truth.put(LIVE, `i${String(i).padStart(3, '0')}`, { name: `Changed again ${i}` }, true);
    await truth.put(LIVE, 'new-after-t', { note: 'created again' });
    clock.tick(5000);
  });

  test('in place, a put that fails while others are in flight: the domain is read back only once every call has answered, and is as it was', async () => {
    const liveBefore = plain(await liveDomain(sdb.client, LIVE));
    const calls: Call[] = [];
    /** When the restore first read the target after the failure (its rollback). */
    let readAfterFailure: number | undefined;
    let failedAt: number | undefined;
    const client = recording(calls, 25, (kind, index) => {
      // The third call fails at once (applied, its answer lost); the calls beside it take 25 ms more.
      if (kind !== 'put' || index !== 2 || failedAt !== undefined) return false;
      failedAt = performance.now();
      return true;
    });
    const select = client.select.bind(client);
    client.select = async (input, options) => {
      if (failedAt !== undefined) readAfterFailure ??= performance.now();
      return select(input, options);
    };
    await assert.rejects(restore({ target: { kind: 'in-place', confirmed: true } }, client), (error: Error) => {
      assert.ok(error instanceof RestoreError, String(error));
      assert.match(error.message, /the answer to call 3 was lost/);
      assert.match(error.message, /put back as it found them and read back: concurrent_live is as it was/);
      return true;
    });
    assert.ok(readAfterFailure !== undefined, 'the rollback read the domain');
    const putsBeforeRollback = calls.filter((c) => c.kind === 'put' && c.started < readAfterFailure!);
    assert.ok(putsBeforeRollback.length > 3, 'other puts were in flight when the third failed');
    for (const c of putsBeforeRollback) assert.ok(c.ended <= readAfterFailure!, `a put (call ${calls.indexOf(c) + 1}) answered after the rollback read the domain`);
    // The rollback writes two calls at a time (into what is likeliest throttling), not eight.
    assert.equal(mostAtOnce(calls.filter((c) => c.started > readAfterFailure!), 'put'), 2);
    assert.deepStrictEqual(plain(await liveDomain(sdb.client, LIVE)), liveBefore, 'the live domain is exactly as it was');
  });
  test('in place, a put that fails while the items after it need no write: the restore stops at once, not at the end of the history', async () => {
    const DOMAIN = 'late_failure';
    await sdb.client.createDomain({ DomainName: DOMAIN });
    for (let i = 0; i < 200; i++) await truth.put(DOMAIN, `k${String(i).padStart(3, '0')}`, { v: String(i) });
    clock.tick(5000);
    const backup = { ...config(), domains: [DOMAIN] };
    await runSimpleDbBackup(backup, { client: sdb.client, history: historyOf(db.conn), now: clock.now });
    const at = clock.tick(5000);
    // After T only the first six items change: the sixth put sends the first five, and the 194
    // items after it need no write (so no call to the writer would see the failure).
    for (let i = 0; i < 6; i++) await truth.put(DOMAIN, `k${String(i).padStart(3, '0')}`, { v: `changed ${i}` }, true);
    clock.tick(5000);
    const liveBefore = plain(await liveDomain(sdb.client, DOMAIN));
    // Items read from the history once the first put failed (an in-place restore reads them all
    // once before, for damaged rows, before it writes anything).
    let failed = false;
    let read = 0;
    const client = restoreClient(sdb.client, {
      batchPutAttributes: async () => {
        failed = true;
        throw new Error('throttled for good (test)');
      },
    });
    await assert.rejects(
      runSdbRestore(
        { at: new Date(at), domains: [DOMAIN], target: { kind: 'in-place', confirmed: true }, dryRun: false, batchSize: 5 },
        { history: countingReads(historyOf(db.conn), () => void (failed && read++)), client: client as never, logger: silentLogger, now: clock.now, backup },
      ),
      /throttled for good/,
    );
    assert.ok(failed, 'a put was sent');
    assert.ok(read < 20, `${read} of the 200 items at T were read after the first put failed`);
    assert.deepStrictEqual(plain(await liveDomain(sdb.client, DOMAIN)), liveBefore, 'the live domain is as it was');
  });
  test('a dry run in place lists its deletions first, ahead of the puts, however many puts it plans', async () => {
    const plan = await restore({ target: { kind: 'in-place', confirmed: true }, dryRun: true, listLimit: 5 }, sdb.client as never);
    const planned = plan.domains[0]!.planned;
    assert.deepEqual(planned[0], { item: 'new-after-t', action: 'delete' });
    assert.equal(planned.length, 5);
    assert.ok(planned.slice(1).every((p) => p.action === 'put'));
    assert.equal(planned.length + plan.domains[0]!.plannedLeftOut, plan.totals.put + plan.totals.removed);
  });
});
