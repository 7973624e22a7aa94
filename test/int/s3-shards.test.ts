import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { runS3Restore } from '../../src/backends/s3/restore.ts';
import { runS3Verify } from '../../src/backends/s3/verify.ts';
import { runS3Prune } from '../../src/backends/s3/prune.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { partFile, planFile, type ShardPart, type ShardPlan } from '../../src/backends/s3/catalog/shards.ts';
import { RunLease } from '../../src/backends/s3/catalog/lease.ts';
import { ShardCommitError } from '../../src/backends/s3/shard-commit.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { targetNaming } from '../../src/stores/object/local/target-names.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import type { BackupOptions, BackupResult, ShardRole } from '../../src/backends/s3/types.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { MOTO_MISSING, motoAvailable, startMoto, startS3rver, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, checkpoint, SourceWriter, type TruthObject } from '../support/scenario.ts';
import { filesBelow } from '../support/restore.ts';
import { readFile } from 'node:fs/promises';

/**
 * Issue 14: a backup sharded across processes (a job matrix) commits one ordinary run. Each case
 * backs one source up twice, sharded (4 shards, then the commit) and unsharded, into two
 * destinations: their catalogues must hold the same state lines and events (run ids and listing
 * times aside), and both restore the ground truth byte for byte at every point.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const COUNT = 4;
const noSleep = async () => {};

/** State lines and events, without what differs between two runs over the same data. */
async function normalised(destination: ObjectStore, runId: string, dropDigests = false): Promise<{ state: unknown[]; events: unknown[]; kind: string }> {
  const catalog = new Catalog(destination);
  const record = (await catalog.readRun(runId))!.sources[0]!;
  const state: unknown[] = [];
  for await (const line of catalog.readState(record)) state.push(line);
  const events: unknown[] = [];
  for await (const event of catalog.readEvents(record)) {
    const { seen: _seen, after: _after, before: _before, sha256, ...rest } = event as unknown as Record<string, unknown>;
    // A copy an interrupted attempt made is reused without reading it through: no SHA-256 (as after any unfinished run).
    events.push(dropDigests || sha256 === undefined ? rest : { ...rest, sha256 });
  }
  return { state, events, kind: record.stateKind ?? 'full' };
}

