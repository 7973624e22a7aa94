// The Select language: a lexer and a recursive-descent parser for the whole grammar, with
// SimpleDB's limits on expressions. Evaluation is in select-eval.ts.
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
