import { handled } from '../../transfer/promises.ts';
import type { KeyListing, KeyRange, ObjectSource, ObjectStore } from '../../stores/object/types.ts';
import { Catalog, type SourceRunRecord } from './catalog/catalog.ts';
import { planStateWrite, type StateWrite } from './catalog/checkpoint.ts';
import { chainOf } from './catalog/records.ts';
import { RunLease } from './catalog/lease.ts';
import { sweepPartialWrites } from './catalog/sweep.ts';
import {
  checkPlan,
  fallbackSplits,
  KeySample,
  partFile,
  partFolder,
  partStartedFile,
  PART_FORMAT,
  planFile,
  PLAN_FORMAT,
  rangeOf,
  readShardFile,
  splitsFromSample,
  SPLITS_FILE,
  SPLITS_FORMAT,
  type ShardPart,
  type ShardPartSource,
  type ShardPlan,
  type ShardPlanSource,
  type SplitsFile,
} from './catalog/shards.ts';
import type { StateLine } from './plan/model.ts';
import { compareKeys } from '../../plan/keys.ts';
import type { Logger } from '../../report/logger.ts';
import { backupPass } from './backup-pass.ts';
import type { BackupDependencies, BackupOptions, BackupResult, ShardRole } from './types.ts';
import { emptyCounts } from './catalog/records.ts';
import { TimeBudget } from './budget.ts';

/**
 * One shard of a sharded run (docs/sharding.md): the run's plan (its run id, the state every shard
 * compares against, the split points) is written once by the shard that takes the lease and read by
 * every other; this shard backs up its key range of each source with the ordinary backup pass and
 * writes its part. It never writes a run record: the commit step does, once every part is there.
 */
export async function runS3Shard(options: BackupOptions, deps: BackupDependencies, role: Extract<ShardRole, { shard: number }>): Promise<BackupResult> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const { destination, logger } = deps;
  const catalog = new Catalog(destination, { read: { attempts: options.retryAttempts ?? 4, ...(deps.sleep ? { sleep: deps.sleep } : {}) } });
  // As in a run of one process: the destination and every source checked at once, errors in order.
  const sourceProbes = deps.sources.map((source) => handled(source.probe()));
  await destination.check();
  const probes: boolean[] = [];
  for (const probe of sourceProbes) probes.push((await probe).versioned);

  const lease = await logger.group(`Joining sharded run ${role.name} (shard ${role.shard} of ${role.count})`, async () => {
    const taken = await RunLease.acquire(destination, Catalog.newRunId(started), logger, { ...options.lease, now, shared: role.name });
    // The shard that took the lease is the first of its run: it abandons what killed runs left
    // (a shard that joins must not: the others are writing).
    if (!taken.joined) await sweepPartialWrites(destination, new Date(taken.acquiredAt.getTime() + 1000), logger).catch(() => undefined);
    return taken;
  });
  let committed = false;
  try {
    const plan = await planFor(catalog, role, deps.sources, probes, { creator: !lease.joined, runId: lease.holder.runId, started, options, logger });
    if (await catalog.readRun(plan.runId)) {
      committed = true;
      logger.info(`sharded run ${role.name} was committed as run ${plan.runId}: nothing to do`);
      return shardResult(plan.runId, started, now(), [], 'complete', role);
    }
    const donePart = await readShardFile<ShardPart>(destination, partFile(role.name, role.shard, role.count), PART_FORMAT, catalog.readOptions);
    if (donePart?.runId === plan.runId) {
      logger.info(`shard ${role.shard} of ${role.count} already wrote its part of run ${plan.runId}: nothing to do (the commit joins the parts)`);
      return shardResult(plan.runId, started, now(), donePart.sources, 'complete', role);
    }
    // An earlier attempt of this shard (killed, or failed) may have copied versions: HEAD each
    // backup key before copying, as after any unfinished run.
    const retrying = (await destination.head(partStartedFile(role.name, role.shard, role.count))) !== undefined;
    const headBeforeCopy = retrying || plan.unfinished.length > 0;
    if (retrying) logger.info(`an earlier attempt of shard ${role.shard} did not finish: copies it made are reused, not repeated`);
    await destination.put(partStartedFile(role.name, role.shard, role.count), JSON.stringify({ runId: plan.runId, at: now().toISOString() }), { mutable: true });
    await catalog.markStarted(plan.runId, { startedAt: plan.startedAt, sources: plan.sources.map((s) => s.id), sharded: role.name });

    const parts: ShardPartSource[] = [];
    const budget = options.maxDurationMs !== undefined ? new TimeBudget(options.maxDurationMs, started, now) : undefined;
    for (const [index, source] of deps.sources.entries()) {
      const planned = plan.sources.find((s) => s.id === source.id);
      if (!planned) throw new Error(`${source.id} is not in sharded run ${role.name}'s plan (${planFile(role.name)}): every shard of one run backs up the same sources`);
      const part = await logger.group(`Backing up ${source.id}, shard ${role.shard} of ${role.count}`, () =>
        backupRange(source, probes[index]!, planned, { options, deps, role, runId: plan.runId, headBeforeCopy, ...(budget ? { budget } : {}) }),
      );
      parts.push(part);
    }
    const record: ShardPart = { format: PART_FORMAT, name: role.name, runId: plan.runId, shard: role.shard, count: role.count, startedAt: started.toISOString(), finishedAt: now().toISOString(), sources: parts };
    await lease.assertHeld();
    await destination.put(partFile(role.name, role.shard, role.count), JSON.stringify(record), { metadata: { contentType: 'application/json' } });
    logger.info(`part ${role.shard} of ${role.count} of run ${plan.runId} written: the commit step joins the parts once all are there`);
    return shardResult(plan.runId, started, now(), parts, parts.every((p) => p.complete) ? 'complete' : 'partial', role);
  } finally {
    // The other shards and the commit hold the lease on; the commit releases it (or, the run
    // being committed already, this shard does).
    if (committed) await lease.release();
    else await lease.leave();
  }
}

