/**
 * Restores that cannot destroy (issue 9, items 1-3): a target overlapping a live source is an
 * in-place restore; nothing live is touched before the backup object is verified; no removal runs
 * unless every write of the whole restore succeeded; a target over the backup's own catalogue or
 * data is refused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { runS3Restore, RestoreError } from '../../src/backends/s3/restore.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { sourceHistory } from '../../src/backends/s3/catalog/history.ts';
import { pathInside } from '../../src/stores/object/local/paths.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { MOTO_MISSING, motoAvailable, startMoto, startS3rver, type TestS3Server } from '../support/s3.ts';
import { checkpoint, SourceWriter } from '../support/scenario.ts';
import { filesBelow, readBucket, temporaryFilesBelow } from '../support/restore.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { BackupOptions, CataloguedSource, RestoreDependencies, S3RestoreOptions } from '../../src/backends/s3/types.ts';

const backupOptions: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const noSleep = async () => {};

let moto: TestS3Server;
let s3rver: TestS3Server;
const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-safety-'));
  folders.push(folder);
  return folder;
}

const live = (bucket: string, prefix = '') => new S3Source(bucket, prefix, moto.connection('AKIDSOURCE'), `${moto.endpoint}|source`);

function restore(destination: ObjectStore, options: Partial<S3RestoreOptions> & { at: Date }, deps: Partial<RestoreDependencies> = {}) {
  return runS3Restore(
    { sources: [], target: { kind: 'default' }, concurrency: 4, dryRun: false, retryAttempts: 2, backup: backupOptions, sourceEndpoint: moto.endpoint, ...options } as S3RestoreOptions,
    { destination, logger: silentLogger, sleep: noSleep, ...deps },
  );
}

async function backup(destination: ObjectStore, sources: S3Source[]): Promise<void> {
  const result = await runS3Backup(backupOptions, { sources, destination, logger: silentLogger, sleep: noSleep });
  assert.equal(result.status, 'complete');
}

/** The backup object of a key's version as of `at` (the newest in the catalogue). */
async function backupObjectOf(destination: ObjectStore, sourceId: string, key: string): Promise<string> {
  const catalog = new Catalog(destination);
  let found: string | undefined;
  for (const { source } of await sourceHistory(catalog, sourceId)) {
    for await (const event of catalog.readEvents(source)) if (event.type === 'version' && event.k === key) found = event.b;
  }
  assert.ok(found, `a backup object for ${key}`);
  return found;
}

