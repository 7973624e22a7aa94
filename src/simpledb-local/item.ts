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

export function itemSize(name: string, attrs: Attrs | undefined | null): { pairs: number; bytes: number } {
  if (!attrs) return { pairs: 0, bytes: 0 };
  let pairs = 0;
  let bytes = utf8Length(name);
  for (const [k, vs] of attrs) {
    pairs += vs.length;
    for (const v of vs) bytes += utf8Length(k) + utf8Length(v);
  }
  return { pairs, bytes };
}
