import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { count, number } from '../../src/report/words.ts';

describe('number: thousands separators by hand, as en-US formatting writes them', () => {
  it('matches toLocaleString("en-US") over 20,000 integers of every length, negative ones and fractions', () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + (i % 16);
      const n = Math.floor(random() * 10 ** digits) * (i % 3 === 0 ? -1 : 1) + (i % 5 === 0 ? random() : 0);
      const expected = Math.round(n) === 0 ? '0' : Math.round(n).toLocaleString('en-US');
      assert.equal(number(n), expected, String(n));
    }
  });

  it('writes the plain cases people read in summaries', () => {
    assert.equal(number(0), '0');
    assert.equal(number(-0.4), '0');
    assert.equal(number(999.5), '1,000');
    assert.equal(number(1234567), '1,234,567');
    assert.equal(number(-1234), '-1,234');
    assert.equal(number(2 ** 60), (2 ** 60).toLocaleString('en-US'));
    assert.equal(count(20000, 'version'), '20,000 versions');
  });
});
