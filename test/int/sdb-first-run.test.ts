// A first run (the domain has no history yet) skips what can find nothing: the stored-versions
// lookup of each batch and the `seen` rows of the full scan. These tests hold it to the same
// history as the ordinary path: deletions after a first run are recorded by the next runs, and a
// first run that failed half-way leaves a history the next run treats as one (lookups, seen rows,
// and the deletion check of its full scan). Each runs on one connection and on three: with three, a
// first run writes up to three batches at once, in turn on each (DomainHistory.concurrentWriter),
// and what it commits must be the same, a prefix of its batches when it fails.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup, SimpleDbBackupError } from '../../src/backends/simpledb/backup.ts';
import type { SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import type { SimpleDbSource } from '../../src/backends/simpledb/types.ts';
import { connectMySql } from '../../src/stores/history/mysql/connection.ts';
import { MySqlHistoryStore } from '../../src/stores/history/mysql/store.ts';
import type { DomainHistory, HistoryStore } from '../../src/stores/history/types.ts';
import { asReadable, backedUpAt, backupConfig, createTestDatabase, FakeClock, GroundTruth, plain, readableTable, sortedReadable, type TestDatabase, withSelectHook } from './sdb-backup-support.ts';

/** What the counted store saw of a run's batch writes. */
interface Writes {
  /** Batches written on the store's own connection, and on its concurrent writers (index 0 and 1). */
  first: number;
  second: number;
  third: number;
  /** The most batch writes in flight at once. */
  maxInFlight: number;
}

/** The history store of the test connection, counting the lookups, the seen rows and the batch writes of each domain. */
function counted(store: HistoryStore): { store: HistoryStore; lookups: Map<string, number>; seenRows: Map<string, number>; writes: Writes } {
  const lookups = new Map<string, number>();
  const seenRows = new Map<string, number>();
  const writes: Writes = { first: 0, second: 0, third: 0, maxInFlight: 0 };
  let inFlight = 0;
  const add = (m: Map<string, number>, k: string, n: number): void => void m.set(k, (m.get(k) ?? 0) + n);
  const track = (which: 'first' | 'second' | 'third', write: Promise<void>): Promise<void> => {
    writes[which]++;
    writes.maxInFlight = Math.max(writes.maxInFlight, ++inFlight);
    return write.finally(() => inFlight--);
  };
  const wrapDomain = (d: DomainHistory): DomainHistory =>
    new Proxy(d, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const fn = (value as (...a: unknown[]) => unknown).bind(obj);
        if (prop === 'loadVersions') return (names: readonly string[]) => (add(lookups, d.domain, 1), fn(names));
        if (prop === 'writeBatch') return (batch: { seen?: readonly string[] }, options: unknown) => (add(seenRows, d.domain, batch.seen?.length ?? 0), track('first', fn(batch, options) as Promise<void>));
        if (prop === 'concurrentWriter') {
          // The writer's index is passed on: each index is a connection of its own.
          return async (index?: number) => {
            const writer = (await fn(index)) as Pick<DomainHistory, 'writeBatch'> | undefined;
            return writer && { writeBatch: (batch: Parameters<DomainHistory['writeBatch']>[0], options?: Parameters<DomainHistory['writeBatch']>[1]) => (add(seenRows, d.domain, batch.seen?.length ?? 0), track(index === 1 ? 'third' : 'second', writer.writeBatch(batch, options))) };
          };
        }
        return fn;
      },
    });
  const proxy = new Proxy(store, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const fn = (value as (...a: unknown[]) => unknown).bind(obj);
      if (prop === 'openDomain') return async (domain: string) => wrapDomain(await (fn(domain) as Promise<DomainHistory>));
      return fn;
    },
  });
  return { store: proxy, lookups, seenRows, writes };
}

