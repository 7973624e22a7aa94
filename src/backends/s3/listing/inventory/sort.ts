import { compareKeys } from '../../../../plan/keys.ts';
import { mergeSorted } from '../../../../plan/merge.ts';
import type { ScratchSpace } from '../../../../transfer/scratch.ts';
import type { KeyListing, SourceVersion } from '../../../../stores/object/types.ts';
import { InventoryError } from './manifest.ts';

/**
 * An inventory's rows in the order the march needs (S3 byte order, a key's versions newest
 * first), in bounded memory: rows are sorted in runs of `runRows`, each run spilled to a scratch
 * file, and the runs merged (plan/merge.ts). Inventory files are not sorted across files, and a
 * key's versions may sit in different files.
 */
export const DEFAULT_RUN_ROWS = 200_000;

/** Newest first; within one second the current version (IsLatest) first, as listings give them. */
export function newestFirst(a: SourceVersion, b: SourceVersion): number {
  return Date.parse(b.lastModified) - Date.parse(a.lastModified) || Number(b.isLatest === true) - Number(a.isLatest === true) || (a.versionId ?? '').localeCompare(b.versionId ?? '');
}

function byKey(a: SourceVersion, b: SourceVersion): number {
  return compareKeys(a.key, b.key) || newestFirst(a, b);
}

export async function* sortedListing(rows: AsyncIterable<SourceVersion>, scratch: ScratchSpace, options: { versioned: boolean; runRows?: number }): AsyncGenerator<KeyListing> {
  const runRows = options.runRows ?? DEFAULT_RUN_ROWS;
  const dedupe = (key: string, versions: SourceVersion[]) => distinct(key, versions, options.versioned);
  const runs: AsyncIterable<SourceVersion>[] = [];
  let batch: SourceVersion[] = [];
  const spill = async () => {
    batch.sort(byKey);
    const spool = scratch.spool<SourceVersion>(`inventory-run-${runs.length}`);
    for (const row of batch) await spool.add(row);
    runs.push(spool.read());
    batch = [];
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= runRows) await spill();
  }
  if (runs.length === 0) {
    // Everything fit in one run: no file needed.
    batch.sort(byKey);
    for (const entry of group(batch)) yield { key: entry.key, versions: dedupe(entry.key, entry.versions) };
    return;
  }
  if (batch.length > 0) await spill();
  for await (const merged of mergeSorted(runs.map((items, index) => ({ items, key: (row: SourceVersion) => row.key, name: `inventory sort run ${index + 1}`, repeats: true })))) {
    const versions = merged.items.flat().sort(newestFirst);
    yield { key: merged.key, versions: dedupe(merged.key, versions) };
  }
}

function* group(sorted: SourceVersion[]): Generator<KeyListing> {
  let current: KeyListing | undefined;
  for (const row of sorted) {
    if (current && current.key === row.key) {
      current.versions.push(row);
      continue;
    }
    if (current) yield current;
    current = { key: row.key, versions: [row] };
  }
  if (current) yield current;
}

/**
 * A version listed twice (a report's files may overlap) counts once. An unversioned report holds
 * one row per key: two different ones mean the report is not what it claims.
 */
function distinct(key: string, versions: SourceVersion[], versioned: boolean): SourceVersion[] {
  const seen = new Set<string>();
  const kept = versions.filter((v) => {
    const id = v.versionId ?? `${v.etag}:${v.size}:${v.lastModified}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  if (!versioned && kept.length > 1) throw new InventoryError(`the inventory lists the key ${JSON.stringify(key.slice(0, 200))} ${kept.length} times with different contents, in a report without versions`);
  if (versioned && kept.filter((v) => v.isLatest).length > 1) throw new InventoryError(`the inventory marks ${kept.filter((v) => v.isLatest).length} versions of ${JSON.stringify(key.slice(0, 200))} as the latest`);
  return kept;
}
