import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/watermark/store.ts
async function saveWatermarkHints(store, watermarks, logger) {
  try {
    await store.save(watermarks);
  } catch (error) {
    logger.warn(`watermark store ${store.name}: not saved (${error instanceof Error ? error.message : String(error)}); the destination's catalogue has the watermark, the next run reads it there`);
  }
}
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
  saveWatermarkHints,
  laterOf,
  mergeWatermarks
};
