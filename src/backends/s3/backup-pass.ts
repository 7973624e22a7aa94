import { pipeline } from 'node:stream/promises';
import { PassThrough, type Readable } from 'node:stream';
import type { ObjectMetadata, ObjectSource, SourceVersion } from '../../stores/object/types.ts';
import { emptyCounts, type Catalog, type RunRecord, type SourceCounts, type SourceRunRecord, type StateBytes } from './catalog/catalog.ts';
import { JsonLinesWriter, type FileDigest } from './catalog/jsonl.ts';
import { nextStateLine, sameStateLine, skippedState, type KeyPlan } from './plan/backup-plan.ts';
import { planFilteredBackup } from './plan/filtered-plan.ts';
import { KeyFilter } from '../../plan/filter.ts';
import { stateFileName, type StateKind, type StateLink } from './catalog/records.ts';
import type { StateWrite } from './catalog/checkpoint.ts';
import { versionIdentity, type EventLine, type StateVersion } from './plan/model.ts';
import { backupKeyFor } from './plan/names.ts';
import { asError, BACKUP_POLICY, classifyTransferError, VerificationError } from '../../transfer/errors.ts';
import { retry } from '../../transfer/retry.ts';
import { Verifier } from '../../transfer/verify.ts';
import { readWhole } from '../../transfer/read-whole.ts';
import { OrderedPool, orderedWindow } from '../../transfer/ordered.ts';
import { Progress } from '../../report/progress.ts';
import { laterOf } from '../../watermark/store.ts';
import type { BackupDependencies, BackupOptions } from './types.ts';
import { carryForward, type TimeBudget } from './budget.ts';
import { openListing } from './listing/index.ts';

/**
 * One pass over one source: the listing marched against a base state (the previous run's, or an
 * older one when that is damaged), copies made, the run's state and events files written. Nothing
 * is committed here: the caller writes the run record.
 */
export interface PassContext {
  options: BackupOptions;
  deps: BackupDependencies;
  catalog: Catalog;
  runId: string;
  /**
   * HEAD each backup key before copying and reuse what is there: an unfinished run may have
   * copied it, or (after a damaged state) the run whose state could not be read did.
   */
  headBeforeCopy: boolean;
  /** Whether this pass writes the whole state or only what changed (catalog/checkpoint.ts). */
  stateWrite?: StateWrite;
  /** The run's time budget (budget.ts): once spent, no new key is taken. */
  budget?: TimeBudget;
  /**
   * Called once every key is handled, just before the state and events files are finished: the
   * last pass of a backup starts its lease check there, so the read goes beside those writes.
   */
  beforeFinishing?: () => void;
}

export interface PassResult {
  counts: SourceCounts;
  errors: string[];
  complete: boolean;
  listStartedAt: string;
  listFinishedAt: string;
  /** The server's clock when the listing began (or the newest Last-Modified seen). */
  serverStart: string | undefined;
  stateKey: string;
  stateKind: StateKind;
  eventsKey: string;
  state?: FileDigest;
  /** A delta's chain, this run's delta last (absent for a checkpoint). */
  stateChain?: StateLink[];
  events?: FileDigest;
  /** The time budget was spent: keys from this one on were not looked at (the next run goes on). */
  stoppedBefore?: string;
  /** Quantiles of the listed keys, for the next run's ranges (listing/key-samples.ts). */
  keySamples?: string[];
}

interface KeyOutcome {
  plan: KeyPlan;
  copied: Map<string, StateVersion>;
  events: EventLine[];
  failed: boolean;
  raced: boolean;
  error?: string;
}

const EPOCH = new Date(0).toISOString();

/** Bodies up to this size are read whole and put as one buffer (32 copies at once: 8 MiB at most). */
const SMALL_BODY_BYTES = 256 * 1024;

/** A small body, whole; one longer than announced is cut off at SMALL_BODY_BYTES and fails. */
async function readSmallBody(body: Readable, key: string): Promise<Buffer> {
  const data = await readWhole(body, SMALL_BODY_BYTES);
  if (!data) throw new VerificationError(`copy of ${key} failed verification: the source sent more bytes than its length`, key);
  return data;
}

const isVersioned = (versions: SourceVersion[]): boolean => versions.some((v) => v.versionId !== undefined && v.versionId !== 'null');

/** Date headers are whole seconds, rounded down: the next second is a safe upper bound. */
function upperBound(source: ObjectSource): Date {
  const latest = source.latestServerTime;
  return latest ? new Date(latest.getTime() + 1000) : new Date();
}

