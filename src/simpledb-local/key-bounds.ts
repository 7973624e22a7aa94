// What a where clause says about the sort key of every item it matches, so a Select page can seek
// past the items that cannot match (`lastModified >= 'W' order by lastModified`, `itemName() > 'x'`)
// and stop at the first item past which none can.
//
// Only comparisons every match must pass count: leaves joined to the top by `and` and
// `intersection`, on the sorted target. A plain comparison on a multi-valued attribute holds for
// *some* value, while the key is the smallest value ascending and the largest descending, so
// `a >= 'W'` bounds an ascending key only when every item has a single value of `a`; `every(a)`
// and itemName() hold for every value, so they always bound it.
import { compareKeys } from '../plan/keys.ts';
import type { Ordering, Row } from './order-index.ts';
import type { Expr, Target, Test } from './select.ts';

interface Bound {
  value: string;
  inclusive: boolean;
}

interface Range {
  lo?: Bound;
  hi?: Bound;
}

export interface KeyBounds {
  /** False then true along the order: rows before the first it accepts cannot match. */
  startAt?: (row: Row) => boolean;
  /** False then true along the order: from the first row it accepts on, none can match. */
  pastEnd?: (row: Row) => boolean;
}

type Leaf = Extract<Expr, { t: 'leaf' }>;

function conjunctLeaves(e: Expr | undefined, out: Leaf[] = []): Leaf[] {
  if (!e) return out;
  if (e.t === 'leaf') out.push(e);
  else if (e.t === 'and' || e.t === 'intersection') {
    conjunctLeaves(e.left, out);
    conjunctLeaves(e.right, out);
  }
  return out;
}

function sameTarget(a: Target, b: Target): boolean {
  return a.kind === 'itemName' ? b.kind === 'itemName' : b.kind === 'attr' && a.name === b.name;
}

/** The values a test can accept, as a range (undefined: no range, e.g. `!=`, `like`, `is null`). */
function leafRange(test: Test): Range | undefined {
  switch (test.op) {
    case '=': return { lo: { value: test.value, inclusive: true }, hi: { value: test.value, inclusive: true } };
    case '>': return { lo: { value: test.value, inclusive: false } };
    case '>=': return { lo: { value: test.value, inclusive: true } };
    case '<': return { hi: { value: test.value, inclusive: false } };
    case '<=': return { hi: { value: test.value, inclusive: true } };
    case 'between': return { lo: { value: test.lo, inclusive: true }, hi: { value: test.hi, inclusive: true } };
    case 'in': {
      const sorted = [...test.values].sort(compareKeys);
      return { lo: { value: sorted[0]!, inclusive: true }, hi: { value: sorted[sorted.length - 1]!, inclusive: true } };
    }
    default: return undefined;
  }
}

/** The narrower of two bounds of the same side (`sign` 1 for lower bounds, -1 for upper). */
function tighter(a: Bound | undefined, b: Bound | undefined, sign: 1 | -1): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = compareKeys(a.value, b.value) * sign;
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a;
}

function intersect(into: Range, r: Range): void {
  into.lo = tighter(into.lo, r.lo, 1);
  into.hi = tighter(into.hi, r.hi, -1);
}

/** `singleValued`: every item in the index has one value of the sorted attribute. */
export function keyBounds(where: Expr | undefined, ordering: Ordering, singleValued: boolean): KeyBounds {
  const any: Range = {};
  const everyValue: Range = {};
  for (const leaf of conjunctLeaves(where)) {
    if (!sameTarget(leaf.target, ordering.target)) continue;
    const r = leafRange(leaf.test);
    if (!r) continue;
    intersect(any, r);
    if (leaf.target.kind === 'itemName' || leaf.every || singleValued) intersect(everyValue, r);
  }
  const bounds: KeyBounds = {};
  if (!ordering.desc) {
    // The key is the smallest value: at most any bound above, at least only a bound on every value.
    const lo = everyValue.lo;
    const hi = any.hi;
    if (lo) bounds.startAt = (row) => after(compareKeys(row.key, lo.value), lo.inclusive);
    if (hi) bounds.pastEnd = (row) => after(compareKeys(row.key, hi.value), !hi.inclusive);
  } else {
    // The key is the largest value, and keys descend.
    const hi = everyValue.hi;
    const lo = any.lo;
    if (hi) bounds.startAt = (row) => after(-compareKeys(row.key, hi.value), hi.inclusive);
    if (lo) bounds.pastEnd = (row) => after(-compareKeys(row.key, lo.value), !lo.inclusive);
  }
  return bounds;
}

/** `c` > 0, or `c` === 0 when `orEqual`. */
function after(c: number, orEqual: boolean): boolean {
  return c > 0 || (c === 0 && orEqual);
}
