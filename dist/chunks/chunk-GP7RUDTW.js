import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  backupTuning,
  bandwidthSetting,
  booleanSetting,
  buildS3Settings,
  connectionFrom,
  durationSetting,
  filterSetting,
  integerSetting,
  listSetting,
  optional,
  parseLocation,
  parseYamlBoolean,
  restoreTargetInputs,
  writableDestination
} from "./chunk-EKYJ357X.js";
import {
  tablePrefixProblem
} from "./chunk-WULSAGZO.js";
import {
  IN_PLACE_CONFIRMATION,
  Inputs
} from "./chunk-BMM2K3KS.js";
import {
  ConfigError
} from "./chunk-JTCAABZB.js";

// src/simpledb/delete-log.ts
var DEFAULT_STAMP_ATTRIBUTE = "lastModified";
var DEFAULT_DELETE_LOG_DOMAIN = "pullback_delete_log";
var DELETE_LOG_ATTRIBUTES = { itemName: "itemName", domain: "domain", deletedAt: "deletedAt", state: "state" };
function stampNameProblem(name) {
  const taken = Object.values(DELETE_LOG_ATTRIBUTES);
  if (!taken.includes(name)) return void 0;
  return `"${name}" is a name delete-log entries use for themselves (${taken.join(", ")}); the stamp needs one of its own (the default is ${DEFAULT_STAMP_ATTRIBUTE})`;
}

// src/config/mysql.ts
var MYSQL_DEFAULTS = { host: "127.0.0.1", port: 3306, user: "root" };
function parseMySqlUrl(url, input = Inputs.mysqlUrl) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new ConfigError(input, "is not a URL; expected mysql://user:password@host:3306/database");
  }
  if (u.protocol !== "mysql:" && u.protocol !== "mariadb:") {
    throw new ConfigError(input, `has scheme "${u.protocol}"; expected mysql://user:password@host:3306/database`);
  }
  if (!u.hostname) throw new ConfigError(input, "has no host; expected mysql://user:password@host:3306/database");
  const database = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!database || database.includes("/")) throw new ConfigError(input, "has no database; add it as the path, e.g. mysql://user@host:3306/backups");
  const settings = {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? parsePort(u.port, input) : MYSQL_DEFAULTS.port,
    user: decodeURIComponent(u.username) || MYSQL_DEFAULTS.user,
    password: decodeURIComponent(u.password),
    database,
    ssl: "off"
  };
  const ssl = u.searchParams.get("ssl") ?? u.searchParams.get("sslmode");
  if (ssl !== null) settings.ssl = parseSslMode(ssl, input);
  return settings;
}
function parsePort(value, input) {
  if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw new ConfigError(input, `"${value}" is not a port; use a number 1-65535`);
  return Number(value);
}
function parseSslMode(value, input) {
  const v = value.trim().toLowerCase();
  if (["off", "false", "disabled", "disable", "no", "0"].includes(v)) return "off";
  if (["on", "true", "required", "require", "yes", "1"].includes(v)) return "on";
  if (["verify", "verify-ca", "verify-full", "verify_identity", "verify-identity"].includes(v)) return "verify";
  throw new ConfigError(input, `"${value}" is not a TLS mode; use off, on or verify`);
}
function buildMySqlSettings(raw) {
  const url = optional(raw, Inputs.mysqlUrl);
  const mysql = url ? parseMySqlUrl(url) : { ...MYSQL_DEFAULTS, password: "", database: "", ssl: "off" };
  const host = optional(raw, Inputs.mysqlHost);
  if (host) mysql.host = host;
  const port = optional(raw, Inputs.mysqlPort);
  if (port) mysql.port = parsePort(port, Inputs.mysqlPort);
  const user = optional(raw, Inputs.mysqlUser);
  if (user) mysql.user = user;
  const password = raw[Inputs.mysqlPassword];
  if (password) mysql.password = password;
  const database = optional(raw, Inputs.mysqlDatabase);
  if (database) mysql.database = database;
  const ssl = optional(raw, Inputs.mysqlSsl);
  if (ssl) mysql.ssl = parseSslMode(ssl, Inputs.mysqlSsl);
  const ca = optional(raw, Inputs.mysqlSslCa);
  if (ca) {
    if (!ca.includes("-----BEGIN CERTIFICATE-----")) throw new ConfigError(Inputs.mysqlSslCa, "is not a PEM certificate (give the certificate text, -----BEGIN CERTIFICATE----- ...)");
    mysql.sslCa = ca;
    if (mysql.ssl === "off") mysql.ssl = "verify";
  }
  if (!mysql.database) {
    throw new ConfigError(Inputs.mysqlDatabase, `is missing; set ${Inputs.mysqlDatabase} or give the database in ${Inputs.mysqlUrl} (mysql://user@host:3306/database)`);
  }
  if (mysql.database.length > 64 || /[\u0000/\\.]|\s$/.test(mysql.database)) {
    throw new ConfigError(Inputs.mysqlDatabase, `"${mysql.database}" is not a usable database name (at most 64 characters, no / \\ . or trailing space)`);
  }
  return mysql;
}

