/**
 * The run list a backup reads is a window: when the lease's first read finds it released by the run
 * every source's pointer names, and that run is complete and backed every source up, only the runs
 * that started from seven days before it are listed (one page for an hourly schedule, where the
 * whole list grows by two keys a run): no run held the lease since. Anything else (no pointer, a
 * partial or damaged run, a run that did not back the source up, a lease last held by another run,
 * whatever its clock) lists every run, as before. The chart of recent runs reads the whole list when
 * the window holds fewer runs than it shows. s3rver as the source and the destination (a folder as
 * the destination lists every run: its lease writes are not conditional).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { RUN_LIST_WINDOW_MS } from '../../src/backends/s3/catalogue-reads.ts';
import { LEASE_FILE } from '../../src/backends/s3/catalog/lease.ts';
import { compactTime, runIdTime } from '../../src/plan/time.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import { silentLogger } from '../../src/report/logger.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';
import { assertBackupMatches, SourceWriter } from '../support/scenario.ts';
import { useS3rver } from '../support/use-s3rver.ts';

const options: BackupOptions = { overlapMs: 0, concurrency: 2, dryRun: false, serverSideCopy: false, retryAttempts: 1 };
const noSleep = async () => {};
const RUNS = 'catalog/runs/';
const DAY = 24 * 3600_000;

const { s3rver, folders } = useS3rver();

let count = 0;
/**
 * A source on s3rver and a destination: a bucket on the same s3rver (its lease writes are
 * conditional, so a window may be listed), or a folder (they are not: every run is listed).
 */
async function setUp(kind: 'bucket' | 'folder' = 'bucket') {
  const bucket = `window-src-${++count}`;
  await s3rver().createBucket(bucket);
  const writer = new SourceWriter(s3rver().client(), bucket);
  for (const key of ['a', 'b', 'c']) await writer.put(key, `body of ${key}`);
  let store: ObjectStore;
  if (kind === 'folder') {
    const folder = await mkdtemp(join(tmpdir(), 'pullback-window-'));
    folders.push(folder);
    store = new LocalObjectStore(folder, destinationNaming);
  } else {
    await s3rver().createBucket(`window-dst-${count}`);
    store = new S3ObjectStore(`window-dst-${count}`, '', s3rver().connection(), 's3rver|window-dst');
  }
  const source = () => new S3Source(bucket, '', s3rver().connection(), 's3rver|window');
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

/** The start of the window of the run list that run `runId`'s release allows (its id's time less seven days). */
function windowOf(runId: string): string {
  return `${RUNS}${compactTime(new Date(runIdTime(runId)! - RUN_LIST_WINDOW_MS).toISOString())}`;
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
    assert.deepEqual(recorded.runListings, [windowOf(failing.runId), undefined], 'the window its id gives, listed while its record was read, then every run');
    assert.deepEqual(next.unfinishedRuns, [ancient]);
    assert.equal(next.status, 'complete');
    assert.equal(next.totals.copied, 1);
    assert.deepEqual((await new Catalog(store).runIds()).unfinished, [], 'settled by the complete run that listed it');
  });

  it('the window is listed while the pointed run\'s record is read, not after it', async () => {
    const { store, source } = await setUp();
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    const RECORD_DELAY_MS = 400;
    const events: string[] = [];
    const recorded = listingRecorder(
      new Proxy(store, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver) as unknown;
          if (typeof value !== 'function') return value;
          if (name === 'list') {
            return (prefix: string, startAfter?: string) => {
              if (prefix === RUNS) events.push('run list');
              return (value as ObjectStore['list']).call(target, prefix, startAfter);
            };
          }
          if (name !== 'get' && name !== 'getTagged') return (value as (...args: unknown[]) => unknown).bind(target);
          return async (key: string, ...rest: unknown[]) => {
            if (key !== `${RUNS}${first.runId}.json`) return (value as (...args: unknown[]) => unknown).call(target, key, ...rest);
            await new Promise((resolve) => setTimeout(resolve, RECORD_DELAY_MS));
            events.push('record read');
            return (value as (...args: unknown[]) => unknown).call(target, key, ...rest);
          };
        },
      }),
    );
    const second = await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: recorded.store, logger: silentLogger, sleep: noSleep });
    assert.equal(second.status, 'complete');
    assert.deepEqual(recorded.runListings, [windowOf(first.runId)], 'one listing, the window');
    assert.deepEqual(events, ['run list', 'record read'], 'the window is listed before the slowed record read ends');
  });

  it('a pointed record that started before its id says: the window from its start is listed again, and a run killed in between is found', async () => {
    const { store, source, writer } = await setUp();
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    // The record says it started a day before its id's time (a runner's clock stepped back, or an edit).
    const key = `${RUNS}${first.runId}.json`;
    const record = JSON.parse(await text((await store.get(key))!)) as { startedAt: string };
    record.startedAt = new Date(runIdTime(first.runId)! - DAY).toISOString();
    await store.put(key, JSON.stringify(record), { mutable: true });
    // A run killed 7.5 days before the id's time: outside the id's window, inside the record's.
    const killed = runIdAt(first.runId, -RUN_LIST_WINDOW_MS - DAY / 2, '0d0d0d');
    await killedRun(store, killed);
    await writer.put('f', 'new');
    const recorded = listingRecorder(store);
    const second = await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: recorded.store, logger: silentLogger, sleep: noSleep });
    assert.equal(second.status, 'complete');
    const fromRecord = `${RUNS}${compactTime(new Date(Date.parse(record.startedAt) - RUN_LIST_WINDOW_MS).toISOString())}`;
    assert.deepEqual(recorded.runListings, [windowOf(first.runId), fromRecord], "the id's window first, then the record's, which begins earlier");
    assert.deepEqual(second.unfinishedRuns, [killed], 'the killed run in between is found');
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
    assert.deepEqual(wrongPointer.runListings, [windowOf(otherRun.runId), undefined], 'the window listed while the record was read, then every run');
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

