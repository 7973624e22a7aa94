import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  Inputs
} from "./chunk-BMM2K3KS.js";
import {
  ConfigError
} from "./chunk-JTCAABZB.js";

// src/config/overlap.ts
var LOOPBACK = /* @__PURE__ */ new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
function endpointKey(endpoint) {
  if (endpoint === void 0 || endpoint.trim() === "") return "aws";
  let url;
  try {
    url = new URL(endpoint);
  } catch {
    return endpoint.trim().toLowerCase().replace(/\/+$/, "");
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (host === "amazonaws.com.cn" || host.endsWith(".amazonaws.com.cn")) return "aws-cn";
  if (host === "amazonaws.com" || host.endsWith(".amazonaws.com")) return "aws";
  const port = url.port || (url.protocol === "http:" ? "80" : url.protocol === "https:" ? "443" : "");
  const name = LOOPBACK.has(host) ? "loopback" : host;
  const portPart = port === "80" || port === "443" ? "" : `:${port}`;
  const path = url.pathname.replace(/\/+$/, "");
  return `${name}${portPart}${path}`;
}
function prefixesOverlap(a, b) {
  return a.startsWith(b) || b.startsWith(a);
}
function locationsOverlap(a, b) {
  return endpointKey(a.endpoint) === endpointKey(b.endpoint) && a.bucket === b.bucket && prefixesOverlap(a.prefix, b.prefix);
}
function describeLocation(location) {
  return `s3://${location.bucket}/${location.prefix}${location.endpoint ? ` at ${location.endpoint}` : ""}`;
}
function destinationReservedPrefixes(destinationPrefix) {
  return [`${destinationPrefix}catalog/`, `${destinationPrefix}data/`];
}

// src/config/parse.ts
function optional(raw, name) {
  const value = raw[name]?.trim();
  return value === void 0 || value === "" ? void 0 : value;
}
function parseYamlBoolean(text) {
  const value = text.trim();
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  return void 0;
}
function booleanSetting(raw, name, fallback) {
  const value = optional(raw, name);
  if (value === void 0) return fallback;
  const parsed = parseYamlBoolean(value);
  if (parsed === void 0) throw new ConfigError(name, `must be true or false, got ${JSON.stringify(value)}`);
  return parsed;
}
function integerSetting(raw, name, fallback, min, max) {
  const value = optional(raw, name);
  if (value === void 0) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  const parsed = Number(value);
  if (parsed < min || parsed > max) throw new ConfigError(name, `must be from ${min} to ${max}, got ${parsed}`);
  return parsed;
}
function choiceSetting(raw, name, choices, fallback) {
  const value = optional(raw, name);
  if (value === void 0) return fallback;
  if (!choices.includes(value)) throw new ConfigError(name, `must be one of ${choices.join(", ")}, got ${JSON.stringify(value)}`);
  return value;
}
var UNITS = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 7 * 864e5 };
function parseDuration(value) {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1e3;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text.replace(/\s+/g, "")) return void 0;
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]], 0));
}
function durationSetting(raw, name, fallback, maxMs = 366 * 864e5) {
  const value = optional(raw, name) ?? fallback;
  const parsed = parseDuration(value);
  if (parsed === void 0) throw new ConfigError(name, `must be a duration such as 90s, 30m, 2h or 1d, got ${JSON.stringify(value)}`);
  if (parsed > maxMs) throw new ConfigError(name, `${JSON.stringify(value)} is longer than ${Math.round(maxMs / 864e5)} days`);
  return parsed;
}
function endpointSetting(raw, name) {
  const value = optional(raw, name);
  if (value === void 0) return void 0;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL such as https://<account>.r2.cloudflarestorage.com, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ConfigError(name, `must start with https:// or http://, got ${JSON.stringify(value)}`);
  return value.replace(/\/+$/, "");
}
var REGION = /^[a-z0-9-]+$/;
function regionSetting(raw, name, fallback) {
  const value = optional(raw, name) ?? fallback;
  if (!REGION.test(value)) throw new ConfigError(name, `is not a valid region: ${JSON.stringify(value)}`);
  return value;
}
function listSetting(raw, name) {
  return (optional(raw, name) ?? "").split(/[\n,]/).map((item) => item.trim()).filter((item) => item !== "" && !item.startsWith("#"));
}
var SIZE_UNITS = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
function parseSizeSuffix(value) {
  const text = value.trim();
  if (text.toLowerCase() === "off") return "off";
  const match = /^(\d+(?:\.\d+)?)\s*([bkmgtp])(?:i?b)?$/i.exec(text);
  if (!match) {
    if (/^\d+(\.\d+)?$/.test(text)) return { error: `${JSON.stringify(text)} has no unit: write ${text}B for bytes or ${text}K for KiB (rclone reads a bare number as KiB)` };
    return { error: `${JSON.stringify(text)} is not a size: a number with B, K, M, G, T or P (base 1024), such as 100K, 5M, 1.5G, or off` };
  }
  return { bytes: Math.floor(Number(match[1]) * SIZE_UNITS[match[2].toLowerCase()]) };
}
function sizeSetting(raw, name) {
  const value = optional(raw, name);
  if (value === void 0) return void 0;
  const parsed = parseSizeSuffix(value);
  if (parsed === "off") return void 0;
  if ("error" in parsed) throw new ConfigError(name, parsed.error);
  return parsed.bytes;
}

