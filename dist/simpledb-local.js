import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  signV2
} from "./chunks/chunk-6UYS7GXM.js";
import {
  compareKeys
} from "./chunks/chunk-OCIHQ3IT.js";
import {
  require_http
} from "./chunks/chunk-U545R25J.js";
import {
  __toESM
} from "./chunks/chunk-UVIE4DYZ.js";

// src/simpledb-local/cli.ts
import { parseArgs } from "node:util";

// src/simpledb-local/server.ts
var import_node_http = __toESM(require_http(), 1);
import { randomUUID, timingSafeEqual } from "node:crypto";

// src/simpledb-local/domain-store.ts
import { readFileSync, renameSync, writeFileSync } from "node:fs";

// src/simpledb-local/item.ts
function cloneAttrs(a) {
  if (!a) return null;
  return new Map([...a].map(([k, v]) => [k, [...v]]));
}
function utf8Length(s) {
  return Buffer.byteLength(s, "utf8");
}
var NOTHING = Object.freeze({ pairs: 0, bytes: 0, nameBytes: 0, valueBytes: 0 });
function itemSize(name, attrs) {
  if (!attrs) return NOTHING;
  let pairs = 0;
  const nameBytes = utf8Length(name);
  let bytes = nameBytes;
  let valueBytes = 0;
  for (const [k, vs] of attrs) {
    pairs += vs.length;
    const keyBytes = utf8Length(k);
    for (const v of vs) {
      const b = utf8Length(v);
      valueBytes += b;
      bytes += keyBytes + b;
    }
  }
  return { pairs, bytes, nameBytes, valueBytes };
}

// src/simpledb-local/select-eval.ts
function parseLikePattern(pattern) {
  const tokens = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === "\\" && pattern[i + 1] === "%") {
      tokens.push({ text: "%", wildcard: false });
      i++;
    } else tokens.push({ text: pattern[i], wildcard: pattern[i] === "%" });
  }
  const starts = tokens[0]?.wildcard === true;
  const ends = tokens.length > (starts ? 1 : 0) && tokens[tokens.length - 1].wildcard;
  const core = tokens.slice(starts ? 1 : 0, ends ? -1 : void 0).map((t) => t.text).join("");
  return { starts, ends, core };
}
function likeMatch(value, pattern) {
  const { starts, ends, core } = parseLikePattern(pattern);
  if (starts && ends) return value.includes(core);
  if (starts) return value.endsWith(core);
  if (ends) return value.startsWith(core);
  return value === core;
}
function testValue(test, value) {
  if (test.op === "null") return value === null !== test.negated ? 1 : 0;
  if (value === null) return 0.5;
  switch (test.op) {
    case "=":
      return value === test.value ? 1 : 0;
    case "!=":
      return value !== test.value ? 1 : 0;
    case ">":
      return compareKeys(value, test.value) > 0 ? 1 : 0;
    case ">=":
      return compareKeys(value, test.value) >= 0 ? 1 : 0;
    case "<":
      return compareKeys(value, test.value) < 0 ? 1 : 0;
    case "<=":
      return compareKeys(value, test.value) <= 0 ? 1 : 0;
    case "like":
      return likeMatch(value, test.pattern) !== test.negated ? 1 : 0;
    case "between":
      return compareKeys(value, test.lo) >= 0 && compareKeys(value, test.hi) <= 0 ? 1 : 0;
    case "in":
      return test.values.includes(value) ? 1 : 0;
  }
}
function matches(expr, item) {
  if (!expr) return true;
  if (expr.t === "intersection") return matches(expr.left, item) && matches(expr.right, item);
  const single = singleChoice(expr, item);
  return (single === void 0 ? evalPredicate(expr, item) : single) === 1;
}
function singleChoice(expr, item) {
  switch (expr.t) {
    case "intersection":
      return matches(expr, item) ? 1 : 0;
    case "not": {
      const v = singleChoice(expr.inner, item);
      return v === void 0 ? void 0 : 1 - v;
    }
    case "and":
    case "or": {
      const l = singleChoice(expr.left, item);
      if (l === void 0) return void 0;
      const r = singleChoice(expr.right, item);
      if (r === void 0) return void 0;
      return expr.t === "and" ? Math.min(l, r) : Math.max(l, r);
    }
    case "leaf": {
      if (expr.target.kind === "itemName") return testValue(expr.test, item.name);
      const vals = item.attrs.get(expr.target.name);
      if (expr.every) return !vals || vals.length === 0 ? 0.5 : vals.reduce((acc, v) => Math.min(acc, testValue(expr.test, v)), 1);
      if (vals && vals.length > 1) return void 0;
      return testValue(expr.test, vals && vals.length === 1 ? vals[0] : null);
    }
  }
}
function evalPredicate(expr, item) {
  const fixed = /* @__PURE__ */ new Map();
  const byAttr = /* @__PURE__ */ new Map();
  const walk = (e) => {
    if (e.t === "intersection") fixed.set(e, matches(e, item) ? 1 : 0);
    else if (e.t === "not") walk(e.inner);
    else if (e.t !== "leaf") {
      walk(e.left);
      walk(e.right);
    } else if (e.target.kind === "itemName") fixed.set(e, testValue(e.test, item.name));
    else if (e.every) {
      const vals = item.attrs.get(e.target.name);
      if (!vals || vals.length === 0) fixed.set(e, 0.5);
      else fixed.set(e, vals.reduce((acc, v) => Math.min(acc, testValue(e.test, v)), 1));
    } else {
      const list = byAttr.get(e.target.name) ?? [];
      list.push(e);
      byAttr.set(e.target.name, list);
    }
  };
  walk(expr);
  const attrNames = [...byAttr.keys()];
  const leafPos = /* @__PURE__ */ new Map();
  const choices = attrNames.map((name, a) => {
    const ls = byAttr.get(name);
    ls.forEach((l, idx) => leafPos.set(l, { attr: a, idx }));
    const vals = item.attrs.get(name);
    const candidates = vals && vals.length > 0 ? [...vals] : [null];
    const seen = /* @__PURE__ */ new Map();
    for (const v of candidates) {
      const vec = ls.map((l) => testValue(l.test, v));
      seen.set(vec.join(","), vec);
    }
    return [...seen.values()];
  });
  const chosen = attrNames.map(() => void 0);
  const range = (e) => {
    const f = fixed.get(e);
    if (f !== void 0) return [f, f];
    switch (e.t) {
      case "not": {
        const [lo, hi] = range(e.inner);
        return [1 - hi, 1 - lo];
      }
      case "and": {
        const l = range(e.left);
        if (l[1] === 0) return l;
        const r = range(e.right);
        return [Math.min(l[0], r[0]), Math.min(l[1], r[1])];
      }
      case "or": {
        const l = range(e.left);
        if (l[0] === 1) return l;
        const r = range(e.right);
        return [Math.max(l[0], r[0]), Math.max(l[1], r[1])];
      }
      case "leaf": {
        const pos = leafPos.get(e);
        const vec = chosen[pos.attr];
        if (!vec) return [0, 1];
        const v = vec[pos.idx];
        return [v, v];
      }
      default:
        throw new Error("unreachable");
    }
  };
  let best = 0;
  const search = (a) => {
    const [lo, hi] = range(expr);
    if (lo === 1) {
      best = 1;
      return true;
    }
    if (hi < 1) {
      if (hi === 0.5 && a === attrNames.length && best === 0) best = 0.5;
      return false;
    }
    if (a === attrNames.length) return false;
    for (const vec of choices[a]) {
      chosen[a] = vec;
      if (search(a + 1)) return true;
    }
    chosen[a] = void 0;
    return false;
  };
  search(0);
  return best;
}
function sortKey(item, target, desc) {
  if (target.kind === "itemName") return item.name;
  const vals = item.attrs.get(target.name);
  if (!vals || vals.length === 0) return null;
  let key = vals[0];
  for (const v of vals) if (desc ? compareKeys(v, key) > 0 : compareKeys(v, key) < 0) key = v;
  return key;
}