// src/plan/restore-time.ts
var ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;
var UNIT_MS = {
  second: 1e3,
  minute: 6e4,
  hour: 36e5,
  day: 864e5,
  week: 7 * 864e5
};
var UNIT_ALIASES = {
  s: "second",
  sec: "second",
  secs: "second",
  second: "second",
  seconds: "second",
  m: "minute",
  min: "minute",
  mins: "minute",
  minute: "minute",
  minutes: "minute",
  h: "hour",
  hr: "hour",
  hrs: "hour",
  hour: "hour",
  hours: "hour",
  d: "day",
  day: "day",
  days: "day",
  w: "week",
  wk: "week",
  wks: "week",
  week: "week",
  weeks: "week"
};
var EXAMPLES = "use ISO 8601 such as 2026-11-24T16:30:00Z (no zone means UTC), `now`, `yesterday`, or a relative time such as `2 days ago` or `90 minutes ago`";
function parseRestoreTime(text, now) {
  const value = text.trim();
  const lower = value.toLowerCase();
  if (lower === "now") return { at: new Date(now.getTime()) };
  if (lower === "yesterday") return { at: new Date(now.getTime() - UNIT_MS["day"]), note: "yesterday: 24 hours before now" };
  const relative = /^((?:\d+(?:\.\d+)?\s*[a-z]+[\s,]*(?:and\s+)?)+)ago$/.exec(lower);
  if (relative) {
    let total = 0;
    const parts = [...relative[1].matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/g)];
    for (const part of parts) {
      if (part[2] === "and") continue;
      const unit = UNIT_ALIASES[part[2]];
      if (!unit) throw new Error(`restore time ${JSON.stringify(text)}: unknown unit ${JSON.stringify(part[2])}; ${EXAMPLES}`);
      total += Number(part[1]) * UNIT_MS[unit];
    }
    return { at: new Date(now.getTime() - Math.round(total)) };
  }
  const match = ISO.exec(value);
  if (!match) throw new Error(`restore time ${JSON.stringify(text)} is not a time: ${EXAMPLES}`);
  const [, y, mo, d, h = "00", mi = "00", s = "00", fraction = "", zone] = match;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  const ms = fraction ? Math.floor(Number(`0${fraction}`) * 1e3) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(utc);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`restore time ${JSON.stringify(text)} is not a valid date and time: ${EXAMPLES}`);
  }
  if (zone === void 0) return { at: check, note: `no time zone given: ${JSON.stringify(value)} read as UTC (${check.toISOString()})` };
  if (zone === "Z" || zone === "z" || zone === "UTC") return { at: check };
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (offsetHours > 14 || offsetMinutes > 59) throw new Error(`restore time ${JSON.stringify(text)} has an impossible offset ${zone}: ${EXAMPLES}`);
  return { at: new Date(utc - sign * (offsetHours * 60 + offsetMinutes) * 6e4) };
}

