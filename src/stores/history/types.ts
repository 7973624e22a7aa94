// The history store contract: what the SimpleDB backend needs from the database that keeps every
// version of every item it backs up, so any domain can be restored as of any moment. The backend's
// orchestrators (backends/simpledb/) talk only to these interfaces; the MySQL/MariaDB
// implementation is in mysql/, and test/contract/history-store.test.ts is the suite every
// implementation passes.
//
// Vocabulary: a domain's *history* holds, per item, its versions in time order (a version is the
// item's content from `validFrom` on, or its deletion); the *current state* is each live item's
// latest version (a readable copy, rebuilt from the history when needed); a *run* is one backup
// run over one domain; a domain's *watermark* is how far its successful runs have read. Times are
// ms since the epoch (millisecond precision), item and attribute names any SimpleDB string.

/**
 * The last moment a version can take effect (MySQL's DATETIME(3) maximum, 9999-12-31 23:59:59.999):
 * a store's state as of it is every item's latest version.
 */
export const LATEST_VERSION_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Attribute name -> values (distinct, in byte order), as SimpleDB holds them. */
export type AttributeMap = Record<string, string[]>;

/**
 * Makes objects whose prototype chain holds no member at all: an empty, frozen prototype whose own
 * prototype is null. Object.create(null) gives the same safety, but V8 keeps such objects in
 * dictionary mode: a first backup built, hashed and wrote its attribute maps about twice as slowly
 * (issue 11: 200 k maps of 7 attributes built, stringified and walked, 262 ms against 142 ms).
 */
const MemberlessObject = function MemberlessObject() {} as unknown as new () => Record<string, never>;
MemberlessObject.prototype = Object.freeze(Object.create(null) as object);

/**
 * An empty map keyed by names anyone chose (attribute names: `__proto__`, `constructor`,
 * `toString` are names like any other): every name it holds is an own property, and a name it
 * does not hold finds nothing inherited. Use it, never `{}`, for an AttributeMap.
 */
export function emptyNameMap<T = string[]>(): Record<string, T> {
  return new MemberlessObject() as Record<string, T>;
}

/** Where a version's time came from. */
export type VersionOrigin = 'stamp' | 'observed' | 'delete-log' | 'scan';

/** A version to write to a domain's history. */
export interface HistoryVersion {
  itemName: string;
  /** When it took effect, ms since the epoch. */
  validFrom: number;
  /** The item's stamp when it is well-formed (kept verbatim), else null. */
  stamp: string | null;
  /** A deletion (then `attributes` is null). */
  deleted: boolean;
  origin: VersionOrigin;
  /** Hex SHA-256 of the canonical content (a fixed hash for a deletion). */
  hash: string;
  /** The exact attributes (null for a deletion). */
  attributes: AttributeMap | null;
}

/** A version already in a domain's history: what planning needs of it. */
export interface StoredVersion {
  /** When it took effect, ms since the epoch. */
  validFrom: number;
  /** Write order: among versions of one item with the same validFrom, the higher one is later. */
  versionId: number;
  hash: string;
  deleted: boolean;
}

/** An item as it was at a point in time, read back from the history. */
export interface StateItem {
  name: string;
  attributes: AttributeMap;
  /** When this version took effect (ISO 8601). */
  validFrom: string;
  /** The version's stamp when well-formed, else null. */
  lastModified: string | null;
  /** Hex SHA-256 of the content, as recorded when the version was written. */
  hash: string;
  /**
   * Set when the stored version cannot be trusted (its attributes are not a SimpleDB item, its
   * name or hash is malformed; the backend's reader adds a hash mismatch): what is wrong, for the
   * error. `attributes` is then empty: a damaged version is never written anywhere.
   */
  damage?: string;
}

/** One batch of a run over one domain, written all or nothing. */
export interface HistoryBatch {
  runId: string;
  /** Versions to add; one already in the history (same item, time and content) is left alone. */
  versions: readonly HistoryVersion[];
  /** Per item whose latest version changed: that version (a deletion removes the item from the current state). */
  current: ReadonlyMap<string, HistoryVersion>;
  /** Full scan: the item names this batch saw (see DomainHistory.unseenItems). */
  seen?: readonly string[];
}

/** The start of one run over one domain (a row of the runs table in MySQL). */
export interface DomainRunStart {
  runId: string;
  domain: string;
  mode: 'incremental' | 'full';
  startedAt: number;
  watermarkBefore: string | undefined;
}

export interface DomainRunCounts {
  itemsRead: number;
  versionsWritten: number;
  tombstones: number;
  unchanged: number;
}