// src/config/destination-writes.ts
var ARCHIVE_CLASSES = ["GLACIER", "DEEP_ARCHIVE"];
var STORAGE_CLASS = /^[A-Z][A-Z0-9_]{0,63}$/;
function refuseLocal(destination, input) {
  if (destination.kind === "local") throw new ConfigError(input, "applies to an S3 destination (s3://bucket/prefix); the destination is a local folder");
}
function destinationWrites(raw, destination) {
  const writes = {};
  const storageClass = optional(raw, Inputs.destinationStorageClass);
  if (storageClass !== void 0) {
    refuseLocal(destination, Inputs.destinationStorageClass);
    const upper = storageClass.toUpperCase();
    if (!STORAGE_CLASS.test(upper)) throw new ConfigError(Inputs.destinationStorageClass, `${JSON.stringify(storageClass)} is not a storage class (such as STANDARD_IA, INTELLIGENT_TIERING or GLACIER_IR)`);
    if (ARCHIVE_CLASSES.includes(upper)) {
      throw new ConfigError(
        Inputs.destinationStorageClass,
        `${upper} objects cannot be read without a restore request, and every backup reads its catalogue back: choose GLACIER_IR (instant retrieval), or move data/ to an archive class with a lifecycle rule (docs/retention.md)`
      );
    }
    writes.storageClass = upper;
  }
  const sse = optional(raw, Inputs.destinationSse);
  const kmsKeyId = optional(raw, Inputs.destinationSseKmsKeyId);
  if (sse !== void 0) {
    refuseLocal(destination, Inputs.destinationSse);
    if (sse.toUpperCase() === "AES256") {
      if (kmsKeyId !== void 0) throw new ConfigError(Inputs.destinationSseKmsKeyId, `goes with \`${Inputs.destinationSse}: aws:kms\`, not AES256`);
      writes.sse = { algorithm: "AES256" };
    } else if (sse.toLowerCase() === "aws:kms") {
      if (kmsKeyId !== void 0 && !/^[A-Za-z0-9:/_+=,.@-]{1,2048}$/.test(kmsKeyId)) throw new ConfigError(Inputs.destinationSseKmsKeyId, "is not a KMS key id, alias or ARN");
      writes.sse = { algorithm: "aws:kms", ...kmsKeyId !== void 0 ? { kmsKeyId } : {} };
    } else {
      throw new ConfigError(Inputs.destinationSse, `must be AES256 or aws:kms, got ${JSON.stringify(sse)}`);
    }
  } else if (kmsKeyId !== void 0) {
    throw new ConfigError(Inputs.destinationSseKmsKeyId, `goes with \`${Inputs.destinationSse}: aws:kms\`: set that too`);
  }
  const mode = optional(raw, Inputs.objectLockMode);
  const days = optional(raw, Inputs.objectLockDays);
  if (mode !== void 0 || days !== void 0) {
    if (mode === void 0) throw new ConfigError(Inputs.objectLockMode, `goes with \`${Inputs.objectLockDays}\`: set governance or compliance`);
    if (days === void 0) throw new ConfigError(Inputs.objectLockDays, `goes with \`${Inputs.objectLockMode}\`: set how many days each object stays locked`);
    refuseLocal(destination, Inputs.objectLockMode);
    const lower = mode.toLowerCase();
    if (lower !== "governance" && lower !== "compliance") throw new ConfigError(Inputs.objectLockMode, `must be governance or compliance, got ${JSON.stringify(mode)}`);
    writes.objectLock = { mode: lower === "governance" ? "GOVERNANCE" : "COMPLIANCE", days: integerSetting(raw, Inputs.objectLockDays, 0, 1, 36500) };
  }
  return Object.keys(writes).length > 0 ? writes : void 0;
}
function writableDestination(raw, destination) {
  const writes = destinationWrites(raw, destination);
  return writes && destination.kind === "s3" ? { ...destination, writes } : destination;
}

