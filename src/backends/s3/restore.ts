import { Catalog, type RunRecord, type SourceRunRecord } from './catalog/catalog.ts';
import { compactTime } from './plan/names.ts';
import { emptyRestoreCounts, type RestoreAction, type RestoreCounts } from './plan/restore-plan.ts';
import type { S3Connection } from '../../stores/object/s3/client.ts';
import type { ObjectSource, ObjectStore } from '../../stores/object/types.ts';
import { ScratchSpace } from '../../transfer/scratch.ts';
import { formatBytes, type Logger } from '../../report/logger.ts';
import { runS3Backup, type BackupOptions } from './backup.ts';
import { guardTargets } from './restore-guard.ts';
import { IN_PLACE_CONFIRMATION, RestoreError } from '../restore-error.ts';
import { PendingRemovals } from './restore-removals.ts';
import { listPrefixOf, restoreSource, runRemovals, type RestoreRunContext, type SourceRun } from './restore-source.ts';
import { openRestoreTarget } from './open.ts';

export { IN_PLACE_CONFIRMATION, RestoreError } from '../restore-error.ts';


/** Where restored objects go. */
export type RestoreTargetSpec =
  /** A new prefix inside the backup destination: `restored/<T>/<bucket>/<key>`. */
  | { kind: 'default' }
  /** Another bucket (and prefix): `<prefix><key>`, or `<prefix><bucket>/<key>` when several buckets are restored. */
  | {
      kind: 's3';
      bucket: string;
      prefix: string;
      connection: S3Connection;
      /**
       * `confirm-in-place` was given: a target that turns out to share keys with a backed-up
       * source is then restored as an in-place restore (the overlapped sources backed up first).
       */
      confirmed?: boolean;
    }
  /** A local folder, same layout as an S3 target (bytes only: a folder keeps no metadata). */
  | { kind: 'local'; path: string }
  /** The source buckets themselves: overwrites live objects and removes those absent at T. */
  | { kind: 'in-place'; confirmed: boolean };

export interface S3RestoreOptions {
  at: Date;
  /** Sources to restore: `bucket`, `bucket/prefix` or `s3://bucket/prefix`; empty means every catalogued source. */
  sources: string[];
  /** Only keys starting with this (full source keys, including the source's prefix). */
  prefix?: string;
  /** Only these keys. */
  keys?: string[];
  target: RestoreTargetSpec;
  concurrency: number;
  dryRun: boolean;
  retryAttempts?: number;
  /** How many uncertain deletions and planned steps the result lists (the counts are always complete). */
  listLimit?: number;
  /** Settings of the backup an in-place restore runs first. */
  backup?: Partial<BackupOptions>;
  /**
   * The endpoint of the backed-up sources (`source-endpoint`; undefined: AWS). The catalogue
   * records none, so a target is compared with the catalogued sources at this endpoint.
   */
  sourceEndpoint?: string;
  /** Bytes one object may take in memory while staged before a write to live data (default 1 MiB; larger go to a temporary file). */
  stagingMemoryBytes?: number;
}

export interface RestoreDependencies {
  /** The backup: the catalogue and the data are read from here (and only here, except in place). */
  destination: ObjectStore;
  logger: Logger;
  /** In place: the live sources, backed up before anything is overwritten; their connections write the restore. */
  sources?: ObjectSource[];
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Replaces how a source's target is opened (tests). */
  openTarget?: (source: CataloguedSource) => ObjectStore;
  /** Test hook: called before each object is written (throw to simulate a crash). */
  beforeWrite?: (key: string) => void | Promise<void>;
  /** Test hook: called before each object is removed. */
  beforeRemove?: (key: string) => void | Promise<void>;
}

export interface RestoreTotals extends RestoreCounts {
  /** Objects written (new and overwritten) and their bytes. */
  written: number;
  bytesWritten: number;
  /** Objects whose content was compared with the backup (same size, ETag not conclusive). */
  compared: number;
  removed: number;
  failed: number;
  /** Objects whose backup copy could be checked only by its size (no SHA-256 recorded, no MD5 ETag). */
  checkedBySizeOnly: number;
}

export interface RestoreSourceResult {
  id: string;
  target: string;
  totals: RestoreTotals;
  errors: string[];
}

export interface UncertainDeletion {
  source: string;
  key: string;
  after: string;
  before: string;
}

export interface PlannedStep {
  source: string;
  key: string;
  action: RestoreAction;
  size: number;
  uncertain?: true;
}

export interface S3RestoreResult {
  status: 'complete' | 'partial' | 'dry-run';
  at: string;
  inPlace: boolean;
  sources: RestoreSourceResult[];
  totals: RestoreTotals;
  /** The first `listLimit` keys restored under the uncertain-deletion rule (totals.uncertain counts all). */
  uncertainDeletions: UncertainDeletion[];
  /** The first `listLimit` steps that change something (writes, overwrites, removals). */
  planned: PlannedStep[];
  /** The run id of the backup taken before an in-place restore. */
  safetyBackupRunId?: string;
  /** The first `listLimit` objects (`<source> <key>`) whose backup copy could be checked only by its size. */
  checkedBySizeOnly: string[];
  warnings: string[];
  durationMs: number;
}


