import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/app/heap-bounds.ts
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
var YOUNG_MB = 16;
var OLD_GROWING_PERCENT = 10;
var CHECK_MS = 50;
var MARKING_PACE_MS = 20;
var bounded = false;
function startMarkingPacer(intervalMs = MARKING_PACE_MS, read = getHeapStatistics) {
  const timer = setInterval(read, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
var BUFFER_COLLECT_STEP = 4 * 1024 * 1024;
function startBufferCollector(options = {}) {
  const collect = options.collect ?? youngCollector();
  if (!collect) return () => {
  };
  const externalBytes = options.externalBytes ?? (() => getHeapStatistics().external_memory);
  const step = options.stepBytes ?? BUFFER_COLLECT_STEP;
  let since = externalBytes();
  const timer = setInterval(() => {
    const now = externalBytes();
    if (now < since) since = now;
    else if (now - since >= step) {
      collect();
      since = externalBytes();
    }
  }, options.intervalMs ?? MARKING_PACE_MS);
  timer.unref();
  return () => clearInterval(timer);
}
function youngCollector() {
  let gc = globalThis.gc;
  if (typeof gc !== "function") {
    try {
      setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc");
    } catch {
      return void 0;
    }
  }
  if (typeof gc !== "function") return void 0;
  const collector = gc;
  return () => collector({ type: "minor" });
}
function boundHeapGrowth() {
  if (bounded) return;
  bounded = true;
  const flags = process.execArgv.join(" ") + " " + (process.env["NODE_OPTIONS"] ?? "");
  if (!/--heap-growing-percent/.test(flags)) setFlagsFromString(`--heap-growing-percent=${OLD_GROWING_PERCENT}`);
  startMarkingPacer();
  startBufferCollector();
  if (/--(max|min)-semi-space-size|--semi-space-growth-factor/.test(flags)) return;
  const timer = setInterval(() => {
    const young = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
    if (!young || young.space_size < YOUNG_MB * 1024 * 1024) return;
    setFlagsFromString("--semi-space-growth-factor=1");
    clearInterval(timer);
  }, CHECK_MS);
  timer.unref();
}

export {
  boundHeapGrowth
};