/** The end of a successful run over one domain: only then does its watermark count. */
export interface DomainRunSuccess {
  runId: string;
  domain: string;
  finishedAt: number;
  watermarkAfter: string | undefined;
  counts: DomainRunCounts;
}

/** The end of a failed run over one domain: its committed batches stay, its watermark never counts. */
export interface DomainRunFailure {
  runId: string;
  domain: string;
  finishedAt: number;
  error: string;
  counts: DomainRunCounts;
}

/** The stored state of a domain's backups, from its successful runs. */
export interface DomainWatermark {
  domain: string;
  /** The highest watermark a successful run reached (undefined when none reached one). */
  watermark: string | undefined;
  /** The last successful run. */
  lastRunId: string;
  /** When it finished (ISO 8601). */
  lastFinishedAt: string;
}

/** A domain with at least one successful run: when the first started and the last finished (ms). */
export interface BackedUpDomain {
  first: number;
  last: number;
}

/** A successful run over a domain: a restore point a prune may keep (times in ms). */
export interface DomainRunPoint {
  runId: string;
  startedAt: number;
  finishedAt: number;
}

/**
 * A prune of one domain's history (issue 12): the restore points it kept and the moment from which
 * every restore is exact. Written before any row is removed, so a restore never trusts rows a
 * killed prune already took away: it refuses a moment the prune did not keep.
 */
export interface DomainPrune {
  pruneId: string;
  domain: string;
  /** When the prune ran (ms). */
  prunedAt: number;
  /** Every moment from here on restores exactly (ms). */
  windowStart: number;
  /** Restore points kept, oldest first (ms: each run's end). */
  points: { runId: string; at: number }[];
}

/** What removing versions took away. */
export interface RemovedVersions {
  rows: number;
  /** Bytes of item names and attributes (JSON) in the removed rows. */
  bytes: number;
}

/** Where a domain's data lives, for reports and for people reading the database. */
export interface DomainTableNames {
  /** The readable current state, one row per live item. */
  current: string;
  /** The history, the source of truth. */
  history: string;
  /** Every version with its validity interval. */
  versions: string;
}

/** One domain's history. */
export interface DomainHistory {
  readonly domain: string;
  readonly tables: DomainTableNames;
  /** Every stored version of these items, in time order (validFrom, then write order); items without any are absent. */
  loadVersions(itemNames: readonly string[]): Promise<Map<string, StoredVersion[]>>;
  /**
   * Makes room for these attribute names in the current state, before a batch that holds them is
   * written (outside its transaction: a schema change may commit implicitly). Any number of names,
   * any bytes: what the store cannot lay out as columns it keeps another way.
   */
  ensureColumns(attributeNames: Iterable<string>): Promise<void>;
  /**
   * Writes one batch in one transaction: its versions, the current state of the items whose latest
   * version changed, and the names it saw. `beforeCommit` runs inside the transaction, after the
   * writes: throwing there, or losing the connection, leaves nothing of the batch (the backup
   * waits there for the batch before to commit; tests fail a chosen batch).
   */
  writeBatch(batch: HistoryBatch, options?: { beforeCommit?: () => Promise<void> | void }): Promise<void>;
  /**
   * A further writer of this domain's batches (`index` 0, 1, ...: each on a session of its own): a
   * batch can be written on it while others are being written here and on the other writers, each
   * in its own transaction. The caller keeps them apart: batches in flight at once hold no item in
   * common, add no attribute column, and at most one is in flight on each writer. Undefined (or
   * absent) when the store has no such session.
   */
  concurrentWriter?(index?: number): Promise<Pick<DomainHistory, 'writeBatch'> | undefined>;
  /** Live items of the current state after `after` (undefined: from the start), in byte order, at most `limit`. */
  liveItemsAfter(after: string | undefined, limit: number): Promise<string[]>;
  /**
   * Live items of the current state that no batch of run `runId` on this domain saw (another
   * domain's batches of the same run never count), after `after`, in byte order, at most `limit`.
   */
  unseenItems(runId: string, after: string | undefined, limit: number): Promise<string[]>;
  /**
   * The items as they were at `time`: each item's latest version at or before it (the later
   * written among versions of the same time), unless that is a deletion; in item-name byte order,
   * read page by page so memory stays bounded. Each item is checked for shape: one that is not a
   * SimpleDB item comes with `damage` set.
   */
  stateAsOf(time: number, pageSize?: number): AsyncIterable<StateItem>;
  /** Item names of the history (live or not) after `after`, in byte order, at most `limit` (a prune walks them). */
  historyItemsAfter(after: string | undefined, limit: number): Promise<string[]>;
  /**
   * Removes these versions (by versionId) in one transaction; the current state is not touched (a
   * prune never removes an item's latest version). Returns what went.
   */
  removeVersions(versionIds: readonly number[]): Promise<RemovedVersions>;
}

