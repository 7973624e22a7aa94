// Shared by the SimpleDB -> MySQL integration tests: a throwaway MariaDB database, a fake clock, a
// ground truth that mirrors every write made to SimpleDB, and readers of what MySQL holds.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import type { SimpleDbClient } from '../../src/simpledb/client.ts';
import { ConventionWriter, type WriterClient } from '../../src/simpledb/convention.ts';
import { SimpleDbError } from '../../src/simpledb/errors.ts';
import { connectMySql, type MySqlSettings } from '../../src/stores/history/mysql/connection.ts';
import { quoteIdentifier as q } from '../../src/stores/history/mysql/identifiers.ts';
import { columnText } from '../../src/stores/history/mysql/row-layout.ts';
import { MySqlHistoryStore } from '../../src/stores/history/mysql/store.ts';
import { compareKeys } from '../../src/plan/keys.ts';
import { canonicalAttributes, type AttributeMap } from '../../src/backends/simpledb/plan.ts';
import { stateAsOf } from '../../src/backends/simpledb/backup.ts';
import type { SdbRestoreClient, SimpleDbSource } from '../../src/backends/simpledb/types.ts';
import { selectItems } from '../../src/simpledb/paginate.ts';
import { quoteName } from '../../src/simpledb/expression.ts';
import { DEFAULTS, type SimpleDbBackupConfig } from '../../src/config/simpledb.ts';

export const MYSQL_BASE: Omit<MySqlSettings, 'database'> = {
  host: process.env['MYSQL_HOST'] ?? '127.0.0.1',
  port: Number(process.env['MYSQL_PORT'] ?? 3306),
  user: process.env['MYSQL_USER'] ?? 'root',
  password: process.env['MYSQL_PASSWORD'] ?? '',
  ssl: 'off',
};

export interface TestDatabase {
  name: string;
  settings: MySqlSettings;
  conn: Connection;
  drop(): Promise<void>;
}

/** A fresh, uniquely named database and a connection to it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `pullback_t_${randomBytes(6).toString('hex')}`;
  const admin = await mysql.createConnection({ host: MYSQL_BASE.host, port: MYSQL_BASE.port, user: MYSQL_BASE.user, password: MYSQL_BASE.password });
  await admin.query(`CREATE DATABASE ${q(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  const settings: MySqlSettings = { ...MYSQL_BASE, database: name };
  const conn = await connectMySql(settings);
  return {
    name,
    settings,
    conn,
    async drop() {
      await conn.end().catch(() => undefined);
      const a = await mysql.createConnection({ host: MYSQL_BASE.host, port: MYSQL_BASE.port, user: MYSQL_BASE.user, password: MYSQL_BASE.password });
      await a.query(`DROP DATABASE IF EXISTS ${q(name)}`);
      await a.end();
    },
  };
}

/**
 * A backup's config into the test database: the tests' usual values (the convention's attribute
 * names, a minute's overlap, prefix `sdb_`, batches of 50) for whatever `over` does not give.
 */
export function backupConfig(db: TestDatabase, domains: string[], over: Partial<SimpleDbBackupConfig> = {}): SimpleDbBackupConfig {
  return {
    domains,
    stampAttribute: DEFAULTS.stampAttribute,
    deleteLogDomain: DEFAULTS.deleteLogDomain,
    overlapMs: 60_000,
    fullScan: 'auto',
    mysql: db.settings,
    tablePrefix: 'sdb_',
    batchSize: 50,
    simpledb: {},
    ...over,
  };
}

export class FakeClock {
  ms: number;
  constructor(start = Date.UTC(2026, 0, 1, 12, 0, 0)) {
    this.ms = start;
  }
  now = (): Date => new Date(this.ms);
  /** Advances and returns the new time. */
  tick(ms = 1000): number {
    this.ms += ms;
    return this.ms;
  }
}

type Values = string | readonly string[];
interface TruthEvent {
  t: number;
  domain: string;
  item: string;
  attributes: AttributeMap | null;
}

/**
 * Writes to SimpleDB and mirrors each write in a timeline, so the state of any domain at any time
 * is known independently of the code under test.
 */
export class GroundTruth {
  readonly client: SimpleDbClient;
  readonly clock: FakeClock;
  readonly writer: ConventionWriter;
  readonly stampAttribute: string;
  readonly #state = new Map<string, Map<string, Map<string, Set<string>>>>();
  readonly #events: TruthEvent[] = [];

  constructor(client: SimpleDbClient, clock: FakeClock, stampAttribute = 'lastModified', deleteLogDomain = 'pullback_delete_log') {
    this.client = client;
    this.clock = clock;
    this.stampAttribute = stampAttribute;
    this.writer = new ConventionWriter(client, { clock: clock.now, stampAttribute, deleteLogDomain });
  }

