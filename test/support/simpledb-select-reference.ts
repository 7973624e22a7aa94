// A reference for the SimpleDB server's Select, independent of its code: brute force over every
// choice of values, Kleene logic, UTF-8 byte comparison; random items and expressions from a seeded
// PRNG; and helpers that run a query through the server's actions, following NextTokens.
import { quoteName, quoteValue } from '../../src/simpledb/expression.ts';
import { childrenNamed, childText, parseXml } from '../../src/simpledb/xml.ts';
import { SimpleDbActions } from '../../src/simpledb-local/actions.ts';
import { DEFAULT_LIMITS } from '../../src/simpledb-local/limits.ts';

export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Item = { name: string; attrs: Record<string, string[]> };
export type Op = '=' | '!=' | '>' | '>=' | '<' | '<=';
export type Leaf =
  | { k: 'cmp'; attr: string | null; every: boolean; op: Op; v: string }
  | { k: 'like'; attr: string; every: boolean; neg: boolean; p: string }
  | { k: 'between'; attr: string; every: boolean; lo: string; hi: string }
  | { k: 'in'; attr: string; every: boolean; vs: string[] }
  | { k: 'null'; attr: string; neg: boolean };
export type E = { k: 'leaf'; leaf: Leaf } | { k: 'and' | 'or' | 'int'; l: E; r: E } | { k: 'not'; e: E };

export const ATTRS = ['a', 'b', 'order', 'x y'];
export const VALUES = ['', 'a', 'ab', 'abc', 'b', 'B', 'é', '😀', '\uFFFD', 'a%', "it's", '1', '10', '9', '%a', '3%', 'a\\'];

export const bytes = (s: string) => Buffer.from(s, 'utf8');
export const cmp = (x: string, y: string) => Buffer.compare(bytes(x), bytes(y));

// Reference semantics: T = 1, F = 0, U = 0.5.
export function leafOnValue(leaf: Leaf, v: string | null): number {
  if (leaf.k === 'null') return (v === null) !== leaf.neg ? 1 : 0;
  if (v === null) return 0.5;
  switch (leaf.k) {
    case 'cmp': {
      const c = cmp(v, leaf.v);
      const r = { '=': c === 0, '!=': c !== 0, '>': c > 0, '>=': c >= 0, '<': c < 0, '<=': c <= 0 }[leaf.op];
      return r ? 1 : 0;
    }
    case 'like': {
      // A leading % is a wildcard; a trailing % too unless a backslash escapes it (left to right,
      // a backslash before a % is always its escape); `\%` elsewhere is a literal %.
      const p = leaf.p;
      const starts = p.startsWith('%');
      let body = starts ? p.slice(1) : p;
      const ends = body.endsWith('%') && !body.endsWith('\\%');
      if (ends) body = body.slice(0, -1);
      const core = body.replaceAll('\\%', '%');
      let r: boolean;
      if (starts && ends) r = v.includes(core);
      else if (starts) r = v.endsWith(core);
      else if (ends) r = v.startsWith(core);
      else r = v === core;
      return r !== leaf.neg ? 1 : 0;
    }
    case 'between':
      return cmp(v, leaf.lo) >= 0 && cmp(v, leaf.hi) <= 0 ? 1 : 0;
    case 'in':
      return leaf.vs.includes(v) ? 1 : 0;
  }
}