export async function backupPass(
  source: ObjectSource,
  versioned: boolean,
  base: { run: RunRecord; source: SourceRunRecord; stateBytes?: StateBytes } | undefined,
  recheckSince: string | undefined,
  context: PassContext,
): Promise<PassResult> {
  const { options, deps, catalog, runId } = context;
  const { destination } = deps;
  const counts = emptyCounts();
  const errors: string[] = [];

  const folder = catalog.sourceFolder(source.bucket, source.prefix, runId);
  // A delta holds only the keys whose line changed, so a run costs what changed, not every key.
  const delta = base !== undefined && context.stateWrite?.kind === 'delta' ? context.stateWrite : undefined;
  const stateKind: StateKind = delta ? 'delta' : 'full';
  const stateKey = `${folder}${stateFileName(stateKind)}`;
  const stateWriter = options.dryRun ? undefined : new JsonLinesWriter(destination, stateKey);
  const eventsWriter = options.dryRun ? undefined : new JsonLinesWriter(destination, `${folder}events.jsonl.gz`);
  // The previous run's key count: about as many keys as this listing will give (an estimate).
  const progress = new Progress(deps.logger, source.id, base ? { estimatedKeys: base.source.counts.keys } : {});
  const pool = new OrderedPool<KeyOutcome>(options.concurrency, orderedWindow(options.concurrency));
  let maxDataTime: string | undefined;
  let listFinished: Date | undefined;

  const sourceListing = openListing(source, versioned, base?.source, options.listing, deps.logger);
  const listing = (async function* () {
    for await (const entry of sourceListing.entries) {
      counts.keys++;
      counts.versionsListed += entry.versions.length;
      for (const v of entry.versions) maxDataTime = laterOf(maxDataTime, v.lastModified);
      yield entry;
    }
    listFinished = upperBound(source);
  })();

  const collect = async (outcome: KeyOutcome) => {
    const { plan } = outcome;
    if (outcome.failed) {
      counts.failed++;
      if (errors.length < 20) errors.push(`${plan.key}: ${outcome.error}`);
    }
    if (outcome.raced) counts.raced++;
    for (const event of outcome.events) await eventsWriter?.write(event);
    const line = nextStateLine(plan, outcome.copied, outcome.failed || outcome.raced);
    if (!delta) {
      if (line) await stateWriter?.write(line);
    } else if (!sameStateLine(line, plan.previous)) {
      await stateWriter?.write(line ?? { k: plan.key, gone: true });
    }
    progress.tick(counts);
  };

  const previousListStart = base?.source.listStartedAt ?? EPOCH;
  let state: FileDigest | undefined;
  let events: FileDigest | undefined;
  // A version a committed run recorded was copied and verified before that run committed: the
  // catalogue vouches for it, so it costs no request. Only where the catalogue cannot vouch
  // (recovering from an unfinished run, a damaged state's fallback) are the known versions inside
  // the overlap window checked with a HEAD of their copy.
  const recheck = context.headBeforeCopy && recheckSince ? { recheckSince } : {};
  let stoppedBefore: string | undefined;
  try {
    // Keys outside the filter keep their previous line; sizes it leaves out are recorded as skipped.
    const planning = { filter: options.filter ?? KeyFilter.everything, prefix: source.prefix, onExcluded: () => counts.excluded++, previousListStart, ...recheck };
    for await (const plan of planFilteredBackup(listing, catalog.readState(base?.source, undefined, base?.stateBytes), planning)) {
      if (context.budget?.spent()) {
        stoppedBefore = plan.key;
        break;
      }
      while (pool.full) await collect(await pool.next());
      // The listing has passed this key: the latest server time bounds what it saw of it.
      const seen = upperBound(source).toISOString();
      await pool.submit(() => handleKey(plan, source, context, counts, previousListStart, seen));
    }
    while (pool.pending > 0) await collect(await pool.next());
    if (stoppedBefore !== undefined && !delta) await carryForward(catalog, base, stoppedBefore, stateWriter);
    context.beforeFinishing?.();
    // Both files are finished at once; a failure of either aborts both below.
    [state, events] = await Promise.all([stateWriter?.close(), eventsWriter?.close()]);
  } catch (error) {
    // Nothing of this source is committed: the previous state stays the truth.
    while (pool.pending > 0) await pool.next().catch(() => undefined);
    await stateWriter?.abort();
    await eventsWriter?.abort();
    throw error;
  }
  progress.tick(counts, true);

  // The server's clock when the listing began: everything modified before it was listed. Without
  // a Date header, the newest Last-Modified seen: the data's time, never the runner's clock.
  const serverStart = sourceListing.serverTime()?.toISOString() ?? maxDataTime;
  const keySamples = sourceListing.samples();
  return {
    counts,
    errors,
    complete: counts.failed === 0 && stoppedBefore === undefined,
    listStartedAt: serverStart ?? EPOCH,
    listFinishedAt: (listFinished ?? new Date()).toISOString(),
    serverStart,
    stateKey,
    stateKind,
    eventsKey: `${folder}events.jsonl.gz`,
    ...(state ? { state } : {}),
    ...(state && delta ? { stateChain: [...delta.chain, { runId, kind: 'delta' as const, sha256: state.sha256, bytes: state.bytes }] } : {}),
    ...(events ? { events } : {}),
    ...(stoppedBefore !== undefined ? { stoppedBefore } : {}),
    ...(keySamples ? { keySamples } : {}),
  };
}

