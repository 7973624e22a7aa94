// The SimpleDB restore's pure decisions: what each item at T needs, which items a live target
// loses, how the target reads back, and how a failed restore on a live target is undone.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalAttributes, contentHash, type AttributeMap } from '../../src/backends/simpledb/plan.ts';
import { finalCheck, itemsAbsentAtT, MAX_PAIRS, planItemRestore, planUndo, without } from '../../src/backends/simpledb/restore-plan.ts';
import type { StateItem } from '../../src/stores/history/types.ts';

const attrs = (o: Record<string, string | string[]>): AttributeMap =>
  canonicalAttributes(Object.entries(o).flatMap(([Name, v]) => (typeof v === 'string' ? [v] : v).map((Value) => ({ Name, Value }))));

const atT = (name: string, o: Record<string, string | string[]>, damage?: string): StateItem => {
  const attributes = attrs(o);
  return { name, attributes, validFrom: '2026-01-01T00:00:00.000Z', lastModified: null, hash: contentHash(attributes), ...(damage ? { damage } : {}) };
};

/** `n` single-valued attributes a0..a(n-1). */
const many = (n: number, prefix = 'a'): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'v']));

describe('restore plan: one item at T against the target', () => {
  test('a damaged row at T is refused, whatever the target holds', () => {
    assert.deepEqual(planItemRestore(atT('i', { a: '1' }, 'the attributes are not valid JSON'), attrs({ a: '1' })), { action: 'refuse', damage: 'the attributes are not valid JSON' });
  });

  test('equal content (by hash, whatever order the values came in) is kept', () => {
    const current = canonicalAttributes([
      { Name: 'tag', Value: 'b' },
      { Name: 'tag', Value: 'a' },
      { Name: 'name', Value: 'Ada' },
    ]);
    assert.deepEqual(planItemRestore(atT('i', { name: 'Ada', tag: ['a', 'b'] }), current), { action: 'keep' });
  });

  test('an item absent from the target is put, nothing to remove', () => {
    assert.deepEqual(planItemRestore(atT('i', { a: '1' }), undefined), { action: 'put', extraAttributes: [], afterRemovals: false });
  });

  test('an item with other values is put; attributes it did not have at T are removed after', () => {
    const decision = planItemRestore(atT('i', { a: '1', b: '2' }), attrs({ a: '9', c: ['x', 'y'], d: '1' }));
    assert.deepEqual(decision, { action: 'put', extraAttributes: ['c', 'd'], afterRemovals: false });
  });

  test('a put that would pass 256 pairs while the extra attributes remain waits for their removal', () => {
    // At T: 200 pairs; the target adds 56 values of other names: exactly 256 while both are there.
    const at = atT('i', many(200));
    assert.deepEqual(planItemRestore(at, attrs({ ...many(1), x: Array.from({ length: 56 }, (_, i) => `v${i}`) })), {
      action: 'put',
      extraAttributes: ['x'],
      afterRemovals: false,
    });
    const over = planItemRestore(at, attrs({ ...many(1), x: Array.from({ length: 57 }, (_, i) => `v${i}`) }));
    assert.deepEqual(over, { action: 'put', extraAttributes: ['x'], afterRemovals: true });
    assert.equal(MAX_PAIRS, 256);
  });

  test('any attribute name is data (__proto__, constructor)', () => {
    const decision = planItemRestore(atT('i', { ['__proto__']: '1' }), attrs({ constructor: '2', ['__proto__']: '1' }));
    assert.deepEqual(decision, { action: 'put', extraAttributes: ['constructor'], afterRemovals: false });
  });
});

describe('restore plan: items a live target loses', () => {
  test('selected, in the target, absent at T (damaged items existed at T), in UTF-8 byte order', () => {
    const target = ['\u{1F600}', '\uFFFD', 'b', 'a', 'keep', 'damaged', 'other:x'];
    const existed = new Set(['keep', 'damaged']);
    const absent = itemsAbsentAtT(target, (n) => !n.startsWith('other:'), (n) => existed.has(n));
    assert.deepEqual(absent, ['a', 'b', '\uFFFD', '\u{1F600}']);
  });
});

describe('restore plan: how the target reads back', () => {
  const rules = (live: boolean) => ({ live, selected: (n: string) => n !== 'outside', damagedAtT: (n: string) => n === 'damaged' });
  const a = attrs({ a: '1' });
  test('a wanted item verifies by content hash', () => {
    assert.equal(finalCheck('i', a, contentHash(a), rules(false)), 'verified');
    assert.equal(finalCheck('i', attrs({ a: '2' }), contentHash(a), rules(false)), 'mismatch');
  });
  test('an unwanted item is a mismatch only on a live target, selected and not damaged at T', () => {
    assert.equal(finalCheck('stray', a, undefined, rules(true)), 'mismatch');
    assert.equal(finalCheck('stray', a, undefined, rules(false)), 'ignored');
    assert.equal(finalCheck('outside', a, undefined, rules(true)), 'ignored');
    assert.equal(finalCheck('damaged', a, undefined, rules(true)), 'ignored');
  });
  test('without: the attributes still to be removed are left out of the comparison', () => {
    assert.deepEqual({ ...without(attrs({ a: '1', b: '2' }), ['b']) }, { a: ['1'] });
    const same = attrs({ a: '1' });
    assert.equal(without(same, []), same);
  });
});

describe('restore plan: undoing a failed restore on a live target', () => {
  test('created items go, changed items are put back (new attributes removed), untouched content is left', () => {
    const before = new Map([
      ['changed', attrs({ a: '1' })],
      ['deleted', attrs({ d: '1' })],
      ['same', attrs({ s: '1' })],
    ]);
    const now = new Map([
      ['created', attrs({ c: '1' })],
      ['changed', attrs({ a: '2', extra: 'x' })],
      ['same', attrs({ s: '1' })],
    ]);
    const steps = planUndo(['same', 'created', 'deleted', 'changed', 'never-there'], before, now);
    assert.deepEqual(
      steps.map((s) => (s.kind === 'remove-item' ? [s.kind, s.name] : [s.kind, s.name, s.removeAttributes, { ...s.attributes }])),
      [
        ['put-back', 'changed', ['extra'], { a: ['1'] }],
        ['remove-item', 'created'],
        ['put-back', 'deleted', [], { d: ['1'] }],
      ],
    );
  });
});
