// The SimpleDB backup's plan-only mode (`dry-run`) and the SimpleDB inputs' errors (issue 9,
// items 11 and 12): `dry-run: True` is a boolean like everywhere else, a plan-only run reads and
// plans exactly as a backup would and writes nothing (no table, no runs row, no watermark), and a
// bad `simpledb-overlap` or `dry-run` is reported under the name the user set.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runMode } from '../../src/app/run-mode.ts';
import { heapBounded, oldGenerationLimited, YOUNG_MB, youngGenerationCap } from '../../src/app/heap-bounds.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import type { SimpleDbBackupResult } from '../../src/backends/simpledb/types.ts';
import type { SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import { silentLogger } from '../../src/report/logger.ts';
import type { Watermarks, WatermarkStore } from '../../src/watermark/store.ts';
import { quoteIdentifier as q } from '../../src/stores/history/mysql/identifiers.ts';
import { backupConfig, createTestDatabase, FakeClock, GroundTruth, historyOf, type TestDatabase } from './sdb-backup-support.ts';

const USERS = 'plan_users';
const ORDERS = 'plan_orders';

/** Every table of the database with its row count and checksum: equal snapshots mean nothing was written. */
async function snapshot(db: TestDatabase): Promise<Record<string, string>> {
  const [tables] = await db.conn.query<RowDataPacket[]>('SELECT TABLE_NAME AS t, TABLE_TYPE AS k FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME');
  const out: Record<string, string> = {};
  for (const row of tables) {
    const name = String(row['t']);
    if (String(row['k']) === 'VIEW') {
      out[name] = 'view';
      continue;
    }
    const [count] = await db.conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${q(name)}`);
    const [sum] = await db.conn.query<RowDataPacket[]>(`CHECKSUM TABLE ${q(name)}`);
    out[name] = `${String(count[0]!['n'])} rows, checksum ${String(sum[0]!['Checksum'])}`;
  }
  return out;
}

function recordingStore(): { store: WatermarkStore; saved: Watermarks[] } {
  const saved: Watermarks[] = [];
  return { saved, store: { name: 'test', load: async () => undefined, save: async (w) => void saved.push(w) } };
}

describe('SimpleDB backup: plan-only mode and input errors', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  const savedEnv: Record<string, string | undefined> = {};

  const raw = (extra: Record<string, string> = {}): Record<string, string> => ({
    'simpledb-domains': `${USERS}, ${ORDERS}`,
    'simpledb-endpoint': sdb.server.url,
    'mysql-url': `mysql://${db.settings.user}${db.settings.password ? `:${encodeURIComponent(db.settings.password)}` : ''}@${db.settings.host}:${db.settings.port}/${db.name}`,
    ...extra,
  });
  const config = (over: Partial<SimpleDbBackupConfig> = {}): SimpleDbBackupConfig => backupConfig(db, [USERS, ORDERS], { batchSize: 7, ...over });
  const engineRun = async (over: Partial<SimpleDbBackupConfig>, store?: WatermarkStore): Promise<SimpleDbBackupResult> =>
    runSimpleDbBackup(config(over), { client: sdb.client, history: historyOf(db.conn), now: clock.now, newRunId: () => `run-${clock.ms}`, ...(store ? { watermarkStore: store } : {}) });
  const counts = (r: SimpleDbBackupResult) =>
    r.domains.map((d) => ({ domain: d.domain, mode: d.mode, read: d.itemsRead, versions: d.versionsWritten, tombstones: d.tombstones, unchanged: d.unchangedSkipped, skipped: d.tombstonesSkipped, after: d.watermarkAfter }));

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    for (const d of [USERS, ORDERS]) await sdb.client.createDomain({ DomainName: d });
    await truth.writer.ensureDeleteLog();
    for (let i = 0; i < 20; i++) await truth.put(USERS, `u${String(i).padStart(2, '0')}`, { name: `User ${i}`, tags: ['a', `t${i % 3}`] });
    for (let i = 0; i < 5; i++) await truth.put(ORDERS, `o${i}`, { total: String(i * 10) });
    await truth.rawPut(USERS, 'unstamped', { note: 'no stamp' });
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) savedEnv[name] = process.env[name];
    process.env['AWS_ACCESS_KEY_ID'] = sdb.server.credentials.accessKeyId;
    process.env['AWS_SECRET_ACCESS_KEY'] = sdb.server.credentials.secretAccessKey;
    delete process.env['AWS_SESSION_TOKEN'];
    delete process.env['AWS_PROFILE'];
  });
  after(async () => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await db?.drop();
    await sdb?.close();
  });

  test('`dry-run: True` (a YAML boolean) plans the SimpleDB backup and writes nothing: no table, no runs row, no watermark', async () => {
    const { store, saved } = recordingStore();
    for (const spelling of ['True', 'TRUE', 'true']) {
      const report = await runMode('backup', raw({ 'dry-run': spelling }), { logger: silentLogger, watermarkStore: () => store });
      assert.equal(report.failure, undefined, spelling);
      assert.deepEqual(await snapshot(db), {}, `dry-run: ${spelling} created or wrote tables`);
      assert.equal(report.outputs['simpledb-status'], 'dry-run', spelling);
      assert.equal(report.outputs['items-read'], 26, spelling);
      assert.equal(report.outputs['item-versions-written'], 26, `${spelling}: the plan counts the versions a first run would write`);
      assert.match(report.summary, /SimpleDB backup plan \(dry run: nothing was written\)/);
      assert.match(report.lines.join('\n'), /SimpleDB: dry run, nothing written: 2 domains, 26 items read; would record 26 versions/);
    }
    assert.deepEqual(saved, [], 'no watermark was saved');
    // The heap limits are the S3 streams' (run-mode.ts): a SimpleDB-only run keeps V8's old
    // generation (held to the S3 limit, its first run of 100,000 items took half as long again) and
    // caps only the young one (a hundred MiB off that run's peak). This file runs in its own
    // process, and nothing in it runs S3.
    assert.equal(heapBounded(), false, 'a SimpleDB-only run set the heap limits');
    assert.equal(youngGenerationCap(), YOUNG_MB, 'a SimpleDB backup left the young generation to grow');
    assert.equal(oldGenerationLimited(), false, 'a SimpleDB backup held the old generation to the S3 limit');
  });

  test('a plan-only run reports exactly what the next real run writes (first run, then changes, deletions and an unstamped write)', async () => {
    clock.tick(5000);
    const planFirst = await engineRun({ dryRun: true });
    assert.equal(planFirst.dryRun, true);
    assert.deepEqual(await snapshot(db), {});
    const realFirst = await engineRun({});
    assert.equal(realFirst.dryRun, false);
    assert.deepEqual(counts(planFirst), counts(realFirst));
    assert.deepEqual(planFirst.watermarks, realFirst.watermarks);

    // Round 1 (incremental): a replace, added values, deletions through the delete log, a new item.
    await truth.put(USERS, 'u01', { name: 'Renamed' }, true);
    await truth.put(USERS, 'u02', { tags: ['b'] });
    await truth.delete(USERS, 'u03');
    await truth.delete(ORDERS, 'o4');
    await truth.put(USERS, 'new-one', { name: 'Newcomer' });
    // Round 2 (full scan): an unstamped change, a deletion only a full scan finds, a re-created item.
    const round2 = async () => {
      await truth.rawPut(USERS, 'unstamped', { note: 'changed without a stamp' }, true);
      await truth.rawDelete(USERS, 'u05');
      await truth.delete(USERS, 'u06');
      await truth.put(USERS, 'u06', { reborn: 'yes' });
    };
    const { store, saved } = recordingStore();
    for (const [fullScan, changes] of [['auto', async () => {}], ['always', round2]] as const) {
      await changes();
      clock.tick(5000);
      const before = await snapshot(db);
      const plan = await engineRun({ dryRun: true, fullScan }, store);
      assert.deepEqual(await snapshot(db), before, `a ${fullScan} plan changed MySQL`);
      assert.deepEqual(saved, [], 'a plan saves no watermark');
      const real = await engineRun({ fullScan });
      assert.deepEqual(counts(plan), counts(real), `${fullScan}: the plan equals the run`);
      assert.deepEqual(plan.watermarks, real.watermarks);
      assert.notDeepEqual(await snapshot(db), before, `the ${fullScan} run did write`);
      const users = real.domains.find((d) => d.domain === USERS)!;
      if (fullScan === 'auto') {
        assert.equal(users.mode, 'incremental');
        assert.ok(users.versionsWritten >= 3 && users.tombstones >= 1, JSON.stringify(users));
      } else {
        assert.equal(users.mode, 'full');
        assert.ok(users.versionsWritten >= 2 && users.tombstones >= 2, `the scan finds the unlogged deletion: ${JSON.stringify(users)}`);
      }
    }
  });

  test('a bad `dry-run` or `simpledb-overlap` is reported under its own name, before anything runs', async () => {
    await assert.rejects(runMode('backup', raw({ 'dry-run': 'yes' }), { logger: silentLogger }), /dry-run.*must be true or false/);
    for (const mode of ['backup', 'restore'] as const) {
      await assert.rejects(runMode(mode, raw({ 'simpledb-overlap': 'soon', 'restore-time': '2026-01-01T00:00:00Z' }), { logger: silentLogger }), (error: Error) => {
        assert.match(error.message, /simpledb-overlap/, `${mode}: ${error.message}`);
        assert.doesNotMatch(error.message, /(^|[^-])overlap: /, `${mode}: ${error.message}`);
        return true;
      });
    }
    // S3's `overlap` is not SimpleDB's: a bad one does not stop a SimpleDB-only backup plan.
    const report = await runMode('backup', raw({ 'dry-run': 'true', overlap: 'a while' }), { logger: silentLogger });
    assert.equal(report.outputs['simpledb-status'], 'dry-run');
  });
});
