// The Select language: a lexer, a recursive-descent parser for the whole grammar, and an evaluator
// with SimpleDB's multi-valued semantics.
//
// Semantics (see docs/simpledb.md): a where clause made of comparisons joined by and / or / not is
// one predicate; an item matches it when some choice of one value per attribute makes it true
// (so `k = 'a' and k = 'b'` never matches, `k = 'a' or k = 'b'` matches either). A missing
// attribute makes its comparisons unknown (SQL's three-valued logic: not unknown is unknown), except
// `is null` / `is not null`. `every(k) op v` needs every value of k to pass. `intersection` joins
// two independently evaluated predicates. All comparisons are on UTF-8 byte order.
import { compareKeys } from '../plan/keys.ts';
import { fault, SdbFault } from './errors.ts';

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=';
export type Target = { kind: 'attr'; name: string } | { kind: 'itemName' };
export type Test =
  | { op: CompareOp; value: string }
  | { op: 'like'; pattern: string; negated: boolean }
  | { op: 'between'; lo: string; hi: string }
  | { op: 'in'; values: string[] }
  | { op: 'null'; negated: boolean };
export type Expr =
  | { t: 'leaf'; target: Target; every: boolean; test: Test; id: number }
  | { t: 'and' | 'or' | 'intersection'; left: Expr; right: Expr }
  | { t: 'not'; inner: Expr };
export type Output = { kind: 'all' } | { kind: 'itemName' } | { kind: 'count' } | { kind: 'attrs'; names: string[] };

export interface SelectQuery {
  output: Output;
  domain: string;
  where?: Expr;
  orderBy?: { target: Target; desc: boolean };
  limit?: number;
  /** Number of leaf comparisons. */
  leafCount: number;
}

export const RESERVED = new Set([
  'or', 'and', 'not', 'from', 'where', 'select', 'like', 'null', 'is', 'order', 'by', 'asc', 'desc',
  'in', 'between', 'intersection', 'limit', 'every',
]);

export const SELECT_LIMITS = { maxComparisons: 20, maxAttributes: 20, maxValueTests: 20, maxOutputAttributes: 256, maxLimit: 2500, defaultLimit: 100 };

type Tok =
  | { k: 'word'; v: string; pos: number }
  | { k: 'quotedName'; v: string; pos: number }
  | { k: 'string'; v: string; pos: number }
  | { k: 'number'; v: string; pos: number }
  | { k: 'punct'; v: string; pos: number }
  | { k: 'eof'; v: ''; pos: number };

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"' || c === '`') {
      let v = '';
      i++;
      for (;;) {
        if (i >= src.length) throw fault.query(`Unterminated ${c === '`' ? 'name' : 'string'} starting at position ${start + 1}.`);
        if (src[i] === c) {
          if (src[i + 1] === c) {
            v += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += src[i];
        i++;
      }
      out.push({ k: c === '`' ? 'quotedName' : 'string', v, pos: start });
      continue;
    }
    const word = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i, i + 1100));
    if (word) {
      out.push({ k: 'word', v: word[0], pos: start });
      i += word[0].length;
      continue;
    }
    const num = /^[0-9]+/.exec(src.slice(i, i + 50));
    if (num) {
      out.push({ k: 'number', v: num[0], pos: start });
      i += num[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '!=' || two === '>=' || two === '<=') {
      out.push({ k: 'punct', v: two, pos: start });
      i += 2;
      continue;
    }
    if ('=<>(),*'.includes(c)) {
      out.push({ k: 'punct', v: c, pos: start });
      i++;
      continue;
    }
    throw fault.query(`Unexpected character '${c}' at position ${start + 1}.`);
  }
  out.push({ k: 'eof', v: '', pos: src.length });
  return out;
}

