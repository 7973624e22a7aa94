import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/report/words.ts
function number(n) {
  return Math.round(n).toLocaleString("en-US");
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
  /** Shows the state if the interval has passed; `final` clears a live line. */
  update(state, final = false) {
    if (final) {
      this.logger.status?.(void 0);
      return;
    }
    const now = this.now();
    if (now - this.lastShown < this.intervalMs) return;
    this.lastShown = now;
    const line = this.render(state, now);
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
  /** By bytes when the total's bytes are known (large objects dominate), else by units. */
  eta(state, total, seconds) {
    if (state.bytesTotal !== void 0 && state.bytesTotal > 0 && state.bytes > 0) {
      return (state.bytesTotal - Math.min(state.bytes, state.bytesTotal)) / (state.bytes / seconds) * 1e3;
    }
    if (state.done === 0) return void 0;
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
    const reused = counts.reused ? `, ${count(counts.reused)} reused` : "";
    this.line.update(
      {
        done: counts.keys,
        ...this.options.estimatedKeys ? { total: this.options.estimatedKeys, estimated: true } : {},
        bytes: counts.bytes,
        unit: "keys listed",
        detail: `${count(counts.copied, "version")} copied (${formatBytes(counts.bytes)})${reused}`
      },
      force
    );
  }
};

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

// src/watermark/store.ts
function laterOf(a, b) {
  if (a === void 0) return b;
  if (b === void 0) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
function mergeWatermarks(a, b) {
  const merged = { ...a ?? {} };
  for (const [source, value] of Object.entries(b ?? {})) {
    merged[source] = laterOf(merged[source], value) ?? value;
  }
  return merged;
}

export {
  number,
  count,
  listTitle,
  ProgressLine,
  Progress,
  formatBytes,
  laterOf,
  mergeWatermarks
};
