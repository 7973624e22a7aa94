// The typed, validated configuration of a SimpleDB -> MySQL backup, and its construction from the
// string settings an action input, a CLI flag or an environment variable provides. Every error
// names the setting and says what a valid value looks like.
import { MySqlSettingError, parseMySqlUrl, parsePort, parseSslMode, type MySqlSettings } from '../stores/history/mysql/connection.ts';
import { tablePrefixProblem } from '../stores/history/mysql/identifiers.ts';
import { parseYamlBoolean } from './parse.ts';

export type FullScanPolicy = 'auto' | 'always' | 'never';

export interface SimpleDbBackupConfig {
  /** Domains to back up, or every domain of the account (the delete-log domain excepted). */
  domains: string[] | 'all';
  /** The stamp attribute of the write convention (default `lastModified`). */
  stampAttribute: string;
  /** The delete-log domain of the write convention (default `pullback_delete_log`). */
  deleteLogDomain: string;
  /** How far before the watermark an incremental read starts, in ms (default 5 minutes). */
  overlapMs: number;
  /** `auto`: a full scan on a domain's first run, incremental after; `always`; `never`. */
  fullScan: FullScanPolicy;
  mysql: MySqlSettings;
  /** Prefix of every table (default `sdb_`): at most 16 of [A-Za-z0-9_]. */
  tablePrefix: string;
  /** Items per MySQL transaction (default 500). */
  batchSize: number;
  /** Where SimpleDB is; the engine receives a client, these are for whoever builds it. */
  simpledb: { region?: string; endpoint?: string };
  /**
   * Plan only (`dry-run`): read and plan exactly as a backup would, against what MySQL already
   * holds, and report what would be written; write nothing (no table, no runs row, no watermark).
   */
  dryRun?: boolean;
}

/** A setting with an unusable value (the message names it). */
export class SettingError extends Error {
  readonly setting: string;
  constructor(setting: string, message: string, options?: { cause?: unknown }) {
    super(`${setting}: ${message}`, options);
    this.name = 'SettingError';
    this.setting = setting;
  }
}

/** Setting names, as action inputs / CLI flags (`--mysql-url`) spell them. */
export const SETTINGS = {
  mysqlUrl: 'mysql-url',
  mysqlHost: 'mysql-host',
  mysqlPort: 'mysql-port',
  mysqlUser: 'mysql-user',
  mysqlPassword: 'mysql-password',
  mysqlDatabase: 'mysql-database',
  mysqlSsl: 'mysql-ssl',
  mysqlSslCa: 'mysql-ssl-ca',
  tablePrefix: 'mysql-table-prefix',
  domains: 'simpledb-domains',
  region: 'simpledb-region',
  endpoint: 'simpledb-endpoint',
  stampAttribute: 'stamp-attribute',
  deleteLogDomain: 'delete-log-domain',
  overlap: 'overlap',
  fullScan: 'full-scan',
  batchSize: 'batch-size',
  dryRun: 'dry-run',
} as const;

/**
 * The action and the CLI name SimpleDB's overlap `simpledb-overlap` (S3 has its own `overlap`):
 * pass it as `overlapSetting` so a bad value is reported under the name the user set.
 */
export const ACTION_OVERLAP_SETTING = 'simpledb-overlap';

export interface ParseOptions {
  /** The setting that holds the overlap window (default `overlap`; the action's is `simpledb-overlap`). */
  overlapSetting?: string;
}

export const DEFAULTS = {
  stampAttribute: 'lastModified',
  deleteLogDomain: 'pullback_delete_log',
  overlapMs: 5 * 60_000,
  fullScan: 'auto' as FullScanPolicy,
  tablePrefix: 'sdb_',
  batchSize: 500,
  mysqlHost: '127.0.0.1',
  mysqlPort: 3306,
  mysqlUser: 'root',
};

const DOMAIN_RE = /^[A-Za-z0-9_.-]{3,255}$/;

/** `300000`, `300000ms`, `90s`, `5m`, `1h` -> ms. */
export function parseDuration(value: string, setting: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(value);
  if (!m) throw new SettingError(setting, `"${value}" is not a duration; use e.g. 300s, 5m, 1h or a number of milliseconds`);
  const unit = (m[2] ?? 'ms').toLowerCase();
  const factor = unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : unit === 's' ? 1000 : 1;
  const ms = Math.round(Number(m[1]) * factor);
  if (ms > 366 * 24 * 3_600_000) throw new SettingError(setting, `"${value}" is longer than a year; use a window of minutes or hours`);
  return ms;
}

