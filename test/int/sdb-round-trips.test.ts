// Issue 11: the hourly SimpleDB run is a few MySQL round trips, not one per table it makes sure of.
// Each statement is a round trip (mysql2 sends one only once the one before answered), so with
// MySQL 20 ms away an incremental run with nothing new paid about 40 ms for each of its ~27. The
// run below counts every statement the store sends on its connection, against the real servers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Connection } from 'mysql2/promise';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import { backedUpAt, backupConfig, createTestDatabase, FakeClock, GroundTruth, historyOf, plain, withSelect, type TestDatabase } from './sdb-backup-support.ts';

const DOMAINS = ['rt_users', 'rt_orders'];

/** `conn` recording the SQL of every command sent through it (transaction commands included). */
function recording(conn: Connection): { conn: Connection; sent: string[] } {
  const sent: string[] = [];
  const counted = new Set(['query', 'execute', 'beginTransaction', 'commit', 'rollback', 'ping']);
  const proxy = new Proxy(conn, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof name !== 'string' || !counted.has(name)) return (value as (...args: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        const sql = typeof args[0] === 'string' ? args[0] : typeof args[0] === 'object' && args[0] !== null && 'sql' in args[0] ? String((args[0] as { sql: unknown }).sql) : name;
        sent.push(sql.replace(/\s+/g, ' ').slice(0, 100));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { conn: proxy, sent };
}

describe('SimpleDB backup: MySQL round trips of an hourly run', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  const config = () => backupConfig(db, DOMAINS);

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    await truth.writer.ensureDeleteLog();
    for (const domain of DOMAINS) {
      await sdb.client.createDomain({ DomainName: domain });
      for (let i = 0; i < 20; i++) await truth.put(domain, `i${i}`, { v: String(i) });
    }
    clock.tick(5000);
    await runSimpleDbBackup(config(), { client: sdb.client, history: historyOf(db.conn), now: clock.now });
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  test('nothing new: one statement per step, none to re-create tables, no empty transaction', async () => {
    clock.tick(10 * 60_000);
    const { conn, sent } = recording(db.conn);
    const result = await runSimpleDbBackup(config(), { client: sdb.client, history: historyOf(conn), now: clock.now });
    assert.deepEqual(result.domains.map((d) => [d.mode, d.versionsWritten, d.error]), DOMAINS.map(() => ['incremental', 0, undefined]));
    const listing = `\n${sent.join('\n')}`;
    assert.ok(!sent.some((s) => /^CREATE /i.test(s)), `no CREATE for tables that exist:${listing}`);
    assert.ok(!sent.some((s) => s === 'beginTransaction' || s === 'commit'), `no transaction for a batch with nothing to write:${listing}`);
    // The lock, the privileges, one look at the system tables, the interrupted runs, the
    // watermarks, and per domain: its tables' base with its column mapping, one look at its tables
    // and their columns, its run row, its one lookup, its run's end. Before: 38 for these two
    // domains; 6 + 6 a domain while the base and the mapping were read apart.
    assert.ok(sent.length <= 6 + 5 * DOMAINS.length, `${sent.length} statements:${listing}`);
  });

  test('the domains named and the delete log are asked about at once, not one after another', async () => {
    let inFlight = 0;
    let most = 0;
    const client = new Proxy(sdb.client, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (typeof value !== 'function') return value;
        if (name !== 'domainMetadata') return (value as (...a: unknown[]) => unknown).bind(target);
        return async (...args: unknown[]) => {
          most = Math.max(most, ++inFlight);
          try {
            // Held a moment, as a distant SimpleDB would: the others are asked meanwhile.
            await new Promise((resolve) => setTimeout(resolve, 50));
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            inFlight--;
          }
        };
      },
    });
    clock.tick(10 * 60_000);
    const result = await runSimpleDbBackup(config(), { client, history: historyOf(db.conn), now: clock.now });
    assert.deepEqual(result.domains.map((d) => d.error), DOMAINS.map(() => undefined));
    assert.equal(most, DOMAINS.length + 1, 'every domain and the delete log asked for at once');
  });

  test("a domain's first Select goes out beside its MySQL set-up, not after its run row", async () => {
    const { conn, sent } = recording(db.conn);
    const client = withSelect(sdb.client, (input, options, real) => (sent.push('SimpleDB Select'), real(input, options)));
    clock.tick(10 * 60_000);
    const result = await runSimpleDbBackup(backupConfig(db, [DOMAINS[0]!]), { client, history: historyOf(conn), now: clock.now });
    assert.deepEqual(result.domains.map((d) => d.error), [undefined]);
    const select = sent.indexOf('SimpleDB Select');
    const runRow = sent.findIndex((s) => s.startsWith('INSERT INTO `sdb__runs`'));
    assert.ok(select >= 0 && runRow >= 0 && select < runRow, `the Select (at ${select}) before the run row (at ${runRow}):\n${sent.join('\n')}`);
  });

  test("the delete log's first page is asked for beside the item scan's, before the run row (not after the scan's batches)", async () => {
    const { conn, sent } = recording(db.conn);
    const client = withSelect(sdb.client, (input, options, real) => {
      sent.push(input.SelectExpression.includes('pullback_delete_log') ? 'SimpleDB Select of the delete log' : 'SimpleDB Select of the items');
      return real(input, options);
    });
    clock.tick(10 * 60_000);
    const result = await runSimpleDbBackup(backupConfig(db, [DOMAINS[0]!]), { client, history: historyOf(conn), now: clock.now });
    assert.deepEqual(result.domains.map((d) => d.error), [undefined]);
    const runRow = sent.findIndex((s) => s.startsWith('INSERT INTO `sdb__runs`'));
    const deleteLog = sent.indexOf('SimpleDB Select of the delete log');
    assert.ok(deleteLog >= 0 && runRow >= 0 && deleteLog < runRow, `the delete log's Select (at ${deleteLog}) before the run row (at ${runRow}):\n${sent.join('\n')}`);
  });

  test('a deletion logged after the delete log was read, while the run goes on, is backed up by the next run at its time', async () => {
    const [domain] = DOMAINS as [string];
    let deleted: number | undefined;
    const client = withSelect(sdb.client, async (input, options, real) => {
      const page = await real(input, options);
      // The delete log's page is in hand: an item is deleted (and logged) only now.
      if (deleted === undefined && input.SelectExpression.includes('pullback_delete_log')) {
        await truth.delete(domain, 'i7');
        deleted = clock.ms;
      }
      return page;
    });
    clock.tick(10 * 60_000);
    const first = await runSimpleDbBackup(backupConfig(db, [domain]), { client, history: historyOf(db.conn), now: clock.now });
    assert.deepEqual(first.domains.map((d) => d.error), [undefined]);
    assert.ok(deleted !== undefined, 'the deletion happened during the run');
    clock.tick(10 * 60_000);
    const second = await runSimpleDbBackup(backupConfig(db, [domain]), { client: sdb.client, history: historyOf(db.conn), now: clock.now });
    assert.deepEqual(second.domains.map((d) => d.error), [undefined]);
    for (const t of [deleted - 1, deleted, clock.ms]) assert.deepStrictEqual(plain(await backedUpAt(db.conn, domain, t)), plain(truth.at(domain, t)), `as of ${t - deleted} ms from the deletion`);
    assert.ok(!(await backedUpAt(db.conn, domain, clock.ms)).has('i7'));
  });

  test('a column recorded in the mapping whose ALTER never ran (a crash between them) is added from the same read of the tables', async () => {
    // The mapping names a column the table lacks: the state a run killed between the two leaves.
    await db.conn.query("INSERT INTO sdb__columns (domain, attribute_name, column_name, created_at) VALUES (?, 'ghost', 'ghost', '2026-01-01 00:00:00.000')", [Buffer.from(DOMAINS[0]!)]);
    clock.tick(10 * 60_000);
    await truth.put(DOMAINS[0]!, 'i4', { v: '4', ghost: 'boo' }, true);
    clock.tick(5000);
    const result = await runSimpleDbBackup(config(), { client: sdb.client, history: historyOf(db.conn), now: clock.now });
    assert.deepEqual(result.domains.map((d) => [d.versionsWritten, d.error]), [[1, undefined], [0, undefined]]);
    const [rows] = await db.conn.query(`SELECT ghost FROM sdb_${DOMAINS[0]} WHERE _item = 'i4'`);
    assert.deepEqual(rows, [{ ghost: 'boo' }], 'the column was added and holds the value');
    assert.deepStrictEqual(plain(await backedUpAt(db.conn, DOMAINS[0]!, clock.ms)), plain(truth.at(DOMAINS[0]!, clock.ms)));
  });

  test('a change after the quiet run is still backed up (the store read its watermarks and tables right)', async () => {
    clock.tick(10 * 60_000);
    await truth.put(DOMAINS[1]!, 'i3', { v: 'changed' }, true);
    clock.tick(5000);
    const result = await runSimpleDbBackup(config(), { client: sdb.client, history: historyOf(db.conn), now: clock.now });
    assert.deepEqual(result.domains.map((d) => d.versionsWritten), [0, 1]);
    for (const domain of DOMAINS) assert.deepStrictEqual(plain(await backedUpAt(db.conn, domain, clock.ms)), plain(truth.at(domain, clock.ms)));
  });
});
