// The MySQL/MariaDB connection: opened from settings.ts's settings with the options the history
// store relies on (UTC, binary collation, dates as text), errors that name the setting to fix, and
// how to tell that a connection is gone.
import mysql from 'mysql2/promise';
import type { Connection, ConnectionOptions } from 'mysql2/promise';
import { ConfigError } from '../../../config/errors.ts';
import type { MySqlSettings } from './settings.ts';

export type { Connection } from 'mysql2/promise';
// Kept importable from here for config/simpledb.ts; import them from settings.ts, which does not load mysql2.
export { describeMySql, type MySqlSettings, type MySqlSslMode } from './settings.ts';

function connectionOptions(s: MySqlSettings): ConnectionOptions {
  const options: ConnectionOptions = {
    host: s.host,
    port: s.port,
    user: s.user,
    password: s.password,
    database: s.database,
    charset: 'utf8mb4_bin',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
    // The history's prepared statements (writes.ts: a few shapes per domain): the oldest are closed
    // beyond this, so a run over many domains never nears the server's max_prepared_stmt_count.
    maxPreparedStatements: 64,
    connectTimeout: s.connectTimeoutMs ?? 10_000,
  };
  if (s.ssl !== 'off') {
    options.ssl = s.ssl === 'verify' ? (s.sslCa ? { ca: s.sslCa, rejectUnauthorized: true } : { rejectUnauthorized: true }) : { rejectUnauthorized: false };
  }
  return options;
}

/**
 * Opens one connection (the backup is sequential: a single connection keeps transactions simple).
 * Errors name the setting: unreachable host, refused credentials, unknown database, TLS refused.
 */
export async function connectMySql(s: MySqlSettings): Promise<Connection> {
  let conn: Connection;
  try {
    conn = await mysql.createConnection(connectionOptions(s));
  } catch (err) {
    // `reason`: the server's own words, password blanked, for a caller that words the rest itself.
    throw Object.assign(explainConnectError(err, s), { reason: redact((err as Error)?.message ?? String(err), s.password) });
  }
  await conn.query("SET time_zone = '+00:00'");
  return conn;
}

/** A ConfigError that keeps the driver's error as its cause (for PULLBACK_DEBUG). */
function settingError(input: string, message: string, cause: unknown): ConfigError {
  return Object.assign(new ConfigError(input, message), { cause });
}

function explainConnectError(err: unknown, s: MySqlSettings): ConfigError {
  const e = err as { code?: string; errno?: number; message?: string };
  const where = `${s.host}:${s.port}`;
  const detail = redact(e.message ?? String(err), s.password);
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return settingError('mysql-host', `cannot reach MySQL at ${where} (${e.code}); check mysql-host/mysql-port (or mysql-url) and that the server accepts connections from this runner`, err);
    case 'ER_ACCESS_DENIED_ERROR':
    case 'ER_DBACCESS_DENIED_ERROR':
      if (e.code === 'ER_DBACCESS_DENIED_ERROR') {
        return settingError('mysql-database', `user "${s.user}" may not use database "${s.database}" (${detail}); GRANT it privileges on \`${s.database}\`.*`, err);
      }
      return settingError('mysql-password', `MySQL at ${where} refused user "${s.user}" (${detail}); check mysql-user and mysql-password (or mysql-url)`, err);
    // The user's max_user_connections (MariaDB and MySQL: ER_USER_LIMIT_REACHED; the server's own
    // max_user_connections setting: ER_TOO_MANY_USER_CONNECTIONS).
    case 'ER_USER_LIMIT_REACHED':
    case 'ER_TOO_MANY_USER_CONNECTIONS':
      return settingError(
        'mysql-user',
        `MySQL at ${where} refused user "${s.user}" another connection (${detail}); a backup takes up to two connections per SimpleDB domain at once ` +
          `(simpledb-domains-at-once): close the user's other connections, raise its limit (ALTER USER ... WITH MAX_USER_CONNECTIONS n), or back up fewer domains at once`,
        err,
      );
    case 'ER_CON_COUNT_ERROR':
      return settingError('mysql-host', `MySQL at ${where} has no connection to spare (${detail}); try again later, or raise the server's max_connections`, err);
    case 'ER_BAD_DB_ERROR':
      return settingError('mysql-database', `database "${s.database}" does not exist on ${where}; create it (CREATE DATABASE \`${s.database}\`) or fix mysql-database`, err);
    case 'HANDSHAKE_NO_SSL_SUPPORT':
      return settingError('mysql-ssl', `MySQL at ${where} does not offer TLS; set mysql-ssl to off or enable TLS on the server`, err);
    default:
      if (/certificate|self.signed|SSL|TLS/i.test(detail)) {
        return settingError('mysql-ssl', `TLS to ${where} failed (${detail}); set mysql-ssl to on (no verification) or give the CA`, err);
      }
      return settingError('mysql-host', `cannot connect to MySQL at ${where}: ${detail}`, err);
  }
}

/**
 * Whether a driver error means the connection is gone: mysql2 marks errors that end it `fatal` (a
 * KILL from another session is one of them); the codes cover a reset or a server shutdown.
 */
export function isConnectionLost(err: unknown): boolean {
  const e = err as { fatal?: boolean; code?: string; message?: string } | undefined;
  if (!e) return false;
  if (e.fatal === true) return true;
  if (['PROTOCOL_CONNECTION_LOST', 'ER_CONNECTION_KILLED', 'ECONNRESET', 'EPIPE', 'ER_SERVER_SHUTDOWN'].includes(e.code ?? '')) return true;
  return /connection is in closed state/i.test(e.message ?? '');
}

/** A message with the password (if any) blanked out. */
export function redact(message: string, password: string): string {
  return password ? message.split(password).join('***') : message;
}
