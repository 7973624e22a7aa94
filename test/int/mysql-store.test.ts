// The MySQL history store on MariaDB, beyond the contract suite (test/contract/history-store.test.ts):
// the row-size guard, AS OF by hand through the versions view, the current table rebuilt from
// history, connection errors that name the setting.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { ConfigError } from '../../src/config/errors.ts';
import { connectMySql } from '../../src/stores/history/mysql/connection.ts';
import { sqlTime } from '../../src/stores/history/mysql/sql-time.ts';
import { MySqlHistoryStore } from '../../src/stores/history/mysql/store.ts';
import type { HistoryVersion } from '../../src/stores/history/types.ts';
import { canonicalAttributes, contentHash } from '../../src/backends/simpledb/plan.ts';
import { createTestDatabase, MYSQL_BASE, type TestDatabase } from './sdb-backup-support.ts';

const version = (itemName: string, at: string, attrs: Record<string, string[]> | null): HistoryVersion => {
  const attributes = attrs === null ? null : canonicalAttributes(Object.entries(attrs).flatMap(([Name, vs]) => vs.map((Value) => ({ Name, Value }))));
  return { itemName, validFrom: Date.parse(at), stamp: at, deleted: attrs === null, origin: attrs === null ? 'delete-log' : 'stamp', hash: attributes ? contentHash(attributes) : '00'.repeat(32), attributes };
};

