import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { LEASE_FILE, LEASE_FORMAT, type LeaseRecord } from '../../src/backends/s3/catalog/lease.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';
import { MOTO_MISSING, motoAvailable, startMoto, type TestS3Server } from '../support/s3.ts';
import { startFaultProxy, type FaultProxy } from '../support/http-fault-proxy.ts';
import { SourceWriter } from '../support/scenario.ts';

/**
 * Issue 11: a backup requests each source's first listing pages while it takes the lease and reads
 * the catalogue, instead of after. That is safe only once no other run can commit: a run committed
 * after this run's listing began would hold a newer state than this run's listing, and keys it saw
 * would read as removed. So the listing starts once the lease's first read found it free (a run
 * that then commits must first take the lease, and this run's write would fail), or, after a
 * takeover, once the lease is this run's. The first page is also the check that the bucket can be
 * listed (HeadBucket is no longer sent): a refusal stops the run before it writes its start marker.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 3 };
const noSleep = async () => {};

let moto: TestS3Server | undefined;
let proxy: FaultProxy | undefined;
const folders: string[] = [];
/** Requests in the order they were made: the source's as the proxy saw them, the destination's as called. */
let events: string[] = [];

before(async () => {
  if (!motoAvailable()) return;
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint);
  await moto.createBucket('listing-start', { versioned: true });
  const writer = new SourceWriter(moto.client(), 'listing-start');
  await writer.put('a.txt', 'a1');
  await writer.put('a.txt', 'a2');
  await writer.put('b.txt', 'b1');
});
after(async () => {
  await proxy?.stop();
  await moto?.stop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** A folder destination whose every call is written to `events` (method and key). */
async function recordedDestination(): Promise<{ store: ObjectStore; folder: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-listing-start-'));
  folders.push(folder);
  const store = new LocalObjectStore(folder, destinationNaming);
  const recorded = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        events.push(`destination ${name} ${typeof args[0] === 'string' ? args[0] : ''}`);
        return value.apply(target, args);
      };
    },
  });
  return { store: recorded, folder };
}

/** The source, its listing's start written to `events` when it is asked for (the proxy sees it later). */
class RecordedSource extends S3Source {
  override startListing(versioned: boolean): Promise<void> {
    events.push('source startListing');
    return super.startListing(versioned);
  }
}

function source(): S3Source {
  return new RecordedSource('listing-start', '', { ...moto!.connection('AKIDSTART'), endpoint: proxy!.endpoint, maxAttempts: 1 }, 'proxy|start', { sleep: noSleep });
}

function recordSource(rule?: (r: { method: string; url: string }) => ReturnType<Parameters<FaultProxy['setRule']>[0]>): void {
  proxy!.setRule((r) => {
    const url = new URL(r.url, 'http://x');
    const op = r.method === 'HEAD' && url.pathname.split('/').filter(Boolean).length === 1 ? 'HeadBucket' : url.searchParams.has('versions') ? 'ListObjectVersions' : url.searchParams.has('versioning') ? 'GetBucketVersioning' : `${r.method} ${url.pathname}`;
    events.push(`source ${op}`);
    return rule?.(r);
  });
}

const at = (pattern: RegExp) => events.findIndex((e) => pattern.test(e));

describe('a backup starts its reads while it takes the lease', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  it('lists after the lease is seen free and before the start marker, and sends no HeadBucket', async () => {
    events = [];
    recordSource();
    const { store } = await recordedDestination();
    const result = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    assert.equal(result.totals.copied, 3, 'every version was backed up');
    const firstLeaseRead = at(new RegExp(`destination get(Tagged)? ${LEASE_FILE}`));
    const listed = at(/source startListing/);
    const startMarker = at(/destination put.*\.started\.json/);
    assert.ok(firstLeaseRead >= 0 && listed > firstLeaseRead, `the listing began after the lease was read: ${events.join(' | ')}`);
    assert.ok(startMarker > listed, `the start marker came after the first page: ${events.join(' | ')}`);
    const runsListed = at(/destination list catalog\/runs\//);
    const leaseWritten = at(new RegExp(`destination put(If)? ${LEASE_FILE}`));
    assert.ok(runsListed > firstLeaseRead && runsListed < leaseWritten, `the catalogue is read beside the lease write, not after: ${events.join(' | ')}`);
    assert.equal(at(/source HeadBucket/), -1, 'the first page checks that the bucket can be listed');
    assert.equal(events.filter((e) => e === 'source ListObjectVersions').length, 1, 'one page, requested once');
  });

  it('after taking over a stale lease, lists only once the lease is this run\'s', async () => {
    events = [];
    recordSource();
    const { store } = await recordedDestination();
    const old = new Date(Date.now() - 3 * 3600_000).toISOString();
    const stale: LeaseRecord = { format: LEASE_FORMAT, runId: '20260101T000000.000Z-dead00', host: 'elsewhere', pid: 1, token: 'x'.repeat(24), acquiredAt: old, heartbeatAt: old, staleAfterSeconds: 600 };
    await store.put(LEASE_FILE, JSON.stringify(stale));
    events = [];
    const result = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    assert.equal(result.status, 'complete');
    const leaseWritten = at(new RegExp(`destination put(If)? ${LEASE_FILE}`));
    const listed = at(/source startListing/);
    assert.ok(leaseWritten >= 0 && listed > leaseWritten, `a listing begun before the takeover could predate a commit of the stale holder: ${events.join(' | ')}`);
    const runsListed = at(/destination list catalog\/runs\//);
    assert.ok(runsListed > leaseWritten, `so could the catalogue read before it: ${events.join(' | ')}`);
  });

  it('the lease is read beside the checks, but nothing is written until they passed', async () => {
    events = [];
    recordSource((r) => (/[?&]versioning/.test(r.url) ? { kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' } : undefined));
    const { store } = await recordedDestination();
    await assert.rejects(runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep }), /s3:GetBucketVersioning/);
    assert.deepEqual(events.filter((e) => /^destination (put|delete|abort)/i.test(e)), [], `nothing written: ${events.join(' | ')}`);
  });

  it('a source that cannot be listed stops the run before anything is written, naming the bucket', async () => {
    events = [];
    recordSource((r) => (/[?&]versions/.test(r.url) ? { kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' } : undefined));
    const { store } = await recordedDestination();
    await assert.rejects(
      runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep }),
      /listing source bucket listing-start failed \(AccessDenied 403\): access denied: check the credentials for `sources`/,
    );
    const runs = await new Catalog(store).runIds();
    assert.deepEqual(runs.committed, []);
    assert.deepEqual(runs.unfinished, [], 'no start marker: the next run has nothing to recover');
    assert.equal(at(/destination put.*\.started\.json/), -1);
  });
});
