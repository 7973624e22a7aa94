// One domain's read of the delete log (its entries for that domain, from the run's window). An
// incremental run asks for the first page at once, beside the item scan's (an hourly run's last
// round trip to SimpleDB before its MySQL ones); the entries are applied after the scan's batches.
// When that page is the whole log, an entry logged after this read is the case of one logged just
// after the run: its stamp is after runStart, inside the next run's window (the watermark less the
// overlap), where it is applied. When it is not, the whole log is read again after the scan: its
// NextToken was obtained before a scan that can take hours, and AWS documents no lifetime for one
// (a refused token would fail the domain on every run whose log window holds more than a page).
//
// Only an incremental run reads early. A full scan dates the live items it did not see as deleted
// at the run's start: an item deleted (and logged) after an early read, before the scan reached
// it, would be dated then, before its real deletion, and its entry, read by the next run, skipped
// as already deleted. Read after the scan, the log holds every such entry.
import type { SelectInput, SelectOutput } from '../../simpledb/client.ts';
import { DELETE_LOG_ATTRIBUTES as LOG } from '../../simpledb/delete-log.ts';
import { quoteName, quoteValue } from '../../simpledb/expression.ts';
import { selectItems } from '../../simpledb/paginate.ts';
import type { SourceItem } from './plan.ts';
import { PAGE_LIMIT } from './read.ts';
import type { SimpleDbSource } from './types.ts';

export class DeleteLogRead {
  readonly #client: SimpleDbSource;
  readonly #select: SelectInput;
  /** Aborted on every way out of the domain: nothing of the log stays in flight. */
  readonly #abort = new AbortController();
  readonly #firstPage: Promise<SelectOutput> | undefined;

  /** `since`: the run's window starts there (undefined: the whole log); `early`: ask for the first page now. */
  constructor(client: SimpleDbSource, logDomain: string, domain: string, stampAttribute: string, since: string | undefined, early: boolean) {
    this.#client = client;
    const log = quoteName(logDomain);
    const stamp = quoteName(stampAttribute);
    const ofDomain = `${quoteName(LOG.domain)} = ${quoteValue(domain)}`;
    this.#select = {
      SelectExpression:
        since === undefined
          ? `select * from ${log} where ${ofDomain} limit ${PAGE_LIMIT}`
          : `select * from ${log} where ${ofDomain} and ${stamp} >= ${quoteValue(since)} order by ${stamp} limit ${PAGE_LIMIT}`,
      ConsistentRead: true,
    };
    this.#firstPage = early ? client.select(this.#select, { signal: this.#abort.signal }) : undefined;
    this.#firstPage?.catch(() => undefined);
  }

  /** The entries, once the scan is done: the early page when it was the whole log, else the whole log read now. */
  async *entries(): AsyncGenerator<SourceItem> {
    if (this.#firstPage) {
      const page = await this.#firstPage;
      if (!page.NextToken) {
        yield* page.Items;
        return;
      }
    }
    yield* selectItems(this.#client, this.#select, { signal: this.#abort.signal });
  }

  abort(reason: Error): void {
    this.#abort.abort(reason);
  }
}
