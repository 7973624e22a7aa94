/**
 * The sub-actions' bundles (dist/backup.js, dist/restore.js, dist/verify.js), each found through
 * `runs.main` of its action.yml (relative to its folder, as the runner resolves it) and run as the
 * runner runs it, one step after another in one job: INPUT_* variables with the defaults of *that*
 * action.yml, GITHUB_OUTPUT, the step summary, the Actions cache emulator.
 *
 * - backup: an S3 bucket and a SimpleDB domain; the mode is fixed (an undeclared `mode` passed by
 *   the runner changes nothing); tables get the documented prefix sdb_; every declared output set.
 * - restore: `restore-time` is required (refused, naming it, when missing); a restore to a moment
 *   between two backups writes the objects of that moment into a folder and the items into a new
 *   domain, leaving the live data alone.
 * - verify: the backup is complete and readable.
 * - prune: a dry run changes nothing; a prune removes what the kept point does not need, on both
 *   sides, and a restore to a moment it dropped is refused.
 *
 * S3 source and destination on s3rver (two buckets), SimpleDB on the project's server, MySQL on
 * the local MariaDB. Build first (`npm run build`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { compactTime } from '../../src/backends/s3/plan/names.ts';
import { canonicalAttributes, type AttributeMap } from '../../src/backends/simpledb/plan.ts';
import { ConventionWriter } from '../../src/simpledb/convention.ts';
import { quoteName } from '../../src/simpledb/expression.ts';
import { selectItems } from '../../src/simpledb/paginate.ts';
import { assertFailedOn, assertSucceeded, loadAction, log, repositoryRoot, startActionRunner, type ActionName, type ActionRun, type ActionRunner } from '../support/action-runner.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';
import { checkpoint, SourceWriter, type TruthObject } from '../support/scenario.ts';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';
import { createTestDatabase, type TestDatabase } from '../int/sdb-backup-support.ts';

const BUCKET = 'sub-photos';
const BACKUP_BUCKET = 'sub-backup';
const DOMAIN = 'sub_users';

let runner: ActionRunner;
let s3: TestS3Server;
let sdb: TestSimpleDb;
let db: TestDatabase;
let photos: SourceWriter;
let writer: ConventionWriter;
let runId = 9300;

/** Where the backup is: the inputs backup, restore and verify share. */
function backupLocation(): Record<string, string> {
  return {
    destination: `s3://${BACKUP_BUCKET}/main`,
    'destination-endpoint': s3.endpoint,
    'destination-access-key-id': 'S3RVER',
    'destination-secret-access-key': 'S3RVER',
    'simpledb-endpoint': sdb.server.url,
    'mysql-url': `mysql://${db.settings.user}${db.settings.password ? `:${encodeURIComponent(db.settings.password)}` : ''}@${db.settings.host}:${db.settings.port}/${db.name}`,
  };
}

function step(action: ActionName, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  runId += 1;
  return runner.run(inputs, { runId, action, env });
}

/** The step set exactly the outputs its action.yml declares (both backends ran). */
function assertOutputsDeclared(action: ActionName, run: ActionRun): void {
  const declared = loadAction(action).metadata.outputs.map((o) => o.name).sort();
  assert.deepEqual(Object.keys(run.outputs).sort(), declared, `${action}: the outputs set are those ${action}/action.yml declares${log(run)}`);
}

async function readDomain(domain: string): Promise<Record<string, AttributeMap>> {
  const out: Record<string, AttributeMap> = {};
  for await (const item of selectItems(sdb.client, { SelectExpression: `select * from ${quoteName(domain)}`, ConsistentRead: true })) {
    out[item.Name] = { ...canonicalAttributes(item.Attributes) };
  }
  return out;
}

/** Every file under `folder`, by its path relative to it. */
async function folderFiles(folder: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(relative(folder, join(entry.parentPath, entry.name)), await readFile(join(entry.parentPath, entry.name)));
  }
  return files;
}

