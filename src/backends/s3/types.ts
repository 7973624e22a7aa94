// The S3 backend's types: its options, dependencies and results, in one place so that its
// orchestrators import each other's functions only, and report/ renders results without importing
// an orchestrator.

import type { ReadDataPolicy, S3RestoreTarget } from '../../config/restore.ts';
import type { Logger } from '../../report/logger.ts';
import type { ObjectSource, ObjectStore, RequestCounts, SourceVersion } from '../../stores/object/types.ts';
import type { WatermarkStore, Watermarks } from '../../watermark/store.ts';
import type { RunRecord, SourceCounts, SourceRunRecord, StateFallback } from './catalog/catalog.ts';
import type { SweepResult } from './catalog/sweep.ts';
import type { CheckpointPolicy } from './catalog/checkpoint.ts';
import type { ListingOptions } from './listing/index.ts';
import type { PruneCounts, PrunedSource } from './catalog/prune-records.ts';
import type { RetentionPolicy } from '../../plan/retention.ts';
import type { KeyFilter } from '../../plan/filter.ts';
import type { TokenBucket } from '../../transfer/throttle.ts';
import type { RestoreAction, RestoreCounts } from './plan/restore-plan.ts';

export type { ReadDataPolicy } from '../../config/restore.ts';

// ---- backup

export interface BackupOptions {
  /** Versions changed this long before the watermark are checked again (multipart start times, skew). */
  overlapMs: number;
  concurrency: number;
  dryRun: boolean;
  /** Use CopyObject when the destination shares the source's endpoint and credentials. */
  serverSideCopy: boolean;
  retryAttempts?: number;
  /** The run lease on the destination (src/backends/s3/catalog/lease.ts): defaults 10 min stale, 60 s heartbeat. */
  lease?: { staleAfterMs?: number; heartbeatMs?: number };
  /** When a run writes a full state checkpoint instead of a delta (catalog/checkpoint.ts); tests and benchmarks change it. */
  checkpoint?: CheckpointPolicy;
  /** Which keys and sizes to back up (plan/filter.ts); absent: everything. */
  filter?: KeyFilter;
  /** A sharded run (docs/sharding.md): this process backs up one shard of it, or commits it. */
  shard?: ShardRole;
  /**
   * The run's time budget (`max-duration`): once it is nearly spent the run takes no new keys,
   * finishes the copies under way and commits a partial run; the next run goes on from there.
   */
  maxDurationMs?: number;
  /** How each source is listed: ranges listed at once (listing/index.ts); default one listing. */
  listing?: ListingOptions;
  /** Read the runs before this one for the job summary's chart (default true; the CLI shows no summary). */
  recentRuns?: boolean;
}

/**
 * One process of a sharded run named `name` (the workflow run all shards share): shard `shard` of
 * `count` (1-based), or the commit that joins the parts once every shard has written its own.
 */
export type ShardRole = { name: string; shard: number; count: number } | { name: string; commit: true };

export interface BackupDependencies {
  sources: ObjectSource[];
  destination: ObjectStore;
  logger: Logger;
  watermarkStore?: WatermarkStore;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** The run's bandwidth limit (`bandwidth-limit`): every byte copied through pullback takes from it. */
  bandwidth?: TokenBucket;
  /** Test hook: called before each version is copied (throw to simulate a crash). */
  beforeCopy?: (version: SourceVersion) => void | Promise<void>;
}

export type WatermarkOrigin = 'catalogue' | 'store' | 'none';

export interface SourceResult {
  id: string;
  versioned: boolean;
  counts: SourceCounts;
  durationMs: number;
  watermarkBefore?: string;
  watermarkAfter?: string;
  watermarkOrigin: WatermarkOrigin;
  complete: boolean;
  errors: string[];
  /** The latest state was damaged: the run compared against an older one (or none), in full. */
  stateFallback?: StateFallback;
  /** The time budget (`max-duration`) was spent: keys from this one on were left for the next run. */
  stoppedBefore?: string;
}

