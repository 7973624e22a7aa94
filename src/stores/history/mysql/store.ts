// The SimpleDB history in MySQL/MariaDB, behind the HistoryStore contract (../types.ts). The SQL
// lives in one file per job: schema.ts (DDL), grants.ts (privileges), runs.ts (runs and lock),
// domain-map.ts (domain -> tables), columns.ts, writes.ts and reads.ts (one domain's data, through
// domain-history.ts). One connection does everything but the batches of a first run, which two
// further connections (opened when first needed, when the store can open them) write in turn with it,
// and the domains a backup works on beside others, each on a session of its own (domainSession).
import type { Connection } from 'mysql2/promise';
import type { BackedUpDomain, DomainHistory, DomainPrune, DomainSession, DomainRunFailure, DomainRunPoint, DomainRunStart, DomainRunSuccess, DomainTableNames, DomainWatermark, HistoryStore } from '../types.ts';
import { latestPrune, recordPrune, runPoints } from './prunes.ts';
import { connectMySql, isConnectionLost } from './connection.ts';
import type { MySqlSettings } from './settings.ts';
import { allocateTableBase, domainsWithHistory, findTableBase, findTableBaseAndMapping, recordTableBase } from './domain-map.ts';
import { connectionOrdinal, MySqlDomainHistory, FurtherConnectionLostError, type DomainHistoryOptions } from './domain-history.ts';
import type { ColumnMapping } from './columns.ts';
import { checkPrivileges } from './grants.ts';
import { DEFAULT_MAX_ATTRIBUTE_COLUMNS, DEFAULT_ROW_BUDGET } from './row-layout.ts';
import { backedUpDomains, clearAllSeen, clearSeen, insertRun, lockHolder, LockLostError, markRunFailed, markRunSucceeded, readWatermarks, releaseLock, settleInterruptedRuns, takeLock } from './runs.ts';
import { createSystemTables, systemTableNames, type SystemTables } from './schema.ts';

export interface MySqlHistoryOptions {
  /** Prefix of every table (default `sdb_`). */
  tablePrefix?: string;
  /** Attribute columns per current-state table before new attributes go to `_overflow` (default 250). */
  maxAttributeColumns?: number;
  /** In-row bytes for attribute columns per row (default 5600). */
  rowBudget?: number;
  log?: (line: string) => void;
  /**
   * Opens another connection like the store's own, for writing a batch while another is written
   * (DomainHistory.concurrentWriter). Without it, or when it fails, every batch goes on one.
   */
  connect?: () => Promise<Connection>;
  /**
   * While the store holds the lock, its connection is pinged this often (default 30 s): when the
   * domains are backed up by its sessions it can sit idle, and a server's wait_timeout (or a
   * proxy's idle limit) closing it would take the lock, and every session's next commit, with it.
   */
  keepAliveMs?: number;
}

/** Opens a connection and the history store on it; `close()` ends the connection. */
export async function openMySqlHistoryStore(settings: MySqlSettings, options: MySqlHistoryOptions = {}): Promise<MySqlHistoryStore> {
  return new MySqlHistoryStore(await connectMySql(settings), { connect: () => connectMySql(settings), ...options });
}

export class MySqlHistoryStore implements HistoryStore {
  readonly conn: Connection;
  readonly prefix: string;
  readonly tables: SystemTables;
  readonly description: string;
  readonly #domainOptions: DomainHistoryOptions;
  /** Table bases given out by planDomain (plan only), so two new domains of one plan do not share one. */
  readonly #plannedBases = new Set<string>();
  readonly #connect: (() => Promise<Connection>) | undefined;
  /** The further connections for a first run's batches, by index, once asked for (undefined inside: none could be opened). */
  readonly #further: (Promise<Connection | undefined> | undefined)[] = [];
  /** Set once ensureSchema made the system tables (they are not dropped while a run holds the lock). */
  #systemTablesExist = false;
  /** The thread id of the store's connection while it holds the lock (a session's: its store's). */
  #lockedBy: number | undefined;
  /** A session of another store (domainSession): it never holds the lock, it checks it. */
  #isSession = false;
  /**
   * New domains' table bases are given out one at a time across the store and its sessions: two
   * domains whose names come out alike would otherwise both take the free one.
   */
  #allocations: { last: Promise<unknown> } = { last: Promise.resolve() };
  /**
   * Said once for the store and its sessions: a server that refuses more connections refuses each
   * session asked for at once, and each session's further connections.
   */
  #refusalsSaid: { session: boolean; further: boolean } = { session: false, further: false };
  readonly #keepAliveMs: number;
  #keepAlive: NodeJS.Timeout | undefined;

