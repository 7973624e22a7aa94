// The backup's MySQL connection killed (`KILL` from another session) in the middle of a run:
// inside a batch's transaction, and between batches while SimpleDB is being read. Each time the run
// fails with a clear error, the history holds whole batches only (the killed one rolled back), the
// watermark does not move, and the next run converges to the ground truth without duplicating a
// version.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { readStoredWatermarks, runSimpleDbBackup, SimpleDbBackupError } from '../../src/backends/simpledb/backup.ts';
import type { SimpleDbBackupResult, SimpleDbSource } from '../../src/backends/simpledb/types.ts';
import type { SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import { quoteIdentifier as q } from '../../src/stores/history/mysql/identifiers.ts';
import { withMySqlHistory } from '../../src/backends/simpledb/open.ts';
import { backedUpAt, backupConfig, createTestDatabase, FakeClock, GroundTruth, historyOf, plain, SDB_LOCK_NAME_SQL, type TestDatabase, withSelectHook } from './sdb-backup-support.ts';

const USERS = 'kill_users';
const OTHER = 'kill_other';

describe('SimpleDB backup: the MySQL connection killed mid-run', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;

  const config = (over: Partial<SimpleDbBackupConfig> = {}): SimpleDbBackupConfig => backupConfig(db, [USERS, OTHER], { batchSize: 6, ...over });

  /** KILLs every other connection to the test database (the backup's own, which the engine opened). */
  const killBackupConnection = async (): Promise<number> => {
    const [rows] = await db.conn.query<RowDataPacket[]>('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [db.name]);
    for (const row of rows) await db.conn.query(`KILL ${Number(row['id'])}`);
    return rows.length;
  };
  const historyRows = async (domain: string): Promise<{ item: string; hash: string; deleted: number; run: string }[]> => {
    const [d] = await db.conn.query<RowDataPacket[]>('SELECT table_base FROM sdb__domains WHERE domain = ?', [Buffer.from(domain)]);
    if (d.length === 0) return [];
    const [rows] = await db.conn.query<RowDataPacket[]>(`SELECT item_name, content_hash, deleted, run_id FROM ${q(`sdb_${String(d[0]!['table_base'])}__history`)} ORDER BY item_name, valid_from, version_id`);
    return rows.map((r) => ({ item: (r['item_name'] as Buffer).toString(), hash: (r['content_hash'] as Buffer).toString('hex'), deleted: Number(r['deleted']), run: String(r['run_id']) }));
  };
  /** Consecutive versions of an item never carry the same content: nothing was written twice. */
  const assertNoDuplicateVersion = async (domains = [USERS, OTHER]): Promise<void> => {
    for (const domain of domains) {
      const rows = await historyRows(domain);
      for (let i = 1; i < rows.length; i++) {
        if (rows[i]!.item !== rows[i - 1]!.item) continue;
        assert.notEqual(rows[i]!.hash, rows[i - 1]!.hash, `${domain}/${rows[i]!.item} has two consecutive identical versions`);
      }
    }
  };
  const assertMatchesTruth = async (label: string, domains = [USERS, OTHER]): Promise<void> => {
    for (const domain of domains) assert.deepStrictEqual(plain(await backedUpAt(db.conn, domain, clock.ms)), plain(truth.at(domain, clock.ms)), `${label}: ${domain}`);
  };
  const runsByStatus = async (): Promise<Record<string, number>> => {
    const [rows] = await db.conn.query<RowDataPacket[]>('SELECT status, COUNT(*) AS n FROM sdb__runs GROUP BY status');
    return Object.fromEntries(rows.map((r) => [String(r['status']), Number(r['n'])]));
  };
  /** Batches that reached their commit, with their history rows (from the engine's test hook). */
  let batches: { domain: string; batch: number; versions: number }[] = [];
  const backup = (over: Partial<SimpleDbBackupConfig> = {}, deps: { client?: SimpleDbSource; beforeCommit?: (e: { domain: string; batch: number; versions: number }) => Promise<void> } = {}): Promise<SimpleDbBackupResult> => {
    clock.tick(5000);
    batches = [];
    // The wiring opens (and loses) its own connection, as in production.
    const c = config(over);
    return withMySqlHistory(c, {}, (history) =>
      runSimpleDbBackup(c, {
        client: deps.client ?? sdb.client,
        history,
        now: clock.now,
        beforeCommit: async (event) => {
          batches.push(event);
          await deps.beforeCommit?.(event);
        },
      }),
    );
  };
  const versionsIn = (list: typeof batches, domain: string) => list.filter((b) => b.domain === domain).reduce((n, b) => n + b.versions, 0);
  /**
   * `otherBeside`: an incremental run backs OTHER up beside USERS, on a MySQL session of its own
   * (domain-sessions.ts): it may have finished before the kill (and then holds its watermark) or
   * been killed with the rest; either way the run reports it.
   */
  const expectConnectionLost = async (run: Promise<SimpleDbBackupResult>, options: { otherBeside?: boolean } = {}): Promise<SimpleDbBackupError> => {
    const error = await run.then(
      () => assert.fail('the run should have failed'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SimpleDbBackupError, String(error));
    assert.match(error.message, /the MySQL connection was lost/);
    assert.match(error.message, /rolled back/);
    assert.match(error.message, /watermark did not move/);
    if (!options.otherBeside) {
      assert.match(error.message, new RegExp(`${OTHER}: not backed up \\(the MySQL connection was lost`), 'the domains after it are not attempted on a dead connection');
      return error;
    }
    const other = error.result.domains.find((d) => d.domain === OTHER);
    assert.ok(other !== undefined || new RegExp(`${OTHER}: not backed up`).test(error.message), 'OTHER is reported');
    if (other?.error !== undefined) assert.match(error.message, new RegExp(`${OTHER}: `));
    return error;
  };

  before(async () => {
    // Small pages: a full scan reads several pages, so a kill can land between batches.
    sdb = await startTestSimpleDb({ limits: { maxSelectResponseBytes: 8_000 } });
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    for (const d of [USERS, OTHER]) await sdb.client.createDomain({ DomainName: d });
    await truth.writer.ensureDeleteLog();
    for (let i = 0; i < 40; i++) await truth.put(USERS, `u${String(i).padStart(2, '0')}`, { name: `User ${i}`, bio: 'b'.repeat(300), tags: ['a', `t${i % 4}`] });
    for (let i = 0; i < 5; i++) await truth.put(OTHER, `o${i}`, { n: String(i) });
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  test('killed inside a batch transaction (before its commit): whole batches only, no watermark; the next run converges', async () => {
    let killed = 0;
    // One domain at a time: the domains after the killed one are not attempted on a dead
    // connection (the next test has OTHER backed up beside, on a session of its own).
    const error = await expectConnectionLost(
      backup({ domainsAtOnce: 1 }, {
        beforeCommit: async ({ domain, batch }) => {
          if (domain === USERS && batch === 3) killed = await killBackupConnection();
        },
      }),
    );
    // A first run writes its batches on the store's three connections, in turn. The third batch,
    // killed on the third connection, reports the loss of the store's own: the run stops there.
    assert.equal(killed, 3, 'exactly the backup connections were killed');
    const users = error.result.domains.find((d) => d.domain === USERS)!;
    assert.equal(users.watermarkAfter, undefined);
    // Batches 1 and 2 committed; the third, killed before its commit, left nothing, nor did the
    // fourth, in flight on the first connection (it commits only after the third).
    assert.deepEqual(batches.map((b) => b.batch), [1, 2, 3]);
    assert.equal((await historyRows(USERS)).length, versionsIn(batches.slice(0, 2), USERS));
    assert.equal(versionsIn(batches.slice(0, 2), USERS), 12);
    assert.deepEqual(await readStoredWatermarks(historyOf(db.conn)), {}, 'no watermark: no run completed');
    assert.deepEqual(await runsByStatus(), { running: 1 }, 'the killed run could not even record its failure');

    // Changes meanwhile, then a clean run: everything, once.
    await truth.put(USERS, 'u01', { name: 'Renamed' }, true);
    await truth.delete(USERS, 'u02');
    const clean = await backup();
    assert.equal(clean.domains.every((d) => d.error === undefined), true);
    await assertMatchesTruth('after the clean run');
    await assertNoDuplicateVersion();
    const rows = await historyRows(USERS);
    // u00-u39 once each, u01 renamed once more; u02 (backed up by the killed run) deleted once.
    assert.equal(rows.filter((r) => r.deleted === 0).length, 41);
    assert.deepEqual(rows.filter((r) => r.deleted === 1).map((r) => r.item), ['u02']);
    assert.deepEqual(await runsByStatus(), { failed: 1, ok: 2 }, 'the interrupted run is settled as failed');
    assert.ok((await readStoredWatermarks(historyOf(db.conn)))[`sdb:${USERS}`]);
  });

  test('killed between batches while SimpleDB is read (incremental): the watermark stays, the next run converges', async () => {
    for (let i = 0; i < 30; i++) await truth.put(USERS, `u${String(i).padStart(2, '0')}`, { round: '2', bio: 'c'.repeat(300) }, true);
    await truth.delete(USERS, 'u05');
    await truth.rawPut(OTHER, 'o9', { unstamped: 'yes' });
    const watermarkBefore = await readStoredWatermarks(historyOf(db.conn));
    const historyBefore = await historyRows(USERS);
    let pages = 0;
    // A client whose third Select page arrives after the backup's MySQL connection was killed. The
    // backup asks for pages ahead of the batch it writes, so that request comes while the first
    // pages' batches are being written: the kill waits until a second batch reached its commit (the
    // first one is then committed), and may land inside that batch's transaction.
    // Only USERS' pages and batches count: OTHER is backed up beside it, on a session of its own.
    const client = withSelectHook(sdb.client, async (input) => {
      if (!input.SelectExpression.startsWith(`select * from ${USERS} `)) return;
      if (++pages === 3) {
        for (let waited = 0; batches.filter((b) => b.domain === USERS).length < 2 && waited < 20_000; waited += 5) await new Promise((r) => setTimeout(r, 5));
        await killBackupConnection();
      }
    });
    const lost = await expectConnectionLost(backup({}, { client }), { otherBeside: true });
    const historyAfterKill = await historyRows(USERS);
    // Every batch that committed is there whole; nothing else is (the last one to reach its commit
    // may have been killed in it, and then left nothing).
    const usersBatches = batches.filter((b) => b.domain === USERS);
    assert.ok(usersBatches.length >= 2, 'batches before the kill were committed');
    const added = historyAfterKill.length - historyBefore.length;
    assert.ok(added > 0, 'the first batch committed before the kill');
    assert.ok([versionsIn(usersBatches, USERS), versionsIn(usersBatches.slice(0, -1), USERS)].includes(added), `${added} new history rows are whole batches`);
    // USERS' watermark did not move; OTHER's moved only if its run (beside, on its own session) completed.
    const other = lost.result.domains.find((d) => d.domain === OTHER);
    const otherKey = `sdb:${OTHER}`;
    const expected = other !== undefined && other.error === undefined && other.watermarkAfter !== undefined ? { ...watermarkBefore, [otherKey]: other.watermarkAfter } : watermarkBefore;
    assert.deepEqual(await readStoredWatermarks(historyOf(db.conn)), expected, 'the killed domain\'s watermark did not move');

    const clean = await backup();
    assert.equal(clean.domains.every((d) => d.error === undefined), true);
    // The unstamped write to OTHER is for a full scan to find (below).
    await assertMatchesTruth('after the clean run', [USERS]);
    await assertNoDuplicateVersion();
    const live = (rows: { deleted: number }[]) => rows.filter((r) => r.deleted === 0).length;
    assert.equal(live(await historyRows(USERS)) - live(historyBefore), 29, 'each of the 29 changed live items got exactly one new version');
    // A full scan finds the unstamped write; nothing else is new.
    const full = await backup({ fullScan: 'always' });
    assert.equal(full.domains.reduce((n, d) => n + d.versionsWritten, 0), 1);
    await assertMatchesTruth('after a full scan');
    await assertNoDuplicateVersion();
  });

  test('the first connection killed while a batch is in flight on the second: that batch is rolled back, not committed beside a backup that took the lock', async () => {
    const domain = 'lock-check';
    await sdb.client.createDomain({ DomainName: domain });
    for (let i = 0; i < 20; i++) await truth.put(domain, `l${String(i).padStart(2, '0')}`, { n: String(i) });
    const lockName = SDB_LOCK_NAME_SQL;
    let taken = 0;
    const failed = await backup({ domains: [domain] }, {
      // The second batch goes on the second connection; before its commit, the first connection
      // (which holds the backup's lock) dies, and another session takes the lock.
      beforeCommit: async ({ batch }) => {
        if (batch !== 2) return;
        const [holder] = await db.conn.query<RowDataPacket[]>(`SELECT IS_USED_LOCK(${lockName}) AS id`);
        await db.conn.query(`KILL ${Number(holder[0]!['id'])}`);
        const [got] = await db.conn.query<RowDataPacket[]>(`SELECT GET_LOCK(${lockName}, 5) AS got`);
        taken = Number(got[0]!['got']);
      },
    }).then(
      () => assert.fail('the run should have failed'),
      (e: unknown) => e,
    );
    try {
      assert.equal(taken, 1, 'another session took the lock');
      assert.ok(failed instanceof SimpleDbBackupError, String(failed));
      // The lock gone stops the run as a lost connection does (the first connection was killed).
      assert.match(failed.message, /lock-check: the MySQL connection was lost \(the backup's lock on tables sdb_\* is no longer held by its first MySQL connection \(another session holds it\): this batch was rolled back\)/);
      assert.equal((await historyRows(domain)).length, 6, 'the first batch of 6 only: the second did not commit without the lock');
    } finally {
      await db.conn.query(`SELECT RELEASE_LOCK(${lockName})`);
    }
    const clean = await backup({ domains: [domain] });
    assert.equal(clean.domains[0]!.error, undefined);
    await assertMatchesTruth('after the clean run', [domain]);
    await assertNoDuplicateVersion([domain]);
  });
});
