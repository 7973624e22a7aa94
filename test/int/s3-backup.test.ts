import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { sourceHistory } from '../../src/backends/s3/catalog/history.ts';
import type { ObjectSource, ObjectStore } from '../../src/stores/object/types.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { FileWatermarkStore } from '../../src/watermark/file-store.ts';
import { MOTO_MISSING, motoAvailable, startMoto, startS3rver, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, checkpoint, nextSecond, SourceWriter, type TruthObject } from '../support/scenario.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import { FlakyDestination } from '../support/flaky-destination.ts';
import type { BackupOptions, BackupResult } from '../../src/backends/s3/types.ts';

const options: BackupOptions = { overlapMs: 3600_000, concurrency: 8, dryRun: false, serverSideCopy: true, retryAttempts: 2 };
const noSleep = async () => {};

function source(server: TestS3Server, bucket: string, prefix = ''): ObjectSource {
  return new S3Source(bucket, prefix, server.connection('AKIDSOURCE'), `${server.endpoint}|source`);
}

async function backup(sources: ObjectSource[], destination: ObjectStore, extra: Partial<Parameters<typeof runS3Backup>[1]> = {}): Promise<BackupResult> {
  return runS3Backup(options, { sources, destination, logger: silentLogger, sleep: noSleep, ...extra });
}

/** Keys that break naive backups: every one must survive the round trip. */
const AWKWARD_KEYS = [
  'plain.txt',
  'dir/',
  'with space and + plus.txt',
  '100% & more?.txt',
  '../escape/attempt.txt',
  'a/../b/./c.txt',
  'double//slash.txt',
  'ünïcødé/日本語/😀.txt',
  'trailing/slash/',
  `long/${'k'.repeat(1010)}`,
  `long/${'é'.repeat(500)}`,
];

let moto: TestS3Server | undefined;
let s3rver: TestS3Server;
/** Removed after the file: the temporary folders, and the watermark file written beside one. */
const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-dest-'));
  folders.push(folder);
  return folder;
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

