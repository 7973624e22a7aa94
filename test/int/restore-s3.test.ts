import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { runS3Restore, RestoreError, IN_PLACE_CONFIRMATION } from '../../src/backends/s3/restore.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { sourceHistory } from '../../src/backends/s3/catalog/history.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { compactTime } from '../../src/backends/s3/plan/names.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { s3RestoreSummary } from '../../src/report/s3.ts';
import { MOTO_MISSING, motoAvailable, startMoto, startS3rver, type TestS3Server } from '../support/s3.ts';
import { checkpoint, SourceWriter, type TruthObject } from '../support/scenario.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { targetNaming } from '../../src/stores/object/local/target-names.ts';
import type { BackupOptions, RestoreDependencies, S3RestoreOptions } from '../../src/backends/s3/types.ts';

const backupOptions: BackupOptions = { overlapMs: 3600_000, concurrency: 8, dryRun: false, serverSideCopy: true, retryAttempts: 2 };
const noSleep = async () => {};
const SOURCE_ID = 's3://restore-src/';

let moto: TestS3Server;
let s3rver: TestS3Server;
const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-restore-'));
  folders.push(folder);
  return folder;
}

/** The history every test restores from, with the ground truth at each moment. */
interface History {
  destination: S3ObjectStore;
  writer: SourceWriter;
  beforeFirst: Date;
  checkpoints: { at: Date; truth: Map<string, TruthObject> }[];
}
let history: History;

const liveSource = () => new S3Source('restore-src', '', moto.connection('AKIDSOURCE'), `${moto.endpoint}|source`);
const backup = () => runS3Backup(backupOptions, { sources: [liveSource()], destination: history.destination, logger: silentLogger, sleep: noSleep });

function restore(options: Partial<S3RestoreOptions> & { at: Date }, deps: Partial<RestoreDependencies> = {}) {
  return runS3Restore(
    { sources: [], target: { kind: 'default' }, concurrency: 6, dryRun: false, retryAttempts: 2, backup: backupOptions, ...options },
    { destination: history.destination, logger: silentLogger, sleep: noSleep, ...deps },
  );
}

/** Everything under a prefix of an S3 bucket, with content type and user metadata. */
async function readBucket(server: TestS3Server, bucket: string, prefix: string): Promise<Map<string, TruthObject>> {
  const client = server.client();
  const found = new Map<string, TruthObject>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }));
    for (const object of page.Contents ?? []) {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key! }));
      const entry: TruthObject = { body: await buffer(response.Body as NodeJS.ReadableStream) };
      if (response.ContentType) entry.contentType = response.ContentType;
      if (response.Metadata && Object.keys(response.Metadata).length > 0) entry.user = response.Metadata;
      found.set(object.Key!.slice(prefix.length), entry);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return found;
}

/** A restored folder, read back through the restore target's own naming (real names, see target-names.ts). */
async function readFolder(path: string): Promise<Map<string, TruthObject>> {
  const folder = new LocalObjectStore(path, targetNaming());
  const found = new Map<string, TruthObject>();
  for await (const object of folder.list('')) found.set(object.key, { body: await buffer((await folder.get(object.key))!) });
  return found;
}

