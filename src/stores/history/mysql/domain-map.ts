// Which tables hold which domain. A SimpleDB domain name is not an identifier (case-sensitive, up to
// 255 bytes, any character), so each domain gets a table base, allocated from its name (readable
// when it can be) and recorded in the domains table; the domain's tables are named from it.
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { mappingOf, type ColumnMapping } from './columns.ts';
import { allocateIdentifier, quoteIdentifier as q } from './identifiers.ts';
import { hasSystemTables, SUFFIX_ROOM, type SystemTables } from './schema.ts';
import { sqlTime } from './sql-time.ts';

function domainKey(domain: string): Buffer {
  return Buffer.from(domain, 'utf8');
}

/**
 * The table base of a domain already backed up, or undefined. `tablesExist`: the caller made sure
 * the system tables exist (a backup, after ensureSchema), so they are not looked up again.
 */
export async function findTableBase(conn: Connection, t: SystemTables, domain: string, tablesExist = false): Promise<string | undefined> {
  if (!tablesExist && !(await hasSystemTables(conn, t))) return undefined;
  const [rows] = await conn.query<RowDataPacket[]>(`SELECT table_base FROM ${q(t.domains)} WHERE domain = ?`, [domainKey(domain)]);
  return rows[0] ? String(rows[0]['table_base']) : undefined;
}

/**
 * findTableBase with the domain's attribute mapping (columns.ts) read by the same statement: an
 * hourly run opens each domain with one round trip fewer. The mapping of a domain without a
 * recorded base is not read (undefined is returned, as by findTableBase).
 */
export async function findTableBaseAndMapping(conn: Connection, t: SystemTables, domain: string): Promise<{ base: string; mapping: ColumnMapping[] } | undefined> {
  const [rows] = await conn.query<RowDataPacket[]>(
    `SELECT d.table_base, c.attribute_name, c.column_name FROM ${q(t.domains)} d LEFT JOIN ${q(t.columns)} c ON c.domain = d.domain WHERE d.domain = ?`,
    [domainKey(domain)],
  );
  if (!rows[0]) return undefined;
  // A domain without mappings comes back as one row whose mapping columns are NULL.
  return { base: String(rows[0]['table_base']), mapping: rows.filter((r) => r['attribute_name'] !== null).map(mappingOf) };
}

/**
 * A table base for a domain not backed up yet, distinct from every recorded one and from
 * `reserved` (lower-cased; bases given out by a plan that records nothing). Reads only.
 */
export async function allocateTableBase(conn: Connection, t: SystemTables, prefix: string, domain: string, reserved: ReadonlySet<string>, tablesExist = false): Promise<string> {
  const taken = new Set(reserved);
  if (tablesExist || (await hasSystemTables(conn, t))) {
    const [rows] = await conn.query<RowDataPacket[]>(`SELECT table_base FROM ${q(t.domains)}`);
    for (const r of rows) taken.add(String(r['table_base']).toLowerCase());
  }
  return allocateIdentifier(domain, { maxLength: 64 - prefix.length - SUFFIX_ROOM, fallback: 'domain', taken });
}

export async function recordTableBase(conn: Connection, t: SystemTables, domain: string, base: string, at: number): Promise<void> {
  await conn.query(`INSERT INTO ${q(t.domains)} (domain, table_base, created_at) VALUES (?, ?, ?)`, [domainKey(domain), base, sqlTime(at)]);
}

/**
 * Every domain the backup has tables for, whatever became of its runs: each holds (or held) live
 * data the backup covers.
 */
export async function domainsWithHistory(conn: Connection, t: SystemTables): Promise<Set<string>> {
  const found = new Set<string>();
  let rows: RowDataPacket[];
  try {
    [rows] = await conn.query<RowDataPacket[]>(`SELECT domain FROM ${q(t.domains)}`);
  } catch (error) {
    if ((error as { code?: string }).code === 'ER_NO_SUCH_TABLE') return found;
    throw error;
  }
  for (const row of rows) found.add((row['domain'] as Buffer).toString('utf8'));
  return found;
}
