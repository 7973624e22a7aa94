import { handled } from '../../transfer/promises.ts';
import { addRequestCounts, emptyRequestCounts, requestsSince, type ObjectSource } from '../../stores/object/types.ts';
import { Catalog, CATALOG_FORMAT, emptyCounts, type RunRecord, type SourceCounts, type SourceRunRecord, type StateBytes, type StateFallback } from './catalog/catalog.ts';
import { CatalogDamagedError } from './catalog/errors.ts';
import { planStateWrite } from './catalog/checkpoint.ts';
import { stateFiles } from './catalog/records.ts';
import { RunLease } from './catalog/lease.ts';
import { sweepPartialWrites, type SweepResult } from './catalog/sweep.ts';
import type { Logger } from '../../report/logger.ts';
import { saveWatermarkHints, type Watermarks } from '../../watermark/store.ts';
import { VERSION } from '../../version.ts';
import { backupPass, type PassContext } from './backup-pass.ts';
import { gateOpens, gateWrites } from './write-gate.ts';
import { runS3Shard } from './shard-backup.ts';
import { TimeBudget } from './budget.ts';
import { runS3ShardCommit } from './shard-commit.ts';
import { newestRunIds, readRecentRuns, recentRunOf, RECENT_RUNS } from './recent-runs.ts';
import { startCatalogueReads, type PreviousRun, type StartedReads } from './catalogue-reads.ts';
import { sourceOutcome } from './source-outcome.ts';
import type { BackupDependencies, BackupOptions, BackupResult, RecentRun, RunRequests, SourceResult, WatermarkOrigin } from './types.ts';

/** A lease check begun this long before the commit (a large state file's upload) is made again. */
const LEASE_CHECK_FRESH_MS = 2_000;

