// The history stores the contract suite (test/contract/history-store.test.ts) runs against, each
// on a real server. A new implementation adds one harness here and one entry in HISTORY_STORES.
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { connectMySql, type MySqlSettings } from '../../src/stores/history/mysql/connection.ts';
import { quoteIdentifier as q } from '../../src/stores/history/mysql/identifiers.ts';
import { MySqlHistoryStore } from '../../src/stores/history/mysql/store.ts';
import type { HistoryStore } from '../../src/stores/history/types.ts';

/** A store the suite opened, with what the suite needs beyond the contract. */
export type OpenedHistoryStore = HistoryStore & {
  /** Ends the store's session (the suite closes every store it opens). */
  close(): Promise<void>;
};

/** One throwaway backing database. */
export interface HistoryStoreBackend {
  /**
   * A store on a new session of the backing database. Stores opened with the same namespace share
   * their data (and their lock); other namespaces are apart. A namespace is at most 12 characters
   * of [a-z0-9_].
   */
  open(namespace: string): Promise<OpenedHistoryStore>;
  /** Cuts the store's session as a network failure or a KILL would (undefined: the store cannot simulate it). */
  cutConnection?(store: OpenedHistoryStore): void;
  tearDown(): Promise<void>;
}

export interface HistoryStoreHarness {
  name: string;
  /**
   * Attribute names a domain's current state lays out before the rest go another way (the MySQL
   * store: columns, then the `_overflow` JSON column). Harnesses set it small so the suite crosses it.
   */
  attributeLayoutLimit: number;
  setUp(): Promise<HistoryStoreBackend>;
}

const MYSQL_ADMIN = {
  host: process.env['MYSQL_HOST'] ?? '127.0.0.1',
  port: Number(process.env['MYSQL_PORT'] ?? 3306),
  user: process.env['MYSQL_USER'] ?? 'root',
  password: process.env['MYSQL_PASSWORD'] ?? '',
};

const MYSQL_COLUMNS = 4;

/** The MySQL store on MariaDB (127.0.0.1:3306 unless MYSQL_* say otherwise), in a database created for the suite. */
export const mysqlHistoryStore: HistoryStoreHarness = {
  name: 'MySQL history store (MariaDB)',
  attributeLayoutLimit: MYSQL_COLUMNS,
  async setUp() {
    const database = `pullback_c_${randomBytes(6).toString('hex')}`;
    const admin = await mysql.createConnection(MYSQL_ADMIN);
    await admin.query(`CREATE DATABASE ${q(database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    await admin.end();
    const settings: MySqlSettings = { ...MYSQL_ADMIN, database, ssl: 'off' };
    return {
      async open(namespace) {
        // `connect`: its sessions and second connections open as the backup's do.
        return new MySqlHistoryStore(await connectMySql(settings), { tablePrefix: `${namespace}_`, maxAttributeColumns: MYSQL_COLUMNS, connect: () => connectMySql(settings) });
      },
      cutConnection(store) {
        (store as MySqlHistoryStore).conn.destroy();
      },
      async tearDown() {
        const a = await mysql.createConnection(MYSQL_ADMIN);
        await a.query(`DROP DATABASE IF EXISTS ${q(database)}`);
        await a.end();
      },
    };
  },
};

export const HISTORY_STORES: readonly HistoryStoreHarness[] = [mysqlHistoryStore];
