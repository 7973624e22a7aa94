// Bad setups fail with an error naming the setting, before anything is written to MySQL.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import type { SimpleDbBackupDeps } from '../../src/backends/simpledb/types.ts';
import { withMySqlHistory } from '../../src/backends/simpledb/open.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { buildSimpleDbBackupConfig, type SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import { connectMySql } from '../../src/stores/history/mysql/connection.ts';
import { MySqlHistoryStore } from '../../src/stores/history/mysql/store.ts';
import { createTestDatabase, type TestDatabase } from './sdb-backup-support.ts';

/** A backup as the action runs it: the wiring opens the history store the config names. */
function backup(config: SimpleDbBackupConfig, deps: Omit<SimpleDbBackupDeps, 'history'>) {
  return withMySqlHistory(config, {}, (history) => runSimpleDbBackup(config, { ...deps, history }));
}

describe('SimpleDB backup: validation before writing', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const user = `pb_ro_${randomBytes(4).toString('hex')}`;
  const tableCount = async (): Promise<number> => {
    const [rows] = await db.conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()');
    return Number(rows[0]!['n']);
  };
  const settings = (over: Record<string, string> = {}): Record<string, string> => ({
    'mysql-host': db.settings.host,
    'mysql-port': String(db.settings.port),
    'mysql-user': db.settings.user,
    'mysql-password': db.settings.password,
    'mysql-database': db.name,
    'simpledb-domains': 'present',
    ...over,
  });

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    await sdb.client.createDomain({ DomainName: 'present' });
    await sdb.client.putAttributes({ DomainName: 'present', ItemName: 'i', Attributes: [{ Name: 'a', Value: '1' }] });
    await db.conn.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'ro-pass-1'`);
    await db.conn.query(`GRANT SELECT, INSERT ON \`${db.name}\`.* TO '${user}'@'%'`);
  });
  after(async () => {
    await db?.conn.query(`DROP USER IF EXISTS '${user}'@'%'`).catch(() => undefined);
    await db?.drop();
    await sdb?.close();
  });

  test('a missing domain', async () => {
    const config = buildSimpleDbBackupConfig(settings({ 'simpledb-domains': 'present, absent_domain' }));
    await assert.rejects(backup(config, { client: sdb.client }), (e: unknown) => e instanceof ConfigError && e.input === 'simpledb-domains' && /absent_domain/.test(e.message));
    assert.equal(await tableCount(), 0);
  });

  test('missing privileges', async () => {
    const config = buildSimpleDbBackupConfig(settings({ 'mysql-user': user, 'mysql-password': 'ro-pass-1', 'mysql-host': '127.0.0.1' }));
    await assert.rejects(backup(config, { client: sdb.client }), (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.equal(e.input, 'mysql-user');
      assert.match(e.message, new RegExp(`^input \`mysql-user\`: user "${user}" lacks`));
      assert.match(e.message, /lacks UPDATE, DELETE, CREATE, ALTER, CREATE VIEW/);
      assert.match(e.message, /GRANT/);
      return true;
    });
    assert.equal(await tableCount(), 0);
  });

  test('an unreachable MySQL', async () => {
    const config = buildSimpleDbBackupConfig(settings({ 'mysql-port': '1' }));
    await assert.rejects(backup(config, { client: sdb.client }), (e: unknown) => e instanceof ConfigError && e.input === 'mysql-host');
  });

  test('a malformed setting never reaches a server', () => {
    assert.throws(() => buildSimpleDbBackupConfig(settings({ 'simpledb-overlap': 'a while' })), (e: unknown) => e instanceof ConfigError && e.input === 'simpledb-overlap');
  });

  test('a second backup into the same tables is refused while one runs', async () => {
    const other = await connectMySql(db.settings);
    try {
      const holder = new MySqlHistoryStore(other, { tablePrefix: 'sdb_' });
      assert.equal(await holder.lock(), true);
      const config = buildSimpleDbBackupConfig(settings());
      await assert.rejects(backup(config, { client: sdb.client }), (e: unknown) => e instanceof ConfigError && e.input === 'mysql-table-prefix');
      await holder.unlock();
    } finally {
      await other.end();
    }
  });

  test('then a good run, and "all" skips the delete log', async () => {
    const config = buildSimpleDbBackupConfig(settings({ 'simpledb-domains': 'all' }));
    const lines: string[] = [];
    const r = await backup(config, { client: sdb.client, log: (l) => lines.push(l) });
    assert.deepStrictEqual(r.domains.map((d) => [d.domain, d.mode, d.versionsWritten]), [['present', 'full', 1]]);
    assert.ok(lines.some((l) => /delete-log domain "pullback_delete_log" does not exist/.test(l)));
    assert.ok(!lines.join('\n').includes('ro-pass-1'));
    assert.ok(await tableCount() > 0);
  });
});
