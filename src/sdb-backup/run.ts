// The SimpleDB -> MySQL backup engine. Per domain: read what changed (incremental: stamp >= watermark
// minus overlap; full scan: every item), read the delete log, plan each batch against the versions
// already backed up (plan.ts), and write it in one transaction. The watermark is recorded in the
// runs table only when the domain completes: a failed run leaves history intact and the watermark
// unmoved, and the next run redoes the work without duplicating a version.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mysql2/promise';
import type { GetAttributesInput, GetAttributesOutput, Item, ListDomainsInput, ListDomainsOutput, SelectInput, SelectOutput } from '../simpledb/client.ts';
import { SimpleDbError } from '../simpledb/errors.ts';
import { quoteName, quoteValue } from '../simpledb/expression.ts';
import { paginateListDomains, selectItems } from '../simpledb/paginate.ts';
import { connectMySql, describeMySql } from '../mysql/connection.ts';
import { missingPrivileges, SdbMySqlStore, type RunCounts, type StateItem } from '../mysql/store.ts';
import type { WatermarkStore, Watermarks } from '../watermark/store.ts';
import { SettingError, validateSimpleDbBackupConfig, type SimpleDbBackupConfig } from './config.ts';
import {
  deleteLogCandidate,
  itemCandidate,
  maxStamp,
  nextWatermark,
  parseStamp,
  planBatch,
  readFrom,
  toStamp,
  type Candidate,
  type NewVersion,
} from './plan.ts';
import { PlannedTables, type BatchTarget } from './plan-only.ts';

/** What the engine needs from a SimpleDB client (SimpleDbClient satisfies it). */
export interface SimpleDbSource {
  select(input: SelectInput): Promise<SelectOutput>;
  listDomains(input?: ListDomainsInput): Promise<ListDomainsOutput>;
  domainMetadata(input: { DomainName: string }): Promise<unknown>;
  getAttributes(input: GetAttributesInput): Promise<GetAttributesOutput>;
}

