import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { FileWatermarkStore } from '../../src/watermark/file-store.ts';
import type { WatermarkStore, Watermarks } from '../../src/watermark/store.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';
import { SourceWriter } from '../support/scenario.ts';
import { timedDestination } from '../support/timed-destination.ts';

/**
 * Issue 11: the watermark store (the action's is the Actions cache: a lookup, a download and an
 * archive to unpack) is a hint the catalogue overrides wherever it has a record, so an S3 backup
 * reads it only for a source the catalogue has no watermark for. It still saves every run.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };

let s3rver: TestS3Server;
let base: string;
/** Timed destinations' folders, removed at the end. */
const folders: string[] = [];
before(async () => {
  s3rver = await startS3rver();
  base = await mkdtemp(join(tmpdir(), 'pullback-hints-'));
});
after(async () => {
  await s3rver.stop();
  await rm(base, { recursive: true, force: true });
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

/** A real file store that counts its reads and writes. */
function countingStore(file: string): WatermarkStore & { loads: number; saves: Watermarks[] } {
  const inner = new FileWatermarkStore(file);
  const store = {
    name: inner.name,
    loads: 0,
    saves: [] as Watermarks[],
    async load() {
      store.loads++;
      return inner.load();
    },
    async save(watermarks: Watermarks) {
      store.saves.push(watermarks);
      return inner.save(watermarks);
    },
  };
  return store;
}

describe('the watermark store of an S3 backup', () => {
  it('is read on a first run and for a source the catalogue has no record of, not when the catalogue has every watermark; saved every run', async () => {
    for (const bucket of ['hints-a', 'hints-b']) {
      await s3rver.createBucket(bucket);
      await new SourceWriter(s3rver.client(), bucket).put('k.txt', `in ${bucket}`);
    }
    const source = (bucket: string) => new S3Source(bucket, '', s3rver.connection(), 's3rver|source');
    const destination = new LocalObjectStore(join(base, 'destination'), destinationNaming);
    const store = countingStore(join(base, 'state.json'));
    const run = (buckets: string[]) => runS3Backup(options, { sources: buckets.map(source), destination, logger: silentLogger, watermarkStore: store });

    const first = await run(['hints-a']);
    assert.equal(store.loads, 1, 'a first run reads the store');
    assert.equal(first.sources[0]!.watermarkOrigin, 'none');

    const second = await run(['hints-a']);
    assert.equal(store.loads, 1, 'the catalogue has the watermark: the store is not read');
    assert.equal(second.sources[0]!.watermarkOrigin, 'catalogue');
    assert.equal(store.saves.length, 2, 'and is saved all the same');
    assert.ok(store.saves[1]!['s3://hints-a/'], 'with the watermark the run reached');

    // A hint for hints-b, which the catalogue has never seen (as a cache restored from another job would hold).
    const hint = '2026-11-24T16:00:00.000Z';
    await new FileWatermarkStore(join(base, 'state.json')).save({ 's3://hints-b/': hint });
    const third = await run(['hints-a', 'hints-b']);
    assert.equal(store.loads, 2, 'a source without a catalogue record: the store is read');
    assert.deepEqual(
      third.sources.map((s) => [s.id, s.watermarkOrigin, s.watermarkBefore]),
      [
        ['s3://hints-a/', 'catalogue', second.watermarksAfter['s3://hints-a/']],
        ['s3://hints-b/', 'store', hint],
      ],
    );

    await run(['hints-a', 'hints-b']);
    assert.equal(store.loads, 2, 'both in the catalogue now: not read');
  });

  it('a store that cannot be written after the commit is a warning, not a failed run', async () => {
    await s3rver.createBucket('hints-c');
    await new SourceWriter(s3rver.client(), 'hints-c').put('k.txt', 'c');
    // A state file below a file: ENOTDIR on every write (the CLI's --state-file somewhere unwritable).
    const blocker = join(base, 'a-file');
    await writeFile(blocker, 'not a folder');
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (message: string) => warnings.push(message) };
    const destination = new LocalObjectStore(join(base, 'destination-c'), destinationNaming);
    const sources = [new S3Source('hints-c', '', s3rver.connection(), 's3rver|source')];
    await runS3Backup(options, { sources, destination, logger: silentLogger });
    // The catalogue has the watermark: the store is not read, only written, after the commit.
    const result = await runS3Backup(options, { sources, destination, logger, watermarkStore: new FileWatermarkStore(join(blocker, 'state.json')) });
    assert.equal(result.status, 'complete');
    assert.ok(warnings.some((w) => /watermark store file: not saved \(.*\); the destination's catalogue has the watermark/.test(w)), warnings.join('\n'));
  });
  it('are saved beside the pointers and the lease\'s release, once the record is stored, not after them', async () => {
    await s3rver.createBucket('hints-beside');
    await new SourceWriter(s3rver.client(), 'hints-beside').put('k.txt', 'k');
    const POINTER_DELAY_MS = 400;
    const { store: destination, calls } = await timedDestination(folders, { slow: (name, key) => (name === 'put' && key.endsWith('/latest.json') ? POINTER_DELAY_MS : 0) });
    const hints = countingStore(join(base, 'beside.json'));
    let saveBegan = Number.NaN;
    const timedHints: WatermarkStore = { ...hints, save: (w) => ((saveBegan = performance.now()), hints.save(w)) };
    const result = await runS3Backup(options, { sources: [new S3Source('hints-beside', '', s3rver.connection(), 's3rver|source')], destination, logger: silentLogger, watermarkStore: timedHints });
    assert.equal(result.status, 'complete');
    const record = calls.find((c) => c.name === 'put' && c.key === `catalog/runs/${result.runId}.json`)!;
    const pointer = calls.find((c) => c.name === 'put' && c.key.endsWith('/latest.json'))!;
    assert.ok(saveBegan >= record.ended, 'saved only once the record is stored');
    // Before issue 11's change the save began once the pointers had landed.
    assert.ok(saveBegan < pointer.ended, `the save (at ${saveBegan.toFixed(0)} ms) begins while the pointer is written (until ${pointer.ended.toFixed(0)} ms)`);
    assert.deepEqual(hints.saves, [{ 's3://hints-beside/': result.watermarksAfter['s3://hints-beside/'] }], 'saved once, with the run\'s watermark');
  });
});
