import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);

// src/simpledb-local/cli.ts
import { parseArgs } from "node:util";

// src/simpledb-local/server.ts
import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

// src/simpledb/sigv2.ts
import { createHmac } from "node:crypto";
function rfc3986(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function byteCompare(a, b) {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
function canonicalQuery(params) {
  return [...params].filter(([k]) => k !== "Signature").sort(([a], [b]) => byteCompare(a, b)).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join("&");
}
function stringToSign(method, host, path, params) {
  return `${method.toUpperCase()}
${host.toLowerCase()}
${path === "" ? "/" : path}
${canonicalQuery(params)}`;
}
function signV2(secretAccessKey, signatureMethod, method, host, path, params) {
  const algorithm = signatureMethod === "HmacSHA1" ? "sha1" : "sha256";
  return createHmac(algorithm, secretAccessKey).update(stringToSign(method, host, path, params), "utf8").digest("base64");
}

// src/simpledb-local/engine.ts
import { readFileSync, renameSync, writeFileSync } from "node:fs";

// src/simpledb-local/compare.ts
function compareStrings(a, b) {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 55296 && x <= 57343) x += 65536;
    if (y >= 55296 && y <= 57343) y += 65536;
    return x < y ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}
function utf8Length(s) {
  return Buffer.byteLength(s, "utf8");
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
      return compareStrings(value, test.value) > 0 ? 1 : 0;
    case ">=":
      return compareStrings(value, test.value) >= 0 ? 1 : 0;
    case "<":
      return compareStrings(value, test.value) < 0 ? 1 : 0;
    case "<=":
      return compareStrings(value, test.value) <= 0 ? 1 : 0;
    case "like":
      return likeMatch(value, test.pattern) !== test.negated ? 1 : 0;
    case "between":
      return compareStrings(value, test.lo) >= 0 && compareStrings(value, test.hi) <= 0 ? 1 : 0;
    case "in":
      return test.values.includes(value) ? 1 : 0;
  }
}
function matches(expr, item) {
  if (!expr) return true;
  if (expr.t === "intersection") return matches(expr.left, item) && matches(expr.right, item);
  return evalPredicate(expr, item) === 1;
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
  for (const v of vals) if (desc ? compareStrings(v, key) > 0 : compareStrings(v, key) < 0) key = v;
  return key;
}