export async function runS3Backup(options: BackupOptions, deps: BackupDependencies): Promise<BackupResult> {
  if (options.shard && 'commit' in options.shard) return runS3ShardCommit(options, deps, options.shard.name);
  if (options.shard) return runS3Shard(options, deps, options.shard);
  const now = deps.now ?? (() => new Date());
  const started = now();
  const { destination, logger } = deps;
  const catalog = new Catalog(destination, {
    read: {
      attempts: options.retryAttempts ?? 4,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      onRetry: (file, error, attempt) => logger.debug(`${file}: read attempt ${attempt} failed (${(error as Error).message}); retrying`),
    },
  });
  const runId = Catalog.newRunId(started);
  const requestsAtStart = requestSnapshot(deps);

  // The destination and every source are checked at once (one round trip, not one per bucket),
  // and reported in order: the destination's error first, then each source's. The lease is read
  // beside them; it is written only once they passed.
  const destinationChecked = handled(destination.check());
  // An S3 Inventory listing reads a report, not the bucket: no listing is started, HeadBucket stays.
  const startsListing = (source: ObjectSource) => source.startListing !== undefined && options.listing?.inventory === undefined;
  const sourceProbes = deps.sources.map((source) => handled(source.probe({ listingFollows: startsListing(source) })));
  const checked = handled(Promise.all([destinationChecked, ...sourceProbes]));

  // What the run reads before it writes (the catalogue: runs, pointers, state checks, watermark
  // hints; and each source's first listing pages, once its versioning is known) is requested once
  // the lease's first read found it free, not after this run has written and read back its own.
  // Never before: a run that committed after these reads began would leave a state newer than this
  // run's listing and base, and keys it saw would read as removed; from the free read on, any other
  // run must take the lease before it can commit, and this run's conditional write would then fail
  // (the reads then start again, below). The first page is also the check that the bucket can be
  // listed; it is awaited before the run writes its start marker.
  // Each source's pointer (a hint: the run list, read once the lease is seen free, names any run
  // committed since) is read beside the lease's first read, and the record of the run it names as
  // soon as it is in (a committed record never changes): the run list's window and the state read
  // follow that record, not a round trip after the lease.
  const pointedRuns = deps.sources.map((source) => handled(catalog.readPointedRun(source.bucket, source.prefix)));
  let reads: StartedReads | undefined;
  // `releasedBy`: the run whose released lease the first read found (no run held it since); the
  // run list may then be a window (catalogue-reads.ts). Reads begun again after a takeover or a
  // lost race list every run.
  const startReads = (releasedBy?: string) => {
    const catalogue = startCatalogueReads(catalog, deps, pointedRuns, releasedBy);
    const listings = deps.sources.map((source, index) =>
      startsListing(source) ? handled(sourceProbes[index]!.then((probe) => source.startListing!(probe.versioned))) : undefined,
    );
    reads = { ...catalogue, listings };
  };
  const leaseTaken = options.dryRun ? undefined : handled(RunLease.acquire(destination, runId, logger, { ...options.lease, now, whenFree: startReads, writeAfter: checked }));

  await logger.group('Checking the destination', async () => {
    await destinationChecked;
    logger.info(`destination: ${destination.description}`);
  });
  const probes = await logger.group('Checking the sources', async () => {
    const result: { versioned: boolean }[] = [];
    for (const [index, source] of deps.sources.entries()) {
      const probe = await sourceProbes[index]!;
      logger.info(`${source.id}: ${probe.versioned ? 'versioned' : 'not versioned'}`);
      result.push(probe);
    }
    return result;
  });

  // The lease comes before the catalogue is read: from here on no other run writes to it.
  let lease: RunLease | undefined;
  let sweeping: Promise<SweepResult> | undefined;
  if (!leaseTaken) startReads(undefined);
  else {
    lease = await logger.group('Taking the destination lease', async () => {
      const taken = await leaseTaken;
      logger.info(`lease ${runId} taken at ${taken.acquiredAt.toISOString()} (destination clock)`);
      return taken;
    });
    // Taken over (stale) or after a race: reads begun before may predate another run's commit.
    if (!lease.takenFromFirstRead) startReads(undefined);
    // Date headers are whole seconds, rounded down: a partial write begun within the second the
    // lease was taken counts as older. This run has begun none yet, and begins none before the
    // sweep is over (the start marker, which every write of the passes waits for, follows it).
    sweeping = handled(sweepPartialWrites(destination, new Date(lease.acquiredAt.getTime() + 1000), logger));
  }
  let result: BackupResult;
  try {
    // startReads has run: at once on a dry run, else in whenFree or just above.
    result = await backupUnderLease(options, deps, { catalog, runId, started, now, probes, lease, sweeping, reads: reads! });
  } finally {
    // A run that failed early (a refused listing, a source whose versioning vanished) may not have
    // waited for the sweep, which runs beside the passes: it ends before the lease is released.
    await sweeping?.catch(() => undefined);
    await lease?.release();
  }
  return { ...result, requests: requestsOf(deps, requestsAtStart) };
}

/** What the stores have sent so far, summed over the sources (each has its own client). */
function requestSnapshot(deps: BackupDependencies): RunRequests {
  const source = emptyRequestCounts();
  for (const s of deps.sources) addRequestCounts(source, s.requestCounts?.());
  return { source, destination: deps.destination.requestCounts?.() ?? emptyRequestCounts() };
}

/** The requests this run sent: the stores' counts now less those at its start. */
function requestsOf(deps: BackupDependencies, atStart: RunRequests): RunRequests {
  const now = requestSnapshot(deps);
  return { source: requestsSince(now.source, atStart.source), destination: requestsSince(now.destination, atStart.destination) };
}