  constructor(conn: Connection, options: MySqlHistoryOptions = {}) {
    this.conn = conn;
    this.prefix = options.tablePrefix ?? 'sdb_';
    this.tables = systemTableNames(this.prefix);
    this.#domainOptions = {
      prefix: this.prefix,
      tables: this.tables,
      maxAttributeColumns: options.maxAttributeColumns ?? DEFAULT_MAX_ATTRIBUTE_COLUMNS,
      rowBudget: options.rowBudget ?? DEFAULT_ROW_BUDGET,
      log: options.log ?? (() => undefined),
      further: { connection: (index) => this.#furtherConnection(index), lockCheck: (conn) => this.#checkLock(conn) },
    };
    this.#connect = options.connect;
    this.#keepAliveMs = options.keepAliveMs ?? 30_000;
    const c = conn.config;
    // mysql2 keeps `ssl: false` (not undefined) for a connection without TLS: any falsy value is off.
    const tls = !c.ssl ? 'off' : typeof c.ssl === 'object' && c.ssl.rejectUnauthorized === false ? 'on' : 'verify';
    this.description = `MySQL ${c.user ?? ''}@${c.host ?? ''}:${c.port ?? ''}/${c.database ?? ''} (tls ${tls}), tables ${this.prefix}*`;
  }

  /** Ends the connections. */
  async close(): Promise<void> {
    this.#stopKeepAlive();
    const [first] = await Promise.allSettled([this.conn.end(), ...this.#further.map((further) => further?.then((c) => c?.end()))]);
    if (first.status === 'rejected') throw first.reason;
  }

  /**
   * Further connection `index` (0: the second), opened when first asked for. One that was lost
   * since (killed, closed by wait_timeout while only the first connection worked) is replaced; one
   * that could not be opened is not asked for again in this run.
   */
  async #furtherConnection(index: number): Promise<Connection | undefined> {
    const opened = this.#further[index];
    if (opened !== undefined) {
      const conn = await opened;
      if (conn === undefined) return undefined;
      try {
        await conn.ping();
        return conn;
      } catch (err) {
        conn.destroy();
        this.#domainOptions.log(`the ${connectionOrdinal(index)} MySQL connection was lost (${(err as Error).message}); opening another`);
      }
    }
    const opening = this.#openFurther(index);
    this.#further[index] = opening;
    return opening;
  }

  /** A server that refuses a further connection (max_user_connections, say) costs speed, not the run. */
  async #openFurther(index: number): Promise<Connection | undefined> {
    if (this.#connect === undefined) return undefined;
    try {
      return await this.#connect();
    } catch (err) {
      if (!this.#refusalsSaid.further) {
        // The connections it still has: the store's own and the further ones before this one.
        const left = ['one', 'two'][index] ?? String(index + 1);
        this.#domainOptions.log(
          `a ${connectionOrdinal(index)} MySQL connection for a domain's first run could not be opened (${refusalReason(err)}); its batches are written ${left} at a time on ${left} connection${index === 0 ? '' : 's'} instead: slower, nothing is lost`,
        );
      }
      this.#refusalsSaid.further = true;
      return undefined;
    }
  }