function shardResult(runId: string, started: Date, finished: Date, parts: ShardPartSource[], status: 'complete' | 'partial', role: { name: string; shard: number; count: number }): BackupResult {
  const totals = emptyCounts();
  for (const part of parts) for (const [name, value] of Object.entries(part.counts)) totals[name as keyof typeof totals] += value;
  return {
    runId,
    status,
    sources: parts.map((p) => ({
      id: p.id,
      versioned: false,
      counts: p.counts,
      durationMs: p.durationMs,
      watermarkOrigin: 'catalogue' as const,
      complete: p.complete,
      errors: p.errors,
      ...(p.stoppedBefore !== undefined ? { stoppedBefore: p.stoppedBefore } : {}),
    })),
    totals,
    watermarksBefore: {},
    watermarksAfter: {},
    durationMs: finished.getTime() - started.getTime(),
    unfinishedRuns: [],
    part: { name: role.name, shard: role.shard, count: role.count },
  };
}

interface PlanContext {
  creator: boolean;
  runId: string;
  started: Date;
  options: BackupOptions;
  logger: Logger;
}

/**
 * The run's plan: read when it exists; written by the shard that took the lease (one writer, so
 * every shard reads the same plan even on stores without conditional writes); awaited by the others.
 */
async function planFor(catalog: Catalog, role: { name: string; count: number }, sources: ObjectSource[], probes: boolean[], context: PlanContext): Promise<ShardPlan> {
  const { destination, readOptions } = catalog;
  const file = planFile(role.name);
  const read = async () => {
    const found = await readShardFile<ShardPlan>(destination, file, PLAN_FORMAT, readOptions);
    return found ? checkPlan(found, file) : undefined;
  };
  let plan = await read();
  // Written only if absent: conditional where the store can (a second writer gets 'conflict' and
  // reads the first one's plan), and by the lease taker alone where it cannot.
  const write = async (): Promise<boolean> => {
    const made = await makePlan(catalog, role, sources, probes, context);
    const body = JSON.stringify(made, null, 2);
    const result = destination.putIf ? await destination.putIf(file, body, { ifNoneMatch: '*' }) : 'unsupported';
    if (result === 'unsupported') {
      if (!context.creator) return false;
      await destination.put(file, body, { metadata: { contentType: 'application/json' } });
    }
    if (result !== 'conflict') context.logger.info(`sharded run ${role.name} is run ${made.runId}; split points written to ${file}`);
    return true;
  };
  if (!plan && context.creator && (await write())) plan = await read();
  for (let waited = 0; !plan && waited < 600; waited++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    plan = await read();
    // The lease taker died before writing the plan: a joiner writes it, where writes can be conditional.
    if (!plan && waited === 30 && (await write())) plan = await read();
  }
  if (!plan) {
    throw new Error(
      `sharded run ${role.name}: the shard that took the lease has not written ${file} in 10 minutes (and this store cannot write it conditionally); ` +
        'run this shard again once the lease goes stale (10 minutes without a heartbeat)',
    );
  }
  if (plan.count !== role.count) {
    throw new Error(`shard: this shard says ${role.count} shards, but sharded run ${role.name} was planned with ${plan.count} (${file}); every shard of one run needs the same count`);
  }
  return plan;
}

