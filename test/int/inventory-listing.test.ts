import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runS3Backup } from '../../src/backends/s3/backup.ts';
import { Catalog } from '../../src/backends/s3/catalog/catalog.ts';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import type { ObjectStore } from '../../src/stores/object/types.ts';
import { silentLogger } from '../../src/report/logger.ts';
import { LocalObjectStore } from '../../src/stores/object/local/store.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import type { BackupOptions } from '../../src/backends/s3/types.ts';
import { MOTO_MISSING, motoAvailable, startMoto, type TestS3Server } from '../support/s3.ts';
import { assertBackupMatches, checkpoint, SourceWriter } from '../support/scenario.ts';
import { writeInventory, type ReportOptions } from '../support/inventory.ts';

/**
 * Issue 14: `listing: inventory` reads a source from an S3 Inventory report (CSV) generated here
 * from moto's own listing, shuffled across files. The catalogue it writes is the one a live listing
 * writes, as of the report's creation time; the next live run reconciles what changed since; a
 * report older than the catalogue and hostile reports are refused before anything is committed.
 */
const options: BackupOptions = { overlapMs: 3600_000, concurrency: 4, dryRun: false, serverSideCopy: false, retryAttempts: 2 };
const REPORTS = 'inventory-reports';

async function catalogueOf(destination: ObjectStore, runId: string) {
  const catalog = new Catalog(destination);
  const record = (await catalog.readRun(runId))!.sources[0]!;
  const state: unknown[] = [];
  for await (const line of catalog.readState(record)) state.push(line);
  const events: unknown[] = [];
  for await (const event of catalog.readEvents(record)) {
    const { seen: _seen, after: _after, before: _before, ...rest } = event as unknown as Record<string, unknown>;
    events.push(rest);
  }
  return { record, state, events };
}

