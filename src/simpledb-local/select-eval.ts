// Evaluating a parsed Select where clause on an item, with SimpleDB's multi-valued semantics, and
// an item's sort key.
//
// Semantics (see docs/simpledb.md): a where clause made of comparisons joined by and / or / not is
// one predicate; an item matches it when some choice of one value per attribute makes it true
// (so `k = 'a' and k = 'b'` never matches, `k = 'a' or k = 'b'` matches either). A missing
// attribute makes its comparisons unknown (SQL's three-valued logic: not unknown is unknown), except
// `is null` / `is not null`. `every(k) op v` needs every value of k to pass. `intersection` joins
// two independently evaluated predicates. All comparisons are on UTF-8 byte order.
import { compareKeys } from '../plan/keys.ts';
import type { Expr, Target, Test } from './select.ts';

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
