import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/stores/history/mysql/identifiers.ts
import { createHash } from "node:crypto";
var MAX_IDENTIFIER_LENGTH = 64;
function identifierProblem(name) {
  if (name.length === 0) return "is empty";
  if ([...name].length > MAX_IDENTIFIER_LENGTH) return `is longer than ${MAX_IDENTIFIER_LENGTH} characters`;
  if (/[\u{10000}-\u{10FFFF}]/u.test(name)) return "holds a supplementary character (e.g. an emoji)";
  if (/[\uD800-\uDFFF]/u.test(name)) return "holds a lone surrogate";
  if (name.includes("\0")) return "holds a NUL character";
  if (name.endsWith(" ")) return "ends with a space";
  return void 0;
}
function quoteIdentifier(name) {
  const problem = identifierProblem(name);
  if (problem) throw new RangeError(`SQL identifier ${JSON.stringify(name)} ${problem}`);
  return "`" + name.replaceAll("`", "``") + "`";
}
function shortHash(name) {
  return createHash("sha256").update(name, "utf8").digest("hex").slice(0, 8);
}
function sanitizeName(name) {
  return name.normalize("NFD").replace(new RegExp("\\p{M}", "gu"), "").replace(/[^A-Za-z0-9_]+/g, "_").replace(/_+/g, "_").replace(/^_+|_+$/g, "");
}
function allocateIdentifier(name, options) {
  const { maxLength, taken } = options;
  const base = sanitizeName(name) || options.fallback;
  const candidates = [];
  if (base.length <= maxLength) candidates.push(base);
  const hash = shortHash(name);
  const room = maxLength - hash.length - 1;
  candidates.push(`${trimEnd(base.slice(0, room))}_${hash}`);
  for (const c of candidates) if (!taken.has(c.toLowerCase())) return c;
  for (let n = 2; ; n++) {
    const suffix = `_${hash}_${n}`;
    const c = `${trimEnd(base.slice(0, maxLength - suffix.length))}${suffix}`;
    if (!taken.has(c.toLowerCase())) return c;
  }
}
function trimEnd(s) {
  return s.replace(/_+$/, "") || "x";
}
function tablePrefixProblem(prefix) {
  if (!/^[A-Za-z0-9_]{0,16}$/.test(prefix)) return "must be at most 16 characters of A-Z, a-z, 0-9 and _";
  return void 0;
}

export {
  quoteIdentifier,
  allocateIdentifier,
  tablePrefixProblem
};
