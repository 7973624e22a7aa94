import type { Catalog } from './catalog/catalog.ts';
import { sourceAsOf } from './catalog/history.ts';
import { countStep, keySelector, planRestore, type KeySelection, type RestoreAction, type RestoreStep } from './plan/restore-plan.ts';
import type { KeyAsOf } from './plan/as-of.ts';
import { OrderedPool, orderedWindow } from '../../transfer/ordered.ts';
import { KeyFilter } from '../../plan/filter.ts';
import { formatBytes } from '../../report/logger.ts';
import { ProgressLine } from '../../report/progress.ts';
import { count } from '../../report/words.ts';
import { classifyTransferError, isFatal, RESTORE_POLICY } from '../../transfer/errors.ts';
import { retry } from '../../transfer/retry.ts';
import type { ObjectStore } from '../../stores/object/types.ts';
import type { ScratchSpace } from '../../transfer/scratch.ts';
import { checkedBy, stageVersion, streamVersion, targetHolds, writeStaged, type CheckedBy, type StagedObject } from './restore-copy.ts';
import type { PendingRemovals } from './restore-removals.ts';
import type { CataloguedSource, PlannedStep, RestoreDependencies, RestoreTotals, S3RestoreOptions, UncertainDeletion } from './types.ts';

/** One selected source on its way to its target. */
export interface SourceRun {
  /** Its place in the selection (the pending-removals file refers to it). */
  index: number;
  source: CataloguedSource;
  target: ObjectStore;
  /** Prepended to every key at the target (`<bucket>/` when several buckets share it). */
  keyPrefix: string;
  /** The source keys this run covers start with this (the source's prefix, or a longer `restore-prefix`). */
  listPrefix: string;
  totals: RestoreTotals;
  errors: string[];
  /** Removals planned for this source (waiting in the pending-removals file). */
  removalsPlanned: number;
}

export interface RestoreRunContext {
  options: S3RestoreOptions;
  deps: RestoreDependencies;
  catalog: Catalog;
  /** The target holds live data: every write is staged and verified before it is made. */
  liveWrites: boolean;
  /** In place: objects absent at T are removed (once every write of every source succeeded). */
  removeAbsent: boolean;
  /** Where objects are staged before they replace something; absent in a dry run (nothing is read or written). */
  scratch?: ScratchSpace;
  removals?: PendingRemovals;
  uncertainDeletions: UncertainDeletion[];
  planned: PlannedStep[];
  /** Every step that changes something, listed in `planned` or not. */
  plannedTotal: number;
  /** The first keys whose backup object could be checked only by its size. */
  sizeOnly: string[];
  listLimit: number;
}

interface StepOutcome {
  step: RestoreStep;
  action: RestoreAction;
  written?: number;
  compared?: boolean;
  checkedBy?: CheckedBy;
  error?: string;
}

const MAX_ERRORS_PER_SOURCE = 20;

export function listPrefixOf(source: CataloguedSource, options: S3RestoreOptions): string {
  // Only keys of this source: its prefix, narrowed by the selected key prefix when it is longer.
  return options.prefix && options.prefix.startsWith(source.prefix) ? options.prefix : source.prefix;
}

export function recordError(run: SourceRun, message: string): void {
  run.totals.failed++;
  if (run.errors.length < MAX_ERRORS_PER_SOURCE) run.errors.push(message);
}

function record(run: SourceRun, outcome: StepOutcome, context: RestoreRunContext): void {
  const { step } = outcome;
  const totals = run.totals;
  countStep(totals, { ...step, action: outcome.action });
  if (outcome.compared) totals.compared++;
  if (outcome.written !== undefined) {
    totals.written++;
    totals.bytesWritten += outcome.written;
  }
  if (outcome.checkedBy === 'size') {
    totals.checkedBySizeOnly++;
    if (context.sizeOnly.length < context.listLimit) context.sizeOnly.push(`${run.source.id} ${step.key}`);
  }
  if (outcome.error !== undefined) recordError(run, `${step.key}: ${outcome.error}`);
  if (step.uncertainDeletion && context.uncertainDeletions.length < context.listLimit) {
    context.uncertainDeletions.push({ source: run.source.id, key: step.key, ...step.uncertainDeletion });
  }
  if (outcome.action !== 'skip') context.plannedTotal++;
  if (outcome.action !== 'skip' && context.planned.length < context.listLimit) {
    context.planned.push({
      source: run.source.id,
      key: step.key,
      action: outcome.action,
      size: step.version?.s ?? step.skipped?.s ?? step.target?.size ?? 0,
      ...(step.uncertainDeletion ? { uncertain: true as const } : {}),
    });
  }
}

