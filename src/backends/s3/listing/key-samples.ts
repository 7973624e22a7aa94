import { compareKeys } from '../../../plan/keys.ts';

/**
 * Keys spread evenly by count over a listing (its quantiles), kept in each source's run record as
 * `keySamples` so the next run can split its listing into ranges of about equal size without
 * probing. Bounded memory: every `stride`-th key is kept, and the stride doubles (every other
 * sample dropped) whenever 2 x `target` are held.
 */
export const KEY_SAMPLES_MAX = 256;
/** Below this many keys a listing is a few pages: not worth splitting, nor recording (by default). */
export const KEY_SAMPLES_MIN_KEYS = 8000;
/** The longest key S3 accepts is 1024 bytes of UTF-8: at most 1024 UTF-16 code units. */
export const KEY_SAMPLE_MAX_LENGTH = 1024;

export class KeySampler {
  private samples: string[] = [];
  private stride = 1;
  private seen = 0;

  constructor(private readonly target = KEY_SAMPLES_MAX) {}

  add(key: string): void {
    if (this.seen++ % this.stride !== 0) return;
    this.samples.push(key);
    if (this.samples.length >= 2 * this.target) {
      this.samples = this.samples.filter((_, index) => index % 2 === 0);
      this.stride *= 2;
    }
  }

  get count(): number {
    return this.seen;
  }

  /** At most `target` samples, ascending, evenly spaced by count; undefined for a small listing. */
  result(minKeys = KEY_SAMPLES_MIN_KEYS): string[] | undefined {
    if (this.seen < minKeys) return undefined;
    // The first key splits nothing off (the range before it is empty): start one step in.
    const pool = this.samples.slice(1);
    const step = pool.length / this.target;
    const picked = step <= 1 ? pool : Array.from({ length: this.target }, (_, i) => pool[Math.floor(i * step)]!);
    return [...new Set(picked)].sort(compareKeys);
  }
}
