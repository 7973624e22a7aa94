// emptyNameMap: the maps attribute names (anyone's strings) are kept in inherit nothing, whatever
// the names, and a name such as __proto__ is data, never the prototype.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyNameMap } from '../../src/stores/history/types.ts';
import { canonicalAttributes, contentHash } from '../../src/backends/simpledb/plan.ts';
import { layoutRow } from '../../src/stores/history/mysql/row-layout.ts';
import { assertInheritsNothing } from '../support/name-maps.ts';

const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype', ''];

test('every name is an own property; absent names find nothing; the prototype cannot be changed or reached', () => {
  const map = emptyNameMap();
  assertInheritsNothing(map);
  for (const name of HOSTILE) assert.equal(map[name], undefined, `${name} before it is set`);
  for (const name of HOSTILE) map[name] = [name];
  assert.deepEqual(Object.keys(map).sort(), [...HOSTILE].sort());
  for (const name of HOSTILE) assert.deepEqual(map[name], [name]);
  assert.equal(Object.getPrototypeOf(map), Object.getPrototypeOf(emptyNameMap()), '__proto__ stayed data: the prototype is unchanged');
  assert.ok(Object.isFrozen(Object.getPrototypeOf(map)), 'no member can be added to every map at once');
  assert.deepEqual(JSON.parse(JSON.stringify(map)), Object.fromEntries(HOSTILE.map((n) => [n, [n]])));
  assertInheritsNothing(map);
  assert.notEqual(emptyNameMap(), emptyNameMap(), 'a new map each time');
});

test('the maps the backup builds inherit nothing and hash as before', () => {
  const attributes = canonicalAttributes(HOSTILE.map((name) => ({ Name: name, Value: `v-${name}` })));
  assertInheritsNothing(attributes, 'canonicalAttributes');
  const reference = Object.assign(Object.create(null) as Record<string, string[]>, Object.fromEntries(HOSTILE.map((n) => [n, [`v-${n}`]])));
  assert.equal(contentHash(attributes), contentHash(reference));
  const layout = layoutRow(attributes, () => null);
  assertInheritsNothing(layout.overflow!, 'the overflow');
  assert.deepEqual(Object.keys(layout.overflow!), [...HOSTILE].sort());
});
