import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, mkdir, utimes, readdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbortMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, ListMultipartUploadsCommand, UploadPartCommand, type S3Client } from '@aws-sdk/client-s3';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { LEASE_FILE, LeaseHeldError, RunLease, type LeaseRecord } from '../../src/backends/s3/catalog/lease.ts';
import { CONDITIONS_PROBE_FILE } from '../../src/backends/s3/catalog/lease-record.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import { timedStore, type TimedCall } from '../support/timed-destination.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { silentLogger, type Logger } from '../../src/report/logger.ts';
import { MOTO_MISSING, motoAvailable, startMoto, startS3rver, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, nextSecond, SourceWriter } from '../support/scenario.ts';
import { FlakyDestination } from '../support/flaky-destination.ts';
import { startFaultProxy, type FaultProxy } from '../support/http-fault-proxy.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { BackupOptions, BackupResult } from '../../src/backends/s3/types.ts';

/**
 * Issue 9, item 7: a killed run's leftovers (open multipart uploads, temporary files, its start
 * marker) are cleaned up by later runs, under a run lease that keeps two runs from crossing.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const noSleep = async () => {};

let s3rver: TestS3Server;
let moto: TestS3Server | undefined;
const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-lease-'));
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

function recordingLogger(): Logger & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, info: (m) => infos.push(m), debug: () => {}, error: () => {}, warn: (m) => warnings.push(m), group: (_n, body) => body() };
}

let count = 0;
async function s3rverSource(keys = ['a.txt', 'b.txt']) {
  const bucket = `lease-src-${++count}`;
  await s3rver.createBucket(bucket);
  const writer = new SourceWriter(s3rver.client(), bucket);
  for (const key of keys) await writer.put(key, `body of ${key}`);
  const source = () => new S3Source(bucket, '', s3rver.connection(), 's3rver|lease');
  return { bucket, writer, source };
}

function lease(overrides: Partial<LeaseRecord>): string {
  const now = new Date().toISOString();
  return JSON.stringify({ format: 'pullback-lease/1', runId: '20261124T161758.123Z-abcdef', host: 'other-runner', pid: 4242, token: 'theirs', acquiredAt: now, heartbeatAt: now, staleAfterSeconds: 600, ...overrides });
}

describe('the run lease', () => {
  it('refuses a run while another run holds a fresh lease, naming it and when it goes stale', async () => {
    const { source } = await s3rverSource();
    const folder = await tempFolder();
    await mkdir(join(folder, 'catalog'), { recursive: true });
    await writeFile(join(folder, LEASE_FILE), lease({}));
    const destination = new LocalObjectStore(folder, destinationNaming);
    await assert.rejects(runS3Backup(options, { sources: [source()], destination, logger: silentLogger, sleep: noSleep }), (error: Error) => {
      assert.ok(error instanceof LeaseHeldError);
      assert.match(error.message, /run 20261124T161758\.123Z-abcdef on host other-runner \(pid 4242\)/);
      assert.match(error.message, /goes stale at \S+ \(in about 10 min\)/);
      return true;
    });
    assert.deepEqual(await readdir(join(folder, 'catalog')), ['lock.json'], 'nothing else was written');
  });

  it('a lease whose heartbeat is dated far ahead (a damaged or edited file) is refused, and the error says what it is and what to do', async () => {
    const { source } = await s3rverSource();
    const folder = await tempFolder();
    await mkdir(join(folder, 'catalog'), { recursive: true });
    await writeFile(join(folder, LEASE_FILE), lease({ heartbeatAt: '2300-01-01T00:00:00.000Z' }));
    const destination = new LocalObjectStore(folder, destinationNaming);
    await assert.rejects(runS3Backup(options, { sources: [source()], destination, logger: silentLogger, sleep: noSleep }), (error: Error) => {
      assert.ok(error instanceof LeaseHeldError);
      assert.match(error.message, /Its heartbeat is \d+ h ahead of that clock, which no live run writes: the lease file looks damaged or edited\. If no pullback run is running against this destination \(check the host and the workflow's runs\), delete catalog\/lock\.json there and run again$/);
      return true;
    });
    // A fresh lease (heartbeat now) says nothing of the kind.
    await writeFile(join(folder, LEASE_FILE), lease({}));
    await assert.rejects(runS3Backup(options, { sources: [source()], destination, logger: silentLogger, sleep: noSleep }), (error: Error) => {
      assert.ok(error instanceof LeaseHeldError);
      assert.doesNotMatch(error.message, /damaged/);
      return true;
    });
  });

  it('takes over a stale lease, a released one, one of a dead process on this host, and a damaged file', async () => {
    const { source } = await s3rverSource();
    const folder = await tempFolder();
    await mkdir(join(folder, 'catalog'), { recursive: true });
    const destination = new LocalObjectStore(folder, destinationNaming);
    const cases: [string, string, RegExp | undefined][] = [
      ['stale', lease({ heartbeatAt: new Date(Date.now() - 11 * 60_000).toISOString() }), /no heartbeat since/],
      ['released', lease({ releasedAt: new Date().toISOString() }), undefined],
      ['dead process here', lease({ host: hostname(), pid: 2 ** 22 + 12345 }), /no longer exists on this host/],
      ['damaged', '{"format": "pullback-lease/1", "runId": ', /could not be read/],
    ];
    for (const [label, content, warning] of cases) {
      await writeFile(join(folder, LEASE_FILE), content);
      const logger = recordingLogger();
      const result = await runS3Backup(options, { sources: [source()], destination, logger, sleep: noSleep });
      assert.equal(result.status, 'complete', label);
      if (warning) assert.ok(logger.warnings.some((w) => warning.test(w)), `${label}: ${logger.warnings.join(' | ')}`);
      const after = JSON.parse(await readFile(join(folder, LEASE_FILE), 'utf8')) as LeaseRecord;
      assert.equal(after.runId, result.runId, `${label}: the lease names the run that took it`);
      assert.ok(after.releasedAt, `${label}: and was released when it finished`);
    }
  });

  it('keeps the heartbeat going while the run lasts', async () => {
    const { source } = await s3rverSource(['a.txt', 'b.txt', 'c.txt']);
    const folder = await tempFolder();
    const destination = new LocalObjectStore(folder, destinationNaming);
    const beats: string[] = [];
    const result = await runS3Backup({ ...options, concurrency: 1, lease: { heartbeatMs: 40 } }, {
      sources: [source()],
      destination,
      logger: silentLogger,
      sleep: noSleep,
      beforeCopy: async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        beats.push((JSON.parse(await readFile(join(folder, LEASE_FILE), 'utf8')) as LeaseRecord).heartbeatAt);
      },
    });
    assert.equal(result.status, 'complete');
    assert.ok(new Set(beats).size >= 2, `the heartbeat moved during the run: ${beats.join(', ')}`);
  });

  it('a run whose lease is taken over stops before committing, naming the other run', async () => {
    const { source, writer } = await s3rverSource(['a.txt']);
    const folder = await tempFolder();
    const destination = new LocalObjectStore(folder, destinationNaming);
    await runS3Backup(options, { sources: [source()], destination, logger: silentLogger, sleep: noSleep });
    await writer.put('b.txt', 'new');
    const committed = (await new Catalog(destination).runIds()).committed;
    await assert.rejects(
      runS3Backup(options, {
        sources: [source()],
        destination,
        logger: silentLogger,
        sleep: noSleep,
        beforeCopy: () => writeFile(join(folder, LEASE_FILE), lease({ runId: '20261124T170000.000Z-fedcba' })),
      }),
      /lease \(catalog\/lock\.json\) is now held by run 20261124T170000\.000Z-fedcba on host other-runner.*Nothing was committed/,
    );
    assert.deepEqual((await new Catalog(destination).runIds()).committed, committed, 'no run record was written');
    const holder = JSON.parse(await readFile(join(folder, LEASE_FILE), 'utf8')) as LeaseRecord;
    assert.equal(holder.runId, '20261124T170000.000Z-fedcba', "the other run's lease was left alone");
  });
});

describe('the run lease with conditional writes (moto)', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('of runs racing for the lease exactly one wins; on a store without conditions (s3rver) read-back still decides', async () => {
    await moto!.createBucket('lease-race');
    for (const [label, destination] of [
      ['moto', new S3ObjectStore('lease-race', 'bk/', moto!.connection(), 'moto|dest')],
      ['s3rver', await s3rverDestination('lease-race-s3rver')],
    ] as const) {
      await destination.check();
      const attempts = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => RunLease.acquire(destination, `20261124T16175${i}.000Z-00000${i}`, silentLogger, { host: `runner-${i}` })),
      );
      const won = attempts.filter((a) => a.status === 'fulfilled').map((a) => (a as PromiseFulfilledResult<RunLease>).value);
      const refused = attempts.filter((a) => a.status === 'rejected').map((a) => (a as PromiseRejectedResult).reason as Error);
      // Without conditions two may both read back their own write before the other lands; the
      // heartbeat then tells the loser. With conditions exactly one wins.
      if (label === 'moto') assert.equal(won.length, 1, `${label}: one winner (${refused.map((e) => e.message.slice(0, 80)).join(' | ')})`);
      else assert.ok(won.length >= 1);
      assert.ok(refused.every((e) => e instanceof LeaseHeldError), `${label}: the others are refused naming the holder`);
      for (const l of won) await l.release();
    }
  });
});

describe('the read-back of a lease written with If-Match (issue 11)', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  const leaseReads = (calls: TimedCall[]) => calls.filter((c) => c.name === 'getTagged' && c.key === LEASE_FILE).length;
  /** A real store with one method replaced (`make` gets the store itself, to call through). */
  const withMethod = <K extends keyof S3ObjectStore>(store: S3ObjectStore, name: K, make: (target: S3ObjectStore) => S3ObjectStore[K]): S3ObjectStore =>
    new Proxy(store, { get: (target, key, receiver) => (key === name ? make(target) : Reflect.get(target, key, receiver)) });
  /** A run of its own: a new store (its own probe), its lease taken and released; the lease reads it made. */
  async function oneRun(make: () => ObjectStore, runId: string): Promise<number> {
    const { store, calls } = timedStore(make());
    // The probe's answer in first (in a run it is, beside the lease's first read and the checks):
    // one not in by the time the lease is written is not waited for (below).
    await store.refusesStaleIfMatch?.(CONDITIONS_PROBE_FILE);
    const lease = await RunLease.acquire(store, runId, silentLogger);
    const reads = leaseReads(calls);
    await lease.release();
    return reads;
  }

  it('is skipped where the store refused a stale If-Match and the ETag read is the MD5 of the lease; made on s3rver, on a first lease, and where ETags are not MD5s', async () => {
    await moto!.createBucket('lease-readback');
    const onMoto = () => new S3ObjectStore('lease-readback', 'bk/', moto!.connection(), 'moto|dest');
    // No lease yet: written with If-None-Match, which the probe does not prove: read back.
    assert.equal(await oneRun(onMoto, '20261124T170000.000Z-aaaaaa'), 2, 'a first lease is read back');
    assert.equal(await oneRun(onMoto, '20261124T170100.000Z-bbbbbb'), 1, 'a released lease replaced with If-Match is not read back');
    assert.equal(await oneRun(onMoto, '20261124T170200.000Z-cccccc'), 1);
    // The probe object stays, as the catalogue's documentation says; the lease is the last run's, released.
    const stored = await moto!.client().send(new GetObjectCommand({ Bucket: 'lease-readback', Key: `bk/${CONDITIONS_PROBE_FILE}` }));
    assert.match(await stored.Body!.transformToString(), /If-Match/);
    const last = JSON.parse(await (await moto!.client().send(new GetObjectCommand({ Bucket: 'lease-readback', Key: `bk/${LEASE_FILE}` }))).Body!.transformToString()) as LeaseRecord;
    assert.equal(last.runId, '20261124T170200.000Z-cccccc');
    assert.ok(last.releasedAt);

    // ETags that are not the MD5 of the bytes read (SSE-KMS, some stores): a different lease could
    // carry the ETag this run read, so its write proves nothing without the read-back. The bytes
    // read are changed here (one space more), not the ETag, so the If-Match still names the lease.
    const paddedBody = () =>
      withMethod(onMoto(), 'getTagged', (target) => async (key: string, maxBytes: number) => {
        const found = await target.getTagged(key, maxBytes);
        return found && { ...found, body: Buffer.concat([found.body, Buffer.from(' ')]) };
      });
    assert.equal(await oneRun(paddedBody, '20261124T170300.000Z-dddddd'), 2, 'an ETag that is not the MD5 of the lease read: read back');

    // A probe that has not answered when the lease is written (a slow store): read back, not waited for.
    const silentProbe = () =>
      withMethod(onMoto(), 'refusesStaleIfMatch', (target) => (key: string) => (key === CONDITIONS_PROBE_FILE ? new Promise<boolean>(() => {}) : target.refusesStaleIfMatch(key)));
    const { store: waiting, calls: waitingCalls } = timedStore(silentProbe());
    const unanswered = await RunLease.acquire(waiting, '20261124T170400.000Z-gggggg', silentLogger);
    assert.equal(leaseReads(waitingCalls), 2, 'a probe with no answer yet: read back');
    await unanswered.release();

    // A store that ignores conditions: the probe's stale If-Match write lands, the lease is read back.
    const ignoring = await s3rverDestination('lease-readback-s3rver');
    const onS3rver = () => new S3ObjectStore(ignoring.bucket, '', s3rver.connection(), 's3rver|dest');
    await oneRun(onS3rver, '20261124T170000.000Z-eeeeee');
    assert.equal(await oneRun(onS3rver, '20261124T170100.000Z-ffffff'), 2, 's3rver: read back');
  });

  it('of runs racing to replace a released lease exactly one wins, none of them reading it back', async () => {
    await moto!.createBucket('lease-readback-race');
    const onMoto = () => new S3ObjectStore('lease-readback-race', 'bk/', moto!.connection(), 'moto|dest');
    await (await RunLease.acquire(onMoto(), '20261124T171000.000Z-000000', silentLogger)).release();
    for (let round = 1; round <= 3; round++) {
      const runs = Array.from({ length: 5 }, () => timedStore(onMoto()));
      // Each run's probe answered first: every winner's write then goes unread.
      await Promise.all(runs.map((r) => r.store.refusesStaleIfMatch!(CONDITIONS_PROBE_FILE)));
      const attempts = await Promise.allSettled(runs.map((r, i) => RunLease.acquire(r.store, `20261124T17${round}00${i}.000Z-00000${i}`, silentLogger, { host: `runner-${i}` })));
      const won = attempts.flatMap((a, i) => (a.status === 'fulfilled' ? [{ lease: a.value, calls: runs[i]!.calls }] : []));
      const refused = attempts.filter((a) => a.status === 'rejected').map((a) => (a as PromiseRejectedResult).reason as Error);
      assert.equal(won.length, 1, `round ${round}: one winner (${refused.map((e) => e.message.slice(0, 80)).join(' | ')})`);
      assert.ok(refused.every((e) => e instanceof LeaseHeldError), 'the others are refused naming the holder');
      assert.equal(leaseReads(won[0]!.calls), 1, 'the winner read the lease once, before its write');
      await won[0]!.lease.release();
    }
  });
});

