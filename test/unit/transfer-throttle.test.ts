import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TokenBucket, type Clock } from '../../src/transfer/throttle.ts';

/** A clock that moves only when someone sleeps on it: time is exact and tests never wait. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('TokenBucket: the bandwidth limit', () => {
  it('starts empty: the first bytes wait their share', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(1000, clock);
    await bucket.take(500);
    assert.equal(clock.now(), 500);
  });

  it('N bytes take N / rate, whatever the chunk sizes', async () => {
    for (const chunk of [1, 100, 999, 4096]) {
      const clock = fakeClock();
      const bucket = new TokenBucket(10_000, clock);
      let sent = 0;
      while (sent < 50_000) {
        const n = Math.min(chunk, 50_000 - sent);
        await bucket.take(n);
        sent += n;
      }
      assert.ok(Math.abs(clock.now() - 5000) < 1e-6, `chunks of ${chunk}: ${clock.now()} ms`);
    }
  });

  it('concurrent takers share one limit', async () => {
    // Sleeps that overlap, as concurrent ones do: time stands still while they are handed out.
    const sleeps: number[] = [];
    const bucket = new TokenBucket(1000, { now: () => 0, sleep: async (ms) => void sleeps.push(ms) });
    // Each taker reserves before it waits: three of 1000 bytes leave the bucket 3000 bytes in debt.
    await Promise.all([1000, 1000, 1000].map((n) => bucket.take(n)));
    assert.deepEqual(sleeps, [1000, 2000, 3000]);
  });

  it('an idle bucket refills up to a quarter second of the rate, no more', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(1000, clock);
    await clock.sleep(60_000);
    const before = clock.now();
    await bucket.take(250);
    assert.equal(clock.now(), before, 'the burst passes at once');
    await bucket.take(250);
    assert.equal(clock.now(), before + 250);
  });

  it('refuses a limit of zero', () => assert.throws(() => new TokenBucket(0), /more than 0/));

  it('as a stream stage: every byte passes, in order, at the rate', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(100_000, clock);
    const input = Buffer.alloc(300_000);
    for (let i = 0; i < input.length; i++) input[i] = i % 251;
    const out: Buffer[] = [];
    await pipeline(
      Readable.from([input.subarray(0, 1), input.subarray(1, 200_000), input.subarray(200_000)]),
      bucket.transform(),
      new Writable({
        write(chunk: Buffer, _e, callback) {
          out.push(chunk);
          callback();
        },
      }),
    );
    assert.ok(Buffer.concat(out).equals(input));
    assert.ok(Math.abs(clock.now() - 3000) < 1e-6, `${clock.now()} ms`);
    assert.ok(out.every((chunk) => chunk.length <= 64 * 1024), 'large chunks pass in pieces');
  });
});
