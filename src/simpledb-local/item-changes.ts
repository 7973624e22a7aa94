// What a put or a delete makes of an item, and the conditional check before it: pure functions
// of the item's current attributes, so a batch can be checked whole before any of it is written.
import { SdbFault } from './errors.ts';
import { cloneAttrs, itemSize, type Attrs } from './item.ts';
import type { SimpleDbLimits } from './limits.ts';
import type { DeletableAttribute, ExpectedCondition, ReplaceableAttribute } from './params.ts';

/** The domain totals a put is checked against. */
export interface DomainTotals {
  pairs: number;
  bytes: number;
}

/** Fails with SimpleDB's code unless the item's current attributes satisfy the Expected clause. */
export function checkExpected(expected: ExpectedCondition | undefined, attrs: Attrs | undefined): void {
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

/**
 * The item after a put: Replace drops every value of the name first, a value already there is not
 * added twice. Fails when the item or the domain would pass its limits.
 */
export function applyPut(totals: DomainTotals, limits: SimpleDbLimits, itemName: string, attributes: ReplaceableAttribute[], base: Attrs | undefined): Attrs {
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
  if (pairs > limits.maxPairsPerItem) {
    throw new SdbFault('NumberItemAttributesExceeded', 409, `Too many attributes in this item (${pairs}, at most ${limits.maxPairsPerItem}).`);
  }
  const before = itemSize(itemName, base);
  const after = itemSize(itemName, next);
  if (totals.pairs + after.pairs - before.pairs > limits.maxDomainAttributes) {
    throw new SdbFault('NumberDomainAttributesExceeded', 409, 'Too many attributes in this domain.');
  }
  if (totals.bytes + after.bytes - before.bytes > limits.maxDomainBytes) {
    throw new SdbFault('NumberDomainBytesExceeded', 409, 'Too many bytes in this domain.');
  }
  return next;
}

/** The item after a delete: no attributes listed deletes the whole item (null). */
export function applyDelete(base: Attrs | undefined, attributes: DeletableAttribute[]): Attrs | null {
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
