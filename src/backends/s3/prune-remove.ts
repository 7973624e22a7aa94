import type { Catalog } from './catalog/catalog.ts';
import { JsonLinesWriter, type FileDigest } from './catalog/jsonl.ts';
import type { RunLease } from './catalog/lease.ts';
import { readObjectList } from './catalog/prune-catalog.ts';
import { pruneFolder, PRUNES, parsePruneFile, type PruneRecord } from './catalog/prune-records.ts';
import { RUN_ID, stateFiles } from './catalog/records.ts';
import { committedShardFiles } from './catalog/shard-sweep.ts';
import { sourceSlug } from './plan/names.ts';
import type { StateVersion } from './plan/model.ts';
import { compareKeys } from '../../plan/keys.ts';
import { OrderedPool, orderedWindow } from '../../transfer/ordered.ts';
import { retry } from '../../transfer/retry.ts';
import { classifyTransferError, isAccessDenied, RESTORE_POLICY } from '../../transfer/errors.ts';
import type { ObjectStore, PurgeResult } from '../../stores/object/types.ts';
import type { CataloguedSource, PruneDependencies, UnremovedObject } from './types.ts';

/**
 * After a prune's record is written: the data objects it listed are removed (every version, where
 * the destination keeps versions; never one under Object Lock), and the catalogue files the fold
 * made unnecessary are swept. Whatever stays is written to the source's `left` list, which the next
 * prune tries again. The lease is checked as it goes: a prune whose lease was taken over stops.
 */

export interface RemovalTally {
  removedObjects: number;
  freedBytes: number;
  unremoved: number;
  /** Of those, the ones an error kept (not a lock): the prune reports a failure. */
  failed: number;
  /** The first `listLimit` of them, for the summary. */
  details: UnremovedObject[];
}

/** Removes one object for good: every version (purge), or the plain delete where the store has no versions. */
export async function removeForGood(store: ObjectStore, key: string): Promise<PurgeResult> {
  if (store.purge) return store.purge(key);
  // Gone already (an earlier prune removed it before it was killed): nothing freed now.
  if (!(await store.head(key))) return { removed: 0, kept: [] };
  await store.delete(key);
  return { removed: 1, kept: [] };
}

/** Refused outright (no lock behind it): the credentials may not delete, which stops the prune. */
export function deleteRefused(store: ObjectStore, error: unknown): Error {
  return new Error(
    `${store.description}: the destination refused a removal (${(error as Error).name ?? 'AccessDenied'}): a prune needs credentials that may delete ` +
      '(s3:DeleteObject and, on a versioned bucket, s3:DeleteObjectVersion and s3:ListBucketVersions); backups keep credentials that cannot. ' +
      'The catalogue is already pruned and stays consistent; run the prune again with the prune credentials (docs/retention.md)',
    { cause: error },
  );
}

export async function removeListedData(
  catalog: Catalog,
  source: { id: string; bucket: string; prefix: string },
  list: { file: string; sha256: string; bytes: number },
  context: { pruneId: string; concurrency: number; retryAttempts: number; listLimit: number; lease: RunLease | undefined; deps: PruneDependencies },
): Promise<RemovalTally & { left?: FileDigest & { file: string } }> {
  const { deps } = context;
  const store = catalog.destination;
  const tally: RemovalTally = { removedObjects: 0, freedBytes: 0, unremoved: 0, failed: 0, details: [] };
  const leftFile = `${pruneFolder(source.bucket, source.prefix, context.pruneId)}left.jsonl.gz`;
  let left: JsonLinesWriter | undefined;
  type Outcome = { version: StateVersion & { b: string }; result?: PurgeResult; error?: string };
  const pool = new OrderedPool<{ key: string; outcomes: Outcome[] }>(context.concurrency, orderedWindow(context.concurrency));
  let sinceCheck = 0;
  const collect = async ({ key, outcomes }: { key: string; outcomes: Outcome[] }) => {
    const stays: StateVersion[] = [];
    for (const outcome of outcomes) {
      const why = outcome.error ?? outcome.result?.kept.map((k) => k.reason).join('; ');
      if (outcome.result && outcome.result.removed > 0 && outcome.result.kept.length === 0) {
        tally.removedObjects++;
        tally.freedBytes += outcome.version.s ?? 0;
      }
      if (!why) continue;
      tally.unremoved++;
      if (outcome.error) tally.failed++;
      if (tally.details.length < context.listLimit) tally.details.push({ source: source.id, backupKey: outcome.version.b, reason: why });
      stays.push(outcome.version);
    }
    if (stays.length === 0) return;
    left ??= new JsonLinesWriter(store, leftFile);
    // One line per key, as in the removals list: the next prune reads it in key order.
    await left.write({ k: key, v: stays });
  };
  const removeOne = async (version: StateVersion & { b: string }): Promise<Outcome> => {
    await deps.beforeRemove?.(version.b);
    try {
      const result = await retry(() => removeForGood(store, version.b), {
        attempts: context.retryAttempts,
        baseDelayMs: 250,
        maxDelayMs: 10_000,
        isRetryable: (error) => classifyTransferError(error, RESTORE_POLICY) === 'retryable',
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      });
      return { version, result };
    } catch (error) {
      if (isAccessDenied(error)) throw deleteRefused(store, error);
      return { version, error: `not removed: ${(error as Error).message}` };
    }
  };
  const removeKey = async (key: string, versions: StateVersion[]) => {
    const outcomes: Outcome[] = [];
    for (const version of versions) if (version.b) outcomes.push(await removeOne({ ...version, b: version.b }));
    return { key, outcomes };
  };
  try {
    for await (const line of readObjectList(catalog, source, list, 'nothing more was removed; run the prune again: it plans the removals from the catalogue')) {
      while (pool.full) await collect(await pool.next());
      await pool.submit(() => removeKey(line.k, line.v));
      sinceCheck += line.v.length;
      if (sinceCheck >= 500) {
        sinceCheck = 0;
        // Another run took over a lease it thought stale: stop removing (the next prune finishes).
        await context.lease?.assertHeld();
      }
    }
    while (pool.pending > 0) await collect(await pool.next());
  } catch (error) {
    while (pool.pending > 0) await pool.next().catch(() => undefined);
    await left?.abort();
    throw error;
  }
  const digest = await left?.close();
  return { ...tally, ...(digest ? { left: { ...digest, file: leftFile } } : {}) };
}

