/**
 * SimpleDB settings: the domains and write convention of a backup into MySQL, and the restore and
 * verify settings of that backup. Every error names the input the user set and what a valid value
 * looks like.
 */
import { DEFAULT_DELETE_LOG_DOMAIN, DEFAULT_STAMP_ATTRIBUTE, stampNameProblem } from '../simpledb/delete-log.ts';
import type { MySqlSettings } from '../stores/history/mysql/settings.ts';
import { tablePrefixProblem } from '../stores/history/mysql/identifiers.ts';
import { ConfigError } from './errors.ts';
import { Inputs } from './inputs.ts';
import { buildMySqlSettings } from './mysql.ts';
import { booleanSetting, durationSetting, integerSetting, listSetting, optional, parseYamlBoolean, type RawSettings } from './parse.ts';
import { inPlaceConfirmed, restoreMoment, targetConfirmed, type RestoreMoment } from './restore.ts';

export type FullScanPolicy = 'auto' | 'always' | 'never';

export interface SimpleDbBackupConfig {
  /** Domains to back up, or every domain of the account (the delete-log domain excepted). */
  domains: string[] | 'all';
  /** The stamp attribute of the write convention (default `lastModified`). */
  stampAttribute: string;
  /** The delete-log domain of the write convention (default `pullback_delete_log`). */
  deleteLogDomain: string;
  /** How far before the watermark an incremental read starts, in ms (`simpledb-overlap`, default 5 minutes). */
  overlapMs: number;
  /** `auto`: a full scan on a domain's first run, incremental after; `always`; `never`. */
  fullScan: FullScanPolicy;
  mysql: MySqlSettings;
  /** Prefix of every table (default `sdb_`): at most 16 of [A-Za-z0-9_]. */
  tablePrefix: string;
  /** Items per MySQL transaction (default 500; not an input: for tests and benchmarks). */
  batchSize: number;
  /**
   * Domains a backup works on at once, each on a MySQL session of its own
   * (`simpledb-domains-at-once`, 1 to 16, default 4); a plan (dry run) takes one at a time.
   */
  domainsAtOnce?: number;
  /** Where SimpleDB is; the engine receives a client, these are for whoever builds it. */
  simpledb: { region?: string; endpoint?: string };
  /**
   * Plan only (`dry-run`): read and plan exactly as a backup would, against what MySQL already
   * holds, and report what would be written; write nothing (no table, no runs row, no watermark).
   */
  dryRun?: boolean;
}

export type SimpleDbRestoreTarget =
  /** A new domain per source domain: `<domain>-restored-<T compact>`. */
  | { kind: 'new' }
  /** A named domain (one source domain only); `confirmed` when `confirm-in-place` was given (needed if it holds live data). */
  | { kind: 'domain'; name: string; confirmed?: boolean }
  /** The source domain itself: overwrites items and deletes those absent at T. */
  | { kind: 'in-place'; confirmed: true };

export interface SimpleDbRestoreConfig {
  time: RestoreMoment;
  /** Source domains to restore; empty: every domain the MySQL backup holds. */
  domains: string[];
  items?: string[];
  itemPrefix?: string;
  target: SimpleDbRestoreTarget;
  dryRun: boolean;
  /** `simpledb-domains` when set: a target among them holds live data. */
  liveDomains?: string[] | 'all';
  /** MySQL, table prefix and SimpleDB endpoint; also the configuration of the in-place safety backup. */
  backup: SimpleDbBackupConfig;
}

export interface SimpleDbVerifyConfig {
  /** Domains to check; empty: every backed-up domain. */
  domains: string[];
  backup: SimpleDbBackupConfig;
}

