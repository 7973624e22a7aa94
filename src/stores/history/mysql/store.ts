// The MySQL side of the SimpleDB backup: system tables (runs, domain and column mappings, the
// full-scan scratch table), one history table and one readable current-state table per domain,
// batched transactional writes, and AS OF reads. All SQL is accepted by MariaDB 10.11 and MySQL 8;
// identifiers come from identifiers.ts, every value is a bound parameter.
import type { Connection, ResultSetHeader, RowDataPacket } from 'mysql2/promise';
import { decodeAttributes, decodeItemName } from './history-row.ts';
import { allocateIdentifier, quoteIdentifier as q } from './identifiers.ts';
import { DEFAULT_MAX_ATTRIBUTE_COLUMNS, DEFAULT_ROW_BUDGET, layoutRow, type AttributeMap } from './row-layout.ts';

/** A version as written to the history (structurally the planner's NewVersion). */
export interface HistoryVersion {
  itemName: string;
  validFrom: number;
  stamp: string | null;
  deleted: boolean;
  origin: string;
  hash: string;
  attributes: AttributeMap | null;
}

/** A version already in the history, for planning. */
export interface StoredVersion {
  validFrom: number;
  versionId: number;
  hash: string;
  deleted: boolean;
}

export interface StoreOptions {
  /** Prefix of every table (default `sdb_`). */
  tablePrefix?: string;
  /** Attribute columns per current-state table before new attributes go to `_overflow` (default 250). */
  maxAttributeColumns?: number;
  /** In-row bytes for attribute columns per row (default 5600). */
  rowBudget?: number;
  log?: (line: string) => void;
}

export interface RunRecord {
  runId: string;
  domain: string;
  mode: string;
  startedAt: number;
  watermarkBefore: string | undefined;
}

export interface RunCounts {
  itemsRead: number;
  versionsWritten: number;
  tombstones: number;
  unchanged: number;
}

/** The stored state of a domain's backups, from the runs table. */
export interface DomainWatermark {
  domain: string;
  /** The highest watermark a successful run reached (undefined when none reached one). */
  watermark: string | undefined;
  /** The last successful run. */
  lastRunId: string;
  lastFinishedAt: string;
}

/** MySQL datetime(3) text of a time (UTC). */
export function sqlTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
/** ms of a MySQL datetime(3) text read back (the session time zone is UTC). */
export function fromSqlTime(text: string): number {
  return Date.parse(text.replace(' ', 'T') + 'Z');
}

const MAX_STATEMENT_BYTES = 4 * 1024 * 1024;
const MAX_STATEMENT_ROWS = 1000;
const COLUMN_TYPE = 'MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL';
const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin ROW_FORMAT=DYNAMIC';
/** Lock names are at most 64 characters on MySQL 8: a hash of database and prefix. */
const LOCK_NAME = "CONCAT('pullback:', LEFT(SHA2(CONCAT(DATABASE(), '/', ?), 256), 40))";
/** Room for the longest suffix (`__versions`) after prefix and base. */
const SUFFIX_ROOM = 10;

export function systemTableNames(prefix: string): { runs: string; domains: string; columns: string; seen: string } {
  return { runs: `${prefix}_runs`, domains: `${prefix}_domains`, columns: `${prefix}_columns`, seen: `${prefix}_seen` };
}

/** Privileges the backup needs on its database. */
export const REQUIRED_PRIVILEGES = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'CREATE', 'ALTER', 'CREATE VIEW'] as const;

/**
 * The privileges of REQUIRED_PRIVILEGES the current user lacks on `database`, from SHOW GRANTS;
 * undefined when the grants cannot be judged (roles, proxies): the caller then proceeds.
 */
export async function missingPrivileges(conn: Connection, database: string): Promise<string[] | undefined> {
  const [rows] = await conn.query<RowDataPacket[]>('SHOW GRANTS');
  const lines = rows.map((r) => String(Object.values(r)[0]));
  return missingFromGrants(lines, database);
}

