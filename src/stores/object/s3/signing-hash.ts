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
 *
 * An HMAC keyed by a string is also remembered by its message (StringKey.digests): the SDK computes one
 * on every request only to name its signing-key cache's entry (HMAC(secret key, access key id),
 * the same bytes each time), 33 µs a request of the 110 µs its signing took in a full backup's
 * profile (4,200 requests, issue 11). The secret string's other use, deriving the signing key
 * ("AWS4" + secret, date), happens once a day. A string-keyed message longer than
 * MAX_REMEMBERED_MESSAGE, which the SDK never sends, is hashed as usual.
 */
const objectKeys = new WeakMap<object, KeyObject>();
/** A secret given as a string: its KeyObject, and its digests by message (latin1). */
interface StringKey {
  key: KeyObject;
  digests: Map<string, Buffer>;
}
const stringKeys = new Map<string, StringKey>();
const MAX_STRING_KEYS = 16;
/** Digests remembered per string key (the SDK's: one access key id, and the day's date). */
const MAX_DIGESTS_PER_KEY = 16;
/** Bytes of a string-keyed message whose digest may be remembered. */
const MAX_REMEMBERED_MESSAGE = 256;

function stringKeyOf(secret: string): StringKey {
  let entry = stringKeys.get(secret);
  if (!entry) {
    // Credentials that rotate (a role's session) make new secrets: drop the old ones.
    if (stringKeys.size >= MAX_STRING_KEYS) stringKeys.clear();
    entry = { key: createSecretKey(Buffer.from(secret, 'utf8')), digests: new Map() };
    stringKeys.set(secret, entry);
  }
  return entry;
}

function keyOf(secret: SourceData): KeyObject {
  if (typeof secret === 'string') return stringKeyOf(secret).key;
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

/** HMAC-SHA-256 of `message` under the string `secret`, remembered (see the file's comment); a copy. */
function rememberedHmac(secret: string, message: Buffer): Buffer {
  const text = message.toString('latin1');
  const { key, digests } = stringKeyOf(secret);
  let digest = digests.get(text);
  if (!digest) {
    digest = createHmac('sha256', key).update(message).digest();
    if (digests.size >= MAX_DIGESTS_PER_KEY) digests.clear();
    digests.set(text, digest);
  }
  // A copy: what the caller does with it cannot reach the next caller's digest.
  return Buffer.from(digest);
}

export class SigningSha256 implements Checksum {
  private hash: Hash | Hmac | undefined;
  /** A string-keyed HMAC's message so far (copied), while short enough to be remembered. */
  private message: Buffer[] | undefined;
  private messageBytes = 0;

  constructor(private readonly secret?: SourceData) {
    this.reset();
  }

  update(data: Uint8Array | string, encoding?: 'utf8' | 'ascii' | 'latin1'): void {
    const chunk = bytes(data, encoding);
    if (this.message && this.messageBytes + chunk.length <= MAX_REMEMBERED_MESSAGE) {
      this.message.push(Buffer.from(chunk));
      this.messageBytes += chunk.length;
      return;
    }
    if (this.message) {
      // Too long to remember: hashed as any other HMAC, from what came so far.
      this.hash = createHmac('sha256', keyOf(this.secret!));
      for (const earlier of this.message) this.hash.update(earlier);
      this.message = undefined;
    }
    this.hash!.update(chunk);
  }

  digest(): Promise<Uint8Array> {
    if (this.message) return Promise.resolve(rememberedHmac(this.secret as string, Buffer.concat(this.message, this.messageBytes)));
    return Promise.resolve(this.hash!.digest());
  }

  reset(): void {
    this.message = undefined;
    this.messageBytes = 0;
    // An empty string is no key, as before: a plain SHA-256.
    if (typeof this.secret === 'string' && this.secret !== '') {
      this.hash = undefined;
      this.message = [];
    } else this.hash = this.secret ? createHmac('sha256', keyOf(this.secret)) : createHash('sha256');
  }
}
