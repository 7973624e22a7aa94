import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateBucketCommand, DeleteObjectCommand, HeadObjectCommand, ListObjectVersionsCommand, type HeadObjectCommandOutput } from '@aws-sdk/client-s3';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import type { S3WriteSettings } from '../../src/stores/object/s3/client.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { MOTO_MISSING, motoAvailable, startMoto, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, SourceWriter } from '../support/scenario.ts';
import { startFaultProxy, type FaultProxy } from '../support/http-fault-proxy.ts';

/**
 * Issue 12: the destination's storage class, server-side encryption and Object Lock retention are
 * on every write pullback makes there: data (streamed, multipart, server-side copies) and
 * catalogue alike; the lease and the latest-run pointer, rewritten in place, carry no retention.
 * Checked with HEAD against moto, which keeps and enforces them as S3 does.
 */
let moto: TestS3Server;
before(async () => {
  if (motoAvailable()) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

async function lockedBucket(name: string): Promise<void> {
  await moto.client().send(new CreateBucketCommand({ Bucket: name, ObjectLockEnabledForBucket: true }));
}

async function everyObject(bucket: string, prefix: string): Promise<{ key: string; versionId: string }[]> {
  const page = await moto.client().send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
  return (page.Versions ?? []).map((v) => ({ key: v.Key!, versionId: v.VersionId! }));
}

async function head(bucket: string, key: string, versionId?: string): Promise<HeadObjectCommandOutput> {
  return moto.client().send(new HeadObjectCommand({ Bucket: bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
}

/** A write request the destination received: which key, and the headers that carry the write options. */
interface SeenWrite {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
}

/** A proxy in front of moto that keeps the write requests (PUT, and POST ?uploads which starts a multipart upload). */
async function recordingProxy(): Promise<{ proxy: FaultProxy; writes: SeenWrite[] }> {
  const writes: SeenWrite[] = [];
  const names = ['x-amz-storage-class', 'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id', 'x-amz-object-lock-mode', 'x-amz-object-lock-retain-until-date'];
  const proxy = await startFaultProxy(moto.endpoint, (r) => {
    const isWrite = r.method === 'PUT' ? !/[?&]partNumber=/.test(r.url) : r.method === 'POST' && /[?&]uploads(=|&|$)/.test(r.url);
    if (isWrite) writes.push({ method: r.method, path: decodeURIComponent(r.url.split('?')[0]!), headers: Object.fromEntries(names.map((n) => [n, r.headers[n] as string | undefined])) });
    return undefined;
  });
  return { proxy, writes };
}

async function backupWith(writes: S3WriteSettings, options: { serverSideCopy: boolean; tag: string; through?: FaultProxy }) {
  const source = `writes-src-${options.tag}`;
  const backupBucket = `writes-dest-${options.tag}`;
  await moto.createBucket(source);
  await lockedBucket(backupBucket);
  const writer = new SourceWriter(moto.client(), source);
  await writer.put('small.txt', 'small', { contentType: 'text/plain' });
  await writer.put('big.bin', Buffer.alloc(11 * 1024 * 1024, 3), { multipart: true });
  // One identity on both sides: a server-side copy is possible when asked for.
  const identity = `${moto.endpoint}|same`;
  const connection = options.through ? { ...moto.connection(), endpoint: options.through.endpoint } : moto.connection();
  const destination = new S3ObjectStore(backupBucket, 'bk/', connection, options.through ? `${options.through.endpoint}|same` : identity, undefined, writes);
  const result = await runS3Backup(
    { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: options.serverSideCopy, retryAttempts: 2 },
    { sources: [new S3Source(source, '', moto.connection(), identity)], destination, logger: silentLogger },
  );
  assert.equal(result.status, 'complete', result.sources[0]!.errors.join('; '));
  assert.equal(result.totals.serverSideCopies, options.serverSideCopy && !writes.objectLock ? 2 : 0);
  await assertBackupMatches(destination, `s3://${source}/`, new Date(Date.now() + 5000), writer.snapshot(), 'the backup reads back');
  return { backupBucket, destination };
}

/**
 * The catalogue's objects rewritten in place, which carry no retention: the lease, the pointers,
 * and the object a run writes to show the store refuses stale If-Match writes (where it does not,
 * every run rewrites it).
 */
const rewrittenInPlace = (key: string) => key.endsWith('catalog/lock.json') || key.endsWith('/latest.json') || key.endsWith('catalog/conditions-probe.json');

describe('write options of the destination', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('storage class, SSE-S3 and governance retention on every data and catalogue object, streamed and multipart; none on the lease, the pointer and the conditions probe', async (t) => {
    const started = Date.now();
    const { proxy, writes } = await recordingProxy();
    const { backupBucket, destination } = await backupWith({ storageClass: 'STANDARD_IA', sse: { algorithm: 'AES256' }, objectLock: { mode: 'GOVERNANCE', days: 2 } }, { serverSideCopy: false, tag: 'a', through: proxy });
    t.after(() => proxy.stop());
    // What was asked of the server, write by write: the multipart upload of big.bin included.
    const stored = writes.filter((w) => w.path.startsWith(`/${backupBucket}/bk/`) && !w.path.includes('.pullback-restore-probe-'));
    assert.ok(stored.some((w) => w.method === 'POST' && w.path.includes('big.bin')), 'big.bin went up in parts');
    for (const w of stored) {
      assert.equal(w.headers['x-amz-storage-class'], 'STANDARD_IA', `${w.method} ${w.path}`);
      assert.equal(w.headers['x-amz-server-side-encryption'], 'AES256', `${w.method} ${w.path}`);
      const mutable = rewrittenInPlace(w.path);
      assert.equal(w.headers['x-amz-object-lock-mode'], mutable ? undefined : 'GOVERNANCE', `${w.method} ${w.path}`);
    }
    const objects = await everyObject(backupBucket, 'bk/');
    const data = objects.filter((o) => o.key.startsWith('bk/data/'));
    const catalogue = objects.filter((o) => o.key.startsWith('bk/catalog/'));
    assert.equal(data.length, 2);
    assert.ok(catalogue.some((o) => o.key.endsWith('state.jsonl.gz')) && catalogue.some((o) => o.key.endsWith('events.jsonl.gz')));
    // What the server kept (moto keeps no retention on a multipart upload: the requests above show it was asked).
    for (const object of [...data, ...catalogue].filter((o) => !o.key.includes('/big.bin@'))) {
      const h = await head(backupBucket, object.key, object.versionId);
      assert.equal(h.StorageClass, 'STANDARD_IA', `${object.key}: storage class`);
      assert.equal(h.ServerSideEncryption, 'AES256', `${object.key}: encryption`);
      const mutable = rewrittenInPlace(object.key);
      if (mutable) {
        assert.equal(h.ObjectLockMode, undefined, `${object.key} is rewritten in place: no retention`);
      } else {
        assert.equal(h.ObjectLockMode, 'GOVERNANCE', `${object.key}: retention`);
        const until = h.ObjectLockRetainUntilDate!.getTime();
        assert.ok(until >= started + 2 * 86_400_000 - 60_000 && until <= Date.now() + 2 * 86_400_000 + 60_000, `${object.key}: retained two days`);
      }
    }
    // The lock holds: the version cannot be removed, and purge says so instead of failing.
    const locked = data.find((o) => o.key.includes('/small.txt@'));
    await assert.rejects(moto.client().send(new DeleteObjectCommand({ Bucket: backupBucket, Key: locked!.key, VersionId: locked!.versionId })), /AccessDenied|locked/i);
    const purge = await destination.purge(locked!.key.slice('bk/'.length));
    assert.equal(purge.removed, 0);
    assert.equal(purge.kept.length, 1);
    assert.match(purge.kept[0]!.reason, /under Object Lock \(governance\) until \d{4}-/);
    assert.ok((await head(backupBucket, locked!.key, locked!.versionId)).ContentLength! > 0, 'the locked version is still there');
  });

  it('SSE-KMS with a key id and a storage class through server-side copies; with Object Lock copies are streamed (a copy carries no checksum)', async () => {
    const copied = await backupWith({ storageClass: 'STANDARD_IA', sse: { algorithm: 'aws:kms', kmsKeyId: 'alias/pullback-backups' } }, { serverSideCopy: true, tag: 'b' });
    for (const object of await everyObject(copied.backupBucket, 'bk/data/')) {
      const h = await head(copied.backupBucket, object.key, object.versionId);
      assert.equal(h.ServerSideEncryption, 'aws:kms', object.key);
      assert.match(h.SSEKMSKeyId ?? '', /pullback-backups/, object.key);
      assert.equal(h.StorageClass, 'STANDARD_IA', object.key);
    }
    const locked = await backupWith({ sse: { algorithm: 'aws:kms', kmsKeyId: 'alias/pullback-backups' }, objectLock: { mode: 'COMPLIANCE', days: 1 } }, { serverSideCopy: true, tag: 'c' });
    const small = (await everyObject(locked.backupBucket, 'bk/data/')).find((o) => o.key.includes('/small.txt@'))!;
    const h = await head(locked.backupBucket, small.key, small.versionId);
    assert.equal(h.ServerSideEncryption, 'aws:kms');
    assert.equal(h.ObjectLockMode, 'COMPLIANCE');
  });

  it('purge removes every version of an unlocked object, delete markers included', async () => {
    await moto.createBucket('writes-purge', { versioned: true });
    const store = new S3ObjectStore('writes-purge', 'p/', moto.connection());
    await store.put('x', 'one');
    await store.put('x', 'two');
    await store.delete('x');
    const before = await moto.client().send(new ListObjectVersionsCommand({ Bucket: 'writes-purge', Prefix: 'p/x' }));
    assert.equal((before.Versions ?? []).length + (before.DeleteMarkers ?? []).length, 3);
    assert.deepEqual(await store.purge('x'), { removed: 3, kept: [] });
    const gone = await moto.client().send(new ListObjectVersionsCommand({ Bucket: 'writes-purge', Prefix: 'p/x' }));
    assert.equal((gone.Versions ?? []).length + (gone.DeleteMarkers ?? []).length, 0);
    assert.deepEqual(await store.purge('x'), { removed: 0, kept: [] }, 'a second purge finds nothing');
  });
});