// src/plan/filter.ts
var FilterPatternError = class extends Error {
  constructor(pattern, message) {
    super(`${JSON.stringify(pattern)}: ${message}`);
    this.pattern = pattern;
    this.name = "FilterPatternError";
  }
  pattern;
};
var KeyFilter = class _KeyFilter {
  constructor(spec) {
    this.spec = spec;
    const rules = [];
    for (const pattern of spec.exclude) rules.push({ include: false, pattern, regex: globToRegExp(pattern) });
    for (const text of spec.rules) rules.push(parseRule(text));
    for (const pattern of spec.include) rules.push({ include: true, pattern, regex: globToRegExp(pattern) });
    this.rules = rules;
    this.defaultInclude = spec.include.length === 0;
  }
  spec;
  rules;
  defaultInclude;
  static everything = new _KeyFilter({ include: [], exclude: [], rules: [] });
  /** Whether any path rule is set (a key can be left out by its name). */
  get hasPathRules() {
    return this.rules.length > 0;
  }
  get hasSizeRules() {
    return this.spec.minSize !== void 0 || this.spec.maxSize !== void 0;
  }
  get active() {
    return this.hasPathRules || this.hasSizeRules;
  }
  /** Whether a key (relative to the source prefix) is covered. */
  matchesPath(relativeKey2) {
    for (const rule of this.rules) if (rule.regex.test(relativeKey2)) return rule.include;
    return this.defaultInclude;
  }
  /** Whether a version of this many bytes is covered. */
  matchesSize(size) {
    if (this.spec.minSize !== void 0 && size < this.spec.minSize) return false;
    if (this.spec.maxSize !== void 0 && size > this.spec.maxSize) return false;
    return true;
  }
  /** A key of the source with this prefix: matched by its part after the prefix. */
  matchesKey(key, sourcePrefix) {
    return this.matchesPath(relativeKey(key, sourcePrefix));
  }
  /** The filter as the run record and messages show it (only what is set). */
  describe() {
    const d = {};
    if (this.spec.include.length) d.include = [...this.spec.include];
    if (this.spec.exclude.length) d.exclude = [...this.spec.exclude];
    if (this.spec.rules.length) d.filter = [...this.spec.rules];
    if (this.spec.minSize !== void 0) d.minSize = this.spec.minSize;
    if (this.spec.maxSize !== void 0) d.maxSize = this.spec.maxSize;
    return d;
  }
};
function relativeKey(key, sourcePrefix) {
  if (!key.startsWith(sourcePrefix)) return key;
  const rest = key.slice(sourcePrefix.length);
  if (sourcePrefix !== "" && !sourcePrefix.endsWith("/") && rest.startsWith("/")) return rest.slice(1);
  return rest;
}
function parseRule(text) {
  const match = /^([+-]) (.+)$/.exec(text);
  if (!match) throw new FilterPatternError(text, "a filter rule is `+ pattern` (include) or `- pattern` (exclude), with one space after the sign");
  return { include: match[1] === "+", pattern: match[2], regex: globToRegExp(match[2]) };
}
var SPECIAL = /[.*+?^${}()|[\]\\/]/g;
var escapeChar = (c) => c.replace(SPECIAL, "\\$&");
function globToRegExp(pattern) {
  if (pattern === "") throw new FilterPatternError(pattern, "an empty pattern matches nothing: remove it");
  let body = pattern;
  const anchored = body.startsWith("/");
  if (anchored) body = body.slice(1);
  if (body.endsWith("/") && !body.endsWith("\\/")) body += "**";
  const source = translate(body, pattern);
  return new RegExp(`${anchored ? "^" : "(?:^|/)"}${source}$`, "su");
}
function translate(glob, whole) {
  let out = "";
  let depth = 0;
  let i = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === "\\") {
      if (i + 1 >= glob.length) throw new FilterPatternError(whole, "ends with a lone `\\`: escape it as `\\\\`");
      out += escapeChar(glob[i + 1]);
      i += 2;
    } else if (c === "*") {
      if (glob[i + 1] === "*") {
        out += ".*";
        i += 2;
      } else {
        out += "[^/]*";
        i++;
      }
    } else if (c === "?") {
      out += "[^/]";
      i++;
    } else if (c === "[") {
      const end = classEnd(glob, i);
      if (end < 0) throw new FilterPatternError(whole, "has a `[` without its `]`: escape it as `\\[` to match the character");
      let inner = glob.slice(i + 1, end);
      const negated = inner.startsWith("!") || inner.startsWith("^");
      if (negated) inner = inner.slice(1);
      const chars = inner.replace(/\\(.)/g, "$1").replace(/[\]\\^]/g, "\\$&");
      out += negated ? `[^/${chars}]` : `[${chars}]`;
      i = end + 1;
    } else if (c === "{") {
      depth++;
      out += "(?:";
      i++;
    } else if (c === "," && depth > 0) {
      out += "|";
      i++;
    } else if (c === "}" && depth > 0) {
      depth--;
      out += ")";
      i++;
    } else {
      out += escapeChar(c);
      i++;
    }
  }
  if (depth > 0) throw new FilterPatternError(whole, "has a `{` without its `}`: escape it as `\\{` to match the character");
  return out;
}
function classEnd(glob, start) {
  let i = start + 1;
  if (glob[i] === "!" || glob[i] === "^") i++;
  if (glob[i] === "]") i++;
  for (; i < glob.length; i++) {
    if (glob[i] === "\\") i++;
    else if (glob[i] === "]") return i;
  }
  return -1;
}
function splitPatterns(text) {
  const items = [];
  for (const line of text.split("\n")) {
    const trimmedLine = line.trim();
    if (trimmedLine === "" || trimmedLine.startsWith("#")) continue;
    let current = "";
    let braces = 0;
    let inClass = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === "\\" && i + 1 < line.length) {
        current += c + line[i + 1];
        i++;
        continue;
      }
      if (inClass) {
        if (c === "]") inClass = false;
      } else if (c === "[") inClass = true;
      else if (c === "{") braces++;
      else if (c === "}" && braces > 0) braces--;
      else if (c === "," && braces === 0) {
        items.push(current);
        current = "";
        continue;
      }
      current += c;
    }
    items.push(current);
  }
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

