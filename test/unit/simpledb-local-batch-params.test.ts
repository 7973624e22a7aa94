// The local server reads a batch's parameters item by item from one grouping (paramsByItem): the
// same items, attributes and errors as reading each item's lists from the whole batch.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SimpleDbActions } from '../../src/simpledb-local/actions.ts';
import { SdbFault } from '../../src/simpledb-local/errors.ts';
import { DEFAULT_LIMITS } from '../../src/simpledb-local/limits.ts';
import { paramsByItem } from '../../src/simpledb-local/params.ts';

function server(): SimpleDbActions {
  const actions = new SimpleDbActions(DEFAULT_LIMITS, 0, () => Date.now());
  actions.createDomain(new Map([['DomainName', 'ddd']]));
  return actions;
}

const read = (actions: SimpleDbActions, item: string) => actions.getAttributes(new Map([['DomainName', 'ddd'], ['ItemName', item], ['ConsistentRead', 'true']]));

describe('paramsByItem', () => {
  test('groups Item.N.* by N with keys kept whole; leading zeros are the same item; anything else is left out', () => {
    const params = new Map([
      ['DomainName', 'ddd'],
      ['Item.2.ItemName', 'b'],
      ['Item.1.Attribute.1.Name', 'x'],
      ['Item.01.Attribute.2.Name', 'y'],
      ['Item.1.ItemName', 'a'],
      ['Item.x.ItemName', 'not an item'],
      ['Item.', 'nothing'],
      ['Items.1.ItemName', 'other'],
    ]);
    const grouped = paramsByItem(params);
    assert.deepEqual([...grouped.keys()].sort(), [1, 2]);
    assert.deepEqual([...grouped.get(1)!], [['Item.1.Attribute.1.Name', 'x'], ['Item.01.Attribute.2.Name', 'y'], ['Item.1.ItemName', 'a']]);
    assert.deepEqual([...grouped.get(2)!], [['Item.2.ItemName', 'b']]);
  });
});

describe('BatchPutAttributes and BatchDeleteAttributes read each item from its own parameters', () => {
  test('items out of order and with gaps get their own attributes, and only theirs', () => {
    const actions = server();
    const params = new Map([['DomainName', 'ddd']]);
    // Sent in reverse, indexes 3, 7, 12: item 12's attributes before its name, item 1 absent.
    for (const [index, name] of [[12, 'twelve'], [7, 'seven'], [3, 'three']] as const) {
      params.set(`Item.${index}.Attribute.2.Name`, 'n');
      params.set(`Item.${index}.Attribute.2.Value`, String(index));
      params.set(`Item.${index}.Attribute.1.Name`, 'who');
      params.set(`Item.${index}.Attribute.1.Value`, name);
      params.set(`Item.${index}.ItemName`, name);
    }
    actions.batchPutAttributes(params);
    for (const [index, name] of [[12, 'twelve'], [7, 'seven'], [3, 'three']] as const) {
      const xml = read(actions, name);
      assert.ok(xml.includes(`<Value>${name}</Value>`) && xml.includes(`<Value>${index}</Value>`), xml);
      assert.equal((xml.match(/<Attribute>/g) ?? []).length, 2, xml);
    }
    const remove = new Map([['DomainName', 'ddd'], ['Item.9.ItemName', 'seven'], ['Item.9.Attribute.1.Name', 'n'], ['Item.4.ItemName', 'three']]);
    actions.batchDeleteAttributes(remove);
    assert.equal((read(actions, 'seven').match(/<Attribute>/g) ?? []).length, 1);
    // No attributes named: the whole item goes.
    assert.equal(read(actions, 'three'), '');
    assert.equal((read(actions, 'twelve').match(/<Attribute>/g) ?? []).length, 2);
  });

  test("an item's missing value is named by its full parameter, and nothing of the batch is written", () => {
    const actions = server();
    const params = new Map([
      ['DomainName', 'ddd'],
      ['Item.1.ItemName', 'a'],
      ['Item.1.Attribute.1.Name', 'k'],
      ['Item.1.Attribute.1.Value', 'v'],
      ['Item.2.ItemName', 'b'],
      ['Item.2.Attribute.1.Name', 'k'],
    ]);
    assert.throws(
      () => actions.batchPutAttributes(params),
      (error: unknown) => error instanceof SdbFault && error.code === 'MissingParameter' && error.message.includes('Item.2.Attribute.1.Value'),
    );
    assert.equal(read(actions, 'a'), '');
  });
});
