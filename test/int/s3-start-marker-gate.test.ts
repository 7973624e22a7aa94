import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { LEASE_FILE } from '../../src/backends/s3/catalog/lease.ts';
import { stateFiles } from '../../src/backends/s3/catalog/records.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { silentLogger } from '../../src/report/logger.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import { startPagingS3rver } from '../support/s3.ts';
import { assertBackupMatches, checkpoint, SourceWriter } from '../support/scenario.ts';
import { timedDestination, timedStore } from '../support/timed-destination.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { useS3rver } from '../support/use-s3rver.ts';

/**
 * Issue 11: a backup no longer waits for its start marker before it reads its previous state and
 * plans; only its writes wait for the marker to land. A run killed at any point has still written
 * its marker before anything else it wrote (what lets the next run find and reuse its copies), and
 * a marker that cannot be written fails the run with nothing else written and nothing committed.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const MARKER_DELAY_MS = 300;
const isMarker = (key: string) => key.endsWith('.started.json');
/** Every call that changes the destination (the sweep's aborts of other runs' partial writes come before the marker by design; none here). */
const isWrite = (name: string) => ['put', 'putIf', 'delete', 'purge', 'copyFromSource', 'abortPartialWrite', 'probeWrite'].includes(name);

const { s3rver, folders } = useS3rver();

/** The first state file (the checkpoint) of a one-source run: the file a test slows or refuses. */
async function checkpointFileOf(store: ObjectStore, runId: string): Promise<string> {
  return stateFiles((await new Catalog(store).readRun(runId))!.sources[0]!)[0]!.file;
}

