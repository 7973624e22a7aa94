// The data and the ten actions, independent of HTTP: each action takes the request parameters and
// returns the XML of its Result element, or throws an SdbFault with SimpleDB's code and status.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { compareStrings, utf8Length } from './compare.ts';
import { fault, SdbFault } from './errors.ts';
import { matches, parseSelect, SELECT_LIMITS, sortKey, type EvalItem, type SelectQuery } from './select.ts';
import { textElement } from './xml.ts';

export interface EngineLimits {
  maxDomains: number;
  maxPairsPerItem: number;
  maxAttributesPerCall: number;
  maxItemsPerBatch: number;
  maxNameBytes: number;
  maxDomainBytes: number;
  maxDomainAttributes: number;
  maxSelectResponseBytes: number;
}

export const DEFAULT_LIMITS: EngineLimits = {
  maxDomains: 250,
  maxPairsPerItem: 256,
  maxAttributesPerCall: 256,
  maxItemsPerBatch: 25,
  maxNameBytes: 1024,
  maxDomainBytes: 10 * 1024 ** 3,
  maxDomainAttributes: 1_000_000_000,
  maxSelectResponseBytes: 1024 * 1024,
};

type Attrs = Map<string, string[]>;

interface Version {
  at: number;
  attrs: Attrs | null;
}

interface Domain {
  name: string;
  items: Map<string, Attrs>;
  /** Recent versions per item, only while a read lag is configured. */
  history: Map<string, Version[]>;
  pairs: number;
  bytes: number;
}

export type Params = Map<string, string>;

export interface SelectPageHook {
  /** When set, the page stops after this many items (a "5 s timeout" with a partial page). */
  stopAfter?: number;
}

function cloneAttrs(a: Attrs | undefined): Attrs | null {
  if (!a) return null;
  return new Map([...a].map(([k, v]) => [k, [...v]]));
}

function itemSize(name: string, attrs: Attrs | undefined): { pairs: number; bytes: number } {
  if (!attrs) return { pairs: 0, bytes: 0 };
  let pairs = 0;
  let bytes = utf8Length(name);
  for (const [k, vs] of attrs) {
    pairs += vs.length;
    for (const v of vs) bytes += utf8Length(k) + utf8Length(v);
  }
  return { pairs, bytes };
}

const DOMAIN_RE = /^[a-zA-Z0-9_.-]{3,255}$/;

export class Engine {
  readonly domains = new Map<string, Domain>();
  constructor(
    readonly limits: EngineLimits,
    readonly lagMs: number,
    readonly now: () => number,
    readonly persistPath?: string,
  ) {
    if (persistPath) this.load();
  }

  reset(): void {
    this.domains.clear();
    this.save();
  }

