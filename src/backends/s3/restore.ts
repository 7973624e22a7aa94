import { Catalog } from './catalog/catalog.ts';
import { latestPrune } from './catalog/prune-catalog.ts';
import { compareKeys } from '../../plan/keys.ts';
import { nearestPoints } from '../../plan/retention.ts';
import { compactTime } from './plan/names.ts';
import { emptyRestoreCounts } from './plan/restore-plan.ts';

import type { ObjectSource, ObjectStore } from '../../stores/object/types.ts';
import { ScratchSpace } from '../../transfer/scratch.ts';
import { number } from '../../report/words.ts';
import { runS3Backup } from './backup.ts';
import { guardTargets } from './restore-guard.ts';
import { RestoreError } from '../restore-error.ts';
import { PendingRemovals } from './restore-removals.ts';
import { listPrefixOf, restoreSource, runRemovals, type RestoreRunContext, type SourceRun } from './restore-source.ts';
import { openRestoreTarget } from './open.ts';
import type { CataloguedSource, RestoreDependencies, RestoreSourceResult, RestoreTotals, S3RestoreOptions, S3RestoreResult } from './types.ts';

export { IN_PLACE_CONFIRMATION, RestoreError } from '../restore-error.ts';

export function emptyRestoreTotals(): RestoreTotals {
  return { ...emptyRestoreCounts(), written: 0, bytesWritten: 0, compared: 0, removed: 0, failed: 0, checkedBySizeOnly: 0, excluded: 0 };
}

/**
 * Every source the catalogue knows, with its committed runs (oldest first) and what the newest
 * prune folded of them: runs up to its `foldedThrough` are read from its history, not their own.
 */
export async function cataloguedSources(catalog: Catalog): Promise<Map<string, CataloguedSource>> {
  const sources = new Map<string, CataloguedSource>();
  const prune = await latestPrune(catalog);
  for (const part of prune?.record.sources ?? []) {
    sources.set(part.id, { id: part.id, bucket: part.bucket, prefix: part.prefix, history: [], pruned: { ...part, pruneId: prune!.record.pruneId } });
  }
  for (const runId of (await catalog.runIds()).committed) {
    const run = await catalog.readRun(runId);
    for (const source of run?.sources ?? []) {
      let entry = sources.get(source.id);
      if (!entry) {
        entry = { id: source.id, bucket: source.bucket, prefix: source.prefix, history: [] };
        sources.set(source.id, entry);
      }
      entry.latest = { run: run!, source };
      if (!entry.pruned || compareKeys(runId, entry.pruned.foldedThrough) > 0) entry.history.push({ run: run!, source });
    }
  }
  return sources;
}

/** When the source's backup covers a moment: its first listing, its last. */
function coverage(source: CataloguedSource): { first: string; last: string; runs: number } {
  const first = source.pruned?.firstListStartedAt ?? source.history[0]!.source.listStartedAt;
  const last = source.history.at(-1)?.source.listFinishedAt ?? source.pruned!.lastListFinishedAt;
  return { first, last, runs: source.history.length + (source.pruned?.points.length ?? 0) };
}

/**
 * Why a restore to `at` is refused because a prune removed what it needs, or undefined. A pruned
 * source restores exactly at every moment from its window's start on, and at its kept points.
 */
export function prunedAway(source: CataloguedSource, at: Date): string | undefined {
  const pruned = source.pruned;
  if (!pruned || at.getTime() >= Date.parse(pruned.windowStart)) return undefined;
  if (pruned.points.some((p) => Date.parse(p.at) === at.getTime())) return undefined;
  const { before, after } = nearestPoints(pruned.points.map((p) => ({ id: p.runId, at: Date.parse(p.at) })), at.getTime());
  const nearest = [before, after].filter((p) => p !== undefined).map((p) => `${new Date(p.at).toISOString()} (run ${p.id})`);
  return (
    `input \`restore-time\`: ${at.toISOString()} of ${source.id} was pruned away (prune ${pruned.pruneId}): the backup restores every moment from ${pruned.windowStart} on, ` +
    `and before that only its kept restore points. The nearest are ${nearest.join(' and ') || 'none'}: set \`restore-time\` to one of them`
  );
}

