import type { ObjectStore } from '../../../../stores/object/types.ts';
import { readWhole } from '../../../../transfer/read-whole.ts';

/**
 * An S3 Inventory report's manifest.json (CSV reports only: ORC and Parquet are refused). Read
 * from a bucket others write to, so every field is checked before anything acts on it: the
 * report must be of the source bucket, its data files inside the report's own folder of the
 * bucket it was read from, their sizes and checksums sane.
 *
 *   { "sourceBucket": "b", "destinationBucket": "arn:aws:s3:::inv", "version": "2016-11-30",
 *     "creationTimestamp": "1514944800000", "fileFormat": "CSV",
 *     "fileSchema": "Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag, StorageClass",
 *     "files": [{ "key": "prefix/b/config/data/x.csv.gz", "size": 123, "MD5checksum": "<hex>" }] }
 */
export interface InventoryManifest {
  /** Where it was read: `s3://bucket/key`. */
  location: string;
  sourceBucket: string;
  /** When the report began scanning the bucket: what the catalogue's state is as of. */
  createdAt: Date;
  columns: string[];
  files: { key: string; size: number; md5: string }[];
}

export class InventoryError extends Error {
  override name = 'InventoryError';
}

const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const MAX_FILES = 1_000_000;
/** A report's data files are gzipped CSV; S3 caps an object at 5 TiB. */
const MAX_FILE_BYTES = 5 * 1024 ** 4;
export const REQUIRED_COLUMNS = ['Bucket', 'Key', 'Size', 'LastModifiedDate', 'ETag'] as const;
export const VERSION_COLUMNS = ['VersionId', 'IsLatest', 'IsDeleteMarker'] as const;

/** A report folder's newest `YYYY-MM-DDTHH-MMZ/manifest.json` (they sort by time as text). */
export async function newestManifest(store: ObjectStore, folder: string): Promise<string | undefined> {
  let newest: string | undefined;
  for await (const object of store.list(folder)) {
    const rest = object.key.slice(folder.length);
    if (/^\d{4}-\d\d-\d\dT\d\d-\d\dZ\/manifest\.json$/.test(rest) && (newest === undefined || object.key > newest)) newest = object.key;
  }
  return newest;
}

async function readSmall(store: ObjectStore, key: string, what: string): Promise<string> {
  const body = await store.get(key);
  if (!body) throw new InventoryError(`${what} does not exist`);
  const whole = await readWhole(body, MAX_MANIFEST_BYTES);
  if (!whole) throw new InventoryError(`${what} is larger than ${MAX_MANIFEST_BYTES} bytes: not an inventory manifest`);
  return whole.toString('utf8');
}

export async function readManifest(store: ObjectStore, bucket: string, key: string): Promise<InventoryManifest> {
  const location = `s3://${bucket}/${key}`;
  return parseManifest(await readSmall(store, key, `inventory manifest ${location}`), bucket, key);
}

export function parseManifest(text: string, bucket: string, key: string): InventoryManifest {
  const location = `s3://${bucket}/${key}`;
  const bad = (problem: string) => new InventoryError(`inventory manifest ${location}: ${problem}`);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw bad(`is not JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad('is not a JSON object');
  const sourceBucket = raw['sourceBucket'];
  if (typeof sourceBucket !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/.test(sourceBucket)) throw bad('"sourceBucket" is not a bucket name');
  const destination = raw['destinationBucket'];
  if (destination !== `arn:aws:s3:::${bucket}` && destination !== bucket) {
    throw bad(`"destinationBucket" ${JSON.stringify(destination)} is not the bucket it was read from (${bucket}): its data files would be read from elsewhere`);
  }
  const format = raw['fileFormat'];
  if (format !== 'CSV') throw bad(`"fileFormat" is ${JSON.stringify(format)}: pullback reads CSV inventories only (ORC and Parquet are not supported); configure the report as CSV`);
  const stamp = raw['creationTimestamp'];
  const millis = typeof stamp === 'string' && /^\d{1,15}$/.test(stamp) ? Number(stamp) : typeof stamp === 'number' && Number.isSafeInteger(stamp) ? stamp : NaN;
  if (!Number.isFinite(millis) || millis <= 0) throw bad('"creationTimestamp" is not milliseconds since 1970');
  const createdAt = new Date(millis);
  // A report from the future would let the catalogue claim to know changes it never saw.
  if (millis > Date.now() + 15 * 60_000) throw bad(`"creationTimestamp" ${createdAt.toISOString()} lies in the future`);
  const schema = raw['fileSchema'];
  if (typeof schema !== 'string' || schema.length > 4096) throw bad('"fileSchema" is not a list of column names');
  const columns = schema.split(',').map((c) => c.trim());
  for (const required of REQUIRED_COLUMNS) {
    if (!columns.includes(required)) throw bad(`"fileSchema" has no ${required} column: add it to the inventory configuration's fields (pullback needs ${REQUIRED_COLUMNS.join(', ')})`);
  }
  if (new Set(columns).size !== columns.length) throw bad('"fileSchema" names a column twice');
  const files = raw['files'];
  if (!Array.isArray(files) || files.length > MAX_FILES) throw bad(`"files" is not a list of at most ${MAX_FILES} data files`);
  // Data files live in the report configuration's folder: <prefix>/<source bucket>/<config id>/data/.
  const folder = key.split('/').slice(0, -2).join('/') + '/';
  const checked = files.map((file: unknown, index) => {
    const entry = file as Record<string, unknown>;
    const what = `"files"[${index}]`;
    if (typeof entry !== 'object' || entry === null) throw bad(`${what} is not an object`);
    const fileKey = entry['key'];
    if (typeof fileKey !== 'string' || fileKey.length > 1024 || !fileKey.startsWith(folder) || fileKey.split('/').some((part) => part === '..' || part === '.')) {
      throw bad(`${what} "key" ${JSON.stringify(fileKey)} lies outside the report's folder ${folder}`);
    }
    if (!fileKey.endsWith('.csv.gz')) throw bad(`${what} "key" ${JSON.stringify(fileKey)} is not a gzipped CSV file`);
    const size = entry['size'];
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0 || size > MAX_FILE_BYTES) throw bad(`${what} "size" is not a size in bytes`);
    const md5 = entry['MD5checksum'];
    if (typeof md5 !== 'string' || !/^[0-9a-f]{32}$/i.test(md5)) throw bad(`${what} "MD5checksum" is not an MD5 in hex`);
    return { key: fileKey, size, md5: md5.toLowerCase() };
  });
  return { location, sourceBucket, createdAt, columns, files: checked };
}
