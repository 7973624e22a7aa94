// The history store contract (src/stores/history/types.ts): what every store the SimpleDB backend
// writes its history into must do, run against each store of test/support/history-stores.ts on
// its real server. Each test works in its own namespace (in MySQL, a table prefix) of one
// throwaway database, and opens a session per store it needs.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { canonicalAttributes, contentHash, TOMBSTONE_HASH, type AttributeMap } from '../../src/backends/simpledb/plan.ts';
import { compareKeys } from '../../src/plan/keys.ts';
import type { DomainHistory, DomainRunCounts, HistoryVersion, StateItem } from '../../src/stores/history/types.ts';
import { HISTORY_STORES, type HistoryStoreBackend, type OpenedHistoryStore } from '../support/history-stores.ts';
import { assertInheritsNothing } from '../support/name-maps.ts';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const min = (n: number): number => T0 + n * 60_000;
const NO_COUNTS: DomainRunCounts = { itemsRead: 0, versionsWritten: 0, tombstones: 0, unchanged: 0 };

function attrs(o: Record<string, string | readonly string[]>): AttributeMap {
  return canonicalAttributes(Object.entries(o).flatMap(([Name, v]) => (typeof v === 'string' ? [v] : v).map((Value) => ({ Name, Value }))));
}

/** A live version (attributes) or a deletion (null). */
function version(itemName: string, at: number, content: AttributeMap | null): HistoryVersion {
  return content === null
    ? { itemName, validFrom: at, stamp: null, deleted: true, origin: 'delete-log', hash: TOMBSTONE_HASH, attributes: null }
    : { itemName, validFrom: at, stamp: new Date(at).toISOString(), deleted: false, origin: 'stamp', hash: contentHash(content), attributes: content };
}

/** Writes versions the way the backup does: columns first, then one batch whose current state is each item's latest version written. */
async function write(domain: DomainHistory, runId: string, versions: HistoryVersion[], seen?: string[]): Promise<void> {
  const current = new Map<string, HistoryVersion>();
  for (const v of versions) {
    const previous = current.get(v.itemName);
    if (!previous || previous.validFrom <= v.validFrom) current.set(v.itemName, v);
  }
  const names = new Set<string>();
  for (const v of current.values()) for (const n of Object.keys(v.attributes ?? {})) names.add(n);
  await domain.ensureColumns(names);
  await domain.writeBatch({ runId, versions, current, ...(seen ? { seen } : {}) });
}

async function stateAt(domain: DomainHistory, at: number, pageSize?: number): Promise<StateItem[]> {
  const out: StateItem[] = [];
  for await (const item of domain.stateAsOf(at, pageSize)) out.push(item);
  return out;
}

/** name -> plain attributes, for deepEqual. */
function plain(items: StateItem[]): [string, Record<string, string[]>][] {
  return items.map((i) => [i.name, { ...i.attributes }]);
}

