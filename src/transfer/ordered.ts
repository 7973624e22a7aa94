/**
 * Runs tasks with bounded concurrency and hands their results back in submission order, so
 * catalogue files stay sorted while copies overlap. At most `window` results wait in memory.
 */
/**
 * How many results an OrderedPool of this concurrency may hold: every listed key takes a place,
 * changed or not, so the window is what lets copies of keys far apart overlap. At concurrency x 4
 * (its first value) an incremental run whose changes were 100 keys apart copied one at a time
 * whatever the concurrency (test/int/s3-sparse-changes.test.ts; the benchmark's incremental run,
 * 1 % changed: 2.66 -> 1.75 s, median of 6). 4,096 held results are a few MB (a key, its versions
 * and its outcome each), bounded whatever the bucket holds.
 */
export function orderedWindow(concurrency: number): number {
  return Math.max(concurrency * 4, 4096);
}

export class OrderedPool<T> {
  private readonly queue: Promise<T>[] = [];
  private running = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly window: number,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  /** Starts a task once a slot is free. Call `drainReady` or `next` to collect results in order. */
  async submit(task: () => Promise<T>): Promise<void> {
    while (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.running++;
    const promise = task().finally(() => {
      this.running--;
      this.waiters.shift()?.();
    });
    // Rejections are observed when the result is taken; avoid an unhandled-rejection crash.
    promise.catch(() => {});
    this.queue.push(promise);
  }

  /** True when the caller should take a result before submitting more. */
  get full(): boolean {
    return this.queue.length >= this.window;
  }

  async next(): Promise<T> {
    const head = this.queue.shift();
    if (!head) throw new Error('OrderedPool.next on an empty queue');
    return head;
  }
}