/** Matches `bucket`, `bucket/prefix` or `s3://bucket/prefix` against the catalogued sources. */
export function selectSources(known: Map<string, CataloguedSource>, selection: readonly string[], input = 'restore-sources', destination?: string): CataloguedSource[] {
  if (known.size === 0) {
    const where = destination ? `the destination ${destination}` : 'the destination';
    throw new RestoreError(`${where} holds no committed backup run: there is nothing to restore or verify (check \`destination\`: is it the place the backups write to?)`);
  }
  if (selection.length === 0) return [...known.values()];
  const chosen = new Map<string, CataloguedSource>();
  for (const text of selection) {
    const bare = text.replace(/^s3:\/\//, '');
    const matches = [...known.values()].filter((s) => s.id === `s3://${bare}` || s.id === `s3://${bare}/` || s.bucket === bare || s.id === `s3://${bare.replace(/\/?$/, '/')}`);
    if (matches.length === 0) {
      throw new RestoreError(`input \`${input}\`: ${JSON.stringify(text)} is not in the catalogue; catalogued sources: ${[...known.keys()].join(', ')}`);
    }
    for (const m of matches) chosen.set(m.id, m);
  }
  return [...chosen.values()];
}

export async function runS3Restore(options: S3RestoreOptions, deps: RestoreDependencies): Promise<S3RestoreResult> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const { destination, logger } = deps;
  const listLimit = options.listLimit ?? 100;
  const warnings: string[] = [];
  const atIso = options.at.toISOString();

  // The restore time and an in-place confirmation were validated with the config
  // (src/config/restore.ts); the types carry them (an in-place target is `confirmed: true`).

  const catalog = new Catalog(destination);
  let known = new Map<string, CataloguedSource>();
  const selected = await logger.group('Reading the catalogue', async () => {
    known = await cataloguedSources(catalog);
    const chosen = selectSources(known, options.sources, 'restore-sources', destination.description);
    const usable: CataloguedSource[] = [];
    for (const source of chosen) {
      const { first, last, runs } = coverage(source);
      if (options.at.getTime() < Date.parse(first) && options.sources.length === 0 && chosen.length > 1) {
        // "Every source": one added to the backups after T is left out, not an error.
        warnings.push(`${source.id}: left out, its first backup run (${first}) is after ${atIso}`);
        continue;
      }
      if (options.at.getTime() < Date.parse(first)) {
        throw new RestoreError(
          `input \`restore-time\`: ${atIso} is before the first backup of ${source.id} (its first run listed the bucket at ${first}): ` +
            'the backup cannot know what the bucket held then',
        );
      }
      const pruned = prunedAway(source, options.at);
      if (pruned) throw new RestoreError(pruned);
      if (options.at.getTime() > Date.parse(last)) {
        warnings.push(`${source.id}: ${atIso} is after the last backup run (${last}); changes made since then are not in the backup`);
      }
      const filtered = source.history.filter((h) => h.source.filter && Date.parse(h.source.listStartedAt) <= options.at.getTime());
      if (filtered.length > 0) {
        warnings.push(
          `${source.id}: ${filtered.length} backup runs up to ${atIso} used a filter (the last: ${JSON.stringify(filtered[filtered.length - 1]!.source.filter)}): ` +
            'a key outside it is restored as it was last backed up, and changes made to it while it was left out are not in the backup',
        );
      }
      logger.info(`${source.id}: ${runs} restore points${source.pruned ? ` (pruned: exact from ${source.pruned.windowStart} on)` : ''}, ${first} .. ${last}`);
      usable.push(source);
    }
    if (usable.length === 0) {
      throw new RestoreError(`input \`restore-time\`: ${atIso} is before the first backup of every source: the backup cannot know what the buckets held then`);
    }
    return usable;
  });
  for (const warning of warnings) logger.warn(warning);

  const buckets = new Set(selected.map((s) => s.bucket));
  const runs: SourceRun[] = selected.map((source, index) => ({
    index,
    source,
    ...openTarget(source, options, deps, buckets.size > 1, atIso),
    listPrefix: listPrefixOf(source, options),
    totals: emptyRestoreTotals(),
    errors: [],
    removalsPlanned: 0,
  }));

  // Before anything is written (and in a dry run too): never into the backup's own files, and
  // never over live data unless confirmed, with every overlapped source backed up first.
  const overlapped = await guardTargets(runs, known, options, deps);
  const inPlace = options.target.kind === 'in-place' || overlapped.length > 0;

  if (!options.dryRun) {
    await logger.group('Checking the restore target', async () => {
      const probed = new Set<string>();
      for (const { target } of runs) {
        if (probed.has(target.description)) continue;
        probed.add(target.description);
        let note: string | undefined;
        try {
          note = await target.probeWrite();
        } catch (error) {
          throw new RestoreError(`the restore target cannot be written, nothing was restored: ${(error as Error).message}`, { cause: error });
        }
        if (note) {
          warnings.push(note);
          logger.warn(note);
        }
        logger.info(`target: ${target.description} (writable)`);
      }
    });
  }

  let safetyBackupRunId: string | undefined;
  if (inPlace && !options.dryRun) {
    // A restore is itself reversible: what it overwrites or removes is backed up first.
    safetyBackupRunId = await logger.group('Backing up the live objects before overwriting them', async () => {
      const live = overlapped.map((s) => s.live!);
      for (const run of runs) if (options.target.kind === 'in-place' && !live.some((s) => s.id === run.source.id)) live.push(liveSource(run.source, deps));
      const backup = await runS3Backup(
        { overlapMs: 6 * 3600_000, concurrency: options.concurrency, dryRun: false, serverSideCopy: true, ...options.backup, ...(options.retryAttempts ? { retryAttempts: options.retryAttempts } : {}) },
        { sources: live, destination, logger, ...(deps.sleep ? { sleep: deps.sleep } : {}), ...(deps.bandwidth ? { bandwidth: deps.bandwidth } : {}) },
      );
      if (backup.status !== 'complete') {
        throw new RestoreError(
          `the backup taken before the in-place restore is partial (${backup.totals.failed} objects failed): nothing was overwritten; fix the errors and run again`,
        );
      }
      logger.info(`safety backup run ${backup.runId} of ${live.map((s) => s.id).join(', ')}: ${backup.totals.copied} versions copied`);
      return backup.runId;
    });
  }

  const context: RestoreRunContext = {
    options,
    deps,
    catalog,
    liveWrites: inPlace,
    removeAbsent: options.target.kind === 'in-place',
    uncertainDeletions: [],
    planned: [],
    plannedTotal: 0,
    sizeOnly: [],
    listLimit,
  };
  // Staged objects and pending removals live in a folder of this run's own, removed at the end.
  const scratch = options.dryRun ? undefined : await ScratchSpace.create('restore-scratch', { memoryBytes: options.stagingMemoryBytes ?? 1024 * 1024 });
  try {
    if (scratch) {
      context.scratch = scratch;
      context.removals = new PendingRemovals(scratch);
    }
    for (const run of runs) {
      await logger.group(`${options.dryRun ? 'Planning' : 'Restoring'} ${run.source.id} as of ${atIso} into ${whereRestored(run)}`, () => restoreSource(run, context));
    }
    await runRemovals(runs, context);
  } finally {
    await context.removals?.close();
    await scratch?.dispose();
  }

  const totals = emptyRestoreTotals();
  const sourceResults: RestoreSourceResult[] = [];
  for (const run of runs) {
    const t = run.totals;
    logger.info(
      `${run.source.id}: ${number(t.keysAtT)} objects at T; ${number(t.write)} new, ${number(t.overwrite)} overwritten, ${number(t.skip)} already right, ` +
        `${number(t.remove)} removed, ${number(t.uncertain)} uncertain deletions kept, ${number(t.failed)} failed` +
        (t.excluded > 0 ? `; ${number(t.excluded)} left out by min-size/max-size` : '') +
        (t.unavailable > 0 ? `; ${number(t.unavailable)} not backed up at T (skipped by the backup's size filter)` : ''),
    );
    for (const error of run.errors) logger.warn(`${run.source.id}: ${error}`);
    sourceResults.push({ id: run.source.id, target: whereRestored(run), totals: t, errors: run.errors });
    for (const name of Object.keys(totals) as (keyof RestoreTotals)[]) totals[name] += t[name];
  }
  if (totals.checkedBySizeOnly > 0) {
    const warning =
      `${totals.checkedBySizeOnly} objects could be checked only by their size (no SHA-256 recorded and no MD5 ETag: server-side copies of multipart uploads): ` +
      context.sizeOnly.join(', ') +
      (totals.checkedBySizeOnly > context.sizeOnly.length ? ', ...' : '');
    warnings.push(warning);
    logger.warn(warning);
  }

  if (totals.unavailable > 0) {
    const keys = context.planned.filter((p) => p.action === 'unavailable').map((p) => `${p.source} ${p.key}`);
    const warning =
      `${totals.unavailable} keys were not backed up as they were at ${atIso}: their version then was left out by the backup's min-size/max-size, ` +
      `so they were neither restored nor removed: ${keys.join(', ')}${totals.unavailable > keys.length ? ', ...' : ''}`;
    warnings.push(warning);
    logger.warn(warning);
  }

  const finished = now();
  const status = options.dryRun ? 'dry-run' : totals.failed > 0 ? 'partial' : 'complete';
  // No totals line here: the report's line (src/report/s3.ts) is the restore's summary, and the
  // CLI printed both, one with 3000 and one with 3,000.
  return {
    status,
    at: atIso,
    inPlace,
    sources: sourceResults,
    totals,
    uncertainDeletions: context.uncertainDeletions,
    planned: context.planned,
    plannedLeftOut: context.plannedTotal - context.planned.length,
    ...(safetyBackupRunId ? { safetyBackupRunId } : {}),
    checkedBySizeOnly: context.sizeOnly,
    warnings,
    durationMs: finished.getTime() - started.getTime(),
  };
}