// src/config/restore.ts
function restoreMoment(raw, now) {
  const text = optional(raw, Inputs.restoreTime);
  if (text === void 0) throw new ConfigError(Inputs.restoreTime, "is required: the moment to restore, such as 2026-11-24T16:30:00Z, `yesterday` or `2 days ago`");
  let moment;
  try {
    moment = parseRestoreTime(text, now);
  } catch (error) {
    throw new ConfigError(Inputs.restoreTime, error.message);
  }
  if (moment.at.getTime() > now.getTime()) {
    throw new ConfigError(Inputs.restoreTime, `${moment.at.toISOString()} is in the future (now is ${now.toISOString()}): a restore can only go back in time`);
  }
  return moment;
}
function inPlaceConfirmed(raw, what) {
  if (!booleanSetting(raw, Inputs.restoreInPlace, false)) return false;
  const confirmation = optional(raw, Inputs.confirmInPlace);
  if (confirmation !== IN_PLACE_CONFIRMATION) {
    throw new ConfigError(
      Inputs.confirmInPlace,
      `an in-place restore overwrites live ${what} and removes those that did not exist at the restore time: set it to \`${IN_PLACE_CONFIRMATION}\` to confirm` + (confirmation === void 0 ? "" : ` (got ${JSON.stringify(confirmation)})`)
    );
  }
  return true;
}
function targetConfirmed(raw) {
  const confirmation = optional(raw, Inputs.confirmInPlace);
  if (confirmation === void 0) return false;
  if (confirmation !== IN_PLACE_CONFIRMATION) throw new ConfigError(Inputs.confirmInPlace, `must be exactly \`${IN_PLACE_CONFIRMATION}\` (got ${JSON.stringify(confirmation)})`);
  return true;
}
function refuseIdleConfirmation(raw, places) {
  if (optional(raw, Inputs.confirmInPlace) === void 0 || places.length === 0) return;
  throw new ConfigError(
    Inputs.confirmInPlace,
    `is set, but \`${Inputs.restoreInPlace}\` is not: this restore writes to ${places.join(" and ")}, and leaves the live data as it is. To restore over the live data, set \`${Inputs.restoreInPlace}: true\` as well; to restore beside it, remove \`${Inputs.confirmInPlace}\``
  );
}
function parseReadData(text) {
  const value = (text ?? "none").trim();
  if (value === "" || value === "none") return { kind: "none" };
  if (value === "all") return { kind: "all" };
  const sample = /^sample:(\d+(?:\.\d+)?)%?$/.exec(value);
  if (sample) {
    const percent = Number(sample[1]);
    if (percent > 0 && percent <= 100) return { kind: "sample", percent };
  }
  throw new ConfigError(Inputs.readData, `must be none, all, or sample:<percent> (for example sample:10), got ${JSON.stringify(value)}`);
}
function restoreTarget(raw, env, concurrency) {
  const text = optional(raw, Inputs.restoreTarget);
  if (text === void 0) return { kind: "default" };
  const location = parseLocation(text, Inputs.restoreTarget);
  if (location.kind === "local") return location;
  const { connection } = connectionFrom(raw, restoreTargetInputs, env, concurrency);
  return { ...location, connection, confirmed: targetConfirmed(raw) };
}
function buildS3RestoreConfig(raw, env = process.env, now = /* @__PURE__ */ new Date()) {
  const time = restoreMoment(raw, now);
  const settings = buildS3Settings(raw, env, { sourcesRequired: false });
  let target;
  if (booleanSetting(raw, Inputs.restoreInPlace, false) && optional(raw, Inputs.restoreTarget) !== void 0) {
    throw new ConfigError(Inputs.restoreTarget, `cannot be combined with \`${Inputs.restoreInPlace}: true\`: an in-place restore writes to the source buckets`);
  }
  if (inPlaceConfirmed(raw, "objects")) {
    if (settings.sources.length === 0) {
      throw new ConfigError(Inputs.sources, `an in-place restore needs the live buckets in \`${Inputs.sources}\` (it backs them up before writing over them)`);
    }
    target = { kind: "in-place", confirmed: true };
  } else {
    target = restoreTarget(raw, env, settings.concurrency);
  }
  const prefix = optional(raw, Inputs.restorePrefix);
  const keys = listSetting(raw, Inputs.restoreKeys);
  const bandwidthLimit = bandwidthSetting(raw);
  return {
    ...settings,
    // An in-place restore backs the live data up first, and the default target is in the
    // destination: both write there, with the destination's class, encryption and retention.
    destination: writableDestination(raw, settings.destination),
    time,
    selection: listSetting(raw, Inputs.restoreSources),
    ...prefix !== void 0 ? { prefix } : {},
    ...keys.length > 0 ? { keys } : {},
    target,
    ...backupTuning(raw),
    filter: filterSetting(raw),
    ...bandwidthLimit !== void 0 ? { bandwidthLimit } : {}
  };
}
function buildS3VerifyConfig(raw, env = process.env) {
  return {
    ...buildS3Settings(raw, env, { sourcesRequired: false }),
    selection: listSetting(raw, Inputs.verifySources),
    readData: parseReadData(optional(raw, Inputs.readData)),
    filter: filterSetting(raw)
  };
}

