import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

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
  listing,
  laterOf,
  mergeWatermarks
};
