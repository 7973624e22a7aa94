import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { runS3Restore } from '../../src/backends/s3/restore.ts';
import { runS3Verify } from '../../src/backends/s3/verify.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { sourceAsOf, sourceHistory } from '../../src/backends/s3/catalog/history.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { KeyFilter, type FilterSpec } from '../../src/plan/filter.ts';
import { MOTO_MISSING, motoAvailable, startMoto, startS3rver, type TestS3Server } from '../support/s3.ts';
import type { BackupOptions, S3RestoreOptions, ShardRole } from '../../src/backends/s3/types.ts';

/**
 * Filters never misstate the source (issue 13): a key outside the filter keeps its last state and
 * is never recorded as deleted; a version left out by size is recorded as skipped, and a restore
 * to its time reports the key instead of restoring an older version; a filtered restore writes
 * and removes only keys inside the filter; verify compares only the filter's keys. Run on moto
 * (versioned) and s3rver (unversioned).
 */
const base: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const noSleep = async () => {};
const filter = (spec: Partial<FilterSpec>) => new KeyFilter({ include: [], exclude: [], rules: [], ...spec });
const pause = () => new Promise((resolve) => setTimeout(resolve, 1100));
const BUCKET = 'filters-src';
const PREFIX = 'data/';
const AWKWARD = 'dir/ünï+ 100%.txt';

const folders: string[] = [];
after(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-filters-'));
  folders.push(folder);
  return folder;
}

async function liveKeys(server: TestS3Server): Promise<Map<string, string>> {
  const client = server.client();
  const found = new Map<string, string>();
  const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: PREFIX }));
  for (const object of page.Contents ?? []) {
    const body = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: object.Key! }));
    found.set(object.Key!.slice(PREFIX.length), (await buffer(body.Body as NodeJS.ReadableStream)).toString());
  }
  return found;
}

async function asOf(destination: LocalObjectStore, at: Date): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  for await (const state of sourceAsOf(new Catalog(destination), `s3://${BUCKET}/${PREFIX}`, at)) {
    if (state.version) states.set(state.key.slice(PREFIX.length), `${state.version.s} bytes`);
    else if (state.skipped) states.set(state.key.slice(PREFIX.length), `skipped ${state.skipped.s} bytes`);
  }
  return states;
}

async function keyState(destination: LocalObjectStore, at: Date, key: string) {
  for await (const state of sourceAsOf(new Catalog(destination), `s3://${BUCKET}/${PREFIX}`, at)) if (state.key === PREFIX + key) return state;
  return { key: PREFIX + key } as { key: string; version?: unknown; uncertainDeletion?: { after: string; before: string } };
}

