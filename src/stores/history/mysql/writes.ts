// One batch of a domain's history written in one transaction: the history rows (a version already
// there is left alone, by the unique key on item, time and content), the current-state rows of the
// items whose latest version changed (laid out by row-layout.ts), and the names a full scan saw.
// Statements are cut by rows and bytes so none comes near max_allowed_packet.
import type { Connection } from 'mysql2/promise';
import type { HistoryBatch, HistoryVersion } from '../types.ts';
import { quoteIdentifier as q } from './identifiers.ts';
import { layoutRow } from './row-layout.ts';
import { sqlTime } from './sql-time.ts';

const MAX_STATEMENT_BYTES = 4 * 1024 * 1024;
const MAX_STATEMENT_ROWS = 1000;
/** Placeholders a prepared statement may hold (the protocol's limit). */
const MAX_PARAMETERS = 65_535;
/** Statement bytes sent ahead of MySQL's answers, at most (StatementQueue). */
const MAX_QUEUED_BYTES = 3 * MAX_STATEMENT_BYTES;

/** A value of a statement's parameters (nested arrays: mysql2 expands them in SQL text). */
type HistoryParam = string | number | boolean | Buffer | null | HistoryParam[];

/** What the current state needs of a version (its origin is history-only). */
export type CurrentVersion = Omit<HistoryVersion, 'origin'>;

/** Where a batch goes. */
export interface BatchTables {
  history: string;
  current: string;
  /** The full-scan scratch table, and the domain its rows are for (as stored: UTF-8 bytes). */
  seen: { table: string; domain: Buffer };
  /** attribute name -> column (null or absent: `_overflow`). */
  columnOf: (name: string) => string | null | undefined;
  /** Every attribute column of the current-state table. */
  columns: () => Iterable<string>;
  /** In-row bytes for attribute columns per row. */
  rowBudget: number;
}

/**
 * The statements of one batch, sent as they are built: mysql2 queues each one on the connection at
 * once, so MySQL runs a statement while the next is escaped here. Their results are awaited
 * together; when one fails, the ones queued after it still run inside the transaction, which is
 * then rolled back as a whole.
 */
class StatementQueue {
  readonly #conn: Connection;
  readonly #pending: Promise<unknown>[] = [];
  /** Estimated bytes of the statements sent and not yet settled (each is held until it completes). */
  #queued = 0;

  constructor(conn: Connection) {
    this.#conn = conn;
  }

