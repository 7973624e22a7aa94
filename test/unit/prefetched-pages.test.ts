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

describe('prefetchedPages with previews (the next marker read from the raw page, before it is parsed)', () => {
  interface Head { next?: number }
  interface Page extends Head { n: number }
  /** Page n previews `guess(n)` as its next page, then parses to n + 1 (none after `count`). */
  function previewedListing(count: number, guess: (n: number) => number | undefined = (n) => (n < count ? n + 1 : undefined), failAt?: number) {
    const requested: number[] = [];
    const fetchPage = async (cursor: number | undefined, preview: (head: Head) => void): Promise<Page> => {
      const n = cursor ?? 1;
      requested.push(n);
      await tick();
      const g = guess(n);
      preview(g === undefined ? {} : { next: g });
      // The parse: a few turns of the event loop during which the next request may already leave.
      for (let i = 0; i < 5; i++) await tick();
      if (n === failAt) throw new Error(`page ${n} failed`);
      return n < count ? { n, next: n + 1 } : { n };
    };
    const cursorAfter = (head: Head) => head.next;
    return { requested, fetchPage, cursorAfter };
  }

  it('asks for the next page while the current one is parsed, every page once, in order, within two ahead', async () => {
    const listing = previewedListing(10);
    const seen: number[] = [];
    const pages = prefetchedPages<Page, Head, number>(listing.fetchPage, listing.cursorAfter);
    const first = await pages.next();
    assert.equal(first.value?.n, 1);
    await settle();
    assert.deepEqual(listing.requested, [1, 2, 3], 'holding page 1: pages 2 and 3 asked for, no more');
    for await (const page of pages) seen.push(page.n);
    assert.deepEqual(seen, [2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(listing.requested, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'no page asked for twice');
  });

  it('requests page 2 before page 1 is parsed (the gain), where without previews it waits', async () => {
    const listing = previewedListing(3);
    let requestedWhenFirstArrived: number[] = [];
    for await (const page of prefetchedPages<Page, Head, number>(listing.fetchPage, listing.cursorAfter)) {
      if (page.n === 1) requestedWhenFirstArrived = [...listing.requested];
    }
    assert.ok(requestedWhenFirstArrived.includes(2), `page 2 asked for before page 1 arrived: ${requestedWhenFirstArrived.join(', ')}`);
  });

  it('drops a request started from a wrong preview and asks for the page the parsed page names', async () => {
    // Every preview guesses two pages on: each is wrong.
    const listing = previewedListing(6, (n) => n + 2);
    const seen: number[] = [];
    for await (const page of prefetchedPages<Page, Head, number>(listing.fetchPage, listing.cursorAfter)) seen.push(page.n);
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6], 'the pages the listing names, each once, none of the guesses');
    for (const n of [2, 3, 4, 5, 6]) assert.ok(listing.requested.includes(n), `page ${n} asked for`);
  });

  it('a wrong guess that fails concerns nobody; the page the listing names still fails it', async () => {
    const wrongFails = previewedListing(4, (n) => (n === 1 ? 3 : n + 1), 3);
    // Page 3 is asked for early by a wrong guess and fails; it is then asked for again in turn and fails again: the listing fails at 3.
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const page of prefetchedPages<Page, Head, number>(wrongFails.fetchPage, wrongFails.cursorAfter)) seen.push(page.n);
      })(),
      /page 3 failed/,
    );
    assert.deepEqual(seen, [1, 2]);
    const guessFails = previewedListing(4, (n) => (n === 1 ? 9 : n + 1), 9);
    const pages: number[] = [];
    for await (const page of prefetchedPages<Page, Head, number>(guessFails.fetchPage, guessFails.cursorAfter)) pages.push(page.n);
    assert.deepEqual(pages, [1, 2, 3, 4], 'the failed guess (page 9) did not fail the listing');
  });

  it('a preview that says there is no next page starts nothing', async () => {
    const listing = previewedListing(3, () => undefined);
    const seen: number[] = [];
    for await (const page of prefetchedPages<Page, Head, number>(listing.fetchPage, listing.cursorAfter)) seen.push(page.n);
    assert.deepEqual(seen, [1, 2, 3]);
    assert.deepEqual(listing.requested, [1, 2, 3]);
  });
});

describe('prefetchedPages: previews given at once, requests no longer wanted', () => {
  interface Head { next?: number }
  interface Page extends Head { n: number }

  it('a preview given within fetchPage\'s own call asks for each page once (no re-entry)', async () => {
    const requested: number[] = [];
    const fetchPage = async (cursor: number | undefined, preview: (head: Head) => void): Promise<Page> => {
      const n = cursor ?? 1;
      requested.push(n);
      preview(n < 4 ? { next: n + 1 } : {});
      await tick();
      return n < 4 ? { n, next: n + 1 } : { n };
    };
    const seen: number[] = [];
    for await (const page of prefetchedPages<Page, Head, number>(fetchPage, (h) => h.next)) seen.push(page.n);
    assert.deepEqual(seen, [1, 2, 3, 4]);
    assert.deepEqual(requested, [1, 2, 3, 4]);
  });

  it('aborts a request started from a wrong guess, and the one in flight when the caller stops', async () => {
    const signals = new Map<number, AbortSignal>();
    const fetchPage = async (cursor: number | undefined, preview: (head: Head) => void, signal: AbortSignal): Promise<Page> => {
      const n = cursor ?? 1;
      signals.set(n, signal);
      await tick();
      preview({ next: n === 1 ? 7 : n + 1 }); // page 1 guesses 7: wrong
      // A slow page: it settles after the wrong guess's page would have been dropped.
      for (let i = 0; i < 10; i++) await tick();
      if (signal.aborted) throw new Error(`page ${n} aborted`);
      return { n, next: n + 1 };
    };
    for await (const page of prefetchedPages<Page, Head, number>(fetchPage, (h) => h.next)) {
      if (page.n === 3) break;
    }
    await settle();
    assert.equal(signals.get(7)?.aborted, true, 'the wrong guess (page 7) was aborted');
    assert.equal(signals.get(2)?.aborted, false, 'page 2, read, was not');
    const inFlight = [...signals].filter(([n]) => n > 3 && n !== 7);
    assert.ok(inFlight.length > 0, 'a page beyond 3 was on its way when the caller stopped');
    for (const [n, signal] of inFlight) assert.equal(signal.aborted, true, `page ${n}, on its way when the caller stopped, was aborted`);
  });
});
