import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { march, mergeSorted, type SortedStream } from '../../src/plan/merge.ts';

// A heap figure means something only after a collection.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function* from<T>(items: T[], log?: string[], name = ''): AsyncGenerator<T> {
  try {
    for (const item of items) {
      log?.push(`${name} read ${String(item)}`);
      yield item;
    }
  } finally {
    log?.push(`${name} closed`);
  }
}

const keys = (items: string[], name: string, extra: Partial<SortedStream<string>> = {}, log?: string[]): SortedStream<string> => ({
  items: from(items, log, name),
  key: (item) => item.split('#')[0]!,
  name,
  ...extra,
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('march: two sorted streams side by side', () => {
  it('yields each key once: left only, right only, or both', async () => {
    const marched = await collect(march(keys(['a', 'c', 'd'], 'left'), keys(['b', 'c', 'e'], 'right')));
    assert.deepEqual(
      marched.map((m) => [m.key, m.left ?? '-', m.right ?? '-']),
      [
        ['a', 'a', '-'],
        ['b', '-', 'b'],
        ['c', 'c', 'c'],
        ['d', 'd', '-'],
        ['e', '-', 'e'],
      ],
    );
  });

  it('handles an empty side', async () => {
    assert.deepEqual((await collect(march(keys([], 'left'), keys(['a'], 'right')))).map((m) => m.key), ['a']);
    assert.deepEqual((await collect(march(keys(['a'], 'left'), keys([], 'right')))).map((m) => m.key), ['a']);
    assert.deepEqual(await collect(march(keys([], 'left'), keys([], 'right'))), []);
  });

  it('uses S3 byte order: a key above U+FFFF after U+FFFD, unlike JavaScript', async () => {
    const marched = await collect(march(keys(['\uFFFD', '😀'], 'left'), keys(['\uFFFD', '😀'], 'right')));
    assert.deepEqual(marched.map((m) => [m.left, m.right]), [['\uFFFD', '\uFFFD'], ['😀', '😀']]);
  });

  it('refuses a stream out of order, naming it, rather than taking a key for missing', async () => {
    await assert.rejects(collect(march(keys(['a'], 'the listing'), keys(['c', 'b'], 'the state file'))), /the state file is not in S3 byte order \("c" came before "b"\)/);
  });

  it('refuses a repeated key in a strictly ascending stream', async () => {
    await assert.rejects(collect(march(keys(['a', 'a'], 'the listing'), keys([], 'the state file'))), /the listing is not in S3 byte order/);
  });

  it('reads past a key only after yielding it (a clock read between keys sees no further)', async () => {
    const log: string[] = [];
    for await (const { key } of march(keys(['a', 'b'], 'L', {}, log), keys(['a'], 'R', {}, log))) log.push(`yield ${key}`);
    assert.deepEqual(log.slice(0, 3).sort(), ['L read a', 'R read a', 'yield a'].sort());
    assert.equal(log.indexOf('yield a') < log.indexOf('L read b'), true, log.join(', '));
  });

  it('closes both streams when the caller stops early', async () => {
    const log: string[] = [];
    for await (const _ of march(keys(['a', 'b'], 'L', {}, log), keys(['a', 'b'], 'R', {}, log))) break;
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(log.includes('L closed') && log.includes('R closed'), log.join(', '));
  });
});

describe('mergeSorted: many streams, several items per key', () => {
  it('groups each key’s items by stream, in stream order', async () => {
    const merged = await collect(
      mergeSorted([keys(['a#1', 'c#2', 'c#3'], 'run 1', { repeats: true }), keys(['b#4', 'c#5'], 'run 2', { repeats: true }), keys([], 'run 3', { repeats: true })]),
    );
    assert.deepEqual(
      merged.map((m) => [m.key, m.items]),
      [
        ['a', [['a#1'], [], []]],
        ['b', [[], ['b#4'], []]],
        ['c', [['c#2', 'c#3'], ['c#5'], []]],
      ],
    );
  });

  it('still refuses a stream that goes backwards', async () => {
    await assert.rejects(collect(mergeSorted([keys(['b#1', 'a#2'], 'run 1', { repeats: true })])), /run 1 is not in S3 byte order/);
  });

  it('holds one key at a time: a million keys in constant memory', async () => {
    async function* many(offset: number): AsyncGenerator<string> {
      for (let i = 0; i < 1_000_000; i += 2) yield `k${String(i + offset).padStart(8, '0')}`;
    }
    let count = 0;
    gc();
    const before = process.memoryUsage().heapUsed;
    let midway = 0;
    for await (const merged of march({ items: many(0), key: (k) => k, name: 'even' }, { items: many(1), key: (k) => k, name: 'odd' })) {
      if (++count === 900_000) {
        gc();
        midway = process.memoryUsage().heapUsed;
      }
      if (merged.left && merged.right) assert.fail('no key is on both sides');
    }
    assert.equal(count, 1_000_000);
    // 900,000 keys held would take far more than 8 MiB (each string alone is over 30 bytes).
    assert.ok(midway - before < 8 * 1024 * 1024, `heap grew by ${midway - before} bytes`);
  });
});
