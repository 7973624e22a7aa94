import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fallbackSplits, KeySample, mergeSamples, rangeOf, SAMPLE_KEYS, splitsFromSample } from '../../src/backends/s3/catalog/shards.ts';
import { compareKeys } from '../../src/plan/keys.ts';

const key = (i: number) => `k/${String(i).padStart(7, '0')}`;

describe('shard split points', () => {
  it('a sample keeps evenly spaced keys in bounded memory, with their positions', () => {
    const sample = new KeySample();
    for (let i = 1; i <= 100_000; i++) sample.add(key(i));
    const data = sample.data();
    assert.equal(data.keys, 100_000);
    assert.ok(data.sample.length < SAMPLE_KEYS && data.sample.length >= SAMPLE_KEYS / 2, `${data.sample.length} keys kept`);
    data.sample.forEach((k, j) => assert.equal(k, key((j + 1) * data.step), 'keys[j] is the ((j + 1) * step)-th key'));
  });

  it('parts merged in range order cut n ranges of about equal size', () => {
    // Four parts of very different sizes: the merged sample knows where the keys are.
    const sizes = [1000, 30_000, 500, 68_500];
    let next = 1;
    const parts = sizes.map((size) => {
      const sample = new KeySample();
      for (let i = 0; i < size; i++) sample.add(key(next++));
      return sample.data();
    });
    const merged = mergeSamples(parts);
    assert.equal(merged.keys, 100_000);
    assert.ok(merged.sample.length <= SAMPLE_KEYS);
    for (const count of [2, 4, 16, 256]) {
      const splits = splitsFromSample(merged, count)!;
      assert.equal(splits.length, count - 1);
      for (let i = 1; i < splits.length; i++) assert.ok(compareKeys(splits[i - 1]!, splits[i]!) <= 0, 'in order');
      // Each range within a few percent of an even share (positions are the key numbers here).
      const bounds = [0, ...splits.map((s) => Number(s.slice(2))), 100_000];
      for (let i = 1; i < bounds.length; i++) assert.ok(Math.abs(bounds[i]! - bounds[i - 1]! - 100_000 / count) <= 100_000 * 0.02, `${count} shards: range ${i} holds ${bounds[i]! - bounds[i - 1]!} keys`);
    }
  });

  it('ranges of the split points cover the key space once: after < key <= upTo', () => {
    assert.deepEqual(rangeOf(['b', 'd', 'f'], 1), { upTo: 'b' });
    assert.deepEqual(rangeOf(['b', 'd', 'f'], 2), { after: 'b', upTo: 'd' });
    assert.deepEqual(rangeOf(['b', 'd', 'f'], 4), { after: 'f' });
    assert.deepEqual(rangeOf([], 1), {});
  });

  it('the fallback cuts the characters after the prefix evenly, in key order', () => {
    const splits = fallbackSplits('photos/', 4);
    assert.deepEqual(splits, ['photos/F', 'photos/V', 'photos/k']);
    assert.equal(fallbackSplits('', 1).length, 0);
    const many = fallbackSplits('', 62);
    for (let i = 1; i < many.length; i++) assert.ok(compareKeys(many[i - 1]!, many[i]!) < 0);
  });
});
