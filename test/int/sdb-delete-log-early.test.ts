// The delete log read early (issue 11): an incremental run asks for the delete log's first page
// beside its item scan's, not after the scan's batches; a full scan still reads it after. Hostile
// cases from the review of 81a0650, against the local SimpleDB server and MariaDB: deletions
// during the run, a deletion the scan misses (a full scan dates those at its start: the log must
// be read after it), clocks apart, refusals and hangs (no Select left in flight), plan only,
// several domains, a log of many pages.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup, SimpleDbBackupError } from '../../src/backends/simpledb/backup.ts';
import type { SimpleDbSource } from '../../src/backends/simpledb/types.ts';
import type { SelectInput, SelectOutput } from '../../src/simpledb/client.ts';
import { assertBackupMatchesTruth, backedUpAt, backupConfig, createTestDatabase, FakeClock, GroundTruth, historyOf, plain, withSelect, type TestDatabase } from './sdb-backup-support.ts';
import type { SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import { SimpleDbError } from '../../src/simpledb/errors.ts';

const isLog = (input: SelectInput): boolean => input.SelectExpression.includes('pullback_delete_log');

describe('SimpleDB backup: the delete log read beside the item scan', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  let clock: FakeClock;
  let truth: GroundTruth;
  let n = 0;
  let domain: string;

  before(async () => {
    sdb = await startTestSimpleDb();
  });
  after(async () => {
    await sdb?.close();
  });
  beforeEach(async () => {
    await db?.drop();
    db = await createTestDatabase();
    clock = new FakeClock();
    truth = new GroundTruth(sdb.client, clock);
    await truth.writer.ensureDeleteLog();
    domain = `rv_${++n}`;
    await sdb.client.createDomain({ DomainName: domain });
    for (let i = 0; i < 30; i++) await truth.put(domain, `i${String(i).padStart(2, '0')}`, { v: String(i) });
    clock.tick(5000);
  });
  after(async () => {
    await db?.drop();
  });

  const run = (client: SimpleDbSource, over: Partial<SimpleDbBackupConfig> = {}, domains = [domain]) =>
    runSimpleDbBackup(backupConfig(db, domains, over), { client, history: historyOf(db.conn), now: clock.now }).catch((err: unknown) => {
      if (err instanceof SimpleDbBackupError) return err.result;
      throw err;
    });

  /** Every time from `from` to `to`, in `step`s: the backup equals the truth at each. */
  async function assertHistory(d: string, times: number[]): Promise<void> {
    await assertBackupMatchesTruth(db.conn, truth, d, times);
  }

  /**
   * A client whose first item-scan Select waits until the delete log's first page has come back
   * (when one is asked for within 300 ms: a full scan asks for it only after its scan), then
   * runs `during` (writes made while the run goes on, before the scan reads), then is sent.
   */
  function deletingDuringScan(during: () => Promise<void>): { client: SimpleDbSource; ran: () => boolean } {
    let logAnswered!: () => void;
    const answered = new Promise<void>((r) => (logAnswered = r));
    let done = false;
    const client = withSelect(sdb.client, async (input, options, real) => {
      if (isLog(input)) {
        const page = await real(input, options);
        logAnswered();
        return page;
      }
      if (!done) {
        done = true;
        await Promise.race([answered, sleep(300)]);
        await during();
      }
      return real(input, options);
    });
    return { client, ran: () => done };
  }

  test('full scan (full-scan=always): an item deleted (and logged) during the run, before the scan reaches it, is recorded at its deletion time', async () => {
    const first = await run(sdb.client, { fullScan: 'always' });
    assert.deepEqual(first.domains.map((d) => d.error), [undefined]);
    clock.tick(60 * 60_000);
    const runStart = clock.ms;
    let deletedAt = 0;
    const { client } = deletingDuringScan(async () => {
      // A long scan: the deletion comes 20 minutes into the run.
      clock.tick(20 * 60_000);
      await truth.delete(domain, 'i05');
      deletedAt = clock.ms;
    });
    const second = await run(client, { fullScan: 'always' });
    assert.deepEqual(second.domains.map((d) => d.error), [undefined]);
    clock.tick(60 * 60_000);
    const third = await run(sdb.client, { fullScan: 'always' });
    assert.deepEqual(third.domains.map((d) => d.error), [undefined]);
    const [rows] = await db.conn.query(`SELECT valid_from, origin, deleted FROM \`${third.domains[0]!.tables.history}\` WHERE item_name = ? ORDER BY valid_from`, [Buffer.from('i05')]);
    console.log(`runStart ${new Date(runStart).toISOString()}, deleted (logged) at ${new Date(deletedAt).toISOString()}; i05's history:`, JSON.stringify(rows));
    await assertHistory(domain, [runStart - 1, runStart, runStart + 10 * 60_000, deletedAt - 1, deletedAt, clock.ms]);
  });

  test('full-scan=auto after a first run that failed part-way (no watermark, history not empty): a logged deletion during the scan is recorded at its time', async () => {
    // The first run writes its first batch, then fails on the second: no watermark.
    const failed = await runSimpleDbBackup(backupConfig(db, [domain], { batchSize: 10 }), {
      client: sdb.client,
      history: historyOf(db.conn),
      now: clock.now,
      beforeCommit: ({ batch }) => {
        if (batch === 2) throw new Error('killed');
      },
    }).catch((err: unknown) => (err as SimpleDbBackupError).result);
    assert.match(String(failed.domains[0]?.error), /killed/);
    clock.tick(60 * 60_000);
    const runStart = clock.ms;
    let deletedAt = 0;
    const { client } = deletingDuringScan(async () => {
      clock.tick(20 * 60_000);
      await truth.delete(domain, 'i03');
      deletedAt = clock.ms;
    });
    const second = await run(client);
    assert.deepEqual(second.domains.map((d) => [d.mode, d.error]), [['full', undefined]]);
    clock.tick(60 * 60_000);
    await run(sdb.client);
    await assertHistory(domain, [runStart, deletedAt - 1, deletedAt, clock.ms]);
  });

  test('the delete log Select refused (AccessDenied): the domain fails after its scan, watermark unmoved, nothing in flight; the next run records the deletion', async () => {
    await run(sdb.client);
    await truth.delete(domain, 'i08');
    const deletedAt = clock.ms;
    clock.tick(60 * 60_000);
    let inFlight = 0;
    const client = withSelect(sdb.client, async (input, options, real) => {
      inFlight++;
      try {
        if (isLog(input)) {
          await sleep(30);
          throw new SimpleDbError('AccessDenied', 'not authorized to perform sdb:Select on the delete log', 403);
        }
        return await real(input, options);
      } finally {
        inFlight--;
      }
    });
    const before = (await run(sdb.client, { dryRun: true })).domains[0]!.watermarkBefore;
    const r = await run(client);
    assert.match(String(r.domains[0]?.error), /AccessDenied|not authorized/);
    assert.equal(r.domains[0]!.watermarkAfter, before);
    assert.equal(inFlight, 0);
    clock.tick(60 * 60_000);
    await run(sdb.client);
    await assertHistory(domain, [deletedAt - 1, deletedAt, clock.ms]);
  });

  test('incremental: an item deleted and re-created during the run, after the delete log was read, before the scan reads it', async () => {
    await run(sdb.client);
    clock.tick(60 * 60_000);
    let deletedAt = 0;
    const { client } = deletingDuringScan(async () => {
      await truth.delete(domain, 'i05');
      deletedAt = clock.ms;
      await truth.put(domain, 'i05', { v: 'again' });
    });
    const second = await run(client);
    assert.deepEqual(second.domains.map((d) => d.error), [undefined]);
    clock.tick(60 * 60_000);
    await run(sdb.client);
    clock.tick(60 * 60_000);
    await run(sdb.client);
    await assertHistory(domain, [deletedAt - 1, deletedAt, deletedAt + 1, clock.ms]);
  });

  test('incremental, daily runs, the default 5-minute overlap: a deletion logged during the scan, after the early read, is backed up by the next run', async () => {
    const over = { overlapMs: 5 * 60_000 };
    await run(sdb.client, over);
    clock.tick(24 * 3600_000);
    let deletedAt = 0;
    const { client } = deletingDuringScan(async () => {
      await truth.delete(domain, 'i07');
      deletedAt = clock.ms;
    });
    await run(client, over);
    clock.tick(24 * 3600_000);
    await run(sdb.client, over);
    await assertHistory(domain, [deletedAt - 1, deletedAt, clock.ms]);
  });

  test("a writer whose clock is 4 minutes behind the runner's (the overlap 5): a deletion logged after the early read is still backed up", async () => {
    const over = { overlapMs: 5 * 60_000 };
    await run(sdb.client, over);
    clock.tick(3600_000);
    const runnerClock = new FakeClock(clock.ms);
    let deletedAt = 0;
    const { client } = deletingDuringScan(async () => {
      // The writer's clock (truth's) runs 4 minutes behind the runner's for this deletion.
      clock.tick(-4 * 60_000);
      await truth.delete(domain, 'i09');
      deletedAt = clock.ms;
      // Another (synchronised) writer puts an item: its stamp is after the run's start.
      clock.tick(4 * 60_000);
      await truth.put(domain, 'i11', { v: 'later' });
    });
    const r = await runSimpleDbBackup(backupConfig(db, [domain], over), { client, history: historyOf(db.conn), now: runnerClock.now });
    assert.deepEqual(r.domains.map((d) => d.error), [undefined]);
    clock.tick(3600_000);
    await run(sdb.client, over);
    await assertHistory(domain, [deletedAt - 1, deletedAt, clock.ms]);
  });

  test('the domain fails (its scan refused) while the delete log Select hangs: the run reports and no Select is left in flight', async () => {
    await run(sdb.client);
    clock.tick(60 * 60_000);
    let pending = 0;
    let aborted = 0;
    const client = withSelect(sdb.client, async (input, options, _real) => {
      if (isLog(input)) {
        pending++;
        try {
          // A SimpleDB that never answers this one: only the abort ends it.
          return await new Promise<SelectOutput>((_, reject) => {
            const signal = options?.signal;
            if (!signal) return; // never settles: left in flight
            signal.addEventListener('abort', () => {
              aborted++;
              reject(signal.reason as Error);
            });
          });
        } finally {
          pending--;
        }
      }
      // The scan fails.
      throw Object.assign(new Error('scan refused'), { code: 'InternalError' });
    });
    const r = await Promise.race([run(client), sleep(10_000).then(() => 'timeout' as const)]);
    assert.notEqual(r, 'timeout', 'the run reported');
    if (r !== 'timeout') assert.match(String(r.domains[0]?.error), /scan refused/);
    await sleep(10);
    assert.equal(pending, 0, 'no delete log Select in flight after the run reported');
    assert.equal(aborted, 1);
  });

  test('plan only: the early read plans the same as a run, nothing written, the Select not left in flight', async () => {
    await run(sdb.client);
    await truth.delete(domain, 'i04');
    clock.tick(60 * 60_000);
    let inFlight = 0;
    const client = withSelect(sdb.client, async (input, options, real) => {
      inFlight++;
      try {
        return await real(input, options);
      } finally {
        inFlight--;
      }
    });
    const plan = await run(client, { dryRun: true });
    assert.deepEqual(plan.domains.map((d) => [d.error, d.tombstones, d.deleteLogEntriesRead]), [[undefined, 1, 1]]);
    assert.equal(inFlight, 0);
    const real = await run(sdb.client);
    assert.deepEqual(real.domains.map((d) => [d.error, d.tombstones, d.deleteLogEntriesRead, d.watermarkAfter]), [[undefined, 1, 1, plan.domains[0]!.watermarkAfter]]);
  });

  test('several domains, the second failing: the first backed up, no Select of either left in flight', async () => {
    const other = `${domain}_b`;
    await sdb.client.createDomain({ DomainName: other });
    await truth.put(other, 'x', { v: '1' });
    await run(sdb.client, {}, [domain, other]);
    await truth.delete(domain, 'i03');
    await truth.delete(other, 'x');
    clock.tick(60 * 60_000);
    let inFlight = 0;
    const client = withSelect(sdb.client, async (input, options, real) => {
      inFlight++;
      try {
        if (!isLog(input) && input.SelectExpression.includes(other)) {
          await sleep(20);
          throw Object.assign(new Error('scan of b refused'), { code: 'InternalError' });
        }
        return await real(input, options);
      } finally {
        inFlight--;
      }
    });
    const r = await run(client, {}, [domain, other]);
    assert.deepEqual(r.domains.map((d) => d.error === undefined), [true, false]);
    await sleep(50);
    assert.equal(inFlight, 0);
    // b's watermark did not move; a run after picks its deletion up.
    clock.tick(60 * 60_000);
    const again = await run(sdb.client, {}, [domain, other]);
    assert.deepEqual(again.domains.map((d) => d.error), [undefined, undefined]);
    await assertHistory(other, [clock.ms]);
    await assertHistory(domain, [clock.ms]);
  });
});

