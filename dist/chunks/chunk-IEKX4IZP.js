import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/report/logger.ts
var consoleLogger = (verbose = false, write = (line) => console.log(line)) => ({
  info: (m) => write(m),
  warn: (m) => console.warn(`warning: ${m}`),
  error: (m) => console.error(`error: ${m}`),
  debug: (m) => {
    if (verbose) write(`debug: ${m}`);
  },
  group: async (name, body) => {
    write(`== ${name}`);
    return body();
  }
});
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
var Progress = class {
  constructor(logger, label, intervalMs = 5e3) {
    this.logger = logger;
    this.label = label;
    this.intervalMs = intervalMs;
  }
  logger;
  label;
  intervalMs;
  lastLog = 0;
  started = Date.now();
  tick(counts, force = false) {
    const now = Date.now();
    if (!force && now - this.lastLog < this.intervalMs) return;
    this.lastLog = now;
    const seconds = Math.max((now - this.started) / 1e3, 1e-3);
    this.logger.info(
      `${this.label}: ${counts.keys} keys listed, ${counts.copied} versions copied (${formatBytes(counts.bytes)}), ${(counts.copied / seconds).toFixed(1)} objects/s, ${formatBytes(counts.bytes / seconds)}/s`
    );
  }
};

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
  consoleLogger,
  formatBytes,
  Progress,
  laterOf,
  mergeWatermarks
};