/** The history database of the SimpleDB backup: one set of tables (in MySQL, one table prefix in one database). */
export interface HistoryStore {
  /** What and where it is, for logs; never a secret. */
  readonly description: string;
  /**
   * Throws a ConfigError naming the setting to fix when the store cannot be written as a backup
   * needs (missing privileges); returns when it can, or when it cannot tell.
   */
  checkPrivileges(): Promise<void>;
  /** Takes the store's lock (at most one backup writes one set of tables); false when another session holds it. */
  lock(): Promise<boolean>;
  unlock(): Promise<void>;
  /** Creates the store's own tables when missing; idempotent. */
  ensureSchema(): Promise<void>;
  /**
   * Marks failed every run still marked running: called by the lock holder only, so those runs
   * belong to processes that died. Returns how many; when any, the names their full scans saw
   * (HistoryBatch.seen) are forgotten too.
   */
  settleInterruptedRuns(at: number): Promise<number>;
  startRun(run: DomainRunStart): Promise<void>;
  finishRun(run: DomainRunSuccess): Promise<void>;
  /** Records the failure and forgets the names the run's full scan of the domain saw. */
  failRun(run: DomainRunFailure): Promise<void>;
  /**
   * Forgets the item names run `runId`'s full scan of `domain` saw (HistoryBatch.seen); other
   * domains' names, which may be the same, stay.
   */
  clearSeen(runId: string, domain: string): Promise<void>;
  /** Per domain with a successful run: the watermark reached and the last run. Empty for a new store. */
  readWatermarks(): Promise<Map<string, DomainWatermark>>;
  /** Per domain with a successful run: when the first started and the last finished. Empty for a new store. */
  backedUpDomains(): Promise<Map<string, BackedUpDomain>>;
  /** Every domain the store holds a history for, whatever became of its runs. Empty for a new store. */
  domainsWithHistory(): Promise<Set<string>>;
  /** The domain's history, created when missing. */
  openDomain(domain: string): Promise<DomainHistory>;
  /** The domain's history if it was ever created; creates nothing. */
  existingDomain(domain: string): Promise<DomainHistory | undefined>;
  /**
   * Plan only: the domain's existing history (undefined when none) and the tables a backup would
   * use. Writes nothing; two new domains planned on one store get distinct names.
   */
  planDomain(domain: string): Promise<{ existing: DomainHistory | undefined; tables: DomainTableNames }>;
  /** A domain's successful runs, oldest first: the restore points a prune chooses from. Empty for a new store. */
  runPoints(domain: string): Promise<DomainRunPoint[]>;
  /** Records a domain's prune (before its rows are removed); a later one replaces it. */
  recordPrune(prune: DomainPrune): Promise<void>;
  /** The domain's newest prune, when it was ever pruned. Undefined for a new store. */
  latestPrune(domain: string): Promise<DomainPrune | undefined>;
  /** Whether this error, thrown by one of the store's calls, means its connection is gone (nothing more can be written). */
  isConnectionLost(error: unknown): boolean;
  /**
   * Optional: whether this error means the connection the domain was written on is gone while the
   * run can go on (a session's own connection: isConnectionLost is then false). Its domain fails
   * with a message that says what was kept; the others carry on.
   */
  domainConnectionLost?(error: unknown): boolean;
  /**
   * Optional ability: another session of this store, on its own connection, so that a backup can
   * work on several domains at once while this store holds the lock. A session never takes or
   * releases the lock: every batch it commits, and its runs' success, are written only while this
   * store's session still holds it (once it does not, isConnectionLost is true: the run stops).
   * Undefined when none can be opened (a server's connection limit: the backup goes on with fewer
   * at once). The caller closes it.
   */
  domainSession?(): Promise<DomainSession | undefined>;
}

/** What backing up one domain needs of a history store: the store itself, or one of its sessions. */
export type DomainWork = Pick<HistoryStore, 'openDomain' | 'planDomain' | 'startRun' | 'finishRun' | 'failRun' | 'clearSeen' | 'isConnectionLost' | 'domainConnectionLost'>;

/** A session of a history store (HistoryStore.domainSession): one domain at a time on its own connection. */
export interface DomainSession extends DomainWork {
  /** Whether its connection still answers: one lost fails its domain, not the run, and takes no more. */
  alive(): Promise<boolean>;
  close(): Promise<void>;
}
