// Property test of how the server pages Select results through its sorted indexes: seeking past
// items a range on the sorted target excludes, stopping where nothing more can match, keeping the
// indexes right as items change, and merging in the older state an eventually consistent read
// sees. Every answer is checked against the independent reference evaluator, page by small page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quoteName } from '../../src/simpledb/expression.ts';
import type { SimpleDbActions } from '../../src/simpledb-local/actions.ts';
import { ATTRS, genLeaf, genItems, prng, putParams, refSelect, render, serverSelect, setup, VALUES, type E, type Item, type Leaf } from '../support/simpledb-select-reference.ts';

/** `one` is single-valued in every item that has it (until a test adds a second value), so ascending seeks use it. */
const SORTED = ['one', ...ATTRS];

function withSingleValued(rand: () => number, items: Item[]): Item[] {
  for (const it of items) if (rand() < 0.85) it.attrs['one'] = [VALUES[Math.floor(rand() * VALUES.length)]!];
  return items;
}

interface Query {
  expression: string;
  e: E;
  order: { attr: string | null; desc: boolean };
}

/** A comparison a sorted target's index can use as a bound: =, !=, <, <=, >, >=, between, in; sometimes every(). */
function boundLeaf(rand: () => number, attr: string | null, values: string[]): Leaf {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const every = attr !== null && rand() < 0.25;
  const r = rand();
  if (attr === null) return { k: 'cmp', attr: null, every: false, op: pick(['=', '!=', '>', '>=', '<', '<='] as const), v: pick(values) };
  if (r < 0.6) return { k: 'cmp', attr, every, op: pick(['=', '!=', '>', '>=', '<', '<='] as const), v: pick(values) };
  if (r < 0.8) return { k: 'between', attr, every, lo: pick(values), hi: pick(values) };
  return { k: 'in', attr, every, vs: [pick(values), pick(values), pick(values)] };
}

function genQuery(rand: () => number, items: Item[]): Query {
  const attr = rand() < 0.25 ? null : SORTED[Math.floor(rand() * SORTED.length)]!;
  const desc = rand() < 0.5;
  const values = attr === null ? [...items.map((i) => i.name), ...VALUES] : VALUES;
  let e: E = { k: 'leaf', leaf: boundLeaf(rand, attr, values) };
  const more = Math.floor(rand() * 3);
  for (let i = 0; i < more; i++) {
    // More bounds on the target, or a condition on another attribute, joined by and / intersection.
    const leaf = rand() < 0.6 ? boundLeaf(rand, attr, values) : genLeaf(rand, items.map((x) => x.name));
    e = { k: rand() < 0.8 ? 'and' : 'int', l: e, r: { k: 'leaf', leaf } };
  }
  // Sometimes an `or` at the top: no bound may be taken from it.
  if (rand() < 0.15) e = { k: 'or', l: e, r: { k: 'leaf', leaf: boundLeaf(rand, attr, values) } };
  const by = attr === null ? 'itemName()' : quoteName(attr);
  const limit = 1 + Math.floor(rand() * 4);
  return { expression: `select itemName() from prop where ${render(e, rand)} order by ${by} ${desc ? 'desc' : 'asc'} limit ${limit}`, e, order: { attr, desc } };
}

function check(server: SimpleDbActions, items: Item[], q: Query, consistent = true, label = ''): void {
  assert.deepEqual(serverSelect(server, q.expression, consistent), refSelect(items, q.e, q.order), `${label}${q.expression}`);
}

const SEEDS = [11, 12, 13, 14, 15, 16];

test('ranges on the sorted target: pages seek and stop exactly where the reference says (asc, desc, itemName, every, multi-valued)', () => {
  let nonEmpty = 0;
  let total = 0;
  for (const seed of SEEDS) {
    const rand = prng(seed);
    const items = withSingleValued(rand, genItems(rand));
    const server = setup(items);
    for (let i = 0; i < 80; i++) {
      const q = genQuery(rand, items);
      check(server, items, q, true, `seed ${seed}: `);
      total++;
      if (refSelect(items, q.e, q.order).length > 0) nonEmpty++;
    }
  }
  assert.ok(nonEmpty > total / 3, `only ${nonEmpty} of ${total} queries matched anything`);
});