// src/config/simpledb.ts
var DEFAULTS = {
  stampAttribute: DEFAULT_STAMP_ATTRIBUTE,
  deleteLogDomain: DEFAULT_DELETE_LOG_DOMAIN,
  overlap: "5m",
  overlapMs: 5 * 6e4,
  fullScan: "auto",
  tablePrefix: "sdb_",
  batchSize: 500,
  /**
   * The store's own connection and three sessions (each with two more connections for a domain's
   * first run with many batches: at most twelve). Ten domains with nothing new, MySQL and SimpleDB 20 ms away:
   * 3.12 s -> 1.81 s; eight at once took 0.2 s less for twice the connections
   * (bench/results/2026-12-02.md).
   */
  domainsAtOnce: 4
};
var MAX_DOMAINS_AT_ONCE = 16;
var DOMAIN = /^[A-Za-z0-9_.-]{3,255}$/;
var DOMAIN_RULE = "3-255 characters of a-z, A-Z, 0-9, _, - and .";
function parseDomains(value, input = Inputs.simpledbDomains) {
  const list = value.split(/[\s,]+/).filter(Boolean);
  if (list.length === 0) throw new ConfigError(input, 'is empty; name the domains (comma-separated) or use "all"');
  if (list.length === 1 && (list[0].toLowerCase() === "all" || list[0] === "*")) return "all";
  for (const d of list) if (!DOMAIN.test(d)) throw new ConfigError(input, `"${d}" is not a SimpleDB domain name (${DOMAIN_RULE})`);
  return [...new Set(list)];
}
function fullScanPolicy(raw) {
  const value = optional(raw, Inputs.fullScan);
  if (value === void 0) return DEFAULTS.fullScan;
  const v = value.toLowerCase();
  if (v === "auto" || v === "always" || v === "never") return v;
  const flag = parseYamlBoolean(value);
  if (flag !== void 0) return flag ? "always" : "never";
  throw new ConfigError(Inputs.fullScan, `"${value}" is not a full-scan policy; use auto (first run of a domain), always or never`);
}
function simpleDbEndpoint(raw) {
  const simpledb = {};
  const region = optional(raw, Inputs.simpledbRegion);
  if (region) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new ConfigError(Inputs.simpledbRegion, `"${region}" is not an AWS region (e.g. us-east-1)`);
    simpledb.region = region;
  }
  const endpoint = optional(raw, Inputs.simpledbEndpoint);
  if (endpoint) {
    try {
      new URL(endpoint.includes("://") ? endpoint : `https://${endpoint}`);
    } catch {
      throw new ConfigError(Inputs.simpledbEndpoint, `"${endpoint}" is not a URL or host (e.g. https://sdb.amazonaws.com or http://127.0.0.1:8080)`);
    }
    simpledb.endpoint = endpoint;
  }
  return simpledb;
}
function historySettings(raw) {
  const tablePrefix = raw[Inputs.mysqlTablePrefix] === void 0 ? DEFAULTS.tablePrefix : raw[Inputs.mysqlTablePrefix].trim();
  const prefixProblem = tablePrefixProblem(tablePrefix);
  if (prefixProblem) throw new ConfigError(Inputs.mysqlTablePrefix, `"${tablePrefix}" ${prefixProblem}`);
  return { mysql: buildMySqlSettings(raw), tablePrefix };
}
function buildSimpleDbBackupConfig(raw, options = {}) {
  const { mysql, tablePrefix } = historySettings(raw);
  const domainsText = optional(raw, Inputs.simpledbDomains) ?? options.domainsFallback;
  if (domainsText === void 0) throw new ConfigError(Inputs.simpledbDomains, 'is missing; name the domains to back up (comma-separated) or "all"');
  const stampAttribute = optional(raw, Inputs.stampAttribute) ?? DEFAULTS.stampAttribute;
  if (Buffer.byteLength(stampAttribute) > 1024) throw new ConfigError(Inputs.stampAttribute, "is longer than 1024 bytes, the SimpleDB limit for attribute names");
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
    dryRun: booleanSetting(raw, Inputs.dryRun, false)
  };
}
function validateSimpleDbBackupConfig(c) {
  if (c.domains !== "all") {
    if (!Array.isArray(c.domains) || c.domains.length === 0) throw new ConfigError(Inputs.simpledbDomains, 'is empty; name the domains to back up or use "all"');
    for (const d of c.domains) if (!DOMAIN.test(d)) throw new ConfigError(Inputs.simpledbDomains, `"${d}" is not a SimpleDB domain name`);
  }
  if (!c.stampAttribute) throw new ConfigError(Inputs.stampAttribute, "is empty");
  const stampProblem = stampNameProblem(c.stampAttribute);
  if (stampProblem) throw new ConfigError(Inputs.stampAttribute, stampProblem);
  if (!DOMAIN.test(c.deleteLogDomain)) throw new ConfigError(Inputs.deleteLogDomain, `"${c.deleteLogDomain}" is not a SimpleDB domain name`);
  if (!Number.isFinite(c.overlapMs) || c.overlapMs < 0) throw new ConfigError(Inputs.simpledbOverlap, `${c.overlapMs} is not a duration of 0 ms or more`);
  if (!["auto", "always", "never"].includes(c.fullScan)) throw new ConfigError(Inputs.fullScan, `"${c.fullScan}" is not auto, always or never`);
  const prefixProblem = tablePrefixProblem(c.tablePrefix);
  if (prefixProblem) throw new ConfigError(Inputs.mysqlTablePrefix, `"${c.tablePrefix}" ${prefixProblem}`);
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1 || c.batchSize > 1e4) throw new ConfigError("batch-size", `${c.batchSize} is not a whole number from 1 to 10000`);
  if (c.domainsAtOnce !== void 0 && (!Number.isInteger(c.domainsAtOnce) || c.domainsAtOnce < 1 || c.domainsAtOnce > MAX_DOMAINS_AT_ONCE)) {
    throw new ConfigError(Inputs.simpledbDomainsAtOnce, `${c.domainsAtOnce} is not a whole number from 1 to ${MAX_DOMAINS_AT_ONCE}`);
  }
  if (!c.mysql?.database) throw new ConfigError(Inputs.mysqlDatabase, "is missing");
}
function domainList(raw, input) {
  const domains = listSetting(raw, input);
  for (const domain of domains) if (!DOMAIN.test(domain)) throw new ConfigError(input, `${JSON.stringify(domain)} is not a SimpleDB domain name`);
  return domains;
}
function buildSimpleDbRestoreConfig(raw, now = /* @__PURE__ */ new Date()) {
  const time = restoreMoment(raw, now);
  const backup = buildSimpleDbBackupConfig(raw, { domainsFallback: "all" });
  const domains = domainList(raw, Inputs.restoreSources);
  const targetText = optional(raw, Inputs.restoreTargetDomain);
  let target = { kind: "new" };
  if (booleanSetting(raw, Inputs.restoreInPlace, false) && targetText !== void 0) {
    throw new ConfigError(Inputs.restoreTargetDomain, `cannot be combined with \`${Inputs.restoreInPlace}: true\``);
  }
  if (inPlaceConfirmed(raw, "items")) {
    target = { kind: "in-place", confirmed: true };
  } else if (targetText !== void 0) {
    if (!DOMAIN.test(targetText)) throw new ConfigError(Inputs.restoreTargetDomain, `${JSON.stringify(targetText)} is not a SimpleDB domain name (${DOMAIN_RULE})`);
    if (domains.length !== 1) throw new ConfigError(Inputs.restoreTargetDomain, `a named target domain takes one source domain: set \`${Inputs.restoreSources}\` to it`);
    target = { kind: "domain", name: targetText, ...targetConfirmed(raw) ? { confirmed: true } : {} };
  }
  const items = listSetting(raw, Inputs.restoreKeys);
  const itemPrefix = optional(raw, Inputs.restorePrefix);
  return {
    time,
    domains,
    target,
    dryRun: backup.dryRun === true,
    // `simpledb-domains` as set (not the `all` fallback the backup part gets when it is unset).
    ...optional(raw, Inputs.simpledbDomains) !== void 0 ? { liveDomains: backup.domains } : {},
    ...items.length > 0 ? { items } : {},
    ...itemPrefix !== void 0 ? { itemPrefix } : {},
    backup: { ...backup, dryRun: false }
  };
}
function buildSimpleDbVerifyConfig(raw) {
  return { domains: domainList(raw, Inputs.verifySources), backup: buildSimpleDbBackupConfig(raw, { domainsFallback: "all" }) };
}

export {
  refuseIdleConfirmation,
  buildS3RestoreConfig,
  buildS3VerifyConfig,
  DELETE_LOG_ATTRIBUTES,
  DEFAULTS,
  parseDomains,
  historySettings,
  buildSimpleDbBackupConfig,
  validateSimpleDbBackupConfig,
  buildSimpleDbRestoreConfig,
  buildSimpleDbVerifyConfig
};
