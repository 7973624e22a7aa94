// Bad and unusual input end to end, the write convention, read lag, persistence.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ConventionWriter, formatStamp, incrementalSelect, name, sdbSelect, selectItems, SimpleDbError, value, values } from '../../src/simpledb/index.ts';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';

describe('bad input', () => {
  let db: TestSimpleDb;
  before(async () => {
    db = await startTestSimpleDb();
  });
  after(async () => {
    await db.close();
  });
  beforeEach(async () => {
    db.server.reset();
    await db.client.createDomain({ DomainName: 'odd' });
  });

  const NASTY = [
    "it's", 'say "hi"', 'back`tick', '100%', '%', '_', 'a&b<c>d', ']]>', ' padded ', '\t\n', 'line\r\nend', '\r',
    '\u0000', 'bell\u0007', '\u001f', '\uFFFE', 'é', '日本語', '😀 emoji', '+ = & ?', 'Null', 'select', 'order', '`', "''", '\\',
  ];

  test('names and values round-trip exactly through put, get and select (base64 for XML-invalid characters)', async () => {
    const { client } = db;
    for (const [i, s] of NASTY.entries()) {
      await client.putAttributes({ DomainName: 'odd', ItemName: `item ${s}`, Attributes: [{ Name: s, Value: s }, { Name: 'idx', Value: String(i).padStart(2, '0') }] });
    }
    for (const s of NASTY) {
      const got = await client.getAttributes({ DomainName: 'odd', ItemName: `item ${s}`, AttributeNames: [s], ConsistentRead: true });
      assert.deepEqual(got.Attributes, [{ Name: s, Value: s }], JSON.stringify(s));
      // The builder quotes names and values: every nasty string is found by exact match, and only it.
      const expr = sdbSelect`select ${name(s)} from ${name('odd')} where ${name(s)} = ${value(s)}`;
      const page = await client.select({ SelectExpression: expr, ConsistentRead: true });
      assert.deepEqual(page.Items, [{ Name: `item ${s}`, Attributes: [{ Name: s, Value: s }] }], expr);
      const byName = await client.select({ SelectExpression: sdbSelect`select itemName() from odd where itemName() in ${values([`item ${s}`])}`, ConsistentRead: true });
      assert.deepEqual(byName.Items.map((x) => x.Name), [`item ${s}`]);
    }
  });

  test('`%` in a like pattern is only a wildcard at the ends', async () => {
    const { client } = db;
    await client.batchPutAttributes({ DomainName: 'odd', Items: ['100%', '100', 'a%b', 'axb'].map((v, i) => ({ Name: `p${i}`, Attributes: [{ Name: 'v', Value: v }] })) });
    const like = async (p: string) => (await client.select({ SelectExpression: sdbSelect`select itemName() from odd where v like ${value(p)}`, ConsistentRead: true })).Items.map((x) => x.Name).sort();
    assert.deepEqual(await like('100%'), ['p0', 'p1']);
    assert.deepEqual(await like('a%b'), ['p2']);
    assert.deepEqual(await like('%%b'), ['p2']);
    assert.deepEqual(await like('%'), ['p0', 'p1', 'p2', 'p3']);
  });

  test('malformed expressions are a typed InvalidQueryExpression, never a crash', async () => {
    const { client } = db;
    const bad = ['', 'select', 'select * form odd', 'select * from odd where', "select * from odd where a = 'x' and", 'select * from odd where (a', "select * from odd where a = 'x')", 'select * from `odd', "select * from odd where a = 'x' limit", "select * from odd where every(a) is null", 'select * from odd where a ~ 1', 'select *, a from odd', "select * from odd where a = 'x' order", '\u0000', 'select * from odd limit 0', "select * from odd where a = 'x' garbage"];
    for (const expr of bad) {
      const err = await client.select({ SelectExpression: expr }).catch((e: unknown) => e);
      assert.ok(err instanceof SimpleDbError, `${JSON.stringify(expr)} -> ${err}`);
      assert.equal(err.statusCode, 400, `${JSON.stringify(expr)} -> ${err.code}`);
      assert.ok(['InvalidQueryExpression', 'InvalidParameterValue'].includes(err.code), `${JSON.stringify(expr)} -> ${err.code}`);
    }
    // The server is still fine.
    assert.deepEqual((await client.listDomains()).DomainNames, ['odd']);
  });

  test('a lone surrogate cannot be sent: a client-side typed error', async () => {
    const err = await db.client.putAttributes({ DomainName: 'odd', ItemName: 'x', Attributes: [{ Name: 'a', Value: '\uD800' }] }).catch((e: unknown) => e);
    assert.ok(err instanceof SimpleDbError);
    assert.equal(err.code, 'InvalidParameterValue');
    assert.equal(err.statusCode, 0);
  });

  test('the builder refuses bare strings', () => {
    const evil = "x' or '1' = '1";
    assert.throws(() => sdbSelect`select * from odd where a = ${evil as unknown as ReturnType<typeof value>}`, TypeError);
    assert.equal(sdbSelect`select * from odd where a = ${value(evil)}`, "select * from odd where a = 'x'' or ''1'' = ''1'");
  });
});