async function makePlan(catalog: Catalog, role: { name: string; count: number }, sources: ObjectSource[], probes: boolean[], context: PlanContext): Promise<ShardPlan> {
  const splitsFile = await readShardFile<SplitsFile>(catalog.destination, SPLITS_FILE, SPLITS_FORMAT, catalog.readOptions).catch(() => undefined);
  const planned: ShardPlanSource[] = [];
  for (const [index, source] of sources.entries()) {
    const base = await catalog.latestFor(source.bucket, source.prefix, source.id);
    if (base?.source.versioned && !probes[index]) throw new Error(`${source.id}: backed up as versioned by run ${base.run.runId}, but the source now reads as never versioned; nothing was backed up`);
    const problem = base ? (base.damaged[0]?.reason ?? (await catalog.stateProblem(base.source))) : undefined;
    if (problem) {
      throw new Error(
        `${source.id}: ${problem}. A sharded run needs the latest state intact (every shard compares against it); run one unsharded backup (without shard), which falls back to an older state and writes a new checkpoint, then shard again`,
      );
    }
    const write = planStateWrite(base, false, context.options.checkpoint);
    const stored = splitsFile?.sources?.[source.id];
    let splits = stored && Array.isArray(stored.sample) && Number.isSafeInteger(stored.keys) ? splitsFromSample(stored, role.count) : undefined;
    // catalog/shards.json is a hint: split points that are not keys in order are not used.
    if (splits && !splits.every((k, i) => typeof k === 'string' && k.length > 0 && (i === 0 || compareKeys(splits![i - 1]!, k) <= 0))) splits = undefined;
    let splitsFrom: ShardPlanSource['splitsFrom'] = 'catalogue sample';
    if (!splits && base && base.source.counts.keys > 0) {
      splits = await splitsFromState(catalog, base.source, role.count);
      splitsFrom = 'base state';
    }
    if (!splits) {
      splits = fallbackSplits(source.prefix, role.count);
      splitsFrom = 'fallback';
    }
    context.logger.info(`${source.id}: split points from the ${splitsFrom}: ${splits.map((s) => JSON.stringify(s)).join(', ') || 'none (one shard)'}`);
    planned.push({
      id: source.id,
      bucket: source.bucket,
      prefix: source.prefix,
      versioned: probes[index]!,
      ...(base ? { baseRunId: base.run.runId } : {}),
      stateKind: write.kind,
      splits,
      splitsFrom,
    });
  }
  return {
    format: PLAN_FORMAT,
    name: role.name,
    runId: context.runId,
    startedAt: context.started.toISOString(),
    count: role.count,
    unfinished: (await catalog.runIds()).unfinished.filter((id) => id !== context.runId),
    sources: planned,
  };
}

/** Split points from the keys of a committed state: one streaming read, every `step`-th key. */
async function splitsFromState(catalog: Catalog, record: SourceRunRecord, count: number): Promise<string[]> {
  const sample = new KeySample();
  for await (const line of catalog.readState(record)) sample.add(line.k);
  const data = sample.data();
  return splitsFromSample({ keys: data.keys, sample: data.sample.map((k, j) => ({ k, at: (j + 1) * data.step })) }, count)!;
}

interface RangeContext {
  options: BackupOptions;
  deps: BackupDependencies;
  role: { name: string; shard: number; count: number };
  runId: string;
  headBeforeCopy: boolean;
  budget?: TimeBudget;
}

