import { Catalog, CATALOG_FORMAT, emptyCounts, type RunRecord, type SourceCounts, type SourceRunRecord } from './catalog/catalog.ts';
import { chainOf, recordedFiles, sourceFolder, stateFileName } from './catalog/records.ts';
import { RunLease } from './catalog/lease.ts';
import { CatalogDamagedError } from './catalog/errors.ts';
import {
  checkPlan,
  concatenateParts,
  mergeSamples,
  partFile,
  partFolder,
  PART_FORMAT,
  planFile,
  PLAN_FORMAT,
  readShardFile,
  SPLITS_FILE,
  SPLITS_FORMAT,
  type ShardPart,
  type ShardPlan,
  type SplitsFile,
} from './catalog/shards.ts';
import { laterOf, saveWatermarkHints, type Watermarks } from '../../watermark/store.ts';
import { VERSION } from '../../version.ts';
import type { BackupDependencies, BackupOptions, BackupResult, SourceResult } from './types.ts';

/** The commit refuses: a part is missing, or the catalogue moved on under the sharded run. */
export class ShardCommitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardCommitError';
  }
}

/**
 * The commit step of a sharded run (docs/sharding.md): once every shard has written its part, the
 * parts' state and events files are joined in range order into the files an unsharded run writes,
 * and the run record commits them. From then on it is one ordinary run: restore, verify and prune
 * read it as any other. Refuses, naming the missing shards, while a part is missing.
 */