for (const harness of HISTORY_STORES) {
  describe(`history store contract: ${harness.name}`, () => {
    let backend: HistoryStoreBackend;
    let opened: OpenedHistoryStore[] = [];
    let namespaces = 0;
    /** A store in a namespace of its own (or in `namespace`, shared with the stores opened with it). */
    const open = async (namespace?: string): Promise<OpenedHistoryStore> => {
      const store = await backend.open(namespace ?? `n${++namespaces}`);
      opened.push(store);
      return store;
    };
    const fresh = async (): Promise<{ store: OpenedHistoryStore; namespace: string }> => {
      const namespace = `n${++namespaces}`;
      const store = await open(namespace);
      await store.ensureSchema();
      return { store, namespace };
    };

    before(async () => {
      backend = await harness.setUp();
    });
    afterEach(async () => {
      for (const store of opened) await store.close().catch(() => undefined);
      opened = [];
    });
    after(async () => {
      await backend?.tearDown();
    });

    test('a store never written to reads as empty, and creating its schema twice changes nothing', async () => {
      const store = await open();
      assert.deepEqual([...(await store.readWatermarks())], []);
      assert.deepEqual([...(await store.backedUpDomains())], []);
      assert.deepEqual([...(await store.domainsWithHistory())], []);
      assert.equal(await store.existingDomain('users'), undefined);
      await store.checkPrivileges();

      await store.ensureSchema();
      const users = await store.openDomain('users');
      await write(users, 'r1', [version('ann', min(1), attrs({ city: 'Oslo' }))]);
      await store.ensureSchema();
      const again = await store.openDomain('users');
      assert.deepEqual(again.tables, users.tables, 'the same tables');
      assert.deepEqual(plain(await stateAt(again, min(2))), [['ann', { city: ['Oslo'] }]], 'the data survived');
      assert.deepEqual([...(await store.domainsWithHistory())], ['users']);
      assert.deepEqual([...(await store.backedUpDomains())], [], 'no successful run yet');
    });

    test('runs: only successful ones count; the watermark never moves back; interrupted runs are settled once', async () => {
      const { store } = await fresh();
      const domain = await store.openDomain('users');
      await store.startRun({ runId: 'run-a', domain: 'users', mode: 'full', startedAt: min(1), watermarkBefore: undefined });
      assert.deepEqual([...(await store.readWatermarks())], [], 'a running run has no watermark');
      await store.finishRun({ runId: 'run-a', domain: 'users', finishedAt: min(2), watermarkAfter: '2026-01-01T12:01:30.000Z', counts: { itemsRead: 3, versionsWritten: 3, tombstones: 0, unchanged: 0 } });
      const afterA = (await store.readWatermarks()).get('users');
      assert.deepEqual(afterA, { domain: 'users', watermark: '2026-01-01T12:01:30.000Z', lastRunId: 'run-a', lastFinishedAt: new Date(min(2)).toISOString() });

      // A failed run: its watermark never counts, and what its full scan saw is forgotten.
      await store.startRun({ runId: 'run-b', domain: 'users', mode: 'full', startedAt: min(3), watermarkBefore: afterA!.watermark });
      await write(domain, 'run-b', [version('ann', min(3), attrs({ a: '1' }))], ['ann']);
      assert.deepEqual(await domain.unseenItems('run-b', undefined, 10), []);
      await store.failRun({ runId: 'run-b', domain: 'users', finishedAt: min(4), error: 'x'.repeat(100_000), counts: NO_COUNTS });
      assert.deepEqual(await domain.unseenItems('run-b', undefined, 10), ['ann']);
      assert.deepEqual((await store.readWatermarks()).get('users'), afterA);

      // A run left running by a process that died is settled once, as failed.
      await store.startRun({ runId: 'run-c', domain: 'users', mode: 'incremental', startedAt: min(5), watermarkBefore: afterA!.watermark });
      await store.startRun({ runId: 'run-c', domain: 'orders', mode: 'full', startedAt: min(5), watermarkBefore: undefined });
      assert.equal(await store.settleInterruptedRuns(min(6)), 2);
      assert.equal(await store.settleInterruptedRuns(min(7)), 0);
      assert.deepEqual((await store.readWatermarks()).get('users'), afterA);
      assert.equal((await store.readWatermarks()).has('orders'), false);

      // A later successful run with a lower watermark: the highest reached stays.
      await store.startRun({ runId: 'run-d', domain: 'users', mode: 'incremental', startedAt: min(8), watermarkBefore: afterA!.watermark });
      await store.finishRun({ runId: 'run-d', domain: 'users', finishedAt: min(9), watermarkAfter: '2026-01-01T12:00:10.000Z', counts: NO_COUNTS });
      assert.deepEqual((await store.readWatermarks()).get('users'), { domain: 'users', watermark: '2026-01-01T12:01:30.000Z', lastRunId: 'run-d', lastFinishedAt: new Date(min(9)).toISOString() });
      assert.deepEqual([...(await store.backedUpDomains())], [['users', { first: min(1), last: min(9) }]]);
      assert.deepEqual([...(await store.domainsWithHistory())], ['users'], 'orders never got a history');
    });

    test('the lock: one session at a time per namespace, released by unlock or by the session ending', async () => {
      const { store: first, namespace } = await fresh();
      const second = await open(namespace);
      const elsewhere = await open();
      assert.equal(await first.lock(), true);
      assert.equal(await second.lock(), false, 'held by another session');
      assert.equal(await elsewhere.lock(), true, 'another namespace has its own lock');
      await first.unlock();
      assert.equal(await second.lock(), true);
      await second.close();
      const third = await open(namespace);
      // The server frees a closed session's locks as it tears the session down, a moment after
      // the client's QUIT: under load that moment can come after the next lock attempt.
      let locked = await third.lock();
      for (let waited = 0; !locked && waited < 5000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        locked = await third.lock();
      }
      assert.equal(locked, true, 'a session that ended released its lock (within 5 s)');
      await third.unlock();
      await elsewhere.unlock();
    });

    test('a new domain has no history and no live item (a first run relies on it to skip lookups and seen names)', async () => {
      const { store } = await fresh();
      const domain = await store.openDomain('empty');
      assert.deepEqual(await domain.historyItemsAfter(undefined, 1), []);
      assert.deepEqual(await domain.liveItemsAfter(undefined, 1), []);
      await write(domain, 'r1', [version('gone', min(1), null)]);
      assert.deepEqual(await domain.historyItemsAfter(undefined, 1), ['gone'], 'a deletion alone is history');
      assert.deepEqual(await domain.liveItemsAfter(undefined, 1), [], 'but no live item');
    });

    test('a batch is all or nothing: a failure before its commit leaves nothing of it, seen names included', async () => {
      const { store } = await fresh();
      const domain = await store.openDomain('users');
      await write(domain, 'r1', [version('ann', min(1), attrs({ a: '1' }))], ['ann']);
      const batch = [version('bob', min(2), attrs({ b: '1' })), version('ann', min(2), attrs({ a: '2' }))];
      await domain.ensureColumns(['a', 'b']);
      await assert.rejects(
        domain.writeBatch(
          { runId: 'r1', versions: batch, current: new Map(batch.map((v) => [v.itemName, v])), seen: ['bob'] },
          {
            beforeCommit: () => {
              throw new Error('crash before commit');
            },
          },
        ),
        /crash before commit/,
      );
      assert.deepEqual([...(await domain.loadVersions(['ann', 'bob']))].map(([n, vs]) => [n, vs.length]), [['ann', 1]]);
      assert.deepEqual(plain(await stateAt(domain, min(5))), [['ann', { a: ['1'] }]]);
      assert.deepEqual(await domain.liveItemsAfter(undefined, 10), ['ann']);
      assert.deepEqual(await domain.unseenItems('r1', undefined, 10), [], 'ann was seen by the committed batch');

      // The same session goes on; writing a batch twice adds each version once.
      await write(domain, 'r2', batch);
      await write(domain, 'r3', batch);
      assert.deepEqual([...(await domain.loadVersions(['ann', 'bob']))].map(([n, vs]) => [n, vs.length]), [['ann', 2], ['bob', 1]]);
    });

    test('a session cut before the commit leaves nothing of the batch, and says the connection is lost', async (t) => {
      if (!backend.cutConnection) return t.skip('this store cannot simulate a cut session');
      const { store, namespace } = await fresh();
      const domain = await store.openDomain('users');
      const batch = [version('ann', min(1), attrs({ a: '1' }))];
      await domain.ensureColumns(['a']);
      let error: unknown;
      await domain.writeBatch({ runId: 'r1', versions: batch, current: new Map([['ann', batch[0]!]]) }, { beforeCommit: () => backend.cutConnection!(store) }).catch((e: unknown) => (error = e));
      assert.ok(error, 'the batch failed');
      assert.equal(store.isConnectionLost(error), true, String(error));
      assert.equal(store.isConnectionLost(new Error('Duplicate entry')), false);
      const other = await open(namespace);
      const reread = await other.existingDomain('users');
      assert.deepEqual([...(await reread!.loadVersions(['ann']))], []);
      assert.deepEqual(await stateAt(reread!, min(5)), []);
    });

    test("sessions (optional): none without the lock; a session writes under the store's lock, and commits nothing, nor a run's success, once another holds it", async (t) => {
      const { store, namespace } = await fresh();
      if (!store.domainSession) return t.skip('this store offers no sessions');
      assert.equal(await store.domainSession(), undefined, 'no session without the lock');
      assert.equal(await store.lock(), true);
      const session = await store.domainSession();
      assert.ok(session, 'a session once the lock is held');
      try {
        assert.equal(await session.alive(), true);
        const domain = await session.openDomain('users');
        await session.startRun({ runId: 'r1', domain: 'users', mode: 'incremental', startedAt: min(0), watermarkBefore: undefined });
        await write(domain, 'r1', [version('ann', min(1), attrs({ a: '1' }))]);
        await session.finishRun({ runId: 'r1', domain: 'users', finishedAt: min(2), watermarkAfter: '2026-01-01T12:01:00.000Z', counts: NO_COUNTS });
        const throughStore = await store.existingDomain('users');
        assert.deepEqual(plain(await stateAt(throughStore!, min(5))), [['ann', { a: ['1'] }]]);
        assert.equal((await store.readWatermarks()).get('users')?.watermark, '2026-01-01T12:01:00.000Z');

        if (!backend.cutConnection) return;
        // The store's session ends (its lock with it) and another store of the namespace takes the lock.
        await session.startRun({ runId: 'r2', domain: 'users', mode: 'incremental', startedAt: min(3), watermarkBefore: '2026-01-01T12:01:00.000Z' });
        backend.cutConnection(store);
        const other = await open(namespace);
        let taken = false;
        for (let tries = 0; !taken && tries < 100; tries++) taken = (await other.lock()) || (await new Promise((r) => setTimeout(r, 20)), false);
        assert.equal(taken, true, 'another store took the lock');
        let error: unknown;
        await write(domain, 'r2', [version('bob', min(3), attrs({ a: '2' }))]).catch((e: unknown) => (error = e));
        assert.ok(error, 'no batch commits once the lock is gone');
        assert.equal(session.isConnectionLost(error), true, `the run stops: ${String(error)}`);
        error = undefined;
        await session.finishRun({ runId: 'r2', domain: 'users', finishedAt: min(4), watermarkAfter: '2026-01-01T12:03:00.000Z', counts: NO_COUNTS }).catch((e: unknown) => (error = e));
        assert.ok(error, "no run's success is recorded once the lock is gone");
        const reread = await other.existingDomain('users');
        assert.deepEqual([...(await reread!.loadVersions(['bob']))], []);
        assert.equal((await other.readWatermarks()).get('users')?.watermark, '2026-01-01T12:01:00.000Z', 'the watermark did not move');
        await other.unlock();
      } finally {
        await session.close();
      }
    });

    test('versions load in time order, then write order; unknown items are absent; any number of items', async () => {
      const { store } = await fresh();
      const domain = await store.openDomain('d');
      const x = attrs({ v: 'x' });
      const y = attrs({ v: 'y' });
      await write(domain, 'r1', [version('item', min(3), attrs({ v: '3' }))]);
      await write(domain, 'r2', [version('item', min(1), attrs({ v: '1' })), version('item', min(2), x)]);
      await write(domain, 'r3', [version('item', min(2), y), version('item', min(4), null)]);
      const list = (await domain.loadVersions(['item', 'nobody'])).get('item')!;
      assert.deepEqual(
        list.map((v) => [v.validFrom, v.hash, v.deleted]),
        [
          [min(1), contentHash(attrs({ v: '1' })), false],
          [min(2), contentHash(x), false],
          [min(2), contentHash(y), false],
          [min(3), contentHash(attrs({ v: '3' })), false],
          [min(4), TOMBSTONE_HASH, true],
        ],
      );
      assert.ok(list[1]!.versionId < list[2]!.versionId, 'same time: the one written later has the higher versionId');
      assert.equal((await domain.loadVersions(['nobody'])).size, 0);

      const names = Array.from({ length: 1201 }, (_, i) => `item-${String(i).padStart(4, '0')}`);
      await write(domain, 'r4', names.map((n) => version(n, min(1), attrs({ v: n }))));
      const loaded = await domain.loadVersions([...names, ...names]);
      assert.equal(loaded.size, names.length);
      assert.ok([...loaded.values()].every((vs) => vs.length === 1));
    });

    test('state as of T: the latest version at or before T, none after a deletion, the later written among same-time versions', async () => {
      const { store } = await fresh();
      const domain = await store.openDomain('people');
      await write(domain, 'r1', [
        version('ann', min(1), attrs({ city: 'Oslo' })),
        version('bob', min(1), attrs({ city: 'Rome' })),
        version('cy', min(1), attrs({ n: 'first' })),
      ]);
      await write(domain, 'r2', [version('ann', min(2), null), version('cy', min(1), attrs({ n: 'second' }))]);
      await write(domain, 'r3', [version('ann', min(3), attrs({ city: 'Bergen', tags: ['b', 'a'] })), version('dee', min(3), attrs({ x: '1' }))]);

      assert.deepEqual(plain(await stateAt(domain, min(1) - 1)), []);
      assert.deepEqual(plain(await stateAt(domain, min(1))), [
        ['ann', { city: ['Oslo'] }],
        ['bob', { city: ['Rome'] }],
        ['cy', { n: ['second'] }],
      ]);
      assert.deepEqual(plain(await stateAt(domain, min(2))).map(([n]) => n), ['bob', 'cy'], 'deleted at exactly T: absent');
      const later = await stateAt(domain, min(3), 2);
      assert.deepEqual(plain(later), [
        ['ann', { city: ['Bergen'], tags: ['a', 'b'] }],
        ['bob', { city: ['Rome'] }],
        ['cy', { n: ['second'] }],
        ['dee', { x: ['1'] }],
      ]);
      const ann = later[0]!;
      assert.equal(ann.validFrom, new Date(min(3)).toISOString());
      assert.equal(ann.lastModified, new Date(min(3)).toISOString());
      assert.equal(ann.hash, contentHash(attrs({ city: 'Bergen', tags: ['a', 'b'] })));
      assert.equal(ann.damage, undefined);
      assertInheritsNothing(ann.attributes, 'attributes');
    });

    test('hostile item, attribute and domain names are data: exact, distinct, in byte order', async () => {
      const { store } = await fresh();
      const items = [
        'x',
        'x ',
        'X',
        'x  ',
        "Robert'); DROP TABLE users;--",
        '`tick`',
        '\u00f1',
        'n\u0303',
        '__proto__',
        '\uFFFD',
        '\u{1F600}',
        'a\\b%_',
        '\u00e9'.repeat(512),
      ];
      const content = attrs({
        ['__proto__']: 'p',
        constructor: 'c',
        A: 'upper',
        a: 'lower',
        'a ': 'trailing space',
        '`; DROP TABLE x; --': 'sql',
        '\u{1F600}': ['\u{1F600}', '\uFFFD'],
        ['\u00e9'.repeat(512)]: 'v'.repeat(1024),
      });
      const lower = await store.openDomain('users');
      const upper = await store.openDomain('Users');
      const dotted = await store.openDomain('users.v2-x');
      assert.notDeepEqual(lower.tables, upper.tables, 'domains differing in case get their own tables');
      await write(lower, 'r1', items.map((n) => version(n, min(1), content)));
      await write(upper, 'r1', [version('only-in-Users', min(1), attrs({ a: '1' }))]);
      await write(dotted, 'r1', [version('x', min(1), attrs({ a: '2' }))]);

      const sorted = [...items].sort(compareKeys);
      const state = await stateAt(lower, min(2), 5);
      assert.deepEqual(state.map((s) => s.name), sorted);
      for (const s of state) {
        assert.deepEqual({ ...s.attributes }, { ...content }, `attributes of ${JSON.stringify(s.name)}`);
        assert.equal(s.damage, undefined);
      }
      assert.deepEqual(await lower.liveItemsAfter(undefined, 100), sorted);
      assert.deepEqual(await lower.liveItemsAfter('x', 100), sorted.slice(sorted.indexOf('x') + 1));
      assert.deepEqual([...(await lower.loadVersions(['x ', 'X']))].map(([n, v]) => [n, v.length]).sort(), [['X', 1], ['x ', 1]]);
      assert.deepEqual(plain(await stateAt(upper, min(2))), [['only-in-Users', { a: ['1'] }]]);
      assert.deepEqual([...(await store.domainsWithHistory())].sort(compareKeys), ['Users', 'users', 'users.v2-x']);
    });

    test(`attributes beyond the store's layout (${harness.attributeLayoutLimit} here) and items of 256 long values round trip`, async () => {
      const { store, namespace } = await fresh();
      const domain = await store.openDomain('wide');
      const names = (from: number, count: number) => Array.from({ length: count }, (_, i) => `attr${String(from + i).padStart(3, '0')}`);
      const first = attrs(Object.fromEntries(names(0, harness.attributeLayoutLimit + 3).map((n) => [n, `value of ${n}`])));
      await write(domain, 'r1', [version('a', min(1), first)]);
      // New names arrive after the layout is full, some in an item with no laid-out attribute at all.
      const second = attrs(Object.fromEntries(names(50, 20).map((n) => [n, ['one', 'two']])));
      const wide = attrs(Object.fromEntries(names(100, 256).map((n) => [n, 'w'.repeat(1024)])));
      await write(domain, 'r2', [version('b', min(1), second), version('c', min(1), wide), version('a', min(2), { ...first, attr050: ['x'] })]);
      await domain.ensureColumns([]);
      await domain.ensureColumns(names(0, 10));

      // Read back through another session: nothing depends on the writer's memory.
      const other = await open(namespace);
      const reread = (await other.existingDomain('wide'))!;
      assert.deepEqual(plain(await stateAt(reread, min(3))), [
        ['a', { ...first, attr050: ['x'] }],
        ['b', { ...second }],
        ['c', { ...wide }],
      ]);
      assert.deepEqual(plain(await stateAt(reread, min(1))).map(([n, a]) => [n, Object.keys(a).length]), [
        ['a', harness.attributeLayoutLimit + 3],
        ['b', 20],
        ['c', 256],
      ]);
    });

    test('full-scan bookkeeping: live items a run did not see, after a cursor, a page at a time', async () => {
      const { store } = await fresh();
      const domain = await store.openDomain('d');
      await write(domain, 'r0', ['a', 'b', 'c', 'd', 'e'].map((n) => version(n, min(1), attrs({ v: n }))));
      await write(domain, 'r0', [version('e', min(2), null)]);
      assert.deepEqual(await domain.liveItemsAfter(undefined, 10), ['a', 'b', 'c', 'd'], 'a deletion leaves the current state');
      await write(domain, 'scan', [], ['a', 'c']);
      await write(domain, 'scan', [], ['c', 'zz-not-an-item']);
      assert.deepEqual(await domain.unseenItems('scan', undefined, 10), ['b', 'd']);
      assert.deepEqual(await domain.unseenItems('scan', 'b', 10), ['d']);
      assert.deepEqual(await domain.unseenItems('scan', undefined, 1), ['b']);
      assert.deepEqual(await domain.unseenItems('another-run', undefined, 10), ['a', 'b', 'c', 'd']);
      assert.deepEqual(await domain.liveItemsAfter('a', 2), ['b', 'c']);
      await store.clearSeen('scan', 'd');
      assert.deepEqual(await domain.unseenItems('scan', undefined, 10), ['a', 'b', 'c', 'd']);
    });

    test('full-scan bookkeeping is per domain: two domains scanned by one run, with the same item names, never count each other\'s', async () => {
      const { store } = await fresh();
      const users = await store.openDomain('users');
      const orders = await store.openDomain('orders');
      for (const domain of [users, orders]) await write(domain, 'r0', ['a', 'b', 'c'].map((n) => version(n, min(1), attrs({ v: n }))));
      await write(users, 'scan', [], ['a', 'b']);
      await write(orders, 'scan', [], ['c']);
      assert.deepEqual(await users.unseenItems('scan', undefined, 10), ['c'], "orders' scan saw c: users' did not");
      assert.deepEqual(await orders.unseenItems('scan', undefined, 10), ['a', 'b']);
      await store.clearSeen('scan', 'users');
      assert.deepEqual(await users.unseenItems('scan', undefined, 10), ['a', 'b', 'c']);
      assert.deepEqual(await orders.unseenItems('scan', undefined, 10), ['a', 'b'], "clearing users' names leaves orders'");
      await store.failRun({ runId: 'scan', domain: 'orders', finishedAt: min(3), error: 'boom', counts: NO_COUNTS });
      assert.deepEqual(await orders.unseenItems('scan', undefined, 10), ['a', 'b', 'c'], 'a failed run forgets its domain\'s names');
    });

    test("an interrupted run's full-scan names are forgotten when the next run settles it; a settle with nothing to settle forgets nothing", async () => {
      const { store } = await fresh();
      const users = await store.openDomain('users');
      await write(users, 'r0', ['a', 'b'].map((n) => version(n, min(1), attrs({ v: n }))));
      // A run that died mid-scan (its row still running, its names left behind) ...
      await store.startRun({ runId: 'dead', domain: 'users', mode: 'full', startedAt: min(2), watermarkBefore: undefined });
      await write(users, 'dead', [], ['a']);
      assert.equal(await store.settleInterruptedRuns(min(3)) > 0, true);
      assert.deepEqual(await users.unseenItems('dead', undefined, 10), ['a', 'b'], "the dead run's names are gone");
      // A settle that finds no run to settle leaves the names of the run under way alone.
      await write(users, 'alive', [], ['b']);
      assert.equal(await store.settleInterruptedRuns(min(4)), 0);
      assert.deepEqual(await users.unseenItems('alive', undefined, 10), ['a'], 'nothing settled: nothing forgotten');
    });

    test('prune support: restore points are the successful runs; prunes are recorded and read back; a new store has neither', async () => {
      const bare = await open();
      assert.deepEqual(await bare.runPoints('users'), []);
      assert.equal(await bare.latestPrune('users'), undefined);
      const { store, namespace } = await fresh();
      await store.startRun({ runId: 'run-a', domain: 'users', mode: 'full', startedAt: min(1), watermarkBefore: undefined });
      await store.finishRun({ runId: 'run-a', domain: 'users', finishedAt: min(2), watermarkAfter: undefined, counts: NO_COUNTS });
      await store.startRun({ runId: 'run-b', domain: 'users', mode: 'incremental', startedAt: min(3), watermarkBefore: undefined });
      await store.failRun({ runId: 'run-b', domain: 'users', finishedAt: min(4), error: 'boom', counts: NO_COUNTS });
      await store.startRun({ runId: 'run-c', domain: 'users', mode: 'incremental', startedAt: min(5), watermarkBefore: undefined });
      await store.finishRun({ runId: 'run-c', domain: 'users', finishedAt: min(6), watermarkAfter: undefined, counts: NO_COUNTS });
      await store.startRun({ runId: 'run-c', domain: 'orders', mode: 'full', startedAt: min(5), watermarkBefore: undefined });
      assert.deepEqual(await store.runPoints('users'), [
        { runId: 'run-a', startedAt: min(1), finishedAt: min(2) },
        { runId: 'run-c', startedAt: min(5), finishedAt: min(6) },
      ]);
      assert.deepEqual(await store.runPoints('orders'), [], 'a run still running is no restore point');
      assert.equal(await store.latestPrune('users'), undefined);
      const first = { pruneId: 'p1', domain: 'users', prunedAt: min(10), windowStart: min(6), points: [{ runId: 'run-a', at: min(2) }, { runId: 'run-c', at: min(6) }] };
      await store.recordPrune(first);
      await store.recordPrune({ ...first, pruneId: 'p2', prunedAt: min(20), points: [{ runId: 'run-c', at: min(6) }] });
      const other = await open(namespace);
      assert.deepEqual(await other.latestPrune('users'), { ...first, pruneId: 'p2', prunedAt: min(20), points: [{ runId: 'run-c', at: min(6) }] });
      assert.equal(await other.latestPrune('orders'), undefined);
    });

    test('prune support: every item of the history a page at a time, deleted ones too; versions removed by id, all in one go', async () => {
      const { store } = await fresh();
      const domain = await store.openDomain('d');
      await write(domain, 'r1', ['a', 'b', 'c'].map((n) => version(n, min(1), attrs({ v: `${n}1` }))));
      await write(domain, 'r2', [version('a', min(2), attrs({ v: 'a2' })), version('b', min(2), null), version('a', min(3), attrs({ v: 'a3' }))]);
      assert.deepEqual(await domain.historyItemsAfter(undefined, 2), ['a', 'b']);
      assert.deepEqual(await domain.historyItemsAfter('b', 2), ['c']);
      assert.deepEqual(await domain.historyItemsAfter('c', 2), []);
      const versions = await domain.loadVersions(['a']);
      const [a1, a2] = versions.get('a')!;
      const removed = await domain.removeVersions([a1!.versionId, a2!.versionId]);
      assert.equal(removed.rows, 2);
      assert.ok(removed.bytes > 0);
      assert.deepEqual((await domain.loadVersions(['a'])).get('a')!.map((v) => v.validFrom), [min(3)]);
      assert.deepEqual(plain(await stateAt(domain, min(1))), [['b', { v: ['b1'] }], ['c', { v: ['c1'] }]], 'a before its first kept version: absent');
      assert.deepEqual(plain(await stateAt(domain, min(3))), [['a', { v: ['a3'] }], ['c', { v: ['c1'] }]]);
      assert.deepEqual(await domain.liveItemsAfter(undefined, 10), ['a', 'c'], 'the current state is untouched');
      assert.deepEqual(await domain.removeVersions([]), { rows: 0, bytes: 0 });
    });

    test('planning a domain reads only: names for new domains are distinct, existing domains are returned as they are', async () => {
      const { store, namespace } = await fresh();
      const existing = await store.openDomain('old');
      await write(existing, 'r1', [version('i', min(1), attrs({ a: '1' }))]);
      const planner = await open(namespace);
      const old = await planner.planDomain('old');
      assert.deepEqual(old.tables, existing.tables);
      assert.deepEqual(plain(await stateAt(old.existing!, min(2))), [['i', { a: ['1'] }]]);
      const one = await planner.planDomain('new-domain');
      const two = await planner.planDomain('new_domain');
      assert.equal(one.existing, undefined);
      assert.notDeepEqual(one.tables, two.tables, 'two new domains of one plan never share tables');
      assert.equal(await planner.existingDomain('new-domain'), undefined, 'nothing was created');
      assert.deepEqual([...(await planner.domainsWithHistory())], ['old']);
      // An empty namespace with no schema at all can be planned too.
      const bare = await open();
      const planned = await bare.planDomain('users');
      assert.equal(planned.existing, undefined);
      assert.equal(await bare.existingDomain('users'), undefined);
    });
  });
}