  #item(domain: string, item: string, create: boolean): Map<string, Set<string>> | undefined {
    let d = this.#state.get(domain);
    if (!d) this.#state.set(domain, (d = new Map()));
    let i = d.get(item);
    if (!i && create) d.set(item, (i = new Map()));
    return i;
  }

  #apply(domain: string, item: string, attributes: Record<string, Values>, replace: boolean, stamp?: string): void {
    const i = this.#item(domain, item, true)!;
    for (const [name, v] of Object.entries(attributes)) {
      const values = typeof v === 'string' ? [v] : [...v];
      if (replace || !i.has(name)) i.set(name, new Set());
      for (const x of values) i.get(name)!.add(x);
    }
    if (stamp !== undefined) i.set(this.stampAttribute, new Set([stamp]));
    this.#record(domain, item);
  }

  #record(domain: string, item: string): void {
    const i = this.#item(domain, item, false);
    let attrs: AttributeMap | null = null;
    if (i && i.size > 0) {
      attrs = canonicalAttributes([...i].flatMap(([Name, vs]) => [...vs].map((Value) => ({ Name, Value }))));
    } else {
      this.#state.get(domain)?.delete(item);
    }
    this.#events.push({ t: this.clock.ms, domain, item, attributes: attrs });
  }

  /** A put following the convention (stamped). */
  async put(domain: string, item: string, attributes: Record<string, Values>, replace = false): Promise<void> {
    this.clock.tick();
    const { stamp } = await this.writer.put(domain, item, attributes, { replace });
    this.#apply(domain, item, attributes, replace, stamp);
  }

  /** A delete following the convention (logged). */
  async delete(domain: string, item: string): Promise<void> {
    this.clock.tick();
    await this.writer.delete(domain, item);
    this.#state.get(domain)?.delete(item);
    this.#record(domain, item);
  }

  /** A put that ignores the convention: no stamp update. */
  async rawPut(domain: string, item: string, attributes: Record<string, Values>, replace = false): Promise<void> {
    this.clock.tick();
    const list = Object.entries(attributes).flatMap(([Name, v]) =>
      (typeof v === 'string' ? [v] : [...v]).map((Value, k) => ({ Name, Value, Replace: replace && k === 0 })),
    );
    await this.client.putAttributes({ DomainName: domain, ItemName: item, Attributes: list });
    this.#apply(domain, item, attributes, replace);
  }

  /** A delete that ignores the convention: nothing in the delete log. */
  async rawDelete(domain: string, item: string): Promise<void> {
    this.clock.tick();
    await this.client.deleteAttributes({ DomainName: domain, ItemName: item });
    this.#state.get(domain)?.delete(item);
    this.#record(domain, item);
  }

  /** The domain as it was at `t` (items by name, canonical attributes). */
  at(domain: string, t: number): Map<string, AttributeMap> {
    const out = new Map<string, AttributeMap>();
    for (const e of this.#events) {
      if (e.domain !== domain || e.t > t) continue;
      if (e.attributes) out.set(e.item, e.attributes);
      else out.delete(e.item);
    }
    return out;
  }
}

/** The backup of `domain` as of each time equals the ground truth's state then. */
export async function assertBackupMatchesTruth(conn: Connection, truth: GroundTruth, domain: string, times: readonly number[]): Promise<void> {
  for (const t of times) assert.deepStrictEqual(plain(await backedUpAt(conn, domain, t)), plain(truth.at(domain, t)), `as of ${new Date(t).toISOString()}`);
}

export type { WriterClient };

/**
 * `client` as a writer cut off from SimpleDB right after it wrote a delete-log entry (an outage, or
 * the process killed in between): every delete fails without an answer, so the item lives on and
 * the entry, left `pending`, is not withdrawn.
 */
export function cutOffWriterClient(client: SimpleDbClient, message = 'the network went away (test)'): WriterClient {
  return {
    createDomain: (input) => client.createDomain(input),
    putAttributes: (input) => client.putAttributes(input),
    deleteAttributes: async () => Promise.reject(new SimpleDbError('ServiceUnavailable', message, 503)),
  };
}

/** The history store on a test connection (the test owns the connection: never close the store). */
/** The SQL of the backup's lock name for table prefix `sdb_` (src/stores/history/mysql/runs.ts), to take or find it from a test's session. */
export const SDB_LOCK_NAME_SQL = "CONCAT('pullback:', LEFT(SHA2(CONCAT(DATABASE(), '/', 'sdb_'), 256), 40))";

export function historyOf(conn: Connection, tablePrefix = 'sdb_'): MySqlHistoryStore {
  return new MySqlHistoryStore(conn, { tablePrefix });
}

/** stateAsOf read back into a map. */
export async function backedUpAt(conn: Connection, domain: string, t: number, tablePrefix = 'sdb_'): Promise<Map<string, AttributeMap>> {
  const out = new Map<string, AttributeMap>();
  for await (const s of stateAsOf(historyOf(conn, tablePrefix), domain, new Date(t))) out.set(s.name, s.attributes);
  return out;
}