export function emptyRestoreTotals(): RestoreTotals {
  return { ...emptyRestoreCounts(), written: 0, bytesWritten: 0, compared: 0, removed: 0, failed: 0, checkedBySizeOnly: 0 };
}

export interface CataloguedSource {
  id: string;
  bucket: string;
  prefix: string;
  history: { run: RunRecord; source: SourceRunRecord }[];
}

/** Every source the catalogue knows, with its committed runs (oldest first). */
export async function cataloguedSources(catalog: Catalog): Promise<Map<string, CataloguedSource>> {
  const sources = new Map<string, CataloguedSource>();
  for (const runId of (await catalog.runIds()).committed) {
    const run = await catalog.readRun(runId);
    for (const source of run?.sources ?? []) {
      let entry = sources.get(source.id);
      if (!entry) {
        entry = { id: source.id, bucket: source.bucket, prefix: source.prefix, history: [] };
        sources.set(source.id, entry);
      }
      entry.history.push({ run: run!, source });
    }
  }
  return sources;
}

/** Matches `bucket`, `bucket/prefix` or `s3://bucket/prefix` against the catalogued sources. */
export function selectSources(known: Map<string, CataloguedSource>, selection: readonly string[], input = 'restore-sources'): CataloguedSource[] {
  if (known.size === 0) throw new RestoreError('the destination holds no committed backup run: there is nothing to restore or verify');
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

  if (Number.isNaN(options.at.getTime())) throw new RestoreError('input `restore-time`: not a time');
  if (options.at.getTime() > started.getTime()) {
    throw new RestoreError(`input \`restore-time\`: ${atIso} is in the future (now is ${started.toISOString()}): a restore can only go back in time`);
  }
  if (options.target.kind === 'in-place' && !options.target.confirmed) {
    throw new RestoreError(`an in-place restore overwrites live objects and removes those absent at ${atIso}: set \`confirm-in-place\` to \`${IN_PLACE_CONFIRMATION}\` to confirm`);
  }

  const catalog = new Catalog(destination);
  let known = new Map<string, CataloguedSource>();
  const selected = await logger.group('Reading the catalogue', async () => {
    known = await cataloguedSources(catalog);
    const chosen = selectSources(known, options.sources);
    const usable: CataloguedSource[] = [];
    for (const source of chosen) {
      const first = source.history[0]!.source;
      const last = source.history[source.history.length - 1]!.source;
      if (options.at.getTime() < Date.parse(first.listStartedAt) && options.sources.length === 0 && chosen.length > 1) {
        // "Every source": one added to the backups after T is left out, not an error.
        warnings.push(`${source.id}: left out, its first backup run (${first.listStartedAt}) is after ${atIso}`);
        continue;
      }
      if (options.at.getTime() < Date.parse(first.listStartedAt)) {
        throw new RestoreError(
          `input \`restore-time\`: ${atIso} is before the first backup of ${source.id} (its first run listed the bucket at ${first.listStartedAt}): ` +
            'the backup cannot know what the bucket held then',
        );
      }
      if (options.at.getTime() > Date.parse(last.listFinishedAt)) {
        warnings.push(`${source.id}: ${atIso} is after the last backup run (${last.listFinishedAt}); changes made since then are not in the backup`);
      }
      logger.info(`${source.id}: ${source.history.length} backup runs, ${first.listStartedAt} .. ${last.listFinishedAt}`);
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
        try {
          await target.probeWrite();
        } catch (error) {
          throw new RestoreError(`the restore target cannot be written, nothing was restored: ${(error as Error).message}`, { cause: error });
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
        { sources: live, destination, logger, ...(deps.sleep ? { sleep: deps.sleep } : {}) },
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
      `${run.source.id}: ${t.keysAtT} objects at T; ${t.write} new, ${t.overwrite} overwritten, ${t.skip} already right, ` +
        `${t.remove} removed, ${t.uncertain} uncertain deletions kept, ${t.failed} failed`,
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

  const finished = now();
  const status = options.dryRun ? 'dry-run' : totals.failed > 0 ? 'partial' : 'complete';
  logger.info(
    `${options.dryRun ? 'plan' : 'restore'} as of ${atIso}: ${totals.keysAtT} objects existed; ` +
      `${totals.write} to write, ${totals.overwrite} to overwrite (${formatBytes(totals.bytesToWrite)}), ${totals.skip} already right, ` +
      `${totals.remove} to remove, ${totals.uncertain} kept under the uncertain-deletion rule` +
      (options.dryRun ? ` (dry run: nothing was written)` : `; ${totals.written} written, ${totals.removed} removed, ${totals.failed} failed`),
  );
  return {
    status,
    at: atIso,
    inPlace,
    sources: sourceResults,
    totals,
    uncertainDeletions: context.uncertainDeletions,
    planned: context.planned,
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