before(async () => {
  s3rver = await startS3rver();
  if (motoAvailable()) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
  await s3rver.stop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('a restore target that overlaps a live source is an in-place restore', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  let destination: LocalObjectStore;
  let at: Date;
  let beforeRestore: Date;
  const liveA = () => readBucket(moto, 'live-a');

  before(async () => {
    if (!motoAvailable()) return;
    for (const bucket of ['live-a', 'live-p', 'live-u']) await moto.createBucket(bucket);
    const a = new SourceWriter(moto.client(), 'live-a');
    const p = new SourceWriter(moto.client(), 'live-p');
    await a.put('a.txt', 'one');
    await a.put('dir/b.txt', 'bee');
    await p.put('photos/cat.jpg', 'meow');
    destination = new LocalObjectStore(await tempFolder(), destinationNaming);
    await backup(destination, [live('live-a'), live('live-p', 'photos/')]);
    at = await checkpoint();
    await a.put('a.txt', 'two');
    await a.put('new.txt', 'written after T');
    await p.put('photos/cat.jpg', 'purr');
    beforeRestore = await checkpoint();
  });

  it('refuses, without confirm-in-place, every target sharing keys with a backed-up source, and writes nothing', async () => {
    const before = await liveA();
    const targets: [string, string, RegExp][] = [
      ['live-a', '', /s3:\/\/live-a\//],
      ['live-a', 'sub/', /s3:\/\/live-a\//],
      ['live-p', '', /s3:\/\/live-p\/photos\//],
      ['live-p', 'photos/deep/', /s3:\/\/live-p\/photos\//],
    ];
    for (const [bucket, prefix, source] of targets) {
      await assert.rejects(
        restore(destination, { at, target: { kind: 's3', bucket, prefix, connection: moto.connection() } }),
        (error: Error) =>
          error instanceof RestoreError &&
          /restore-target/.test(error.message) &&
          source.test(error.message) &&
          /confirm-in-place/.test(error.message) &&
          /overwrite live data/.test(error.message),
        `s3://${bucket}/${prefix}`,
      );
    }
    // A live bucket given in `sources` counts even when the catalogue has never seen it.
    await assert.rejects(
      restore(destination, { at, target: { kind: 's3', bucket: 'live-u', prefix: '', connection: moto.connection() } }, { sources: [live('live-u')] }),
      /restore-target.*s3:\/\/live-u\//,
    );
    assert.deepEqual(await liveA(), before, 'the live bucket is untouched');
    assert.equal((await readBucket(moto, 'live-u')).size, 0);
    assert.deepEqual([...(await readBucket(moto, 'live-p')).keys()], ['photos/cat.jpg']);
  });

  it('accepts a bucket of the same name on another endpoint', async () => {
    await s3rver.createBucket('live-a');
    const result = await restore(destination, { at, sources: ['live-a'], target: { kind: 's3', bucket: 'live-a', prefix: '', connection: s3rver.connection() } });
    assert.equal(result.status, 'complete');
    assert.equal(result.safetyBackupRunId, undefined);
    assert.deepEqual(Object.fromEntries(await readBucket(s3rver, 'live-a')), { 'a.txt': 'one', 'dir/b.txt': 'bee' });
  });

  it('with confirm-in-place: needs the source in `sources`, backs it up first, then restores (and removes nothing)', async () => {
    const target = { kind: 's3' as const, bucket: 'live-a', prefix: '', connection: moto.connection(), confirmed: true };
    await assert.rejects(restore(destination, { at, sources: ['live-a'], target }), /`sources`/);
    const result = await restore(destination, { at, sources: ['live-a'], target }, { sources: [live('live-a')] });
    assert.equal(result.status, 'complete');
    assert.ok(result.safetyBackupRunId, 'the overlapped source was backed up first');
    assert.equal(result.inPlace, true);
    assert.deepEqual(Object.fromEntries(await liveA()), { 'a.txt': 'one', 'dir/b.txt': 'bee', 'new.txt': 'written after T' });
    // The safety backup holds what was overwritten: the moment before the restore comes back.
    const undo = await tempFolder();
    await restore(destination, { at: beforeRestore, sources: ['live-a'], target: { kind: 'local', path: undo } });
    assert.equal(await readFile(join(undo, 'a.txt'), 'utf8'), 'two');
    assert.equal(await readFile(join(undo, 'new.txt'), 'utf8'), 'written after T');
  });
});

describe('nothing live is touched before the backup object is verified', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  let destination: LocalObjectStore;
  let at: Date;
  let one: SourceWriter;

  before(async () => {
    if (!motoAvailable()) return;
    await moto.createBucket('dmg-1');
    await moto.createBucket('dmg-2');
    one = new SourceWriter(moto.client(), 'dmg-1');
    const two = new SourceWriter(moto.client(), 'dmg-2');
    await one.put('x.txt', 'version one!');
    await one.put('ok.txt', 'fine');
    await two.put('y.txt', 'why one');
    destination = new LocalObjectStore(await tempFolder(), destinationNaming);
    await backup(destination, [live('dmg-1'), live('dmg-2')]);
    at = await checkpoint();
    // Same size, other bytes: neither size nor a listing can tell the damage.
    const damaged = pathInside(destination.root, await backupObjectOf(destination, 's3://dmg-1/', 'x.txt'));
    assert.equal((await stat(damaged)).size, 12);
    await writeFile(damaged, 'VERSION ONE!');
    await one.put('x.txt', 'version two!');
    await one.put('extra1.txt', 'not there at T');
    await two.put('extra2.txt', 'not there at T either');
  });

  it('in place: the live object stays as it was, and no removal runs in any source', async () => {
    const result = await restore(destination, { at, target: { kind: 'in-place', confirmed: true } }, { sources: [live('dmg-1'), live('dmg-2')] });
    assert.equal(result.status, 'partial');
    assert.match(result.sources.find((s) => s.id === 's3://dmg-1/')!.errors.join('\n'), /x\.txt.*damaged/);
    assert.deepEqual(Object.fromEntries(await readBucket(moto, 'dmg-1')), { 'x.txt': 'version two!', 'ok.txt': 'fine', 'extra1.txt': 'not there at T' });
    assert.deepEqual(Object.fromEntries(await readBucket(moto, 'dmg-2')), { 'y.txt': 'why one', 'extra2.txt': 'not there at T either' });
    assert.equal(result.totals.removed, 0);
  });

  it('in place: a key absent from the live bucket is not written at all from a damaged backup', async () => {
    await one.delete('x.txt');
    const puts: string[] = [];
    const recording = (source: CataloguedSource): ObjectStore => {
      const real = new S3ObjectStore(source.bucket, '', moto.connection('AKIDSOURCE'), undefined, { role: 'source', input: 'sources' });
      return Object.assign(Object.create(real) as ObjectStore, {
        put: (key: string, ...rest: Parameters<ObjectStore['put']> extends [string, ...infer R] ? R : never) => {
          puts.push(key);
          return real.put(key, ...rest);
        },
      });
    };
    const result = await restore(destination, { at, sources: ['dmg-1'], target: { kind: 'in-place', confirmed: true } }, { sources: [live('dmg-1')], openTarget: recording });
    assert.equal(result.status, 'partial');
    assert.ok(!puts.includes('x.txt'), `the damaged object was never sent to the live bucket (puts: ${puts.join(', ')})`);
    assert.equal((await readBucket(moto, 'dmg-1')).has('x.txt'), false);
    await one.put('x.txt', 'version two!');
  });

  it('into a named bucket or folder: an object that would be overwritten stays as it was', async () => {
    await s3rver.createBucket('dmg-target');
    await s3rver.client().send(new PutObjectCommand({ Bucket: 'dmg-target', Key: 'x.txt', Body: 'other twelve' }));
    const intoBucket = await restore(destination, { at, sources: ['dmg-1'], target: { kind: 's3', bucket: 'dmg-target', prefix: '', connection: s3rver.connection() } });
    assert.equal(intoBucket.status, 'partial');
    assert.equal((await readBucket(s3rver, 'dmg-target')).get('x.txt'), 'other twelve');

    // A folder has no ETags: same size means compare first, then overwrite.
    const folder = await tempFolder();
    await writeFile(join(folder, 'x.txt'), 'other twelve');
    const intoFolder = await restore(destination, { at, sources: ['dmg-1'], target: { kind: 'local', path: folder } });
    assert.equal(intoFolder.status, 'partial');
    assert.equal(await readFile(join(folder, 'x.txt'), 'utf8'), 'other twelve');
    assert.deepEqual(await temporaryFilesBelow(folder), []);
  });
});

describe('a killed in-place restore, run again, finishes the job', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('converges to the state at T, removals included', async () => {
    await moto.createBucket('kill-1');
    const writer = new SourceWriter(moto.client(), 'kill-1');
    for (let i = 1; i <= 5; i++) await writer.put(`k${i}.txt`, `key ${i} at T`);
    const destination = new LocalObjectStore(await tempFolder(), destinationNaming);
    await backup(destination, [live('kill-1')]);
    const at = await checkpoint();
    const truth = Object.fromEntries([...writer.snapshot()].map(([k, v]) => [k, v.body.toString()]));
    await writer.put('k1.txt', 'changed after T');
    await writer.put('k2.txt', 'changed too');
    await writer.delete('k3.txt');
    await writer.put('k6.txt', 'new after T');
    await writer.put('k7.txt', 'new after T too');
    let writes = 0;
    const crash = () => {
      if (++writes > 1) throw Object.assign(new Error('simulated crash'), { fatal: true });
    };
    const options = { at, target: { kind: 'in-place' as const, confirmed: true as const }, concurrency: 1 };
    await assert.rejects(restore(destination, options, { sources: [live('kill-1')], beforeWrite: crash }), /simulated crash/);
    assert.ok((await readBucket(moto, 'kill-1')).has('k6.txt'), 'no removal ran before the crash');
    // Killed again, between two removals.
    let removals = 0;
    const crashRemoving = () => {
      if (++removals > 1) throw Object.assign(new Error('simulated crash while removing'), { fatal: true });
    };
    await assert.rejects(restore(destination, options, { sources: [live('kill-1')], beforeRemove: crashRemoving }), /simulated crash while removing/);
    assert.equal([...(await readBucket(moto, 'kill-1')).keys()].filter((k) => k === 'k6.txt' || k === 'k7.txt').length, 1, 'one removal ran');
    const again = await restore(destination, options, { sources: [live('kill-1')] });
    assert.equal(again.status, 'complete');
    assert.deepEqual(Object.fromEntries(await readBucket(moto, 'kill-1')), truth);
  });
});

describe('a restore target over the backup itself is refused', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  let s3Destination: S3ObjectStore;
  let localDestination: LocalObjectStore;
  let at: Date;

  before(async () => {
    if (!motoAvailable()) return;
    await moto.createBucket('own-src');
    const writer = new SourceWriter(moto.client(), 'own-src');
    // A hostile key: restored into the destination's root it would be a catalogue run record.
    await writer.put('catalog/runs/20990101T000000.000Z-ffffff.json', '{"format":"pullback-catalog/1","sources":[]}');
    await writer.put('plain.txt', 'plain');
    await s3rver.createBucket('own-bk');
    s3Destination = new S3ObjectStore('own-bk', 'vault/', s3rver.connection(), 's3rver|own');
    const parent = await tempFolder();
    localDestination = new LocalObjectStore(join(parent, 'dest'), destinationNaming);
    await backup(s3Destination, [live('own-src')]);
    await backup(localDestination, [live('own-src')]);
    at = await checkpoint();
  });

  it('S3: the root, a parent of it, its catalog/ and data/ are refused; restored/ and another endpoint are fine', async () => {
    const count = async () => (await readBucket(s3rver, 'own-bk')).size;
    const objects = await count();
    for (const prefix of ['vault/', '', 'vault/catalog/', 'vault/catalog/runs/', 'vault/data/', 'vault/data/own-src/']) {
      await assert.rejects(
        restore(s3Destination, { at, target: { kind: 's3', bucket: 'own-bk', prefix, connection: s3rver.connection() } }),
        (error: Error) => error instanceof RestoreError && /restore-target/.test(error.message) && /catalog/.test(error.message),
        JSON.stringify(prefix),
      );
    }
    assert.equal(await count(), objects, 'nothing was written into the backup');
    const beside = await restore(s3Destination, { at, target: { kind: 's3', bucket: 'own-bk', prefix: 'vault/restored/by-hand/', connection: s3rver.connection() } });
    assert.equal(beside.status, 'complete');
    assert.equal((await new Catalog(s3Destination).runIds()).committed.length, 1, 'the catalogue still holds one run');
    await moto.createBucket('own-bk');
    const elsewhere = await restore(s3Destination, { at, target: { kind: 's3', bucket: 'own-bk', prefix: 'vault/', connection: moto.connection() } });
    assert.equal(elsewhere.status, 'complete');
  });

  it('local: the folder, a parent, catalog/ and data/ (also through a link) are refused; restored/ is fine', async () => {
    const root = localDestination.root;
    const link = join(await tempFolder(), 'link-to-dest');
    await symlink(root, link);
    const before = await filesBelow(root);
    for (const path of [root, dirname(root), join(root, 'catalog'), join(root, 'data', 'x'), link, join(link, 'catalog')]) {
      await assert.rejects(
        restore(localDestination, { at, target: { kind: 'local', path } }),
        (error: Error) => error instanceof RestoreError && /restore-target/.test(error.message) && /catalog/.test(error.message),
        path,
      );
    }
    assert.deepEqual(await filesBelow(root), before, 'nothing was written into the backup');
    await mkdir(join(root, 'restored'), { recursive: true });
    const beside = await restore(localDestination, { at, target: { kind: 'local', path: join(root, 'restored', 'by-hand') } });
    assert.equal(beside.status, 'complete');
    assert.equal((await new Catalog(localDestination).runIds()).committed.length, 1);
  });
});

describe('staging and what could be checked', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('an object larger than the memory bound is staged in a temporary file, removed afterwards', async () => {
    await moto.createBucket('big-1');
    const writer = new SourceWriter(moto.client(), 'big-1');
    const big = Buffer.alloc(300 * 1024, 7);
    await writer.put('big.bin', big);
    const destination = new LocalObjectStore(await tempFolder(), destinationNaming);
    await backup(destination, [live('big-1')]);
    const at = await checkpoint();
    await writer.put('big.bin', Buffer.alloc(300 * 1024, 8));
    const scratchBefore = new Set((await readdir(tmpdir())).filter((n) => n.startsWith('pullback-restore-scratch-')));
    const result = await restore(destination, { at, stagingMemoryBytes: 64 * 1024, target: { kind: 'in-place', confirmed: true } }, { sources: [live('big-1')] });
    assert.equal(result.status, 'complete');
    assert.ok((await writer.read('big.bin')).equals(big));
    const scratchAfter = (await readdir(tmpdir())).filter((n) => n.startsWith('pullback-restore-scratch-') && !scratchBefore.has(n));
    assert.deepEqual(scratchAfter, [], 'the scratch folder is gone');
  });

  it('says which objects could be checked only by their size', async () => {
    await moto.createBucket('multi-1');
    await moto.createBucket('multi-bk');
    const writer = new SourceWriter(moto.client(), 'multi-1');
    await writer.put('multi.bin', Buffer.alloc(6 * 1024 * 1024, 5), { multipart: true });
    await writer.put('single.txt', 'single part: its ETag is an MD5');
    // Same endpoint and credentials: the backup copies server-side and so records no SHA-256.
    const identity = `${moto.endpoint}|source`;
    const destination = new S3ObjectStore('multi-bk', 'b/', moto.connection('AKIDSOURCE'), identity);
    const result = await runS3Backup({ ...backupOptions, serverSideCopy: true }, { sources: [live('multi-1')], destination, logger: silentLogger, sleep: noSleep });
    assert.equal(result.status, 'complete');
    assert.ok(result.totals.serverSideCopies >= 2);
    const at = await checkpoint();
    const restored = await restore(destination, { at, target: { kind: 'local', path: await tempFolder() } });
    assert.equal(restored.status, 'complete');
    assert.equal(restored.totals.checkedBySizeOnly, 1);
    assert.deepEqual(restored.checkedBySizeOnly, ['s3://multi-1/ multi.bin']);
    assert.match(restored.warnings.join('\n'), /1 objects could be checked only by their size.*multi\.bin/);
  });
});
