// The bounded read-ahead of Select pages: order kept, at most `depth` values pulled ahead of the
// consumer, a source failure surfaces after the values before it, and a consumer that stops early
// closes the source without an unhandled rejection.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { begun, readAhead } from '../../src/backends/simpledb/read-ahead.ts';

/** A source of 0..n-1 that records how far it was pulled and whether it was closed; throws at `failAt`. */
function source(n: number, failAt?: number): { pulled: () => number; closed: () => boolean; iterable: AsyncIterable<number> } {
  let pulled = 0;
  let closed = false;
  async function* gen(): AsyncGenerator<number> {
    try {
      for (let i = 0; i < n; i++) {
        await tick();
        if (i === failAt) throw new Error(`page ${i} failed`);
        pulled = i + 1;
        yield i;
      }
    } finally {
      closed = true;
    }
  }
  return { pulled: () => pulled, closed: () => closed, iterable: gen() };
}

describe('readAhead', () => {
  test('every value, in order, with at most depth values pulled ahead of the consumer', async () => {
    const s = source(10);
    const seen: number[] = [];
    for await (const v of readAhead(s.iterable, 2)) {
      await tick();
      await tick();
      assert.ok(s.pulled() <= v + 1 + 2, `pulled ${s.pulled()} while consuming ${v}`);
      seen.push(v);
    }
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(s.closed(), true);
  });

  test('it reads ahead while the consumer works', async () => {
    const s = source(5);
    const it = readAhead(s.iterable, 2)[Symbol.asyncIterator]();
    assert.deepEqual(await it.next(), { value: 0, done: false });
    for (let i = 0; i < 10; i++) await tick();
    assert.equal(s.pulled(), 3, 'values 1 and 2 were read while 0 was being consumed');
    await it.return(undefined);
  });

  test('a failure comes after the values before it', async () => {
    const s = source(10, 3);
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const v of readAhead(s.iterable, 2)) seen.push(v);
      })(),
      /page 3 failed/,
    );
    assert.deepEqual(seen, [0, 1, 2]);
  });

  test('a consumer that stops early closes the source; failures pulled ahead are dropped', async () => {
    const s = source(10, 2);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for await (const v of readAhead(s.iterable, 3)) {
        if (v === 0) break;
      }
      for (let i = 0; i < 20; i++) await tick();
      assert.equal(s.closed(), true);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('begun', () => {
  test('asks for the first value at once, before anyone consumes; then every value in order', async () => {
    const s = source(4);
    const pages = begun(s.iterable as AsyncGenerator<number>);
    for (let i = 0; i < 5; i++) await tick();
    assert.equal(s.pulled(), 1, 'the first value was pulled with nobody asking');
    const seen: number[] = [];
    for await (const v of pages) seen.push(v);
    assert.deepEqual(seen, [0, 1, 2, 3]);
  });

  test('a first value that fails comes out at the consumer; never consumed, it is no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      begun(source(3, 0).iterable as AsyncGenerator<number>);
      const failing = begun(source(3, 0).iterable as AsyncGenerator<number>);
      for (let i = 0; i < 10; i++) await tick();
      await assert.rejects(failing.next(), /page 0 failed/);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('a consumer that stops after the first value closes the source', async () => {
    const s = source(10);
    for await (const v of begun(s.iterable as AsyncGenerator<number>)) {
      if (v === 0) break;
    }
    for (let i = 0; i < 10; i++) await tick();
    assert.equal(s.closed(), true);
  });
});