for (const kind of ['moto', 's3rver'] as const) {
  const skip = kind === 'moto' && !motoAvailable() ? MOTO_MISSING : false;
  describe(`filters on ${kind}${kind === 'moto' ? ' (versioned)' : ' (unversioned)'}`, { skip }, () => {
    let server: TestS3Server;
    let destination: LocalObjectStore;
    const put = (key: string, body: string) => server.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: PREFIX + key, Body: body }));
    const remove = (key: string) => server.client().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: PREFIX + key }));
    const source = () => new S3Source(BUCKET, PREFIX, server.connection('AKIDSOURCE'), `${server.endpoint}|source`);
    const backup = (f?: KeyFilter) => runS3Backup({ ...base, ...(f ? { filter: f } : {}) }, { sources: [source()], destination, logger: silentLogger, sleep: noSleep });
    const restore = (options: Partial<S3RestoreOptions> & { at: Date }) =>
      runS3Restore(
        { sources: [], target: { kind: 'default' }, concurrency: 4, dryRun: false, retryAttempts: 2, backup: base, ...options },
        { destination, logger: silentLogger, sleep: noSleep, sources: [source()] },
      );
    const moments: Record<string, Date> = {};

    before(async () => {
      server = kind === 'moto' ? await startMoto() : await startS3rver();
      await server.createBucket(BUCKET, { versioned: kind === 'moto' });
      destination = new LocalObjectStore(await tempFolder(), destinationNaming);
    });
    after(async () => server?.stop());

    it('a filter added later never records the keys it leaves out as deleted', async () => {
      await put('keep/a.txt', 'a1');
      await put('logs/x.log', 'log1');
      await put('big.bin', 'b'.repeat(3000));
      await put(AWKWARD, 'awkward');
      const first = await backup();
      assert.equal(first.status, 'complete');
      assert.equal(first.totals.copied, 4);
      await pause();
      moments['first'] = new Date();

      const second = await backup(filter({ exclude: ['*.log'] }));
      assert.equal(second.status, 'complete');
      assert.equal(second.totals.excluded, 1, 'the log is counted as left out');
      assert.equal(second.totals.deleted + second.totals.deleteMarkers + second.totals.purged, 0, 'nothing is recorded as deleted');
      assert.deepEqual(second.totals.copied, 0);
      const history = await sourceHistory(new Catalog(destination), `s3://${BUCKET}/${PREFIX}`);
      assert.deepEqual(history[history.length - 1]!.source.filter, { exclude: ['*.log'] }, 'the run record names its filter');
      assert.equal((await asOf(destination, new Date())).get('logs/x.log'), '4 bytes', 'the excluded key keeps its state');
    });

    it('a key deleted while outside the filter stays as last backed up; a version over max-size is recorded as skipped', async () => {
      await pause();
      await remove('logs/x.log');
      await put('big.bin', 'B'.repeat(5000));
      await put('keep/a.txt', 'a2');
      await pause();
      const third = await backup(filter({ exclude: ['*.log'], maxSize: 4096 }));
      assert.equal(third.status, 'complete');
      assert.equal(third.totals.deleted + third.totals.deleteMarkers + third.totals.purged, 0);
      assert.equal(third.totals.skipped, 1, 'the 5000-byte version is skipped');
      assert.equal(third.totals.copied, 1, 'keep/a.txt v2 is copied');
      await pause();
      moments['third'] = new Date();
      const now = await asOf(destination, moments['third']);
      assert.equal(now.get('big.bin'), 'skipped 5000 bytes', 'not the older 3000-byte version');
      assert.equal(now.get('logs/x.log'), '4 bytes');
      assert.equal((await asOf(destination, moments['first'])).get('big.bin'), '3000 bytes', 'before the overwrite, the old version');
    });

    it('a restore to the time of a skipped version reports the key and restores no older bytes', async () => {
      const result = await restore({ at: moments['third']!, target: { kind: 'local', path: await tempFolder() } });
      assert.equal(result.status, 'complete');
      assert.equal(result.totals.unavailable, 1);
      assert.ok(result.warnings.some((w) => w.includes('big.bin') && w.includes('min-size/max-size')), result.warnings.join('\n'));
      assert.ok(result.warnings.some((w) => w.includes('used a filter')), 'the restore says the runs were filtered');
      assert.ok(!result.planned.some((p) => p.key.endsWith('big.bin') && p.action !== 'unavailable'));
      assert.equal(result.totals.written, 3, 'keep/a.txt, the log as last backed up, the awkward key');
    });

    it('a filtered dry run lists only the keys inside the filter', async () => {
      const result = await restore({ at: moments['third']!, dryRun: true, filter: filter({ include: ['/keep/**', '*.txt'] }), target: { kind: 'local', path: await tempFolder() } });
      assert.equal(result.status, 'dry-run');
      assert.deepEqual(result.planned.map((p) => p.key.slice(PREFIX.length)).sort(), [AWKWARD, 'keep/a.txt'].sort());
      const sized = await restore({ at: moments['third']!, dryRun: true, filter: filter({ minSize: 3 }), target: { kind: 'local', path: await tempFolder() } });
      assert.deepEqual(sized.planned.map((p) => p.key.slice(PREFIX.length)).sort(), [AWKWARD, 'big.bin', 'logs/x.log'].sort(), 'min-size 3B leaves out the 2-byte keep/a.txt');
    });

    it('verify compares only the keys inside the filter', async () => {
      const unfiltered = await runS3Verify({ sources: [], readData: { kind: 'none' }, concurrency: 4 }, { destination, logger: silentLogger, liveSources: [source()] });
      const scoped = await runS3Verify(
        { sources: [], readData: { kind: 'none' }, concurrency: 4, filter: filter({ include: ['/keep/**'] }) },
        { destination, logger: silentLogger, liveSources: [source()] },
      );
      assert.equal(scoped.ok, true, JSON.stringify(scoped.differences));
      // A versioned listing still shows the deleted log (its delete marker).
      assert.equal(scoped.sources[0]!.live?.excluded, kind === 'moto' ? 3 : 2, 'big.bin and the awkward key are not compared');
      assert.equal(unfiltered.ok, false, 'without the filter, the skipped big.bin is not backed up');
      const reported = unfiltered.differences.filter((d) => d.kind === 'not-backed-up').map((d) => d.key!.slice(PREFIX.length)).sort();
      assert.deepEqual(reported, ['big.bin']);
      const bySize = await runS3Verify({ sources: [], readData: { kind: 'none' }, concurrency: 4, filter: filter({ maxSize: 4096 }) }, { destination, logger: silentLogger, liveSources: [source()] });
      assert.equal(bySize.ok, true, `a version the verify filter leaves out by size is not reported: ${JSON.stringify(bySize.differences)}`);
    });

    it('without the filter, the next backup copies the skipped version and records what changed while excluded', async () => {
      const run = await backup();
      assert.equal(run.status, 'complete');
      assert.equal(run.totals.copied, 1, 'big.bin, skipped before');
      const at = new Date(Date.now() + 1000);
      await pause();
      const state = await asOf(destination, at);
      assert.equal(state.get('big.bin'), '5000 bytes', 'the skipped version is copied once the limit is gone');
      assert.equal(state.has('logs/x.log'), false, 'the deletion made while excluded is now recorded');
      // It was deleted after the first run (the last that compared it) and before the third: a
      // restore to the third run's time must not claim it certainly existed then.
      const third = await keyState(destination, moments['third']!, 'logs/x.log');
      if (kind === 'moto') assert.equal(third.version, undefined, 'the delete marker dates the deletion exactly');
      else assert.ok(third.version && third.uncertainDeletion && Date.parse(third.uncertainDeletion.after) < moments['first']!.getTime(), JSON.stringify(third));
    });
    it('an in-place restore with a filter writes and removes only keys inside it', async () => {
      await put('keep/new.txt', 'new');
      await put('other/live.txt', 'live, outside the filter');
      await put('keep/a.txt', 'a3');
      const result = await restore({ at: moments['first']!, target: { kind: 'in-place', confirmed: true }, filter: filter({ include: ['/keep/**'] }) });
      assert.equal(result.status, 'complete', JSON.stringify(result.sources.map((s) => s.errors)));
      assert.equal(result.totals.removed, 1, 'keep/new.txt did not exist at T');
      const live = await liveKeys(server);
      assert.equal(live.get('keep/a.txt'), 'a1', 'restored as at T');
      assert.equal(live.has('keep/new.txt'), false);
      assert.equal(live.get('other/live.txt'), 'live, outside the filter', 'a live key outside the filter is untouched');
      assert.equal(live.get('big.bin'), 'B'.repeat(5000), 'a key outside the filter is not rolled back');
      assert.equal(live.has('logs/x.log'), false, 'a key outside the filter is not brought back');
    });

  });
}

