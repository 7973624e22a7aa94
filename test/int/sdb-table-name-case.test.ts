// Found by the review of 19d3111 (fixed in the next commit): existingTables() asks information_schema.TABLES with `TABLE_NAME IN (...)`.
// On MariaDB that column is utf8mb3_general_ci and an IN list is filtered with it (no exact-name
// lookup as `TABLE_NAME = ?` gets), and the code lower-cases the answer besides. With
// lower_case_table_names=0 (the Linux default) `SDB__runs` and `sdb__runs` are two tables, and
// table prefixes may hold upper-case letters: a table of another prefix that differs only in case
// is taken for this prefix's, so the table is never created. Before, CREATE TABLE IF NOT EXISTS
// (exact name) made it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import { backedUpAt, backupConfig, createTestDatabase, FakeClock, GroundTruth, historyOf, plain, type TestDatabase } from './sdb-backup-support.ts';

describe('SimpleDB backup: table names that differ only in case (several prefixes, one database)', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  const config = (domains: string[], tablePrefix: string) => backupConfig(db, domains, { tablePrefix });
  const backup = async (domains: string[], prefix: string) => {
    clock.tick(5000);
    try {
      return await runSimpleDbBackup(config(domains, prefix), { client: sdb.client, history: historyOf(db.conn, prefix), now: clock.now });
    } finally {
      clock.tick(5000);
    }
  };

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    const [v] = await db.conn.query<RowDataPacket[]>('SELECT @@lower_case_table_names AS l');
    assert.equal(Number(v[0]!['l']), 0, 'these cases need lower_case_table_names=0');
    truth = new GroundTruth(sdb.client, clock);
    await truth.writer.ensureDeleteLog();
    for (const domain of ['ABcde', 'cde', 'case_d', 'X_runs']) {
      await sdb.client.createDomain({ DomainName: domain });
      for (let i = 0; i < 3; i++) await truth.put(domain, `i${i}`, { v: `${domain}${i}` });
    }
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  test('prefix "sdb_" backs up into a database that holds prefix "SDB_" (its system tables differ only in case)', async () => {
    const first = await backup(['case_d'], 'SDB_');
    assert.deepEqual(first.domains.map((d) => d.error), [undefined]);
    // Another prefix: its own lock, its own tables (sdb__runs, not SDB__runs).
    const second = await backup(['case_d'], 'sdb_');
    assert.deepEqual(second.domains.map((d) => [d.mode, d.error]), [['full', undefined]]);
    assert.deepStrictEqual(plain(await backedUpAt(db.conn, 'case_d', clock.ms, 'sdb_')), plain(truth.at('case_d', clock.ms)));
  });

  test('prefix "s_ab" domain "cde" (tables s_abcde*) beside prefix "s_" domain "ABcde" (tables s_ABcde*)', async () => {
    const first = await backup(['ABcde'], 's_');
    assert.deepEqual(first.domains.map((d) => [d.tables.current, d.error]), [['s_ABcde', undefined]]);
    const second = await backup(['cde'], 's_ab');
    assert.deepEqual(second.domains.map((d) => [d.tables.current, d.error]), [['s_abcde', undefined]]);
    assert.deepStrictEqual(plain(await backedUpAt(db.conn, 'cde', clock.ms, 's_ab')), plain(truth.at('cde', clock.ms)));
  });

  test('prefix "ax" (system table ax_runs) beside prefix "a" domain "X_runs" (current-state table aX_runs)', async () => {
    const first = await backup(['X_runs'], 'a');
    assert.deepEqual(first.domains.map((d) => [d.tables.current, d.error]), [['aX_runs', undefined]]);
    const second = await backup(['case_d'], 'ax');
    assert.deepEqual(second.domains.map((d) => [d.mode, d.error]), [['full', undefined]]);
    assert.deepStrictEqual(plain(await backedUpAt(db.conn, 'case_d', clock.ms, 'ax')), plain(truth.at('case_d', clock.ms)));
  });
});
