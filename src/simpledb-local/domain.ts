// One domain's data: its items, the totals its limits are checked against, the recent versions an
// eventually consistent read may still see, and the sorted orders Select pages through.
import { cloneAttrs, itemSize, utf8Length, type Attrs } from './item.ts';
import { OrderIndex, orderingId, type Ordering } from './order-index.ts';

interface Version {
  at: number;
  attrs: Attrs | null;
}

/**
 * Orders kept per domain. Each is built on the first Select that needs it and then maintained by
 * every write, so the few orders a client pages through stay cheap; a client cycling through many
 * sort attributes costs a rebuild now and then rather than unbounded memory.
 */
const MAX_ORDER_INDEXES = 8;

export class Domain {
  readonly items = new Map<string, Attrs>();
  pairs = 0;
  bytes = 0;
  /** DomainMetadata's totals, kept by every write (a DomainMetadata walked every item: 80 ms at 100 k). */
  itemNameBytes = 0;
  valueBytes = 0;
  attributeNameBytes = 0;
  /** Attribute name -> how many items have it: its distinct names are DomainMetadata's AttributeNameCount. */
  readonly attributeNames = new Map<string, number>();
  /** Recent versions per item, only while a read lag is configured. */
  readonly #history = new Map<string, Version[]>();
  /** Built orders, least recently used first. */
  readonly #indexes = new Map<string, OrderIndex>();

  constructor(
    readonly name: string,
    private readonly lagMs: number,
    private readonly now: () => number,
  ) {}

  /** Replaces an item's state (null or no attributes: deleted), keeping totals, orders and (under lag) history. */
  write(itemName: string, next: Attrs | null): void {
    const prev = this.items.get(itemName);
    if (this.lagMs > 0) {
      const now = this.now();
      const h = this.#history.get(itemName) ?? [{ at: -Infinity, attrs: cloneAttrs(prev) }];
      h.push({ at: now, attrs: cloneAttrs(next ?? undefined) });
      // Keep the newest version at or before the lag horizon, and everything after it.
      let keepFrom = 0;
      for (let i = 0; i < h.length; i++) if (h[i]!.at <= now - this.lagMs) keepFrom = i;
      this.#history.set(itemName, h.slice(keepFrom));
    }
    this.#set(itemName, prev, next && next.size > 0 ? next : undefined);
  }

  /** An item as stored before (loaded from a file): no history, as if written long ago. */
  restore(itemName: string, attrs: Attrs): void {
    this.#set(itemName, this.items.get(itemName), attrs.size > 0 ? attrs : undefined);
  }

  #set(itemName: string, prev: Attrs | undefined, next: Attrs | undefined): void {
    const before = itemSize(itemName, prev);
    const after = itemSize(itemName, next);
    if (next) this.items.set(itemName, next);
    else this.items.delete(itemName);
    this.pairs += after.pairs - before.pairs;
    this.bytes += after.bytes - before.bytes;
    this.itemNameBytes += after.nameBytes - before.nameBytes;
    this.valueBytes += after.valueBytes - before.valueBytes;
    if (prev) for (const k of prev.keys()) this.#countName(k, -1);
    if (next) for (const k of next.keys()) this.#countName(k, 1);
    for (const index of this.#indexes.values()) index.update(itemName, prev, next);
  }

  #countName(name: string, delta: number): void {
    const count = (this.attributeNames.get(name) ?? 0) + delta;
    if (count > 0) this.attributeNames.set(name, count);
    else this.attributeNames.delete(name);
    if (count === 0 || (count === 1 && delta > 0)) this.attributeNameBytes += delta * utf8Length(name);
  }

  /**
   * The items a read sees differently from their current state: under a lag and without
   * ConsistentRead, each item written within the last lagMs maps to its state of lagMs ago (null:
   * it did not exist). Empty for consistent reads. Versions past the horizon are dropped here.
   */
  staleItems(consistent: boolean): Map<string, Attrs | null> {
    const stale = new Map<string, Attrs | null>();
    if (consistent || this.lagMs <= 0 || this.#history.size === 0) return stale;
    const horizon = this.now() - this.lagMs;
    for (const [itemName, versions] of this.#history) {
      let state: Attrs | null | undefined;
      for (const v of versions) if (v.at <= horizon) state = v.attrs;
      if (state === undefined) continue;
      if (versions[versions.length - 1]!.at <= horizon) {
        this.#history.delete(itemName);
        continue;
      }
      stale.set(itemName, state && state.size > 0 ? state : null);
    }
    return stale;
  }

  /** One item as a read sees it. */
  read(itemName: string, consistent: boolean): Attrs | undefined {
    const stale = this.staleItems(consistent);
    return stale.has(itemName) ? (stale.get(itemName) ?? undefined) : this.items.get(itemName);
  }

  /** The current items in `ordering`, built now if no Select needed it lately. */
  orderIndex(ordering: Ordering): OrderIndex {
    const id = orderingId(ordering);
    let index = this.#indexes.get(id);
    if (index) this.#indexes.delete(id);
    else index = new OrderIndex(ordering, this.items);
    this.#indexes.set(id, index);
    if (this.#indexes.size > MAX_ORDER_INDEXES) this.#indexes.delete(this.#indexes.keys().next().value!);
    return index;
  }
}