async function backupUnderLease(
  options: BackupOptions,
  deps: BackupDependencies,
  run: {
    catalog: Catalog;
    runId: string;
    started: Date;
    now: () => Date;
    probes: { versioned: boolean }[];
    lease: RunLease | undefined;
    sweeping: Promise<SweepResult> | undefined;
    reads: StartedReads;
  },
): Promise<BackupResult> {
  const { catalog, runId, started, now, probes, lease } = run;
  const { logger } = deps;
  // What the start marker waits for: each source's newest run and the run list (the marker must not
  // be in it). Their state files are still being read (run.reads.catalogue, awaited under the
  // marker below): the marker is on its way meanwhile, a round trip sooner (issue 11). The sweep of
  // abandoned uploads goes on beside the passes' reads and planning: it removes only writes begun
  // before the lease, and the passes write nothing before the start marker, which waits for it.
  // A state read that failed before the marker is due fails the run before it writes anything
  // (one that fails later fails it under the marker, below).
  const catalogueRead: { failed?: { error: unknown } } = {};
  run.reads.catalogue.catch((error: unknown) => (catalogueRead.failed = { error }));
  const { newest, runList } = await run.reads.runs;
  // A source whose answer contradicts its history stops the run here, before anything is written.
  for (const [index, source] of deps.sources.entries()) {
    const previous = newest[index];
    if (previous?.source.versioned && !probes[index]!.versioned) throw versioningVanished(source, previous.run.runId);
  }

  // The runs before this one, for the summary's chart: read while the sources are listed, not after.
  const earlierRuns =
    options.dryRun || options.recentRuns === false ? undefined : handled(newestRunIds(catalog, runList, RECENT_RUNS - 1).then((ids) => readRecentRuns(catalog, ids)));

  // Every source can be listed (its first page is in), in the order given, before anything is written.
  for (const listing of run.reads.listings) await listing;

  const unfinished = runList.unfinished;
  const recovering = unfinished.length > 0;
  if (recovering) logger.info(`an earlier run did not finish (${unfinished.join(', ')}): copies it made are reused, not repeated`);
  // The start marker is on its way while the sources' passes read their state and plan: their
  // writes (copies, state and events files) wait for it to land and for the sweep to end
  // (write-gate.ts), not their reads: one of them begun within the lease's second would be taken
  // by the sweep for an abandoned write. The marker itself goes beside the sweep where a put of it
  // can never look like a partial write (S3: one PutObject), a round trip sooner; in a folder it is
  // a temporary file under catalog/ while it is written, so there it follows the sweep.
  // One turn of the event loop first: a failure already in reaches `catalogue` through a few
  // promise hops (the microtasks all run before it), not all of them ahead of this line.
  await new Promise((resolve) => setImmediate(resolve));
  if (catalogueRead.failed) throw catalogueRead.failed.error;
  const marker = () => catalog.markStarted(runId, { startedAt: started.toISOString(), sources: deps.sources.map((s) => s.id) });
  const { sweeping } = run;
  const besideSweep = deps.destination.wholeBodyPutsLeaveNoPartialWrite === true;
  const marked = options.dryRun ? undefined : handled<unknown>(!sweeping ? marker() : besideSweep ? Promise.all([sweeping, marker()]) : sweeping.then(marker));
  // Downloads (below) wait for the sweep, not for the marker: a slow sweep would hold them paused
  // past the stall guard's limit; one begun while the marker is on its way waits a round trip at most.
  const passDestination = marked ? gateWrites(deps.destination, marked) : deps.destination;
  const passDeps: BackupDependencies = { ...deps, destination: passDestination };
  const passCatalog = marked ? new Catalog(passDestination, { read: catalog.readOptions }) : catalog;

  // The check that this run still holds the lease begins as the last pass finishes its state and
  // events files (a read beside those writes, not a round trip after them); the commit waits for
  // it, or checks again when finishing took longer than LEASE_CHECK_FRESH_MS.
  const checkLease = lease ? () => lease.beginCheck() : undefined;

  const sourceRecords: SourceRunRecord[] = [];
  const results: SourceResult[] = [];
  // One budget for the whole run: a source reached after it is spent is carried forward whole.
  const budget = options.maxDurationMs !== undefined ? new TimeBudget(options.maxDurationMs, started, now) : undefined;
  try {
    // Inside the try: a read that fails now fails the run only once the marker has settled, so that
    // nothing this run wrote is still on its way when the lease is released.
    const { previousRuns, stored } = await run.reads.catalogue;
    for (const [index, source] of deps.sources.entries()) {
      const versioned = probes[index]!.versioned;
      const previous = previousRuns[index];
      const { record, result } = await logger.group(`Backing up ${source.id}`, () =>
        backupSource(
          run.sweeping ? gateOpens(source, run.sweeping) : source,
          versioned,
          previous,
          {
            options,
            deps: passDeps,
            catalog: passCatalog,
            runId,
            headBeforeCopy: recovering,
            ...(budget ? { budget } : {}),
            ...(checkLease && index === deps.sources.length - 1 ? { beforeFinishing: checkLease } : {}),
          },
          stored[source.id],
        ),
      );
      results.push(result);
      if (record) sourceRecords.push(record);
      // Its state's bytes (read whole with the catalogue) are not needed past its pass.
      previousRuns[index] = undefined;
    }
  } finally {
    // Nothing is committed unless the marker landed; when it did not, its error is the run's (the
    // writes that waited for it failed with it), whatever the passes threw.
    await marked;
  }

  const cleanup = await run.sweeping;
  const complete = results.every((r) => r.complete);
  const finished = now();
  const totals = emptyCounts();
  for (const r of results) for (const [name, value] of Object.entries(r.counts)) totals[name as keyof SourceCounts] += value;

  const watermarksBefore: Watermarks = {};
  const watermarksAfter: Watermarks = {};
  for (const r of results) {
    if (r.watermarkBefore) watermarksBefore[r.id] = r.watermarkBefore;
    const after = r.watermarkAfter ?? r.watermarkBefore;
    if (after) watermarksAfter[r.id] = after;
  }

  let recentRuns: RecentRun[] | undefined;
  let savingHints: Promise<void> | undefined;
  if (!options.dryRun) {
    const record: RunRecord = {
      format: CATALOG_FORMAT,
      runId,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      status: complete ? 'complete' : 'partial',
      tool: { name: 'pullback', version: VERSION },
      sources: sourceRecords,
    };
    await logger.group('Committing the catalogue', async () => {
      // Another run took over a lease it thought stale: committing now could cross its work.
      await lease?.assertHeldSince(LEASE_CHECK_FRESH_MS);
      // Once the record is stored (the run is committed) the lease's release begins while the
      // pointers are written (its read beside them, its write after them): the next run can start
      // one round trip sooner; it ends in runS3Backup. The watermark hints are saved beside both
      // (the Actions cache's save is an archive and several requests), not after them (issue 11).
      const releaseNow = lease !== undefined && !(complete && unfinished.length > 0);
      await catalog.commit(record, {
        whilePointersWrite: (pointers) => {
          if (deps.watermarkStore) savingHints = saveWatermarkHints(deps.watermarkStore, watermarksAfter, logger);
          if (releaseNow) void lease!.release(pointers);
        },
      });
      logger.info(`run ${runId} committed (${complete ? 'complete' : 'partial: failed keys are retried next run'})`);
      // A complete run holds every copy the unfinished runs made that still matters: later runs
      // need not check each copy against them. After a partial run they stay unfinished, so the
      // next run still reuses what they copied for the keys that failed.
      if (complete && unfinished.length > 0) {
        await catalog.settle(unfinished, runId, finished);
        logger.info(`settled the unfinished runs ${unfinished.join(', ')}: later runs no longer check copies against them`);
      }
    });
    recentRuns = [...((await earlierRuns) ?? []), recentRunOf(runId, record)];
  }

  // A hint (the catalogue has the watermark): a store that cannot be written never fails a committed run.
  if (savingHints) await savingHints;

  return {
    runId,
    status: options.dryRun ? 'dry-run' : complete ? 'complete' : 'partial',
    sources: results,
    totals,
    watermarksBefore,
    watermarksAfter,
    durationMs: finished.getTime() - started.getTime(),
    unfinishedRuns: unfinished,
    ...(cleanup ? { cleanup } : {}),
    ...(recentRuns ? { recentRuns } : {}),
  };
}

