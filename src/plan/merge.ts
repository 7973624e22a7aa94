import { compareKeys, OrderGuard } from './keys.ts';

/**
 * The one sorted merge ("march", after rclone's): streams sorted in S3 byte order are walked side
 * by side, so comparing a listing of millions of keys with a state file of millions of lines needs
 * one item of each in memory, never the whole of either. The backup (listing against the previous
 * state), the restore (state at T against the target listing), the state at T (every run's events)
 * and a local folder's listing (a folder's names against its split segments) all go through here.
 */

/** A stream for the merge: its items, an item's key, and the name an order error gives it. */
export interface SortedStream<T> {
  items: AsyncIterable<T>;
  key: (item: T) => string;
  /** Named when the stream turns out unsorted, e.g. "the source listing". */
  name: string;
  /** Several items may share a key (the events of one key); otherwise keys strictly ascend. */
  repeats?: boolean;
}

/** One key of a merge: `items[i]` holds what `streams[i]` has for the key, in its order (maybe nothing). */
export interface MergedKey<T> {
  key: string;
  items: T[][];
}

interface Cursor<T> {
  iterator: AsyncIterator<T>;
  stream: SortedStream<T>;
  guard: OrderGuard;
  head: T | undefined;
  headKey: string | undefined;
}

async function advance<T>(cursor: Cursor<T>): Promise<void> {
  const next = await cursor.iterator.next();
  if (next.done) {
    cursor.head = undefined;
    cursor.headKey = undefined;
    return;
  }
  const key = cursor.stream.key(next.value);
  // An unsorted stream would make the merge report keys as missing from it: refuse it instead.
  cursor.guard.check(key);
  cursor.head = next.value;
  cursor.headKey = key;
}

/**
 * Merges sorted streams key by key, ascending. Every stream is order-guarded. A stream's head is
 * read past only after its key was yielded (a strictly ascending stream) or when its next item
 * may share the key (`repeats`), so a caller that reads a clock between keys sees no more of a
 * listing than the keys it was given.
 */
export function mergeSorted<T>(streams: readonly SortedStream<T>[]): AsyncGenerator<MergedKey<T>> {
  return mergeWith(streams, (key, items) => ({ key, items }));
}

/** One key of a two-way march: on the left only, on the right only, or on both (a match). */
export interface Marched<L, R> {
  key: string;
  left?: L;
  right?: R;
}

/**
 * Two strictly ascending streams side by side: each key once, with what each side holds for it,
 * as `decide` makes of it (by default the pair itself). A planner passes its verdict for one key
 * as `decide`, so a key costs one step of one generator however the march is used.
 */
export function march<L, R>(left: SortedStream<L>, right: SortedStream<R>): AsyncGenerator<Marched<L, R>>;
export function march<L, R, Out>(left: SortedStream<L>, right: SortedStream<R>, decide: (key: string, left: L | undefined, right: R | undefined) => Out): AsyncGenerator<Out>;
export function march<L, R, Out>(
  left: SortedStream<L>,
  right: SortedStream<R>,
  decide?: (key: string, left: L | undefined, right: R | undefined) => Out,
): AsyncGenerator<Out | Marched<L, R>> {
  // One loop for every merge: the two sides share it as streams of either kind of item.
  const streams = [left, right] as unknown as SortedStream<L | R>[];
  return mergeWith(streams, (key, items) => {
    const l = items[0]![0] as L | undefined;
    const r = items[1]![0] as R | undefined;
    if (decide) return decide(key, l, r);
    const marched: Marched<L, R> = { key };
    if (l !== undefined) marched.left = l;
    if (r !== undefined) marched.right = r;
    return marched;
  });
}

/** The loop itself: what each key yields is `emit`'s. */
async function* mergeWith<T, Out>(streams: readonly SortedStream<T>[], emit: (key: string, items: T[][]) => Out): AsyncGenerator<Out> {
  const cursors: Cursor<T>[] = streams.map((stream) => ({
    iterator: stream.items[Symbol.asyncIterator](),
    stream,
    guard: new OrderGuard(stream.name, stream.repeats === true),
    head: undefined,
    headKey: undefined,
  }));
  try {
    // The first reads in parallel: each may be a request (a listing page, a catalogue file).
    await Promise.all(cursors.map((cursor) => advance(cursor)));
    const taken: Cursor<T>[] = [];
    for (;;) {
      let key: string | undefined;
      for (const cursor of cursors) {
        if (cursor.headKey !== undefined && (key === undefined || compareKeys(cursor.headKey, key) < 0)) key = cursor.headKey;
      }
      if (key === undefined) return;
      const items: T[][] = [];
      taken.length = 0;
      for (const cursor of cursors) {
        if (cursor.headKey !== key) {
          items.push([]);
          continue;
        }
        const group: T[] = [cursor.head as T];
        if (cursor.stream.repeats) {
          await advance(cursor);
          while (cursor.headKey === key) {
            group.push(cursor.head as T);
            await advance(cursor);
          }
        } else taken.push(cursor);
        items.push(group);
      }
      yield emit(key, items);
      for (const cursor of taken) await advance(cursor);
    }
  } finally {
    // A merge that stops early (an error, a break) closes every stream, so a half-read file or
    // listing is released; without waiting, so one stream that hangs cannot hold up the error.
    for (const cursor of cursors) cursor.iterator.return?.()?.catch(() => undefined);
  }
}
