/**
 * The run list a backup reads is a window: when every source's pointer names a complete run that
 * backed it up, only the runs that started from seven days before that run on are listed (one page
 * for an hourly schedule, where the whole list grows by two keys a run). Unfinished runs older than
 * a complete run hold nothing it does not; any that could matter started after it and are in the
 * window. Anything else (no pointer, a partial or damaged run, a run that did not back the source
 * up) lists every run, as before. The chart of recent runs reads the whole list when the window
 * holds fewer runs than it shows. s3rver as the source, a local folder as the destination.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { RUN_LIST_WINDOW_MS, runIdTime } from '../../src/backends/s3/catalogue-reads.ts';
import { compactTime } from '../../src/plan/time.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import { silentLogger } from '../../src/report/logger.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, SourceWriter } from '../support/scenario.ts';

const options: BackupOptions = { overlapMs: 0, concurrency: 2, dryRun: false, serverSideCopy: false, retryAttempts: 1 };
const noSleep = async () => {};
const RUNS = 'catalog/runs/';
const DAY = 24 * 3600_000;

let s3rver: TestS3Server;
const folders: string[] = [];
before(async () => {
  s3rver = await startS3rver();
});
after(async () => {
  await s3rver.stop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

let count = 0;
async function setUp() {
  const bucket = `window-src-${++count}`;
  await s3rver.createBucket(bucket);
  const writer = new SourceWriter(s3rver.client(), bucket);
  for (const key of ['a', 'b', 'c']) await writer.put(key, `body of ${key}`);
  const folder = await mkdtemp(join(tmpdir(), 'pullback-window-'));
  folders.push(folder);
  const store = new LocalObjectStore(folder, destinationNaming);
  const source = () => new S3Source(bucket, '', s3rver.connection(), 's3rver|window');
  return { bucket, writer, store, source };
}

/** The destination, recording each listing of the run records: where it began (its startAfter). */
function listingRecorder(inner: ObjectStore): { store: ObjectStore; runListings: (string | undefined)[] } {
  const runListings: (string | undefined)[] = [];
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (name === 'list') {
        return (prefix: string, startAfter?: string) => {
          if (prefix === RUNS) runListings.push(startAfter);
          return (value as ObjectStore['list']).call(target, prefix, startAfter);
        };
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
  return { store, runListings };
}

/** A run id `offsetMs` from `base`'s time (the random part from `tag`). */
function runIdAt(base: string, offsetMs: number, tag: string): string {
  return `${compactTime(new Date(runIdTime(base)! + offsetMs).toISOString())}-${tag}`;
}

/** A start marker with no record: a run that was killed. */
async function killedRun(store: ObjectStore, runId: string): Promise<void> {
  await store.put(`${RUNS}${runId}.started.json`, JSON.stringify({ format: 'pullback-catalog/3', runId }));
}

/** A committed record copied from `from`'s under another id (readable: the chart counts what it says). */
async function copiedRecord(store: ObjectStore, from: string, runId: string): Promise<void> {
  const body = await text((await store.get(`${RUNS}${from}.json`))!);
  await store.put(`${RUNS}${runId}.json`, body.split(from).join(runId));
}

describe('the run list a backup reads', () => {
  it('after a complete run: only the window is listed; an unfinished run older than it is left alone, a newer one is reused and settled', async () => {
    const { bucket, writer, store, source } = await setUp();
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    assert.equal(first.status, 'complete');
    // A run killed long before the complete one (its copies are in that run's state), and one
    // killed after it (the next run must still reuse its copies and settle it).
    const ancient = runIdAt(first.runId, -30 * DAY, '0a0a0a');
    const recent = runIdAt(first.runId, 60_000, '0b0b0b');
    await killedRun(store, ancient);
    await killedRun(store, recent);
    await writer.put('d', 'new');

    const recorded = listingRecorder(store);
    // No chart (the CLI's default): the chart's own listing is the last test's.
    const second = await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: recorded.store, logger: silentLogger, sleep: noSleep });
    assert.equal(second.status, 'complete');
    const windowStart = compactTime(new Date(runIdTime(first.runId)! - RUN_LIST_WINDOW_MS).toISOString());
    assert.deepEqual(recorded.runListings, [`${RUNS}${windowStart}`], 'one listing of the run records, from seven days before the complete run');
    assert.deepEqual(second.unfinishedRuns, [recent], 'the run killed after the complete one is found; the one before it is not listed');
    assert.equal(second.totals.copied, 1);

    const all = await new Catalog(store).runIds();
    assert.deepEqual(all.unfinished, [ancient], 'the newer killed run is settled; the ancient one stays as it was (prune removes it)');
    await assertBackupMatches(store, `s3://${bucket}/`, new Date(Date.now() + 5000), writer.snapshot(), 'after the windowed run');
  });

  it('after a partial run: the whole list, so an unfinished run of any age is reused', async () => {
    const { store, source, writer } = await setUp();
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    const ancient = runIdAt(first.runId, -30 * DAY, '0c0c0c');
    await killedRun(store, ancient);
    await writer.put('e', 'fails');
    // A partial run: the window of the complete run before it does not reach the ancient killed run.
    const failing = await runS3Backup(options, {
      sources: [source()],
      destination: store,
      logger: silentLogger,
      sleep: noSleep,
      beforeCopy: (v) => (v.key === 'e' ? Promise.reject(new Error('denied')) : undefined),
    });
    assert.equal(failing.status, 'partial');
    assert.deepEqual(failing.unfinishedRuns, []);

    // Its pointer names a partial run, which settles nothing: every run is listed.
    const recorded = listingRecorder(store);
    const next = await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: recorded.store, logger: silentLogger, sleep: noSleep });
    assert.deepEqual(recorded.runListings, [undefined], 'every run listed');
    assert.deepEqual(next.unfinishedRuns, [ancient]);
    assert.equal(next.status, 'complete');
    assert.equal(next.totals.copied, 1);
    assert.deepEqual((await new Catalog(store).runIds()).unfinished, [], 'settled by the complete run that listed it');
  });

  it('with no pointer, or one naming a run without the source: the whole list', async () => {
    const { store, source, bucket } = await setUp();
    await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    const pointerKey = (await collect(store, 'catalog/sources/')).find((k) => k.endsWith('/latest.json'))!;
    assert.ok(pointerKey, 'the run wrote a pointer');

    await store.delete(pointerKey);
    const noPointer = listingRecorder(store);
    await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: noPointer.store, logger: silentLogger, sleep: noSleep });
    assert.deepEqual(noPointer.runListings, [undefined]);

    // A pointer naming a run that did not back this source up (a hint gone wrong).
    const other = await setUp();
    const otherRun = await runS3Backup(options, { sources: [other.source()], destination: store, logger: silentLogger, sleep: noSleep });
    await store.put(pointerKey, JSON.stringify({ runId: otherRun.runId, source: `s3://${bucket}/` }), { mutable: true });
    const wrongPointer = listingRecorder(store);
    const result = await runS3Backup(options, { sources: [source()], destination: wrongPointer.store, logger: silentLogger, sleep: noSleep });
    assert.equal(wrongPointer.runListings[0], undefined, 'every run listed');
    assert.equal(result.totals.copied, 0, 'the source\'s newest run was still found: nothing copied again');
  });

  it('the chart of recent runs reads the whole list when the window holds fewer runs than it shows', async () => {
    const { store, source } = await setUp();
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    // Ten weekly runs before it: outside the window but in the chart.
    const older = Array.from({ length: 10 }, (_, i) => runIdAt(first.runId, -(10 - i) * 8 * DAY, `00000${i}`));
    for (const id of older) await copiedRecord(store, first.runId, id);

    const recorded = listingRecorder(store);
    const result = await runS3Backup(options, { sources: [source()], destination: recorded.store, logger: silentLogger, sleep: noSleep });
    assert.equal(recorded.runListings.length, 2, 'the window, then the whole list for the chart');
    assert.notEqual(recorded.runListings[0], undefined);
    assert.equal(recorded.runListings[1], undefined);
    assert.deepEqual(
      result.recentRuns?.map((r) => r.runId),
      [...older, first.runId, result.runId],
      'the chart: ten older runs, the complete one, this one',
    );

    const quiet = listingRecorder(store);
    await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: quiet.store, logger: silentLogger, sleep: noSleep });
    assert.equal(quiet.runListings.length, 1, 'no chart asked for: the window alone');
  });
});

describe('runIdTime', () => {
  it('reads the start time a run id begins with, and nothing else', () => {
    assert.equal(runIdTime('20261124T161758.123Z-a1b2c3'), Date.UTC(2026, 10, 24, 16, 17, 58, 123));
    assert.equal(runIdTime('20261124T161758.123Z'), undefined);
    assert.equal(runIdTime('x20261124T161758.123Z-a1b2c3'), undefined);
    assert.equal(runIdTime(''), undefined);
  });
});

async function collect(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list(prefix)) keys.push(o.key);
  return keys;
}