function versioningVanished(source: ObjectSource, runId: string): Error {
  return new Error(
    `${source.id}: the previous run ${runId} backed it up as a versioned bucket, but the source now reads as never versioned. ` +
      'On S3 versioning can only be suspended, never turned off, so either that answer is wrong (a proxy or an endpoint that does not implement versioning) ' +
      'or the bucket was deleted and created again. Nothing was backed up. Check the source endpoint; if the bucket really was re-created, back it up to a new destination or prefix',
  );
}

/** The run a pass compares against; a small state comes with its files already read (inspectState). */
export type Base = { run: RunRecord; source: SourceRunRecord; stateBytes?: StateBytes } | undefined;

/**
 * The newest usable state of a source older than `damagedRunId`: each candidate's state file is
 * read through and checked before it is trusted. Undefined when none is usable.
 */
async function olderUsableState(catalog: Catalog, sourceIdValue: string, damagedRunId: string, logger: Logger): Promise<Base> {
  for await (const candidate of catalog.olderRunsOf(sourceIdValue, damagedRunId)) {
    if (!('run' in candidate)) {
      logger.warn(`${sourceIdValue}: run record ${candidate.runId} is damaged too (${candidate.reason})`);
      continue;
    }
    try {
      await catalog.checkState(candidate.source);
      return candidate;
    } catch (error) {
      if (!(error instanceof CatalogDamagedError)) throw error;
      logger.warn(`${sourceIdValue}: the state of run ${candidate.run.runId} is damaged too (${error.message})`);
    }
  }
  return undefined;
}

