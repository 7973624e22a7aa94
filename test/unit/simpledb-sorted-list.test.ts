// The sorted container behind the SimpleDB server's Select indexes, against a plain sorted array:
// random inserts and deletes with tiny chunks (so chunks split, merge and empty all the time), and
// walks that start at a NextToken-like position.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareKeys } from '../../src/plan/keys.ts';
import { SortedList } from '../../src/simpledb-local/sorted-list.ts';
import { prng } from '../support/simpledb-select-reference.ts';

const WORDS = ['', 'a', 'ab', 'b', 'B', 'é', '😀', '\uFFFD', 'z', 'zz', '0', '9'];

test('inserts, deletes and walks agree with a sorted array (chunks of 2-8 that split, merge and empty)', () => {
  for (const seed of [1, 2, 3, 4]) {
    const rand = prng(seed);
    const list = new SortedList<string>(compareKeys, 4);
    let reference: string[] = [];
    for (let step = 0; step < 3000; step++) {
      const value = `${WORDS[Math.floor(rand() * WORDS.length)]}${Math.floor(rand() * 40)}`;
      if (rand() < 0.55) {
        const added = list.insert(value);
        assert.equal(added, !reference.includes(value), `seed ${seed} step ${step}: insert ${value}`);
        if (added) reference = [...reference, value].sort(compareKeys);
      } else {
        const removed = list.delete(value);
        assert.equal(removed, reference.includes(value), `seed ${seed} step ${step}: delete ${value}`);
        reference = reference.filter((v) => v !== value);
      }
      assert.equal(list.size, reference.length);
      if (step % 50 === 0) {
        assert.deepEqual([...list.from()], reference, `seed ${seed} step ${step}: the whole list`);
        const start = `${WORDS[Math.floor(rand() * WORDS.length)]}${Math.floor(rand() * 40)}`;
        assert.deepEqual([...list.from((v) => compareKeys(v, start) > 0)], reference.filter((v) => compareKeys(v, start) > 0), `after ${start}`);
      }
    }
    // Empty it in random order (the last chunk empties too), then use it again.
    const order = [...reference].sort(() => rand() - 0.5);
    for (const [i, value] of order.entries()) {
      assert.equal(list.delete(value), true, `seed ${seed}: emptying, delete ${value}`);
      reference = reference.filter((v) => v !== value);
      if (i % 7 === 0) assert.deepEqual([...list.from((v) => compareKeys(v, value) > 0)], reference.filter((v) => compareKeys(v, value) > 0));
    }
    assert.equal(list.size, 0);
    assert.deepEqual([...list.from()], []);
    assert.equal(list.insert('again'), true);
    assert.deepEqual([...list.from()], ['again']);
  }
});

test('built at once from unsorted values with duplicates, then changed', () => {
  const values = ['m', 'a', 'z', 'a', '😀', 'é', 'b', 'm', 'c'];
  const list = SortedList.of(compareKeys, [...values], 2);
  const expected = [...new Set(values)].sort(compareKeys);
  assert.deepEqual([...list.from()], expected);
  assert.equal(list.size, expected.length);
  assert.equal(list.insert('d'), true);
  assert.equal(list.insert('d'), false);
  assert.equal(list.delete('a'), true);
  assert.equal(list.delete('a'), false);
  assert.deepEqual([...list.from((v) => compareKeys(v, 'c') >= 0)], ['c', 'd', 'm', 'z', 'é', '😀']);
  assert.deepEqual([...list.from(() => false)], []);
  assert.deepEqual([...new SortedList<string>(compareKeys).from()], []);
});
