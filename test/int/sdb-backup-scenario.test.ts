// Multi-run SimpleDB -> MariaDB scenario against a ground truth kept by the test: stamped puts,
// Replace and multi-valued updates, deletes through the delete log, unstamped writes caught by a
// full scan, re-creation after delete, 300+ attributes, 256-pair items, 1024-byte names and
// values, Unicode and hostile names; an interrupted run followed by a clean one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup, readStoredWatermarks, SimpleDbBackupError } from '../../src/backends/simpledb/backup.ts';
import type { SimpleDbBackupResult } from '../../src/backends/simpledb/types.ts';
import type { SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import { quoteIdentifier as q } from '../../src/stores/history/mysql/identifiers.ts';
import { asReadable, backedUpAt, backupConfig, createTestDatabase, FakeClock, GroundTruth, historyOf, plain, readableTable, sortedReadable, type TestDatabase } from './sdb-backup-support.ts';

const USERS = 'users';
const OTHER = 'Other.Domain-2';
const HOSTILE_ATTRS = [
  '`',
  'a`b``c',
  "'; DROP TABLE users; --",
  '"double"',
  'x'.repeat(1024),
  'Color',
  'color',
  'COLOR',
  '__proto__',
  'constructor',
  'trailing space ',
  'emoji 🙂',
  '_item',
  '_overflow',
  'item',
  'é',
  'e',
  'Ünïcödé 名前',
];
const LONG_NAME = 'n'.repeat(1000) + 'é'.repeat(12); // 1024 bytes
const LONG_VALUE = 'v'.repeat(1024);
const LONG_UNICODE_VALUE = 'é'.repeat(512); // 1024 bytes

describe('SimpleDB -> MySQL backup, multi-run scenario', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  const results: SimpleDbBackupResult[] = [];

  const config = (over: Partial<SimpleDbBackupConfig> = {}): SimpleDbBackupConfig => backupConfig(db, [USERS, OTHER], { batchSize: 40, ...over });
  const run = async (over: Partial<SimpleDbBackupConfig> = {}): Promise<SimpleDbBackupResult> => {
    clock.tick(5000);
    const r = await runSimpleDbBackup(config(over), { client: sdb.client, history: historyOf(db.conn), now: clock.now });
    results.push(r);
    clock.tick(5000);
    return r;
  };
  const assertStateAt = async (t: number, label: string): Promise<void> => {
    for (const domain of [USERS, OTHER]) {
      assert.deepStrictEqual(plain(await backedUpAt(db.conn, domain, t)), plain(truth.at(domain, t)), `${label}: ${domain} as of ${new Date(t).toISOString()}`);
    }
  };
  const assertReadableCurrent = async (label: string): Promise<void> => {
    for (const domain of [USERS, OTHER]) {
      assert.deepStrictEqual(sortedReadable(await readableTable(db.conn, domain)), sortedReadable(asReadable(truth.at(domain, clock.ms))), `${label}: readable ${domain}`);
    }
  };
  const assertNoDoubles = async (): Promise<void> => {
    for (const table of ['sdb_users__history', 'sdb_Other_Domain_2__history']) {
      const [exists] = await db.conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [table]);
      if (Number(exists[0]!['n']) === 0) continue;
      // Consecutive versions of an item never carry the same content.
      const [rows] = await db.conn.query<RowDataPacket[]>(`SELECT item_name, content_hash, deleted FROM ${q(table)} ORDER BY item_name, valid_from, version_id`);
      for (let i = 1; i < rows.length; i++) {
        const a = rows[i - 1]!;
        const b = rows[i]!;
        if (Buffer.compare(a['item_name'] as Buffer, b['item_name'] as Buffer) !== 0) continue;
        assert.ok(
          Buffer.compare(a['content_hash'] as Buffer, b['content_hash'] as Buffer) !== 0,
          `${table}: item ${(b['item_name'] as Buffer).toString()} has two consecutive identical versions`,
        );
      }
    }
  };

  before(async () => {
    sdb = await startTestSimpleDb({ limits: { maxSelectResponseBytes: 60_000 } });
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    for (const d of [USERS, OTHER]) await sdb.client.createDomain({ DomainName: d });
    await truth.writer.ensureDeleteLog();
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  test('run 1 (first run: full scan) backs up everything, stamped or not', async () => {
    for (let i = 0; i < 60; i++) await truth.put(USERS, `user-${String(i).padStart(3, '0')}`, { name: `User ${i}`, age: String(20 + (i % 50)), tags: ['a', `t${i % 3}`] });
    // 300+ distinct attributes across items, and an item with 256 pairs (255 + the stamp).
    for (let k = 0; k < 4; k++) {
      const attrs: Record<string, string> = {};
      for (let j = 0; j < 85; j++) attrs[`wide_${k}_${j}`] = `w${k}.${j}`.padEnd(40, '.');
      await truth.put(USERS, `wide-${k}`, attrs);
    }
    const full: Record<string, string> = {};
    for (let j = 0; j < 255; j++) full[`p${j}`] = String(j).repeat(40).slice(0, 40);
    await truth.put(USERS, 'pairs-256', full);
    // Hostile names, long names and values, Unicode.
    const hostile: Record<string, string | string[]> = Object.create(null);
    HOSTILE_ATTRS.forEach((n, k) => (hostile[n] = k % 3 === 0 ? [`v${k}`, `w${k}`] : `value ${k} '; DROP TABLE x; --`));
    await truth.put(USERS, "hostile`'\"; DROP TABLE sdb__runs; --", hostile);
    await truth.put(USERS, LONG_NAME, { [LONG_NAME]: [LONG_VALUE, LONG_UNICODE_VALUE] });
    await truth.put(USERS, 'case', { v: 'lower' });
    await truth.put(USERS, 'Case', { v: 'upper' });
    await truth.put(USERS, 'case ', { v: 'trailing space' });
    await truth.put(USERS, '名前🙂', { 'città': 'Zürich 🇨🇭', '日本': ['一', '二', '三'] });
    // Written without the convention: invisible to the incremental read.
    await truth.rawPut(USERS, 'unstamped-1', { note: 'no stamp here' });
    for (let i = 0; i < 10; i++) await truth.put(OTHER, `o${i}`, { k: String(i) });

    const r = await run();
    const users = r.domains.find((d) => d.domain === USERS)!;
    assert.equal(users.mode, 'full');
    assert.equal(users.watermarkBefore, undefined);
    assert.ok(users.watermarkAfter, 'a watermark from the data');
    assert.equal(users.versionsWritten, truth.at(USERS, clock.ms).size);
    assert.equal(users.tables.current, 'sdb_users');
    const other = r.domains.find((d) => d.domain === OTHER)!;
    assert.equal(other.tables.current, 'sdb_Other_Domain_2');
    await assertStateAt(Date.parse(r.startedAt), 'after run 1');
    await assertReadableCurrent('after run 1');
    // 600+ attributes: 250 get columns, the rest live in _overflow; the 256-pair row overflows too.
    const [mapped] = await db.conn.query<RowDataPacket[]>(
      "SELECT SUM(column_name IS NOT NULL) AS cols, SUM(column_name IS NULL) AS spill FROM sdb__columns WHERE domain = 'users'",
    );
    assert.equal(Number(mapped[0]!['cols']), 250);
    assert.ok(Number(mapped[0]!['spill']) > 300);
    const [pairs] = await db.conn.query<RowDataPacket[]>("SELECT JSON_LENGTH(_overflow) AS n FROM sdb_users WHERE _item = 'pairs-256'");
    assert.ok(Number(pairs[0]!['n']) > 0, 'the 256-pair item keeps part of its values in _overflow');
    // Hostile names became safe, distinct column names.
    const [cols] = await db.conn.query<RowDataPacket[]>(
      'SELECT column_name FROM sdb__columns WHERE domain = ? AND attribute_name IN (?) ORDER BY column_name',
      ['users', HOSTILE_ATTRS.map((n) => Buffer.from(n))],
    );
    assert.equal(cols.length, HOSTILE_ATTRS.length, 'every hostile name is in the mapping');
    const names = cols.filter((c) => c['column_name'] !== null).map((c) => String(c['column_name']));
    assert.ok(names.length > 0);
    assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length, 'no case-insensitive collision');
    for (const n of names) assert.match(n, /^[A-Za-z0-9][A-Za-z0-9_]{0,63}$/);
    // The tables survived the names.
    const [tables] = await db.conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()');
    assert.ok(Number(tables[0]!['n']) >= 10);
  });

  let midPhase2 = 0;
  test('run 2 (incremental): updates, multi-valued adds, deletes, re-creation', async () => {
    await truth.put(USERS, 'user-001', { name: 'Renamed' }, true);
    await truth.put(USERS, 'user-002', { tags: ['b', 'c'] }); // adds values
    await truth.put(USERS, 'user-003', { tags: 'only' }, true);
    await truth.delete(USERS, 'user-004');
    await truth.delete(USERS, 'case');
    midPhase2 = clock.ms;
    await truth.put(USERS, 'user-005', { new_attribute: 'appears', 'Another New': 'x' });
    await truth.delete(USERS, 'user-006');
    await truth.put(USERS, 'user-006', { reborn: 'yes' }); // re-created after delete
    await truth.delete(OTHER, 'o1');
    await truth.put(OTHER, 'o2', { k: 'two' }, true);
    const r = await run();
    const users = r.domains.find((d) => d.domain === USERS)!;
    assert.equal(users.mode, 'incremental');
    assert.equal(users.versionsWritten, 5);
    assert.equal(users.tombstones, 3);
    assert.ok(users.watermarkAfter! > users.watermarkBefore!);
    await assertStateAt(midPhase2, 'mid phase 2');
    await assertStateAt(Date.parse(r.startedAt), 'after run 2');
    await assertStateAt(Date.parse(results[0]!.startedAt), 'run 1 still readable after run 2');
    await assertReadableCurrent('after run 2');
  });

  test('run 3 (full scan) catches unstamped writes and deletes', async () => {
    await truth.rawPut(USERS, 'user-010', { name: 'changed without stamp' }, true);
    await truth.rawDelete(USERS, 'user-011');
    await truth.rawPut(USERS, 'unstamped-2', { brand: 'new' });
    const incremental = await run();
    assert.equal(incremental.domains.find((d) => d.domain === USERS)!.versionsWritten, 0, 'the incremental read cannot see them');
    const r = await run({ fullScan: 'always' });
    const users = r.domains.find((d) => d.domain === USERS)!;
    assert.equal(users.mode, 'full');
    assert.equal(users.versionsWritten, 2);
    assert.equal(users.tombstones, 1);
    await assertStateAt(Date.parse(r.startedAt), 'after run 3');
    await assertStateAt(midPhase2, 'mid phase 2, after run 3');
    await assertReadableCurrent('after run 3');
  });

  test('an interrupted run loses nothing and the next run doubles nothing', async () => {
    const before = await readStoredWatermarks(historyOf(db.conn));
    for (let i = 100; i < 200; i++) await truth.put(USERS, `user-${i}`, { name: `Late ${i}`, data: 'd'.repeat(300) });
    await truth.delete(USERS, 'user-020');
    // Several pages are read, some batches committed, then SimpleDB fails past the client's retries.
    sdb.server.faults.failNext(4, 503, 6);
    await assert.rejects(run(), (err: unknown) => {
      assert.ok(err instanceof SimpleDbBackupError);
      const users = err.result.domains.find((d) => d.domain === USERS)!;
      assert.ok(users.error, 'the domain failed');
      assert.ok(users.versionsWritten > 0, 'some batches were committed before the failure');
      assert.equal(users.watermarkAfter, users.watermarkBefore);
      return true;
    });
    sdb.server.faults.clear();
    assert.deepStrictEqual(await readStoredWatermarks(historyOf(db.conn)), before, 'the failed run did not move the watermark');
    const [runs] = await db.conn.query<RowDataPacket[]>("SELECT COUNT(*) AS n FROM sdb__runs WHERE status = 'failed'");
    assert.equal(Number(runs[0]!['n']), 1);

    const r = await run();
    const users = r.domains.find((d) => d.domain === USERS)!;
    assert.ok(users.unchangedSkipped > 0, 'what the failed run wrote is recognised');
    await assertStateAt(Date.parse(r.startedAt), 'after the clean run');
    await assertStateAt(midPhase2, 'mid phase 2, after the clean run');
    await assertReadableCurrent('after the clean run');
    await assertNoDoubles();

    const again = await run();
    for (const d of again.domains) {
      assert.equal(d.versionsWritten, 0, `${d.domain}: a re-run writes no version`);
      assert.equal(d.tombstones, 0, `${d.domain}: a re-run writes no tombstone`);
    }
    const full = await run({ fullScan: 'always' });
    for (const d of full.domains) assert.equal(d.versionsWritten + d.tombstones, 0, `${d.domain}: a full re-scan writes nothing`);
    await assertNoDoubles();
  });

  test('the runs table is the durable record of watermarks', async () => {
    const stored = await readStoredWatermarks(historyOf(db.conn));
    const last = results[results.length - 1]!;
    assert.deepStrictEqual(stored, last.watermarks);
    assert.ok(stored['sdb:users']);
    // Never past a run's start, whatever the data says.
    assert.ok(stored['sdb:users']! <= last.startedAt);
  });
});
