import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  ProgressLine,
  Slots,
  applyRetention,
  compactTime,
  fromNodeProviderChain,
  handled,
  nearestPoints
} from "./chunk-XQL4ZF67.js";
import {
  LATEST_VERSION_MS,
  emptyNameMap
} from "./chunk-7DGCTHKG.js";
import {
  RestoreError
} from "./chunk-UXJ5RJX5.js";
import {
  DEFAULTS,
  DELETE_LOG_ATTRIBUTES,
  validateSimpleDbBackupConfig
} from "./chunk-GP7RUDTW.js";
import {
  count,
  formatBytes,
  number
} from "./chunk-EKYJ357X.js";
import "./chunk-WULSAGZO.js";
import {
  IN_PLACE_CONFIRMATION
} from "./chunk-BMM2K3KS.js";
import {
  ConfigError
} from "./chunk-JTCAABZB.js";
import {
  sigTimestamp,
  signedBody
} from "./chunk-6UYS7GXM.js";
import {
  compareKeys
} from "./chunk-OCIHQ3IT.js";
import "./chunk-UVIE4DYZ.js";

// src/simpledb/errors.ts
var SimpleDbError = class extends Error {
  code;
  statusCode;
  requestId;
  boxUsage;
  /** The action that failed, e.g. "PutAttributes". */
  action;
  /** How many attempts were made (1 when not retried). */
  attempts = 1;
  constructor(code, message, statusCode, details = {}) {
    super(message, details.cause === void 0 ? void 0 : { cause: details.cause });
    this.name = "SimpleDbError";
    this.code = code;
    this.statusCode = statusCode;
    if (details.requestId !== void 0) this.requestId = details.requestId;
    if (details.boxUsage !== void 0) this.boxUsage = details.boxUsage;
    if (details.action !== void 0) this.action = details.action;
  }
  /** Whether a retry may succeed: server errors, throttling, timeouts and dropped connections. */
  get retryable() {
    return isRetryableCode(this.code, this.statusCode);
  }
};
var CLIENT_ERROR_CODES = {
  network: "NetworkError",
  timeout: "RequestTimeout",
  aborted: "AbortError",
  badResponse: "InvalidResponse",
  invalidInput: "InvalidParameterValue",
  /** The body passed the client's byte cap (ResponseLimits.maxBytes). */
  responseTooLarge: "ResponseTooLarge",
  /** The XML passed the client's nesting or element caps. */
  responseTooComplex: "ResponseTooComplex"
};
function isRetryableCode(code, statusCode) {
  if (code === CLIENT_ERROR_CODES.aborted) return false;
  if (code === CLIENT_ERROR_CODES.responseTooLarge || code === CLIENT_ERROR_CODES.responseTooComplex) return false;
  if (code === CLIENT_ERROR_CODES.invalidInput && statusCode === 0) return false;
  if (statusCode >= 500) return true;
  return code === "ServiceUnavailable" || code === "RequestTimeout" || code === "InternalError" || code === "Throttling" || code === CLIENT_ERROR_CODES.network || code === CLIENT_ERROR_CODES.badResponse;
}

