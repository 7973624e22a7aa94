import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import type { KeyListing, KeyRange, ObjectStore } from '../../src/stores/object/types.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';
import { MOTO_MISSING, motoAvailable, startMoto, startS3rver, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, checkpoint, SourceWriter, type TruthObject } from '../support/scenario.ts';
import { CatalogFiles } from '../support/catalog-files.ts';

/**
 * Issue 14: a source listed as key ranges at once (list-parallelism 4 and 16) gives the same
 * catalogue as one listing, and restores the same, through a bucket that changes between runs.
 * A small read-ahead makes a few hundred keys many ranges: the first run cuts them by probing,
 * the second at the first run's key samples; some ranges are empty.
 */
const READ_AHEAD = 30;
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };

const AWKWARD = ['caf\u00e9/cr\u00e8me', '\u65e5\u672c/\u30d5\u30a1\u30a4\u30eb', 'emoji/\u{1F600}', 'pct/100%25 done', 'pct/%', 'plus/a+b c', 'sp ace/x', `long/${'L'.repeat(240)}/${'M'.repeat(240)}/${'N'.repeat(240)}/${'\u00e9'.repeat(100)}`, 'tilde~/x', 'zz/\u{10FFFF}'];

async function catalogueOf(destination: ObjectStore, runId: string) {
  const catalog = new Catalog(destination);
  const record = (await catalog.readRun(runId))!.sources[0]!;
  const state: unknown[] = [];
  for await (const line of catalog.readState(record)) state.push(line);
  const events: unknown[] = [];
  // `seen` and deletion bounds are clock times of the run, not what it found.
  for await (const event of catalog.readEvents(record)) {
    const { seen: _seen, after: _after, before: _before, ...rest } = event as unknown as Record<string, unknown>;
    events.push(rest);
  }
  return { record, state, events };
}

/**
 * Notes when a run's first listing request left and its first answer came (this machine's clock).
 * A backup starts its listing beside the lease (startListing), before it calls list(): the first
 * request leaves then, and on a loaded machine the lease and catalogue reads can take over a second.
 */
class FirstListTime extends S3Source {
  firstList: number | undefined;
  firstAnswer: number | undefined;
  override async startListing(versioned: boolean): Promise<void> {
    this.firstList ??= Date.now();
    await super.startListing(versioned);
  }
  override async *list(versioned: boolean, range?: KeyRange): AsyncIterable<KeyListing> {
    this.firstList ??= Date.now();
    for await (const entry of super.list(versioned, range)) {
      this.firstAnswer ??= Date.now();
      yield entry;
    }
  }
}

for (const kind of ['s3rver', 'moto'] as const) {
  describe(`parallel listing (${kind})`, { skip: kind === 'moto' && !motoAvailable() ? MOTO_MISSING : false }, () => {
    let server: TestS3Server;
    const folders: string[] = [];
    const versioned = kind === 'moto';
    before(async () => {
      server = kind === 'moto' ? await startMoto() : await startS3rver();
    });
    after(async () => {
      await server.stop();
      for (const folder of folders) await rm(folder, { recursive: true, force: true });
    });

    it('4 and 16 ranges write the same catalogue as one listing and restore the same, run after run', async () => {
      const bucket = `par-${kind}`;
      await server.createBucket(bucket, { versioned });
      const writer = new SourceWriter(server.client(), bucket);
      // Keys crowded in a few corners of the key space, so many cuts fall where there are none.
      const keys = [...AWKWARD, ...Array.from({ length: 130 }, (_, i) => `data/${String(i * 37 % 130).padStart(4, '0')}`), ...Array.from({ length: 30 }, (_, i) => `logs/2026-11-${String(i).padStart(2, '0')}`)];
      for (const key of keys) await writer.put(key, `v1 ${key.slice(0, 40)}`);

      const destinations = new Map<number, { store: ObjectStore; files: CatalogFiles }>();
      for (const parallelism of [1, 4, 16]) {
        const folder = await mkdtemp(join(tmpdir(), `pullback-par-${parallelism}-`));
        folders.push(folder);
        destinations.set(parallelism, { store: new LocalObjectStore(folder, destinationNaming), files: new CatalogFiles(folder) });
      }
      const points: { at: Date; truth: Map<string, TruthObject> }[] = [];
      const changes = [
        async () => {},
        async () => {
          for (let i = 0; i < 130; i += 9) await writer.put(`data/${String(i).padStart(4, '0')}`, `v2 ${i}`);
          for (let i = 0; i < 30; i += 3) await writer.delete(`logs/2026-11-${String(i).padStart(2, '0')}`);
          await writer.put('aaa/new first key', 'before everything');
          await writer.put('\u{1F600}/after everything', 'last');
          await writer.delete('pct/%');
          await writer.put(AWKWARD[7]!, 'v2 long');
        },
      ];
      for (const [round, change] of changes.entries()) {
        await change();
        const runs = new Map<number, Awaited<ReturnType<typeof catalogueOf>>>();
        for (const [parallelism, { store }] of destinations) {
          const source = new FirstListTime(bucket, '', server.connection(), `${kind}|par`);
          const result = await runS3Backup({ ...options, listing: { parallelism, readAhead: READ_AHEAD } }, { sources: [source], destination: store, logger: silentLogger });
          assert.equal(result.status, 'complete', `run ${round + 1} with ${parallelism} ranges`);
          const catalogue = await catalogueOf(store, result.runId);
          // The listing began with the earliest range's first answer: not after the run began.
          // (Date headers are whole seconds, rounded down; the server runs on this machine's clock.)
          const started = Date.parse(catalogue.record.listStartedAt);
          assert.ok(
            started > source.firstList! - 1000 && started <= source.firstAnswer!,
            `listStartedAt ${catalogue.record.listStartedAt} is the listing's first answer (asked ${new Date(source.firstList!).toISOString()}, answered ${new Date(source.firstAnswer!).toISOString()})`,
          );
          runs.set(parallelism, catalogue);
        }
        const one = runs.get(1)!;
        // A versioned bucket still lists a deleted key (its versions and delete marker).
        if (!versioned) assert.equal(one.record.counts.keys, writer.current.size, 'every key listed');
        else assert.ok(one.record.counts.keys >= writer.current.size + (round > 0 ? 11 : 0), 'every key listed, deleted ones too');
        for (const parallelism of [4, 16]) {
          const other = runs.get(parallelism)!;
          assert.deepEqual(other.state, one.state, `run ${round + 1}: the state with ${parallelism} ranges is the state with one listing`);
          assert.deepEqual(other.events, one.events, `run ${round + 1}: the events with ${parallelism} ranges are the events with one listing`);
          assert.deepEqual(other.record.counts, one.record.counts, `run ${round + 1}: the counts`);
          assert.deepEqual(other.record.keySamples, one.record.keySamples, 'the same samples, however listed');
        }
        assert.ok((one.record.keySamples?.length ?? 0) > 10, 'the run records key samples for the next one');
        points.push({ at: await checkpoint(), truth: writer.snapshot() });
      }
      for (const [parallelism, { store }] of destinations) {
        for (const [i, p] of points.entries()) await assertBackupMatches(store, `s3://${bucket}/`, p.at, p.truth, `${parallelism} ranges, point ${i + 1}`);
      }
    });
  });
}