class Parser {
  #toks: Tok[];
  #i = 0;
  #leaves = 0;
  constructor(toks: Tok[]) {
    this.#toks = toks;
  }
  get leaves(): number {
    return this.#leaves;
  }
  peek(offset = 0): Tok {
    return this.#toks[Math.min(this.#i + offset, this.#toks.length - 1)]!;
  }
  next(): Tok {
    const t = this.peek();
    if (this.#i < this.#toks.length - 1) this.#i++;
    return t;
  }
  isKw(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.k === 'word' && t.v.toLowerCase() === word;
  }
  isPunct(p: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.k === 'punct' && t.v === p;
  }
  describe(t: Tok): string {
    return t.k === 'eof' ? 'the end of the expression' : `'${t.v}' at position ${t.pos + 1}`;
  }
  expectKw(word: string): void {
    if (!this.isKw(word)) throw fault.query(`Expected '${word}' but found ${this.describe(this.peek())}.`);
    this.next();
  }
  expectPunct(p: string): void {
    if (!this.isPunct(p)) throw fault.query(`Expected '${p}' but found ${this.describe(this.peek())}.`);
    this.next();
  }
  /** itemName() */
  isItemNameCall(): boolean {
    return this.isKw('itemname') && this.isPunct('(', 1) && this.isPunct(')', 2);
  }
  name(what: string): string {
    const t = this.peek();
    if (t.k === 'quotedName') {
      this.next();
      return t.v;
    }
    if (t.k === 'word' && !RESERVED.has(t.v.toLowerCase())) {
      this.next();
      return t.v;
    }
    throw fault.query(`Expected ${what} but found ${this.describe(t)}.`);
  }
  string(): string {
    const t = this.peek();
    if (t.k !== 'string') throw fault.query(`Expected a quoted value but found ${this.describe(t)}.`);
    this.next();
    return t.v;
  }

  query(): SelectQuery {
    this.expectKw('select');
    const output = this.output();
    this.expectKw('from');
    const domain = this.name('a domain name');
    const q: SelectQuery = { output, domain, leafCount: 0 };
    if (this.isKw('where')) {
      this.next();
      q.where = this.intersection();
    }
    if (this.isKw('order')) {
      this.next();
      this.expectKw('by');
      let target: Target;
      if (this.isItemNameCall()) {
        this.next(); this.next(); this.next();
        target = { kind: 'itemName' };
      } else target = { kind: 'attr', name: this.name('an attribute name to sort by') };
      let desc = false;
      if (this.isKw('asc')) this.next();
      else if (this.isKw('desc')) {
        this.next();
        desc = true;
      }
      q.orderBy = { target, desc };
    }
    if (this.isKw('limit')) {
      this.next();
      const t = this.peek();
      if (t.k !== 'number') throw fault.query(`Expected a number after limit but found ${this.describe(t)}.`);
      this.next();
      const n = Number(t.v);
      if (!Number.isSafeInteger(n) || n < 1 || n > SELECT_LIMITS.maxLimit) {
        throw new SdbFault('InvalidParameterValue', 400, `Value (${t.v}) for parameter Limit is invalid. It must be between 1 and ${SELECT_LIMITS.maxLimit}.`);
      }
      q.limit = n;
    }
    if (this.peek().k !== 'eof') throw fault.query(`Unexpected ${this.describe(this.peek())}.`);
    q.leafCount = this.#leaves;
    return q;
  }

  output(): Output {
    if (this.isPunct('*')) {
      this.next();
      return { kind: 'all' };
    }
    if (this.isItemNameCall()) {
      this.next(); this.next(); this.next();
      return { kind: 'itemName' };
    }
    if (this.isKw('count') && this.isPunct('(', 1)) {
      this.next(); this.next();
      this.expectPunct('*');
      this.expectPunct(')');
      return { kind: 'count' };
    }
    const names = [this.name('an output list')];
    while (this.isPunct(',')) {
      this.next();
      names.push(this.name('an attribute name'));
    }
    if (names.length > SELECT_LIMITS.maxOutputAttributes) {
      throw new SdbFault('TooManyRequestedAttributes', 400, `Too many attributes requested (${names.length}, at most ${SELECT_LIMITS.maxOutputAttributes}).`);
    }
    return { kind: 'attrs', names };
  }

  intersection(): Expr {
    let left = this.or();
    while (this.isKw('intersection')) {
      this.next();
      left = { t: 'intersection', left, right: this.or() };
    }
    return left;
  }
  or(): Expr {
    let left = this.and();
    while (this.isKw('or')) {
      this.next();
      left = { t: 'or', left, right: this.and() };
    }
    return left;
  }
  and(): Expr {
    let left = this.not();
    while (this.isKw('and')) {
      this.next();
      left = { t: 'and', left, right: this.not() };
    }
    return left;
  }
  not(): Expr {
    if (this.isKw('not')) {
      this.next();
      return { t: 'not', inner: this.not() };
    }
    return this.primary();
  }
  primary(): Expr {
    if (this.isPunct('(')) {
      this.next();
      const e = this.intersection();
      this.expectPunct(')');
      return e;
    }
    let target: Target;
    let every = false;
    if (this.isItemNameCall()) {
      this.next(); this.next(); this.next();
      target = { kind: 'itemName' };
    } else if (this.isKw('every') && this.isPunct('(', 1)) {
      this.next(); this.next();
      target = { kind: 'attr', name: this.name('an attribute name in every()') };
      this.expectPunct(')');
      every = true;
    } else {
      target = { kind: 'attr', name: this.name('an attribute name or itemName()') };
    }
    const test = this.test();
    if (every && test.op === 'null') throw fault.query('every() cannot be combined with is null / is not null.');
    this.#leaves++;
    return { t: 'leaf', target, every, test, id: this.#leaves - 1 };
  }
  test(): Test {
    const t = this.peek();
    if (t.k === 'punct' && ['=', '!=', '>', '>=', '<', '<='].includes(t.v)) {
      this.next();
      return { op: t.v as CompareOp, value: this.string() };
    }
    if (this.isKw('like')) {
      this.next();
      return { op: 'like', pattern: this.string(), negated: false };
    }
    if (this.isKw('not') && this.isKw('like', 1)) {
      this.next(); this.next();
      return { op: 'like', pattern: this.string(), negated: true };
    }
    if (this.isKw('between')) {
      this.next();
      const lo = this.string();
      this.expectKw('and');
      return { op: 'between', lo, hi: this.string() };
    }
    if (this.isKw('in')) {
      this.next();
      this.expectPunct('(');
      const values = [this.string()];
      while (this.isPunct(',')) {
        this.next();
        values.push(this.string());
      }
      this.expectPunct(')');
      if (values.length > SELECT_LIMITS.maxValueTests) {
        throw new SdbFault('InvalidNumberValueTests', 400, `Too many value tests per predicate in the query expression (${values.length}, at most ${SELECT_LIMITS.maxValueTests}).`);
      }
      return { op: 'in', values };
    }
    if (this.isKw('is')) {
      this.next();
      let negated = false;
      if (this.isKw('not')) {
        this.next();
        negated = true;
      }
      this.expectKw('null');
      return { op: 'null', negated };
    }
    throw fault.query(`Expected a comparison operator but found ${this.describe(t)}.`);
  }
}

export function leaves(e: Expr | undefined, out: Extract<Expr, { t: 'leaf' }>[] = []): Extract<Expr, { t: 'leaf' }>[] {
  if (!e) return out;
  if (e.t === 'leaf') out.push(e);
  else if (e.t === 'not') leaves(e.inner, out);
  else {
    leaves(e.left, out);
    leaves(e.right, out);
  }
  return out;
}

/** Parses and validates a select expression; throws SdbFault with SimpleDB's codes. */
export function parseSelect(expression: string): SelectQuery {
  const q = new Parser(tokenize(expression)).query();
  const all = leaves(q.where);
  if (all.length > SELECT_LIMITS.maxComparisons) {
    throw new SdbFault('InvalidNumberPredicates', 400, `Too many predicates in the query expression (${all.length}, at most ${SELECT_LIMITS.maxComparisons}).`);
  }
  const attrs = new Set(all.flatMap((l) => (l.target.kind === 'attr' ? [l.target.name] : [])));
  if (attrs.size > SELECT_LIMITS.maxAttributes) {
    throw new SdbFault('InvalidNumberPredicates', 400, `Too many distinct attributes in the query expression (${attrs.size}, at most ${SELECT_LIMITS.maxAttributes}).`);
  }
  if (q.orderBy && q.orderBy.target.kind === 'attr') {
    const sortName = q.orderBy.target.name;
    const constrained = all.some((l) => l.target.kind === 'attr' && l.target.name === sortName && !(l.test.op === 'null' && !l.test.negated));
    if (!constrained) {
      throw new SdbFault('InvalidSortExpression', 400, `The sort attribute must be present in at least one of the predicates, and the predicate cannot contain the is null operator: ${sortName}`);
    }
  }
  return q;
}

// ---- evaluation ----

/** Kleene logic on 0 (false), 0.5 (unknown), 1 (true). */
type K = 0 | 0.5 | 1;

/**
 * A `like` pattern read as the Developer Guide (UsingSelectOperators) describes it: `%` as the
 * first and/or last character is a wildcard; `\%` is a literal percent sign (`like '%3\%'` ends in
 * "3%", `like '3\%%'` begins with "3%"). Every other character stands for itself, a `%` inside the
 * pattern and a backslash not followed by `%` included. Read left to right, so `\\%` is a
 * backslash then a literal percent sign.
 */
export function parseLikePattern(pattern: string): { starts: boolean; ends: boolean; core: string } {
  const tokens: { text: string; wildcard: boolean }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\' && pattern[i + 1] === '%') {
      tokens.push({ text: '%', wildcard: false });
      i++;
    } else tokens.push({ text: pattern[i]!, wildcard: pattern[i] === '%' });
  }
  const starts = tokens[0]?.wildcard === true;
  const ends = tokens.length > (starts ? 1 : 0) && tokens[tokens.length - 1]!.wildcard;
  const core = tokens.slice(starts ? 1 : 0, ends ? -1 : undefined).map((t) => t.text).join('');
  return { starts, ends, core };
}