// src/simpledb-local/sorted-list.ts
var SortedList = class _SortedList {
  constructor(compare, load = 512) {
    this.compare = compare;
    this.load = load;
  }
  compare;
  load;
  /** Non-empty sorted chunks, in order; every value of a chunk sorts before every value of the next. */
  #chunks = [];
  #size = 0;
  /** A list of `values` (any order; equal values collapse), built with one sort. */
  static of(compare, values, load = 512) {
    const list = new _SortedList(compare, load);
    const sorted = values.sort(compare).filter((v, i, all) => i === 0 || compare(all[i - 1], v) !== 0);
    for (let i = 0; i < sorted.length; i += load) list.#chunks.push(sorted.slice(i, i + load));
    list.#size = sorted.length;
    return list;
  }
  get size() {
    return this.#size;
  }
  /** Adds `value`; false (and no change) when an equal value is already there. */
  insert(value) {
    if (this.#chunks.length === 0) {
      this.#chunks.push([value]);
      this.#size = 1;
      return true;
    }
    const c = Math.min(this.#firstChunk((last) => this.compare(last, value) >= 0), this.#chunks.length - 1);
    const chunk = this.#chunks[c];
    const i = firstIndex(chunk, (v) => this.compare(v, value) >= 0);
    if (i < chunk.length && this.compare(chunk[i], value) === 0) return false;
    chunk.splice(i, 0, value);
    this.#size++;
    if (chunk.length > 2 * this.load) this.#chunks.splice(c, 1, chunk.slice(0, this.load), chunk.slice(this.load));
    return true;
  }
  /** Removes the value equal to `value`; false when there is none. */
  delete(value) {
    const c = this.#firstChunk((last) => this.compare(last, value) >= 0);
    const chunk = this.#chunks[c];
    if (!chunk) return false;
    const i = firstIndex(chunk, (v) => this.compare(v, value) >= 0);
    if (i === chunk.length || this.compare(chunk[i], value) !== 0) return false;
    chunk.splice(i, 1);
    this.#size--;
    if (chunk.length === 0) this.#chunks.splice(c, 1);
    else if (chunk.length < this.load / 2 && c + 1 < this.#chunks.length) {
      const next = this.#chunks[c + 1];
      if (chunk.length + next.length <= 2 * this.load) this.#chunks.splice(c, 2, chunk.concat(next));
    }
    return true;
  }
  /**
   * The values from the first one for which `isAtOrAfter` holds to the end, in order.
   * `isAtOrAfter` must be false then true along the order (e.g. "sorts after this NextToken").
   * The list must not change while the walk is in progress.
   */
  *from(isAtOrAfter = () => true) {
    let c = this.#firstChunk(isAtOrAfter);
    if (c === this.#chunks.length) return;
    let i = firstIndex(this.#chunks[c], isAtOrAfter);
    for (; c < this.#chunks.length; c++, i = 0) {
      const chunk = this.#chunks[c];
      for (; i < chunk.length; i++) yield chunk[i];
    }
  }
  /** The first chunk whose last value satisfies `predicate` (monotone along the order), or the chunk count. */
  #firstChunk(predicate) {
    let lo = 0;
    let hi = this.#chunks.length;
    while (lo < hi) {
      const mid = lo + hi >>> 1;
      const chunk = this.#chunks[mid];
      if (predicate(chunk[chunk.length - 1])) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
};
function firstIndex(values, predicate) {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = lo + hi >>> 1;
    if (predicate(values[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// src/simpledb-local/order-index.ts
var ITEM_NAME_ORDER = { target: { kind: "itemName" }, desc: false };
function orderingId(o) {
  return JSON.stringify([o.target.kind === "attr" ? o.target.name : null, o.desc]);
}
function compareRows(desc) {
  return (a, b) => {
    const c = compareKeys(a.key, b.key);
    if (c !== 0) return desc ? -c : c;
    return compareKeys(a.name, b.name);
  };
}
function rowOf(ordering, name, attrs) {
  const key = sortKey({ name, attrs }, ordering.target, ordering.desc);
  return key === null ? null : { key, name };
}
function isMultiValued(ordering, attrs) {
  return ordering.target.kind === "attr" && (attrs?.get(ordering.target.name)?.length ?? 0) > 1;
}
var OrderIndex = class {
  constructor(ordering, items) {
    this.ordering = ordering;
    const rows = [];
    for (const [name, attrs] of items) {
      const row = rowOf(ordering, name, attrs);
      if (!row) continue;
      rows.push(row);
      if (isMultiValued(ordering, attrs)) this.#multiValued++;
    }
    this.rows = SortedList.of(compareRows(ordering.desc), rows);
  }
  ordering;
  rows;
  /** Indexed items with more than one value of the sorted attribute. */
  #multiValued = 0;
  /**
   * Whether every indexed item has one value of the sorted attribute, so its key is its only
   * value (then `a >= 'x'` bounds the key from below even in ascending order, where the key is the
   * smallest value).
   */
  get singleValued() {
    return this.#multiValued === 0;
  }
  /** Moves an item after a write (`before` / `after` undefined: absent). */
  update(name, before, after2) {
    const old = before ? rowOf(this.ordering, name, before) : null;
    const next = after2 ? rowOf(this.ordering, name, after2) : null;
    if (old?.key !== next?.key) {
      if (old) this.rows.delete(old);
      if (next) this.rows.insert(next);
    }
    this.#multiValued += (isMultiValued(this.ordering, after2) ? 1 : 0) - (isMultiValued(this.ordering, before) ? 1 : 0);
  }
};

// src/simpledb-local/domain.ts
var MAX_ORDER_INDEXES = 8;
var Domain = class {
  constructor(name, lagMs, now) {
    this.name = name;
    this.lagMs = lagMs;
    this.now = now;
  }
  name;
  lagMs;
  now;
  items = /* @__PURE__ */ new Map();
  pairs = 0;
  bytes = 0;
  /** DomainMetadata's totals, kept by every write (a DomainMetadata walked every item: 80 ms at 100 k). */
  itemNameBytes = 0;
  valueBytes = 0;
  attributeNameBytes = 0;
  /** Attribute name -> how many items have it: its distinct names are DomainMetadata's AttributeNameCount. */
  attributeNames = /* @__PURE__ */ new Map();
  /** Recent versions per item, only while a read lag is configured. */
  #history = /* @__PURE__ */ new Map();
  /** Built orders, least recently used first. */
  #indexes = /* @__PURE__ */ new Map();
  /** Replaces an item's state (null or no attributes: deleted), keeping totals, orders and (under lag) history. */
  write(itemName, next) {
    const prev = this.items.get(itemName);
    if (this.lagMs > 0) {
      const now = this.now();
      const h = this.#history.get(itemName) ?? [{ at: -Infinity, attrs: cloneAttrs(prev) }];
      h.push({ at: now, attrs: cloneAttrs(next ?? void 0) });
      let keepFrom = 0;
      for (let i = 0; i < h.length; i++) if (h[i].at <= now - this.lagMs) keepFrom = i;
      this.#history.set(itemName, h.slice(keepFrom));
    }
    this.#set(itemName, prev, next && next.size > 0 ? next : void 0);
  }
  /** An item as stored before (loaded from a file): no history, as if written long ago. */
  restore(itemName, attrs) {
    this.#set(itemName, this.items.get(itemName), attrs.size > 0 ? attrs : void 0);
  }
  #set(itemName, prev, next) {
    const before = itemSize(itemName, prev);
    const after2 = itemSize(itemName, next);
    if (next) this.items.set(itemName, next);
    else this.items.delete(itemName);
    this.pairs += after2.pairs - before.pairs;
    this.bytes += after2.bytes - before.bytes;
    this.itemNameBytes += after2.nameBytes - before.nameBytes;
    this.valueBytes += after2.valueBytes - before.valueBytes;
    if (prev) for (const k of prev.keys()) this.#countName(k, -1);
    if (next) for (const k of next.keys()) this.#countName(k, 1);
    for (const index of this.#indexes.values()) index.update(itemName, prev, next);
  }
  #countName(name, delta) {
    const count = (this.attributeNames.get(name) ?? 0) + delta;
    if (count > 0) this.attributeNames.set(name, count);
    else this.attributeNames.delete(name);
    if (count === 0 || count === 1 && delta > 0) this.attributeNameBytes += delta * utf8Length(name);
  }
  /**
   * The items a read sees differently from their current state: under a lag and without
   * ConsistentRead, each item written within the last lagMs maps to its state of lagMs ago (null:
   * it did not exist). Empty for consistent reads. Versions past the horizon are dropped here.
   */
  staleItems(consistent) {
    const stale = /* @__PURE__ */ new Map();
    if (consistent || this.lagMs <= 0 || this.#history.size === 0) return stale;
    const horizon = this.now() - this.lagMs;
    for (const [itemName, versions] of this.#history) {
      let state;
      for (const v of versions) if (v.at <= horizon) state = v.attrs;
      if (state === void 0) continue;
      if (versions[versions.length - 1].at <= horizon) {
        this.#history.delete(itemName);
        continue;
      }
      stale.set(itemName, state && state.size > 0 ? state : null);
    }
    return stale;
  }
  /** One item as a read sees it. */
  read(itemName, consistent) {
    const stale = this.staleItems(consistent);
    return stale.has(itemName) ? stale.get(itemName) ?? void 0 : this.items.get(itemName);
  }
  /** The current items in `ordering`, built now if no Select needed it lately. */
  orderIndex(ordering) {
    const id = orderingId(ordering);
    let index = this.#indexes.get(id);
    if (index) this.#indexes.delete(id);
    else index = new OrderIndex(ordering, this.items);
    this.#indexes.set(id, index);
    if (this.#indexes.size > MAX_ORDER_INDEXES) this.#indexes.delete(this.#indexes.keys().next().value);
    return index;
  }
};

// src/simpledb-local/domain-store.ts
var DomainStore = class {
  constructor(lagMs, now, persistPath) {
    this.lagMs = lagMs;
    this.now = now;
    this.persistPath = persistPath;
    if (persistPath) this.#load(persistPath);
  }
  lagMs;
  now;
  persistPath;
  #domains = /* @__PURE__ */ new Map();
  get size() {
    return this.#domains.size;
  }
  get(name) {
    return this.#domains.get(name);
  }
  /** Domain names in UTF-8 byte order. */
  names() {
    return [...this.#domains.keys()].sort(compareKeys);
  }
  create(name) {
    const d = new Domain(name, this.lagMs, this.now);
    this.#domains.set(name, d);
    return d;
  }
  delete(name) {
    return this.#domains.delete(name);
  }
  clear() {
    this.#domains.clear();
  }
  /** Writes every domain to the file, when there is one. */
  save() {
    if (!this.persistPath) return;
    const out = {};
    for (const [name, d] of this.#domains) {
      const items = {};
      for (const [itemName, attrs] of d.items) items[itemName] = Object.fromEntries(attrs);
      out[name] = items;
    }
    const tmp = `${this.persistPath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, domains: out }));
    renameSync(tmp, this.persistPath);
  }
  #load(path) {
    let text;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      if (err.code === "ENOENT") return;
      throw new Error(`cannot read the SimpleDB data file ${path}: ${err.message}`);
    }
    const domains = parseStoredDomains(text, path);
    for (const [name, items] of Object.entries(domains)) {
      const d = this.create(name);
      for (const [itemName, attrs] of Object.entries(items)) {
        const a = new Map(Object.entries(attrs).map(([k, v]) => [k, [...v]]));
        d.restore(itemName, a);
      }
    }
  }
};
function parseStoredDomains(text, path) {
  const damaged = (why) => new Error(`the SimpleDB data file ${path} is damaged (${why}); move it away to start with no data, or restore it from a copy`);
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw damaged(err.message);
  }
  const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(data)) throw damaged("not a JSON object");
  const domains = data["domains"] ?? {};
  if (!isObject(domains)) throw damaged('"domains" is not an object');
  for (const [name, items] of Object.entries(domains)) {
    if (!isObject(items)) throw damaged(`domain ${JSON.stringify(name)} is not an object`);
    for (const [itemName, attrs] of Object.entries(items)) {
      if (!isObject(attrs)) throw damaged(`item ${JSON.stringify(itemName)} of ${JSON.stringify(name)} is not an object`);
      for (const [attr, values] of Object.entries(attrs)) {
        if (!Array.isArray(values) || values.some((v) => typeof v !== "string")) {
          throw damaged(`attribute ${JSON.stringify(attr)} of item ${JSON.stringify(itemName)} is not a list of strings`);
        }
      }
    }
  }
  return domains;
}

// src/simpledb-local/errors.ts
var SdbFault = class extends Error {
  constructor(code, status, message) {
    super(message);
    this.code = code;
    this.status = status;
    this.name = "SdbFault";
  }
  code;
  status;
};
var fault = {
  invalidParameter: (name, value, why) => new SdbFault("InvalidParameterValue", 400, `Value (${value}) for parameter ${name} is invalid. ${why}`),
  missing: (name) => new SdbFault("MissingParameter", 400, `The request must contain the parameter ${name}`),
  noSuchDomain: () => new SdbFault("NoSuchDomain", 400, "The specified domain does not exist."),
  query: (why) => new SdbFault("InvalidQueryExpression", 400, `The specified query expression syntax is not valid. ${why}`)
};

// src/simpledb-local/item-changes.ts
function checkExpected(expected, attrs) {
  if (!expected) return;
  const vals = attrs?.get(expected.name);
  if (!expected.exists) {
    if (vals && vals.length > 0) throw new SdbFault("ConditionalCheckFailed", 409, `Conditional check failed. Attribute (${expected.name}) value exists.`);
    return;
  }
  if (!vals || vals.length === 0) throw new SdbFault("AttributeDoesNotExist", 404, `Attribute (${expected.name}) does not exist`);
  if (vals.length > 1) throw new SdbFault("MultiValuedAttribute", 409, `Attribute (${expected.name}) is multi-valued. Conditional check can only be performed on a single-valued attribute`);
  if (vals[0] !== expected.value) {
    throw new SdbFault("ConditionalCheckFailed", 409, `Conditional check failed. Attribute (${expected.name}) value is (${vals[0]}) but was expected (${expected.value})`);
  }
}
function applyPut(totals, limits, itemName, attributes, base) {
  const next = cloneAttrs(base) ?? /* @__PURE__ */ new Map();
  const replaced = new Set(attributes.filter((a) => a.replace).map((a) => a.name));
  for (const name of replaced) next.delete(name);
  for (const a of attributes) {
    const vals = next.get(a.name) ?? [];
    if (!vals.includes(a.value)) vals.push(a.value);
    next.set(a.name, vals);
  }
  let pairs = 0;
  for (const vs of next.values()) pairs += vs.length;
  if (pairs > limits.maxPairsPerItem) {
    throw new SdbFault("NumberItemAttributesExceeded", 409, `Too many attributes in this item (${pairs}, at most ${limits.maxPairsPerItem}).`);
  }
  const before = itemSize(itemName, base);
  const after2 = itemSize(itemName, next);
  if (totals.pairs + after2.pairs - before.pairs > limits.maxDomainAttributes) {
    throw new SdbFault("NumberDomainAttributesExceeded", 409, "Too many attributes in this domain.");
  }
  if (totals.bytes + after2.bytes - before.bytes > limits.maxDomainBytes) {
    throw new SdbFault("NumberDomainBytesExceeded", 409, "Too many bytes in this domain.");
  }
  return next;
}
function applyDelete(base, attributes) {
  if (!base) return null;
  if (attributes.length === 0) return null;
  const next = cloneAttrs(base);
  for (const a of attributes) {
    if (a.value === void 0) next.delete(a.name);
    else {
      const vals = next.get(a.name);
      if (!vals) continue;
      const rest = vals.filter((v) => v !== a.value);
      if (rest.length > 0) next.set(a.name, rest);
      else next.delete(a.name);
    }
  }
  return next;
}

// src/simpledb-local/next-token.ts
var DOMAINS_SHAPE = "domains";
function queryShape(q) {
  return JSON.stringify([q.domain, q.where ?? null, q.orderBy ?? null], (k, v) => k === "id" ? void 0 : v);
}
function shapeHash(shape) {
  let h = 2166136261;
  for (let i = 0; i < shape.length; i++) {
    h ^= shape.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(36);
}
function encodeToken(shape, position) {
  return Buffer.from(JSON.stringify({ s: shapeHash(shape), p: position }), "utf8").toString("base64");
}
function decodeDomainsToken(token) {
  const p = decode(token, DOMAINS_SHAPE);
  return typeof p === "string" ? p : void 0;
}
function decodeSelectToken(token, shape) {
  const p = decode(token, shape);
  if (p && typeof p === "object" && p.begin === true) return { begin: true };
  if (!p || typeof p !== "object" || typeof p.name !== "string" || !(typeof p.key === "string" || p.key === null)) return void 0;
  return { key: p.key, name: p.name };
}
function decode(token, shape) {
  try {
    const t = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    return t.s === shapeHash(shape) ? t.p : void 0;
  } catch {
    return void 0;
  }
}

// src/simpledb-local/params.ts
function listGroups(params, prefix, fields) {
  const byIndex = /* @__PURE__ */ new Map();
  for (const k of params.keys()) {
    if (!k.startsWith(prefix)) continue;
    const dot = indexDigitsEnd(k, prefix.length);
    if (dot === -1) continue;
    let field;
    for (const f of fields) if (k.length === dot + 1 + f.length && k.startsWith(f, dot + 1)) field = f;
    if (field === void 0) continue;
    const v = params.get(k);
    const index = Number(k.slice(prefix.length, dot));
    if (index < 1 || !Number.isSafeInteger(index)) throw fault.invalidParameter(k, v, "List indexes start at 1.");
    let g = byIndex.get(index);
    if (g === void 0) byIndex.set(index, g = /* @__PURE__ */ new Map());
    g.set(field, v);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, f]) => ({ index, fields: f, keyPrefix: `${prefix}${index}.` }));
}
function indexDigitsEnd(key, from) {
  let i = from;
  for (; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) break;
  }
  return i > from && i < key.length && key.charCodeAt(i) === 46 ? i : -1;
}
function paramsByItem(params) {
  const byIndex = /* @__PURE__ */ new Map();
  for (const [k, v] of params) {
    if (!k.startsWith(ITEM_PREFIX)) continue;
    const dot = indexDigitsEnd(k, ITEM_PREFIX.length);
    if (dot === -1) continue;
    const index = Number(k.slice(ITEM_PREFIX.length, dot));
    let item = byIndex.get(index);
    if (item === void 0) byIndex.set(index, item = /* @__PURE__ */ new Map());
    item.set(k, v);
  }
  return byIndex;
}
var ITEM_PREFIX = "Item.";
function requiredParam(params, key) {
  const v = params.get(key);
  if (v === void 0) throw fault.missing(key);
  return v;
}
function booleanParam(params, key) {
  const v = params.get(key);
  if (v === void 0) return void 0;
  if (v === "true") return true;
  if (v === "false") return false;
  throw fault.invalidParameter(key, v, "It must be true or false.");
}
var ParamReader = class {
  constructor(limits) {
    this.limits = limits;
  }
  limits;
  checkName(param, value, what) {
    if (utf8Length(value) > this.limits.maxNameBytes) {
      throw fault.invalidParameter(param, value.length > 64 ? `${value.slice(0, 64)}...` : value, `${what} exceeds the maximum length of ${this.limits.maxNameBytes} bytes.`);
    }
  }
  itemName(params, key = "ItemName") {
    const v = requiredParam(params, key);
    if (v === "") throw fault.invalidParameter(key, v, "The item name must not be empty.");
    this.checkName(key, v, "Item name");
    return v;
  }
  replaceableAttributes(params, prefix) {
    return listGroups(params, prefix, ["Name", "Value", "Replace"]).map((g) => {
      const name = g.fields.get("Name");
      const value = g.fields.get("Value");
      if (name === void 0) throw fault.missing(`${g.keyPrefix}Name`);
      if (value === void 0) throw fault.missing(`${g.keyPrefix}Value`);
      if (name === "") throw fault.invalidParameter(`${g.keyPrefix}Name`, name, "The attribute name must not be empty.");
      this.checkName(`${g.keyPrefix}Name`, name, "Attribute name");
      this.checkName(`${g.keyPrefix}Value`, value, "Attribute value");
      const r = g.fields.get("Replace");
      if (r !== void 0 && r !== "true" && r !== "false") throw fault.invalidParameter(`${g.keyPrefix}Replace`, r, "It must be true or false.");
      return { name, value, replace: r === "true" };
    });
  }
  deletableAttributes(params, prefix) {
    return listGroups(params, prefix, ["Name", "Value"]).map((g) => {
      const name = g.fields.get("Name");
      if (name === void 0) throw fault.missing(`${g.keyPrefix}Name`);
      this.checkName(`${g.keyPrefix}Name`, name, "Attribute name");
      const value = g.fields.get("Value");
      if (value !== void 0) this.checkName(`${g.keyPrefix}Value`, value, "Attribute value");
      return value === void 0 ? { name } : { name, value };
    });
  }
  /** Expected.Name / Expected.Value / Expected.Exists, or the Expected.N.* form (one condition only). */
  expected(params) {
    const plain = /* @__PURE__ */ new Map();
    for (const f of ["Name", "Value", "Exists"]) {
      const v = params.get(`Expected.${f}`);
      if (v !== void 0) plain.set(f, v);
    }
    const numbered = listGroups(params, "Expected.", ["Name", "Value", "Exists"]);
    const conditions = [...plain.size > 0 ? [{ fields: plain, keyPrefix: "Expected." }] : [], ...numbered];
    if (conditions.length === 0) return void 0;
    if (conditions.length > 1) throw new SdbFault("MultipleExpectedNames", 400, "Only one Expected name may be given.");
    const { fields, keyPrefix } = conditions[0];
    const name = fields.get("Name");
    const value = fields.get("Value");
    const existsRaw = fields.get("Exists");
    if (existsRaw !== void 0 && existsRaw !== "true" && existsRaw !== "false") {
      throw fault.invalidParameter(`${keyPrefix}Exists`, existsRaw, "It must be true or false.");
    }
    if (name === void 0) throw new SdbFault("IncompleteExpectedExpression", 400, "If Expected.Value or Expected.Exists is given, Expected.Name must be given too.");
    const exists = existsRaw !== "false";
    if (!exists && value !== void 0) throw new SdbFault("ExistsAndExpectedValue", 400, "Expected.Exists=false cannot be combined with Expected.Value.");
    if (exists && value === void 0) throw new SdbFault("IncompleteExpectedExpression", 400, "If Expected.Exists=true or is absent, Expected.Value must be given.");
    return value === void 0 ? { name, exists } : { name, value, exists };
  }
};

// src/simpledb-local/select.ts
var RESERVED = /* @__PURE__ */ new Set([
  "or",
  "and",
  "not",
  "from",
  "where",
  "select",
  "like",
  "null",
  "is",
  "order",
  "by",
  "asc",
  "desc",
  "in",
  "between",
  "intersection",
  "limit",
  "every"
]);
var SELECT_LIMITS = { maxComparisons: 20, maxAttributes: 20, maxValueTests: 20, maxOutputAttributes: 256, maxLimit: 2500, defaultLimit: 100 };
function tokenize(src) {
  const out = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"' || c === "`") {
      let v = "";
      i++;
      for (; ; ) {
        if (i >= src.length) throw fault.query(`Unterminated ${c === "`" ? "name" : "string"} starting at position ${start + 1}.`);
        if (src[i] === c) {
          if (src[i + 1] === c) {
            v += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += src[i];
        i++;
      }
      out.push({ k: c === "`" ? "quotedName" : "string", v, pos: start });
      continue;
    }
    const word = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i, i + 1100));
    if (word) {
      out.push({ k: "word", v: word[0], pos: start });
      i += word[0].length;
      continue;
    }
    const num = /^[0-9]+/.exec(src.slice(i, i + 50));
    if (num) {
      out.push({ k: "number", v: num[0], pos: start });
      i += num[0].length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === "!=" || two === ">=" || two === "<=") {
      out.push({ k: "punct", v: two, pos: start });
      i += 2;
      continue;
    }
    if ("=<>(),*".includes(c)) {
      out.push({ k: "punct", v: c, pos: start });
      i++;
      continue;
    }
    throw fault.query(`Unexpected character '${c}' at position ${start + 1}.`);
  }
  out.push({ k: "eof", v: "", pos: src.length });
  return out;
}
var Parser = class {
  #toks;
  #i = 0;
  #leaves = 0;
  constructor(toks) {
    this.#toks = toks;
  }
  get leaves() {
    return this.#leaves;
  }
  peek(offset = 0) {
    return this.#toks[Math.min(this.#i + offset, this.#toks.length - 1)];
  }
  next() {
    const t = this.peek();
    if (this.#i < this.#toks.length - 1) this.#i++;
    return t;
  }
  isKw(word, offset = 0) {
    const t = this.peek(offset);
    return t.k === "word" && t.v.toLowerCase() === word;
  }
  isPunct(p, offset = 0) {
    const t = this.peek(offset);
    return t.k === "punct" && t.v === p;
  }
  describe(t) {
    return t.k === "eof" ? "the end of the expression" : `'${t.v}' at position ${t.pos + 1}`;
  }
  expectKw(word) {
    if (!this.isKw(word)) throw fault.query(`Expected '${word}' but found ${this.describe(this.peek())}.`);
    this.next();
  }
  expectPunct(p) {
    if (!this.isPunct(p)) throw fault.query(`Expected '${p}' but found ${this.describe(this.peek())}.`);
    this.next();
  }
  /** itemName() */
  isItemNameCall() {
    return this.isKw("itemname") && this.isPunct("(", 1) && this.isPunct(")", 2);
  }
  name(what) {
    const t = this.peek();
    if (t.k === "quotedName") {
      this.next();
      return t.v;
    }
    if (t.k === "word" && !RESERVED.has(t.v.toLowerCase())) {
      this.next();
      return t.v;
    }
    throw fault.query(`Expected ${what} but found ${this.describe(t)}.`);
  }
  string() {
    const t = this.peek();
    if (t.k !== "string") throw fault.query(`Expected a quoted value but found ${this.describe(t)}.`);
    this.next();
    return t.v;
  }
  query() {
    this.expectKw("select");
    const output = this.output();
    this.expectKw("from");
    const domain = this.name("a domain name");
    const q = { output, domain, leafCount: 0 };
    if (this.isKw("where")) {
      this.next();
      q.where = this.intersection();
    }
    if (this.isKw("order")) {
      this.next();
      this.expectKw("by");
      let target;
      if (this.isItemNameCall()) {
        this.next();
        this.next();
        this.next();
        target = { kind: "itemName" };
      } else target = { kind: "attr", name: this.name("an attribute name to sort by") };
      let desc = false;
      if (this.isKw("asc")) this.next();
      else if (this.isKw("desc")) {
        this.next();
        desc = true;
      }
      q.orderBy = { target, desc };
    }
    if (this.isKw("limit")) {
      this.next();
      const t = this.peek();
      if (t.k !== "number") throw fault.query(`Expected a number after limit but found ${this.describe(t)}.`);
      this.next();
      const n = Number(t.v);
      if (!Number.isSafeInteger(n) || n < 1 || n > SELECT_LIMITS.maxLimit) {
        throw new SdbFault("InvalidParameterValue", 400, `Value (${t.v}) for parameter Limit is invalid. It must be between 1 and ${SELECT_LIMITS.maxLimit}.`);
      }
      q.limit = n;
    }
    if (this.peek().k !== "eof") throw fault.query(`Unexpected ${this.describe(this.peek())}.`);
    q.leafCount = this.#leaves;
    return q;
  }
  output() {
    if (this.isPunct("*")) {
      this.next();
      return { kind: "all" };
    }
    if (this.isItemNameCall()) {
      this.next();
      this.next();
      this.next();
      return { kind: "itemName" };
    }
    if (this.isKw("count") && this.isPunct("(", 1)) {
      this.next();
      this.next();
      this.expectPunct("*");
      this.expectPunct(")");
      return { kind: "count" };
    }
    const names = [this.name("an output list")];
    while (this.isPunct(",")) {
      this.next();
      names.push(this.name("an attribute name"));
    }
    if (names.length > SELECT_LIMITS.maxOutputAttributes) {
      throw new SdbFault("TooManyRequestedAttributes", 400, `Too many attributes requested (${names.length}, at most ${SELECT_LIMITS.maxOutputAttributes}).`);
    }
    return { kind: "attrs", names };
  }
  intersection() {
    let left = this.or();
    while (this.isKw("intersection")) {
      this.next();
      left = { t: "intersection", left, right: this.or() };
    }
    return left;
  }
  or() {
    let left = this.and();
    while (this.isKw("or")) {
      this.next();
      left = { t: "or", left, right: this.and() };
    }
    return left;
  }
  and() {
    let left = this.not();
    while (this.isKw("and")) {
      this.next();
      left = { t: "and", left, right: this.not() };
    }
    return left;
  }
  not() {
    if (this.isKw("not")) {
      this.next();
      return { t: "not", inner: this.not() };
    }
    return this.primary();
  }
  primary() {
    if (this.isPunct("(")) {
      this.next();
      const e = this.intersection();
      this.expectPunct(")");
      return e;
    }
    let target;
    let every = false;
    if (this.isItemNameCall()) {
      this.next();
      this.next();
      this.next();
      target = { kind: "itemName" };
    } else if (this.isKw("every") && this.isPunct("(", 1)) {
      this.next();
      this.next();
      target = { kind: "attr", name: this.name("an attribute name in every()") };
      this.expectPunct(")");
      every = true;
    } else {
      target = { kind: "attr", name: this.name("an attribute name or itemName()") };
    }
    const test = this.test();
    if (every && test.op === "null") throw fault.query("every() cannot be combined with is null / is not null.");
    this.#leaves++;
    return { t: "leaf", target, every, test, id: this.#leaves - 1 };
  }
  test() {
    const t = this.peek();
    if (t.k === "punct" && ["=", "!=", ">", ">=", "<", "<="].includes(t.v)) {
      this.next();
      return { op: t.v, value: this.string() };
    }
    if (this.isKw("like")) {
      this.next();
      return { op: "like", pattern: this.string(), negated: false };
    }
    if (this.isKw("not") && this.isKw("like", 1)) {
      this.next();
      this.next();
      return { op: "like", pattern: this.string(), negated: true };
    }
    if (this.isKw("between")) {
      this.next();
      const lo = this.string();
      this.expectKw("and");
      return { op: "between", lo, hi: this.string() };
    }
    if (this.isKw("in")) {
      this.next();
      this.expectPunct("(");
      const values = [this.string()];
      while (this.isPunct(",")) {
        this.next();
        values.push(this.string());
      }
      this.expectPunct(")");
      if (values.length > SELECT_LIMITS.maxValueTests) {
        throw new SdbFault("InvalidNumberValueTests", 400, `Too many value tests per predicate in the query expression (${values.length}, at most ${SELECT_LIMITS.maxValueTests}).`);
      }
      return { op: "in", values };
    }
    if (this.isKw("is")) {
      this.next();
      let negated = false;
      if (this.isKw("not")) {
        this.next();
        negated = true;
      }
      this.expectKw("null");
      return { op: "null", negated };
    }
    throw fault.query(`Expected a comparison operator but found ${this.describe(t)}.`);
  }
};
function leaves(e, out = []) {
  if (!e) return out;
  if (e.t === "leaf") out.push(e);
  else if (e.t === "not") leaves(e.inner, out);
  else {
    leaves(e.left, out);
    leaves(e.right, out);
  }
  return out;
}
function parseSelect(expression) {
  const q = new Parser(tokenize(expression)).query();
  const all = leaves(q.where);
  if (all.length > SELECT_LIMITS.maxComparisons) {
    throw new SdbFault("InvalidNumberPredicates", 400, `Too many predicates in the query expression (${all.length}, at most ${SELECT_LIMITS.maxComparisons}).`);
  }
  const attrs = new Set(all.flatMap((l) => l.target.kind === "attr" ? [l.target.name] : []));
  if (attrs.size > SELECT_LIMITS.maxAttributes) {
    throw new SdbFault("InvalidNumberPredicates", 400, `Too many distinct attributes in the query expression (${attrs.size}, at most ${SELECT_LIMITS.maxAttributes}).`);
  }
  if (q.orderBy && q.orderBy.target.kind === "attr") {
    const sortName = q.orderBy.target.name;
    const constrained = all.some((l) => l.target.kind === "attr" && l.target.name === sortName && !(l.test.op === "null" && !l.test.negated));
    if (!constrained) {
      throw new SdbFault("InvalidSortExpression", 400, `The sort attribute must be present in at least one of the predicates, and the predicate cannot contain the is null operator: ${sortName}`);
    }
  }
  return q;
}

// src/simpledb-local/key-bounds.ts
function conjunctLeaves(e, out = []) {
  if (!e) return out;
  if (e.t === "leaf") out.push(e);
  else if (e.t === "and" || e.t === "intersection") {
    conjunctLeaves(e.left, out);
    conjunctLeaves(e.right, out);
  }
  return out;
}
function sameTarget(a, b) {
  return a.kind === "itemName" ? b.kind === "itemName" : b.kind === "attr" && a.name === b.name;
}
function leafRange(test) {
  switch (test.op) {
    case "=":
      return { lo: { value: test.value, inclusive: true }, hi: { value: test.value, inclusive: true } };
    case ">":
      return { lo: { value: test.value, inclusive: false } };
    case ">=":
      return { lo: { value: test.value, inclusive: true } };
    case "<":
      return { hi: { value: test.value, inclusive: false } };
    case "<=":
      return { hi: { value: test.value, inclusive: true } };
    case "between":
      return { lo: { value: test.lo, inclusive: true }, hi: { value: test.hi, inclusive: true } };
    case "in": {
      const sorted = [...test.values].sort(compareKeys);
      return { lo: { value: sorted[0], inclusive: true }, hi: { value: sorted[sorted.length - 1], inclusive: true } };
    }
    default:
      return void 0;
  }
}
function tighter(a, b, sign) {
  if (!a) return b;
  if (!b) return a;
  const c = compareKeys(a.value, b.value) * sign;
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a;
}
function intersect(into, r) {
  into.lo = tighter(into.lo, r.lo, 1);
  into.hi = tighter(into.hi, r.hi, -1);
}
function keyBounds(where, ordering, singleValued) {
  const any = {};
  const everyValue = {};
  for (const leaf of conjunctLeaves(where)) {
    if (!sameTarget(leaf.target, ordering.target)) continue;
    const r = leafRange(leaf.test);
    if (!r) continue;
    intersect(any, r);
    if (leaf.target.kind === "itemName" || leaf.every || singleValued) intersect(everyValue, r);
  }
  const bounds = {};
  if (!ordering.desc) {
    const lo = everyValue.lo;
    const hi = any.hi;
    if (lo) bounds.startAt = (row) => after(compareKeys(row.key, lo.value), lo.inclusive);
    if (hi) bounds.pastEnd = (row) => after(compareKeys(row.key, hi.value), !hi.inclusive);
  } else {
    const hi = everyValue.hi;
    const lo = any.lo;
    if (hi) bounds.startAt = (row) => after(-compareKeys(row.key, hi.value), hi.inclusive);
    if (lo) bounds.pastEnd = (row) => after(-compareKeys(row.key, lo.value), !lo.inclusive);
  }
  return bounds;
}
function after(c, orEqual) {
  return c > 0 || c === 0 && orEqual;
}

// src/simpledb-local/xml.ts
var NAMESPACE = "http://sdb.amazonaws.com/doc/2009-04-15/";
var INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function escapeText(s) {
  return s.replace(/[&<>\r]/g, (c) => c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&#13;");
}
var NEEDS_CARE = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
function textElement(tag, value) {
  if (!NEEDS_CARE.test(value)) return `<${tag}>${value}</${tag}>`;
  if (INVALID_XML.test(value)) return `<${tag} encoding="base64">${Buffer.from(value, "utf8").toString("base64")}</${tag}>`;
  return `<${tag}>${escapeText(value)}</${tag}>`;
}
function successBody(action, result, requestId, boxUsage) {
  const resultXml = result === null ? "" : result === "" ? `<${action}Result/>` : `<${action}Result>${result}</${action}Result>`;
  return `${responseOpen(action)}${resultXml}${responseClose(action, requestId, boxUsage)}`;
}
function successBodyBytes(action, result, requestId, boxUsage) {
  if (!Array.isArray(result) || result.every((piece) => piece.length === 0)) {
    return Buffer.from(successBody(action, Array.isArray(result) ? "" : result, requestId, boxUsage), "utf8");
  }
  const open = Buffer.from(`${responseOpen(action)}<${action}Result>`, "utf8");
  const close = Buffer.from(`</${action}Result>${responseClose(action, requestId, boxUsage)}`, "utf8");
  return Buffer.concat([open, ...result, close]);
}
function responseOpen(action) {
  return `<?xml version="1.0"?>
<${action}Response xmlns="${NAMESPACE}">`;
}
function responseClose(action, requestId, boxUsage) {
  return `<ResponseMetadata><RequestId>${requestId}</RequestId><BoxUsage>${boxUsage}</BoxUsage></ResponseMetadata></${action}Response>`;
}
function errorBody(code, message, requestId, boxUsage) {
  message = message.replace(new RegExp(INVALID_XML.source, "g"), "\uFFFD");
  return `<?xml version="1.0"?>
<Response><Errors><Error><Code>${escapeText(code)}</Code><Message>${escapeText(message)}</Message><BoxUsage>${boxUsage}</BoxUsage></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}

// src/simpledb-local/select-page.ts
function selectPage(domain, request) {
  const q = request.query;
  const shape = queryShape(q);
  let after2;
  if (request.nextToken !== void 0) {
    const position = decodeSelectToken(request.nextToken, shape);
    if (!position) throw new SdbFault("InvalidNextToken", 400, "The specified next token is not valid.");
    if (!("begin" in position)) after2 = { key: position.key ?? "", name: position.name };
  }
  const index = domain.orderIndex(q.orderBy ?? ITEM_NAME_ORDER);
  const bounds = keyBounds(q.where, index.ordering, index.singleValued);
  const isCount = q.output.kind === "count";
  const limit = q.limit ?? (isCount ? Number.POSITIVE_INFINITY : SELECT_LIMITS.defaultLimit);
  const stopAfter = request.stopAfter ?? Number.POSITIVE_INFINITY;
  const pieces = [];
  let bytes = 0;
  let taken = 0;
  let last;
  let more = false;
  for (const { row, attrs } of visibleRows(domain, index, domain.staleItems(request.consistent), after2, bounds.startAt)) {
    if (bounds.pastEnd?.(row)) break;
    if (!matches(q.where, { name: row.name, attrs })) continue;
    if (taken >= limit || taken >= stopAfter) {
      more = true;
      break;
    }
    if (!isCount) {
      const item = Buffer.from(renderItem(q, row.name, attrs), "utf8");
      if (taken > 0 && bytes + item.length > request.maxResponseBytes) {
        more = true;
        break;
      }
      bytes += item.length;
      pieces.push(item);
    }
    taken++;
    last = row;
  }
  if (isCount) pieces.push(Buffer.from(`<Item><Name>Domain</Name><Attribute><Name>Count</Name><Value>${taken}</Value></Attribute></Item>`, "utf8"));
  if (more && last) pieces.push(Buffer.from(`<NextToken>${encodeToken(shape, { key: last.key, name: last.name })}</NextToken>`, "utf8"));
  else if (more) {
    pieces.push(Buffer.from(`<NextToken>${encodeToken(shape, after2 ?? { begin: true })}</NextToken>`, "utf8"));
  }
  return pieces;
}
function* visibleRows(domain, index, stale, after2, startAt) {
  const compare = index.rows.compare;
  const older = [];
  for (const [name, attrs] of stale) {
    const row = attrs ? rowOf(index.ordering, name, attrs) : null;
    if (row && (!after2 || compare(row, after2) > 0)) older.push({ row, attrs });
  }
  older.sort((a, b) => compare(a.row, b.row));
  let o = 0;
  const seek = (row) => (!after2 || compare(row, after2) > 0) && (!startAt || startAt(row));
  for (const row of index.rows.from(seek)) {
    if (stale.has(row.name)) continue;
    while (o < older.length && compare(older[o].row, row) < 0) yield older[o++];
    yield { row, attrs: domain.items.get(row.name) };
  }
  while (o < older.length) yield older[o++];
}
function renderItem(q, name, attrs) {
  let xml = `<Item>${textElement("Name", name)}`;
  if (q.output.kind !== "itemName") {
    const filter = q.output.kind === "attrs" ? new Set(q.output.names) : null;
    for (const [k, vs] of attrs) {
      if (filter && !filter.has(k)) continue;
      for (const v of vs) xml += `<Attribute>${textElement("Name", k)}${textElement("Value", v)}</Attribute>`;
    }
  }
  return `${xml}</Item>`;
}

// src/simpledb-local/actions.ts
var DOMAIN_RE = /^[a-zA-Z0-9_.-]{3,255}$/;
var SimpleDbActions = class {
  constructor(limits, lagMs, now, persistPath) {
    this.limits = limits;
    this.lagMs = lagMs;
    this.now = now;
    this.domains = new DomainStore(lagMs, now, persistPath);
    this.#params = new ParamReader(limits);
  }
  limits;
  lagMs;
  now;
  domains;
  #params;
  /** Drops every domain. */
  reset() {
    this.domains.clear();
    this.domains.save();
  }
  #domain(params) {
    const d = this.domains.get(requiredParam(params, "DomainName"));
    if (!d) throw fault.noSuchDomain();
    return d;
  }
  #itemCount(what, count) {
    if (count === 0) throw fault.missing(`${what}.1.ItemName`);
    if (count > this.limits.maxItemsPerBatch) {
      throw new SdbFault("NumberSubmittedItemsExceeded", 409, `Too many items submitted (${count}, at most ${this.limits.maxItemsPerBatch}).`);
    }
  }
  createDomain(params) {
    const name = requiredParam(params, "DomainName");
    if (!DOMAIN_RE.test(name)) {
      throw fault.invalidParameter("DomainName", name, "Domain names are 3-255 characters of a-z, A-Z, 0-9, underscore, dash and dot.");
    }
    if (!this.domains.get(name)) {
      if (this.domains.size >= this.limits.maxDomains) throw new SdbFault("NumberDomainsExceeded", 409, `The domain limit (${this.limits.maxDomains}) was exceeded.`);
      this.domains.create(name);
      this.domains.save();
    }
    return "";
  }
  deleteDomain(params) {
    if (this.domains.delete(requiredParam(params, "DomainName"))) this.domains.save();
    return "";
  }
  listDomains(params) {
    const maxRaw = params.get("MaxNumberOfDomains");
    let max = 100;
    if (maxRaw !== void 0) {
      max = Number(maxRaw);
      if (!/^\d+$/.test(maxRaw) || max < 1 || max > 100) throw fault.invalidParameter("MaxNumberOfDomains", maxRaw, "It must be between 1 and 100.");
    }
    const names = this.domains.names();
    let start = 0;
    const token = params.get("NextToken");
    if (token !== void 0) {
      const after2 = decodeDomainsToken(token);
      if (after2 === void 0) throw new SdbFault("InvalidNextToken", 400, "The specified next token is not valid.");
      start = names.findIndex((n) => compareKeys(n, after2) > 0);
      if (start === -1) start = names.length;
    }
    const page = names.slice(start, start + max);
    let xml = page.map((n) => textElement("DomainName", n)).join("");
    if (start + max < names.length) xml += `<NextToken>${encodeToken(DOMAINS_SHAPE, page[page.length - 1])}</NextToken>`;
    return xml;
  }
  domainMetadata(params) {
    const d = this.#domain(params);
    return `<ItemCount>${d.items.size}</ItemCount><ItemNamesSizeBytes>${d.itemNameBytes}</ItemNamesSizeBytes><AttributeNameCount>${d.attributeNames.size}</AttributeNameCount><AttributeNamesSizeBytes>${d.attributeNameBytes}</AttributeNamesSizeBytes><AttributeValueCount>${d.pairs}</AttributeValueCount><AttributeValuesSizeBytes>${d.valueBytes}</AttributeValuesSizeBytes><Timestamp>${Math.floor(this.now() / 1e3)}</Timestamp>`;
  }
  putAttributes(params) {
    const d = this.#domain(params);
    const itemName = this.#params.itemName(params);
    const attributes = this.#params.replaceableAttributes(params, "Attribute.");
    if (attributes.length === 0) throw fault.missing("Attribute.1.Name");
    if (attributes.length > this.limits.maxAttributesPerCall) {
      throw new SdbFault("NumberSubmittedAttributesExceeded", 409, `Too many attributes submitted (${attributes.length}, at most ${this.limits.maxAttributesPerCall}).`);
    }
    const expected = this.#params.expected(params);
    const current = d.items.get(itemName);
    checkExpected(expected, current);
    d.write(itemName, applyPut(d, this.limits, itemName, attributes, current));
    this.domains.save();
    return "";
  }
  batchPutAttributes(params) {
    const d = this.#domain(params);
    const items = listGroups(params, "Item.", ["ItemName"]);
    this.#itemCount("Item", items.length);
    const byItem = paramsByItem(params);
    const seen = /* @__PURE__ */ new Set();
    const plan = [];
    let pairsDelta = 0;
    for (const g of items) {
      const own = byItem.get(g.index);
      const itemName = this.#params.itemName(own, `Item.${g.index}.ItemName`);
      if (seen.has(itemName)) throw new SdbFault("DuplicateItemName", 400, `Item ${itemName} was specified more than once.`);
      seen.add(itemName);
      const attributes = this.#params.replaceableAttributes(own, `Item.${g.index}.Attribute.`);
      if (attributes.length === 0) throw fault.missing(`Item.${g.index}.Attribute.1.Name`);
      if (attributes.length > this.limits.maxAttributesPerCall) {
        throw new SdbFault("NumberSubmittedAttributesExceeded", 409, `Too many attributes submitted for item ${itemName}.`);
      }
      const current = d.items.get(itemName);
      const next = applyPut(d, this.limits, itemName, attributes, current);
      pairsDelta += itemSize(itemName, next).pairs - itemSize(itemName, current).pairs;
      plan.push({ itemName, next });
    }
    if (d.pairs + pairsDelta > this.limits.maxDomainAttributes) throw new SdbFault("NumberDomainAttributesExceeded", 409, "Too many attributes in this domain.");
    for (const p of plan) d.write(p.itemName, p.next);
    this.domains.save();
    return "";
  }
  deleteAttributes(params) {
    const d = this.#domain(params);
    const itemName = this.#params.itemName(params);
    const attributes = this.#params.deletableAttributes(params, "Attribute.");
    const expected = this.#params.expected(params);
    const current = d.items.get(itemName);
    checkExpected(expected, current);
    if (current) {
      d.write(itemName, applyDelete(current, attributes));
      this.domains.save();
    }
    return "";
  }
  batchDeleteAttributes(params) {
    const d = this.#domain(params);
    const items = listGroups(params, "Item.", ["ItemName"]);
    this.#itemCount("Item", items.length);
    const byItem = paramsByItem(params);
    const plan = items.map((g) => ({
      itemName: this.#params.itemName(byItem.get(g.index), `Item.${g.index}.ItemName`),
      attributes: this.#params.deletableAttributes(byItem.get(g.index), `Item.${g.index}.Attribute.`)
    }));
    for (const p of plan) {
      const current = d.items.get(p.itemName);
      if (current) d.write(p.itemName, applyDelete(current, p.attributes));
    }
    this.domains.save();
    return "";
  }
  getAttributes(params) {
    const d = this.#domain(params);
    const itemName = this.#params.itemName(params);
    const consistent = booleanParam(params, "ConsistentRead") ?? false;
    const names = [];
    for (const [k, v] of params) if (/^AttributeName\.\d+$/.test(k)) names.push(v);
    if (names.length > this.limits.maxAttributesPerCall) throw new SdbFault("TooManyRequestedAttributes", 400, "Too many attributes requested.");
    const attrs = d.read(itemName, consistent);
    if (!attrs) return "";
    const filter = names.length > 0 ? new Set(names) : null;
    let xml = "";
    for (const [k, vs] of attrs) {
      if (filter && !filter.has(k)) continue;
      for (const v of vs) xml += `<Attribute>${textElement("Name", k)}${textElement("Value", v)}</Attribute>`;
    }
    return xml;
  }
  /** A Select's result XML (selectPieces, as one string). */
  select(params, hook = {}) {
    return Buffer.concat(this.selectPieces(params, hook)).toString("utf8");
  }
  /** A Select's result XML as UTF-8 pieces, one an item (what the server sends: select-page.ts). */
  selectPieces(params, hook = {}) {
    const expression = requiredParam(params, "SelectExpression");
    const consistent = booleanParam(params, "ConsistentRead") ?? false;
    const query = parseSelect(expression);
    const d = this.domains.get(query.domain);
    if (!d) throw fault.noSuchDomain();
    const nextToken = params.get("NextToken");
    return selectPage(d, {
      query,
      consistent,
      maxResponseBytes: this.limits.maxSelectResponseBytes,
      ...nextToken !== void 0 ? { nextToken } : {},
      ...hook.stopAfter !== void 0 ? { stopAfter: hook.stopAfter } : {}
    });
  }
};

// src/simpledb-local/limits.ts
var DEFAULT_LIMITS = {
  maxDomains: 250,
  maxPairsPerItem: 256,
  maxAttributesPerCall: 256,
  maxItemsPerBatch: 25,
  maxNameBytes: 1024,
  maxDomainBytes: 10 * 1024 ** 3,
  maxDomainAttributes: 1e9,
  maxSelectResponseBytes: 1024 * 1024
};

// src/simpledb-local/server.ts
var DEFAULT_CREDENTIALS = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" };
var BOX_USAGE = "0.0000219907";
var MAX_BODY = 16 * 1024 * 1024;
var ACTIONS = {
  CreateDomain: (a, p) => a.createDomain(p),
  DeleteDomain: (a, p) => a.deleteDomain(p),
  ListDomains: (a, p) => a.listDomains(p),
  DomainMetadata: (a, p) => a.domainMetadata(p),
  PutAttributes: (a, p) => a.putAttributes(p),
  BatchPutAttributes: (a, p) => a.batchPutAttributes(p),
  DeleteAttributes: (a, p) => a.deleteAttributes(p),
  BatchDeleteAttributes: (a, p) => a.batchDeleteAttributes(p),
  GetAttributes: (a, p) => a.getAttributes(p),
  Select: (a, p) => a.selectPieces(p)
};
var NO_RESULT = /* @__PURE__ */ new Set(["CreateDomain", "DeleteDomain", "PutAttributes", "BatchPutAttributes", "DeleteAttributes", "BatchDeleteAttributes"]);
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new SdbFault("InvalidParameterValue", 400, "The request body is too large."));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
function safeEqual(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
async function startSimpleDbServer(options = {}) {
  const clock = options.clock ?? Date.now;
  const credentials = options.credentials && options.credentials.length > 0 ? options.credentials : [DEFAULT_CREDENTIALS];
  const actions = new SimpleDbActions({ ...DEFAULT_LIMITS, ...options.limits }, options.consistentReadLagMs ?? 0, clock, options.persistPath);
  const maxSkew = options.maxClockSkewMs ?? 15 * 6e4;
  const counts = {};
  let failSkip = 0;
  let failRemaining = 0;
  let failStatus = 503;
  let selectTimeout;
  let dropNext = false;
  let delayMs = 0;
  const faults = {
    failNext(count, status, afterRequests = 0) {
      failRemaining = count;
      failStatus = status;
      failSkip = afterRequests;
    },
    timeoutNextSelect(o = {}) {
      selectTimeout = { mode: o.mode ?? "partial", items: o.items ?? 1 };
    },
    dropNextResponse() {
      dropNext = true;
    },
    delayResponses(ms) {
      delayMs = ms;
    },
    clear() {
      failRemaining = 0;
      failSkip = 0;
      selectTimeout = void 0;
      dropNext = false;
      delayMs = 0;
    }
  };
  const authenticate = (method, host2, path, params) => {
    const keyId = params.get("AWSAccessKeyId");
    const signature = params.get("Signature");
    if (keyId === void 0) throw new SdbFault("MissingParameter", 400, "The request must contain the parameter AWSAccessKeyId");
    if (signature === void 0) throw new SdbFault("MissingParameter", 400, "The request must contain the parameter Signature");
    const version = params.get("SignatureVersion");
    if (version !== "2") throw new SdbFault("InvalidParameterValue", 400, `Value (${version ?? ""}) for parameter SignatureVersion is invalid. Only Signature Version 2 is supported.`);
    const sigMethod = params.get("SignatureMethod") ?? "HmacSHA256";
    if (sigMethod !== "HmacSHA256" && sigMethod !== "HmacSHA1") {
      throw new SdbFault("InvalidParameterValue", 400, `Value (${sigMethod}) for parameter SignatureMethod is invalid.`);
    }
    const timestamp = params.get("Timestamp");
    const expires = params.get("Expires");
    if (timestamp !== void 0 && expires !== void 0) {
      throw new SdbFault("InvalidParameterValue", 400, "Timestamp and Expires cannot both be given.");
    }
    if (timestamp === void 0 && expires === void 0) throw new SdbFault("MissingParameter", 400, "The request must contain the parameter Timestamp or Expires");
    const now = clock();
    if (timestamp !== void 0) {
      const t = Date.parse(timestamp);
      if (Number.isNaN(t)) throw new SdbFault("InvalidParameterValue", 400, `Value (${timestamp}) for parameter Timestamp is invalid.`);
      if (Math.abs(now - t) > maxSkew) throw new SdbFault("RequestExpired", 400, `Request has expired. Timestamp date is ${timestamp}`);
    } else {
      const t = Date.parse(expires);
      if (Number.isNaN(t)) throw new SdbFault("InvalidParameterValue", 400, `Value (${expires}) for parameter Expires is invalid.`);
      if (now > t) throw new SdbFault("RequestExpired", 400, `Request has expired. Expires date is ${expires}`);
    }
    const cred = credentials.find((c) => c.accessKeyId === keyId);
    if (!cred) throw new SdbFault("AuthFailure", 403, "AWS was not able to validate the provided access credentials");
    const expected = signV2(cred.secretAccessKey, sigMethod, method, host2, path, params);
    if (!safeEqual(expected, signature)) {
      throw new SdbFault("AuthFailure", 403, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
    }
    const token = params.get("SecurityToken");
    if (cred.sessionToken !== void 0 ? token === void 0 || !safeEqual(token, cred.sessionToken) : token !== void 0) {
      throw new SdbFault("AuthFailure", 403, "The security token included in the request is invalid.");
    }
  };
  const handle = async (req, res) => {
    const requestId = randomUUID();
    let status = 200;
    let bytes;
    let action = "?";
    try {
      const method = req.method ?? "GET";
      const url = new URL(req.url ?? "/", "http://placeholder");
      const raw = await readBody(req);
      if (method !== "GET" && method !== "POST") throw new SdbFault("InvalidAction", 400, `The HTTP method ${method} is not supported.`);
      const params = /* @__PURE__ */ new Map();
      const add = (sp) => {
        for (const [k, v] of sp) if (!params.has(k)) params.set(k, v);
      };
      add(url.searchParams);
      if (method === "POST") add(new URLSearchParams(raw));
      action = params.get("Action") ?? "?";
      counts["*"] = (counts["*"] ?? 0) + 1;
      counts[action] = (counts[action] ?? 0) + 1;
      if (failSkip > 0) failSkip--;
      else if (failRemaining > 0) {
        failRemaining--;
        throw failStatus === 503 ? new SdbFault("ServiceUnavailable", 503, "Service Unavailable (injected)") : new SdbFault("InternalError", 500, "Request could not be executed due to an internal service error (injected).");
      }
      authenticate(method, (req.headers.host ?? "").toLowerCase(), url.pathname || "/", params);
      const version = params.get("Version");
      if (version === void 0) throw new SdbFault("MissingParameter", 400, "The request must contain the parameter Version");
      if (version !== "2009-04-15") throw new SdbFault("InvalidParameterValue", 400, `Value (${version}) for parameter Version is invalid. Only 2009-04-15 is supported.`);
      if (action === "?") throw new SdbFault("MissingAction", 400, "No action was supplied with this request.");
      if (!Object.hasOwn(ACTIONS, action)) throw new SdbFault("InvalidAction", 400, `The action ${action} is not valid for this web service.`);
      let result;
      if (action === "Select" && selectTimeout) {
        const t = selectTimeout;
        selectTimeout = void 0;
        if (t.mode === "error") throw new SdbFault("RequestTimeout", 408, "A timeout occurred when attempting to query domain with results.");
        result = actions.selectPieces(params, { stopAfter: t.items });
      } else {
        result = ACTIONS[action](actions, params);
      }
      bytes = successBodyBytes(action, NO_RESULT.has(action) ? null : result, requestId, BOX_USAGE);
    } catch (err) {
      if (err instanceof SdbFault) {
        status = err.status;
        bytes = Buffer.from(errorBody(err.code, err.message, requestId, BOX_USAGE), "utf8");
      } else {
        status = 500;
        bytes = Buffer.from(errorBody("InternalError", "Request could not be executed due to an internal service error.", requestId, BOX_USAGE), "utf8");
        options.log?.(`internal error: ${err?.stack ?? err}`);
      }
    }
    options.log?.(`${req.method} ${action} -> ${status}`);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    res.writeHead(status, { "content-type": "text/xml", "content-length": bytes.length, "x-amzn-requestid": requestId });
    if (dropNext) {
      dropNext = false;
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(bytes);
  };
  const sockets = /* @__PURE__ */ new Set();
  const server = (0, import_node_http.createServer)((req, res) => {
    handle(req, res).catch((err) => {
      options.log?.(`handler failed: ${err?.stack ?? err}`);
      res.destroy();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const host = options.host ?? "127.0.0.1";
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : urlHost}:${address.port}`,
    port: address.port,
    host,
    credentials: credentials[0],
    actions,
    faults,
    requestCounts: () => ({ ...counts }),
    reset() {
      actions.reset();
      faults.clear();
      for (const k of Object.keys(counts)) delete counts[k];
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((err) => err ? reject(err) : resolve());
        for (const s of sockets) s.destroy();
      });
    }
  };
}

// src/simpledb-local/cli.ts
var USAGE = `Usage: pullback-simpledb-local [--port 8080] [--host 127.0.0.1] [--access-key AKIDLOCAL] [--secret-key local-secret]
                               [--session-token TOKEN] [--persist FILE] [--lag-ms 0] [--verbose]
  --lag-ms N  read-after-write lag, not network latency: a write stays invisible for N ms to reads without ConsistentRead (SimpleDB's eventual consistency)`;
async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string", default: "8080" },
        host: { type: "string", default: "127.0.0.1" },
        "access-key": { type: "string", default: "AKIDLOCAL" },
        "secret-key": { type: "string", default: "local-secret" },
        "session-token": { type: "string" },
        persist: { type: "string" },
        "lag-ms": { type: "string", default: "0" },
        verbose: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false }
      },
      strict: true
    }));
  } catch (err) {
    console.error(`${err.message}
${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  const lag = Number(values["lag-ms"]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be 0-65535, got ${values.port}`);
    process.exit(2);
  }
  if (!Number.isFinite(lag) || lag < 0) {
    console.error(`--lag-ms must be a non-negative number, got ${values["lag-ms"]}`);
    process.exit(2);
  }
  const options = {
    port,
    host: values.host,
    credentials: [
      {
        accessKeyId: values["access-key"],
        secretAccessKey: values["secret-key"],
        ...values["session-token"] ? { sessionToken: values["session-token"] } : {}
      }
    ],
    consistentReadLagMs: lag
  };
  if (values.persist) options.persistPath = values.persist;
  if (values.verbose) options.log = (line) => console.error(line);
  const server = await startSimpleDbServer(options);
  console.log(server.url);
  console.error(`SimpleDB-compatible server listening on ${server.url} (access key ${values["access-key"]}${values.persist ? `, data in ${values.persist}` : ", in memory"})`);
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
