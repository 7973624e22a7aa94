import { Catalog } from './catalog/catalog.ts';
import { RunLease } from './catalog/lease.ts';
import { latestPrune, pendingList } from './catalog/prune-catalog.ts';
import { PRUNE_FORMAT, PRUNES, type PrunedSource, type PruneDone, type PruneRecord } from './catalog/prune-records.ts';
import { planSourcePrune } from './prune-source.ts';
import { deleteRefused, removeForGood, removeListedData, unneededCatalogueFiles } from './prune-remove.ts';
import { cataloguedSources } from './restore.ts';
import { formatBytes } from '../../report/logger.ts';
import { isAccessDenied } from '../../transfer/errors.ts';
import { VERSION } from '../../version.ts';
import type { PlannedRemoval, PruneDependencies, PruneSourceResult, S3PruneOptions, S3PruneResult, UnremovedObject } from './types.ts';

/** The backup's default `overlap`: versions that recent (before the latest watermark) are checked again by the next backup. */
const DEFAULT_RECHECK_MARGIN_MS = 6 * 3_600_000;

/**
 * `mode: prune` of S3 backups (docs/retention.md). Under the same lease as backups:
 *
 * 1. per source, the policy picks the restore points to keep, and one streaming pass writes the
 *    new folded history and the list of data objects no kept point needs (prune-source.ts);
 * 2. the prune record is written: from here on restores read the folded history, and refuse a
 *    moment that was pruned away (naming the nearest kept points);
 * 3. only then are the listed objects removed, and the catalogue files the fold replaced swept
 *    (prune-remove.ts). What stays (Object Lock, failures) is listed for the next prune.
 *
 * Killed at any step it leaves a catalogue that points only at data that is there: before 2 the
 * old catalogue stands (the new files are swept by the next prune), after 2 the next prune goes
 * through the unfinished list again, checking each entry against the catalogue as it is then.
 * A dry run reads the same and writes nothing.
 */
export async function runS3Prune(options: S3PruneOptions, deps: PruneDependencies): Promise<S3PruneResult> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const { destination, logger } = deps;
  const listLimit = options.listLimit ?? 100;
  const pruneId = Catalog.newRunId(started);
  const catalog = new Catalog(destination, {
    read: { attempts: options.retryAttempts ?? 4, ...(deps.sleep ? { sleep: deps.sleep } : {}), onRetry: (file, error, attempt) => logger.debug(`${file}: read attempt ${attempt} failed (${(error as Error).message}); retrying`) },
  });
  await logger.group('Checking the destination', async () => {
    await destination.check();
    logger.info(`destination: ${destination.description}`);
  });
  const lease = options.dryRun
    ? undefined
    : await logger.group('Taking the destination lease', async () => {
        // The same lease as backups: a prune never runs beside one, and never beside another prune.
        const taken = await RunLease.acquire(destination, pruneId, logger, { ...options.lease, now });
        logger.info(`lease ${pruneId} taken at ${taken.acquiredAt.toISOString()} (destination clock)`);
        return taken;
      });
  try {
    return await pruneUnderLease(options, deps, { catalog, pruneId, started, now, lease, listLimit });
  } finally {
    await lease?.release();
  }
}