// src/config/filters.ts
var FILTER_INPUTS = [Inputs.include, Inputs.exclude, Inputs.filter, Inputs.minSize, Inputs.maxSize];
function patterns(raw, name, check) {
  const items = splitPatterns(optional(raw, name) ?? "");
  for (const item of items) {
    try {
      check(item);
    } catch (error) {
      if (error instanceof FilterPatternError) throw new ConfigError(name, error.message);
      throw error;
    }
  }
  return items;
}
function filterSetting(raw) {
  const include = patterns(raw, Inputs.include, (p) => globToRegExp(p));
  const exclude = patterns(raw, Inputs.exclude, (p) => globToRegExp(p));
  const rules = (optional(raw, Inputs.filter) ?? "").split("\n").map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
  for (const rule of rules) {
    try {
      parseRule(rule);
    } catch (error) {
      if (error instanceof FilterPatternError) throw new ConfigError(Inputs.filter, error.message);
      throw error;
    }
  }
  const minSize = sizeSetting(raw, Inputs.minSize);
  const maxSize = sizeSetting(raw, Inputs.maxSize);
  if (minSize !== void 0 && maxSize !== void 0 && minSize > maxSize) {
    throw new ConfigError(Inputs.minSize, `${minSize} bytes is more than \`${Inputs.maxSize}\` (${maxSize} bytes): no version could pass both`);
  }
  if (include.length === 0 && exclude.length === 0 && rules.length === 0 && minSize === void 0 && maxSize === void 0) return KeyFilter.everything;
  return new KeyFilter({ include, exclude, rules, ...minSize !== void 0 ? { minSize } : {}, ...maxSize !== void 0 ? { maxSize } : {} });
}
function filterInputSet(raw) {
  return FILTER_INPUTS.find((name) => optional(raw, name) !== void 0 && optional(raw, name).toLowerCase() !== "off");
}
function bandwidthSetting(raw) {
  const limit = sizeSetting(raw, Inputs.bandwidthLimit);
  if (limit === 0) throw new ConfigError(Inputs.bandwidthLimit, "a limit of 0 bytes a second would never finish: give a rate such as 10M, or off");
  return limit;
}