async function backupRange(source: ObjectSource, versioned: boolean, planned: ShardPlanSource, context: RangeContext): Promise<ShardPartSource> {
  const { options, deps, role, runId } = context;
  const started = Date.now();
  const range = rangeOf(planned.splits, role.shard);
  deps.logger.info(`keys after ${range.after === undefined ? 'the start' : JSON.stringify(range.after)} up to ${range.upTo === undefined ? 'the end' : JSON.stringify(range.upTo)}`);
  const plain = new Catalog(deps.destination, { read: { attempts: options.retryAttempts ?? 4, ...(deps.sleep ? { sleep: deps.sleep } : {}) } });
  const baseRun = planned.baseRunId ? await plain.readRun(planned.baseRunId) : undefined;
  const baseSource = baseRun?.sources.find((s) => s.id === source.id);
  if (planned.baseRunId && !baseSource) throw new Error(`${source.id}: run ${planned.baseRunId}, which sharded run ${role.name} compares against, is gone or does not hold this source`);
  const base = baseRun && baseSource ? { run: baseRun, source: baseSource } : undefined;
  const chain = base ? chainOf(base.source, base.run.runId) : undefined;
  const stateWrite: StateWrite = planned.stateKind === 'delta' && chain ? { kind: 'delta', chain } : { kind: 'full', reason: 'planned for the sharded run' };

  const sample = new KeySample();
  const ranged = rangedSource(source, range, sample);
  const catalog = new RangeCatalog(deps.destination, plain, range, partFolder(role.name, source.bucket, source.prefix, role.shard, role.count));
  const watermarkBefore = base?.source.watermarkAfter;
  const recheckSince = watermarkBefore ? new Date(Date.parse(watermarkBefore) - options.overlapMs).toISOString() : undefined;
  const outcome = await backupPass(ranged, versioned, base, recheckSince, {
    // One listing of the shard's range: the ranged source lists its range whatever part it is
    // asked for, and samples keys in the order it lists them (parallel ranges would give it
    // neither). Composing the two: openListing's `within` with the sample taken from its output.
    options: { ...options, listing: { parallelism: 1 } },
    deps,
    catalog,
    runId,
    headBeforeCopy: context.headBeforeCopy,
    stateWrite,
    ...(context.budget ? { budget: context.budget } : {}),
  });
  if (outcome.stoppedBefore !== undefined) deps.logger.warn(`${source.id}: the time budget (max-duration) is spent: stopped before ${JSON.stringify(outcome.stoppedBefore)}; the rest of this range keeps its last state until the next run`);
  const { counts } = outcome;
  deps.logger.info(`${source.id}: ${counts.keys} keys in this shard's range, ${counts.copied} versions copied, ${counts.failed} failed`);
  return {
    id: source.id,
    range,
    stateKind: outcome.stateKind,
    state: { file: outcome.stateKey, ...outcome.state! },
    events: { file: outcome.eventsKey, ...outcome.events! },
    counts,
    complete: outcome.complete,
    errors: outcome.errors,
    listStartedAt: outcome.listStartedAt,
    listFinishedAt: outcome.listFinishedAt,
    ...(outcome.serverStart ? { serverStart: outcome.serverStart } : {}),
    durationMs: Date.now() - started,
    sample: sample.data(),
    ...(outcome.stoppedBefore !== undefined ? { stoppedBefore: outcome.stoppedBefore } : {}),
    ...(options.filter?.active ? { filter: options.filter.describe() } : {}),
  };
}

/** The source as this shard sees it: only its range is listed, and every listed key is sampled. */
function rangedSource(source: ObjectSource, range: KeyRange, sample: KeySample): ObjectSource {
  return {
    id: source.id,
    bucket: source.bucket,
    prefix: source.prefix,
    place: source.place,
    endpointIdentity: source.endpointIdentity,
    get serverTime() {
      return source.serverTime;
    },
    get latestServerTime() {
      return source.latestServerTime;
    },
    probe: () => source.probe(),
    open: (version, signal) => source.open(version, signal),
    asObjectStore: () => source.asObjectStore(),
    async *list(versioned: boolean): AsyncGenerator<KeyListing> {
      for await (const entry of source.list(versioned, range)) {
        sample.add(entry.key);
        yield entry;
      }
    },
  };
}

/**
 * The catalogue as the backup pass sees it in a shard: the base state restricted to the range (a
 * key outside it is another shard's, never a deletion), and the files written to the part's folder.
 */
class RangeCatalog extends Catalog {
  constructor(
    destination: ObjectStore,
    private readonly plain: Catalog,
    private readonly range: KeyRange,
    private readonly folder: string,
  ) {
    super(destination, { read: plain.readOptions });
  }

  override sourceFolder(): string {
    return this.folder;
  }

  override async *readState(record: SourceRunRecord | undefined): AsyncGenerator<StateLine> {
    for await (const line of this.plain.readState(record)) {
      if (this.range.after !== undefined && compareKeys(line.k, this.range.after) <= 0) continue;
      if (this.range.upTo !== undefined && compareKeys(line.k, this.range.upTo) > 0) return;
      yield line;
    }
  }
}
