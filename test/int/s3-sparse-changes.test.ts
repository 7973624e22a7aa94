import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import type { OpenedObject, SourceVersion } from '../../src/stores/object/types.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';
import { nextSecond } from '../support/scenario.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';

/**
 * Issue 11: an incremental run where a few keys changed, far apart (every 100th of 600). Results
 * are written in key order, so a copy waits for the keys before it; the order window used to be
 * concurrency x 4 keys, changed or not, so with changes 100 keys apart one copy ran at a time
 * whatever the concurrency. Now the window holds thousands of keys: the copies overlap.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 8, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const KEYS = Array.from({ length: 600 }, (_, i) => `k/${String(i).padStart(4, '0')}`);

/** Holds every opened body 100 ms and counts how many were open at once. */
class SlowSource extends S3Source {
  opening = 0;
  mostOpen = 0;
  override async open(version: SourceVersion, signal?: AbortSignal): Promise<OpenedObject> {
    this.opening++;
    this.mostOpen = Math.max(this.mostOpen, this.opening);
    try {
      await new Promise((r) => setTimeout(r, 100));
      return await super.open(version, signal);
    } finally {
      this.opening--;
    }
  }
}

let server: TestS3Server;
let folder: string;
before(async () => {
  server = await startS3rver();
  folder = await mkdtemp(join(tmpdir(), 'pullback-sparse-'));
  await server.createBucket('sparse');
  const client = server.client();
  for (let i = 0; i < KEYS.length; i += 50) await Promise.all(KEYS.slice(i, i + 50).map((key) => client.send(new PutObjectCommand({ Bucket: 'sparse', Key: key, Body: key }))));
});
after(async () => {
  await server.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('an incremental run with a few changes far apart', () => {
  it('copies them at once, not one after another', async () => {
    const destination = new LocalObjectStore(folder, destinationNaming);
    const first = await runS3Backup(options, { sources: [new S3Source('sparse', '', server.connection(), 'sparse')], destination, logger: silentLogger });
    assert.equal(first.totals.copied, KEYS.length);
    await nextSecond();
    const changed = KEYS.filter((_, i) => i % 100 === 50);
    const client = server.client();
    for (const key of changed) await client.send(new PutObjectCommand({ Bucket: 'sparse', Key: key, Body: `${key} again` }));
    const source = new SlowSource('sparse', '', server.connection(), 'sparse');
    const second = await runS3Backup(options, { sources: [source], destination, logger: silentLogger });
    assert.equal(second.totals.copied, changed.length, 'every changed key, and only those');
    assert.ok(source.mostOpen >= 4, `${source.mostOpen} of ${changed.length} copies were open at once`);
  });
});
