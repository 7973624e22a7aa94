import type { KeyListing, KeyRange, ObjectSource } from '../../../stores/object/types.ts';

/**
 * Lists consecutive key ranges concurrently and yields their keys in order: the ranges are
 * disjoint and ascending, so the sorted listing is their concatenation (no merge). At most
 * `parallelism` ranges are open at once, the one being yielded and the next ones reading ahead,
 * each into a buffer of at most `readAhead` keys: memory is bounded by parallelism x readAhead
 * whatever the bucket holds. Parallelism pays when ranges are about as large as the read-ahead
 * (split-points.ts sizes them so); a range far larger than it is listed mostly on its own.
 */
export interface OrderedRangesOptions {
  parallelism: number;
  /** Keys buffered per open range before its listing pauses (a few pages). */
  readAhead: number;
  /** Called when a range has its first answer (or ended empty): the source's clock is then known. */
  onRangeStarted?: () => void;
}

class RangeReader {
  private readonly buffer: KeyListing[] = [];
  private done = false;
  private error: unknown;
  private cancelled = false;
  private wakeReader: (() => void) | undefined;
  private wakeConsumer: (() => void) | undefined;

  constructor(
    private readonly source: ObjectSource,
    private readonly versioned: boolean,
    readonly range: KeyRange,
    private readonly readAhead: number,
    private readonly onStarted: (() => void) | undefined,
  ) {}

  /** Starts listing in the background; failures surface to the consumer in order. */
  start(): void {
    void this.run();
  }

  private async run(): Promise<void> {
    let started = false;
    try {
      for await (const entry of this.source.list(this.versioned, this.range)) {
        if (!started) {
          started = true;
          this.onStarted?.();
        }
        this.buffer.push(entry);
        this.notifyConsumer();
        while (this.buffer.length >= this.readAhead && !this.cancelled) await new Promise<void>((resolve) => (this.wakeReader = resolve));
        if (this.cancelled) return;
      }
    } catch (error) {
      this.error = error;
    } finally {
      if (!started) this.onStarted?.();
      this.done = true;
      this.notifyConsumer();
    }
  }

  private notifyConsumer(): void {
    const wake = this.wakeConsumer;
    this.wakeConsumer = undefined;
    wake?.();
  }

  /** The range's keys in order, as the background listing delivers them. */
  async *drain(): AsyncGenerator<KeyListing> {
    for (;;) {
      if (this.buffer.length > 0) {
        const entries = this.buffer.splice(0, this.buffer.length);
        const wake = this.wakeReader;
        this.wakeReader = undefined;
        wake?.();
        yield* entries;
        continue;
      }
      if (this.error !== undefined) throw this.error;
      if (this.done) return;
      await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
    }
  }

  cancel(): void {
    this.cancelled = true;
    const wake = this.wakeReader;
    this.wakeReader = undefined;
    wake?.();
  }
}

export async function* listOrderedRanges(source: ObjectSource, versioned: boolean, ranges: KeyRange[], options: OrderedRangesOptions): AsyncGenerator<KeyListing> {
  const parallelism = Math.max(1, options.parallelism);
  const readers = ranges.map((range) => new RangeReader(source, versioned, range, Math.max(1, options.readAhead), options.onRangeStarted));
  let next = 0;
  const open = () => {
    while (next < readers.length && next < current + parallelism) readers[next++]!.start();
  };
  let current = 0;
  try {
    // The first window opens in one go: every range's first request leaves at once, so the
    // earliest answer (the listing's start, by the server's clock) comes first.
    open();
    for (; current < readers.length; current++) {
      open();
      yield* readers[current]!.drain();
    }
  } finally {
    for (const reader of readers) reader.cancel();
  }
}