/** The destination with hooks: count data puts, fail some puts or listings. */
function wrap(inner: ObjectStore, hooks: { failPut?: (key: string) => boolean; failList?: (prefix: string, startAfter: string | undefined, n: number) => boolean }) {
  const dataPuts: string[] = [];
  let runListings = 0;
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      if (name === 'put') {
        return (key: string, ...rest: unknown[]) => {
          if (!key.startsWith('catalog/')) dataPuts.push(key);
          if (hooks.failPut?.(key)) return Promise.reject(new Error(`injected: put ${key} refused`));
          return (value as (...a: unknown[]) => unknown).call(target, key, ...rest);
        };
      }
      if (name === 'list') {
        return (prefix: string, startAfter?: string) => {
          if (prefix === RUNS) runListings++;
          if (hooks.failList?.(prefix, startAfter, runListings)) {
            return (async function* () {
              throw new Error('injected: listing refused (SlowDown after retries)');
            })();
          }
          return (value as ObjectStore['list']).call(target, prefix, startAfter);
        };
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
  return { store, dataPuts };
}

/** A run that copies and then dies at its commit (marker and copies, no record), on the clock `now` gives. */
async function runKilledAtCommit(store: ObjectStore, source: S3Source, now: () => Date): Promise<string[]> {
  const w = wrap(store, { failPut: (key) => key.startsWith(RUNS) && key.endsWith('.json') && !key.endsWith('.started.json') });
  await assert.rejects(runS3Backup({ ...options, recentRuns: false }, { sources: [source], destination: w.store, logger: silentLogger, sleep: noSleep, now }));
  return w.dataPuts;
}

describe('a lease that cannot vouch for the runs since its release', () => {
  it('a folder destination (lease writes without conditions) lists every run', async () => {
    const { store, source } = await setUp('folder');
    await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    const recorded = listingRecorder(store);
    await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: recorded.store, logger: silentLogger, sleep: noSleep });
    assert.deepEqual(recorded.runListings, [undefined]);
  });

  it('a run that took a stale lease over says so: the next backup lists every run (the old holder may have written after it)', async () => {
    const { store, source } = await setUp();
    await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    // A holder that never released it, its heartbeat long stale.
    const stale = {
      format: 'pullback-lease/1',
      runId: '20260101T000000.000Z-0d0d0d',
      host: 'elsewhere',
      pid: 1,
      token: 'x'.repeat(24),
      acquiredAt: '2026-01-01T00:00:00.000Z',
      heartbeatAt: '2026-01-01T00:00:00.000Z',
      staleAfterSeconds: 600,
    };
    await store.put(LEASE_FILE, JSON.stringify(stale), { mutable: true });
    const takeover = await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    assert.equal(takeover.status, 'complete');
    const lease = JSON.parse(await text((await store.get(LEASE_FILE))!)) as { runId: string; releasedAt?: string; tookOver?: string };
    assert.equal(lease.runId, takeover.runId);
    assert.ok(lease.releasedAt);
    assert.equal(lease.tookOver, stale.runId, 'the released lease names the run it took over');

    const afterTakeover = listingRecorder(store);
    await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: afterTakeover.store, logger: silentLogger, sleep: noSleep });
    assert.deepEqual(afterTakeover.runListings, [undefined], 'every run listed');
    const next = listingRecorder(store);
    await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: next.store, logger: silentLogger, sleep: noSleep });
    assert.notEqual(next.runListings[0], undefined, 'the run after that lists a window again');
  });
});

