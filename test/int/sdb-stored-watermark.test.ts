// The watermark stored in MySQL's runs table is read, not trusted: a future or malformed one (an
// edited or damaged row) must not make incremental runs start past the data and skip changes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import { backedUpAt, backupConfig, createTestDatabase, FakeClock, GroundTruth, historyOf, plain, type TestDatabase } from './sdb-backup-support.ts';

const DOMAIN = 'wm_users';

describe('SimpleDB backup: a damaged stored watermark', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  const config = () => backupConfig(db, [DOMAIN]);
  const run = async (lines: string[] = []) => {
    clock.tick(5000);
    const r = await runSimpleDbBackup(config(), { client: sdb.client, history: historyOf(db.conn), now: clock.now, log: (l) => lines.push(l) });
    clock.tick(5000);
    return r;
  };

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    await sdb.client.createDomain({ DomainName: DOMAIN });
    await truth.writer.ensureDeleteLog();
    for (let i = 0; i < 5; i++) await truth.put(DOMAIN, `i${i}`, { v: '1' });
    await run();
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  for (const [label, value] of [
    ['in the future', '9999-12-31T23:59:59.999Z'],
    ['malformed', 'not a stamp at all'],
  ] as const) {
    test(`a watermark ${label} in the runs table does not make the next run skip changes`, async () => {
      await db.conn.query("UPDATE sdb__runs SET watermark_after = ? WHERE status = 'ok'", [value.slice(0, 24)]);
      await truth.put(DOMAIN, 'i1', { v: `changed while the watermark was ${label}` }, true);
      const lines: string[] = [];
      const r = await run(lines);
      assert.equal(r.domains[0]!.mode, 'incremental');
      assert.equal(r.domains[0]!.versionsWritten, 1, 'the change was backed up');
      assert.ok(lines.some((l) => l.includes('the stored watermark') && l.includes('nothing is skipped')), lines.join('\n'));
      assert.deepStrictEqual(plain(await backedUpAt(db.conn, DOMAIN, clock.ms)), plain(truth.at(DOMAIN, clock.ms)));
    });
  }
});