async function backupSource(
  source: ObjectSource,
  versioned: boolean,
  previous: PreviousRun,
  context: PassContext,
  storedWatermark: string | undefined,
): Promise<{ record?: SourceRunRecord; result: SourceResult }> {
  const { options, deps, catalog } = context;
  const { logger } = deps;
  const started = Date.now();

  let base: Base = previous;
  let fallback: StateFallback | undefined;
  const fallBack = async (damagedRunId: string, reason: string) => {
    base = await olderUsableState(catalog, source.id, damagedRunId, logger);
    fallback = { damagedRunId, reason, ...(base ? { usedRunId: base.run.runId } : {}) };
    logger.warn(
      `${source.id}: ${reason}. Comparing against ${base ? `the older state of run ${base.run.runId}` : 'an empty state (no older state is usable)'} instead, ` +
        'checking every copy before making it: nothing is copied twice and nothing is lost',
    );
  };
  if (previous && previous.damaged.length > 0) {
    // Newer run records could not be read: their copies exist, but this state does not know them.
    fallback = { damagedRunId: previous.damaged[0]!.runId, reason: previous.damaged[0]!.reason, usedRunId: previous.run.runId };
    logger.warn(`${source.id}: ${previous.damaged.map((d) => d.reason).join('; ')}. Comparing against run ${previous.run.runId} instead, checking every copy before making it`);
  }
  if (previous?.stateProblem) await fallBack(previous.run.runId, previous.stateProblem);

  for (let pass = 1; ; pass++) {
    const current = base as Base;
    // The catalogue is the durable record; a store's value is a hint used only when it has none.
    const watermarkOrigin: WatermarkOrigin = current?.source.watermarkAfter ? 'catalogue' : storedWatermark && !fallback ? 'store' : 'none';
    const watermarkBefore = current?.source.watermarkAfter ?? (fallback ? undefined : storedWatermark);
    if (pass === 1 && current && !fallback) logger.info(`previous run ${current.run.runId}; watermark ${watermarkBefore ?? 'none'} (from the ${watermarkOrigin})`);
    else if (pass === 1 && !current && !fallback) logger.info(`first run for this source${watermarkBefore ? ` (watermark hint ${watermarkBefore} from the store)` : ''}: every version is copied`);
    const recheckSince = watermarkBefore ? new Date(Date.parse(watermarkBefore) - options.overlapMs).toISOString() : undefined;
    const stateWrite = planStateWrite(current, fallback !== undefined, options.checkpoint);
    if (stateWrite.kind === 'full' && current) logger.debug(`${source.id}: writing a full state checkpoint (${stateWrite.reason})`);
    let outcome;
    try {
      outcome = await backupPass(source, versioned, current, recheckSince, { ...context, headBeforeCopy: context.headBeforeCopy || fallback !== undefined, stateWrite });
    } catch (error) {
      // The state turned out damaged part-way (a bad line, a checksum at the end, in any file of
      // its chain): start over from an older one. Copies made so far are found by the HEAD before each copy.
      if (pass === 1 && current && error instanceof CatalogDamagedError && stateFiles(current.source).some((f) => f.file === error.file)) {
        await fallBack(current.run.runId, error.message);
        continue;
      }
      throw error;
    }
    return sourceOutcome(source, versioned, current, fallback, outcome, { watermarkBefore, watermarkOrigin, started, dryRun: options.dryRun, logger, filter: options.filter });
  }
}
