/**
 * Whether two places in S3-compatible storage can hold the same objects. A backup destination
 * inside a source backs up its own backup; a restore target inside a source writes over live data;
 * a restore target over the destination's catalogue can poison it. Every such check comes here, so
 * "the same place" means the same thing everywhere.
 */

/** A bucket and key prefix at an endpoint (`undefined`: AWS). */
export interface S3Location {
  endpoint: string | undefined;
  bucket: string;
  /** Key prefix: '' (the whole bucket), or any text (a source prefix need not end in '/'). */
  prefix: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * One name per storage service. An unset endpoint and any `*.amazonaws.com` endpoint are AWS
 * (bucket names are global there, whatever the region); AWS China is its own partition. Elsewhere
 * the host and port decide (the scheme does not: http and https reach the same buckets), and the
 * loopback names count as one host. Two endpoints the function cannot tell apart are treated as
 * the same: refusing a safe setting costs a changed input, accepting an unsafe one costs data.
 */
export function endpointKey(endpoint: string | undefined): string {
  if (endpoint === undefined || endpoint.trim() === '') return 'aws';
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return endpoint.trim().toLowerCase().replace(/\/+$/, '');
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'amazonaws.com.cn' || host.endsWith('.amazonaws.com.cn')) return 'aws-cn';
  if (host === 'amazonaws.com' || host.endsWith('.amazonaws.com')) return 'aws';
  const port = url.port || (url.protocol === 'http:' ? '80' : url.protocol === 'https:' ? '443' : '');
  const name = LOOPBACK.has(host) ? 'loopback' : host;
  // http on 80 and https on 443 are the same service; any other port is its own.
  const portPart = port === '80' || port === '443' ? '' : `:${port}`;
  const path = url.pathname.replace(/\/+$/, '');
  return `${name}${portPart}${path}`;
}

/** Two key prefixes share keys when one starts with the other ('' covers everything). */
export function prefixesOverlap(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/** Same service, same bucket, and prefixes that share keys. */
export function locationsOverlap(a: S3Location, b: S3Location): boolean {
  return endpointKey(a.endpoint) === endpointKey(b.endpoint) && a.bucket === b.bucket && prefixesOverlap(a.prefix, b.prefix);
}

/** `s3://bucket/prefix`, with the endpoint when it is not AWS. */
export function describeLocation(location: S3Location): string {
  return `s3://${location.bucket}/${location.prefix}${location.endpoint ? ` at ${location.endpoint}` : ''}`;
}

/**
 * The parts of a backup destination a restore must never write into: its catalogue and its data
 * (and so its root, which holds both). `restored/` and anything else beside them stays usable.
 */
export function destinationReservedPrefixes(destinationPrefix: string): string[] {
  return [`${destinationPrefix}catalog/`, `${destinationPrefix}data/`];
}
