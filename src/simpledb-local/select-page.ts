// One Select page: walks the domain's items in the query's order from where the NextToken left
// off (a binary search in the order's index, never a sort of the domain), keeps those the where
// clause matches, and stops at the limit, the response size or a stop injected for tests. The
// cost of a page is O(log n) plus the items it walks, so paging a domain is linear, not quadratic.
import type { Domain } from './domain.ts';
import { SdbFault } from './errors.ts';
import type { Attrs } from './item.ts';
import { keyBounds } from './key-bounds.ts';
import { ITEM_NAME_ORDER, rowOf, type OrderIndex, type Row } from './order-index.ts';
import { decodeSelectToken, encodeToken, queryShape } from './next-token.ts';
import { matches } from './select-eval.ts';
import { SELECT_LIMITS, type SelectQuery } from './select.ts';
import { textElement } from './xml.ts';

export interface SelectPageRequest {
  query: SelectQuery;
  consistent: boolean;
  nextToken?: string;
  /** The page stops after this many items (a "5 s timeout" with a partial page). */
  stopAfter?: number;
  /** The page is cut before the item that would take it past this many bytes (SimpleDB: 1 MB). */
  maxResponseBytes: number;
}

interface Visible {
  row: Row;
  attrs: Attrs;
}

/**
 * The XML inside SelectResult for a query on `domain`: the page's items (or its count) and a
 * NextToken when more match, as UTF-8 pieces, one an item. Each item is encoded as it is rendered
 * (its size is the piece's length): a page of 1 MB built as one string and encoded whole cost
 * about 5 ms a page, nearly all of it encoding the string of many small parts; the pieces about
 * 1.9 ms (issue 11: this server shares the benchmark machine's two cores with the backup).
 */
export function selectPage(domain: Domain, request: SelectPageRequest): Buffer[] {
  const q = request.query;
  const shape = queryShape(q);
  let after: Row | undefined;
  if (request.nextToken !== undefined) {
    const position = decodeSelectToken(request.nextToken, shape);
    if (!position) throw new SdbFault('InvalidNextToken', 400, 'The specified next token is not valid.');
    // A token of a page that stopped before its first item resumes from the start.
    if (!('begin' in position)) after = { key: position.key ?? '', name: position.name };
  }

  const index = domain.orderIndex(q.orderBy ?? ITEM_NAME_ORDER);
  const bounds = keyBounds(q.where, index.ordering, index.singleValued);
  const isCount = q.output.kind === 'count';
  const limit = q.limit ?? (isCount ? Number.POSITIVE_INFINITY : SELECT_LIMITS.defaultLimit);
  const stopAfter = request.stopAfter ?? Number.POSITIVE_INFINITY;
  const pieces: Buffer[] = [];
  let bytes = 0;
  let taken = 0;
  let last: Row | undefined;
  let more = false;
  for (const { row, attrs } of visibleRows(domain, index, domain.staleItems(request.consistent), after, bounds.startAt)) {
    if (bounds.pastEnd?.(row)) break;
    if (!matches(q.where, { name: row.name, attrs })) continue;
    // One more match past a full page: there is a next page.
    if (taken >= limit || taken >= stopAfter) {
      more = true;
      break;
    }
    if (!isCount) {
      const item = Buffer.from(renderItem(q, row.name, attrs), 'utf8');
      if (taken > 0 && bytes + item.length > request.maxResponseBytes) {
        more = true;
        break;
      }
      bytes += item.length;
      pieces.push(item);
    }
    taken++;
    last = row;
  }
  if (isCount) pieces.push(Buffer.from(`<Item><Name>Domain</Name><Attribute><Name>Count</Name><Value>${taken}</Value></Attribute></Item>`, 'utf8'));
  if (more && last) pieces.push(Buffer.from(`<NextToken>${encodeToken(shape, { key: last.key, name: last.name })}</NextToken>`, 'utf8'));
  else if (more) {
    // A page stopped before its first item: continue from where it started.
    pieces.push(Buffer.from(`<NextToken>${encodeToken(shape, after ?? { begin: true })}</NextToken>`, 'utf8'));
  }
  return pieces;
}

/**
 * The items a read sees, in the index's order, after `after` and from the first row `startAt`
 * accepts: the index's rows, with items an eventually consistent read sees in an older state
 * (`stale`: few, written within the lag) taken out and merged back in at their old place.
 */
function* visibleRows(
  domain: Domain,
  index: OrderIndex,
  stale: Map<string, Attrs | null>,
  after: Row | undefined,
  startAt: ((row: Row) => boolean) | undefined,
): Generator<Visible> {
  const compare = index.rows.compare;
  const older: Visible[] = [];
  for (const [name, attrs] of stale) {
    const row = attrs ? rowOf(index.ordering, name, attrs) : null;
    if (row && (!after || compare(row, after) > 0)) older.push({ row, attrs: attrs! });
  }
  older.sort((a, b) => compare(a.row, b.row));
  let o = 0;
  const seek = (row: Row): boolean => (!after || compare(row, after) > 0) && (!startAt || startAt(row));
  for (const row of index.rows.from(seek)) {
    if (stale.has(row.name)) continue;
    while (o < older.length && compare(older[o]!.row, row) < 0) yield older[o++]!;
    yield { row, attrs: domain.items.get(row.name)! };
  }
  while (o < older.length) yield older[o++]!;
}

function renderItem(q: SelectQuery, name: string, attrs: Attrs): string {
  let xml = `<Item>${textElement('Name', name)}`;
  if (q.output.kind !== 'itemName') {
    const filter = q.output.kind === 'attrs' ? new Set(q.output.names) : null;
    for (const [k, vs] of attrs) {
      if (filter && !filter.has(k)) continue;
      for (const v of vs) xml += `<Attribute>${textElement('Name', k)}${textElement('Value', v)}</Attribute>`;
    }
  }
  return `${xml}</Item>`;
}
