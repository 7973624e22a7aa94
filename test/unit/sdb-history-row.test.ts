// A history row read back from MySQL is checked, not trusted: what a SimpleDB item's attributes and
// name must look like, and the description of what is wrong when they do not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeAttributes, decodeItemName } from '../../src/stores/history/mysql/history-row.ts';
import { assertInheritsNothing } from '../support/name-maps.ts';

describe('history rows read back from MySQL', () => {
  it('accepts a SimpleDB item, from text or parsed JSON, any name (even __proto__) as data', () => {
    const text = '{"__proto__": ["x"], "name": ["a", "b"], "é 🙂": [""]}';
    for (const raw of [text, Buffer.from(text), JSON.parse(text) as unknown]) {
      const decoded = decodeAttributes(raw);
      assert.ok(decoded.ok, JSON.stringify(decoded));
      assertInheritsNothing(decoded.value);
      assert.deepEqual(Object.keys(decoded.value).sort(), ['__proto__', 'name', 'é 🙂']);
      assert.deepEqual(decoded.value['__proto__'], ['x']);
    }
    assert.ok(decodeAttributes({ a: Array.from({ length: 256 }, (_, i) => String(i)) }).ok);
  });

  it('describes each kind of damage', () => {
    const cases: [unknown, RegExp][] = [
      ['{"a": ["x"]', /not valid JSON/],
      [null, /missing \(NULL\)/],
      ['[["a", "x"]]', /not a JSON object/],
      ['"text"', /not a JSON object/],
      [{ a: 'x' }, /attribute "a" is not a non-empty array/],
      [{ a: [] }, /attribute "a" is not a non-empty array/],
      [{ a: [1] }, /attribute "a" has a value that is not a string/],
      [{ a: ['x', 'x'] }, /attribute "a" repeats a value/],
      [{ a: ['v'.repeat(1025)] }, /value over 1024 bytes/],
      [{ ['n'.repeat(1025)]: ['x'] }, /name over 1024 bytes/],
      [{ a: Array.from({ length: 200 }, (_, i) => String(i)), b: Array.from({ length: 57 }, (_, i) => String(i)) }, /257 name-value pairs/],
    ];
    for (const [raw, damage] of cases) {
      const decoded = decodeAttributes(raw);
      assert.equal(decoded.ok, false, JSON.stringify(raw)?.slice(0, 60));
      if (!decoded.ok) assert.match(decoded.damage, damage);
    }
  });

  it('checks item names: valid UTF-8, 1 to 1024 bytes', () => {
    assert.deepEqual(decodeItemName(Buffer.from('user-1 🙂')), { ok: true, value: 'user-1 🙂' });
    assert.match((decodeItemName(Buffer.from([0x75, 0xff])) as { damage: string }).damage, /not valid UTF-8/);
    assert.match((decodeItemName(Buffer.alloc(0)) as { damage: string }).damage, /0 bytes/);
    assert.match((decodeItemName(Buffer.alloc(1025, 0x61)) as { damage: string }).damage, /1025 bytes/);
  });
});
