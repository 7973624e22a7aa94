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

/** What the current state needs of a version (its origin is history-only). */
export type CurrentVersion = Omit<HistoryVersion, 'origin'>;

/** Where a batch goes. */
export interface BatchTables {
  history: string;
  current: string;
  /** The full-scan scratch table. */
  seen: string;
  /** attribute name -> column (null or absent: `_overflow`). */
  columnOf: (name: string) => string | null | undefined;
  /** In-row bytes for attribute columns per row. */
  rowBudget: number;
}

/** Writes the batch in one transaction; attribute columns must exist first (AttributeColumns.ensure). */
export async function writeBatch(
  conn: Connection,
  tables: BatchTables,
  batch: Omit<HistoryBatch, 'current'> & { current: ReadonlyMap<string, CurrentVersion> },
  options: { beforeCommit?: () => Promise<void> | void } = {}): Promise<void> {
  await conn.beginTransaction();
  try {
    await insertHistory(conn, tables.history, batch.runId, batch.versions);
    await replaceCurrent(conn, tables, batch.runId, batch.current);
    const seen = batch.seen ?? [];
    for (let i = 0; i < seen.length; i += MAX_STATEMENT_ROWS) {
      const rows = seen.slice(i, i + MAX_STATEMENT_ROWS).map((n) => [batch.runId, Buffer.from(n, 'utf8')]);
      await conn.query(`INSERT INTO ${q(tables.seen)} (run_id, item_name) VALUES ? ON DUPLICATE KEY UPDATE run_id = run_id`, [rows]);
    }
    await options.beforeCommit?.();
    await conn.commit();
  } catch (err) {
    await conn.rollback().catch(() => undefined);
    throw err;
  }
}

async function insertHistory(conn: Connection, table: string, runId: string, versions: readonly HistoryVersion[]): Promise<void> {
  let rows: unknown[][] = [];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (rows.length === 0) return;
    await conn.query(
      `INSERT INTO ${q(table)} (item_name, valid_from, last_modified, deleted, origin, run_id, content_hash, attributes) VALUES ?
       ON DUPLICATE KEY UPDATE version_id = version_id`,
      [rows],
    );
    rows = [];
    bytes = 0;
  };
  for (const v of versions) {
    const json = v.attributes === null ? null : JSON.stringify(v.attributes);
    rows.push([Buffer.from(v.itemName, 'utf8'), sqlTime(v.validFrom), v.stamp, v.deleted ? 1 : 0, v.origin, runId, Buffer.from(v.hash, 'hex'), json]);
    bytes += (json?.length ?? 0) * 2 + v.itemName.length * 3 + 200;
    if (rows.length >= MAX_STATEMENT_ROWS || bytes >= MAX_STATEMENT_BYTES) await flush();
  }
  await flush();
}

/** The current-state rows of these items are deleted, then those of the live ones inserted. */
async function replaceCurrent(conn: Connection, tables: BatchTables, runId: string, current: ReadonlyMap<string, CurrentVersion>): Promise<void> {
  const names = [...current.keys()].map((n) => Buffer.from(n, 'utf8'));
  for (let i = 0; i < names.length; i += MAX_STATEMENT_ROWS) {
    await conn.query(`DELETE FROM ${q(tables.current)} WHERE _item IN (?)`, [names.slice(i, i + MAX_STATEMENT_ROWS)]);
  }
  let pending: { fixed: unknown[]; columns: Map<string, string> }[] = [];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const columnSet = new Set<string>();
    for (const p of pending) for (const c of p.columns.keys()) columnSet.add(c);
    const columns = [...columnSet];
    const head = ['_item', '_valid_from', '_last_modified', '_hash', '_run_id', '_overflow', ...columns].map(q).join(', ');
    const rows = pending.map((p) => [...p.fixed, ...columns.map((c) => p.columns.get(c) ?? null)]);
    await conn.query(`INSERT INTO ${q(tables.current)} (${head}) VALUES ?`, [rows]);
    pending = [];
    bytes = 0;
  };
  for (const v of current.values()) {
    if (v.deleted || v.attributes === null) continue;
    const layout = layoutRow(v.attributes, tables.columnOf, tables.rowBudget);
    const overflow = layout.overflow === undefined ? null : JSON.stringify(layout.overflow);
    pending.push({
      fixed: [Buffer.from(v.itemName, 'utf8'), sqlTime(v.validFrom), v.stamp, Buffer.from(v.hash, 'hex'), runId, overflow],
      columns: layout.columns,
    });
    let size = (overflow?.length ?? 0) * 2 + v.itemName.length * 3 + 200;
    for (const text of layout.columns.values()) size += text.length * 2 + 8;
    bytes += size;
    if (pending.length >= MAX_STATEMENT_ROWS || bytes >= MAX_STATEMENT_BYTES) await flush();
  }
  await flush();
}