describe('SimpleDB backup: a delete log of many pages (small Select responses)', () => {
  test('entries logged between the pages of the delete log, during the run: all recorded at their time after the next run', async () => {
    const sdb = await startTestSimpleDb({ limits: { maxSelectResponseBytes: 700 } });
    const db = await createTestDatabase();
    try {
      const clock = new FakeClock();
      const truth = new GroundTruth(sdb.client, clock);
      await truth.writer.ensureDeleteLog();
      const domain = 'rv_pages';
      await sdb.client.createDomain({ DomainName: domain });
      for (let i = 0; i < 30; i++) await truth.put(domain, `i${String(i).padStart(2, '0')}`, { v: String(i) });
      clock.tick(5000);
      const run = (client: SimpleDbSource) => runSimpleDbBackup(backupConfig(db, [domain]), { client, history: historyOf(db.conn), now: clock.now });
      await run(sdb.client);
      for (const i of [1, 2, 3, 4, 5, 6]) await truth.delete(domain, `i0${i}`);
      clock.tick(60 * 60_000);
      const times: number[] = [];
      let pages = 0;
      const client = withSelect(sdb.client, async (input, options, real) => {
        const page = await real(input, options);
        if (isLog(input)) {
          pages++;
          // After each page of the delete log, an item is deleted (logged first).
          if (pages <= 4) {
            await truth.delete(domain, `i2${pages}`);
            times.push(clock.ms);
          }
        }
        return page;
      });
      const r = await run(client);
      assert.deepEqual(r.domains.map((d) => d.error), [undefined]);
      assert.ok(pages >= 4, `${pages} pages`);
      const afterFirst = r.domains[0]!.deleteLogEntriesRead;
      clock.tick(60 * 60_000);
      await run(sdb.client);
      for (const t of [...times.flatMap((x) => [x - 1, x]), clock.ms]) assert.deepStrictEqual(plain(await backedUpAt(db.conn, domain, t)), plain(truth.at(domain, t)), `as of ${new Date(t).toISOString()}`);
      console.log(`delete log pages: ${pages}, entries read by the run: ${afterFirst}`);
    } finally {
      await db.drop();
      await sdb.close();
    }
  });

  test('a NextToken of the delete log obtained before the item scan is never followed after it (tokens that expire with time)', async () => {
    const sdb = await startTestSimpleDb({ limits: { maxSelectResponseBytes: 700 } });
    const db = await createTestDatabase();
    try {
      const clock = new FakeClock();
      const truth = new GroundTruth(sdb.client, clock);
      await truth.writer.ensureDeleteLog();
      const domain = 'rv_tokens';
      await sdb.client.createDomain({ DomainName: domain });
      for (let i = 0; i < 30; i++) await truth.put(domain, `i${String(i).padStart(2, '0')}`, { v: String(i) });
      clock.tick(5000);
      const run = (client: SimpleDbSource) => runSimpleDbBackup(backupConfig(db, [domain]), { client, history: historyOf(db.conn), now: clock.now });
      await run(sdb.client);
      for (const i of [1, 2, 3, 4, 5, 6]) await truth.delete(domain, `i0${i}`);
      clock.tick(60 * 60_000);
      // A SimpleDB whose delete-log tokens expire: one is refused once an item-scan page was
      // asked for after it was handed out (AWS documents no lifetime; a scan can take hours).
      let scanPages = 0;
      const issuedAt = new Map<string, number>();
      let refused = 0;
      const client = withSelect(sdb.client, async (input, options, real) => {
        if (!isLog(input)) {
          scanPages++;
          return real(input, options);
        }
        if (input.NextToken !== undefined && (issuedAt.get(input.NextToken) ?? -1) < scanPages) {
          refused++;
          throw new SimpleDbError('InvalidNextToken', 'The specified next token is no longer valid (test)', 400);
        }
        const page = await real(input, options);
        if (page.NextToken) issuedAt.set(page.NextToken, scanPages);
        return page;
      });
      const r = await run(client);
      assert.deepEqual(r.domains.map((d) => d.error), [undefined]);
      assert.equal(refused, 0, 'no stale token was sent');
      assert.ok(scanPages > 1 && issuedAt.size > 0, `the scan had pages (${scanPages}) and the log more than one (${issuedAt.size} tokens)`);
      for (const t of [clock.ms - 1, clock.ms]) assert.deepStrictEqual(plain(await backedUpAt(db.conn, domain, t)), plain(truth.at(domain, t)), `as of ${new Date(t).toISOString()}`);
      assert.equal(r.domains[0]!.deleteLogEntriesRead, 6);
    } finally {
      await db.drop();
      await sdb.close();
    }
  });
});
