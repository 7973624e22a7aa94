// A bounded pipeline stage: pulls up to `depth` values of an async iterable ahead of its consumer,
// so the next Select pages are requested, parsed and planned-for while the current batch is written
// to MySQL. Values come out in the source's order; an error comes out where the source raised it,
// after every value before it. When the consumer stops early (break, throw), the source is closed
// and what was pulled ahead is dropped, its failures included.

export async function* readAhead<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const ahead: Promise<IteratorResult<T>>[] = [];
  /** The source finished (ended or threw): nothing to close. */
  let ended = false;
  const pull = (): void => {
    const next = iterator.next();
    // Failures of values pulled ahead are seen when the consumer reaches them, or dropped with them.
    next.catch(() => undefined);
    ahead.push(next);
  };
  try {
    for (let i = 0; i < Math.max(1, depth); i++) pull();
    for (;;) {
      let result: IteratorResult<T>;
      try {
        result = await ahead.shift()!;
      } catch (err) {
        ended = true;
        throw err;
      }
      if (result.done) {
        ended = true;
        return;
      }
      pull();
      yield result.value;
    }
  } finally {
    // An async generator runs one step at a time, so a return() waits behind the steps pulled
    // ahead; it is not awaited. A source that ended or threw is already closed.
    if (!ended) void iterator.return?.()?.catch(() => undefined);
  }
}

/**
 * `source` with its first value asked for now, where a generator's body starts only once its
 * consumer first asks: a domain's first Select pages go out while its MySQL tables are still being
 * made ready. A failure of that value comes out where the consumer reaches it; a consumer that
 * stops before the rest closes the source.
 */
export function begun<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  const first = source.next();
  first.catch(() => undefined);
  return (async function* () {
    let delegated = false;
    try {
      const result = await first;
      if (result.done) return;
      yield result.value;
      delegated = true;
      yield* source;
    } finally {
      if (!delegated) void source.return(undefined).catch(() => undefined);
    }
  })();
}
