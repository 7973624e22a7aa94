// The attribute columns of a domain's readable current-state table. Attribute names are not
// identifiers, so each gets a column name allocated from it and recorded in the columns table
// (or, once the table holds maxAttributeColumns of them, null: its values go to `_overflow`).
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { allocateIdentifier, quoteIdentifier as q } from './identifiers.ts';
import { COLUMN_TYPE, tableColumns, type SystemTables } from './schema.ts';
import { sqlTime } from './sql-time.ts';

const MAPPING_ROWS_PER_STATEMENT = 500;

/** A recorded attribute mapping row: attribute name -> column, or null for `_overflow`. */
export type ColumnMapping = [attribute: string, column: string | null];

/** A row of the columns table (attribute_name, column_name) as a mapping. */
export function mappingOf(row: RowDataPacket): ColumnMapping {
  return [(row['attribute_name'] as Buffer).toString('utf8'), (row['column_name'] as string | null) ?? null];
}

export class AttributeColumns {
  /** attribute name -> column name, or null for "in _overflow". */
  readonly columnOf = new Map<string, string | null>();
  readonly #conn: Connection;
  readonly #tables: SystemTables;
  readonly #domainKey: Buffer;
  /** The current-state table the columns belong to. */
  readonly #current: string;
  readonly #maxAttributeColumns: number;
  readonly #log: (line: string) => void;

  constructor(conn: Connection, tables: SystemTables, domain: string, current: string, options: { maxAttributeColumns: number; log: (line: string) => void }) {
    this.#conn = conn;
    this.#tables = tables;
    this.#domainKey = Buffer.from(domain, 'utf8');
    this.#current = current;
    this.#maxAttributeColumns = options.maxAttributeColumns;
    this.#log = options.log;
  }

  /** Reads the recorded mapping. */
  async load(): Promise<void> {
    const [rows] = await this.#conn.query<RowDataPacket[]>(`SELECT attribute_name, column_name FROM ${q(this.#tables.columns)} WHERE domain = ?`, [this.#domainKey]);
    this.use(rows.map(mappingOf));
  }

  /** Takes the recorded mapping, read by the caller (domain-map.ts findTableBaseAndMapping). */
  use(mapping: readonly ColumnMapping[]): void {
    this.columnOf.clear();
    for (const [attribute, column] of mapping) this.columnOf.set(attribute, column);
  }

  /**
   * A mapping whose ALTER never ran (a crash between the two) gets its column now. `columns`: the
   * table's columns (lower-cased), when the caller has just read them.
   */
  async repair(columns?: ReadonlySet<string>): Promise<void> {
    const existing = columns ?? (await tableColumns(this.#conn, this.#current));
    const missing = [...this.columnOf.values()].filter((c): c is string => c !== null && !existing.has(c.toLowerCase()));
    if (missing.length > 0) await this.#addColumns(missing);
  }

  /**
   * Gives every new attribute name a column (or the overflow, once the table holds
   * maxAttributeColumns attribute columns), records the mapping, and adds the columns in one
   * ALTER (ALGORITHM=INSTANT when the server allows it). Runs outside any batch transaction: DDL
   * commits implicitly.
   */
  async ensure(names: Iterable<string>): Promise<void> {
    const fresh = [...new Set(names)].filter((n) => !this.columnOf.has(n));
    if (fresh.length === 0) return;
    const taken = await tableColumns(this.#conn, this.#current);
    for (const c of this.columnOf.values()) if (c) taken.add(c.toLowerCase());
    let count = [...this.columnOf.values()].filter((c) => c !== null).length;
    const added: string[] = [];
    const rows: [Buffer, Buffer, string | null, string][] = [];
    const now = sqlTime(Date.now());
    for (const name of fresh.sort()) {
      let column: string | null = null;
      if (count < this.#maxAttributeColumns) {
        column = allocateIdentifier(name, { maxLength: 64, fallback: 'attr', taken });
        taken.add(column.toLowerCase());
        added.push(column);
        count++;
      }
      rows.push([this.#domainKey, Buffer.from(name, 'utf8'), column, now]);
      this.columnOf.set(name, column);
    }
    for (let i = 0; i < rows.length; i += MAPPING_ROWS_PER_STATEMENT) {
      await this.#conn.query(
        `INSERT INTO ${q(this.#tables.columns)} (domain, attribute_name, column_name, created_at) VALUES ? ON DUPLICATE KEY UPDATE column_name = column_name`,
        [rows.slice(i, i + MAPPING_ROWS_PER_STATEMENT)],
      );
    }
    if (added.length > 0) await this.#addColumns(added);
  }

  async #addColumns(columns: string[]): Promise<void> {
    const list = columns.map((c) => `ADD COLUMN ${q(c)} ${COLUMN_TYPE}`).join(', ');
    try {
      await this.#conn.query(`ALTER TABLE ${q(this.#current)} ${list}, ALGORITHM=INSTANT`);
    } catch (err) {
      // MySQL 8 before 8.0.29, or past its 64 instant row versions: fall back to an in-place/copy ALTER.
      const code = (err as { code?: string }).code;
      if (code !== 'ER_ALTER_OPERATION_NOT_SUPPORTED_REASON' && code !== 'ER_ALTER_OPERATION_NOT_SUPPORTED') throw err;
      this.#log(`ALTER TABLE ${this.#current}: instant ADD COLUMN refused (${(err as Error).message}); using the default algorithm`);
      await this.#conn.query(`ALTER TABLE ${q(this.#current)} ${list}`);
    }
  }
}
