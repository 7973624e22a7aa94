import type { KeyListing, ObjectSource, ObjectStore } from '../../../../stores/object/types.ts';
import type { Logger } from '../../../../report/logger.ts';
import { ScratchSpace } from '../../../../transfer/scratch.ts';
import type { SourceRunRecord } from '../../catalog/records.ts';
import { InventoryError, newestManifest, readManifest, VERSION_COLUMNS, type InventoryManifest } from './manifest.ts';
import { inventoryRows } from './rows.ts';
import { sortedListing } from './sort.ts';

export { InventoryError } from './manifest.ts';

/**
 * `listing: inventory`: a source's keys and versions read from its newest S3 Inventory report
 * (CSV) instead of listed, for buckets whose listing takes hours. The run's state is the bucket
 * as of the report's creation time, and its listing start (what the watermark and the catalogue's
 * "state as of" use) is that time, never now: the catalogue claims nothing about changes after
 * it. The next run reconciles them: a live listing (or the next report) sees what was written or
 * deleted since, and re-checks the overlap window before the report's time (docs/listing.md).
 */
export interface InventorySettings {
  /** `inventory-manifest`: manifest.json files, or report folders (their newest manifest), by bucket. */
  manifests: { bucket: string; key: string }[];
  /** The bucket a manifest is in, reached with the sources' connection. */
  open(bucket: string): ObjectStore;
  /** Rows sorted in memory before a run is spilled to a scratch file. */
  runRows?: number;
}

/** The manifest of this source's bucket among the configured ones. */
async function manifestFor(source: ObjectSource, settings: InventorySettings): Promise<{ manifest: InventoryManifest; store: ObjectStore; bucket: string }> {
  const found: { manifest: InventoryManifest; store: ObjectStore; bucket: string }[] = [];
  for (const { bucket, key } of settings.manifests) {
    const store = settings.open(bucket);
    const manifestKey = key.endsWith('/') ? await newestManifest(store, key) : key;
    if (manifestKey === undefined) throw new InventoryError(`inventory-manifest s3://${bucket}/${key} holds no report (no YYYY-MM-DDTHH-MMZ/manifest.json under it)`);
    const manifest = await readManifest(store, bucket, manifestKey);
    if (manifest.sourceBucket === source.bucket) found.push({ manifest, store, bucket });
  }
  if (found.length !== 1) {
    throw new InventoryError(
      `${source.id}: ${found.length === 0 ? 'no' : found.length} inventory report${found.length === 1 ? '' : 's'} of bucket ${source.bucket} among inventory-manifest: ` +
        'name one manifest (or report folder) per source bucket, or back this bucket up with listing: live',
    );
  }
  return found[0]!;
}

export function inventoryListing(
  source: ObjectSource,
  versioned: boolean,
  previous: SourceRunRecord | undefined,
  settings: InventorySettings,
  logger?: Logger,
): { entries: AsyncIterable<KeyListing>; createdAt: () => Date | undefined } {
  let createdAt: Date | undefined;
  async function* entries(): AsyncGenerator<KeyListing> {
    const { manifest, store, bucket } = await manifestFor(source, settings);
    const missing = VERSION_COLUMNS.filter((c) => !manifest.columns.includes(c));
    if (versioned && missing.length > 0) {
      // Without versions the march would take every older version for purged.
      throw new InventoryError(`inventory manifest ${manifest.location}: ${source.id} keeps versions, but the report has no ${missing.join(', ')}: configure it with "Include all versions", or use listing: live`);
    }
    if (previous && Date.parse(previous.listStartedAt) >= manifest.createdAt.getTime()) {
      // Keys written between the report and the previous listing would read as deleted.
      throw new InventoryError(
        `inventory manifest ${manifest.location} was created ${manifest.createdAt.toISOString()}, before the previous run's listing of ${source.id} (${previous.listStartedAt}): ` +
          'it knows less than the catalogue already does. Wait for a newer report, or run this backup with listing: live',
      );
    }
    createdAt = manifest.createdAt;
    logger?.info(`${source.id}: reading the inventory ${manifest.location} of ${manifest.createdAt.toISOString()} (${manifest.files.length} files) instead of listing`);
    const scratch = await ScratchSpace.create('inventory', { memoryBytes: 0 });
    try {
      const rows = inventoryRows(store, bucket, { manifest, bucket: source.bucket, prefix: source.prefix, versioned });
      yield* sortedListing(rows, scratch, { versioned, ...(settings.runRows !== undefined ? { runRows: settings.runRows } : {}) });
    } finally {
      await scratch.dispose();
    }
  }
  return { entries: entries(), createdAt: () => createdAt };
}
