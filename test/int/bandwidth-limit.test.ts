import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { runS3Restore } from '../../src/backends/s3/restore.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { TokenBucket } from '../../src/transfer/throttle.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';

/**
 * `bandwidth-limit` on a real server: one bucket shared by every transfer of the run, so a backup
 * (and a restore) of N bytes takes at least about N / limit, however many objects are copied at
 * once. Only a lower bound is checked (a loaded machine is slower, never faster).
 */
const LIMIT = 1024 * 1024;
const OBJECTS = 6;
const SIZE = 384 * 1024;
const TOTAL = OBJECTS * SIZE;

let server: TestS3Server;
let folder: string;
before(async () => {
  server = await startS3rver();
  await server.createBucket('bw-src');
  folder = await mkdtemp(join(tmpdir(), 'pullback-bwlimit-'));
  for (let i = 0; i < OBJECTS; i++) await server.client().send(new PutObjectCommand({ Bucket: 'bw-src', Key: `o${i}`, Body: Buffer.alloc(SIZE, i) }));
});
after(async () => {
  await server?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('bandwidth-limit on s3rver', () => {
  const destination = () => new LocalObjectStore(join(folder, 'backup'), destinationNaming);
  const source = () => new S3Source('bw-src', '', server.connection(), `${server.endpoint}|source`);

  it(`a backup of ${TOTAL} bytes at ${LIMIT} bytes/s takes at least ${((0.8 * TOTAL) / LIMIT).toFixed(2)} s`, async () => {
    const started = performance.now();
    const result = await runS3Backup(
      { overlapMs: 3600_000, concurrency: 6, dryRun: false, serverSideCopy: false, retryAttempts: 2 },
      { sources: [source()], destination: destination(), logger: silentLogger, bandwidth: new TokenBucket(LIMIT) },
    );
    const seconds = (performance.now() - started) / 1000;
    assert.equal(result.status, 'complete');
    assert.equal(result.totals.bytes, TOTAL);
    assert.ok(seconds >= (0.8 * TOTAL) / LIMIT, `took ${seconds.toFixed(2)} s`);
    console.log(`# backup of ${TOTAL} bytes at ${LIMIT} B/s: ${seconds.toFixed(2)} s (N/limit = ${(TOTAL / LIMIT).toFixed(2)} s)`);
  });

  it(`a restore of the same bytes at the same limit takes at least as long`, async () => {
    const started = performance.now();
    const result = await runS3Restore(
      { at: new Date(), sources: [], target: { kind: 'local', path: join(folder, 'restored') }, concurrency: 6, dryRun: false, retryAttempts: 2 },
      { destination: destination(), logger: silentLogger, bandwidth: new TokenBucket(LIMIT) },
    );
    const seconds = (performance.now() - started) / 1000;
    assert.equal(result.status, 'complete');
    assert.equal(result.totals.bytesWritten, TOTAL);
    assert.ok(seconds >= (0.8 * TOTAL) / LIMIT, `took ${seconds.toFixed(2)} s`);
    console.log(`# restore of ${TOTAL} bytes at ${LIMIT} B/s: ${seconds.toFixed(2)} s (N/limit = ${(TOTAL / LIMIT).toFixed(2)} s)`);
  });

  it('without a limit the same backup needs no such time (the limit is what slows it)', async () => {
    const started = performance.now();
    const result = await runS3Backup(
      { overlapMs: 3600_000, concurrency: 6, dryRun: false, serverSideCopy: false, retryAttempts: 2 },
      { sources: [source()], destination: new LocalObjectStore(join(folder, 'unlimited'), destinationNaming), logger: silentLogger },
    );
    assert.equal(result.totals.bytes, TOTAL);
    console.log(`# backup of ${TOTAL} bytes without a limit: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  });
});