describe('MySQL store on MariaDB', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  test('256 values of 40 bytes: refused by InnoDB without the row budget, stored with it', async () => {
    const attrs: Record<string, string[]> = {};
    for (let i = 0; i < 256; i++) attrs[`attr${i}`] = ['x'.repeat(40)];
    const v = version('wide', '2026-01-01T00:00:00.000Z', attrs);

    const unguarded = new MySqlHistoryStore(db.conn, { tablePrefix: 'raw_', maxAttributeColumns: 300, rowBudget: 1e9 });
    await unguarded.ensureSchema();
    const t1 = await unguarded.openDomain('wide');
    await t1.ensureColumns(Object.keys(attrs));
    await assert.rejects(t1.writeBatch({ runId: 'r1', versions: [v], current: new Map([['wide', v]]) }), /Row size too large|row size/i);
    assert.equal((await t1.counts()).history, 0, 'the failed batch left nothing behind');

    const store = new MySqlHistoryStore(db.conn, { tablePrefix: 'ok_', maxAttributeColumns: 300 });
    await store.ensureSchema();
    const t2 = await store.openDomain('wide');
    await t2.ensureColumns(Object.keys(attrs));
    await t2.writeBatch({ runId: 'r1', versions: [v], current: new Map([['wide', v]]) });
    const [rows] = await db.conn.query<RowDataPacket[]>('SELECT JSON_LENGTH(_overflow) AS n, attr0 FROM ok_wide');
    assert.ok(Number(rows[0]!['n']) > 0);
    const state = [];
    for await (const s of t2.stateAsOf(Date.parse('2026-01-02T00:00:00.000Z'))) state.push(s);
    assert.deepStrictEqual({ ...state[0]!.attributes }, { ...v.attributes });
  });

  test('the log line says TLS is off when the connection has none (it said "tls verify")', async () => {
    const conn = await connectMySql({ ...MYSQL_BASE, database: db.name, ssl: 'off' });
    try {
      const store = new MySqlHistoryStore(conn);
      assert.match(store.description, /\(tls off\)/);
      assert.doesNotMatch(store.description, /verify/);
    } finally {
      await conn.end();
    }
  });

  test('AS OF by hand, through the versions view and the history', async () => {
    const store = new MySqlHistoryStore(db.conn, { tablePrefix: 'h_' });
    await store.ensureSchema();
    const t = await store.openDomain('people');
    const versions = [
      version('ann', '2026-01-01T10:00:00.000Z', { city: ['Oslo'] }),
      version('bob', '2026-01-01T10:00:00.000Z', { city: ['Rome'] }),
      version('ann', '2026-01-01T11:00:00.000Z', { city: ['Bergen'], tags: ['a', 'b'] }),
      version('bob', '2026-01-01T12:00:00.000Z', null),
    ];
    await t.ensureColumns(['city', 'tags']);
    await t.writeBatch({ runId: 'r1', versions, current: new Map([['ann', versions[2]!], ['bob', versions[3]!]]) });
    // Writing the same batch again adds nothing (unique key on item, time, content).
    await t.writeBatch({ runId: 'r2', versions, current: new Map() });
    assert.equal((await t.counts()).history, 4);

    const asOf = async (at: string): Promise<string[]> => {
      const [rows] = await db.conn.query<RowDataPacket[]>(
        `SELECT item, JSON_UNQUOTE(JSON_EXTRACT(attributes, '$.city[0]')) AS city FROM h_people__versions
         WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) AND deleted = 0 ORDER BY item_name`,
        [at, at],
      );
      return rows.map((r) => `${r['item']}:${r['city']}`);
    };
    assert.deepStrictEqual(await asOf('2026-01-01 10:30:00'), ['ann:Oslo', 'bob:Rome']);
    assert.deepStrictEqual(await asOf('2026-01-01 11:30:00'), ['ann:Bergen', 'bob:Rome']);
    assert.deepStrictEqual(await asOf('2026-01-01 12:00:00'), ['ann:Bergen']);
    assert.deepStrictEqual(await asOf('2026-01-01 09:00:00'), []);

    const [cur] = await db.conn.query<RowDataPacket[]>('SELECT _name, city, tags FROM h_people');
    assert.deepStrictEqual(cur.map((r) => ({ ...r })), [{ _name: 'ann', city: 'Bergen', tags: '["a","b"]' }]);

    // The readable table can always be rebuilt from the history.
    await db.conn.query('DELETE FROM h_people');
    assert.equal(await t.rebuildCurrent(), 1);
    const [again] = await db.conn.query<RowDataPacket[]>('SELECT _name, city, tags, _valid_from FROM h_people');
    assert.deepStrictEqual(again.map((r) => ({ ...r })), [{ _name: 'ann', city: 'Bergen', tags: '["a","b"]', _valid_from: sqlTime(Date.parse('2026-01-01T11:00:00.000Z')) }]);
  });

  test('the run id, written into the statements as SQL text, is stored as given, quotes and backslashes too; deleted as 0 and 1', async () => {
    // writes.ts puts the run id in the prepared statements' text (escaped) rather than in each row.
    const store = new MySqlHistoryStore(db.conn, { tablePrefix: 'rid_' });
    await store.ensureSchema();
    const t = await store.openDomain('people');
    const runId = "r'1\\x\"); --";
    const versions = [version('ann', '2026-01-01T10:00:00.000Z', { city: ['Oslo'] }), version('bob', '2026-01-01T10:00:00.000Z', { city: ['Rome'] }), version('bob', '2026-01-01T11:00:00.000Z', null)];
    await t.ensureColumns(['city']);
    await t.writeBatch({ runId, versions, current: new Map([['ann', versions[0]!], ['bob', versions[2]!]]) });
    const [history] = await db.conn.query<RowDataPacket[]>('SELECT item_name, deleted, run_id FROM rid_people__history ORDER BY item_name, valid_from');
    assert.deepStrictEqual(history.map((r) => [String(r['item_name']), Number(r['deleted']), r['run_id']]), [['ann', 0, runId], ['bob', 0, runId], ['bob', 1, runId]]);
    const [current] = await db.conn.query<RowDataPacket[]>('SELECT _name, _run_id FROM rid_people');
    assert.deepStrictEqual(current.map((r) => ({ ...r })), [{ _name: 'ann', _run_id: runId }]);
  });

  test('a batch begun on a connection while another batch is open on it is refused, and the open one commits whole (BEGIN would have committed it half-written)', async () => {
    const store = new MySqlHistoryStore(db.conn, { tablePrefix: 'two_' });
    await store.ensureSchema();
    const t = await store.openDomain('people');
    await t.ensureColumns(['city']);
    const first = version('ann', '2026-01-01T10:00:00.000Z', { city: ['Oslo'] });
    const second = version('bob', '2026-01-01T10:00:00.000Z', { city: ['Rome'] });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atCommit = new Promise<void>((resolve) => (reached = resolve));
    // The first batch's rows are written and its transaction open, waiting before its commit.
    const open = t.writeBatch({ runId: 'r1', versions: [first], current: new Map([['ann', first]]) }, { beforeCommit: async () => (reached(), await held) });
    await atCommit;
    await assert.rejects(t.writeBatch({ runId: 'r1', versions: [second], current: new Map([['bob', second]]) }), /a batch was begun on MySQL connection \d+ while another batch's transaction is open on it .*nothing of this batch was written/);
    release();
    await open;
    const [history] = await db.conn.query<RowDataPacket[]>('SELECT item_name FROM two_people__history');
    assert.deepStrictEqual(history.map((r) => String(r['item_name'])), ['ann']);
    // The connection takes batches again once the first has ended.
    await t.writeBatch({ runId: 'r1', versions: [second], current: new Map([['bob', second]]) });
    const [after] = await db.conn.query<RowDataPacket[]>('SELECT item_name FROM two_people__history ORDER BY item_name');
    assert.deepStrictEqual(after.map((r) => String(r['item_name'])), ['ann', 'bob']);
  });

  test('the current-state table rebuilt from the history keeps an item whose latest version is dated in 9999', async () => {
    const store = new MySqlHistoryStore(db.conn, { tablePrefix: 'far_' });
    await store.ensureSchema();
    const t = await store.openDomain('people');
    const versions = [version('now', '2026-01-01T10:00:00.000Z', { city: ['Oslo'] }), version('far', '9999-06-01T00:00:00.000Z', { city: ['Rome'] })];
    await t.ensureColumns(['city']);
    await t.writeBatch({ runId: 'r1', versions, current: new Map(versions.map((v) => [v.itemName, v])) });
    await db.conn.query('DELETE FROM far_people');
    // It took the state as of 9999-01-01 for the latest: an item dated later in 9999 was left out.
    assert.equal(await t.rebuildCurrent(), 2);
    const [rows] = await db.conn.query<RowDataPacket[]>('SELECT _name, city FROM far_people ORDER BY _item');
    assert.deepStrictEqual(rows.map((r) => ({ ...r })), [{ _name: 'far', city: 'Rome' }, { _name: 'now', city: 'Oslo' }]);
  });

  test('trailing spaces and case are distinct item names, in the current-state table too', async () => {
    const store = new MySqlHistoryStore(db.conn, { tablePrefix: 'n_' });
    await store.ensureSchema();
    const t = await store.openDomain('names');
    const vs = ['x', 'x ', 'X', 'x  '].map((n) => version(n, '2026-01-01T10:00:00.000Z', { v: [JSON.stringify(n)] }));
    await t.ensureColumns(['v']);
    await t.writeBatch({ runId: 'r1', versions: vs, current: new Map(vs.map((v) => [v.itemName, v])) });
    const names = [];
    for await (const s of t.stateAsOf(Date.parse('2026-01-02T00:00:00.000Z'))) names.push(s.name);
    assert.deepStrictEqual(names, ['X', 'x', 'x ', 'x  ']);
    assert.equal((await t.counts()).current, 4);
  });

  test('connection errors name the setting and never show the password', async () => {
    await assert.rejects(connectMySql({ ...MYSQL_BASE, port: 1, database: 'x', connectTimeoutMs: 2000 }), (e: unknown) => e instanceof ConfigError && e.input === 'mysql-host' && /^input `mysql-host`: cannot reach MySQL/.test(e.message));
    await assert.rejects(connectMySql({ ...MYSQL_BASE, database: 'pullback_no_such_db_here' }), (e: unknown) => e instanceof ConfigError && e.input === 'mysql-database');
    await assert.rejects(connectMySql({ ...MYSQL_BASE, user: 'pullback_nobody', password: 'Sup3rSecret!', database: db.name }), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.input, 'mysql-password');
      assert.ok(e.cause, 'the driver error is kept as the cause');
      assert.ok(!e.message.includes('Sup3rSecret!'));
      return true;
    });
  });
  test("an item lookup of 500 names goes through the item index even while InnoDB's statistics describe the table as it was", async () => {
    const queries: { sql: string; values: unknown }[] = [];
    const spy = new Proxy(db.conn, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (name !== 'query' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return (sql: string, values?: unknown) => {
          queries.push({ sql, values });
          return target.query(sql, values as never);
        };
      },
    });
    const store = new MySqlHistoryStore(spy, { tablePrefix: 'stats_' });
    await store.ensureSchema();
    const domain = await store.openDomain('big');
    const table = domain.tables.history;
    // 20,000 versions written at once, then the statistics InnoDB had of the table a moment before
    // (when it held a handful of rows): its background recalculation comes seconds later.
    await db.conn.query(`ALTER TABLE ${table} STATS_AUTO_RECALC = 0`);
    await db.conn.query(
      `INSERT INTO ${table} (item_name, valid_from, deleted, origin, run_id, content_hash, attributes)
       WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199)
       SELECT CONCAT('item-', LPAD(a.i * 200 + b.i, 8, '0')), '2026-01-01', 0, 'stamp', REPEAT('r', 36), UNHEX(SHA2(a.i * 200 + b.i, 256)), '{}' FROM n a, n b WHERE a.i < 100`,
    );
    await db.conn.query(`UPDATE mysql.innodb_index_stats SET stat_value = 11 WHERE database_name = ? AND table_name = ? AND stat_name LIKE 'n_diff_pfx%'`, [db.name, table]);
    await db.conn.query(`UPDATE mysql.innodb_table_stats SET n_rows = 13 WHERE database_name = ? AND table_name = ?`, [db.name, table]);
    await db.conn.query(`FLUSH TABLES ${table}`);

    const names = Array.from({ length: 500 }, (_, i) => `item-${String(5000 + i).padStart(8, '0')}`);
    queries.length = 0;
    const versions = await domain.loadVersions(names);
    assert.equal(versions.size, 500);
    const lookups = queries.filter((query) => query.sql.includes(' IN (?)'));
    assert.equal(lookups.length, 1, 'one statement for 500 names');
    const [plan] = await db.conn.query<RowDataPacket[]>(`EXPLAIN ${lookups[0]!.sql}`, lookups[0]!.values as never);
    assert.deepEqual(
      plan.map((row) => [row['type'], row['key']]),
      [['range', 'uq_item_version']],
      `the lookup reads the item index, not every row of the history: ${JSON.stringify(plan)}`,
    );
  });
});
