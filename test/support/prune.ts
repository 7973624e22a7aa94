import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { runS3Restore } from '../../src/backends/s3/restore.ts';
import { runS3Prune } from '../../src/backends/s3/prune.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import type { BackupOptions, PruneDependencies, S3PruneOptions } from '../../src/backends/s3/types.ts';
import type { ObjectSource, ObjectStore } from '../../src/stores/object/types.ts';
import type { RetentionPolicy } from '../../src/plan/retention.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { targetNaming } from '../../src/stores/object/local/target-names.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { nextSecond, type SourceWriter, type TruthObject } from './scenario.ts';

/**
 * A source backed up over many runs, each run a restore point whose ground truth is known: what the
 * source held while the run listed it, up to its `listFinishedAt` (the moment a prune keeps or
 * drops). Nothing is written during a run or in the two seconds after it.
 */
export interface Point {
  runId: string;
  at: Date;
  truth: Map<string, TruthObject>;
}

export const backupOptions: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const noSleep = async () => {};

export class PruneHarness {
  readonly points: Point[] = [];
  private readonly folders: string[] = [];

  constructor(
    readonly writer: SourceWriter,
    readonly source: () => ObjectSource,
    readonly destination: ObjectStore,
  ) {}

  get sourceId(): string {
    return `s3://${this.writer.bucket}/`;
  }

  /** Changes the source, waits past the second (Last-Modified is whole seconds), backs up, records the point. */
  async run(change: (writer: SourceWriter) => Promise<void> = async () => {}): Promise<Point> {
    await change(this.writer);
    await nextSecond();
    const truth = this.writer.snapshot();
    const result = await runS3Backup(backupOptions, { sources: [this.source()], destination: this.destination, logger: silentLogger, sleep: noSleep });
    assert.equal(result.status, 'complete');
    // A prune keeps the latest run's state chain: the next backup builds on it, never falls back.
    assert.equal(result.sources[0]!.stateFallback, undefined, `run ${result.runId} found its state whole`);
    const record = (await new Catalog(this.destination).readRun(result.runId))!;
    const point = { runId: result.runId, at: new Date(record.sources[0]!.listFinishedAt), truth };
    this.points.push(point);
    // listFinishedAt is the next whole second after the listing: writes wait until it has passed.
    await nextSecond();
    await nextSecond();
    return point;
  }

  prune(policy: RetentionPolicy, extra: Partial<S3PruneOptions> = {}, deps: Partial<PruneDependencies> = {}) {
    return runS3Prune({ policy, dryRun: false, concurrency: 4, retryAttempts: 2, ...extra }, { destination: this.destination, logger: silentLogger, sleep: noSleep, ...deps });
  }

  /** Restores the source as of `at` into a fresh folder and returns what it holds. */
  async restoreAt(at: Date): Promise<Map<string, Buffer>> {
    const folder = await mkdtemp(join(tmpdir(), 'pullback-prune-restore-'));
    this.folders.push(folder);
    const result = await runS3Restore(
      { at, sources: [], target: { kind: 'local', path: folder }, concurrency: 4, dryRun: false, retryAttempts: 2 },
      { destination: this.destination, logger: silentLogger, sleep: noSleep },
    );
    assert.equal(result.status, 'complete');
    const target = new LocalObjectStore(folder, targetNaming());
    const found = new Map<string, Buffer>();
    for await (const object of target.list('')) found.set(object.key, await buffer((await target.get(object.key))!));
    return found;
  }

  /** A restore to the point gives exactly what the source held then, byte for byte. */
  async assertRestores(point: Point, label: string): Promise<void> {
    const restored = await this.restoreAt(point.at);
    assert.deepEqual([...restored.keys()].sort(), [...point.truth.keys()].sort(), `${label}: the keys at ${point.at.toISOString()}`);
    for (const [key, truth] of point.truth) assert.ok(restored.get(key)!.equals(truth.body), `${label}: ${key} at ${point.at.toISOString()}`);
  }

  async dispose(): Promise<void> {
    for (const folder of this.folders) await rm(folder, { recursive: true, force: true });
  }
}

/** Every key under a prefix of a store with its size (what a prune may change). */
export async function listing(store: ObjectStore, prefix: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for await (const object of store.list(prefix)) found.set(object.key, object.size);
  return found;
}
