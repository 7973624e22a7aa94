/**
 * The MySQL/MariaDB connection of the SimpleDB backup, from `mysql-url` and/or the separate
 * `mysql-*` inputs (a separate input overrides that part of the URL, so a URL without a password
 * plus a secret `mysql-password` works). The password is never part of an error message.
 */
import type { MySqlSettings, MySqlSslMode } from '../stores/history/mysql/settings.ts';
import { ConfigError } from './errors.ts';
import { Inputs, type InputName } from './inputs.ts';
import { optional, type RawSettings } from './parse.ts';

export const MYSQL_DEFAULTS = { host: '127.0.0.1', port: 3306, user: 'root' } as const;

/**
 * Settings from a `mysql://user:password@host:port/database?ssl=on` URL (`mariadb://` too). The
 * user and password may be percent-encoded; `ssl` accepts off/on/verify (also false/true/required).
 */
export function parseMySqlUrl(url: string, input: InputName = Inputs.mysqlUrl): MySqlSettings {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError(input, 'is not a URL; expected mysql://user:password@host:3306/database');
  }
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') {
    throw new ConfigError(input, `has scheme "${u.protocol}"; expected mysql://user:password@host:3306/database`);
  }
  if (!u.hostname) throw new ConfigError(input, 'has no host; expected mysql://user:password@host:3306/database');
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) throw new ConfigError(input, 'has no database; add it as the path, e.g. mysql://user@host:3306/backups');
  const settings: MySqlSettings = {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? parsePort(u.port, input) : MYSQL_DEFAULTS.port,
    user: decodeURIComponent(u.username) || MYSQL_DEFAULTS.user,
    password: decodeURIComponent(u.password),
    database,
    ssl: 'off',
  };
  const ssl = u.searchParams.get('ssl') ?? u.searchParams.get('sslmode');
  if (ssl !== null) settings.ssl = parseSslMode(ssl, input);
  return settings;
}

export function parsePort(value: string, input: InputName): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new ConfigError(input, `"${value}" is not a port; use a number 1-65535`);
  return Number(value);
}

export function parseSslMode(value: string, input: InputName): MySqlSslMode {
  const v = value.trim().toLowerCase();
  if (['off', 'false', 'disabled', 'disable', 'no', '0'].includes(v)) return 'off';
  if (['on', 'true', 'required', 'require', 'yes', '1'].includes(v)) return 'on';
  if (['verify', 'verify-ca', 'verify-full', 'verify_identity', 'verify-identity'].includes(v)) return 'verify';
  throw new ConfigError(input, `"${value}" is not a TLS mode; use off, on or verify`);
}

export function buildMySqlSettings(raw: RawSettings): MySqlSettings {
  const url = optional(raw, Inputs.mysqlUrl);
  const mysql: MySqlSettings = url ? parseMySqlUrl(url) : { ...MYSQL_DEFAULTS, password: '', database: '', ssl: 'off' };
  const host = optional(raw, Inputs.mysqlHost);
  if (host) mysql.host = host;
  const port = optional(raw, Inputs.mysqlPort);
  if (port) mysql.port = parsePort(port, Inputs.mysqlPort);
  const user = optional(raw, Inputs.mysqlUser);
  if (user) mysql.user = user;
  // A password is taken as given: spaces at its ends are part of it.
  const password = raw[Inputs.mysqlPassword];
  if (password) mysql.password = password;
  const database = optional(raw, Inputs.mysqlDatabase);
  if (database) mysql.database = database;
  const ssl = optional(raw, Inputs.mysqlSsl);
  if (ssl) mysql.ssl = parseSslMode(ssl, Inputs.mysqlSsl);
  const ca = optional(raw, Inputs.mysqlSslCa);
  if (ca) {
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(Inputs.mysqlSslCa, 'is not a PEM certificate (give the certificate text, -----BEGIN CERTIFICATE----- ...)');
    mysql.sslCa = ca;
    if (mysql.ssl === 'off') mysql.ssl = 'verify';
  }
  if (!mysql.database) {
    throw new ConfigError(Inputs.mysqlDatabase, `is missing; set ${Inputs.mysqlDatabase} or give the database in ${Inputs.mysqlUrl} (mysql://user@host:3306/database)`);
  }
  if (mysql.database.length > 64 || /[\u0000/\\.]|\s$/.test(mysql.database)) {
    throw new ConfigError(Inputs.mysqlDatabase, `"${mysql.database}" is not a usable database name (at most 64 characters, no / \\ . or trailing space)`);
  }
  return mysql;
}
