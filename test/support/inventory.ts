import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ListObjectVersionsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { TestS3Server } from './s3.ts';

/**
 * Writes an S3 Inventory report (CSV, as AWS writes one) of a bucket as it is now into another
 * bucket: manifest.json and gzipped data files under <prefix>/<source>/<config>/. Rows are shuffled
 * and dealt across files, since AWS promises no order across files.
 */
export interface ReportOptions {
  versions: boolean;
  files?: number;
  createdAt?: Date;
  /** Changes a row (its fields, by column name) before it is written. */
  editRow?: (row: Record<string, string>) => Record<string, string>;
  /** Changes the manifest before it is written. */
  editManifest?: (manifest: Record<string, any>) => Record<string, any>;
  seed?: number;
}

const encodeKey = (key: string) => encodeURIComponent(key).replace(/%20/g, '+');
const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;

export async function writeInventory(server: TestS3Server, source: string, inventoryBucket: string, options: ReportOptions): Promise<{ manifestKey: string; folder: string; createdAt: Date }> {
  const client = server.client();
  const columns = options.versions
    ? ['Bucket', 'Key', 'VersionId', 'IsLatest', 'IsDeleteMarker', 'Size', 'LastModifiedDate', 'ETag', 'StorageClass']
    : ['Bucket', 'Key', 'Size', 'LastModifiedDate', 'ETag', 'StorageClass'];
  const rows: Record<string, string>[] = [];
  if (options.versions) {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await client.send(new ListObjectVersionsCommand({ Bucket: source, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
      for (const v of page.Versions ?? []) {
        rows.push({ Bucket: source, Key: v.Key!, VersionId: v.VersionId === 'null' ? '' : v.VersionId!, IsLatest: String(v.IsLatest), IsDeleteMarker: 'false', Size: String(v.Size), LastModifiedDate: v.LastModified!.toISOString(), ETag: v.ETag!.replace(/"/g, ''), StorageClass: v.StorageClass ?? 'STANDARD' });
      }
      for (const m of page.DeleteMarkers ?? []) {
        rows.push({ Bucket: source, Key: m.Key!, VersionId: m.VersionId!, IsLatest: String(m.IsLatest), IsDeleteMarker: 'true', Size: '', LastModifiedDate: m.LastModified!.toISOString(), ETag: '', StorageClass: '' });
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
  } else {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: source, ContinuationToken: token }));
      for (const o of page.Contents ?? []) rows.push({ Bucket: source, Key: o.Key!, Size: String(o.Size), LastModifiedDate: o.LastModified!.toISOString(), ETag: o.ETag!.replace(/"/g, ''), StorageClass: o.StorageClass ?? 'STANDARD' });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  // A fixed shuffle: the report is deliberately out of order.
  let state = options.seed ?? 7;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const createdAt = options.createdAt ?? new Date();
  const stamp = createdAt.toISOString().slice(0, 16).replace(':', '-') + 'Z';
  const folder = `reports/${source}/daily/`;
  const fileCount = options.files ?? 3;
  const files: { key: string; size: number; MD5checksum: string }[] = [];
  for (let f = 0; f < fileCount; f++) {
    const lines = rows.filter((_, i) => i % fileCount === f).map((row) => {
      const edited = options.editRow ? options.editRow({ ...row }) : row;
      return columns.map((c) => (c === 'Key' ? quote(encodeKey(edited[c]!)) : quote(edited[c] ?? ''))).join(',');
    });
    const body = gzipSync(lines.join('\n') + (lines.length ? '\n' : ''));
    const key = `${folder}data/${stamp}-${f}.csv.gz`;
    await client.send(new PutObjectCommand({ Bucket: inventoryBucket, Key: key, Body: body }));
    files.push({ key, size: body.length, MD5checksum: createHash('md5').update(body).digest('hex') });
  }
  let manifest: Record<string, any> = {
    sourceBucket: source,
    destinationBucket: `arn:aws:s3:::${inventoryBucket}`,
    version: '2016-11-30',
    creationTimestamp: String(createdAt.getTime()),
    fileFormat: 'CSV',
    fileSchema: columns.join(', '),
    files,
  };
  if (options.editManifest) manifest = options.editManifest(manifest);
  const manifestKey = `${folder}${stamp}/manifest.json`;
  await client.send(new PutObjectCommand({ Bucket: inventoryBucket, Key: manifestKey, Body: JSON.stringify(manifest) }));
  return { manifestKey, folder, createdAt };
}
