// The client against the SimpleDB-compatible server over HTTP: every action and its error paths.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { countItems, paginateListDomains, SimpleDbError } from '../../src/simpledb/index.ts';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';

let db: TestSimpleDb;
before(async () => {
  db = await startTestSimpleDb({ limits: { maxDomains: 12 } });
});
after(async () => {
  await db.close();
});
beforeEach(() => db.server.reset());

async function rejectsWith(p: Promise<unknown>, code: string, statusCode: number): Promise<SimpleDbError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof SimpleDbError, `expected SimpleDbError, got ${err}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.statusCode, statusCode);
    return err;
  }
  assert.fail(`expected ${code}`);
}

const sorted = (attrs: { Name: string; Value: string }[]) => attrs.map((a) => `${a.Name}=${a.Value}`).sort();

describe('domains', () => {
  test('CreateDomain is idempotent; ListDomains pages; DeleteDomain of a missing domain succeeds', async () => {
    const { client } = db;
    const created = await client.createDomain({ DomainName: 'alpha' });
    assert.match(created.RequestId ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(created.BoxUsage);
    await client.createDomain({ DomainName: 'alpha' });
    for (const n of ['b.dots', 'c-dash', 'd_under', 'e99']) await client.createDomain({ DomainName: n });
    const first = await client.listDomains({ MaxNumberOfDomains: 2 });
    assert.deepEqual(first.DomainNames, ['alpha', 'b.dots']);
    assert.ok(first.NextToken);
    const all: string[] = [];
    for await (const n of paginateListDomains(client, { MaxNumberOfDomains: 2 })) all.push(n);
    assert.deepEqual(all, ['alpha', 'b.dots', 'c-dash', 'd_under', 'e99']);
    await client.deleteDomain({ DomainName: 'c-dash' });
    await client.deleteDomain({ DomainName: 'never-was' });
    assert.deepEqual((await client.listDomains()).DomainNames, ['alpha', 'b.dots', 'd_under', 'e99']);
  });

  test('domain name rules, MaxNumberOfDomains range, bad NextToken, domain limit', async () => {
    const { client } = db;
    await rejectsWith(client.createDomain({ DomainName: 'ab' }), 'InvalidParameterValue', 400);
    await rejectsWith(client.createDomain({ DomainName: 'has space' }), 'InvalidParameterValue', 400);
    await rejectsWith(client.createDomain({ DomainName: 'x'.repeat(256) }), 'InvalidParameterValue', 400);
    await rejectsWith(client.listDomains({ MaxNumberOfDomains: 0 }), 'InvalidParameterValue', 400);
    await rejectsWith(client.listDomains({ MaxNumberOfDomains: 101 }), 'InvalidParameterValue', 400);
    await rejectsWith(client.listDomains({ NextToken: 'garbage' }), 'InvalidNextToken', 400);
    for (let i = 0; i < 12; i++) await client.createDomain({ DomainName: `dom${i}` });
    await rejectsWith(client.createDomain({ DomainName: 'one-too-many' }), 'NumberDomainsExceeded', 409);
  });

  test('DomainMetadata counts items, names and values; NoSuchDomain', async () => {
    const { client } = db;
    await client.createDomain({ DomainName: 'meta' });
    await client.putAttributes({ DomainName: 'meta', ItemName: 'i1', Attributes: [{ Name: 'a', Value: 'xy' }, { Name: 'a', Value: 'z' }, { Name: 'bb', Value: 'é' }] });
    await client.putAttributes({ DomainName: 'meta', ItemName: 'item2', Attributes: [{ Name: 'a', Value: '1' }] });
    const m = await client.domainMetadata({ DomainName: 'meta' });
    assert.equal(m.ItemCount, 2);
    assert.equal(m.ItemNamesSizeBytes, 2 + 5);
    assert.equal(m.AttributeNameCount, 2);
    assert.equal(m.AttributeNamesSizeBytes, 3);
    assert.equal(m.AttributeValueCount, 4);
    assert.equal(m.AttributeValuesSizeBytes, 2 + 1 + 2 + 1);
    assert.ok(Math.abs(m.Timestamp - Date.now() / 1000) < 60);
    await rejectsWith(client.domainMetadata({ DomainName: 'nope' }), 'NoSuchDomain', 400);
  });

  test('DomainMetadata follows every kind of write: its totals equal a recount of the items', async () => {
    const { client } = db;
    await client.createDomain({ DomainName: 'meta2' });
    const recount = async () => {
      const items = (await client.select({ SelectExpression: 'select * from meta2', ConsistentRead: true })).Items;
      const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
      const names = new Set(items.flatMap((i) => i.Attributes.map((a) => a.Name)));
      return {
        ItemCount: items.length,
        ItemNamesSizeBytes: items.reduce((n, i) => n + bytes(i.Name), 0),
        AttributeNameCount: names.size,
        AttributeNamesSizeBytes: [...names].reduce((n, a) => n + bytes(a), 0),
        AttributeValueCount: items.reduce((n, i) => n + i.Attributes.length, 0),
        AttributeValuesSizeBytes: items.reduce((n, i) => n + i.Attributes.reduce((m, a) => m + bytes(a.Value), 0), 0),
      };
    };
    const check = async (step: string) => {
      const { ItemCount, ItemNamesSizeBytes, AttributeNameCount, AttributeNamesSizeBytes, AttributeValueCount, AttributeValuesSizeBytes } = await client.domainMetadata({ DomainName: 'meta2' });
      assert.deepEqual({ ItemCount, ItemNamesSizeBytes, AttributeNameCount, AttributeNamesSizeBytes, AttributeValueCount, AttributeValuesSizeBytes }, await recount(), step);
    };
    await check('empty');
    await client.putAttributes({ DomainName: 'meta2', ItemName: 'ü1', Attributes: [{ Name: 'é', Value: 'x' }, { Name: 'é', Value: 'yy' }, { Name: 'b', Value: '日本' }] });
    await check('put');
    await client.putAttributes({ DomainName: 'meta2', ItemName: 'ü1', Attributes: [{ Name: 'é', Value: 'z', Replace: true }, { Name: 'c', Value: '' }] });
    await check('replace');
    await client.batchPutAttributes({ DomainName: 'meta2', Items: [{ Name: 'i2', Attributes: [{ Name: 'b', Value: '1' }] }, { Name: 'i3', Attributes: [{ Name: 'd', Value: '😀' }] }] });
    await check('batch put');
    await client.deleteAttributes({ DomainName: 'meta2', ItemName: 'ü1', Attributes: [{ Name: 'b', Value: '日本' }] });
    await check('one value deleted');
    await client.deleteAttributes({ DomainName: 'meta2', ItemName: 'i3', Attributes: [{ Name: 'd' }] });
    await check('an item\'s last name deleted');
    await client.batchDeleteAttributes({ DomainName: 'meta2', Items: [{ Name: 'ü1' }] });
    await check('batch delete');
    await client.deleteAttributes({ DomainName: 'meta2', ItemName: 'i2' });
    await check('every item deleted');
    assert.equal((await client.domainMetadata({ DomainName: 'meta2' })).AttributeNameCount, 0);
  });
});

describe('attributes', () => {
  beforeEach(async () => {
    await db.client.createDomain({ DomainName: 'ddd' });
  });

  test('PutAttributes adds values, Replace swaps all values of a name, duplicates collapse', async () => {
    const { client } = db;
    await client.putAttributes({ DomainName: 'ddd', ItemName: 'i', Attributes: [{ Name: 'c', Value: 'red' }, { Name: 'c', Value: 'blue' }, { Name: 's', Value: 'M' }] });
    await client.putAttributes({ DomainName: 'ddd', ItemName: 'i', Attributes: [{ Name: 'c', Value: 'red' }, { Name: 'c', Value: 'green' }] });
    let got = await client.getAttributes({ DomainName: 'ddd', ItemName: 'i', ConsistentRead: true });
    assert.deepEqual(sorted(got.Attributes), ['c=blue', 'c=green', 'c=red', 's=M']);
    await client.putAttributes({ DomainName: 'ddd', ItemName: 'i', Attributes: [{ Name: 'c', Value: 'black', Replace: true }, { Name: 'c', Value: 'white' }] });
    got = await client.getAttributes({ DomainName: 'ddd', ItemName: 'i', ConsistentRead: true });
    assert.deepEqual(sorted(got.Attributes), ['c=black', 'c=white', 's=M']);
    got = await client.getAttributes({ DomainName: 'ddd', ItemName: 'i', AttributeNames: ['s', 'missing'], ConsistentRead: true });
    assert.deepEqual(sorted(got.Attributes), ['s=M']);
  });

  test('GetAttributes of a missing item is empty; of a missing domain NoSuchDomain', async () => {
    const { client } = db;
    assert.deepEqual((await client.getAttributes({ DomainName: 'ddd', ItemName: 'ghost' })).Attributes, []);
    await rejectsWith(client.getAttributes({ DomainName: 'zzz', ItemName: 'x' }), 'NoSuchDomain', 400);
    await rejectsWith(client.putAttributes({ DomainName: 'zzz', ItemName: 'x', Attributes: [{ Name: 'a', Value: '1' }] }), 'NoSuchDomain', 400);
  });

  test('conditional put: Expected value, Exists=false, and every Expected error code', async () => {
    const { client } = db;
    const put = (Expected: { Name: string; Value?: string; Exists?: boolean }, v = 'x') =>
      client.putAttributes({ DomainName: 'ddd', ItemName: 'i', Attributes: [{ Name: 'v', Value: v, Replace: true }], Expected });
    await put({ Name: 'version', Exists: false });
    await rejectsWith(put({ Name: 'v', Exists: false }), 'ConditionalCheckFailed', 409);
    await put({ Name: 'v', Value: 'x' }, 'y');
    await rejectsWith(put({ Name: 'v', Value: 'x' }), 'ConditionalCheckFailed', 409);
    await rejectsWith(put({ Name: 'nothere', Value: 'x' }), 'AttributeDoesNotExist', 404);
    await rejectsWith(put({ Name: 'v', Value: 'y', Exists: false }), 'ExistsAndExpectedValue', 400);
    await rejectsWith(put({ Name: 'v', Exists: true }), 'IncompleteExpectedExpression', 400);
    await client.putAttributes({ DomainName: 'ddd', ItemName: 'i', Attributes: [{ Name: 'm', Value: '1' }, { Name: 'm', Value: '2' }] });
    await rejectsWith(put({ Name: 'm', Value: '1' }), 'MultiValuedAttribute', 409);
    const got = await client.getAttributes({ DomainName: 'ddd', ItemName: 'i', AttributeNames: ['v'], ConsistentRead: true });
    assert.deepEqual(sorted(got.Attributes), ['v=y']);
  });

  test('PutAttributes limits: 256 pairs per item, 256 per call, 1024-byte names, values and item names', async () => {
    const { client } = db;
    const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ Name: `${prefix}${i}`, Value: 'v' }));
    await client.putAttributes({ DomainName: 'ddd', ItemName: 'full', Attributes: many(256, 'a') });
    await rejectsWith(client.putAttributes({ DomainName: 'ddd', ItemName: 'full', Attributes: many(1, 'b') }), 'NumberItemAttributesExceeded', 409);
    await rejectsWith(client.putAttributes({ DomainName: 'ddd', ItemName: 'x', Attributes: many(257, 'c') }), 'NumberSubmittedAttributesExceeded', 409);
    // 1024 bytes is allowed, 1025 is not (counted in UTF-8 bytes: 'é' is 2).
    await client.putAttributes({ DomainName: 'ddd', ItemName: 'n'.repeat(1024), Attributes: [{ Name: 'k'.repeat(1024), Value: 'é'.repeat(512) }] });
    await rejectsWith(client.putAttributes({ DomainName: 'ddd', ItemName: 'n'.repeat(1025), Attributes: [{ Name: 'k', Value: 'v' }] }), 'InvalidParameterValue', 400);
    await rejectsWith(client.putAttributes({ DomainName: 'ddd', ItemName: 'y', Attributes: [{ Name: 'k'.repeat(1025), Value: 'v' }] }), 'InvalidParameterValue', 400);
    await rejectsWith(client.putAttributes({ DomainName: 'ddd', ItemName: 'y', Attributes: [{ Name: 'k', Value: 'é'.repeat(512) + 'x' }] }), 'InvalidParameterValue', 400);
    await rejectsWith(client.putAttributes({ DomainName: 'ddd', ItemName: 'y', Attributes: [] }), 'MissingParameter', 400);
    const got = await client.getAttributes({ DomainName: 'ddd', ItemName: 'n'.repeat(1024), ConsistentRead: true });
    assert.equal(got.Attributes[0]!.Value, 'é'.repeat(512));
  });

  test('BatchPutAttributes: 25 items at most, duplicates refused, all-or-nothing', async () => {
    const { client } = db;
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ Name: `b${i}`, Attributes: [{ Name: 'n', Value: String(i) }] }));
    await client.batchPutAttributes({ DomainName: 'ddd', Items: items(25) });
    assert.equal(await countItems(client, 'ddd'), 25);
    await rejectsWith(client.batchPutAttributes({ DomainName: 'ddd', Items: items(26) }), 'NumberSubmittedItemsExceeded', 409);
    await rejectsWith(
      client.batchPutAttributes({ DomainName: 'ddd', Items: [{ Name: 'new1', Attributes: [{ Name: 'a', Value: '1' }] }, { Name: 'new1', Attributes: [{ Name: 'a', Value: '2' }] }] }),
      'DuplicateItemName',
      400,
    );
    await rejectsWith(
      client.batchPutAttributes({ DomainName: 'ddd', Items: [{ Name: 'new2', Attributes: [{ Name: 'a', Value: '1' }] }, { Name: 'new3', Attributes: [{ Name: 'a'.repeat(1025), Value: '2' }] }] }),
      'InvalidParameterValue',
      400,
    );
    assert.deepEqual((await client.getAttributes({ DomainName: 'ddd', ItemName: 'new2', ConsistentRead: true })).Attributes, []);
    await client.batchPutAttributes({ DomainName: 'ddd', Items: [{ Name: 'b0', Attributes: [{ Name: 'n', Value: 'zero', Replace: true }] }] });
    assert.deepEqual(sorted((await client.getAttributes({ DomainName: 'ddd', ItemName: 'b0', ConsistentRead: true })).Attributes), ['n=zero']);
  });

  test('DeleteAttributes: one value, one name, the whole item; conditional delete; missing item is fine', async () => {
    const { client } = db;
    await client.putAttributes({ DomainName: 'ddd', ItemName: 'i', Attributes: [{ Name: 'c', Value: '1' }, { Name: 'c', Value: '2' }, { Name: 's', Value: 'x' }, { Name: 't', Value: 'y' }] });
    await client.deleteAttributes({ DomainName: 'ddd', ItemName: 'i', Attributes: [{ Name: 'c', Value: '1' }] });
    assert.deepEqual(sorted((await client.getAttributes({ DomainName: 'ddd', ItemName: 'i', ConsistentRead: true })).Attributes), ['c=2', 's=x', 't=y']);
    await client.deleteAttributes({ DomainName: 'ddd', ItemName: 'i', Attributes: [{ Name: 's' }] });
    assert.deepEqual(sorted((await client.getAttributes({ DomainName: 'ddd', ItemName: 'i', ConsistentRead: true })).Attributes), ['c=2', 't=y']);
    await rejectsWith(client.deleteAttributes({ DomainName: 'ddd', ItemName: 'i', Expected: { Name: 't', Value: 'nope' } }), 'ConditionalCheckFailed', 409);
    await client.deleteAttributes({ DomainName: 'ddd', ItemName: 'i', Expected: { Name: 't', Value: 'y' } });
    assert.deepEqual((await client.getAttributes({ DomainName: 'ddd', ItemName: 'i', ConsistentRead: true })).Attributes, []);
    await client.deleteAttributes({ DomainName: 'ddd', ItemName: 'never' });
    // An item whose last attribute goes is gone.
    await client.putAttributes({ DomainName: 'ddd', ItemName: 'j', Attributes: [{ Name: 'only', Value: 'v' }] });
    await client.deleteAttributes({ DomainName: 'ddd', ItemName: 'j', Attributes: [{ Name: 'only', Value: 'v' }] });
    assert.equal(await countItems(client, 'ddd'), 0);
  });

  test('BatchDeleteAttributes: whole items and single attributes; 25 at most', async () => {
    const { client } = db;
    await client.batchPutAttributes({
      DomainName: 'ddd',
      Items: ['p', 'q', 'r'].map((n) => ({ Name: n, Attributes: [{ Name: 'a', Value: '1' }, { Name: 'b', Value: '2' }] })),
    });
    await client.batchDeleteAttributes({ DomainName: 'ddd', Items: [{ Name: 'p' }, { Name: 'q', Attributes: [{ Name: 'a' }] }, { Name: 'ghost' }] });
    assert.deepEqual((await client.getAttributes({ DomainName: 'ddd', ItemName: 'p', ConsistentRead: true })).Attributes, []);
    assert.deepEqual(sorted((await client.getAttributes({ DomainName: 'ddd', ItemName: 'q', ConsistentRead: true })).Attributes), ['b=2']);
    assert.equal(await countItems(client, 'ddd'), 2);
    const tooMany = Array.from({ length: 26 }, (_, i) => ({ Name: `x${i}` }));
    await rejectsWith(client.batchDeleteAttributes({ DomainName: 'ddd', Items: tooMany }), 'NumberSubmittedItemsExceeded', 409);
  });
});

describe('select', () => {
  beforeEach(async () => {
    await db.client.createDomain({ DomainName: 'sss' });
  });

  test('output lists: *, itemName(), count(*), explicit attributes', async () => {
    const { client } = db;
    await client.batchPutAttributes({
      DomainName: 'sss',
      Items: [
        { Name: 'a', Attributes: [{ Name: 'x', Value: '1' }, { Name: 'y', Value: '2' }] },
        { Name: 'b', Attributes: [{ Name: 'x', Value: '3' }, { Name: 'z', Value: '4' }] },
      ],
    });
    const star = await client.select({ SelectExpression: 'select * from sss', ConsistentRead: true });
    assert.deepEqual(star.Items.map((i) => [i.Name, sorted(i.Attributes)]), [['a', ['x=1', 'y=2']], ['b', ['x=3', 'z=4']]]);
    const names = await client.select({ SelectExpression: 'select itemName() from sss', ConsistentRead: true });
    assert.deepEqual(names.Items, [{ Name: 'a', Attributes: [] }, { Name: 'b', Attributes: [] }]);
    const some = await client.select({ SelectExpression: 'select y, z from sss', ConsistentRead: true });
    assert.deepEqual(some.Items.map((i) => [i.Name, sorted(i.Attributes)]), [['a', ['y=2']], ['b', ['z=4']]]);
    const count = await client.select({ SelectExpression: "select count(*) from sss where x > '1'", ConsistentRead: true });
    assert.deepEqual(count.Items, [{ Name: 'Domain', Attributes: [{ Name: 'Count', Value: '1' }] }]);
  });

  test('paging: limit, the 1 MB response limit, count(*) with limit, NextToken interchange', async () => {
    const { client } = db;
    const big = 'v'.repeat(1000);
    for (let b = 0; b < 12; b++) {
      await client.batchPutAttributes({
        DomainName: 'sss',
        Items: Array.from({ length: 25 }, (_, i) => ({
          Name: `item${String(b * 25 + i).padStart(4, '0')}`,
          Attributes: Array.from({ length: 5 }, (_, k) => ({ Name: `a${k}`, Value: big })),
        })),
      });
    }
    // 300 items of ~5 KB each: a 2500-limit page stops at 1 MB.
    const page = await client.select({ SelectExpression: 'select * from sss limit 2500', ConsistentRead: true });
    assert.ok(page.Items.length > 100 && page.Items.length < 300, `page of ${page.Items.length}`);
    assert.ok(page.NextToken);
    const rest = await client.select({ SelectExpression: 'select * from sss limit 2500', NextToken: page.NextToken, ConsistentRead: true });
    assert.equal(page.Items.length + rest.Items.length, 300);
    // Default limit 100.
    assert.equal((await client.select({ SelectExpression: 'select itemName() from sss', ConsistentRead: true })).Items.length, 100);
    // count(*) limit acts as an offset; its NextToken continues a select with the same where.
    const c = await client.select({ SelectExpression: 'select count(*) from sss limit 10', ConsistentRead: true });
    assert.equal(c.Items[0]!.Attributes[0]!.Value, '10');
    const next = await client.select({ SelectExpression: 'select itemName() from sss limit 2', NextToken: c.NextToken!, ConsistentRead: true });
    assert.deepEqual(next.Items.map((i) => i.Name), ['item0010', 'item0011']);
    assert.equal(await countItems(client, 'sss'), 300);
    assert.equal(await countItems(client, { SelectExpression: "select count(*) from sss where itemName() >= 'item0290'" }), 10);
    // A token from another query is refused.
    await rejectsWith(client.select({ SelectExpression: "select * from sss where a0 = 'x'", NextToken: c.NextToken!, ConsistentRead: true }), 'InvalidNextToken', 400);
  });

  test('errors: InvalidQueryExpression, InvalidSortExpression, NoSuchDomain, limits', async () => {
    const { client } = db;
    const bad = async (expr: string, code: string) => rejectsWith(client.select({ SelectExpression: expr }), code, 400);
    await bad('select * from', 'InvalidQueryExpression');
    await bad("select * from sss where a = 'unterminated", 'InvalidQueryExpression');
    await bad('select * from sss where a = b', 'InvalidQueryExpression');
    await bad("select * from sss where a == 'x'", 'InvalidQueryExpression');
    await bad('select * from sss order by a', 'InvalidSortExpression');
    await bad("select * from sss where a is null order by a", 'InvalidSortExpression');
    await bad("select * from nosuch where a = 'x'", 'NoSuchDomain');
    await bad('select * from sss limit 2501', 'InvalidParameterValue');
    const many = Array.from({ length: 21 }, (_, i) => `a${i} = 'x'`).join(' or ');
    await bad(`select * from sss where ${many}`, 'InvalidNumberPredicates');
    const inList = Array.from({ length: 21 }, (_, i) => `'${i}'`).join(',');
    await bad(`select * from sss where a in (${inList})`, 'InvalidNumberValueTests');
  });
});
