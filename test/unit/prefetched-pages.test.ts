import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { prefetchedPages } from '../../src/stores/object/s3/pages.ts';

/** A listing of `count` pages whose requests are recorded; page n names page n + 1. */
function pagedListing(count: number, failAt?: number) {
  const requested: number[] = [];
  const fetchPage = async (cursor: number | undefined) => {
    const page = cursor ?? 1;
    requested.push(page);
    await tick();
    if (page === failAt) throw new Error(`page ${page} failed`);
    return page;
  };
  const cursorAfter = (page: number) => (page < count ? page + 1 : undefined);
  return { requested, fetchPage, cursorAfter };
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await tick();
};

describe('prefetchedPages', () => {
  it('reads at most two pages ahead of the one the caller holds, and every page once, in order', async () => {
    const listing = pagedListing(10);
    const pages = prefetchedPages(listing.fetchPage, listing.cursorAfter);
    const first = await pages.next();
    await settle();
    assert.equal(first.value, 1);
    assert.deepEqual(listing.requested, [1, 2, 3], 'holding page 1: pages 2 and 3 asked for, no more');
    const rest: number[] = [];
    for await (const page of pages) rest.push(page);
    assert.deepEqual(rest, [2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(listing.requested, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('stops reading ahead when the caller stops, and a failure it did not read concerns nobody', async () => {
    const listing = pagedListing(10, 3);
    for await (const page of prefetchedPages(listing.fetchPage, listing.cursorAfter)) if (page === 1) break;
    await settle();
    assert.ok(listing.requested.length <= 3, `asked for ${listing.requested.join(', ')} after the caller stopped at page 1`);
  });

  it('a failed page fails the listing when the caller reaches it', async () => {
    const listing = pagedListing(5, 3);
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const page of prefetchedPages(listing.fetchPage, listing.cursorAfter)) seen.push(page);
      })(),
      /page 3 failed/,
    );
    assert.deepEqual(seen, [1, 2]);
  });
});
