// The delete log's entry state (convention.ts): a writer marks its entry `done` once the delete
// happened. An entry left `pending` (the writer stopped between the entry and the delete, and could
// not withdraw it) for an item that was then updated is not a deletion: the last note of issue 11
// found such an entry confirmed as one ("lives again with a later stamp"), and a restore between the
// entry and the update left a live item out. Against the local SimpleDB server and MariaDB.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import { ConventionWriter, formatStamp, SimpleDbError } from '../../src/simpledb/index.ts';
import { assertBackupMatchesTruth, backedUpAt, backupConfig, createTestDatabase, cutOffWriterClient, FakeClock, GroundTruth, historyOf, type TestDatabase, type WriterClient } from './sdb-backup-support.ts';

const LOG = 'pullback_delete_log';

describe('SimpleDB backup: the delete-log entry state', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  let clock: FakeClock;
  let truth: GroundTruth;
  let n = 0;
  let domain: string;
  let lines: string[];

  before(async () => {
    sdb = await startTestSimpleDb();
  });
  after(async () => {
    await sdb?.close();
    await db?.drop();
  });
  beforeEach(async () => {
    await db?.drop();
    db = await createTestDatabase();
    clock = new FakeClock();
    truth = new GroundTruth(sdb.client, clock);
    await truth.writer.ensureDeleteLog();
    domain = `st_${++n}`;
    await sdb.client.createDomain({ DomainName: domain });
    for (let i = 0; i < 5; i++) await truth.put(domain, `i${i}`, { v: String(i) });
    clock.tick(5000);
    lines = [];
    await run();
    clock.tick(60 * 60_000);
  });

  async function run(): Promise<void> {
    const r = await runSimpleDbBackup(backupConfig(db, [domain]), { client: sdb.client, history: historyOf(db.conn), now: clock.now, log: (l) => lines.push(l) });
    assert.deepEqual(r.domains.map((d) => d.error), [undefined]);
  }

  async function assertHistory(times: number[]): Promise<void> {
    await assertBackupMatchesTruth(db.conn, truth, domain, times);
  }

  /**
   * A writer cut off from SimpleDB right after it wrote its log entry: the delete fails and so does
   * the withdrawal of the entry (an outage, or the process killed in between). The item lives on.
   */
  async function deleteCutOff(item: string): Promise<number> {
    const cutOff = cutOffWriterClient(sdb.client);
    clock.tick();
    const writer = new ConventionWriter(cutOff, { clock: clock.now });
    await assert.rejects(writer.delete(domain, item), /network went away/);
    return clock.ms;
  }

  test('an entry left pending by a delete that never happened, then an ordinary update: no deletion recorded', async () => {
    const entryAt = await deleteCutOff('i2');
    clock.tick(10 * 60_000);
    await truth.put(domain, 'i2', { v: 'updated' }, true);
    const updatedAt = clock.ms;
    clock.tick(60 * 60_000);
    await run();
    await assertHistory([entryAt - 1, entryAt, entryAt + 5 * 60_000, updatedAt - 1, updatedAt, clock.ms]);
    assert.ok(lines.some((l) => l.includes('for item "i2"') && l.includes('not marked done') && l.includes('still there')), `the run says why it recorded no deletion:\n${lines.join('\n')}`);
  });

  test('a delete cut off, then retried and done (an outage and the usual retry): the deletion is the retry, not the stale entry', async () => {
    const staleAt = await deleteCutOff('i1');
    clock.tick(20 * 60_000);
    await truth.delete(domain, 'i1');
    const deletedAt = clock.ms;
    clock.tick(60 * 60_000);
    await run();
    await assertHistory([staleAt - 1, staleAt, staleAt + 10 * 60_000, deletedAt - 1, deletedAt, clock.ms]);
    assert.ok(lines.some((l) => l.includes('for item "i1"') && l.includes('later entry')), `the run says why:\n${lines.join('\n')}`);
  });

  test('a stale pending entry re-read after its item\'s real deletion was backed up and its entry removed from the log: the backed-up deletion is the later sign of life', async () => {
    const staleAt = await deleteCutOff('i3');
    clock.tick(10_000);
    await truth.delete(domain, 'i3');
    const deletedAt = clock.ms;
    clock.tick(5_000);
    await run();
    // The log kept short by hand: the real deletion's entry goes, the stale one stays.
    const real = (await sdb.client.select({ SelectExpression: `select state from ${LOG} where itemName = 'i3' and domain = '${domain}' and state = 'done'`, ConsistentRead: true })).Items;
    assert.equal(real.length, 1);
    await sdb.client.deleteAttributes({ DomainName: LOG, ItemName: real[0]!.Name });
    clock.tick(5_000);
    lines = [];
    await run(); // re-reads the stale entry in its minute of overlap
    await assertHistory([staleAt - 1, staleAt, staleAt + 5_000, deletedAt - 1, deletedAt, clock.ms]);
    assert.ok(lines.some((l) => l.includes('for item "i3"') && l.includes('later version')), `the run says why:\n${lines.join('\n')}`);
  });

  test('a pending entry for an item still there with its old stamp: no deletion (as before)', async () => {
    const entryAt = await deleteCutOff('i3');
    clock.tick(60 * 60_000);
    await run();
    await assertHistory([entryAt - 1, entryAt, clock.ms]);
  });

  test('deleted (entry done) and re-created before the run: the deletion is recorded between the two lives', async () => {
    await truth.delete(domain, 'i1');
    const deletedAt = clock.ms;
    clock.tick(10 * 60_000);
    await truth.put(domain, 'i1', { reborn: 'yes' });
    const rebornAt = clock.ms;
    clock.tick(60 * 60_000);
    await run();
    await assertHistory([deletedAt - 1, deletedAt, deletedAt + 60_000, rebornAt - 1, rebornAt, clock.ms]);
    const entries = (await sdb.client.select({ SelectExpression: `select state from ${LOG} where itemName = 'i1' and domain = '${domain}'`, ConsistentRead: true })).Items;
    assert.deepEqual(entries.map((e) => e.Attributes.map((a) => `${a.Name}=${a.Value}`)), [['state=done']]);
  });

  test('the mark not written (entry pending), item gone: the deletion is recorded', async () => {
    // The log refuses the writer's second write to it (the mark), after the delete went through.
    let logWrites = 0;
    const refusing: WriterClient = {
      createDomain: (input) => sdb.client.createDomain(input),
      deleteAttributes: (input) => sdb.client.deleteAttributes(input),
      putAttributes: async (input) => {
        if (input.DomainName === LOG && ++logWrites === 2) throw new SimpleDbError('ServiceUnavailable', 'refused (test)', 503);
        return sdb.client.putAttributes(input);
      },
    };
    clock.tick();
    const entry = await new ConventionWriter(refusing, { clock: clock.now }).delete(domain, 'i4');
    assert.equal(entry.state, 'pending');
    const deletedAt = clock.ms;
    clock.tick(60 * 60_000);
    await run();
    const after = await backedUpAt(db.conn, domain, clock.ms);
    const before = await backedUpAt(db.conn, domain, deletedAt - 1);
    assert.equal(before.has('i4'), true);
    assert.equal(after.has('i4'), false, 'the deletion is recorded');
    assert.equal((await backedUpAt(db.conn, domain, deletedAt)).has('i4'), false, 'at its time');
  });

  test('an entry from a writer without the state (no attribute), item re-created: the deletion is recorded, as before', async () => {
    clock.tick();
    const deletedAt = clock.ms;
    const stamp = formatStamp(new Date(deletedAt));
    // What ConventionWriter wrote before it marked entries: the entry, then the delete.
    await sdb.client.putAttributes({
      DomainName: LOG,
      ItemName: `${stamp}_legacy`,
      Attributes: [
        { Name: 'itemName', Value: 'i0' },
        { Name: 'domain', Value: domain },
        { Name: 'deletedAt', Value: stamp },
        { Name: 'lastModified', Value: stamp },
      ],
    });
    await truth.rawDelete(domain, 'i0');
    clock.tick(10 * 60_000);
    await truth.put(domain, 'i0', { reborn: 'yes' });
    const rebornAt = clock.ms;
    clock.tick(60 * 60_000);
    await run();
    // The log dates the deletion (deletedAt), the truth a tick later (rawDelete's own tick).
    await assertHistory([deletedAt - 1, deletedAt + 1000, rebornAt - 1, rebornAt, clock.ms]);
  });
});