describe('the window and skewed clocks: it rests on the lease, not on run ids', () => {
  it('a killed run from a machine whose clock is 10 days slow: its copies are reused, not made again', async () => {
    const { writer, store, source } = await setUp();
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    assert.equal(first.status, 'complete');
    await writer.put('d', 'new body of d');
    const killedCopies = await runKilledAtCommit(store, source(), () => new Date(Date.now() - 10 * DAY));
    assert.equal(killedCopies.length, 1, 'the killed run copied d');
    const { unfinished } = await new Catalog(store).runIds();
    assert.equal(unfinished.length, 1, 'the killed run is unfinished in the catalogue');

    const w = wrap(store, {});
    const next = await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: w.store, logger: silentLogger, sleep: noSleep });
    assert.equal(next.status, 'complete');
    assert.deepEqual(next.unfinishedRuns, unfinished, 'the unfinished run is found');
    assert.deepEqual(w.dataPuts, [], 'd is not copied a second time');
  });

  it('a complete run from a machine whose clock is 30 days fast, then a killed run with a right clock: its copies are reused', async () => {
    const { writer, store, source } = await setUp();
    const fast = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep, now: () => new Date(Date.now() + 30 * DAY) });
    assert.equal(fast.status, 'complete');
    await writer.put('d', 'new body of d');
    const killedCopies = await runKilledAtCommit(store, source(), () => new Date());
    assert.equal(killedCopies.length, 1);
    const { unfinished } = await new Catalog(store).runIds();

    const w = wrap(store, {});
    const next = await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: w.store, logger: silentLogger, sleep: noSleep });
    assert.deepEqual(next.unfinishedRuns, unfinished, 'the unfinished run is found');
    assert.deepEqual(w.dataPuts, [], 'd is not copied a second time');
  });
});

describe('the chart and damaged records', () => {
  it('a failed listing for the chart does not fail a run that committed', async () => {
    const { store, source } = await setUp();
    await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    // Only the listing after the first one fails (the window, then the chart's fallback to the whole list).
    const w = wrap(store, { failList: (prefix, _after, n) => prefix === RUNS && n >= 2 });
    const result = await runS3Backup(options, { sources: [source()], destination: w.store, logger: silentLogger, sleep: noSleep }).catch((e: Error) => e);
    const committed = (await new Catalog(store).runIds()).committed;
    assert.equal(committed.length, 2, 'the second run committed');
    assert.ok(!(result instanceof Error), `the run that committed reports success (got: ${result instanceof Error ? result.message : ''})`);
  });

  it('a pointed record whose startedAt is a valid but extreme date does not stop every backup', async () => {
    const { store, source } = await setUp();
    const first = await runS3Backup(options, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep });
    const key = `${RUNS}${first.runId}.json`;
    const body = await text((await store.get(key))!);
    const record = JSON.parse(body) as { startedAt: string };
    record.startedAt = '-271821-04-20T00:00:00.000Z';
    await store.put(key, JSON.stringify(record), { mutable: true });
    assert.ok(await new Catalog(store).readRun(first.runId), 'the record still validates');
    const next = await runS3Backup({ ...options, recentRuns: false }, { sources: [source()], destination: store, logger: silentLogger, sleep: noSleep }).catch((e: Error) => e);
    assert.ok(!(next instanceof Error), `the backup ran (got: ${next instanceof Error ? `${next.name}: ${next.message}` : ''})`);
  });
});

describe('runIdTime', () => {
  it('reads the start time a run id begins with, and nothing else', () => {
    assert.equal(runIdTime('20261124T161758.123Z-a1b2c3'), Date.UTC(2026, 10, 24, 16, 17, 58, 123));
    assert.equal(runIdTime('20261124T161758.123Z'), undefined);
    assert.equal(runIdTime('x20261124T161758.123Z-a1b2c3'), undefined);
    assert.equal(runIdTime(''), undefined);
    assert.equal(runIdTime('20261199T161758.123Z-a1b2c3'), undefined, 'day 99 is not rolled into the next months');
    assert.equal(runIdTime('20261124T250000.000Z-a1b2c3'), undefined);
    assert.equal(runIdTime('00501124T161758.123Z-a1b2c3'), undefined, 'a two-digit year is not read as 19xx');
  });
});

async function collect(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list(prefix)) keys.push(o.key);
  return keys;
}
