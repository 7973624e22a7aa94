// Pure decisions of a SimpleDB restore, apart from the I/O that carries them out
// (restore-domain.ts): what to do with each item that existed at T given what the target holds,
// which items a live target loses, what reads back right, and how a failed restore on a live
// target is undone. No I/O: the unit tests check them without servers.
import { compareKeys } from '../../plan/keys.ts';
import { emptyNameMap, type AttributeMap, type StateItem } from '../../stores/history/types.ts';
import { contentHash } from './plan.ts';

/** Name-value pairs per item (SimpleDB's limit). */
export const MAX_PAIRS = 256;

/** What to do with one selected item that existed at T. */
export type ItemRestore =
  /** Its history row at T failed its checks: never written (and, on a live target, never deleted). */
  | { action: 'refuse'; damage: string }
  /** The target already holds it as it was at T (by content hash). */
  | { action: 'keep' }
  /**
   * Put its attributes at T (each replacing the attribute's values). `extraAttributes`: names the
   * target's item has that it did not have at T, removed once every put is verified.
   * `afterRemovals`: the put would pass SimpleDB's 256 pairs while the extras are still there, so
   * it waits until they are removed.
   */
  | { action: 'put'; extraAttributes: string[]; afterRemovals: boolean };

/** The decision for `atT` (the item's state at T) against `current` (the target's item now, if any). */
export function planItemRestore(atT: StateItem, current: AttributeMap | undefined): ItemRestore {
  if (atT.damage !== undefined) return { action: 'refuse', damage: atT.damage };
  if (current && contentHash(current) === atT.hash) return { action: 'keep' };
  if (!current) return { action: 'put', extraAttributes: [], afterRemovals: false };
  const extraAttributes = Object.keys(current).filter((name) => !(name in atT.attributes));
  const pairsWhilePut = pairCount(atT.attributes) + extraAttributes.reduce((n, name) => n + current[name]!.length, 0);
  return { action: 'put', extraAttributes, afterRemovals: pairsWhilePut > MAX_PAIRS };
}

/**
 * The items a live target loses: selected, in the target now, absent at T. An item whose row at T
 * is damaged existed at T: it is never deleted. In byte order.
 */
export function itemsAbsentAtT(
  targetItems: Iterable<string>,
  selected: (name: string) => boolean,
  existedAtT: (name: string) => boolean,
): string[] {
  const absent: string[] = [];
  for (const name of targetItems) if (selected(name) && !existedAtT(name)) absent.push(name);
  return absent.sort(compareKeys);
}

/** The attributes without the named ones (what an item should read back as before its extras are removed). */
export function without(attributes: AttributeMap, names: readonly string[] | undefined): AttributeMap {
  if (!names || names.length === 0) return attributes;
  const out: AttributeMap = emptyNameMap();
  for (const [name, values] of Object.entries(attributes)) if (!names.includes(name)) out[name] = values;
  return out;
}

export function pairCount(attributes: AttributeMap): number {
  let n = 0;
  for (const values of Object.values(attributes)) n += values.length;
  return n;
}

/**
 * How a target item reads back at the end of a restore:
 * - `verified`: it is one the restore wanted, with its content at T;
 * - `mismatch`: it is wanted with other content, or it is on a live target, selected, not damaged
 *   at T, and should not be there;
 * - `ignored`: anything else (an item outside the selection, or on a new target's other items).
 */
export function finalCheck(
  name: string,
  attributes: AttributeMap,
  wantedHash: string | undefined,
  rules: { live: boolean; selected: (name: string) => boolean; damagedAtT: (name: string) => boolean },
): 'verified' | 'mismatch' | 'ignored' {
  if (wantedHash !== undefined) return contentHash(attributes) === wantedHash ? 'verified' : 'mismatch';
  return rules.live && rules.selected(name) && !rules.damagedAtT(name) ? 'mismatch' : 'ignored';
}

/** One step of putting a touched item back as the restore found it. */
export type UndoStep =
  /** The restore created it: delete it. */
  | { kind: 'remove-item'; name: string }
  /** Remove the attributes it did not have, then put its attributes as they were. */
  | { kind: 'put-back'; name: string; removeAttributes: string[]; attributes: AttributeMap };

/**
 * The steps that put every touched item back as it was before the restore (`before`), given how
 * it reads now (`now`): items equal to what they were need nothing. In byte order.
 */
export function planUndo(touched: Iterable<string>, before: { get(name: string): AttributeMap | undefined }, now: ReadonlyMap<string, AttributeMap>): UndoStep[] {
  const steps: UndoStep[] = [];
  for (const name of [...touched].sort(compareKeys)) {
    const was = before.get(name);
    const is = now.get(name);
    if (!was) {
      if (is) steps.push({ kind: 'remove-item', name });
      continue;
    }
    if (is && contentHash(is) === contentHash(was)) continue;
    steps.push({ kind: 'put-back', name, removeAttributes: is ? Object.keys(is).filter((n) => !(n in was)) : [], attributes: was });
  }
  return steps;
}