  /**
   * Sends a statement; `bytes` estimates its size (large items: only a few statements' worth wait
   * in memory at once). `prepared`: as a prepared statement (binary protocol: no escaping, no SQL
   * text of the values to build or parse), for the few shapes sent again and again.
   */
  async send(sql: string, values: HistoryParam[], bytes: number, prepared = false): Promise<void> {
    if (this.#queued > 0 && this.#queued + bytes > MAX_QUEUED_BYTES) await this.settle();
    this.#queued += bytes;
    const result = prepared ? this.#conn.execute(sql, values) : this.#conn.query(sql, values);
    // Seen by settle(); a rejection is never left unhandled while later statements are built.
    result.catch(() => undefined);
    this.#pending.push(result);
  }

  /** Waits for every statement sent; throws the first failure. */
  async settle(): Promise<void> {
    const results = await Promise.allSettled(this.#pending);
    this.#pending.length = 0;
    this.#queued = 0;
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/**
 * Connections with a batch's transaction open. A second batch begun on one of them would commit the
 * first half-written (MySQL's BEGIN commits what is open): refused instead, loudly. The writers of a
 * first run are meant to be on connections of their own (DomainHistory.concurrentWriter); a writer
 * handed the same connection twice (a wrapper that dropped the writer's index did) is a bug to see.
 */
const batchOpen = new WeakSet<Connection>();

/** Writes the batch in one transaction; attribute columns must exist first (AttributeColumns.ensure). */
export async function writeBatch(
  conn: Connection,
  tables: BatchTables,
  batch: Omit<HistoryBatch, 'current'> & { current: ReadonlyMap<string, CurrentVersion> },
  options: { beforeCommit?: () => Promise<void> | void; lockCheck?: () => Promise<void> } = {}): Promise<void> {
  // Nothing to write (a batch of unchanged items: most of an hourly run's): no transaction, two
  // round trips fewer. The hook still runs, so a batch still ends only after the one before it.
  if (batch.versions.length === 0 && batch.current.size === 0 && (batch.seen?.length ?? 0) === 0) {
    await options.beforeCommit?.();
    return;
  }
  if (batchOpen.has(conn)) throw new Error(`a batch was begun on MySQL connection ${conn.threadId} while another batch's transaction is open on it (it would have committed that batch half-written): nothing of this batch was written`);
  batchOpen.add(conn);
  try {
    await writeInTransaction(conn, tables, batch, options);
  } finally {
    batchOpen.delete(conn);
  }
}

async function writeInTransaction(
  conn: Connection,
  tables: BatchTables,
  batch: Omit<HistoryBatch, 'current'> & { current: ReadonlyMap<string, CurrentVersion> },
  options: { beforeCommit?: () => Promise<void> | void; lockCheck?: () => Promise<void> },
): Promise<void> {
  await conn.beginTransaction();
  const queue = new StatementQueue(conn);
  const encoded = new Map<CurrentVersion, Encoded>();
  // The run id is the same in every row: written into the prepared statements' text, it travels
  // once, when a statement is prepared, not with each of its rows (37 bytes twice an item).
  const runLiteral = conn.escape(batch.runId);
  try {
    await insertHistory(queue, tables.history, runLiteral, batch.versions, encoded);
    await replaceCurrent(queue, tables, runLiteral, batch.current, encoded);
    const seen = batch.seen ?? [];
    for (let i = 0; i < seen.length; i += MAX_STATEMENT_ROWS) {
      const rows = seen.slice(i, i + MAX_STATEMENT_ROWS).map((n) => [batch.runId, tables.seen.domain, Buffer.from(n, 'utf8')]);
      await queue.send(`INSERT INTO ${q(tables.seen.table)} (run_id, domain, item_name) VALUES ? ON DUPLICATE KEY UPDATE run_id = run_id`, [rows], rows.length * 2500);
    }
    await queue.settle();
    await options.beforeCommit?.();
    // Only a transaction that writes checks the lock (a session's): an empty batch costs nothing.
    await options.lockCheck?.();
    await conn.commit();
  } catch (err) {
    await queue.settle().catch(() => undefined);
    await conn.rollback().catch(() => undefined);
    throw err;
  }
}

/**
 * The values a version's history row and its current-state row share, encoded once: a batch's
 * current versions are (most of) its history versions, the same objects.
 */
interface Encoded {
  name: Buffer;
  time: string;
  hash: Buffer;
}

function encode(v: CurrentVersion, encoded: Map<CurrentVersion, Encoded>): Encoded {
  let e = encoded.get(v);
  if (e === undefined) {
    e = { name: Buffer.from(v.itemName, 'utf8'), time: sqlTime(v.validFrom), hash: Buffer.from(v.hash, 'hex') };
    encoded.set(v, e);
  }
  return e;
}

/** Rows of a history statement, at most (a power of two, under MAX_STATEMENT_ROWS). */
const MAX_HISTORY_ROWS = 512;

/**
 * The rows of the next statement of a prepared shape: the smallest power of two that holds the
 * `left` rows still to send, at most `max` (a power of two). A connection keeps few shapes, and a
 * batch goes in few statements (each one a round trip: mysql2 sends a command only once the one
 * before it answered): 500 rows are one statement of 512, not six of 256, 128, ... 4. Rows too
 * large to copy go as before, in powers of two.
 */
function statementRows(left: number, max: number, rowBytes: number): number {
  let size = 1;
  while (size < left && size < max) size *= 2;
  if (size <= left || size * rowBytes <= MAX_STATEMENT_BYTES) return size;
  // Large rows: copies would make the statement too big; the largest power of two under `left`.
  size = 1;
  while (size * 2 <= left) size *= 2;
  return size;
}

/**
 * `rows` (at least one) filled up to `size` with copies of its last row: a copy changes nothing
 * (a history row already there is left alone by the unique key on item, time and content; a
 * current-state row replaced by the same row again is the same row).
 */
function padded<T>(rows: T[], size: number): T[] {
  const last = rows[rows.length - 1]!;
  while (rows.length < size) rows.push(last);
  return rows;
}

/** Parameters of a history row (historyInsert's columns but the run id). */
const HISTORY_COLUMNS = 7;

/** The history insert of `rows` rows, with placeholders (a prepared statement); `runLiteral` is the run id as SQL. */
function historyInsert(table: string, rows: number, runLiteral: string): string {
  return `INSERT INTO ${q(table)} (item_name, valid_from, last_modified, deleted, origin, content_hash, attributes, run_id) VALUES ${Array<string>(rows).fill(`(?,?,?,?,?,?,?,${runLiteral})`).join(',')}
       ON DUPLICATE KEY UPDATE version_id = version_id`;
}

/**
 * History rows go as prepared statements: the binary protocol spares the client the escaping and
 * the server the parsing of every value (about 4x less client CPU per statement than SQL text).
 * Statements hold a power of two of rows, so a connection prepares at most ten shapes per table
 * (connection.ts bounds how many it keeps).
 */
async function insertHistory(queue: StatementQueue, table: string, runLiteral: string, versions: readonly HistoryVersion[], encoded: Map<CurrentVersion, Encoded>): Promise<void> {
  /** The rows' parameters, HISTORY_COLUMNS a row, flat as the statement takes them. */
  let rows: HistoryParam[] = [];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    const count = rows.length / HISTORY_COLUMNS;
    for (let i = 0; i < count; ) {
      const size = statementRows(count - i, MAX_HISTORY_ROWS, bytes / count);
      const chunk = rows.slice(i * HISTORY_COLUMNS, (i + size) * HISTORY_COLUMNS);
      // Padded with copies of the chunk's last row (see padded()).
      const last = chunk.length - HISTORY_COLUMNS;
      while (chunk.length < size * HISTORY_COLUMNS) for (let k = 0; k < HISTORY_COLUMNS; k++) chunk.push(chunk[last + k]!);
      await queue.send(historyInsert(table, size, runLiteral), chunk, (bytes * size) / count, true);
      i += Math.min(size, count - i);
    }
    rows = [];
    bytes = 0;
  };
  for (const v of versions) {
    const json = v.attributes === null ? null : JSON.stringify(v.attributes);
    const e = encode(v, encoded);
    // `deleted` as a boolean: mysql2 sends it as one byte, where a number goes as an 8-byte double.
    rows.push(e.name, e.time, v.stamp, v.deleted, v.origin, e.hash, json);
    bytes += (json?.length ?? 0) * 2 + v.itemName.length * 3 + 200;
    if (rows.length >= MAX_HISTORY_ROWS * HISTORY_COLUMNS || bytes >= MAX_STATEMENT_BYTES) await flush();
  }
  await flush();
}

/**
 * The current-state rows of these items: a deleted item's row is deleted, a live item's row is
 * replaced whole (REPLACE: the old row, if any, goes and the new one has only the new item's
 * columns, the others NULL).
 */
async function replaceCurrent(queue: StatementQueue, tables: BatchTables, runLiteral: string, current: ReadonlyMap<string, CurrentVersion>, encoded: Map<CurrentVersion, Encoded>): Promise<void> {
  const gone: Buffer[] = [];
  for (const v of current.values()) if (v.deleted || v.attributes === null) gone.push(Buffer.from(v.itemName, 'utf8'));
  for (let i = 0; i < gone.length; i += MAX_STATEMENT_ROWS) {
    await queue.send(`DELETE FROM ${q(tables.current)} WHERE _item IN (?)`, [gone.slice(i, i + MAX_STATEMENT_ROWS)], MAX_STATEMENT_ROWS * 2100);
  }
  let pending: { fixed: HistoryParam[]; columns: Map<string, string> }[] = [];
  let bytes = 0;
  // Every row names every attribute column (REPLACE leaves the ones not named NULL anyway), so the
  // statement's shape is the table's, not the batch's: a handful of prepared statements per table.
  const columns = [...tables.columns()].sort();
  const head = ['_item', '_valid_from', '_last_modified', '_hash', '_overflow', ...columns, '_run_id'].map(q).join(', ');
  const row = `(${Array<string>(5 + columns.length).fill('?').join(',')},${runLiteral})`;
  let maxRows = 1;
  while (maxRows * 2 <= Math.min(MAX_STATEMENT_ROWS, Math.floor(MAX_PARAMETERS / (5 + columns.length)))) maxRows *= 2;
  const flush = async (): Promise<void> => {
    for (let i = 0; i < pending.length; ) {
      const size = statementRows(pending.length - i, maxRows, bytes / pending.length);
      const params: HistoryParam[] = [];
      for (const p of padded(pending.slice(i, i + size), size)) {
        params.push(...p.fixed);
        for (const c of columns) params.push(p.columns.get(c) ?? null);
      }
      await queue.send(`REPLACE INTO ${q(tables.current)} (${head}) VALUES ${Array<string>(size).fill(row).join(',')}`, params, (bytes * size) / pending.length, true);
      i += size;
    }
    pending = [];
    bytes = 0;
  };
  for (const v of current.values()) {
    if (v.deleted || v.attributes === null) continue;
    const layout = layoutRow(v.attributes, tables.columnOf, tables.rowBudget);
    const overflow = layout.overflow === undefined ? null : JSON.stringify(layout.overflow);
    const e = encode(v, encoded);
    pending.push({
      fixed: [e.name, e.time, v.stamp, e.hash, overflow],
      columns: layout.columns,
    });
    let size = (overflow?.length ?? 0) * 2 + v.itemName.length * 3 + 200;
    for (const text of layout.columns.values()) size += text.length * 2 + 8;
    bytes += size;
    if (pending.length >= maxRows || bytes >= MAX_STATEMENT_BYTES) await flush();
  }
  await flush();
}
