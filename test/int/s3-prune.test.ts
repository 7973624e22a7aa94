import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runS3Restore } from '../../src/backends/s3/restore.ts';
import { runS3Verify } from '../../src/backends/s3/verify.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { RunLease } from '../../src/backends/s3/catalog/lease.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';
import { SourceWriter } from '../support/scenario.ts';
import { listing, PruneHarness, type Point } from '../support/prune.ts';

/**
 * Issue 12: `mode: prune` over a real backup (s3rver source, local folder destination). Every run
 * is a restore point whose ground truth is known; after a prune every kept point restores byte for
 * byte, a pruned-away point is refused naming the nearest kept points, and whatever is killed
 * part-way leaves a catalogue that points only at data that is there.
 */
let s3rver: TestS3Server;
const folders: string[] = [];
const harnesses: PruneHarness[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-prune-'));
  folders.push(folder);
  return folder;
}
before(async () => {
  s3rver = await startS3rver();
});
after(async () => {
  for (const h of harnesses) await h.dispose();
  await s3rver.stop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

let count = 0;
async function harness(): Promise<PruneHarness> {
  const bucket = `prune-${++count}`;
  await s3rver.createBucket(bucket);
  const writer = new SourceWriter(s3rver.client(), bucket);
  const destination = new LocalObjectStore(await tempFolder(), destinationNaming);
  const h = new PruneHarness(writer, () => new S3Source(bucket, '', s3rver.connection(), 's3rver|prune'), destination);
  harnesses.push(h);
  return h;
}

/** Six runs: overwrites (one key rewritten every run), deletions, a key that comes back, a key that lives between runs only. */
async function sixRuns(h: PruneHarness): Promise<Point[]> {
  await h.run(async (w) => {
    for (const key of ['keep.txt', 'churn.txt', 'doomed.txt', 'phoenix.txt']) await w.put(key, `${key} v1`);
  });
  await h.run(async (w) => {
    await w.put('churn.txt', 'churn v2');
    await w.put('big.bin', Buffer.alloc(200_000, 1));
  });
  await h.run(async (w) => {
    await w.put('churn.txt', 'churn v3');
    await w.delete('doomed.txt');
    await w.delete('phoenix.txt');
    await w.put('big.bin', Buffer.alloc(300_000, 2));
  });
  await h.run(async (w) => {
    await w.put('churn.txt', 'churn v4');
    await w.put('phoenix.txt', 'phoenix reborn');
    await w.put('ephemeral.txt', 'lives one run');
  });
  await h.run(async (w) => {
    await w.put('churn.txt', 'churn v5');
    await w.delete('ephemeral.txt');
  });
  await h.run(async (w) => {
    await w.put('churn.txt', 'churn v6');
  });
  return h.points;
}

describe('prune of an S3 backup', () => {
  it('a dry run says what would go and changes nothing; the prune keeps every kept point exact and refuses the others', async () => {
    const h = await harness();
    const points = await sixRuns(h);
    const dataBefore = await listing(h.destination, 'data/');
    const catalogueBefore = await listing(h.destination, 'catalog/');

    const plan = await h.prune({ last: 2 }, { dryRun: true });
    assert.equal(plan.status, 'dry-run');
    assert.deepEqual(await listing(h.destination, 'data/'), dataBefore, 'a dry run removes no data');
    assert.deepEqual(await listing(h.destination, 'catalog/'), catalogueBefore, 'a dry run writes no catalogue file');
    // churn v1..v4, big.bin v1, doomed, ephemeral, phoenix v1: no kept point (runs 5 and 6) needs them.
    assert.equal(plan.totals.objects, 8);
    assert.equal(plan.totals.bytes, plan.planned.reduce((n, p) => n + p.size, 0));
    assert.deepEqual(plan.planned.map((p) => p.key).sort(), ['big.bin', 'churn.txt', 'churn.txt', 'churn.txt', 'churn.txt', 'doomed.txt', 'ephemeral.txt', 'phoenix.txt']);
    assert.ok(plan.planned.some((p) => p.key === 'big.bin' && p.size === 200_000));
    assert.deepEqual(plan.sources[0]!.kept.map((p) => p.runId), [points[4]!.runId, points[5]!.runId]);
    assert.ok(plan.totals.catalogueFiles > 0);

    const pruned = await h.prune({ last: 2 });
    assert.equal(pruned.status, 'complete');
    assert.equal(pruned.totals.removedObjects, 8);
    assert.equal(pruned.totals.freedBytes, plan.totals.bytes);
    const dataAfter = await listing(h.destination, 'data/');
    assert.equal(dataAfter.size, dataBefore.size - 8);
    for (const removal of plan.planned) assert.ok(!dataAfter.has(removal.backupKey), `${removal.backupKey} is gone`);

    await h.assertRestores(points[4]!, 'kept point 5');
    await h.assertRestores(points[5]!, 'kept point 6');
    for (const gone of points.slice(0, 4)) {
      await assert.rejects(h.restoreAt(gone.at), (error: Error) => {
        assert.match(error.message, /was pruned away \(prune /);
        assert.ok(error.message.includes(points[4]!.at.toISOString()), `names the nearest kept point: ${error.message}`);
        return true;
      });
    }
    // Runs after the newest point restore exactly: the latest backed-up version of every live key is there.
    await h.assertRestores({ ...points[5]!, at: new Date(Date.now()) }, 'now');

    // The catalogue shrank to the fold, the latest run's record and its state.
    const runs = await new Catalog(h.destination).runIds();
    assert.deepEqual(runs.committed, [points[5]!.runId]);
    const catalogueAfter = [...(await listing(h.destination, 'catalog/')).keys()];
    assert.ok(!catalogueAfter.some((k) => k.endsWith('events.jsonl.gz')), `no events file of a folded run: ${catalogueAfter.join(', ')}`);
    const verify = await runS3Verify({ sources: [], readData: { kind: 'all' }, concurrency: 4 }, { destination: h.destination, logger: silentLogger });
    assert.equal(verify.ok, true, JSON.stringify(verify.differences));
    assert.equal(verify.sources[0]!.catalogued.missing, 0);
  });

  it('keep-within keeps every moment of its window exact; backups go on after a prune, and a second prune folds again', async () => {
    const h = await harness();
    const points = await sixRuns(h);
    // The window reaches back to run 4: runs 4-6 and every moment between them stay exact.
    const within = points[5]!.at.getTime() - points[3]!.at.getTime();
    const first = await h.prune({ withinMs: within, last: 1 });
    assert.deepEqual(first.sources[0]!.kept.map((p) => p.runId), [points[3]!.runId, points[4]!.runId, points[5]!.runId]);
    assert.equal(first.sources[0]!.windowStart, points[3]!.at.toISOString());
    for (const p of points.slice(3)) await h.assertRestores(p, `window point ${p.runId}`);
    // Between two kept runs in the window: ephemeral.txt was deleted between runs 4 and 5.
    const between = new Date((points[3]!.at.getTime() + points[4]!.at.getTime()) / 2);
    const restored = await h.restoreAt(between);
    assert.ok(restored.has('churn.txt'));

    // Backups go on: a new version, a new key; the next backup copies only them.
    const seventh = await h.run(async (w) => {
      await w.put('churn.txt', 'churn v7');
      await w.put('late.txt', 'late');
    });
    await h.assertRestores(seventh, 'a run after the prune');
    await h.assertRestores(points[3]!, 'a kept point after a later backup');
    const second = await h.prune({ last: 2 });
    assert.deepEqual(second.sources[0]!.kept.map((p) => p.runId), [points[5]!.runId, seventh.runId]);
    await h.assertRestores(points[5]!, 'kept by the second prune');
    await h.assertRestores(seventh, 'newest after the second prune');
    await assert.rejects(h.restoreAt(points[3]!.at), /was pruned away/);
    const verify = await runS3Verify({ sources: [], readData: { kind: 'all' }, concurrency: 4 }, { destination: h.destination, logger: silentLogger });
    assert.equal(verify.ok, true, JSON.stringify(verify.differences));
  });

  it('killed before the commit: the old catalogue stands whole; the next prune finishes and sweeps the half-written files', async () => {
    const h = await harness();
    const points = await sixRuns(h);
    await assert.rejects(h.prune({ last: 2 }, {}, { beforeCommit: () => Promise.reject(new Error('killed before the commit')) }), /killed before the commit/);
    for (const p of points) await h.assertRestores(p, `after the killed prune, point ${p.runId}`);
    const orphans = [...(await listing(h.destination, 'catalog/sources/')).keys()].filter((k) => k.includes('/prunes/'));
    assert.ok(orphans.length > 0, 'the killed prune left its fold behind');
    const again = await h.prune({ last: 2 });
    assert.equal(again.status, 'complete');
    const left = [...(await listing(h.destination, 'catalog/sources/')).keys()].filter((k) => k.includes('/prunes/'));
    assert.ok(orphans.every((o) => !left.includes(o)), 'the files of the prune that never committed are swept');
    await h.assertRestores(points[4]!, 'kept point 5');
    await h.assertRestores(points[5]!, 'kept point 6');
  });

  it('killed part-way through removing data: kept points stay exact, and the next prune removes the rest', async () => {
    const h = await harness();
    const points = await sixRuns(h);
    let removals = 0;
    await assert.rejects(
      h.prune({ last: 2 }, { concurrency: 1 }, { beforeRemove: () => (++removals > 3 ? Promise.reject(new Error('killed while removing')) : undefined) }),
      /killed while removing/,
    );
    const partly = await listing(h.destination, 'data/');
    await h.assertRestores(points[4]!, 'kept point 5 after the kill');
    await h.assertRestores(points[5]!, 'kept point 6 after the kill');
    await assert.rejects(h.restoreAt(points[0]!.at), /was pruned away/, 'the committed prune already stands');
    const again = await h.prune({ last: 2 });
    assert.equal(again.status, 'complete');
    assert.equal(again.sources[0]!.counts.carried, 8, 'the whole list of the killed prune is gone through again');
    assert.equal(again.totals.removedObjects, 5, 'the five it had not removed are removed now');
    const finished = await listing(h.destination, 'data/');
    assert.equal(finished.size, partly.size - 5);
    await h.assertRestores(points[4]!, 'kept point 5 after the second prune');
    await h.assertRestores(points[5]!, 'kept point 6 after the second prune');
  });

  it('takes the same lease as backups: refused while another run holds it', async () => {
    const h = await harness();
    await h.run(async (w) => w.put('a.txt', 'alpha'));
    const holder = await RunLease.acquire(h.destination, Catalog.newRunId(new Date()), silentLogger);
    try {
      await assert.rejects(h.prune({ last: 1 }), /another pullback run holds the destination's lease/);
    } finally {
      await holder.release();
    }
    assert.equal((await h.prune({ last: 1 })).status, 'complete');
  });

  it('a restore to a pruned moment in a dry run is refused the same way, before anything is read', async () => {
    const h = await harness();
    const points = await sixRuns(h);
    await h.prune({ daily: 1 });
    const target = await tempFolder();
    await assert.rejects(
      runS3Restore({ at: points[2]!.at, sources: [], target: { kind: 'local', path: target }, concurrency: 2, dryRun: true }, { destination: h.destination, logger: silentLogger }),
      new RegExp(`nearest are ${points[5]!.at.toISOString().replace(/[.]/g, '\\.')}`),
    );
  });
});
