// An in-place SimpleDB restore that fails mid-way over items and attributes named like the properties of
// a JavaScript object (__proto__, constructor, toString, integer-like) is put back exactly: the items
// kept for the rollback (ItemsAsRead) come back as null-prototype maps. Written by the review of the
// compact restore (4ead051); it fails when they come back as plain objects.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import type { SdbRestoreClient, SdbRestoreOptions } from '../../src/backends/simpledb/types.ts';
import { DEFAULTS, type SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import type { AttributeMap } from '../../src/backends/simpledb/plan.ts';
import { runSdbRestore } from '../../src/backends/simpledb/restore.ts';
import { RestoreError } from '../../src/backends/restore-error.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { createTestDatabase, FakeClock, GroundTruth, historyOf, plain, type TestDatabase, liveDomain, restoreClient } from './sdb-backup-support.ts';

const HOST = 'live_hostile';
const o = (pairs: [string, string | string[]][]) => Object.fromEntries(pairs);
const HOSTILE = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '0', '9', '10', '4294967295', 'length'];

describe('in-place SimpleDB restore over hostile names: the rollback', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  let t1 = 0;
  const config = (): SimpleDbBackupConfig => ({
    domains: [HOST], stampAttribute: DEFAULTS.stampAttribute, deleteLogDomain: DEFAULTS.deleteLogDomain, overlapMs: 60_000,
    fullScan: 'always', mysql: db.settings, tablePrefix: 'sdb_', batchSize: 40, simpledb: {},
  });
  const backup = async () => {
    clock.tick(5000);
    await runSimpleDbBackup(config(), { client: sdb.client, history: historyOf(db.conn), now: clock.now });
    clock.tick(5000);
  };
  const readDomain = (domain: string): Promise<Map<string, AttributeMap>> => liveDomain(sdb.client, domain);
  const client = (overrides: Partial<SdbRestoreClient>): SdbRestoreClient => restoreClient(sdb.client, overrides);
  const restore = (options: Partial<SdbRestoreOptions>, c: SdbRestoreClient) =>
    runSdbRestore({ at: new Date(t1), domains: [HOST], target: { kind: 'in-place', confirmed: true }, dryRun: false, batchSize: 3, ...options },
      { history: historyOf(db.conn), client: c as never, logger: silentLogger, now: clock.now, backup: config() });

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    await sdb.client.createDomain({ DomainName: HOST });
    await truth.writer.ensureDeleteLog();
    // At T: every item has hostile attribute names, and several items have hostile names.
    for (const name of [...HOSTILE, 'plain', 'é\u{1F600}']) {
      await truth.put(HOST, name, o([...HOSTILE.map((a, i) => [a, [`${name}:${i}`, `${a}!`]] as [string, string[]]), ['k', 'v']]));
    }
    await backup();
    t1 = clock.ms;
    // After T: each item loses some hostile attributes and gains others; some items deleted, some created.
    for (const [i, name] of HOSTILE.entries()) {
      await truth.rawDelete(HOST, name);
      await truth.put(HOST, name, o([...HOSTILE.filter((_, j) => (i + j) % 3 === 0).map((a) => [a, `after:${name}`] as [string, string]), [`new${i}`, 'x']]), true);
    }
    await truth.delete(HOST, 'plain');
    await truth.put(HOST, 'toString2', o([['__proto__', 'created'], ['constructor', 'c']]));
    await truth.put(HOST, '__defineGetter__', o([['valueOf', 'created']]));
    await backup();
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  for (const [label, failAt] of [['the removal stage (first attribute delete)', 'delete'], ['the second put batch', 'put']] as const) {
    test(`a failure in ${label}: the domain is put back exactly`, async () => {
      const liveBefore = await readDomain(HOST);
      assert.ok(liveBefore.size >= 12);
      let puts = 0;
      let deletes = 0;
      const flaky = client({
        batchPutAttributes: async (input) => {
          await sdb.client.batchPutAttributes(input);
          if (failAt === 'put' && ++puts === 2) throw new Error('socket hang up (put applied)');
        },
        batchDeleteAttributes: async (input) => {
          await sdb.client.batchDeleteAttributes(input);
          if (failAt === 'delete' && ++deletes === 1) throw new Error('socket hang up (delete applied)');
        },
      });
      await assert.rejects(restore({}, flaky), (error: Error) => {
        assert.ok(error instanceof RestoreError, String(error));
        assert.match(error.message, /put back as it found them and read back: live_hostile is as it was/, error.message);
        return true;
      });
      assert.deepStrictEqual(plain(await readDomain(HOST)), plain(liveBefore));
    });
  }

  test('the same restore without a failure restores T exactly', async () => {
    const result = await restore({}, sdb.client as unknown as SdbRestoreClient);
    assert.equal(result.status, 'complete');
    assert.deepStrictEqual(plain(await readDomain(HOST)), plain(truth.at(HOST, t1)));
  });
});
