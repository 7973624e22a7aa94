import type { ObjectMetadata } from '../types.ts';

/** The headers of a GetObject or HeadObject response that a restore must put back. */
export interface MetadataHeaders {
  ContentType?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
  ContentLanguage?: string;
  CacheControl?: string;
  ExpiresString?: string;
  Metadata?: Record<string, string>;
  StorageClass?: string;
}

export function metadataFromResponse(response: MetadataHeaders): ObjectMetadata {
  const metadata: ObjectMetadata = {};
  if (response.ContentType) metadata.contentType = response.ContentType;
  if (response.ContentEncoding) metadata.contentEncoding = response.ContentEncoding;
  if (response.ContentDisposition) metadata.contentDisposition = response.ContentDisposition;
  if (response.ContentLanguage) metadata.contentLanguage = response.ContentLanguage;
  if (response.CacheControl) metadata.cacheControl = response.CacheControl;
  if (response.ExpiresString) metadata.expires = response.ExpiresString;
  if (response.Metadata && Object.keys(response.Metadata).length > 0) metadata.user = { ...response.Metadata };
  if (response.StorageClass) metadata.storageClass = response.StorageClass;
  return metadata;
}

/** The PutObject / CopyObject fields that carry metadata back. */
export function s3MetadataFields(metadata: ObjectMetadata | undefined) {
  if (!metadata) return {};
  return {
    ...(metadata.contentType ? { ContentType: metadata.contentType } : {}),
    ...(metadata.contentEncoding ? { ContentEncoding: metadata.contentEncoding } : {}),
    ...(metadata.contentDisposition ? { ContentDisposition: metadata.contentDisposition } : {}),
    ...(metadata.contentLanguage ? { ContentLanguage: metadata.contentLanguage } : {}),
    ...(metadata.cacheControl ? { CacheControl: metadata.cacheControl } : {}),
    ...(metadata.expires && !Number.isNaN(Date.parse(metadata.expires)) ? { Expires: new Date(metadata.expires) } : {}),
    ...(metadata.user ? { Metadata: metadata.user } : {}),
  };
}