/**
 * Plans one source against its target and makes every write; removals only go to the pending
 * file (they run after every source, see runRemovals). Memory stays bounded: both inputs are
 * streamed, and at most `concurrency` objects are in flight.
 */
export async function restoreSource(run: SourceRun, context: RestoreRunContext): Promise<void> {
  const { options } = context;
  const selection: KeySelection = {};
  if (options.prefix) selection.prefix = options.prefix;
  if (options.keys) selection.keys = options.keys;
  const { source, target, keyPrefix } = run;
  // The filter narrows the selection by name on both sides, so an in-place restore never removes
  // (nor writes) a live key outside it; sizes are judged per step below.
  const filter = options.filter ?? KeyFilter.everything;
  const bySelection = keySelector(selection);
  const selects = (key: string) => bySelection(key) && (!filter.hasPathRules || filter.matchesKey(key, source.prefix));

  const states = (async function* (): AsyncGenerator<KeyAsOf> {
    const events = { ...(source.pruned ? { folded: source.pruned } : {}), runs: source.history };
    for await (const state of sourceAsOf(context.catalog, events, new Date(options.at.getTime()))) if (selects(state.key)) yield state;
  })();
  const listing = (async function* () {
    for await (const object of target.list(keyPrefix + run.listPrefix)) {
      const key = object.key.slice(keyPrefix.length);
      if (key.startsWith(source.prefix) && selects(key)) yield { ...object, key };
    }
  })();

  // The total a progress line needs: the objects that existed at T (one more read of the
  // catalogue, streamed). A dry run only plans, which is quick: it shows counts and rates.
  const total = options.dryRun ? undefined : await objectsAtT(context, source.id, selects);
  const progress = new ProgressLine(context.deps.logger, `${options.dryRun ? 'planning' : 'restoring'} ${source.id}`);
  const show = (final = false) => progress.update(() => restoreProgress(run, total, options.dryRun), final);
  const recordAndShow = (outcome: StepOutcome) => {
    record(run, outcome, context);
    show();
  };

  const pool = new OrderedPool<StepOutcome>(options.concurrency, orderedWindow(options.concurrency));
  try {
    for await (const step of planRestore(states, listing, { removeAbsent: context.removeAbsent })) {
      // Outside the size rules: the version at T (or, for a removal, the object at the target).
      if (filter.hasSizeRules && !filter.matchesSize(step.version?.s ?? step.skipped?.s ?? step.target?.size ?? 0)) {
        run.totals.excluded++;
        continue;
      }
      if (step.action === 'unavailable') {
        recordAndShow({ step, action: 'unavailable' });
        continue;
      }
      if (step.action === 'remove') {
        recordAndShow({ step, action: 'remove' });
        if (!options.dryRun) {
          run.removalsPlanned++;
          await context.removals!.add({ source: run.index, key: step.key, size: step.target?.size ?? 0 });
        }
        continue;
      }
      while (pool.full) recordAndShow(await pool.next());
      await pool.submit(() => executeStep(step, run, context));
    }
    while (pool.pending > 0) recordAndShow(await pool.next());
    show(true);
  } catch (error) {
    while (pool.pending > 0) await pool.next().catch(() => undefined);
    throw error;
  }
}

/** How many selected objects existed at T, and their bytes. */
async function objectsAtT(context: RestoreRunContext, sourceId: string, selects: (key: string) => boolean): Promise<{ objects: number; bytes: number }> {
  const total = { objects: 0, bytes: 0 };
  for await (const state of sourceAsOf(context.catalog, sourceId, new Date(context.options.at.getTime()))) {
    if (!state.version || !selects(state.key)) continue;
    total.objects++;
    total.bytes += state.version.s ?? 0;
  }
  return total;
}

/** A source's progress: objects at T dealt with (written, already right or failed), of how many. */
function restoreProgress(run: SourceRun, total: { objects: number; bytes: number } | undefined, dryRun: boolean) {
  const t = run.totals;
  const detail = dryRun
    ? `would write ${count(t.write + t.overwrite)} (${formatBytes(t.bytesToWrite)}), ${count(t.skip)} already right`
    : `${count(t.written)} written (${formatBytes(t.bytesWritten)}), ${count(t.skip)} already right${t.failed > 0 ? `, ${count(t.failed)} failed` : ''}`;
  return {
    done: t.keysAtT,
    ...(total ? { total: total.objects, bytesTotal: total.bytes } : {}),
    bytes: dryRun ? 0 : t.bytesWritten + t.bytesSkipped,
    unit: 'objects',
    detail,
  };
}