/** Pure part of missingPrivileges. */
export function missingFromGrants(lines: readonly string[], database: string): string[] | undefined {
  const have = new Set<string>();
  let unsure = false;
  for (const line of lines) {
    const m = /^GRANT (.+?) ON (\S+) TO /i.exec(line);
    if (!m) {
      if (/^GRANT /i.test(line)) unsure = true; // a role grant: its privileges are not listed here
      continue;
    }
    const target = m[2]!;
    const dbPart = target.split('.')[0]!;
    const tablePart = target.slice(dbPart.length + 1);
    if (tablePart !== '*') continue;
    const applies = dbPart === '*' || matchesDbPattern(dbPart.replace(/^`|`$/g, '').replaceAll('``', '`'), database);
    if (!applies) continue;
    for (const p of m[1]!.split(',').map((s) => s.trim().toUpperCase())) {
      if (p === 'ALL' || p === 'ALL PRIVILEGES') for (const r of REQUIRED_PRIVILEGES) have.add(r);
      else have.add(p.replace(/\s+/g, ' '));
    }
  }
  const missing = REQUIRED_PRIVILEGES.filter((p) => !have.has(p));
  if (missing.length > 0 && unsure) return undefined;
  return missing;
}

function matchesDbPattern(pattern: string, database: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (ch === '_') re += '.';
    else if (ch === '%') re += '.*';
    else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`, 's').test(database);
}
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class SdbMySqlStore {
  readonly conn: Connection;
  readonly prefix: string;
  readonly tables: ReturnType<typeof systemTableNames>;
  readonly maxAttributeColumns: number;
  readonly rowBudget: number;
  readonly log: (line: string) => void;

  constructor(conn: Connection, options: StoreOptions = {}) {
    this.conn = conn;
    this.prefix = options.tablePrefix ?? 'sdb_';
    this.tables = systemTableNames(this.prefix);
    this.maxAttributeColumns = options.maxAttributeColumns ?? DEFAULT_MAX_ATTRIBUTE_COLUMNS;
    this.rowBudget = options.rowBudget ?? DEFAULT_ROW_BUDGET;
    this.log = options.log ?? (() => undefined);
  }

  /** Creates the system tables when missing. */
  async ensureSystemTables(): Promise<void> {
    const t = this.tables;
    await this.conn.query(`CREATE TABLE IF NOT EXISTS ${q(t.runs)} (
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
    await this.conn.query(`CREATE TABLE IF NOT EXISTS ${q(t.domains)} (
      domain VARBINARY(255) NOT NULL,
      table_base VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (domain)
    ) ${TABLE_OPTIONS}`);
    await this.conn.query(`CREATE TABLE IF NOT EXISTS ${q(t.columns)} (
      domain VARBINARY(255) NOT NULL,
      attribute_name VARBINARY(1024) NOT NULL,
      column_name VARCHAR(64) NULL,
      created_at DATETIME(3) NOT NULL,
      PRIMARY KEY (domain, attribute_name)
    ) ${TABLE_OPTIONS}`);
    await this.conn.query(`CREATE TABLE IF NOT EXISTS ${q(t.seen)} (
      run_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      item_name VARBINARY(1024) NOT NULL,
      PRIMARY KEY (run_id, item_name)
    ) ${TABLE_OPTIONS}`);
  }

  /** Whether the system tables exist (a database never backed up into has none). */
  async hasSystemTables(): Promise<boolean> {
    const [rows] = await this.conn.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [this.tables.runs],
    );
    return Number(rows[0]!['n']) > 0;
  }

  /** A server-wide lock so two backups never write the same tables at once. Returns false when held elsewhere. */
  async lock(): Promise<boolean> {
    const [rows] = await this.conn.query<RowDataPacket[]>(`SELECT GET_LOCK(${LOCK_NAME}, 0) AS got`, [this.prefix]);
    return Number(rows[0]!['got']) === 1;
  }
  async unlock(): Promise<void> {
    await this.conn.query(`SELECT RELEASE_LOCK(${LOCK_NAME})`, [this.prefix]);
  }

  /** Per domain: the watermark the successful runs reached. */
  async readWatermarks(): Promise<Map<string, DomainWatermark>> {
    const out = new Map<string, DomainWatermark>();
    if (!(await this.hasSystemTables())) return out;
    const [rows] = await this.conn.query<RowDataPacket[]>(
      `SELECT domain, MAX(watermark_after) AS watermark, MAX(finished_at) AS finished FROM ${q(this.tables.runs)} WHERE status = 'ok' GROUP BY domain`,
    );
    for (const r of rows) {
      const domain = (r['domain'] as Buffer).toString('utf8');
      const [last] = await this.conn.query<RowDataPacket[]>(
        `SELECT run_id FROM ${q(this.tables.runs)} WHERE status = 'ok' AND domain = ? ORDER BY finished_at DESC LIMIT 1`,
        [Buffer.from(domain, 'utf8')],
      );
      out.set(domain, {
        domain,
        watermark: (r['watermark'] as string | null) ?? undefined,
        lastRunId: String(last[0]?.['run_id'] ?? ''),
        lastFinishedAt: new Date(fromSqlTime(String(r['finished']))).toISOString(),
      });
    }
    return out;
  }

  async startRun(run: RunRecord): Promise<void> {
    await this.conn.query(
      `INSERT INTO ${q(this.tables.runs)} (run_id, domain, mode, status, started_at, watermark_before) VALUES (?, ?, ?, 'running', ?, ?)`,
      [run.runId, Buffer.from(run.domain, 'utf8'), run.mode, sqlTime(run.startedAt), run.watermarkBefore ?? null],
    );
  }

  async finishRun(runId: string, domain: string, finishedAt: number, watermarkAfter: string | undefined, counts: RunCounts): Promise<void> {
    await this.conn.query(
      `UPDATE ${q(this.tables.runs)} SET status = 'ok', finished_at = ?, watermark_after = ?, items_read = ?, versions_written = ?, tombstones = ?, unchanged = ?
       WHERE run_id = ? AND domain = ?`,
      [sqlTime(finishedAt), watermarkAfter ?? null, counts.itemsRead, counts.versionsWritten, counts.tombstones, counts.unchanged, runId, Buffer.from(domain, 'utf8')],
    );
  }

  /**
   * Runs left `running` by a process that died (killed, or its MySQL connection cut) are marked
   * `failed`: only the holder of the lock calls this, so no live run is among them. Their
   * committed batches stay (each was one transaction); their watermark never counted.
   */
  async settleInterruptedRuns(finishedAt: number): Promise<number> {
    const [result] = await this.conn.query<ResultSetHeader>(
      `UPDATE ${q(this.tables.runs)} SET status = 'failed', finished_at = ?, error = 'interrupted: the run ended without finishing (process killed or MySQL connection lost); a later run redid its work'
       WHERE status = 'running'`,
      [sqlTime(finishedAt)],
    );
    return result.affectedRows;
  }

  async failRun(runId: string, domain: string, finishedAt: number, error: string, counts: RunCounts): Promise<void> {
    await this.conn.query(
      `UPDATE ${q(this.tables.runs)} SET status = 'failed', finished_at = ?, error = ?, items_read = ?, versions_written = ?, tombstones = ?, unchanged = ?
       WHERE run_id = ? AND domain = ?`,
      [sqlTime(finishedAt), error.slice(0, 60000), counts.itemsRead, counts.versionsWritten, counts.tombstones, counts.unchanged, runId, Buffer.from(domain, 'utf8')],
    );
    await this.clearSeen(runId).catch(() => undefined);
  }

  async clearSeen(runId: string): Promise<void> {
    await this.conn.query(`DELETE FROM ${q(this.tables.seen)} WHERE run_id = ?`, [runId]);
  }

  /** The table base of a domain already backed up, or undefined. */
  async findDomain(domain: string): Promise<string | undefined> {
    if (!(await this.hasSystemTables())) return undefined;
    const [rows] = await this.conn.query<RowDataPacket[]>(`SELECT table_base FROM ${q(this.tables.domains)} WHERE domain = ?`, [Buffer.from(domain, 'utf8')]);
    return rows[0] ? String(rows[0]['table_base']) : undefined;
  }

  /** Table bases given out by planDomain (plan only), so two new domains of one plan do not share one. */
  readonly #plannedBases = new Set<string>();

  /** A table base for a domain not backed up yet (reads only). */
  async #allocateBase(domain: string): Promise<string> {
    const taken = new Set([...this.#plannedBases]);
    if (await this.hasSystemTables()) {
      const [rows] = await this.conn.query<RowDataPacket[]>(`SELECT table_base FROM ${q(this.tables.domains)}`);
      for (const r of rows) taken.add(String(r['table_base']).toLowerCase());
    }
    return allocateIdentifier(domain, { maxLength: 64 - this.prefix.length - SUFFIX_ROOM, fallback: 'domain', taken });
  }

  /**
   * Plan only: the domain's tables when it was backed up before (read, never created), and the
   * table names a backup would use. Writes nothing.
   */
  async planDomain(domain: string): Promise<{ tables: DomainTables | undefined; names: { current: string; history: string; versions: string } }> {
    const tables = await this.existingDomain(domain);
    if (tables) return { tables, names: { current: tables.current, history: tables.history, versions: tables.versions } };
    const base = await this.#allocateBase(domain);
    this.#plannedBases.add(base.toLowerCase());
    const planned = new DomainTables(this, domain, base);
    return { tables: undefined, names: { current: planned.current, history: planned.history, versions: planned.versions } };
  }

  /** The domain's tables, created (with their mapping) when missing. */
  async openDomain(domain: string): Promise<DomainTables> {
    let base = await this.findDomain(domain);
    if (base === undefined) {
      base = await this.#allocateBase(domain);
      await this.conn.query(`INSERT INTO ${q(this.tables.domains)} (domain, table_base, created_at) VALUES (?, ?, ?)`, [
        Buffer.from(domain, 'utf8'),
        base,
        sqlTime(Date.now()),
      ]);
    }
    const tables = new DomainTables(this, domain, base);
    await tables.ensure();
    return tables;
  }

  /** The domain's tables if it was ever backed up. */
  async existingDomain(domain: string): Promise<DomainTables | undefined> {
    const base = await this.findDomain(domain);
    if (base === undefined) return undefined;
    const tables = new DomainTables(this, domain, base);
    await tables.loadColumns();
    return tables;
  }
}