export interface SimpleDbBackupDeps {
  client: SimpleDbSource;
  /** An open connection; without it the engine connects with config.mysql and closes at the end. */
  mysql?: Connection;
  log?: (line: string) => void;
  now?: () => Date;
  /** Receives the reached watermarks (`sdb:<domain>`) after the run; MySQL stays the durable record. */
  watermarkStore?: WatermarkStore;
  /** Run ids (default crypto.randomUUID). */
  newRunId?: () => string;
  /**
   * Test hook: called inside each batch's transaction, after its rows are written and before the
   * commit (e.g. to kill the MySQL connection there). `batch` counts the run's batches from 1.
   */
  beforeCommit?: (event: { domain: string; batch: number }) => Promise<void> | void;
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
  /** The MySQL tables of the domain. */
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

/** A run that failed for at least one domain; `result` holds what was done. */
export class SimpleDbBackupError extends Error {
  readonly result: SimpleDbBackupResult;
  constructor(message: string, result: SimpleDbBackupResult, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SimpleDbBackupError';
    this.result = result;
  }
}

/** The watermark store source id of a domain. */
export function watermarkSourceId(domain: string): string {
  return `sdb:${domain}`;
}

const PAGE_LIMIT = 2500;

export async function runSimpleDbBackup(config: SimpleDbBackupConfig, deps: SimpleDbBackupDeps): Promise<SimpleDbBackupResult> {
  validateSimpleDbBackupConfig(config);
  const log = deps.log ?? (() => undefined);
  const now = deps.now ?? (() => new Date());
  const runId = (deps.newRunId ?? randomUUID)();
  const runStart = now().getTime();
  const planOnly = config.dryRun === true;
  const result: SimpleDbBackupResult = { runId, dryRun: planOnly, startedAt: toStamp(runStart), finishedAt: '', domains: [], watermarks: {} };

  // 1. Everything is checked before anything is written.
  const conn = deps.mysql ?? (await connectMySql(config.mysql));
  try {
    log(`MySQL: ${describeMySql(config.mysql)}`);
    await checkPrivileges(conn, config);
    const domains = await resolveDomains(deps.client, config, log);
    const hasDeleteLog = await domainExists(deps.client, config.deleteLogDomain, config);
    if (!hasDeleteLog) log(`delete-log domain "${config.deleteLogDomain}" does not exist: deletions are found by full scans only`);

    const store = new SdbMySqlStore(conn, { tablePrefix: config.tablePrefix, log });
    // A plan reads only: it takes no lock (it must never make a scheduled backup fail) and
    // creates nothing; it plans against what MySQL holds at the moment it reads.
    if (planOnly) log('plan only (dry run): nothing is written to MySQL, no watermark is saved');
    else if (!(await store.lock())) {
      throw new SettingError('mysql-table-prefix', `another backup into ${config.mysql.database} with table prefix "${config.tablePrefix}" is running; wait for it or use another prefix`);
    }
    try {
      if (!planOnly) {
        await store.ensureSystemTables();
        const settled = await store.settleInterruptedRuns(runStart);
        if (settled > 0) log(`${settled} run row(s) left "running" by an interrupted run marked failed; this run redoes their work`);
      }
      const stored = await store.readWatermarks();
      const failures: string[] = [];
      let connectionLost: string | undefined;
      for (const domain of domains) {
        if (connectionLost !== undefined) {
          failures.push(`${domain}: not backed up (${connectionLost})`);
          continue;
        }
        const domainResult = await backupDomain({
          config,
          client: deps.client,
          store,
          domain,
          runId,
          runStart,
          previous: stored.get(domain),
          hasDeleteLog,
          log,
          now,
          planOnly,
          ...(deps.beforeCommit ? { beforeCommit: deps.beforeCommit } : {}),
          batches: 0,
        });
        result.domains.push(domainResult);
        if (domainResult.error) failures.push(`${domain}: ${domainResult.error}`);
        if (domainResult.connectionLost) connectionLost = `the MySQL connection was lost while backing up ${domain}`;
        if (domainResult.watermarkAfter) result.watermarks[watermarkSourceId(domain)] = domainResult.watermarkAfter;
      }
      result.finishedAt = toStamp(now().getTime());
      if (!planOnly && deps.watermarkStore && Object.keys(result.watermarks).length > 0) {
        await deps.watermarkStore.save(result.watermarks).catch((err: unknown) => log(`watermark store ${deps.watermarkStore!.name}: not saved (${(err as Error).message})`));
      }
      if (failures.length > 0) {
        throw new SimpleDbBackupError(`SimpleDB ${planOnly ? 'backup plan' : 'backup'} failed for ${failures.length} domain(s): ${failures.join('; ')}`, result);
      }
      return result;
    } finally {
      // A lost connection released the lock with it.
      if (!planOnly) await store.unlock().catch(() => undefined);
    }
  } finally {
    if (!deps.mysql) await conn.end().catch(() => undefined);
  }
}

async function checkPrivileges(conn: Connection, config: SimpleDbBackupConfig): Promise<void> {
  const missing = await missingPrivileges(conn, config.mysql.database);
  if (missing && missing.length > 0) {
    throw new SettingError(
      'mysql-user',
      `user "${config.mysql.user}" lacks ${missing.join(', ')} on database "${config.mysql.database}"; ` +
        `run GRANT ${missing.join(', ')} ON \`${config.mysql.database}\`.* TO '${config.mysql.user}'@'%' (or use another user)`,
    );
  }
}

async function resolveDomains(client: SimpleDbSource, config: SimpleDbBackupConfig, log: (l: string) => void): Promise<string[]> {
  if (config.domains === 'all') {
    const all: string[] = [];
    try {
      for await (const d of paginateListDomains(client)) if (d !== config.deleteLogDomain) all.push(d);
    } catch (err) {
      throw simpleDbAccessError(err, config);
    }
    log(`simpledb-domains=all: ${all.length} domain(s)`);
    return all;
  }
  const missing: string[] = [];
  for (const d of config.domains) if (!(await domainExists(client, d, config))) missing.push(d);
  if (missing.length > 0) {
    throw new SettingError(
      'simpledb-domains',
      `domain(s) ${missing.map((d) => `"${d}"`).join(', ')} do not exist in SimpleDB${config.simpledb.endpoint ? ` at ${config.simpledb.endpoint}` : config.simpledb.region ? ` in ${config.simpledb.region}` : ''}; check the names and simpledb-region`,
    );
  }
  return config.domains;
}

async function domainExists(client: SimpleDbSource, domain: string, config: SimpleDbBackupConfig): Promise<boolean> {
  try {
    await client.domainMetadata({ DomainName: domain });
    return true;
  } catch (err) {
    if (err instanceof SimpleDbError && err.code === 'NoSuchDomain') return false;
    throw simpleDbAccessError(err, config);
  }
}

function simpleDbAccessError(err: unknown, config: SimpleDbBackupConfig): Error {
  if (err instanceof SimpleDbError && (err.code === 'AuthFailure' || err.statusCode === 403)) {
    return new SettingError('simpledb-region', `SimpleDB refused the credentials (${err.code}: ${err.message}); check the AWS credentials and that they allow sdb:Select, sdb:DomainMetadata, sdb:ListDomains and sdb:GetAttributes`, { cause: err });
  }
  if (err instanceof SimpleDbError && (err.code === 'NetworkError' || err.code === 'RequestTimeout')) {
    return new SettingError('simpledb-endpoint', `cannot reach SimpleDB${config.simpledb.endpoint ? ` at ${config.simpledb.endpoint}` : ''} (${err.message}); check simpledb-endpoint / simpledb-region`, { cause: err });
  }
  return err instanceof Error ? err : new Error(String(err));
}

interface DomainJob {
  config: SimpleDbBackupConfig;
  client: SimpleDbSource;
  store: SdbMySqlStore;
  domain: string;
  runId: string;
  runStart: number;
  previous: { watermark: string | undefined } | undefined;
  hasDeleteLog: boolean;
  log: (line: string) => void;
  now: () => Date;
  /** Plan only: read and plan, write nothing. */
  planOnly: boolean;
  beforeCommit?: SimpleDbBackupDeps['beforeCommit'];
  /** Batches written so far in this run (for beforeCommit). */
  batches: number;
}

async function backupDomain(job: DomainJob): Promise<DomainBackupResult> {
  const { config, client, store, domain, runId, runStart, log, now } = job;
  const started = now().getTime();
  const watermarkBefore = job.previous?.watermark;
  const mode: 'full' | 'incremental' = config.fullScan === 'always' || (config.fullScan === 'auto' && job.previous === undefined) ? 'full' : 'incremental';
  let tables: BatchTarget;
  if (job.planOnly) {
    const planned = await store.planDomain(domain);
    tables = new PlannedTables(planned.tables, planned.names);
  } else {
    tables = await store.openDomain(domain);
  }
  const r: DomainBackupResult = {
    domain,
    mode,
    itemsRead: 0,
    deleteLogEntriesRead: 0,
    versionsWritten: 0,
    tombstones: 0,
    unchangedSkipped: 0,
    tombstonesSkipped: 0,
    watermarkBefore,
    watermarkAfter: watermarkBefore,
    durationMs: 0,
    tables: { current: tables.current, history: tables.history, versions: tables.versions },
  };
  const counts = (): RunCounts => ({ itemsRead: r.itemsRead, versionsWritten: r.versionsWritten, tombstones: r.tombstones, unchanged: r.unchangedSkipped });
  const since = readFrom(watermarkBefore, config.overlapMs);
  log(`${domain}: ${job.planOnly ? 'plan of a ' : ''}${mode === 'full' ? 'full scan' : `incremental from ${since ?? 'the beginning'}`} (watermark ${watermarkBefore ?? 'none'}) -> ${tables.current}`);
  if (!job.planOnly) await store.startRun({ runId, domain, mode, startedAt: started, watermarkBefore });
  let highest: string | undefined;
  try {
    const stamp = quoteName(config.stampAttribute);
    const from = quoteName(domain);
    const itemsExpression =
      mode === 'full'
        ? `select * from ${from} limit ${PAGE_LIMIT}`
        : since === undefined
          ? `select * from ${from} where ${stamp} is not null limit ${PAGE_LIMIT}`
          : `select * from ${from} where ${stamp} >= ${quoteValue(since)} order by ${stamp} limit ${PAGE_LIMIT}`;

    const batcher = new Batcher(job, tables, r, mode === 'full');
    for await (const item of selectItems(client, { SelectExpression: itemsExpression, ConsistentRead: true })) {
      r.itemsRead++;
      const c = itemCandidate(item, config.stampAttribute);
      if (c.stamp !== null) highest = maxStamp(highest, c.stamp);
      await batcher.add(c);
    }
    await batcher.flush();

    if (job.hasDeleteLog) {
      const log_ = quoteName(config.deleteLogDomain);
      const deletes =
        since === undefined
          ? `select * from ${log_} where ${quoteName('domain')} = ${quoteValue(domain)} limit ${PAGE_LIMIT}`
          : `select * from ${log_} where ${quoteName('domain')} = ${quoteValue(domain)} and ${stamp} >= ${quoteValue(since)} order by ${stamp} limit ${PAGE_LIMIT}`;
      const tombstones = new Batcher(job, tables, r, false);
      for await (const entry of selectItems(client, { SelectExpression: deletes, ConsistentRead: true })) {
        const c = deleteLogCandidate(entry, domain, config.stampAttribute);
        if (!c) continue;
        r.deleteLogEntriesRead++;
        const entryStamp = entry.Attributes.find((a) => a.Name === config.stampAttribute)?.Value;
        if (parseStamp(entryStamp) !== undefined) highest = maxStamp(highest, entryStamp);
        await tombstones.add(c);
      }
      await tombstones.flush();
    }

    if (mode === 'full') {
      // Items backed up as live that the scan did not see are gone (confirmed one by one before a tombstone).
      const scanDeletes = new Batcher(job, tables, r, false);
      let after: string | undefined;
      for (;;) {
        const unseen = await tables.unseenItems(runId, after, 500);
        for (const name of unseen) await scanDeletes.add({ kind: 'tombstone', itemName: name, deletedAt: runStart, origin: 'scan' });
        await scanDeletes.flush();
        if (unseen.length < 500) break;
        after = unseen[unseen.length - 1];
      }
      if (!job.planOnly) await store.clearSeen(runId);
    }

    r.watermarkAfter = nextWatermark(watermarkBefore, highest, toStamp(runStart));
    r.durationMs = now().getTime() - started;
    if (!job.planOnly) await store.finishRun(runId, domain, now().getTime(), r.watermarkAfter, counts());
    log(
      `${domain}: ${job.planOnly ? 'would write: ' : ''}${r.itemsRead} read, ${r.versionsWritten} versions, ${r.tombstones} tombstones, ${r.unchangedSkipped} unchanged; ` +
        `watermark ${r.watermarkBefore ?? 'none'} -> ${r.watermarkAfter ?? 'none'} (${r.durationMs} ms)`,
    );
  } catch (err) {
    r.connectionLost = isConnectionLost(err);
    const message = r.connectionLost
      ? `the MySQL connection was lost (${describeError(err)}): the batch being written was rolled back as one transaction, the batches committed before it stay, ` +
        `and the watermark did not move; run the backup again to finish (it redoes the window without duplicating a version)`
      : describeError(err);
    r.error = message;
    r.watermarkAfter = watermarkBefore;
    r.durationMs = now().getTime() - started;
    log(`${domain}: failed after ${r.itemsRead} items (${message}); watermark stays ${watermarkBefore ?? 'none'}`);
    if (!job.planOnly && !r.connectionLost) await store.failRun(runId, domain, now().getTime(), message, counts()).catch(() => undefined);
  }
  return r;
}

/** mysql2 marks errors that end the connection `fatal`; a KILL from another session is one of them. */
function isConnectionLost(err: unknown): boolean {
  const e = err as { fatal?: boolean; code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.fatal === true) return true;
  if (['PROTOCOL_CONNECTION_LOST', 'ER_CONNECTION_KILLED', 'ECONNRESET', 'EPIPE', 'ER_SERVER_SHUTDOWN'].includes(e.code ?? '')) return true;
  return /connection is in closed state/i.test(e.message ?? '');
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: string }).code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}

