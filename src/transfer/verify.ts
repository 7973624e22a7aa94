import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';

/**
 * Counts and hashes bytes as they stream past, so a copy is verified without reading it twice:
 * SHA-256 always (recorded in the catalogue for later verification), MD5 when the ETag is an MD5,
 * and whichever of S3's additional checksums the source gave.
 */
export class Verifier extends Transform {
  bytes = 0;
  private readonly sha256 = createHash('sha256');
  private readonly md5: Hash | undefined;
  private readonly sha1: Hash | undefined;
  private crc: number | undefined;

  constructor(options: { md5: boolean; sha1: boolean; crc32: boolean }) {
    super();
    if (options.md5) this.md5 = createHash('md5');
    if (options.sha1) this.sha1 = createHash('sha1');
    if (options.crc32) this.crc = 0;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hashChunk(chunk);
    callback(null, chunk);
  }

  /** Counts and hashes bytes that do not stream through (a small body read whole). */
  hashChunk(chunk: Buffer): void {
    this.bytes += chunk.length;
    this.sha256.update(chunk);
    this.md5?.update(chunk);
    this.sha1?.update(chunk);
    if (this.crc !== undefined) this.crc = crc32(chunk, this.crc);
  }

  digests(): { sha256: string; sha256Base64: string; md5?: string; sha1Base64?: string; crc32Base64?: string } {
    const sha = this.sha256.digest();
    const result: ReturnType<Verifier['digests']> = { sha256: sha.toString('hex'), sha256Base64: sha.toString('base64') };
    if (this.md5) result.md5 = this.md5.digest('hex');
    if (this.sha1) result.sha1Base64 = this.sha1.digest('base64');
    if (this.crc !== undefined) {
      const buffer = Buffer.alloc(4);
      buffer.writeUInt32BE(this.crc >>> 0);
      result.crc32Base64 = buffer.toString('base64');
    }
    return result;
  }
}

/** Reads a body to its end: its length, SHA-256 and MD5 (hex), to check bytes at rest against a record. */
export async function digestStream(body: Readable): Promise<{ bytes: number; sha256: string; md5: string }> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    md5.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: sha256.digest('hex'), md5: md5.digest('hex') };
}
