// `like` and its escape (issue 9, item 14): the Developer Guide (UsingSelectOperators) escapes a
// literal percent sign with a backslash (`like '%3\%'` ends in "3%", `like '3\%%'` begins with
// "3%"). The project's server honours it over real HTTP, and the client's likePattern() escapes the
// user part so that a `%` in it is never a wildcard.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { likePattern, name, sdbSelect, selectItems } from '../../src/simpledb/index.ts';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';

const VALUES = ['3%', '13%', '3%x', '%3', '3', '13', 'x3y', '%a', 'ba', '50%', '50', '500', '50%off', 'a%b', '100\\%', '\\'];

describe('like: the \\% escape and likePattern()', () => {
  let sdb: TestSimpleDb;
  const matching = async (where: string): Promise<string[]> => {
    const names: string[] = [];
    for await (const item of selectItems(sdb.client, { SelectExpression: `select itemName() from likes where ${where}`, ConsistentRead: true })) names.push(item.Name);
    return names.map((n) => VALUES[Number(n.slice(1))]!).sort();
  };

  before(async () => {
    sdb = await startTestSimpleDb();
    await sdb.client.createDomain({ DomainName: 'likes' });
    await sdb.client.batchPutAttributes({ DomainName: 'likes', Items: VALUES.map((v, i) => ({ Name: `i${String(i).padStart(2, '0')}`, Attributes: [{ Name: 'v', Value: v }] })) });
  });
  after(async () => {
    await sdb?.close();
  });

  test("the guide's examples: like '%3\\%' ends in 3%, like '3\\%%' begins with 3%", async () => {
    assert.deepEqual(await matching("v like '%3\\%'"), ['13%', '3%'].sort());
    assert.deepEqual(await matching("v like '3\\%%'"), ['3%', '3%x'].sort());
    assert.deepEqual(await matching("v not like '%3\\%'"), VALUES.filter((v) => !v.endsWith('3%')).sort());
    // The escape works inside too, and with nothing but the escape the pattern is an equality.
    assert.deepEqual(await matching("v like '%\\%%'"), VALUES.filter((v) => v.includes('%')).sort());
    assert.deepEqual(await matching("v like '50\\%'"), ['50%']);
    assert.deepEqual(await matching("itemName() like 'i0%' intersection v like '\\%%'"), ['%3', '%a'].sort());
  });

  test('likePattern() escapes the user part: a % in it is literal', async () => {
    assert.equal(sdbSelect`${likePattern('suffix', '3%')}`, "'%3\\%'");
    assert.equal(sdbSelect`${likePattern('prefix', '%a')}`, "'\\%a%'");
    assert.equal(sdbSelect`${likePattern('contains', "it's 5%")}`, "'%it''s 5\\%%'");
    const where = (kind: 'prefix' | 'suffix' | 'contains', part: string) => sdbSelect`${name('v')} like ${likePattern(kind, part)}`;
    assert.deepEqual(await matching(where('suffix', '3%')), VALUES.filter((v) => v.endsWith('3%')).sort());
    assert.deepEqual(await matching(where('prefix', '%a')), ['%a']);
    assert.deepEqual(await matching(where('prefix', '50%')), ['50%', '50%off'].sort());
    assert.deepEqual(await matching(where('contains', '%')), VALUES.filter((v) => v.includes('%')).sort());
    assert.deepEqual(await matching(where('contains', 'a%b')), ['a%b']);
  });

  test('likePattern() refuses a backslash: SimpleDB documents no escape for one, so its meaning next to a % is unknown', () => {
    assert.throws(() => likePattern('prefix', 'C:\\dir'), (e: Error) => e instanceof RangeError && /backslash/.test(e.message));
    assert.throws(() => likePattern('suffix', '\\'), RangeError);
  });
});
