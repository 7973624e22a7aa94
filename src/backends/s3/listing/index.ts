import type { KeyListing, KeyRange, ObjectSource } from '../../../stores/object/types.ts';
import type { Logger } from '../../../report/logger.ts';
import type { SourceRunRecord } from '../catalog/records.ts';
import { KeySampler } from './key-samples.ts';
import { listOrderedRanges } from './ordered-ranges.ts';
import { cutsByProbing, cutsFromSamples, rangesFromCuts } from './split-points.ts';
import { inventoryListing, type InventorySettings } from './inventory/index.ts';

/**
 * How one source is listed for a backup: one listing (parallelism 1), or consecutive key ranges
 * listed at once and yielded in order (ordered-ranges.ts), cut where the previous run's samples
 * say (or by probing on a first run). The march sees one sorted listing either way.
 */
export interface ListingOptions {
  /** Ranges listed at once: a number (1: one listing), or `auto` (from the previous key count). */
  parallelism: number | 'auto';
  /** Keys each open range reads ahead (default 4 pages). */
  readAhead?: number;
  /** Only this part of the key space (a shard's), cut further into ranges; everything when absent. */
  within?: KeyRange;
  /** `listing: inventory`: read the keys from an S3 Inventory report instead (inventory/index.ts). */
  inventory?: InventorySettings;
}

export const DEFAULT_READ_AHEAD = 4000;
/** What `auto` goes up to: enough to hide a round trip of about 50 ms behind the march. */
const AUTO_MAX = 8;

export interface SourceListing {
  entries: AsyncIterable<KeyListing>;
  /** The server's clock when the listing began: the earliest range's first answer. */
  serverTime(): Date | undefined;
  /** Quantiles of the keys listed (for the next run's ranges); undefined for a small listing. */
  samples(): string[] | undefined;
  /** How it was listed, for the log. */
  describe(): string;
}

/**
 * `auto`: one range per read-ahead's worth of the previous run's keys, up to AUTO_MAX; 1 for small
 * buckets, and 1 on a first run: probing costs a page per probe, which on a slow server took far
 * longer than the listing it cut (bench/results/list-ranges.md). A number asks for probing.
 */
export function autoParallelism(previousKeys: number | undefined, readAhead: number): number {
  if (previousKeys === undefined) return 1;
  if (previousKeys < 2 * readAhead) return 1;
  return Math.min(AUTO_MAX, Math.ceil(previousKeys / readAhead));
}

export function openListing(
  source: ObjectSource,
  versioned: boolean,
  previous: SourceRunRecord | undefined,
  options: ListingOptions = { parallelism: 1 },
  logger?: Logger,
): SourceListing {
  const readAhead = options.readAhead ?? DEFAULT_READ_AHEAD;
  const parallelism = options.parallelism === 'auto' ? autoParallelism(previous?.counts.keys, readAhead) : options.parallelism;
  const sampler = new KeySampler();
  let earliest: Date | undefined;
  let how = 'one listing';
  // Every range's first answer may come with a later clock (the source keeps the latest
  // listing's): the earliest is when the listing as a whole began.
  const noteClock = () => {
    const time = source.serverTime;
    if (time && (!earliest || time < earliest)) earliest = time;
  };

  async function* ranged(): AsyncGenerator<KeyListing> {
    if (parallelism <= 1) {
      yield* source.list(versioned, options.within);
      noteClock();
      return;
    }
    let cuts: string[];
    const samples = previous?.keySamples;
    if (samples && samples.length > 0) {
      cuts = cutsFromSamples(samples, previous!.counts.keys, readAhead);
      how = `${cuts.length + 1} ranges from the previous run's key samples, ${parallelism} at once`;
    } else {
      // A first run (or a record from before samples): the first read-ahead's worth of keys in
      // one listing; only a bucket larger than that is cut by probing.
      const head: KeyListing[] = [];
      let more = false;
      for await (const entry of source.list(versioned, options.within)) {
        if (head.length === readAhead) {
          more = true;
          break;
        }
        head.push(entry);
      }
      noteClock();
      yield* head;
      if (!more) return;
      const last = head[head.length - 1]!.key;
      cuts = await cutsByProbing(source, versioned, last, parallelism * 2, { concurrency: parallelism });
      noteClock();
      how = `the first ${readAhead} keys, then ${cuts.length + 1} ranges found by probing, ${parallelism} at once`;
      const ranges = rangesFromCuts(cuts, { ...options.within, after: last });
      yield* listOrderedRanges(source, versioned, ranges, { parallelism, readAhead, onRangeStarted: noteClock });
      return;
    }
    yield* listOrderedRanges(source, versioned, rangesFromCuts(cuts, options.within), { parallelism, readAhead, onRangeStarted: noteClock });
  }

  const inventory = options.inventory ? inventoryListing(source, versioned, previous, options.inventory, logger) : undefined;
  if (inventory) how = 'an S3 Inventory report';

  async function* sampled(): AsyncGenerator<KeyListing> {
    for await (const entry of inventory?.entries ?? ranged()) {
      sampler.add(entry.key);
      yield entry;
    }
    logger?.debug(`${source.id}: listed as ${how}`);
  }

  return {
    entries: sampled(),
    // An inventory's state is as of its creation: the listing "began" then, whatever the clock says now.
    serverTime: () => (inventory ? inventory.createdAt() : (earliest ?? source.serverTime)),
    // Worth recording where the next run would split: more than two read-aheads of keys.
    samples: () => sampler.result(2 * readAhead),
    describe: () => how,
  };
}
