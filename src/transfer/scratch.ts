import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';

/**
 * A folder of one run's own (private, removed at the end) for what must not sit in memory: an
 * object read whole before it is written over live data, and a list that can grow with the number
 * of keys (an in-place restore's removals). Memory stays bounded whatever the sizes.
 */
export class ScratchSpace {
  private constructor(
    private readonly folder: string,
    /** Bytes an object may take in memory before it goes to a file. */
    readonly memoryBytes: number,
  ) {}

  static async create(name: string, options: { memoryBytes: number }): Promise<ScratchSpace> {
    return new ScratchSpace(await mkdtemp(join(tmpdir(), `pullback-${name}-`)), options.memoryBytes);
  }

  /**
   * Reads a body whole, handing each chunk to `observe` (a hash) on the way: in memory up to
   * `memoryBytes`, in a file beyond. A failed read leaves nothing behind.
   */
  async stage(body: Readable, observe: (chunk: Buffer) => void): Promise<StagedBytes> {
    let chunks: Buffer[] = [];
    let held = 0;
    let size = 0;
    let file: { path: string; handle: FileHandle } | undefined;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        observe(chunk);
        size += chunk.length;
        if (file) {
          await file.handle.write(chunk);
          continue;
        }
        chunks.push(chunk);
        held += chunk.length;
        if (held > this.memoryBytes) {
          const path = join(this.folder, `stage-${randomBytes(8).toString('hex')}`);
          file = { path, handle: await open(path, 'wx', 0o600) };
          for (const earlier of chunks) await file.handle.write(earlier);
          chunks = [];
        }
      }
      if (file) await file.handle.close();
    } catch (error) {
      body.destroy();
      chunks = [];
      if (file) {
        await file.handle.close().catch(() => undefined);
        await rm(file.path, { force: true });
      }
      throw error;
    }
    const path = file?.path;
    const memory = chunks;
    return {
      size,
      open: () => (path !== undefined ? createReadStream(path) : Readable.from(memory, { objectMode: false })),
      dispose: async () => {
        memory.length = 0;
        if (path !== undefined) await rm(path, { force: true });
      },
    };
  }

  /** A list kept on disk in this folder, read back in the order written. */
  spool<T>(name: string): RecordSpool<T> {
    return new RecordSpool<T>(join(this.folder, `${name}.jsonl`));
  }

  async dispose(): Promise<void> {
    await rm(this.folder, { recursive: true, force: true });
  }
}

/** Bytes read whole and held for writing, as often as a retry needs. */
export interface StagedBytes {
  size: number;
  open(): Readable;
  dispose(): Promise<void>;
}

/**
 * Records kept on disk, one JSON line each, written in batches and read back as a stream: a list
 * of millions of entries needs no more memory than one batch.
 */
export class RecordSpool<T> {
  count = 0;
  private handle: FileHandle | undefined;
  private buffered = '';

  constructor(private readonly path: string) {}

  async add(record: T): Promise<void> {
    this.buffered += JSON.stringify(record) + '\n';
    this.count++;
    if (this.buffered.length >= 64 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffered === '') return;
    this.handle ??= await open(this.path, 'wx', 0o600);
    await this.handle.write(this.buffered);
    this.buffered = '';
  }

  /** Every record added, in the order added. */
  async *read(): AsyncGenerator<T> {
    await this.flush();
    if (!this.handle) return;
    await this.handle.close();
    this.handle = undefined;
    const lines = createInterface({ input: createReadStream(this.path), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line !== '') yield JSON.parse(line) as T;
    }
  }

  async close(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }
}