/** Collects candidates and writes them a batch at a time: load known versions, plan, confirm tombstones, write. */
class Batcher {
  readonly #job: DomainJob;
  readonly #tables: BatchTarget;
  readonly #result: DomainBackupResult;
  readonly #markSeen: boolean;
  #pending: Candidate[] = [];

  constructor(job: DomainJob, tables: BatchTarget, result: DomainBackupResult, markSeen: boolean) {
    this.#job = job;
    this.#tables = tables;
    this.#result = result;
    this.#markSeen = markSeen;
  }

  async add(c: Candidate): Promise<void> {
    this.#pending.push(c);
    if (this.#pending.length >= this.#job.config.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const candidates = this.#pending;
    this.#pending = [];
    const known = await this.#tables.loadVersions(candidates.map((c) => c.itemName));
    let plan = planBatch(candidates, known, this.#job.runStart);
    const toConfirm = plan.versions.filter((v) => v.deleted);
    if (toConfirm.length > 0) {
      const refuted = new Set<Candidate>();
      for (const c of candidates) {
        if (c.kind !== 'tombstone') continue;
        if (!toConfirm.some((v) => v.itemName === c.itemName && v.validFrom === c.deletedAt)) continue;
        if (!(await this.#deletionConfirmed(c))) refuted.add(c);
      }
      if (refuted.size > 0) {
        this.#result.tombstonesSkipped += refuted.size;
        plan = planBatch(
          candidates.filter((c) => !refuted.has(c)),
          known,
          this.#job.runStart,
        );
      }
    }
    const names = new Set<string>();
    for (const v of plan.current.values()) if (v.attributes) for (const n of Object.keys(v.attributes)) names.add(n);
    await this.#tables.ensureColumns(names);
    const seen = this.#markSeen ? candidates.map((c) => c.itemName) : undefined;
    const job = this.#job;
    const batch = ++job.batches;
    const beforeCommit = job.beforeCommit;
    await this.#tables.writeBatch(job.runId, plan.versions, plan.current, seen, beforeCommit ? { beforeCommit: () => beforeCommit({ domain: job.domain, batch }) } : {});
    for (const v of plan.versions) {
      if (v.deleted) this.#result.tombstones++;
      else this.#result.versionsWritten++;
    }
    this.#result.unchangedSkipped += plan.unchanged + plan.duplicates;
    this.#result.tombstonesSkipped += plan.tombstonesSkipped;
  }

  /**
   * A deletion stands when the item is gone now, or lives again with a stamp after the deletion
   * (re-created). An item still there with an older stamp, or none, was not deleted: the delete-log
   * entry is written before the delete, so a failed delete leaves such an entry behind.
   */
  async #deletionConfirmed(c: Extract<Candidate, { kind: 'tombstone' }>): Promise<boolean> {
    const out = await this.#job.client.getAttributes({ DomainName: this.#job.domain, ItemName: c.itemName, ConsistentRead: true });
    if (out.Attributes.length === 0) return true;
    if (c.origin === 'scan') return false;
    const stamps = out.Attributes.filter((a) => a.Name === this.#job.config.stampAttribute);
    const stampMs = stamps.length === 1 ? parseStamp(stamps[0]!.Value) : undefined;
    return stampMs !== undefined && stampMs > c.deletedAt;
  }
}

/** Stored watermarks per `sdb:<domain>`, from the runs table (the durable record). */
export async function readStoredWatermarks(mysql: Connection, options: { tablePrefix?: string } = {}): Promise<Watermarks> {
  const store = new SdbMySqlStore(mysql, options);
  const out: Watermarks = {};
  for (const [domain, w] of await store.readWatermarks()) if (w.watermark) out[watermarkSourceId(domain)] = w.watermark;
  return out;
}

/**
 * The items of a domain as they were at `time` (ISO 8601 or Date), in item-name byte order,
 * streamed page by page. A domain never backed up yields nothing.
 */
export async function* stateAsOf(mysql: Connection, domain: string, time: Date | string, options: { tablePrefix?: string } = {}): AsyncGenerator<StateItem> {
  const ms = typeof time === 'string' ? Date.parse(time) : time.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`stateAsOf: "${String(time)}" is not a time`);
  const store = new SdbMySqlStore(mysql, options);
  const tables = await store.existingDomain(domain);
  if (!tables) return;
  yield* tables.stateAsOf(ms);
}

/** stateAsOf as SimpleDB items (attribute pairs), e.g. for a restore. */
export async function* itemsAsOf(mysql: Connection, domain: string, time: Date | string, options: { tablePrefix?: string } = {}): AsyncGenerator<Item> {
  for await (const s of stateAsOf(mysql, domain, time, options)) {
    const Attributes: { Name: string; Value: string }[] = [];
    for (const [Name, values] of Object.entries(s.attributes)) for (const Value of values) Attributes.push({ Name, Value });
    yield { Name: s.name, Attributes };
  }
}

export type { NewVersion, StateItem };