/** Applies one random write to the server and to the reference items. */
function randomWrite(rand: () => number, server: SimpleDbActions, items: Item[], serial: number): void {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const r = rand();
  const target = items.length > 0 ? pick(items) : undefined;
  const attr = pick(SORTED);
  const value = pick(VALUES);
  if (!target || r < 0.15) {
    const item: Item = { name: `${pick(VALUES)}~${serial}`, attrs: { one: [value], [pick(ATTRS)]: [pick(VALUES)] } };
    items.push(item);
    server.putAttributes(putParams('prop', item.name, item.attrs));
  } else if (r < 0.45) {
    // Replace: the item moves in the orders on `attr`.
    target.attrs[attr] = [value];
    server.putAttributes(putParams('prop', target.name, { [attr]: [value] }, true));
  } else if (r < 0.65) {
    // Add a value: `one` may become multi-valued, which turns its ascending seek off.
    const vs = target.attrs[attr] ?? [];
    if (!vs.includes(value)) vs.push(value);
    target.attrs[attr] = vs;
    server.putAttributes(putParams('prop', target.name, { [attr]: [value] }));
  } else if (r < 0.85) {
    const vs = target.attrs[attr];
    if (!vs || vs.length === 0) return;
    const gone = pick(vs);
    const rest = vs.filter((v) => v !== gone);
    if (rest.length > 0) target.attrs[attr] = rest;
    else delete target.attrs[attr];
    server.deleteAttributes(new Map([['DomainName', 'prop'], ['ItemName', target.name], ['Attribute.1.Name', attr], ['Attribute.1.Value', gone]]));
    if (Object.keys(target.attrs).length === 0) items.splice(items.indexOf(target), 1);
  } else {
    items.splice(items.indexOf(target), 1);
    server.deleteAttributes(new Map([['DomainName', 'prop'], ['ItemName', target.name]]));
  }
}

test('the indexes follow writes: replaced, added and removed values, deleted and new items', () => {
  for (const seed of SEEDS) {
    const rand = prng(seed * 7);
    const items = withSingleValued(rand, genItems(rand));
    const server = setup(items);
    const queries = Array.from({ length: 12 }, () => genQuery(rand, items));
    for (const q of queries) check(server, items, q); // builds the indexes
    for (let round = 0; round < 15; round++) {
      for (let w = 0; w < 4; w++) randomWrite(rand, server, items, round * 10 + w);
      for (const q of queries) check(server, items, q, true, `seed ${seed}, round ${round}: `);
    }
  }
});

test('with a read lag, eventually consistent pages see the old order and consistent pages the new one', () => {
  for (const seed of SEEDS) {
    const rand = prng(seed * 13);
    let now = 0;
    const lagMs = 1000;
    const before = withSingleValued(rand, genItems(rand));
    const server = setup(before, lagMs, () => now);
    const old: Item[] = structuredClone(before);
    const queries = Array.from({ length: 12 }, () => genQuery(rand, old));
    now = 2000; // the seeding is older than the lag
    for (const q of queries) check(server, old, q, false, 'before the writes: ');
    now = 5000;
    const current = before;
    for (let w = 0; w < 10; w++) randomWrite(rand, server, current, w);
    now = 5500; // within the lag of the writes
    for (const q of queries) {
      check(server, old, q, false, `seed ${seed}, eventually consistent: `);
      check(server, current, q, true, `seed ${seed}, consistent: `);
    }
    now = 6500; // past it
    for (const q of queries) check(server, current, q, false, `seed ${seed}, after the lag: `);
  }
});