export function refMatches(e: E, item: Item): boolean {
  if (e.k === 'int') return refMatches(e.l, item) && refMatches(e.r, item);
  // Attributes whose value is chosen: plain (non-every) leaves outside nested intersections.
  const chosen = new Set<string>();
  const collect = (x: E): void => {
    if (x.k === 'int') return;
    if (x.k === 'not') collect(x.e);
    else if (x.k === 'leaf') {
      const l = x.leaf;
      if (l.attr !== null && !('every' in l && l.every)) chosen.add(l.attr);
    } else {
      collect(x.l);
      collect(x.r);
    }
  };
  collect(e);
  const names = [...chosen];
  const evalWith = (x: E, pick: Map<string, string | null>): number => {
    switch (x.k) {
      case 'int':
        return refMatches(x, item) ? 1 : 0;
      case 'not':
        return 1 - evalWith(x.e, pick);
      case 'and':
        return Math.min(evalWith(x.l, pick), evalWith(x.r, pick));
      case 'or':
        return Math.max(evalWith(x.l, pick), evalWith(x.r, pick));
      case 'leaf': {
        const l = x.leaf;
        if (l.attr === null) return leafOnValue(l, item.name);
        if ('every' in l && l.every) {
          const vs = item.attrs[l.attr] ?? [];
          if (vs.length === 0) return 0.5;
          return Math.min(...vs.map((v) => leafOnValue(l, v)));
        }
        return leafOnValue(l, pick.get(l.attr)!);
      }
    }
  };
  // Brute force over every combination.
  const options = names.map((n) => ((item.attrs[n] ?? []).length > 0 ? item.attrs[n]! : [null]));
  const pick = new Map<string, string | null>();
  const rec = (i: number): boolean => {
    if (i === names.length) return evalWith(e, pick) === 1;
    for (const v of options[i]!) {
      pick.set(names[i]!, v);
      if (rec(i + 1)) return true;
    }
    return false;
  };
  return rec(0);
}

export function kw(rand: () => number, w: string): string {
  return rand() < 0.3 ? w.toUpperCase() : w;
}

export function render(e: E, rand: () => number): string {
  switch (e.k) {
    case 'and':
    case 'or':
      return `(${render(e.l, rand)} ${kw(rand, e.k)} ${render(e.r, rand)})`;
    case 'int':
      return `(${render(e.l, rand)} ${kw(rand, 'intersection')} ${render(e.r, rand)})`;
    case 'not':
      return `${kw(rand, 'not')} (${render(e.e, rand)})`;
    case 'leaf': {
      const l = e.leaf;
      const target = l.attr === null ? 'itemName()' : 'every' in l && l.every ? `${kw(rand, 'every')}(${quoteName(l.attr)})` : quoteName(l.attr);
      const q = (s: string) => (rand() < 0.2 ? `"${s.replaceAll('"', '""')}"` : quoteValue(s));
      switch (l.k) {
        case 'cmp': return `${target} ${l.op} ${q(l.v)}`;
        case 'like': return `${target} ${l.neg ? `${kw(rand, 'not')} ` : ''}${kw(rand, 'like')} ${q(l.p)}`;
        case 'between': return `${target} ${kw(rand, 'between')} ${q(l.lo)} ${kw(rand, 'and')} ${q(l.hi)}`;
        case 'in': return `${target} ${kw(rand, 'in')} (${l.vs.map(q).join(', ')})`;
        case 'null': return `${target} ${kw(rand, 'is')} ${l.neg ? `${kw(rand, 'not')} ` : ''}${kw(rand, 'null')}`;
      }
    }
  }
}

export function genLeaf(rand: () => number, itemNames: string[]): Leaf {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const attr = pick(ATTRS);
  const every = rand() < 0.15;
  const r = rand();
  if (r < 0.1) return { k: 'cmp', attr: null, every: false, op: pick(['=', '!=', '>', '>=', '<', '<='] as const), v: pick(itemNames) };
  if (r < 0.5) return { k: 'cmp', attr, every, op: pick(['=', '!=', '>', '>=', '<', '<='] as const), v: pick(VALUES) };
  if (r < 0.65) {
    const plain = pick(VALUES.filter((v) => v !== ''));
    // Half the time the % of the core is escaped (\%, the guide's escape), else it stays literal or a wildcard by position.
    const core = rand() < 0.5 ? plain.replaceAll('%', '\\%') : plain;
    return { k: 'like', attr, every, neg: rand() < 0.3, p: pick([`${core}%`, `%${core}`, `%${core}%`, core]) };
  }
  if (r < 0.75) return { k: 'between', attr, every, lo: pick(VALUES), hi: pick(VALUES) };
  if (r < 0.85) return { k: 'in', attr, every, vs: [pick(VALUES), pick(VALUES), pick(VALUES)] };
  return { k: 'null', attr, neg: rand() < 0.5 };
}

