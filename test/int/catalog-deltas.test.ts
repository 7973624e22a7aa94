import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';
import type { StateLine } from '../../src/backends/s3/plan/model.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, checkpoint, SourceWriter, type TruthObject } from '../support/scenario.ts';
import { CatalogFiles } from '../support/catalog-files.ts';

/**
 * Issue 12: a run writes what changed in the state (a delta), and a full checkpoint now and then.
 * Each case backs one source up into two folders at once: one with deltas, one with a full state
 * every run (what pullback wrote before format 3). The state read back from the chain must equal
 * the full state line for line after every run, and restores from both must match the truth.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const FULL = { every: 1, deltaRatio: 0.5 };

let s3rver: TestS3Server;
const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'pullback-deltas-'));
  folders.push(folder);
  return folder;
}
before(async () => {
  s3rver = await startS3rver();
});
after(async () => {
  await s3rver.stop();
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function stateOf(destination: ObjectStore, runId: string): Promise<StateLine[]> {
  const catalog = new Catalog(destination);
  const record = (await catalog.readRun(runId))!.sources[0]!;
  const lines: StateLine[] = [];
  for await (const line of catalog.readState(record)) lines.push(line);
  return lines;
}

let count = 0;
async function pair(checkpointEvery: number) {
  const bucket = `deltas-${++count}`;
  await s3rver.createBucket(bucket);
  const writer = new SourceWriter(s3rver.client(), bucket);
  const deltaFolder = await tempFolder();
  const fullFolder = await tempFolder();
  const withDeltas = new LocalObjectStore(deltaFolder, destinationNaming);
  const withFull = new LocalObjectStore(fullFolder, destinationNaming);
  const source = () => new S3Source(bucket, '', s3rver.connection(), 's3rver|deltas');
  const run = async (extra: Partial<BackupOptions> = {}) => {
    const delta = await runS3Backup({ ...options, checkpoint: { every: checkpointEvery, deltaRatio: 10 }, ...extra }, { sources: [source()], destination: withDeltas, logger: silentLogger });
    const full = await runS3Backup({ ...options, checkpoint: FULL }, { sources: [source()], destination: withFull, logger: silentLogger });
    assert.equal(delta.status, 'complete');
    assert.equal(full.status, 'complete');
    assert.deepEqual(await stateOf(withDeltas, delta.runId), await stateOf(withFull, full.runId), 'the state read back through the chain is the full state');
    return delta;
  };
  return { bucket, writer, sourceId: `s3://${bucket}/`, withDeltas, withFull, files: new CatalogFiles(deltaFolder), run };
}

describe('state deltas and checkpoints (format 3)', () => {
  it('each run writes only the keys whose line changed, a checkpoint every N runs; the chain reads back as the full state', async () => {
    const h = await pair(3);
    for (let i = 0; i < 30; i++) await h.writer.put(`k/${String(i).padStart(2, '0')}`, `v0 ${i}`);
    const points: { at: Date; truth: Map<string, TruthObject> }[] = [];
    const kinds: (string | undefined)[] = [];
    const deltaLines: string[][] = [];
    const changes: ((w: SourceWriter) => Promise<void>)[] = [
      async () => {},
      async (w) => {
        await w.put('k/03', 'v1 3');
        await w.put('new/a', 'born');
      },
      async (w) => {
        await w.delete('k/07');
        await w.delete('new/a');
      },
      async () => {},
      async (w) => {
        await w.put('k/07', 'back again');
        await w.put('k/29', 'v1 29');
      },
      async (w) => w.delete('k/00'),
    ];
    for (const change of changes) {
      await change(h.writer);
      const run = await h.run();
      const record = await h.files.runRecord(run.runId);
      kinds.push(record.sources[0].stateKind);
      deltaLines.push(record.sources[0].stateKind === 'delta' ? (await h.files.lines(record.sources[0].state)).map((l) => `${l.k}${l.gone ? ' gone' : ''}`) : []);
      points.push({ at: await checkpoint(), truth: h.writer.snapshot() });
    }
    assert.deepEqual(kinds, [undefined, 'delta', 'delta', undefined, 'delta', 'delta'], 'a checkpoint, then two deltas, then a checkpoint again');
    assert.deepEqual(deltaLines, [[], ['k/03', 'new/a'], ['k/07 gone', 'new/a gone'], [], ['k/07', 'k/29'], ['k/00 gone']], 'a delta holds exactly the keys that changed');
    const last = await h.files.runRecord((await new Catalog(h.withDeltas).runIds()).committed.at(-1)!);
    assert.deepEqual(
      last.sources[0].stateChain.map((l: { kind: string }) => l.kind),
      ['full', 'delta', 'delta'],
    );
    for (const [i, p] of points.entries()) {
      await assertBackupMatches(h.withDeltas, h.sourceId, p.at, p.truth, `point ${i + 1}, deltas`);
      await assertBackupMatches(h.withFull, h.sourceId, p.at, p.truth, `point ${i + 1}, full states`);
    }
  });

  it('an idle run writes an empty delta: a few dozen bytes, not the whole state', async () => {
    const h = await pair(32);
    for (let i = 0; i < 200; i++) await h.writer.put(`many/${String(i).padStart(3, '0')}`, `body ${i} `.repeat(4));
    const first = await h.run();
    const idle = await h.run();
    const full = (await h.files.runRecord(first.runId)).sources[0];
    const delta = (await h.files.runRecord(idle.runId)).sources[0];
    assert.equal(delta.stateKind, 'delta');
    assert.ok(delta.stateBytes < 100 && full.stateBytes > 2000, `an idle delta (${delta.stateBytes} B) against a checkpoint of ${full.stateBytes} B`);
  });

  it('a checkpoint is written as soon as the deltas weigh a set share of the last one', async () => {
    const h = await pair(32);
    for (let i = 0; i < 10; i++) await h.writer.put(`r/${i}`, `v0 ${i}`);
    await h.run({ checkpoint: { every: 32, deltaRatio: 0.2 } });
    const kinds: (string | undefined)[] = [];
    for (let round = 1; round <= 4; round++) {
      await h.writer.put(`r/${round}`, `v${round}`);
      await h.writer.put(`r/${round + 5}`, `v${round}`);
      const run = await h.run({ checkpoint: { every: 32, deltaRatio: 0.2 } });
      kinds.push((await h.files.runRecord(run.runId)).sources[0].stateKind);
    }
    assert.ok(kinds.includes(undefined) && kinds.includes('delta'), `deltas until they outweigh a fifth of the checkpoint, then a checkpoint: ${kinds.join(', ')}`);
  });

  it('a format 2 catalogue (full states with digests) is extended by a delta chained to its checkpoint; restores read both', async () => {
    const h = await pair(32);
    await h.writer.put('old/a', 'alpha');
    await h.writer.put('old/b', 'bravo');
    const first = await h.run({ checkpoint: FULL });
    const firstAt = await checkpoint();
    const firstTruth = h.writer.snapshot();
    await h.files.downgrade(first.runId, 2);
    assert.equal((await h.files.runRecord(first.runId)).format, 'pullback-catalog/2');
    await h.writer.put('old/a', 'alpha 2');
    await h.writer.delete('old/b');
    const second = await h.run();
    const record = await h.files.runRecord(second.runId);
    assert.equal(record.format, 'pullback-catalog/3');
    assert.equal(record.sources[0].stateKind, 'delta');
    assert.deepEqual(
      record.sources[0].stateChain.map((l: { runId: string; kind: string }) => [l.runId, l.kind]),
      [
        [first.runId, 'full'],
        [second.runId, 'delta'],
      ],
    );
    await assertBackupMatches(h.withDeltas, h.sourceId, firstAt, firstTruth, 'the format 2 run');
    await assertBackupMatches(h.withDeltas, h.sourceId, new Date(Date.now() + 5000), h.writer.snapshot(), 'the format 3 run after it');
  });
});
