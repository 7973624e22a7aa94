// MariaDB's own rates for the rows a pullback backup wrote, the yardsticks of bench/sdb-backup.ts:
// the rows of the domain's history and current-state tables are read back, then loaded into empty
// copies of those tables (CREATE TABLE ... LIKE: same columns, keys and options) by
//   - LOAD DATA LOCAL INFILE of a tab-separated file written beforehand (the server's bulk path);
//   - plain multi-row INSERTs of 1,000 rows a statement, autocommit, no reads (a client's fast path).
// Only the loading is timed, not the reading back or the writing of the file. pullback also writes
// one scratch row per item into the full scan's seen table; the yardsticks do not.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import mysql from 'mysql2/promise';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { MySqlSettings } from '../src/stores/history/mysql/settings.ts';
import { quoteIdentifier as q } from '../src/stores/history/mysql/identifiers.ts';

export interface LoadedTable {
  /** The pullback table the rows come from. */
  source: string;
  columns: string[];
  rows: unknown[][];
}

/** The stored (not generated) columns of a table, in table order; `skip` leaves some out (the auto-increment id). */
async function storedColumns(conn: Connection, table: string, skip: readonly string[]): Promise<string[]> {
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND EXTRA NOT LIKE '%GENERATED%' AND EXTRA NOT LIKE '%VIRTUAL%' ORDER BY ORDINAL_POSITION`,
    [table],
  );
  return rows.map((r) => String(r['c'])).filter((c) => !skip.includes(c));
}

/** The rows pullback wrote, in the order it wrote them (history by version id, current state by item). */
export async function readBack(conn: Connection, table: string, order: string, skip: readonly string[] = []): Promise<LoadedTable> {
  const columns = await storedColumns(conn, table, skip);
  const [rows] = await conn.query({ sql: `SELECT ${columns.map(q).join(', ')} FROM ${q(table)} ORDER BY ${q(order)}`, rowsAsArray: true });
  return { source: table, columns, rows: rows as unknown[][] };
}

const ESCAPES: Record<number, string> = { 0x00: '\\0', 0x09: '\\t', 0x0a: '\\n', 0x5c: '\\\\' };

/** One field in LOAD DATA's default format (tab-separated, backslash escapes, \N for NULL), as bytes. */
function field(value: unknown): Buffer {
  if (value === null || value === undefined) return Buffer.from('\\N');
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
  if (!bytes.some((b) => b === 0x00 || b === 0x09 || b === 0x0a || b === 0x5c)) return bytes;
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < bytes.length; i++) {
    const escaped = ESCAPES[bytes[i]!];
    if (escaped === undefined) continue;
    parts.push(bytes.subarray(from, i), Buffer.from(escaped));
    from = i + 1;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

/** Writes the rows as a LOAD DATA file (bytes as they are: loaded with CHARACTER SET binary). */
export async function writeLoadFile(path: string, table: LoadedTable): Promise<void> {
  const out = createWriteStream(path);
  const tab = Buffer.from('\t');
  const newline = Buffer.from('\n');
  for (const row of table.rows) {
    const parts: Buffer[] = [];
    row.forEach((v, i) => parts.push(i === 0 ? field(v) : Buffer.concat([tab, field(v)])));
    parts.push(newline);
    if (!out.write(Buffer.concat(parts))) await once(out, 'drain');
  }
  out.end();
  await finished(out);
}

/** A connection that streams LOAD DATA LOCAL INFILE from the named file. */
export async function loaderConnection(settings: MySqlSettings): Promise<Connection> {
  const conn = await mysql.createConnection({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    charset: 'utf8mb4_bin',
    dateStrings: true,
    // JSON as its text, so it is written back unchanged.
    jsonStrings: true,
    infileStreamFactory: (path: string) => createReadStream(path),
  });
  await conn.query("SET time_zone = '+00:00'");
  return conn;
}

/** An empty copy of `source` named `copy`. */
export async function emptyCopy(conn: Connection, source: string, copy: string): Promise<void> {
  await conn.query(`DROP TABLE IF EXISTS ${q(copy)}`);
  await conn.query(`CREATE TABLE ${q(copy)} LIKE ${q(source)}`);
}

/** LOAD DATA LOCAL INFILE of `file` into `table`; falls back to server-side LOAD DATA INFILE when local infile is refused. */
export async function loadData(conn: Connection, file: string, table: string, columns: readonly string[]): Promise<'local' | 'server'> {
  const tail = `INTO TABLE ${q(table)} CHARACTER SET binary (${columns.map(q).join(', ')})`;
  try {
    await conn.query(`LOAD DATA LOCAL INFILE ? ${tail}`, [file]);
    return 'local';
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'ER_NOT_ALLOWED_COMMAND' && code !== 'ER_CLIENT_LOCAL_FILES_DISABLED' && code !== 'ER_LOAD_INFILE_CAPABILITY_DISABLED') throw err;
    await conn.query(`LOAD DATA INFILE ? ${tail}`, [file]);
    return 'server';
  }
}

/** Plain multi-row INSERTs of `rowsPerStatement` rows, each its own autocommit transaction. */
export async function insertRows(conn: Connection, table: string, loaded: LoadedTable, rowsPerStatement = 1000): Promise<void> {
  const head = `INSERT INTO ${q(table)} (${loaded.columns.map(q).join(', ')}) VALUES ?`;
  for (let i = 0; i < loaded.rows.length; i += rowsPerStatement) {
    await conn.query(head, [loaded.rows.slice(i, i + rowsPerStatement)]);
  }
}

/** Whether two tables hold the same rows (CHECKSUM TABLE: every column, the auto-increment id too). */
/**
 * Whether two tables hold the same rows in `columns` (a row count and an order-free checksum of
 * every row). Not CHECKSUM TABLE: it covers every column, and pullback's history leaves gaps in the
 * AUTO_INCREMENT version_id (a statement padded with copies of a row, writes.ts, spends an id on each
 * copy) that the copies, loaded without version_id, do not have.
 */
export async function sameContent(conn: Connection, a: string, b: string, columns: readonly string[]): Promise<boolean> {
  const row = `CRC32(CONCAT_WS('|', ${columns.map((c) => `IFNULL(HEX(${q(c)}), 'N')`).join(', ')}))`;
  const sums: string[] = [];
  for (const table of [a, b]) {
    const [rows] = await conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n, BIT_XOR(${row}) AS x, SUM(${row}) AS s FROM ${q(table)}`);
    sums.push(`${rows[0]!['n']}:${rows[0]!['x']}:${rows[0]!['s']}`);
  }
  return sums[0] === sums[1];
}