  /**
   * Before a batch on a further connection commits: the lock must still be held by the store's
   * connection. When that connection died, its lock went with it and another backup may hold it
   * now; the batch is rolled back rather than written beside that backup's.
   */
  async #checkLock(conn: Connection, consequence = 'this batch was rolled back'): Promise<void> {
    const lockedBy = this.#lockedBy;
    if (lockedBy === undefined) return;
    const holder = await lockHolder(conn, this.prefix);
    if (holder !== lockedBy) throw new LockLostError(this.prefix, holder, consequence);
  }

  checkPrivileges(): Promise<void> {
    return checkPrivileges(this.conn);
  }

  async lock(): Promise<boolean> {
    if (this.#isSession) throw new Error('a session of the history store does not take the lock; its store does');
    const got = await takeLock(this.conn, this.prefix);
    if (got) {
      this.#lockedBy = this.conn.threadId;
      // mysql2 queues the ping behind whatever the connection is doing: it never splits a statement.
      this.#keepAlive = setInterval(() => void this.conn.ping().catch(() => undefined), this.#keepAliveMs);
      this.#keepAlive.unref();
    }
    return got;
  }

  #stopKeepAlive(): void {
    if (this.#keepAlive) clearInterval(this.#keepAlive);
    this.#keepAlive = undefined;
  }

  async unlock(): Promise<void> {
    this.#stopKeepAlive();
    this.#lockedBy = undefined;
    await releaseLock(this.conn, this.prefix);
  }

  async ensureSchema(): Promise<void> {
    await createSystemTables(this.conn, this.tables, this.#domainOptions.log);
    this.#systemTablesExist = true;
  }

  /**
   * Also forgets the names their full scans left in the seen table (a run clears its own; one that
   * died, or whose session's connection was lost, could not): under the lock no run is alive, so
   * every row there is dead. Only when a run was settled: an hourly run pays no statement for it.
   */
  async settleInterruptedRuns(at: number): Promise<number> {
    const settled = await settleInterruptedRuns(this.conn, this.tables, at);
    if (settled > 0) await clearAllSeen(this.conn, this.tables);
    return settled;
  }

  startRun(run: DomainRunStart): Promise<void> {
    return insertRun(this.conn, this.tables, run);
  }

  async finishRun(run: DomainRunSuccess): Promise<void> {
    // A session's success (what makes the watermark count) is written only while the store's
    // connection still holds the lock: checked first, as a batch's commit is. A statement of its
    // own, not a condition in the UPDATE: IS_USED_LOCK is unsafe for statement-based replication.
    if (this.#isSession) await this.#checkLock(this.conn, 'the run of this domain was not marked successful, and its watermark did not move');
    await markRunSucceeded(this.conn, this.tables, run);
  }

  async failRun(run: DomainRunFailure): Promise<void> {
    await markRunFailed(this.conn, this.tables, run);
    await this.clearSeen(run.runId, run.domain).catch(() => undefined);
  }

  clearSeen(runId: string, domain: string): Promise<void> {
    return clearSeen(this.conn, this.tables, runId, domain);
  }

  readWatermarks(): Promise<Map<string, DomainWatermark>> {
    return readWatermarks(this.conn, this.tables, this.#systemTablesExist);
  }

  backedUpDomains(): Promise<Map<string, BackedUpDomain>> {
    return backedUpDomains(this.conn, this.tables);
  }

  domainsWithHistory(): Promise<Set<string>> {
    return domainsWithHistory(this.conn, this.tables);
  }

  async openDomain(domain: string): Promise<MySqlDomainHistory> {
    // The system tables exist once ensureSchema ran (a backup's case): the base and the column
    // mapping are read together. Otherwise, as existingDomain does, they are looked for first.
    let base: string | undefined;
    let mapping: ColumnMapping[] | undefined;
    if (this.#systemTablesExist) ({ base, mapping } = (await findTableBaseAndMapping(this.conn, this.tables, domain)) ?? {});
    else base = await findTableBase(this.conn, this.tables, domain);
    base ??= await this.#allocateBase(domain);
    const history = new MySqlDomainHistory(this.conn, domain, base, this.#domainOptions);
    await history.create(mapping);
    return history;
  }

  /** A new domain's table base, given out and recorded while no other session of the store gives one out. */
  #allocateBase(domain: string): Promise<string> {
    // A run gives each domain to one session: only the other domains' bases can have changed meanwhile.
    const allocation = this.#allocations.last.catch(() => undefined).then(async () => {
      const base = await allocateTableBase(this.conn, this.tables, this.prefix, domain, new Set(), this.#systemTablesExist);
      await recordTableBase(this.conn, this.tables, domain, base, Date.now());
      return base;
    });
    this.#allocations.last = allocation;
    return allocation;
  }

  /**
   * A session on a connection of its own, for a domain backed up beside others while this store
   * holds the lock (HistoryStore.domainSession). Its batches and its runs' success are written only
   * while this store's connection still holds the lock (checked in the transaction before its
   * commit, and before the statement that marks a run successful); it shares this store's table-base
   * allocation. Undefined
   * when this store does not hold the lock, or no connection could be opened.
   */
  async domainSession(): Promise<DomainSession | undefined> {
    if (this.#connect === undefined || this.#lockedBy === undefined || this.#isSession) return undefined;
    let conn: Connection;
    try {
      conn = await this.#connect();
    } catch (err) {
      if (!this.#refusalsSaid.session) {
        this.#domainOptions.log(
          `another MySQL connection could not be opened (${refusalReason(err)}); fewer domains are backed up at once (nothing is lost). ` +
            'To stop asking for it, lower simpledb-domains-at-once (1 takes one to three connections), or allow the MySQL user more connections',
        );
      }
      this.#refusalsSaid.session = true;
      return undefined;
    }
    const session = new MySqlHistoryStore(conn, { tablePrefix: this.prefix, maxAttributeColumns: this.#domainOptions.maxAttributeColumns, rowBudget: this.#domainOptions.rowBudget, log: this.#domainOptions.log, connect: this.#connect, keepAliveMs: this.#keepAliveMs });
    session.#isSession = true;
    session.#lockedBy = this.#lockedBy;
    session.#systemTablesExist = this.#systemTablesExist;
    session.#allocations = this.#allocations;
    session.#refusalsSaid = this.#refusalsSaid;
    session.#domainOptions.lockCheck = (c) => session.#checkLock(c);
    return session;
  }

  async existingDomain(domain: string): Promise<MySqlDomainHistory | undefined> {
    const base = await findTableBase(this.conn, this.tables, domain);
    if (base === undefined) return undefined;
    const history = new MySqlDomainHistory(this.conn, domain, base, this.#domainOptions);
    await history.load();
    return history;
  }

  async planDomain(domain: string): Promise<{ existing: DomainHistory | undefined; tables: DomainTableNames }> {
    const existing = await this.existingDomain(domain);
    if (existing) return { existing, tables: existing.tables };
    const base = await allocateTableBase(this.conn, this.tables, this.prefix, domain, this.#plannedBases);
    this.#plannedBases.add(base.toLowerCase());
    return { existing: undefined, tables: new MySqlDomainHistory(this.conn, domain, base, this.#domainOptions).tables };
  }

  runPoints(domain: string): Promise<DomainRunPoint[]> {
    return runPoints(this.conn, this.tables, domain);
  }

  recordPrune(prune: DomainPrune): Promise<void> {
    return recordPrune(this.conn, this.tables, prune);
  }

  latestPrune(domain: string): Promise<DomainPrune | undefined> {
    return latestPrune(this.conn, this.tables, domain);
  }

  /**
   * Whether the run must stop: the store's own connection is gone, or the lock it held is (a
   * session's check). The loss of a further connection, or of a session's own, fails a domain, not
   * the run (the session is then retired: alive()).
   */
  isConnectionLost(error: unknown): boolean {
    if (error instanceof LockLostError) return true;
    return !this.#isSession && !(error instanceof FurtherConnectionLostError) && isConnectionLost(error);
  }

  /** A session's own connection lost: its domain fails, the store's connection and its lock are well. */
  domainConnectionLost(error: unknown): boolean {
    return this.#isSession && !(error instanceof LockLostError) && !(error instanceof FurtherConnectionLostError) && isConnectionLost(error);
  }

  /** Whether the connection still answers (a session whose connection died takes no more domains). */
  async alive(): Promise<boolean> {
    try {
      await this.conn.ping();
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Why a connection was refused, in the server's words (connectMySql's `reason`, password blanked):
 * its error's own text names an input and a fix meant for the first connection.
 */
function refusalReason(err: unknown): string {
  const reason = (err as { reason?: unknown }).reason;
  return typeof reason === 'string' ? reason : ((err as Error)?.message ?? String(err));
}
