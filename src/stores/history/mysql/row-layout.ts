// Pure: how one item's attributes are laid out in the readable current-state table. Each attribute
// with a column gets its value there (a multi-valued attribute as a JSON array); the rest go into
// the `_overflow` JSON object. InnoDB refuses a row whose in-row part exceeds about 8,126 bytes
// (16 KB pages): a TEXT value of 40 bytes or less is always kept in the row, a longer one costs at
// least a 20-byte pointer. When an item would come near that limit, its cheapest-to-move values
// (the largest in-row costs first) go to the overflow column, so no item is ever rejected.

import { emptyNameMap, type AttributeMap } from '../types.ts';

export type { AttributeMap } from '../types.ts';

/** Bytes of the in-row part reserved for attribute columns (the fixed columns take the rest). */
export const DEFAULT_ROW_BUDGET = 5600;

/** Columns per current-state table reserved for attributes; beyond it, new attributes live in `_overflow`. */
export const DEFAULT_MAX_ATTRIBUTE_COLUMNS = 250;

export interface RowLayout {
  /** Column name -> text stored there. */
  columns: Map<string, string>;
  /** Attributes kept in `_overflow` (one value as a string, several as an array), or undefined when none. */
  overflow: Record<string, string | string[]> | undefined;
}

/** The text a column holds for these values: the value itself, or a JSON array for several. */
export function columnText(values: readonly string[]): string {
  return values.length === 1 ? values[0]! : JSON.stringify(values);
}

/** Lower bound of the bytes a TEXT value costs inside the row. */
export function inRowCost(text: string): number {
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes <= 40 ? bytes + 2 : 22;
}

export function layoutRow(attributes: AttributeMap, columnOf: (name: string) => string | null | undefined, budget = DEFAULT_ROW_BUDGET): RowLayout {
  const placed: { name: string; column: string; text: string; cost: number }[] = [];
  const overflow = emptyNameMap<string | string[]>();
  let overflowUsed = false;
  // In the attributes' own order: the layout does not depend on it (the values to move are chosen
  // by cost, then name; the overflow's keys are sorted at the end).
  for (const name of Object.keys(attributes)) {
    const values = attributes[name]!;
    if (values.length === 0) continue;
    const column = columnOf(name);
    if (!column) {
      overflow[name] = values.length === 1 ? values[0]! : values;
      overflowUsed = true;
      continue;
    }
    const text = columnText(values);
    placed.push({ name, column, text, cost: inRowCost(text) });
  }
  let total = placed.reduce((sum, p) => sum + p.cost, 0) + (overflowUsed ? 22 : 0);
  if (total > budget) {
    if (!overflowUsed) total += 22;
    // Move the values that cost the most in the row first; ties by name, so the layout is stable.
    const order = [...placed].sort((a, b) => b.cost - a.cost || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const moved = new Set<string>();
    for (const p of order) {
      if (total <= budget) break;
      moved.add(p.name);
      total -= p.cost;
      const values = attributes[p.name]!;
      overflow[p.name] = values.length === 1 ? values[0]! : values;
      overflowUsed = true;
    }
    for (let i = placed.length - 1; i >= 0; i--) if (moved.has(placed[i]!.name)) placed.splice(i, 1);
  }
  const columns = new Map<string, string>();
  for (const p of placed) columns.set(p.column, p.text);
  return { columns, overflow: overflowUsed ? sortKeys(overflow) : undefined };
}

function sortKeys(o: Record<string, string | string[]>): Record<string, string | string[]> {
  const out = emptyNameMap<string | string[]>();
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  return out;
}
