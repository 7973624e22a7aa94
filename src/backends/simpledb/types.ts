// The SimpleDB backend's types: its options, dependencies and results, in one place so that its
// orchestrators import each other's functions only, and report/ renders results without importing
// an orchestrator.
import type {
  BatchDeleteAttributesInput,
  CallOptions,
  BatchPutAttributesInput,
  GetAttributesInput,
  GetAttributesOutput,
  ListDomainsInput,
  ListDomainsOutput,
  SelectInput,
  SelectOutput,
} from '../../simpledb/client.ts';
import type { SimpleDbBackupConfig, SimpleDbRestoreTarget } from '../../config/simpledb.ts';
import type { Logger } from '../../report/logger.ts';
import type { DomainWork, HistoryStore } from '../../stores/history/types.ts';
import type { WatermarkStore, Watermarks } from '../../watermark/store.ts';
import type { RetentionPolicy } from '../../plan/retention.ts';

// ---- backup

/** What the engine needs from a SimpleDB client (SimpleDbClient satisfies it). */
export interface SimpleDbSource {
  /** `options.signal` aborts the request (a scan that stopped early aborts the pages it asked for ahead). */
  select(input: SelectInput, options?: CallOptions): Promise<SelectOutput>;
  listDomains(input?: ListDomainsInput): Promise<ListDomainsOutput>;
  /** `options.signal` aborts it (the checks before a backup, sent together, end with the first failure). */
  domainMetadata(input: { DomainName: string }, options?: CallOptions): Promise<unknown>;
  getAttributes(input: GetAttributesInput): Promise<GetAttributesOutput>;
}

export interface SimpleDbBackupDeps {
  client: SimpleDbSource;
  /**
   * The history store to write, open (the caller opens it with config.mysql and config.tablePrefix,
   * e.g. with withMySqlHistory from open.ts, and closes it).
   */
  history: HistoryStore;
  log?: (line: string) => void;
  /**
   * A live status line (the CLI on a terminal): each domain's progress is drawn there; without
   * one, a progress line goes to `log` every 10 s of a long domain.
   */
  status?: (line: string | undefined) => void;
  now?: () => Date;
  /** Receives the reached watermarks (`sdb:<domain>`) after the run; MySQL stays the durable record. */
  watermarkStore?: WatermarkStore;
  /** Run ids (default crypto.randomUUID). */
  newRunId?: () => string;
  /**
   * Test hook: called inside each batch's transaction, after its rows are written and before the
   * commit (e.g. to kill the MySQL connection there). `batch` counts the run's batches from 1;
   * `versions` is the number of history rows the batch writes.
   */
  beforeCommit?: (event: { domain: string; batch: number; versions: number }) => Promise<void> | void;
}

export interface DomainBackupResult {
  domain: string;
  mode: 'incremental' | 'full';
  /** Items read from the domain (an item read twice counts twice). */
  itemsRead: number;
  /** Delete-log entries for this domain read. */
  deleteLogEntriesRead: number;
  /** New versions of live items written to the history. */
  versionsWritten: number;
  /** Deletions written to the history. */
  tombstones: number;
  /** Items read whose content equals the backed-up version (including re-reads through the overlap). */
  unchangedSkipped: number;
  /** Delete-log entries that deleted nothing (unknown item, already deleted, or the item still lives). */
  tombstonesSkipped: number;
  watermarkBefore: string | undefined;
  watermarkAfter: string | undefined;
  durationMs: number;
  /** The domain's tables in the history store. */
  tables: { current: string; history: string; versions: string };
  /** Set when this domain failed (its watermark did not move). */
  error?: string;
  /** Set when the failure was the MySQL connection going away (the run stops there). */
  connectionLost?: boolean;
}

export interface SimpleDbBackupResult {
  runId: string;
  /** A plan only (`dry-run`): the counts say what a backup would write; nothing was written. */
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  domains: DomainBackupResult[];
  /** Watermarks after the run, by source id `sdb:<domain>`. */
  watermarks: Watermarks;
}

export interface DomainJob {
  config: SimpleDbBackupConfig;
  client: SimpleDbSource;
  /** The store, or one of its sessions (several domains at once). */
  history: DomainWork;
  domain: string;
  runId: string;
  runStart: number;
  previous: { watermark: string | undefined } | undefined;
  hasDeleteLog: boolean;
  log: (line: string) => void;
  status: SimpleDbBackupDeps['status'];
  now: () => Date;
  /** Plan only: read and plan, write nothing. */
  planOnly: boolean;
  beforeCommit?: SimpleDbBackupDeps['beforeCommit'];
  /** Batches written so far in this run (for beforeCommit). */
  batches: number;
}

// ---- restore

/** What the restore needs from a SimpleDB client (SimpleDbClient satisfies it). */
export interface SdbRestoreClient {
  createDomain(input: { DomainName: string }): Promise<unknown>;
  /** `options.signal` aborts the request (a read of the target that stopped early). */
  select(input: SelectInput, options?: CallOptions): Promise<SelectOutput>;
  batchPutAttributes(input: BatchPutAttributesInput): Promise<unknown>;
  batchDeleteAttributes(input: BatchDeleteAttributesInput): Promise<unknown>;
}

export type SdbRestoreTarget = SimpleDbRestoreTarget;

