// SimpleDB restores that cannot destroy (issue 9, item 1 for SimpleDB, and item 2's rules):
// - a `restore-target-domain` the backup covers (the source, any domain the MySQL backup holds, a
//   domain `simpledb-domains` names, any existing domain under `all`) is an in-place restore:
//   refused without `confirm-in-place`, and with it backed up first; the delete log never a target;
// - a history row that fails its checks (content hash, JSON shape) is refused and named, never
//   written; in place, the whole restore is refused before anything is touched;
// - in place, nothing is removed before every put is verified, and a failed restore leaves the
//   live domain exactly as it found it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import type { SdbRestoreClient, SdbRestoreOptions } from '../../src/backends/simpledb/types.ts';
import { DEFAULTS, type SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import type { AttributeMap } from '../../src/backends/simpledb/plan.ts';
import { runSdbRestore, runSdbVerify } from '../../src/backends/simpledb/restore.ts';
import { RestoreError } from '../../src/backends/s3/restore.ts';
import { runMode } from '../../src/app/run-mode.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { quoteIdentifier as q } from '../../src/stores/history/mysql/identifiers.ts';
import { createTestDatabase, FakeClock, GroundTruth, historyOf, plain, type TestDatabase, liveDomain, restoreClient } from './sdb-backup-support.ts';

const USERS = 'live_users';
const ORDERS = 'live_orders';
const PLANNED = 'planned_domain';
const STRAY = 'stray_domain';

describe('SimpleDB restore safety', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  let t1 = 0;
  const savedEnv: Record<string, string | undefined> = {};

  const config = (over: Partial<SimpleDbBackupConfig> = {}): SimpleDbBackupConfig => ({
    domains: [USERS, ORDERS],
    stampAttribute: DEFAULTS.stampAttribute,
    deleteLogDomain: DEFAULTS.deleteLogDomain,
    overlapMs: 60_000,
    fullScan: 'always',
    mysql: db.settings,
    tablePrefix: 'sdb_',
    batchSize: 40,
    simpledb: {},
    ...over,
  });
  const backup = async () => {
    clock.tick(5000);
    await runSimpleDbBackup(config(), { client: sdb.client, history: historyOf(db.conn), now: clock.now });
    clock.tick(5000);
  };
  const restore = (options: Partial<SdbRestoreOptions>, extra: { client?: SdbRestoreClient; beforeBatch?: (kind: 'put' | 'delete', items: string[]) => Promise<void> | void } = {}) =>
    runSdbRestore(
      { at: new Date(t1), domains: [USERS], target: { kind: 'new' }, dryRun: false, batchSize: 5, ...options },
      { history: historyOf(db.conn), client: (extra.client ?? sdb.client) as never, logger: silentLogger, now: clock.now, backup: config(), ...(extra.beforeBatch ? { beforeBatch: extra.beforeBatch } : {}) },
    );
  const readDomain = (domain: string): Promise<Map<string, AttributeMap>> => liveDomain(sdb.client, domain);
  const client = (overrides: Partial<SdbRestoreClient>): SdbRestoreClient => restoreClient(sdb.client, overrides);
  const runCount = async () => {
    const [rows] = await db.conn.query<RowDataPacket[]>('SELECT COUNT(DISTINCT run_id) AS n FROM sdb__runs');
    return Number(rows[0]!['n']);
  };
  const history = async (domain: string) => {
    const [d] = await db.conn.query<RowDataPacket[]>('SELECT table_base FROM sdb__domains WHERE domain = ?', [Buffer.from(domain)]);
    return q(`sdb_${String(d[0]!['table_base'])}__history`);
  };
  /** Changes one stored row of `item` in place (valid JSON, other bytes, same hash) and returns the undo. */
  const tamper = async (domain: string, item: string, attributes: string): Promise<() => Promise<void>> => {
    const table = await history(domain);
    const [rows] = await db.conn.query<RowDataPacket[]>(`SELECT version_id, attributes FROM ${table} WHERE item_name = ? AND deleted = 0 ORDER BY version_id`, [Buffer.from(item)]);
    assert.equal(rows.length, 1, `${item} has one version`);
    const { version_id: id, attributes: original } = rows[0]!;
    await db.conn.query(`UPDATE ${table} SET attributes = ? WHERE version_id = ?`, [attributes, id]);
    return async () => void (await db.conn.query(`UPDATE ${table} SET attributes = ? WHERE version_id = ?`, [typeof original === 'string' ? original : JSON.stringify(original), id]));
  };
  const modeRaw = (extra: Record<string, string>): Record<string, string> => ({
    'simpledb-endpoint': sdb.server.url,
    'mysql-url': `mysql://${db.settings.user}${db.settings.password ? `:${encodeURIComponent(db.settings.password)}` : ''}@${db.settings.host}:${db.settings.port}/${db.name}`,
    'restore-time': new Date(t1).toISOString(),
    'restore-sources': USERS,
    ...extra,
  });

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    for (const d of [USERS, ORDERS, PLANNED, STRAY]) await sdb.client.createDomain({ DomainName: d });
    await truth.writer.ensureDeleteLog();
    for (let i = 0; i < 23; i++) await truth.put(USERS, `u${String(i).padStart(2, '0')}`, { name: `User ${i}`, tags: ['a', `t${i % 3}`] });
    for (let i = 0; i < 4; i++) await truth.put(ORDERS, `o${i}`, { total: String(i) });
    await truth.put(PLANNED, 'p0', { keep: 'me' });
    await truth.put(STRAY, 's0', { keep: 'me too' });
    await backup();
    t1 = clock.ms;
    // After T1: changes, a new item, a deletion, an attribute added; then backed up.
    for (let i = 10; i < 20; i++) await truth.put(USERS, `u${String(i).padStart(2, '0')}`, { name: `Changed ${i}` }, true);
    await truth.put(USERS, 'u00', { extra: ['x', 'y'] });
    await truth.put(USERS, 'late', { note: 'created after T1' });
    await truth.delete(USERS, 'u05');
    await backup();
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

  test('restore-target-domain naming a backed-up domain is in place: refused without confirm-in-place, naming the input and the domain', async () => {
    const liveBefore = plain(await readDomain(USERS));
    const ordersBefore = plain(await readDomain(ORDERS));
    const refusal = (domain: string) => (error: Error) => {
      assert.ok(error instanceof RestoreError, String(error));
      assert.match(error.message, new RegExp(`input \`restore-target-domain\`: domain ${domain} is backed up`));
      assert.match(error.message, /confirm-in-place/);
      return true;
    };
    // The source itself, and another backed-up domain.
    await assert.rejects(restore({ target: { kind: 'domain', name: USERS } }), refusal(USERS));
    await assert.rejects(restore({ target: { kind: 'domain', name: ORDERS } }), refusal(ORDERS));
    // Through the action's inputs: the same refusal, before anything is written.
    const runs = await runCount();
    await assert.rejects(runMode('restore', modeRaw({ 'restore-target-domain': USERS }), { logger: silentLogger }), refusal(USERS));
    // A domain `simpledb-domains` names (never backed up yet), and any existing domain under `all`.
    await assert.rejects(runMode('restore', modeRaw({ 'restore-target-domain': PLANNED, 'simpledb-domains': `${USERS}, ${PLANNED}` }), { logger: silentLogger }), refusal(PLANNED));
    await assert.rejects(runMode('restore', modeRaw({ 'restore-target-domain': STRAY, 'simpledb-domains': 'all' }), { logger: silentLogger }), refusal(STRAY));
    // The delete log is never a target, confirmed or not.
    await assert.rejects(restore({ target: { kind: 'domain', name: DEFAULTS.deleteLogDomain, confirmed: true } }), /restore-target-domain`: pullback_delete_log is the delete-log domain/);
    assert.equal(await runCount(), runs, 'no safety backup ran');
    assert.deepStrictEqual(plain(await readDomain(USERS)), liveBefore, 'the live domain is untouched');
    assert.deepStrictEqual(plain(await readDomain(ORDERS)), ordersBefore);
    assert.deepStrictEqual(plain(await readDomain(PLANNED)), plain(truth.at(PLANNED, clock.ms)));
    assert.deepStrictEqual(plain(await readDomain(STRAY)), plain(truth.at(STRAY, clock.ms)));
    // A domain the backup does not cover is an ordinary target.
    const copy = await restore({ target: { kind: 'domain', name: 'users-copy' } });
    assert.equal(copy.status, 'complete');
    assert.equal(copy.inPlace, false);
    assert.deepStrictEqual(plain(await readDomain('users-copy')), plain(truth.at(USERS, t1)));
  });

  test('confirmed, the named live domain is backed up first, restored exactly, and the restore can be undone', async () => {
    const liveBefore = await readDomain(USERS);
    clock.tick(1000);
    const beforeRestore = clock.ms;
    clock.tick(5000);
    const result = await restore({ target: { kind: 'domain', name: USERS, confirmed: true } });
    assert.equal(result.status, 'complete');
    assert.equal(result.inPlace, true);
    assert.equal(result.domains[0]!.live, true);
    assert.ok(result.safetyBackupRunId, 'a safety backup ran');
    assert.ok(result.totals.removed >= 1, 'the item created after T1 is deleted');
    assert.deepStrictEqual(plain(await readDomain(USERS)), plain(truth.at(USERS, t1)));
    // The restored items keep their stamps from T1 (no incremental run reads them): the restore backs
    // them up itself, so the backup holds what the domain holds now. Before, the history kept the
    // replaced content: verify found every restored item different, and a restore as of now would
    // have put it back.
    const verify = await runSdbVerify({ domains: [USERS] }, { history: historyOf(db.conn), client: sdb.client, logger: silentLogger });
    assert.deepEqual(verify.differences, []);
    const asOfNow = await restore({ at: new Date(clock.ms), target: { kind: 'in-place', confirmed: true }, dryRun: true });
    assert.deepEqual([asOfNow.totals.put, asOfNow.totals.removed, asOfNow.totals.attributesRemoved], [0, 0, 0]);
    clock.tick(5000);
    const undo = await restore({ at: new Date(beforeRestore + 2000), target: { kind: 'domain', name: 'users-undo' } });
    assert.equal(undo.status, 'complete');
    assert.deepStrictEqual(plain(await readDomain('users-undo')), plain(liveBefore));
    // Put the live domain back as it was for the next tests.
    await restore({ at: new Date(beforeRestore + 2000), target: { kind: 'in-place', confirmed: true } });
    assert.deepStrictEqual(plain(await readDomain(USERS)), plain(liveBefore));
  });

  test('a damaged history row (same hash, other bytes; or not a SimpleDB item) is refused and named, never written', async () => {
    const liveBefore = plain(await readDomain(USERS));
    const undoTamper = await tamper(USERS, 'u03', JSON.stringify({ lastModified: [truth.at(USERS, t1).get('u03')!['lastModified']![0]!], name: ['Mallory'], tags: ['a', 't0'] }));
    const undoShape = await tamper(USERS, 'u04', JSON.stringify({ name: 'not an array' }));
    try {
      // In place: refused before anything is touched (no safety backup, no write).
      const runs = await runCount();
      await assert.rejects(restore({ target: { kind: 'in-place', confirmed: true } }), (error: Error) => {
        assert.ok(error instanceof RestoreError, String(error));
        assert.match(error.message, /damaged for 2 item\(s\)/);
        assert.match(error.message, /"u03" \(its attributes do not hash to its recorded content hash/);
        assert.match(error.message, /"u04" \(attribute "name" is not a non-empty array of values\)/);
        assert.match(error.message, /Nothing was written/);
        return true;
      });
      assert.equal(await runCount(), runs);
      assert.deepStrictEqual(plain(await readDomain(USERS)), liveBefore);

      // Into a new domain: the intact items are restored, the damaged ones refused and named.
      const result = await restore({ target: { kind: 'domain', name: 'users-damaged' } });
      assert.equal(result.status, 'partial');
      assert.equal(result.totals.damaged, 2);
      assert.deepEqual(result.domains[0]!.damaged.map((d) => d.item), ['u03', 'u04']);
      const restored = await readDomain('users-damaged');
      assert.equal(restored.has('u03'), false, 'the tampered content was never written');
      assert.equal(restored.has('u04'), false);
      const expected = truth.at(USERS, t1);
      expected.delete('u03');
      expected.delete('u04');
      assert.deepStrictEqual(plain(restored), plain(expected));

      // Verify reports the damage too.
      const verify = await runSdbVerify({ domains: [USERS] }, { history: historyOf(db.conn), client: sdb.client, logger: silentLogger });
      assert.deepEqual(verify.differences.filter((d) => d.kind === 'damaged').map((d) => d.item).sort(), ['u03', 'u04']);
    } finally {
      await undoTamper();
      await undoShape();
    }
  });

  test('in place, an item whose put needs room (256 pairs): its extra attributes go only after every other put verified', async () => {
    const WIDE = 'live_wide';
    await sdb.client.createDomain({ DomainName: WIDE });
    const set = (prefix: string) => Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`${prefix}${String(i).padStart(3, '0')}`, String(i)]));
    await truth.put(WIDE, 'wide', set('a'), true);
    await truth.put(WIDE, 'narrow', { k: 'v1' });
    clock.tick(5000);
    await runSimpleDbBackup(config({ domains: [WIDE] }), { client: sdb.client, history: historyOf(db.conn), now: clock.now });
    const at = clock.tick(5000);
    // Now the item has 200 other attributes: putting back its 200 would pass 256 pairs.
    await truth.rawDelete(WIDE, 'wide');
    await truth.put(WIDE, 'wide', set('b'), true);
    await truth.put(WIDE, 'narrow', { k: 'v2' }, true);
    const order: string[] = [];
    const result = await restore(
      { at: new Date(at), domains: [WIDE], target: { kind: 'in-place', confirmed: true } },
      { beforeBatch: (kind, items) => void order.push(`${kind}:${items.join(',')}`) },
    );
    assert.equal(result.status, 'complete');
    assert.deepStrictEqual(plain(await readDomain(WIDE)), plain(truth.at(WIDE, at)));
    // narrow is put first; wide loses its extra attributes and then gets its put, after that.
    assert.deepEqual(order, ['put:narrow', 'delete:wide', 'put:wide']);
  });

  test('in place, a write that fails midway: nothing is deleted, the live domain is left exactly as it was', async () => {
    const liveBefore = plain(await readDomain(USERS));
    let puts = 0;
    // The second put call is applied by SimpleDB but its answer is lost (a reset connection).
    const flaky = client({
      batchPutAttributes: async (input) => {
        await sdb.client.batchPutAttributes(input);
        if (++puts === 2) throw new Error('socket hang up (after the write was applied)');
      },
    });
    await assert.rejects(restore({ target: { kind: 'in-place', confirmed: true } }, { client: flaky }), (error: Error) => {
      assert.ok(error instanceof RestoreError, String(error));
      assert.match(error.message, /restoring live_users into the live domain live_users failed: socket hang up/);
      assert.match(error.message, /put back as it found them and read back: live_users is as it was/);
      return true;
    });
    assert.ok(puts >= 2);
    assert.deepStrictEqual(plain(await readDomain(USERS)), liveBefore, 'the live domain is exactly as it was (the late item still there)');
  });

  test('in place, a put that does not verify (a writer changed it meanwhile): no deletion, the domain put back as found', async () => {
    const liveBefore = plain(await readDomain(USERS));
    let putBatches = 0;
    let deletes = 0;
    const result = restore(
      { target: { kind: 'in-place', confirmed: true } },
      {
        beforeBatch: async (kind, items) => {
          if (kind === 'delete') deletes++;
          // Before the second put batch, another writer changes an item of the first.
          if (kind === 'put' && ++putBatches === 2) await sdb.client.putAttributes({ DomainName: USERS, ItemName: 'u10', Attributes: [{ Name: 'sneaky', Value: 'write' }] });
          void items;
        },
      },
    );
    await assert.rejects(result, /did not read back as written \("u10"\)/);
    assert.equal(deletes, 0, 'no removal was attempted before the puts verified');
    assert.deepStrictEqual(plain(await readDomain(USERS)), liveBefore);
  });
});
