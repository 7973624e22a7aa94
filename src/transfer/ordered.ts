/**
 * Runs tasks with bounded concurrency and hands their results back in submission order, so
 * catalogue files stay sorted while copies overlap. At most `window` results wait in memory.
 */
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