/** Plain, sorted form for deepStrictEqual with readable diffs. */
export function plain(m: Map<string, AttributeMap>): [string, [string, string[]][]][] {
  return [...m]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([name, attrs]) => [name, Object.keys(attrs).sort(compareKeys).map((k) => [k, [...attrs[k]!].sort(compareKeys)] as [string, string[]])]);
}

/**
 * The readable current-state table decoded through the column mapping: item -> attribute -> the
 * text in its column (or in _overflow, as columnText would render it).
 */
export async function readableTable(conn: Connection, domain: string, tablePrefix = 'sdb_'): Promise<Map<string, Map<string, string>>> {
  const [d] = await conn.query<RowDataPacket[]>(`SELECT table_base FROM ${q(`${tablePrefix}_domains`)} WHERE domain = ?`, [Buffer.from(domain)]);
  const table = `${tablePrefix}${String(d[0]!['table_base'])}`;
  const [mapping] = await conn.query<RowDataPacket[]>(`SELECT attribute_name, column_name FROM ${q(`${tablePrefix}_columns`)} WHERE domain = ?`, [Buffer.from(domain)]);
  const attrOf = new Map<string, string>();
  for (const m of mapping) if (m['column_name']) attrOf.set(String(m['column_name']), (m['attribute_name'] as Buffer).toString('utf8'));
  const [rows] = await conn.query<RowDataPacket[]>(`SELECT * FROM ${q(table)}`);
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    const attrs = new Map<string, string>();
    for (const [col, v] of Object.entries(r)) {
      if (col.startsWith('_') || v === null) continue;
      attrs.set(attrOf.get(col)!, String(v));
    }
    if (r['_overflow'] !== null) {
      const o = (typeof r['_overflow'] === 'string' ? JSON.parse(r['_overflow']) : r['_overflow']) as Record<string, string | string[]>;
      for (const [k, v] of Object.entries(o)) attrs.set(k, columnText(typeof v === 'string' ? [v] : v));
    }
    out.set((r['_item'] as Buffer).toString('utf8'), attrs);
  }
  return out;
}

/** The truth rendered the way readableTable reads. */
export function asReadable(m: Map<string, AttributeMap>): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [name, attrs] of m) out.set(name, new Map(Object.entries(attrs).map(([k, v]) => [k, columnText(v)])));
  return out;
}

export function sortedReadable(m: Map<string, Map<string, string>>): [string, [string, string][]][] {
  return [...m].sort(([a], [b]) => compareKeys(a, b)).map(([n, attrs]) => [n, [...attrs].sort(([a], [b]) => compareKeys(a, b))]);
}

type Select = SimpleDbSource['select'];

/**
 * The client with its Select replaced by `select`, which gets each call's input and options (the
 * abort signal with them) and the real Select to send it with, or not; the other calls pass through.
 */
export function withSelect(client: SimpleDbSource, select: (input: Parameters<Select>[0], options: Parameters<Select>[1], real: Select) => ReturnType<Select>): SimpleDbSource {
  return {
    select: (input, options) => select(input, options, (i, o) => client.select(i, o)),
    listDomains: (input) => client.listDomains(input),
    domainMetadata: (input, options) => client.domainMetadata(input, options),
    getAttributes: (input) => client.getAttributes(input),
  };
}

/** The client's reads, with `beforeSelect` awaited before each Select is sent (to fail or kill something at a chosen page). */
export function withSelectHook(client: SimpleDbSource, beforeSelect: (input: Parameters<Select>[0]) => Promise<void>): SimpleDbSource {
  return withSelect(client, async (input, options, real) => {
    await beforeSelect(input);
    return real(input, options);
  });
}

/** A live domain's items as SimpleDB gives them now (consistent read), canonical. */
export async function liveDomain(client: SimpleDbClient, domain: string): Promise<Map<string, AttributeMap>> {
  const out = new Map<string, AttributeMap>();
  for await (const item of selectItems(client, { SelectExpression: `select * from ${quoteName(domain)}`, ConsistentRead: true })) out.set(item.Name, canonicalAttributes(item.Attributes));
  return out;
}

/** The test server's client with some calls replaced (everything a restore and its safety backup use). */
export function restoreClient(c: SimpleDbClient, overrides: Partial<SdbRestoreClient>): SdbRestoreClient {
  return {
    createDomain: (input) => c.createDomain(input),
    select: (input, options) => c.select(input, options),
    batchPutAttributes: (input) => c.batchPutAttributes(input),
    batchDeleteAttributes: (input) => c.batchDeleteAttributes(input),
    listDomains: (input?: Parameters<typeof c.listDomains>[0]) => c.listDomains(input),
    domainMetadata: (input: Parameters<typeof c.domainMetadata>[0]) => c.domainMetadata(input),
    getAttributes: (input: Parameters<typeof c.getAttributes>[0]) => c.getAttributes(input),
    ...overrides,
  } as SdbRestoreClient;
}
