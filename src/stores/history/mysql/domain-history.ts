// One domain's history in MySQL: its three tables (schema.ts), its attribute columns (columns.ts),
// batched writes (writes.ts) and reads (reads.ts), behind the DomainHistory contract.
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { LATEST_VERSION_MS, type DomainHistory, type DomainTableNames, type HistoryBatch, type RemovedVersions, type StateItem, type StoredVersion } from '../types.ts';
import { historyItemsAfter, removeVersions } from './prunes.ts';
import { AttributeColumns, type ColumnMapping } from './columns.ts';
import { isConnectionLost } from './connection.ts';
import { quoteIdentifier as q } from './identifiers.ts';
import { loadVersions, liveItemsAfter, stateAsOf, unseenItems } from './reads.ts';
import { createDomainTables, domainTableNames, type SystemTables } from './schema.ts';
import { writeBatch, type BatchTables, type CurrentVersion } from './writes.ts';

export interface DomainHistoryOptions {
  prefix: string;
  tables: SystemTables;
  maxAttributeColumns: number;
  rowBudget: number;
  log: (line: string) => void;
  /**
   * The store's further connections for a first run's batches, by index (0: the second connection;
   * each opened when first asked for; undefined when it has none), and what a batch written on one
   * checks before its commit (that the store still holds its lock).
   */
  further?: { connection: (index: number) => Promise<Connection | undefined>; lockCheck: (conn: Connection) => Promise<void> };
  /**
   * What a batch written on the domain's own connection checks before its commit. Absent on the
   * store's connection, which holds the lock itself; a session's (HistoryStore.domainSession) checks
   * that the store's connection still holds it.
   */
  lockCheck?: (conn: Connection) => Promise<void>;
}

/** What a further connection is called in messages: index 0 is the store's second connection. */
export function connectionOrdinal(index: number): string {
  return ['second', 'third'][index] ?? `${index + 2}th`;
}

/**
 * A further connection (the second or the third) was lost while it wrote a batch. The store's own
 * connection (its lock, its runs table) may be well: the domain fails, and the run goes on to the
 * next domain.
 */
export class FurtherConnectionLostError extends Error {
  constructor(cause: unknown, index = 0) {
    super(
      `the ${connectionOrdinal(index)} MySQL connection (a first run's batches are written on up to three) was lost (${(cause as Error).message ?? String(cause)}): ` +
        `the batches being written were rolled back, the batches committed before them stay, and the watermark did not move; run the backup again to finish`,
      { cause },
    );
    this.name = 'FurtherConnectionLostError';
  }
}

export class MySqlDomainHistory implements DomainHistory {
  readonly domain: string;
  /** The allocated table base (domain-map.ts). */
  readonly base: string;
  readonly tables: DomainTableNames;
  readonly #conn: Connection;
  readonly #columns: AttributeColumns;
  readonly #batchTables: BatchTables;
  readonly #further: DomainHistoryOptions['further'];
  readonly #lockCheck: DomainHistoryOptions['lockCheck'];

  constructor(conn: Connection, domain: string, base: string, options: DomainHistoryOptions) {
    this.#conn = conn;
    this.#further = options.further;
    this.#lockCheck = options.lockCheck;
    this.domain = domain;
    this.base = base;
    this.tables = domainTableNames(options.prefix, base);
    this.#columns = new AttributeColumns(conn, options.tables, domain, this.tables.current, options);
    const columnOf = this.#columns.columnOf;
    this.#batchTables = { history: this.tables.history, current: this.tables.current, seen: { table: options.tables.seen, domain: Buffer.from(domain, 'utf8') }, columnOf: (name) => columnOf.get(name), columns: () => [...columnOf.values()].filter((c): c is string => c !== null), rowBudget: options.rowBudget };
  }

  /** attribute name -> column name, or null for "in _overflow" (read-only view). */
  get columnOf(): ReadonlyMap<string, string | null> {
    return this.#columns.columnOf;
  }

