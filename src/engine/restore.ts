import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Catalog, type RunRecord, type SourceRunRecord } from '../catalog/catalog.ts';
import { sourceAsOf } from '../catalog/history.ts';
import { compactTime } from '../plan/names.ts';
import {
  countStep,
  emptyRestoreCounts,
  keySelector,
  planRestore,
  type KeySelection,
  type RestoreAction,
  type RestoreCounts,
  type RestoreStep,
  type VersionAtT,
} from '../plan/restore-plan.ts';
import type { KeyAsOf } from '../plan/restore.ts';
import type { S3Connection } from '../storage/s3/client.ts';
import { S3Source } from '../storage/s3/source.ts';
import type { Destination, ObjectSource } from '../storage/types.ts';
import { OrderedPool } from '../transfer/ordered.ts';
import { isRetryableTransferError, retry } from '../transfer/retry.ts';
import { Verifier } from '../transfer/verify.ts';
import { formatBytes, type Logger } from '../report/logger.ts';
import { runS3Backup, type BackupOptions } from './backup.ts';
import { LocalRestoreTarget, S3RestoreTarget, targetInDestination, type RestoreTarget } from './restore-target.ts';

/** The literal text `confirm-in-place` must hold before a restore writes over live data. */
export const IN_PLACE_CONFIRMATION = 'overwrite live data';

/** Where restored objects go. */
export type RestoreTargetSpec =
  /** A new prefix inside the backup destination: `restored/<T>/<bucket>/<key>`. */
  | { kind: 'default' }
  /** Another bucket (and prefix): `<prefix><key>`, or `<prefix><bucket>/<key>` when several buckets are restored. */
  | { kind: 's3'; bucket: string; prefix: string; connection: S3Connection }
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
}

export interface RestoreDependencies {
  /** The backup: the catalogue and the data are read from here (and only here, except in place). */
  destination: Destination;
  logger: Logger;
  /** In place: the live sources, backed up before anything is overwritten; their clients write the restore. */
  sources?: ObjectSource[];
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Replaces how a source's target is opened (tests). */
  openTarget?: (source: CataloguedSource) => RestoreTarget;
  /** Test hook: called before each object is written (throw to simulate a crash). */
  beforeWrite?: (key: string) => void | Promise<void>;
}

export interface RestoreTotals extends RestoreCounts {
  /** Objects written (new and overwritten) and their bytes. */
  written: number;
  bytesWritten: number;
  /** Objects whose content was compared with the backup (same size, ETag not conclusive). */
  compared: number;
  removed: number;
  failed: number;
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
  warnings: string[];
  durationMs: number;
}

/** A restore that cannot start or must stop: the message says what to change. */
export class RestoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RestoreError';
  }
}

/** A backup object whose bytes are not what the catalogue recorded. */
class DamagedBackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DamagedBackupError';
  }
}

export function emptyRestoreTotals(): RestoreTotals {
  return { ...emptyRestoreCounts(), written: 0, bytesWritten: 0, compared: 0, removed: 0, failed: 0 };
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

const PLAIN_MD5 = /^[0-9a-f]{32}$/;

async function sha256Of(body: Readable): Promise<{ hex: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of body) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { hex: hash.digest('hex'), bytes };
}

