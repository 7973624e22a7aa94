// The MySQL schema of the SimpleDB history: four system tables per table prefix (runs, the domain
// and column mappings, the full-scan scratch table) and, per domain, a history table (the source of
// truth), a readable current-state table and a view of every version with its validity interval.
// All DDL is accepted by MariaDB 10.11 and MySQL 8; identifiers are quoted by identifiers.ts.
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { DomainTableNames } from '../types.ts';
import { quoteIdentifier as q } from './identifiers.ts';

/** Every attribute column of a current-state table. */
export const COLUMN_TYPE = 'MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL';
const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC';

/** Room for the longest suffix (`__versions`) after prefix and base in a 64-character identifier. */
export const SUFFIX_ROOM = 10;

export interface SystemTables {
  runs: string;
  domains: string;
  columns: string;
  seen: string;
  /** One row per domain and prune: the restore points kept and the window (issue 12). */
  prunes: string;
}

export function systemTableNames(prefix: string): SystemTables {
  return { runs: `${prefix}_runs`, domains: `${prefix}_domains`, columns: `${prefix}_columns`, seen: `${prefix}_seen`, prunes: `${prefix}_prunes` };
}

/** A domain's tables, from the prefix and the table base allocated to the domain. */
export function domainTableNames(prefix: string, base: string): DomainTableNames {
  return { current: `${prefix}${base}`, history: `${prefix}${base}__history`, versions: `${prefix}${base}__versions` };
}

/**
 * A table name as this server compares it: exactly where lower_case_table_names is 0 (Linux's
 * default: `SDB__runs` and `sdb__runs` are two tables, and prefixes may hold upper-case letters),
 * lower-cased otherwise. information_schema's `TABLE_NAME IN (...)` matches without regard to case
 * on MariaDB whatever the setting, so its answer is filtered with this.
 */
function tableKey(name: string, lowerCaseNames: number): string {
  return lowerCaseNames === 0 ? name : name.toLowerCase();
}

/**
 * Which of these tables and views exist and, with `columnsOf`, that table's columns and those of
 * its primary key (lower-cased; undefined when it does not exist): one statement, where a
 * CREATE ... IF NOT EXISTS of each, and a read of the columns, were a round trip each on every run.
 * Existence comes from TABLES, which lists a view whose table is gone (COLUMNS leaves it out on
 * MariaDB); the columns from COLUMNS by the exact name (`=` matches exactly where IN does not). A
 * name reported missing is created with IF NOT EXISTS, so a wrong answer (a table the user may not
 * see) costs a statement, never a table.
 */
async function lookUpTables(
  conn: Connection,
  names: readonly string[],
  columnsOf?: string,
): Promise<{ has: (name: string) => boolean; columns: Set<string> | undefined; primaryKey: Set<string> | undefined }> {
  const tables = 'SELECT TABLE_NAME AS t, NULL AS c, @@lower_case_table_names AS l, NULL AS k FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (?)';
  const columns = 'SELECT TABLE_NAME, COLUMN_NAME, @@lower_case_table_names, COLUMN_KEY FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?';
  const [rows] = await conn.query<RowDataPacket[]>(columnsOf === undefined ? tables : `${tables} UNION ALL ${columns}`, columnsOf === undefined ? [names] : [names, columnsOf]);
  const lower = rows.length > 0 ? Number(rows[0]!['l']) : 0;
  const found = new Set<string>();
  const columnSet = new Set<string>();
  const keySet = new Set<string>();
  for (const r of rows) {
    if (r['c'] === null) found.add(tableKey(String(r['t']), lower));
    else if (tableKey(String(r['t']), lower) === tableKey(columnsOf!, lower)) {
      columnSet.add(String(r['c']).toLowerCase());
      if (r['k'] === 'PRI') keySet.add(String(r['c']).toLowerCase());
    }
  }
  const has = (name: string) => found.has(tableKey(name, lower));
  const known = columnsOf !== undefined && has(columnsOf) && columnSet.size > 0;
  return { has, columns: known ? columnSet : undefined, primaryKey: known ? keySet : undefined };
}