// src/simpledb-local/xml.ts
var NAMESPACE = "http://sdb.amazonaws.com/doc/2009-04-15/";
var INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function escapeText(s) {
  return s.replace(/[&<>\r]/g, (c) => c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&#13;");
}
function textElement(tag, value) {
  if (INVALID_XML.test(value)) return `<${tag} encoding="base64">${Buffer.from(value, "utf8").toString("base64")}</${tag}>`;
  return `<${tag}>${escapeText(value)}</${tag}>`;
}
function successBody(action, result, requestId, boxUsage) {
  const resultXml = result === null ? "" : result === "" ? `<${action}Result/>` : `<${action}Result>${result}</${action}Result>`;
  return `<?xml version="1.0"?>
<${action}Response xmlns="${NAMESPACE}">${resultXml}<ResponseMetadata><RequestId>${requestId}</RequestId><BoxUsage>${boxUsage}</BoxUsage></ResponseMetadata></${action}Response>`;
}
function errorBody(code, message, requestId, boxUsage) {
  message = message.replace(new RegExp(INVALID_XML.source, "g"), "\uFFFD");
  return `<?xml version="1.0"?>
<Response><Errors><Error><Code>${escapeText(code)}</Code><Message>${escapeText(message)}</Message><BoxUsage>${boxUsage}</BoxUsage></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
}

// src/simpledb-local/engine.ts
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
function cloneAttrs(a) {
  if (!a) return null;
  return new Map([...a].map(([k, v]) => [k, [...v]]));
}
function itemSize(name, attrs) {
  if (!attrs) return { pairs: 0, bytes: 0 };
  let pairs = 0;
  let bytes = utf8Length(name);
  for (const [k, vs] of attrs) {
    pairs += vs.length;
    for (const v of vs) bytes += utf8Length(k) + utf8Length(v);
  }
  return { pairs, bytes };
}
var DOMAIN_RE = /^[a-zA-Z0-9_.-]{3,255}$/;
var Engine = class _Engine {
  constructor(limits, lagMs, now, persistPath) {
    this.limits = limits;
    this.lagMs = lagMs;
    this.now = now;
    this.persistPath = persistPath;
    if (persistPath) this.load();
  }
  limits;
  lagMs;
  now;
  persistPath;
  domains = /* @__PURE__ */ new Map();
  reset() {
    this.domains.clear();
    this.save();
  }
  // ---- persistence ----
  load() {
    if (!this.persistPath) return;
    let text;
    try {
      text = readFileSync(this.persistPath, "utf8");
    } catch {
      return;
    }
    const data = JSON.parse(text);
    for (const [name, items] of Object.entries(data.domains ?? {})) {
      const d = this.#newDomain(name);
      for (const [itemName, attrs] of Object.entries(items)) {
        const a = new Map(Object.entries(attrs).map(([k, v]) => [k, [...v]]));
        d.items.set(itemName, a);
        const s = itemSize(itemName, a);
        d.pairs += s.pairs;
        d.bytes += s.bytes;
      }
    }
  }
  save() {
    if (!this.persistPath) return;
    const out = {};
    for (const [name, d] of this.domains) {
      const items = {};
      for (const [itemName, attrs] of d.items) items[itemName] = Object.fromEntries(attrs);
      out[name] = items;
    }
    const tmp = `${this.persistPath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, domains: out }));
    renameSync(tmp, this.persistPath);
  }
  #newDomain(name) {
    const d = { name, items: /* @__PURE__ */ new Map(), history: /* @__PURE__ */ new Map(), pairs: 0, bytes: 0 };
    this.domains.set(name, d);
    return d;
  }
  // ---- parameter helpers ----
  #domain(params) {
    const name = params.get("DomainName");
    if (name === void 0) throw fault.missing("DomainName");
    const d = this.domains.get(name);
    if (!d) throw fault.noSuchDomain();
    return d;
  }
  #checkName(param, value, what) {
    if (utf8Length(value) > this.limits.maxNameBytes) {
      throw fault.invalidParameter(param, value.length > 64 ? `${value.slice(0, 64)}...` : value, `${what} exceeds the maximum length of ${this.limits.maxNameBytes} bytes.`);
    }
  }
  #itemName(params, key = "ItemName") {
    const v = params.get(key);
    if (v === void 0) throw fault.missing(key);
    if (v === "") throw fault.invalidParameter(key, v, "The item name must not be empty.");
    this.#checkName(key, v, "Item name");
    return v;
  }
  #bool(params, key) {
    const v = params.get(key);
    if (v === void 0) return void 0;
    if (v === "true") return true;
    if (v === "false") return false;
    throw fault.invalidParameter(key, v, "It must be true or false.");
  }
  /** Collects `prefix.N.field` groups, ordered by N (any positive N, gaps allowed). */
  static groups(params, prefix, fields) {
    const byIndex = /* @__PURE__ */ new Map();
    const re = new RegExp(`^${prefix.replaceAll(".", "\\.")}(\\d+)\\.(${fields.join("|")})$`);
    for (const [k, v] of params) {
      const m = re.exec(k);
      if (!m) continue;
      const index = Number(m[1]);
      if (index < 1 || !Number.isSafeInteger(index)) throw fault.invalidParameter(k, v, "List indexes start at 1.");
      const g = byIndex.get(index) ?? /* @__PURE__ */ new Map();
      g.set(m[2], v);
      byIndex.set(index, g);
    }
    return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, f]) => ({ index, fields: f, keyPrefix: `${prefix}${index}.` }));
  }
  #replaceableAttributes(params, prefix) {
    const groups = _Engine.groups(params, prefix, ["Name", "Value", "Replace"]);
    return groups.map((g) => {
      const name = g.fields.get("Name");
      const value = g.fields.get("Value");
      if (name === void 0) throw fault.missing(`${g.keyPrefix}Name`);
      if (value === void 0) throw fault.missing(`${g.keyPrefix}Value`);
      if (name === "") throw fault.invalidParameter(`${g.keyPrefix}Name`, name, "The attribute name must not be empty.");
      this.#checkName(`${g.keyPrefix}Name`, name, "Attribute name");
      this.#checkName(`${g.keyPrefix}Value`, value, "Attribute value");
      const r = g.fields.get("Replace");
      if (r !== void 0 && r !== "true" && r !== "false") throw fault.invalidParameter(`${g.keyPrefix}Replace`, r, "It must be true or false.");
      return { name, value, replace: r === "true" };
    });
  }
  #deletableAttributes(params, prefix) {
    return _Engine.groups(params, prefix, ["Name", "Value"]).map((g) => {
      const name = g.fields.get("Name");
      if (name === void 0) throw fault.missing(`${g.keyPrefix}Name`);
      this.#checkName(`${g.keyPrefix}Name`, name, "Attribute name");
      const value = g.fields.get("Value");
      if (value !== void 0) this.#checkName(`${g.keyPrefix}Value`, value, "Attribute value");
      return value === void 0 ? { name } : { name, value };
    });
  }
  /** Expected.Name / Expected.Value / Expected.Exists, or the Expected.N.* form (one condition only). */
  #expected(params) {
    const plain = /* @__PURE__ */ new Map();
    for (const f of ["Name", "Value", "Exists"]) {
      const v = params.get(`Expected.${f}`);
      if (v !== void 0) plain.set(f, v);
    }
    const numbered = _Engine.groups(params, "Expected.", ["Name", "Value", "Exists"]);
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
  #checkExpected(expected, attrs) {
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
  /** Replaces an item's state, keeping counters and (under lag) the version history. */
  #write(d, itemName, next) {
    const prev = d.items.get(itemName);
    const before = itemSize(itemName, prev);
    const after = itemSize(itemName, next ?? void 0);
    if (this.lagMs > 0) {
      const now = this.now();
      const h = d.history.get(itemName) ?? [{ at: -Infinity, attrs: cloneAttrs(prev) }];
      h.push({ at: now, attrs: cloneAttrs(next ?? void 0) });
      let keepFrom = 0;
      for (let i = 0; i < h.length; i++) if (h[i].at <= now - this.lagMs) keepFrom = i;
      d.history.set(itemName, h.slice(keepFrom));
    }
    if (next && next.size > 0) d.items.set(itemName, next);
    else d.items.delete(itemName);
    d.pairs += after.pairs - before.pairs;
    d.bytes += after.bytes - before.bytes;
  }
  /** The items a read sees: the current state, or under lag and without ConsistentRead the state of lagMs ago. */
  #view(d, consistent) {
    if (consistent || this.lagMs <= 0 || d.history.size === 0) return d.items;
    const horizon = this.now() - this.lagMs;
    const view = new Map(d.items);
    for (const [itemName, versions] of d.history) {
      let state;
      for (const v of versions) if (v.at <= horizon) state = v.attrs;
      if (state === void 0) continue;
      if (versions[versions.length - 1].at <= horizon) {
        d.history.delete(itemName);
        continue;
      }
      if (state && state.size > 0) view.set(itemName, state);
      else view.delete(itemName);
    }
    return view;
  }
  #applyPut(d, itemName, attributes, base) {
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
    if (pairs > this.limits.maxPairsPerItem) {
      throw new SdbFault("NumberItemAttributesExceeded", 409, `Too many attributes in this item (${pairs}, at most ${this.limits.maxPairsPerItem}).`);
    }
    const before = itemSize(itemName, base);
    const after = itemSize(itemName, next);
    if (d.pairs + after.pairs - before.pairs > this.limits.maxDomainAttributes) {
      throw new SdbFault("NumberDomainAttributesExceeded", 409, "Too many attributes in this domain.");
    }
    if (d.bytes + after.bytes - before.bytes > this.limits.maxDomainBytes) {
      throw new SdbFault("NumberDomainBytesExceeded", 409, "Too many bytes in this domain.");
    }
    return next;
  }
  // ---- actions ----
  createDomain(params) {
    const name = params.get("DomainName");
    if (name === void 0) throw fault.missing("DomainName");
    if (!DOMAIN_RE.test(name)) {
      throw fault.invalidParameter("DomainName", name, "Domain names are 3-255 characters of a-z, A-Z, 0-9, underscore, dash and dot.");
    }
    if (!this.domains.has(name)) {
      if (this.domains.size >= this.limits.maxDomains) throw new SdbFault("NumberDomainsExceeded", 409, `The domain limit (${this.limits.maxDomains}) was exceeded.`);
      this.#newDomain(name);
      this.save();
    }
    return "";
  }
  deleteDomain(params) {
    const name = params.get("DomainName");
    if (name === void 0) throw fault.missing("DomainName");
    if (this.domains.delete(name)) this.save();
    return "";
  }
  listDomains(params) {
    const maxRaw = params.get("MaxNumberOfDomains");
    let max = 100;
    if (maxRaw !== void 0) {
      max = Number(maxRaw);
      if (!/^\d+$/.test(maxRaw) || max < 1 || max > 100) throw fault.invalidParameter("MaxNumberOfDomains", maxRaw, "It must be between 1 and 100.");
    }
    const names = [...this.domains.keys()].sort(compareStrings);
    let start = 0;
    const token = params.get("NextToken");
    if (token !== void 0) {
      const after = decodeToken(token, "domains");
      if (typeof after !== "string") throw new SdbFault("InvalidNextToken", 400, "The specified next token is not valid.");
      start = names.findIndex((n) => compareStrings(n, after) > 0);
      if (start === -1) start = names.length;
    }
    const page = names.slice(start, start + max);
    let xml = page.map((n) => textElement("DomainName", n)).join("");
    if (start + max < names.length) xml += `<NextToken>${encodeToken("domains", page[page.length - 1])}</NextToken>`;
    return xml;
  }
  domainMetadata(params) {
    const d = this.#domain(params);
    let itemNamesBytes = 0;
    const attrNames = /* @__PURE__ */ new Set();
    let valueCount = 0;
    let valueBytes = 0;
    for (const [itemName, attrs] of d.items) {
      itemNamesBytes += utf8Length(itemName);
      for (const [k, vs] of attrs) {
        attrNames.add(k);
        valueCount += vs.length;
        for (const v of vs) valueBytes += utf8Length(v);
      }
    }
    let attrNameBytes = 0;
    for (const n of attrNames) attrNameBytes += utf8Length(n);
    return `<ItemCount>${d.items.size}</ItemCount><ItemNamesSizeBytes>${itemNamesBytes}</ItemNamesSizeBytes><AttributeNameCount>${attrNames.size}</AttributeNameCount><AttributeNamesSizeBytes>${attrNameBytes}</AttributeNamesSizeBytes><AttributeValueCount>${valueCount}</AttributeValueCount><AttributeValuesSizeBytes>${valueBytes}</AttributeValuesSizeBytes><Timestamp>${Math.floor(this.now() / 1e3)}</Timestamp>`;
  }
  putAttributes(params) {
    const d = this.#domain(params);
    const itemName = this.#itemName(params);
    const attributes = this.#replaceableAttributes(params, "Attribute.");
    if (attributes.length === 0) throw fault.missing("Attribute.1.Name");
    if (attributes.length > this.limits.maxAttributesPerCall) {
      throw new SdbFault("NumberSubmittedAttributesExceeded", 409, `Too many attributes submitted (${attributes.length}, at most ${this.limits.maxAttributesPerCall}).`);
    }
    const expected = this.#expected(params);
    const current = d.items.get(itemName);
    this.#checkExpected(expected, current);
    this.#write(d, itemName, this.#applyPut(d, itemName, attributes, current));
    this.save();
    return "";
  }
  batchPutAttributes(params) {
    const d = this.#domain(params);
    const items = _Engine.groups(params, "Item.", ["ItemName"]);
    if (items.length === 0) throw fault.missing("Item.1.ItemName");
    if (items.length > this.limits.maxItemsPerBatch) {
      throw new SdbFault("NumberSubmittedItemsExceeded", 409, `Too many items submitted (${items.length}, at most ${this.limits.maxItemsPerBatch}).`);
    }
    const seen = /* @__PURE__ */ new Set();
    const plan = [];
    let pairsDelta = 0;
    for (const g of items) {
      const itemName = this.#itemName(params, `Item.${g.index}.ItemName`);
      if (seen.has(itemName)) throw new SdbFault("DuplicateItemName", 400, `Item ${itemName} was specified more than once.`);
      seen.add(itemName);
      const attributes = this.#replaceableAttributes(params, `Item.${g.index}.Attribute.`);
      if (attributes.length === 0) throw fault.missing(`Item.${g.index}.Attribute.1.Name`);
      if (attributes.length > this.limits.maxAttributesPerCall) {
        throw new SdbFault("NumberSubmittedAttributesExceeded", 409, `Too many attributes submitted for item ${itemName}.`);
      }
      const current = d.items.get(itemName);
      const next = this.#applyPut(d, itemName, attributes, current);
      pairsDelta += itemSize(itemName, next).pairs - itemSize(itemName, current).pairs;
      plan.push({ itemName, next });
    }
    if (d.pairs + pairsDelta > this.limits.maxDomainAttributes) throw new SdbFault("NumberDomainAttributesExceeded", 409, "Too many attributes in this domain.");
    for (const p of plan) this.#write(d, p.itemName, p.next);
    this.save();
    return "";
  }
  #applyDelete(base, attributes) {
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
  deleteAttributes(params) {
    const d = this.#domain(params);
    const itemName = this.#itemName(params);
    const attributes = this.#deletableAttributes(params, "Attribute.");
    const expected = this.#expected(params);
    const current = d.items.get(itemName);
    this.#checkExpected(expected, current);
    if (current) {
      this.#write(d, itemName, this.#applyDelete(current, attributes));
      this.save();
    }
    return "";
  }
  batchDeleteAttributes(params) {
    const d = this.#domain(params);
    const items = _Engine.groups(params, "Item.", ["ItemName"]);
    if (items.length === 0) throw fault.missing("Item.1.ItemName");
    if (items.length > this.limits.maxItemsPerBatch) {
      throw new SdbFault("NumberSubmittedItemsExceeded", 409, `Too many items submitted (${items.length}, at most ${this.limits.maxItemsPerBatch}).`);
    }
    const plan = items.map((g) => ({
      itemName: this.#itemName(params, `Item.${g.index}.ItemName`),
      attributes: this.#deletableAttributes(params, `Item.${g.index}.Attribute.`)
    }));
    for (const p of plan) {
      const current = d.items.get(p.itemName);
      if (current) this.#write(d, p.itemName, this.#applyDelete(current, p.attributes));
    }
    this.save();
    return "";
  }
  getAttributes(params) {
    const d = this.#domain(params);
    const itemName = this.#itemName(params);
    const consistent = this.#bool(params, "ConsistentRead") ?? false;
    const names = [];
    for (const [k, v] of params) if (/^AttributeName\.\d+$/.test(k)) names.push(v);
    if (names.length > this.limits.maxAttributesPerCall) throw new SdbFault("TooManyRequestedAttributes", 400, "Too many attributes requested.");
    const attrs = this.#view(d, consistent).get(itemName);
    if (!attrs) return "";
    const filter = names.length > 0 ? new Set(names) : null;
    let xml = "";
    for (const [k, vs] of attrs) {
      if (filter && !filter.has(k)) continue;
      for (const v of vs) xml += `<Attribute>${textElement("Name", k)}${textElement("Value", v)}</Attribute>`;
    }
    return xml;
  }
  select(params, hook = {}) {
    const expression = params.get("SelectExpression");
    if (expression === void 0) throw fault.missing("SelectExpression");
    const consistent = this.#bool(params, "ConsistentRead") ?? false;
    const q = parseSelect(expression);
    const d = this.domains.get(q.domain);
    if (!d) throw fault.noSuchDomain();
    const shape = queryShape(q);
    let after;
    const token = params.get("NextToken");
    if (token !== void 0) {
      const t = decodeToken(token, shape);
      if (!t || typeof t !== "object") throw new SdbFault("InvalidNextToken", 400, "The specified next token is not valid.");
      if (!("begin" in t)) after = t;
    }
    const view = this.#view(d, consistent);
    const desc = q.orderBy?.desc ?? false;
    const target = q.orderBy?.target ?? { kind: "itemName" };
    const rows = [];
    for (const [name, attrs] of view) {
      const item = { name, attrs };
      if (!matches(q.where, item)) continue;
      const key = sortKey(item, target, desc);
      if (key === null) continue;
      rows.push({ key, item });
    }
    const cmp = (a, b) => {
      const c = compareStrings(a.key ?? "", b.key ?? "");
      const primary = desc ? -c : c;
      return primary !== 0 ? primary : compareStrings(a.name, b.name);
    };
    rows.sort((a, b) => cmp({ key: a.key, name: a.item.name }, { key: b.key, name: b.item.name }));
    let start = 0;
    if (after) {
      const a = after;
      start = rows.findIndex((r) => cmp({ key: r.key, name: r.item.name }, a) > 0);
      if (start === -1) start = rows.length;
    }
    const isCount = q.output.kind === "count";
    const limit = q.limit ?? (isCount ? Number.POSITIVE_INFINITY : SELECT_LIMITS.defaultLimit);
    const stopAfter = hook.stopAfter ?? Number.POSITIVE_INFINITY;
    let xml = "";
    let bytes = 0;
    let taken = 0;
    let i = start;
    for (; i < rows.length && taken < limit && taken < stopAfter; i++) {
      if (isCount) {
        taken++;
        continue;
      }
      const itemXml = renderItem(q, rows[i].item);
      const size = Buffer.byteLength(itemXml, "utf8");
      if (taken > 0 && bytes + size > this.limits.maxSelectResponseBytes) break;
      bytes += size;
      xml += itemXml;
      taken++;
    }
    const more = i < rows.length;
    if (isCount) xml = `<Item><Name>Domain</Name><Attribute><Name>Count</Name><Value>${taken}</Value></Attribute></Item>`;
    if (more && taken > 0) {
      const last = rows[i - 1];
      xml += `<NextToken>${encodeToken(shape, { key: last.key, name: last.item.name })}</NextToken>`;
    } else if (more) {
      const resume = after ?? { begin: true };
      xml += `<NextToken>${encodeToken(shape, resume)}</NextToken>`;
    }
    return xml;
  }
};
function renderItem(q, item) {
  let xml = `<Item>${textElement("Name", item.name)}`;
  if (q.output.kind !== "itemName") {
    const filter = q.output.kind === "attrs" ? new Set(q.output.names) : null;
    for (const [k, vs] of item.attrs) {
      if (filter && !filter.has(k)) continue;
      for (const v of vs) xml += `<Attribute>${textElement("Name", k)}${textElement("Value", v)}</Attribute>`;
    }
  }
  return `${xml}</Item>`;
}
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
function decodeToken(token, shape) {
  try {
    const t = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
    if (t.s !== shapeHash(shape)) return void 0;
    if (shape === "domains") return typeof t.p === "string" ? t.p : void 0;
    const p = t.p;
    if (p && typeof p === "object" && p.begin === true) return { begin: true };
    if (!p || typeof p !== "object" || typeof p.name !== "string" || !(typeof p.key === "string" || p.key === null)) return void 0;
    return p;
  } catch {
    return void 0;
  }
}