function liveSource(source: CataloguedSource, deps: RestoreDependencies): ObjectSource {
  const live = deps.sources?.find((s) => s.id === source.id);
  if (!live) {
    throw new RestoreError(`an in-place restore of ${source.id} needs that bucket in \`sources\` (with credentials that can read and write it)`);
  }
  return live;
}

/**
 * The store a source is restored into and the key prefix there: the live bucket itself (in place,
 * through the source's own connection), `restored/<T>/` in the destination (the default), or the
 * named target, which the backend's wiring opens (open.ts).
 */
function openTarget(
  source: CataloguedSource,
  options: S3RestoreOptions,
  deps: RestoreDependencies,
  severalBuckets: boolean,
  atIso: string,
): { target: ObjectStore; keyPrefix: string } {
  const spec = options.target;
  if (spec.kind === 'in-place') return { target: deps.openTarget?.(source) ?? liveSource(source, deps).asObjectStore(), keyPrefix: '' };
  const keyPrefix = spec.kind === 'default' || severalBuckets ? `${source.bucket}/` : '';
  if (deps.openTarget) return { target: deps.openTarget(source), keyPrefix };
  if (spec.kind === 'default') return { target: deps.destination.under(`restored/${compactTime(atIso)}/`), keyPrefix };
  return { target: openRestoreTarget(spec), keyPrefix };
}

/** Where a source's objects go, for messages and the summary: the target's place and the key prefix there. */
function whereRestored(run: SourceRun): string {
  const place = run.target.place;
  return place.kind === 's3' ? `s3://${place.location.bucket}/${place.location.prefix}${run.keyPrefix}` : `folder ${place.root}${run.keyPrefix ? `/${run.keyPrefix}` : ''}`;
}

