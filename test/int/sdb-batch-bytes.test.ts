// A backup batch is cut by bytes as well as by items: `batch-size` counts items, and an item can
// hold 256 pairs of 1 KiB values, so 500 large items would be held in memory at once (about half
// a gigabyte). Large items are written in more, smaller transactions, and the history is the same.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import { MAX_BATCH_BYTES } from '../../src/backends/simpledb/batcher.ts';
import { asReadable, backedUpAt, backupConfig, createTestDatabase, FakeClock, GroundTruth, historyOf, plain, readableTable, sortedReadable, type TestDatabase } from './sdb-backup-support.ts';

describe('SimpleDB -> MySQL backup, batches bounded by bytes', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    await sdb.client.createDomain({ DomainName: 'large' });
    await truth.writer.ensureDeleteLog();
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  test('items of 200 values of 1,000 characters go in batches of at most MAX_BATCH_BYTES, not batch-size items', async () => {
    const ITEMS = 40;
    for (let i = 0; i < ITEMS; i++) {
      const attributes: Record<string, string> = {};
      for (let a = 0; a < 200; a++) attributes[`a${String(a).padStart(3, '0')}`] = `${i}:${a}:`.padEnd(1000, String.fromCharCode(97 + ((i + a) % 26)));
      await truth.put('large', `item-${String(i).padStart(2, '0')}`, attributes);
    }
    // About 400 KB of strings an item: the whole domain is twice the limit.
    const itemBytes = 200 * (2 * 1000 + 16 + 2 * 4 + 32);
    assert.ok(ITEMS * itemBytes > 1.5 * MAX_BATCH_BYTES, 'the domain holds more than one batch of bytes');

    const batches: number[] = [];
    const config = backupConfig(db, ['large'], { batchSize: 500 });
    clock.tick(5000);
    const result = await runSimpleDbBackup(config, { client: sdb.client, history: historyOf(db.conn), now: clock.now, beforeCommit: ({ versions }) => void batches.push(versions) });
    clock.tick(5000);
    assert.equal(result.domains[0]!.versionsWritten, ITEMS);
    assert.ok(batches.length >= 2, `more than one batch (${batches.join(', ')})`);
    // candidateBytes gives each item a little more than itemBytes (its name, per-string overhead).
    const most = Math.floor(MAX_BATCH_BYTES / itemBytes);
    for (const n of batches) assert.ok(n <= most, `a batch of ${n} items holds at most ${most} of these (batches: ${batches.join(', ')})`);
    assert.equal(batches.reduce((a, b) => a + b, 0), ITEMS, 'every item once');
    assert.deepStrictEqual(plain(await backedUpAt(db.conn, 'large', clock.ms)), plain(truth.at('large', clock.ms)), 'the backup is the domain');
    assert.deepStrictEqual(sortedReadable(await readableTable(db.conn, 'large')), sortedReadable(asReadable(truth.at('large', clock.ms))), 'the readable table is the domain');
  });
});
