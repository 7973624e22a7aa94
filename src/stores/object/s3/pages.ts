/**
 * Pages of a paginated listing, read ahead: the next page is requested as soon as the current one
 * arrives and names it, up to `ahead` pages beyond the one the caller holds, so the server works on
 * the next pages while the caller plans this one's keys (and while a backup takes its lease and
 * reads its catalogue: S3Source.startListing). A listing of 3 pages used to cost 3 server times
 * plus 3 planning times one after the other; now it costs about the larger of the two per page
 * (bench/results/2026-11-30.md). Memory grows by `ahead` pages (1,000 entries each), never with
 * the listing.
 *
 * A page can be previewed before it is parsed: `fetchPage` may hand the fields `cursorAfter` reads
 * (the truncation flag, the next marker, the last key), taken from the raw response, to `preview`.
 * The next page is then requested at once, while the SDK parses this one (25-30 ms of CPU for
 * 1,000 entries, which the next request used to wait for). The preview only guesses: the request
 * it started is used only when the parsed page names the same cursor, and is dropped otherwise
 * (the right one is then requested, as without a preview). A previewed request counts against
 * `ahead` like any other.
 *
 * `cursorAfter` returns undefined when there is no next page, or when the caller will not want it
 * (a key range that ends inside this page): no request is made that the caller would not make.
 * A caller that stops early (an error, a range's end, a time budget) stops the reading ahead; a
 * request still in flight finishes, and its failure concerns nobody.
 */
export async function* prefetchedPages<Page extends Head, Head, Cursor>(
  fetchPage: (cursor: Cursor | undefined, preview: (head: Head) => void) => Promise<Page>,
  cursorAfter: (head: Head) => Cursor | undefined,
  ahead = 2,
): AsyncGenerator<Page> {
  /** One request: its cursor, its preview once seen, its outcome once settled. */
  interface Fetch {
    cursor: Cursor | undefined;
    head?: Head;
    settled?: { page: Page } | { error: unknown };
    /** The request its preview started, for the page after it (kept only if the page agrees). */
    following?: Fetch;
  }
  const arrived: Page[] = [];
  /** The request whose page comes next (in flight or settled but not yet taken in). */
  let current: Fetch | undefined;
  /** The next page's cursor, when it is known but not yet requested. */
  let next: { cursor: Cursor | undefined } | undefined = { cursor: undefined };
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let wake: (() => void) | undefined;

  const start = (cursor: Cursor | undefined): Fetch => {
    const fetch: Fetch = { cursor };
    fetchPage(cursor, (head) => {
      fetch.head = head;
      pump();
    }).then(
      (page) => {
        fetch.settled = { page };
        pump();
      },
      (error: unknown) => {
        fetch.settled = { error };
        pump();
      },
    );
    return fetch;
  };

  // Pages held or on their way beyond the one the caller holds.
  const room = () => !stopped && !failure && arrived.length + (current ? 1 : 0) < ahead;

  const pump = () => {
    // Take in the settled pages, in order.
    while (current?.settled && !failure) {
      const { settled, following } = current;
      current = undefined;
      if ('error' in settled) {
        failure = settled;
        break;
      }
      arrived.push(settled.page);
      const after = cursorAfter(settled.page);
      if (after === undefined) next = undefined;
      else if (following && sameCursor(following.cursor, after)) current = following;
      else next = { cursor: after };
    }
    if (!current && next && room()) {
      current = start(next.cursor);
      next = undefined;
    }
    // The page on its way named the one after it: ask for that one too, if there is room.
    if (current?.head && !current.following && !current.settled && room() && arrived.length + 2 <= ahead) {
      const guess = cursorAfter(current.head);
      if (guess !== undefined) current.following = start(guess);
    }
    wake?.();
  };

  try {
    pump();
    for (;;) {
      const page = arrived.shift();
      if (page !== undefined) {
        // The caller now holds this page: one more may be read ahead.
        pump();
        yield page;
        continue;
      }
      if (failure) throw failure.error;
      if (!current && next === undefined) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    stopped = true;
  }
}

/** Cursors are strings or small records of strings: equal when they serialise alike. */
function sameCursor(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
