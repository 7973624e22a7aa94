import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** One removal an in-place restore plans: which source's target, and the key there. */
export interface PendingRemoval {
  /** Index of the source in the restore's selection. */
  source: number;
  key: string;
  size: number;
}

/**
 * The removals of an in-place restore, kept on disk until every write of every source has
 * succeeded and been verified: a bucket with millions of keys absent at T must not need millions
 * of entries in memory. One JSON line per removal; written in batches, read back as a stream.
 */
export class PendingRemovals {
  count = 0;
  private handle: FileHandle | undefined;
  private buffered = '';
  private readonly path: string;

  constructor(folder: string) {
    this.path = join(folder, 'removals.jsonl');
  }

  async add(removal: PendingRemoval): Promise<void> {
    this.buffered += JSON.stringify([removal.source, removal.key, removal.size]) + '\n';
    this.count++;
    if (this.buffered.length >= 64 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffered === '') return;
    this.handle ??= await open(this.path, 'wx', 0o600);
    await this.handle.write(this.buffered);
    this.buffered = '';
  }

  /** Every removal added, in the order added. */
  async *read(): AsyncGenerator<PendingRemoval> {
    await this.flush();
    if (!this.handle) return;
    await this.handle.close();
    this.handle = undefined;
    const lines = createInterface({ input: createReadStream(this.path), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line === '') continue;
      const [source, key, size] = JSON.parse(line) as [number, string, number];
      yield { source, key, size };
    }
  }

  async close(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
  }
}
