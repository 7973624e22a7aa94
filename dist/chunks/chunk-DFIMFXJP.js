import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  MODES,
  SUB_ACTION_INPUTS,
  formatWatermarks,
  parseWatermarks,
  runMode
} from "./chunk-YUMKKIO6.js";
import {
  mergeWatermarks
} from "./chunk-2ZARRT6M.js";
import {
  choiceSetting
} from "./chunk-EKYJ357X.js";
import {
  debug,
  error,
  getInput,
  group,
  info,
  setFailed,
  setOutput,
  setSecret,
  summary,
  warning
} from "./chunk-OGCTJ6IA.js";
import {
  ActionInputNames,
  Inputs,
  SecretInputs
} from "./chunk-BMM2K3KS.js";

// src/watermark/actions-cache-store.ts
import { createHash } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
var keyPrefixBase = "pullback-watermark-";
var cacheModule;
var loadCacheModule = () => cacheModule ??= import("./cache-O72H5ONC.js");
var hasRuntimeToken = () => Boolean(process.env["ACTIONS_RUNTIME_TOKEN"]);
async function unavailableReason(direction) {
  let available = false;
  try {
    available = hasRuntimeToken() && (await loadCacheModule()).isFeatureAvailable();
  } catch (error2) {
    return `the Actions cache client could not be loaded (${describe(error2)})`;
  }
  if (!available) {
    return "the Actions cache service is not available here (not running in GitHub Actions, or ACTIONS_RESULTS_URL / ACTIONS_RUNTIME_TOKEN not set)";
  }
  const mode = (process.env["ACTIONS_CACHE_MODE"] ?? "").trim().toLowerCase();
  const allowed = {
    none: { read: false, write: false },
    read: { read: true, write: false },
    write: { read: true, write: true },
    "write-only": { read: false, write: true }
  };
  if (allowed[mode] && !allowed[mode][direction]) return `ACTIONS_CACHE_MODE=${mode} does not permit cache ${direction}s`;
  return void 0;
}
function describe(error2) {
  return error2 instanceof Error ? error2.message : String(error2);
}
var ActionsCacheWatermarkStore = class {
  name = "actions-cache";
  /** `pullback-watermark-<configHash>-`: restores match it as a prefix. */
  keyPrefix;
  /** `<keyPrefix><runId>-<runAttempt>`: this run's entry. */
  saveKey;
  /** The cached file (absolute; the exact string passed to @actions/cache). */
  path;
  /** The key `load` restored, when it restored one (for the summary). */
  restoredKey;
  warn;
  info;
  restored;
  saves = 0;
  warnedUnavailable = false;
  constructor(options) {
    if (!/^[0-9a-f]{8,64}$/.test(options.configHash)) {
      throw new Error(`configHash must be hex digits (from configHash()), got ${JSON.stringify(options.configHash)}`);
    }
    for (const [name, value] of [["runId", options.runId], ["runAttempt", options.runAttempt]]) {
      if (!/^[A-Za-z0-9_.-]+$/.test(value)) throw new Error(`${name} must be a non-empty run identifier, got ${JSON.stringify(value)}`);
    }
    if (options.tempDir === "") throw new Error("tempDir must be set (RUNNER_TEMP)");
    this.keyPrefix = `${keyPrefixBase}${options.configHash}-`;
    this.saveKey = `${this.keyPrefix}${options.runId}-${options.runAttempt}`;
    this.path = join(resolve(options.tempDir), `${keyPrefixBase}${options.configHash}`, "watermarks.json");
    this.warn = options.warn;
    this.info = options.info ?? (() => {
    });
  }
  /** Loads @actions/cache ahead of load or save, where the cache can be used at all. */
  prepare() {
    if (hasRuntimeToken()) loadCacheModule().catch(() => void 0);
  }
  async load() {
    this.restored = void 0;
    this.restoredKey = void 0;
    const unavailable = await unavailableReason("read");
    if (unavailable) {
      this.info(`No watermark from the Actions cache: ${unavailable}.`);
      return void 0;
    }
    try {
      await rm(this.path, { force: true });
      const key = await (await loadCacheModule()).restoreCache([this.path], this.saveKey, [this.keyPrefix]);
      if (key === void 0) {
        this.info(
          `No watermark in the Actions cache under ${this.keyPrefix}* (first run, evicted, saved on another branch, or a cache service error reported above); the watermark comes from the destination's record.`
        );
        return void 0;
      }
      let text;
      try {
        text = await readFile(this.path, "utf8");
      } catch (error2) {
        this.warn(
          `The Actions cache entry ${key} was restored but ${this.path} is not there (${describe(error2)}); was it saved with another GITHUB_WORKSPACE? The watermark comes from the destination's record.`
        );
        return void 0;
      }
      const watermarks = parseWatermarks(text, `Actions cache entry ${key}`);
      this.restored = watermarks;
      this.restoredKey = key;
      this.info(`Watermark restored from the Actions cache entry ${key}.`);
      return watermarks;
    } catch (error2) {
      this.warn(`Could not restore the watermark from the Actions cache: ${describe(error2)}. The watermark comes from the destination's record.`);
      return void 0;
    }
  }
  async save(watermarks) {
    const unavailable = await unavailableReason("write");
    if (unavailable) {
      if (!this.warnedUnavailable) {
        this.warnedUnavailable = true;
        this.warn(`The watermark was not saved to the Actions cache: ${unavailable}. The next run takes its watermark from the destination's record.`);
      }
      return;
    }
    const merged = mergeWatermarks(this.restored, watermarks);
    this.saves += 1;
    const key = this.saves === 1 ? this.saveKey : `${this.saveKey}-${this.saves}`;
    const failure = (detail) => this.warn(
      `The watermark was not saved to the Actions cache under ${key}: ${detail}. The backup itself succeeded; the next run takes its watermark from the destination's record (more scanning, no missed change).`
    );
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(this.path, formatWatermarks(merged), "utf8");
      const id = await (await loadCacheModule()).saveCache([this.path], key);
      if (id === -1) {
        failure("saveCache returned -1 (the entry exists, the service refused or failed; see the cache messages above)");
        return;
      }
      this.restored = merged;
      this.info(`Watermark saved to the Actions cache as ${key}.`);
    } catch (error2) {
      failure(describe(error2));
    }
  }
};
var secretKey = /password|passwd|passphrase|secret|token|credential|private.?key|session/i;
function canonical(value, seen) {
  if (value === null || typeof value === "boolean" || typeof value === "number") {
    return typeof value === "number" && !Number.isFinite(value) ? null : value;
  }
  if (typeof value === "string") return withoutUrlPassword(value);
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof URL) return withoutUrlPassword(value.href);
  if (typeof value !== "object") return void 0;
  if (seen.has(value)) throw new TypeError("configHash: the configuration is circular");
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => canonical(item, seen) ?? null);
    const out = {};
    for (const key of Object.keys(value).sort()) {
      if (secretKey.test(key)) continue;
      const item = canonical(value[key], seen);
      if (item !== void 0) out[key] = item;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
function withoutUrlPassword(text) {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:[^/?#]*@/i.test(text)) return text;
  try {
    const url = new URL(text);
    url.password = "";
    return url.href;
  } catch {
    return text;
  }
}
function configHash(parts) {
  const json = JSON.stringify(canonical(parts, /* @__PURE__ */ new Set()) ?? null);
  return createHash("sha256").update(json).digest("hex").slice(0, 16);
}

// src/action/logger.ts
var actionsLogger = {
  info: (m) => info(m),
  warn: (m) => warning(m),
  error: (m) => error(m),
  debug: (m) => debug(m),
  group: (name, body) => group(name, body)
};

// src/action/run.ts
function readInputs(names = ActionInputNames) {
  const raw = {};
  for (const name of names) raw[name] = getInput(name);
  for (const name of SecretInputs) {
    const value = raw[name];
    if (value) setSecret(value);
  }
  const url = raw[Inputs.mysqlUrl];
  if (url) {
    try {
      const password = decodeURIComponent(new URL(url).password);
      if (password) setSecret(password);
    } catch {
    }
  }
  return raw;
}
async function run(options = {}) {
  try {
    const raw = readInputs(options.mode ? SUB_ACTION_INPUTS[options.mode] : ActionInputNames);
    const mode = options.mode ?? choiceSetting(raw, Inputs.mode, MODES, "backup");
    const report = await runMode(mode, raw, {
      logger: actionsLogger,
      watermarkStore: (backend, configuration) => new ActionsCacheWatermarkStore({
        configHash: configHash({ backend, configuration }),
        runId: process.env["GITHUB_RUN_ID"] ?? `local-${Date.now()}`,
        // Two pullback steps of one job share the run id and attempt: the step id keeps keys apart.
        runAttempt: `${process.env["GITHUB_RUN_ATTEMPT"] ?? "1"}${process.env["GITHUB_ACTION"] ? `-${process.env["GITHUB_ACTION"].replace(/[^A-Za-z0-9_.-]/g, "_")}` : ""}`,
        tempDir: process.env["RUNNER_TEMP"] ?? "/tmp",
        warn: (m) => warning(m),
        info: (m) => info(m)
      })
    });
    for (const [name, value] of Object.entries(report.outputs)) setOutput(name, value);
    await summary.addRaw(report.summary).write();
    if (report.failure) setFailed(report.failure);
  } catch (error2) {
    if (error2 instanceof Error) {
      debug(error2.stack ?? error2.message);
      setFailed(error2.message);
    } else setFailed(String(error2));
  }
}

export {
  run
};
