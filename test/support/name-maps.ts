// What every map keyed by names anyone chose (an AttributeMap) must be: nothing inherited, so a
// name such as `toString` or `__proto__` is found only when the map holds it.
import assert from 'node:assert/strict';

/** Asserts that no object on `map`'s prototype chain has a member (emptyNameMap's objects, or Object.create(null)). */
export function assertInheritsNothing(map: object, label = 'the map'): void {
  for (let proto = Object.getPrototypeOf(map) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
    assert.deepEqual(Reflect.ownKeys(proto), [], `${label} inherits members (${String(Reflect.ownKeys(proto)[0])})`);
  }
  for (const name of ['toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
    assert.equal(name in map, Object.hasOwn(map, name), `${label}: ${name} is inherited`);
  }
}