/** An item at a point in time. */
export interface StateItem {
  name: string;
  attributes: AttributeMap;
  /** When this version took effect (ISO 8601). */
  validFrom: string;
  /** The version's stamp attribute when well-formed, else null. */
  lastModified: string | null;
  /** Hex SHA-256 of the content. */
  hash: string;
  /**
   * Set when the stored row cannot be trusted (its attributes are not a SimpleDB item, its name
   * or hash is malformed; the reader in sdb-backup/history.ts adds a hash mismatch): what is wrong,
   * for the error. `attributes` is then empty: a damaged row is never written anywhere.
   */
  damage?: string;
}

export class DomainTables {
  readonly store: SdbMySqlStore;
  readonly domain: string;
  readonly base: string;
  /** The readable current-state table. */
  readonly current: string;
  /** The history table, the source of truth. */
  readonly history: string;
  /** A view of every version with its validity interval. */
  readonly versions: string;
  /** attribute name -> column name, or null for "in _overflow". */
  readonly columnOf = new Map<string, string | null>();
  #domainKey: Buffer;

  constructor(store: SdbMySqlStore, domain: string, base: string) {
    this.store = store;
    this.domain = domain;
    this.base = base;
    this.current = `${store.prefix}${base}`;
    this.history = `${store.prefix}${base}__history`;
    this.versions = `${store.prefix}${base}__versions`;
    this.#domainKey = Buffer.from(domain, 'utf8');
  }

