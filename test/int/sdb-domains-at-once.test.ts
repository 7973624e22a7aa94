// Issue 11: an incremental run backs several SimpleDB domains up at once, each on a MySQL session
// of its own (src/backends/simpledb/domain-sessions.ts), through the real wiring (withMySqlHistory
// opens the store and its sessions, as in production). What must hold: the domains really overlap;
// each domain's history is what it would be one at a time; a session commits nothing, and records
// no success, once the store's connection has lost the lock; new domains get distinct tables; a
// server that refuses more connections only makes the run go one domain at a time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { readStoredWatermarks, runSimpleDbBackup, SimpleDbBackupError } from '../../src/backends/simpledb/backup.ts';
import { DEFAULTS } from '../../src/config/simpledb.ts';
import type { SimpleDbBackupResult, SimpleDbSource } from '../../src/backends/simpledb/types.ts';
import type { SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import { withMySqlHistory } from '../../src/backends/simpledb/open.ts';
import { connectMySql } from '../../src/stores/history/mysql/connection.ts';
import { openMySqlHistoryStore } from '../../src/stores/history/mysql/store.ts';
import { quoteIdentifier as q } from '../../src/stores/history/mysql/identifiers.ts';
import { assertBackupMatchesTruth, backupConfig, createTestDatabase, FakeClock, GroundTruth, historyOf, SDB_LOCK_NAME_SQL, withSelect, type TestDatabase } from './sdb-backup-support.ts';

const DOMAINS = ['ao_a', 'ao_b', 'ao_c', 'ao_d', 'ao_e', 'ao_f'];
const LOCK_NAME = SDB_LOCK_NAME_SQL;

describe('SimpleDB backup: incremental domains at once, each on its own MySQL session', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  const times: number[] = [];

  const backup = (domains: string[], client: SimpleDbSource, over: Partial<SimpleDbBackupConfig> = {}, log: (line: string) => void = () => undefined, beforeCommit?: () => Promise<void>) => {
    clock.tick(5000);
    const config = backupConfig(db, domains, { batchSize: 5, ...over });
    return withMySqlHistory(config, {}, (history) => runSimpleDbBackup(config, { client, history, now: clock.now, log, ...(beforeCommit ? { beforeCommit } : {}) }));
  };
  /** Item Selects (not the delete log's) of the run, by the domain they read. */
  const itemSelectOf = (expression: string): string | undefined => /^select \* from (ao_\w+) /.exec(expression)?.[1];
  const historyCount = async (domain: string): Promise<number> => {
    const [d] = await db.conn.query<RowDataPacket[]>('SELECT table_base FROM sdb__domains WHERE domain = ?', [Buffer.from(domain)]);
    const [rows] = await db.conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${q(`sdb_${String(d[0]!['table_base'])}__history`)}`);
    return Number(rows[0]!['n']);
  };
  const changeEvery = async (round: string) => {
    for (const domain of DOMAINS) for (let i = 0; i < 7; i++) await truth.put(domain, `i${i}`, { v: `${round}-${i}` }, true);
    times.push(clock.now().getTime());
  };

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    await truth.writer.ensureDeleteLog();
    for (const domain of DOMAINS) {
      await sdb.client.createDomain({ DomainName: domain });
      for (let i = 0; i < 12; i++) await truth.put(domain, `i${i}`, { v: String(i) });
    }
    times.push(clock.now().getTime());
    // The first run scans every domain in full, one at a time.
    const first = await backup(DOMAINS, sdb.client);
    assert.deepEqual(first.domains.map((d) => [d.domain, d.mode, d.error]), DOMAINS.map((d) => [d, 'full', undefined]));
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  test('the domains overlap (their Selects are in flight together), and each history is the ground truth, reported in the order given', async () => {
    await changeEvery('r1');
    await truth.delete('ao_c', 'i9');
    let inFlight = 0;
    let most = 0;
    // Each item Select waits (at most 2 s) for another to be in flight: one domain at a time, they
    // never overlap and the run counts 1.
    const waiting = new Set<() => void>();
    const client = withSelect(sdb.client, async (input, options, real) => {
      if (itemSelectOf(input.SelectExpression) === undefined) return real(input, options);
      inFlight++;
      most = Math.max(most, inFlight);
      for (const wake of waiting) wake();
      if (inFlight < 2) await new Promise<void>((resolve) => {
        const wake = () => { waiting.delete(wake); resolve(); };
        waiting.add(wake);
        setTimeout(wake, 2000).unref();
      });
      try {
        return await real(input, options);
      } finally {
        inFlight--;
      }
    });
    const result = await backup(DOMAINS, client);
    assert.deepEqual(result.domains.map((d) => [d.domain, d.mode, d.error]), DOMAINS.map((d) => [d, 'incremental', undefined]), 'every domain, in the order given');
    assert.ok(most >= 2, `the domains' Selects overlapped (${most} at most in flight)`);
    assert.ok(most <= DEFAULTS.domainsAtOnce, `at most ${DEFAULTS.domainsAtOnce} at once (${most})`);
    for (const domain of DOMAINS) await assertBackupMatchesTruth(db.conn, truth, domain, times);
    assert.equal(result.domains.reduce((n, d) => n + d.versionsWritten, 0), DOMAINS.length * 7, 'each change once');
    assert.equal(result.domains.reduce((n, d) => n + d.tombstones, 0), 1, 'the deletion once');
  });

  test('simpledb-domains-at-once 1: one domain at a time, on the one connection', async () => {
    await changeEvery('r1b');
    let inFlight = 0;
    let most = 0;
    const client = withSelect(sdb.client, async (input, options, real) => {
      if (itemSelectOf(input.SelectExpression) === undefined) return real(input, options);
      most = Math.max(most, ++inFlight);
      // Held a little: a second domain begun meanwhile would be seen.
      await new Promise((r) => setTimeout(r, 30));
      try {
        return await real(input, options);
      } finally {
        inFlight--;
      }
    });
    const [before] = await db.conn.query<RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Connections'");
    const result = await backup(DOMAINS, client, { domainsAtOnce: 1 });
    const [after] = await db.conn.query<RowDataPacket[]>("SHOW GLOBAL STATUS LIKE 'Connections'");
    assert.deepEqual(result.domains.map((d) => [d.domain, d.error]), DOMAINS.map((d) => [d, undefined]));
    assert.equal(most, 1, 'never two Selects of items at once');
    // The store's connection, and the second one a domain's batches may take: no session.
    assert.ok(Number(after[0]!['Value']) - Number(before[0]!['Value']) <= 2, 'no session was opened');
    for (const domain of DOMAINS) await assertBackupMatchesTruth(db.conn, truth, domain, times);
  });

  test("once the store's connection lost the lock, a session commits no batch and records no success", async () => {
    await changeEvery('r2');
    const watermarksBefore = await readStoredWatermarks(historyOf(db.conn));
    const countsBefore = await Promise.all(DOMAINS.map(historyCount));
    // At the first batch about to commit, the store's connection (the lock holder) is killed and
    // this test's session takes the lock, as another backup would. Every domain's commits, and the
    // quiet domain's success (its Select answered only then), come after.
    const taker = await connectMySql(db.settings);
    let killing: Promise<void> | undefined;
    const killAndTake = async () => {
      const [holder] = await taker.query<RowDataPacket[]>(`SELECT IS_USED_LOCK(${LOCK_NAME}) AS id`);
      await taker.query(`KILL ${Number(holder[0]!['id'])}`);
      const [got] = await taker.query<RowDataPacket[]>(`SELECT GET_LOCK(${LOCK_NAME}, 5) AS got`);
      assert.equal(Number(got[0]!['got']), 1, 'the test took the lock');
    };
    let killed!: () => void;
    const afterKill = new Promise<void>((resolve) => (killed = resolve));
    const quiet = 'ao_quiet';
    await sdb.client.createDomain({ DomainName: quiet });
    await truth.put(quiet, 'q0', { v: '0' });
    // The quiet domain needs a run before this one to be incremental: a run of it alone.
    await backup([quiet], sdb.client);
    const quietBefore = (await readStoredWatermarks(historyOf(db.conn)))[`sdb:${quiet}`];
    assert.ok(quietBefore, 'the quiet domain has a watermark');
    const client = withSelect(sdb.client, async (input, options, real) => {
      if (itemSelectOf(input.SelectExpression) === quiet) await afterKill;
      return real(input, options);
    });
    let error: unknown;
    try {
      await backup([DOMAINS[0]!, quiet, ...DOMAINS.slice(1)], client, {}, () => undefined, async () => {
        killing ??= killAndTake().then(killed);
        await killing;
      });
    } catch (e) {
      error = e;
    } finally {
      await taker.query(`SELECT RELEASE_LOCK(${LOCK_NAME})`).catch(() => undefined);
      await taker.end();
    }
    assert.ok(error instanceof SimpleDbBackupError, String(error));
    const result: SimpleDbBackupResult = error.result;
    assert.deepEqual(await Promise.all(DOMAINS.map(historyCount)), countsBefore, 'no batch committed after the lock was lost');
    const [runs] = await db.conn.query<RowDataPacket[]>('SELECT domain, status FROM sdb__runs WHERE run_id = ?', [result.runId]);
    assert.deepEqual(runs.filter((r) => r['status'] === 'ok').map((r) => (r['domain'] as Buffer).toString()), [], 'no domain of the run recorded a success');
    const quietResult = result.domains.find((d) => d.domain === quiet);
    if (quietResult) assert.match(quietResult.error ?? '', /lock|connection was lost/, 'the quiet domain failed: its success needed the lock');
    const after = await readStoredWatermarks(historyOf(db.conn));
    assert.deepEqual(after, { ...watermarksBefore, [`sdb:${quiet}`]: quietBefore }, 'no watermark moved');

    // The next run converges: every change once.
    const clean = await backup(DOMAINS, sdb.client);
    assert.equal(clean.domains.every((d) => d.error === undefined), true, JSON.stringify(clean.domains.map((d) => d.error)));
    for (const domain of DOMAINS) await assertBackupMatchesTruth(db.conn, truth, domain, times);
  });

  test('new domains backed up at once get distinct tables, even with names that come out alike', async () => {
    const alike = ['ao-new', 'ao.new', 'ao_new', 'AO_NEW', 'ao--new'];
    for (const domain of alike) {
      await sdb.client.createDomain({ DomainName: domain });
      await truth.put(domain, 'only', { from: domain });
    }
    // fullScan never: a domain with no run is read incrementally (from the beginning), so these
    // new domains are among those backed up at once.
    const result = await backup(alike, sdb.client, { fullScan: 'never' });
    assert.deepEqual(result.domains.map((d) => [d.mode, d.error]), alike.map(() => ['incremental', undefined]));
    const tables = result.domains.map((d) => d.tables.current.toLowerCase());
    assert.equal(new Set(tables).size, alike.length, `distinct tables: ${tables.join(', ')}`);
    for (const domain of alike) await assertBackupMatchesTruth(db.conn, truth, domain, [clock.now().getTime()]);
  });

  test('sessions opening new domains at the same moment each get their own tables; a store without the lock gives no session', async () => {
    const store = await openMySqlHistoryStore(db.settings, { tablePrefix: 'race_' });
    try {
      assert.equal(await store.domainSession(), undefined, 'no session before the lock is held');
      assert.equal(await store.lock(), true);
      await store.ensureSchema();
      const sessions = (await Promise.all([1, 2, 3, 4].map(() => store.domainSession()))).filter((x) => x !== undefined);
      assert.equal(sessions.length, 4);
      // Names that come out as the same table base: each allocation reads the bases taken, then
      // records its own; at the same moment, without the store's turn-taking, they all took one.
      const names = ['r-x', 'r.x', 'r_x', 'R_X'];
      const opened = await Promise.all(sessions.map((session, i) => session.openDomain(names[i]!)));
      const tables = opened.map((h) => h.tables.current.toLowerCase());
      assert.equal(new Set(tables).size, names.length, tables.join(', '));
      await Promise.all(sessions.map((session) => session.close()));
      await store.unlock();
    } finally {
      await store.close();
    }
  });

  test("a session's own connection lost fails its domain only: the lock holder goes on, the other domains are backed up", async () => {
    await changeEvery('r4');
    // At the first batch about to commit, one connection of the backup that is not the lock
    // holder's is killed: a session's (or a second connection's: either fails one domain).
    const admin = await connectMySql(db.settings);
    let victimDomain: string | undefined;
    let error: unknown;
    try {
      await backup(DOMAINS, sdb.client, {}, () => undefined, async (event?: unknown) => {
        if (victimDomain !== undefined) return;
        victimDomain = 'looking';
        const [holder] = await admin.query<RowDataPacket[]>(`SELECT IS_USED_LOCK(${LOCK_NAME}) AS id`);
        const [others] = await admin.query<RowDataPacket[]>('SELECT ID AS id FROM information_schema.PROCESSLIST WHERE DB = ? AND ID NOT IN (CONNECTION_ID(), ?, ?) ORDER BY ID', [db.name, Number(holder[0]!['id']), db.conn.threadId]);
        const victim = others.map((r) => Number(r['id']))[0];
        if (victim === undefined) {
          victimDomain = undefined;
          return;
        }
        victimDomain = (event as { domain: string }).domain;
        await admin.query(`KILL ${victim}`);
      });
    } catch (e) {
      error = e;
    } finally {
      await admin.end();
    }
    assert.ok(error instanceof SimpleDbBackupError, String(error));
    const failed = error.result.domains.filter((d) => d.error !== undefined).map((d) => d.domain);
    assert.equal(failed.length, 1, error.message);
    // The operator is told what was kept and what to do, not only the driver's words.
    assert.match(
      error.result.domains.find((d) => d.error !== undefined)!.error!,
      /^the MySQL connection this domain was written on \(one of the domains-at-once sessions\) was lost \(.+\): the batch being written was rolled back as one transaction, .*the watermark did not move; run the backup again to finish .*; the other domains went on$/,
    );
    assert.doesNotMatch(error.message, /not backed up/, 'the run went on');
    assert.deepEqual(error.result.domains.map((d) => d.domain), DOMAINS, 'every domain was backed up or tried');
    for (const domain of DOMAINS.filter((d) => !failed.includes(d))) await assertBackupMatchesTruth(db.conn, truth, domain, times);
    // The next run finishes the failed domain.
    const clean = await backup(DOMAINS, sdb.client);
    assert.equal(clean.domains.every((d) => d.error === undefined), true);
    for (const domain of DOMAINS) await assertBackupMatchesTruth(db.conn, truth, domain, times);
  });

  test("the lock holder kept alive while the sessions work: a server's idle timeout does not take the lock from under them", async () => {
    const slow = 'ao_slow';
    await sdb.client.createDomain({ DomainName: slow });
    await truth.put(slow, 'x', { v: '0' });
    await backup([DOMAINS[0]!, slow], sdb.client);
    for (let i = 0; i < 30; i++) await truth.put(slow, `s${i}`, { v: `slow-${i}` }, true);
    await truth.put(DOMAINS[0]!, 'i0', { v: 'fast' }, true);
    times.push(clock.now().getTime());
    clock.tick(5000);
    const config = backupConfig(db, [DOMAINS[0]!, slow], { batchSize: 5 });
    // The store's connection closes after 2 s idle; the slow domain, on a session, takes 6 x 0.6 s.
    const store = await openMySqlHistoryStore(config.mysql, { tablePrefix: 'sdb_', keepAliveMs: 500, connect: () => connectMySql(config.mysql) });
    try {
      await store.conn.query('SET SESSION wait_timeout = 2');
      const result = await runSimpleDbBackup(config, {
        client: sdb.client,
        history: store,
        now: clock.now,
        beforeCommit: async ({ domain }) => {
          if (domain === slow) await new Promise((r) => setTimeout(r, 600));
        },
      });
      assert.deepEqual(result.domains.map((d) => [d.domain, d.error]), [[DOMAINS[0], undefined], [slow, undefined]]);
    } finally {
      await store.close().catch(() => undefined);
    }
    await assertBackupMatchesTruth(db.conn, truth, slow, [clock.now().getTime()]);
  });

  /** Runs `work` with the settings of a MySQL user of the test database allowed `connections` at once; drops it after. */
  const withLimitedUser = async (name: string, connections: number, work: (settings: TestDatabase['settings']) => Promise<void>): Promise<void> => {
    const user = `${name}_${db.name.slice(-6)}`;
    const password = `${connections}-connection(s)`;
    const admin = await connectMySql(db.settings);
    try {
      await admin.query(`CREATE USER ?@'%' IDENTIFIED BY ? WITH MAX_USER_CONNECTIONS ${connections}`, [user, password]);
      await admin.query(`GRANT ALL ON ${q(db.name)}.* TO ?@'%'`, [user]);
      await work({ ...db.settings, user, password });
    } finally {
      await admin.query("DROP USER IF EXISTS ?@'%'", [user]).catch(() => undefined);
      await admin.end();
    }
  };

  test('a server that refuses more connections: one domain at a time, every domain backed up, said once', async () => {
    await withLimitedUser('pb_one', 1, async (mysqlSettings) => {
      await changeEvery('r3');
      const lines: string[] = [];
      const config = backupConfig(db, DOMAINS, { batchSize: 5, mysql: mysqlSettings });
      clock.tick(5000);
      // The store's own lines (sessions refused) go to the run's log, as in src/backends/simpledb/index.ts.
      const log = (l: string) => lines.push(l);
      const result = await withMySqlHistory(config, { log }, (history) => runSimpleDbBackup(config, { client: sdb.client, history, now: clock.now, log }));
      assert.deepEqual(result.domains.map((d) => [d.domain, d.error]), DOMAINS.map((d) => [d, undefined]));
      const refusals = lines.filter((l) => l.includes('another MySQL connection could not be opened'));
      assert.equal(refusals.length, 1, lines.join('\n'));
      for (const domain of DOMAINS) await assertBackupMatchesTruth(db.conn, truth, domain, times);
    });
  });

  test("a user allowed two connections, first runs of four domains: every domain backed up; each kind of refusal said once, in the server's words, with the fix; none at all refused the first names mysql-user", async () => {
    const fresh = ['ao_new_1', 'ao_new_2', 'ao_new_3', 'ao_new_4'];
    await withLimitedUser('pb_two', 2, async (mysqlSettings) => {
      for (const domain of fresh) {
        await sdb.client.createDomain({ DomainName: domain });
        for (let i = 0; i < 12; i++) await truth.put(domain, `item-${String(i).padStart(2, '0')}`, { n: String(i) });
      }
      // Batches of 5: each first run has a second batch to write, and asks for a second connection.
      const config = backupConfig(db, fresh, { batchSize: 5, mysql: mysqlSettings });
      const lines: string[] = [];
      const log = (l: string) => lines.push(l);
      clock.tick(5000);
      const result = await withMySqlHistory(config, { log }, (history) => runSimpleDbBackup(config, { client: sdb.client, history, now: clock.now, log }));
      times.push(clock.now().getTime());
      assert.deepEqual(result.domains.map((d) => [d.domain, d.mode, d.error]), fresh.map((d) => [d, 'full', undefined]));
      for (const domain of fresh) await assertBackupMatchesTruth(db.conn, truth, domain, [clock.now().getTime()]);
      // The store's connection and one session: the other sessions, and both second connections, refused.
      const sessions = lines.filter((l) => l.startsWith('another MySQL connection could not be opened'));
      const seconds = lines.filter((l) => l.startsWith("a second MySQL connection for a domain's first run could not be opened"));
      assert.equal(sessions.length, 1, lines.join('\n'));
      assert.equal(seconds.length, 1, lines.join('\n'));
      for (const line of [...sessions, ...seconds]) {
        assert.match(line, /\(User '[^']+' has exceeded the 'max_user_connections' resource/, 'in the server\'s words');
        assert.doesNotMatch(line, /input `/, 'no input is blamed for a limit the run works within');
      }
      assert.match(sessions[0]!, /lower simpledb-domains-at-once \(1 takes one to three connections\), or allow the MySQL user more connections/);
      assert.match(seconds[0]!, /slower, nothing is lost/);
      // With its two connections taken elsewhere, the backup cannot start: the error names the user and the fix.
      const held = [await connectMySql(config.mysql), await connectMySql(config.mysql)];
      try {
        await assert.rejects(
          withMySqlHistory(config, { log }, (history) => runSimpleDbBackup(config, { client: sdb.client, history, now: clock.now, log })),
          (err: unknown) => {
            assert.equal((err as { input?: string }).input, 'mysql-user', String(err));
            assert.match((err as Error).message, /refused user "pb_two_\w+" another connection \(.*max_user_connections.*\); .*close the user's other connections, raise its limit/);
            return true;
          },
        );
      } finally {
        for (const c of held) await c.end();
      }
    });
  });
});