describe('S3 backup over several runs against a ground truth', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('unversioned bucket to a local folder: new, overwritten (twice in a second), deleted, re-created, awkward and multipart objects', async () => {
    await moto!.createBucket('plain-source');
    const writer = new SourceWriter(moto!.client(), 'plain-source');
    const folder = await tempFolder();
    const destination = new LocalObjectStore(folder, destinationNaming);
    const src = () => source(moto!, 'plain-source');
    const stateFile = join(folder, '..', `${folder.split('/').pop()}-state.json`);
    folders.push(stateFile);
    const watermarkStore = new FileWatermarkStore(stateFile);
    const checkpoints: { at: Date; truth: Map<string, TruthObject> }[] = [];
    const empty = await checkpoint();

    // Run 1: awkward keys, metadata, a multipart object (its ETag is not an MD5).
    for (const key of AWKWARD_KEYS) await writer.put(key, `content of ${key}`, { contentType: 'text/plain', user: { owner: 'team-a' } });
    await writer.put('big/multipart.bin', Buffer.alloc(11 * 1024 * 1024, 7), { multipart: true, contentType: 'application/octet-stream' });
    const first = await backup([src()], destination, { watermarkStore });
    assert.equal(first.status, 'complete');
    assert.equal(first.totals.copied, AWKWARD_KEYS.length + 1);
    checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });

    // Run 2: an overwrite, then two writes to the same key within one second around a run.
    await writer.put('plain.txt', 'second version');
    await nextSecond();
    await writer.put('same-second.txt', 'first write');
    const second = await backup([src()], destination, { watermarkStore });
    await writer.put('same-second.txt', 'second write, same second');
    assert.equal(second.totals.copied, 2);
    const third = await backup([src()], destination, { watermarkStore });
    assert.equal(third.totals.copied, 1, 'the second write in the same second is a new version');
    checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });

    // Run 3: deletions (invisible to a Last-Modified filter) and a key deleted then re-created.
    await writer.delete('dir/');
    await writer.delete(AWKWARD_KEYS[3]!);
    await writer.delete('plain.txt');
    const fourth = await backup([src()], destination, { watermarkStore });
    assert.equal(fourth.totals.deleted, 3);
    checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });
    await writer.put('plain.txt', 'born again');
    const fifth = await backup([src()], destination, { watermarkStore });
    assert.equal(fifth.totals.copied, 1);
    checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });

    // Run 4: nothing changed: nothing copied, nothing recorded twice.
    const idle = await backup([src()], destination, { watermarkStore });
    assert.equal(idle.totals.copied, 0);
    assert.equal(idle.totals.deleted, 0);
    assert.equal(idle.totals.unchanged, writer.current.size);

    // The whole history: every checkpoint restores exactly what the bucket held then.
    await assertBackupMatches(destination, 's3://plain-source/', empty, new Map(), 'before the first run');
    for (const [index, { at, truth }] of checkpoints.entries()) {
      await assertBackupMatches(destination, 's3://plain-source/', at, truth, `checkpoint ${index + 1}`);
    }

    // Both same-second versions are kept under different names.
    const history = await sourceHistory(new Catalog(destination), 's3://plain-source/');
    const sameSecond: string[] = [];
    for (const h of history) for await (const e of new Catalog(destination).readEvents(h.source)) if (e.k === 'same-second.txt' && e.type === 'version') sameSecond.push(e.b!);
    assert.equal(new Set(sameSecond).size, 2);

    // The watermark comes from the server's clock and never moves backwards.
    const stored = await watermarkStore.load();
    assert.ok(stored?.['s3://plain-source/']);
    assert.ok(Date.parse(idle.watermarksAfter['s3://plain-source/']!) >= Date.parse(first.watermarksAfter['s3://plain-source/']!));

    // Nothing was written outside the destination folder, whatever the keys said.
    const siblings = await readdir(resolve(folder, '..'));
    assert.ok(!siblings.includes('escape'), 'a key with .. did not escape the folder');
  });

  it('versioned bucket to an S3 destination: every version and delete marker, with exact times', async () => {
    await moto!.createBucket('versioned-source', { versioned: true });
    await s3rver.createBucket('backup-bucket');
    const writer = new SourceWriter(moto!.client(), 'versioned-source');
    const destination = new S3ObjectStore('backup-bucket', 'team/', s3rver.connection(), 'other');
    const src = () => source(moto!, 'versioned-source');
    const checkpoints: { at: Date; truth: Map<string, TruthObject> }[] = [];

    await writer.put('doc.txt', 'v1', { contentType: 'text/plain' });
    await writer.put('other.txt', 'o1');
    await writer.put('doc.txt', 'v2', { contentType: 'text/plain' });
    const first = await backup([src()], destination);
    assert.equal(first.sources[0]!.versioned, true);
    assert.equal(first.totals.copied, 3, 'both versions of doc.txt written before the first run are kept');
    checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });

    await writer.put('doc.txt', 'v3');
    await writer.delete('other.txt');
    const second = await backup([src()], destination);
    assert.equal(second.totals.copied, 1);
    assert.equal(second.totals.deleteMarkers, 1);
    checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });

    await writer.put('other.txt', 'o2, after its delete marker');
    await backup([src()], destination);
    checkpoints.push({ at: await checkpoint(), truth: writer.snapshot() });
    const idle = await backup([src()], destination);
    assert.equal(idle.totals.copied, 0);

    for (const [index, { at, truth }] of checkpoints.entries()) {
      await assertBackupMatches(destination, 's3://versioned-source/', at, truth, `versioned checkpoint ${index + 1}`);
    }
    const versions = (await sourceHistory(new Catalog(destination), 's3://versioned-source/')).reduce((n, h) => n + h.source.counts.copied, 0);
    assert.equal(versions, writer.writes, 'every version ever written is in the backup');
  });

  it('an interrupted run is finished by the next one: nothing copied twice, nothing missing', async () => {
    await moto!.createBucket('crash-source');
    const writer = new SourceWriter(moto!.client(), 'crash-source');
    for (let i = 0; i < 30; i++) await writer.put(`obj/${String(i).padStart(3, '0')}`, `body ${i}`);
    const destination = new LocalObjectStore(await tempFolder(), destinationNaming);
    let copies = 0;
    const crash = async () => {
      if (++copies > 12) throw Object.assign(new Error('simulated crash'), { fatal: true });
    };
    await assert.rejects(backup([source(moto!, 'crash-source')], destination, { beforeCopy: crash }), /simulated crash/);
    const catalog = new Catalog(destination);
    assert.deepEqual((await catalog.runIds()).committed, [], 'the interrupted run committed nothing');

    const resumed = await backup([source(moto!, 'crash-source')], destination);
    assert.equal(resumed.status, 'complete');
    assert.ok(resumed.totals.copied <= 30 - 12 + 8, `copies already made were reused (copied ${resumed.totals.copied})`);
    const again = await backup([source(moto!, 'crash-source')], destination);
    assert.equal(again.totals.copied, 0);
    await assertBackupMatches(destination, 's3://crash-source/', new Date(Date.now() + 5000), writer.snapshot(), 'after the resumed run');
  });

  it('a key that keeps failing is retried on the next run, and the watermark holds', async () => {
    await moto!.createBucket('flaky-source');
    const writer = new SourceWriter(moto!.client(), 'flaky-source');
    await writer.put('good.txt', 'fine');
    await writer.put('bad.txt', 'cursed');
    const destination = new LocalObjectStore(await tempFolder(), destinationNaming);
    const failing = await backup([source(moto!, 'flaky-source')], destination, {
      beforeCopy: (v) => {
        if (v.key === 'bad.txt') throw new Error('permission denied for this one');
      },
    });
    assert.equal(failing.status, 'partial');
    assert.equal(failing.totals.failed, 1);
    assert.equal(failing.watermarksAfter['s3://flaky-source/'], undefined, 'a partial first run sets no watermark');
    const healed = await backup([source(moto!, 'flaky-source')], destination);
    assert.equal(healed.status, 'complete');
    assert.equal(healed.totals.copied, 1);
    await assertBackupMatches(destination, 's3://flaky-source/', new Date(Date.now() + 5000), writer.snapshot(), 'after healing');
  });

  it('copies server-side when source and destination share an endpoint and credentials', async () => {
    await moto!.createBucket('same-account-source');
    await moto!.createBucket('same-account-backup');
    const writer = new SourceWriter(moto!.client(), 'same-account-source');
    await writer.put('a.txt', 'alpha', { contentType: 'text/plain', user: { k: 'v' } });
    await writer.put('b/c.txt', 'gamma');
    const identity = `${moto!.endpoint}|shared`;
    const src = new S3Source('same-account-source', '', moto!.connection('AKIDSHARED'), identity);
    const destination = new S3ObjectStore('same-account-backup', '', moto!.connection('AKIDSHARED'), identity);
    const result = await backup([src], destination);
    assert.equal(result.totals.serverSideCopies, 2);
    await assertBackupMatches(destination, 's3://same-account-source/', new Date(Date.now() + 5000), writer.snapshot(), 'server-side');
    const head = await moto!.client().send(new HeadObjectCommand({ Bucket: 'same-account-backup', Key: (await firstDataKey(destination))! }));
    assert.ok(head.ContentLength! > 0);
  });

  it('backs up only the configured prefix, with several sources in one run', async () => {
    await moto!.createBucket('multi-a');
    await moto!.createBucket('multi-b');
    const a = new SourceWriter(moto!.client(), 'multi-a');
    const b = new SourceWriter(moto!.client(), 'multi-b');
    await a.put('keep/1.txt', 'one');
    await a.put('skip/2.txt', 'two');
    await b.put('x.txt', 'ex');
    const destination = new LocalObjectStore(await tempFolder(), destinationNaming);
    const result = await backup([source(moto!, 'multi-a', 'keep/'), source(moto!, 'multi-b')], destination);
    assert.deepEqual(result.sources.map((s) => [s.id, s.counts.copied]), [
      ['s3://multi-a/keep/', 1],
      ['s3://multi-b/', 1],
    ]);
  });
});

