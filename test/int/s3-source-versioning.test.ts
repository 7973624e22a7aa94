import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { MOTO_MISSING, motoAvailable, startMoto, startS3rver, type TestS3Server } from '../support/s3.ts';
import { isGetBucketVersioning, startFaultProxy, type FaultProxy } from '../support/http-fault-proxy.ts';
import { SourceWriter } from '../support/scenario.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';

/**
 * Issue 9, item 8: GetBucketVersioning decides between listing every version and listing only the
 * latest. One transient fault must not switch a versioned source to latest-only listing.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 3 };
const noSleep = async () => {};

let moto: TestS3Server | undefined;
let s3rver: TestS3Server;
let proxy: FaultProxy | undefined;
const folders: string[] = [];
async function destination(): Promise<LocalObjectStore> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-versioning-'));
  folders.push(folder);
  return new LocalObjectStore(folder, destinationNaming);
}

before(async () => {
  s3rver = await startS3rver();
  if (motoAvailable()) {
    moto = await startMoto();
    proxy = await startFaultProxy(moto.endpoint);
    await moto.createBucket('versioned-probe', { versioned: true });
    const writer = new SourceWriter(moto.client(), 'versioned-probe');
    await writer.put('doc.txt', 'v1');
    await writer.put('doc.txt', 'v2');
  }
});
after(async () => {
  await proxy?.stop();
  await moto?.stop();
  await s3rver.stop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** The versioned moto bucket seen through the proxy; the SDK's own retries are off, so only pullback's count. */
function proxied(): S3Source {
  return new S3Source('versioned-probe', '', { ...moto!.connection('AKIDPROBE'), endpoint: proxy!.endpoint, maxAttempts: 1 }, 'proxy|probe', { sleep: noSleep });
}

describe('reading whether a source keeps versions', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('retries a transient fault (503 SlowDown, then a reset connection) and still lists every version', async () => {
    let calls = 0;
    proxy!.setRule((r) => {
      if (!isGetBucketVersioning(r)) return undefined;
      calls++;
      if (calls === 1) return { kind: 'error', status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' };
      if (calls === 2) return { kind: 'reset' };
      return undefined;
    });
    const result = await runS3Backup(options, { sources: [proxied()], destination: await destination(), logger: silentLogger, sleep: noSleep });
    assert.equal(calls, 3, 'two faults, then the real answer');
    assert.equal(result.sources[0]!.versioned, true);
    assert.equal(result.totals.copied, 2, 'both versions were backed up, not just the latest');
  });

  it('fails naming s3:GetBucketVersioning when access is denied, before anything is written', async () => {
    proxy!.setRule((r) => (isGetBucketVersioning(r) ? { kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' } : undefined));
    const dest = await destination();
    await assert.rejects(
      runS3Backup(options, { sources: [proxied()], destination: dest, logger: silentLogger, sleep: noSleep }),
      /versioned-probe.*s3:GetBucketVersioning/,
    );
    assert.deepEqual((await new Catalog(dest).runIds()).committed, []);
  });

  it('fails saying it cannot tell when the fault persists or the answer is not understood', async () => {
    proxy!.setRule((r) => (isGetBucketVersioning(r) ? { kind: 'error', status: 503, code: 'ServiceUnavailable' } : undefined));
    await assert.rejects(
      runS3Backup(options, { sources: [proxied()], destination: await destination(), logger: silentLogger, sleep: noSleep }),
      /cannot tell whether .*versioned-probe.* keeps versions/,
    );
    proxy!.setRule((r) => (isGetBucketVersioning(r) ? { kind: 'error', status: 400, code: 'InvalidRequest' } : undefined));
    await assert.rejects(
      runS3Backup(options, { sources: [proxied()], destination: await destination(), logger: silentLogger, sleep: noSleep }),
      /cannot tell whether .*versioned-probe.* keeps versions.*InvalidRequest/,
    );
  });

  it('refuses a source the previous run recorded as versioned that now reads as unversioned', async () => {
    proxy!.setRule(() => undefined);
    const dest = await destination();
    const first = await runS3Backup(options, { sources: [proxied()], destination: dest, logger: silentLogger, sleep: noSleep });
    assert.equal(first.sources[0]!.versioned, true);
    // The store now claims not to implement versioning (as s3rver does): on S3 versioning can only
    // be suspended, so this answer cannot be right for a bucket that kept versions.
    proxy!.setRule((r) => (isGetBucketVersioning(r) ? { kind: 'error', status: 501, code: 'NotImplemented' } : undefined));
    await assert.rejects(
      runS3Backup(options, { sources: [proxied()], destination: dest, logger: silentLogger, sleep: noSleep }),
      (error: Error) => {
        assert.match(error.message, /s3:\/\/versioned-probe\//);
        assert.match(error.message, new RegExp(`run ${first.runId}`));
        assert.match(error.message, /versioned/);
        return true;
      },
    );
    assert.deepEqual((await new Catalog(dest).runIds()).committed, [first.runId], 'nothing was committed');
  });
});

describe('a store that does not implement versioning (s3rver answers NotImplemented)', () => {
  it('is read as unversioned, without retrying', async () => {
    await s3rver.createBucket('plain-probe');
    const source = new S3Source('plain-probe', '', s3rver.connection(), 's3rver|probe', { sleep: async () => assert.fail('NotImplemented is not retried') });
    assert.deepEqual(await source.probe(), { versioned: false });
  });
});
