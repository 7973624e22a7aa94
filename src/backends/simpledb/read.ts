// What SimpleDB restore and verify read from a live domain: its items, streamed or by name.
import type { SelectInput, SelectOutput } from '../../simpledb/client.ts';
import { SimpleDbError } from '../../simpledb/errors.ts';
import { quoteName } from '../../simpledb/expression.ts';
import { paginateSelect, selectItems, type SelectCapable } from '../../simpledb/paginate.ts';
import { canonicalAttributes, type AttributeMap } from './plan.ts';

export function isNoSuchDomain(error: unknown): boolean {
  return error instanceof SimpleDbError && error.code === 'NoSuchDomain';
}

/** Every item of a live domain, streamed with its canonical attributes (an absent domain is empty). */
export async function* domainItems(client: { select(input: SelectInput): Promise<SelectOutput> }, domain: string): AsyncGenerator<{ name: string; attributes: AttributeMap }> {
  try {
    for await (const item of selectItems(client, { SelectExpression: `select * from ${quoteName(domain)}`, ConsistentRead: true })) {
      yield { name: item.Name, attributes: canonicalAttributes(item.Attributes) };
    }
  } catch (error) {
    if (!isNoSuchDomain(error)) throw error;
  }
}

/**
 * Every item of a live domain (an absent domain is empty), with each item's canonical attributes,
 * each page asked for as the one before arrives: for a reader that reads the whole domain (verify).
 * `signal` aborts the Selects in flight (the reader stopped early).
 */
export async function* liveItems(client: SelectCapable, domain: string, signal: AbortSignal): AsyncGenerator<{ name: string; attributes: AttributeMap }> {
  try {
    for await (const page of paginateSelect(client, { SelectExpression: `select * from ${quoteName(domain)}`, ConsistentRead: true }, { signal }, { prefetch: true })) {
      for (const item of page.Items) yield { name: item.Name, attributes: canonicalAttributes(item.Attributes) };
    }
  } catch (error) {
    if (!isNoSuchDomain(error)) throw error;
  }
}

/** Every item of a domain by name (memory grows with the domain; SimpleDB's Select has no byte order to march against). */
export async function readDomain(client: { select(input: SelectInput): Promise<SelectOutput> }, domain: string): Promise<Map<string, AttributeMap>> {
  const items = new Map<string, AttributeMap>();
  for await (const item of domainItems(client, domain)) items.set(item.name, item.attributes);
  return items;
}