export async function runS3ShardCommit(options: BackupOptions, deps: BackupDependencies, name: string): Promise<BackupResult> {
  const now = deps.now ?? (() => new Date());
  const begun = now();
  const { destination, logger } = deps;
  const catalog = new Catalog(destination, { read: { attempts: options.retryAttempts ?? 4, ...(deps.sleep ? { sleep: deps.sleep } : {}) } });
  const read = catalog.readOptions;
  const file = planFile(name);
  const found = await readShardFile<ShardPlan>(destination, file, PLAN_FORMAT, read);
  if (!found) throw new ShardCommitError(`sharded run ${name}: no shard has started (${file} is missing); run the shards first, then the commit`);
  const plan = checkPlan(found, file);
  if (await catalog.readRun(plan.runId)) {
    logger.info(`sharded run ${name} is already committed as run ${plan.runId}`);
    return { runId: plan.runId, status: 'complete', sources: [], totals: emptyCounts(), watermarksBefore: {}, watermarksAfter: {}, durationMs: 0, unfinishedRuns: [] };
  }

  const parts: ShardPart[] = [];
  const missing: number[] = [];
  for (let shard = 1; shard <= plan.count; shard++) {
    const part = await readShardFile<ShardPart>(destination, partFile(name, shard, plan.count), PART_FORMAT, read);
    if (part?.runId === plan.runId && part.shard === shard && part.count === plan.count) parts.push(part);
    else missing.push(shard);
  }
  if (missing.length > 0) {
    throw new ShardCommitError(
      `sharded run ${name} (run ${plan.runId}): ${missing.length} of ${plan.count} shards have not written their part (shard ${missing.map((s) => `${s}/${plan.count}`).join(', ')}). ` +
        'Nothing was committed. Re-run the failed shards (GitHub: "Re-run failed jobs" keeps the run id), then the commit',
    );
  }

  const lease = await RunLease.acquire(destination, plan.runId, logger, { ...options.lease, now, shared: name });
  try {
    const records: SourceRunRecord[] = [];
    const results: SourceResult[] = [];
    const splits: SplitsFile = { format: SPLITS_FORMAT, runId: plan.runId, sources: {} };
    for (const planned of plan.sources) {
      // The parts compared against the base run: a run committed since (a backup that took a stale
      // lease) would be contradicted by them.
      const latest = await catalog.latestFor(planned.bucket, planned.prefix, planned.id);
      if (latest?.run.runId !== planned.baseRunId) {
        throw new ShardCommitError(
          `sharded run ${name}: run ${latest?.run.runId ?? 'none'} is now the latest of ${planned.id}, but the shards compared against ${planned.baseRunId ?? 'no run'}. ` +
            'Nothing was committed; the copies are kept and reused. Start a new sharded run (a new run id)',
        );
      }
      const pieces = parts.map((p) => {
        const piece = p.sources.find((s) => s.id === planned.id);
        if (!piece) throw new ShardCommitError(`sharded run ${name}: part ${p.shard} of ${p.count} holds no part of ${planned.id}; re-run that shard`);
        // A part names its files, but only the ones its shard writes are joined: nothing else of the destination.
        const folder = partFolder(name, planned.bucket, planned.prefix, p.shard, p.count);
        if (piece.stateKind !== planned.stateKind || piece.state?.file !== `${folder}${stateFileName(planned.stateKind)}` || piece.events?.file !== `${folder}events.jsonl.gz`) {
          throw new CatalogDamagedError(partFile(name, p.shard, p.count), `does not name the files shard ${p.shard} writes for ${planned.id}`, 'run that shard again, then the commit');
        }
        // A part is read from storage others may write: its filter is only lists of text and two sizes.
        const f = piece.filter as Record<string, unknown> | undefined;
        const lists = ['include', 'exclude', 'filter'].every((k) => f?.[k] === undefined || (Array.isArray(f[k]) && (f[k] as unknown[]).every((x) => typeof x === 'string')));
        const sizes = ['minSize', 'maxSize'].every((k) => f?.[k] === undefined || (Number.isSafeInteger(f[k]) && (f[k] as number) >= 0));
        if (f !== undefined && (typeof f !== 'object' || f === null || Array.isArray(f) || !lists || !sizes || Object.keys(f).some((k) => !['include', 'exclude', 'filter', 'minSize', 'maxSize'].includes(k)))) {
          throw new CatalogDamagedError(partFile(name, p.shard, p.count), 'is not a part pullback wrote (filter)', 'run that shard again, then the commit');
        }
        const badCount = Object.keys(emptyCounts()).find((k) => !Number.isSafeInteger(piece.counts?.[k as keyof SourceCounts] ?? 0) || (piece.counts?.[k as keyof SourceCounts] ?? 0) < 0);
        if (badCount !== undefined || typeof piece.listStartedAt !== 'string' || typeof piece.listFinishedAt !== 'string') {
          throw new CatalogDamagedError(partFile(name, p.shard, p.count), `is not a part pullback wrote (${badCount ?? 'listing times'})`, 'run that shard again, then the commit');
        }
        return piece;
      });
      const folder = sourceFolder(planned.bucket, planned.prefix, plan.runId);
      const stateKey = `${folder}${stateFileName(planned.stateKind)}`;
      const state = await concatenateParts(destination, stateKey, pieces.map((p) => p.state), read);
      const eventsKey = `${folder}events.jsonl.gz`;
      const events = await concatenateParts(destination, eventsKey, pieces.map((p) => p.events), read);
      const counts = emptyCounts();
      for (const piece of pieces) for (const key of Object.keys(counts) as (keyof SourceCounts)[]) counts[key] += piece.counts[key] ?? 0;
      const complete = pieces.every((p) => p.complete);
      // The run's record names its filter; shards that used different ones make no single run.
      const filters = new Set(pieces.map((p) => JSON.stringify(p.filter ?? {})));
      if (filters.size > 1) {
        throw new ShardCommitError(`sharded run ${name}: its shards backed up ${planned.id} with different filters (${[...filters].join(' / ')}): run every shard with the same include, exclude, filter, min-size and max-size`);
      }
      const filter = pieces[0]?.filter;
      const base = latest;
      const watermarkBefore = base?.source.watermarkAfter;
      // What every shard saw: from the earliest shard's listing start (the watermark must not pass
      // a change a late shard may have listed before it happened) to the last one's end.
      const starts = pieces.map((p) => p.serverStart).filter((s): s is string => s !== undefined).sort();
      const watermarkAfter = complete ? (laterOf(watermarkBefore, starts[0]) ?? watermarkBefore) : watermarkBefore;
      const listStartedAt = pieces.map((p) => p.listStartedAt).sort()[0]!;
      const listFinishedAt = pieces.map((p) => p.listFinishedAt).sort().at(-1)!;
      const chain = planned.stateKind === 'delta' && base ? chainOf(base.source, base.run.runId) : undefined;
      const durationMs = Math.max(...parts.map((p) => Date.parse(p.finishedAt))) - Date.parse(plan.startedAt);
      records.push({
        id: planned.id,
        bucket: planned.bucket,
        prefix: planned.prefix,
        versioned: planned.versioned,
        listStartedAt,
        listFinishedAt,
        ...recordedFiles({ stateKey, eventsKey }, state, events, chain ? [...chain, { runId: plan.runId, kind: 'delta' as const, sha256: state.sha256, bytes: state.bytes }] : undefined),
        counts,
        complete,
        durationMs,
        ...(base ? { previousRunId: base.run.runId } : {}),
        ...(watermarkBefore ? { watermarkBefore } : {}),
        ...(watermarkAfter ? { watermarkAfter } : {}),
        ...(filter ? { filter } : {}),
      });
      results.push({
        id: planned.id,
        versioned: planned.versioned,
        counts,
        durationMs,
        watermarkOrigin: watermarkBefore ? 'catalogue' : 'none',
        complete,
        errors: pieces.flatMap((p) => p.errors).slice(0, 20),
        ...(watermarkBefore ? { watermarkBefore } : {}),
        ...(watermarkAfter ? { watermarkAfter } : {}),
      });
      splits.sources[planned.id] = mergeSamples(pieces.map((p) => p.sample));
      logger.info(`${planned.id}: ${plan.count} parts joined (${counts.keys} keys, ${counts.copied} versions copied)`);
    }

    const complete = results.every((r) => r.complete);
    const finished = now();
    const record: RunRecord = {
      format: CATALOG_FORMAT,
      runId: plan.runId,
      startedAt: plan.startedAt,
      finishedAt: finished.toISOString(),
      status: complete ? 'complete' : 'partial',
      tool: { name: 'pullback', version: VERSION },
      sources: records,
    };
    await lease.assertHeld();
    await catalog.commit(record);
    logger.info(`sharded run ${name} committed as run ${plan.runId} (${complete ? 'complete' : 'partial: failed keys are retried next run'})`);
    // Where the keys fall now: the next sharded run cuts its ranges here (a hint, rewritten each time).
    await destination.put(SPLITS_FILE, JSON.stringify(splits), { mutable: true });
    if (complete && plan.unfinished.length > 0) await catalog.settle(plan.unfinished, plan.runId, finished);

    const totals = emptyCounts();
    for (const r of results) for (const [key, value] of Object.entries(r.counts)) totals[key as keyof SourceCounts] += value;
    const watermarksBefore: Watermarks = {};
    const watermarksAfter: Watermarks = {};
    for (const r of results) {
      if (r.watermarkBefore) watermarksBefore[r.id] = r.watermarkBefore;
      if (r.watermarkAfter) watermarksAfter[r.id] = r.watermarkAfter;
    }
    if (deps.watermarkStore) await saveWatermarkHints(deps.watermarkStore, watermarksAfter, logger);
    return {
      runId: plan.runId,
      status: complete ? 'complete' : 'partial',
      sources: results,
      totals,
      watermarksBefore,
      watermarksAfter,
      durationMs: finished.getTime() - begun.getTime(),
      unfinishedRuns: plan.unfinished,
    };
  } finally {
    await lease.release();
  }
}