async function handleKey(
  plan: KeyPlan,
  source: ObjectSource,
  context: PassContext,
  counts: SourceCounts,
  previousListStart: string,
  seen: string,
): Promise<KeyOutcome> {
  const { options, deps } = context;
  const outcome: KeyOutcome = { plan, copied: new Map(), events: [], failed: false, raced: false };
  if (plan.carried) return outcome;
  counts.unchanged += plan.kept.length;

  if (plan.deleted) {
    counts.deleted++;
    const last = plan.previous?.v.find((v) => !v.dm);
    // A key left out by earlier runs' filter was last compared when its line says (x).
    outcome.events.push({ k: plan.key, type: 'deleted', after: plan.previous?.x ?? previousListStart, before: seen, ...(last ? { last: last.id } : {}) });
  }
  // Versions a versioned listing no longer shows (expired or permanently deleted), including
  // every version of a versioned key that vanished altogether.
  const purged = plan.current ? (isVersioned(plan.current.versions) ? plan.gone : []) : plan.deleted ? [] : (plan.previous?.v ?? []);
  for (const gone of purged) {
    counts.purged++;
    outcome.events.push({ k: plan.key, type: 'purged', id: gone.id, after: plan.previous?.x ?? previousListStart, before: seen });
  }
  if (options.dryRun) {
    counts.deleteMarkers += plan.newDeleteMarkers.length;
    counts.copied += plan.copy.length;
    counts.skipped += plan.skipped?.length ?? 0;
    for (const v of plan.copy) counts.bytes += v.size ?? 0;
    return outcome;
  }

  const toCopy = [...plan.copy];
  // Known versions inside the overlap window: make sure their copy really exists.
  for (const known of plan.recheck) {
    if (known.b && !(await deps.destination.head(known.b))) {
      const version = plan.current?.versions.find((v) => versionIdentity(v) === known.id);
      if (version) {
        toCopy.push(version);
        counts.repaired++;
      }
    }
  }

  const newVersionEvents = new Map<string, EventLine>();
  for (const version of toCopy) {
    try {
      const { state, event } = await copyVersion(version, source, context, counts, seen);
      outcome.copied.set(state.id, state);
      if (!plan.kept.some((k) => k.id === state.id)) newVersionEvents.set(state.id, event);
    } catch (error) {
      const kind = classifyTransferError(error, BACKUP_POLICY);
      // No other key would escape it: the run stops without committing instead of failing them all.
      if (kind === 'fatal') throw error;
      if (kind === 'race') {
        // Overwritten or deleted since the listing: the next run sees what replaced it.
        outcome.raced = true;
        deps.logger.debug(`${plan.key}: changed while listing (${(error as Error).name}); retried next run`);
      } else {
        outcome.failed = true;
        outcome.error = (error as Error).message;
      }
    }
  }
  // Versions and delete markers oldest first (a listing gives them newest first): a restore
  // breaks a tie between two writes in the same second by this order.
  const markers = new Set(plan.newDeleteMarkers);
  const skipped = new Set(plan.skipped ?? []);
  for (const version of [...(plan.current?.versions ?? [])].reverse()) {
    if (skipped.has(version)) {
      counts.skipped++;
      const { id, t, s, e, vid } = skippedState(version);
      outcome.events.push({ k: plan.key, type: 'skipped', id, t, s: s ?? 0, ...(e ? { e } : {}), ...(vid ? { vid } : {}), reason: 'size', seen });
    } else if (markers.has(version)) {
      counts.deleteMarkers++;
      outcome.events.push({ k: plan.key, type: 'deleteMarker', id: versionIdentity(version), ...(version.versionId ? { vid: version.versionId } : {}), t: version.lastModified, seen });
    } else {
      const event = newVersionEvents.get(versionIdentity(version));
      if (event) outcome.events.push(event);
    }
  }
  if (outcome.failed || outcome.raced) outcome.events = [];
  return outcome;
}

