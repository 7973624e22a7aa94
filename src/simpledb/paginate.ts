// Paginators: follow NextToken through short and empty pages until SimpleDB stops returning one.
import type { CallOptions, Item, ListDomainsInput, ListDomainsOutput, SelectInput, SelectOutput } from './client.ts';
import { SimpleDbError } from './errors.ts';
import { quoteName } from './expression.ts';

export interface SelectCapable {
  select(input: SelectInput, options?: CallOptions): Promise<SelectOutput>;
}
export interface ListDomainsCapable {
  listDomains(input?: ListDomainsInput, options?: CallOptions): Promise<ListDomainsOutput>;
}

export interface PagingOptions {
  /**
   * Request the next page as soon as a page arrives, before it is yielded, so its round trip
   * overlaps the consumer's work on the page in hand (a page's token is known only once it
   * arrives). At most one page is requested ahead; its failure comes out after the page before it,
   * where it would without. A consumer that stops early leaves that one request to finish unread.
   */
  prefetch?: boolean;
}

/** Every page of a Select, including short and empty ones, until no NextToken comes back. */
export async function* paginateSelect(
  client: SelectCapable,
  input: SelectInput,
  options?: CallOptions,
  paging: PagingOptions = {},
): AsyncGenerator<SelectOutput> {
  const request = (token: string | undefined): Promise<SelectOutput> => {
    const next: SelectInput = { ...input };
    if (token === undefined) delete next.NextToken;
    else next.NextToken = token;
    return client.select(next, options);
  };
  let page = await request(input.NextToken);
  for (;;) {
    const token = page.NextToken;
    if (!token) {
      yield page;
      return;
    }
    const ahead = paging.prefetch ? request(token) : undefined;
    // Its failure is seen when the consumer reaches it, or dropped with it.
    ahead?.catch(() => undefined);
    yield page;
    page = await (ahead ?? request(token));
  }
}

/** Every item a Select returns, across all pages. */
export async function* selectItems(client: SelectCapable, input: SelectInput, options?: CallOptions): AsyncGenerator<Item> {
  for await (const page of paginateSelect(client, input, options)) yield* page.Items;
}

/** Every domain name, across all pages. */
export async function* paginateListDomains(
  client: ListDomainsCapable,
  input: ListDomainsInput = {},
  options?: CallOptions,
): AsyncGenerator<string> {
  let token = input.NextToken;
  for (;;) {
    const request: ListDomainsInput = { ...input };
    if (token === undefined) delete request.NextToken;
    else request.NextToken = token;
    const page = await client.listDomains(request, options);
    yield* page.DomainNames;
    if (!page.NextToken) return;
    token = page.NextToken;
  }
}

export type CountInput =
  | string
  | { DomainName: string; ConsistentRead?: boolean }
  | { SelectExpression: string; ConsistentRead?: boolean };

const COUNT_RE = /^\s*select\s+count\s*\(\s*\*\s*\)\s+from\s/i;

/**
 * Counts items. `input` is a domain name (counts the whole domain, consistently), an object with
 * DomainName, or a `select count(*) from ...` expression. SimpleDB may return partial counts with
 * a NextToken (a page stops after 5 s): this sums them.
 */
export async function countItems(client: SelectCapable, input: CountInput, options?: CallOptions): Promise<number> {
  let expression: string;
  let consistentRead = true;
  if (typeof input === 'string') expression = `select count(*) from ${quoteName(input)}`;
  else if ('DomainName' in input) {
    expression = `select count(*) from ${quoteName(input.DomainName)}`;
    consistentRead = input.ConsistentRead ?? true;
  } else {
    expression = input.SelectExpression;
    consistentRead = input.ConsistentRead ?? true;
    if (!COUNT_RE.test(expression)) {
      throw new SimpleDbError('InvalidParameterValue', `countItems needs a "select count(*) from ..." expression, got: ${expression}`, 0);
    }
  }
  let total = 0;
  for await (const page of paginateSelect(client, { SelectExpression: expression, ConsistentRead: consistentRead }, options)) {
    for (const item of page.Items) {
      const count = item.Attributes.find((a) => a.Name === 'Count');
      if (count) total += Number(count.Value);
    }
  }
  return total;
}