before(async () => {
  s3 = await startS3rver();
  // The SimpleDB server accepts the pair the job's AWS chain holds (s3rver accepts only S3RVER).
  sdb = await startTestSimpleDb({ credentials: [{ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }] });
  db = await createTestDatabase();
  runner = await startActionRunner({ AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' }, { action: 'backup' });
  await s3.createBucket(BUCKET);
  await s3.createBucket(BACKUP_BUCKET);
  photos = new SourceWriter(s3.client(), BUCKET);
  writer = new ConventionWriter(sdb.client);
  await sdb.client.createDomain({ DomainName: DOMAIN });
  await writer.ensureDeleteLog();
});

after(async () => {
  await runner?.close();
  await sdb?.close();
  await db?.drop();
  await s3?.stop();
});

describe('the sub-actions, run as the runner runs them', () => {
  let t1: Date;
  let s3AtT1: Map<string, TruthObject>;
  let sdbAtT1: Record<string, AttributeMap>;
  let sdbNow: Record<string, AttributeMap>;

  it('backup (dist/backup.js): S3 and SimpleDB, the mode fixed whatever the runner passes, tables under sdb_', async () => {
    assert.equal(loadAction('backup').main, join(repositoryRoot, 'dist', 'backup.js'), 'runs.main ../dist/backup.js from backup/');
    await photos.put('albums/a.txt', 'alpha v1', { contentType: 'text/plain' });
    await photos.put('albums/b.bin', Buffer.alloc(2000, 7));
    await writer.put(DOMAIN, 'u1', { name: 'Ann', tags: ['x', 'y'] });
    await writer.put(DOMAIN, 'u2', { name: 'Bob' });

    // A `with:` entry the action does not declare still reaches the process (the runner only
    // warns): the sub-action must not read it, so `mode: verify` here changes nothing.
    const run1 = await step('backup', { sources: BUCKET, 'source-endpoint': s3.endpoint, 'simpledb-domains': DOMAIN, ...backupLocation() }, { INPUT_MODE: 'verify' });
    assertSucceeded(run1);
    assert.equal(run1.outputs['status'], 'complete', log(run1));
    assert.equal(run1.outputs['objects-copied'], '2');
    assert.equal(run1.outputs['simpledb-status'], 'complete');
    assert.equal(run1.outputs['item-versions-written'], '2');
    assert.match(run1.summary, /^## ✅ pullback S3 backup: complete$/m);
    assertOutputsDeclared('backup', run1);
    // mysql-table-prefix is not given: the sub-action's default is the documented sdb_, not ''.
    const [rows] = await db.conn.query<RowDataPacket[]>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ?', [db.name]);
    assert.ok(
      rows.some((r) => String(r['t']) === 'sdb__runs'),
      `tables under sdb_: ${rows.map((r) => String(r['t'])).join(', ')}`,
    );

    t1 = await checkpoint();
    s3AtT1 = photos.snapshot();
    sdbAtT1 = await readDomain(DOMAIN);

    await photos.put('albums/a.txt', 'alpha v2', { contentType: 'text/plain' });
    await photos.delete('albums/b.bin');
    await photos.put('albums/c.txt', 'gamma');
    await writer.put(DOMAIN, 'u1', { name: 'Ann Two' }, { replace: true });
    await writer.delete(DOMAIN, 'u2');
    sdbNow = await readDomain(DOMAIN);

    const run2 = await step('backup', { sources: BUCKET, 'source-endpoint': s3.endpoint, 'simpledb-domains': DOMAIN, ...backupLocation() });
    assertSucceeded(run2);
    assert.equal(run2.outputs['objects-copied'], '2', log(run2));
    assert.equal(run2.outputs['deletions'], '1');
    assert.equal(run2.outputs['item-deletions'], '1');
  });

  it('restore (dist/restore.js): restore-time is required, named when missing', async () => {
    assert.ok(loadAction('restore').metadata.inputs.find((i) => i.name === 'restore-time')?.required, 'restore-time is required: true');
    const run = await step('restore', { ...backupLocation(), 'restore-target': join(runner.workspace, 'never') });
    assertFailedOn(run, 'restore-time', /is required/);
  });

  it('restore (dist/restore.js): the objects of T1 into a folder, the items of T1 into a new domain, live data untouched', async () => {
    const target = join(runner.workspace, 'restored');
    const run = await step('restore', { ...backupLocation(), 'restore-time': t1.toISOString(), 'restore-sources': `${BUCKET}\nsdb:${DOMAIN}`, 'restore-target': target });
    assertSucceeded(run);
    assert.equal(run.outputs['restore-status'], 'complete', log(run));
    assert.equal(run.outputs['simpledb-restore-status'], 'complete');
    assert.equal(run.outputs['objects-restored'], String(s3AtT1.size));
    assertOutputsDeclared('restore', run);

    const files = await folderFiles(target);
    assert.deepEqual([...files.keys()].sort(), [...s3AtT1.keys()].sort(), 'the keys of T1');
    for (const [key, truth] of s3AtT1) assert.ok(files.get(key)!.equals(truth.body), `${key} as of T1`);

    const restoredDomain = `${DOMAIN}-restored-${compactTime(t1.toISOString())}`;
    assert.deepEqual(await readDomain(restoredDomain), sdbAtT1, 'the new domain holds the items of T1');
    assert.deepEqual(await readDomain(DOMAIN), sdbNow, 'the live domain is untouched');
    assert.ok((await photos.read('albums/a.txt')).equals(Buffer.from('alpha v2')), 'the live bucket is untouched');
  });

  it('verify (dist/verify.js): the backup is complete and readable', async () => {
    const run = await step('verify', { sources: BUCKET, 'source-endpoint': s3.endpoint, 'read-data': 'all', ...backupLocation() });
    assertSucceeded(run);
    assert.equal(run.outputs['verify-ok'], 'true', log(run));
    assert.equal(run.outputs['differences'], '0');
    assertOutputsDeclared('verify', run);
  });

  it('prune (dist/prune.js): a dry run changes nothing; the prune keeps the newest point of S3 and SimpleDB and refuses T1 afterwards', async () => {
    const policy = { 'keep-last': '1', 'simpledb-domains': DOMAIN };
    // A prune reads no live source: it declares no SimpleDB endpoint.
    const { 'simpledb-endpoint': _endpoint, ...location } = backupLocation();
    const before = await s3.client().send(new ListObjectsV2Command({ Bucket: BACKUP_BUCKET, Prefix: 'main/data/' }));
    const dry = await step('prune', { ...location, ...policy, 'dry-run': 'true' });
    assertSucceeded(dry);
    assert.equal(dry.outputs['prune-status'], 'dry-run', log(dry));
    assert.equal(dry.outputs['objects-removed'], '0');
    assert.match(dry.summary, /pullback S3 prune: dry-run/);
    assertOutputsDeclared('prune', dry);
    const untouched = await s3.client().send(new ListObjectsV2Command({ Bucket: BACKUP_BUCKET, Prefix: 'main/data/' }));
    assert.equal(untouched.KeyCount, before.KeyCount, 'a dry run removes nothing');

    const run = await step('prune', { ...location, ...policy });
    assertSucceeded(run);
    assert.equal(run.outputs['prune-status'], 'complete', log(run));
    // alpha v1 and b.bin: the one kept point (the second backup) needs neither.
    assert.equal(run.outputs['objects-removed'], '2');
    assert.equal(run.outputs['bytes-freed'], String('alpha v1'.length + 2000));
    assert.equal(run.outputs['simpledb-prune-status'], 'complete');
    assert.ok(Number(run.outputs['history-versions-removed']) >= 2, log(run));

    const refused = await step('restore', { ...backupLocation(), 'restore-time': t1.toISOString(), 'restore-sources': BUCKET, 'restore-target': join(runner.workspace, 'pruned') });
    assertFailedOn(refused, 'restore-time', /was pruned away/);
  });
});