function assertSame(actual: Map<string, TruthObject>, expected: Map<string, TruthObject>, label: string, withMetadata: boolean): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${label}: the keys`);
  for (const [key, truth] of expected) {
    const got = actual.get(key)!;
    assert.ok(got.body.equals(truth.body), `${label}: content of ${key}`);
    if (withMetadata && truth.contentType) assert.equal(got.contentType, truth.contentType, `${label}: content type of ${key}`);
    if (withMetadata && truth.user) assert.deepEqual(got.user, truth.user, `${label}: user metadata of ${key}`);
  }
}

before(async () => {
  s3rver = await startS3rver();
  if (!motoAvailable()) return;
  moto = await startMoto();
  await moto.createBucket('restore-src');
  await s3rver.createBucket('restore-backup');
  const writer = new SourceWriter(moto.client(), 'restore-src');
  const destination = new S3ObjectStore('restore-backup', 'vault/', s3rver.connection(), 's3rver|backup');
  history = { destination, writer, beforeFirst: new Date(), checkpoints: [] };
  await checkpoint();

  // Run 1: metadata, a multipart object (its ETag is not an MD5), awkward but portable keys.
  await writer.put('a.txt', 'alpha 1', { contentType: 'text/plain', user: { owner: 'team-a' } });
  await writer.put('dir/b.txt', 'bravo 1');
  await writer.put('keep.txt', 'kept until run 3', { contentType: 'text/markdown' });
  await writer.put('with space + plus.txt', 'awkward');
  await writer.put('big.bin', Buffer.alloc(6 * 1024 * 1024, 3), { multipart: true, contentType: 'application/octet-stream' });
  await backup();
  history.checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });

  // Run 2: an overwrite, and two writes of one key in one second with a run in between.
  await writer.put('a.txt', 'alpha 2, longer', { contentType: 'text/plain', user: { owner: 'team-b' } });
  await writer.put('same.txt', 'first write');
  await backup();
  await writer.put('same.txt', 'second write, same second');
  await backup();
  history.checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });

  // Run 3: deletions, and a deleted key re-created.
  await writer.delete('keep.txt');
  await writer.delete('dir/b.txt');
  await backup();
  history.checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });
  await writer.put('dir/b.txt', 'bravo 2, born again');
  await backup();
  history.checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });
});

after(async () => {
  await moto?.stop();
  await s3rver.stop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('S3 restore to a point in time', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('restores every checkpoint to a new prefix in the backup destination, with content type and user metadata', async () => {
    for (const [index, { at, truth }] of history.checkpoints.entries()) {
      const result = await restore({ at });
      assert.equal(result.status, 'complete', `checkpoint ${index + 1}`);
      assert.equal(result.totals.keysAtT, truth.size);
      assert.equal(result.totals.written, truth.size);
      assert.equal(result.totals.failed, 0);
      const restored = await readBucket(s3rver, 'restore-backup', `vault/restored/${compactTime(at.toISOString())}/restore-src/`);
      assertSame(restored, truth, `checkpoint ${index + 1}`, true);
    }
  });

  it('restores exactly at a run: at its end the run is exact; at its start a deletion in flight is kept and reported', async () => {
    const runs = await sourceHistory(new Catalog(history.destination), SOURCE_ID);
    // Runs: 1, 2a, 2b, 3 (deletions), 4 (re-creation). Run 3 saw keep.txt and dir/b.txt vanish.
    const deletionRun = runs[3]!.source;
    const atEnd = await restore({ at: new Date(deletionRun.listFinishedAt), target: { kind: 'local', path: await tempFolder() } });
    assert.equal(atEnd.totals.uncertain, 0);
    assert.equal(atEnd.totals.keysAtT, history.checkpoints[2]!.truth.size);

    const folder = await tempFolder();
    const atStart = await restore({ at: new Date(deletionRun.listStartedAt), target: { kind: 'local', path: folder } });
    assert.deepEqual(atStart.uncertainDeletions.map((u) => u.key).sort(), ['dir/b.txt', 'keep.txt']);
    assert.equal(atStart.totals.uncertain, 2);
    // The documented rule: an object that may still have existed at T is restored.
    const expected = new Map(history.checkpoints[1]!.truth);
    assertSame(await readFolder(folder), expected, 'at the start of the deletion run', false);
  });

  it('restores after the last run (with a warning) and to a local folder between runs', async () => {
    const folder = await tempFolder();
    const latest = await restore({ at: new Date(), target: { kind: 'local', path: folder } });
    assert.match(latest.warnings.join('\n'), /after the last backup run/);
    assertSame(await readFolder(folder), history.checkpoints[3]!.truth, 'now', false);
    const between = await tempFolder();
    await restore({ at: history.checkpoints[1]!.at, target: { kind: 'local', path: between } });
    assertSame(await readFolder(between), history.checkpoints[1]!.truth, 'between runs', false);
  });

  it('selects by key prefix and by a list of keys', async () => {
    const folder = await tempFolder();
    const result = await restore({ at: history.checkpoints[0]!.at, prefix: 'dir/', target: { kind: 'local', path: folder } });
    assert.equal(result.totals.keysAtT, 1);
    assert.deepEqual([...(await readFolder(folder)).keys()], ['dir/b.txt']);
    const listed = await tempFolder();
    await restore({ at: history.checkpoints[0]!.at, keys: ['a.txt', 'keep.txt', 'never-existed'], target: { kind: 'local', path: listed } });
    assert.deepEqual([...(await readFolder(listed)).keys()].sort(), ['a.txt', 'keep.txt']);
  });

  it('a dry run plans without touching anything', async () => {
    const folder = await tempFolder();
    const result = await restore({ at: history.checkpoints[0]!.at, dryRun: true, target: { kind: 'local', path: folder } });
    assert.equal(result.status, 'dry-run');
    assert.equal(result.totals.write, history.checkpoints[0]!.truth.size);
    assert.ok(result.totals.bytesToWrite > 6 * 1024 * 1024);
    assert.equal(result.totals.written, 0);
    assert.deepEqual(await readdir(folder), [], 'nothing written');
    assert.equal(result.planned.length, history.checkpoints[0]!.truth.size);
    const summary = s3RestoreSummary(result);
    assert.match(summary, /S3 restore plan \(dry run: nothing was written\)/);
    // At T, would write, would overwrite, already right, would remove: five new objects.
    assert.match(summary, /\| `s3:\/\/restore-src\/` \| 5 \| 5 \| 0 \| 0 \| 0 \|/);
    assert.match(summary, new RegExp(`Into: \`s3://restore-src/\` → folder ${folder}`));
  });

  it('an interrupted restore is finished by the next run, and a third run changes nothing', async () => {
    const at = history.checkpoints[1]!.at;
    await s3rver.createBucket('resume-target');
    const target = { kind: 's3' as const, bucket: 'resume-target', prefix: 'r/', connection: s3rver.connection() };
    let writes = 0;
    const crash = () => {
      if (++writes > 2) throw Object.assign(new Error('simulated crash'), { fatal: true });
    };
    await assert.rejects(restore({ at, target, concurrency: 1 }, { beforeWrite: crash }), /simulated crash/);
    const partial = await readBucket(s3rver, 'resume-target', 'r/');
    assert.equal(partial.size, 2);
    const resumed = await restore({ at, target });
    assert.equal(resumed.totals.written, history.checkpoints[1]!.truth.size - 2);
    assert.equal(resumed.totals.skip, 2);
    const again = await restore({ at, target });
    assert.equal(again.totals.written, 0, 'nothing already right is written again');
    assert.equal(again.totals.skip, history.checkpoints[1]!.truth.size);
    assert.ok(again.totals.compared >= 1, 'the multipart object is compared by content, not ETag');
    assertSame(await readBucket(s3rver, 'resume-target', 'r/'), history.checkpoints[1]!.truth, 'resumed', true);
  });

  it('refuses a target the credentials cannot write, before anything is written', async () => {
    await s3rver.createBucket('locked-target');
    const wrongKeys = { ...s3rver.connection(), credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'nope' } };
    await assert.rejects(
      restore({ at: history.checkpoints[0]!.at, target: { kind: 's3', bucket: 'locked-target', prefix: '', connection: wrongKeys } }),
      (error: Error) => error instanceof RestoreError && /cannot be written, nothing was restored.*(credentials|access denied)/.test(error.message),
    );
    assert.equal((await readBucket(s3rver, 'locked-target', '')).size, 0);
  });

  it('refuses a time in the future, before the first backup, or a source not in the catalogue', async () => {
    await assert.rejects(restore({ at: history.beforeFirst }), /restore-time.*before the first backup of s3:\/\/restore-src\//);
    await assert.rejects(restore({ at: new Date(), sources: ['no-such-bucket'] }), /restore-sources.*"no-such-bucket" is not in the catalogue; catalogued sources: s3:\/\/restore-src\//);
  });

  it('in place: backs up first, rewrites the bucket as of T, and can be undone', async () => {
    const writer = history.writer;
    // Without the confirmation the config refuses it (test/unit/restore-config.test.ts): the type of
    // an in-place target is `confirmed: true`.
    assert.equal(IN_PLACE_CONFIRMATION, 'overwrite live data');
    // Changes made after the last backup run: the in-place restore must not lose them.
    await writer.put('late.txt', 'written after the last backup');
    await writer.put('a.txt', 'alpha 3, never backed up');
    const beforeRestore = await checkpoint();
    const beforeTruth = writer.snapshot();
    assertSame(await readBucket(moto, 'restore-src', ''), beforeTruth, 'live bucket before', true);

    const t1 = history.checkpoints[0]!;
    const result = await restore({ at: t1.at, target: { kind: 'in-place', confirmed: true } }, { sources: [liveSource()] });
    assert.equal(result.status, 'complete');
    assert.ok(result.safetyBackupRunId, 'a backup ran first');
    assert.ok(result.totals.remove >= 2, 'late.txt and same.txt did not exist at T');
    assert.ok(result.totals.skip >= 2, 'objects unchanged since T are left alone');
    assertSame(await readBucket(moto, 'restore-src', ''), t1.truth, 'live bucket after the in-place restore', true);

    // Reversible: the moment before the restore comes back from the backup.
    const undo = await tempFolder();
    await restore({ at: beforeRestore, target: { kind: 'local', path: undo } });
    assertSame(await readFolder(undo), beforeTruth, 'the state the in-place restore replaced', false);
  });
});
