// An item as the server stores it, and what it weighs in SimpleDB's accounting (pairs and UTF-8
// bytes of names and values, for the per-item and per-domain limits and DomainMetadata).

/** Attribute name to its values (distinct, in the order they were first written). */
export type Attrs = Map<string, string[]>;

export function cloneAttrs(a: Attrs | undefined): Attrs | null {
  if (!a) return null;
  return new Map([...a].map(([k, v]) => [k, [...v]]));
}

/** SimpleDB's limits count UTF-8 bytes, not UTF-16 code units. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** An item's weight: its name-value pairs, and its UTF-8 bytes (all of them; its name's; its values'). */
export interface ItemSize {
  pairs: number;
  bytes: number;
  nameBytes: number;
  valueBytes: number;
}

const NOTHING: ItemSize = Object.freeze({ pairs: 0, bytes: 0, nameBytes: 0, valueBytes: 0 });

export function itemSize(name: string, attrs: Attrs | undefined | null): ItemSize {
  if (!attrs) return NOTHING;
  let pairs = 0;
  const nameBytes = utf8Length(name);
  let bytes = nameBytes;
  let valueBytes = 0;
  for (const [k, vs] of attrs) {
    pairs += vs.length;
    const keyBytes = utf8Length(k);
    for (const v of vs) {
      const b = utf8Length(v);
      valueBytes += b;
      bytes += keyBytes + b;
    }
  }
  return { pairs, bytes, nameBytes, valueBytes };
}
