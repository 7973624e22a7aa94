/**
 * The restore's write probe leaves nothing behind, even in a versioned target (moto): it once put
 * an object and deleted it, which in a versioned bucket leaves a version and a delete marker for
 * ever (the restore's credentials cannot always remove versions). The probe now opens a multipart
 * upload and aborts it: S3 authorises it as a PutObject, and an aborted upload is no version.
 * s3rver for a store without versioning; moto for the versioned target.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ListMultipartUploadsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { runS3Restore } from '../../src/backends/s3/restore.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { MOTO_MISSING, motoAvailable, startMoto, type TestS3Server } from '../support/s3.ts';
import { checkpoint, SourceWriter } from '../support/scenario.ts';

let moto: TestS3Server | undefined;
const RESTORE_TARGET_LABEL = { role: 'restore target', input: 'restore-target' };

before(async () => {
  if (motoAvailable()) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

/** Every version and delete marker under a prefix of a bucket, and the open multipart uploads. */
async function everything(server: TestS3Server, bucket: string, prefix = ''): Promise<{ versions: string[]; markers: string[]; uploads: string[] }> {
  const client = server.client();
  const listed = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
  const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
  return {
    versions: (listed.Versions ?? []).map((v) => v.Key!).sort(),
    markers: (listed.DeleteMarkers ?? []).map((m) => m.Key!).sort(),
    uploads: (uploads.Uploads ?? []).map((u) => u.Key!).sort(),
  };
}

describe('the restore write probe', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('leaves no version, delete marker or open upload in a versioned target', async () => {
    await moto!.createBucket('probe-versioned', { versioned: true });
    const target = new S3ObjectStore('probe-versioned', 'restores/', moto!.connection(), 'moto|target', RESTORE_TARGET_LABEL);
    assert.equal(await target.probeWrite(), undefined, 'nothing to own up to');
    assert.deepEqual(await everything(moto!, 'probe-versioned'), { versions: [], markers: [], uploads: [] });
  });

  it('a whole restore into a versioned target leaves only the restored objects', async () => {
    await moto!.createBucket('probe-src', { versioned: true });
    await moto!.createBucket('probe-backup');
    await moto!.createBucket('probe-into', { versioned: true });
    const writer = new SourceWriter(moto!.client(), 'probe-src');
    await writer.put('a.txt', 'alpha');
    await writer.put('b/c.txt', 'gamma');
    const destination = new S3ObjectStore('probe-backup', 'b/', moto!.connection(), 'moto|backup');
    await runS3Backup(
      { overlapMs: 3600_000, concurrency: 2, dryRun: false, serverSideCopy: false, retryAttempts: 1 },
      { sources: [new S3Source('probe-src', '', moto!.connection(), 'moto|src')], destination, logger: silentLogger },
    );
    const at = await checkpoint();
    const result = await runS3Restore(
      { at, sources: [], target: { kind: 's3', bucket: 'probe-into', prefix: 'r/', connection: moto!.connection() }, concurrency: 2, dryRun: false, retryAttempts: 1 },
      { destination, logger: silentLogger, openTarget: () => new S3ObjectStore('probe-into', 'r/', moto!.connection(), 'moto|into', RESTORE_TARGET_LABEL) },
    );
    assert.equal(result.status, 'complete');
    assert.deepEqual(await everything(moto!, 'probe-into'), { versions: ['r/a.txt', 'r/b/c.txt'], markers: [], uploads: [] });
  });

  it('still refuses a target that cannot be written, naming the input', async () => {
    const missing = new S3ObjectStore('probe-no-such-bucket', '', moto!.connection(), 'moto|missing', RESTORE_TARGET_LABEL);
    await assert.rejects(missing.probeWrite(), /restore-target/);
  });
});
