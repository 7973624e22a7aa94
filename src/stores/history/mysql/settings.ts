// MySQL/MariaDB connection settings: from a URL or separate parts, TLS modes, a password that is
// never logged. Pure (no driver): config/ parses settings with it without loading mysql2.

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
