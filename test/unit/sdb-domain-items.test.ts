// domainItems, how restore and verify read a live SimpleDB domain: every item once, in the order
// SimpleDB gives them, each page asked for as the one before arrives; a reader that stops early, or
// its signal, aborts the page asked for ahead (a SimpleDB that hangs would otherwise keep the
// process up through the request's attempts). A fake SimpleDB: no servers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { domainItems } from '../../src/backends/simpledb/read.ts';
import { SimpleDbError } from '../../src/simpledb/errors.ts';
import type { SelectInput, SelectOutput } from '../../src/simpledb/client.ts';

/** Pages of two items out of `count`; the page from `hangFrom` on never comes (until aborted). */
function fakeSimpleDb(count: number, hangFrom = Infinity) {
  const requests: { from: number; signal: AbortSignal | undefined; aborted: boolean }[] = [];
  return {
    requests,
    select(input: SelectInput, options?: { signal?: AbortSignal }): Promise<SelectOutput> {
      const from = input.NextToken ? Number(input.NextToken) : 0;
      const request = { from, signal: options?.signal, aborted: false };
      requests.push(request);
      if (from >= hangFrom) {
        return new Promise((_, reject) => {
          const abort = (): void => {
            request.aborted = true;
            reject(new Error('aborted'));
          };
          if (options?.signal?.aborted) abort();
          else options?.signal?.addEventListener('abort', abort);
        });
      }
      const Items = Array.from({ length: Math.min(2, count - from) }, (_, i) => ({ Name: `item-${from + i}`, Attributes: [{ Name: 'b', Value: '2' }, { Name: 'a', Value: '1' }] }));
      return Promise.resolve(from + 2 < count ? { Items, NextToken: String(from + 2) } : { Items });
    },
  };
}

describe('domainItems', () => {
  test('every item once, in order, canonical; each page asked for as the one before arrives', async () => {
    const simpledb = fakeSimpleDb(7);
    const names: string[] = [];
    for await (const item of domainItems(simpledb, 'd')) {
      names.push(item.name);
      assert.deepEqual(Object.keys(item.attributes), ['a', 'b']);
    }
    assert.deepEqual(names, ['item-0', 'item-1', 'item-2', 'item-3', 'item-4', 'item-5', 'item-6']);
    assert.deepEqual(simpledb.requests.map((r) => r.from), [0, 2, 4, 6]);
  });

  test('a reader that stops early aborts the page asked for ahead', async () => {
    const simpledb = fakeSimpleDb(10, 4);
    for await (const item of domainItems(simpledb, 'd')) if (item.name === 'item-3') break;
    assert.deepEqual(simpledb.requests.map((r) => [r.from, r.aborted]), [[0, false], [2, false], [4, true]]);
  });

  test("the reader's signal aborts the page that hangs, and the read fails", async () => {
    const simpledb = fakeSimpleDb(10, 4);
    const reader = new AbortController();
    const read = (async () => {
      for await (const item of domainItems(simpledb, 'd', reader.signal)) if (item.name === 'item-3') setTimeout(() => reader.abort(new Error('stop')), 10);
    })();
    await assert.rejects(read);
    assert.equal(simpledb.requests.at(-1)!.aborted, true);
  });

  test('an absent domain is empty', async () => {
    const missing = { select: () => Promise.reject(new SimpleDbError('NoSuchDomain', 'The specified domain does not exist.', 400)) };
    const items = [];
    for await (const item of domainItems(missing, 'gone')) items.push(item);
    assert.deepEqual(items, []);
  });
});
