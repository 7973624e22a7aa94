import { compareKeys } from '../../../plan/keys.ts';
import type { KeyRange, ObjectSource } from '../../../stores/object/types.ts';

/**
 * Where a listing is cut into ranges. Any ascending cut points give the same listing (the ranges
 * are disjoint and cover everything); good ones give ranges of about the read-ahead's size, which
 * is what lets them be listed at once in bounded memory (ordered-ranges.ts).
 */

const MAX_CUT_LENGTH = 1024;
/** Printable ASCII: where most keys live, so midpoints above it are wasted probes. */
const ASCII_TOP = 0x7f;
const UNICODE_TOP = 0x10ffff;

function fromCodePoint(point: number): string {
  // Surrogate code points have no UTF-8 form: a key cannot hold them, nor can a marker.
  if (point >= 0xd800 && point <= 0xdfff) point = 0xe000;
  return String.fromCodePoint(point);
}

/**
 * A string strictly between `low` and `high` in S3 byte order (code point order), near the middle
 * of the code points where they first differ; `high` undefined means no upper end (printable ASCII
 * stands for the top while `low` is ASCII there). Undefined when none is found cheaply.
 */
export function keyBetween(low: string, high: string | undefined): string | undefined {
  const a = Array.from(low, (c) => c.codePointAt(0)!);
  const b = high === undefined ? undefined : Array.from(high, (c) => c.codePointAt(0)!);
  const out: number[] = [];
  let bounded = b !== undefined;
  for (let i = 0; i < MAX_CUT_LENGTH; i++) {
    const x = i < a.length ? a[i]! : -1;
    let y: number;
    if (bounded) {
      if (i >= b!.length) return undefined; // high is a prefix of low: nothing between
      y = b![i]!;
    } else {
      y = x < ASCII_TOP - 1 ? ASCII_TOP : UNICODE_TOP + 1;
    }
    if (x === y) {
      out.push(x);
      continue;
    }
    if (y - x >= 2) {
      let mid = Math.floor((x + y) / 2);
      // Control characters are legal in keys but awkward in markers: prefer a space or above.
      if (mid < 0x20 && x < 0x20 && y > 0x20) mid = 0x20;
      out.push(mid);
      break;
    }
    // Adjacent code points: keep low's and look for room above the rest of low.
    if (x < 0) return undefined;
    out.push(x);
    bounded = false;
  }
  const cut = out.map(fromCodePoint).join('');
  if (compareKeys(low, cut) >= 0 || (high !== undefined && compareKeys(cut, high) >= 0)) return undefined;
  return cut;
}

/**
 * Ranges cut at the given points (ascending, deduplicated here) that cover `within` (a shard's
 * part of the key space; everything when absent): cuts outside it are dropped, the first range
 * starts where it starts and the last ends where it ends.
 */
export function rangesFromCuts(cuts: string[], within: KeyRange = {}): KeyRange[] {
  const inside = (cut: string) => (within.after === undefined || compareKeys(cut, within.after) > 0) && (within.upTo === undefined || compareKeys(cut, within.upTo) < 0);
  const sorted = [...new Set(cuts)].filter(inside).sort(compareKeys);
  const ranges: KeyRange[] = [];
  let after = within.after;
  for (const cut of sorted) {
    ranges.push({ ...(after !== undefined ? { after } : {}), upTo: cut });
    after = cut;
  }
  ranges.push({ ...(after !== undefined ? { after } : {}), ...(within.upTo !== undefined ? { upTo: within.upTo } : {}) });
  return ranges;
}

/**
 * Cut points from the previous run's samples (quantiles by count): every few samples when they
 * are closer than a range's worth of keys (each range costs at least one request), and each gap
 * cut further by midpoints when it holds more keys than a range should.
 */