describe('the start marker', () => {
  it('is on its way while the previous state is read; no write but the lease begins before it landed', async () => {
    await s3rver().createBucket('marker-src');
    const writer = new SourceWriter(s3rver().client(), 'marker-src');
    for (const key of ['a.txt', 'b.txt', 'c.txt']) await writer.put(key, `body of ${key}`);
    const { store, calls } = await timedDestination(folders, { slow: (name, key) => (name === 'put' && isMarker(key) ? MARKER_DELAY_MS : 0) });
    const source = () => new S3Source('marker-src', '', s3rver().connection(), 's3rver|marker');
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger });
    await writer.put('b.txt', 'changed');
    await writer.put('d.txt', 'new');
    calls.length = 0;
    const second = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger });
    assert.deepEqual([first.status, second.status], ['complete', 'complete']);
    assert.equal(second.sources[0]!.counts.copied, 2);

    const marker = calls.find((c) => c.name === 'put' && isMarker(c.key));
    assert.ok(marker, 'the second run wrote its start marker');
    const base = (await new Catalog(store).readRun(first.runId))!.sources[0]!;
    const stateRead = calls.find((c) => c.name === 'get' && c.key === stateFiles(base)[0]!.file);
    assert.ok(stateRead, 'the previous state was read');
    assert.ok(stateRead.began < marker.ended, `the state read (at ${stateRead.began.toFixed(0)} ms) begins before the marker landed (${marker.ended.toFixed(0)} ms)`);
    const early = calls.filter((c) => isWrite(c.name) && c !== marker && c.key !== LEASE_FILE && c.began < marker.ended);
    assert.deepEqual(early.map((c) => `${c.name} ${c.key}`), [], 'no copy, state or events write begins before the marker landed');
    await assertBackupMatches(store, 's3://marker-src/', await checkpoint(), writer.snapshot(), 'after two runs');
  });

  it('in a folder, follows the sweep of abandoned writes, which goes on beside the passes\' planning: no write begins before the sweep ended', async (t) => {
    // Listings of many pages: s3rver's continuation tokens need the legacy OpenSSL provider (a child process).
    const paging = await startPagingS3rver();
    t.after(() => paging.stop());
    await paging.createBucket('sweep-src');
    const writer = new SourceWriter(paging.client(), 'sweep-src');
    const keys = Array.from({ length: 12 }, (_, i) => `k${String(i).padStart(2, '0')}.txt`);
    for (const key of keys) await writer.put(key, `body of ${key}`);
    const SWEEP_DELAY_MS = 600;
    const { store, calls } = await timedDestination(folders, { slow: (name) => (name === 'listPartialWrites' ? SWEEP_DELAY_MS : 0) });
    // Pages of one key: the listing asks for a page only when the pass has taken the ones before it
    // (two pages ahead), so the pages asked for show how far the pass has planned.
    const source = () => new S3Source('sweep-src', '', paging.connection(), 's3rver|sweep', { pageSize: 1 });
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger });
    await writer.put('k03.txt', 'changed');
    calls.length = 0;
    const second = source();
    const pagesAsked: number[] = [];
    const downloads: number[] = [];
    second.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ListObjectsV2Command') pagesAsked.push(performance.now());
        if (context.commandName === 'GetObjectCommand') downloads.push(performance.now());
        return next(args);
      },
      { step: 'initialize', name: 'testPagesAsked' },
    );
    const result = await runS3Backup(options, { sources: [second], destination: store, logger: silentLogger });
    assert.deepEqual([first.status, result.status, result.sources[0]!.counts.copied], ['complete', 'complete', 1]);

    const sweep = calls.find((c) => c.name === 'listPartialWrites');
    assert.ok(sweep && sweep.ended - sweep.began >= SWEEP_DELAY_MS - 5, 'the sweep listed the partial writes, slowly');
    const duringSweep = pagesAsked.filter((t) => t < sweep.ended).length;
    assert.ok(duringSweep >= keys.length, `the pass planned every page while the sweep went on (${duringSweep} of ${pagesAsked.length} pages asked for before it ended)`);
    const early = calls.filter((c) => isWrite(c.name) && c.key !== LEASE_FILE && c.began < sweep.ended);
    assert.deepEqual(early.map((c) => `${c.name} ${c.key}`), [], 'the marker and every write begin after the sweep ended');
    const marker = calls.find((c) => c.name === 'put' && isMarker(c.key));
    assert.ok(marker && marker.began >= sweep.ended, 'the marker follows the sweep');
    // A download waits for the sweep: opened during it, it would sit paused until its write may begin.
    assert.equal(downloads.length, 1, 'the changed key was downloaded');
    assert.ok(downloads[0]! >= sweep.ended, `the download (at ${downloads[0]!.toFixed(0)} ms) begins once the sweep ended (${sweep.ended.toFixed(0)} ms)`);
    await assertBackupMatches(store, 's3://sweep-src/', await checkpoint(), writer.snapshot(), 'after two runs');
  });

  it('on S3, goes beside the sweep (one PutObject is never an open upload); every other write still waits for the sweep', async () => {
    await s3rver().createBucket('beside-src');
    await s3rver().createBucket('beside-dest');
    const writer = new SourceWriter(s3rver().client(), 'beside-src');
    for (const key of ['a.txt', 'b.txt']) await writer.put(key, `body of ${key}`);
    const SWEEP_DELAY_MS = 600;
    // s3rver lists no multipart uploads (NotImplemented): the sweep is the delay, then nothing to abort.
    const { store, calls } = timedStore(new S3ObjectStore('beside-dest', 'bk/', s3rver().connection(), 's3rver|dest'), {
      slow: (name) => (name === 'listPartialWrites' ? SWEEP_DELAY_MS : 0),
    });
    const source = () => new S3Source('beside-src', '', s3rver().connection(), 's3rver|beside');
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger });
    await writer.put('b.txt', 'changed');
    calls.length = 0;
    const second = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger });
    assert.deepEqual([first.status, second.status, second.sources[0]!.counts.copied], ['complete', 'complete', 1]);

    const sweep = calls.find((c) => c.name === 'listPartialWrites');
    assert.ok(sweep && sweep.ended - sweep.began >= SWEEP_DELAY_MS - 5, 'the sweep listed the partial writes, slowly');
    const marker = calls.find((c) => c.name === 'put' && isMarker(c.key));
    assert.ok(marker, 'the marker was written');
    assert.ok(marker.began < sweep.ended, `the marker (at ${marker.began.toFixed(0)} ms) is written while the sweep goes on (until ${sweep.ended.toFixed(0)} ms)`);
    const early = calls.filter((c) => isWrite(c.name) && c !== marker && c.key !== LEASE_FILE && c.began < sweep.ended);
    assert.deepEqual(early.map((c) => `${c.name} ${c.key}`), [], 'no copy, state or events write begins before the sweep ended');
    await assertBackupMatches(store, 's3://beside-src/', await checkpoint(), writer.snapshot(), 'after two runs');
  });

  it('on S3, does not wait for the previous state: it is on its way while the state file is read', async () => {
    await s3rver().createBucket('early-src');
    await s3rver().createBucket('early-dest');
    const writer = new SourceWriter(s3rver().client(), 'early-src');
    for (const key of ['a.txt', 'b.txt']) await writer.put(key, `body of ${key}`);
    const STATE_DELAY_MS = 500;
    let stateFile = '';
    const { store, calls } = timedStore(new S3ObjectStore('early-dest', 'bk/', s3rver().connection(), 's3rver|dest'), {
      slow: (name, key) => ((name === 'get' || name === 'getTagged') && key === stateFile ? STATE_DELAY_MS : 0),
    });
    const source = () => new S3Source('early-src', '', s3rver().connection(), 's3rver|early');
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger });
    stateFile = await checkpointFileOf(store, first.runId);
    await writer.put('b.txt', 'changed');
    calls.length = 0;
    const second = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger });
    assert.deepEqual([first.status, second.status, second.sources[0]!.counts.copied], ['complete', 'complete', 1]);

    const stateRead = calls.find((c) => (c.name === 'get' || c.name === 'getTagged') && c.key === stateFile);
    const marker = calls.find((c) => c.name === 'put' && isMarker(c.key));
    assert.ok(stateRead && marker, 'the previous state was read and the marker written');
    // Before issue 11's change the marker began only once every state file was in: a round trip later.
    assert.ok(marker.began < stateRead.ended, `the marker (at ${marker.began.toFixed(0)} ms) begins before the state read ended (${stateRead.ended.toFixed(0)} ms)`);
    const early = calls.filter((c) => isWrite(c.name) && c !== marker && c.key !== LEASE_FILE && c.began < marker.ended);
    assert.deepEqual(early.map((c) => `${c.name} ${c.key}`), [], 'no copy, state or events write begins before the marker landed');
    assert.equal((await new Catalog(store).readRun(second.runId))!.sources[0]!.previousRunId, first.runId, 'the run built on the state it read');
    await assertBackupMatches(store, 's3://early-src/', await checkpoint(), writer.snapshot(), 'after two runs');
  });

  it('on S3, a state read that fails while the marker is on its way fails the run, and the lease is released only once the marker landed', async () => {
    await s3rver().createBucket('early-fail-src');
    await s3rver().createBucket('early-fail-dest');
    const writer = new SourceWriter(s3rver().client(), 'early-fail-src');
    await writer.put('a.txt', 'a');
    let stateFile = '';
    let markerBegan = () => {};
    let markerOnItsWay = Promise.resolve();
    const isStateRead = (name: string, key: string) => (name === 'get' || name === 'getTagged') && key === stateFile;
    const { store, calls } = timedStore(new S3ObjectStore('early-fail-dest', 'bk/', s3rver().connection(), 's3rver|dest'), {
      slow: (name, key) => (name === 'put' && isMarker(key) ? (markerBegan(), MARKER_DELAY_MS) : 0),
      // The state read fails once the marker is on its way (one that fails sooner: the test below).
      waitFor: (name, key) => (isStateRead(name, key) ? markerOnItsWay : undefined),
      fail: (name, key) => (isStateRead(name, key) ? Object.assign(new Error('AccessDenied: the state may not be read'), { name: 'AccessDenied' }) : undefined),
    });
    const source = () => new S3Source('early-fail-src', '', s3rver().connection(), 's3rver|early-fail');
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger });
    stateFile = await checkpointFileOf(store, first.runId);
    await writer.put('a.txt', 'changed');
    calls.length = 0;
    markerOnItsWay = new Promise<void>((resolve) => (markerBegan = resolve));
    await assert.rejects(runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger }), /the state may not be read/);

    const marker = calls.find((c) => c.name === 'put' && isMarker(c.key));
    assert.ok(marker, 'the marker was on its way when the state read failed');
    const leaseWrites = calls.filter((c) => isWrite(c.name) && c.key === LEASE_FILE);
    const release = leaseWrites.at(-1)!;
    assert.ok(leaseWrites.length >= 2 && release.began >= marker.ended, `the release (at ${release.began.toFixed(0)} ms) follows the marker's landing (${marker.ended.toFixed(0)} ms)`);
    assert.deepEqual(calls.filter((c) => isWrite(c.name) && c !== marker && c.key !== LEASE_FILE).map((c) => `${c.name} ${c.key}`), [], 'nothing but the lease and the marker written');
    const runs = await new Catalog(store).runIds();
    assert.deepEqual(runs.committed, [first.runId], 'nothing committed');
  });

  it('a state read that failed before the marker is due fails the run with nothing written but the lease', async () => {
    await s3rver().createBucket('state-refused-src');
    const writer = new SourceWriter(s3rver().client(), 'state-refused-src');
    await writer.put('a.txt', 'a');
    let stateFile = '';
    // The run list is slow: the state of the run the pointer names is read, and refused, before it is in.
    const { store, calls } = await timedDestination(folders, {
      slow: (name, key) => (name === 'list' && key === 'catalog/runs/' ? 400 : 0),
      fail: (name, key) => (name === 'get' && key === stateFile ? Object.assign(new Error('AccessDenied: the state may not be read'), { name: 'AccessDenied' }) : undefined),
    });
    const source = () => new S3Source('state-refused-src', '', s3rver().connection(), 's3rver|state-refused');
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger });
    stateFile = await checkpointFileOf(store, first.runId);
    await writer.put('a.txt', 'changed');
    calls.length = 0;
    await assert.rejects(runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger }), /the state may not be read/);
    // Before the check, the marker went out once the run list was in: an unfinished run for every later run to check copies against.
    assert.deepEqual(calls.filter((c) => isWrite(c.name) && c.key !== LEASE_FILE).map((c) => `${c.name} ${c.key}`), [], 'no marker, nothing but the lease written');
    assert.deepEqual((await new Catalog(store).runIds()).unfinished, [], 'no unfinished run left behind');
  });

  it('a run that fails before the sweep ended (a refused listing) releases its lease only once the sweep ended', async () => {
    await s3rver().createBucket('sweep-refused');
    await new SourceWriter(s3rver().client(), 'sweep-refused').put('a.txt', 'a');
    const SWEEP_DELAY_MS = 600;
    const { store, calls } = await timedDestination(folders, { slow: (name) => (name === 'listPartialWrites' ? SWEEP_DELAY_MS : 0) });
    const source = new S3Source('sweep-refused', '', s3rver().connection(), 's3rver|refused');
    // The listing is refused (the probe before it is not): the run stops at its first page.
    source.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ListObjectsV2Command') {
          throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });
        }
        return next(args);
      },
      { step: 'initialize', name: 'testRefusedListing' },
    );
    await assert.rejects(runS3Backup(options, { sources: [source], destination: store, logger: silentLogger }), /AccessDenied|Access Denied|denied/i);
    const sweep = calls.find((c) => c.name === 'listPartialWrites');
    assert.ok(sweep, 'the sweep ran');
    const leaseWrites = calls.filter((c) => isWrite(c.name) && c.key === LEASE_FILE);
    assert.ok(leaseWrites.length >= 2, 'the lease was taken and released');
    const release = leaseWrites.at(-1)!;
    assert.ok(release.began >= sweep.ended, `the release (at ${release.began.toFixed(0)} ms) follows the sweep's end (${sweep.ended.toFixed(0)} ms)`);
    assert.deepEqual(calls.filter((c) => isWrite(c.name) && c.key !== LEASE_FILE).map((c) => `${c.name} ${c.key}`), [], 'nothing but the lease written');
  });

  it('that cannot be written fails the run with its error: nothing else written, nothing committed, the lease released', async () => {
    await s3rver().createBucket('marker-refused');
    const writer = new SourceWriter(s3rver().client(), 'marker-refused');
    for (let i = 0; i < 40; i++) await writer.put(`k${String(i).padStart(2, '0')}.txt`, `body ${i}`);
    const { store, folder } = await timedDestination(folders, {
      slow: (name, key) => (name === 'put' && isMarker(key) ? MARKER_DELAY_MS : 0),
      fail: (name, key) => (name === 'put' && isMarker(key) ? Object.assign(new Error('AccessDenied: the marker may not be written'), { name: 'AccessDenied' }) : undefined),
    });
    await assert.rejects(
      runS3Backup(options, { sources: [new S3Source('marker-refused', '', s3rver().connection(), 's3rver|refused')], destination: store, logger: silentLogger }),
      (error: Error) => error.name === 'AccessDenied' && /the marker may not be written/.test(error.message),
      "the run fails with the marker's own error",
    );
    const runs = await readdir(join(folder, 'catalog', 'runs')).catch(() => [] as string[]);
    assert.deepEqual(runs, [], 'no run record, no marker');
    const data = await readdir(join(folder, 'data')).catch(() => [] as string[]);
    assert.deepEqual(data, [], 'no copy');
    const sources = await readdir(join(folder, 'catalog', 'sources')).catch(() => [] as string[]);
    assert.deepEqual(sources, [], 'no state or events file');
    const lease = JSON.parse(await readFile(join(folder, LEASE_FILE), 'utf8')) as { releasedAt?: string };
    assert.ok(lease.releasedAt, 'the lease is released');
  });
});
