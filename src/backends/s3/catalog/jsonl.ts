import { createHash } from 'node:crypto';
import { createGzip } from 'node:zlib';
import { PassThrough, Transform } from 'node:stream';
import { once } from 'node:events';
import type { ObjectStore } from '../../../stores/object/types.ts';

/** The bytes a writer stored: recorded in the run record and checked on every read. */
export interface FileDigest {
  sha256: string;
  bytes: number;
}

/** Streams gzipped JSON lines into a destination object, with backpressure. */
export class JsonLinesWriter {
  private readonly gzip = createGzip();
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly body = new PassThrough();
  private readonly done: Promise<unknown>;
  private failure: unknown;
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
      this.gzip.destroy();
    });
  }

  async write(record: unknown): Promise<void> {
    if (this.failure) throw this.failure;
    this.count++;
    if (!this.gzip.write(JSON.stringify(record) + '\n')) await once(this.gzip, 'drain');
  }

  async close(): Promise<FileDigest> {
    if (this.failure) throw this.failure;
    this.gzip.end();
    await this.done;
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  /** Gives up the file: the upload fails (a multipart upload is aborted, a temporary file removed). */
  async abort(reason = new Error('catalogue write abandoned')): Promise<void> {
    this.failure ??= reason;
    this.gzip.destroy();
    this.body.destroy(reason);
    await this.done.catch(() => undefined);
  }
}