export const DEFAULTS = {
  stampAttribute: DEFAULT_STAMP_ATTRIBUTE,
  deleteLogDomain: DEFAULT_DELETE_LOG_DOMAIN,
  overlap: '5m',
  overlapMs: 5 * 60_000,
  fullScan: 'auto' as FullScanPolicy,
  tablePrefix: 'sdb_',
  batchSize: 500,
  /**
   * The store's own connection and three sessions (each with two more connections for a domain's
   * first run with many batches: at most twelve). Ten domains with nothing new, MySQL and SimpleDB 20 ms away:
   * 3.12 s -> 1.81 s; eight at once took 0.2 s less for twice the connections
   * (bench/results/2026-12-02.md).
   */
  domainsAtOnce: 4,
};
/** More sessions than this gain little (the run's set-up dominates) and hold many connections. */
const MAX_DOMAINS_AT_ONCE = 16;

const DOMAIN = /^[A-Za-z0-9_.-]{3,255}$/;
const DOMAIN_RULE = '3-255 characters of a-z, A-Z, 0-9, _, - and .';

/** `users, orders` or one per line; `all` or `*` for every domain. */
export function parseDomains(value: string, input: string = Inputs.simpledbDomains): string[] | 'all' {
  const list = value.split(/[\s,]+/).filter(Boolean);
  if (list.length === 0) throw new ConfigError(input, 'is empty; name the domains (comma-separated) or use "all"');
  if (list.length === 1 && (list[0]!.toLowerCase() === 'all' || list[0] === '*')) return 'all';
  for (const d of list) if (!DOMAIN.test(d)) throw new ConfigError(input, `"${d}" is not a SimpleDB domain name (${DOMAIN_RULE})`);
  return [...new Set(list)];
}

function fullScanPolicy(raw: RawSettings): FullScanPolicy {
  const value = optional(raw, Inputs.fullScan);
  if (value === undefined) return DEFAULTS.fullScan;
  const v = value.toLowerCase();
  if (v === 'auto' || v === 'always' || v === 'never') return v;
  // Booleans by the one rule every input follows (YAML 1.2: true/True/TRUE, false/False/FALSE).
  const flag = parseYamlBoolean(value);
  if (flag !== undefined) return flag ? 'always' : 'never';
  throw new ConfigError(Inputs.fullScan, `"${value}" is not a full-scan policy; use auto (first run of a domain), always or never`);
}

function simpleDbEndpoint(raw: RawSettings): SimpleDbBackupConfig['simpledb'] {
  const simpledb: SimpleDbBackupConfig['simpledb'] = {};
  const region = optional(raw, Inputs.simpledbRegion);
  if (region) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new ConfigError(Inputs.simpledbRegion, `"${region}" is not an AWS region (e.g. us-east-1)`);
    simpledb.region = region;
  }
  const endpoint = optional(raw, Inputs.simpledbEndpoint);
  if (endpoint) {
    try {
      new URL(endpoint.includes('://') ? endpoint : `https://${endpoint}`);
    } catch {
      throw new ConfigError(Inputs.simpledbEndpoint, `"${endpoint}" is not a URL or host (e.g. https://sdb.amazonaws.com or http://127.0.0.1:8080)`);
    }
    simpledb.endpoint = endpoint;
  }
  return simpledb;
}

/**
 * A backup's settings (missing or empty inputs take their defaults). `simpledb-domains` is
 * required; restore and verify, which select domains with their own inputs, pass `domainsFallback`.
 */
/** Where the history is: the MySQL settings and the table prefix (every SimpleDB mode; prune needs only these). */
export function historySettings(raw: RawSettings): { mysql: MySqlSettings; tablePrefix: string } {
  // An empty table prefix is allowed (tables named after the domains alone): only unset means the default.
  const tablePrefix = raw[Inputs.mysqlTablePrefix] === undefined ? DEFAULTS.tablePrefix : raw[Inputs.mysqlTablePrefix]!.trim();
  const prefixProblem = tablePrefixProblem(tablePrefix);
  if (prefixProblem) throw new ConfigError(Inputs.mysqlTablePrefix, `"${tablePrefix}" ${prefixProblem}`);
  return { mysql: buildMySqlSettings(raw), tablePrefix };
}