export interface BackupResult {
  runId: string;
  status: 'complete' | 'partial' | 'dry-run';
  sources: SourceResult[];
  totals: SourceCounts;
  watermarksBefore: Watermarks;
  watermarksAfter: Watermarks;
  durationMs: number;
  /** Runs that started but never committed, found at the start (their copies were reused). */
  unfinishedRuns: string[];
  /** Partial writes left by killed runs and abandoned at the start (absent on a dry run). */
  cleanup?: SweepResult;
  /** A shard of a sharded run: it wrote its part, and the commit step commits the run. */
  part?: { name: string; shard: number; count: number };
  /** Requests the run sent, by kind, to the sources and to the destination (absent where nothing counts them). */
  requests?: RunRequests;
  /** The committed runs up to this one, for the summary's chart (absent: not read by this run). */
  recentRuns?: RecentRun[];
}

/** One past run, for the chart of recent runs in the job summary. */
export interface RecentRun {
  runId: string;
  finishedAt?: string;
  copied: number;
  bytes: number;
  deletions: number;
}

/** Requests one run sent, counted at the clients (every attempt). */
export interface RunRequests {
  source: RequestCounts;
  destination: RequestCounts;
}

// ---- restore

/** Where restored objects go (the config's type: validated once, in src/config/restore.ts). */
export type RestoreTargetSpec = S3RestoreTarget;

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
  /** Which keys (relative to each source's prefix) and sizes to restore; absent: all. */
  filter?: KeyFilter;
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
  /** The run's bandwidth limit: every byte read from the backup to be written takes from it (and the safety backup's copies). */
  bandwidth?: TokenBucket;
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
  /** Steps the filter's size rules left out (the version at T, or the object a removal would take). */
  excluded: number;
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
  /** The first `listLimit` steps that change something (writes, overwrites, comparisons, removals). */
  planned: PlannedStep[];
  /** Steps that change something beyond the first `listLimit` (not in `planned`). */
  plannedLeftOut: number;
  /** The run id of the backup taken before an in-place restore. */
  safetyBackupRunId?: string;
  /** The first `listLimit` objects (`<source> <key>`) whose backup copy could be checked only by its size. */
  checkedBySizeOnly: string[];
  warnings: string[];
  durationMs: number;
}

export interface CataloguedSource {
  id: string;
  bucket: string;
  prefix: string;
  /** Committed runs whose events are read as they are, oldest first (after the newest prune's fold). */
  history: { run: RunRecord; source: SourceRunRecord }[];
  /** The newest committed run of the source, folded or not: its state is the backup's latest picture. */
  latest?: { run: RunRecord; source: SourceRunRecord };
  /** What the newest prune kept of the runs it folded, and its id. */
  pruned?: PrunedSource & { pruneId: string };
}

// ---- verify

export interface S3VerifyOptions {
  /** Catalogued sources to check (`bucket`, `bucket/prefix`, `s3://...`); empty: all. */
  sources: string[];
  /** Read back backup objects and check their checksums: none, a sample (by percent), or all. */
  readData: ReadDataPolicy;
  concurrency: number;
  /** Changes which objects a sample picks (the same seed picks the same objects). */
  sampleSeed?: string;
  /** How many differences the result lists (differenceCount counts all). */
  listLimit?: number;
  /** Which live keys and sizes the comparison covers; absent: all. */
  filter?: KeyFilter;
}

export interface VerifyDependencies {
  destination: ObjectStore;
  logger: Logger;
  /** Live sources to compare with the backup (part a); none: only the backup itself is checked. */
  liveSources?: ObjectSource[];
  now?: () => Date;
}

export type VerifyDifferenceKind =
  /** A live source the catalogue has never backed up. */
  | 'never-backed-up'
  /** A live object (version) that the latest backup run does not hold. */
  | 'not-backed-up'
  /** A catalogued backup object missing from the destination. */
  | 'backup-missing'
  /** A catalogued backup object with another size than recorded. */
  | 'backup-size'
  /** A backup object whose bytes do not match the recorded checksum. */
  | 'backup-checksum'
  /** A catalogue file that cannot be read. */
  | 'catalogue-damaged';

