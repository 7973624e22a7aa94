import { createGunzip, createGzip } from 'node:zlib';
import { PassThrough, type Readable } from 'node:stream';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Destination } from '../storage/types.ts';

/** Reads a gzipped JSON-lines stream one record at a time (constant memory). */
export async function* readJsonLines<T>(stream: Readable): AsyncGenerator<T> {
  const lines = createInterface({ input: stream.pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length > 0) yield JSON.parse(line) as T;
  }
}

/** Streams gzipped JSON lines into a destination object, with backpressure. */
export class JsonLinesWriter {
  private readonly gzip = createGzip();
  private readonly done: Promise<void>;
  private failure: unknown;
  count = 0;

  constructor(destination: Destination, readonly key: string) {
    const body = new PassThrough();
    this.gzip.pipe(body);
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

  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.gzip.end();
    await this.done;
  }
}