export function cutsFromSamples(samples: string[], previousKeys: number, keysPerRange: number): string[] {
  let sorted = [...new Set(samples)].sort(compareKeys);
  if (sorted.length === 0) return [];
  const step = Math.ceil(keysPerRange / Math.max(1, previousKeys / (sorted.length + 1)));
  if (step > 1) sorted = sorted.filter((_, index) => index % step === step - 1);
  const perGap = previousKeys / (sorted.length + 1);
  const depth = Math.min(4, Math.max(0, Math.ceil(Math.log2(perGap / keysPerRange))));
  const cuts: string[] = [];
  const bisect = (low: string, high: string | undefined, levels: number) => {
    if (levels === 0) return;
    const mid = keyBetween(low, high);
    if (mid === undefined) return;
    bisect(low, mid, levels - 1);
    cuts.push(mid);
    bisect(mid, high, levels - 1);
  };
  for (const [index, sample] of sorted.entries()) {
    cuts.push(sample);
    bisect(sample, sorted[index + 1], depth);
  }
  return cuts;
}

/** The first key after `after` (undefined: the first key), or undefined when there is none. */
async function firstKeyAfter(source: ObjectSource, versioned: boolean, after: string | undefined): Promise<string | undefined> {
  for await (const entry of source.list(versioned, after === undefined ? undefined : { after })) return entry.key;
  return undefined;
}

/** 2^depth - 1 points strictly between low and high, ascending (fewer where midpoints run out). */
function sectionPoints(low: string, high: string | undefined, depth: number): string[] {
  if (depth === 0) return [];
  const mid = keyBetween(low, high);
  if (mid === undefined) return [];
  return [...sectionPoints(low, mid, depth - 1), mid, ...sectionPoints(mid, high, depth - 1)];
}

/**
 * Cut points for a listing with no previous samples, found by probing. Each interval (a real key
 * `low`, up to the bound `high` inclusive) is cut at several midpoints at once; a listing after each
 * finds the next real key, or shows that part empty. Parts with keys become the next round's
 * intervals, so a key space crowded into a corner (`logs/2026/...`) is narrowed down a character
 * at a time, each round's probes in parallel. `firstKey` is the listing's first key.
 */
export async function cutsByProbing(source: ObjectSource, versioned: boolean, firstKey: string, wanted: number, options: { concurrency: number; maxRounds?: number }): Promise<string[]> {
  const maxRounds = options.maxRounds ?? 24;
  let intervals: { low: string; high: string | undefined }[] = [{ low: firstKey, high: undefined }];
  const cuts: string[] = [];
  // At most `concurrency` probes at once, as many as the listing itself will make: each is a
  // page of a listing to the server (s3rver, for one, opens a file per key it returns).
  let running = 0;
  const waiting: (() => void)[] = [];
  const probe = async (point: string) => {
    while (running >= options.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await firstKeyAfter(source, versioned, point);
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  for (let round = 0; round < maxRounds && cuts.length + 1 < wanted && intervals.length > 0; round++) {
    const depth = Math.max(1, Math.floor(Math.log2((wanted - cuts.length) / intervals.length + 1)));
    const next: (typeof intervals)[] = [];
    await Promise.all(
      intervals.map(async ({ low, high }, index) => {
        const points = sectionPoints(low, high, depth);
        const found = await Promise.all(points.map(probe));
        const parts: typeof intervals = [];
        let current = { low, high: points[0] ?? high };
        for (const [i, point] of points.entries()) {
          const bound = points[i + 1] ?? high;
          const first = found[i];
          // The part (point, bound] holds keys when the first key after the point lies within it.
          if (first === undefined || (bound !== undefined && compareKeys(first, bound) > 0)) continue;
          parts.push(current);
          cuts.push(point);
          current = { low: first, high: bound };
        }
        parts.push(current);
        // Collected by interval index: the next round's intervals stay in key order.
        next[index] = parts;
      }),
    );
    intervals = next.flat();
  }
  return cuts.sort(compareKeys);
}
