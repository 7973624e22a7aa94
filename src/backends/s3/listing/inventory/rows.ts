import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ObjectStore, SourceVersion } from '../../../../stores/object/types.ts';
import { InventoryError, type InventoryManifest } from './manifest.ts';

/**
 * The rows of an inventory report's data files: gzipped CSV, every field quoted, keys URL-encoded
 * (form encoding: a space is `+`, a real plus `%2B`). Each file's size and MD5 are checked against
 * the manifest as it streams; a row that breaks a rule stops the run naming the file and line.
 */

const MAX_LINE_CHARS = 64 * 1024;
/** S3's limit on a key, in bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;

/** One CSV line, RFC 4180 quoting (inventory lines hold no line breaks: keys are URL-encoded). */
export function parseCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) return undefined;
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      const value = line.slice(i, end);
      if (value.includes('"')) return undefined;
      fields.push(value);
      i = end;
    }
    if (i === line.length) return fields;
    if (line[i] !== ',') return undefined;
    i++;
  }
}

/** A URL-encoded key as inventory reports write them; undefined when it is not well-formed. */
export function decodeInventoryKey(encoded: string): string | undefined {
  try {
    const key = decodeURIComponent(encoded.replace(/\+/g, ' '));
    return Buffer.byteLength(key, 'utf8') <= MAX_KEY_BYTES && key.length > 0 ? key : undefined;
  } catch {
    return undefined;
  }
}

/** One version as a row gives it (the same fields a listing gives, so the catalogue cannot tell them apart). */
export interface InventoryRow extends SourceVersion {}

export interface RowContext {
  manifest: InventoryManifest;
  /** The source: rows of another bucket are refused, keys outside its prefix skipped. */
  bucket: string;
  prefix: string;
  versioned: boolean;
}

function flag(value: string, what: () => string): boolean {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  throw new InventoryError(`${what()} is not true or false`);
}

/** Checks a file's bytes against the manifest's size and MD5 while they stream through. */
function checked(file: { key: string; size: number; md5: string }, location: string): Transform {
  const hash = createHash('md5');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      hash.update(chunk);
      if (size > file.size) return done(new InventoryError(`inventory file s3://${location}/${file.key} is larger than the manifest says (${file.size} bytes)`));
      done(null, chunk);
    },
    flush(done) {
      const md5 = hash.digest('hex');
      if (size !== file.size || md5 !== file.md5) {
        return done(new InventoryError(`inventory file s3://${location}/${file.key} has ${size} bytes with MD5 ${md5}; the manifest says ${file.size} bytes, ${file.md5}: damaged or replaced`));
      }
      done();
    },
  });
}

export async function* inventoryRows(store: ObjectStore, storeBucket: string, context: RowContext): AsyncGenerator<InventoryRow> {
  const { manifest } = context;
  const column = (name: string) => manifest.columns.indexOf(name);
  const at = {
    bucket: column('Bucket'),
    key: column('Key'),
    versionId: column('VersionId'),
    isLatest: column('IsLatest'),
    isDeleteMarker: column('IsDeleteMarker'),
    size: column('Size'),
    lastModified: column('LastModifiedDate'),
    etag: column('ETag'),
    storageClass: column('StorageClass'),
  };
  for (const file of manifest.files) {
    const body: Readable | undefined = await store.get(file.key);
    if (!body) throw new InventoryError(`inventory file s3://${storeBucket}/${file.key} (listed in ${manifest.location}) does not exist`);
    const text = createGunzip();
    text.setEncoding('utf8');
    // A size or checksum that disagrees, a body cut short, bad gzip: the pipeline fails and so
    // does the read below.
    const piped = pipeline(body, checked(file, storeBucket), text);
    piped.catch(() => undefined);
    let number = 0;
    for await (const line of splitLines(text as AsyncIterable<string>)) {
      number++;
      if (line === '') continue;
      const where = () => `inventory file s3://${storeBucket}/${file.key} line ${number}`;
      if (line.length > MAX_LINE_CHARS) throw new InventoryError(`${where()} is longer than ${MAX_LINE_CHARS} characters`);
      const fields = parseCsvLine(line);
      if (!fields || fields.length !== manifest.columns.length) throw new InventoryError(`${where()} does not have the ${manifest.columns.length} fields of the manifest's fileSchema`);
      if (fields[at.bucket] !== context.bucket) throw new InventoryError(`${where()} is of bucket ${JSON.stringify(fields[at.bucket])}, not the source ${context.bucket}`);
      const key = decodeInventoryKey(fields[at.key]!);
      if (key === undefined) throw new InventoryError(`${where()} has a key that is not a URL-encoded S3 key`);
      if (!key.startsWith(context.prefix)) continue;
      const deleteMarker = at.isDeleteMarker >= 0 && flag(fields[at.isDeleteMarker]!, () => `${where()} IsDeleteMarker`);
      const modified = Date.parse(fields[at.lastModified]!);
      if (!/^\d{4}-\d\d-\d\dT/.test(fields[at.lastModified]!) || Number.isNaN(modified)) throw new InventoryError(`${where()} LastModifiedDate is not a time`);
      const row: InventoryRow = { key, lastModified: new Date(modified).toISOString() };
      if (context.versioned) {
        // Objects written before versioning was enabled have the version id "null" (empty here).
        row.versionId = fields[at.versionId]! || 'null';
        if (row.versionId.length > 1024) throw new InventoryError(`${where()} VersionId is longer than 1024 characters`);
        row.isLatest = flag(fields[at.isLatest]!, () => `${where()} IsLatest`);
      }
      if (deleteMarker) {
        row.deleteMarker = true;
      } else {
        const size = fields[at.size]!;
        if (!/^\d{1,16}$/.test(size) || !Number.isSafeInteger(Number(size))) throw new InventoryError(`${where()} Size ${JSON.stringify(size.slice(0, 40))} is not a size in bytes`);
        row.size = Number(size);
        const etag = fields[at.etag]!.replace(/^"|"$/g, '');
        if (etag.length === 0 || etag.length > 1024) throw new InventoryError(`${where()} has no ETag`);
        row.etag = etag;
        const storageClass = at.storageClass >= 0 ? fields[at.storageClass] : undefined;
        if (storageClass) row.storageClass = storageClass;
      }
      yield row;
    }
    await piped;
  }
}

async function* splitLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    if (rest.length > MAX_LINE_CHARS) throw new InventoryError(`an inventory line is longer than ${MAX_LINE_CHARS} characters`);
    for (const line of lines) yield line.endsWith('\r') ? line.slice(0, -1) : line;
  }
  if (rest !== '') yield rest;
}
