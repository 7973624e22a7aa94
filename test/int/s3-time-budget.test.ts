import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import type { BackupOptions, ShardRole } from '../../src/backends/s3/types.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { MOTO_MISSING, motoAvailable, startMoto, startS3rver, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, checkpoint, SourceWriter } from '../support/scenario.ts';

/**
 * Issue 14: a run with a time budget (`max-duration`) stops taking keys when it is nearly spent,
 * commits a partial run whose state covers what it did and carries the rest forward (nothing
 * recorded as deleted, the watermark unmoved), and the next run copies only what is left. The
 * clock is the test's: each copy advances it a second, so the budget runs out after a few keys.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 1, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const KEYS = 30;

for (const kind of ['s3rver', 'moto'] as const) {
  describe(`a backup with a time budget (${kind})`, { skip: kind === 'moto' && !motoAvailable() ? MOTO_MISSING : false }, () => {
    let server: TestS3Server;
    let n = 0;
    before(async () => {
      server = kind === 'moto' ? await startMoto() : await startS3rver();
    });
    after(() => server.stop());

    async function world(checkpointEvery: number) {
      const bucket = `budget-${++n}`;
      await server.createBucket(bucket, { versioned: kind === 'moto' });
      await server.createBucket(`${bucket}-dst`);
      const writer = new SourceWriter(server.client(), bucket);
      const destination = new S3ObjectStore(`${bucket}-dst`, '', server.connection(), `${kind}|budget`);
      let copies = 0;
      const run = (extra: Partial<BackupOptions> = {}) =>
        runS3Backup(
          { ...options, checkpoint: { every: checkpointEvery, deltaRatio: 10 }, ...extra },
          {
            sources: [new S3Source(bucket, '', server.connection(), `${kind}|budget-src`)],
            destination,
            logger: silentLogger,
            // Each copy takes "a second" of the run's clock.
            now: () => new Date(Date.now() + copies * 1000),
            beforeCopy: () => {
              copies++;
            },
          },
        );
      return { bucket, writer, destination, run, sourceId: `s3://${bucket}/` };
    }

    async function stateKeys(destination: S3ObjectStore, runId: string): Promise<string[]> {
      const catalog = new Catalog(destination);
      const keys: string[] = [];
      for await (const line of catalog.readState((await catalog.readRun(runId))!.sources[0]!)) keys.push(line.k);
      return keys;
    }

    async function events(destination: S3ObjectStore, runId: string): Promise<string[]> {
      const catalog = new Catalog(destination);
      const types: string[] = [];
      for await (const event of catalog.readEvents((await catalog.readRun(runId))!.sources[0]!)) types.push(event.type);
      return types;
    }

    it('a first run cut short commits what it did; the next copies only the rest', async () => {
      const w = await world(32);
      for (let i = 0; i < KEYS; i++) await w.writer.put(`k/${String(i).padStart(2, '0')}`, `value ${i}`);
      const first = await w.run({ maxDurationMs: 10_000 });
      assert.equal(first.status, 'partial');
      const stopped = first.sources[0]!.stoppedBefore;
      assert.ok(stopped, 'the result names the key it stopped before');
      assert.ok(first.totals.copied > 0 && first.totals.copied < KEYS, `copied ${first.totals.copied} of ${KEYS}`);
      assert.equal(first.watermarksAfter[w.sourceId], undefined, 'no watermark: the listing did not finish');
      assert.equal((await stateKeys(w.destination, first.runId)).length, first.totals.copied);
      const second = await w.run();
      assert.equal(second.status, 'complete');
      assert.equal(second.totals.copied, KEYS - first.totals.copied, 'only what was left is copied');
      assert.equal(second.totals.reused, 0);
      await assertBackupMatches(w.destination, w.sourceId, await checkpoint(), w.writer.snapshot(), 'after the second run');
    });

    for (const [label, every] of [
      ['a checkpoint', 1],
      ['a delta', 32],
    ] as const) {
      it(`a run cut short writing ${label} carries the keys it did not reach forward, never as deleted`, async () => {
        const w = await world(every);
        for (let i = 0; i < KEYS; i++) await w.writer.put(`k/${String(i).padStart(2, '0')}`, `value ${i}`);
        const base = await w.run();
        assert.equal(base.status, 'complete');
        const before = base.watermarksAfter[w.sourceId];
        const at1 = await checkpoint();
        const truth1 = w.writer.snapshot();
        // Every key changes; one goes.
        for (let i = 0; i < KEYS; i++) await w.writer.put(`k/${String(i).padStart(2, '0')}`, `value ${i}, second`);
        await w.writer.delete('k/29');
        const cut = await w.run({ maxDurationMs: 10_000 });
        assert.equal(cut.status, 'partial');
        assert.ok(cut.totals.copied > 0 && cut.totals.copied < KEYS - 2, `copied ${cut.totals.copied}`);
        assert.equal(cut.watermarksAfter[w.sourceId], before, 'the watermark did not move');
        const record = (await new Catalog(w.destination).readRun(cut.runId))!.sources[0]!;
        assert.equal(record.stateKind ?? 'full', every === 1 ? 'full' : 'delta');
        assert.equal(record.complete, false);
        assert.equal((await stateKeys(w.destination, cut.runId)).length, KEYS, 'the state still holds every key');
        assert.ok(!(await events(w.destination, cut.runId)).some((t) => t === 'deleted' || t === 'purged'), 'nothing recorded as deleted');
        const rest = await w.run();
        assert.equal(rest.status, 'complete');
        // On a versioned bucket the deleted key's second version is copied too (it stays in the history).
        assert.equal(rest.totals.copied, (kind === 'moto' ? KEYS : KEYS - 1) - cut.totals.copied, `the next run copies only what is left: ${JSON.stringify({ cut: cut.totals, rest: rest.totals, stopped: cut.sources[0]!.stoppedBefore })}`);
        const at2 = await checkpoint();
        await assertBackupMatches(w.destination, w.sourceId, at1, truth1, 'before the changes');
        await assertBackupMatches(w.destination, w.sourceId, at2, w.writer.snapshot(), 'after the rest');
      });
    }

    it('a shard with a time budget commits a partial run that the next sharded run completes', async () => {
      const w = await world(32);
      for (let i = 0; i < KEYS; i++) await w.writer.put(`k/${String(i).padStart(2, '0')}`, `value ${i}`);
      assert.equal((await w.run()).status, 'complete');
      for (let i = 0; i < KEYS; i++) await w.writer.put(`k/${String(i).padStart(2, '0')}`, `value ${i}, again`);
      const shard = (role: ShardRole, extra: Partial<BackupOptions> = {}) => w.run({ shard: role, ...extra });
      assert.equal((await shard({ name: 'b1', shard: 1, count: 2 }, { maxDurationMs: 8_000 })).status, 'partial');
      assert.equal((await shard({ name: 'b1', shard: 2, count: 2 })).status, 'complete');
      const committed = await shard({ name: 'b1', commit: true });
      assert.equal(committed.status, 'partial');
      assert.ok(committed.totals.copied < KEYS);
      assert.equal((await stateKeys(w.destination, committed.runId)).length, KEYS);
      for (let i = 1; i <= 2; i++) await shard({ name: 'b2', shard: i, count: 2 });
      const next = await shard({ name: 'b2', commit: true });
      assert.equal(next.status, 'complete');
      assert.equal(committed.totals.copied + next.totals.copied, KEYS, 'every changed key copied once over the two runs');
      await assertBackupMatches(w.destination, w.sourceId, await checkpoint(), w.writer.snapshot(), 'after the second sharded run');
    });
  });
}
