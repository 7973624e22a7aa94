// The MySQL/MariaDB connection: from a URL or separate parts, TLS options, a password that is never
// logged, errors that name the setting to fix, and how to tell that a connection is gone.
import mysql from 'mysql2/promise';
import type { Connection, ConnectionOptions } from 'mysql2/promise';
import { ConfigError } from '../../../config/errors.ts';

export type { Connection } from 'mysql2/promise';

/** TLS: `off`; `on` (encrypted, server certificate not verified); `verify` (encrypted and verified, optionally against `sslCa`). */
export type MySqlSslMode = 'off' | 'on' | 'verify';

export interface MySqlSettings {
  host: string;
  port: number;
  user: string;
  /** A secret: never logged, never part of an error message. */
  password: string;
  database: string;
  ssl: MySqlSslMode;
  /** PEM certificate authority for `verify` (the text, not a path). */
  sslCa?: string;
  /** Connect timeout in ms (default 10 000). */
  connectTimeoutMs?: number;
}

/**
 * A malformed URL, port or TLS mode (the parsers below). Transitional: config/simpledb.ts re-throws
 * it as its own error; once config parses through ConfigError alone, these parsers throw
 * ConfigError too and this class goes.
 */
export class MySqlSettingError extends Error {
  readonly setting: string;
  constructor(setting: string, message: string, options?: { cause?: unknown }) {
    super(`${setting}: ${message}`, options);
    this.name = 'MySqlSettingError';
    this.setting = setting;
  }
}

/**
 * Settings from a `mysql://user:password@host:port/database?ssl=on` URL (`mariadb://` too). The
 * user and password may be percent-encoded; `ssl` accepts off/on/verify (also false/true/required).
 */
export function parseMySqlUrl(url: string, setting = 'mysql-url'): MySqlSettings {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MySqlSettingError(setting, 'is not a URL; expected mysql://user:password@host:3306/database');
  }
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') {
    throw new MySqlSettingError(setting, `has scheme "${u.protocol}"; expected mysql://user:password@host:3306/database`);
  }
  if (!u.hostname) throw new MySqlSettingError(setting, 'has no host; expected mysql://user:password@host:3306/database');
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) {
    throw new MySqlSettingError(setting, 'has no database; add it as the path, e.g. mysql://user@host:3306/backups');
  }
  const settings: MySqlSettings = {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? parsePort(u.port, setting) : 3306,
    user: decodeURIComponent(u.username) || 'root',
    password: decodeURIComponent(u.password),
    database,
    ssl: 'off',
  };
  const ssl = u.searchParams.get('ssl') ?? u.searchParams.get('sslmode');
  if (ssl !== null) settings.ssl = parseSslMode(ssl, `${setting} (ssl parameter)`);
  return settings;
}

export function parsePort(value: string, setting: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
    throw new MySqlSettingError(setting, `"${value}" is not a port; use a number 1-65535`);
  }
  return Number(value);
}

export function parseSslMode(value: string, setting: string): MySqlSslMode {
  const v = value.trim().toLowerCase();
  if (['off', 'false', 'disabled', 'disable', 'no', '0'].includes(v)) return 'off';
  if (['on', 'true', 'required', 'require', 'yes', '1'].includes(v)) return 'on';
  if (['verify', 'verify-ca', 'verify-full', 'verify_identity', 'verify-identity'].includes(v)) return 'verify';
  throw new MySqlSettingError(setting, `"${value}" is not a TLS mode; use off, on or verify`);
}

/** `user@host:port/database (tls on)`, for logs: never the password. */
export function describeMySql(s: MySqlSettings): string {
  return `${s.user}@${s.host}:${s.port}/${s.database} (tls ${s.ssl})`;
}

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
    throw explainConnectError(err, s);
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