  // ---- persistence ----
  load(): void {
    if (!this.persistPath) return;
    let text: string;
    try {
      text = readFileSync(this.persistPath, 'utf8');
    } catch {
      return;
    }
    const data = JSON.parse(text) as { domains: Record<string, Record<string, Record<string, string[]>>> };
    for (const [name, items] of Object.entries(data.domains ?? {})) {
      const d = this.#newDomain(name);
      for (const [itemName, attrs] of Object.entries(items)) {
        const a: Attrs = new Map(Object.entries(attrs).map(([k, v]) => [k, [...v]]));
        d.items.set(itemName, a);
        const s = itemSize(itemName, a);
        d.pairs += s.pairs;
        d.bytes += s.bytes;
      }
    }
  }
  save(): void {
    if (!this.persistPath) return;
    const out: Record<string, Record<string, Record<string, string[]>>> = {};
    for (const [name, d] of this.domains) {
      const items: Record<string, Record<string, string[]>> = {};
      for (const [itemName, attrs] of d.items) items[itemName] = Object.fromEntries(attrs);
      out[name] = items;
    }
    const tmp = `${this.persistPath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, domains: out }));
    renameSync(tmp, this.persistPath);
  }

  #newDomain(name: string): Domain {
    const d: Domain = { name, items: new Map(), history: new Map(), pairs: 0, bytes: 0 };
    this.domains.set(name, d);
    return d;
  }

  // ---- parameter helpers ----
  #domain(params: Params): Domain {
    const name = params.get('DomainName');
    if (name === undefined) throw fault.missing('DomainName');
    const d = this.domains.get(name);
    if (!d) throw fault.noSuchDomain();
    return d;
  }
  #checkName(param: string, value: string, what: string): void {
    if (utf8Length(value) > this.limits.maxNameBytes) {
      throw fault.invalidParameter(param, value.length > 64 ? `${value.slice(0, 64)}...` : value, `${what} exceeds the maximum length of ${this.limits.maxNameBytes} bytes.`);
    }
  }
  #itemName(params: Params, key = 'ItemName'): string {
    const v = params.get(key);
    if (v === undefined) throw fault.missing(key);
    if (v === '') throw fault.invalidParameter(key, v, 'The item name must not be empty.');
    this.#checkName(key, v, 'Item name');
    return v;
  }
  #bool(params: Params, key: string): boolean | undefined {
    const v = params.get(key);
    if (v === undefined) return undefined;
    if (v === 'true') return true;
    if (v === 'false') return false;
    throw fault.invalidParameter(key, v, 'It must be true or false.');
  }

  /** Collects `prefix.N.field` groups, ordered by N (any positive N, gaps allowed). */
  static groups(params: Params, prefix: string, fields: readonly string[]): { index: number; fields: Map<string, string>; keyPrefix: string }[] {
    const byIndex = new Map<number, Map<string, string>>();
    const re = new RegExp(`^${prefix.replaceAll('.', '\\.')}(\\d+)\\.(${fields.join('|')})$`);
    for (const [k, v] of params) {
      const m = re.exec(k);
      if (!m) continue;
      const index = Number(m[1]);
      if (index < 1 || !Number.isSafeInteger(index)) throw fault.invalidParameter(k, v, 'List indexes start at 1.');
      const g = byIndex.get(index) ?? new Map<string, string>();
      g.set(m[2]!, v);
      byIndex.set(index, g);
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, f]) => ({ index, fields: f, keyPrefix: `${prefix}${index}.` }));
  }

  #replaceableAttributes(params: Params, prefix: string): { name: string; value: string; replace: boolean }[] {
    const groups = Engine.groups(params, prefix, ['Name', 'Value', 'Replace']);
    return groups.map((g) => {
      const name = g.fields.get('Name');
      const value = g.fields.get('Value');
      if (name === undefined) throw fault.missing(`${g.keyPrefix}Name`);
      if (value === undefined) throw fault.missing(`${g.keyPrefix}Value`);
      if (name === '') throw fault.invalidParameter(`${g.keyPrefix}Name`, name, 'The attribute name must not be empty.');
      this.#checkName(`${g.keyPrefix}Name`, name, 'Attribute name');
      this.#checkName(`${g.keyPrefix}Value`, value, 'Attribute value');
      const r = g.fields.get('Replace');
      if (r !== undefined && r !== 'true' && r !== 'false') throw fault.invalidParameter(`${g.keyPrefix}Replace`, r, 'It must be true or false.');
      return { name, value, replace: r === 'true' };
    });
  }

  #deletableAttributes(params: Params, prefix: string): { name: string; value?: string }[] {
    return Engine.groups(params, prefix, ['Name', 'Value']).map((g) => {
      const name = g.fields.get('Name');
      if (name === undefined) throw fault.missing(`${g.keyPrefix}Name`);
      this.#checkName(`${g.keyPrefix}Name`, name, 'Attribute name');
      const value = g.fields.get('Value');
      if (value !== undefined) this.#checkName(`${g.keyPrefix}Value`, value, 'Attribute value');
      return value === undefined ? { name } : { name, value };
    });
  }

  /** Expected.Name / Expected.Value / Expected.Exists, or the Expected.N.* form (one condition only). */
  #expected(params: Params): { name: string; value?: string; exists: boolean } | undefined {
    const plain = new Map<string, string>();
    for (const f of ['Name', 'Value', 'Exists']) {
      const v = params.get(`Expected.${f}`);
      if (v !== undefined) plain.set(f, v);
    }
    const numbered = Engine.groups(params, 'Expected.', ['Name', 'Value', 'Exists']);
    const conditions = [...(plain.size > 0 ? [{ fields: plain, keyPrefix: 'Expected.' }] : []), ...numbered];
    if (conditions.length === 0) return undefined;
    if (conditions.length > 1) throw new SdbFault('MultipleExpectedNames', 400, 'Only one Expected name may be given.');
    const { fields, keyPrefix } = conditions[0]!;
    const name = fields.get('Name');
    const value = fields.get('Value');
    const existsRaw = fields.get('Exists');
    if (existsRaw !== undefined && existsRaw !== 'true' && existsRaw !== 'false') {
      throw fault.invalidParameter(`${keyPrefix}Exists`, existsRaw, 'It must be true or false.');
    }
    if (name === undefined) throw new SdbFault('IncompleteExpectedExpression', 400, 'If Expected.Value or Expected.Exists is given, Expected.Name must be given too.');
    const exists = existsRaw !== 'false';
    if (!exists && value !== undefined) throw new SdbFault('ExistsAndExpectedValue', 400, 'Expected.Exists=false cannot be combined with Expected.Value.');
    if (exists && value === undefined) throw new SdbFault('IncompleteExpectedExpression', 400, 'If Expected.Exists=true or is absent, Expected.Value must be given.');
    return value === undefined ? { name, exists } : { name, value, exists };
  }

  #checkExpected(expected: { name: string; value?: string; exists: boolean } | undefined, attrs: Attrs | undefined): void {
    if (!expected) return;
    const vals = attrs?.get(expected.name);
    if (!expected.exists) {
      if (vals && vals.length > 0) throw new SdbFault('ConditionalCheckFailed', 409, `Conditional check failed. Attribute (${expected.name}) value exists.`);
      return;
    }
    if (!vals || vals.length === 0) throw new SdbFault('AttributeDoesNotExist', 404, `Attribute (${expected.name}) does not exist`);
    if (vals.length > 1) throw new SdbFault('MultiValuedAttribute', 409, `Attribute (${expected.name}) is multi-valued. Conditional check can only be performed on a single-valued attribute`);
    if (vals[0] !== expected.value) {
      throw new SdbFault('ConditionalCheckFailed', 409, `Conditional check failed. Attribute (${expected.name}) value is (${vals[0]}) but was expected (${expected.value})`);
    }
  }

  /** Replaces an item's state, keeping counters and (under lag) the version history. */
  #write(d: Domain, itemName: string, next: Attrs | null): void {
    const prev = d.items.get(itemName);
    const before = itemSize(itemName, prev);
    const after = itemSize(itemName, next ?? undefined);
    if (this.lagMs > 0) {
      const now = this.now();
      const h = d.history.get(itemName) ?? [{ at: -Infinity, attrs: cloneAttrs(prev) }];
      h.push({ at: now, attrs: cloneAttrs(next ?? undefined) });
      // Keep the newest version at or before the lag horizon, and everything after it.
      let keepFrom = 0;
      for (let i = 0; i < h.length; i++) if (h[i]!.at <= now - this.lagMs) keepFrom = i;
      d.history.set(itemName, h.slice(keepFrom));
    }
    if (next && next.size > 0) d.items.set(itemName, next);
    else d.items.delete(itemName);
    d.pairs += after.pairs - before.pairs;
    d.bytes += after.bytes - before.bytes;
  }

  /** The items a read sees: the current state, or under lag and without ConsistentRead the state of lagMs ago. */
  #view(d: Domain, consistent: boolean): Map<string, Attrs> {
    if (consistent || this.lagMs <= 0 || d.history.size === 0) return d.items;
    const horizon = this.now() - this.lagMs;
    const view = new Map(d.items);
    for (const [itemName, versions] of d.history) {
      let state: Attrs | null | undefined;
      for (const v of versions) if (v.at <= horizon) state = v.attrs;
      if (state === undefined) continue;
      if (versions[versions.length - 1]!.at <= horizon) {
        d.history.delete(itemName);
        continue;
      }
      if (state && state.size > 0) view.set(itemName, state);
      else view.delete(itemName);
    }
    return view;
  }

  #applyPut(d: Domain, itemName: string, attributes: { name: string; value: string; replace: boolean }[], base: Attrs | undefined): Attrs {
    const next: Attrs = cloneAttrs(base) ?? new Map();
    const replaced = new Set(attributes.filter((a) => a.replace).map((a) => a.name));
    for (const name of replaced) next.delete(name);
    for (const a of attributes) {
      const vals = next.get(a.name) ?? [];
      if (!vals.includes(a.value)) vals.push(a.value);
      next.set(a.name, vals);
    }
    let pairs = 0;
    for (const vs of next.values()) pairs += vs.length;
    if (pairs > this.limits.maxPairsPerItem) {
      throw new SdbFault('NumberItemAttributesExceeded', 409, `Too many attributes in this item (${pairs}, at most ${this.limits.maxPairsPerItem}).`);
    }
    const before = itemSize(itemName, base);
    const after = itemSize(itemName, next);
    if (d.pairs + after.pairs - before.pairs > this.limits.maxDomainAttributes) {
      throw new SdbFault('NumberDomainAttributesExceeded', 409, 'Too many attributes in this domain.');
    }
    if (d.bytes + after.bytes - before.bytes > this.limits.maxDomainBytes) {
      throw new SdbFault('NumberDomainBytesExceeded', 409, 'Too many bytes in this domain.');
    }
    return next;
  }

  // ---- actions ----
  createDomain(params: Params): string {
    const name = params.get('DomainName');
    if (name === undefined) throw fault.missing('DomainName');
    if (!DOMAIN_RE.test(name)) {
      throw fault.invalidParameter('DomainName', name, 'Domain names are 3-255 characters of a-z, A-Z, 0-9, underscore, dash and dot.');
    }
    if (!this.domains.has(name)) {
      if (this.domains.size >= this.limits.maxDomains) throw new SdbFault('NumberDomainsExceeded', 409, `The domain limit (${this.limits.maxDomains}) was exceeded.`);
      this.#newDomain(name);
      this.save();
    }
    return '';
  }

  deleteDomain(params: Params): string {
    const name = params.get('DomainName');
    if (name === undefined) throw fault.missing('DomainName');
    if (this.domains.delete(name)) this.save();
    return '';
  }

  listDomains(params: Params): string {
    const maxRaw = params.get('MaxNumberOfDomains');
    let max = 100;
    if (maxRaw !== undefined) {
      max = Number(maxRaw);
      if (!/^\d+$/.test(maxRaw) || max < 1 || max > 100) throw fault.invalidParameter('MaxNumberOfDomains', maxRaw, 'It must be between 1 and 100.');
    }
    const names = [...this.domains.keys()].sort(compareStrings);
    let start = 0;
    const token = params.get('NextToken');
    if (token !== undefined) {
      const after = decodeToken(token, 'domains');
      if (typeof after !== 'string') throw new SdbFault('InvalidNextToken', 400, 'The specified next token is not valid.');
      start = names.findIndex((n) => compareStrings(n, after) > 0);
      if (start === -1) start = names.length;
    }
    const page = names.slice(start, start + max);
    let xml = page.map((n) => textElement('DomainName', n)).join('');
    if (start + max < names.length) xml += `<NextToken>${encodeToken('domains', page[page.length - 1]!)}</NextToken>`;
    return xml;
  }

  domainMetadata(params: Params): string {
    const d = this.#domain(params);
    let itemNamesBytes = 0;
    const attrNames = new Set<string>();
    let valueCount = 0;
    let valueBytes = 0;
    for (const [itemName, attrs] of d.items) {
      itemNamesBytes += utf8Length(itemName);
      for (const [k, vs] of attrs) {
        attrNames.add(k);
        valueCount += vs.length;
        for (const v of vs) valueBytes += utf8Length(v);
      }
    }
    let attrNameBytes = 0;
    for (const n of attrNames) attrNameBytes += utf8Length(n);
    return (
      `<ItemCount>${d.items.size}</ItemCount><ItemNamesSizeBytes>${itemNamesBytes}</ItemNamesSizeBytes>` +
      `<AttributeNameCount>${attrNames.size}</AttributeNameCount><AttributeNamesSizeBytes>${attrNameBytes}</AttributeNamesSizeBytes>` +
      `<AttributeValueCount>${valueCount}</AttributeValueCount><AttributeValuesSizeBytes>${valueBytes}</AttributeValuesSizeBytes>` +
      `<Timestamp>${Math.floor(this.now() / 1000)}</Timestamp>`
    );
  }

  putAttributes(params: Params): string {
    const d = this.#domain(params);
    const itemName = this.#itemName(params);
    const attributes = this.#replaceableAttributes(params, 'Attribute.');
    if (attributes.length === 0) throw fault.missing('Attribute.1.Name');
    if (attributes.length > this.limits.maxAttributesPerCall) {
      throw new SdbFault('NumberSubmittedAttributesExceeded', 409, `Too many attributes submitted (${attributes.length}, at most ${this.limits.maxAttributesPerCall}).`);
    }
    const expected = this.#expected(params);
    const current = d.items.get(itemName);
    this.#checkExpected(expected, current);
    this.#write(d, itemName, this.#applyPut(d, itemName, attributes, current));
    this.save();
    return '';
  }

  batchPutAttributes(params: Params): string {
    const d = this.#domain(params);
    const items = Engine.groups(params, 'Item.', ['ItemName']);
    if (items.length === 0) throw fault.missing('Item.1.ItemName');
    if (items.length > this.limits.maxItemsPerBatch) {
      throw new SdbFault('NumberSubmittedItemsExceeded', 409, `Too many items submitted (${items.length}, at most ${this.limits.maxItemsPerBatch}).`);
    }
    const seen = new Set<string>();
    const plan: { itemName: string; next: Attrs }[] = [];
    let pairsDelta = 0;
    for (const g of items) {
      const itemName = this.#itemName(params, `Item.${g.index}.ItemName`);
      if (seen.has(itemName)) throw new SdbFault('DuplicateItemName', 400, `Item ${itemName} was specified more than once.`);
      seen.add(itemName);
      const attributes = this.#replaceableAttributes(params, `Item.${g.index}.Attribute.`);
      if (attributes.length === 0) throw fault.missing(`Item.${g.index}.Attribute.1.Name`);
      if (attributes.length > this.limits.maxAttributesPerCall) {
        throw new SdbFault('NumberSubmittedAttributesExceeded', 409, `Too many attributes submitted for item ${itemName}.`);
      }
      const current = d.items.get(itemName);
      const next = this.#applyPut(d, itemName, attributes, current);
      pairsDelta += itemSize(itemName, next).pairs - itemSize(itemName, current).pairs;
      plan.push({ itemName, next });
    }
    if (d.pairs + pairsDelta > this.limits.maxDomainAttributes) throw new SdbFault('NumberDomainAttributesExceeded', 409, 'Too many attributes in this domain.');
    for (const p of plan) this.#write(d, p.itemName, p.next);
    this.save();
    return '';
  }

  #applyDelete(base: Attrs | undefined, attributes: { name: string; value?: string }[]): Attrs | null {
    if (!base) return null;
    if (attributes.length === 0) return null;
    const next = cloneAttrs(base)!;
    for (const a of attributes) {
      if (a.value === undefined) next.delete(a.name);
      else {
        const vals = next.get(a.name);
        if (!vals) continue;
        const rest = vals.filter((v) => v !== a.value);
        if (rest.length > 0) next.set(a.name, rest);
        else next.delete(a.name);
      }
    }
    return next;
  }

  deleteAttributes(params: Params): string {
    const d = this.#domain(params);
    const itemName = this.#itemName(params);
    const attributes = this.#deletableAttributes(params, 'Attribute.');
    const expected = this.#expected(params);
    const current = d.items.get(itemName);
    this.#checkExpected(expected, current);
    if (current) {
      this.#write(d, itemName, this.#applyDelete(current, attributes));
      this.save();
    }
    return '';
  }

  batchDeleteAttributes(params: Params): string {
    const d = this.#domain(params);
    const items = Engine.groups(params, 'Item.', ['ItemName']);
    if (items.length === 0) throw fault.missing('Item.1.ItemName');
    if (items.length > this.limits.maxItemsPerBatch) {
      throw new SdbFault('NumberSubmittedItemsExceeded', 409, `Too many items submitted (${items.length}, at most ${this.limits.maxItemsPerBatch}).`);
    }
    const plan = items.map((g) => ({
      itemName: this.#itemName(params, `Item.${g.index}.ItemName`),
      attributes: this.#deletableAttributes(params, `Item.${g.index}.Attribute.`),
    }));
    for (const p of plan) {
      const current = d.items.get(p.itemName);
      if (current) this.#write(d, p.itemName, this.#applyDelete(current, p.attributes));
    }
    this.save();
    return '';
  }

  getAttributes(params: Params): string {
    const d = this.#domain(params);
    const itemName = this.#itemName(params);
    const consistent = this.#bool(params, 'ConsistentRead') ?? false;
    const names: string[] = [];
    for (const [k, v] of params) if (/^AttributeName\.\d+$/.test(k)) names.push(v);
    if (names.length > this.limits.maxAttributesPerCall) throw new SdbFault('TooManyRequestedAttributes', 400, 'Too many attributes requested.');
    const attrs = this.#view(d, consistent).get(itemName);
    if (!attrs) return '';
    const filter = names.length > 0 ? new Set(names) : null;
    let xml = '';
    for (const [k, vs] of attrs) {
      if (filter && !filter.has(k)) continue;
      for (const v of vs) xml += `<Attribute>${textElement('Name', k)}${textElement('Value', v)}</Attribute>`;
    }
    return xml;
  }

  select(params: Params, hook: SelectPageHook = {}): string {
    const expression = params.get('SelectExpression');
    if (expression === undefined) throw fault.missing('SelectExpression');
    const consistent = this.#bool(params, 'ConsistentRead') ?? false;
    const q = parseSelect(expression);
    const d = this.domains.get(q.domain);
    if (!d) throw fault.noSuchDomain();
    const shape = queryShape(q);
    let after: { key: string | null; name: string } | undefined;
    const token = params.get('NextToken');
    if (token !== undefined) {
      const t = decodeToken(token, shape);
      if (!t || typeof t !== 'object') throw new SdbFault('InvalidNextToken', 400, 'The specified next token is not valid.');
      // A token of a page that stopped before its first item resumes from the start.
      if (!('begin' in t)) after = t as { key: string | null; name: string };
    }
    const view = this.#view(d, consistent);
    const desc = q.orderBy?.desc ?? false;
    const target = q.orderBy?.target ?? { kind: 'itemName' as const };
    const rows: { key: string | null; item: EvalItem }[] = [];
    for (const [name, attrs] of view) {
      const item: EvalItem = { name, attrs };
      if (!matches(q.where, item)) continue;
      const key = sortKey(item, target, desc);
      if (key === null) continue; // sorting needs the attribute
      rows.push({ key, item });
    }
    const cmp = (a: { key: string | null; name: string }, b: { key: string | null; name: string }): number => {
      const c = compareStrings(a.key ?? '', b.key ?? '');
      const primary = desc ? -c : c;
      return primary !== 0 ? primary : compareStrings(a.name, b.name);
    };
    rows.sort((a, b) => cmp({ key: a.key, name: a.item.name }, { key: b.key, name: b.item.name }));
    let start = 0;
    if (after) {
      const a = after;
      start = rows.findIndex((r) => cmp({ key: r.key, name: r.item.name }, a) > 0);
      if (start === -1) start = rows.length;
    }
    const isCount = q.output.kind === 'count';
    const limit = q.limit ?? (isCount ? Number.POSITIVE_INFINITY : SELECT_LIMITS.defaultLimit);
    const stopAfter = hook.stopAfter ?? Number.POSITIVE_INFINITY;
    let xml = '';
    let bytes = 0;
    let taken = 0;
    let i = start;
    for (; i < rows.length && taken < limit && taken < stopAfter; i++) {
      if (isCount) {
        taken++;
        continue;
      }
      const itemXml = renderItem(q, rows[i]!.item);
      const size = Buffer.byteLength(itemXml, 'utf8');
      if (taken > 0 && bytes + size > this.limits.maxSelectResponseBytes) break;
      bytes += size;
      xml += itemXml;
      taken++;
    }
    const more = i < rows.length;
    if (isCount) xml = `<Item><Name>Domain</Name><Attribute><Name>Count</Name><Value>${taken}</Value></Attribute></Item>`;
    if (more && taken > 0) {
      const last = rows[i - 1]!;
      xml += `<NextToken>${encodeToken(shape, { key: last.key, name: last.item.name })}</NextToken>`;
    } else if (more) {
      // A page stopped before its first item: continue from where it started.
      const resume = after ?? { begin: true };
      xml += `<NextToken>${encodeToken(shape, resume)}</NextToken>`;
    }
    return xml;
  }
}

function renderItem(q: SelectQuery, item: EvalItem): string {
  let xml = `<Item>${textElement('Name', item.name)}`;
  if (q.output.kind !== 'itemName') {
    const filter = q.output.kind === 'attrs' ? new Set(q.output.names) : null;
    for (const [k, vs] of item.attrs) {
      if (filter && !filter.has(k)) continue;
      for (const v of vs) xml += `<Attribute>${textElement('Name', k)}${textElement('Value', v)}</Attribute>`;
    }
  }
  return `${xml}</Item>`;
}

/** What a NextToken is valid for: the domain, where and order by (so select and count tokens interchange). */
function queryShape(q: SelectQuery): string {
  return JSON.stringify([q.domain, q.where ?? null, q.orderBy ?? null], (k, v) => (k === 'id' ? undefined : v));
}

function shapeHash(shape: string): string {
  let h = 2166136261;
  for (let i = 0; i < shape.length; i++) {
    h ^= shape.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(36);
}

function encodeToken(shape: string, position: unknown): string {
  return Buffer.from(JSON.stringify({ s: shapeHash(shape), p: position }), 'utf8').toString('base64');
}

function decodeToken(token: string, shape: string): unknown {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { s?: unknown; p?: unknown };
    if (t.s !== shapeHash(shape)) return undefined;
    if (shape === 'domains') return typeof t.p === 'string' ? t.p : undefined;
    const p = t.p as { key?: unknown; name?: unknown; begin?: unknown } | null;
    if (p && typeof p === 'object' && p.begin === true) return { begin: true };
    if (!p || typeof p !== 'object' || typeof p.name !== 'string' || !(typeof p.key === 'string' || p.key === null)) return undefined;
    return p;
  } catch {
    return undefined;
  }
}
