// Property test: the server's Select evaluator against a small, independent reference evaluator
// (test/support/simpledb-select-reference.ts) on random items and random expressions from a seeded
// PRNG. Deterministic: the same seeds every run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quoteName } from '../../src/simpledb/expression.ts';
import { ATTRS, cmp, genExpr, genItems, prng, refMatches, render, serverSelect, setup, VALUES, type E } from '../support/simpledb-select-reference.ts';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

test('where clauses: the server matches exactly the items the reference matches', () => {
  let checked = 0;
  let nonTrivial = 0;
  for (const seed of SEEDS) {
    const rand = prng(seed);
    const items = genItems(rand);
    const server = setup(items);
    for (let i = 0; i < 60; i++) {
      const e = genExpr(rand, 3, items.map((x) => x.name));
      const where = render(e, rand);
      const expected = items.filter((it) => refMatches(e, it)).map((it) => it.name).sort(cmp);
      const got = serverSelect(server, `select itemName() from prop where ${where} limit 7`);
      assert.deepEqual(got, expected, `seed ${seed}: ${where}`);
      checked++;
      if (expected.length > 0 && expected.length < items.length) nonTrivial++;
    }
  }
  assert.ok(nonTrivial > checked / 3, `only ${nonTrivial} of ${checked} expressions split the items`);
});

test('order by: the server sorts like the reference (smallest value ascending, largest descending, then item name)', () => {
  for (const seed of SEEDS) {
    const rand = prng(seed * 101);
    const items = genItems(rand);
    const server = setup(items);
    for (let i = 0; i < 25; i++) {
      const attr = ATTRS[Math.floor(rand() * ATTRS.length)]!;
      const lo = VALUES[Math.floor(rand() * VALUES.length)]!;
      const desc = rand() < 0.5;
      const e: E = { k: 'leaf', leaf: { k: 'cmp', attr, every: false, op: '>=', v: lo } };
      const expected = items
        .filter((it) => refMatches(e, it))
        .map((it) => {
          const vs = [...it.attrs[attr]!].sort(cmp);
          return { name: it.name, key: desc ? vs[vs.length - 1]! : vs[0]! };
        })
        .sort((x, y) => (desc ? -cmp(x.key, y.key) : cmp(x.key, y.key)) || cmp(x.name, y.name))
        .map((x) => x.name);
      const got = serverSelect(server, `select * from prop where ${render(e, rand)} order by ${quoteName(attr)} ${desc ? 'desc' : 'asc'} limit 5`);
      assert.deepEqual(got, expected, `seed ${seed}: ${attr} >= ${lo} ${desc ? 'desc' : 'asc'}`);
    }
  }
});