/**
 * The catalogue files a committed prune made unnecessary, found by listing: the events and state
 * files of folded runs (but the state chain of each source's latest run, which the next backup
 * reads), the records and markers of folded runs (but each source's latest run record), earlier
 * prunes' records and files the new one no longer names, and files of prunes that never
 * committed. Only names pullback writes are considered; anything else under catalog/ stays.
 */
export async function* unneededCatalogueFiles(catalog: Catalog, record: PruneRecord, sources: Map<string, CataloguedSource>): AsyncGenerator<{ key: string; size: number }> {
  const keep = new Set<string>();
  const foldedThrough = new Map<string, string>();
  for (const part of record.sources) {
    keep.add(part.history);
    if (part.removals) keep.add(part.removals);
    foldedThrough.set(sourceSlug(part.bucket, part.prefix), part.foldedThrough);
  }
  const latestRuns = new Set<string>();
  for (const source of sources.values()) {
    if (!source.latest) continue;
    latestRuns.add(source.latest.run.runId);
    for (const file of stateFiles(source.latest.source)) keep.add(file.file);
  }
  // Runs that never committed are kept while a later backup may still reuse their copies (unsettled).
  const { committed, unfinished } = await catalog.runIds();
  const committedSet = new Set(committed);
  const unsettled = new Set(unfinished);
  const newestFolded = [...foldedThrough.values()].sort(compareKeys).at(-1);

  for await (const object of catalog.destination.list('catalog/runs/')) {
    const match = /^catalog\/runs\/(.+?)(\.started\.json|\.settled|\.json)$/.exec(object.key);
    if (!match || !RUN_ID.test(match[1]!) || newestFolded === undefined || compareKeys(match[1]!, newestFolded) > 0) continue;
    const runId = match[1]!;
    if (latestRuns.has(runId) || unsettled.has(runId)) continue;
    // A record or marker of a run at or before the newest folded one: committed runs are folded; settled ones are done with.
    if (match[2] === '.json' && !committedSet.has(runId)) continue;
    yield { key: object.key, size: object.size };
  }
  for await (const object of catalog.destination.list('catalog/sources/')) {
    if (keep.has(object.key)) continue;
    const parts = /^catalog\/sources\/([^/]+)\/(?:prunes\/)?([^/]+)\/(state\.jsonl\.gz|state-delta\.jsonl\.gz|events\.jsonl\.gz|history\.jsonl\.gz|removals\.jsonl\.gz|left\.jsonl\.gz)$/.exec(object.key);
    if (!parts || !RUN_ID.test(parts[2]!)) continue;
    const [, slug, id, name] = parts as unknown as [string, string, string, string];
    const isPruneFile = object.key.includes('/prunes/');
    if (isPruneFile) {
      // Earlier prunes' files the new record does not name, and files of prunes that never committed.
      if (compareKeys(id, record.pruneId) < 0 || (id === record.pruneId && name !== 'left.jsonl.gz')) yield { key: object.key, size: object.size };
      continue;
    }
    const through = foldedThrough.get(slug);
    if (through === undefined || compareKeys(id, through) > 0) continue;
    // A run's own files at or before the fold: committed (folded), or of a run that died (never read).
    if (committedSet.has(id) || !unsettled.has(id)) yield { key: object.key, size: object.size };
  }
  for await (const object of catalog.destination.list(PRUNES)) {
    const parsed = parsePruneFile(object.key.slice(PRUNES.length));
    if (parsed && compareKeys(parsed.pruneId, record.pruneId) < 0) yield { key: object.key, size: object.size };
  }
  yield* committedShardFiles(catalog, committedSet);
}
