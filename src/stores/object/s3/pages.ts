import { handled } from '../../../transfer/promises.ts';

/**
 * Pages of a paginated listing, the next one requested as soon as the current one names it, so the
 * server works on page n+1 while the caller plans the keys of page n. A listing of 3 pages used to
 * cost 3 server times plus 3 planning times one after the other; now it costs about the larger of
 * the two per page (bench/results/2026-11-30.md). At most one page is in flight ahead of the caller,
 * so memory grows by one page (1,000 entries), never with the listing.
 *
 * `cursorAfter` returns undefined when there is no next page, or when the caller will not want it
 * (a key range that ends inside this page): no request is made that the caller would not make.
 */
export async function* prefetchedPages<Page, Cursor>(
  fetchPage: (cursor: Cursor | undefined) => Promise<Page>,
  cursorAfter: (page: Page) => Cursor | undefined,
): AsyncGenerator<Page> {
  // A caller that stops early (an error, a range's end, a time budget) leaves a request in flight
  // to finish; handled() keeps its failure from concerning anybody.
  let pending: Promise<Page> | undefined = handled(fetchPage(undefined));
  while (pending !== undefined) {
    const page: Page = await pending;
    const cursor = cursorAfter(page);
    pending = cursor === undefined ? undefined : handled(fetchPage(cursor));
    yield page;
  }
}
