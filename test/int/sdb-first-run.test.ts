// A first run (the domain has no history yet) skips what can find nothing: the stored-versions
// lookup of each batch and the `seen` rows of the full scan. These tests hold it to the same
// history as the ordinary path: deletions after a first run are recorded by the next runs, and a
// first run that failed half-way leaves a history the next run treats as one (lookups, seen rows,
// and the deletion check of its full scan).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup, SimpleDbBackupError } from '../../src/backends/simpledb/backup.ts';
import { DEFAULTS, type SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import type { DomainHistory, HistoryStore } from '../../src/stores/history/types.ts';
import { asReadable, backedUpAt, createTestDatabase, FakeClock, GroundTruth, historyOf, plain, readableTable, sortedReadable, type TestDatabase } from './sdb-backup-support.ts';

/** The history store of the test connection, counting the lookups and the seen rows each domain's batches carry. */
function counted(store: HistoryStore): { store: HistoryStore; lookups: Map<string, number>; seenRows: Map<string, number> } {
  const lookups = new Map<string, number>();
  const seenRows = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, n: number): void => void m.set(k, (m.get(k) ?? 0) + n);
  const wrapDomain = (d: DomainHistory): DomainHistory =>
    new Proxy(d, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const fn = (value as (...a: unknown[]) => unknown).bind(obj);
        if (prop === 'loadVersions') return (names: readonly string[]) => (add(lookups, d.domain, 1), fn(names));
        if (prop === 'writeBatch') return (batch: { seen?: readonly string[] }, options: unknown) => (add(seenRows, d.domain, batch.seen?.length ?? 0), fn(batch, options));
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
  return { store: proxy, lookups, seenRows };
}

describe('SimpleDB -> MySQL backup, first run', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;

  const config = (domains: string[], over: Partial<SimpleDbBackupConfig> = {}): SimpleDbBackupConfig => ({
    domains,
    stampAttribute: DEFAULTS.stampAttribute,
    deleteLogDomain: DEFAULTS.deleteLogDomain,
    overlapMs: 60_000,
    fullScan: 'auto',
    mysql: db.settings,
    tablePrefix: 'sdb_',
    batchSize: 7,
    simpledb: {},
    ...over,
  });
  const run = async (domains: string[], over: Partial<SimpleDbBackupConfig> = {}, beforeCommit?: (e: { batch: number }) => void) => {
    clock.tick(5000);
    const c = counted(historyOf(db.conn));
    const deps = { client: sdb.client, history: c.store, now: clock.now, ...(beforeCommit ? { beforeCommit } : {}) };
    try {
      return { result: await runSimpleDbBackup(config(domains, over), deps), lookups: c.lookups, seenRows: c.seenRows };
    } finally {
      clock.tick(5000);
    }
  };
  const assertExact = async (domain: string, at: number[], label: string): Promise<void> => {
    for (const t of at) assert.deepStrictEqual(plain(await backedUpAt(db.conn, domain, t)), plain(truth.at(domain, t)), `${label}: ${domain} as of ${new Date(t).toISOString()}`);
    assert.deepStrictEqual(sortedReadable(await readableTable(db.conn, domain)), sortedReadable(asReadable(truth.at(domain, clock.ms))), `${label}: readable ${domain}`);
  };
  const historyRows = async (table: string): Promise<number> => {
    const [rows] = await db.conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${table}\``);
    return Number(rows[0]!['n']);
  };

  before(async () => {
    // Small Select pages: a first run reads many pages and writes many batches.
    sdb = await startTestSimpleDb({ limits: { maxSelectResponseBytes: 4_000 } });
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    for (const d of ['fresh', 'halfway']) await sdb.client.createDomain({ DomainName: d });
    await truth.writer.ensureDeleteLog();
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  test('a first run looks nothing up and records no seen rows; deletions after it are recorded by the next runs', async () => {
    for (let i = 0; i < 40; i++) await truth.put('fresh', `item-${String(i).padStart(2, '0')}`, { n: String(i), tags: ['a', `t${i % 3}`] });
    await truth.rawPut('fresh', 'unstamped', { brand: 'none' });
    const first = await run(['fresh']);
    const d1 = first.result.domains[0]!;
    assert.equal(d1.mode, 'full');
    assert.equal(d1.versionsWritten, 41);
    assert.equal(first.lookups.get('fresh') ?? 0, 0, 'a first run in name order looks nothing up');
    assert.equal(first.seenRows.get('fresh') ?? 0, 0, 'a first run records no seen rows');
    await assertExact('fresh', [Date.parse(d1.watermarkAfter!), clock.ms], 'after the first run');
    const afterFirst = clock.ms;

    // Deleted through the delete log, deleted without it, changed without a stamp, re-created.
    await truth.delete('fresh', 'item-03');
    await truth.rawDelete('fresh', 'item-17');
    await truth.rawDelete('fresh', 'unstamped');
    await truth.rawPut('fresh', 'item-25', { n: 'changed, no stamp' }, true);
    await truth.put('fresh', 'item-40', { n: 'new' });
    const incremental = await run(['fresh']);
    const d2 = incremental.result.domains[0]!;
    assert.equal(d2.mode, 'incremental');
    assert.equal(d2.tombstones, 1, 'the logged deletion');
    assert.equal(d2.versionsWritten, 2, 'the new item, and the unstamped change (its old stamp is inside the overlap)');
    assert.ok((incremental.lookups.get('fresh') ?? 0) > 0, 'a later run looks its items up');

    const full = await run(['fresh'], { fullScan: 'always' });
    const d3 = full.result.domains[0]!;
    assert.equal(d3.mode, 'full');
    assert.equal(d3.tombstones, 2, 'the unlogged deletions, found by the full scan');
    assert.equal(d3.versionsWritten, 0, 'nothing else changed');
    assert.equal(full.seenRows.get('fresh'), 41 - 3 + 1 + 0, 'a full scan of a backed-up domain records what it saw');
    await assertExact('fresh', [afterFirst, clock.ms], 'after the full scan');

    const again = await run(['fresh'], { fullScan: 'always' });
    assert.equal(again.result.domains[0]!.versionsWritten + again.result.domains[0]!.tombstones, 0, 'nothing twice');
  });

  test('a first run that failed half-way is followed by an ordinary full scan that finds what it committed and what went since', async () => {
    for (let i = 0; i < 40; i++) await truth.put('halfway', `item-${String(i).padStart(2, '0')}`, { n: String(i) });
    await assert.rejects(
      run(['halfway'], {}, ({ batch }) => {
        if (batch === 3) throw new Error('killed before the third commit');
      }),
      (err: unknown) => err instanceof SimpleDbBackupError,
    );
    const committed = await historyRows('sdb_halfway__history');
    assert.equal(committed, 14, 'two batches of 7 committed');
    // item-02 was committed by the failed run; it goes without a trace in the delete log.
    await truth.rawDelete('halfway', 'item-02');
    await truth.put('halfway', 'item-05', { n: 'changed' });

    const next = await run(['halfway']);
    const d = next.result.domains[0]!;
    assert.equal(d.mode, 'full', 'no successful run yet: a full scan');
    assert.ok((next.lookups.get('halfway') ?? 0) > 0, 'the history is not empty: the items are looked up');
    assert.equal(next.seenRows.get('halfway'), 39, 'live items were backed up: the scan records what it saw');
    assert.equal(d.tombstones, 1, 'the item committed by the failed run and deleted since');
    assert.equal(d.unchangedSkipped, 12, 'what the failed run committed, less the deleted and the changed item');
    await assertExact('halfway', [clock.ms], 'after the clean run');
    assert.equal(await historyRows('sdb_halfway__history'), 14 + 1 + 26 + 1, 'no version twice');
  });
});