// src/config/s3.ts
function parseManifestUrl(text) {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,62})\/(.+)$/.exec(text.trim());
  if (!match) return void 0;
  const key = match[2];
  if (!key.endsWith("/manifest.json") && !key.endsWith("/")) return void 0;
  return { bucket: match[1], key };
}
function inventoryOption(raw, sharded) {
  const inventory = inventorySetting(raw);
  if (inventory && sharded) throw new ConfigError(Inputs.listing, "inventory cannot be combined with shard: back a huge bucket up from its report in one job, or shard it with listing: live");
  return inventory ? { inventory } : {};
}
function inventorySetting(raw) {
  const listing2 = choiceSetting(raw, Inputs.listing, ["live", "inventory"], "live");
  const urls = listSetting(raw, Inputs.inventoryManifest);
  if (listing2 === "live") {
    if (urls.length > 0) throw new ConfigError(Inputs.inventoryManifest, "is read only with listing: inventory; set listing: inventory, or remove it");
    return void 0;
  }
  if (urls.length === 0) throw new ConfigError(Inputs.inventoryManifest, "is required with listing: inventory: the s3://bucket/key of a report's manifest.json, or of its folder ending in /");
  const manifests = urls.map((url) => {
    const parsed = parseManifestUrl(url);
    if (!parsed) throw new ConfigError(Inputs.inventoryManifest, `${JSON.stringify(url)} is not s3://bucket/.../manifest.json nor s3://bucket/folder/ (a report configuration's folder)`);
    return parsed;
  });
  return { manifests };
}
var MAX_LIST_PARALLELISM = 64;
function listParallelismSetting(raw) {
  const value = optional(raw, Inputs.listParallelism);
  if (value === void 0 || value === "auto") return "auto";
  return integerSetting(raw, Inputs.listParallelism, 1, 1, MAX_LIST_PARALLELISM);
}
var BUCKET = /^[a-zA-Z0-9][a-zA-Z0-9._-]{1,254}$/;
function parseSource(text) {
  const trimmed = text.replace(/^s3:\/\//, "");
  const slash = trimmed.indexOf("/");
  const bucket = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const prefix = slash < 0 ? "" : trimmed.slice(slash + 1);
  if (!BUCKET.test(bucket)) {
    throw new ConfigError(Inputs.sources, `${JSON.stringify(text)} is not bucket[/prefix]: a bucket name is 3-255 letters, digits, dots, hyphens or underscores`);
  }
  return { bucket, prefix };
}
function parseLocation(text, input) {
  if (!text.startsWith("s3://")) return { kind: "local", path: text.startsWith("file://") ? new URL(text).pathname : text };
  const rest = text.slice("s3://".length);
  const slash = rest.indexOf("/");
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  let prefix = slash < 0 ? "" : rest.slice(slash + 1);
  if (prefix !== "" && !prefix.endsWith("/")) prefix += "/";
  if (!BUCKET.test(bucket)) throw new ConfigError(input, `${JSON.stringify(text)} does not name a valid bucket`);
  return { kind: "s3", bucket, prefix };
}
var destinationInputs = {
  endpoint: Inputs.destinationEndpoint,
  region: Inputs.destinationRegion,
  forcePathStyle: Inputs.destinationForcePathStyle,
  accessKeyId: Inputs.destinationAccessKeyId,
  secretAccessKey: Inputs.destinationSecretAccessKey,
  sessionToken: Inputs.destinationSessionToken,
  profile: Inputs.destinationProfile
};
var restoreTargetInputs = {
  endpoint: Inputs.restoreTargetEndpoint,
  region: Inputs.restoreTargetRegion,
  forcePathStyle: Inputs.restoreTargetForcePathStyle,
  accessKeyId: Inputs.restoreTargetAccessKeyId,
  secretAccessKey: Inputs.restoreTargetSecretAccessKey,
  sessionToken: Inputs.restoreTargetSessionToken,
  profile: Inputs.restoreTargetProfile
};
function connectionFrom(raw, inputs, env, concurrency) {
  const endpoint = endpointSetting(raw, inputs.endpoint);
  const keyId = optional(raw, inputs.accessKeyId);
  const secret = optional(raw, inputs.secretAccessKey);
  const token = optional(raw, inputs.sessionToken);
  const profile = optional(raw, inputs.profile);
  if (keyId === void 0 !== (secret === void 0)) {
    throw new ConfigError(keyId ? inputs.secretAccessKey : inputs.accessKeyId, `goes with \`${keyId ? inputs.accessKeyId : inputs.secretAccessKey}\`: set both or neither`);
  }
  const connection = {
    // A custom endpoint rarely knows AWS regions: us-east-1 unless one is given.
    region: regionSetting(raw, inputs.region, endpoint ? "us-east-1" : defaultRegion(env)),
    forcePathStyle: booleanSetting(raw, inputs.forcePathStyle, endpoint !== void 0),
    maxSockets: concurrency * 2,
    ...endpoint ? { endpoint } : {}
  };
  if (keyId && secret) {
    connection.credentials = { accessKeyId: keyId, secretAccessKey: secret, ...token ? { sessionToken: token } : {} };
    return { connection, credentials: "keys" };
  }
  if (profile) {
    connection.profile = profile;
    return { connection, credentials: "profile" };
  }
  return { connection, credentials: "none" };
}
function defaultRegion(env) {
  return env["AWS_REGION"] ?? env["AWS_DEFAULT_REGION"] ?? "us-east-1";
}
function destinationSpec(raw, env, concurrency) {
  const text = optional(raw, Inputs.destination);
  if (text === void 0) throw new ConfigError(Inputs.destination, "is required: s3://bucket/prefix for an S3-compatible bucket, or a local folder path");
  const location = parseLocation(text, Inputs.destination);
  if (location.kind === "local") return location;
  const { connection, credentials } = connectionFrom(raw, destinationInputs, env, concurrency);
  if (credentials !== "none") return { ...location, connection, credentialsFrom: credentials };
  if (booleanSetting(raw, Inputs.destinationUseSourceCredentials, false)) return { ...location, connection, credentialsFrom: "source" };
  throw new ConfigError(
    Inputs.destinationAccessKeyId,
    `the destination needs its own credentials: set \`${Inputs.destinationAccessKeyId}\` and \`${Inputs.destinationSecretAccessKey}\` (or \`${Inputs.destinationProfile}\`), or set \`${Inputs.destinationUseSourceCredentials}: true\` to use the source's AWS credentials on purpose`
  );
}
function buildS3Settings(raw, env, options) {
  const sourceTexts = listSetting(raw, Inputs.sources);
  if (sourceTexts.length === 0 && options.sourcesRequired) {
    throw new ConfigError(Inputs.sources, "is required: list the buckets to back up, one bucket[/prefix] per line");
  }
  const sources = sourceTexts.map(parseSource);
  const seen = /* @__PURE__ */ new Set();
  for (const s of sources) {
    const id = `${s.bucket}/${s.prefix}`;
    if (seen.has(id)) throw new ConfigError(Inputs.sources, `lists ${id} twice`);
    seen.add(id);
  }
  const concurrency = integerSetting(raw, Inputs.concurrency, 32, 1, 512);
  const sourceEndpoint = endpointSetting(raw, Inputs.sourceEndpoint);
  const sourceConnection = {
    region: regionSetting(raw, Inputs.sourceRegion, defaultRegion(env)),
    forcePathStyle: booleanSetting(raw, Inputs.sourceForcePathStyle, sourceEndpoint !== void 0),
    maxSockets: concurrency * 2,
    ...sourceEndpoint ? { endpoint: sourceEndpoint } : {}
  };
  const destination = destinationSpec(raw, env, concurrency);
  refuseDestinationInSources(destination, sources, sourceConnection);
  return { sources, sourceConnection, destination, concurrency, dryRun: booleanSetting(raw, Inputs.dryRun, false) };
}
function backupTuning(raw) {
  return {
    overlapMs: durationSetting(raw, Inputs.overlap, "6h"),
    serverSideCopy: choiceSetting(raw, Inputs.serverSideCopy, ["auto", "never"], "auto") === "auto"
  };
}
function buildS3BackupConfig(raw, env = process.env) {
  const settings = buildS3Settings(raw, env, { sourcesRequired: true });
  const bandwidthLimit = bandwidthSetting(raw);
  const shard = shardSetting(raw, env);
  if (shard && settings.dryRun) throw new ConfigError(Inputs.shard, "a sharded run cannot be a dry run (dry-run: true): plan with an unsharded dry run instead");
  const maxDuration = optional(raw, Inputs.maxDuration);
  const maxDurationMs = maxDuration === void 0 ? void 0 : durationSetting(raw, Inputs.maxDuration, "0s", 30 * 864e5);
  if (maxDurationMs !== void 0 && maxDurationMs < 6e4) throw new ConfigError(Inputs.maxDuration, `${JSON.stringify(maxDuration)} is less than a minute: a run needs time to list and commit`);
  return {
    ...settings,
    destination: writableDestination(raw, settings.destination),
    ...backupTuning(raw),
    filter: filterSetting(raw),
    ...bandwidthLimit !== void 0 ? { bandwidthLimit } : {},
    listParallelism: listParallelismSetting(raw),
    ...inventoryOption(raw, shard !== void 0),
    ...shard ? { shard } : {},
    ...maxDurationMs !== void 0 ? { maxDurationMs } : {}
  };
}
var RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
function shardSetting(raw, env) {
  const text = optional(raw, Inputs.shard)?.trim();
  if (text === void 0 || text === "") {
    if (optional(raw, Inputs.shardRun)) throw new ConfigError(Inputs.shardRun, "is only for a sharded run: set shard (i/n, or commit) too");
    return void 0;
  }
  const fromEnv = env["GITHUB_ACTIONS"] === "true" ? env["GITHUB_RUN_ID"] : void 0;
  const name = optional(raw, Inputs.shardRun)?.trim() || fromEnv;
  if (!name) throw new ConfigError(Inputs.shardRun, "is required with shard: one name every shard of the run and its commit share (in GitHub Actions it defaults to the workflow run id)");
  if (!RUN_NAME.test(name)) throw new ConfigError(Inputs.shardRun, `${JSON.stringify(name)} is not a run name: 1-64 letters, digits, dots, hyphens or underscores`);
  if (text === "commit") return { name, commit: true };
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  const shard = match ? Number(match[1]) : NaN;
  const count2 = match ? Number(match[2]) : NaN;
  if (!match || count2 < 1 || count2 > 256 || shard < 1 || shard > count2) {
    throw new ConfigError(Inputs.shard, `must be i/n with 1 <= i <= n <= 256 (e.g. 2/4: the second of four shards), or commit; got ${JSON.stringify(text)}`);
  }
  return { name, shard, count: count2 };
}
function refuseDestinationInSources(destination, sources, sourceConnection) {
  if (destination.kind !== "s3") return;
  const target = { endpoint: destination.connection.endpoint, bucket: destination.bucket, prefix: destination.prefix };
  for (const source of sources) {
    const live = { endpoint: sourceConnection.endpoint, bucket: source.bucket, prefix: source.prefix };
    if (!locationsOverlap(target, live)) continue;
    const how = destination.prefix.startsWith(source.prefix) ? "lies inside" : "holds";
    throw new ConfigError(
      Inputs.destination,
      `${describeLocation(target)} ${how} the source ${describeLocation(live)} (same endpoint): every run would back up its own backup. Choose a destination that shares no keys with any source: another bucket, or a prefix the sources do not cover`
    );
  }
}
function endpointIdentity(connection, credentialsFrom) {
  const who = credentialsFrom === "keys" ? `keys:${connection.credentials?.accessKeyId}` : credentialsFrom === "profile" ? `profile:${connection.profile}` : "chain";
  return `${connection.endpoint ?? `aws`}|${who}`;
}
function describeConfig(config) {
  const destination = config.destination.kind === "local" ? { kind: "local", path: config.destination.path } : { kind: "s3", bucket: config.destination.bucket, prefix: config.destination.prefix, endpoint: config.destination.connection.endpoint ?? null };
  return {
    sources: config.sources.map((s) => `${s.bucket}/${s.prefix}`),
    sourceEndpoint: config.sourceConnection.endpoint ?? null,
    destination
  };
}

// src/report/logger.ts
function formatBytes(bytes) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

// src/report/words.ts
function number(n) {
  const rounded = Math.round(n);
  if (!Number.isSafeInteger(rounded)) return rounded.toLocaleString("en-US");
  return String(rounded).replace(/\B(?=(\d{3})+$)/g, ",");
}
function plural(noun) {
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}
function count(n, noun, pluralForm) {
  if (noun === void 0) return number(n);
  return `${number(n)} ${n === 1 ? noun : pluralForm ?? plural(noun)}`;
}
function listTitle(title, shown, total) {
  return shown < total ? `${title} (first ${number(shown)} of ${number(total)})` : title;
}
function listing(items) {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

export {
  optional,
  parseYamlBoolean,
  booleanSetting,
  integerSetting,
  choiceSetting,
  parseDuration,
  durationSetting,
  listSetting,
  KeyFilter,
  filterSetting,
  filterInputSet,
  bandwidthSetting,
  writableDestination,
  prefixesOverlap,
  locationsOverlap,
  describeLocation,
  destinationReservedPrefixes,
  parseLocation,
  restoreTargetInputs,
  connectionFrom,
  destinationSpec,
  buildS3Settings,
  backupTuning,
  buildS3BackupConfig,
  endpointIdentity,
  describeConfig,
  formatBytes,
  number,
  count,
  listTitle,
  listing
};
