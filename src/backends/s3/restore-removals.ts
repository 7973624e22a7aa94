import type { RecordSpool, ScratchSpace } from '../../transfer/scratch.ts';

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
 * of entries in memory. One compact JSON line per removal.
 */
export class PendingRemovals {
  private readonly spool: RecordSpool<[number, string, number]>;

  constructor(scratch: ScratchSpace) {
    this.spool = scratch.spool('removals');
  }

  get count(): number {
    return this.spool.count;
  }

  add(removal: PendingRemoval): Promise<void> {
    return this.spool.add([removal.source, removal.key, removal.size]);
  }

  /** Every removal added, in the order added. */
  async *read(): AsyncGenerator<PendingRemoval> {
    for await (const [source, key, size] of this.spool.read()) yield { source, key, size };
  }

  close(): Promise<void> {
    return this.spool.close();
  }
}
