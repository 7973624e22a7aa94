// A long SimpleDB backup or restore says how far it is, as an S3 one does (report/progress.ts): a
// line every 10 s of the run in a log, a live line on a terminal. A domain of a million items takes
// minutes either way; without them a run showed nothing between its first line and its last.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import { runSdbRestore } from '../../src/backends/simpledb/restore.ts';
import type { SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { backupConfig, createTestDatabase, FakeClock, GroundTruth, historyOf, restoreClient, type TestDatabase } from './sdb-backup-support.ts';

const DOMAIN = 'progress_items';
const ITEMS = 120;

describe('SimpleDB runs report their progress', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  let atT = 0;

  const config = (): SimpleDbBackupConfig => backupConfig(db, [DOMAIN]);
  /** The real client, the run's clock moved `pageMs` by each Select and `putMs` by each put call. */
  const slowed = (pageMs: number, putMs: number) =>
    restoreClient(sdb.client, {
      select: async (input, options) => {
        clock.tick(pageMs);
        return sdb.client.select(input, options);
      },
      batchPutAttributes: async (input) => {
        clock.tick(putMs);
        await sdb.client.batchPutAttributes(input);
      },
    });

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    await sdb.client.createDomain({ DomainName: DOMAIN });
    await truth.writer.ensureDeleteLog();
    for (let i = 0; i < ITEMS; i++) await truth.put(DOMAIN, `i${String(i).padStart(3, '0')}`, { name: `Item ${i}` });
    clock.tick(5000);
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  test('a backup: each domain, the items read so far, the versions written and the rate', async () => {
    const lines: string[] = [];
    const result = await runSimpleDbBackup(config(), { client: slowed(11_000, 0) as never, history: historyOf(db.conn), log: (line) => void lines.push(line), now: clock.now });
    assert.equal(result.domains[0]!.versionsWritten, ITEMS);
    const progress = lines.filter((l) => l.startsWith(`${DOMAIN}: ${ITEMS} items read`));
    assert.equal(progress.length, 1, `one line after the one page: ${JSON.stringify(lines)}`);
    assert.match(progress[0]!, new RegExp(`^${DOMAIN}: ${ITEMS} items read, \\d+ versions? written, 0 unchanged, [\\d.,]+ items/s$`));
    // On a terminal the line is drawn live, and cleared at the end; nothing of it goes to the log.
    const live: (string | undefined)[] = [];
    const logged: string[] = [];
    clock.tick(5000);
    await runSimpleDbBackup({ ...config(), fullScan: 'always' }, { client: slowed(11_000, 0) as never, history: historyOf(db.conn), log: (line) => void logged.push(line), status: (line) => void live.push(line), now: clock.now });
    assert.ok(live.some((l) => l?.startsWith(`${DOMAIN}: ${ITEMS} items read, `)), JSON.stringify(live));
    assert.equal(live.at(-1), undefined, 'cleared at the end');
    assert.ok(!logged.some((l) => l.includes('items read,')), JSON.stringify(logged));
    atT = clock.tick(5000);
  });

  test('a restore: the items at T read, then each read-back of the target, done of total', async () => {
    const lines: string[] = [];
    const logger = { ...silentLogger, info: (line: string) => void lines.push(line) };
    // 4 s a put call: a line every 10 s while writing; 11 s a Select page: one line for each read-back.
    const result = await runSdbRestore(
      { at: new Date(atT), domains: [DOMAIN], target: { kind: 'domain', name: 'progress-copy' }, dryRun: false, batchSize: 5 },
      { history: historyOf(db.conn), client: slowed(11_000, 4000) as never, logger, now: clock.now, backup: config() },
    );
    assert.equal(result.status, 'complete');
    const writing = lines.filter((l) => l.startsWith(`restoring ${DOMAIN} into progress-copy: `));
    assert.ok(writing.length >= 3, `lines while writing: ${JSON.stringify(lines)}`);
    for (const line of writing) assert.match(line, new RegExp(`^restoring ${DOMAIN} into progress-copy: [\\d,]+ items at T read, [\\d,]+ to put, 0 unchanged, [\\d.,]+ items/s$`));
    for (const what of ['checking every put', 'final check']) {
      const reading = lines.filter((l) => l.startsWith(`progress-copy: ${what}: `));
      assert.equal(reading.length, 1, `one line for the one page of the ${what}: ${JSON.stringify(lines)}`);
      // One item of 120 read: under 1 %, no ETA yet.
      assert.match(reading[0]!, new RegExp(`^progress-copy: ${what}: 1 of ${ITEMS} items \\(0%\\), [\\d.,]+ items/s$`));
    }
  });
});
