// The runs table and the lock: one row per run and domain (running, then ok or failed), the
// watermarks and backup periods read from the successful rows, and a server-wide named lock so two
// backups never write the same tables at once. Every value is a bound parameter.
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import type { BackedUpDomain, DomainRunFailure, DomainRunStart, DomainRunSuccess, DomainWatermark } from '../types.ts';
import { quoteIdentifier as q } from './identifiers.ts';
import { hasSystemTables, type SystemTables } from './schema.ts';
import { fromSqlTime, sqlTime } from './sql-time.ts';

/** Lock names are at most 64 characters on MySQL 8: a hash of database and prefix. */
const LOCK_NAME = "CONCAT('pullback:', LEFT(SHA2(CONCAT(DATABASE(), '/', ?), 256), 40))";

/** The longest error text kept in a runs row. */
const MAX_ERROR_CHARS = 60000;

/** Takes the lock of this database and prefix for this session; false when another session holds it. */
export async function takeLock(conn: Connection, prefix: string): Promise<boolean> {
  const [rows] = await conn.query<RowDataPacket[]>(`SELECT GET_LOCK(${LOCK_NAME}, 0) AS got`, [prefix]);
  return Number(rows[0]!['got']) === 1;
}

/** The thread id of the session holding the lock of this database and prefix, or undefined when none does. */
export async function lockHolder(conn: Connection, prefix: string): Promise<number | undefined> {
  const [rows] = await conn.query<RowDataPacket[]>(`SELECT IS_USED_LOCK(${LOCK_NAME}) AS holder`, [prefix]);
  const holder = rows[0]?.['holder'] as string | number | null | undefined;
  return holder === null || holder === undefined ? undefined : Number(holder);
}

/**
 * The backup's lock is no longer held by the connection that took it (that connection died, and
 * another backup may hold it now): nothing more may be written. A run stops at it, as at a lost
 * connection.
 */
export class LockLostError extends Error {
  constructor(prefix: string, holder: number | undefined, consequence: string) {
    super(`the backup's lock on tables ${prefix}* is no longer held by its first MySQL connection (${holder === undefined ? 'nobody holds it' : 'another session holds it'}): ${consequence}`);
    this.name = 'LockLostError';
  }
}

export async function releaseLock(conn: Connection, prefix: string): Promise<void> {
  await conn.query(`SELECT RELEASE_LOCK(${LOCK_NAME})`, [prefix]);
}

function domainKey(domain: string): Buffer {
  return Buffer.from(domain, 'utf8');
}

export async function insertRun(conn: Connection, t: SystemTables, run: DomainRunStart): Promise<void> {
  await conn.query(`INSERT INTO ${q(t.runs)} (run_id, domain, mode, status, started_at, watermark_before) VALUES (?, ?, ?, 'running', ?, ?)`, [
    run.runId,
    domainKey(run.domain),
    run.mode,
    sqlTime(run.startedAt),
    run.watermarkBefore ?? null,
  ]);
}

export async function markRunSucceeded(conn: Connection, t: SystemTables, run: DomainRunSuccess): Promise<void> {
  const c = run.counts;
  await conn.query(
    `UPDATE ${q(t.runs)} SET status = 'ok', finished_at = ?, watermark_after = ?, items_read = ?, versions_written = ?, tombstones = ?, unchanged = ?
     WHERE run_id = ? AND domain = ?`,
    [sqlTime(run.finishedAt), run.watermarkAfter ?? null, c.itemsRead, c.versionsWritten, c.tombstones, c.unchanged, run.runId, domainKey(run.domain)],
  );
}

export async function markRunFailed(conn: Connection, t: SystemTables, run: DomainRunFailure): Promise<void> {
  const c = run.counts;
  await conn.query(
    `UPDATE ${q(t.runs)} SET status = 'failed', finished_at = ?, error = ?, items_read = ?, versions_written = ?, tombstones = ?, unchanged = ?
     WHERE run_id = ? AND domain = ?`,
    [sqlTime(run.finishedAt), run.error.slice(0, MAX_ERROR_CHARS), c.itemsRead, c.versionsWritten, c.tombstones, c.unchanged, run.runId, domainKey(run.domain)],
  );
}

/**
 * Runs left `running` by a process that died (killed, or its MySQL connection cut) are marked
 * `failed`: only the holder of the lock calls this, so no live run is among them. Their
 * committed batches stay (each was one transaction); their watermark never counted.
 */
export async function settleInterruptedRuns(conn: Connection, t: SystemTables, finishedAt: number): Promise<number> {
  const [result] = await conn.query<ResultSetHeader>(
    `UPDATE ${q(t.runs)} SET status = 'failed', finished_at = ?, error = 'interrupted: the run ended without finishing (process killed or MySQL connection lost); a later run redid its work'
     WHERE status = 'running'`,
    [sqlTime(finishedAt)],
  );
  return result.affectedRows;
}

/** Forgets every name in the seen table: only the lock holder calls this, before its run writes any. */
export async function clearAllSeen(conn: Connection, t: SystemTables): Promise<void> {
  await conn.query(`DELETE FROM ${q(t.seen)}`);
}

/** Forgets the item names a domain's full scan recorded (the seen table is scratch space of one run). */
export async function clearSeen(conn: Connection, t: SystemTables, runId: string, domain: string): Promise<void> {
  await conn.query(`DELETE FROM ${q(t.seen)} WHERE run_id = ? AND domain = ?`, [runId, domainKey(domain)]);
}

/**
 * Per domain: the watermark the successful runs reached, and the last of them (the latest to
 * finish; a tie goes to the greater run id). One statement for every domain, where it took one
 * more per domain. `tablesExist`: as findTableBase's.
 */
export async function readWatermarks(conn: Connection, t: SystemTables, tablesExist = false): Promise<Map<string, DomainWatermark>> {
  const out = new Map<string, DomainWatermark>();
  if (!tablesExist && !(await hasSystemTables(conn, t))) return out;
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT domain, watermark, finished_at AS finished, run_id FROM (
       SELECT domain, run_id, finished_at,
         MAX(watermark_after) OVER (PARTITION BY domain) AS watermark,
         ROW_NUMBER() OVER (PARTITION BY domain ORDER BY finished_at DESC, run_id DESC) AS n
       FROM ${q(t.runs)} WHERE status = 'ok'
     ) latest WHERE n = 1`,
  );
  for (const r of rows) {
    const domain = (r['domain'] as Buffer).toString('utf8');
    out.set(domain, {
      domain,
      watermark: (r['watermark'] as string | null) ?? undefined,
      lastRunId: String(r['run_id'] ?? ''),
      lastFinishedAt: new Date(fromSqlTime(String(r['finished']))).toISOString(),
    });
  }
  return out;
}

/** The backed-up domains and when each was first and last backed up (successful runs only). */
export async function backedUpDomains(conn: Connection, t: SystemTables): Promise<Map<string, BackedUpDomain>> {
  const found = new Map<string, BackedUpDomain>();
  let rows: RowDataPacket[];
  try {
    [rows] = await conn.query<RowDataPacket[]>(`SELECT domain, MIN(started_at) AS first, MAX(finished_at) AS last FROM ${q(t.runs)} WHERE status = 'ok' GROUP BY domain`);
  } catch (error) {
    if ((error as { code?: string }).code === 'ER_NO_SUCH_TABLE') return found;
    throw error;
  }
  for (const row of rows) found.set((row['domain'] as Buffer).toString('utf8'), { first: fromSqlTime(String(row['first'])), last: fromSqlTime(String(row['last'])) });
  return found;
}
