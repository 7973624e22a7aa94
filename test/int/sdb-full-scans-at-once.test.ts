// Issue 11: full scans (a domain's first run, every run with full-scan: always) back several
// domains up at once too, each on a MySQL session of its own. A full scan finds deletions by the
// items it did not see, kept in the seen table; domains often share item names, so the names are
// kept per run AND domain. What must hold: the scans overlap; a deletion in one domain is found
// even while another domain's scan of the same run holds the same name as seen; a failed domain
// forgets only its own names; a seen table written by pullback 0.1.0 (keyed by run alone) is
// brought up to date by the next backup, as is one with the column but not the key.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup, SimpleDbBackupError } from '../../src/backends/simpledb/backup.ts';
import type { SimpleDbSource } from '../../src/backends/simpledb/types.ts';
import type { SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import { withMySqlHistory } from '../../src/backends/simpledb/open.ts';
import { assertBackupMatchesTruth, backupConfig, createTestDatabase, FakeClock, GroundTruth, withSelect, type TestDatabase } from './sdb-backup-support.ts';

const DOMAINS = ['fs_a', 'fs_b', 'fs_c', 'fs_d'];
const ITEMS = Array.from({ length: 10 }, (_, i) => `i${i}`);

/** The domain an item Select (not the delete log's) reads, or the domain a delete-log Select asks about. */
const itemSelectOf = (expression: string): string | undefined => /^select \* from (fs_\w+) /.exec(expression)?.[1];
const deleteLogSelectOf = (expression: string): string | undefined => /pullback_delete_log.* where .*'(fs_\w+)'/.exec(expression)?.[1];

describe('SimpleDB backup: full scans of several domains at once', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  /** When each backup ran: writes without a stamp are dated at the run that saw them, so the backup matches the truth then. */
  const times: number[] = [];

  const backup = async (client: SimpleDbSource, over: Partial<SimpleDbBackupConfig> = {}, log: (line: string) => void = () => undefined) => {
    clock.tick(5000);
    // An application that does not follow the write convention: every run scans in full.
    const config = backupConfig(db, DOMAINS, { batchSize: 3, fullScan: 'always', ...over });
    // The store's lines go to the run's log, as in src/backends/simpledb/index.ts.
    const result = await withMySqlHistory(config, { log }, (history) => runSimpleDbBackup(config, { client, history, now: clock.now, log }));
    times.push(clock.now().getTime());
    return result;
  };
  /** The client with each item Select held until another is in flight (2 s at most), counting the most at once. */
  const overlapping = () => {
    let inFlight = 0;
    const seen = { most: 0 };
    const waiting = new Set<() => void>();
    const client = withSelect(sdb.client, async (input, options, real) => {
      if (itemSelectOf(input.SelectExpression) === undefined) return real(input, options);
      seen.most = Math.max(seen.most, ++inFlight);
      for (const wake of waiting) wake();
      if (inFlight < 2)
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiting.delete(wake);
            resolve();
          };
          waiting.add(wake);
          setTimeout(wake, 2000).unref();
        });
      try {
        return await real(input, options);
      } finally {
        inFlight--;
      }
    });
    return { client, seen };
  };

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    // The log exists (empty): a full scan reads it after its scan, which the test below uses.
    await truth.writer.ensureDeleteLog();
    for (const domain of DOMAINS) {
      await sdb.client.createDomain({ DomainName: domain });
      for (const item of ITEMS) await truth.rawPut(domain, item, { v: `${domain}-${item}` });
    }
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  test("first runs overlap: the domains' scans are in flight together, and each history is the ground truth", async () => {
    const { client, seen } = overlapping();
    const result = await backup(client);
    assert.deepEqual(result.domains.map((d) => [d.domain, d.mode, d.error]), DOMAINS.map((d) => [d, 'full', undefined]), 'every domain, in the order given');
    assert.ok(seen.most >= 2, `the scans overlapped (${seen.most} at most in flight)`);
    for (const domain of DOMAINS) await assertBackupMatchesTruth(db.conn, truth, domain, times);
  });

  test("a deletion is found while another domain's scan of the same run holds the same item name as seen", async () => {
    // i3 goes from fs_a only, without the convention (no log entry): only the scan can find it.
    await truth.rawDelete('fs_a', 'i3');
    await truth.rawPut('fs_c', 'i1', { v: 'changed' }, true);
    // fs_b's scan has seen i3 (its batches are committed, its names in the seen table) when it
    // reaches its delete-log read, which is held until fs_a is done; fs_a's own delete-log read
    // (after which it looks for what it did not see) waits until fs_b is there. So fs_a's look
    // happens while fs_b holds i3 as seen, whichever scan was faster.
    let fsADone!: () => void;
    const fsAFinished = new Promise<void>((resolve) => (fsADone = resolve));
    let fsBThere!: () => void;
    const fsBAtDeleteLog = new Promise<void>((resolve) => (fsBThere = resolve));
    const atMost5s = () => new Promise((r) => setTimeout(r, 5000).unref());
    const { client: overlapped, seen } = overlapping();
    const order: string[] = [];
    const client = withSelect(overlapped, async (input, options, real) => {
      const domain = deleteLogSelectOf(input.SelectExpression);
      if (domain === 'fs_b') {
        order.push('fs_b at its delete log');
        fsBThere();
        await Promise.race([fsAFinished, atMost5s()]);
      }
      if (domain === 'fs_a') {
        await Promise.race([fsBAtDeleteLog, atMost5s()]);
        order.push('fs_a at its delete log');
      }
      return real(input, options);
    });
    const lines: string[] = [];
    const result = await backup(client, {}, (line) => {
      lines.push(line);
      if (line.startsWith('fs_a: ')) fsADone();
    });
    assert.deepEqual(result.domains.map((d) => [d.domain, d.mode, d.error]), DOMAINS.map((d) => [d, 'full', undefined]));
    assert.ok(seen.most >= 2, `the scans overlapped (${seen.most} at most in flight)`);
    const fsA = lines.findIndex((l) => l.startsWith('fs_a: '));
    const fsB = lines.findIndex((l) => l.startsWith('fs_b: '));
    assert.ok(fsA >= 0 && fsB > fsA, `fs_a finished while fs_b's scan was held (${lines.join(' | ')})`);
    assert.deepEqual(order, ['fs_b at its delete log', 'fs_a at its delete log'], 'fs_a looked for its deletions while fs_b held its names');
    assert.deepEqual(result.domains.map((d) => [d.domain, d.tombstones, d.versionsWritten]), [['fs_a', 1, 0], ['fs_b', 0, 0], ['fs_c', 0, 1], ['fs_d', 0, 0]]);
    for (const domain of DOMAINS) await assertBackupMatchesTruth(db.conn, truth, domain, times);
    const [left] = await db.conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM sdb__seen');
    assert.equal(Number(left[0]!['n']), 0, 'every scan cleared its names');
  });

  test("a domain whose scan fails forgets only its own names: the others' deletions are still found", async () => {
    await truth.rawDelete('fs_d', 'i7');
    await truth.rawDelete('fs_b', 'i7');
    // fs_c fails at its delete-log read, after its scan's batches wrote its names (i7 among them),
    // while fs_d's scan is held before its own delete-log read: fs_c's failure clears its names
    // first (fs_d goes on once fs_c's run is marked failed and its names are gone). Had it cleared
    // the run's names, fs_d would look for what it did not see in an empty seen table and check
    // every item (found, not lost); had fs_c's names counted for fs_d, fs_d's i7 would not be found
    // deleted.
    const fsCForgotten = async (): Promise<boolean> => {
      for (let waited = 0; waited < 5000; waited += 10) {
        const [rows] = await db.conn.query<RowDataPacket[]>(
          "SELECT (SELECT COUNT(*) FROM sdb__runs WHERE domain = 'fs_c' AND status = 'failed') AS failed, (SELECT COUNT(*) FROM sdb__seen WHERE domain = 'fs_c') AS names",
        );
        if (Number(rows[0]!['failed']) > 0 && Number(rows[0]!['names']) === 0) return true;
        await new Promise((r) => setTimeout(r, 10));
      }
      return false;
    };
    let fsDWaited: boolean | undefined;
    const selects = withSelect(sdb.client, async (input, options, real) => {
      const domain = deleteLogSelectOf(input.SelectExpression);
      if (domain === 'fs_c') throw Object.assign(new Error('SimpleDB went away for fs_c (test)'), { code: 'ServiceUnavailable' });
      if (domain === 'fs_d') fsDWaited = await fsCForgotten();
      return real(input, options);
    });
    // Each item a scan did not see is checked with a GetAttributes before it is called deleted.
    const checked: string[] = [];
    const client: SimpleDbSource = {
      ...selects,
      getAttributes: (input) => {
        checked.push(`${input.DomainName}/${input.ItemName}`);
        return sdb.client.getAttributes(input);
      },
    };
    const error = await backup(client).then(
      () => assert.fail('fs_c failed: the run reports it'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SimpleDbBackupError, String(error));
    const byDomain = new Map(error.result.domains.map((d) => [d.domain, d]));
    assert.match(byDomain.get('fs_c')!.error ?? '', /went away/);
    assert.equal(fsDWaited, true, "fs_d went on only once fs_c's failure had been recorded and its names forgotten");
    assert.deepEqual(['fs_a', 'fs_b', 'fs_d'].map((d) => [d, byDomain.get(d)!.error, byDomain.get(d)!.tombstones]), [['fs_a', undefined, 0], ['fs_b', undefined, 1], ['fs_d', undefined, 1]]);
    for (const domain of ['fs_a', 'fs_b', 'fs_d']) await assertBackupMatchesTruth(db.conn, truth, domain, times);
    assert.deepEqual(checked.filter((c) => c.startsWith('fs_d/')), ['fs_d/i7'], "fs_d's names outlived fs_c's failure: only what fs_d did not see was checked");
    const [left] = await db.conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM sdb__seen');
    assert.equal(Number(left[0]!['n']), 0, 'the failed scan cleared its names too');
  });

  const seenKey = async (): Promise<string[]> => {
    const [keys] = await db.conn.query<RowDataPacket[]>(
      "SELECT COLUMN_NAME AS c FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sdb__seen' AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION",
    );
    return keys.map((k) => String(k['c']));
  };
  const seenRows = async (): Promise<string[][]> => {
    const [rows] = await db.conn.query<RowDataPacket[]>('SELECT run_id, item_name FROM sdb__seen');
    return rows.map((r) => [String(r['run_id']), String(r['item_name'])]);
  };
  const DEAD_RUN = '00000000-0000-0000-0000-000000000000';

  test('a seen table of pullback 0.1.0 (keyed by run and item name) is brought up to date by the next backup, which says so; its dead rows are deleted', async () => {
    await db.conn.query('DROP TABLE sdb__seen');
    // As 0.1.0 created it, with a row an interrupted run of it left behind.
    await db.conn.query(`CREATE TABLE sdb__seen (
      run_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      item_name VARBINARY(1024) NOT NULL,
      PRIMARY KEY (run_id, item_name)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC`);
    await db.conn.query(`INSERT INTO sdb__seen VALUES ('${DEAD_RUN}', 'i2')`);
    await truth.rawDelete('fs_b', 'i2');
    const lines: string[] = [];
    const result = await backup(sdb.client, {}, (line) => lines.push(line));
    assert.deepEqual(result.domains.map((d) => [d.domain, d.error, d.tombstones]), DOMAINS.map((d) => [d, undefined, d === 'fs_b' ? 1 : 0]));
    for (const domain of DOMAINS) await assertBackupMatchesTruth(db.conn, truth, domain, times);
    assert.deepEqual(await seenKey(), ['run_id', 'domain', 'item_name']);
    assert.deepEqual(await seenRows(), [], "the dead run's row went before the upgrade");
    assert.equal(lines.filter((l) => /^sdb__seen: keying the full-scan scratch table by domain too \(a one-time upgrade/.test(l)).length, 1, lines.join('\n'));
    // What 0.1.0 writes (no domain) still goes in; the next backup upgrades nothing.
    await db.conn.query("INSERT INTO sdb__seen (run_id, item_name) VALUES ('00000000-0000-0000-0000-000000000001', 'x')");
    await db.conn.query("DELETE FROM sdb__seen");
    lines.length = 0;
    await backup(sdb.client, {}, (line) => lines.push(line));
    assert.equal(lines.filter((l) => l.includes('one-time upgrade')).length, 0, 'upgraded once');
  });

  test('a seen table with the domain column but the old key (an upgrade cut off, a hand edit) gets the key', async () => {
    await db.conn.query('ALTER TABLE sdb__seen DROP PRIMARY KEY, ADD PRIMARY KEY (run_id, item_name)');
    await db.conn.query(`INSERT INTO sdb__seen VALUES ('${DEAD_RUN}', 'fs_a', 'i4')`);
    await truth.rawDelete('fs_d', 'i4');
    const result = await backup(sdb.client);
    assert.deepEqual(result.domains.map((d) => [d.domain, d.error, d.tombstones]), DOMAINS.map((d) => [d, undefined, d === 'fs_d' ? 1 : 0]));
    for (const domain of DOMAINS) await assertBackupMatchesTruth(db.conn, truth, domain, times);
    assert.deepEqual(await seenKey(), ['run_id', 'domain', 'item_name']);
    assert.deepEqual(await seenRows(), []);
  });
});