async function s3rverDestination(bucket: string): Promise<S3ObjectStore> {
  await s3rver.createBucket(bucket);
  return new S3ObjectStore(bucket, '', s3rver.connection(), 's3rver|dest');
}

describe('uploads and temporary files left by killed runs', () => {
  it('a folder: stale .pullback-tmp-* files under data/ and catalog/ are removed, not those under restored/', async () => {
    const { source } = await s3rverSource();
    const folder = await tempFolder();
    const old = new Date(Date.now() - 3600_000);
    const leftovers = ['data/b/.pullback-tmp-aaaaaa', 'catalog/sources/x/.pullback-tmp-bbbbbb', 'restored/20261124T000000.000Z/.pullback-tmp-cccccc'];
    for (const path of leftovers) {
      await mkdir(join(folder, path, '..'), { recursive: true });
      await writeFile(join(folder, path), 'half a file');
      await utimes(join(folder, path), old, old);
    }
    const result = await runS3Backup(options, { sources: [source()], destination: new LocalObjectStore(folder, destinationNaming), logger: silentLogger, sleep: noSleep });
    assert.equal(result.cleanup?.aborted, 2);
    const remaining = (await readdir(folder, { recursive: true })).filter((p) => p.includes('.pullback-tmp-'));
    assert.deepEqual(remaining, ['restored/20261124T000000.000Z/.pullback-tmp-cccccc']);
  });

  it('S3 (moto): uploads under data/ and catalog/ begun before the lease are aborted; restored/ and other prefixes are left alone', { skip: motoAvailable() ? false : MOTO_MISSING }, async () => {
    await moto!.createBucket('uploads-dest');
    const { source, writer, bucket } = await s3rverSource();
    const client = moto!.client();
    const open = ['bk/data/x/big.bin@20261124T000000.000Z.0123456789abcdef', 'bk/catalog/sources/x/run/state.jsonl.gz', 'bk/restored/20261124T000000.000Z/x/k', 'other-app/upload.bin'];
    for (const key of open) await openUpload(client, 'uploads-dest', key);
    const destination = new S3ObjectStore('uploads-dest', 'bk/', moto!.connection(), 'moto|dest');
    const result = await runS3Backup(options, { sources: [source()], destination, logger: silentLogger, sleep: noSleep });
    assert.equal(result.status, 'complete');
    assert.equal(result.cleanup?.aborted, 2);
    assert.deepEqual((await openUploads(client, 'uploads-dest')).sort(), ['bk/restored/20261124T000000.000Z/x/k', 'other-app/upload.bin']);
    await assertBackupMatches(destination, `s3://${bucket}/`, new Date(Date.now() + 5000), writer.snapshot(), 'after the cleanup');
    for (const key of ['bk/restored/20261124T000000.000Z/x/k', 'other-app/upload.bin']) await abortAllFor(client, 'uploads-dest', key);
  });

  it('without s3:ListBucketMultipartUploads: a warning naming the permission, and the backup completes', { skip: motoAvailable() ? false : MOTO_MISSING }, async () => {
    await moto!.createBucket('uploads-denied');
    const proxy: FaultProxy = await startFaultProxy(moto!.endpoint, (r) =>
      r.method === 'GET' && /[?&]uploads(=|&|$)/.test(r.url) ? { kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' } : undefined,
    );
    try {
      const { source } = await s3rverSource();
      const destination = new S3ObjectStore('uploads-denied', '', { ...moto!.connection(), endpoint: proxy.endpoint }, 'proxy|dest');
      const logger = recordingLogger();
      const result = await runS3Backup(options, { sources: [source()], destination, logger, sleep: noSleep });
      assert.equal(result.status, 'complete');
      assert.match(result.cleanup?.skipped ?? '', /s3:ListBucketMultipartUploads/);
      assert.ok(logger.warnings.some((w) => /lack s3:ListBucketMultipartUploads/.test(w)));
    } finally {
      await proxy.stop();
    }
  });

  it('s3rver (no multipart listing): nothing to clean up, no warning', async () => {
    const { source } = await s3rverSource();
    const logger = recordingLogger();
    const result = await runS3Backup(options, { sources: [source()], destination: await s3rverDestination(`uploads-s3rver-${count}`), logger, sleep: noSleep });
    assert.equal(result.status, 'complete');
    assert.deepEqual(result.cleanup, { aborted: 0, kept: 0 });
    assert.deepEqual(logger.warnings, []);
  });
});

describe('the start marker of a killed run', () => {
  it('is settled once a later run completes: the run after that no longer checks every copy', async () => {
    const { source, writer, bucket } = await s3rverSource(Array.from({ length: 10 }, (_, i) => `k${i}`));
    const inner = new LocalObjectStore(await tempFolder(), destinationNaming);
    let copies = 0;
    const crashed = runS3Backup(options, {
      sources: [source()],
      destination: inner,
      logger: silentLogger,
      sleep: noSleep,
      beforeCopy: () => {
        if (++copies > 4) throw Object.assign(new Error('simulated crash'), { fatal: true });
      },
    });
    await assert.rejects(crashed, /simulated crash/);
    const crashedId = (await new Catalog(inner).runIds()).unfinished[0]!;
    assert.ok(crashedId);

    // Versions written in the second the watermark falls in are rechecked by design: leave it.
    await nextSecond();
    const recovering = new FlakyDestination(inner);
    const second: BackupResult = await runS3Backup(options, { sources: [source()], destination: recovering, logger: silentLogger, sleep: noSleep });
    assert.deepEqual(second.unfinishedRuns, [crashedId]);
    assert.ok(recovering.heads.filter((k) => k.startsWith('data/')).length >= 10, 'the recovering run checks each copy first');
    assert.deepEqual((await new Catalog(inner).runIds()).unfinished, [], 'the killed run is settled');

    await writer.put('k-new', 'new');
    const after = new FlakyDestination(inner);
    // No overlap window, so the only HEADs left would be the recovery checks.
    const third = await runS3Backup({ ...options, overlapMs: 0 }, { sources: [source()], destination: after, logger: silentLogger, sleep: noSleep });
    assert.deepEqual(third.unfinishedRuns, []);
    assert.deepEqual(after.heads.filter((k) => k.startsWith('data/')), [], 'no HEAD per version any more');
    assert.equal(third.totals.copied, 1);
    await assertBackupMatches(inner, `s3://${bucket}/`, new Date(Date.now() + 5000), writer.snapshot(), 'after settling');
  });

  it('stays unfinished after a partial run, so its copies are still reused for the keys that failed', async () => {
    const { source } = await s3rverSource(['a', 'b', 'c']);
    const inner = new LocalObjectStore(await tempFolder(), destinationNaming);
    await assert.rejects(
      runS3Backup(options, { sources: [source()], destination: inner, logger: silentLogger, sleep: noSleep, beforeCopy: () => Promise.reject(Object.assign(new Error('crash'), { fatal: true })) }),
      /crash/,
    );
    const partial = await runS3Backup(options, {
      sources: [source()],
      destination: inner,
      logger: silentLogger,
      sleep: noSleep,
      beforeCopy: (v) => (v.key === 'b' ? Promise.reject(new Error('denied')) : undefined),
    });
    assert.equal(partial.status, 'partial');
    assert.equal((await new Catalog(inner).runIds()).unfinished.length, 1);
  });
});

async function openUpload(client: S3Client, bucket: string, key: string): Promise<void> {
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  await client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: Buffer.alloc(1024, 1) }));
}

async function openUploads(client: S3Client, bucket: string): Promise<string[]> {
  const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return (page.Uploads ?? []).map((u) => u.Key!);
}

async function abortAllFor(client: S3Client, bucket: string, key: string): Promise<void> {
  const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }));
  for (const u of page.Uploads ?? []) await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key!, UploadId: u.UploadId! }));
}

