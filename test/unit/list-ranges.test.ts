import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareKeys } from '../../src/plan/keys.ts';
import { inRange, type KeyListing, type KeyRange, type ObjectSource } from '../../src/stores/object/types.ts';
import { cutsByProbing, cutsFromSamples, keyBetween, rangesFromCuts } from '../../src/backends/s3/listing/split-points.ts';
import { KeySampler } from '../../src/backends/s3/listing/key-samples.ts';
import { listOrderedRanges } from '../../src/backends/s3/listing/ordered-ranges.ts';
import { openListing } from '../../src/backends/s3/listing/index.ts';
import type { SourceRunRecord } from '../../src/backends/s3/catalog/records.ts';

const AWKWARD = ['', 'a', 'a b', 'a%2F', 'a+b', 'a/', 'a/1', 'caf\u00e9', 'z', '~', '\u007f', '\u00ff', '\uffff', '\u{1F600}', '\u{10FFFF}', 'x'.repeat(1000)];

/** An in-memory source: enough to test the ordering and the bounds without a server. */
function memorySource(keys: string[], options: { pageDelayMs?: number; failAfter?: string } = {}) {
  const sorted = [...keys].sort(compareKeys);
  let inFlight = 0;
  const stats = { maxInFlight: 0, lists: 0, maxBuffered: 0 };
  const source = {
    id: 's3://mem/',
    bucket: 'mem',
    prefix: '',
    serverTime: undefined as Date | undefined,
    latestServerTime: undefined as Date | undefined,
    async *list(_versioned: boolean, range?: KeyRange): AsyncIterable<KeyListing> {
      stats.lists++;
      const start = new Date(Date.now());
      source.serverTime = undefined;
      const inside = sorted.filter((k) => inRange(k, range, compareKeys));
      for (let page = 0; page === 0 || page * 1000 < inside.length; page++) {
        inFlight++;
        stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, options.pageDelayMs ?? 0));
        inFlight--;
        source.serverTime ??= start;
        for (const key of inside.slice(page * 1000, page * 1000 + 1000)) {
          if (key === options.failAfter) throw new Error(`listing failed at ${key}`);
          yield { key, versions: [{ key, lastModified: '2026-01-01T00:00:00.000Z' }] };
        }
      }
    },
  } as unknown as ObjectSource & { serverTime: Date | undefined };
  return { source, stats, sorted };
}

async function keysOf(listing: AsyncIterable<KeyListing>): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of listing) keys.push(entry.key);
  return keys;
}

