// A prune of the SimpleDB history (issue 12): the restore points of a domain (its successful
// runs), the record of each prune (kept points and window, in the prunes table, written before any
// row goes), the walk over a domain's items, and the removal of versions no kept point needs.
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { DomainPrune, DomainRunPoint, RemovedVersions } from '../types.ts';
import { quoteIdentifier as q } from './identifiers.ts';
import type { SystemTables } from './schema.ts';
import { fromSqlTime, sqlTime } from './sql-time.ts';

const IDS_PER_STATEMENT = 1000;

function missingTable(error: unknown): boolean {
  return (error as { code?: string }).code === 'ER_NO_SUCH_TABLE';
}

/** A domain's successful runs, oldest first (by their end). */
export async function runPoints(conn: Connection, t: SystemTables, domain: string): Promise<DomainRunPoint[]> {
  try {
    const [rows] = await conn.query<RowDataPacket[]>(
      `SELECT run_id, started_at, finished_at FROM ${q(t.runs)} WHERE domain = ? AND status = 'ok' AND finished_at IS NOT NULL ORDER BY finished_at, run_id`,
      [Buffer.from(domain, 'utf8')],
    );
    return rows.map((r) => ({ runId: String(r['run_id']), startedAt: fromSqlTime(String(r['started_at'])), finishedAt: fromSqlTime(String(r['finished_at'])) }));
  } catch (error) {
    if (missingTable(error)) return [];
    throw error;
  }
}

export async function recordPrune(conn: Connection, t: SystemTables, prune: DomainPrune): Promise<void> {
  await conn.query(`INSERT INTO ${q(t.prunes)} (prune_id, domain, pruned_at, window_start, points) VALUES (?, ?, ?, ?, ?)`, [
    prune.pruneId,
    Buffer.from(prune.domain, 'utf8'),
    sqlTime(prune.prunedAt),
    sqlTime(prune.windowStart),
    JSON.stringify(prune.points.map((p) => [p.runId, p.at])),
  ]);
}

/** The newest prune of a domain; a row that does not read back as one pullback wrote throws, naming the table. */
export async function latestPrune(conn: Connection, t: SystemTables, domain: string): Promise<DomainPrune | undefined> {
  let rows: RowDataPacket[];
  try {
    [rows] = await conn.query<RowDataPacket[]>(`SELECT prune_id, pruned_at, window_start, points FROM ${q(t.prunes)} WHERE domain = ? ORDER BY pruned_at DESC, prune_id DESC LIMIT 1`, [
      Buffer.from(domain, 'utf8'),
    ]);
  } catch (error) {
    if (missingTable(error)) return undefined;
    throw error;
  }
  const row = rows[0];
  if (!row) return undefined;
  let points: { runId: string; at: number }[];
  try {
    const raw = JSON.parse(String(row['points'])) as unknown;
    if (!Array.isArray(raw) || !raw.every((p) => Array.isArray(p) && typeof p[0] === 'string' && Number.isSafeInteger(p[1]))) throw new Error('not a list of [run id, time]');
    points = raw.map((p: [string, number]) => ({ runId: p[0], at: p[1] }));
  } catch (error) {
    throw new Error(`${t.prunes}: the prune ${String(row['prune_id'])} of domain ${domain} has damaged points (${(error as Error).message}); restore the row from a database backup`, { cause: error });
  }
  return { pruneId: String(row['prune_id']), domain, prunedAt: fromSqlTime(String(row['pruned_at'])), windowStart: fromSqlTime(String(row['window_start'])), points };
}

/** Item names of a domain's history after `after`, in byte order. */
export async function historyItemsAfter(conn: Connection, history: string, after: string | undefined, limit: number): Promise<string[]> {
  const [rows] = await conn.query<RowDataPacket[]>(`SELECT DISTINCT item_name FROM ${q(history)} WHERE item_name > ? ORDER BY item_name LIMIT ?`, [Buffer.from(after ?? '', 'utf8'), limit]);
  return rows.map((r) => (r['item_name'] as Buffer).toString('utf8'));
}

/** Removes versions by id, in one transaction, measuring what they held first. */
export async function removeVersions(conn: Connection, history: string, versionIds: readonly number[]): Promise<RemovedVersions> {
  const removed: RemovedVersions = { rows: 0, bytes: 0 };
  if (versionIds.length === 0) return removed;
  await conn.beginTransaction();
  try {
    for (let i = 0; i < versionIds.length; i += IDS_PER_STATEMENT) {
      const ids = versionIds.slice(i, i + IDS_PER_STATEMENT);
      const [size] = await conn.query<RowDataPacket[]>(
        `SELECT COALESCE(SUM(LENGTH(item_name) + COALESCE(LENGTH(attributes), 0)), 0) AS bytes FROM ${q(history)} WHERE version_id IN (?) FOR UPDATE`,
        [ids],
      );
      removed.bytes += Number(size[0]!['bytes']);
      const [result] = await conn.query(`DELETE FROM ${q(history)} WHERE version_id IN (?)`, [ids]);
      removed.rows += (result as { affectedRows: number }).affectedRows;
    }
    await conn.commit();
  } catch (error) {
    await conn.rollback().catch(() => undefined);
    throw error;
  }
  return removed;
}