/** `users, orders` or one per line; `all` or `*` for every domain. */
export function parseDomains(value: string, setting = SETTINGS.domains): string[] | 'all' {
  const list = value.split(/[\s,]+/).filter(Boolean);
  if (list.length === 0) throw new SettingError(setting, 'is empty; name the domains (comma-separated) or use "all"');
  if (list.length === 1 && (list[0]!.toLowerCase() === 'all' || list[0] === '*')) return 'all';
  for (const d of list) {
    if (!DOMAIN_RE.test(d)) throw new SettingError(setting, `"${d}" is not a SimpleDB domain name (3-255 characters of a-z, A-Z, 0-9, _, - and .)`);
  }
  return [...new Set(list)];
}

function fullScanPolicy(value: string, setting: string): FullScanPolicy {
  const v = value.trim().toLowerCase();
  if (v === 'auto' || v === 'always' || v === 'never') return v;
  // Booleans by the one rule every input follows (YAML 1.2: true/True/TRUE, false/False/FALSE).
  const flag = parseYamlBoolean(value);
  if (flag !== undefined) return flag ? 'always' : 'never';
  throw new SettingError(setting, `"${value}" is not a full-scan policy; use auto (first run of a domain), always or never`);
}

function positiveInt(value: string, setting: string, max: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > max) throw new SettingError(setting, `"${value}" is not a whole number from 1 to ${max}`);
  return Number(value);
}

/**
 * Builds the config from string settings (missing or empty = default). The MySQL connection comes
 * from `mysql-url` and/or the separate settings; a separate setting overrides that part of the URL
 * (so a URL without password plus a secret `mysql-password` works).
 */
export function parseSimpleDbBackupSettings(raw: Readonly<Record<string, string | undefined>>, options: ParseOptions = {}): SimpleDbBackupConfig {
  const get = (name: string): string | undefined => {
    const v = raw[name];
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof MySqlSettingError) throw new SettingError(err.setting, err.message.slice(err.setting.length + 2), { cause: err });
      throw err;
    }
  };

  const url = get(SETTINGS.mysqlUrl);
  const mysql: MySqlSettings = url
    ? wrap(() => parseMySqlUrl(url.trim(), SETTINGS.mysqlUrl))
    : { host: DEFAULTS.mysqlHost, port: DEFAULTS.mysqlPort, user: DEFAULTS.mysqlUser, password: '', database: '', ssl: 'off' };
  const host = get(SETTINGS.mysqlHost);
  if (host) mysql.host = host.trim();
  const port = get(SETTINGS.mysqlPort);
  if (port) mysql.port = wrap(() => parsePort(port.trim(), SETTINGS.mysqlPort));
  const user = get(SETTINGS.mysqlUser);
  if (user) mysql.user = user.trim();
  const password = raw[SETTINGS.mysqlPassword];
  if (password) mysql.password = password;
  const database = get(SETTINGS.mysqlDatabase);
  if (database) mysql.database = database.trim();
  const ssl = get(SETTINGS.mysqlSsl);
  if (ssl) mysql.ssl = wrap(() => parseSslMode(ssl, SETTINGS.mysqlSsl));
  const ca = get(SETTINGS.mysqlSslCa);
  if (ca) {
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new SettingError(SETTINGS.mysqlSslCa, 'is not a PEM certificate (give the certificate text, -----BEGIN CERTIFICATE----- ...)');
    mysql.sslCa = ca;
    if (mysql.ssl === 'off') mysql.ssl = 'verify';
  }
  if (!mysql.database) {
    throw new SettingError(SETTINGS.mysqlDatabase, `is missing; set ${SETTINGS.mysqlDatabase} or give the database in ${SETTINGS.mysqlUrl} (mysql://user@host:3306/database)`);
  }
  if (mysql.database.length > 64 || /[\u0000/\\.]|\s$/.test(mysql.database)) {
    throw new SettingError(SETTINGS.mysqlDatabase, `"${mysql.database}" is not a usable database name (at most 64 characters, no / \\ . or trailing space)`);
  }

  const domainsRaw = get(SETTINGS.domains);
  if (!domainsRaw) throw new SettingError(SETTINGS.domains, 'is missing; name the domains to back up (comma-separated) or "all"');
  const domains = parseDomains(domainsRaw);

  const stampAttribute = get(SETTINGS.stampAttribute) ?? DEFAULTS.stampAttribute;
  if (Buffer.byteLength(stampAttribute) > 1024) throw new SettingError(SETTINGS.stampAttribute, 'is longer than 1024 bytes, the SimpleDB limit for attribute names');
  const deleteLogDomain = (get(SETTINGS.deleteLogDomain) ?? DEFAULTS.deleteLogDomain).trim();
  if (!DOMAIN_RE.test(deleteLogDomain)) {
    throw new SettingError(SETTINGS.deleteLogDomain, `"${deleteLogDomain}" is not a SimpleDB domain name (3-255 characters of a-z, A-Z, 0-9, _, - and .)`);
  }
  const overlapSetting = options.overlapSetting ?? SETTINGS.overlap;
  const overlapRaw = get(overlapSetting);
  const overlapMs = overlapRaw ? parseDuration(overlapRaw, overlapSetting) : DEFAULTS.overlapMs;
  const fullScanRaw = get(SETTINGS.fullScan);
  const fullScan = fullScanRaw ? fullScanPolicy(fullScanRaw, SETTINGS.fullScan) : DEFAULTS.fullScan;
  const tablePrefix = raw[SETTINGS.tablePrefix] === undefined ? DEFAULTS.tablePrefix : raw[SETTINGS.tablePrefix]!.trim();
  const prefixProblem = tablePrefixProblem(tablePrefix);
  if (prefixProblem) throw new SettingError(SETTINGS.tablePrefix, `"${tablePrefix}" ${prefixProblem}`);
  const batchRaw = get(SETTINGS.batchSize);
  const batchSize = batchRaw ? positiveInt(batchRaw, SETTINGS.batchSize, 10_000) : DEFAULTS.batchSize;

  const simpledb: SimpleDbBackupConfig['simpledb'] = {};
  const region = get(SETTINGS.region);
  if (region) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region.trim())) throw new SettingError(SETTINGS.region, `"${region}" is not an AWS region (e.g. us-east-1)`);
    simpledb.region = region.trim();
  }
  const endpoint = get(SETTINGS.endpoint);
  if (endpoint) {
    const e = endpoint.trim();
    try {
      new URL(e.includes('://') ? e : `https://${e}`);
    } catch {
      throw new SettingError(SETTINGS.endpoint, `"${e}" is not a URL or host (e.g. https://sdb.amazonaws.com or http://127.0.0.1:8080)`);
    }
    simpledb.endpoint = e;
  }
  const dryRunRaw = get(SETTINGS.dryRun);
  const dryRun = dryRunRaw === undefined ? false : parseYamlBoolean(dryRunRaw);
  if (dryRun === undefined) throw new SettingError(SETTINGS.dryRun, `must be true or false, got ${JSON.stringify(dryRunRaw!.trim())}`);
  return { domains, stampAttribute, deleteLogDomain, overlapMs, fullScan, mysql, tablePrefix, batchSize, simpledb, dryRun };
}