export interface SdbRestoreOptions {
  at: Date;
  /** Source domains to restore; empty: every domain the MySQL backup holds. */
  domains: string[];
  /** Only these item names. */
  items?: string[];
  /** Only item names starting with this. */
  itemPrefix?: string;
  target: SdbRestoreTarget;
  dryRun: boolean;
  /** Items per batch call (at most 25, SimpleDB's limit). */
  batchSize?: number;
  /** How many differences and planned items the result lists. */
  listLimit?: number;
  /**
   * The domains the backup reads (`simpledb-domains` as set): a target among them is live. `all`:
   * every existing domain is live. Domains the MySQL backup holds are live in any case.
   */
  liveDomains?: string[] | 'all';
}

export interface SdbRestoreDependencies {
  /** The backup's history store, open (the caller closes it). */
  history: HistoryStore;
  /** Writes the target (and, for a live target, is read by the safety backup). */
  client: SdbRestoreClient & Partial<SimpleDbSource>;
  logger: Logger;
  now?: () => Date;
  /**
   * The backup configuration: its domains are live (a target among them is restored in place),
   * and a live target is backed up (full scan) with it before it is overwritten.
   */
  backup?: SimpleDbBackupConfig;
  /** Test hook: called before each batch call (throw to simulate a crash). */
  beforeBatch?: (kind: 'put' | 'delete', items: string[]) => void | Promise<void>;
}

export interface SdbRestoreCounts {
  /** Items that existed at T within the selection. */
  itemsAtT: number;
  /** Items written (absent at the target, or with other content). */
  put: number;
  /** Items already equal to their state at T (by content hash). */
  unchanged: number;
  /** Items deleted because they did not exist at T (live targets only). */
  removed: number;
  /** Attribute names removed from items that had more than at T. */
  attributesRemoved: number;
  /** Items read back after the restore whose content hash equals the state at T. */
  verified: number;
  /** Items whose content differs from the state at T after the restore. */
  mismatched: number;
  /** Items whose history row at T failed its checks: refused, never written. */
  damaged: number;
  batchCalls: number;
}

export interface SdbRestoreDomainResult {
  domain: string;
  targetDomain: string;
  /** The target held live data the backup covers (restored in place). */
  live: boolean;
  counts: SdbRestoreCounts;
  /** The first item names that did not verify. */
  mismatches: string[];
  /** The first items refused for a damaged history row, and what is wrong with each. */
  damaged: { item: string; damage: string }[];
  /** The first `listLimit` items the restore writes (`put`) or deletes (`delete`, live targets). */
  planned: { item: string; action: 'put' | 'delete' }[];
  /** Items written or deleted beyond those in `planned`. */
  plannedLeftOut: number;
}

export interface SdbRestoreResult {
  status: 'complete' | 'partial' | 'dry-run';
  at: string;
  /** At least one target held live data (restored in place, backed up first). */
  inPlace: boolean;
  domains: SdbRestoreDomainResult[];
  totals: SdbRestoreCounts;
  /** The id of the backup run taken before an in-place restore. */
  safetyBackupRunId?: string;
  durationMs: number;
}

// ---- verify

export interface SdbVerifyOptions {
  /** Domains to check; empty: every backed-up domain. */
  domains: string[];
  listLimit?: number;
}

export interface SdbVerifyDifference {
  kind: 'never-backed-up' | 'not-backed-up' | 'differs' | 'damaged';
  domain: string;
  item?: string;
  detail: string;
}

export interface SdbVerifyResult {
  ok: boolean;
  domains: { domain: string; liveItems: number; backedUp: number; notBackedUp: number; differs: number; deletedSinceBackup: number; damaged: number }[];
  differences: SdbVerifyDifference[];
  differenceCount: number;
  durationMs: number;
}

/**
 * Items the backup still holds but the domain no longer has are deletions the next run records:
 * counted, not differences. A latest version whose row fails its checks is a difference (`damaged`).
 */
export interface SdbVerifyDependencies {
  /** The backup's history store, open (the caller closes it). */
  history: HistoryStore;
  client: Pick<SdbRestoreClient, 'select'>;
  logger: Logger;
  now?: () => Date;
}

// ---- prune

export interface SdbPruneOptions {
  policy: RetentionPolicy;
  /** Domains to prune; `all`: every domain the history holds. */
  domains: string[] | 'all';
  /** Plan only: count what would go; remove and record nothing. */
  dryRun: boolean;
  /** Items read per page (default 500). */
  pageSize?: number;
  /** The table prefix, for the message when another run holds the lock. */
  tablePrefix?: string;
}

export interface SdbPruneDependencies {
  history: HistoryStore;
  logger: Logger;
  now?: () => Date;
  /** Test hook: called before each page of removals (throw to simulate a crash part-way). */
  beforeRemove?: (domain: string) => void | Promise<void>;
}

export interface SdbPruneDomainResult {
  domain: string;
  pointsBefore: number;
  pointsKept: number;
  /** Every moment from here on restores exactly (ISO). */
  windowStart: string;
  kept: { runId: string; at: string; reasons: string[] }[];
  items: number;
  /** Items with no row left (they lived and died between kept points). */
  itemsGone: number;
  versionsBefore: number;
  /** Versions that go (or would, in a dry run) and, once removed, their bytes. */
  versionsRemoved: number;
  bytesFreed: number;
}

export interface SdbPruneResult {
  pruneId: string;
  status: 'complete' | 'dry-run';
  policy: RetentionPolicy;
  domains: SdbPruneDomainResult[];
  totals: { versionsBefore: number; versionsRemoved: number; bytesFreed: number; itemsGone: number };
  durationMs: number;
}
