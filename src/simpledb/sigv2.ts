// AWS Signature Version 2 for the SimpleDB Query API (HmacSHA256, HmacSHA1 also accepted).
import { createHmac } from 'node:crypto';

export type SignatureMethod = 'HmacSHA256' | 'HmacSHA1';

/** RFC 3986 percent-encoding: unreserved characters A-Z a-z 0-9 - _ . ~ stay, all else is %XX of UTF-8. */
export function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Every parameter but Signature, sorted by byte order of the name, RFC 3986-encoded, `k=v&k=v`. */
export function canonicalQuery(params: Iterable<[string, string]>): string {
  return [...params]
    .filter(([k]) => k !== 'Signature')
    .sort(([a], [b]) => byteCompare(a, b))
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&');
}

export function stringToSign(method: string, host: string, path: string, params: Iterable<[string, string]>): string {
  return `${method.toUpperCase()}\n${host.toLowerCase()}\n${path === '' ? '/' : path}\n${canonicalQuery(params)}`;
}

export function signV2(
  secretAccessKey: string,
  signatureMethod: SignatureMethod,
  method: string,
  host: string,
  path: string,
  params: Iterable<[string, string]>,
): string {
  const algorithm = signatureMethod === 'HmacSHA1' ? 'sha1' : 'sha256';
  return createHmac(algorithm, secretAccessKey).update(stringToSign(method, host, path, params), 'utf8').digest('base64');
}

/** SimpleDB's timestamp form: ISO 8601 UTC without milliseconds, e.g. 2026-11-24T16:17:58Z. */
export function sigTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
