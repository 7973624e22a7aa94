// AWS Signature Version 2 for the SimpleDB Query API (HmacSHA256, HmacSHA1 also accepted).
import { createHmac } from 'node:crypto';

export type SignatureMethod = 'HmacSHA256' | 'HmacSHA1';

/** Characters RFC 3986 leaves unencoded, and nothing else: most parameter names, many values. */
const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;

/** RFC 3986 percent-encoding: unreserved characters A-Z a-z 0-9 - _ . ~ stay, all else is %XX of UTF-8. */
export function rfc3986(value: string): string {
  // A BatchPutAttributes of 25 items has hundreds of parameters, most names all unreserved: they
  // are their own encoding, without a new string and a pass of the replace below.
  if (UNRESERVED_ONLY.test(value)) return value;
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The byte order of two strings' UTF-8, which is their code point order: UTF-16 order, but for a
 * surrogate (half of a code point above U+FFFF), which sorts after every other code unit.
 */
function utf8Order(a: string, b: string): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return surrogateLast(x) - surrogateLast(y);
  }
  return a.length - b.length;
}

const surrogateLast = (unit: number): number => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit);

/**
 * Every parameter but Signature, sorted by byte order of the name, RFC 3986-encoded, `k=v&k=v`.
 * Names are compared in place (utf8Order), without the two Buffers a comparison that encoded each
 * name cost: that comparison was a sixth of a SimpleDB restore's CPU (hundreds of parameters a
 * call, a few thousand comparisons each). A name with a lone surrogate has no UTF-8 form: its
 * encoding below throws, as it did.
 */
export function canonicalQuery(params: Iterable<[string, string]>): string {
  return canonicalOf(encodedPairs([...params].filter(([k]) => k !== 'Signature')));
}

/** Each parameter as its name and its `name=value` RFC 3986-encoded, in the order given. */
function encodedPairs(params: Iterable<[string, string]>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [k, v] of params) pairs.push([k, `${rfc3986(k)}=${rfc3986(v)}`]);
  return pairs;
}

/** Encoded pairs sorted by byte order of the name (a request's, never holding `Signature`). */
function canonicalOf(pairs: readonly [string, string][]): string {
  return [...pairs]
    .sort(([a], [b]) => utf8Order(a, b))
    .map(([, encoded]) => encoded)
    .join('&');
}

export function stringToSign(method: string, host: string, path: string, params: Iterable<[string, string]>): string {
  return toSign(method, host, path, canonicalQuery(params));
}

function toSign(method: string, host: string, path: string, canonical: string): string {
  return `${method.toUpperCase()}\n${host.toLowerCase()}\n${path === '' ? '/' : path}\n${canonical}`;
}

function hmac(secretAccessKey: string, signatureMethod: SignatureMethod, text: string): string {
  return createHmac(signatureMethod === 'HmacSHA1' ? 'sha1' : 'sha256', secretAccessKey).update(text, 'utf8').digest('base64');
}

export function signV2(
  secretAccessKey: string,
  signatureMethod: SignatureMethod,
  method: string,
  host: string,
  path: string,
  params: Iterable<[string, string]>,
): string {
  return hmac(secretAccessKey, signatureMethod, stringToSign(method, host, path, params));
}

/**
 * A request's parameters signed, as the body (or query string) to send: each parameter encoded
 * once, for the string to sign and for the body alike (RFC 3986 encoding is valid form encoding),
 * then `Signature`. A BatchPutAttributes of 25 items has hundreds of parameters: encoded twice,
 * the second time for the body, they were 8 % of what a restore allocated.
 */
export function signedBody(
  secretAccessKey: string,
  signatureMethod: SignatureMethod,
  method: string,
  host: string,
  path: string,
  params: Iterable<[string, string]>,
): string {
  const pairs = encodedPairs(params);
  const signature = hmac(secretAccessKey, signatureMethod, toSign(method, host, path, canonicalOf(pairs)));
  return `${pairs.map(([, encoded]) => encoded).join('&')}&Signature=${rfc3986(signature)}`;
}

/** SimpleDB's timestamp form: ISO 8601 UTC without milliseconds, e.g. 2026-11-24T16:17:58Z. */
export function sigTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