async function copyVersion(
  version: SourceVersion,
  source: ObjectSource,
  context: PassContext,
  counts: SourceCounts,
  seen: string,
): Promise<{ state: StateVersion; event: EventLine }> {
  const { options, deps } = context;
  const { destination } = deps;
  const key = backupKeyFor(source.bucket, version, destination.prefixBytes);
  const state: StateVersion = { id: versionIdentity(version), t: version.lastModified, s: version.size ?? 0, b: key };
  if (version.versionId) state.vid = version.versionId;
  if (version.etag) state.e = version.etag;
  await deps.beforeCopy?.(version);

  let metadata: ObjectMetadata = {};
  let sha256: string | undefined;

  const existing = context.headBeforeCopy ? await destination.head(key) : undefined;
  if (existing && existing.size === (version.size ?? 0)) {
    // An earlier run already copied this version (it did not finish, or its state is damaged):
    // reuse the copy instead of making it again.
    const opened = await source.open(version);
    metadata = opened.metadata;
    opened.body.destroy();
    counts.reused++;
  } else {
    await retry(
      async () => {
        const serverSide = options.serverSideCopy && destination.copyFromSource ? await destination.copyFromSource(source, version, key) : false;
        if (serverSide) {
          const stored = await destination.head(key);
          if (!stored || stored.size !== (version.size ?? 0)) {
            throw new VerificationError(`server-side copy of ${version.key} has ${stored?.size} bytes, expected ${version.size}`, version.key);
          }
          metadata = serverSide.metadata;
          counts.serverSideCopies++;
          return;
        }
        const opened = await source.open(version);
        const verifier = new Verifier({ md5: opened.etagIsMd5, sha1: opened.checksums.SHA1 !== undefined, crc32: opened.checksums.CRC32 !== undefined });
        const putMeta: { size: number; metadata: ObjectMetadata } = { size: opened.size, metadata: opened.metadata };
        let digests: ReturnType<Verifier['digests']>;
        if (!deps.bandwidth && opened.size <= SMALL_BODY_BYTES) {
          // A small body is read whole, then put as one buffer: a stream pipeline per object (a
          // Transform, a PassThrough, an AbortController and its DOMException) cost more CPU than
          // the bytes for the many small objects of a typical bucket (issue 11's profile). Its
          // SHA-256 is known before the write, which an S3 destination signs instead of hashing it again.
          const data = await readSmallBody(opened.body, version.key);
          verifier.hashChunk(data);
          digests = verifier.digests();
          await destination.put(key, data, { ...putMeta, sha256: digests.sha256 });
        } else {
          // 64 KiB, the stream default: a 1 MiB buffer per copy, 32 copies at once, churned the allocator
          // into about 100 MB of freed-but-resident memory (bench/results/2026-11-30-memory.md).
          const body = new PassThrough({ highWaterMark: 64 * 1024 });
          // Without a limit the pipeline is exactly what it was: no stage added.
          const piping = deps.bandwidth ? pipeline(opened.body, deps.bandwidth.transform(), verifier, body) : pipeline(opened.body, verifier, body);
          const putting = destination.put(key, body, putMeta);
          // A refused write leaves nobody reading `body`: the pipeline, and the source's response
          // with it, is torn down instead of waiting on backpressure until the process ends.
          putting.catch((error: unknown) => body.destroy(asError(error)));
          await Promise.all([piping, putting]);
          digests = verifier.digests();
        }
        const expectedSize = version.size ?? opened.size;
        const problems: string[] = [];
        if (verifier.bytes !== expectedSize) problems.push(`${verifier.bytes} bytes read, ${expectedSize} listed`);
        if (digests.md5 && opened.etag && digests.md5 !== opened.etag) problems.push(`MD5 ${digests.md5} differs from ETag ${opened.etag}`);
        if (opened.checksums.SHA256 && digests.sha256Base64 !== opened.checksums.SHA256) problems.push('SHA-256 differs from the source checksum');
        if (opened.checksums.SHA1 && digests.sha1Base64 !== opened.checksums.SHA1) problems.push('SHA-1 differs from the source checksum');
        if (opened.checksums.CRC32 && digests.crc32Base64 !== opened.checksums.CRC32) problems.push('CRC32 differs from the source checksum');
        if (problems.length > 0) throw new VerificationError(`copy of ${version.key} failed verification: ${problems.join('; ')}`, version.key);
        metadata = opened.metadata;
        sha256 = digests.sha256;
      },
      {
        attempts: options.retryAttempts ?? 4,
        baseDelayMs: 250,
        maxDelayMs: 10_000,
        isRetryable: (error) => classifyTransferError(error, BACKUP_POLICY) === 'retryable',
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        onRetry: (error, attempt, delay) => deps.logger.debug(`${version.key}: attempt ${attempt} failed (${(error as Error).message}); retrying in ${delay} ms`),
      },
    );
    counts.copied++;
    counts.bytes += version.size ?? 0;
  }
  const event: EventLine = { k: version.key, type: 'version', ...state, seen, ...(Object.keys(metadata).length ? { meta: metadata } : {}), ...(sha256 ? { sha256 } : {}) };
  return { state, event };
}
