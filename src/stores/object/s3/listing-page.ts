import type { ListObjectsV2CommandOutput, ListObjectVersionsCommandOutput } from '@aws-sdk/client-s3';
import type { SourceVersion } from '../types.ts';
import { unquote } from './client.ts';
import { readListingXml, type Leaf, type ListingShape } from './listing-xml.ts';

/**
 * One page of a source listing, as the listing uses it: read from the raw XML by listing-xml.ts
 * when it can (the fast way), from the SDK's parse otherwise. Both ways give the same page
 * (test/unit/listing-xml.test.ts).
 */

/** What decides a ListObjectsV2 page's next page. */
export interface LatestPageHead {
  truncated: boolean;
  nextToken?: string;
  /** The page's last key (a range's end may make the next page unwanted). */
  lastKey?: string;
}

/** What decides a ListObjectVersions page's next page. */
export interface VersionPageHead {
  truncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

/** A ListObjectsV2 page: each listed object's version, in the server's order. */
export interface LatestPage extends LatestPageHead {
  versions: SourceVersion[];
}

/** A ListObjectVersions page: its versions, then its delete markers, each in the server's order. */
export interface VersionPage extends VersionPageHead {
  versions: SourceVersion[];
}

/** A listing time as ISO 8601 (the epoch when a server omits it). */
function iso(date: Date | undefined): string {
  return (date ?? new Date(0)).toISOString();
}

export function latestPageFromSdk(page: ListObjectsV2CommandOutput): LatestPage {
  const versions: SourceVersion[] = [];
  for (const object of page.Contents ?? []) {
    if (object.Key === undefined) continue;
    versions.push(withObjectFields({ key: object.Key, lastModified: iso(object.LastModified), size: object.Size ?? 0 }, object.ETag, object.StorageClass));
  }
  return headed({ truncated: page.IsTruncated ?? false, versions }, page.NextContinuationToken, page.Contents?.at(-1)?.Key);
}

export function versionPageFromSdk(page: ListObjectVersionsCommandOutput): VersionPage {
  const versions: SourceVersion[] = [];
  for (const v of page.Versions ?? []) {
    if (v.Key === undefined) continue;
    const version: SourceVersion = { key: v.Key, lastModified: iso(v.LastModified), size: v.Size ?? 0, isLatest: v.IsLatest ?? false };
    if (v.VersionId) version.versionId = v.VersionId;
    versions.push(withObjectFields(version, v.ETag, v.StorageClass));
  }
  for (const m of page.DeleteMarkers ?? []) {
    if (m.Key === undefined) continue;
    const marker: SourceVersion = { key: m.Key, lastModified: iso(m.LastModified), deleteMarker: true, isLatest: m.IsLatest ?? false };
    if (m.VersionId) marker.versionId = m.VersionId;
    versions.push(marker);
  }
  const head: VersionPage = { truncated: page.IsTruncated ?? false, versions };
  if (page.NextKeyMarker !== undefined) head.nextKeyMarker = page.NextKeyMarker;
  if (page.NextVersionIdMarker !== undefined) head.nextVersionIdMarker = page.NextVersionIdMarker;
  return head;
}

/** A listed object version's ETag (unquoted) and storage class, read the same way from either parse. */
function withObjectFields(version: SourceVersion, etag: string | undefined, storageClass: string | undefined): SourceVersion {
  const unquoted = unquote(etag);
  if (unquoted !== undefined) version.etag = unquoted;
  if (storageClass) version.storageClass = storageClass;
  return version;
}

function headed(page: LatestPage, nextToken: string | undefined, lastKey: string | undefined): LatestPage {
  if (nextToken !== undefined) page.nextToken = nextToken;
  if (lastKey !== undefined) page.lastKey = lastKey;
  return page;
}

class Unusable extends Error {}
const unusable = new Unusable();

// The leaves each page uses, by position (listing-xml.ts reads them into arrays).
const KEY = 0;
const LAST_MODIFIED = 1;
const ETAG = 2;
const SIZE = 3;
const STORAGE_CLASS = 4;
const VERSION_ID = 5;
const IS_LATEST = 6;
const ENTRY_FIELDS = ['Key', 'LastModified', 'ETag', 'Size', 'StorageClass', 'VersionId', 'IsLatest'];
const IS_TRUNCATED = 0;
const ENCODING_TYPE = 1;
const NEXT_TOKEN = 2;
const NEXT_KEY_MARKER = 2;
const NEXT_VERSION_ID_MARKER = 3;

const LATEST_SHAPE: ListingShape = {
  root: 'ListBucketResult',
  entries: ['Contents'],
  pageFields: ['IsTruncated', 'EncodingType', 'NextContinuationToken'],
  entryFields: ENTRY_FIELDS,
};
const VERSIONS_SHAPE: ListingShape = {
  root: 'ListVersionsResult',
  entries: ['Version', 'DeleteMarker'],
  pageFields: ['IsTruncated', 'EncodingType', 'NextKeyMarker', 'NextVersionIdMarker'],
  entryFields: ENTRY_FIELDS,
};

/** A ListObjectsV2 page read from its XML, or undefined when the SDK must read it. */
export function latestPageFromXml(xml: string): LatestPage | undefined {
  const read = readListingXml(xml, LATEST_SHAPE);
  if (!read) return undefined;
  try {
    const fields = read.fields;
    // Keys listed with EncodingType=url would need decoding: never asked for, so not expected.
    if (fields[ENCODING_TYPE] !== undefined) return undefined;
    const versions: SourceVersion[] = [];
    let lastKey: string | undefined;
    for (const { fields: object } of read.entries) {
      lastKey = text(object[KEY]);
      // Read even for an entry without a key, which the listing skips: the SDK fails a page on a bad one.
      const lastModified = time(object[LAST_MODIFIED]);
      const objectSize = size(object[SIZE]);
      if (lastKey === undefined) continue;
      versions.push(withObjectFields({ key: lastKey, lastModified, size: objectSize }, text(object[ETAG]), text(object[STORAGE_CLASS])));
    }
    return headed({ truncated: flag(fields[IS_TRUNCATED], true), versions }, text(fields[NEXT_TOKEN]), lastKey);
  } catch (error) {
    if (error === unusable) return undefined;
    throw error;
  }
}

/** A ListObjectVersions page read from its XML, or undefined when the SDK must read it. */
export function versionPageFromXml(xml: string): VersionPage | undefined {
  const read = readListingXml(xml, VERSIONS_SHAPE);
  if (!read) return undefined;
  try {
    const fields = read.fields;
    if (fields[ENCODING_TYPE] !== undefined) return undefined;
    const versions: SourceVersion[] = [];
    const markers: SourceVersion[] = [];
    for (const { tag, fields: entry } of read.entries) {
      const key = text(entry[KEY]);
      const lastModified = time(entry[LAST_MODIFIED]);
      const isLatest = flag(entry[IS_LATEST], false);
      const versionSize = size(entry[SIZE]);
      if (key === undefined) continue;
      const versionId = text(entry[VERSION_ID]);
      if (tag === 'DeleteMarker') {
        const marker: SourceVersion = { key, lastModified, deleteMarker: true, isLatest };
        if (versionId) marker.versionId = versionId;
        markers.push(marker);
        continue;
      }
      const version: SourceVersion = { key, lastModified, size: versionSize, isLatest };
      if (versionId) version.versionId = versionId;
      versions.push(withObjectFields(version, text(entry[ETAG]), text(entry[STORAGE_CLASS])));
    }
    const page: VersionPage = { truncated: flag(fields[IS_TRUNCATED], true), versions: markers.length > 0 ? versions.concat(markers) : versions };
    const nextKeyMarker = text(fields[NEXT_KEY_MARKER]);
    if (nextKeyMarker !== undefined) page.nextKeyMarker = nextKeyMarker;
    const nextVersionIdMarker = text(fields[NEXT_VERSION_ID_MARKER]);
    if (nextVersionIdMarker !== undefined) page.nextVersionIdMarker = nextVersionIdMarker;
    return page;
  } catch (error) {
    if (error === unusable) return undefined;
    throw error;
  }
}

/** A leaf's text; an element given twice or holding elements is the SDK's to read. */
function text(value: Leaf): string | undefined {
  if (value === null) throw unusable;
  return value;
}

/** `true` or `false`; absent is `false`, unless `required` (the page's IsTruncated). */
function flag(leaf: Leaf, required: boolean): boolean {
  const value = text(leaf);
  if (value === 'true') return true;
  if (value === 'false' || (value === undefined && !required)) return false;
  throw unusable;
}

function size(leaf: Leaf): number {
  const value = text(leaf);
  if (value === undefined) return 0;
  if (!/^[0-9]{1,15}$/.test(value)) throw unusable;
  return Number(value);
}

/** The last one read: the objects of a page are often written within the same second. */
let lastTime = { text: '', iso: '' };

/**
 * LastModified as the SDK's Date would give it back: S3's own form (milliseconds, Z) is kept as
 * it is once it reads as that same instant; any other form is the SDK's to read.
 */
function time(leaf: Leaf): string {
  const value = text(leaf);
  if (value === undefined) return iso(undefined);
  if (value === lastTime.text) return lastTime.iso;
  // Years before 1000 are left to the SDK, which reads 0000-02-29 as 0000-03-01.
  if (value.length !== 24 || !ISO_MS.test(value) || value.startsWith('0')) throw unusable;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== value) throw unusable;
  lastTime = { text: value, iso: value };
  return value;
}

const ISO_MS = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;
