// Retries and faults: 503/500 retried with jittered backoff (sleep injected), 4xx never; dropped
// connections; Select time-outs with partial pages; abort signals and per-request timeouts.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { countItems, paginateSelect, SimpleDbError, type SimpleDbClientConfig } from '../../src/simpledb/index.ts';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';

let db: TestSimpleDb;
before(async () => {
  db = await startTestSimpleDb();
});
after(async () => {
  await db.close();
});
beforeEach(async () => {
  db.server.reset();
  await db.client.createDomain({ DomainName: 'faults' });
  await db.client.batchPutAttributes({
    DomainName: 'faults',
    Items: Array.from({ length: 10 }, (_, i) => ({ Name: `i${i}`, Attributes: [{ Name: 'n', Value: String(i) }] })),
  });
});

function recording(extra: SimpleDbClientConfig = {}) {
  const delays: number[] = [];
  const client = db.makeClient({ sleep: async (ms) => void delays.push(ms), random: () => 0.5, retryBaseDelayMs: 100, ...extra });
  return { client, delays };
}

test('503 and 500 are retried with exponential, jittered delays, then succeed', async () => {
  const { client, delays } = recording({ maxAttempts: 5 });
  db.server.faults.failNext(3, 503);
  const page = await client.select({ SelectExpression: 'select * from faults', ConsistentRead: true });
  assert.equal(page.Items.length, 10);
  assert.deepEqual(delays, [50, 100, 200]);
  db.server.faults.failNext(1, 500);
  await client.listDomains();
  assert.equal(delays.length, 4);
});

test('retries give up after maxAttempts with the last error, typed', async () => {
  const { client, delays } = recording({ maxAttempts: 3 });
  db.server.faults.failNext(5, 503);
  const err = await client.listDomains().catch((e: unknown) => e);
  assert.ok(err instanceof SimpleDbError);
  assert.equal(err.code, 'ServiceUnavailable');
  assert.equal(err.statusCode, 503);
  assert.equal(err.attempts, 3);
  assert.equal(err.retryable, true);
  assert.equal(delays.length, 2);
});

test('failNext can skip requests first (fail the Nth request)', async () => {
  const { client, delays } = recording();
  db.server.faults.failNext(1, 500, 2);
  await client.listDomains();
  await client.listDomains();
  assert.equal(delays.length, 0);
  await client.listDomains();
  assert.equal(delays.length, 1);
});

test('client errors are never retried', async () => {
  const { client, delays } = recording();
  const err = await client.select({ SelectExpression: 'select * from nowhere' }).catch((e: unknown) => e);
  assert.ok(err instanceof SimpleDbError);
  assert.equal(err.code, 'NoSuchDomain');
  assert.equal(err.retryable, false);
  assert.equal(delays.length, 0);
});

test('a connection dropped mid-response is retried (the write had happened: puts are idempotent)', async () => {
  const { client, delays } = recording();
  db.server.faults.dropNextResponse();
  await client.putAttributes({ DomainName: 'faults', ItemName: 'dropped', Attributes: [{ Name: 'n', Value: 'x', Replace: true }] });
  assert.equal(delays.length, 1);
  assert.equal(db.server.requestCounts()['PutAttributes'], 2);
  const got = await client.getAttributes({ DomainName: 'faults', ItemName: 'dropped', ConsistentRead: true });
  assert.deepEqual(got.Attributes, [{ Name: 'n', Value: 'x' }]);
});

test('a Select that times out returns a partial page with a NextToken; paging continues', async () => {
  db.server.faults.timeoutNextSelect({ items: 3 });
  const pages = [];
  for await (const p of paginateSelect(db.client, { SelectExpression: 'select * from faults', ConsistentRead: true })) pages.push(p);
  assert.deepEqual(pages.map((p) => p.Items.length), [3, 7]);
  db.server.faults.timeoutNextSelect({ items: 0 });
  const pages2 = [];
  for await (const p of paginateSelect(db.client, { SelectExpression: "select * from faults where n >= '5' order by n desc", ConsistentRead: true })) pages2.push(p);
  assert.deepEqual(pages2.map((p) => p.Items.length), [0, 5]);
  assert.deepEqual(pages2[1]!.Items.map((i) => i.Name), ['i9', 'i8', 'i7', 'i6', 'i5']);
  // A partial count(*) is summed.
  db.server.faults.timeoutNextSelect({ items: 4 });
  assert.equal(await countItems(db.client, 'faults'), 10);
});

test('a Select that answers 408 RequestTimeout is retried', async () => {
  const { client, delays } = recording();
  db.server.faults.timeoutNextSelect({ mode: 'error' });
  const page = await client.select({ SelectExpression: 'select * from faults', ConsistentRead: true });
  assert.equal(page.Items.length, 10);
  assert.equal(delays.length, 1);
});

test('an aborted signal stops a call and its retries', async () => {
  const controller = new AbortController();
  controller.abort();
  const err = await db.client.listDomains({}, { signal: controller.signal }).catch((e: unknown) => e);
  assert.ok(err instanceof SimpleDbError);
  assert.equal(err.code, 'AbortError');
  const c2 = new AbortController();
  const client = db.makeClient({ signal: c2.signal, sleep: async () => c2.abort() });
  db.server.faults.failNext(2, 503);
  const err2 = await client.listDomains().catch((e: unknown) => e);
  assert.ok(err2 instanceof SimpleDbError);
  assert.equal(err2.code, 'AbortError');
});

test('a per-request timeout fails the attempt and is retried', async () => {
  db.server.faults.delayResponses(300);
  const { client, delays } = recording({ requestTimeoutMs: 40, maxAttempts: 2 });
  const err = await client.listDomains().catch((e: unknown) => e);
  db.server.faults.delayResponses(0);
  assert.ok(err instanceof SimpleDbError);
  assert.equal(err.code, 'RequestTimeout');
  assert.equal(err.attempts, 2);
  assert.equal(delays.length, 1);
});

test('a refused connection is a retryable NetworkError', async () => {
  const { client, delays } = recording({ endpoint: 'http://127.0.0.1:1', maxAttempts: 2 });
  const err = await client.listDomains().catch((e: unknown) => e);
  assert.ok(err instanceof SimpleDbError);
  assert.equal(err.code, 'NetworkError');
  assert.equal(delays.length, 1);
});
