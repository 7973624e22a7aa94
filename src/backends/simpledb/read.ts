// What SimpleDB restore and verify read from a live domain: its items, streamed or by name.
import { SimpleDbError } from '../../simpledb/errors.ts';
import { quoteName } from '../../simpledb/expression.ts';
import { paginateSelect, type SelectCapable } from '../../simpledb/paginate.ts';
import { canonicalAttributes, type AttributeMap } from './plan.ts';
import { emptyNameMap } from '../../stores/history/types.ts';

/**
 * Items a Select page holds at most, asked for in every whole-domain read: SimpleDB's own default
 * is 100, which takes 25 times the round trips (a page also stops at 1 MB).
 */
export const PAGE_LIMIT = 2500;

export function isNoSuchDomain(error: unknown): boolean {
  return error instanceof SimpleDbError && error.code === 'NoSuchDomain';
}

/**
 * Every item of a live domain, streamed with its canonical attributes (an absent domain is empty).
 * Each page is asked for as the one before arrives; a reader that stops early, or `signal`, aborts
 * the page asked for ahead (against a SimpleDB that hangs it would keep the process up through its
 * attempts).
 */
export async function* domainItems(client: SelectCapable, domain: string, signal?: AbortSignal): AsyncGenerator<{ name: string; attributes: AttributeMap }> {
  const scan = new AbortController();
  const stop = (): void => scan.abort(signal?.reason);
  if (signal?.aborted) stop();
  else signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const page of paginateSelect(client, { SelectExpression: `select * from ${quoteName(domain)} limit ${PAGE_LIMIT}`, ConsistentRead: true }, { signal: scan.signal }, { prefetch: true })) {
      for (const item of page.Items) yield { name: item.Name, attributes: canonicalAttributes(item.Attributes) };
    }
  } catch (error) {
    if (!isNoSuchDomain(error)) throw error;
  } finally {
    signal?.removeEventListener('abort', stop);
    scan.abort(new Error(`the read of ${domain} stopped`));
  }
}

/**
 * A domain's items as read, each kept as the JSON text of its pairs and decoded when asked for: a
 * restore compares every item of its target and puts back what it touched, so it keeps them all;
 * as text they take about a quarter of the heap of attribute objects, and the Select pages' text
 * they were read from can go. Memory still grows with the domain (SimpleDB's Select has no byte
 * order to march against the history's).
 */
export class ItemsAsRead {
  readonly #items = new Map<string, string>();

  get size(): number {
    return this.#items.size;
  }

  has(name: string): boolean {
    return this.#items.has(name);
  }

  keys(): IterableIterator<string> {
    return this.#items.keys();
  }

  /** The item's attributes (a new null-prototype object each time), or undefined. */
  get(name: string): AttributeMap | undefined {
    const text = this.#items.get(name);
    if (text === undefined) return undefined;
    const attributes: AttributeMap = emptyNameMap();
    for (const [attribute, values] of JSON.parse(text) as [string, string[]][]) attributes[attribute] = values;
    return attributes;
  }

  set(name: string, attributes: AttributeMap): void {
    // A name read from a page is a slice of the page's text and would keep all of it: a copy.
    this.#items.set(` ${name}`.slice(1), JSON.stringify(Object.entries(attributes)));
  }
}

/** Every item of a domain by name, kept compact (ItemsAsRead). */
export async function readDomain(client: SelectCapable, domain: string): Promise<ItemsAsRead> {
  const items = new ItemsAsRead();
  for await (const item of domainItems(client, domain)) items.set(item.name, item.attributes);
  return items;
}
