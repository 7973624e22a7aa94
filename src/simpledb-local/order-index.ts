// A domain's items in one Select order (`order by a [desc]`, or item name), kept sorted as items
// are written, so a page starts with a binary search instead of sorting the domain.
import { compareKeys } from '../plan/keys.ts';
import type { Attrs } from './item.ts';
import type { Target } from './select.ts';
import { sortKey } from './select-eval.ts';
import { SortedList } from './sorted-list.ts';

export interface Ordering {
  target: Target;
  desc: boolean;
}

/** An item's place in an ordering: its sort key (see `sortKey`) and its name, the tie-breaker. */
export interface Row {
  key: string;
  name: string;
}

export const ITEM_NAME_ORDER: Ordering = { target: { kind: 'itemName' }, desc: false };

export function orderingId(o: Ordering): string {
  return JSON.stringify([o.target.kind === 'attr' ? o.target.name : null, o.desc]);
}

/** Select's order: the key (UTF-8 byte order, reversed for desc), then the item name ascending. */
export function compareRows(desc: boolean): (a: Row, b: Row) => number {
  return (a, b) => {
    const c = compareKeys(a.key, b.key);
    if (c !== 0) return desc ? -c : c;
    return compareKeys(a.name, b.name);
  };
}

/** The item's row, or null when the ordering leaves it out (it lacks the sort attribute). */
export function rowOf(ordering: Ordering, name: string, attrs: Attrs): Row | null {
  const key = sortKey({ name, attrs }, ordering.target, ordering.desc);
  return key === null ? null : { key, name };
}

function isMultiValued(ordering: Ordering, attrs: Attrs | undefined): boolean {
  return ordering.target.kind === 'attr' && (attrs?.get(ordering.target.name)?.length ?? 0) > 1;
}

export class OrderIndex {
  readonly rows: SortedList<Row>;
  /** Indexed items with more than one value of the sorted attribute. */
  #multiValued = 0;

  constructor(
    readonly ordering: Ordering,
    items: ReadonlyMap<string, Attrs>,
  ) {
    const rows: Row[] = [];
    for (const [name, attrs] of items) {
      const row = rowOf(ordering, name, attrs);
      if (!row) continue;
      rows.push(row);
      if (isMultiValued(ordering, attrs)) this.#multiValued++;
    }
    this.rows = SortedList.of(compareRows(ordering.desc), rows);
  }

  /**
   * Whether every indexed item has one value of the sorted attribute, so its key is its only
   * value (then `a >= 'x'` bounds the key from below even in ascending order, where the key is the
   * smallest value).
   */
  get singleValued(): boolean {
    return this.#multiValued === 0;
  }

  /** Moves an item after a write (`before` / `after` undefined: absent). */
  update(name: string, before: Attrs | undefined, after: Attrs | undefined): void {
    const old = before ? rowOf(this.ordering, name, before) : null;
    const next = after ? rowOf(this.ordering, name, after) : null;
    if (old?.key !== next?.key) {
      if (old) this.rows.delete(old);
      if (next) this.rows.insert(next);
    }
    this.#multiValued += (isMultiValued(this.ordering, after) ? 1 : 0) - (isMultiValued(this.ordering, before) ? 1 : 0);
  }
}