describe('SimpleDB -> MySQL backup, first run', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;

  const config = (domains: string[], over: Partial<SimpleDbBackupConfig> = {}): SimpleDbBackupConfig => backupConfig(db, domains, { batchSize: 7, ...over });
  /**
   * One connection; the store's own and two further ones; none further ('refused'); or one further
   * only ('third refused'). Further connections are closed after each run.
   */
  type Connections = 1 | 3 | 'refused' | 'third refused';
  /** The further connections the store opened, in order, how many, and what it logged (the last run's). */
  let further: Connection[] = [];
  let connects = 0;
  let logged: string[] = [];
  const opened: Connection[] = [];
  const run = async (domains: string[], over: Partial<SimpleDbBackupConfig> = {}, beforeCommit?: (e: { domain: string; batch: number }) => void | Promise<void>, connections: Connections = 1, client: SimpleDbSource = sdb.client) => {
    clock.tick(5000);
    further = [];
    connects = 0;
    logged = [];
    const connect = async (): Promise<Connection> => {
      if (connections === 'refused' || (connections === 'third refused' && connects === 1)) {
        throw Object.assign(new Error(`User 'backup' has exceeded the 'max_user_connections' resource (current value: ${connects + 1})`), { code: 'ER_TOO_MANY_USER_CONNECTIONS' });
      }
      connects++;
      const conn = await connectMySql(db.settings);
      opened.push(conn);
      further.push(conn);
      return conn;
    };
    // The test owns the first connection: the store is never closed, the further connections are.
    const store = new MySqlHistoryStore(db.conn, { tablePrefix: 'sdb_', log: (line) => logged.push(line), ...(connections === 1 ? {} : { connect }) });
    const c = counted(store);
    const deps = { client, history: c.store, now: clock.now, ...(beforeCommit ? { beforeCommit } : {}) };
    try {
      return { result: await runSimpleDbBackup(config(domains, over), deps), lookups: c.lookups, seenRows: c.seenRows, writes: c.writes, logged };
    } finally {
      for (const conn of opened.splice(0)) await conn.end().catch(() => undefined);
      clock.tick(5000);
    }
  };
  const assertExact = async (domain: string, at: number[], label: string): Promise<void> => {
    for (const t of at) assert.deepStrictEqual(plain(await backedUpAt(db.conn, domain, t)), plain(truth.at(domain, t)), `${label}: ${domain} as of ${new Date(t).toISOString()}`);
    assert.deepStrictEqual(sortedReadable(await readableTable(db.conn, domain)), sortedReadable(asReadable(truth.at(domain, clock.ms))), `${label}: readable ${domain}`);
  };
  const historyRows = async (domain: string): Promise<number> => {
    const [d] = await db.conn.query<RowDataPacket[]>('SELECT table_base FROM sdb__domains WHERE domain = ?', [Buffer.from(domain)]);
    const [rows] = await db.conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`sdb_${String(d[0]!['table_base'])}__history\``);
    return Number(rows[0]!['n']);
  };
  /**
   * With three connections, a first run's batches went on each (the third batch goes on the third,
   * whatever the timing), three at a time at most; with two (the third refused), two at most.
   */
  const assertWrites = (writes: Writes, connections: Connections, label: string): void => {
    if (connections === 3) {
      assert.ok(writes.first > 0 && writes.second > 0 && writes.third > 0, `${label}: batches on all three connections (${writes.first}, ${writes.second}, ${writes.third})`);
      assert.ok(writes.maxInFlight >= 2 && writes.maxInFlight <= 3, `${label}: batches in flight at once (${writes.maxInFlight}), never more than three`);
    } else if (connections === 'third refused') {
      assert.ok(writes.first > 0 && writes.second > 0, `${label}: batches on both connections (${writes.first}, ${writes.second})`);
      assert.equal(writes.third, 0, `${label}: no third connection`);
      assert.equal(writes.maxInFlight, 2, `${label}: two batches in flight at once, never more`);
    } else {
      assert.equal(writes.second, 0, `${label}: one connection`);
      assert.equal(writes.maxInFlight, 1, `${label}: one batch at a time`);
    }
  };

  before(async () => {
    // Small Select pages: a first run reads many pages and writes many batches.
    sdb = await startTestSimpleDb({ limits: { maxSelectResponseBytes: 4_000 } });
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    await truth.writer.ensureDeleteLog();
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  for (const connections of [1, 3] as const) {
    const on = connections === 1 ? 'one connection' : 'three connections';
    test(`${on}: a first run looks nothing up and records no seen rows; deletions after it are recorded by the next runs`, async () => {
      const domain = `fresh-${connections}`;
      await sdb.client.createDomain({ DomainName: domain });
      for (let i = 0; i < 40; i++) await truth.put(domain, `item-${String(i).padStart(2, '0')}`, { n: String(i), tags: ['a', `t${i % 3}`] });
      await truth.rawPut(domain, 'unstamped', { brand: 'none' });
      const first = await run([domain], {}, undefined, connections);
      const d1 = first.result.domains[0]!;
      assert.equal(d1.mode, 'full');
      assert.equal(d1.versionsWritten, 41);
      assert.equal(first.lookups.get(domain) ?? 0, 0, 'a first run in name order looks nothing up');
      assert.equal(first.seenRows.get(domain) ?? 0, 0, 'a first run records no seen rows');
      assertWrites(first.writes, connections, 'the first run');
      await assertExact(domain, [Date.parse(d1.watermarkAfter!), clock.ms], 'after the first run');
      const afterFirst = clock.ms;

      // Deleted through the delete log, deleted without it, changed without a stamp, re-created.
      await truth.delete(domain, 'item-03');
      await truth.rawDelete(domain, 'item-17');
      await truth.rawDelete(domain, 'unstamped');
      await truth.rawPut(domain, 'item-25', { n: 'changed, no stamp' }, true);
      await truth.put(domain, 'item-40', { n: 'new' });
      const incremental = await run([domain], {}, undefined, connections);
      const d2 = incremental.result.domains[0]!;
      assert.equal(d2.mode, 'incremental');
      assert.equal(d2.tombstones, 1, 'the logged deletion');
      assert.equal(d2.versionsWritten, 2, 'the new item, and the unstamped change (its old stamp is inside the overlap)');
      assert.ok((incremental.lookups.get(domain) ?? 0) > 0, 'a later run looks its items up');
      assert.equal(incremental.writes.maxInFlight, 1, 'batches that look up are written one at a time');

      const full = await run([domain], { fullScan: 'always' }, undefined, connections);
      const d3 = full.result.domains[0]!;
      assert.equal(d3.mode, 'full');
      assert.equal(d3.tombstones, 2, 'the unlogged deletions, found by the full scan');
      assert.equal(d3.versionsWritten, 0, 'nothing else changed');
      assert.equal(full.seenRows.get(domain), 41 - 3 + 1 + 0, 'a full scan of a backed-up domain records what it saw');
      assert.equal(full.writes.maxInFlight, 1);
      await assertExact(domain, [afterFirst, clock.ms], 'after the full scan');

      const again = await run([domain], { fullScan: 'always' }, undefined, connections);
      assert.equal(again.result.domains[0]!.versionsWritten + again.result.domains[0]!.tombstones, 0, 'nothing twice');
    });

    for (const failing of [2, 3]) {
      test(`${on}: a first run that failed at batch ${failing} is followed by an ordinary full scan that finds what it committed and what went since`, async () => {
        const domain = `halfway-${connections}-${failing}`;
        await sdb.client.createDomain({ DomainName: domain });
        for (let i = 0; i < 40; i++) await truth.put(domain, `item-${String(i).padStart(2, '0')}`, { n: String(i) });
        const reached: number[] = [];
        await assert.rejects(
          run(
            [domain],
            {},
            ({ batch }) => {
              reached.push(batch);
              if (batch === failing) throw new Error(`killed before commit ${failing}`);
            },
            connections,
          ),
          (err: unknown) => err instanceof SimpleDbBackupError && err.message.includes(`killed before commit ${failing}`),
        );
        // Batches commit in order: with three connections, the batches after the failed one (in
        // flight on the others) rolled back too, and never reached their commit.
        assert.deepEqual(reached, Array.from({ length: failing }, (_, k) => k + 1));
        const committed = await historyRows(domain);
        assert.equal(committed, 7 * (failing - 1), `the ${failing - 1} batch(es) of 7 before it committed, nothing after`);
        // item-00 was committed by the failed run; it goes without a trace in the delete log.
        await truth.rawDelete(domain, 'item-00');
        await truth.put(domain, 'item-05', { n: 'changed' });

        const next = await run([domain], {}, undefined, connections);
        const d = next.result.domains[0]!;
        assert.equal(d.mode, 'full', 'no successful run yet: a full scan');
        assert.ok((next.lookups.get(domain) ?? 0) > 0, 'the history is not empty: the items are looked up');
        assert.equal(next.seenRows.get(domain), 39, 'live items were backed up: the scan records what it saw');
        assert.equal(next.writes.maxInFlight, 1, 'batches that look up are written one at a time');
        assert.equal(d.tombstones, 1, 'the item committed by the failed run and deleted since');
        assert.equal(d.unchangedSkipped, committed - 2, 'what the failed run committed, less the deleted and the changed item');
        await assertExact(domain, [clock.ms], 'after the clean run');
        assert.equal(await historyRows(domain), 40 + 1 + 1, 'no version twice');
      });
    }
  }

  test('three connections: attribute names new in later batches get their columns with no batch in flight (DDL would commit one half-written)', async () => {
    const domain = 'columns-2';
    await sdb.client.createDomain({ DomainName: domain });
    // Every item brings an attribute name of its own: each batch adds columns (an ALTER TABLE,
    // which commits implicitly whatever transaction its connection has open).
    for (let i = 0; i < 30; i++) await truth.put(domain, `item-${String(i).padStart(2, '0')}`, { shared: 'x', [`only-${i}`]: String(i) });
    // The first batch fails at its commit, late: the ALTER of the second, planned meanwhile, must
    // not have committed it.
    await assert.rejects(
      run([domain], {}, async ({ batch }) => {
        if (batch !== 1) return;
        await new Promise((resolve) => setTimeout(resolve, 300));
        throw new Error('killed before commit 1');
      }, 3),
      /killed before commit 1/,
    );
    assert.equal(await historyRows(domain), 0, 'nothing of the first batch was committed');
    const first = await run([domain], {}, undefined, 3);
    assert.equal(first.result.domains[0]!.versionsWritten, 30);
    assert.equal(first.writes.maxInFlight, 1, 'each batch waited for the one before it: its new columns were added with none in flight');
    await assertExact(domain, [clock.ms], 'after the first run');
  });

  test('three connections: further connections lost between domains are replaced; one lost while it writes fails that domain only, and the next run converges', async () => {
    const [idle, writing, after] = ['lost-idle', 'lost-writing', 'lost-after'];
    for (const domain of [idle, writing, after]) {
      await sdb.client.createDomain({ DomainName: domain });
      for (let i = 0; i < 20; i++) await truth.put(domain, `item-${String(i).padStart(2, '0')}`, { n: String(i) });
    }
    // The further connections, opened by the first domain's batches, are killed (a DBA,
    // wait_timeout) before the second domain's first Select page arrives.
    let killedIdle = 0;
    const client = withSelectHook(sdb.client, async (input) => {
      if (killedIdle === 0 && input.SelectExpression.includes('lost-writing')) {
        killedIdle = further.length;
        for (const conn of further) await db.conn.query(`KILL ${conn.threadId}`);
      }
    });
    await assert.rejects(
      run(
        [idle, writing, after],
        // One domain after another, on the store's connections: sessions (domains at once) would
        // open connections of their own, and this test is about the store's further ones.
        { domainsAtOnce: 1 },
        // The second domain's second batch goes on its second connection, the first one opened
        // again after the kill; it loses it before its commit.
        async ({ domain, batch }) => {
          if (domain === writing && batch === 2) await db.conn.query(`KILL ${further[killedIdle]!.threadId}`);
        },
        3,
        client,
      ),
      (err: unknown) => {
        assert.ok(err instanceof SimpleDbBackupError, String(err));
        assert.match(err.message, /failed for 1 domain\(s\): lost-writing: the second MySQL connection \(a first run's batches are written on up to three\) was lost \(.*\): the batches being written were rolled back/);
        const byName = new Map(err.result.domains.map((d) => [d.domain, d]));
        assert.equal(byName.get(idle)!.versionsWritten, 20);
        assert.equal(byName.get(after)!.versionsWritten, 20, 'the domain after it was backed up: the store\'s own connection was well');
        assert.equal(byName.get(writing)!.watermarkAfter, undefined);
        return true;
      },
    );
    assert.equal(killedIdle, 2, 'the first domain opened both further connections');
    assert.ok(logged.some((l) => /^the second MySQL connection was lost \(.*\); opening another$/.test(l)), logged.join('\n'));
    assert.ok(logged.some((l) => /^the third MySQL connection was lost \(.*\); opening another$/.test(l)), logged.join('\n'));
    // Two for the first domain, and three since, whichever way the second domain's batches went:
    // each lost connection is opened again once, when a domain next asks for it.
    assert.equal(connects, 5);
    assert.equal(await historyRows(writing), 7, 'the first batch committed; the second (lost) and the third (after it) did not');
    await assertExact(idle, [clock.ms], 'the first domain');
    await assertExact(after, [clock.ms], 'the third domain');
    const next = await run([writing], {}, undefined, 3);
    assert.equal(next.result.domains[0]!.versionsWritten, 13);
    await assertExact(writing, [clock.ms], 'after the next run');
  });

  test('a store refused a second connection (max_user_connections): the first run says so and writes every batch on one', async () => {
    const domain = 'refused';
    await sdb.client.createDomain({ DomainName: domain });
    for (let i = 0; i < 30; i++) await truth.put(domain, `item-${String(i).padStart(2, '0')}`, { n: String(i) });
    const first = await run([domain], {}, undefined, 'refused');
    assert.equal(first.result.domains[0]!.versionsWritten, 30);
    assertWrites(first.writes, 'refused', 'refused');
    assert.ok(first.logged.some((l) => /a second MySQL connection for a domain's first run could not be opened \(User 'backup' has exceeded the 'max_user_connections'.*\); its batches are written one at a time on one connection instead/.test(l)), first.logged.join('\n'));
    await assertExact(domain, [clock.ms], 'after the first run');
  });

  test('a store allowed a second connection but not a third: the first run says so once and writes two batches at a time', async () => {
    const domain = 'third-refused';
    await sdb.client.createDomain({ DomainName: domain });
    for (let i = 0; i < 40; i++) await truth.put(domain, `item-${String(i).padStart(2, '0')}`, { n: String(i) });
    const first = await run([domain], {}, undefined, 'third refused');
    assert.equal(first.result.domains[0]!.versionsWritten, 40);
    assertWrites(first.writes, 'third refused', 'third refused');
    const said = first.logged.filter((l) => l.startsWith('a third MySQL connection'));
    assert.equal(said.length, 1, first.logged.join('\n'));
    assert.match(said[0]!, /a third MySQL connection for a domain's first run could not be opened \(User 'backup' has exceeded the 'max_user_connections' resource \(current value: 2\)\); its batches are written two at a time on two connections instead: slower, nothing is lost/);
    await assertExact(domain, [clock.ms], 'after the first run');
  });
});
