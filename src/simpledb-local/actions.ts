// SimpleDB's ten actions, independent of HTTP: each takes the request parameters and returns the
// XML of its Result element, or throws an SdbFault with SimpleDB's code and status.
import { compareKeys } from '../plan/keys.ts';
import type { Domain } from './domain.ts';
import { DomainStore } from './domain-store.ts';
import { fault, SdbFault } from './errors.ts';
import { applyDelete, applyPut, checkExpected } from './item-changes.ts';
import { itemSize, type Attrs } from './item.ts';
import type { SimpleDbLimits } from './limits.ts';
import { DOMAINS_SHAPE, decodeDomainsToken, encodeToken } from './next-token.ts';
import { booleanParam, listGroups, ParamReader, paramsByItem, requiredParam, type Params } from './params.ts';
import { parseSelect } from './select.ts';
import { selectPage } from './select-page.ts';
import { textElement } from './xml.ts';

export interface SelectPageHook {
  /** When set, the page stops after this many items (a "5 s timeout" with a partial page). */
  stopAfter?: number;
}

const DOMAIN_RE = /^[a-zA-Z0-9_.-]{3,255}$/;

export class SimpleDbActions {
  readonly domains: DomainStore;
  readonly #params: ParamReader;

  constructor(
    readonly limits: SimpleDbLimits,
    /** Reads without ConsistentRead see the data as it was this many ms ago. */
    readonly lagMs: number,
    readonly now: () => number,
    persistPath?: string,
  ) {
    this.domains = new DomainStore(lagMs, now, persistPath);
    this.#params = new ParamReader(limits);
  }

  /** Drops every domain. */
  reset(): void {
    this.domains.clear();
    this.domains.save();
  }