describe('S3 backup on s3rver (portable server, no versioning)', () => {
  it('backs up, detects changes and deletions, and restores each run exactly', async () => {
    await s3rver.createBucket('portable-source');
    const writer = new SourceWriter(s3rver.client(), 'portable-source');
    const destination = new LocalObjectStore(await tempFolder(), destinationNaming);
    const src = () => new S3Source('portable-source', '', s3rver.connection(), 's3rver|source');
    await writer.put('a.txt', 'one', { contentType: 'text/plain', user: { team: 'x' } });
    await writer.put('dir/b.txt', 'two');
    await writer.put('with space + plus.txt', 'three');
    await backup([src()], destination);
    const firstAt = await checkpoint();
    const firstTruth = writer.snapshot();
    await writer.put('a.txt', 'one, changed');
    await writer.delete('dir/b.txt');
    const second = await backup([src()], destination);
    assert.equal(second.totals.copied, 1);
    assert.equal(second.totals.deleted, 1);
    const secondAt = await checkpoint();
    await assertBackupMatches(destination, 's3://portable-source/', firstAt, firstTruth, 's3rver run 1');
    await assertBackupMatches(destination, 's3://portable-source/', secondAt, writer.snapshot(), 's3rver run 2');
  });

  it('an incremental run inside the overlap window sends no HEAD for versions a committed run recorded (issue 11)', async () => {
    await s3rver.createBucket('recent-source');
    const writer = new SourceWriter(s3rver.client(), 'recent-source');
    const inner = new LocalObjectStore(await tempFolder(), destinationNaming);
    const src = () => new S3Source('recent-source', '', s3rver.connection(), 's3rver|source');
    for (let i = 0; i < 12; i++) await writer.put(`k${i}`, `body ${i}`);
    await backup([src()], inner);
    await writer.put('k-new', 'new');
    await writer.put('k3', 'changed');
    // Everything was written moments ago, deep inside the hour of overlap.
    const destination = new FlakyDestination(inner);
    const second = await backup([src()], destination);
    assert.equal(second.totals.copied, 2);
    assert.equal(second.totals.unchanged, 11);
    assert.deepEqual(destination.heads.filter((k) => k.startsWith('data/')), [], 'no HEAD per known version');
    assert.equal(destination.puts.filter((k) => k.startsWith('data/')).length, 2, 'one write per new version');
    await assertBackupMatches(inner, 's3://recent-source/', await checkpoint(), writer.snapshot(), 'after the incremental run');
  });

  it('counts the requests of each run by kind: ceil(keys/1000) LISTs, one GET and one PUT per new version, no HEAD per object (issue 11)', async () => {
    await s3rver.createBucket('counted-source');
    await s3rver.createBucket('counted-destination');
    const client = s3rver.client();
    // Under 1,000 keys: s3rver's continuation tokens need Node's legacy OpenSSL provider (the benchmark
    // runs it with --openssl-legacy-provider and counts the pages of 2,000 keys).
    const keys = Array.from({ length: 400 }, (_, i) => `k/${String(i).padStart(5, '0')}`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => client.send(new PutObjectCommand({ Bucket: 'counted-source', Key: key, Body: key }))));
    }
    const src = () => new S3Source('counted-source', '', s3rver.connection(), 's3rver|source');
    const destination = () => new S3ObjectStore('counted-destination', 'backup/', s3rver.connection(), 's3rver|destination');
    const first = await backup([src()], destination());
    const catalogueWrites = (r: BackupResult) => r.requests!.destination.put - r.totals.copied;
    assert.equal(first.totals.copied, 400);
    assert.equal(first.requests!.source.list, 1, 'one page of up to 1,000 keys');
    assert.equal(first.requests!.source.get, 400);
    assert.equal(first.requests!.source.head, 0);
    assert.ok(catalogueWrites(first) >= 0 && catalogueWrites(first) < 10, `catalogue writes: ${JSON.stringify(first.requests)}`);
    assert.ok(first.requests!.destination.head < 10, `destination HEADs: ${JSON.stringify(first.requests)}`);
    assert.equal(first.requests!.destination.part, 0, 'small bodies go in one request');

    await client.send(new PutObjectCommand({ Bucket: 'counted-source', Key: 'k/00007', Body: 'changed' }));
    await client.send(new PutObjectCommand({ Bucket: 'counted-source', Key: 'k/new', Body: 'new' }));
    await client.send(new DeleteObjectCommand({ Bucket: 'counted-source', Key: 'k/00008' }));
    const second = await backup([src()], destination());
    assert.equal(second.totals.copied, 2);
    assert.equal(second.totals.deleted, 1);
    assert.equal(second.requests!.source.list, 1);
    assert.equal(second.requests!.source.get, 2, 'one read per new version');
    assert.ok(catalogueWrites(second) >= 0 && catalogueWrites(second) < 10, `catalogue writes: ${JSON.stringify(second.requests)}`);
    // One HEAD: the previous state file's size, checked before the run relies on it.
    assert.ok(second.requests!.destination.head <= 2, `no HEAD per known version: ${JSON.stringify(second.requests)}`);
  });

  it('fails fast, naming the input, for a missing bucket or an unreachable endpoint, before any data moves', async () => {
    const folder = await tempFolder();
    const destination = new LocalObjectStore(folder, destinationNaming);
    await assert.rejects(backup([new S3Source('no-such-bucket', '', s3rver.connection(), 'x')], destination), /source bucket no-such-bucket.*check `sources`/);
    const unreachable = { region: 'us-east-1', endpoint: 'http://127.0.0.1:9', forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 };
    await assert.rejects(backup([new S3Source('bucket', '', unreachable, 'x')], destination), /unreachable|ECONNREFUSED/);
    const wrongKeys = { ...s3rver.connection(), credentials: { accessKeyId: 'WRONG-KEY', secretAccessKey: 'wrong-secret' } };
    await assert.rejects(backup([new S3Source('portable-source', '', wrongKeys, 'x')], destination), /access denied|credentials/);
    const s3dest = new S3ObjectStore('missing-backup-bucket', '', s3rver.connection(), 'y');
    await assert.rejects(backup([new S3Source('portable-source', '', s3rver.connection(), 'x')], s3dest), /destination bucket missing-backup-bucket/);
    assert.deepEqual(await readdir(folder), [], 'nothing was written');
  });
});

async function firstDataKey(destination: ObjectStore): Promise<string | undefined> {
  for await (const object of destination.list('data/')) return object.key;
  return undefined;
}

