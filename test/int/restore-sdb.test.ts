// SimpleDB restore to a point in time against the ground truth the test keeps: several backup runs
// (stamped and unstamped writes, multi-valued attributes, deletes, re-creation), restores to many
// times into new domains and in place, dry run, an interrupted restore resumed, an unwritable target.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { runSimpleDbBackup } from '../../src/backends/simpledb/backup.ts';
import type { SdbRestoreOptions } from '../../src/backends/simpledb/types.ts';
import { DEFAULTS, type SimpleDbBackupConfig } from '../../src/config/simpledb.ts';
import type { AttributeMap } from '../../src/backends/simpledb/plan.ts';
import type { CallOptions, SelectInput, SimpleDbClient } from '../../src/simpledb/client.ts';
import { domainItems } from '../../src/backends/simpledb/read.ts';
import { runSdbRestore, runSdbVerify, restoredDomainName } from '../../src/backends/simpledb/restore.ts';
import { RestoreError } from '../../src/backends/s3/restore.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { createTestDatabase, FakeClock, GroundTruth, historyOf, plain, type TestDatabase, liveDomain } from './sdb-backup-support.ts';

const USERS = 'users';

describe('SimpleDB restore to a point in time', () => {
  let sdb: TestSimpleDb;
  let db: TestDatabase;
  const clock = new FakeClock();
  let truth: GroundTruth;
  const checkpoints: { label: string; t: number }[] = [];
  let beforeFirst = 0;

  const config = (over: Partial<SimpleDbBackupConfig> = {}): SimpleDbBackupConfig => ({
    domains: [USERS],
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
  const restore = (options: Partial<SdbRestoreOptions> & { at: Date }, extra: { client?: SimpleDbClient; beforeBatch?: (kind: 'put' | 'delete', items: string[]) => void } = {}) =>
    runSdbRestore(
      { domains: [USERS], target: { kind: 'new' }, dryRun: false, ...options },
      { history: historyOf(db.conn), client: extra.client ?? sdb.client, logger: silentLogger, now: clock.now, backup: config(), ...(extra.beforeBatch ? { beforeBatch: extra.beforeBatch } : {}) },
    );
  const readDomain = (domain: string): Promise<Map<string, AttributeMap>> => liveDomain(sdb.client, domain);
  const domainExists = async (domain: string) => (await sdb.client.listDomains({})).DomainNames.includes(domain);

  before(async () => {
    sdb = await startTestSimpleDb();
    db = await createTestDatabase();
    truth = new GroundTruth(sdb.client, clock);
    await sdb.client.createDomain({ DomainName: USERS });
    await truth.writer.ensureDeleteLog();
    beforeFirst = clock.tick(1000);

    // Run 1: 60 items (three batches of 25), multi-valued attributes, an unstamped write.
    for (let i = 0; i < 60; i++) await truth.put(USERS, `user-${String(i).padStart(3, '0')}`, { name: `User ${i}`, tags: ['a', `t${i % 3}`] });
    await truth.put(USERS, '名前🙂', { 'città': 'Zürich', '日本': ['一', '二', '三'] });
    await truth.rawPut(USERS, 'unstamped', { note: 'no stamp' });
    await backup();
    checkpoints.push({ label: 'after run 1', t: clock.ms });

    // Run 2: replace, added values, removed attribute (by replace), deletes, re-creation.
    await truth.put(USERS, 'user-001', { name: 'Renamed' }, true);
    await truth.put(USERS, 'user-002', { tags: ['b', 'c'] });
    await truth.delete(USERS, 'user-004');
    checkpoints.push({ label: 'mid run 2', t: clock.ms });
    await truth.delete(USERS, 'user-006');
    await truth.put(USERS, 'user-006', { reborn: 'yes' });
    await truth.rawPut(USERS, 'unstamped', { note: 'changed without a stamp' }, true);
    await backup();
    checkpoints.push({ label: 'after run 2', t: clock.ms });

    // Run 3: more deletes and a new item.
    await truth.delete(USERS, 'user-010');
    await truth.delete(USERS, '名前🙂');
    await truth.put(USERS, 'user-100', { name: 'Newcomer', tags: ['x', 'y', 'z'] });
    await backup();
    checkpoints.push({ label: 'after run 3', t: clock.ms });
  });
  after(async () => {
    await db?.drop();
    await sdb?.close();
  });

  test('restores many times into new domains, exactly (multi-valued attributes, absent items absent)', async () => {
    for (const { label, t } of checkpoints) {
      const at = new Date(t);
      const result = await restore({ at });
      assert.equal(result.status, 'complete', label);
      const target = restoredDomainName(USERS, at);
      assert.equal(result.domains[0]!.targetDomain, target);
      const expected = truth.at(USERS, t);
      assert.equal(result.totals.itemsAtT, expected.size, label);
      assert.equal(result.totals.verified, expected.size, label);
      assert.deepStrictEqual(plain(await readDomain(target)), plain(expected), `${label}: ${target}`);
    }
  });

  test('a dry run plans without touching anything', async () => {
    const at = new Date(checkpoints[1]!.t + 1);
    const result = await restore({ at, dryRun: true });
    assert.equal(result.status, 'dry-run');
    assert.equal(result.totals.put, truth.at(USERS, at.getTime()).size);
    assert.equal(await domainExists(restoredDomainName(USERS, at)), false);
  });

  test('an interrupted restore is finished by the next run; a third run writes nothing', async () => {
    const at = new Date(checkpoints[0]!.t);
    const target = { kind: 'domain' as const, name: 'users-resume' };
    let calls = 0;
    const crash = () => {
      if (++calls > 1) throw new Error('simulated crash');
    };
    await assert.rejects(restore({ at, target }, { beforeBatch: crash }), /simulated crash/);
    assert.equal((await readDomain('users-resume')).size, 25, 'one batch of 25 was written');
    const resumed = await restore({ at, target });
    const expected = truth.at(USERS, at.getTime());
    assert.equal(resumed.totals.unchanged, 25);
    assert.equal(resumed.totals.put, expected.size - 25);
    const again = await restore({ at, target });
    assert.equal(again.totals.put, 0);
    assert.equal(again.totals.batchCalls, 0);
    assert.deepStrictEqual(plain(await readDomain('users-resume')), plain(expected));
  });

  test('selects item names by prefix and by list', async () => {
    const at = new Date(checkpoints[0]!.t);
    const result = await restore({ at, itemPrefix: 'user-00', target: { kind: 'domain', name: 'users-subset' } });
    assert.equal(result.totals.itemsAtT, 10);
    await restore({ at, items: ['unstamped', 'user-050'], target: { kind: 'domain', name: 'users-subset' } });
    assert.equal((await readDomain('users-subset')).size, 12);
  });

  // A time in the future is refused with the config (test/unit/restore-config.test.ts).
  test('clear errors: before the first backup, an unknown domain, an unwritable target', async () => {
    await assert.rejects(restore({ at: new Date(beforeFirst) }), /restore-time.*before the first backup of domain users/);
    await assert.rejects(restore({ at: new Date(clock.ms), domains: ['nope-domain'] }), /"nope-domain" has never been backed up/);
    const locked = sdb.makeClient({ credentials: { accessKeyId: 'WRONG', secretAccessKey: 'wrong' }, maxAttempts: 1 });
    await assert.rejects(
      restore({ at: new Date(checkpoints[0]!.t), target: { kind: 'domain', name: 'users-locked' } }, { client: locked }),
      (error: Error) => error instanceof RestoreError && /cannot be created or written, nothing was restored/.test(error.message),
    );
    assert.equal(await domainExists('users-locked'), false);
  });

  test('restore and verify read a domain in pages of 2,500 items, not SimpleDB\'s default 100', async () => {
    const domain = 'paged';
    await sdb.client.createDomain({ DomainName: domain });
    for (let i = 0; i < 300; i += 25) {
      await sdb.client.batchPutAttributes({ DomainName: domain, Items: Array.from({ length: 25 }, (_, j) => ({ Name: `item-${i + j}`, Attributes: [{ Name: 'k', Value: 'v' }] })) });
    }
    const expressions: string[] = [];
    const counting = { select: (input: SelectInput, options?: CallOptions) => (expressions.push(input.SelectExpression), sdb.client.select(input, options)) };
    let items = 0;
    for await (const item of domainItems(counting, domain)) items += item.name.startsWith('item-') ? 1 : 0;
    assert.equal(items, 300);
    assert.equal(expressions.length, 1, `one page for 300 items: ${JSON.stringify(expressions)}`);
    assert.match(expressions[0]!, / limit 2500$/);
  });

  test('verify: the live domain matches its backup by content hash, and a change is caught', async () => {
    const clean = await runSdbVerify({ domains: [] }, { history: historyOf(db.conn), client: sdb.client, logger: silentLogger });
    assert.equal(clean.ok, true, JSON.stringify(clean.differences));
    assert.equal(clean.domains[0]!.backedUp, truth.at(USERS, clock.ms).size);
    assert.equal(clean.domains[0]!.deletedSinceBackup, 0);
    await sdb.client.putAttributes({ DomainName: USERS, ItemName: 'user-030', Attributes: [{ Name: 'tags', Value: 'sneaky' }] });
    await sdb.client.putAttributes({ DomainName: USERS, ItemName: 'brand-new', Attributes: [{ Name: 'k', Value: 'v' }] });
    // Deleted since the last backup: counted, not a difference (the next run records it).
    const gone = [...truth.at(USERS, clock.ms).keys()].filter((name) => name !== 'user-030').sort()[0]!;
    const goneAttributes = await sdb.client.getAttributes({ DomainName: USERS, ItemName: gone, ConsistentRead: true });
    await sdb.client.deleteAttributes({ DomainName: USERS, ItemName: gone });
    const dirty = await runSdbVerify({ domains: [USERS, 'never-domain'] }, { history: historyOf(db.conn), client: sdb.client, logger: silentLogger });
    assert.equal(dirty.ok, false);
    assert.deepEqual(
      { ...dirty.domains[0]!, domain: undefined },
      { domain: undefined, liveItems: truth.at(USERS, clock.ms).size, backedUp: truth.at(USERS, clock.ms).size - 2, notBackedUp: 1, differs: 1, deletedSinceBackup: 1, damaged: 0 },
    );
    assert.deepEqual(dirty.differences.map((d) => [d.kind, d.item ?? d.domain]).sort(), [
      ['differs', 'user-030'],
      ['never-backed-up', 'never-domain'],
      ['not-backed-up', 'brand-new'],
    ]);
    // Put the domain back as the ground truth has it.
    await sdb.client.putAttributes({ DomainName: USERS, ItemName: gone, Attributes: goneAttributes.Attributes });
    await sdb.client.deleteAttributes({ DomainName: USERS, ItemName: 'brand-new' });
    await sdb.client.deleteAttributes({ DomainName: USERS, ItemName: 'user-030', Attributes: [{ Name: 'tags', Value: 'sneaky' }] });
  });

  // Without the confirmation the config refuses an in-place restore (test/unit/restore-config.test.ts).
  test('in place: backs up first, restores exactly, and is reversible', async () => {
    // Changes after the last backup, including an unstamped one: kept by the safety backup.
    await truth.put(USERS, 'user-020', { name: 'edited after the last backup', extra: ['1', '2'] }, true);
    await truth.rawPut(USERS, 'late-unstamped', { note: 'never backed up' });
    clock.tick(1000);
    const beforeRestore = clock.ms;
    const liveBefore = await readDomain(USERS);
    assert.deepStrictEqual(plain(liveBefore), plain(truth.at(USERS, beforeRestore)));
    clock.tick(5000);

    const t1 = checkpoints[0]!.t;
    // The safety backup runs now; the restore's writes and its backup of the restored items after
    // it (the clock moves a millisecond a batch call, as time passes in a real restore).
    const safetyTime = clock.ms;
    const result = await restore({ at: new Date(t1), target: { kind: 'in-place', confirmed: true } }, { beforeBatch: () => void clock.tick(1) });
    assert.equal(result.status, 'complete');
    assert.ok(result.safetyBackupRunId);
    assert.ok(result.totals.removed >= 2, 'user-100 and late-unstamped did not exist at T');
    assert.ok(result.totals.attributesRemoved >= 1, 'user-020 loses the attribute it gained after T');
    assert.deepStrictEqual(plain(await readDomain(USERS)), plain(truth.at(USERS, t1)));

    // Reversible: the live domain as it was just before the restore is in the backup, as of the
    // safety backup; the restored domain is too, as of now.
    clock.tick(5000);
    const undo = await restore({ at: new Date(safetyTime), target: { kind: 'domain', name: 'users-undo' } });
    assert.equal(undo.status, 'complete');
    assert.deepStrictEqual(plain(await readDomain('users-undo')), plain(liveBefore));
    const redo = await restore({ at: new Date(clock.ms), target: { kind: 'domain', name: 'users-redo' } });
    assert.equal(redo.status, 'complete');
    assert.deepStrictEqual(plain(await readDomain('users-redo')), plain(truth.at(USERS, t1)));
  });
});