/** Checks a config built in code (not from strings) the same way; throws SettingError. */
export function validateSimpleDbBackupConfig(c: SimpleDbBackupConfig): void {
  if (c.domains !== 'all') {
    if (!Array.isArray(c.domains) || c.domains.length === 0) throw new SettingError(SETTINGS.domains, 'is empty; name the domains to back up or use "all"');
    for (const d of c.domains) if (!DOMAIN_RE.test(d)) throw new SettingError(SETTINGS.domains, `"${d}" is not a SimpleDB domain name`);
  }
  if (!c.stampAttribute) throw new SettingError(SETTINGS.stampAttribute, 'is empty');
  if (!DOMAIN_RE.test(c.deleteLogDomain)) throw new SettingError(SETTINGS.deleteLogDomain, `"${c.deleteLogDomain}" is not a SimpleDB domain name`);
  if (!Number.isFinite(c.overlapMs) || c.overlapMs < 0) throw new SettingError(SETTINGS.overlap, `${c.overlapMs} is not a duration of 0 ms or more`);
  if (!['auto', 'always', 'never'].includes(c.fullScan)) throw new SettingError(SETTINGS.fullScan, `"${c.fullScan}" is not auto, always or never`);
  const prefixProblem = tablePrefixProblem(c.tablePrefix);
  if (prefixProblem) throw new SettingError(SETTINGS.tablePrefix, `"${c.tablePrefix}" ${prefixProblem}`);
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1 || c.batchSize > 10_000) throw new SettingError(SETTINGS.batchSize, `${c.batchSize} is not a whole number from 1 to 10000`);
  if (!c.mysql?.database) throw new SettingError(SETTINGS.mysqlDatabase, 'is missing');
}

/** The config for logs: the password is never shown. */
export function describeConfig(c: SimpleDbBackupConfig): Record<string, unknown> {
  return { ...c, mysql: { ...c.mysql, password: c.mysql.password ? 'REDACTED' : '', sslCa: c.mysql.sslCa ? 'PEM' : undefined } };
}
