// ItemsAsRead, the compact form in which a SimpleDB restore keeps its target's items: what goes in
// comes back equal, as null-prototype maps (a restore asks `name in attributes` of them), whatever
// the names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ItemsAsRead } from '../../src/backends/simpledb/read.ts';
import { canonicalAttributes, contentHash } from '../../src/backends/simpledb/plan.ts';
import { assertInheritsNothing } from '../support/name-maps.ts';

describe('ItemsAsRead', () => {
  test('attributes come back equal, as fresh maps that inherit nothing, for any names', () => {
    const hostile = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '0', '10', '9', '', ' ', 'é"\\\n', '\u{1F600}', '\ud800'];
    const items = new ItemsAsRead();
    const written = new Map<string, ReturnType<typeof canonicalAttributes>>();
    hostile.forEach((name, i) => {
      const attributes = canonicalAttributes(hostile.slice(0, i + 1).flatMap((attribute, j) => [{ Name: attribute, Value: `v${j}` }, { Name: attribute, Value: name }]));
      items.set(name, attributes);
      written.set(name, attributes);
    });
    assert.equal(items.size, hostile.length);
    assert.deepEqual([...items.keys()], hostile);
    for (const [name, attributes] of written) {
      const read = items.get(name)!;
      assertInheritsNothing(read, JSON.stringify(name));
      assert.deepEqual({ ...read }, { ...attributes });
      assert.equal(contentHash(read), contentHash(attributes));
      assert.equal('toString' in read, Object.hasOwn(attributes, 'toString'), 'no inherited names');
      assert.notEqual(items.get(name), read, 'a new object each time: a caller may change it');
      assert.ok(items.has(name));
    }
    assert.equal(items.get('absent'), undefined);
    assert.equal(items.has('absent'), false);
  });
});
