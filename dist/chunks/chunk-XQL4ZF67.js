import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  count,
  formatBytes,
  number
} from "./chunk-EKYJ357X.js";

// src/transfer/promises.ts
function handled(promise) {
  promise.catch(() => void 0);
  return promise;
}

// src/plan/time.ts
function compactTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not a time: ${iso}`);
  return d.toISOString().replace(/[-:]/g, "");
}
function runIdTime(runId) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z-/.exec(runId);
  if (!m) return void 0;
  const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
  if (Number.isNaN(time) || compactTime(new Date(time).toISOString()) !== runId.slice(0, 20)) return void 0;
  return time;
}

// src/plan/retention.ts
var BUCKET_RULES = ["hourly", "daily", "weekly", "monthly", "yearly"];
function isoWeek(at) {
  const date = new Date(at);
  const day = (date.getUTCDay() + 6) % 7;
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 864e5));
  return `${year}-W${String(week).padStart(2, "0")}`;
}
function bucketOf(rule, at) {
  const iso = new Date(at).toISOString();
  switch (rule) {
    case "hourly":
      return iso.slice(0, 13);
    case "daily":
      return iso.slice(0, 10);
    case "weekly":
      return isoWeek(at);
    case "monthly":
      return iso.slice(0, 7);
    case "yearly":
      return iso.slice(0, 4);
  }
}
function isEmptyPolicy(policy) {
  return policy.withinMs === void 0 && !policy.last && BUCKET_RULES.every((rule) => !policy[rule]);
}
function applyRetention(points, policy) {
  const newestFirst = [...points].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
  if (newestFirst.length === 0) return { kept: [], removed: [], windowStart: Number.POSITIVE_INFINITY };
  const newest = newestFirst[0];
  const windowStart = policy.withinMs !== void 0 ? newest.at - policy.withinMs : newest.at;
  if (isEmptyPolicy(policy)) {
    return { kept: [...newestFirst].reverse().map((p) => ({ ...p, reasons: ["no policy"] })), removed: [], windowStart: Number.NEGATIVE_INFINITY };
  }
  const reasons = /* @__PURE__ */ new Map();
  const keep = (point, reason) => {
    const list = reasons.get(point.id) ?? [];
    if (!list.includes(reason)) list.push(reason);
    reasons.set(point.id, list);
  };
  if (policy.withinMs !== void 0) {
    for (const point of newestFirst) if (point.at >= windowStart) keep(point, "within");
  }
  if (policy.last) for (const point of newestFirst.slice(0, policy.last)) keep(point, "last");
  for (const rule of BUCKET_RULES) {
    let left = policy[rule] ?? 0;
    let previous;
    for (const point of newestFirst) {
      if (left <= 0) break;
      const bucket = bucketOf(rule, point.at);
      if (bucket === previous) continue;
      previous = bucket;
      keep(point, rule);
      left--;
    }
  }
  const oldestFirst = [...newestFirst].reverse();
  return {
    kept: oldestFirst.filter((p) => reasons.has(p.id)).map((p) => ({ ...p, reasons: reasons.get(p.id) })),
    removed: oldestFirst.filter((p) => !reasons.has(p.id)),
    windowStart
  };
}
function nearestPoints(points, at) {
  let before;
  let after;
  for (const point of points) {
    if (point.at <= at && (!before || point.at > before.at)) before = point;
    if (point.at > at && (!after || point.at < after.at)) after = point;
  }
  return { ...before ? { before } : {}, ...after ? { after } : {} };
}

// src/report/progress.ts
var LIVE_INTERVAL_MS = 500;
var LOG_INTERVAL_MS = 1e4;
function formatEta(ms) {
  const total = Math.max(0, Math.round(ms / 1e3));
  const h = Math.floor(total / 3600);
  const m = Math.floor(total % 3600 / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}
function percent(done, total) {
  if (total <= 0) return "100%";
  const value = Math.min(100, Math.floor(done / total * 100));
  return `${done < total ? Math.min(value, 99) : value}%`;
}
var ProgressLine = class {
  constructor(logger, label, options = {}) {
    this.logger = logger;
    this.label = label;
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.lastShown = this.started;
    this.intervalMs = options.intervalMs ?? (logger.status ? LIVE_INTERVAL_MS : LOG_INTERVAL_MS);
  }
  logger;
  label;
  lastShown;
  started;
  now;
  intervalMs;
  /**
   * Shows the state if the interval has passed; `final` clears a live line. Called once per key:
   * the state is built only when a line is shown (formatting numbers for every key cost 70 ms of
   * CPU in a run of 2,000 keys).
   */
  update(state, final = false) {
    if (final) {
      this.logger.status?.(void 0);
      return;
    }
    const now = this.now();
    if (now - this.lastShown < this.intervalMs) return;
    this.lastShown = now;
    const line = this.render(typeof state === "function" ? state() : state, now);
    if (this.logger.status) this.logger.status(line);
    else this.logger.info(line);
  }
  render(state, now) {
    const seconds = Math.max((now - this.started) / 1e3, 1e-3);
    const { done, bytes } = state;
    const total = state.total !== void 0 && !(state.estimated && done > state.total) ? state.total : void 0;
    const parts = [];
    if (total !== void 0) {
      parts.push(`${count(done)} of ${state.estimated ? "~" : ""}${count(total)} ${state.unit} (${percent(done, total)})`);
      const eta = this.eta(state, total, seconds);
      if (eta !== void 0) parts.push(`ETA ${formatEta(eta)}`);
    } else parts.push(`${count(done)} ${state.unit}`);
    if (state.detail) parts.push(state.detail);
    const rate = done / seconds;
    parts.push(`${rate < 100 ? rate.toFixed(1) : number(rate)} ${state.rateUnit ?? state.unit.split(" ")[0]}/s`);
    if (bytes > 0) parts.push(`${formatBytes(bytes / seconds)}/s`);
    return `${this.label}: ${parts.join(", ")}`;
  }
  /**
   * By bytes when the total's bytes are known (large objects dominate), else by units. None before
   * 1 % is done: a pass that waited for its first page and read one item of it showed an ETA of
   * 47 minutes for a read-back that took 2 s.
   */
  eta(state, total, seconds) {
    if (state.bytesTotal !== void 0 && state.bytesTotal > 0 && state.bytes > 0) {
      if (state.bytes * 100 < state.bytesTotal) return void 0;
      return (state.bytesTotal - Math.min(state.bytes, state.bytesTotal)) / (state.bytes / seconds) * 1e3;
    }
    if (state.done === 0 || state.done * 100 < total) return void 0;
    return (total - Math.min(state.done, total)) / (state.done / seconds) * 1e3;
  }
};
var Progress = class {
  constructor(logger, label, options = {}) {
    this.options = options;
    this.line = new ProgressLine(logger, label, options);
  }
  options;
  line;
  tick(counts, force = false) {
    this.line.update(
      () => ({
        done: counts.keys,
        ...this.options.estimatedKeys ? { total: this.options.estimatedKeys, estimated: true } : {},
        bytes: counts.bytes,
        unit: "keys listed",
        detail: `${count(counts.copied, "version")} copied (${formatBytes(counts.bytes)})${counts.reused ? `, ${count(counts.reused)} reused` : ""}`
      }),
      force
    );
  }
};

// src/transfer/slots.ts
var Slots = class {
  constructor(size) {
    this.size = size;
    this.free = size;
  }
  size;
  free;
  waiting = [];
  async acquire() {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise((resolve) => this.waiting.push(resolve));
  }
  release() {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
};

// node_modules/@aws-sdk/credential-providers/dist-es/fromNodeProviderChain.js
var fromNodeProviderChain = (init = {}) => {
  let chain;
  return async (args) => {
    if (!chain) {
      const { defaultProvider } = await import("./dist-es-3NRRKC63.js");
      chain = defaultProvider({ ...init });
    }
    return chain(args);
  };
};

// node_modules/@aws-sdk/credential-providers/dist-es/fromIni.js
var fromIni = (init = {}) => {
  return async (args) => {
    const { fromIni: _fromIni } = await import("./dist-es-3WTJW6CK.js");
    return _fromIni({ ...init })(args);
  };
};

export {
  handled,
  compactTime,
  runIdTime,
  applyRetention,
  nearestPoints,
  ProgressLine,
  Progress,
  fromIni,
  fromNodeProviderChain,
  Slots
};
