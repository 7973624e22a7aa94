import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { LEASE_FILE } from '../../src/backends/s3/catalog/lease.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { silentLogger } from '../../src/report/logger.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';
import { assertBackupMatches, checkpoint, SourceWriter } from '../support/scenario.ts';
import { timedDestination } from '../support/timed-destination.ts';
import { useS3rver } from '../support/use-s3rver.ts';

/**
 * Issue 11: the lease is released one round trip sooner. Its release reads the lease (is it still
 * this run's?) while the commit's pointers are written, and writes the released lease only after
 * they landed: nothing is ever written to the catalogue after the lease is free, and a run that
 * settles unfinished runs writes those markers first too.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
/** Long enough that the release read, were it after the pointers, could not start before they end. */
const POINTER_DELAY_MS = 300;

const { s3rver, folders } = useS3rver();

const isWrite = (name: string) => name === 'put' || name === 'putIf';

describe('the lease release at the end of a backup', () => {
  it('reads the lease beside the pointer writes and writes the released lease after them, last of all', async () => {
    await s3rver().createBucket('release-src');
    const writer = new SourceWriter(s3rver().client(), 'release-src');
    await writer.put('a.txt', 'a');
    await writer.put('b.txt', 'b');
    const { store, folder, calls } = await timedDestination(folders, { slow: (name, key) => name === 'put' && key.endsWith('/latest.json') ? POINTER_DELAY_MS : 0 });
    const result = await runS3Backup(options, { sources: [new S3Source('release-src', '', s3rver().connection(), 's3rver|release')], destination: store, logger: silentLogger });
    assert.equal(result.status, 'complete');

    const pointer = calls.find((c) => isWrite(c.name) && c.key.endsWith('/latest.json'));
    assert.ok(pointer, 'the pointer was written');
    const leaseWrites = calls.filter((c) => isWrite(c.name) && c.key === LEASE_FILE);
    const release = leaseWrites[leaseWrites.length - 1]!;
    const releaseRead = calls.filter((c) => !isWrite(c.name) && c.key === LEASE_FILE && c.began < release.began).pop();
    assert.ok(releaseRead, 'the release reads the lease before writing it');
    assert.ok(releaseRead.began < pointer.ended, `the release read (at ${releaseRead.began.toFixed(0)} ms) begins while the pointer is written (${pointer.began.toFixed(0)}-${pointer.ended.toFixed(0)} ms)`);
    assert.ok(release.began >= pointer.ended, 'the released lease is written after the pointer landed');
    const lastWrite = calls.filter((c) => isWrite(c.name)).reduce((a, b) => (b.began > a.began ? b : a));
    assert.equal(lastWrite, release, `nothing is written after the release (last: ${lastWrite.name} ${lastWrite.key})`);
    const stored = JSON.parse(await readFile(join(folder, LEASE_FILE), 'utf8')) as { releasedAt?: string; runId: string };
    assert.equal(stored.runId, result.runId);
    assert.ok(stored.releasedAt, 'the lease is released');
  });

  it('a commit whose record fails fails the run and leaves the pointer on the last committed run; the next run builds on that', async () => {
    await s3rver().createBucket('pointer-kept');
    const writer = new SourceWriter(s3rver().client(), 'pointer-kept');
    await writer.put('a.txt', 'a');
    await writer.put('b.txt', 'b');
    let failRecord = false;
    const isRecord = (key: string) => /^catalog\/runs\/[^/]+\.json$/.test(key) && !key.endsWith('.started.json');
    const { store, folder } = await timedDestination(folders, {
      fail: (name, key) => (failRecord && name === 'put' && isRecord(key) ? Object.assign(new Error('InternalError: the record was not stored'), { name: 'InternalError' }) : undefined),
    });
    const source = () => new S3Source('pointer-kept', '', s3rver().connection(), 's3rver|kept');
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger });
    assert.equal(first.status, 'complete');
    await writer.put('b.txt', 'changed');
    failRecord = true;
    await assert.rejects(runS3Backup({ ...options, retryAttempts: 1 }, { sources: [source()], destination: store, logger: silentLogger }), /the record was not stored/);
    failRecord = false;
    const pointerFile = (await readdir(join(folder, 'catalog', 'sources')))[0]!;
    const pointer = JSON.parse(await readFile(join(folder, 'catalog', 'sources', pointerFile, 'latest.json'), 'utf8')) as { runId: string };
    assert.equal(pointer.runId, first.runId, 'the pointer still names the last committed run');
    const lease = JSON.parse(await readFile(join(folder, LEASE_FILE), 'utf8')) as { releasedAt?: string };
    assert.ok(lease.releasedAt, 'the failed run released the lease');

    const third = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger });
    assert.equal(third.status, 'complete');
    // The change is copied again or reused from the failed run, never lost; a.txt is unchanged.
    assert.equal(third.sources[0]!.counts.copied + third.sources[0]!.counts.reused, 1);
    assert.equal(third.sources[0]!.counts.unchanged, 1);
    const catalog = new Catalog(store);
    assert.deepEqual((await catalog.runIds()).committed, [first.runId, third.runId].sort());
    await assertBackupMatches(store, 's3://pointer-kept/', await checkpoint(), writer.snapshot(), 'after the failed commit and the next run');
  });

  it('after settling unfinished runs, the settle markers too are written before the release', async () => {
    await s3rver().createBucket('release-settle');
    const writer = new SourceWriter(s3rver().client(), 'release-settle');
    await writer.put('a.txt', 'a');
    const { store, calls } = await timedDestination(folders, { slow: (name, key) => name === 'put' && key.endsWith('/latest.json') ? POINTER_DELAY_MS : 0 });
    const source = () => new S3Source('release-settle', '', s3rver().connection(), 's3rver|settle');
    // A run that started and never committed: its start marker is all that is left of it.
    await store.put('catalog/runs/20260101T000000.000Z-aaaaaa.started.json', JSON.stringify({ startedAt: '2026-01-01T00:00:00.000Z', sources: ['s3rver|settle'] }));
    const result = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger });
    assert.equal(result.status, 'complete');
    assert.deepEqual(result.unfinishedRuns, ['20260101T000000.000Z-aaaaaa']);
    const settled = calls.find((c) => isWrite(c.name) && c.key.endsWith('.settled'));
    assert.ok(settled, 'the unfinished run is settled');
    const leaseWrites = calls.filter((c) => isWrite(c.name) && c.key === LEASE_FILE);
    const release = leaseWrites[leaseWrites.length - 1]!;
    assert.ok(release.began >= settled.ended, 'the settle marker lands before the lease is released');
    const lastWrite = calls.filter((c) => isWrite(c.name)).reduce((a, b) => (b.began > a.began ? b : a));
    assert.equal(lastWrite, release, `nothing is written after the release (last: ${lastWrite.name} ${lastWrite.key})`);
  });
});