// src/simpledb/xml.ts
var NO_ATTRIBUTES = Object.freeze({});
var NO_CHILDREN = Object.freeze([]);
var NAMED = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' };
var XmlSyntaxError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "XmlSyntaxError";
  }
};
var XmlLimitError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "XmlLimitError";
  }
};
var DEFAULT_XML_LIMITS = { maxDepth: 32, maxElements: 25e4 };
function decodeEntities(raw) {
  if (!raw.includes("&")) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (whole, body) => {
    if (!whole.endsWith(";")) throw new XmlSyntaxError(`unterminated entity reference near "${whole}"`);
    if (body.startsWith("#x") || body.startsWith("#X")) {
      const cp = Number.parseInt(body.slice(2), 16);
      if (!/^[0-9a-fA-F]+$/.test(body.slice(2)) || cp > 1114111) throw new XmlSyntaxError(`bad character reference &${body};`);
      return String.fromCodePoint(cp);
    }
    if (body.startsWith("#")) {
      const cp = Number.parseInt(body.slice(1), 10);
      if (!/^[0-9]+$/.test(body.slice(1)) || cp > 1114111) throw new XmlSyntaxError(`bad character reference &${body};`);
      return String.fromCodePoint(cp);
    }
    const named = NAMED[body];
    if (named === void 0) throw new XmlSyntaxError(`unknown entity &${body};`);
    return named;
  });
}
function parseXml(input, limits = DEFAULT_XML_LIMITS) {
  let pos = 0;
  let elements = 0;
  const stack = [];
  let root;
  const len = input.length;
  while (pos < len) {
    const lt = input.indexOf("<", pos);
    const textEnd = lt === -1 ? len : lt;
    if (textEnd > pos) {
      const raw = input.slice(pos, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(raw);
      else if (raw.trim() !== "") throw new XmlSyntaxError("text outside the root element");
    }
    if (lt === -1) break;
    const next = input.charCodeAt(lt + 1);
    if (next !== QUESTION && next !== BANG && next !== SLASH) {
      pos = startTag(input, lt, stack, limits, ++elements, root !== void 0) + 1;
      if (lastRoot) root = lastRoot;
      continue;
    }
    if (next === SLASH) {
      const end = input.indexOf(">", lt);
      if (end === -1) throw new XmlSyntaxError("unterminated end tag");
      const top = stack.pop();
      const exact = top !== void 0 && end - lt - 2 === top.name.length && input.startsWith(top.name, lt + 2);
      if (!exact) {
        const name = input.slice(lt + 2, end).trim();
        if (!top || top.name !== name) throw new XmlSyntaxError(`mismatched end tag </${name}>`);
      }
      if (stack.length === 0) root = top;
      pos = end + 1;
      continue;
    }
    if (input.startsWith("<?", lt)) {
      const end = input.indexOf("?>", lt);
      if (end === -1) throw new XmlSyntaxError("unterminated processing instruction");
      pos = end + 2;
    } else if (input.startsWith("<!--", lt)) {
      const end = input.indexOf("-->", lt);
      if (end === -1) throw new XmlSyntaxError("unterminated comment");
      pos = end + 3;
    } else if (input.startsWith("<![CDATA[", lt)) {
      const end = input.indexOf("]]>", lt);
      if (end === -1) throw new XmlSyntaxError("unterminated CDATA section");
      const top = stack[stack.length - 1];
      if (!top) throw new XmlSyntaxError("CDATA outside the root element");
      top.text += input.slice(lt + 9, end);
      pos = end + 3;
    } else if (input.startsWith("<!", lt)) {
      const end = input.indexOf(">", lt);
      if (end === -1) throw new XmlSyntaxError("unterminated declaration");
      pos = end + 1;
    } else {
      pos = startTag(input, lt, stack, limits, ++elements, root !== void 0) + 1;
      if (lastRoot) root = lastRoot;
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError(`unclosed element <${stack[stack.length - 1].name}>`);
  if (!root) throw new XmlSyntaxError("no root element");
  return root;
}
var QUESTION = 63;
var BANG = 33;
var SLASH = 47;
var GT = 62;
var DQUOTE = 34;
var SQUOTE = 39;
var PLAIN_NAME_RE = /^[A-Za-z_][A-Za-z0-9_:.-]*$/;
var NAME_RE = /^([^\s/>]+)/;
var ATTRIBUTE_RE = /\s*([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/gy;
var lastRoot;
var recentNames = [];
var RECENT_NAMES = 16;
function recentName(input, from, end) {
  const length = end - from;
  for (const name of recentNames) if (name.length === length && input.startsWith(name, from)) return name;
  return void 0;
}
function startTag(input, lt, stack, limits, elements, hasRoot) {
  lastRoot = void 0;
  const end = findTagEnd(input, lt);
  let name = recentName(input, lt + 1, end);
  let selfClosing = false;
  let attributesFrom = -1;
  let body = "";
  if (name === void 0) {
    body = input.slice(lt + 1, end);
    selfClosing = body.endsWith("/");
    if (selfClosing) body = body.slice(0, -1);
  }
  if (name !== void 0) {
  } else if (PLAIN_NAME_RE.test(body)) {
    name = body;
    if (recentNames.length >= RECENT_NAMES) recentNames.shift();
    recentNames.push(name);
  } else {
    const m = NAME_RE.exec(body);
    if (!m) throw new XmlSyntaxError("bad start tag");
    name = m[1];
    attributesFrom = m[0].length;
  }
  if (elements > limits.maxElements) throw new XmlLimitError(`more than ${limits.maxElements} elements`);
  if (stack.length + 1 > limits.maxDepth) throw new XmlLimitError(`elements nested deeper than ${limits.maxDepth}`);
  const el = { name, attributes: NO_ATTRIBUTES, children: NO_CHILDREN, text: "" };
  if (attributesFrom >= 0) {
    ATTRIBUTE_RE.lastIndex = attributesFrom;
    let am;
    while ((am = ATTRIBUTE_RE.exec(body)) !== null) {
      if (el.attributes === NO_ATTRIBUTES) el.attributes = {};
      el.attributes[am[1]] = decodeEntities(am[3] ?? am[4] ?? "");
      if (ATTRIBUTE_RE.lastIndex >= body.length) break;
    }
  }
  const parent = stack[stack.length - 1];
  if (parent) {
    if (parent.children === NO_CHILDREN) parent.children = [el];
    else parent.children.push(el);
  } else if (hasRoot) throw new XmlSyntaxError("more than one root element");
  if (selfClosing) {
    if (!parent) lastRoot = el;
  } else stack.push(el);
  return end;
}
function findTagEnd(input, from) {
  let quote = 0;
  for (let i = from + 1; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === DQUOTE || c === SQUOTE) quote = c;
    else if (c === GT) return i;
  }
  throw new XmlSyntaxError("unterminated start tag");
}
function child(el, name) {
  return el.children.find((c) => c.name === name);
}
function childrenNamed(el, name) {
  return el.children.filter((c) => c.name === name);
}
function decodedText(el) {
  if (el.attributes["encoding"] === "base64") return Buffer.from(el.text, "base64").toString("utf8");
  return el.text;
}
function childText(el, name) {
  const c = child(el, name);
  return c ? decodedText(c) : void 0;
}

// src/simpledb/transport.ts
var API_VERSION = "2009-04-15";
var SIMPLEDB_ENDPOINTS = {
  "us-east-1": "sdb.amazonaws.com",
  "us-west-1": "sdb.us-west-1.amazonaws.com",
  "us-west-2": "sdb.us-west-2.amazonaws.com",
  "ap-southeast-1": "sdb.ap-southeast-1.amazonaws.com",
  "ap-southeast-2": "sdb.ap-southeast-2.amazonaws.com",
  "ap-northeast-1": "sdb.ap-northeast-1.amazonaws.com",
  "eu-west-1": "sdb.eu-west-1.amazonaws.com",
  "sa-east-1": "sdb.sa-east-1.amazonaws.com"
};
var DEFAULT_RESPONSE_LIMITS = { maxBytes: 16 * 1024 * 1024, ...DEFAULT_XML_LIMITS };
var defaultSleep = (ms, signal) => new Promise((resolve, reject) => {
  if (signal?.aborted) return reject(signal.reason);
  const t = setTimeout(() => {
    signal?.removeEventListener("abort", onAbort);
    resolve();
  }, ms);
  const onAbort = () => {
    clearTimeout(t);
    reject(signal.reason);
  };
  signal?.addEventListener("abort", onAbort, { once: true });
});
function resolveEndpoint(config, region) {
  if (config.endpoint) {
    const raw = /^[a-z][a-z0-9+.-]*:\/\//i.test(config.endpoint) ? config.endpoint : `https://${config.endpoint}`;
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new SimpleDbError(CLIENT_ERROR_CODES.invalidInput, `SimpleDB endpoint must be http or https: ${config.endpoint}`, 0);
    }
    if (url.pathname === "") url.pathname = "/";
    return url;
  }
  const host = SIMPLEDB_ENDPOINTS[region];
  if (!host) {
    throw new SimpleDbError(
      CLIENT_ERROR_CODES.invalidInput,
      `SimpleDB is not offered in region "${region}" (known: ${Object.keys(SIMPLEDB_ENDPOINTS).join(", ")}); set endpoint to override`,
      0
    );
  }
  return new URL(`https://${host}/`);
}
function responseMetadata(root) {
  const metaEl = child(root, "ResponseMetadata");
  const meta = {};
  if (metaEl) {
    const requestId = childText(metaEl, "RequestId");
    if (requestId !== void 0) meta.RequestId = requestId;
    const boxUsage = childText(metaEl, "BoxUsage");
    if (boxUsage !== void 0) meta.BoxUsage = boxUsage;
  }
  return meta;
}
function isProvider(c) {
  return typeof c === "function";
}
var QueryTransport = class {
  region;
  endpoint;
  #config;
  #maxAttempts;
  #timeoutMs;
  #sleep;
  #random;
  #now;
  #limits;
  /** The endpoint for messages: scheme, host and path, never credentials. */
  #where;
  #provider;
  #cached;
  constructor(config = {}) {
    this.#config = config;
    this.region = config.region ?? process.env["AWS_REGION"] ?? process.env["AWS_DEFAULT_REGION"] ?? "us-east-1";
    this.endpoint = resolveEndpoint(config, this.region);
    this.#maxAttempts = Math.max(1, Math.floor(config.maxAttempts ?? 5));
    this.#timeoutMs = config.requestTimeoutMs ?? 3e4;
    this.#sleep = config.sleep ?? defaultSleep;
    this.#random = config.random ?? Math.random;
    this.#now = config.now ?? (() => /* @__PURE__ */ new Date());
    this.#limits = { ...DEFAULT_RESPONSE_LIMITS, ...config.responseLimits };
    this.#where = `${this.endpoint.protocol}//${this.endpoint.host}${this.endpoint.pathname === "/" ? "" : this.endpoint.pathname}`;
    if (config.credentials) {
      this.#provider = isProvider(config.credentials) ? config.credentials : async () => config.credentials;
    }
  }
  /**
   * Sends one action, retrying what is retryable, and returns its `<Action>Result` element (if
   * any) and the response metadata; throws a SimpleDbError.
   */
  async call(action, params, options) {
    return this.callWithFastReader(action, params, options, void 0);
  }
  /**
   * `call`, with a fast reader that may read a successful response's body directly
   * (select-response.ts): its page when it gives one, else the body read by the general reader as
   * `call` reads it (a fast reader declines with undefined, never throws).
   */
  async callWithFastReader(action, params, options, fastRead) {
    const signals = [this.#config.signal, options?.signal].filter((s) => s !== void 0);
    const userSignal = signals.length === 0 ? void 0 : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    let attempt = 0;
    for (; ; ) {
      attempt++;
      try {
        return await this.#attempt(action, params, userSignal, fastRead);
      } catch (err) {
        const error = err instanceof SimpleDbError ? err : new SimpleDbError(CLIENT_ERROR_CODES.network, String(err), 0, { action, cause: err });
        error.attempts = attempt;
        if (!isRetryableCode(error.code, error.statusCode) || attempt >= this.#maxAttempts || userSignal?.aborted) throw error;
        const base = this.#config.retryBaseDelayMs ?? 100;
        const cap = this.#config.retryMaxDelayMs ?? 2e4;
        const delayMs = Math.floor(this.#random() * Math.min(cap, base * 2 ** (attempt - 1)));
        this.#config.onRetry?.({ action, attempt, delayMs, error });
        try {
          await this.#sleep(delayMs, userSignal);
        } catch (cause) {
          throw new SimpleDbError(CLIENT_ERROR_CODES.aborted, `${action} aborted`, 0, { action, cause });
        }
      }
    }
  }
  async #attempt(action, params, userSignal, fastRead) {
    if (userSignal?.aborted) throw new SimpleDbError(CLIENT_ERROR_CODES.aborted, `${action} aborted`, 0, { action, cause: userSignal.reason });
    let creds;
    try {
      creds = await this.#credentials();
    } catch (cause) {
      throw new SimpleDbError("CredentialsError", `could not load AWS credentials: ${cause?.message ?? cause}`, 0, { action, cause });
    }
    const method = this.#config.httpMethod ?? "POST";
    const signatureMethod = this.#config.signatureMethod ?? "HmacSHA256";
    const all = [
      ["Action", action],
      ["Version", API_VERSION],
      ["AWSAccessKeyId", creds.accessKeyId],
      ["SignatureVersion", "2"],
      ["SignatureMethod", signatureMethod],
      ["Timestamp", sigTimestamp(this.#now())],
      ...params
    ];
    if (creds.sessionToken) all.push(["SecurityToken", creds.sessionToken]);
    const url = new URL(this.endpoint.href);
    let body;
    try {
      body = signedBody(creds.secretAccessKey, signatureMethod, method, url.host, url.pathname, all);
    } catch (cause) {
      throw new SimpleDbError(CLIENT_ERROR_CODES.invalidInput, `${action}: a name or value is not valid Unicode (lone surrogate)`, 0, { action, cause });
    }
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = userSignal ? AbortSignal.any([userSignal, timeout]) : timeout;
    let status;
    let text;
    try {
      const init = { method, signal, headers: { "user-agent": "pullback-simpledb/1" } };
      if (method === "POST") {
        init.body = body;
        init.headers = { ...init.headers, "content-type": "application/x-www-form-urlencoded; charset=utf-8" };
      } else {
        url.search = body;
      }
      const res = await fetch(url, init);
      status = res.status;
      text = await this.#readBody(action, res);
    } catch (cause) {
      if (cause instanceof SimpleDbError) throw cause;
      if (userSignal?.aborted) throw new SimpleDbError(CLIENT_ERROR_CODES.aborted, `${action} aborted`, 0, { action, cause: userSignal.reason });
      if (timeout.aborted) throw new SimpleDbError(CLIENT_ERROR_CODES.timeout, `${action} timed out after ${this.#timeoutMs} ms`, 0, { action, cause });
      const reason = cause?.cause;
      throw new SimpleDbError(CLIENT_ERROR_CODES.network, `${action} failed: ${reason?.code ?? reason?.message ?? cause?.message ?? cause}`, 0, { action, cause });
    }
    if (status === 200 && fastRead) {
      const page = fastRead(text, this.#limits);
      if (page) return { result: void 0, meta: page.meta, page };
    }
    let root;
    try {
      root = parseXml(text, this.#limits);
    } catch (cause) {
      if (cause instanceof XmlLimitError) {
        throw new SimpleDbError(
          CLIENT_ERROR_CODES.responseTooComplex,
          `${action}: the response from ${this.#where} has ${cause.message} (SimpleDB's responses nest 5 deep and hold at most about 80,000): refused; is the endpoint SimpleDB?`,
          status,
          { action, cause }
        );
      }
      const code = status === 503 ? "ServiceUnavailable" : status >= 500 ? "InternalError" : CLIENT_ERROR_CODES.badResponse;
      throw new SimpleDbError(code, `${action}: HTTP ${status} with an unreadable body: ${text.slice(0, 200)}`, status, { action, cause });
    }
    if (status !== 200 || root.name === "Response" || root.name === "ErrorResponse") {
      const errors = child(root, "Errors");
      const e = errors ? child(errors, "Error") : child(root, "Error");
      const code = (e && childText(e, "Code")) ?? (status === 503 ? "ServiceUnavailable" : status >= 500 ? "InternalError" : "UnknownError");
      const message = (e && childText(e, "Message")) ?? `HTTP ${status}`;
      const details = { action };
      const requestId = childText(root, "RequestID") ?? childText(root, "RequestId");
      if (requestId !== void 0) details.requestId = requestId;
      const boxUsage = e && childText(e, "BoxUsage");
      if (boxUsage !== void 0 && boxUsage !== "") details.boxUsage = boxUsage;
      throw new SimpleDbError(code, message, status === 200 ? 500 : status, details);
    }
    if (root.name !== `${action}Response`) {
      throw new SimpleDbError(CLIENT_ERROR_CODES.badResponse, `${action}: unexpected response element <${root.name}>`, status, { action });
    }
    return { result: child(root, `${action}Result`), meta: responseMetadata(root) };
  }
  async #credentials() {
    const c = this.#cached;
    if (c && (!c.expiration || c.expiration.getTime() - Date.now() > 5 * 6e4)) return c;
    this.#provider ??= fromNodeProviderChain();
    this.#cached = await this.#provider();
    return this.#cached;
  }
  /**
   * The body as text, read chunk by chunk and refused as soon as it passes the byte cap (or when
   * its declared length already does), so a huge or endless body never sits in memory.
   */
  async #readBody(action, res) {
    const max = this.#limits.maxBytes;
    const tooLarge = (detail) => new SimpleDbError(
      CLIENT_ERROR_CODES.responseTooLarge,
      `${action}: the response from ${this.#where} is larger than ${formatBytes2(max)} (${detail}; SimpleDB's responses stop at 1 MB): refused without reading the rest; is the endpoint SimpleDB?`,
      res.status,
      { action }
    );
    const declared = Number(res.headers.get("content-length") ?? Number.NaN);
    if (Number.isFinite(declared) && declared > max) {
      await res.body?.cancel().catch(() => void 0);
      throw tooLarge(`it declares ${declared} bytes`);
    }
    if (!res.body) return "";
    const chunks = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += chunk.byteLength;
      if (size > max) throw tooLarge(`more than ${size} bytes arrived`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size).toString("utf8");
  }
};
function formatBytes2(bytes) {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

// src/simpledb/select-response.ts
var PROLOG_START = "<?xml";
var ROOT_OPEN = "<SelectResponse";
var ROOT_CLOSE = "</SelectResponse>";
var RESULT_OPEN = "<SelectResult>";
var RESULT_EMPTY = "<SelectResult/>";
var RESULT_CLOSE = "</SelectResult>";
var ITEM_OPEN = "<Item><Name>";
var ITEM_NAME_CLOSE = "</Name>";
var ITEM_CLOSE = "</Item>";
var ATTRIBUTE_OPEN = "<Attribute><Name>";
var ATTRIBUTE_NAME_CLOSE = "</Name><Value>";
var ATTRIBUTE_CLOSE = "</Value></Attribute>";
var TOKEN_OPEN = "<NextToken>";
var TOKEN_CLOSE = "</NextToken>";
var META_OPEN = "<ResponseMetadata><RequestId>";
var REQUEST_ID_CLOSE = "</RequestId><BoxUsage>";
var META_CLOSE = "</BoxUsage></ResponseMetadata>";
var ROOT_TAG = /^<SelectResponse(?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*\s*=\s*(?:"[^"<&]*"|'[^'<&]*')){0,8}\s*>$/;
var ATTRIBUTE_DEPTH = 5;
var WHITE_SPACE = /^\s*$/;
function readCompactSelect(body, limits) {
  const reader = new CompactReader(body);
  try {
    return reader.read(limits);
  } catch {
    return void 0;
  }
}
var CompactReader = class {
  constructor(body) {
    this.body = body;
  }
  body;
  #pos = 0;
  read(limits) {
    const { body } = this;
    if (!this.#root()) return void 0;
    const items = [];
    let nextToken;
    let elements = 5;
    let depth = ATTRIBUTE_DEPTH - 2;
    if (body.startsWith(RESULT_EMPTY, this.#pos)) this.#pos += RESULT_EMPTY.length;
    else {
      if (!this.#literal(RESULT_OPEN)) return void 0;
      while (body.startsWith(ITEM_OPEN, this.#pos)) {
        this.#pos += ITEM_OPEN.length;
        const name = this.#text(ITEM_NAME_CLOSE);
        if (name === void 0) return void 0;
        const attributes = [];
        while (body.startsWith(ATTRIBUTE_OPEN, this.#pos)) {
          this.#pos += ATTRIBUTE_OPEN.length;
          const attributeName = this.#text(ATTRIBUTE_NAME_CLOSE);
          if (attributeName === void 0) return void 0;
          const value = this.#text(ATTRIBUTE_CLOSE);
          if (value === void 0) return void 0;
          attributes.push({ Name: attributeName, Value: value });
        }
        if (!this.#literal(ITEM_CLOSE)) return void 0;
        elements += 2 + 3 * attributes.length;
        depth = Math.max(depth, attributes.length > 0 ? ATTRIBUTE_DEPTH : ATTRIBUTE_DEPTH - 1);
        if (elements > limits.maxElements) return void 0;
        items.push({ Name: name, Attributes: attributes });
      }
      if (body.startsWith(TOKEN_OPEN, this.#pos)) {
        this.#pos += TOKEN_OPEN.length;
        nextToken = this.#text(TOKEN_CLOSE);
        if (nextToken === void 0) return void 0;
        elements++;
      }
      if (!this.#literal(RESULT_CLOSE)) return void 0;
    }
    if (!this.#literal(META_OPEN)) return void 0;
    const requestId = this.#text(REQUEST_ID_CLOSE);
    if (requestId === void 0) return void 0;
    const boxUsage = this.#text(META_CLOSE);
    if (boxUsage === void 0 || !this.#literal(ROOT_CLOSE)) return void 0;
    if (!WHITE_SPACE.test(body.slice(this.#pos))) return void 0;
    if (elements > limits.maxElements) return void 0;
    if (depth > limits.maxDepth) return void 0;
    const meta = { RequestId: requestId, BoxUsage: boxUsage };
    return { meta, output: { ...meta, Items: items, ...nextToken ? { NextToken: nextToken } : {} } };
  }
  /** Past an optional `<?xml ...?>` and white space, the root's start tag. */
  #root() {
    const { body } = this;
    let pos = 0;
    if (body.startsWith(PROLOG_START, pos)) {
      const end = body.indexOf("?>", pos);
      if (end < 0) return false;
      pos = end + 2;
    }
    const lt = body.indexOf("<", pos);
    if (lt < 0 || !WHITE_SPACE.test(body.slice(pos, lt)) || !body.startsWith(ROOT_OPEN, lt)) return false;
    const gt = body.indexOf(">", lt);
    if (gt < 0 || !ROOT_TAG.test(body.slice(lt, gt + 1))) return false;
    this.#pos = gt + 1;
    return true;
  }
  #literal(text) {
    if (!this.body.startsWith(text, this.#pos)) return false;
    this.#pos += text.length;
    return true;
  }
  /**
   * The text from here up to `close`, which must be the next markup (a `<` anywhere before it, a
   * child element, a comment or CDATA, is not the compact form); entities decoded.
   */
  #text(close) {
    const { body } = this;
    const lt = body.indexOf("<", this.#pos);
    if (lt < 0 || !body.startsWith(close, lt)) return void 0;
    const raw = body.slice(this.#pos, lt);
    this.#pos = lt + close.length;
    return raw.includes("&") ? decodeEntities(raw) : raw;
  }
};

// src/simpledb/client.ts
var SimpleDbClient = class {
  region;
  endpoint;
  #transport;
  constructor(config = {}) {
    this.#transport = new QueryTransport(config);
    this.region = this.#transport.region;
    this.endpoint = this.#transport.endpoint;
  }
  /** Debug form without secrets. */
  toJSON() {
    return { region: this.region, endpoint: this.endpoint.href, credentials: "REDACTED" };
  }
  async createDomain(input, options) {
    const { meta } = await this.#transport.call("CreateDomain", [["DomainName", input.DomainName]], options);
    return meta;
  }
  async deleteDomain(input, options) {
    const { meta } = await this.#transport.call("DeleteDomain", [["DomainName", input.DomainName]], options);
    return meta;
  }
  async listDomains(input = {}, options) {
    const params = [];
    if (input.MaxNumberOfDomains !== void 0) params.push(["MaxNumberOfDomains", String(input.MaxNumberOfDomains)]);
    if (input.NextToken !== void 0) params.push(["NextToken", input.NextToken]);
    const { result, meta } = await this.#transport.call("ListDomains", params, options);
    const out = { ...meta, DomainNames: result ? childrenNamed(result, "DomainName").map(decodedText) : [] };
    const token = result && childText(result, "NextToken");
    if (token) out.NextToken = token;
    return out;
  }
  async domainMetadata(input, options) {
    const { result, meta } = await this.#transport.call("DomainMetadata", [["DomainName", input.DomainName]], options);
    const num = (name) => {
      const text = result && childText(result, name);
      const n = text === void 0 ? Number.NaN : Number(text);
      if (!Number.isFinite(n)) throw new SimpleDbError(CLIENT_ERROR_CODES.badResponse, `DomainMetadata response lacks a numeric ${name}`, 200, { action: "DomainMetadata" });
      return n;
    };
    return {
      ...meta,
      ItemCount: num("ItemCount"),
      ItemNamesSizeBytes: num("ItemNamesSizeBytes"),
      AttributeNameCount: num("AttributeNameCount"),
      AttributeNamesSizeBytes: num("AttributeNamesSizeBytes"),
      AttributeValueCount: num("AttributeValueCount"),
      AttributeValuesSizeBytes: num("AttributeValuesSizeBytes"),
      Timestamp: num("Timestamp")
    };
  }
  async putAttributes(input, options) {
    const params = [["DomainName", input.DomainName], ["ItemName", input.ItemName]];
    pushReplaceable(params, "Attribute.", input.Attributes);
    pushExpected(params, input.Expected);
    const { meta } = await this.#transport.call("PutAttributes", params, options);
    return meta;
  }
  async batchPutAttributes(input, options) {
    const { meta } = await this.#transport.call("BatchPutAttributes", batchPutParams(input), options);
    return meta;
  }
  async deleteAttributes(input, options) {
    const params = [["DomainName", input.DomainName], ["ItemName", input.ItemName]];
    pushDeletable(params, "Attribute.", input.Attributes);
    pushExpected(params, input.Expected);
    const { meta } = await this.#transport.call("DeleteAttributes", params, options);
    return meta;
  }
  async batchDeleteAttributes(input, options) {
    const { meta } = await this.#transport.call("BatchDeleteAttributes", batchDeleteParams(input), options);
    return meta;
  }
  async getAttributes(input, options) {
    const params = [["DomainName", input.DomainName], ["ItemName", input.ItemName]];
    (input.AttributeNames ?? []).forEach((name, i) => params.push([`AttributeName.${i + 1}`, name]));
    if (input.ConsistentRead !== void 0) params.push(["ConsistentRead", String(input.ConsistentRead)]);
    const { result, meta } = await this.#transport.call("GetAttributes", params, options);
    return { ...meta, Attributes: result ? readAttributes(result) : [] };
  }
  async select(input, options) {
    const params = [["SelectExpression", input.SelectExpression]];
    if (input.NextToken !== void 0) params.push(["NextToken", input.NextToken]);
    if (input.ConsistentRead !== void 0) params.push(["ConsistentRead", String(input.ConsistentRead)]);
    const { result, meta, page } = await this.#transport.callWithFastReader("Select", params, options, readCompactSelect);
    if (page) return page.output;
    return selectFromTree(result, meta);
  }
};
function selectFromTree(result, meta) {
  const items = result ? childrenNamed(result, "Item").map((el) => ({ Name: childText(el, "Name") ?? "", Attributes: readAttributes(el) })) : [];
  const out = { ...meta, Items: items };
  const token = result && childText(result, "NextToken");
  if (token) out.NextToken = token;
  return out;
}
function readAttributes(el) {
  return childrenNamed(el, "Attribute").map((a) => ({ Name: childText(a, "Name") ?? "", Value: childText(a, "Value") ?? "" }));
}
function batchPutParams(input) {
  const params = [["DomainName", input.DomainName]];
  for (const i of textOrder(input.Items.length)) {
    const item = input.Items[i - 1];
    pushReplaceable(params, `Item.${i}.Attribute.`, item.Attributes);
    params.push([`Item.${i}.ItemName`, item.Name]);
  }
  return params;
}
function batchDeleteParams(input) {
  const params = [["DomainName", input.DomainName]];
  for (const i of textOrder(input.Items.length)) {
    const item = input.Items[i - 1];
    pushDeletable(params, `Item.${i}.Attribute.`, item.Attributes);
    params.push([`Item.${i}.ItemName`, item.Name]);
  }
  return params;
}
var textOrders = [];
function textOrder(n) {
  let order = textOrders[n];
  if (order === void 0) {
    order = Array.from({ length: n }, (_, i) => i + 1).sort((a, b) => String(a) < String(b) ? -1 : 1);
    if (n <= 256) textOrders[n] = order;
  }
  return order;
}
function pushReplaceable(params, prefix, attributes) {
  for (const i of textOrder(attributes.length)) {
    const a = attributes[i - 1];
    params.push([`${prefix}${i}.Name`, a.Name]);
    if (a.Replace) params.push([`${prefix}${i}.Replace`, "true"]);
    params.push([`${prefix}${i}.Value`, a.Value]);
  }
}
function pushDeletable(params, prefix, attributes) {
  for (const i of textOrder(attributes?.length ?? 0)) {
    const a = attributes[i - 1];
    params.push([`${prefix}${i}.Name`, a.Name]);
    if (a.Value !== void 0) params.push([`${prefix}${i}.Value`, a.Value]);
  }
}
function pushExpected(params, expected) {
  if (!expected) return;
  params.push(["Expected.1.Name", expected.Name]);
  if (expected.Value !== void 0) params.push(["Expected.1.Value", expected.Value]);
  if (expected.Exists !== void 0) params.push(["Expected.1.Exists", String(expected.Exists)]);
}

// src/backends/simpledb/backup.ts
import { randomUUID } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";

// src/simpledb/expression.ts
var RESERVED_WORDS = /* @__PURE__ */ new Set([
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
var BARE_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
function quoteName(name) {
  if (BARE_NAME.test(name) && !RESERVED_WORDS.has(name.toLowerCase())) return name;
  return "`" + name.replaceAll("`", "``") + "`";
}
function quoteValue(value) {
  return "'" + value.replaceAll("'", "''") + "'";
}

// src/simpledb/paginate.ts
async function* paginateSelect(client, input, options, paging = {}) {
  const request = (token) => {
    const next = { ...input };
    if (token === void 0) delete next.NextToken;
    else next.NextToken = token;
    return client.select(next, options);
  };
  let page = await request(input.NextToken);
  for (; ; ) {
    const token = page.NextToken;
    if (!token) {
      yield page;
      return;
    }
    const ahead = paging.prefetch ? request(token) : void 0;
    ahead?.catch(() => void 0);
    yield page;
    page = await (ahead ?? request(token));
  }
}
async function* selectItems(client, input, options) {
  for await (const page of paginateSelect(client, input, options)) yield* page.Items;
}
async function* paginateListDomains(client, input = {}, options) {
  let token = input.NextToken;
  for (; ; ) {
    const request = { ...input };
    if (token === void 0) delete request.NextToken;
    else request.NextToken = token;
    const page = await client.listDomains(request, options);
    yield* page.DomainNames;
    if (!page.NextToken) return;
    token = page.NextToken;
  }
}

// src/backends/simpledb/plan.ts
import { createHash, hash } from "node:crypto";
var TOMBSTONE_HASH = createHash("sha256").update("pullback:tombstone").digest("hex");
var STAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
function parseStamp(value) {
  if (typeof value !== "string" || !STAMP_RE.test(value)) return void 0;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const hour = digits(value, 11, 2);
  const minute = digits(value, 14, 2);
  const second = digits(value, 17, 2);
  if (year < 1e3 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return void 0;
  return Date.UTC(year, month - 1, day, hour, minute, second, digits(value, 20, 3));
}
function digits(text, from, count2) {
  let n = 0;
  for (let i = from; i < from + count2; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}
function daysInMonth(year, month) {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
function toStamp(ms) {
  return new Date(ms).toISOString();
}
var SCAN_GROUPING_LIMIT = 24;
var INSERTION_SORT_LIMIT = 24;
function canonicalAttributes(attributes) {
  const names = [];
  const values = [];
  const index = attributes.length > SCAN_GROUPING_LIMIT ? /* @__PURE__ */ new Map() : void 0;
  for (const a of attributes) {
    let k = -1;
    if (index) k = index.get(a.Name) ?? -1;
    else for (let j = 0; j < names.length; j++) if (names[j] === a.Name) k = j, j = names.length;
    if (k < 0) {
      index?.set(a.Name, names.length);
      names.push(a.Name);
      values.push([a.Value]);
    } else if (!values[k].includes(a.Value)) values[k].push(a.Value);
  }
  sortByName(names, values);
  const out = emptyNameMap();
  for (let i = 0; i < names.length; i++) {
    const list = values[i];
    if (list.length > 1) sortStrings(list);
    out[names[i]] = list;
  }
  return out;
}
function sortByName(names, values) {
  if (names.length > INSERTION_SORT_LIMIT) {
    const order = names.map((_, i) => i).sort((x, y) => compareKeys(names[x], names[y]));
    const [byName, byValue] = [order.map((i) => names[i]), order.map((i) => values[i])];
    for (let i = 0; i < order.length; i++) names[i] = byName[i], values[i] = byValue[i];
    return;
  }
  for (let i = 1; i < names.length; i++) {
    const name = names[i];
    if (compareKeys(names[i - 1], name) < 0) continue;
    const list = values[i];
    let j = i - 1;
    for (; j >= 0 && compareKeys(names[j], name) > 0; j--) names[j + 1] = names[j], values[j + 1] = values[j];
    names[j + 1] = name;
    values[j + 1] = list;
  }
}
function sortStrings(strings) {
  if (strings.length > INSERTION_SORT_LIMIT) {
    strings.sort(compareKeys);
    return;
  }
  for (let i = 1; i < strings.length; i++) {
    const s = strings[i];
    let j = i - 1;
    for (; j >= 0 && compareKeys(strings[j], s) > 0; j--) strings[j + 1] = strings[j];
    strings[j + 1] = s;
  }
}
function contentHash(attributes) {
  let text = "";
  for (const name of inOrder(Object.keys(attributes))) text += `${JSON.stringify([name, inOrder(attributes[name])])}
`;
  return hash("sha256", text, "hex");
}
function inOrder(strings) {
  for (let i = 1; i < strings.length; i++) if (compareKeys(strings[i - 1], strings[i]) > 0) return [...strings].sort(compareKeys);
  return strings;
}
function itemCandidate(item, stampAttribute) {
  const attributes = canonicalAttributes(item.Attributes);
  const stampValues = attributes[stampAttribute];
  const stampMs = stampValues && stampValues.length === 1 ? parseStamp(stampValues[0]) : void 0;
  const stamp = stampMs !== void 0 ? stampValues[0] : null;
  return { kind: "item", itemName: item.Name, attributes, hash: contentHash(attributes), stamp, stampMs };
}
function deleteLogCandidate(logItem, domain, stampAttribute) {
  const attrs = canonicalAttributes(logItem.Attributes);
  const one = (name) => attrs[name]?.length === 1 ? attrs[name][0] : void 0;
  if (one(DELETE_LOG_ATTRIBUTES.domain) !== domain) return void 0;
  const itemName = one(DELETE_LOG_ATTRIBUTES.itemName);
  const deletedAt = parseStamp(one(DELETE_LOG_ATTRIBUTES.deletedAt)) ?? parseStamp(one(stampAttribute));
  if (itemName === void 0 || deletedAt === void 0) return void 0;
  const state = attrs[DELETE_LOG_ATTRIBUTES.state];
  const logState = state === void 0 ? "legacy" : state.length === 1 && state[0] === "done" ? "done" : "pending";
  return { kind: "tombstone", itemName, deletedAt, origin: "delete-log", logState, entryName: logItem.Name };
}
function planBatch(candidates, known, runStart) {
  const plan = { versions: [], current: /* @__PURE__ */ new Map(), unchanged: 0, duplicates: 0, tombstonesSkipped: 0 };
  const slots = /* @__PURE__ */ new Map();
  let seq = Number.MAX_SAFE_INTEGER / 2;
  const slotsOf = (name) => {
    let list = slots.get(name);
    if (!list) {
      list = [...known.get(name) ?? []].sort(byTime);
      slots.set(name, list);
    }
    return list;
  };
  const insert = (list, v) => {
    const slot = { validFrom: v.validFrom, versionId: ++seq, hash: v.hash, deleted: v.deleted, fresh: v };
    let i = list.length;
    while (i > 0 && byTime(list[i - 1], slot) > 0) i--;
    list.splice(i, 0, slot);
    plan.versions.push(v);
  };
  for (const c of candidates) {
    const list = slotsOf(c.itemName);
    const latest = list[list.length - 1];
    if (c.kind === "item") {
      const stampMs = c.stamp === null ? void 0 : c.stampMs ?? parseStamp(c.stamp);
      if (latest && !latest.deleted && latest.hash === c.hash) {
        if (stampMs !== void 0 && latest.validFrom === stampMs) plan.duplicates++;
        else plan.unchanged++;
        continue;
      }
      const atStamp = stampMs !== void 0 && (!latest || stampMs > latest.validFrom);
      const validFrom = atStamp ? stampMs : Math.max(runStart, latest?.validFrom ?? runStart);
      insert(list, {
        itemName: c.itemName,
        validFrom,
        stamp: c.stamp,
        deleted: false,
        origin: atStamp ? "stamp" : "observed",
        hash: c.hash,
        attributes: c.attributes
      });
    } else {
      if (list.some((v) => v.deleted && v.validFrom === c.deletedAt)) {
        plan.duplicates++;
        continue;
      }
      let inEffect;
      for (const v of list) if (v.validFrom <= c.deletedAt) inEffect = v;
      if (!inEffect || inEffect.deleted) {
        plan.tombstonesSkipped++;
        continue;
      }
      insert(list, { itemName: c.itemName, validFrom: c.deletedAt, stamp: null, deleted: true, origin: c.origin, hash: TOMBSTONE_HASH, attributes: null });
    }
  }
  for (const [name, list] of slots) {
    const last = list[list.length - 1];
    if (last?.fresh) plan.current.set(name, last.fresh);
  }
  return plan;
}
function byTime(a, b) {
  return a.validFrom - b.validFrom || a.versionId - b.versionId;
}
function nextWatermark(previous, highestSeen, runStart) {
  if (highestSeen === void 0) return previous;
  const reached = highestSeen < runStart ? highestSeen : runStart;
  if (previous === void 0) return reached;
  return reached > previous ? reached : previous;
}
function readFrom(watermark, overlapMs) {
  const ms = parseStamp(watermark);
  if (ms === void 0) return void 0;
  return toStamp(Math.max(Date.UTC(1e3, 0, 1), ms - overlapMs));
}
function maxStamp(a, b) {
  if (a === void 0) return b;
  if (b === void 0) return a;
  return a > b ? a : b;
}

// src/backends/simpledb/plan-only.ts
var PLANNED_ID_BASE = Number.MAX_SAFE_INTEGER / 4;
var PlannedHistory = class {
  tables;
  #existing;
  /** Versions this plan would have written, by item. */
  #planned = /* @__PURE__ */ new Map();
  /** Item names the full scan saw (a backup's `seen` rows). */
  #seen = /* @__PURE__ */ new Set();
  #nextId = PLANNED_ID_BASE;
  constructor(existing, tables) {
    this.#existing = existing;
    this.tables = tables;
  }
  async loadVersions(itemNames) {
    const out = this.#existing ? await this.#existing.loadVersions(itemNames) : /* @__PURE__ */ new Map();
    for (const name of new Set(itemNames)) {
      const planned = this.#planned.get(name);
      if (!planned) continue;
      out.set(name, [...out.get(name) ?? [], ...planned]);
    }
    return out;
  }
  async ensureColumns() {
  }
  async writeBatch(batch) {
    for (const v of batch.versions) {
      let list = this.#planned.get(v.itemName);
      if (!list) this.#planned.set(v.itemName, list = []);
      list.push({ validFrom: v.validFrom, versionId: ++this.#nextId, hash: v.hash, deleted: v.deleted });
    }
    for (const name of batch.seen ?? []) this.#seen.add(name);
  }
  /** Item names of the existing history: what the plan adds is not counted (it is asked before the first batch). */
  async historyItemsAfter(after, limit) {
    return this.#existing ? this.#existing.historyItemsAfter(after, limit) : [];
  }
  /** Live items of the existing current state, as a backup would find them before its first batch. */
  async liveItemsAfter(after, limit) {
    return this.#existing ? this.#existing.liveItemsAfter(after, limit) : [];
  }
  async unseenItems(_runId, after, limit) {
    if (!this.#existing) return [];
    const out = [];
    let cursor = after;
    for (; ; ) {
      const page = await this.#existing.liveItemsAfter(cursor, limit);
      const deletedByPlan = await this.#latestIsPlannedDeletion(page.filter((name) => this.#planned.has(name)));
      for (const name of page) {
        if (this.#seen.has(name) || deletedByPlan.has(name)) continue;
        out.push(name);
        if (out.length === limit) return out;
      }
      if (page.length < limit) return out;
      cursor = page[page.length - 1];
    }
  }
  /** Of these items, those whose latest version (stored or planned) is a deletion this plan added. */
  async #latestIsPlannedDeletion(names) {
    const out = /* @__PURE__ */ new Set();
    if (names.length === 0) return out;
    for (const [name, versions] of await this.loadVersions(names)) {
      let latest;
      for (const v of versions) if (!latest || v.validFrom > latest.validFrom || v.validFrom === latest.validFrom && v.versionId > latest.versionId) latest = v;
      if (latest && latest.deleted && latest.versionId > PLANNED_ID_BASE) out.add(name);
    }
    return out;
  }
};

// src/backends/simpledb/history.ts
function watermarkSourceId(domain) {
  return `sdb:${domain}`;
}
async function* stateAsOf(history, domain, time) {
  const ms = typeof time === "string" ? Date.parse(time) : time.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`stateAsOf: "${String(time)}" is not a time`);
  const domainHistory = await history.existingDomain(domain);
  if (!domainHistory) return;
  for await (const item of domainHistory.stateAsOf(ms)) {
    if (item.damage === void 0 && contentHash(item.attributes) !== item.hash) {
      yield { ...item, attributes: emptyNameMap(), damage: "its attributes do not hash to its recorded content hash (the row changed after it was written)" };
    } else yield item;
  }
}

// src/simpledb/convention.ts
function formatStamp(date) {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new RangeError("formatStamp: invalid date");
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`formatStamp: year ${year} has no fixed-width form`);
  return date.toISOString();
}

// src/backends/simpledb/batcher.ts
function describeError(err) {
  if (!(err instanceof Error)) return String(err);
  const code = err.code;
  return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}
function inNameOrder(candidates) {
  for (let i = 1; i < candidates.length; i++) if (compareKeys(candidates[i - 1].itemName, candidates[i].itemName) >= 0) return false;
  return true;
}
var MAX_REMEMBERED_COLUMNS = 1e4;
var WRITERS = 3;
var NOTHING_STORED = /* @__PURE__ */ new Map();
var MAX_BATCH_BYTES = 8 * 1024 * 1024;
function candidateBytes(c) {
  let bytes = 2 * c.itemName.length + 64;
  if (c.kind === "item") {
    for (const name in c.attributes) {
      bytes += 2 * name.length + 32;
      for (const value of c.attributes[name]) bytes += 2 * value.length + 16;
    }
  }
  return bytes;
}
var Batcher = class {
  #job;
  #tables;
  #result;
  #markSeen;
  #historyEmptyAtStart;
  /** The greatest item name (byte order) of the batches written so far (historyEmptyAtStart only). */
  #highestWritten;
  #pending = [];
  /** candidateBytes of #pending. */
  #pendingBytes = 0;
  /** The batches sent in turn on #writers, the last ones (at most one a writer), oldest first. */
  #flights = [];
  /** How many batches were sent in turn: the next one goes on writer #turn modulo their number. */
  #turn = 0;
  /** The target and the concurrent writers it gave so far, up to WRITERS (see #writersForTurn). */
  #writers;
  /** Set when the target gave no further writer: no more are asked for. */
  #noMoreWriters = false;
  /** Attribute names already passed to ensureColumns (their columns exist). */
  #ensured = /* @__PURE__ */ new Set();
  constructor(job, tables, result, options) {
    this.#job = job;
    this.#tables = tables;
    this.#writers = [tables];
    this.#result = result;
    this.#markSeen = options.markSeen;
    this.#historyEmptyAtStart = options.historyEmptyAtStart === true;
  }
  async add(c) {
    const bytes = candidateBytes(c);
    if (this.#pending.length > 0 && this.#pendingBytes + bytes > MAX_BATCH_BYTES) await this.#write();
    this.#pending.push(c);
    this.#pendingBytes += bytes;
    if (this.#pending.length >= this.#job.config.batchSize) await this.#write();
  }
  /** Writes what is pending and waits until every batch is committed. */
  async flush() {
    await this.#write();
    await this.finish();
  }
  /** Writes what is pending as one batch; it may still be in flight when this returns (see finish). */
  async #write() {
    if (this.#pending.length === 0) return;
    const candidates = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    const lookupFree = this.#nothingStored(candidates);
    if (!lookupFree) await this.finish();
    const known = lookupFree ? NOTHING_STORED : await this.#tables.loadVersions(candidates.map((c) => c.itemName));
    let remaining = candidates;
    let plan = planBatch(remaining, known, this.#job.runStart);
    const confirmed = /* @__PURE__ */ new Set();
    const itemReads = /* @__PURE__ */ new Map();
    for (; ; ) {
      const deletions = plan.versions.filter((v) => v.deleted);
      const refuted = /* @__PURE__ */ new Set();
      for (const c of deletions.length > 0 ? remaining : []) {
        if (c.kind !== "tombstone" || confirmed.has(c)) continue;
        if (!deletions.some((v) => v.itemName === c.itemName && v.validFrom === c.deletedAt)) continue;
        if (await this.#deletionConfirmed(c, known.get(c.itemName) ?? [], itemReads)) confirmed.add(c);
        else refuted.add(c);
      }
      if (refuted.size === 0) break;
      this.#result.tombstonesSkipped += refuted.size;
      remaining = remaining.filter((c) => !refuted.has(c));
      plan = planBatch(remaining, known, this.#job.runStart);
    }
    await this.#ensureColumns(plan);
    if (this.#historyEmptyAtStart) {
      for (const c of candidates) if (this.#highestWritten === void 0 || compareKeys(c.itemName, this.#highestWritten) > 0) this.#highestWritten = c.itemName;
    }
    const seen = this.#markSeen ? candidates.map((c) => c.itemName) : void 0;
    const job = this.#job;
    const batch = ++job.batches;
    const testHook = job.beforeCommit;
    const hook = testHook ? () => testHook({ domain: job.domain, batch, versions: plan.versions.length }) : void 0;
    const content = { runId: job.runId, versions: plan.versions, current: plan.current, ...seen ? { seen } : {} };
    if (!lookupFree || !inNameOrder(candidates)) {
      await this.finish();
      await this.#tables.writeBatch(content, hook ? { beforeCommit: hook } : {});
      this.#count(plan);
      return;
    }
    const writers = await this.#writersForTurn();
    const sameWriter = this.#flights.length >= writers.length ? this.#flights[this.#flights.length - writers.length] : void 0;
    if (sameWriter) {
      try {
        await sameWriter;
      } catch (err) {
        await this.finish().catch(() => void 0);
        throw err;
      }
    }
    const before = this.#flights[this.#flights.length - 1];
    const writer = writers[this.#turn++ % writers.length];
    const beforeCommit = async () => {
      if (before) await before;
      await hook?.();
    };
    const write = writer.writeBatch(content, { beforeCommit }).then(() => this.#count(plan));
    write.catch(() => void 0);
    this.#flights.push(write);
    if (this.#flights.length > writers.length) this.#flights.shift();
  }
  /**
   * Waits until no batch is in flight; throws the first failure among them (a failure makes every
   * batch after it fail too, at its commit, but a batch can also fail by itself, before the ones
   * ahead of it have ended: all are waited for). Call it before leaving on an error: nothing of a
   * batcher may still be writing when its domain is reported.
   */
  async finish() {
    if (this.#flights.length === 0) return;
    const flights = [...this.#flights];
    const settled = await Promise.allSettled(flights);
    this.#flights = this.#flights.filter((f) => !flights.includes(f));
    const failed = settled.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
  }
  /**
   * The writers the next batch (#turn, counted from 0) chooses among, in turn: the target's own,
   * then each concurrent writer asked for when the turn first comes to it, so a first run of one
   * batch opens no connection it does not use. A writer not given ends the list.
   */
  async #writersForTurn() {
    const writers = this.#writers;
    if (this.#turn === writers.length && writers.length < WRITERS && !this.#noMoreWriters) {
      const writer = await this.#tables.concurrentWriter?.(writers.length - 1);
      if (writer === void 0) this.#noMoreWriters = true;
      else writers.push(writer);
    }
    return writers;
  }
  /** Columns for the batch's attribute names; DDL waits until no batch is in flight (it would wait on their transactions anyway). */
  async #ensureColumns(plan) {
    const fresh = /* @__PURE__ */ new Set();
    for (const v of plan.current.values()) if (v.attributes) {
      for (const n of Object.keys(v.attributes)) if (!this.#ensured.has(n)) fresh.add(n);
    }
    if (fresh.size === 0) return;
    await this.finish();
    await this.#tables.ensureColumns(fresh);
    for (const n of fresh) if (this.#ensured.size < MAX_REMEMBERED_COLUMNS) this.#ensured.add(n);
  }
  #count(plan) {
    for (const v of plan.versions) {
      if (v.deleted) this.#result.tombstones++;
      else this.#result.versionsWritten++;
    }
    this.#result.unchangedSkipped += plan.unchanged + plan.duplicates;
    this.#result.tombstonesSkipped += plan.tombstonesSkipped;
  }
  /** Whether none of these items can have a stored version (see BatcherOptions.historyEmptyAtStart). */
  #nothingStored(candidates) {
    if (!this.#historyEmptyAtStart) return false;
    const highest = this.#highestWritten;
    if (highest === void 0) return true;
    for (const c of candidates) if (compareKeys(c.itemName, highest) <= 0) return false;
    return true;
  }
  /**
   * Whether a tombstone stands: a scan's, when the item is gone; a delete-log entry's, by its state.
   * An item still there with an older stamp, or none, was not deleted (the delete-log entry is
   * written before the delete, so a failed delete leaves such an entry).
   */
  async #deletionConfirmed(c, stored, itemReads) {
    let read = itemReads.get(c.itemName);
    if (!read) itemReads.set(c.itemName, read = this.#job.client.getAttributes({ DomainName: this.#job.domain, ItemName: c.itemName, ConsistentRead: true }));
    const out = await read;
    const gone = out.Attributes.length === 0;
    if (c.origin === "scan") return gone;
    if (c.logState === "pending") return this.#pendingEntryStands(c, gone, stored);
    if (gone) return true;
    const stamps = out.Attributes.filter((a) => a.Name === this.#job.config.stampAttribute);
    const stampMs = stamps.length === 1 ? parseStamp(stamps[0].Value) : void 0;
    return stampMs !== void 0 && stampMs > c.deletedAt;
  }
  /**
   * A `pending` entry (not marked done: its writer stopped, failed to mark it, or has not finished)
   * may be a delete that never happened, and a deletion recorded from it would leave a live item
   * out of every restore between the entry and the item's next known life. It stands only with no
   * sign of life after it: the item gone now, no version of it in the history from after the entry
   * (a run before saw it live, or deleted, since), and no later log entry for it (a later delete,
   * the usual retry of a failed one, is then the deletion). Otherwise the item's own later versions
   * and deletions say what happened; at worst its old version shows a while longer (nothing lost).
   */
  async #pendingEntryStands(c, gone, stored) {
    let why;
    if (!gone) why = "the item is still there";
    else if (stored.some((v) => v.validFrom > c.deletedAt)) why = "a later version of the item is backed up";
    else if (await this.#laterLogEntry(c)) why = "the log has a later entry for the item";
    if (why === void 0) return true;
    this.#job.log(`${this.#job.domain}: the delete-log entry for item ${JSON.stringify(c.itemName)} of ${new Date(c.deletedAt).toISOString()} is not marked done (its writer stopped, or could not mark it), and ${why}: no deletion recorded from it`);
    return false;
  }
  /** Whether the delete log holds an entry for the same item dated after this one (a consistent Select, a pending entry's only). */
  async #laterLogEntry(c) {
    const { config, domain } = this.#job;
    const after = quoteValue(formatStamp(new Date(c.deletedAt)));
    const later = `(${quoteName(DELETE_LOG_ATTRIBUTES.deletedAt)} > ${after} or ${quoteName(config.stampAttribute)} > ${after})`;
    const other = c.entryName === void 0 ? "" : ` and itemName() != ${quoteValue(c.entryName)}`;
    const expression = `select itemName() from ${quoteName(config.deleteLogDomain)} where ${quoteName(DELETE_LOG_ATTRIBUTES.domain)} = ${quoteValue(domain)} and ${quoteName(DELETE_LOG_ATTRIBUTES.itemName)} = ${quoteValue(c.itemName)} and ${later}${other} limit 1`;
    for await (const entry of selectItems(this.#job.client, { SelectExpression: expression, ConsistentRead: true })) {
      void entry;
      return true;
    }
    return false;
  }
};

// src/backends/simpledb/read-ahead.ts
async function* readAhead(source, depth) {
  const iterator = source[Symbol.asyncIterator]();
  const ahead = [];
  let ended = false;
  const pull = () => {
    const next = iterator.next();
    next.catch(() => void 0);
    ahead.push(next);
  };
  try {
    for (let i = 0; i < Math.max(1, depth); i++) pull();
    for (; ; ) {
      let result;
      try {
        result = await ahead.shift();
      } catch (err) {
        ended = true;
        throw err;
      }
      if (result.done) {
        ended = true;
        return;
      }
      pull();
      yield result.value;
    }
  } finally {
    if (!ended) void iterator.return?.()?.catch(() => void 0);
  }
}
function begun(source) {
  const first = source.next();
  first.catch(() => void 0);
  return (async function* () {
    let delegated = false;
    try {
      const result = await first;
      if (result.done) return;
      yield result.value;
      delegated = true;
      yield* source;
    } finally {
      if (!delegated) void source.return(void 0).catch(() => void 0);
    }
  })();
}

// src/backends/simpledb/read.ts
var PAGE_LIMIT = 2500;
function isNoSuchDomain(error) {
  return error instanceof SimpleDbError && error.code === "NoSuchDomain";
}
async function* domainItems(client, domain, signal) {
  const scan = new AbortController();
  const stop = () => scan.abort(signal?.reason);
  if (signal?.aborted) stop();
  else signal?.addEventListener("abort", stop, { once: true });
  try {
    for await (const page of paginateSelect(client, { SelectExpression: `select * from ${quoteName(domain)} limit ${PAGE_LIMIT}`, ConsistentRead: true }, { signal: scan.signal }, { prefetch: true })) {
      for (const item of page.Items) yield { name: item.Name, attributes: canonicalAttributes(item.Attributes) };
    }
  } catch (error) {
    if (!isNoSuchDomain(error)) throw error;
  } finally {
    signal?.removeEventListener("abort", stop);
    scan.abort(new Error(`the read of ${domain} stopped`));
  }
}
var ItemsAsRead = class {
  #items = /* @__PURE__ */ new Map();
  get size() {
    return this.#items.size;
  }
  has(name) {
    return this.#items.has(name);
  }
  keys() {
    return this.#items.keys();
  }
  /** The item's attributes (a new null-prototype object each time), or undefined. */
  get(name) {
    const text = this.#items.get(name);
    if (text === void 0) return void 0;
    const attributes = emptyNameMap();
    for (const [attribute, values] of JSON.parse(text)) attributes[attribute] = values;
    return attributes;
  }
  set(name, attributes) {
    this.#items.set(` ${name}`.slice(1), JSON.stringify(Object.entries(attributes)));
  }
};
async function readDomain(client, domain) {
  const items = new ItemsAsRead();
  for await (const item of domainItems(client, domain)) items.set(item.name, item.attributes);
  return items;
}

// src/backends/simpledb/delete-log-read.ts
var DeleteLogRead = class {
  #client;
  #select;
  /** Aborted on every way out of the domain: nothing of the log stays in flight. */
  #abort = new AbortController();
  #firstPage;
  /** `since`: the run's window starts there (undefined: the whole log); `early`: ask for the first page now. */
  constructor(client, logDomain, domain, stampAttribute, since, early) {
    this.#client = client;
    const log = quoteName(logDomain);
    const stamp = quoteName(stampAttribute);
    const ofDomain = `${quoteName(DELETE_LOG_ATTRIBUTES.domain)} = ${quoteValue(domain)}`;
    this.#select = {
      SelectExpression: since === void 0 ? `select * from ${log} where ${ofDomain} limit ${PAGE_LIMIT}` : `select * from ${log} where ${ofDomain} and ${stamp} >= ${quoteValue(since)} order by ${stamp} limit ${PAGE_LIMIT}`,
      ConsistentRead: true
    };
    this.#firstPage = early ? client.select(this.#select, { signal: this.#abort.signal }) : void 0;
    this.#firstPage?.catch(() => void 0);
  }
  /** The entries, once the scan is done: the early page when it was the whole log, else the whole log read now. */
  async *entries() {
    if (this.#firstPage) {
      const page = await this.#firstPage;
      if (!page.NextToken) {
        yield* page.Items;
        return;
      }
    }
    yield* selectItems(this.#client, this.#select, { signal: this.#abort.signal });
  }
  abort(reason) {
    this.#abort.abort(reason);
  }
};

// src/backends/simpledb/domain-sessions.ts
async function withDomainSessions(history, items, atOnce, work, stopped) {
  let next = 0;
  const takeItems = async (store, session) => {
    while (next < items.length && !stopped()) {
      const failed2 = await work(items[next++], store);
      if (failed2 && session && !await session.alive()) return;
    }
  };
  const sessions = [];
  const workers = [takeItems(history)];
  const extra = Math.min(atOnce, items.length) - 1;
  for (let i = 0; i < extra && history.domainSession !== void 0; i++) {
    workers.push(
      (async () => {
        const session = await history.domainSession();
        if (session === void 0) return;
        sessions.push(session);
        await takeItems(session, session);
      })()
    );
  }
  const ended = await Promise.allSettled(workers);
  await Promise.allSettled(sessions.map((s) => s.close()));
  const failed = ended.find((e) => e.status === "rejected");
  if (failed) throw failed.reason;
}

// src/backends/simpledb/backup.ts
var SimpleDbBackupError = class extends Error {
  result;
  constructor(message, result, options) {
    super(message, options);
    this.name = "SimpleDbBackupError";
    this.result = result;
  }
};
var PAGES_AHEAD = 2;
var DOMAIN_CHECKS_AT_ONCE = 8;
async function runSimpleDbBackup(config, deps) {
  validateSimpleDbBackupConfig(config);
  const log = deps.log ?? (() => void 0);
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const runId = (deps.newRunId ?? randomUUID)();
  const runStart = now().getTime();
  const planOnly = config.dryRun === true;
  const result = { runId, dryRun: planOnly, startedAt: toStamp(runStart), finishedAt: "", domains: [], watermarks: {} };
  const { history } = deps;
  log(`history store: ${history.description}`);
  const checks = new AbortController();
  const privileges = handled(history.checkPrivileges());
  const domainsFound = handled(resolveDomains(deps.client, config, log, checks.signal));
  const deleteLogFound = handled(domainExists(deps.client, config.deleteLogDomain, config, checks.signal));
  let domains;
  let hasDeleteLog;
  try {
    await privileges;
    domains = await domainsFound;
    hasDeleteLog = await deleteLogFound;
  } catch (err) {
    checks.abort(new Error("a check before the backup failed"));
    throw err;
  }
  if (!hasDeleteLog) log(`delete-log domain "${config.deleteLogDomain}" does not exist: deletions are found by full scans only`);
  if (planOnly) log("plan only (dry run): nothing is written to MySQL, no watermark is saved");
  else if (!await history.lock()) {
    throw new ConfigError("mysql-table-prefix", `another backup into ${config.mysql.database} with table prefix "${config.tablePrefix}" is running; wait for it or use another prefix`);
  }
  try {
    if (!planOnly) {
      await history.ensureSchema();
      const settled = await history.settleInterruptedRuns(runStart);
      if (settled > 0) log(`${settled} run row(s) left "running" by an interrupted run marked failed; this run redoes their work`);
    }
    const stored = await history.readWatermarks();
    const jobs = domains.map((domain) => ({ domain, previous: trustedWatermark(stored.get(domain), runStart, domain, log) }));
    const done = /* @__PURE__ */ new Map();
    let connectionLost;
    const backUp = async (job, store) => {
      const domainResult = await backupDomain({
        config,
        client: deps.client,
        history: store,
        domain: job.domain,
        runId,
        runStart,
        previous: job.previous,
        hasDeleteLog,
        log,
        status: deps.status,
        now,
        planOnly,
        ...deps.beforeCommit ? { beforeCommit: deps.beforeCommit } : {},
        batches: 0
      });
      done.set(job.domain, domainResult);
      if (domainResult.connectionLost) connectionLost ??= `the MySQL connection was lost while backing up ${job.domain}`;
      return domainResult.error !== void 0;
    };
    const stopped = () => connectionLost !== void 0;
    await withDomainSessions(history, jobs, planOnly ? 1 : config.domainsAtOnce ?? DEFAULTS.domainsAtOnce, backUp, stopped);
    const failures = [];
    for (const { domain } of jobs) {
      const domainResult = done.get(domain);
      if (domainResult === void 0) {
        failures.push(`${domain}: not backed up (${connectionLost ?? "the run stopped"})`);
        continue;
      }
      result.domains.push(domainResult);
      if (domainResult.error) failures.push(`${domain}: ${domainResult.error}`);
      if (domainResult.watermarkAfter) result.watermarks[watermarkSourceId(domain)] = domainResult.watermarkAfter;
    }
    result.finishedAt = toStamp(now().getTime());
    if (!planOnly && deps.watermarkStore && Object.keys(result.watermarks).length > 0) {
      await deps.watermarkStore.save(result.watermarks).catch((err) => log(`watermark store ${deps.watermarkStore.name}: not saved (${err.message})`));
    }
    if (failures.length > 0) {
      throw new SimpleDbBackupError(`SimpleDB ${planOnly ? "backup plan" : "backup"} failed for ${failures.length} domain(s): ${failures.join("; ")}`, result);
    }
    return result;
  } finally {
    if (!planOnly) await history.unlock().catch(() => void 0);
  }
}
function trustedWatermark(previous, runStart, domain, log) {
  const w = previous?.watermark;
  if (previous === void 0 || w === void 0) return previous;
  const ms = parseStamp(w);
  if (ms !== void 0 && ms <= runStart) return previous;
  log(`${domain}: the stored watermark ${JSON.stringify(w)} is ${ms === void 0 ? "not a valid stamp" : "in the future"}; reading every stamped item instead (nothing is skipped)`);
  return { watermark: void 0 };
}
async function resolveDomains(client, config, log, signal) {
  if (config.domains === "all") {
    const all = [];
    try {
      for await (const d of paginateListDomains(client)) if (d !== config.deleteLogDomain) all.push(d);
    } catch (err) {
      throw simpleDbAccessError(err, config);
    }
    log(`simpledb-domains=all: ${all.length} domain(s)`);
    return all;
  }
  const slots = new Slots(DOMAIN_CHECKS_AT_ONCE);
  const asked = config.domains.map(
    (d) => handled(
      (async () => {
        await slots.acquire();
        try {
          signal.throwIfAborted();
          return await domainExists(client, d, config, signal);
        } finally {
          slots.release();
        }
      })()
    )
  );
  const found = [];
  for (const answer of asked) found.push(await answer);
  const missing = config.domains.filter((_, i) => !found[i]);
  if (missing.length > 0) {
    throw new ConfigError(
      "simpledb-domains",
      `domain(s) ${missing.map((d) => `"${d}"`).join(", ")} do not exist in SimpleDB${config.simpledb.endpoint ? ` at ${config.simpledb.endpoint}` : config.simpledb.region ? ` in ${config.simpledb.region}` : ""}; check the names and simpledb-region`
    );
  }
  return config.domains;
}
async function domainExists(client, domain, config, signal) {
  try {
    await client.domainMetadata({ DomainName: domain }, signal ? { signal } : {});
    return true;
  } catch (err) {
    if (err instanceof SimpleDbError && err.code === "NoSuchDomain") return false;
    throw simpleDbAccessError(err, config);
  }
}
function simpleDbAccessError(err, config) {
  if (err instanceof SimpleDbError && (err.code === "AuthFailure" || err.statusCode === 403)) {
    return Object.assign(
      new ConfigError("simpledb-region", `SimpleDB refused the credentials (${err.code}: ${err.message}); check the AWS credentials and that they allow sdb:Select, sdb:DomainMetadata, sdb:ListDomains and sdb:GetAttributes`),
      { cause: err }
    );
  }
  if (err instanceof SimpleDbError && (err.code === "NetworkError" || err.code === "RequestTimeout")) {
    return Object.assign(
      new ConfigError("simpledb-endpoint", `cannot reach SimpleDB${config.simpledb.endpoint ? ` at ${config.simpledb.endpoint}` : ""} (${err.message}); check simpledb-endpoint / simpledb-region`),
      { cause: err }
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}
function domainMode(config, previous) {
  return config.fullScan === "always" || config.fullScan === "auto" && previous === void 0 ? "full" : "incremental";
}
async function backupDomain(job) {
  const { config, client, history, domain, runId, runStart, log, now } = job;
  const started = now().getTime();
  const watermarkBefore = job.previous?.watermark;
  const mode = domainMode(config, job.previous);
  const r = {
    domain,
    mode,
    itemsRead: 0,
    deleteLogEntriesRead: 0,
    versionsWritten: 0,
    tombstones: 0,
    unchangedSkipped: 0,
    tombstonesSkipped: 0,
    watermarkBefore,
    watermarkAfter: watermarkBefore,
    durationMs: 0,
    tables: { current: "", history: "", versions: "" }
  };
  const counts = () => ({ itemsRead: r.itemsRead, versionsWritten: r.versionsWritten, tombstones: r.tombstones, unchanged: r.unchangedSkipped });
  const since = readFrom(watermarkBefore, config.overlapMs);
  let highest;
  const stamp = quoteName(config.stampAttribute);
  const from = quoteName(domain);
  const itemsExpression = mode === "full" ? `select * from ${from} limit ${PAGE_LIMIT}` : since === void 0 ? `select * from ${from} where ${stamp} is not null limit ${PAGE_LIMIT}` : `select * from ${from} where ${stamp} >= ${quoteValue(since)} order by ${stamp} limit ${PAGE_LIMIT}`;
  const scan = new AbortController();
  const progress = new ProgressLine({ info: log, status: job.status }, domain, { now: () => now().getTime() });
  const pages = begun(readAhead(candidatePages(client, itemsExpression, config.stampAttribute, scan.signal), PAGES_AHEAD));
  const deleteLogRead = new DeleteLogRead(client, config.deleteLogDomain, domain, config.stampAttribute, since, job.hasDeleteLog && mode === "incremental");
  try {
    let tables;
    if (job.planOnly) {
      const planned = await history.planDomain(domain);
      tables = new PlannedHistory(planned.existing, planned.tables);
    } else {
      tables = await history.openDomain(domain);
    }
    r.tables = { ...tables.tables };
    log(`${domain}: ${job.planOnly ? "plan of a " : ""}${mode === "full" ? "full scan" : `incremental from ${since ?? "the beginning"}`} (watermark ${watermarkBefore ?? "none"}) -> ${tables.tables.current}`);
    if (!job.planOnly) await history.startRun({ runId, domain, mode, startedAt: started, watermarkBefore });
    const historyEmptyAtStart = watermarkBefore === void 0 && (await tables.historyItemsAfter(void 0, 1)).length === 0;
    const liveAtStart = mode === "full" && (await tables.liveItemsAfter(void 0, 1)).length > 0;
    const batcher = new Batcher(job, tables, r, { markSeen: liveAtStart, historyEmptyAtStart });
    try {
      for await (const page of pages) {
        for (const c of page) {
          r.itemsRead++;
          if (c.stamp !== null) highest = maxStamp(highest, c.stamp);
          await batcher.add(c);
        }
        progress.update(() => ({ done: r.itemsRead, unit: "items read", bytes: 0, detail: `${count(r.versionsWritten, "version")} written, ${number(r.unchangedSkipped)} unchanged` }));
      }
      progress.update(() => ({ done: r.itemsRead, unit: "items read", bytes: 0 }), true);
      await batcher.flush();
    } finally {
      scan.abort(new Error(`the scan of ${domain} stopped`));
      await batcher.finish().catch(() => void 0);
    }
    if (job.hasDeleteLog) {
      const deleteLog = deleteLogRead.entries();
      const tombstones = new Batcher(job, tables, r, { markSeen: false });
      for await (const entry of deleteLog) {
        const c = deleteLogCandidate(entry, domain, config.stampAttribute);
        if (!c) continue;
        r.deleteLogEntriesRead++;
        const entryStamp = entry.Attributes.find((a) => a.Name === config.stampAttribute)?.Value;
        if (parseStamp(entryStamp) !== void 0) highest = maxStamp(highest, entryStamp);
        await tombstones.add(c);
      }
      await tombstones.flush();
    }
    if (liveAtStart) {
      const scanDeletes = new Batcher(job, tables, r, { markSeen: false });
      let after;
      for (; ; ) {
        const unseen = await tables.unseenItems(runId, after, 500);
        for (const name of unseen) await scanDeletes.add({ kind: "tombstone", itemName: name, deletedAt: runStart, origin: "scan" });
        await scanDeletes.flush();
        if (unseen.length < 500) break;
        after = unseen[unseen.length - 1];
      }
      if (!job.planOnly) await history.clearSeen(runId, domain);
    }
    r.watermarkAfter = nextWatermark(watermarkBefore, highest, toStamp(runStart));
    r.durationMs = now().getTime() - started;
    if (!job.planOnly) await history.finishRun({ runId, domain, finishedAt: now().getTime(), watermarkAfter: r.watermarkAfter, counts: counts() });
    log(
      `${domain}: ${job.planOnly ? "would write: " : ""}${number(r.itemsRead)} read, ${count(r.versionsWritten, "version")}, ${count(r.tombstones, "tombstone")}, ${number(r.unchangedSkipped)} unchanged; watermark ${r.watermarkBefore ?? "none"} -> ${r.watermarkAfter ?? "none"} (${r.durationMs} ms)`
    );
  } catch (err) {
    scan.abort(new Error(`the backup of ${domain} failed`));
    deleteLogRead.abort(new Error(`the backup of ${domain} failed`));
    r.connectionLost = history.isConnectionLost(err);
    const kept = "the batch being written was rolled back as one transaction, the batches committed before it stay, and the watermark did not move; run the backup again to finish (it redoes the window without duplicating a version)";
    const message = r.connectionLost ? `the MySQL connection was lost (${describeError(err)}): ${kept}` : history.domainConnectionLost?.(err) ? `the MySQL connection this domain was written on (one of the domains-at-once sessions) was lost (${describeError(err)}): ${kept}; the other domains went on` : describeError(err);
    r.error = message;
    r.watermarkAfter = watermarkBefore;
    r.durationMs = now().getTime() - started;
    log(`${domain}: failed after ${r.itemsRead} items (${message}); watermark stays ${watermarkBefore ?? "none"}`);
    if (!job.planOnly && !r.connectionLost) await history.failRun({ runId, domain, finishedAt: now().getTime(), error: message, counts: counts() }).catch(() => void 0);
  }
  deleteLogRead.abort(new Error(`the backup of ${domain} ended`));
  return r;
}
var CANDIDATES_PER_TURN = 250;
async function* candidatePages(client, expression, stampAttribute, signal) {
  for await (const page of paginateSelect(client, { SelectExpression: expression, ConsistentRead: true }, { signal }, { prefetch: true })) {
    const candidates = [];
    for (const item of page.Items) {
      if (candidates.length > 0 && candidates.length % CANDIDATES_PER_TURN === 0) await nextTurn();
      candidates.push(itemCandidate(item, stampAttribute));
    }
    yield candidates;
  }
}

// src/backends/simpledb/open.ts
async function withMySqlHistory(config, options, work) {
  const { openMySqlHistoryStore } = await import("./store-VC2RANRH.js");
  const history = await openMySqlHistoryStore(config.mysql, { tablePrefix: config.tablePrefix, ...options.log ? { log: options.log } : {} });
  try {
    return await work(history);
  } finally {
    await history.close().catch(() => void 0);
  }
}

// src/backends/simpledb/restore-plan.ts
var MAX_PAIRS = 256;
function planItemRestore(atT, current) {
  if (atT.damage !== void 0) return { action: "refuse", damage: atT.damage };
  if (current && contentHash(current) === atT.hash) return { action: "keep" };
  if (!current) return { action: "put", extraAttributes: [], afterRemovals: false };
  const extraAttributes = Object.keys(current).filter((name) => !(name in atT.attributes));
  const pairsWhilePut = pairCount(atT.attributes) + extraAttributes.reduce((n, name) => n + current[name].length, 0);
  return { action: "put", extraAttributes, afterRemovals: pairsWhilePut > MAX_PAIRS };
}
function itemsAbsentAtT(targetItems, selected, existedAtT) {
  const absent = [];
  for (const name of targetItems) if (selected(name) && !existedAtT(name)) absent.push(name);
  return absent.sort(compareKeys);
}
function without(attributes, names) {
  if (!names || names.length === 0) return attributes;
  const out = emptyNameMap();
  for (const [name, values] of Object.entries(attributes)) if (!names.includes(name)) out[name] = values;
  return out;
}
function pairCount(attributes) {
  let n = 0;
  for (const values of Object.values(attributes)) n += values.length;
  return n;
}
function finalCheck(name, attributes, wantedHash, rules) {
  if (wantedHash !== void 0) return contentHash(attributes) === wantedHash ? "verified" : "mismatch";
  return rules.live && rules.selected(name) && !rules.damagedAtT(name) ? "mismatch" : "ignored";
}
function planUndo(touched, before, now) {
  const steps = [];
  for (const name of [...touched].sort(compareKeys)) {
    const was = before.get(name);
    const is = now.get(name);
    if (!was) {
      if (is) steps.push({ kind: "remove-item", name });
      continue;
    }
    if (is && contentHash(is) === contentHash(was)) continue;
    steps.push({ kind: "put-back", name, removeAttributes: is ? Object.keys(is).filter((n) => !(n in was)) : [], attributes: was });
  }
  return steps;
}

// src/backends/simpledb/target-writer.ts
var MAX_BATCH_BYTES2 = 512 * 1024;
function pairsOf(attributes) {
  return Object.entries(attributes).flatMap(([Name, values]) => values.map((Value) => ({ Name, Value, Replace: true })));
}
function itemBytes(name, attributes) {
  let bytes = Buffer.byteLength(name) + 64;
  for (const [n, values] of Object.entries(attributes)) for (const v of values) bytes += Buffer.byteLength(n) + Buffer.byteLength(v) + 96;
  return bytes;
}
var CALLS_AT_ONCE = 8;
var TargetWriter = class {
  constructor(client, target, batchSize, touched, counts, beforeBatch, callsAtOnce = CALLS_AT_ONCE) {
    this.client = client;
    this.target = target;
    this.batchSize = batchSize;
    this.touched = touched;
    this.counts = counts;
    this.beforeBatch = beforeBatch;
    this.callsAtOnce = callsAtOnce;
  }
  client;
  target;
  batchSize;
  touched;
  counts;
  beforeBatch;
  callsAtOnce;
  #puts = [];
  #putBytes = 0;
  #attributeDeletes = [];
  #itemDeletes = [];
  #inFlight = /* @__PURE__ */ new Set();
  #inFlightKind;
  /** The first call that failed: nothing is sent after it. */
  #failure;
  async put(name, attributes) {
    this.throwIfFailed();
    const bytes = itemBytes(name, attributes);
    if (this.#puts.length >= this.batchSize || this.#puts.length > 0 && this.#putBytes + bytes > MAX_BATCH_BYTES2) await this.#sendPending();
    this.#puts.push({ Name: name, Attributes: pairsOf(attributes) });
    this.#putBytes += bytes;
  }
  async removeAttributes(name, names) {
    this.throwIfFailed();
    if (names.length === 0) return;
    if (this.#attributeDeletes.length >= this.batchSize) await this.#sendPending();
    this.#attributeDeletes.push({ Name: name, Attributes: names.map((Name) => ({ Name })) });
  }
  async removeItem(name) {
    this.throwIfFailed();
    if (this.#itemDeletes.length >= this.batchSize) await this.#sendPending();
    this.#itemDeletes.push({ Name: name });
  }
  /** Sends everything still batched and waits until every call has answered; throws the first failure. */
  async flush() {
    try {
      await this.#sendPending();
    } finally {
      await this.settle();
    }
    this.throwIfFailed();
  }
  /** Waits until no call is in flight, whatever their outcome (before the target is read again). */
  async settle() {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }
  /** The batches gathered so far, sent in the order removals, puts, deletions (see the class). */
  async #sendPending() {
    const attributeDeletes = this.#attributeDeletes;
    const puts = this.#puts;
    const itemDeletes = this.#itemDeletes;
    this.#attributeDeletes = [];
    this.#puts = [];
    this.#putBytes = 0;
    this.#itemDeletes = [];
    if (attributeDeletes.length > 0) await this.#send("remove-attributes", attributeDeletes.map((d) => d.Name), () => this.client.batchDeleteAttributes({ DomainName: this.target, Items: attributeDeletes }));
    if (puts.length > 0) await this.#send("put", puts.map((p) => p.Name), () => this.client.batchPutAttributes({ DomainName: this.target, Items: puts }));
    if (itemDeletes.length > 0) await this.#send("remove-items", itemDeletes.map((d) => d.Name), () => this.client.batchDeleteAttributes({ DomainName: this.target, Items: itemDeletes }));
  }
  /** Sends one call once the calls before it allow (see the class); returns once it is in flight. */
  async #send(kind, names, call) {
    if (this.#inFlightKind !== kind) await this.settle();
    while (this.#inFlight.size >= Math.max(1, this.callsAtOnce)) await Promise.race(this.#inFlight);
    this.throwIfFailed();
    for (const name of names) this.touched?.add(name);
    await this.beforeBatch?.(kind === "put" ? "put" : "delete", names);
    this.throwIfFailed();
    this.#inFlightKind = kind;
    const answered = call().then(
      () => {
        this.counts.batchCalls++;
      },
      (error) => {
        this.#failure ??= { error };
      }
    );
    const done = answered.finally(() => this.#inFlight.delete(done));
    this.#inFlight.add(done);
  }
  /** Throws the first call's failure, if one failed. */
  throwIfFailed() {
    if (this.#failure) throw this.#failure.error;
  }
};

// src/backends/simpledb/restore-domain.ts
var ROLLBACK_CALLS_AT_ONCE = 2;
function emptyCounts() {
  return { itemsAtT: 0, put: 0, unchanged: 0, removed: 0, attributesRemoved: 0, verified: 0, mismatched: 0, damaged: 0, batchCalls: 0 };
}
async function restoreDomain(job) {
  const { domain, target, live, options, deps } = job;
  const counts = emptyCounts();
  const result = { domain, targetDomain: target, live, counts, mismatches: [], damaged: [], planned: [], plannedLeftOut: 0 };
  const plan = (item, action) => {
    if (result.planned.length < job.listLimit) result.planned.push({ item, action });
    else result.plannedLeftOut++;
  };
  const existing = await readDomain(deps.client, target);
  const wanted = /* @__PURE__ */ new Map();
  const damagedNames = /* @__PURE__ */ new Set();
  const extras = /* @__PURE__ */ new Map();
  const deferred = /* @__PURE__ */ new Set();
  const touched = /* @__PURE__ */ new Set();
  const writer = new TargetWriter(deps.client, target, job.batchSize, touched, counts, deps.beforeBatch);
  const atT = () => stateAsOf(deps.history, domain, options.at);
  const writing = progressLine(job, `${options.dryRun ? "planning" : "restoring"} ${domain} into ${target}`);
  const showWriting = (final = false) => writing.update(() => ({ done: counts.itemsAtT, unit: "items at T read", bytes: 0, detail: `${number(counts.put)} to put, ${number(counts.unchanged)} unchanged` }), final);
  try {
    for await (const state of atT()) {
      writer.throwIfFailed();
      if (!job.selected(state.name)) continue;
      counts.itemsAtT++;
      showWriting();
      const decision = planItemRestore(state, existing.get(state.name));
      if (decision.action === "refuse") {
        counts.damaged++;
        damagedNames.add(state.name);
        if (result.damaged.length < job.listLimit) result.damaged.push({ item: state.name, damage: decision.damage });
        continue;
      }
      wanted.set(state.name, state.hash);
      if (decision.action === "keep") {
        counts.unchanged++;
        continue;
      }
      counts.put++;
      plan(state.name, "put");
      if (decision.extraAttributes.length > 0) {
        extras.set(state.name, decision.extraAttributes);
        counts.attributesRemoved += decision.extraAttributes.length;
      }
      if (options.dryRun) continue;
      if (decision.afterRemovals) deferred.add(state.name);
      else await writer.put(state.name, state.attributes);
    }
    showWriting(true);
    const absent = live ? itemsAbsentAtT(existing.keys(), job.selected, (name) => wanted.has(name) || damagedNames.has(name)) : [];
    counts.removed = absent.length;
    const deletions = absent.slice(0, job.listLimit).map((item) => ({ item, action: "delete" }));
    const puts = result.planned.slice(0, job.listLimit - deletions.length);
    result.plannedLeftOut += result.planned.length - puts.length + (absent.length - deletions.length);
    result.planned = [...deletions, ...puts];
    if (options.dryRun) return result;
    await writer.flush();
    const unverified = await verifyPuts(job, wanted, extras, deferred);
    if (unverified.length > 0) {
      result.mismatches = unverified.slice(0, job.listLimit);
      if (live) throw new RestoreError(`${unverified.length} item(s) did not read back as written (${unverified.slice(0, 5).map((n) => JSON.stringify(n)).join(", ")}): a writer changed them meanwhile, or the target does not keep what it is given`);
    } else {
      if (deferred.size > 0) {
        for await (const state of atT()) {
          if (!deferred.has(state.name)) continue;
          await writer.removeAttributes(state.name, extras.get(state.name) ?? []);
          await writer.put(state.name, state.attributes);
        }
      }
      for (const [name, names] of extras) if (!deferred.has(name)) await writer.removeAttributes(name, names);
      for (const name of absent) await writer.removeItem(name);
      await writer.flush();
    }
    await verifyFinal(job, result, wanted, damagedNames);
    if (live && counts.mismatched > 0) {
      throw new RestoreError(`${counts.mismatched} item(s) differ from their state at T after the restore (${result.mismatches.slice(0, 5).map((n) => JSON.stringify(n)).join(", ")})`);
    }
  } catch (error) {
    await writer.settle();
    if (!live || options.dryRun) throw error;
    throw await rolledBack(job, existing, touched, error);
  }
  return result;
}
function progressLine(job, label) {
  const now = job.deps.now;
  return new ProgressLine(job.deps.logger, label, now ? { now: () => now().getTime() } : {});
}
function checkProgress(job, what, total) {
  const line = progressLine(job, `${job.target}: ${what}`);
  return (checked, wrong, final = false) => line.update(() => ({ done: checked, total, unit: "items", bytes: 0, ...wrong > 0 ? { detail: `${count(wrong, "mismatch", "mismatches")}` } : {} }), final);
}
async function verifyPuts(job, wanted, extras, deferred) {
  const bad = [];
  const seen = /* @__PURE__ */ new Set();
  const checking = checkProgress(job, "checking every put", wanted.size - deferred.size);
  for await (const item of domainItems(job.deps.client, job.target)) {
    const hash2 = wanted.get(item.name);
    if (hash2 === void 0 || deferred.has(item.name)) continue;
    seen.add(item.name);
    if (contentHash(without(item.attributes, extras.get(item.name))) !== hash2) bad.push(item.name);
    checking(seen.size, bad.length);
  }
  checking(seen.size, bad.length, true);
  for (const name of wanted.keys()) if (!deferred.has(name) && !seen.has(name)) bad.push(name);
  return bad.sort(compareKeys);
}
async function verifyFinal(job, result, wanted, damagedNames) {
  const { counts } = result;
  const mismatch = (name) => {
    counts.mismatched++;
    if (result.mismatches.length < job.listLimit && !result.mismatches.includes(name)) result.mismatches.push(name);
  };
  const seen = /* @__PURE__ */ new Set();
  const rules = { live: job.live, selected: job.selected, damagedAtT: (name) => damagedNames.has(name) };
  const checking = checkProgress(job, "final check", wanted.size);
  for await (const item of domainItems(job.deps.client, job.target)) {
    const hash2 = wanted.get(item.name);
    if (hash2 !== void 0) seen.add(item.name);
    const check = finalCheck(item.name, item.attributes, hash2, rules);
    if (check === "verified") counts.verified++;
    else if (check === "mismatch") mismatch(item.name);
    checking(seen.size, counts.mismatched);
  }
  checking(seen.size, counts.mismatched, true);
  for (const name of wanted.keys()) if (!seen.has(name)) mismatch(name);
}
async function rolledBack(job, before, touched, cause) {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const head = `restoring ${job.domain} into the live domain ${job.target} failed: ${reason}`;
  if (touched.size === 0) return new RestoreError(`${head}. Nothing had been written: ${job.target} is as it was. Fix the cause and run the restore again.`, { cause });
  try {
    const now = /* @__PURE__ */ new Map();
    for await (const item of domainItems(job.deps.client, job.target)) if (touched.has(item.name)) now.set(item.name, item.attributes);
    const counts = emptyCounts();
    const writer = new TargetWriter(job.deps.client, job.target, job.batchSize, void 0, counts, void 0, ROLLBACK_CALLS_AT_ONCE);
    try {
      for (const step of planUndo(touched, before, now)) {
        if (step.kind === "remove-item") {
          await writer.removeItem(step.name);
          continue;
        }
        await writer.removeAttributes(step.name, step.removeAttributes);
        await writer.put(step.name, step.attributes);
      }
    } catch (error) {
      await writer.settle();
      throw error;
    }
    await writer.flush();
    const wrong = [];
    const readBack = /* @__PURE__ */ new Set();
    for await (const item of domainItems(job.deps.client, job.target)) {
      if (!touched.has(item.name)) continue;
      readBack.add(item.name);
      const was = before.get(item.name);
      if (!was || contentHash(item.attributes) !== contentHash(was)) wrong.push(item.name);
    }
    for (const name of touched) if (before.has(name) && !readBack.has(name)) wrong.push(name);
    if (wrong.length > 0) throw new Error(`${wrong.length} item(s) did not read back as they were (${wrong.slice(0, 5).map((n) => JSON.stringify(n)).join(", ")})`);
    return new RestoreError(
      `${head}. The ${touched.size} item(s) it had touched were put back as it found them and read back: ${job.target} is as it was. Fix the cause and run the restore again.`,
      { cause }
    );
  } catch (rollbackError) {
    const undo = job.safetyBackup ? `the safety backup (run ${job.safetyBackup.runId}) holds ${job.target} as it was: restore it as of ${job.safetyBackup.at} to put it back` : `restore ${job.target} as of a time just before this restore to put it back`;
    return new RestoreError(`${head}. Putting the touched items back failed too (${rollbackError.message}); ${undo}.`, { cause });
  }
}

// src/backends/simpledb/verify.ts
var LOOKUP_BATCH = 500;
async function runSdbVerify(options, deps) {
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const started = now();
  const listLimit = options.listLimit ?? 100;
  const known = await deps.history.backedUpDomains();
  const domains = options.domains.length > 0 ? options.domains : [...known.keys()].sort(compareKeys);
  const differences = [];
  let differenceCount = 0;
  const report = (d) => {
    differenceCount++;
    if (differences.length < listLimit) differences.push(d);
  };
  const results = [];
  for (const domain of domains) {
    const counts = { domain, liveItems: 0, backedUp: 0, notBackedUp: 0, differs: 0, deletedSinceBackup: 0, damaged: 0 };
    results.push(counts);
    if (!known.has(domain)) {
      report({ kind: "never-backed-up", domain, detail: `SimpleDB domain ${domain} has never been backed up` });
      continue;
    }
    const history = await deps.history.existingDomain(domain);
    if (!history) {
      report({ kind: "damaged", domain, detail: `SimpleDB domain ${domain} has successful backup runs recorded, but its history is gone from the database (its tables or their mapping were removed)` });
      continue;
    }
    const { liveInBackup, damaged } = await checkLatestState(deps, domain, counts, report);
    const found = await compareLiveItems(deps, history, domain, damaged, counts, report);
    counts.deletedSinceBackup = Math.max(0, liveInBackup - found);
    if (found > liveInBackup) {
      deps.logger.warn(`${domain}: the backup's history changed while verify read it (a backup running?): the count of items deleted since is approximate; run verify again`);
    }
    deps.logger.info(
      `${domain}: ${counts.liveItems} live items, ${counts.backedUp} match the backup, ${counts.notBackedUp} missing, ${counts.differs} differ, ${counts.deletedSinceBackup} deleted since, ${counts.damaged} damaged in the backup`
    );
  }
  return { ok: differenceCount === 0, domains: results, differences, differenceCount, durationMs: now().getTime() - started.getTime() };
}
async function checkLatestState(deps, domain, counts, report) {
  let liveInBackup = 0;
  const damaged = /* @__PURE__ */ new Set();
  for await (const state of stateAsOf(deps.history, domain, new Date(LATEST_VERSION_MS))) {
    if (state.damage === void 0) {
      liveInBackup++;
      continue;
    }
    counts.damaged++;
    damaged.add(state.name);
    report({ kind: "damaged", domain, item: state.name, detail: `the backup's latest version of item ${state.name} is damaged: ${state.damage}` });
  }
  return { liveInBackup, damaged };
}
async function compareLiveItems(deps, history, domain, damaged, counts, report) {
  let found = 0;
  const compare = (batch2, versions) => {
    for (const [name, attributes] of batch2) {
      const latest = latestLive(versions.get(name));
      if (latest === void 0) {
        counts.notBackedUp++;
        report({ kind: "not-backed-up", domain, item: name, detail: `item ${name} is not in the backup` });
        continue;
      }
      found++;
      if (latest.hash !== contentHash(attributes)) {
        counts.differs++;
        report({ kind: "differs", domain, item: name, detail: `item ${name} differs from its latest backed-up version` });
      } else counts.backedUp++;
    }
  };
  const scan = new AbortController();
  let lookupFailure;
  let lookup;
  const lookUp = async (batch2) => {
    await lookup;
    const pending = history.loadVersions([...batch2.keys()]).then((versions) => compare(batch2, versions));
    pending.catch((error) => {
      lookupFailure ??= { error };
      scan.abort(new Error(`a lookup in the history of ${domain} failed`));
    });
    lookup = pending;
  };
  let batch = /* @__PURE__ */ new Map();
  try {
    for await (const item of domainItems(deps.client, domain, scan.signal)) {
      if (batch.has(item.name)) continue;
      counts.liveItems++;
      if (damaged.has(item.name)) continue;
      batch.set(item.name, item.attributes);
      if (batch.size >= LOOKUP_BATCH) {
        await lookUp(batch);
        batch = /* @__PURE__ */ new Map();
      }
    }
    if (batch.size > 0) await lookUp(batch);
    await lookup;
  } catch (error) {
    throw lookupFailure ? lookupFailure.error : error;
  } finally {
    scan.abort(new Error(`the verify of ${domain} stopped`));
  }
  return found;
}
function latestLive(versions) {
  const latest = versions?.[versions.length - 1];
  return latest === void 0 || latest.deleted ? void 0 : latest;
}

// src/backends/simpledb/restore.ts
var SDB_TARGET_INPUT = "restore-target-domain";
function prunedAway(domain, at, prune) {
  if (!prune || at.getTime() >= prune.windowStart || prune.points.some((p) => p.at === at.getTime())) return void 0;
  const { before, after } = nearestPoints(prune.points.map((p) => ({ id: p.runId, at: p.at })), at.getTime());
  const nearest = [before, after].filter((p) => p !== void 0).map((p) => `${new Date(p.at).toISOString()} (run ${p.id})`);
  return `input \`restore-time\`: ${at.toISOString()} of SimpleDB domain ${domain} was pruned away (prune ${prune.pruneId}): the history restores every moment from ${new Date(prune.windowStart).toISOString()} on, and before that only its kept restore points. The nearest are ${nearest.join(" and ") || "none"}: set \`restore-time\` to one of them`;
}
function restoredDomainName(domain, at) {
  const suffix = `-restored-${compactTime(at.toISOString())}`;
  return domain.slice(0, 255 - suffix.length) + suffix;
}
async function planTargets(options, domains, deps) {
  const covered = await deps.history.domainsWithHistory();
  for (const list of [options.liveDomains, deps.backup?.domains]) if (Array.isArray(list)) for (const d of list) covered.add(d);
  const deleteLog = deps.backup?.deleteLogDomain ?? DEFAULTS.deleteLogDomain;
  const atIso = options.at.toISOString();
  const plans = [];
  for (const domain of domains) {
    const { target } = options;
    const name = target.kind === "in-place" ? domain : target.kind === "domain" ? target.name : restoredDomainName(domain, options.at);
    if (name === deleteLog) {
      throw new RestoreError(`input \`${SDB_TARGET_INPUT}\`: ${name} is the delete-log domain of the write convention; restoring items into it would record false deletions. Choose another domain`);
    }
    const live = target.kind === "in-place" || covered.has(name) || options.liveDomains === "all" && await domainExists2(deps.client, name);
    if (live && target.kind === "domain" && !target.confirmed) {
      throw new RestoreError(
        `input \`${SDB_TARGET_INPUT}\`: domain ${name} is backed up (it holds live data the backup covers): restoring ${domain} into it overwrites its items and deletes those absent at ${atIso}. Set \`confirm-in-place\` to \`${IN_PLACE_CONFIRMATION}\` to confirm (${name} is then backed up first), or name a domain the backup does not cover`
      );
    }
    if (live && target.kind === "new") {
      throw new RestoreError(
        `the default target domain ${name} is backed up (an earlier restore into it was backed up since): restoring into it would overwrite live data. Set \`${SDB_TARGET_INPUT}\` to a new domain name`
      );
    }
    plans.push({ domain, target: name, live });
  }
  return plans;
}
async function domainExists2(client, domain) {
  try {
    if (client.domainMetadata) await client.domainMetadata({ DomainName: domain });
    else await client.select({ SelectExpression: `select count(*) from ${quoteName(domain)}`, ConsistentRead: true });
    return true;
  } catch (error) {
    if (isNoSuchDomain(error)) return false;
    throw error;
  }
}
async function checkHistory(plan, options, deps, selected) {
  const damaged = [];
  let count2 = 0;
  for await (const state of stateAsOf(deps.history, plan.domain, options.at)) {
    if (state.damage === void 0 || !selected(state.name)) continue;
    count2++;
    if (damaged.length < 10) damaged.push(`${JSON.stringify(state.name)} (${state.damage})`);
  }
  if (count2 > 0) {
    throw new RestoreError(
      `the backup's history of domain ${plan.domain} at ${options.at.toISOString()} is damaged for ${count2} item(s): ${damaged.join("; ")}${count2 > damaged.length ? "; ..." : ""}. Nothing was written: a restore over the live domain ${plan.target} cannot leave those items right. Restore into a new domain to recover the intact items, or narrow the selection with \`restore-keys\` / \`restore-prefix\``
    );
  }
}
async function runSdbRestore(options, deps) {
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const started = now();
  const { logger, client, history } = deps;
  const batchSize = Math.min(options.batchSize ?? 25, 25);
  const listLimit = options.listLimit ?? 100;
  const atIso = options.at.toISOString();
  const known = await history.backedUpDomains();
  if (known.size === 0) throw new RestoreError("the MySQL backup holds no successful SimpleDB backup run: there is nothing to restore");
  const domains = options.domains.length > 0 ? options.domains : [...known.keys()].sort(compareKeys);
  for (const domain of domains) {
    const runs = known.get(domain);
    if (!runs) throw new RestoreError(`input \`restore-sources\`: SimpleDB domain ${JSON.stringify(domain)} has never been backed up; backed-up domains: ${[...known.keys()].join(", ")}`);
    if (options.at.getTime() < runs.first) {
      throw new RestoreError(
        `input \`restore-time\`: ${atIso} is before the first backup of domain ${domain} (${new Date(runs.first).toISOString()}): the backup cannot know what it held then`
      );
    }
    const pruned = prunedAway(domain, options.at, await history.latestPrune(domain));
    if (pruned) throw new RestoreError(pruned);
    if (options.at.getTime() > runs.last) logger.warn(`${domain}: ${atIso} is after the last backup run (${new Date(runs.last).toISOString()}); later changes are not in the backup`);
  }
  if (options.target.kind === "domain" && domains.length !== 1) {
    throw new RestoreError(`input \`${SDB_TARGET_INPUT}\`: a named target domain takes one source domain; select one with \`restore-sources\``);
  }
  const selected = (name) => (options.itemPrefix === void 0 || name.startsWith(options.itemPrefix)) && (options.items === void 0 || options.items.length === 0 || options.items.includes(name));
  const plans = await planTargets(options, domains, deps);
  const livePlans = plans.filter((p) => p.live);
  for (const plan of livePlans) await checkHistory(plan, options, deps, selected);
  let safetyBackup;
  if (livePlans.length > 0 && !options.dryRun) safetyBackup = await backUpLiveTargets(livePlans, deps, now);
  const results = [];
  const totals = emptyCounts();
  for (const plan of plans) {
    const result = await logger.group(`${options.dryRun ? "Planning" : "Restoring"} SimpleDB domain ${plan.domain} as of ${atIso} into ${plan.target}${plan.live ? " (live: in place)" : ""}`, async () => {
      if (!options.dryRun) {
        try {
          await client.createDomain({ DomainName: plan.target });
        } catch (error) {
          throw new RestoreError(`the restore target domain ${plan.target} cannot be created or written, nothing was restored: ${error.message}`, { cause: error });
        }
      }
      const domainResult = await restoreDomain({ ...plan, options, deps, batchSize, listLimit, selected, ...safetyBackup ? { safetyBackup } : {} });
      const c = domainResult.counts;
      logger.info(
        `${plan.domain} -> ${plan.target}: ${number(c.itemsAtT)} items at T, ${number(c.put)} ${options.dryRun ? "to write" : "written"}, ${number(c.unchanged)} already right, ${number(c.removed)} ${options.dryRun ? "to delete" : "deleted"}` + (c.damaged > 0 ? `, ${number(c.damaged)} refused (damaged history rows: ${domainResult.damaged.map((d) => d.item).join(", ")})` : "") + (options.dryRun ? "" : `; ${number(c.verified)} verified by content hash, ${number(c.mismatched)} differ`)
      );
      return domainResult;
    });
    results.push(result);
    for (const name of Object.keys(totals)) totals[name] += result.counts[name];
  }
  if (livePlans.length > 0 && !options.dryRun) await backUpRestored(livePlans, deps, now);
  const status = options.dryRun ? "dry-run" : totals.mismatched > 0 || totals.damaged > 0 ? "partial" : "complete";
  return {
    status,
    at: atIso,
    inPlace: livePlans.length > 0,
    domains: results,
    totals,
    ...safetyBackup ? { safetyBackupRunId: safetyBackup.runId } : {},
    durationMs: now().getTime() - started.getTime()
  };
}
async function backUpRestored(plans, deps, now) {
  const { logger } = deps;
  const domains = plans.map((p) => p.target);
  await logger.group("Backing up the restored items", async () => {
    try {
      const result = await fullScan(domains, deps, now);
      const failed = result.domains.filter((d) => d.error !== void 0);
      if (failed.length > 0) throw new Error(failed.map((d) => `${d.domain}: ${d.error}`).join("; "));
      logger.info(`backup run ${result.runId} after the restore: ${result.domains.map((d) => `${d.domain} ${d.versionsWritten} new versions, ${d.tombstones} tombstones`).join(", ")}`);
    } catch (error) {
      logger.warn(
        `the restore is complete, but the backup of the restored items failed (${error.message}): until a backup with \`full-scan: always\` (--full-scan always) records them, the backup holds what the restore replaced for ${domains.join(", ")}`
      );
    }
  });
}
function fullScan(domains, deps, now) {
  return runSimpleDbBackup({ ...deps.backup, domains, fullScan: "always", dryRun: false }, { client: deps.client, history: deps.history, now });
}
async function backUpLiveTargets(plans, deps, now) {
  const { client, logger } = deps;
  if (!deps.backup || !client.listDomains || !client.domainMetadata || !client.getAttributes) {
    throw new RestoreError("a restore over live data backs the target domains up first: it needs the backup configuration and a client that can read them");
  }
  const existing = [];
  for (const plan of plans) {
    try {
      await client.domainMetadata({ DomainName: plan.target });
      existing.push(plan.target);
    } catch (error) {
      if (!isNoSuchDomain(error)) throw error;
    }
  }
  if (existing.length === 0) return void 0;
  return logger.group("Backing up the live items before overwriting them", async () => {
    const result = await fullScan(existing, deps, now);
    logger.info(`safety backup run ${result.runId}: ${result.domains.map((d) => `${d.domain} ${d.versionsWritten} new versions`).join(", ")}`);
    return { runId: result.runId, at: now().toISOString() };
  });
}

// src/backends/simpledb/prune.ts
import { randomUUID as randomUUID2 } from "node:crypto";

// src/backends/simpledb/prune-plan.ts
function ordered(versions) {
  return [...versions].sort((a, b) => a.validFrom - b.validFrom || a.versionId - b.versionId);
}
function stateAt(versions, at) {
  let latest;
  for (const v of versions) if (v.validFrom <= at) latest = v;
  return latest && !latest.deleted ? latest.versionId : void 0;
}
function pruneItem(history, instants, windowStart) {
  const versions = ordered(history);
  if (versions.length === 0 || windowStart === Number.NEGATIVE_INFINITY) return { remove: [], kept: versions.length };
  const before = instants.filter((at) => at < windowStart);
  const keep = versions.map((v, i) => {
    const until = versions[i + 1]?.validFrom ?? Number.POSITIVE_INFINITY;
    return v.validFrom >= windowStart || until > windowStart || before.some((at) => v.validFrom <= at && at < until);
  });
  let previousLive = false;
  versions.forEach((v, i) => {
    if (!keep[i]) return;
    if (v.deleted && !previousLive) keep[i] = false;
    else previousLive = !v.deleted;
  });
  keep[versions.length - 1] = keep[versions.length - 1] || !versions[versions.length - 1].deleted;
  const kept = versions.filter((_, i) => keep[i]);
  const probes = [...before, windowStart, ...versions.flatMap((v) => v.validFrom >= windowStart ? [v.validFrom, v.validFrom + 1] : [])];
  if (!probes.every((at) => stateAt(kept, at) === stateAt(versions, at))) return { remove: [], kept: versions.length };
  return { remove: versions.filter((_, i) => !keep[i]).map((v) => v.versionId), kept: kept.length };
}

// src/backends/simpledb/prune.ts
async function runSdbPrune(options, deps) {
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const started = now();
  const { history, logger } = deps;
  const pruneId = randomUUID2();
  logger.info(`history store: ${history.description}`);
  if (!options.dryRun && !await history.lock()) {
    throw new ConfigError(
      "mysql-table-prefix",
      `a backup or another prune of the history with table prefix "${options.tablePrefix ?? ""}" is running: a prune never runs beside one; wait for it`
    );
  }
  try {
    if (!options.dryRun) await history.ensureSchema();
    const known = [...(await history.backedUpDomains()).keys()].sort(compareKeys);
    const domains = options.domains === "all" ? known : options.domains;
    const results = [];
    for (const domain of domains) {
      if (!known.includes(domain)) {
        logger.warn(`SimpleDB domain ${domain} has no successful backup run in ${history.description}: nothing to prune`);
        continue;
      }
      results.push(await logger.group(`${options.dryRun ? "Planning the prune of" : "Pruning"} the history of SimpleDB domain ${domain}`, () => pruneDomain(domain, pruneId, options, deps, now)));
    }
    const totals = { versionsBefore: 0, versionsRemoved: 0, bytesFreed: 0, itemsGone: 0 };
    for (const r of results) {
      totals.versionsBefore += r.versionsBefore;
      totals.versionsRemoved += r.versionsRemoved;
      totals.bytesFreed += r.bytesFreed;
      totals.itemsGone += r.itemsGone;
    }
    return { pruneId, status: options.dryRun ? "dry-run" : "complete", policy: options.policy, domains: results, totals, durationMs: now().getTime() - started.getTime() };
  } finally {
    if (!options.dryRun) await history.unlock().catch(() => void 0);
  }
}
async function pruneDomain(domain, pruneId, options, deps, now) {
  const { history, logger } = deps;
  const previous = await history.latestPrune(domain);
  const newestKept = previous?.points.at(-1)?.at ?? Number.NEGATIVE_INFINITY;
  const runs = (await history.runPoints(domain)).filter((r) => r.finishedAt > newestKept || !previous);
  const candidates = [...(previous?.points ?? []).map((p) => ({ id: p.runId, at: p.at })), ...runs.map((r) => ({ id: r.runId, at: r.finishedAt }))];
  const decision = applyRetention(candidates, options.policy);
  if (!Number.isFinite(decision.windowStart)) throw new Error("a prune needs a retention policy (keep-within, keep-daily, ...): nothing was changed");
  const windowStart = Math.max(decision.windowStart, previous?.windowStart ?? Number.NEGATIVE_INFINITY);
  const kept = decision.kept.map((p) => ({ runId: p.id, at: new Date(p.at).toISOString(), reasons: p.reasons }));
  const result = {
    domain,
    pointsBefore: candidates.length,
    pointsKept: kept.length,
    windowStart: new Date(windowStart).toISOString(),
    kept,
    items: 0,
    itemsGone: 0,
    versionsBefore: 0,
    versionsRemoved: 0,
    bytesFreed: 0
  };
  const record = { pruneId, domain, prunedAt: now().getTime(), windowStart, points: decision.kept.map((p) => ({ runId: p.id, at: p.at })) };
  if (!options.dryRun) await history.recordPrune(record);
  await removeUnneeded(history, domain, record, result, options, deps);
  logger.info(
    `${domain}: ${result.pointsKept} of ${result.pointsBefore} restore points kept (exact from ${result.windowStart} on); ${result.versionsRemoved} of ${result.versionsBefore} versions ${options.dryRun ? "would go" : `removed (${formatBytes(result.bytesFreed)})`}, ${result.itemsGone} items left no row`
  );
  return result;
}
async function removeUnneeded(history, domain, record, result, options, deps) {
  const table = await history.existingDomain(domain);
  if (!table) return;
  const instants = record.points.map((p) => p.at);
  const pageSize = options.pageSize ?? 500;
  let after;
  for (; ; ) {
    const names = await table.historyItemsAfter(after, pageSize);
    if (names.length === 0) return;
    const versions = await table.loadVersions(names);
    const remove = [];
    for (const name of names) {
      const item = versions.get(name) ?? [];
      const plan = pruneItem(item, instants, record.windowStart);
      result.items++;
      result.versionsBefore += item.length;
      result.versionsRemoved += plan.remove.length;
      if (plan.kept === 0 && item.length > 0) result.itemsGone++;
      remove.push(...plan.remove);
    }
    if (!options.dryRun && remove.length > 0) {
      await deps.beforeRemove?.(domain);
      result.bytesFreed += (await table.removeVersions(remove)).bytes;
    }
    if (names.length < pageSize) return;
    after = names[names.length - 1];
  }
}

// src/backends/simpledb/index.ts
function clientFor(config) {
  const { region, endpoint } = config.simpledb;
  return new SimpleDbClient({ ...region ? { region } : {}, ...endpoint ? { endpoint } : {} });
}
var simpleDbBackend = {
  name: "simpledb",
  async backup(config, context) {
    const { logger } = context;
    const store = config.dryRun ? void 0 : context.watermarkStore?.("simpledb", { domains: config.domains, database: config.mysql.database, host: config.mysql.host, prefix: config.tablePrefix });
    try {
      const result = await logger.group(
        config.dryRun ? "Planning the SimpleDB backup (dry run: nothing is written)" : "Backing up SimpleDB into MySQL",
        () => withMySqlHistory(
          config,
          { log: (line) => logger.info(line) },
          (history) => runSimpleDbBackup(config, { client: clientFor(config), history, log: (line) => logger.info(line), ...logger.status ? { status: logger.status.bind(logger) } : {}, now: context.now, ...store ? { watermarkStore: store } : {} })
        )
      );
      return { ...result, status: result.dryRun ? "dry-run" : "complete" };
    } catch (error) {
      if (!(error instanceof SimpleDbBackupError)) throw error;
      return { ...error.result, status: error.result.dryRun ? "dry-run" : "partial", failure: error.message };
    }
  },
  async restore(config, context) {
    if (config.time.note) context.logger.info(config.time.note);
    return withMySqlHistory(
      config.backup,
      {},
      (history) => runSdbRestore(
        {
          at: config.time.at,
          domains: config.domains,
          target: config.target,
          dryRun: config.dryRun,
          ...config.liveDomains !== void 0 ? { liveDomains: config.liveDomains } : {},
          ...config.items ? { items: config.items } : {},
          ...config.itemPrefix !== void 0 ? { itemPrefix: config.itemPrefix } : {}
        },
        { history, client: clientFor(config.backup), logger: context.logger, backup: config.backup, now: context.now }
      )
    );
  },
  async prune(config, context) {
    return withMySqlHistory(
      config,
      {},
      (history) => runSdbPrune(
        { policy: config.retention, domains: config.domains, dryRun: config.dryRun, tablePrefix: config.tablePrefix },
        { history, logger: context.logger, now: context.now }
      )
    );
  },
  async verify(config, context) {
    return withMySqlHistory(
      config.backup,
      {},
      (history) => runSdbVerify({ domains: config.domains }, { history, client: clientFor(config.backup), logger: context.logger, now: context.now })
    );
  }
};
export {
  simpleDbBackend
};
