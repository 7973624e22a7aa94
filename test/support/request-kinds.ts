/**
 * Names the operation of an HTTP request to an S3-compatible server (path-style addressing, as
 * the tests configure every client) or to SimpleDB's Query API, so fault rules and request counts
 * can speak of "GetObject of data keys" or "Select" rather than of methods and paths.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type Flavor = 's3' | 'simpledb';

/** LIST, GET, HEAD, PUT, COPY, MULTIPART (create, part, complete, abort, list parts), DELETE; OTHER for the rest. */
export type RequestKind = 'LIST' | 'GET' | 'HEAD' | 'PUT' | 'COPY' | 'MULTIPART' | 'DELETE' | 'OTHER';

export interface Classified {
  op: string;
  kind: RequestKind;
  bucket?: string;
  key?: string;
  params?: URLSearchParams;
}

const SDB_KINDS: Record<string, RequestKind> = {
  Select: 'LIST',
  ListDomains: 'LIST',
  GetAttributes: 'GET',
  DomainMetadata: 'GET',
  PutAttributes: 'PUT',
  BatchPutAttributes: 'PUT',
  CreateDomain: 'PUT',
  DeleteAttributes: 'DELETE',
  BatchDeleteAttributes: 'DELETE',
  DeleteDomain: 'DELETE',
};

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function classifyRequest(flavor: Flavor, method: string, url: URL, headers: IncomingHttpHeaders, body: Buffer | undefined): Classified {
  if (flavor === 'simpledb') {
    const params = new URLSearchParams(url.search);
    if (body) for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params.append(name, value);
    const op = params.get('Action') ?? 'Unknown';
    return { op, kind: SDB_KINDS[op] ?? 'OTHER', params };
  }
  // The raw path keeps %2F inside keys apart from the separators: split first, then decode.
  const raw = url.pathname.slice(1);
  const slash = raw.indexOf('/');
  const bucket = decode(slash < 0 ? raw : raw.slice(0, slash));
  const key = slash < 0 ? undefined : decode(raw.slice(slash + 1));
  const q = url.searchParams;
  const at = (op: string, kind: RequestKind): Classified => ({ op, kind, ...(bucket ? { bucket } : {}), ...(key !== undefined && key !== '' ? { key } : {}) });
  const onObject = key !== undefined && key !== '';
  if (!bucket) return at('ListBuckets', 'LIST');
  switch (method) {
    case 'GET':
      if (onObject) return q.has('uploadId') ? at('ListParts', 'MULTIPART') : at('GetObject', 'GET');
      if (q.has('versions')) return at('ListObjectVersions', 'LIST');
      if (q.has('uploads')) return at('ListMultipartUploads', 'LIST');
      if (q.has('versioning')) return at('GetBucketVersioning', 'GET');
      if (q.has('location')) return at('GetBucketLocation', 'GET');
      return at(q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects', 'LIST');
    case 'HEAD':
      return onObject ? at('HeadObject', 'HEAD') : at('HeadBucket', 'HEAD');
    case 'PUT':
      if (!onObject) return at(q.has('versioning') ? 'PutBucketVersioning' : 'CreateBucket', 'PUT');
      if (headers['x-amz-copy-source'] !== undefined) return q.has('partNumber') ? at('UploadPartCopy', 'COPY') : at('CopyObject', 'COPY');
      if (q.has('partNumber') && q.has('uploadId')) return at('UploadPart', 'MULTIPART');
      return at('PutObject', 'PUT');
    case 'POST':
      if (onObject && q.has('uploads')) return at('CreateMultipartUpload', 'MULTIPART');
      if (onObject && q.has('uploadId')) return at('CompleteMultipartUpload', 'MULTIPART');
      if (q.has('delete')) return at('DeleteObjects', 'DELETE');
      return at('Post', 'OTHER');
    case 'DELETE':
      if (onObject) return q.has('uploadId') ? at('AbortMultipartUpload', 'MULTIPART') : at('DeleteObject', 'DELETE');
      return at('DeleteBucket', 'DELETE');
    default:
      return at(method, 'OTHER');
  }
}