describe('the lease check before the commit', () => {
  const STATE_OR_EVENTS = /\/(state(-delta)?|events)\.jsonl\.gz$/;

  it('reads the lease while the state and events files are written, and commits after both', async () => {
    await s3rver().createBucket('check-src');
    const writer = new SourceWriter(s3rver().client(), 'check-src');
    await writer.put('a.txt', 'a');
    const { store, calls } = await timedDestination(folders, { slow: (name, key) => (isWrite(name) && STATE_OR_EVENTS.test(key) ? POINTER_DELAY_MS : 0) });
    const result = await runS3Backup(options, { sources: [new S3Source('check-src', '', s3rver().connection(), 's3rver|check')], destination: store, logger: silentLogger });
    assert.equal(result.status, 'complete');
    const files = calls.filter((c) => isWrite(c.name) && STATE_OR_EVENTS.test(c.key));
    assert.equal(files.length, 2, 'a state file and an events file');
    const record = calls.find((c) => isWrite(c.name) && c.key === `catalog/runs/${result.runId}.json`)!;
    const checks = calls.filter((c) => !isWrite(c.name) && c.key === LEASE_FILE && c.began >= files[0]!.began && c.began < record.began);
    assert.equal(checks.length, 1, 'one lease check between the files and the run record');
    const check = checks[0]!;
    const filesEnded = Math.max(...files.map((f) => f.ended));
    assert.ok(check.began < filesEnded, `the check (at ${check.began.toFixed(0)} ms) begins while the files are written (until ${filesEnded.toFixed(0)} ms)`);
    assert.ok(record.began >= check.ended && record.began >= filesEnded, 'the run record is written after the check and the files');
  });

  it('checks again when the files took longer than the check stays fresh, and a lease taken meanwhile stops the commit', async () => {
    await s3rver().createBucket('check-late');
    const writer = new SourceWriter(s3rver().client(), 'check-late');
    await writer.put('a.txt', 'a');
    let folderOf = '';
    const timed = await timedDestination(folders, {
      slow: (name, key) => {
        if (!isWrite(name) || !/\/events\.jsonl\.gz$/.test(key)) return 0;
        // Another run takes the lease while this run's files are written, after the first check.
        setTimeout(() => void writeFile(join(folderOf, LEASE_FILE), JSON.stringify({ format: 'pullback-lease/1', runId: '20261130T000000.000Z-0ther0', host: 'other-runner', pid: 4242, token: 'theirs', acquiredAt: new Date().toISOString(), heartbeatAt: new Date().toISOString(), staleAfterSeconds: 600 })), 300);
        return 2_300;
      },
    });
    folderOf = timed.folder;
    const source = new S3Source('check-late', '', s3rver().connection(), 's3rver|late');
    await assert.rejects(runS3Backup(options, { sources: [source], destination: timed.store, logger: silentLogger }), /is now held by run 20261130T000000\.000Z-0ther0.*Nothing was committed/);
    assert.deepEqual((await new Catalog(timed.store).runIds()).committed, [], 'no run record was written');
  });
});