export function likeMatch(value: string, pattern: string): boolean {
  const { starts, ends, core } = parseLikePattern(pattern);
  if (starts && ends) return value.includes(core);
  if (starts) return value.endsWith(core);
  if (ends) return value.startsWith(core);
  return value === core;
}

export function testValue(test: Test, value: string | null): K {
  if (test.op === 'null') return ((value === null) !== test.negated ? 1 : 0);
  if (value === null) return 0.5;
  switch (test.op) {
    case '=': return value === test.value ? 1 : 0;
    case '!=': return value !== test.value ? 1 : 0;
    case '>': return compareKeys(value, test.value) > 0 ? 1 : 0;
    case '>=': return compareKeys(value, test.value) >= 0 ? 1 : 0;
    case '<': return compareKeys(value, test.value) < 0 ? 1 : 0;
    case '<=': return compareKeys(value, test.value) <= 0 ? 1 : 0;
    case 'like': return likeMatch(value, test.pattern) !== test.negated ? 1 : 0;
    case 'between': return compareKeys(value, test.lo) >= 0 && compareKeys(value, test.hi) <= 0 ? 1 : 0;
    case 'in': return test.values.includes(value) ? 1 : 0;
  }
}

export interface EvalItem {
  name: string;
  attrs: ReadonlyMap<string, readonly string[]>;
}

