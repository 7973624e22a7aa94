import { createHash, createHmac, createSecretKey, type Hash, type Hmac, type KeyObject } from 'node:crypto';
import type { Checksum, SourceData } from '@smithy/types';

/**
 * SHA-256 and HMAC-SHA-256 for the SDK's request signing (the S3 client's `sha256`): the SDK's own
 * (@smithy's hash-node) with one change, each HMAC key made a KeyObject once. Node 24's createHmac
 * turns a Buffer or string key into a KeyObject on every call: 31-77 µs an HMAC against 6.7 µs
 * with a KeyObject (measured on Node 24.21), and SigV4 makes two per request (the signing-key
 * cache's key and the signature), 0.5 s of CPU in a full backup of 4,060 requests (issue 11,
 * cpu profile of bench/s3-compare.ts's full run). The derived signing key is the same object from
 * the SDK's cache until the date changes (a WeakMap holds its KeyObject); secret keys as strings
 * are few (one per credential), kept in a small map.
 */
const objectKeys = new WeakMap<object, KeyObject>();
const stringKeys = new Map<string, KeyObject>();
const MAX_STRING_KEYS = 16;

function keyOf(secret: SourceData): KeyObject {
  if (typeof secret === 'string') {
    let key = stringKeys.get(secret);
    if (!key) {
      // Credentials that rotate (a role's session) make new secrets: drop the old ones.
      if (stringKeys.size >= MAX_STRING_KEYS) stringKeys.clear();
      key = createSecretKey(Buffer.from(secret, 'utf8'));
      stringKeys.set(secret, key);
    }
    return key;
  }
  let key = objectKeys.get(secret);
  if (!key) {
    key = createSecretKey(bytes(secret));
    objectKeys.set(secret, key);
  }
  return key;
}

function bytes(data: SourceData, encoding?: BufferEncoding): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (typeof data === 'string') return Buffer.from(data, encoding ?? 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

export class SigningSha256 implements Checksum {
  private hash!: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.reset();
  }

  update(data: Uint8Array | string, encoding?: 'utf8' | 'ascii' | 'latin1'): void {
    this.hash.update(bytes(data, encoding));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }

  reset(): void {
    this.hash = this.secret ? createHmac('sha256', keyOf(this.secret)) : createHash('sha256');
  }
}