  /**
   * Creates the tables when missing, reads the column mapping (unless `mapping` is it, read with
   * the table base) and repairs a column whose ALTER never ran.
   */
  async create(mapping?: readonly ColumnMapping[]): Promise<void> {
    const columns = await createDomainTables(this.#conn, this.tables);
    if (mapping) this.#columns.use(mapping);
    else await this.#columns.load();
    await this.#columns.repair(columns);
  }

  /** Reads the column mapping of tables that exist. */
  async load(): Promise<void> {
    await this.#columns.load();
  }

  loadVersions(itemNames: readonly string[]): Promise<Map<string, StoredVersion[]>> {
    return loadVersions(this.#conn, this.tables.history, itemNames);
  }

  ensureColumns(attributeNames: Iterable<string>): Promise<void> {
    return this.#columns.ensure(attributeNames);
  }

  writeBatch(batch: HistoryBatch, options: { beforeCommit?: () => Promise<void> | void } = {}): Promise<void> {
    const lockCheck = this.#lockCheck;
    const conn = this.#conn;
    return writeBatch(conn, this.#batchTables, batch, lockCheck ? { ...options, lockCheck: () => lockCheck(conn) } : options);
  }

  /** Batches written on the store's further connection `index` (the same tables and column mapping). */
  async concurrentWriter(index = 0): Promise<Pick<DomainHistory, 'writeBatch'> | undefined> {
    const further = this.#further;
    const conn = await further?.connection(index);
    if (further === undefined || conn === undefined) return undefined;
    const batchTables = this.#batchTables;
    const own = this.#conn;
    return {
      async writeBatch(batch, options = {}) {
        // A failure of the caller's hook (the batch before this one failed, on another
        // connection) is that failure, not this connection's.
        let hookFailed = false;
        const beforeCommit = async (): Promise<void> => {
          try {
            await options.beforeCommit?.();
          } catch (err) {
            hookFailed = true;
            throw err;
          }
        };
        try {
          await writeBatch(conn, batchTables, batch, { beforeCommit, lockCheck: () => further.lockCheck(conn) });
        } catch (err) {
          if (hookFailed || !isConnectionLost(err)) throw err;
          // Lost with the domain's own connection (every session KILLed, a server restart): that
          // loss is the one to report, so the run stops as it does when its own connection goes
          // (a further connection lost alone fails this domain only).
          const ownAlive = await own.ping().then(
            () => true,
            () => false,
          );
          throw ownAlive ? new FurtherConnectionLostError(err, index) : err;
        }
      },
    };
  }

  liveItemsAfter(after: string | undefined, limit: number): Promise<string[]> {
    return liveItemsAfter(this.#conn, this.tables.current, after, limit);
  }

  unseenItems(runId: string, after: string | undefined, limit: number): Promise<string[]> {
    return unseenItems(this.#conn, this.tables.current, this.#batchTables.seen, runId, after, limit);
  }

  stateAsOf(time: number, pageSize?: number): AsyncGenerator<StateItem> {
    return stateAsOf(this.#conn, this.tables.history, time, pageSize);
  }

  historyItemsAfter(after: string | undefined, limit: number): Promise<string[]> {
    return historyItemsAfter(this.#conn, this.tables.history, after, limit);
  }

  removeVersions(versionIds: readonly number[]): Promise<RemovedVersions> {
    return removeVersions(this.#conn, this.tables.history, versionIds);
  }

  /** Rebuilds the current-state table from the history (the latest version of every item). Returns the items written. */
  async rebuildCurrent(runIdForRows = 'rebuild'): Promise<number> {
    await this.#conn.query(`DELETE FROM ${q(this.tables.current)}`);
    let count = 0;
    let batch = new Map<string, CurrentVersion>();
    const flush = async (): Promise<void> => {
      if (batch.size === 0) return;
      const names = new Set<string>();
      for (const v of batch.values()) for (const n of Object.keys(v.attributes ?? {})) names.add(n);
      await this.ensureColumns(names);
      await writeBatch(this.#conn, this.#batchTables, { runId: runIdForRows, versions: [], current: batch });
      count += batch.size;
      batch = new Map();
    };
    for await (const item of this.stateAsOf(LATEST_VERSION_MS)) {
      if (item.damage !== undefined) {
        throw new Error(`${this.tables.history}: the latest version of item ${JSON.stringify(item.name)} is damaged (${item.damage}); repair or delete that row, then rebuild`);
      }
      batch.set(item.name, { itemName: item.name, validFrom: Date.parse(item.validFrom), stamp: item.lastModified, deleted: false, hash: item.hash, attributes: item.attributes });
      if (batch.size >= 500) await flush();
    }
    await flush();
    return count;
  }

  /** Number of rows: [history, current]. */
  async counts(): Promise<{ history: number; current: number }> {
    const [h] = await this.#conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${q(this.tables.history)}`);
    const [c] = await this.#conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${q(this.tables.current)}`);
    return { history: Number(h[0]!['n']), current: Number(c[0]!['n']) };
  }
}
