/** "Did you mean": the closest of `candidates` to what was typed, when it is close enough to be a typo. */

/** Optimal string alignment distance: edits, with a swap of two neighbours counting as one. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The nearest candidate within a third of the typed length (at least 1, at most 4 edits), or one
 * that differs only in case, hyphens and underscores (`dry_run`, `DryRun`).
 */
export function nearest(typed: string, candidates: Iterable<string>): string | undefined {
  const squash = (text: string) => text.toLowerCase().replace(/[-_]/g, '');
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    if (squash(name) === squash(typed)) return name;
    const distance = editDistance(typed.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  const allowed = Math.min(4, Math.max(1, Math.floor(typed.length / 3)));
  return best && best.distance <= allowed ? best.name : undefined;
}
