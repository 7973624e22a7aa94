import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { runS3Verify, inSample } from '../../src/backends/s3/verify.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { sourceHistory } from '../../src/backends/s3/catalog/history.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { pathInside } from '../../src/stores/object/local/paths.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { s3VerifySummary } from '../../src/report/s3.ts';
import { MOTO_MISSING, motoAvailable, startMoto, type TestS3Server } from '../support/s3.ts';
import { SourceWriter } from '../support/scenario.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { BackupOptions, S3VerifyOptions } from '../../src/backends/s3/types.ts';

const backupOptions: BackupOptions = { overlapMs: 3600_000, concurrency: 8, dryRun: false, serverSideCopy: true, retryAttempts: 2 };
let moto: TestS3Server;
let folder: string;

before(async () => {
  if (!motoAvailable()) return;
  moto = await startMoto();
  folder = await mkdtemp(join(tmpdir(), 'pullback-verify-'));
});
after(async () => {
  await moto?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const verifyOptions = (extra: Partial<S3VerifyOptions> = {}): S3VerifyOptions => ({ sources: [], readData: { kind: 'none' }, concurrency: 4, ...extra });

describe('S3 verify', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('proves a fresh backup complete, then catches a live change, a deleted backup object and a corrupted one', async () => {
    await moto.createBucket('verify-src', { versioned: true });
    const writer = new SourceWriter(moto.client(), 'verify-src');
    for (let i = 0; i < 12; i++) await writer.put(`obj/${String(i).padStart(2, '0')}.txt`, `content number ${i}`);
    await writer.put('obj/00.txt', 'a second version of object zero');
    await writer.delete('obj/11.txt');
    const destination = new LocalObjectStore(folder, destinationNaming);
    const live = () => new S3Source('verify-src', '', moto.connection('AKIDSOURCE'), `${moto.endpoint}|source`);
    const backup = await runS3Backup(backupOptions, { sources: [live()], destination, logger: silentLogger });
    assert.equal(backup.status, 'complete');

    const clean = await runS3Verify(verifyOptions({ readData: { kind: 'all' } }), { destination, logger: silentLogger, liveSources: [live()] });
    assert.equal(clean.ok, true, JSON.stringify(clean.differences));
    const report = clean.sources[0]!;
    assert.equal(report.live?.versions, 13);
    assert.equal(report.live?.backedUp, 13);
    assert.equal(report.catalogued.objects, 13);
    assert.equal(report.readBack.objects, 13);
    assert.equal(report.readBack.damaged, 0);

    // (a) a change the backup has not seen yet; a never-backed-up bucket.
    await writer.put('obj/new.txt', 'not backed up yet');
    await moto.createBucket('never-src');
    const behind = await runS3Verify(verifyOptions(), {
      destination,
      logger: silentLogger,
      liveSources: [live(), new S3Source('never-src', '', moto.connection('AKIDSOURCE'), 'x')],
    });
    assert.equal(behind.ok, false);
    assert.deepEqual(behind.differences.map((d) => [d.kind, d.key ?? d.source]).sort(), [
      ['never-backed-up', 's3://never-src/'],
      ['not-backed-up', 'obj/new.txt'],
    ]);

    // (b) and (c): damage the backup itself.
    const history = await sourceHistory(new Catalog(destination), 's3://verify-src/');
    const versions: { k: string; b: string }[] = [];
    for await (const event of new Catalog(destination).readEvents(history[0]!.source)) if (event.type === 'version') versions.push({ k: event.k, b: event.b! });
    const deleted = versions.find((v) => v.k === 'obj/03.txt')!;
    const corrupted = versions.find((v) => v.k === 'obj/07.txt')!;
    await destination.delete(deleted.b);
    const path = pathInside(folder, corrupted.b);
    const size = (await stat(path)).size;
    await writeFile(path, Buffer.alloc(size, 'x'));

    const sizeOnly = await runS3Verify(verifyOptions(), { destination, logger: silentLogger });
    assert.equal(sizeOnly.ok, false);
    assert.deepEqual(sizeOnly.differences.map((d) => [d.kind, d.key]), [['backup-missing', 'obj/03.txt']], 'the same-size corruption needs a read-back');

    const full = await runS3Verify(verifyOptions({ readData: { kind: 'all' } }), { destination, logger: silentLogger });
    assert.equal(full.ok, false);
    assert.deepEqual(full.differences.map((d) => [d.kind, d.key]).sort(), [
      ['backup-checksum', 'obj/07.txt'],
      ['backup-missing', 'obj/03.txt'],
    ]);
    assert.match(full.differences.find((d) => d.kind === 'backup-checksum')!.detail, /SHA-256/);
    assert.equal(full.sources[0]!.readBack.objects, 12);
    assert.match(s3VerifySummary(full), /S3 verify: 2 differences[\s\S]*backup-checksum \| s3:\/\/verify-src\/ \| obj\/07\.txt/);

    // A sample reads about the share it asks for, and the same objects every time.
    const sample = await runS3Verify(verifyOptions({ readData: { kind: 'sample', percent: 50 } }), { destination, logger: silentLogger });
    const expected = versions.filter((v) => v.b !== deleted.b && inSample(v.b, 50)).length;
    assert.equal(sample.sources[0]!.readBack.objects, expected);
    assert.equal(sample.differences.some((d) => d.kind === 'backup-checksum'), inSample(corrupted.b, 50));
  });

  it('reads sampling deterministically and by share', () => {
    let hits = 0;
    for (let i = 0; i < 2000; i++) if (inSample(`data/b/k${i}`, 10)) hits++;
    assert.ok(hits > 140 && hits < 260, `about 10% sampled (${hits} of 2000)`);
    assert.equal(inSample('data/b/x', 10), inSample('data/b/x', 10));
    assert.equal(inSample('data/b/x', 100), true);
  });
});