// src/simpledb-local/server.ts
var DEFAULT_CREDENTIALS = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" };
var BOX_USAGE = "0.0000219907";
var MAX_BODY = 16 * 1024 * 1024;
var ACTIONS = {
  CreateDomain: (e, p) => e.createDomain(p),
  DeleteDomain: (e, p) => e.deleteDomain(p),
  ListDomains: (e, p) => e.listDomains(p),
  DomainMetadata: (e, p) => e.domainMetadata(p),
  PutAttributes: (e, p) => e.putAttributes(p),
  BatchPutAttributes: (e, p) => e.batchPutAttributes(p),
  DeleteAttributes: (e, p) => e.deleteAttributes(p),
  BatchDeleteAttributes: (e, p) => e.batchDeleteAttributes(p),
  GetAttributes: (e, p) => e.getAttributes(p),
  Select: (e, p) => e.select(p)
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
  const engine = new Engine({ ...DEFAULT_LIMITS, ...options.limits }, options.consistentReadLagMs ?? 0, clock, options.persistPath);
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
    let body;
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
        result = engine.select(params, { stopAfter: t.items });
      } else {
        result = ACTIONS[action](engine, params);
      }
      body = successBody(action, NO_RESULT.has(action) ? null : result, requestId, BOX_USAGE);
    } catch (err) {
      if (err instanceof SdbFault) {
        status = err.status;
        body = errorBody(err.code, err.message, requestId, BOX_USAGE);
      } else {
        status = 500;
        body = errorBody("InternalError", "Request could not be executed due to an internal service error.", requestId, BOX_USAGE);
        options.log?.(`internal error: ${err?.stack ?? err}`);
      }
    }
    options.log?.(`${req.method} ${action} -> ${status}`);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const bytes = Buffer.from(body, "utf8");
    res.writeHead(status, { "content-type": "text/xml", "content-length": bytes.length, "x-amzn-requestid": requestId });
    if (dropNext) {
      dropNext = false;
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(bytes);
  };
  const sockets = /* @__PURE__ */ new Set();
  const server = createServer((req, res) => {
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
    engine,
    faults,
    requestCounts: () => ({ ...counts }),
    reset() {
      engine.reset();
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
                               [--session-token TOKEN] [--persist FILE] [--lag-ms 0] [--verbose]`;
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