  get #conn(): Connection {
    return this.store.conn;
  }

  async ensure(): Promise<void> {
    const conn = this.#conn;
    await conn.query(`CREATE TABLE IF NOT EXISTS ${q(this.history)} (
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
    await conn.query(`CREATE TABLE IF NOT EXISTS ${q(this.current)} (
      _item VARBINARY(1024) NOT NULL,
      _name VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin AS (CONVERT(_item USING utf8mb4)) VIRTUAL,
      _valid_from DATETIME(3) NOT NULL,
      _last_modified VARCHAR(24) CHARACTER SET ascii COLLATE ascii_bin NULL,
      _hash BINARY(32) NOT NULL,
      _run_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
      _overflow JSON NULL,
      PRIMARY KEY (_item)
    ) ${TABLE_OPTIONS}`);
    const [views] = await conn.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [this.versions],
    );
    if (Number(views[0]!['n']) === 0) {
      await conn.query(`CREATE VIEW ${q(this.versions)} AS
        SELECT version_id, item_name, CONVERT(item_name USING utf8mb4) AS item, valid_from,
          LEAD(valid_from) OVER (PARTITION BY item_name ORDER BY valid_from, version_id) AS valid_to,
          deleted, origin, last_modified, run_id, attributes
        FROM ${q(this.history)}`);
    }
    await this.loadColumns();
    // Repair: a mapping whose ALTER never ran (a crash between the two) gets its column now.
    const existing = await this.#tableColumns();
    const missing = [...this.columnOf.values()].filter((c): c is string => c !== null && !existing.has(c.toLowerCase()));
    if (missing.length > 0) await this.#addColumns(missing);
  }

  async loadColumns(): Promise<void> {
    const [rows] = await this.#conn.query<RowDataPacket[]>(
      `SELECT attribute_name, column_name FROM ${q(this.store.tables.columns)} WHERE domain = ?`,
      [this.#domainKey],
    );
    this.columnOf.clear();
    for (const r of rows) this.columnOf.set((r['attribute_name'] as Buffer).toString('utf8'), (r['column_name'] as string | null) ?? null);
  }

  async #tableColumns(): Promise<Set<string>> {
    const [rows] = await this.#conn.query<RowDataPacket[]>(
      'SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [this.current],
    );
    return new Set(rows.map((r) => String(r['c']).toLowerCase()));
  }

  /**
   * Gives every new attribute name a column (or the overflow, once the table holds
   * maxAttributeColumns attribute columns), records the mapping, and adds the columns in one
   * ALTER (ALGORITHM=INSTANT when the server allows it). Runs outside any batch transaction: DDL
   * commits implicitly.
   */
  async ensureColumns(names: Iterable<string>): Promise<void> {
    const fresh = [...new Set(names)].filter((n) => !this.columnOf.has(n));
    if (fresh.length === 0) return;
    const existing = await this.#tableColumns();
    const taken = new Set(existing);
    for (const c of this.columnOf.values()) if (c) taken.add(c.toLowerCase());
    let count = [...this.columnOf.values()].filter((c) => c !== null).length;
    const added: string[] = [];
    const rows: [Buffer, Buffer, string | null, string][] = [];
    const now = sqlTime(Date.now());
    for (const name of fresh.sort()) {
      let column: string | null = null;
      if (count < this.store.maxAttributeColumns) {
        column = allocateIdentifier(name, { maxLength: 64, fallback: 'attr', taken });
        taken.add(column.toLowerCase());
        added.push(column);
        count++;
      }
      rows.push([this.#domainKey, Buffer.from(name, 'utf8'), column, now]);
      this.columnOf.set(name, column);
    }
    for (let i = 0; i < rows.length; i += 500) {
      await this.#conn.query(
        `INSERT INTO ${q(this.store.tables.columns)} (domain, attribute_name, column_name, created_at) VALUES ? ON DUPLICATE KEY UPDATE column_name = column_name`,
        [rows.slice(i, i + 500)],
      );
    }
    if (added.length > 0) await this.#addColumns(added);
  }

  async #addColumns(columns: string[]): Promise<void> {
    const list = columns.map((c) => `ADD COLUMN ${q(c)} ${COLUMN_TYPE}`).join(', ');
    try {
      await this.#conn.query(`ALTER TABLE ${q(this.current)} ${list}, ALGORITHM=INSTANT`);
    } catch (err) {
      // MySQL 8 before 8.0.29, or past its 64 instant row versions: fall back to an in-place/copy ALTER.
      const code = (err as { code?: string }).code;
      if (code !== 'ER_ALTER_OPERATION_NOT_SUPPORTED_REASON' && code !== 'ER_ALTER_OPERATION_NOT_SUPPORTED') throw err;
      this.store.log(`ALTER TABLE ${this.current}: instant ADD COLUMN refused (${(err as Error).message}); using the default algorithm`);
      await this.#conn.query(`ALTER TABLE ${q(this.current)} ${list}`);
    }
  }

  /** Every stored version of these items (planning input), in time order. */
  async loadVersions(itemNames: readonly string[]): Promise<Map<string, StoredVersion[]>> {
    const out = new Map<string, StoredVersion[]>();
    const unique = [...new Set(itemNames)];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500).map((n) => Buffer.from(n, 'utf8'));
      const [rows] = await this.#conn.query<RowDataPacket[]>(
        `SELECT item_name, valid_from, version_id, content_hash, deleted FROM ${q(this.history)} WHERE item_name IN (?) ORDER BY item_name, valid_from, version_id`,
        [chunk],
      );
      for (const r of rows) {
        const name = (r['item_name'] as Buffer).toString('utf8');
        let list = out.get(name);
        if (!list) out.set(name, (list = []));
        list.push({
          validFrom: fromSqlTime(String(r['valid_from'])),
          versionId: Number(r['version_id']),
          hash: (r['content_hash'] as Buffer).toString('hex'),
          deleted: Number(r['deleted']) === 1,
        });
      }
    }
    return out;
  }

  /**
   * Writes one planned batch in one transaction: the history rows (a version already there is
   * left alone, by the unique key), the current-state rows of the items whose latest version
   * changed, and (full scan) the names seen. Attribute columns must exist (ensureColumns) first.
   */
  async writeBatch(
    runId: string,
    versions: readonly HistoryVersion[],
    current: ReadonlyMap<string, HistoryVersion>,
    seen?: readonly string[],
    options: { beforeCommit?: () => Promise<void> | void } = {},
  ): Promise<void> {
    const conn = this.#conn;
    await conn.beginTransaction();
    try {
      await this.#insertHistory(runId, versions);
      await this.#applyCurrent(runId, current);
      if (seen && seen.length > 0) {
        for (let i = 0; i < seen.length; i += MAX_STATEMENT_ROWS) {
          const rows = seen.slice(i, i + MAX_STATEMENT_ROWS).map((n) => [runId, Buffer.from(n, 'utf8')]);
          await conn.query(`INSERT INTO ${q(this.store.tables.seen)} (run_id, item_name) VALUES ? ON DUPLICATE KEY UPDATE run_id = run_id`, [rows]);
        }
      }
      await options.beforeCommit?.();
      await conn.commit();
    } catch (err) {
      await conn.rollback().catch(() => undefined);
      throw err;
    }
  }

  async #insertHistory(runId: string, versions: readonly HistoryVersion[]): Promise<void> {
    let rows: unknown[][] = [];
    let bytes = 0;
    const flush = async (): Promise<void> => {
      if (rows.length === 0) return;
      await this.#conn.query(
        `INSERT INTO ${q(this.history)} (item_name, valid_from, last_modified, deleted, origin, run_id, content_hash, attributes) VALUES ?
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

  async #applyCurrent(runId: string, current: ReadonlyMap<string, HistoryVersion>): Promise<void> {
    const names = [...current.keys()].map((n) => Buffer.from(n, 'utf8'));
    for (let i = 0; i < names.length; i += MAX_STATEMENT_ROWS) {
      await this.#conn.query(`DELETE FROM ${q(this.current)} WHERE _item IN (?)`, [names.slice(i, i + MAX_STATEMENT_ROWS)]);
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
      await this.#conn.query(`INSERT INTO ${q(this.current)} (${head}) VALUES ?`, [rows]);
      pending = [];
      bytes = 0;
    };
    for (const v of current.values()) {
      if (v.deleted || v.attributes === null) continue;
      const layout = layoutRow(v.attributes, (n) => this.columnOf.get(n), this.store.rowBudget);
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

  /** Live items of the current-state table after `after`, in byte order (plan only: its own seen set filters them). */
  async liveItemsAfter(after: string | undefined, limit: number): Promise<string[]> {
    const [rows] = await this.#conn.query<RowDataPacket[]>(`SELECT _item FROM ${q(this.current)} WHERE _item > ? ORDER BY _item LIMIT ?`, [Buffer.from(after ?? '', 'utf8'), limit]);
    return rows.map((r) => (r['_item'] as Buffer).toString('utf8'));
  }

  /** Live items of the current-state table that the scan of run `runId` did not see, after `after`, in byte order. */
  async unseenItems(runId: string, after: string | undefined, limit: number): Promise<string[]> {
    const [rows] = await this.#conn.query<RowDataPacket[]>(
      `SELECT c._item FROM ${q(this.current)} c
       WHERE c._item > ? AND NOT EXISTS (SELECT 1 FROM ${q(this.store.tables.seen)} s WHERE s.run_id = ? AND s.item_name = c._item)
       ORDER BY c._item LIMIT ?`,
      [Buffer.from(after ?? '', 'utf8'), runId, limit],
    );
    return rows.map((r) => (r['_item'] as Buffer).toString('utf8'));
  }

  /**
   * The items as they were at `time` (the latest version at or before it, unless a deletion),
   * in item-name byte order, read page by page: memory stays bounded.
   */
  async *stateAsOf(time: number, pageSize = 1000): AsyncGenerator<StateItem> {
    const conn = this.#conn;
    let after: Buffer = Buffer.alloc(0);
    for (;;) {
      const [names] = await conn.query<RowDataPacket[]>(
        `SELECT DISTINCT item_name FROM ${q(this.history)} WHERE item_name > ? ORDER BY item_name LIMIT ?`,
        [after, pageSize],
      );
      if (names.length === 0) return;
      const first = names[0]!['item_name'] as Buffer;
      const last = names[names.length - 1]!['item_name'] as Buffer;
      const [rows] = await conn.query<RowDataPacket[]>(
        `SELECT item_name, valid_from, last_modified, content_hash, attributes FROM (
           SELECT item_name, valid_from, last_modified, content_hash, deleted, attributes,
             ROW_NUMBER() OVER (PARTITION BY item_name ORDER BY valid_from DESC, version_id DESC) AS rn
           FROM ${q(this.history)} WHERE item_name >= ? AND item_name <= ? AND valid_from <= ?
         ) v WHERE rn = 1 AND deleted = 0 ORDER BY item_name`,
        [first, last, sqlTime(time)],
      );
      for (const r of rows) {
        const nameBytes = r['item_name'] as Buffer;
        const name = decodeItemName(nameBytes);
        const attributes = decodeAttributes(r['attributes']);
        const hashBytes = r['content_hash'] as Buffer;
        const damage = !name.ok ? name.damage : !attributes.ok ? attributes.damage : hashBytes.length !== 32 ? 'the content hash is not 32 bytes' : undefined;
        yield {
          name: name.ok ? name.value : nameBytes.toString('utf8'),
          attributes: attributes.ok ? attributes.value : Object.create(null),
          validFrom: new Date(fromSqlTime(String(r['valid_from']))).toISOString(),
          lastModified: (r['last_modified'] as string | null) ?? null,
          hash: hashBytes.toString('hex'),
          ...(damage !== undefined ? { damage } : {}),
        };
      }
      if (names.length < pageSize) return;
      after = last;
    }
  }

  /** Rebuilds the current-state table from the history (the latest version of every item). */
  async rebuildCurrent(runIdForRows = 'rebuild'): Promise<number> {
    await this.#conn.query(`DELETE FROM ${q(this.current)}`);
    let count = 0;
    let batch = new Map<string, HistoryVersion>();
    const flush = async (): Promise<void> => {
      if (batch.size === 0) return;
      const names = new Set<string>();
      for (const v of batch.values()) for (const n of Object.keys(v.attributes ?? {})) names.add(n);
      await this.ensureColumns(names);
      await this.writeBatch(runIdForRows, [], batch);
      count += batch.size;
      batch = new Map();
    };
    // Far future: the latest version of every item.
    for await (const item of this.stateAsOf(Date.UTC(9999, 0, 1))) {
      if (item.damage !== undefined) throw new Error(`${this.history}: the latest version of item ${JSON.stringify(item.name)} is damaged (${item.damage}); repair or delete that row, then rebuild`);
      batch.set(item.name, {
        itemName: item.name,
        validFrom: Date.parse(item.validFrom),
        stamp: item.lastModified,
        deleted: false,
        origin: 'rebuild',
        hash: item.hash,
        attributes: item.attributes,
      });
      if (batch.size >= 500) await flush();
    }
    await flush();
    return count;
  }

  /** Number of rows: [history, current]. */
  async counts(): Promise<{ history: number; current: number }> {
    const [h] = await this.#conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${q(this.history)}`);
    const [c] = await this.#conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${q(this.current)}`);
    return { history: Number(h[0]!['n']), current: Number(c[0]!['n']) };
  }
}