export interface VerifyDifference {
  kind: VerifyDifferenceKind;
  source: string;
  key?: string;
  backupKey?: string;
  detail: string;
}

export interface VerifySourceReport {
  id: string;
  /** Part (a), when the live source was given. */
  live?: { lastRunId: string; keys: number; versions: number; backedUp: number; notBackedUp: number; deletedSinceBackup: number; /** Live keys outside the filter (not compared). */ excluded?: number };
  /** Part (b). */
  catalogued: { objects: number; present: number; missing: number; wrongSize: number; bytes: number };
  /** Part (c). */
  readBack: { objects: number; bytes: number; damaged: number; unchecked: number };
}

export interface S3VerifyResult {
  ok: boolean;
  sources: VerifySourceReport[];
  differences: VerifyDifference[];
  differenceCount: number;
  readData: ReadDataPolicy;
  durationMs: number;
}

// ---- prune

export interface S3PruneOptions {
  policy: RetentionPolicy;
  /** Plan only: report what would go and the bytes it would free; change nothing. */
  dryRun: boolean;
  concurrency: number;
  retryAttempts?: number;
  /** How many planned removals, locked objects and points the result lists (counts are always complete). */
  listLimit?: number;
  /** The run lease a prune takes like a backup (catalog/lease.ts). */
  lease?: { staleAfterMs?: number; heartbeatMs?: number };
  /**
   * Versions of the latest state modified this long before its watermark stay whatever the policy
   * says: the next backup checks their copies again (default 6 h, the backup's default `overlap`).
   */
  recheckMarginMs?: number;
}

export interface PruneDependencies {
  destination: ObjectStore;
  logger: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Test hook: called before the prune record is written (throw to simulate a crash before the commit). */
  beforeCommit?: () => void | Promise<void>;
  /** Test hook: called before each object is removed (throw to simulate a crash part-way). */
  beforeRemove?: (key: string) => void | Promise<void>;
}

/** A backup object a prune removes (or would), for the summary. */
export interface PlannedRemoval {
  source: string;
  key: string;
  backupKey: string;
  size: number;
  /** Modified at (the version's Last-Modified). */
  t: string;
}

/** What could not be removed, and why (Object Lock retention, a legal hold, an error). */
export interface UnremovedObject {
  source: string;
  backupKey: string;
  reason: string;
}

export interface PruneSourceResult {
  id: string;
  counts: PruneCounts;
  /** Every moment from here on restores exactly. */
  windowStart: string;
  /** Restore points kept, oldest first, and the rules that keep each. */
  kept: { runId: string; at: string; reasons: string[] }[];
  /** Restore points pruned away (oldest first; the first `listLimit`). */
  removedPoints: { runId: string; at: string }[];
  /** Data objects removed and bytes freed (0 in a dry run). */
  removedObjects: number;
  freedBytes: number;
  /** Objects that stay (Object Lock, failures): retried by the next prune. */
  unremoved: number;
  /** Nothing new since the last prune and nothing left to remove: the source was not folded again. */
  unchanged?: boolean;
}

export interface S3PruneResult {
  pruneId: string;
  status: 'complete' | 'partial' | 'dry-run';
  policy: RetentionPolicy;
  sources: PruneSourceResult[];
  totals: {
    objects: number;
    bytes: number;
    removedObjects: number;
    freedBytes: number;
    unremoved: number;
    /** Of those, the ones an error kept (not Object Lock): the step fails; the next prune tries again. */
    failed: number;
    /** Catalogue files the fold made unnecessary (removed, or that a dry run would remove). */
    catalogueFiles: number;
    catalogueBytes: number;
  };
  /** The first `listLimit` objects removed (or to remove, in a dry run). */
  planned: PlannedRemoval[];
  /** The first `listLimit` objects that could not be removed. */
  unremoved: UnremovedObject[];
  warnings: string[];
  durationMs: number;
}