  #domain(params: Params): Domain {
    const d = this.domains.get(requiredParam(params, 'DomainName'));
    if (!d) throw fault.noSuchDomain();
    return d;
  }

  #itemCount(what: string, count: number): void {
    if (count === 0) throw fault.missing(`${what}.1.ItemName`);
    if (count > this.limits.maxItemsPerBatch) {
      throw new SdbFault('NumberSubmittedItemsExceeded', 409, `Too many items submitted (${count}, at most ${this.limits.maxItemsPerBatch}).`);
    }
  }

  createDomain(params: Params): string {
    const name = requiredParam(params, 'DomainName');
    if (!DOMAIN_RE.test(name)) {
      throw fault.invalidParameter('DomainName', name, 'Domain names are 3-255 characters of a-z, A-Z, 0-9, underscore, dash and dot.');
    }
    if (!this.domains.get(name)) {
      if (this.domains.size >= this.limits.maxDomains) throw new SdbFault('NumberDomainsExceeded', 409, `The domain limit (${this.limits.maxDomains}) was exceeded.`);
      this.domains.create(name);
      this.domains.save();
    }
    return '';
  }

  deleteDomain(params: Params): string {
    if (this.domains.delete(requiredParam(params, 'DomainName'))) this.domains.save();
    return '';
  }

  listDomains(params: Params): string {
    const maxRaw = params.get('MaxNumberOfDomains');
    let max = 100;
    if (maxRaw !== undefined) {
      max = Number(maxRaw);
      if (!/^\d+$/.test(maxRaw) || max < 1 || max > 100) throw fault.invalidParameter('MaxNumberOfDomains', maxRaw, 'It must be between 1 and 100.');
    }
    const names = this.domains.names();
    let start = 0;
    const token = params.get('NextToken');
    if (token !== undefined) {
      const after = decodeDomainsToken(token);
      if (after === undefined) throw new SdbFault('InvalidNextToken', 400, 'The specified next token is not valid.');
      start = names.findIndex((n) => compareKeys(n, after) > 0);
      if (start === -1) start = names.length;
    }
    const page = names.slice(start, start + max);
    let xml = page.map((n) => textElement('DomainName', n)).join('');
    if (start + max < names.length) xml += `<NextToken>${encodeToken(DOMAINS_SHAPE, page[page.length - 1]!)}</NextToken>`;
    return xml;
  }

  domainMetadata(params: Params): string {
    const d = this.#domain(params);
    return (
      `<ItemCount>${d.items.size}</ItemCount><ItemNamesSizeBytes>${d.itemNameBytes}</ItemNamesSizeBytes>` +
      `<AttributeNameCount>${d.attributeNames.size}</AttributeNameCount><AttributeNamesSizeBytes>${d.attributeNameBytes}</AttributeNamesSizeBytes>` +
      `<AttributeValueCount>${d.pairs}</AttributeValueCount><AttributeValuesSizeBytes>${d.valueBytes}</AttributeValuesSizeBytes>` +
      `<Timestamp>${Math.floor(this.now() / 1000)}</Timestamp>`
    );
  }

  putAttributes(params: Params): string {
    const d = this.#domain(params);
    const itemName = this.#params.itemName(params);
    const attributes = this.#params.replaceableAttributes(params, 'Attribute.');
    if (attributes.length === 0) throw fault.missing('Attribute.1.Name');
    if (attributes.length > this.limits.maxAttributesPerCall) {
      throw new SdbFault('NumberSubmittedAttributesExceeded', 409, `Too many attributes submitted (${attributes.length}, at most ${this.limits.maxAttributesPerCall}).`);
    }
    const expected = this.#params.expected(params);
    const current = d.items.get(itemName);
    checkExpected(expected, current);
    d.write(itemName, applyPut(d, this.limits, itemName, attributes, current));
    this.domains.save();
    return '';
  }

  batchPutAttributes(params: Params): string {
    const d = this.#domain(params);
    const items = listGroups(params, 'Item.', ['ItemName']);
    this.#itemCount('Item', items.length);
    const byItem = paramsByItem(params);
    const seen = new Set<string>();
    const plan: { itemName: string; next: Attrs }[] = [];
    let pairsDelta = 0;
    // Every item is checked before any is written: a batch is all or nothing.
    for (const g of items) {
      const own = byItem.get(g.index)!;
      const itemName = this.#params.itemName(own, `Item.${g.index}.ItemName`);
      if (seen.has(itemName)) throw new SdbFault('DuplicateItemName', 400, `Item ${itemName} was specified more than once.`);
      seen.add(itemName);
      const attributes = this.#params.replaceableAttributes(own, `Item.${g.index}.Attribute.`);
      if (attributes.length === 0) throw fault.missing(`Item.${g.index}.Attribute.1.Name`);
      if (attributes.length > this.limits.maxAttributesPerCall) {
        throw new SdbFault('NumberSubmittedAttributesExceeded', 409, `Too many attributes submitted for item ${itemName}.`);
      }
      const current = d.items.get(itemName);
      const next = applyPut(d, this.limits, itemName, attributes, current);
      pairsDelta += itemSize(itemName, next).pairs - itemSize(itemName, current).pairs;
      plan.push({ itemName, next });
    }
    if (d.pairs + pairsDelta > this.limits.maxDomainAttributes) throw new SdbFault('NumberDomainAttributesExceeded', 409, 'Too many attributes in this domain.');
    for (const p of plan) d.write(p.itemName, p.next);
    this.domains.save();
    return '';
  }

  deleteAttributes(params: Params): string {
    const d = this.#domain(params);
    const itemName = this.#params.itemName(params);
    const attributes = this.#params.deletableAttributes(params, 'Attribute.');
    const expected = this.#params.expected(params);
    const current = d.items.get(itemName);
    checkExpected(expected, current);
    if (current) {
      d.write(itemName, applyDelete(current, attributes));
      this.domains.save();
    }
    return '';
  }

  batchDeleteAttributes(params: Params): string {
    const d = this.#domain(params);
    const items = listGroups(params, 'Item.', ['ItemName']);
    this.#itemCount('Item', items.length);
    const byItem = paramsByItem(params);
    const plan = items.map((g) => ({
      itemName: this.#params.itemName(byItem.get(g.index)!, `Item.${g.index}.ItemName`),
      attributes: this.#params.deletableAttributes(byItem.get(g.index)!, `Item.${g.index}.Attribute.`),
    }));
    for (const p of plan) {
      const current = d.items.get(p.itemName);
      if (current) d.write(p.itemName, applyDelete(current, p.attributes));
    }
    this.domains.save();
    return '';
  }

  getAttributes(params: Params): string {
    const d = this.#domain(params);
    const itemName = this.#params.itemName(params);
    const consistent = booleanParam(params, 'ConsistentRead') ?? false;
    const names: string[] = [];
    for (const [k, v] of params) if (/^AttributeName\.\d+$/.test(k)) names.push(v);
    if (names.length > this.limits.maxAttributesPerCall) throw new SdbFault('TooManyRequestedAttributes', 400, 'Too many attributes requested.');
    const attrs = d.read(itemName, consistent);
    if (!attrs) return '';
    const filter = names.length > 0 ? new Set(names) : null;
    let xml = '';
    for (const [k, vs] of attrs) {
      if (filter && !filter.has(k)) continue;
      for (const v of vs) xml += `<Attribute>${textElement('Name', k)}${textElement('Value', v)}</Attribute>`;
    }
    return xml;
  }

  /** A Select's result XML (selectPieces, as one string). */
  select(params: Params, hook: SelectPageHook = {}): string {
    return Buffer.concat(this.selectPieces(params, hook)).toString('utf8');
  }

  /** A Select's result XML as UTF-8 pieces, one an item (what the server sends: select-page.ts). */
  selectPieces(params: Params, hook: SelectPageHook = {}): Buffer[] {
    const expression = requiredParam(params, 'SelectExpression');
    const consistent = booleanParam(params, 'ConsistentRead') ?? false;
    const query = parseSelect(expression);
    const d = this.domains.get(query.domain);
    if (!d) throw fault.noSuchDomain();
    const nextToken = params.get('NextToken');
    return selectPage(d, {
      query,
      consistent,
      maxResponseBytes: this.limits.maxSelectResponseBytes,
      ...(nextToken !== undefined ? { nextToken } : {}),
      ...(hook.stopAfter !== undefined ? { stopAfter: hook.stopAfter } : {}),
    });
  }
}
