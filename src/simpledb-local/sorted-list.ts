/**
 * A sorted set kept as a list of sorted chunks (the layout of Python's sortedcontainers): an insert
 * or delete costs a binary search plus a splice inside one chunk of at most 2 x `load` values, and
 * a walk can start anywhere after a binary search, so a Select page resumes in O(log n + page)
 * instead of re-sorting the domain. Values the comparator calls equal are one value.
 * No dependency offers this (the project ships no sorted container), and it is small.
 */
export class SortedList<T> {
  /** Non-empty sorted chunks, in order; every value of a chunk sorts before every value of the next. */
  #chunks: T[][] = [];
  #size = 0;

  constructor(
    readonly compare: (a: T, b: T) => number,
    private readonly load = 512,
  ) {}

  /** A list of `values` (any order; equal values collapse), built with one sort. */
  static of<T>(compare: (a: T, b: T) => number, values: T[], load = 512): SortedList<T> {
    const list = new SortedList(compare, load);
    const sorted = values.sort(compare).filter((v, i, all) => i === 0 || compare(all[i - 1]!, v) !== 0);
    for (let i = 0; i < sorted.length; i += load) list.#chunks.push(sorted.slice(i, i + load));
    list.#size = sorted.length;
    return list;
  }

  get size(): number {
    return this.#size;
  }

  /** Adds `value`; false (and no change) when an equal value is already there. */
  insert(value: T): boolean {
    if (this.#chunks.length === 0) {
      this.#chunks.push([value]);
      this.#size = 1;
      return true;
    }
    const c = Math.min(this.#firstChunk((last) => this.compare(last, value) >= 0), this.#chunks.length - 1);
    const chunk = this.#chunks[c]!;
    const i = firstIndex(chunk, (v) => this.compare(v, value) >= 0);
    if (i < chunk.length && this.compare(chunk[i]!, value) === 0) return false;
    chunk.splice(i, 0, value);
    this.#size++;
    if (chunk.length > 2 * this.load) this.#chunks.splice(c, 1, chunk.slice(0, this.load), chunk.slice(this.load));
    return true;
  }

  /** Removes the value equal to `value`; false when there is none. */
  delete(value: T): boolean {
    const c = this.#firstChunk((last) => this.compare(last, value) >= 0);
    const chunk = this.#chunks[c];
    if (!chunk) return false;
    const i = firstIndex(chunk, (v) => this.compare(v, value) >= 0);
    if (i === chunk.length || this.compare(chunk[i]!, value) !== 0) return false;
    chunk.splice(i, 1);
    this.#size--;
    if (chunk.length === 0) this.#chunks.splice(c, 1);
    else if (chunk.length < this.load / 2 && c + 1 < this.#chunks.length) {
      // Merge small neighbours so the chunk count (and the binary search over it) stays about size / load.
      const next = this.#chunks[c + 1]!;
      if (chunk.length + next.length <= 2 * this.load) this.#chunks.splice(c, 2, chunk.concat(next));
    }
    return true;
  }

  /**
   * The values from the first one for which `isAtOrAfter` holds to the end, in order.
   * `isAtOrAfter` must be false then true along the order (e.g. "sorts after this NextToken").
   * The list must not change while the walk is in progress.
   */
  *from(isAtOrAfter: (value: T) => boolean = () => true): Generator<T> {
    let c = this.#firstChunk(isAtOrAfter);
    if (c === this.#chunks.length) return;
    let i = firstIndex(this.#chunks[c]!, isAtOrAfter);
    for (; c < this.#chunks.length; c++, i = 0) {
      const chunk = this.#chunks[c]!;
      for (; i < chunk.length; i++) yield chunk[i]!;
    }
  }

  /** The first chunk whose last value satisfies `predicate` (monotone along the order), or the chunk count. */
  #firstChunk(predicate: (value: T) => boolean): number {
    let lo = 0;
    let hi = this.#chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.#chunks[mid]!;
      if (predicate(chunk[chunk.length - 1]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** The first index of a sorted array whose value satisfies a monotone predicate, or its length. */
function firstIndex<T>(values: readonly T[], predicate: (value: T) => boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (predicate(values[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