describe('keyBetween', () => {
  it('finds a key strictly between two keys in S3 byte order, or says there is none', () => {
    for (const low of AWKWARD) {
      for (const high of [...AWKWARD, undefined]) {
        if (high !== undefined && compareKeys(low, high) >= 0) continue;
        const mid = keyBetween(low, high);
        if (mid === undefined) continue;
        assert.ok(compareKeys(low, mid) < 0, `${JSON.stringify(low)} < ${JSON.stringify(mid)}`);
        if (high !== undefined) assert.ok(compareKeys(mid, high) < 0, `${JSON.stringify(mid)} < ${JSON.stringify(high)}`);
        assert.equal(/[\uD800-\uDFFF]/.test(mid.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')), false, 'no lone surrogate');
      }
    }
    assert.equal(keyBetween('a', 'a\u0000'), undefined);
    assert.ok(keyBetween('data/000001', 'data/050000')!.startsWith('data/0'));
  });
});

describe('rangesFromCuts', () => {
  it('covers the key space once, in order, whatever the cuts', () => {
    const ranges = rangesFromCuts(['m', 'c', 'm', 'x']);
    assert.deepEqual(ranges, [{ upTo: 'c' }, { after: 'c', upTo: 'm' }, { after: 'm', upTo: 'x' }, { after: 'x' }]);
    assert.deepEqual(rangesFromCuts([]), [{}]);
    assert.deepEqual(rangesFromCuts(['c', 'm', 'x'], { after: 'd', upTo: 'x' }), [{ after: 'd', upTo: 'm' }, { after: 'm', upTo: 'x' }], "a shard's part, cut inside only");
  });
});

describe('KeySampler', () => {
  it('keeps evenly spaced keys in bounded memory', () => {
    const sampler = new KeySampler(16);
    for (let i = 0; i < 100_000; i++) sampler.add(`k${String(i).padStart(6, '0')}`);
    const samples = sampler.result()!;
    assert.equal(samples.length, 16);
    const positions = samples.map((s) => Number(s.slice(1)));
    for (let i = 1; i < positions.length; i++) {
      const gap = positions[i]! - positions[i - 1]!;
      assert.ok(gap > 100_000 / 16 / 2 && gap < (100_000 / 16) * 2, `even gaps (${gap})`);
    }
    const small = new KeySampler(16);
    for (let i = 0; i < 100; i++) small.add(`k${i}`);
    assert.equal(small.result(), undefined, 'a small listing records none');
  });

  it('cuts from samples split the gaps further when they hold more than a range should', () => {
    const cuts = cutsFromSamples(['k025000', 'k050000', 'k075000'], 100_000, 4000);
    assert.ok(cuts.length > 3 && cuts.length <= 3 * 16 + 3);
    assert.deepEqual([...cuts].sort(compareKeys), cuts);
    const dense = Array.from({ length: 200 }, (_, i) => `k${String(i * 50).padStart(6, '0')}`);
    const thinned = cutsFromSamples(dense, 10_000, 1000);
    assert.ok(thinned.length >= 8 && thinned.length <= 12, `samples closer than a range are thinned (${thinned.length} cuts for 10 ranges' worth)`);
  });
});

describe('listOrderedRanges', () => {
  const keys = [...AWKWARD.filter((k) => k !== ''), ...Array.from({ length: 9000 }, (_, i) => `f/${String(i * 7919 % 9000).padStart(5, '0')}`)];

  it('yields the concatenation of the ranges, in order, with bounded read-ahead', async () => {
    const { source, stats, sorted } = memorySource(keys, { pageDelayMs: 1 });
    for (const parallelism of [1, 4, 16]) {
      const cuts = ['a', 'f/01000', 'f/01000\u0000', 'f/04500', 'g', 'h', '\u{1F600}'];
      const listed = await keysOf(listOrderedRanges(source, false, rangesFromCuts(cuts), { parallelism, readAhead: 500 }));
      assert.deepEqual(listed, sorted, `parallelism ${parallelism}`);
    }
    assert.ok(stats.maxInFlight > 1, 'ranges were listed at once');
  });

  it('a failing range fails the listing when its turn comes, and stops the others', async () => {
    const { source } = memorySource(keys, { failAfter: 'f/05000' });
    await assert.rejects(keysOf(listOrderedRanges(source, false, rangesFromCuts(['f/02000', 'f/04000', 'f/06000']), { parallelism: 4, readAhead: 100 })), /listing failed at f\/05000/);
  });

  it('openListing: probing on a first run, samples on the next, the earliest clock as the start', async () => {
    const { source, sorted } = memorySource(keys, { pageDelayMs: 2 });
    const first = openListing(source, false, undefined, { parallelism: 4, readAhead: 1000 });
    const before = Date.now();
    assert.deepEqual(await keysOf(first.entries), sorted);
    assert.match(first.describe(), /probing/);
    const samples = first.samples()!;
    assert.ok(samples.length > 1);
    assert.ok(first.serverTime()!.getTime() <= before + 5, 'the start is the first request, not a later range');
    const previous = { counts: { keys: sorted.length }, keySamples: samples } as unknown as SourceRunRecord;
    const next = openListing(source, false, previous, { parallelism: 'auto', readAhead: 1000 });
    assert.deepEqual(await keysOf(next.entries), sorted);
    assert.match(next.describe(), /previous run's key samples/);
    const shard = openListing(source, false, previous, { parallelism: 4, readAhead: 1000, within: { after: 'f/02000', upTo: 'f/07000' } });
    assert.deepEqual(await keysOf(shard.entries), sorted.filter((k) => compareKeys(k, 'f/02000') > 0 && compareKeys(k, 'f/07000') <= 0), "a shard's part, listed in ranges");
    const empty = memorySource([]).source;
    assert.deepEqual(await keysOf(openListing(empty, false, undefined, { parallelism: 16 }).entries), []);
  });

  it('probing finds real cuts in a skewed key space, a few probes at a time', async () => {
    const { source: counted, stats } = memorySource(Array.from({ length: 20_000 }, (_, i) => `logs/2026/${String(i).padStart(6, '0')}`), { pageDelayMs: 1 });
    const cuts = await cutsByProbing(counted, false, 'logs/2026/000000', 16, { concurrency: 4 });
    assert.ok(stats.maxInFlight <= 4, `at most 4 probes at once (${stats.maxInFlight})`);
    assert.ok(cuts.length >= 8, `found ${cuts.length} cuts`);
  });
});