export async function runS3Restore(options: S3RestoreOptions, deps: RestoreDependencies): Promise<S3RestoreResult> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const { destination, logger } = deps;
  const listLimit = options.listLimit ?? 100;
  const inPlace = options.target.kind === 'in-place';
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
  const selected = await logger.group('Reading the catalogue', async () => {
    const known = await cataloguedSources(catalog);
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
  const targets = new Map<string, { target: RestoreTarget; keyPrefix: string }>();
  for (const source of selected) targets.set(source.id, openTarget(source, options, deps, buckets.size > 1, atIso));

  if (!options.dryRun) {
    await logger.group('Checking the restore target', async () => {
      const probed = new Set<string>();
      for (const { target } of targets.values()) {
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
      const live = selected.map((s) => liveSource(s, deps));
      const backup = await runS3Backup(
        { overlapMs: 6 * 3600_000, concurrency: options.concurrency, dryRun: false, serverSideCopy: true, ...options.backup, ...(options.retryAttempts ? { retryAttempts: options.retryAttempts } : {}) },
        { sources: live, destination, logger, ...(deps.sleep ? { sleep: deps.sleep } : {}) },
      );
      if (backup.status !== 'complete') {
        throw new RestoreError(
          `the backup taken before the in-place restore is partial (${backup.totals.failed} objects failed): nothing was overwritten; fix the errors and run again`,
        );
      }
      logger.info(`safety backup run ${backup.runId}: ${backup.totals.copied} versions copied`);
      return backup.runId;
    });
  }

  const totals = emptyRestoreTotals();
  const sourceResults: RestoreSourceResult[] = [];
  const uncertainDeletions: UncertainDeletion[] = [];
  const planned: PlannedStep[] = [];
  for (const source of selected) {
    const { target, keyPrefix } = targets.get(source.id)!;
    const result = await logger.group(`${options.dryRun ? 'Planning' : 'Restoring'} ${source.id} as of ${atIso} into ${target.description}${keyPrefix}`, () =>
      restoreSource(source, target, keyPrefix, options, deps, catalog, { uncertainDeletions, planned, listLimit }),
    );
    sourceResults.push(result);
    for (const name of Object.keys(totals) as (keyof RestoreTotals)[]) totals[name] += result.totals[name];
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
    uncertainDeletions,
    planned,
    ...(safetyBackupRunId ? { safetyBackupRunId } : {}),
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

function openTarget(
  source: CataloguedSource,
  options: S3RestoreOptions,
  deps: RestoreDependencies,
  severalBuckets: boolean,
  atIso: string,
): { target: RestoreTarget; keyPrefix: string } {
  const spec = options.target;
  const bucketFolder = `${source.bucket}/`;
  if (spec.kind === 'in-place') {
    if (deps.openTarget) return { target: deps.openTarget(source), keyPrefix: '' };
    const live = liveSource(source, deps);
    if (!(live instanceof S3Source)) throw new RestoreError(`cannot write to ${source.id} in place: not an S3 source`);
    return { target: new S3RestoreTarget(source.bucket, '', { client: live.client }, 'sources'), keyPrefix: '' };
  }
  const keyPrefix = spec.kind === 'default' || severalBuckets ? bucketFolder : '';
  if (deps.openTarget) return { target: deps.openTarget(source), keyPrefix };
  if (spec.kind === 'default') return { target: targetInDestination(deps.destination, `restored/${compactTime(atIso)}/`), keyPrefix };
  if (spec.kind === 's3') return { target: new S3RestoreTarget(spec.bucket, spec.prefix, spec.connection), keyPrefix };
  return { target: new LocalRestoreTarget(spec.path), keyPrefix };
}

interface Collectors {
  uncertainDeletions: UncertainDeletion[];
  planned: PlannedStep[];
  listLimit: number;
}

interface StepOutcome {
  step: RestoreStep;
  action: RestoreAction;
  written?: number;
  compared?: boolean;
  error?: string;
}

async function restoreSource(
  source: CataloguedSource,
  target: RestoreTarget,
  keyPrefix: string,
  options: S3RestoreOptions,
  deps: RestoreDependencies,
  catalog: Catalog,
  collectors: Collectors,
): Promise<RestoreSourceResult> {
  const { logger } = deps;
  const totals = emptyRestoreTotals();
  const errors: string[] = [];
  const selection: KeySelection = {};
  if (options.prefix) selection.prefix = options.prefix;
  if (options.keys) selection.keys = options.keys;
  const selects = keySelector(selection);
  // Only keys of this source: its prefix, narrowed by the selected key prefix when it is longer.
  const listPrefix = options.prefix && options.prefix.startsWith(source.prefix) ? options.prefix : source.prefix;

  const states = (async function* (): AsyncGenerator<KeyAsOf> {
    for await (const state of sourceAsOf(catalog, source.id, new Date(options.at.getTime()))) if (selects(state.key)) yield state;
  })();
  const listing = (async function* () {
    for await (const object of target.list(keyPrefix + listPrefix)) {
      const key = object.key.slice(keyPrefix.length);
      if (key.startsWith(source.prefix) && selects(key)) yield { ...object, key };
    }
  })();

  const removals: RestoreStep[] = [];
  const pool = new OrderedPool<StepOutcome>(options.concurrency, options.concurrency * 4);
  const collect = (outcome: StepOutcome) => {
    const { step } = outcome;
    const final: RestoreStep = { ...step, action: outcome.action };
    countStep(totals, final);
    if (outcome.compared) totals.compared++;
    if (outcome.written !== undefined) {
      totals.written++;
      totals.bytesWritten += outcome.written;
    }
    if (outcome.error !== undefined) {
      totals.failed++;
      if (errors.length < 20) errors.push(`${step.key}: ${outcome.error}`);
    }
    if (step.uncertainDeletion && collectors.uncertainDeletions.length < collectors.listLimit) {
      collectors.uncertainDeletions.push({ source: source.id, key: step.key, ...step.uncertainDeletion });
    }
    if (outcome.action !== 'skip' && collectors.planned.length < collectors.listLimit) {
      collectors.planned.push({ source: source.id, key: step.key, action: outcome.action, size: step.version?.s ?? step.target?.size ?? 0, ...(step.uncertainDeletion ? { uncertain: true as const } : {}) });
    }
  };

  try {
    for await (const step of planRestore(states, listing, { removeAbsent: options.target.kind === 'in-place' })) {
      if (step.action === 'remove') {
        // Removals wait until every write succeeded (as rclone sync does).
        removals.push(step);
        continue;
      }
      while (pool.full) collect(await pool.next());
      await pool.submit(() => executeStep(step, target, keyPrefix, options, deps));
    }
    while (pool.pending > 0) collect(await pool.next());
  } catch (error) {
    while (pool.pending > 0) await pool.next().catch(() => undefined);
    throw error;
  }

  if (removals.length > 0 && !options.dryRun && totals.failed > 0) {
    logger.warn(`${source.id}: ${removals.length} removals skipped because ${totals.failed} writes failed; run the restore again`);
    for (const step of removals) collect({ step, action: 'remove', error: 'not removed: an earlier write failed' });
  } else {
    for (const step of removals) {
      if (options.dryRun) {
        collect({ step, action: 'remove' });
        continue;
      }
      try {
        await target.delete(keyPrefix + step.key);
        totals.removed++;
        collect({ step, action: 'remove' });
      } catch (error) {
        collect({ step, action: 'remove', error: (error as Error).message });
      }
    }
  }
  logger.info(
    `${source.id}: ${totals.keysAtT} objects at T; ${totals.write} new, ${totals.overwrite} overwritten, ${totals.skip} already right, ` +
      `${totals.remove} removed, ${totals.uncertain} uncertain deletions kept, ${totals.failed} failed`,
  );
  for (const error of errors) logger.warn(`${source.id}: ${error}`);
  return { id: source.id, target: `${target.description}${keyPrefix}`, totals, errors };
}

async function executeStep(step: RestoreStep, target: RestoreTarget, keyPrefix: string, options: S3RestoreOptions, deps: RestoreDependencies): Promise<StepOutcome> {
  if (step.action === 'skip') return { step, action: 'skip' };
  if (options.dryRun) return { step, action: step.action };
  const version = step.version!;
  const targetKey = keyPrefix + step.key;
  try {
    let action: RestoreAction = step.action;
    let compared = false;
    if (action === 'check') {
      compared = true;
      action = (await sameContent(version, target, targetKey, deps.destination)) ? 'skip' : 'overwrite';
      if (action === 'skip') return { step, action, compared };
    }
    await deps.beforeWrite?.(step.key);
    await retry(() => copyVersion(version, target, targetKey, deps.destination), {
      attempts: options.retryAttempts ?? 4,
      baseDelayMs: 250,
      maxDelayMs: 10_000,
      isRetryable: (error) => !(error instanceof DamagedBackupError) && isRetryableTransferError(error),
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      onRetry: (error, attempt, delay) => deps.logger.debug(`${step.key}: attempt ${attempt} failed (${(error as Error).message}); retrying in ${delay} ms`),
    });
    return { step, action, compared, written: version.s ?? 0 };
  } catch (error) {
    if (isFatal(error)) throw error;
    return { step, action: step.action === 'check' ? 'overwrite' : step.action, error: (error as Error).message };
  }
}

function isFatal(error: unknown): boolean {
  const e = error as { fatal?: boolean; name?: string };
  return e?.fatal === true || e?.name === 'NoSuchBucket' || e?.name === 'InvalidAccessKeyId' || e?.name === 'SignatureDoesNotMatch' || e?.name === 'AccessDenied';
}

/** Same size, and now the same SHA-256 as the version at T (recorded, or read from the backup). */
async function sameContent(version: VersionAtT, target: RestoreTarget, targetKey: string, destination: Destination): Promise<boolean> {
  const body = await target.get(targetKey);
  if (!body) return false;
  const actual = await sha256Of(body);
  if (actual.bytes !== (version.s ?? 0)) return false;
  let expected = version.sha256;
  if (!expected) {
    const backup = await destination.get(version.b!);
    if (!backup) throw new DamagedBackupError(`the backup object ${version.b} is missing`);
    expected = (await sha256Of(backup)).hex;
  }
  return actual.hex === expected;
}

/** Streams one version from the backup to the target, verifying size, SHA-256 and the target's MD5 ETag. */
async function copyVersion(version: VersionAtT, target: RestoreTarget, targetKey: string, destination: Destination): Promise<void> {
  if (!version.b) throw new DamagedBackupError(`the catalogue records no backup object for ${version.k}`);
  const body = await destination.get(version.b);
  if (!body) throw new DamagedBackupError(`the backup object ${version.b} is missing: run verify`);
  const size = version.s ?? 0;
  const verifier = new Verifier({ md5: true, sha1: false, crc32: false });
  const pass = new PassThrough({ highWaterMark: 1024 * 1024 });
  const [, stored] = await Promise.all([pipeline(body, verifier, pass), target.put(targetKey, pass, size, version.meta)]);
  const digests = verifier.digests();
  const problems: string[] = [];
  if (verifier.bytes !== size) problems.push(`${verifier.bytes} bytes in the backup, ${size} recorded`);
  if (version.sha256 && digests.sha256 !== version.sha256) problems.push('SHA-256 differs from the catalogue');
  if (version.e && PLAIN_MD5.test(version.e) && digests.md5 !== version.e) problems.push(`MD5 ${digests.md5} differs from the source ETag ${version.e}`);
  if (problems.length > 0) {
    // Leave no damaged copy behind: a re-run must not take it for a good one.
    await target.delete(targetKey).catch(() => undefined);
    throw new DamagedBackupError(`the backup object ${version.b} is damaged (${problems.join('; ')}): not restored; run verify`);
  }
  if (stored.etag && PLAIN_MD5.test(stored.etag) && stored.etag !== digests.md5) {
    const error = new Error(`the target stored ${targetKey} with ETag ${stored.etag}, but the bytes sent have MD5 ${digests.md5}`);
    error.name = 'VerificationError';
    throw Object.assign(error, { $metadata: { httpStatusCode: 500 } });
  }
}