export function genExpr(rand: () => number, depth: number, itemNames: string[]): E {
  if (depth === 0 || rand() < 0.35) return { k: 'leaf', leaf: genLeaf(rand, itemNames) };
  const r = rand();
  if (r < 0.15) return { k: 'not', e: genExpr(rand, depth - 1, itemNames) };
  const k = r < 0.5 ? 'and' : r < 0.85 ? 'or' : 'int';
  return { k, l: genExpr(rand, depth - 1, itemNames), r: genExpr(rand, depth - 1, itemNames) };
}

export function genItems(rand: () => number): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < 24; i++) {
    const attrs: Record<string, string[]> = {};
    for (const a of ATTRS) {
      const n = Math.floor(rand() * 4) - (rand() < 0.3 ? 1 : 0);
      const vs = new Set<string>();
      for (let j = 0; j < n; j++) vs.add(VALUES[Math.floor(rand() * VALUES.length)]!);
      if (vs.size > 0) attrs[a] = [...vs];
    }
    if (Object.keys(attrs).length === 0) attrs['a'] = ['a'];
    items.push({ name: `${VALUES[i % VALUES.length]}#${i}`, attrs });
  }
  return items;
}

/** Items a query ordered by `order` returns (reference): the key is the smallest value ascending, the largest descending, ties by item name. */
export function refSelect(items: Item[], e: E | undefined, order: { attr: string | null; desc: boolean }): string[] {
  const rows = items
    .filter((it) => !e || refMatches(e, it))
    .flatMap((it) => {
      if (order.attr === null) return [{ name: it.name, key: it.name }];
      const vs = [...(it.attrs[order.attr] ?? [])].sort(cmp);
      return vs.length === 0 ? [] : [{ name: it.name, key: order.desc ? vs[vs.length - 1]! : vs[0]! }];
    });
  return rows.sort((x, y) => (order.desc ? -cmp(x.key, y.key) : cmp(x.key, y.key)) || cmp(x.name, y.name)).map((x) => x.name);
}

/** PutAttributes parameters writing every value of `attrs` (with Replace when asked). */
export function putParams(domain: string, name: string, attrs: Record<string, string[]>, replace = false): Map<string, string> {
  const p = new Map([['DomainName', domain], ['ItemName', name]]);
  let n = 1;
  for (const [a, vs] of Object.entries(attrs)) for (const v of vs) {
    p.set(`Attribute.${n}.Name`, a);
    p.set(`Attribute.${n}.Value`, v);
    if (replace) p.set(`Attribute.${n}.Replace`, 'true');
    n++;
  }
  return p;
}

/** A server's actions holding `items` in domain `prop`. */
export function setup(items: Item[], lagMs = 0, now: () => number = Date.now): SimpleDbActions {
  const server = new SimpleDbActions(DEFAULT_LIMITS, lagMs, now);
  server.createDomain(new Map([['DomainName', 'prop']]));
  for (const item of items) server.putAttributes(putParams('prop', item.name, item.attrs));
  return server;
}

/** The item names a query returns, across every page. */
export function serverSelect(server: SimpleDbActions, expression: string, consistent = true): string[] {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const p = new Map([['SelectExpression', expression], ['ConsistentRead', String(consistent)]]);
    if (token) p.set('NextToken', token);
    const root = parseXml(`<R>${server.select(p)}</R>`);
    out.push(...childrenNamed(root, 'Item').map((i) => childText(i, 'Name')!));
    token = childText(root, 'NextToken');
  } while (token);
  return out;
}