for (const kind of ['s3rver', 'moto'] as const) {
  describe(`a sharded backup (${kind})`, { skip: kind === 'moto' && !motoAvailable() ? MOTO_MISSING : false }, () => {
    let server: TestS3Server;
    const folders: string[] = [];
    let n = 0;
    before(async () => {
      server = kind === 'moto' ? await startMoto() : await startS3rver();
    });
    after(async () => {
      await server.stop();
      for (const folder of folders) await rm(folder, { recursive: true, force: true });
    });

    async function world() {
      const id = ++n;
      const bucket = `shard-src-${id}`;
      await server.createBucket(bucket, { versioned: kind === 'moto' });
      // A versioned destination on moto: a copy made twice would show as a second version.
      await server.createBucket(`shard-dst-${id}`, { versioned: kind === 'moto' });
      await server.createBucket(`plain-dst-${id}`);
      const writer = new SourceWriter(server.client(), bucket);
      const source = () => new S3Source(bucket, '', server.connection(), `${kind}|shards`);
      const sharded = new S3ObjectStore(`shard-dst-${id}`, 'backup/', server.connection(), `${kind}|shard-dst`);
      const plain = new S3ObjectStore(`plain-dst-${id}`, 'backup/', server.connection(), `${kind}|plain-dst`);
      const shard = (role: ShardRole) => runS3Backup({ ...options, shard: role }, { sources: [source()], destination: sharded, logger: silentLogger, sleep: noSleep });
      const shardedRun = async (name: string, skip: number[] = []): Promise<BackupResult> => {
        for (let i = 1; i <= COUNT; i++) if (!skip.includes(i)) assert.equal((await shard({ name, shard: i, count: COUNT })).status, 'complete', `shard ${i}`);
        return shard({ name, commit: true });
      };
      const plainRun = () => runS3Backup(options, { sources: [source()], destination: plain, logger: silentLogger, sleep: noSleep });
      return { id, bucket, writer, source, sharded, plain, shard, shardedRun, plainRun, sourceId: `s3://${bucket}/` };
    }

    async function seed(writer: SourceWriter, keys: number) {
      const tops = ['a', 'docs', 'm', 'photos/2024', 'photos/2025', 'z'];
      for (let i = 0; i < keys; i++) await writer.put(`${tops[i % tops.length]}/${String(i).padStart(3, '0')}`, `v0 of ${i} `.repeat(1 + (i % 7)));
    }

    it('4 shards and a commit write the catalogue one run writes; restores match at every point; the next run builds on it', async () => {
      const w = await world();
      await seed(w.writer, 48);
      const points: { at: Date; truth: Map<string, TruthObject> }[] = [];
      const runs: [string, string][] = [];

      const compare = async (label: string) => {
        const a = await w.shardedRun(`${label}`);
        const b = await w.plainRun();
        assert.equal(a.status, 'complete');
        assert.equal(b.status, 'complete');
        assert.deepEqual(a.totals.keys, b.totals.keys, `${label}: keys`);
        assert.deepEqual(a.totals.copied, b.totals.copied, `${label}: versions copied`);
        const left = await normalised(w.sharded, a.runId);
        const right = await normalised(w.plain, b.runId);
        assert.deepEqual(left, right, `${label}: the sharded run's state and events are the unsharded run's`);
        runs.push([a.runId, b.runId]);
        points.push({ at: await checkpoint(), truth: w.writer.snapshot() });
      };

      await compare('run-1');
      const firstPlan = await new Catalog(w.sharded).destination.get(planFile('run-1'));
      const plan1 = JSON.parse(Buffer.concat(await firstPlan!.toArray()).toString()) as ShardPlan;
      assert.equal(plan1.sources[0]!.splitsFrom, 'fallback', 'the first sharded run has no committed keys to split by');

      // Changes in every range: overwrites, deletions, new keys.
      await w.writer.put('a/000', 'a/000 rewritten');
      await w.writer.put('photos/2024/003', 'new photo bytes');
      await w.writer.delete('m/002');
      await w.writer.delete('z/005');
      await w.writer.put('b/new', 'a key between ranges');
      await w.writer.put('zz/last', 'the last key');
      await compare('run-2');
      const plan2 = JSON.parse(Buffer.concat(await (await w.sharded.get(planFile('run-2')))!.toArray()).toString()) as ShardPlan;
      assert.equal(plan2.sources[0]!.splitsFrom, 'catalogue sample', 'the second run splits where the first found the keys');
      const record2 = (await new Catalog(w.sharded).readRun(runs[1]![0]))!.sources[0]!;
      assert.equal(record2.stateKind, 'delta', 'a sharded run writes a delta on the chain like any run');
      assert.equal(record2.previousRunId, runs[0]![0]);

      // An unsharded run after the sharded ones builds on their catalogue.
      await w.writer.put('docs/001', 'after the sharded runs');
      const plainAfter = await runS3Backup(options, { sources: [w.source()], destination: w.sharded, logger: silentLogger, sleep: noSleep });
      assert.equal(plainAfter.totals.copied, 1, 'only the one change is copied');
      await w.plainRun();
      points.push({ at: await checkpoint(), truth: w.writer.snapshot() });

      for (const [i, point] of points.entries()) {
        await assertBackupMatches(w.sharded, w.sourceId, point.at, point.truth, `sharded, point ${i + 1}`);
        await assertBackupMatches(w.plain, w.sourceId, point.at, point.truth, `unsharded, point ${i + 1}`);
      }
      // A real restore of the sharded catalogue, to a folder, byte for byte.
      const folder = await mkdtemp(join(tmpdir(), 'pullback-shards-'));
      folders.push(folder);
      const restored = await runS3Restore(
        { at: points[1]!.at, sources: [], target: { kind: 'default' }, concurrency: 4, dryRun: false, retryAttempts: 2 },
        { destination: w.sharded, logger: silentLogger, sleep: noSleep, openTarget: () => new LocalObjectStore(folder, targetNaming()) },
      );
      assert.equal(restored.status, 'complete');
      const files = await filesBelow(folder);
      assert.equal(files.length, points[1]!.truth.size, files.slice(0, 3).join(', '));
      for (const [key, truth] of points[1]!.truth) assert.ok((await readFile(join(folder, w.bucket, key))).equals(truth.body), `restored ${key}`);

      // verify reads the sharded catalogue like any other: every file, every object read back, the live bucket compared.
      const verified = await runS3Verify({ sources: [], readData: { kind: 'all' }, concurrency: 4 }, { destination: w.sharded, logger: silentLogger, liveSources: [w.source()] });
      assert.equal(verified.ok, true, JSON.stringify(verified.differences));

      if (kind === 'moto') {
        // No version copied twice: one version per backup object in the versioned destination.
        const seen = new Map<string, number>();
        let marker: { KeyMarker?: string; VersionIdMarker?: string } = {};
        for (;;) {
          const page = await server.client().send(new ListObjectVersionsCommand({ Bucket: `shard-dst-${w.id}`, Prefix: 'backup/data/', ...marker }));
          for (const v of page.Versions ?? []) seen.set(v.Key!, (seen.get(v.Key!) ?? 0) + 1);
          if (!page.IsTruncated) break;
          marker = { KeyMarker: page.NextKeyMarker!, VersionIdMarker: page.NextVersionIdMarker! };
        }
        assert.deepEqual([...seen.values()].filter((c) => c > 1), [], 'every backup object was written once');
      }
    });

    it('refuses to commit while a shard is missing, naming it; commits once it has run', async () => {
      const w = await world();
      await seed(w.writer, 24);
      await assert.rejects(w.shardedRun('gap', [3]), (error: Error) => error instanceof ShardCommitError && /shard 3\/4/.test(error.message));
      assert.deepEqual((await new Catalog(w.sharded).runIds()).committed, [], 'nothing committed');
      // The shards hold the lease together until the commit: a normal backup meanwhile is refused.
      await assert.rejects(
        runS3Backup(options, { sources: [w.source()], destination: w.sharded, logger: silentLogger, sleep: noSleep }),
        /another pullback run holds the destination's lease/,
      );
      assert.equal((await w.shard({ name: 'gap', shard: 3, count: COUNT })).status, 'complete');
      const done = await w.shard({ name: 'gap', commit: true });
      const plain = await w.plainRun();
      assert.deepEqual(await normalised(w.sharded, done.runId), await normalised(w.plain, plain.runId));
      // The commit released the lease: a normal backup runs, and finds nothing to copy.
      const afterwards = await runS3Backup(options, { sources: [w.source()], destination: w.sharded, logger: silentLogger, sleep: noSleep });
      assert.equal(afterwards.totals.copied, 0);
      // Run again (GitHub "re-run all jobs"): every step sees the run committed and does nothing.
      const again = await w.shard({ name: 'gap', shard: 1, count: COUNT });
      assert.equal(again.totals.copied, 0);
      assert.equal((await w.shard({ name: 'gap', commit: true })).runId, done.runId);
      // A shard that says another count is refused, naming the input.
      await assert.rejects(w.shard({ name: 'gap', shard: 1, count: 2 }), /shard: this shard says 2 shards/);
    });

    it('a prune removes the parts of committed sharded runs; an uncommitted run keeps its parts, the key sample stays', async () => {
      const w = await world();
      await seed(w.writer, 24);
      await w.shardedRun('p1');
      await w.writer.put('m/001', 'changed before the second run');
      await w.shardedRun('p2');
      // A third run's shards, not committed: its parts stay.
      await w.writer.put('z/005', 'changed before the third run');
      await w.shard({ name: 'p3', shard: 1, count: COUNT });
      const below = async (prefix: string) => {
        const keys: string[] = [];
        for await (const o of w.sharded.list(prefix)) keys.push(o.key);
        return keys;
      };
      // A sharded run holds the lease until its commit: a prune meanwhile is refused.
      await assert.rejects(runS3Prune({ policy: { last: 1 }, dryRun: false, concurrency: 4, retryAttempts: 2 }, { destination: w.sharded, logger: silentLogger, sleep: noSleep }), /lease/);
      for (let i = 2; i <= COUNT; i++) await w.shard({ name: 'p3', shard: i, count: COUNT });
      await w.shard({ name: 'p3', commit: true });
      // A fourth run's first shard, never committed (its lease soon stale, so the prune may run).
      await runS3Backup({ ...options, shard: { name: 'p4', shard: 1, count: COUNT }, lease: { staleAfterMs: 1000 } }, { sources: [w.source()], destination: w.sharded, logger: silentLogger, sleep: noSleep });
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const pruned = await runS3Prune({ policy: { last: 1 }, dryRun: false, concurrency: 4, retryAttempts: 2 }, { destination: w.sharded, logger: silentLogger, sleep: noSleep });
      assert.equal(pruned.status, 'complete');
      for (const name of ['p1', 'p2', 'p3']) assert.deepEqual(await below(`catalog/shards/${name}/`), [], `the parts of committed run ${name} are gone`);
      assert.ok((await below('catalog/shards/p4/')).length > 0, 'an uncommitted run keeps its parts');
      assert.ok((await below('catalog/shards.json')).length === 1, 'the key sample stays');
      await assertBackupMatches(w.sharded, w.sourceId, new Date(Date.now() + 2000), w.writer.snapshot(), 'after the prune');
    });

    it('the commit joins only the files a shard writes: a part naming another file is refused', async () => {
      const w = await world();
      await seed(w.writer, 12);
      for (let i = 1; i <= COUNT; i++) await w.shard({ name: 'forged', shard: i, count: COUNT });
      const file = partFile('forged', 2, COUNT);
      const part = JSON.parse(Buffer.concat(await (await w.sharded.get(file))!.toArray()).toString()) as ShardPart;
      part.sources[0]!.events.file = 'catalog/lock.json';
      await w.sharded.put(file, JSON.stringify(part));
      await assert.rejects(w.shard({ name: 'forged', commit: true }), /part-2-of-4\.json.*does not name the files shard 2 writes/);
      assert.deepEqual((await new Catalog(w.sharded).runIds()).committed, []);
    });

    it('a shard that joins a lease whose taker died before writing the plan writes it itself', { skip: kind === 's3rver' ? 'needs conditional writes (If-None-Match), which s3rver ignores' : false }, async () => {
      const w = await world();
      await seed(w.writer, 12);
      // The lease taken for the run, then nothing: the taker "died" before its plan.
      const taker = await RunLease.acquire(w.sharded, Catalog.newRunId(new Date()), silentLogger, { shared: 'orphan' });
      await taker.leave();
      for (let i = 1; i <= 2; i++) assert.equal((await w.shard({ name: 'orphan', shard: i, count: 2 })).status, 'complete');
      const done = await w.shard({ name: 'orphan', commit: true });
      assert.equal(done.runId, taker.holder.runId, 'the run is the lease\'s');
      const plain = await w.plainRun();
      assert.deepEqual(await normalised(w.sharded, done.runId), await normalised(w.plain, plain.runId));
    });

    it('a shard killed mid-part and run again alone converges, copying nothing twice', { skip: kind === 's3rver' ? 'the child runs on moto (versioned destination counts versions)' : false }, async () => {
      const w = await world();
      await seed(w.writer, 60);
      const child = (config: Record<string, unknown>) =>
        new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => {
          const proc = spawn(process.execPath, ['--import', 'tsx', 'test/support/shard-child.ts', JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          proc.stdout.on('data', (d) => (out += d));
          proc.on('exit', (code, signal) => resolve({ code, signal, out }));
        });
      const base = { connection: server.connection(), source: w.bucket, destination: `shard-dst-${w.id}`, prefix: 'backup/', name: 'kill', count: COUNT, concurrency: 2 };
      // Shards 1, 2 and 4 as processes at once; shard 3 is killed after 3 copies.
      const procs = [1, 2, 4].map((shard) => child({ ...base, shard }));
      const killed = await child({ ...base, shard: 3, killAfterCopies: 3 });
      assert.equal(killed.signal, 'SIGKILL');
      for (const p of await Promise.all(procs)) assert.equal(p.code, 0, p.out);
      await assert.rejects(w.shard({ name: 'kill', commit: true }), /shard 3\/4/);
      // Re-run shard 3 alone (in this process: the killed one's lease is joined, not waited out).
      const rerun = await w.shard({ name: 'kill', shard: 3, count: COUNT });
      assert.ok(rerun.totals.reused >= 1, `the re-run reuses the killed attempt's copies (${JSON.stringify(rerun.totals)})`);
      const done = await w.shard({ name: 'kill', commit: true });
      assert.equal(done.status, 'complete');
      const plain = await w.plainRun();
      assert.deepEqual(await normalised(w.sharded, done.runId, true), await normalised(w.plain, plain.runId, true));
      await assertBackupMatches(w.sharded, w.sourceId, new Date(Date.now() + 2000), w.writer.snapshot(), 'after the kill');
      const versions = await server.client().send(new ListObjectVersionsCommand({ Bucket: `shard-dst-${w.id}`, Prefix: 'backup/data/' }));
      const keys = (versions.Versions ?? []).map((v) => v.Key!);
      assert.equal(keys.length, new Set(keys).size, 'no version was copied twice');
      assert.equal(keys.length, 60);
    });
  });
}