/** Creates the system tables when missing. */
export async function createSystemTables(conn: Connection, t: SystemTables, log: (line: string) => void = () => undefined): Promise<void> {
  // The seen table's columns and primary key come with the same statement: one made before it was
  // keyed by domain is brought up to date below.
  const existing = await lookUpTables(conn, [t.runs, t.domains, t.columns, t.seen, t.prunes], t.seen);
  const missing = (table: string) => !existing.has(table);
  if (missing(t.runs)) await conn.query(`CREATE TABLE IF NOT EXISTS ${q(t.runs)} (
    run_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    domain VARBINARY(255) NOT NULL,
    mode VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    status VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    started_at DATETIME(3) NOT NULL,
    finished_at DATETIME(3) NULL,
    watermark_before VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NULL,
    watermark_after VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NULL,
    items_read BIGINT NOT NULL DEFAULT 0,
    versions_written BIGINT NOT NULL DEFAULT 0,
    tombstones BIGINT NOT NULL DEFAULT 0,
    unchanged BIGINT NOT NULL DEFAULT 0,
    error TEXT NULL,
    PRIMARY KEY (run_id, domain),
    KEY ix_domain_status (domain, status)
  ) ${TABLE_OPTIONS}`);
  if (missing(t.domains)) await conn.query(`CREATE TABLE IF NOT EXISTS ${q(t.domains)} (
    domain VARBINARY(255) NOT NULL,
    table_base VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (domain)
  ) ${TABLE_OPTIONS}`);
  if (missing(t.columns)) await conn.query(`CREATE TABLE IF NOT EXISTS ${q(t.columns)} (
    domain VARBINARY(255) NOT NULL,
    attribute_name VARBINARY(1024) NOT NULL,
    column_name VARCHAR(64) NULL,
    created_at DATETIME(3) NOT NULL,
    PRIMARY KEY (domain, attribute_name)
  ) ${TABLE_OPTIONS}`);
  // Scratch space of full scans: the item names each domain's scan saw in a run, read once the
  // scan is over (the items it did not see were deleted) and cleared then. Keyed by domain too, so
  // full scans of several domains can run at once (their item names may be the same).
  // `domain` defaults to '' for what an older pullback, which does not name it, still writes.
  if (missing(t.seen)) await conn.query(`CREATE TABLE IF NOT EXISTS ${q(t.seen)} (
    run_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    domain VARBINARY(255) NOT NULL DEFAULT '',
    item_name VARBINARY(1024) NOT NULL,
    PRIMARY KEY (run_id, domain, item_name)
  ) ${TABLE_OPTIONS}`);
  else if (existing.primaryKey !== undefined && !existing.primaryKey.has('domain')) await keySeenByDomain(conn, t.seen, existing.columns!.has('domain'), log);
  if (missing(t.prunes)) await conn.query(`CREATE TABLE IF NOT EXISTS ${q(t.prunes)} (
    prune_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    domain VARBINARY(255) NOT NULL,
    pruned_at DATETIME(3) NOT NULL,
    window_start DATETIME(3) NOT NULL,
    points LONGTEXT CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    PRIMARY KEY (domain, prune_id)
  ) ${TABLE_OPTIONS}`);
}

/**
 * Brings a seen table of pullback 0.1.0 (keyed by run and item name only) to the current layout,
 * once; only the holder of the backup lock calls this, before its run writes anything. Also mends
 * one that has the column but not the key (a hand edit, an ALTER cut off on a server without
 * atomic DDL): with the old key, two domains' scans of one run would share a name's row, and each
 * would check the other's live items one by one. The rows in it are scratch of runs no longer
 * alive (a run clears its own; the lock excludes any other), so they are deleted first: the ALTER
 * then copies nothing, and cannot fail on a duplicate.
 */