export function buildSimpleDbBackupConfig(raw: RawSettings, options: { domainsFallback?: string } = {}): SimpleDbBackupConfig {
  const { mysql, tablePrefix } = historySettings(raw);
  const domainsText = optional(raw, Inputs.simpledbDomains) ?? options.domainsFallback;
  if (domainsText === undefined) throw new ConfigError(Inputs.simpledbDomains, 'is missing; name the domains to back up (comma-separated) or "all"');
  const stampAttribute = optional(raw, Inputs.stampAttribute) ?? DEFAULTS.stampAttribute;
  if (Buffer.byteLength(stampAttribute) > 1024) throw new ConfigError(Inputs.stampAttribute, 'is longer than 1024 bytes, the SimpleDB limit for attribute names');
  const stampProblem = stampNameProblem(stampAttribute);
  if (stampProblem) throw new ConfigError(Inputs.stampAttribute, stampProblem);
  const deleteLogDomain = optional(raw, Inputs.deleteLogDomain) ?? DEFAULTS.deleteLogDomain;
  if (!DOMAIN.test(deleteLogDomain)) throw new ConfigError(Inputs.deleteLogDomain, `"${deleteLogDomain}" is not a SimpleDB domain name (${DOMAIN_RULE})`);
  return {
    domains: parseDomains(domainsText),
    stampAttribute,
    deleteLogDomain,
    // SimpleDB's overlap is its own input: S3's 6h would make every run re-read six hours of items.
    overlapMs: durationSetting(raw, Inputs.simpledbOverlap, DEFAULTS.overlap),
    fullScan: fullScanPolicy(raw),
    domainsAtOnce: integerSetting(raw, Inputs.simpledbDomainsAtOnce, DEFAULTS.domainsAtOnce, 1, MAX_DOMAINS_AT_ONCE),
    mysql,
    tablePrefix,
    batchSize: DEFAULTS.batchSize,
    simpledb: simpleDbEndpoint(raw),
    dryRun: booleanSetting(raw, Inputs.dryRun, false),
  };
}

/** Checks a config built in code (tests, the programmatic API) by the same rules; throws ConfigError. */
export function validateSimpleDbBackupConfig(c: SimpleDbBackupConfig): void {
  if (c.domains !== 'all') {
    if (!Array.isArray(c.domains) || c.domains.length === 0) throw new ConfigError(Inputs.simpledbDomains, 'is empty; name the domains to back up or use "all"');
    for (const d of c.domains) if (!DOMAIN.test(d)) throw new ConfigError(Inputs.simpledbDomains, `"${d}" is not a SimpleDB domain name`);
  }
  if (!c.stampAttribute) throw new ConfigError(Inputs.stampAttribute, 'is empty');
  const stampProblem = stampNameProblem(c.stampAttribute);
  if (stampProblem) throw new ConfigError(Inputs.stampAttribute, stampProblem);
  if (!DOMAIN.test(c.deleteLogDomain)) throw new ConfigError(Inputs.deleteLogDomain, `"${c.deleteLogDomain}" is not a SimpleDB domain name`);
  if (!Number.isFinite(c.overlapMs) || c.overlapMs < 0) throw new ConfigError(Inputs.simpledbOverlap, `${c.overlapMs} is not a duration of 0 ms or more`);
  if (!['auto', 'always', 'never'].includes(c.fullScan)) throw new ConfigError(Inputs.fullScan, `"${c.fullScan}" is not auto, always or never`);
  const prefixProblem = tablePrefixProblem(c.tablePrefix);
  if (prefixProblem) throw new ConfigError(Inputs.mysqlTablePrefix, `"${c.tablePrefix}" ${prefixProblem}`);
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1 || c.batchSize > 10_000) throw new ConfigError('batch-size', `${c.batchSize} is not a whole number from 1 to 10000`);
  if (c.domainsAtOnce !== undefined && (!Number.isInteger(c.domainsAtOnce) || c.domainsAtOnce < 1 || c.domainsAtOnce > MAX_DOMAINS_AT_ONCE)) {
    throw new ConfigError(Inputs.simpledbDomainsAtOnce, `${c.domainsAtOnce} is not a whole number from 1 to ${MAX_DOMAINS_AT_ONCE}`);
  }
  if (!c.mysql?.database) throw new ConfigError(Inputs.mysqlDatabase, 'is missing');
}