describe('the write convention', () => {
  let db: TestSimpleDb;
  before(async () => {
    db = await startTestSimpleDb();
  });
  after(async () => {
    await db.close();
  });

  test('put stamps, delete logs; the incremental query sees both', async () => {
    const { client } = db;
    await client.createDomain({ DomainName: 'orders' });
    let t = Date.parse('2026-11-24T16:17:58.123Z');
    let n = 0;
    const w = new ConventionWriter(client, { clock: () => new Date(t), randomId: () => `r${n++}` });
    await w.ensureDeleteLog();
    assert.deepEqual(await w.put('orders', 'o1', { status: 'new', tags: ['a', 'b'] }), { stamp: '2026-11-24T16:17:58.123Z' });
    t += 1000;
    await w.put('orders', 'o2', [{ Name: 'status', Value: 'new' }]);
    t += 1000;
    await w.put('orders', 'o1', { status: 'paid' }, { replace: true });
    const o1 = await client.getAttributes({ DomainName: 'orders', ItemName: 'o1', ConsistentRead: true });
    assert.deepEqual(o1.Attributes.map((a) => `${a.Name}=${a.Value}`).sort(), ['lastModified=2026-11-24T16:18:00.123Z', 'status=paid', 'tags=a', 'tags=b']);
    t += 1000;
    const entry = await w.delete('orders', 'o2');
    assert.deepEqual(entry, { logItemName: '2026-11-24T16:18:01.123Z_r0', itemName: 'o2', domain: 'orders', deletedAt: '2026-11-24T16:18:01.123Z', state: 'done' });
    const since = '2026-11-24T16:17:59.000Z';
    const changed = [];
    for await (const item of selectItems(client, { SelectExpression: incrementalSelect('orders', 'lastModified', since), ConsistentRead: true })) changed.push(item.Name);
    assert.deepEqual(changed, ['o1']);
    const deleted = [];
    for await (const item of selectItems(client, { SelectExpression: incrementalSelect('pullback_delete_log', 'lastModified', since), ConsistentRead: true })) deleted.push(item);
    assert.equal(deleted.length, 1);
    assert.deepEqual(deleted[0]!.Attributes.map((a) => `${a.Name}=${a.Value}`).sort(), ['deletedAt=2026-11-24T16:18:01.123Z', 'domain=orders', 'itemName=o2', 'lastModified=2026-11-24T16:18:01.123Z', 'state=done']);
    // A log name collision draws a new name instead of overwriting.
    n = 0;
    await w.put('orders', 'o3', { x: '1' });
    const again = await w.delete('orders', 'o3');
    assert.equal(again.logItemName, '2026-11-24T16:18:01.123Z_r1');
    // The stamp attribute is the writer's own.
    await assert.rejects(w.put('orders', 'o4', { lastModified: 'x' }), SimpleDbError);
  });

  test('a failed delete withdraws its log entry', async () => {
    const { client } = db;
    const w = new ConventionWriter(client, { deleteLogDomain: 'log_two' });
    await w.ensureDeleteLog();
    await client.createDomain({ DomainName: 'things' });
    await w.put('things', 't1', { v: '1' });
    await assert.rejects(w.delete('things', 't1', { expected: { Name: 'v', Value: '2' } }), (e: unknown) => e instanceof SimpleDbError && e.code === 'ConditionalCheckFailed');
    assert.equal((await client.select({ SelectExpression: 'select * from log_two', ConsistentRead: true })).Items.length, 0);
  });

  test('a delete whose done mark cannot be written still succeeds, its entry left pending', async () => {
    const { client } = db;
    // The log refuses the mark (the second write to it): the delete itself went through.
    let logWrites = 0;
    const refusing = {
      createDomain: (input: Parameters<typeof client.createDomain>[0]) => client.createDomain(input),
      deleteAttributes: (input: Parameters<typeof client.deleteAttributes>[0]) => client.deleteAttributes(input),
      putAttributes: async (input: Parameters<typeof client.putAttributes>[0]) => {
        if (input.DomainName === 'log_three' && ++logWrites === 2) throw new SimpleDbError('ServiceUnavailable', 'refused for the test', 503);
        return client.putAttributes(input);
      },
    };
    const w = new ConventionWriter(refusing, { deleteLogDomain: 'log_three' });
    await w.ensureDeleteLog();
    await client.createDomain({ DomainName: 'gone' });
    await w.put('gone', 'g1', { v: '1' });
    const entry = await w.delete('gone', 'g1');
    assert.equal(entry.state, 'pending');
    assert.deepEqual((await client.getAttributes({ DomainName: 'gone', ItemName: 'g1', ConsistentRead: true })).Attributes, [], 'the item is deleted');
    const log = (await client.select({ SelectExpression: 'select * from log_three', ConsistentRead: true })).Items;
    assert.deepEqual(log.map((i) => i.Attributes.find((a) => a.Name === 'state')?.Value), ['pending']);
  });

  test('the done mark never re-creates an entry removed meanwhile', async () => {
    const { client } = db;
    // Someone removes the log entry between the delete and the mark (a log kept short by hand).
    const removing = {
      createDomain: (input: Parameters<typeof client.createDomain>[0]) => client.createDomain(input),
      putAttributes: (input: Parameters<typeof client.putAttributes>[0]) => client.putAttributes(input),
      deleteAttributes: async (input: Parameters<typeof client.deleteAttributes>[0]) => {
        const out = await client.deleteAttributes(input);
        if (input.DomainName === 'gone2') for (const i of (await client.select({ SelectExpression: 'select * from log_four', ConsistentRead: true })).Items) await client.deleteAttributes({ DomainName: 'log_four', ItemName: i.Name });
        return out;
      },
    };
    const w = new ConventionWriter(removing, { deleteLogDomain: 'log_four' });
    await w.ensureDeleteLog();
    await client.createDomain({ DomainName: 'gone2' });
    await w.put('gone2', 'g1', { v: '1' });
    assert.equal((await w.delete('gone2', 'g1')).state, 'pending');
    assert.equal((await client.select({ SelectExpression: 'select * from log_four', ConsistentRead: true })).Items.length, 0, 'no stray entry of a state alone');
  });

  test('formatStamp is fixed width', () => {
    assert.equal(formatStamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6))), '2026-01-02T03:04:05.006Z');
    assert.equal(formatStamp(new Date(0)).length, 24);
    assert.throws(() => formatStamp(new Date(Date.UTC(10000, 0, 1))), RangeError);
    assert.throws(() => formatStamp(new Date(Number.NaN)), RangeError);
  });
});