async function keySeenByDomain(conn: Connection, seen: string, hasColumn: boolean, log: (line: string) => void): Promise<void> {
  log(`${seen}: keying the full-scan scratch table by domain too (a one-time upgrade of a table made by pullback 0.1.0); its leftover rows, of runs no longer alive, are deleted first`);
  try {
    await conn.query(`DELETE FROM ${q(seen)}`);
    const column = hasColumn ? '' : "ADD COLUMN domain VARBINARY(255) NOT NULL DEFAULT '' AFTER run_id, ";
    await conn.query(`ALTER TABLE ${q(seen)} ${column}DROP PRIMARY KEY, ADD PRIMARY KEY (run_id, domain, item_name)`);
  } catch (err) {
    throw new Error(
      `could not upgrade ${seen} (the full-scan scratch table) to its current layout (${(err as Error).message}); nothing was backed up. ` +
        `Check that the MySQL user may DELETE from and ALTER it, or drop the table (it holds no backup data: the next backup creates it again), and run the backup again`,
      { cause: err },
    );
  }
}

/** Whether the system tables exist (a database never backed up into has none). */
export async function hasSystemTables(conn: Connection, t: SystemTables): Promise<boolean> {
  const [rows] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [t.runs]);
  return Number(rows[0]!['n']) > 0;
}

/**
 * Creates a domain's history table, current-state table (no attribute columns yet) and versions
 * view when missing. Returns the current-state table's columns (lower-cased) when it was there
 * already, read by the same statement that found which exist (AttributeColumns.repair would
 * otherwise read them again), or undefined when it was just created.
 */
export async function createDomainTables(conn: Connection, names: DomainTableNames): Promise<Set<string> | undefined> {
  const existing = await lookUpTables(conn, [names.history, names.current, names.versions], names.current);
  const missing = (table: string) => !existing.has(table);
  if (missing(names.history)) await conn.query(`CREATE TABLE IF NOT EXISTS ${q(names.history)} (
    version_id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    item_name VARBINARY(1024) NOT NULL,
    valid_from DATETIME(3) NOT NULL,
    last_modified VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NULL,
    deleted TINYINT(1) NOT NULL DEFAULT 0,
    origin VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    run_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    content_hash BINARY(32) NOT NULL,
    attributes JSON NULL,
    PRIMARY KEY (version_id),
    UNIQUE KEY uq_item_version (item_name, valid_from, content_hash),
    KEY ix_run (run_id)
  ) ${TABLE_OPTIONS}`);
  if (missing(names.current)) await conn.query(`CREATE TABLE IF NOT EXISTS ${q(names.current)} (
    _item VARBINARY(1024) NOT NULL,
    _name VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin AS (CONVERT(_item USING utf8mb4)) VIRTUAL,
    _valid_from DATETIME(3) NOT NULL,
    _last_modified VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NULL,
    _hash BINARY(32) NOT NULL,
    _run_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    _overflow JSON NULL,
    PRIMARY KEY (_item)
  ) ${TABLE_OPTIONS}`);
  if (missing(names.versions)) {
    await conn.query(`CREATE VIEW ${q(names.versions)} AS
      SELECT version_id, item_name, CONVERT(item_name USING utf8mb4) AS item, valid_from,
        LEAD(valid_from) OVER (PARTITION BY item_name ORDER BY valid_from, version_id) AS valid_to,
        deleted, origin, last_modified, run_id, attributes
      FROM ${q(names.history)}`);
  }
  return existing.columns;
}

/** The columns a table has, lower-cased (identifiers compare case-insensitively). */
export async function tableColumns(conn: Connection, table: string): Promise<Set<string>> {
  const [rows] = await conn.query<RowDataPacket[]>('SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', [table]);
  return new Set(rows.map((r) => String(r['c']).toLowerCase()));
}