/** The config for logs and cache keys: the password is never shown. */
export function describeSimpleDbConfig(c: SimpleDbBackupConfig): Record<string, unknown> {
  return { ...c, mysql: { ...c.mysql, password: c.mysql.password ? 'REDACTED' : '', sslCa: c.mysql.sslCa ? 'PEM' : undefined } };
}

function domainList(raw: RawSettings, input: typeof Inputs.restoreSources | typeof Inputs.verifySources): string[] {
  const domains = listSetting(raw, input);
  for (const domain of domains) if (!DOMAIN.test(domain)) throw new ConfigError(input, `${JSON.stringify(domain)} is not a SimpleDB domain name`);
  return domains;
}

/**
 * Restore settings: `restore-time`; `restore-sources` (domains, default every backed-up domain);
 * `restore-keys` (item names) and `restore-prefix` (item-name prefix); `restore-target-domain` (a
 * domain; default a new domain `<domain>-restored-<T>`); `restore-in-place` with
 * `confirm-in-place: overwrite live data` (also required when `restore-target-domain` names a
 * domain the backup covers: the restore checks that against MySQL); `dry-run`; plus the MySQL
 * settings of the backup, `simpledb-domains` (a target among them is live) and
 * `simpledb-endpoint`/`-region`.
 */
export function buildSimpleDbRestoreConfig(raw: RawSettings, now: Date = new Date()): SimpleDbRestoreConfig {
  const time = restoreMoment(raw, now);
  // `simpledb-domains` is what a backup reads; a restore selects with `restore-sources`.
  const backup = buildSimpleDbBackupConfig(raw, { domainsFallback: 'all' });
  const domains = domainList(raw, Inputs.restoreSources);
  const targetText = optional(raw, Inputs.restoreTargetDomain);
  let target: SimpleDbRestoreTarget = { kind: 'new' };
  if (booleanSetting(raw, Inputs.restoreInPlace, false) && targetText !== undefined) {
    throw new ConfigError(Inputs.restoreTargetDomain, `cannot be combined with \`${Inputs.restoreInPlace}: true\``);
  }
  if (inPlaceConfirmed(raw, 'items')) {
    target = { kind: 'in-place', confirmed: true };
  } else if (targetText !== undefined) {
    if (!DOMAIN.test(targetText)) throw new ConfigError(Inputs.restoreTargetDomain, `${JSON.stringify(targetText)} is not a SimpleDB domain name (${DOMAIN_RULE})`);
    if (domains.length !== 1) throw new ConfigError(Inputs.restoreTargetDomain, `a named target domain takes one source domain: set \`${Inputs.restoreSources}\` to it`);
    // Whether the domain holds live data is known only from MySQL: the restore checks it, and
    // refuses a live one unless this confirmation was given.
    target = { kind: 'domain', name: targetText, ...(targetConfirmed(raw) ? { confirmed: true } : {}) };
  }
  const items = listSetting(raw, Inputs.restoreKeys);
  const itemPrefix = optional(raw, Inputs.restorePrefix);
  return {
    time,
    domains,
    target,
    dryRun: backup.dryRun === true,
    // `simpledb-domains` as set (not the `all` fallback the backup part gets when it is unset).
    ...(optional(raw, Inputs.simpledbDomains) !== undefined ? { liveDomains: backup.domains } : {}),
    ...(items.length > 0 ? { items } : {}),
    ...(itemPrefix !== undefined ? { itemPrefix } : {}),
    backup: { ...backup, dryRun: false },
  };
}

/** Verify settings: `verify-sources` (domains, default every backed-up domain) and the MySQL settings. */
export function buildSimpleDbVerifyConfig(raw: RawSettings): SimpleDbVerifyConfig {
  return { domains: domainList(raw, Inputs.verifySources), backup: buildSimpleDbBackupConfig(raw, { domainsFallback: 'all' }) };
}