type Range = [number, number];

/** Whether an item matches a where clause. */
export function matches(expr: Expr | undefined, item: EvalItem): boolean {
  if (!expr) return true;
  if (expr.t === 'intersection') return matches(expr.left, item) && matches(expr.right, item);
  // With at most one value per attribute there is one choice to make: evaluate it directly
  // (the common case, and a page's main cost when the search below allocates per item).
  const single = singleChoice(expr, item);
  return (single === undefined ? evalPredicate(expr, item) : single) === 1;
}

/** The predicate's value when every attribute its plain leaves test has at most one value; else undefined. */
function singleChoice(expr: Expr, item: EvalItem): K | undefined {
  switch (expr.t) {
    case 'intersection':
      return matches(expr, item) ? 1 : 0;
    case 'not': {
      const v = singleChoice(expr.inner, item);
      return v === undefined ? undefined : ((1 - v) as K);
    }
    case 'and':
    case 'or': {
      const l = singleChoice(expr.left, item);
      if (l === undefined) return undefined;
      const r = singleChoice(expr.right, item);
      if (r === undefined) return undefined;
      return expr.t === 'and' ? (Math.min(l, r) as K) : (Math.max(l, r) as K);
    }
    case 'leaf': {
      if (expr.target.kind === 'itemName') return testValue(expr.test, item.name);
      const vals = item.attrs.get(expr.target.name);
      if (expr.every) return !vals || vals.length === 0 ? 0.5 : vals.reduce<K>((acc, v) => (Math.min(acc, testValue(expr.test, v)) as K), 1);
      if (vals && vals.length > 1) return undefined;
      return testValue(expr.test, vals && vals.length === 1 ? vals[0]! : null);
    }
  }
}

