import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

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
  fromIni,
  fromNodeProviderChain,
  Slots
};