describe('consistency and persistence', () => {
  test('with a read lag, plain reads see old data and ConsistentRead sees the latest', async () => {
    let now = 1_000_000;
    const db = await startTestSimpleDb({ consistentReadLagMs: 500, clock: () => now }, { now: () => new Date(now) });
    try {
      const { client } = db;
      await client.createDomain({ DomainName: 'lagged' });
      await client.putAttributes({ DomainName: 'lagged', ItemName: 'i', Attributes: [{ Name: 'v', Value: '1' }] });
      assert.deepEqual((await client.getAttributes({ DomainName: 'lagged', ItemName: 'i' })).Attributes, []);
      assert.deepEqual((await client.select({ SelectExpression: 'select * from lagged' })).Items, []);
      assert.equal((await client.select({ SelectExpression: 'select * from lagged', ConsistentRead: true })).Items.length, 1);
      now += 600;
      assert.deepEqual((await client.getAttributes({ DomainName: 'lagged', ItemName: 'i' })).Attributes, [{ Name: 'v', Value: '1' }]);
      await client.putAttributes({ DomainName: 'lagged', ItemName: 'i', Attributes: [{ Name: 'v', Value: '2', Replace: true }] });
      now += 100;
      await client.deleteAttributes({ DomainName: 'lagged', ItemName: 'i' });
      assert.deepEqual((await client.getAttributes({ DomainName: 'lagged', ItemName: 'i' })).Attributes, [{ Name: 'v', Value: '1' }]);
      now += 450;
      assert.deepEqual((await client.getAttributes({ DomainName: 'lagged', ItemName: 'i' })).Attributes, [{ Name: 'v', Value: '2' }]);
      now += 100;
      assert.deepEqual((await client.getAttributes({ DomainName: 'lagged', ItemName: 'i' })).Attributes, []);
    } finally {
      await db.close();
    }
  });

  test('persistence: data survives a restart; reset empties it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdb-persist-'));
    const file = join(dir, 'data.json');
    try {
      const a = await startTestSimpleDb({ persistPath: file });
      await a.client.createDomain({ DomainName: 'kept' });
      await a.client.putAttributes({ DomainName: 'kept', ItemName: 'i', Attributes: [{ Name: 'v', Value: 'x\u0001y' }, { Name: 'v', Value: 'z' }] });
      await a.close();
      assert.ok(JSON.parse(readFileSync(file, 'utf8')).domains.kept);
      const b = await startTestSimpleDb({ persistPath: file });
      const got = await b.client.getAttributes({ DomainName: 'kept', ItemName: 'i', ConsistentRead: true });
      assert.deepEqual(got.Attributes.map((x) => x.Value).sort(), ['x\u0001y', 'z']);
      // Loaded items are in the Select orders too.
      await b.client.putAttributes({ DomainName: 'kept', ItemName: 'h', Attributes: [{ Name: 'v', Value: 'y' }] });
      const ordered = await b.client.select({ SelectExpression: "select itemName() from kept where v > 'x' order by v desc", ConsistentRead: true });
      assert.deepEqual(ordered.Items.map((i) => i.Name), ['i', 'h']);
      b.server.reset();
      assert.deepEqual((await b.client.listDomains()).DomainNames, []);
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a damaged or unreadable data file is refused at start, naming the file and the way out, and left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdb-persist-'));
    const file = join(dir, 'data.json');
    try {
      for (const damaged of ['{"domains": {"d": {"i": {"a": ["x"]', '{"domains": {"d": {"i": {"a": 5}}}}', '{"domains": {"d": {"i": {"a": "x"}}}}', '[]']) {
        writeFileSync(file, damaged);
        await assert.rejects(startTestSimpleDb({ persistPath: file }), (err: Error) => {
          assert.ok(err.message.includes(file), err.message);
          assert.match(err.message, /damaged .*move it away/);
          return true;
        });
        assert.equal(readFileSync(file, 'utf8'), damaged);
      }
      // A file that exists but cannot be read is not "no data yet": starting empty would let the
      // next write replace it.
      await assert.rejects(startTestSimpleDb({ persistPath: dir }), (err: Error) => err.message.includes(`cannot read the SimpleDB data file ${dir}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