/** One predicate: exists a choice of one value per attribute making it true. */
function evalPredicate(expr: Expr, item: EvalItem): K {
  // Leaves that depend on the choice: plain attribute tests. Everything else is fixed per item.
  const fixed = new Map<Expr, K>();
  const byAttr = new Map<string, Extract<Expr, { t: 'leaf' }>[]>();
  const walk = (e: Expr): void => {
    if (e.t === 'intersection') fixed.set(e, matches(e, item) ? 1 : 0);
    else if (e.t === 'not') walk(e.inner);
    else if (e.t !== 'leaf') {
      walk(e.left);
      walk(e.right);
    } else if (e.target.kind === 'itemName') fixed.set(e, testValue(e.test, item.name));
    else if (e.every) {
      const vals = item.attrs.get(e.target.name);
      if (!vals || vals.length === 0) fixed.set(e, 0.5);
      else fixed.set(e, vals.reduce<K>((acc, v) => (Math.min(acc, testValue(e.test, v)) as K), 1));
    } else {
      const list = byAttr.get(e.target.name) ?? [];
      list.push(e);
      byAttr.set(e.target.name, list);
    }
  };
  walk(expr);
  // Per attribute: the distinct truth vectors its values give the leaves on it.
  const attrNames = [...byAttr.keys()];
  const leafPos = new Map<Expr, { attr: number; idx: number }>();
  const choices: K[][][] = attrNames.map((name, a) => {
    const ls = byAttr.get(name)!;
    ls.forEach((l, idx) => leafPos.set(l, { attr: a, idx }));
    const vals = item.attrs.get(name);
    const candidates: (string | null)[] = vals && vals.length > 0 ? [...vals] : [null];
    const seen = new Map<string, K[]>();
    for (const v of candidates) {
      const vec = ls.map((l) => testValue(l.test, v));
      seen.set(vec.join(','), vec);
    }
    return [...seen.values()];
  });
  const chosen: (K[] | undefined)[] = attrNames.map(() => undefined);
  const range = (e: Expr): Range => {
    const f = fixed.get(e);
    if (f !== undefined) return [f, f];
    switch (e.t) {
      case 'not': {
        const [lo, hi] = range(e.inner);
        return [1 - hi, 1 - lo];
      }
      case 'and': {
        const l = range(e.left);
        if (l[1] === 0) return l;
        const r = range(e.right);
        return [Math.min(l[0], r[0]), Math.min(l[1], r[1])];
      }
      case 'or': {
        const l = range(e.left);
        if (l[0] === 1) return l;
        const r = range(e.right);
        return [Math.max(l[0], r[0]), Math.max(l[1], r[1])];
      }
      case 'leaf': {
        const pos = leafPos.get(e)!;
        const vec = chosen[pos.attr];
        if (!vec) return [0, 1];
        const v = vec[pos.idx]!;
        return [v, v];
      }
      default:
        throw new Error('unreachable');
    }
  };
  let best: K = 0;
  const search = (a: number): boolean => {
    const [lo, hi] = range(expr);
    if (lo === 1) {
      best = 1;
      return true;
    }
    if (hi < 1) {
      if (hi === 0.5 && a === attrNames.length && best === 0) best = 0.5;
      return false;
    }
    if (a === attrNames.length) return false;
    for (const vec of choices[a]!) {
      chosen[a] = vec;
      if (search(a + 1)) return true;
    }
    chosen[a] = undefined;
    return false;
  };
  search(0);
  return best;
}

/** The sort key of an item: the smallest value ascending, the largest descending; null when absent. */
export function sortKey(item: EvalItem, target: Target, desc: boolean): string | null {
  if (target.kind === 'itemName') return item.name;
  const vals = item.attrs.get(target.name);
  if (!vals || vals.length === 0) return null;
  let key = vals[0]!;
  for (const v of vals) if (desc ? compareKeys(v, key) > 0 : compareKeys(v, key) < 0) key = v;
  return key;
}