/**
 * Runs the pending removals, only when every write of every source succeeded and was verified:
 * a restore that failed anywhere removes nothing anywhere (the next run finishes the job).
 */
export async function runRemovals(runs: SourceRun[], context: RestoreRunContext): Promise<void> {
  if (!context.removals || context.removals.count === 0) return;
  const failedWrites = runs.reduce((n, run) => n + run.totals.failed, 0);
  if (failedWrites > 0) {
    // Name the keys left in place (the first few of each source), so the message says what stayed.
    const named = new Map<number, string[]>();
    for await (const removal of context.removals.read()) {
      const keys = named.get(removal.source) ?? [];
      if (keys.length < 5) keys.push(removal.key);
      named.set(removal.source, keys);
    }
    runs.forEach((run, index) => {
      if (run.removalsPlanned === 0) return;
      run.totals.failed += run.removalsPlanned;
      const keys = named.get(index) ?? [];
      const list = keys.map((k) => JSON.stringify(k)).join(', ') + (run.removalsPlanned > keys.length ? `, and ${run.removalsPlanned - keys.length} more` : '');
      run.errors.push(
        `not removed: ${list} (${run.removalsPlanned} ${run.removalsPlanned === 1 ? 'object' : 'objects'} absent at the restore time): ${failedWrites} ${failedWrites === 1 ? 'write' : 'writes'} of this restore failed, and nothing is removed unless every write succeeded; run the restore again`,
      );
    });
    return;
  }
  for await (const removal of context.removals.read()) {
    const run = runs[removal.source]!;
    try {
      await context.deps.beforeRemove?.(removal.key);
      await retry(() => run.target.delete(run.keyPrefix + removal.key), retryOptions(context, removal.key));
      run.totals.removed++;
    } catch (error) {
      if (isFatal(error, RESTORE_POLICY)) throw error;
      recordError(run, `${removal.key}: not removed: ${(error as Error).message}`);
    }
  }
}

function retryOptions(context: RestoreRunContext, key: string): Parameters<typeof retry>[1] {
  return {
    attempts: context.options.retryAttempts ?? 4,
    baseDelayMs: 250,
    maxDelayMs: 10_000,
    // A damaged backup object reads the same every time: it is never retried (see DamagedBackupError).
    isRetryable: (error) => classifyTransferError(error, RESTORE_POLICY) === 'retryable',
    ...(context.deps.sleep ? { sleep: context.deps.sleep } : {}),
    onRetry: (error, attempt, delay) => context.deps.logger.debug(`${key}: attempt ${attempt} failed (${(error as Error).message}); retrying in ${delay} ms`),
  };
}

/**
 * One write. What replaces an existing object, and every write to live data, is staged first:
 * the backup object is read whole and verified before the target is touched, so a damaged backup
 * leaves the target as it was. A new object at a target without live data is streamed through.
 */
async function executeStep(step: RestoreStep, run: SourceRun, context: RestoreRunContext): Promise<StepOutcome> {
  if (step.action === 'skip') return { step, action: 'skip' };
  if (context.options.dryRun) return { step, action: step.action };
  const { deps } = context;
  const version = step.version!;
  const size = version.s ?? 0;
  const targetKey = run.keyPrefix + step.key;
  const retrying = <T>(operation: () => Promise<T>) => retry(operation, retryOptions(context, step.key));
  const stage = () => retrying(() => stageVersion(version, deps.destination, context.scratch!, deps.bandwidth));
  let staged: StagedObject | undefined;
  let compared = false;
  try {
    let action: RestoreAction = step.action;
    if (action === 'check') {
      compared = true;
      // Without a recorded SHA-256 the verified backup object says what the bytes should be.
      if (!version.sha256) staged = await stage();
      const expected = version.sha256 ?? staged!.sha256;
      if (await retrying(() => targetHolds(run.target, targetKey, size, expected))) return { step, action: 'skip', compared };
      action = 'overwrite';
    }
    await deps.beforeWrite?.(step.key);
    if (context.liveWrites || action === 'overwrite') {
      staged ??= await stage();
      const ready = staged;
      await retrying(() => writeStaged(ready, version, run.target, targetKey));
    } else {
      await retrying(() => streamVersion(version, run.target, targetKey, deps.destination, deps.bandwidth));
    }
    return { step, action, compared, written: size, checkedBy: checkedBy(version) };
  } catch (error) {
    if (isFatal(error, RESTORE_POLICY)) throw error;
    return { step, action: step.action === 'check' ? 'overwrite' : step.action, compared, error: (error as Error).message };
  } finally {
    await staged?.dispose();
  }
}

