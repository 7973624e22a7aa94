import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { LEASE_FILE, type LeaseRecord } from '../../src/backends/s3/catalog/lease.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { silentLogger, type Logger } from '../../src/report/logger.ts';
import { MOTO_MISSING, motoAvailable, startMoto, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, SourceWriter } from '../support/scenario.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';

/**
 * Issue 9, item 7, as it happens: a backup process SIGKILLed in the middle of a multipart upload
 * leaves the upload open, its lease held and its start marker behind. The next run must take the
 * lease (the holder no longer exists), abort the upload, finish the job without copying anything
 * twice, and settle the killed run.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 2, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const CHILD = fileURLToPath(new URL('../support/backup-child.ts', import.meta.url));

let moto: TestS3Server | undefined;
before(async () => {
  if (motoAvailable()) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

async function openUploads(bucket: string): Promise<{ key: string; id: string }[]> {
  const page = await moto!.client().send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return (page.Uploads ?? []).map((u) => ({ key: u.Key!, id: u.UploadId! }));
}

describe('a backup killed during a multipart upload', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('leaves an open upload that the next run aborts; nothing lost, nothing copied twice', async () => {
    await moto!.createBucket('crash-src');
    await moto!.createBucket('crash-dest');
    const writer = new SourceWriter(moto!.client(), 'crash-src');
    for (let i = 0; i < 3; i++) await writer.put(`small-${i}.txt`, `small ${i}`);
    await writer.put('big.bin', randomBytes(20 * 1024 * 1024));

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ endpoint: moto!.endpoint, source: 'crash-src', destination: 'crash-dest', prefix: 'bk/', bytesPerSecond: 4 * 1024 * 1024 })], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const exited = once(child, 'exit');
    const deadline = Date.now() + 30_000;
    let upload: { key: string; id: string } | undefined;
    while (!upload && Date.now() < deadline && child.exitCode === null) {
      upload = (await openUploads('crash-dest')).find((u) => u.key.startsWith('bk/data/crash-src/big.bin@'));
      if (!upload) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(upload, `the child began a multipart upload of big.bin (child output: ${output})`);
    child.kill('SIGKILL');
    await exited;

    // What the crash left: the open upload, the lease held by a process that no longer exists.
    assert.ok((await openUploads('crash-dest')).some((u) => u.id === upload!.id));
    const lock = await moto!.client().send(new GetObjectCommand({ Bucket: 'crash-dest', Key: `bk/${LEASE_FILE}` }));
    const holder = JSON.parse(await lock.Body!.transformToString()) as LeaseRecord;
    assert.equal(holder.pid, child.pid);
    assert.equal(holder.releasedAt, undefined);
    const destination = new S3ObjectStore('crash-dest', 'bk/', moto!.connection(), 'moto|dest');
    const killedRun = (await new Catalog(destination).runIds()).unfinished;
    assert.equal(killedRun.length, 1);

    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (m) => warnings.push(m) };
    const source = () => new S3Source('crash-src', '', moto!.connection(), 'moto|src');
    const next = await runS3Backup(options, { sources: [source()], destination, logger });
    assert.equal(next.status, 'complete');
    assert.ok(warnings.some((w) => w.includes(`taking over the lease of run ${holder.runId}`) && w.includes('no longer exists on this host')), warnings.join(' | '));
    assert.ok((next.cleanup?.aborted ?? 0) >= 1, 'the open upload was aborted');
    assert.deepEqual(await openUploads('crash-dest'), [], 'no multipart upload is left open');
    assert.deepEqual(next.unfinishedRuns, killedRun);
    assert.deepEqual((await new Catalog(destination).runIds()).unfinished, [], 'the killed run is settled');
    await assertBackupMatches(destination, 's3://crash-src/', new Date(Date.now() + 5000), writer.snapshot(), 'after the crash and the next run');

    const idle = await runS3Backup(options, { sources: [source()], destination, logger: silentLogger });
    assert.equal(idle.totals.copied, 0);
    assert.deepEqual(idle.unfinishedRuns, []);
  });
});