describe('S3 Inventory as the listing (moto)', { skip: motoAvailable() ? false : MOTO_MISSING }, () => {
  let server: TestS3Server;
  const folders: string[] = [];
  const folder = async () => {
    const path = await mkdtemp(join(tmpdir(), 'pullback-inventory-'));
    folders.push(path);
    return new LocalObjectStore(path, destinationNaming);
  };
  before(async () => {
    server = await startMoto();
    await server.createBucket(REPORTS);
  });
  after(async () => {
    await server.stop();
    for (const path of folders) await rm(path, { recursive: true, force: true });
  });

  const inventoryOptions = (manifestKey: string, runRows = 7): BackupOptions => ({
    ...options,
    listing: {
      parallelism: 1,
      inventory: { manifests: [{ bucket: REPORTS, key: manifestKey }], open: (bucket) => new S3ObjectStore(bucket, '', server.connection(), undefined, { role: 'inventory bucket', input: 'inventory-manifest' }), runRows },
    },
  });
  const backup = (bucket: string, destination: ObjectStore, backupOptions: BackupOptions) =>
    runS3Backup(backupOptions, { sources: [new S3Source(bucket, '', server.connection(), 'moto|inventory')], destination, logger: silentLogger });

  it('writes the catalogue a live listing writes, as of the report; the next live run reconciles what changed since', async () => {
    const bucket = 'inv-source';
    await server.createBucket(bucket, { versioned: true });
    const writer = new SourceWriter(server.client(), bucket);
    const keys = ['caf\u00e9/cr\u00e8me', 'emoji/\u{1F600}', 'pct/100%25 done', 'pct/%', 'plus/a+b c', 'sp ace/x', `long/${'L'.repeat(900)}`, ...Array.from({ length: 30 }, (_, i) => `data/${String(i).padStart(3, '0')}`)];
    for (const key of keys) await writer.put(key, `v1 ${key.slice(0, 30)}`);
    for (const key of ['data/001', 'plus/a+b c', 'data/002']) await writer.put(key, `v2 ${key}`);
    for (const key of ['data/003', 'pct/%']) await writer.delete(key);
    const reportAt = await checkpoint();
    const report = await writeInventory(server, bucket, REPORTS, { versions: true, files: 3, createdAt: reportAt });
    const reportTruth = writer.snapshot();

    const live = await folder();
    const fromReport = await folder();
    const liveRun = await backup(bucket, live, options);
    const reportRun = await backup(bucket, fromReport, inventoryOptions(report.manifestKey));
    assert.equal(reportRun.status, 'complete');
    const a = await catalogueOf(live, liveRun.runId);
    const b = await catalogueOf(fromReport, reportRun.runId);
    assert.deepEqual(b.state, a.state, 'the state from the report is the state from the listing');
    assert.deepEqual(b.events, a.events, 'the same versions and delete markers copied');
    assert.equal(b.record.counts.keys, a.record.counts.keys);
    assert.equal(b.record.listStartedAt, reportAt.toISOString(), "the run's listing began when the report did");
    assert.equal(b.record.watermarkAfter, reportAt.toISOString(), 'the watermark claims nothing after the report');

    // Changes after the report: the next live run sees them.
    await writer.put('after/new', 'written after the report');
    await writer.put('data/004', 'v2 after the report');
    await writer.delete('data/005');
    const liveAgain = await backup(bucket, live, options);
    const reconciled = await backup(bucket, fromReport, options);
    assert.equal(reconciled.status, 'complete');
    const c = await catalogueOf(live, liveAgain.runId);
    const d = await catalogueOf(fromReport, reconciled.runId);
    assert.deepEqual(d.state, c.state, 'after a live run both catalogues hold the same state');
    const finalAt = await checkpoint();
    await assertBackupMatches(fromReport, `s3://${bucket}/`, reportAt, reportTruth, 'as of the report');
    await assertBackupMatches(fromReport, `s3://${bucket}/`, finalAt, writer.snapshot(), 'after the live run');

    // The same report once more: it knows less than the catalogue now does.
    await assert.rejects(backup(bucket, fromReport, inventoryOptions(report.manifestKey)), /was created .* before the previous run's listing/);
    // A report folder (ending in /) names its newest report.
    const newer = await writeInventory(server, bucket, REPORTS, { versions: true, createdAt: await checkpoint(), seed: 3 });
    const fromFolder = await backup(bucket, fromReport, inventoryOptions(newer.folder, 1_000_000));
    assert.equal(fromFolder.status, 'complete');
    const e = await catalogueOf(fromReport, fromFolder.runId);
    assert.deepEqual(e.state, d.state, 'a newer report of an unchanged bucket changes nothing');
    assert.equal(e.record.counts.copied, 0);
  });

  it('refuses a hostile or unusable report before anything is committed', async () => {
    const bucket = 'inv-hostile';
    await server.createBucket(bucket, { versioned: true });
    const writer = new SourceWriter(server.client(), bucket);
    for (let i = 0; i < 5; i++) await writer.put(`k/${i}`, `body ${i}`);
    const cases: [string, ReportOptions, RegExp][] = [
      ['a data file outside the report', { versions: true, editManifest: (m) => ({ ...m, files: [...m.files, { ...m.files[0], key: 'elsewhere/secret.csv.gz' }] }) }, /lies outside the report's folder/],
      ['a schema without Key', { versions: true, editManifest: (m) => ({ ...m, fileSchema: m.fileSchema.replace('Key, ', 'Name, ') }) }, /has no Key column/],
      ['another bucket as destination', { versions: true, editManifest: (m) => ({ ...m, destinationBucket: 'arn:aws:s3:::someone-else' }) }, /is not the bucket it was read from/],
      ['Parquet', { versions: true, editManifest: (m) => ({ ...m, fileFormat: 'Parquet' }) }, /reads CSV inventories only/],
      ['a bad size', { versions: true, editRow: (r) => (r['Key'] === 'k/2' ? { ...r, Size: '-5' } : r) }, /Size "-5" is not a size in bytes/],
      ['a row of another bucket', { versions: true, editRow: (r) => (r['Key'] === 'k/3' ? { ...r, Bucket: 'other-bucket' } : r) }, /is of bucket "other-bucket"/],
      ['a size that is not the file', { versions: true, editManifest: (m) => ({ ...m, files: m.files.map((f: { size: number }) => ({ ...f, size: f.size + 1 })) }) }, /damaged or replaced/],
      ['a report without versions of a versioned bucket', { versions: false }, /keeps versions, but the report has no VersionId/],
      ['a report of another bucket', { versions: true, editManifest: (m) => ({ ...m, sourceBucket: 'not-this-one' }) }, /no inventory reports of bucket inv-hostile/],
    ];
    for (const [name, report, message] of cases) {
      const written = await writeInventory(server, bucket, REPORTS, { ...report, createdAt: await checkpoint() });
      const destination = await folder();
      await assert.rejects(backup(bucket, destination, inventoryOptions(written.manifestKey)), message, name);
      assert.deepEqual((await new Catalog(destination).runIds()).committed, [], `${name}: nothing committed`);
    }
  });
});
