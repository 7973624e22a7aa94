import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { paginateSelect, selectItems } from '../../src/simpledb/index.ts';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';

let db: TestSimpleDb;
before(async () => {
  db = await startTestSimpleDb();
});
after(async () => {
  await db.close();
});

test('smoke: create, put, get, select with order by and paging', async () => {
  const { client } = db;
  await client.createDomain({ DomainName: 'things' });
  for (let i = 0; i < 30; i++) {
    await client.putAttributes({
      DomainName: 'things',
      ItemName: `item${String(i).padStart(2, '0')}`,
      Attributes: [{ Name: 'lastModified', Value: `2026-01-01T00:00:${String(59 - i).padStart(2, '0')}.000Z` }, { Name: 'tag', Value: 'a' }, { Name: 'tag', Value: 'b' }],
    });
  }
  const got = await client.getAttributes({ DomainName: 'things', ItemName: 'item03', ConsistentRead: true });
  assert.deepEqual(got.Attributes.map((a) => `${a.Name}=${a.Value}`).sort(), ['lastModified=2026-01-01T00:00:56.000Z', 'tag=a', 'tag=b']);
  const pages = [];
  for await (const p of paginateSelect(client, { SelectExpression: "select * from things where lastModified >= '2026-01-01T00:00:40.000Z' order by lastModified limit 7", ConsistentRead: true })) pages.push(p);
  const names = pages.flatMap((p) => p.Items.map((i) => i.Name));
  assert.equal(names.length, 20);
  assert.equal(names[0], 'item19');
  assert.equal(names[19], 'item00');
  assert.equal(pages.length, 3);
  const all = [];
  for await (const i of selectItems(client, { SelectExpression: 'select itemName() from things' })) all.push(i.Name);
  assert.equal(all.length, 30);
  const domains = await client.listDomains();
  assert.deepEqual(domains.DomainNames, ['things']);
});
