import { createHash } from 'node:crypto';
import { createGzip } from 'node:zlib';
import { PassThrough, Transform } from 'node:stream';
import { once } from 'node:events';
import type { ObjectStore } from '../../../stores/object/types.ts';
import { asError } from '../../../transfer/errors.ts';

/** The bytes a writer stored: recorded in the run record and checked on every read. */
export interface FileDigest {
  sha256: string;
  bytes: number;
}

/** Characters of JSON lines gathered before they are handed to zlib (memory: about twice this). */
const BATCH_CHARACTERS = 64 * 1024;

/** Streams gzipped JSON lines into a destination object, with backpressure. */
export class JsonLinesWriter {
  private readonly gzip = createGzip();
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly body = new PassThrough();
  private readonly done: Promise<unknown>;
  private failure: unknown;
  private pending: string[] = [];
  private pendingLength = 0;
  count = 0;

  constructor(destination: ObjectStore, readonly key: string) {
    const body = this.body;
    // Hash what is stored (the compressed bytes), so a reader can check the file before unzipping.
    const measure = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        callback(null, chunk);
      },
    });
    this.gzip.pipe(measure).pipe(body);
    // An abandoned write ends in the upload's error; these streams have nobody else to tell.
    this.gzip.on('error', () => {});
    measure.on('error', () => {});
    // The destination may not have started reading the body when it is abandoned (a folder checks
    // the path first): without a listener its 'error' would be thrown as an uncaught exception.
    body.on('error', () => {});
    this.done = destination.put(key, body, { metadata: { contentType: 'application/x-ndjson', contentEncoding: 'gzip' } });
    this.done.catch((error) => {
      this.failure = error;
      // With the error: a write waiting for 'drain' (nobody reads the body of a refused upload,
      // so the buffers stay full) is woken by it; destroyed without one, it would wait forever.
      this.gzip.destroy(asError(error));
    });
  }

  async write(record: unknown): Promise<void> {
    if (this.failure) throw this.failure;
    this.count++;
    const line = JSON.stringify(record) + '\n';
    this.pending.push(line);
    this.pendingLength += line.length;
    if (this.pendingLength >= BATCH_CHARACTERS) await this.flush();
  }

  /**
   * Lines go to zlib in batches: one deflate call per line cost 0.2 s of CPU in a run of 2,000
   * keys (bench/results/2026-11-30.md); a batch of 64 Ki characters costs one.
   */
  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (!this.gzip.write(batch)) {
      try {
        await once(this.gzip, 'drain');
      } catch (error) {
        // The upload failed (see the constructor): its error, not zlib's echo of it.
        throw this.failure ?? error;
      }
    }
  }

  async close(): Promise<FileDigest> {
    if (this.failure) throw this.failure;
    await this.flush();
    this.gzip.end();
    await this.done;
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  /** Gives up the file: the upload fails (a multipart upload is aborted, a temporary file removed). */
  async abort(reason = new Error('catalogue write abandoned')): Promise<void> {
    this.failure ??= reason;
    this.pending = [];
    this.gzip.destroy(reason);
    this.body.destroy(reason);
    await this.done.catch(() => undefined);
  }
}
