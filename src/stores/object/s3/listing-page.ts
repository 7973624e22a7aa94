import type { ListObjectsV2CommandOutput, ListObjectVersionsCommandOutput } from '@aws-sdk/client-s3';
import type { SourceVersion } from '../types.ts';
import { unquote } from './client.ts';
import { readListingXml, type XmlFields } from './listing-xml.ts';

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
    const version: SourceVersion = { key: object.Key, lastModified: iso(object.LastModified), size: object.Size ?? 0 };
    const etag = unquote(object.ETag);
    if (etag !== undefined) version.etag = etag;
    if (object.StorageClass) version.storageClass = object.StorageClass;
    versions.push(version);
  }
  return headed({ truncated: page.IsTruncated ?? false, versions }, page.NextContinuationToken, page.Contents?.at(-1)?.Key);
}

export function versionPageFromSdk(page: ListObjectVersionsCommandOutput): VersionPage {
  const versions: SourceVersion[] = [];
  for (const v of page.Versions ?? []) {
    if (v.Key === undefined) continue;
    const version: SourceVersion = { key: v.Key, lastModified: iso(v.LastModified), size: v.Size ?? 0, isLatest: v.IsLatest ?? false };
    if (v.VersionId) version.versionId = v.VersionId;
    const etag = unquote(v.ETag);
    if (etag !== undefined) version.etag = etag;
    if (v.StorageClass) version.storageClass = v.StorageClass;
    versions.push(version);
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

function headed(page: LatestPage, nextToken: string | undefined, lastKey: string | undefined): LatestPage {
  if (nextToken !== undefined) page.nextToken = nextToken;
  if (lastKey !== undefined) page.lastKey = lastKey;
  return page;
}

class Unusable extends Error {}
const unusable = new Unusable();

const CONTENTS = new Set(['Contents']);
const VERSION_ENTRIES = new Set(['Version', 'DeleteMarker']);

/** A ListObjectsV2 page read from its XML, or undefined when the SDK must read it. */
export function latestPageFromXml(xml: string): LatestPage | undefined {
  const read = readListingXml(xml, 'ListBucketResult', CONTENTS);
  if (!read) return undefined;
  try {
    const fields = read.fields;
    // Keys listed with EncodingType=url would need decoding: never asked for, so not expected.
    if (fields.has('EncodingType')) return undefined;
    const versions: SourceVersion[] = [];
    let lastKey: string | undefined;
    for (const { fields: object } of read.entries) {
      lastKey = text(object, 'Key');
      if (lastKey === undefined) continue;
      const version: SourceVersion = { key: lastKey, lastModified: time(object), size: size(object) };
      const etag = unquote(text(object, 'ETag'));
      if (etag !== undefined) version.etag = etag;
      const storageClass = text(object, 'StorageClass');
      if (storageClass) version.storageClass = storageClass;
      versions.push(version);
    }
    return headed({ truncated: flag(fields, 'IsTruncated', true), versions }, text(fields, 'NextContinuationToken'), lastKey);
  } catch (error) {
    if (error === unusable) return undefined;
    throw error;
  }
}

/** A ListObjectVersions page read from its XML, or undefined when the SDK must read it. */
export function versionPageFromXml(xml: string): VersionPage | undefined {
  const read = readListingXml(xml, 'ListVersionsResult', VERSION_ENTRIES);
  if (!read) return undefined;
  try {
    const fields = read.fields;
    if (fields.has('EncodingType')) return undefined;
    const versions: SourceVersion[] = [];
    const markers: SourceVersion[] = [];
    for (const { tag, fields: entry } of read.entries) {
      const key = text(entry, 'Key');
      if (key === undefined) continue;
      const isLatest = flag(entry, 'IsLatest', false);
      const versionId = text(entry, 'VersionId');
      if (tag === 'DeleteMarker') {
        const marker: SourceVersion = { key, lastModified: time(entry), deleteMarker: true, isLatest };
        if (versionId) marker.versionId = versionId;
        markers.push(marker);
        continue;
      }
      const version: SourceVersion = { key, lastModified: time(entry), size: size(entry), isLatest };
      if (versionId) version.versionId = versionId;
      const etag = unquote(text(entry, 'ETag'));
      if (etag !== undefined) version.etag = etag;
      const storageClass = text(entry, 'StorageClass');
      if (storageClass) version.storageClass = storageClass;
      versions.push(version);
    }
    const page: VersionPage = { truncated: flag(fields, 'IsTruncated', true), versions: markers.length > 0 ? versions.concat(markers) : versions };
    const nextKeyMarker = text(fields, 'NextKeyMarker');
    if (nextKeyMarker !== undefined) page.nextKeyMarker = nextKeyMarker;
    const nextVersionIdMarker = text(fields, 'NextVersionIdMarker');
    if (nextVersionIdMarker !== undefined) page.nextVersionIdMarker = nextVersionIdMarker;
    return page;
  } catch (error) {
    if (error === unusable) return undefined;
    throw error;
  }
}

/** A leaf's text; an element given twice or holding elements is the SDK's to read. */
function text(fields: XmlFields, name: string): string | undefined {
  const value = fields.get(name);
  if (value === null) throw unusable;
  return value;
}

/** `true` or `false`; absent is `false`, unless `required` (the page's IsTruncated). */
function flag(fields: XmlFields, name: string, required: boolean): boolean {
  const value = text(fields, name);
  if (value === 'true') return true;
  if (value === 'false' || (value === undefined && !required)) return false;
  throw unusable;
}

function size(fields: XmlFields): number {
  const value = text(fields, 'Size');
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
function time(fields: XmlFields): string {
  const value = text(fields, 'LastModified');
  if (value === undefined) return iso(undefined);
  if (value === lastTime.text) return lastTime.iso;
  if (value.length !== 24 || !ISO_MS.test(value)) throw unusable;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== value) throw unusable;
  lastTime = { text: value, iso: value };
  return value;
}

const ISO_MS = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;
