// Issue 12, SimpleDB side: `mode: prune` over the MySQL history, against the ground truth the test
// keeps. After a prune every kept restore point restores exactly, a pruned-away moment is refused
// naming the nearest kept points, the current state is untouched, a prune killed part-way leaves
// every kept point exact (the next one finishes), and a prune never runs beside a backup.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import { runSdbPrune } from '../../src/backends/simpledb/prune.ts';
import { runSdbRestore, restoredDomainName } from '../../src/backends/simpledb/restore.ts';
import { DEFAULTS, type SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import type { AttributeMap } from '../../src/backends/simpledb/plan.ts';
import type { RetentionPolicy } from '../../src/plan/retention.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { connectMySql } from '../../src/stores/history/mysql/connection.ts';
import { createTestDatabase, FakeClock, GroundTruth, historyOf, plain, type TestDatabase, liveDomain } from './sdb-backup-support.ts';

const USERS = 'users';

describe('SimpleDB prune of the MySQL history', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  /** Each backup's end: the restore point a prune keeps or drops. */
  const points: number[] = [];

  const config = (): SimpleDbBackupConfig => ({
    domains: [USERS],
    stampAttribute: DEFAULTS.stampAttribute,
    deleteLogDomain: DEFAULTS.deleteLogDomain,
    overlapMs: 60_000,
    fullScan: 'always',
    mysql: db.settings,
    tablePrefix: 'sdb_',
    batchSize: 40,
    simpledb: {},
  });
  const backup = async () => {
    clock.tick(5000);
    await runSimpleDbBackup(config(), { client: sdb.client, history: historyOf(db.conn), now: clock.now });
    points.push(clock.ms);
    clock.tick(5000);
  };
  const prune = (policy: RetentionPolicy, extra: { dryRun?: boolean; pageSize?: number; beforeRemove?: () => void } = {}) =>
    runSdbPrune(
      { policy, domains: 'all', dryRun: extra.dryRun ?? false, tablePrefix: 'sdb_', ...(extra.pageSize ? { pageSize: extra.pageSize } : {}) },
      { history: historyOf(db.conn), logger: silentLogger, now: clock.now, ...(extra.beforeRemove ? { beforeRemove: extra.beforeRemove } : {}) },
    );
  const readDomain = (domain: string): Promise<Map<string, AttributeMap>> => liveDomain(sdb.client, domain);
  const restoreAt = async (t: number) => {
    const at = new Date(t);
    await runSdbRestore({ domains: [USERS], target: { kind: 'new' }, dryRun: false, at }, { history: historyOf(db.conn), client: sdb.client, logger: silentLogger, now: clock.now, backup: config() });
    return readDomain(restoredDomainName(USERS, at));
  };
  const assertExact = async (t: number, label: string) => assert.deepStrictEqual(plain(await restoreAt(t)), plain(truth.at(USERS, t)), label);
  const historyRows = async () => {
    const [rows] = await db.conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM `sdb_users__history`');
    return Number(rows[0]!['n']);
  };

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    await sdb.client.createDomain({ DomainName: USERS });
    await truth.writer.ensureDeleteLog();
    clock.tick(1000);
    for (let i = 0; i < 30; i++) await truth.put(USERS, `user-${String(i).padStart(2, '0')}`, { name: `User ${i}`, tags: ['a', `t${i % 3}`] });
    await backup();
    for (let round = 1; round <= 4; round++) {
      // The same few items change every run; one item lives between two runs only.
      await truth.put(USERS, 'user-01', { name: `Renamed ${round}` }, true);
      await truth.put(USERS, 'user-02', { tags: [`r${round}`] });
      if (round === 2) await truth.put(USERS, 'ephemeral', { v: 'short' });
      if (round === 3) await truth.delete(USERS, 'ephemeral');
      if (round === 3) await truth.delete(USERS, 'user-03');
      await backup();
    }
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  test('a dry run counts and changes nothing; the prune keeps every kept point exact and refuses the others', async () => {
    const rows = await historyRows();
    const plan = await prune({ last: 2 }, { dryRun: true });
    assert.equal(plan.status, 'dry-run');
    assert.ok(plan.totals.versionsRemoved > 0);
    assert.equal(await historyRows(), rows, 'a dry run removes no row');
    assert.deepEqual(plan.domains[0]!.kept.map((k) => Date.parse(k.at)), points.slice(-2));

    const result = await prune({ last: 2 });
    assert.equal(result.status, 'complete');
    assert.equal(result.totals.versionsRemoved, plan.totals.versionsRemoved);
    assert.ok(result.totals.bytesFreed > 0);
    assert.equal(result.totals.itemsGone, 2, 'ephemeral (lived between two dropped points) and user-03 (deleted before the kept ones) leave no row');
    assert.equal(await historyRows(), rows - result.totals.versionsRemoved);

    await assertExact(points[3]!, 'kept point 4');
    await assertExact(points[4]!, 'kept point 5');
    await assertExact(clock.ms, 'now');
    for (const dropped of points.slice(0, 3)) {
      await assert.rejects(restoreAt(dropped), (error: Error) => {
        assert.match(error.message, /restore-time.*of SimpleDB domain users was pruned away/);
        assert.ok(error.message.includes(new Date(points[3]!).toISOString()), `names the nearest kept point: ${error.message}`);
        return true;
      });
    }
    // The current state is the latest of each item: untouched.
    const [current] = await db.conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM `sdb_users`');
    assert.equal(Number(current[0]!['n']), truth.at(USERS, clock.ms).size);
  });

  test('killed part-way: every kept point stays exact, the dropped ones are refused, and the next prune removes the rest', async () => {
    // Two more runs, so the policy drops more.
    for (let round = 5; round <= 6; round++) {
      // Items on the first page and on the last, so removals come in more than one transaction.
      await truth.put(USERS, 'user-01', { name: `Renamed ${round}` }, true);
      await truth.put(USERS, 'user-29', { name: `Late ${round}` }, true);
      await backup();
    }
    let pages = 0;
    await assert.rejects(
      prune({ last: 1 }, { pageSize: 5, beforeRemove: () => {
        if (++pages > 1) throw new Error('killed while removing');
      } }),
      /killed while removing/,
    );
    await assertExact(points.at(-1)!, 'the kept point after the kill');
    await assert.rejects(restoreAt(points.at(-2)!), /was pruned away/, 'the prune was recorded before any row went');
    const rows = await historyRows();
    const finished = await prune({ last: 1 });
    assert.ok(finished.totals.versionsRemoved > 0, 'the rest is removed now');
    assert.equal(await historyRows(), rows - finished.totals.versionsRemoved);
    await assertExact(points.at(-1)!, 'the kept point after the second prune');
    assert.equal((await prune({ last: 1 })).totals.versionsRemoved, 0, 'a third prune finds nothing');
  });

  test('never beside a backup: the lock is the backups’ lock', async () => {
    // Another session (a backup) holds the lock of these tables.
    const holder = historyOf(await connectMySql(db.settings));
    assert.equal(await holder.lock(), true);
    try {
      await assert.rejects(prune({ last: 1 }), /a backup or another prune .* is running/);
    } finally {
      await holder.unlock();
      await holder.close();
    }
  });
});
