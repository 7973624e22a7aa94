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
 * `ahead` like any other. A request no longer wanted (a dropped guess, a listing the caller
 * stopped) is aborted through the signal `fetchPage` is given.
 *
 * `cursorAfter` returns undefined when there is no next page, or when the caller will not want it
 * (a key range that ends inside this page): no request is made that the caller would not make.
 * A caller that stops early (an error, a range's end, a time budget) stops the reading ahead; a
 * request still in flight finishes, and its failure concerns nobody.
 */
export async function* prefetchedPages<Page extends Head, Head, Cursor>(
  fetchPage: (cursor: Cursor | undefined, preview: (head: Head) => void, signal: AbortSignal) => Promise<Page>,
  cursorAfter: (head: Head) => Cursor | undefined,
  ahead = 2,
): AsyncGenerator<Page> {
  /** One request: its cursor, its preview once seen, its outcome once settled. */
  interface Fetch {
    cursor: Cursor | undefined;
    abort: AbortController;
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

  /** A request for `cursor`; the caller records it (current, following) before `begin` sends it. */
  const prepare = (cursor: Cursor | undefined): Fetch => ({ cursor, abort: new AbortController() });
  const begin = (fetch: Fetch): void => {
    fetchPage(
      fetch.cursor,
      (head) => {
        fetch.head = head;
        // Never within fetchPage's own call: pump may start requests, and state must be settled first.
        queueMicrotask(pump);
      },
      fetch.abort.signal,
    ).then(
      (page) => {
        fetch.settled = { page };
        pump();
      },
      (error: unknown) => {
        fetch.settled = { error };
        pump();
      },
    );
  };
  /** A request nobody will read: its work and socket are given back now. */
  const drop = (fetch: Fetch | undefined) => {
    if (fetch && !fetch.settled) fetch.abort.abort();
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
        drop(following);
        break;
      }
      arrived.push(settled.page);
      const after = cursorAfter(settled.page);
      if (after !== undefined && following && sameCursor(following.cursor, after)) current = following;
      else {
        drop(following);
        next = after === undefined ? undefined : { cursor: after };
      }
    }
    if (!current && next && room()) {
      const fetch = prepare(next.cursor);
      current = fetch;
      next = undefined;
      begin(fetch);
    }
    // The page on its way named the one after it: ask for that one too, if there is room (room()
    // counts the page on its way, so this one still keeps within `ahead`).
    if (current?.head && !current.following && !current.settled && room()) {
      const guess = cursorAfter(current.head);
      if (guess !== undefined) {
        const fetch = prepare(guess);
        current.following = fetch;
        begin(fetch);
      }
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
    drop(current?.following);
    drop(current);
  }
}

/** Cursors are strings or small records of strings: equal when they serialise alike. */
function sameCursor(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