describe('filters in a sharded run (s3rver)', () => {
  let server: TestS3Server;
  let destination: LocalObjectStore;
  const source = () => new S3Source('filters-shards', '', server.connection('AKIDSOURCE'), `${server.endpoint}|source`);
  const shard = (role: ShardRole, f?: KeyFilter) =>
    runS3Backup({ ...base, ...(f ? { filter: f } : {}), shard: role }, { sources: [source()], destination, logger: silentLogger, sleep: noSleep });
  before(async () => {
    server = await startS3rver();
    await server.createBucket('filters-shards');
    for (const key of ['a.txt', 'b.log', 'k.txt', 'm.log', 'x.txt', 'z.log']) await server.client().send(new PutObjectCommand({ Bucket: 'filters-shards', Key: key, Body: key }));
    destination = new LocalObjectStore(await tempFolder(), destinationNaming);
  });
  after(async () => server?.stop());

  it('the commit records the shards\' filter and their counts; no excluded key is recorded as deleted', async () => {
    for (const i of [1, 2]) assert.equal((await shard({ name: 'first', shard: i, count: 2 })).status, 'complete');
    assert.equal((await shard({ name: 'first', commit: true })).status, 'complete');
    const logs = filter({ exclude: ['*.log'] });
    for (const i of [1, 2]) assert.equal((await shard({ name: 'second', shard: i, count: 2 }, logs)).status, 'complete');
    const committed = await shard({ name: 'second', commit: true }, logs);
    assert.equal(committed.status, 'complete');
    assert.equal(committed.totals.excluded, 3);
    assert.equal(committed.totals.deleted + committed.totals.purged, 0);
    const history = await sourceHistory(new Catalog(destination), 's3://filters-shards/');
    assert.deepEqual(history[history.length - 1]!.source.filter, { exclude: ['*.log'] });
    const keys: string[] = [];
    for await (const state of sourceAsOf(new Catalog(destination), 's3://filters-shards/', new Date(Date.now() + 1000))) if (state.version) keys.push(state.key);
    assert.deepEqual(keys, ['a.txt', 'b.log', 'k.txt', 'm.log', 'x.txt', 'z.log']);
  });

  it('shards with different filters make no run: the commit is refused', async () => {
    assert.equal((await shard({ name: 'mixed', shard: 1, count: 2 }, filter({ exclude: ['*.log'] }))).status, 'complete');
    assert.equal((await shard({ name: 'mixed', shard: 2, count: 2 }, filter({ exclude: ['*.txt'] }))).status, 'complete');
    await assert.rejects(shard({ name: 'mixed', commit: true }), /different filters/);
  });
});
