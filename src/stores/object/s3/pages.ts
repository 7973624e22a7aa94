/**
 * Pages of a paginated listing, read ahead: the next page is requested as soon as the current one
 * arrives and names it, up to `ahead` pages beyond the one the caller holds, so the server works on
 * the next pages while the caller plans this one's keys (and while a backup takes its lease and
 * reads its catalogue: S3Source.startListing). A listing of 3 pages used to cost 3 server times
 * plus 3 planning times one after the other; now it costs about the larger of the two per page
 * (bench/results/2026-11-30.md). Memory grows by `ahead` pages (1,000 entries each), never with
 * the listing.
 *
 * `cursorAfter` returns undefined when there is no next page, or when the caller will not want it
 * (a key range that ends inside this page): no request is made that the caller would not make.
 * A caller that stops early (an error, a range's end, a time budget) stops the reading ahead; a
 * request still in flight finishes, and its failure concerns nobody.
 */
export async function* prefetchedPages<Page, Cursor>(
  fetchPage: (cursor: Cursor | undefined) => Promise<Page>,
  cursorAfter: (page: Page) => Cursor | undefined,
  ahead = 2,
): AsyncGenerator<Page> {
  const arrived: Page[] = [];
  let inFlight = false;
  let next: { cursor: Cursor | undefined } | undefined = { cursor: undefined };
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;

  const request = () => {
    if (stopped || inFlight || failure || next === undefined || arrived.length >= ahead) return;
    const { cursor } = next;
    next = undefined;
    inFlight = true;
    fetchPage(cursor).then(
      (page) => {
        inFlight = false;
        arrived.push(page);
        const after = cursorAfter(page);
        if (after !== undefined) next = { cursor: after };
        request();
        wake?.();
      },
      (error: unknown) => {
        inFlight = false;
        failure = { error };
        wake?.();
      },
    );
  };

  try {
    request();
    for (;;) {
      const page = arrived.shift();
      if (page !== undefined) {
        // The caller now holds this page: one more may be read ahead.
        request();
        yield page;
        continue;
      }
      if (failure) throw failure.error;
      if (!inFlight && next === undefined) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    stopped = true;
  }
}