async function pruneUnderLease(
  options: S3PruneOptions,
  deps: PruneDependencies,
  run: { catalog: Catalog; pruneId: string; started: Date; now: () => Date; lease: RunLease | undefined; listLimit: number },
): Promise<S3PruneResult> {
  const { catalog, pruneId, lease, listLimit } = run;
  const { logger } = deps;
  const warnings: string[] = [];
  const previous = await latestPrune(catalog);
  const sources = await cataloguedSources(catalog);
  if (sources.size === 0) throw new Error(`the destination ${deps.destination.description} holds no committed backup run: there is nothing to prune`);

  const planned: PlannedRemoval[] = [];
  const parts: PrunedSource[] = [];
  const results: PruneSourceResult[] = [];
  for (const source of [...sources.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const pending = pendingList(previous, source.id);
    const plan = await logger.group(`${options.dryRun ? 'Planning the prune of' : 'Pruning'} ${source.id}`, async () => {
      const planned_ = await planSourcePrune({
        catalog,
        pruneId,
        source,
        ...(pending ? { pending } : {}),
        policy: options.policy,
        dryRun: options.dryRun,
        listLimit,
        planned,
        recheckMarginMs: options.recheckMarginMs ?? DEFAULT_RECHECK_MARGIN_MS,
      });
      const c = planned_.part.counts;
      logger.info(
        `${source.id}: ${c.pointsKept} of ${c.pointsBefore} restore points kept (exact from ${planned_.result.windowStart} on); ` +
          (planned_.result.unchanged ? 'nothing new since the last prune' : `${c.objects} objects (${formatBytes(c.bytes)}) no kept point needs; ${c.eventsKept} of ${c.eventsBefore} history entries kept`) +
          (c.carried > 0 ? `; ${c.carried} left by an earlier prune` : '') +
          (c.protected > 0 ? `; ${c.protected} versions kept against the policy (the latest of live keys, and recent ones the next backup checks again)` : ''),
      );
      return planned_;
    });
    parts.push(plan.part);
    results.push(plan.result);
  }

  const record: PruneRecord = {
    format: PRUNE_FORMAT,
    pruneId,
    startedAt: run.started.toISOString(),
    finishedAt: run.now().toISOString(),
    tool: { name: 'pullback', version: VERSION },
    policy: options.policy,
    sources: parts,
  };
  // What the fold makes unnecessary in the catalogue (for the summary; removed after the commit).
  const unneeded: { key: string; size: number }[] = [];
  for await (const file of unneededCatalogueFiles(catalog, record, sources)) unneeded.push(file);

  const totals = { objects: 0, bytes: 0, removedObjects: 0, freedBytes: 0, unremoved: 0, failed: 0, catalogueFiles: unneeded.length, catalogueBytes: unneeded.reduce((n, f) => n + f.size, 0) };
  for (const part of parts) {
    totals.objects += part.counts.objects;
    totals.bytes += part.counts.bytes;
  }
  const unremoved: UnremovedObject[] = [];
  if (options.dryRun) {
    logger.info(
      `prune plan: ${totals.objects} objects (${formatBytes(totals.bytes)}) and ${totals.catalogueFiles} catalogue files (${formatBytes(totals.catalogueBytes)}) would go (dry run: nothing was changed)`,
    );
    return { pruneId, status: 'dry-run', policy: options.policy, sources: results, totals, planned, unremoved, warnings, durationMs: run.now().getTime() - run.started.getTime() };
  }

  await logger.group('Committing the pruned catalogue', async () => {
    await deps.beforeCommit?.();
    // Another run took over a lease it thought stale: committing now could cross its work.
    await lease?.assertHeld();
    await catalog.destination.put(`${PRUNES}${pruneId}.json`, JSON.stringify({ ...record, finishedAt: run.now().toISOString() }, null, 2), { metadata: { contentType: 'application/json' } });
    logger.info(`prune ${pruneId} committed: restores now read its folded history`);
  });

  const done: PruneDone = { format: PRUNE_FORMAT, pruneId, finishedAt: '', sources: [] };
  for (const [index, part] of parts.entries()) {
    const result = results[index]!;
    const list = part.removals ? { file: part.removals, sha256: part.removalsSha256!, bytes: part.removalsBytes! } : undefined;
    if (!list) {
      done.sources.push({ id: part.id });
      continue;
    }
    const tally = await logger.group(`Removing what ${part.id} no longer needs`, () =>
      removeListedData(catalog, part, list, { pruneId, concurrency: options.concurrency, retryAttempts: options.retryAttempts ?? 4, listLimit, lease, deps }),
    );
    result.removedObjects = tally.removedObjects;
    result.freedBytes = tally.freedBytes;
    result.unremoved = tally.unremoved;
    totals.removedObjects += tally.removedObjects;
    totals.freedBytes += tally.freedBytes;
    totals.unremoved += tally.unremoved;
    totals.failed += tally.failed;
    for (const detail of tally.details) if (unremoved.length < listLimit) unremoved.push(detail);
    done.sources.push({ id: part.id, ...(tally.left ? { left: tally.left.file, leftSha256: tally.left.sha256, leftBytes: tally.left.bytes } : {}) });
    logger.info(`${part.id}: removed ${tally.removedObjects} objects (${formatBytes(tally.freedBytes)})${tally.unremoved > 0 ? `; ${tally.unremoved} could not be removed (listed for the next prune)` : ''}`);
  }

  await logger.group('Sweeping the catalogue files the fold replaced', async () => {
    let removed = 0;
    for (const file of unneeded) {
      try {
        const result = await removeForGood(catalog.destination, file.key);
        if (result.kept.length > 0) {
          totals.unremoved++;
          if (unremoved.length < listLimit) unremoved.push({ source: 'catalogue', backupKey: file.key, reason: result.kept.map((k) => k.reason).join('; ') });
        } else removed++;
      } catch (error) {
        if (isAccessDenied(error)) throw deleteRefused(catalog.destination, error);
        totals.failed++;
        warnings.push(`${file.key}: not removed (${(error as Error).message}); the next prune tries again`);
      }
    }
    logger.info(`removed ${removed} of ${unneeded.length} catalogue files the fold replaced`);
  });

  await lease?.assertHeld();
  await catalog.destination.put(`${PRUNES}${pruneId}.done.json`, JSON.stringify({ ...done, finishedAt: run.now().toISOString() }, null, 2));
  for (const warning of warnings) logger.warn(warning);
  if (totals.unremoved > 0) {
    logger.warn(`${totals.unremoved} objects could not be removed (Object Lock retention, a legal hold, or an error): ${unremoved.map((u) => `${u.backupKey} (${u.reason})`).slice(0, 10).join(', ')}`);
  }
  logger.info(`prune ${pruneId}: removed ${totals.removedObjects} objects, ${formatBytes(totals.freedBytes)} freed; ${totals.unremoved} left for the next prune`);
  return {
    pruneId,
    // Locked objects are expected (the lock outlives the policy): partial, not failed.
    status: totals.unremoved > 0 || totals.failed > 0 ? 'partial' : 'complete',
    policy: options.policy,
    sources: results,
    totals,
    planned,
    unremoved,
    warnings,
    durationMs: run.now().getTime() - run.started.getTime(),
  };
}
