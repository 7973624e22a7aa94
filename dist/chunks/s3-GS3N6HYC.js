import { createRequire as __pullbackCreateRequire } from 'node:module'; const require = __pullbackCreateRequire(import.meta.url);
import {
  VERSION
} from "./chunk-DDIQ3ZGG.js";
import {
  Progress,
  ProgressLine,
  Slots,
  applyRetention,
  compactTime,
  fromIni,
  fromNodeProviderChain,
  handled,
  nearestPoints,
  runIdTime
} from "./chunk-XQL4ZF67.js";
import {
  RestoreError
} from "./chunk-UXJ5RJX5.js";
import {
  SignatureV4MultiRegion
} from "./chunk-JNK7RKH7.js";
import {
  defaultProvider
} from "./chunk-3JRLDGHS.js";
import {
  eventStreamSerdeProvider2 as eventStreamSerdeProvider,
  resolveEventStreamSerdeConfig
} from "./chunk-2G75RWF7.js";
import "./chunk-U3XFJUXQ.js";
import {
  AwsRestXmlProtocol,
  AwsSdkSigV4ASigner,
  AwsSdkSigV4Signer,
  NODE_AUTH_SCHEME_PREFERENCE_OPTIONS,
  NODE_SIGV4A_CONFIG_OPTIONS,
  resolveAwsSdkSigV4AConfig,
  resolveAwsSdkSigV4Config
} from "./chunk-IISRSKCH.js";
import {
  Crc32Node,
  Md5Node,
  Sha256Node,
  readableStreamHasher
} from "./chunk-LWYQXBDB.js";
import {
  NodeHttpHandler
} from "./chunk-VBJ5IQAM.js";
import {
  require_https
} from "./chunk-F5ZSK5F7.js";
import {
  BinaryDecisionDiagram,
  Client,
  DEFAULT_RETRY_MODE,
  DefaultIdentityProviderConfig,
  EndpointCache,
  NODE_APP_ID_CONFIG_OPTIONS,
  NODE_MAX_ATTEMPT_CONFIG_OPTIONS,
  NODE_RETRY_MODE_CONFIG_OPTIONS,
  NoOpLogger,
  ServiceException,
  awsEndpointFunctions,
  createDefaultUserAgentProvider,
  customEndpointFunctions,
  decideEndpoint,
  emitWarningIfUnsupportedVersion,
  emitWarningIfUnsupportedVersion2,
  getAwsRegionExtensionConfiguration,
  getDefaultExtensionConfiguration,
  getEndpointPlugin,
  getHostHeaderPlugin,
  getHttpAuthSchemeEndpointRuleSetPlugin,
  getHttpSigningPlugin,
  getLoggerPlugin,
  getRecursionDetectionPlugin,
  getRetryPlugin,
  getUserAgentPlugin,
  httpSigningMiddlewareOptions,
  loadConfigsForDefaultMode,
  makeBuilder,
  resolveAwsRegionExtensionConfiguration,
  resolveDefaultRuntimeConfig,
  resolveEndpointConfig,
  resolveHostHeaderConfig,
  resolveParams,
  resolveRetryConfig,
  resolveUserAgentConfig,
  setFeature
} from "./chunk-45CSVOS6.js";
import {
  getContentLengthPlugin,
  getHttpHandlerExtensionConfiguration,
  resolveHttpHandlerRuntimeConfig
} from "./chunk-K76ACAVU.js";
import {
  NODE_REGION_CONFIG_FILE_OPTIONS,
  NODE_REGION_CONFIG_OPTIONS,
  NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
  SelectorType,
  booleanSelector,
  loadConfig,
  resolveDefaultsModeConfig,
  resolveRegionConfig
} from "./chunk-Y5MBOEBQ.js";
import {
  NormalizedSchema,
  TypeRegistry,
  calculateBodyLength,
  createBufferedReadable,
  createChecksumStream,
  fromBase64,
  fromUtf8,
  getAwsChunkedEncodingStream,
  getSchemaSerdePlugin,
  isArrayBuffer,
  parseRfc7231DateTime,
  sdkStreamMixin,
  streamCollector,
  toBase64,
  toUint8Array,
  toUtf8
} from "./chunk-DHHFO7WK.js";
import {
  HttpRequest,
  HttpResponse,
  getSmithyContext,
  normalizeProvider,
  parseUrl
} from "./chunk-2O546MQ3.js";
import {
  laterOf,
  saveWatermarkHints
} from "./chunk-2ZARRT6M.js";
import {
  KeyFilter,
  count,
  describeConfig,
  describeLocation,
  destinationReservedPrefixes,
  endpointIdentity,
  formatBytes,
  locationsOverlap,
  number,
  prefixesOverlap
} from "./chunk-EKYJ357X.js";
import {
  IN_PLACE_CONFIRMATION
} from "./chunk-BMM2K3KS.js";
import "./chunk-JTCAABZB.js";
import {
  OrderGuard,
  compareKeys
} from "./chunk-OCIHQ3IT.js";
import {
  require_http
} from "./chunk-U545R25J.js";
import {
  __toESM
} from "./chunk-UVIE4DYZ.js";

// src/backends/s3/catalog/catalog.ts
import { randomBytes } from "node:crypto";

// src/plan/merge.ts
async function advance(cursor) {
  const next = await cursor.iterator.next();
  if (next.done) {
    cursor.head = void 0;
    cursor.headKey = void 0;
    return;
  }
  const key = cursor.stream.key(next.value);
  cursor.guard.check(key);
  cursor.head = next.value;
  cursor.headKey = key;
}
function mergeSorted(streams) {
  return mergeWith(streams, (key, items) => ({ key, items }));
}
function march(left, right, decide) {
  const streams = [left, right];
  return mergeWith(streams, (key, items) => {
    const l2 = items[0][0];
    const r2 = items[1][0];
    if (decide) return decide(key, l2, r2);
    const marched = { key };
    if (l2 !== void 0) marched.left = l2;
    if (r2 !== void 0) marched.right = r2;
    return marched;
  });
}
async function* mergeWith(streams, emit) {
  const cursors = streams.map((stream) => ({
    iterator: stream.items[Symbol.asyncIterator](),
    stream,
    guard: new OrderGuard(stream.name, stream.repeats === true),
    head: void 0,
    headKey: void 0
  }));
  try {
    await Promise.all(cursors.map((cursor) => advance(cursor)));
    const taken = [];
    for (; ; ) {
      let key;
      for (const cursor of cursors) {
        if (cursor.headKey !== void 0 && (key === void 0 || compareKeys(cursor.headKey, key) < 0)) key = cursor.headKey;
      }
      if (key === void 0) return;
      const items = [];
      taken.length = 0;
      for (const cursor of cursors) {
        if (cursor.headKey !== key) {
          items.push([]);
          continue;
        }
        const group2 = [cursor.head];
        if (cursor.stream.repeats) {
          await advance(cursor);
          while (cursor.headKey === key) {
            group2.push(cursor.head);
            await advance(cursor);
          }
        } else taken.push(cursor);
        items.push(group2);
      }
      yield emit(key, items);
      for (const cursor of taken) await advance(cursor);
    }
  } finally {
    for (const cursor of cursors) cursor.iterator.return?.()?.catch(() => void 0);
  }
}

// src/backends/s3/plan/names.ts
import { hash } from "node:crypto";

// src/backends/s3/plan/model.ts
function versionIdentity(version) {
  if (version.versionId && version.versionId !== "null") return `v:${version.versionId}`;
  return `e:${version.etag ?? ""}:${version.size ?? 0}:${version.lastModified}`;
}
function isPlainMd5(etag) {
  return etag !== void 0 && /^[0-9a-f]{32}$/.test(etag);
}

// src/stores/object/ids.ts
function sourceId(bucket, prefix) {
  return `s3://${bucket}/${prefix}`;
}

// src/backends/s3/plan/names.ts
var MAX_KEY_BYTES = 1024;
function sha256Hex(text3) {
  return hash("sha256", text3, "hex");
}
function backupKeyFor(bucket, version, destinationPrefixBytes = 0) {
  const id = sha256Hex(`${bucket}\0${version.key}\0${versionIdentity(version)}`).slice(0, 16);
  const suffix = `@${compactTime(version.lastModified)}.${id}`;
  const readable = `data/${bucket}/${version.key}${suffix}`;
  if (destinationPrefixBytes + Buffer.byteLength(readable) <= MAX_KEY_BYTES) return readable;
  return `data/${bucket}/_long/${sha256Hex(version.key)}${suffix}`;
}
function sourceSlug(bucket, prefix) {
  const readable = `${bucket}${prefix ? "_" + prefix : ""}`.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
  return `${readable}-${sha256Hex(sourceId(bucket, prefix)).slice(0, 8)}`;
}

// src/backends/s3/catalog/errors.ts
var CatalogError = class extends Error {
  constructor(file, reason, recovery, options) {
    super(`the catalogue file ${file} ${reason}: ${recovery}`, options);
    this.file = file;
    this.reason = reason;
    this.name = "CatalogError";
  }
  file;
  reason;
};
var CatalogDamagedError = class extends CatalogError {
  constructor(file, reason, recovery, options) {
    super(file, reason, recovery, options);
    this.name = "CatalogDamagedError";
  }
};
var CatalogUnreadableError = class extends CatalogError {
  constructor(file, reason, recovery, options) {
    super(file, reason, recovery, options);
    this.name = "CatalogUnreadableError";
  }
};
var RECOVER_FROM_COPY = "nothing was restored from a partial picture. Recover the file from the destination bucket's own versioning or a replica if you have one (the run record in catalog/runs/ holds its SHA-256 and size to check the copy against); `mode: verify` lists every damaged catalogue file";
var RECOVER_RETRY = "the destination kept failing while it was read; nothing was changed: run again, and if it keeps failing check the destination endpoint";
var RECOVER_ACCESS = "nothing was changed: check the destination credentials (they need s3:GetObject and s3:ListBucket on it) and endpoint, then run again";
var CatalogLineError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "CatalogLineError";
  }
};

// src/backends/s3/catalog/reader.ts
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

// src/transfer/errors.ts
var BACKUP_POLICY = { accessDenied: "per-object" };
var RESTORE_POLICY = { accessDenied: "fatal" };
var shape = (error) => error ?? {};
function asError(thrown) {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
function httpStatus(error) {
  return shape(error).$metadata?.httpStatusCode;
}
function errorName(error) {
  const e2 = shape(error);
  return e2.name ?? e2.Code ?? e2.code ?? "Error";
}
function isNotFound(error) {
  const name = shape(error).name;
  return name === "NotFound" || name === "NoSuchKey" || httpStatus(error) === 404;
}
function isAccessDenied(error) {
  const e2 = shape(error);
  return e2.name === "AccessDenied" || e2.Code === "AccessDenied" || httpStatus(error) === 403;
}
function isNotImplemented(error) {
  const e2 = shape(error);
  return e2.name === "NotImplemented" || e2.Code === "NotImplemented" || httpStatus(error) === 501;
}
var FATAL_NAMES = /* @__PURE__ */ new Set(["NoSuchBucket", "InvalidAccessKeyId", "SignatureDoesNotMatch"]);
function isFatal(error, policy) {
  const e2 = shape(error);
  if (e2.fatal === true) return true;
  if (e2.name !== void 0 && FATAL_NAMES.has(e2.name)) return true;
  return policy.accessDenied === "fatal" && e2.name === "AccessDenied";
}
function isRace(error) {
  const e2 = shape(error);
  const status = httpStatus(error);
  return status === 412 || status === 404 || e2.name === "PreconditionFailed" || e2.name === "NoSuchKey" || e2.name === "NoSuchVersion";
}
var NETWORK_CODES = /* @__PURE__ */ new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "ECONNABORTED", "UND_ERR_SOCKET", "ERR_STREAM_PREMATURE_CLOSE"]);
function isRetryable(error) {
  const e2 = shape(error);
  if (e2.permanent === true) return false;
  if (error instanceof VerificationError) return true;
  const status = httpStatus(error);
  if (status !== void 0) return status >= 500 || status === 408 || status === 429;
  if (e2.name === "SlowDown" || e2.name === "TimeoutError" || e2.name === "RequestTimeout") return true;
  if (e2.code && NETWORK_CODES.has(e2.code)) return true;
  if (e2.name === "AbortError") return false;
  return /socket hang up|ECONNRESET|premature close|aborted/i.test(String(e2.message ?? ""));
}
function classifyTransferError(error, policy) {
  if (isFatal(error, policy)) return "fatal";
  if (isRace(error)) return "race";
  if (isRetryable(error)) return "retryable";
  return "failed";
}
var VerificationError = class extends Error {
  constructor(message, key) {
    super(message);
    this.key = key;
    this.name = "VerificationError";
  }
  key;
};

// src/transfer/read-whole.ts
async function readWhole(body, maxBytes) {
  const chunks = [];
  let bytes2 = 0;
  for await (const chunk of body) {
    bytes2 += chunk.length;
    if (bytes2 > maxBytes) {
      body.destroy();
      return void 0;
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, bytes2);
}

// src/transfer/retry.ts
var realSleep = (ms) => new Promise((resolve3) => setTimeout(resolve3, ms));
async function retry(operation, options) {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !options.isRetryable(error)) throw error;
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delay2 = Math.round(random() * ceiling);
      options.onRetry?.(error, attempt, delay2);
      await sleep(delay2);
    }
  }
}

// src/backends/s3/catalog/reader.ts
var defaultReadOptions = () => ({ attempts: 5, baseDelayMs: 250, maxDelayMs: 1e4, sleep: realSleep });
var ShortBody = class extends Error {
  constructor(got, expected) {
    super(`the body ended after ${got} of ${expected} bytes`);
    this.got = got;
    this.expected = expected;
  }
  got;
  expected;
};
function describe(error) {
  const e2 = error;
  return `${e2?.code ?? e2?.name ?? "Error"}: ${e2?.message ?? String(error)}`;
}
async function* readFileBytes(destination, file, expected, options, recovery) {
  const hash2 = createHash("sha256");
  let yielded = 0;
  let size2 = expected.bytes;
  for (let attempt = 1; ; attempt++) {
    let body;
    try {
      if (size2 === void 0) {
        const head = await destination.head(file);
        if (!head) throw new CatalogDamagedError(file, "is missing", recovery);
        size2 = head.size;
      }
      body = await destination.get(file);
      if (!body) throw new CatalogDamagedError(file, "is missing", recovery);
      let skip = yielded;
      for await (const raw of body) {
        let chunk = raw;
        if (skip > 0) {
          if (skip >= chunk.length) {
            skip -= chunk.length;
            continue;
          }
          chunk = chunk.subarray(skip);
          skip = 0;
        }
        if (yielded + chunk.length > size2) {
          throw new CatalogDamagedError(file, `has more than the ${size2} bytes ${expected.bytes === void 0 ? "it had when the read began" : "its run record gives"}`, recovery);
        }
        hash2.update(chunk);
        yielded += chunk.length;
        yield chunk;
      }
      if (yielded < size2) throw new ShortBody(yielded, size2);
      break;
    } catch (error) {
      if (error instanceof CatalogError) throw error;
      if (error instanceof ShortBody && expected.bytes !== void 0) {
        const stored = await destination.head(file).catch(() => void 0);
        if (stored && stored.size !== expected.bytes) throw new CatalogDamagedError(file, `has ${stored.size} bytes where its run record gives ${expected.bytes} (truncated or replaced)`, recovery);
      }
      const transient = error instanceof ShortBody || isRetryable(error);
      if (!transient) throw new CatalogUnreadableError(file, `cannot be read (${describe(error)})`, RECOVER_ACCESS, { cause: error });
      if (attempt >= options.attempts) {
        throw new CatalogUnreadableError(file, `could not be read in ${attempt} attempts (last: ${describe(error)})`, RECOVER_RETRY, { cause: error });
      }
      options.onRetry?.(file, error, attempt);
      await options.sleep(Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)));
    } finally {
      body?.destroy();
    }
  }
  if (expected.sha256 !== void 0 && hash2.digest("hex") !== expected.sha256) {
    throw new CatalogDamagedError(file, `does not match the SHA-256 its run record gives (same size, other bytes)`, recovery);
  }
}
async function readFileWhole(destination, file, expected, options, recovery) {
  const chunks = [];
  for await (const chunk of readFileBytes(destination, file, expected, options, recovery)) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}
async function* readFileLines(destination, file, expected, options, recovery, maxLineBytes, validate2, read) {
  const gunzip = createGunzip();
  const compressed = read ? Readable.from([read]) : Readable.from(readFileBytes(destination, file, expected, options, recovery));
  compressed.on("error", (error) => gunzip.destroy(error));
  compressed.pipe(gunzip);
  let line = 0;
  let pending = [];
  let pendingBytes = 0;
  const parse2 = (bytes2) => {
    line++;
    if (bytes2.length === 0) return void 0;
    try {
      return validate2(JSON.parse(bytes2.toString("utf8")));
    } catch (error) {
      const reason = error instanceof CatalogLineError ? error.message : `is not JSON (${error.message})`;
      throw new CatalogDamagedError(file, `has an invalid line ${line}: ${reason}`, recovery, { cause: error });
    }
  };
  try {
    for await (const raw of gunzip) {
      let chunk = raw;
      for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10)) {
        const piece = chunk.subarray(0, newline);
        if (pendingBytes + piece.length > maxLineBytes) throw tooLong(file, line + 1, maxLineBytes, recovery);
        const bytes2 = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
        pending = [];
        pendingBytes = 0;
        const record2 = parse2(bytes2);
        if (record2 !== void 0) yield record2;
        chunk = chunk.subarray(newline + 1);
      }
      if (chunk.length > 0) {
        pendingBytes += chunk.length;
        if (pendingBytes > maxLineBytes) throw tooLong(file, line + 1, maxLineBytes, recovery);
        pending.push(Buffer.from(chunk));
      }
    }
    if (pendingBytes > 0) {
      const record2 = parse2(Buffer.concat(pending));
      if (record2 !== void 0) yield record2;
    }
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    const e2 = error;
    throw new CatalogDamagedError(file, `cannot be decompressed (${e2.code ?? ""} ${e2.message ?? String(error)}; the file is truncated or damaged)`, recovery, { cause: error });
  } finally {
    compressed.destroy();
    gunzip.destroy();
  }
}
function tooLong(file, line, max, recovery) {
  return new CatalogDamagedError(file, `has a line ${line} longer than ${max} bytes, more than pullback ever writes`, recovery);
}
async function readSmallJson(destination, file, maxBytes, options, recovery) {
  for (let attempt = 1; ; attempt++) {
    let body;
    try {
      body = await destination.get(file);
      if (!body) return void 0;
      const whole = await readWhole(body, maxBytes);
      if (!whole) throw new CatalogDamagedError(file, `is larger than ${maxBytes} bytes, more than pullback ever writes`, recovery);
      const content = whole.toString("utf8");
      try {
        return JSON.parse(content);
      } catch (error) {
        if (attempt >= options.attempts) throw new CatalogDamagedError(file, `is not valid JSON (${error.message})`, recovery, { cause: error });
        options.onRetry?.(file, error, attempt);
      }
    } catch (error) {
      if (error instanceof CatalogError) throw error;
      if (!isRetryable(error)) throw new CatalogUnreadableError(file, `cannot be read (${describe(error)})`, RECOVER_ACCESS, { cause: error });
      if (attempt >= options.attempts) throw new CatalogUnreadableError(file, `could not be read in ${attempt} attempts (last: ${describe(error)})`, RECOVER_RETRY, { cause: error });
      options.onRetry?.(file, error, attempt);
    } finally {
      body?.destroy();
    }
    await options.sleep(Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)));
  }
}

// src/backends/s3/catalog/records.ts
var CATALOG_FORMAT = "pullback-catalog/3";
var ACCEPTED_FORMATS = ["pullback-catalog/1", "pullback-catalog/2", "pullback-catalog/3"];
var RUN_ID = /^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{6}$/;
function emptyCounts() {
  return { keys: 0, versionsListed: 0, copied: 0, reused: 0, serverSideCopies: 0, bytes: 0, unchanged: 0, deleted: 0, deleteMarkers: 0, purged: 0, repaired: 0, raced: 0, failed: 0, excluded: 0, skipped: 0 };
}
var MAX_STATE_CHAIN = 64;
function stateFileName(kind) {
  return kind === "full" ? "state.jsonl.gz" : "state-delta.jsonl.gz";
}
function sourceFolder(bucket, prefix, runId2) {
  return `catalog/sources/${sourceSlug(bucket, prefix)}/${runId2}/`;
}
function stateFiles(record2) {
  if (record2.stateKind !== "delta" || !record2.stateChain) {
    return [{ file: record2.state, kind: "full", ...record2.stateSha256 !== void 0 ? { sha256: record2.stateSha256 } : {}, ...record2.stateBytes !== void 0 ? { bytes: record2.stateBytes } : {} }];
  }
  return record2.stateChain.map((link) => ({ file: `${sourceFolder(record2.bucket, record2.prefix, link.runId)}${stateFileName(link.kind)}`, kind: link.kind, sha256: link.sha256, bytes: link.bytes }));
}
function chainOf(record2, runId2) {
  if (record2.stateKind === "delta" && record2.stateChain) return record2.stateChain;
  if (record2.stateSha256 === void 0 || record2.stateBytes === void 0) return void 0;
  return [{ runId: runId2, kind: "full", sha256: record2.stateSha256, bytes: record2.stateBytes }];
}
function recordedFiles(files, state, events, chain) {
  return {
    state: files.stateKey,
    events: files.eventsKey,
    stateSha256: state.sha256,
    stateBytes: state.bytes,
    eventsSha256: events.sha256,
    eventsBytes: events.bytes,
    ...chain ? { stateKind: "delta", stateChain: chain } : {}
  };
}

// src/backends/s3/catalog/run-list.ts
var RUNS = "catalog/runs/";
var RUN_FILE = new RegExp(`^(${RUN_ID.source.slice(1, -1)})(\\.started\\.json|\\.settled|\\.json)$`);
async function listRunIds(destination, startAfter) {
  return listRuns(destination, startAfter ? `${RUNS}${startAfter}.json` : void 0);
}
async function listRunIdsFrom(destination, earliest) {
  const from = compactTime(earliest.toISOString());
  return { ...await listRuns(destination, `${RUNS}${from}`), from };
}
async function listRuns(destination, startAfterKey) {
  const committed = [];
  const started = [];
  const settled = /* @__PURE__ */ new Set();
  for await (const object2 of destination.list(RUNS, startAfterKey)) {
    const match = RUN_FILE.exec(object2.key.slice(RUNS.length));
    if (!match) continue;
    const [, id, suffix] = match;
    if (suffix === ".started.json") started.push(id);
    else if (suffix === ".settled") settled.add(id);
    else committed.push(id);
  }
  const done = new Set(committed);
  return { committed: committed.sort(compareKeys), unfinished: started.filter((id) => !done.has(id) && !settled.has(id)).sort(compareKeys) };
}

// src/backends/s3/listing/key-samples.ts
var KEY_SAMPLES_MAX = 256;
var KEY_SAMPLES_MIN_KEYS = 8e3;
var KEY_SAMPLE_MAX_LENGTH = 1024;
var KeySampler = class {
  constructor(target = KEY_SAMPLES_MAX) {
    this.target = target;
  }
  target;
  samples = [];
  stride = 1;
  seen = 0;
  add(key) {
    if (this.seen++ % this.stride !== 0) return;
    this.samples.push(key);
    if (this.samples.length >= 2 * this.target) {
      this.samples = this.samples.filter((_, index) => index % 2 === 0);
      this.stride *= 2;
    }
  }
  get count() {
    return this.seen;
  }
  /** At most `target` samples, ascending, evenly spaced by count; undefined for a small listing. */
  result(minKeys = KEY_SAMPLES_MIN_KEYS) {
    if (this.seen < minKeys) return void 0;
    const pool = this.samples.slice(1);
    const step = pool.length / this.target;
    const picked = step <= 1 ? pool : Array.from({ length: this.target }, (_, i2) => pool[Math.floor(i2 * step)]);
    return [...new Set(picked)].sort(compareKeys);
  }
};

// src/backends/s3/catalog/validate.ts
function fail(message) {
  throw new CatalogLineError(message);
}
function object(value, what) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(`${what} is not a JSON object`);
  return value;
}
var LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function text(value, what, maxLength = 4096) {
  if (typeof value !== "string") fail(`${what} is not a string`);
  if (value.length > maxLength) fail(`${what} is longer than ${maxLength} characters`);
  if (LONE_SURROGATE.test(value)) fail(`${what} is not well-formed Unicode`);
  return value;
}
function optionalText(value, what, maxLength = 4096) {
  return value === void 0 ? void 0 : text(value, what, maxLength);
}
function time(value, what) {
  const iso2 = text(value, what, 40);
  if (Number.isNaN(Date.parse(iso2))) fail(`${what} is not a time: ${JSON.stringify(iso2)}`);
  return iso2;
}
function optionalTime(value, what) {
  return value === void 0 ? void 0 : time(value, what);
}
function count2(value, what) {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) fail(`${what} is not a non-negative integer`);
  return value;
}
function flag(value, what) {
  if (typeof value !== "boolean") fail(`${what} is not true or false`);
  return value;
}
var SHA256_HEX = /^[0-9a-f]{64}$/;
function sha256(value, what) {
  const hex = text(value, what, 64);
  if (!SHA256_HEX.test(hex)) fail(`${what} is not a hex SHA-256`);
  return hex;
}
function objectKey(value, context) {
  const key = text(value, '"k"', MAX_KEY_BYTES);
  const bytes2 = Buffer.byteLength(key);
  if (bytes2 === 0 || bytes2 > MAX_KEY_BYTES) fail(`"k" has ${bytes2} bytes (an S3 key has 1 to ${MAX_KEY_BYTES})`);
  if (!key.startsWith(context.prefix)) fail(`key ${JSON.stringify(key.slice(0, 100))} lies outside the source prefix ${JSON.stringify(context.prefix)}`);
  return key;
}
function headerText(value, what) {
  if (value === void 0) return void 0;
  const header = text(value, what, 8192);
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(header)) fail(`${what} contains control characters`);
  return header;
}
var META_FIELDS = ["contentType", "contentEncoding", "contentDisposition", "contentLanguage", "cacheControl", "expires", "storageClass"];
function metadata(value) {
  if (value === void 0) return void 0;
  const raw = object(value, '"meta"');
  const meta = {};
  for (const field of META_FIELDS) {
    const v2 = headerText(raw[field], `"meta.${field}"`);
    if (v2 !== void 0) meta[field] = v2;
  }
  if (raw["user"] !== void 0) {
    const user = object(raw["user"], '"meta.user"');
    const entries = Object.entries(user);
    if (entries.length > 256) fail('"meta.user" has more than 256 entries');
    meta.user = {};
    for (const [name, v2] of entries) meta.user[headerText(name, '"meta.user" name')] = headerText(v2, `"meta.user.${name}"`);
  }
  return meta;
}
function stateVersion(raw, key, context, what) {
  const version = { id: text(raw["id"], `${what} "id"`, 2200), t: time(raw["t"], `${what} "t"`) };
  const vid = optionalText(raw["vid"], `${what} "vid"`, 1024);
  const etag = optionalText(raw["e"], `${what} "e"`, 1024);
  const size2 = raw["s"] === void 0 ? void 0 : count2(raw["s"], `${what} "s"`);
  if (vid !== void 0) version.vid = vid;
  if (etag !== void 0) version.e = etag;
  if (size2 !== void 0) version.s = size2;
  if (raw["dm"] !== void 0 && raw["dm"] !== true) fail(`${what} "dm" is not true`);
  const expectedId = vid !== void 0 && vid !== "null" ? `v:${vid}` : `e:${etag ?? ""}:${size2 ?? 0}:${version.t}`;
  if (version.id !== expectedId) fail(`${what} "id" ${JSON.stringify(version.id.slice(0, 100))} does not match its version (${JSON.stringify(expectedId.slice(0, 100))})`);
  if (raw["dm"] === true) {
    version.dm = true;
    if (raw["b"] !== void 0) fail(`${what} is a delete marker with a backup key`);
    return version;
  }
  if (raw["skip"] !== void 0) {
    if (raw["skip"] !== "size") fail(`${what} "skip" is not "size"`);
    if (raw["b"] !== void 0) fail(`${what} is a skipped version with a backup key`);
    version.skip = "size";
    return version;
  }
  const backup = text(raw["b"], `${what} "b"`, 2200);
  const listed = { key, lastModified: version.t, ...vid !== void 0 ? { versionId: vid } : {}, ...etag !== void 0 ? { etag } : {}, ...size2 !== void 0 ? { size: size2 } : {} };
  const readable = backupKeyFor(context.bucket, listed, 0);
  if (backup !== readable && !(backup.startsWith(`data/${context.bucket}/_long/`) && backup === backupKeyFor(context.bucket, listed, MAX_KEY_BYTES + 1))) {
    fail(`${what} "b" ${JSON.stringify(backup.slice(0, 200))} is not the backup name of this version (expected ${JSON.stringify(readable.slice(0, 200))})`);
  }
  version.b = backup;
  return version;
}
function validateStateLine(value, context) {
  const raw = object(value, "the line");
  const key = objectKey(raw["k"], context);
  const versions = raw["v"];
  if (!Array.isArray(versions) || versions.length === 0) fail('"v" is not a non-empty list of versions');
  const seen = /* @__PURE__ */ new Set();
  const v2 = versions.map((entry, index) => {
    const version = stateVersion(object(entry, `version ${index + 1}`), key, context, `version ${index + 1}`);
    if (seen.has(version.id)) fail(`version ${index + 1} repeats identity ${JSON.stringify(version.id.slice(0, 100))}`);
    seen.add(version.id);
    return version;
  });
  if (raw["x"] !== void 0) return { k: key, v: v2, x: time(raw["x"], '"x"') };
  return { k: key, v: v2 };
}
function validateStateDeltaLine(value, context) {
  const raw = object(value, "the line");
  if (raw["gone"] === void 0) return validateStateLine(raw, context);
  if (raw["gone"] !== true) fail('"gone" is not true');
  if (raw["v"] !== void 0) fail("a line that says the key is gone lists versions");
  return { k: objectKey(raw["k"], context), gone: true };
}
function validateEventLine(value, context) {
  const raw = object(value, "the line");
  const k2 = objectKey(raw["k"], context);
  switch (raw["type"]) {
    case "version": {
      if (raw["dm"] !== void 0) fail("a version event is marked as a delete marker");
      const version = stateVersion(raw, k2, context, "the version");
      const event = { k: k2, type: "version", ...version, seen: time(raw["seen"], '"seen"') };
      const meta = metadata(raw["meta"]);
      if (meta) event.meta = meta;
      if (raw["sha256"] !== void 0) event.sha256 = sha256(raw["sha256"], '"sha256"');
      return event;
    }
    case "deleteMarker": {
      const marker = stateVersion({ ...raw, dm: true }, k2, context, "the delete marker");
      const event = { k: k2, type: "deleteMarker", id: marker.id, t: marker.t, seen: time(raw["seen"], '"seen"') };
      if (marker.vid !== void 0) event.vid = marker.vid;
      return event;
    }
    case "deleted": {
      const event = { k: k2, type: "deleted", after: time(raw["after"], '"after"'), before: time(raw["before"], '"before"') };
      const last = optionalText(raw["last"], '"last"', 2200);
      if (last !== void 0) event.last = last;
      return event;
    }
    case "purged":
      return { k: k2, type: "purged", id: text(raw["id"], '"id"', 2200), after: time(raw["after"], '"after"'), before: time(raw["before"], '"before"') };
    case "skipped": {
      if (raw["reason"] !== "size") fail('"reason" of a skipped version is not "size"');
      const version = stateVersion({ ...raw, skip: "size" }, k2, context, "the skipped version");
      const event = { k: k2, type: "skipped", id: version.id, t: version.t, s: version.s ?? 0, reason: "size", seen: time(raw["seen"], '"seen"') };
      if (version.vid !== void 0) event.vid = version.vid;
      if (version.e !== void 0) event.e = version.e;
      return event;
    }
    default:
      return fail(`"type" ${JSON.stringify(String(raw["type"]).slice(0, 40))} is not version, deleteMarker, deleted, purged or skipped`);
  }
}
var BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
var COUNT_NAMES = Object.keys(emptyCounts());
function sourceRecord(value, runId2, format, index) {
  const what = `source ${index + 1}`;
  const raw = object(value, what);
  const bucket = text(raw["bucket"], `${what} "bucket"`, 255);
  if (!BUCKET.test(bucket) || bucket.includes("..")) fail(`${what} "bucket" ${JSON.stringify(bucket)} is not a bucket name`);
  const prefix = text(raw["prefix"], `${what} "prefix"`, MAX_KEY_BYTES);
  const id = text(raw["id"], `${what} "id"`, 2e3);
  if (id !== sourceId(bucket, prefix)) fail(`${what} "id" ${JSON.stringify(id)} is not ${JSON.stringify(sourceId(bucket, prefix))}`);
  const folder = sourceFolder(bucket, prefix, runId2);
  const state = text(raw["state"], `${what} "state"`, 2e3);
  const events = text(raw["events"], `${what} "events"`, 2e3);
  const stateKind = format === "pullback-catalog/3" && raw["stateKind"] !== void 0 ? stateKindOf(raw["stateKind"], `${what} "stateKind"`) : "full";
  const stateName = stateFileName(stateKind);
  if (state !== `${folder}${stateName}`) fail(`${what} "state" ${JSON.stringify(state)} is not this run's state file ${folder}${stateName}`);
  if (events !== `${folder}events.jsonl.gz`) fail(`${what} "events" ${JSON.stringify(events)} is not this run's events file ${folder}events.jsonl.gz`);
  const rawCounts = object(raw["counts"], `${what} "counts"`);
  const counts = emptyCounts();
  for (const name of COUNT_NAMES) if (rawCounts[name] !== void 0) counts[name] = count2(rawCounts[name], `${what} "counts.${name}"`);
  const record2 = {
    id,
    bucket,
    prefix,
    versioned: flag(raw["versioned"], `${what} "versioned"`),
    listStartedAt: time(raw["listStartedAt"], `${what} "listStartedAt"`),
    listFinishedAt: time(raw["listFinishedAt"], `${what} "listFinishedAt"`),
    state,
    events,
    counts,
    complete: flag(raw["complete"], `${what} "complete"`),
    durationMs: raw["durationMs"] === void 0 ? 0 : count2(raw["durationMs"], `${what} "durationMs"`)
  };
  if (raw["previousRunId"] !== void 0) {
    const previous = text(raw["previousRunId"], `${what} "previousRunId"`, 40);
    if (!RUN_ID.test(previous)) fail(`${what} "previousRunId" is not a run id`);
    record2.previousRunId = previous;
  }
  const watermarkBefore = optionalTime(raw["watermarkBefore"], `${what} "watermarkBefore"`);
  const watermarkAfter = optionalTime(raw["watermarkAfter"], `${what} "watermarkAfter"`);
  if (watermarkBefore !== void 0) record2.watermarkBefore = watermarkBefore;
  if (watermarkAfter !== void 0) record2.watermarkAfter = watermarkAfter;
  const digests = format !== "pullback-catalog/1" || raw["stateSha256"] !== void 0;
  if (digests) {
    record2.stateSha256 = sha256(raw["stateSha256"], `${what} "stateSha256"`);
    record2.stateBytes = count2(raw["stateBytes"], `${what} "stateBytes"`);
    record2.eventsSha256 = sha256(raw["eventsSha256"], `${what} "eventsSha256"`);
    record2.eventsBytes = count2(raw["eventsBytes"], `${what} "eventsBytes"`);
  }
  if (stateKind === "delta") {
    record2.stateKind = "delta";
    record2.stateChain = stateChain(raw["stateChain"], runId2, record2, `${what} "stateChain"`);
  } else if (raw["stateChain"] !== void 0) {
    fail(`${what} has a "stateChain" but its state is a full file`);
  }
  if (raw["stateFallback"] !== void 0) {
    const fallback = object(raw["stateFallback"], `${what} "stateFallback"`);
    const damaged2 = text(fallback["damagedRunId"], `${what} "stateFallback.damagedRunId"`, 40);
    const used = optionalText(fallback["usedRunId"], `${what} "stateFallback.usedRunId"`, 40);
    if (!RUN_ID.test(damaged2) || used !== void 0 && !RUN_ID.test(used)) fail(`${what} "stateFallback" names something that is not a run id`);
    const stateFallback = { damagedRunId: damaged2, reason: text(fallback["reason"], `${what} "stateFallback.reason"`, 4096) };
    if (used !== void 0) stateFallback.usedRunId = used;
    record2.stateFallback = stateFallback;
  }
  if (raw["filter"] !== void 0) record2.filter = filterDescription(raw["filter"], `${what} "filter"`);
  if (raw["keySamples"] !== void 0) record2.keySamples = keySamples(raw["keySamples"], prefix, `${what} "keySamples"`);
  return record2;
}
function filterDescription(value, what) {
  const raw = object(value, what);
  const result = {};
  for (const name of ["include", "exclude", "filter"]) {
    const list = raw[name];
    if (list === void 0) continue;
    if (!Array.isArray(list) || list.length > 1e4) fail(`${what} "${name}" is not a list of patterns`);
    result[name] = list.map((item, i2) => text(item, `${what} "${name}" entry ${i2 + 1}`));
  }
  for (const name of ["minSize", "maxSize"]) if (raw[name] !== void 0) result[name] = count2(raw[name], `${what} "${name}"`);
  return result;
}
function keySamples(value, prefix, what) {
  if (!Array.isArray(value)) fail(`${what} is not a list`);
  if (value.length > KEY_SAMPLES_MAX) fail(`${what} holds ${value.length} keys, more than ${KEY_SAMPLES_MAX}`);
  const samples = value.map((sample, index) => text(sample, `${what}[${index}]`, KEY_SAMPLE_MAX_LENGTH));
  for (const [index, sample] of samples.entries()) {
    if (!sample.startsWith(prefix)) fail(`${what}[${index}] ${JSON.stringify(sample)} is not under the prefix ${JSON.stringify(prefix)}`);
    if (index > 0 && compareKeys(samples[index - 1], sample) >= 0) fail(`${what} is not in ascending S3 byte order at [${index}]`);
  }
  return samples;
}
function stateKindOf(value, what) {
  if (value !== "full" && value !== "delta") fail(`${what} is not full or delta`);
  return value;
}
function stateChain(value, runId2, record2, what) {
  if (!Array.isArray(value) || value.length < 2) fail(`${what} is not a list of at least a checkpoint and this run's delta`);
  if (value.length > MAX_STATE_CHAIN) fail(`${what} has ${value.length} files, more than the ${MAX_STATE_CHAIN} pullback ever chains`);
  const chain = value.map((entry, index) => {
    const link = object(entry, `${what} entry ${index + 1}`);
    const id = text(link["runId"], `${what} entry ${index + 1} "runId"`, 40);
    if (!RUN_ID.test(id)) fail(`${what} entry ${index + 1} "runId" is not a run id`);
    const kind = stateKindOf(link["kind"], `${what} entry ${index + 1} "kind"`);
    if (kind !== (index === 0 ? "full" : "delta")) fail(`${what} entry ${index + 1} is ${kind === "full" ? "a checkpoint after the first" : "a delta where the chain must start with a checkpoint"}`);
    return { runId: id, kind, sha256: sha256(link["sha256"], `${what} entry ${index + 1} "sha256"`), bytes: count2(link["bytes"], `${what} entry ${index + 1} "bytes"`) };
  });
  for (let i2 = 1; i2 < chain.length; i2++) {
    if (compareKeys(chain[i2 - 1].runId, chain[i2].runId) >= 0) fail(`${what} is not in run order (${chain[i2].runId} after ${chain[i2 - 1].runId})`);
  }
  const last = chain[chain.length - 1];
  if (last.runId !== runId2 || last.sha256 !== record2.stateSha256 || last.bytes !== record2.stateBytes) fail(`${what} does not end with this run's own delta`);
  return chain;
}
function validateRunRecord(value, runId2) {
  const raw = object(value, "the run record");
  const format = raw["format"];
  if (!ACCEPTED_FORMATS.includes(format)) {
    fail(`"format" ${JSON.stringify(String(format).slice(0, 40))} is not one this version reads (${ACCEPTED_FORMATS.join(", ")}); a newer pullback may have written it`);
  }
  if (raw["runId"] !== runId2) fail(`"runId" ${JSON.stringify(String(raw["runId"]).slice(0, 40))} is not the file's run id ${runId2}`);
  const status = raw["status"];
  if (status !== "complete" && status !== "partial") fail('"status" is not complete or partial');
  const tool = object(raw["tool"], '"tool"');
  if (tool["name"] !== "pullback") fail('"tool.name" is not pullback');
  const sources = raw["sources"];
  if (!Array.isArray(sources)) fail('"sources" is not a list');
  const records = sources.map((s2, index) => sourceRecord(s2, runId2, format, index));
  if (new Set(records.map((r2) => r2.id)).size !== records.length) fail('"sources" names one source twice');
  return {
    format,
    runId: runId2,
    startedAt: time(raw["startedAt"], '"startedAt"'),
    finishedAt: time(raw["finishedAt"], '"finishedAt"'),
    status,
    tool: { name: "pullback", version: text(tool["version"], '"tool.version"', 100) },
    sources: records
  };
}

// src/backends/s3/catalog/catalog.ts
var MAX_STATE_LINE_BYTES = 128 * 1024 * 1024;
var MAX_EVENT_LINE_BYTES = 1024 * 1024;
var MAX_RUN_RECORD_BYTES = 16 * 1024 * 1024;
var STATE_READ_AHEAD_BYTES = 4 * 1024 * 1024;
function readAheadBudget() {
  return { bytes: STATE_READ_AHEAD_BYTES };
}
var MAX_POINTER_BYTES = 64 * 1024;
var RECOVER_STATE = "the next backup compares against the previous good state of this source instead (nothing is lost); run a backup";
var Catalog = class {
  constructor(destination, options = {}) {
    this.destination = destination;
    this.readOptions = { ...defaultReadOptions(), ...options.read };
  }
  destination;
  readOptions;
  static newRunId(now) {
    return `${compactTime(now.toISOString())}-${randomBytes(3).toString("hex")}`;
  }
  sourceFolder(bucket, prefix, runId2) {
    return sourceFolder(bucket, prefix, runId2);
  }
  async markStarted(runId2, info) {
    await this.destination.put(`${RUNS}${runId2}.started.json`, JSON.stringify({ format: CATALOG_FORMAT, runId: runId2, ...info }, null, 2));
  }
  /**
   * `whilePointersWrite` is called once the record is stored, with the pointer writes under way
   * (the backup begins its lease release there: its read overlaps these writes, its write waits for
   * them). The record comes first, alone: a pointer never names a run whose record is not stored.
   * The next backup reads a pointer, and the record it names, before it knows the lease is free,
   * and keeps what it read; and the lease's heartbeat runs until the commit point has landed.
   */
  async commit(record2, options = {}) {
    await this.destination.put(`${RUNS}${record2.runId}.json`, formatRunRecord(record2), { metadata: { contentType: "application/json" } });
    const pointers = Promise.all(
      record2.sources.map(
        (source) => this.destination.put(
          `catalog/sources/${sourceSlug(source.bucket, source.prefix)}/latest.json`,
          JSON.stringify({ runId: record2.runId, source: source.id }),
          // Rewritten by every run, and only a hint: no Object Lock retention.
          { mutable: true }
        )
      )
    );
    options.whilePointersWrite?.(pointers);
    await pointers;
  }
  /**
   * Marks unfinished runs as settled by a committed run: their copies are in its state, so later
   * runs stop checking every copy against them. A marker, because backup credentials cannot delete.
   */
  async settle(runIds, by, at2) {
    await Promise.all(runIds.map((runId2) => this.destination.put(`${RUNS}${runId2}.settled`, JSON.stringify({ format: CATALOG_FORMAT, runId: runId2, settledBy: by, settledAt: at2.toISOString() }))));
  }
  /** Committed and unfinished run ids, after `startAfter` when given (listRunIds). */
  async runIds(startAfter) {
    return listRunIds(this.destination, startAfter);
  }
  /** The run ids of the runs that started at `earliest` or later: a window of the list (listRunIdsFrom). */
  async runIdsFrom(earliest) {
    return listRunIdsFrom(this.destination, earliest);
  }
  /** The validated run record, or undefined when there is none; a damaged one throws, naming it. */
  async readRun(runId2) {
    if (!RUN_ID.test(runId2)) throw new Error(`not a run id: ${JSON.stringify(runId2.slice(0, 60))}`);
    const file = `${RUNS}${runId2}.json`;
    const raw = await readSmallJson(this.destination, file, MAX_RUN_RECORD_BYTES, this.readOptions, RECOVER_FROM_COPY);
    if (raw === void 0) return void 0;
    try {
      return validateRunRecord(raw, runId2);
    } catch (error) {
      throw new CatalogDamagedError(file, `is not a run record pullback wrote (${error.message})`, RECOVER_FROM_COPY, { cause: error });
    }
  }
  /**
   * The newest committed run that backed up this source, with its record for the source. Run
   * records that cannot be used are skipped and listed in `damaged`, so the caller knows the newest
   * history is incomplete.
   */
  async latestFor(bucket, prefix, sourceIdValue, options = {}) {
    const { runList } = options;
    const damaged2 = [];
    const early = await (options.pointed ?? this.readPointedRun(bucket, prefix));
    const pointer = early?.runId;
    const committed = runList ? (await runList).committed.filter((id) => pointer === void 0 || compareKeys(id, pointer) > 0) : (await this.runIds(pointer)).committed;
    const candidates = [...committed].reverse();
    if (pointer) candidates.push(pointer);
    const find = async (runIds) => {
      for (const runId2 of runIds) {
        let run;
        try {
          run = await (early?.runId === runId2 ? early.record : this.readRun(runId2));
        } catch (error) {
          if (!(error instanceof CatalogDamagedError)) throw error;
          if (!damaged2.some((d2) => d2.runId === runId2)) damaged2.push({ runId: runId2, reason: error.message });
          continue;
        }
        const source = run?.sources.find((s2) => s2.id === sourceIdValue);
        if (run && source) return { run, source, damaged: damaged2 };
      }
      return void 0;
    };
    const found = await find(candidates);
    if (found || !pointer) return found;
    const listed = runList ? await runList : void 0;
    const everyRun = listed && listed.from === void 0 ? listed : await this.runIds();
    return find(everyRun.committed.filter((id) => compareKeys(id, pointer) < 0).reverse());
  }
  /**
   * A source's pointer and the read of the run it names, begun at once (a committed run's record
   * never changes, so it may be read before the lease is seen free). The read's failure (a damaged
   * record) is the caller's to see when it awaits `record`.
   */
  async readPointedRun(bucket, prefix) {
    const runId2 = await this.readPointer(bucket, prefix);
    return runId2 === void 0 ? void 0 : { runId: runId2, record: handled(this.readRun(runId2)) };
  }
  /** Committed runs of one source older than `before`, newest first, skipping damaged records. */
  async *olderRunsOf(sourceIdValue, before) {
    for (const runId2 of (await this.runIds()).committed.filter((id) => compareKeys(id, before) < 0).reverse()) {
      try {
        const run = await this.readRun(runId2);
        const source = run?.sources.find((s2) => s2.id === sourceIdValue);
        if (run && source) yield { run, source };
      } catch (error) {
        if (!(error instanceof CatalogDamagedError)) throw error;
        yield { runId: runId2, reason: error.message };
      }
    }
  }
  /** The run a source's pointer names (catalog/sources/<slug>/latest.json): only a hint. */
  async readPointer(bucket, prefix) {
    const file = `catalog/sources/${sourceSlug(bucket, prefix)}/latest.json`;
    try {
      const raw = await readSmallJson(this.destination, file, MAX_POINTER_BYTES, this.readOptions, "it is only a hint");
      return typeof raw?.runId === "string" && RUN_ID.test(raw.runId) ? raw.runId : void 0;
    } catch (error) {
      if (error instanceof CatalogDamagedError) return void 0;
      throw error;
    }
  }
  /**
   * Quick check of a state before a backup relies on it. Returns why it cannot be used, or undefined.
   * A chain that fits what is left of `readAhead` (one budget of STATE_READ_AHEAD_BYTES per run,
   * shared by its sources: readAheadBudget()) is read whole, each file checked against its run
   * record (size and SHA-256), and handed back for the pass to plan from: one round trip, begun
   * beside the listing, where a HEAD of each file and then its GET were two, the second only once
   * planning began. A larger chain gets one HEAD per file (its stored size against the record's) and
   * is streamed by the pass. A format 1 record has no size or checksum: its state is read in full
   * once (and checked line by line) instead.
   */
  async inspectState(record2, readAhead) {
    try {
      if (record2.stateBytes === void 0) {
        await this.checkState(record2);
        return {};
      }
      const files = stateFiles(record2);
      const total = files.reduce((sum, file) => sum + (file.bytes ?? Infinity), 0);
      if (readAhead && total <= readAhead.bytes) {
        readAhead.bytes -= total;
        const read = await Promise.allSettled(
          files.map((file) => readFileWhole(this.destination, file.file, { bytes: file.bytes, ...file.sha256 ? { sha256: file.sha256 } : {} }, this.readOptions, RECOVER_STATE))
        );
        const unreadable2 = read.find((r2) => r2.status === "rejected" && !(r2.reason instanceof CatalogDamagedError));
        if (unreadable2) throw unreadable2.reason;
        const damaged2 = read.find((r2) => r2.status === "rejected");
        if (damaged2) {
          readAhead.bytes += total;
          const error = damaged2.reason;
          return { problem: `the catalogue file ${error.file} ${error.reason}` };
        }
        return { bytes: new Map(files.map((file, index) => [file.file, read[index].value])) };
      }
      const stored = await Promise.all(files.map(({ file }) => this.destination.head(file)));
      for (const [index, { file, bytes: bytes2 }] of files.entries()) {
        const found = stored[index];
        if (!found) return { problem: `the catalogue file ${file} is missing` };
        if (found.size !== bytes2) return { problem: `the catalogue file ${file} has ${found.size} bytes where its run record gives ${bytes2}` };
      }
      return {};
    } catch (error) {
      if (error instanceof CatalogDamagedError) return { problem: error.message };
      throw error;
    }
  }
  /** Why a state cannot be used (inspectState's problem, checked by HEAD: nothing is held), or undefined. */
  async stateProblem(record2) {
    return (await this.inspectState(record2)).problem;
  }
  /**
   * The state after a run, key by key, validated line by line: its full file, or its chain (the
   * checkpoint with every delta applied, newest last) merged as it streams, so memory holds one line
   * per file whatever the number of keys. Damage throws CatalogDamagedError naming the file.
   */
  async *readState(record2, recovery = RECOVER_STATE, read) {
    if (!record2) return;
    const files = stateFiles(record2);
    if (files.length === 1) {
      for await (const line of this.readStateFile(record2, files[0], recovery, read?.get(files[0].file))) if (!("gone" in line)) yield line;
      return;
    }
    const streams = files.map((file) => ({ items: this.readStateFile(record2, file, recovery, read?.get(file.file)), key: (line) => line.k, name: file.file }));
    for await (const { items } of mergeSorted(streams)) {
      let newest;
      for (const found of items) if (found.length > 0) newest = found[0];
      if (newest && !("gone" in newest)) yield newest;
    }
  }
  /** One file of a state (a checkpoint or a delta), validated and in key order. */
  async *readStateFile(record2, file, recovery = RECOVER_STATE, read) {
    const context = { bucket: record2.bucket, prefix: record2.prefix };
    const expected = { ...file.bytes !== void 0 ? { bytes: file.bytes } : {}, ...file.sha256 !== void 0 ? { sha256: file.sha256 } : {} };
    const validate2 = (value) => {
      const line = validateStateDeltaLine(value, context);
      if (file.kind === "full" && "gone" in line) throw new CatalogLineError("a full state file says a key is gone");
      return line;
    };
    const lines = readFileLines(this.destination, file.file, expected, this.readOptions, recovery, MAX_STATE_LINE_BYTES, validate2, read);
    let previous;
    for await (const line of lines) {
      if (previous !== void 0 && compareKeys(previous, line.k) >= 0) {
        throw new CatalogDamagedError(file.file, `is not in S3 key order (${JSON.stringify(line.k.slice(0, 100))} after ${JSON.stringify(previous.slice(0, 100))})`, recovery);
      }
      previous = line.k;
      yield line;
    }
  }
  /** The events file of a run, validated line by line; damage throws CatalogDamagedError naming it. */
  async *readEvents(record2, recovery = RECOVER_FROM_COPY) {
    const context = { bucket: record2.bucket, prefix: record2.prefix };
    const lines = readFileLines(this.destination, record2.events, expectedOf(record2, "events"), this.readOptions, recovery, MAX_EVENT_LINE_BYTES, (v2) => validateEventLine(v2, context));
    let previous;
    for await (const event of lines) {
      if (previous !== void 0 && compareKeys(previous, event.k) > 0) {
        throw new CatalogDamagedError(record2.events, `is not in S3 key order (${JSON.stringify(event.k.slice(0, 100))} after ${JSON.stringify(previous.slice(0, 100))})`, recovery);
      }
      previous = event.k;
      yield event;
    }
  }
  /** Reads a whole state (every file of its chain, streaming) to prove it intact before anything relies on it. */
  async checkState(record2, recovery) {
    for await (const _ of this.readState(record2, recovery)) ;
  }
  /** Reads a whole events file (streaming) to prove it intact before anything relies on it. */
  async checkEvents(record2, recovery) {
    for await (const _ of this.readEvents(record2, recovery)) ;
  }
};
function formatRunRecord(record2) {
  return JSON.stringify(record2, null, 2).replace(
    /"stateChain": \[[^\]]*\]/g,
    (chain) => chain.replace(/\{\s+([^{}]*?)\s+\}/g, (_link, body) => `{ ${body.replace(/,\s+/g, ", ")} }`)
  );
}
function expectedOf(record2, _file) {
  const bytes2 = record2.eventsBytes;
  const sha2562 = record2.eventsSha256;
  return { ...bytes2 !== void 0 ? { bytes: bytes2 } : {}, ...sha2562 !== void 0 ? { sha256: sha2562 } : {} };
}

// src/backends/s3/catalog/lease.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { hostname } from "node:os";

// src/backends/s3/catalog/lease-record.ts
import { createHash as createHash2 } from "node:crypto";
var LEASE_FILE = "catalog/lock.json";
var LEASE_FORMAT = "pullback-lease/1";
var CONDITIONS_PROBE_FILE = "catalog/conditions-probe.json";
var MAX_STALE_AFTER_MS = 60 * 6e4;
var MAX_LEASE_BYTES = 64 * 1024;
function staleAt(holder) {
  return new Date(Date.parse(holder.heartbeatAt) + Math.min(Math.max(holder.staleAfterSeconds, 0) * 1e3, MAX_STALE_AFTER_MS));
}
function parseLease(body) {
  try {
    const raw = JSON.parse(body);
    const times = [raw.acquiredAt, raw.heartbeatAt].every((t8) => typeof t8 === "string" && !Number.isNaN(Date.parse(t8)));
    if (raw.format !== LEASE_FORMAT || typeof raw.runId !== "string" || typeof raw.host !== "string" || typeof raw.pid !== "number" || typeof raw.token !== "string") {
      return "it is not a lease pullback wrote";
    }
    if (!times || typeof raw.staleAfterSeconds !== "number" || raw.releasedAt !== void 0 && Number.isNaN(Date.parse(raw.releasedAt))) return "its times are not times";
    return raw;
  } catch (error) {
    return `it is not JSON (${error.message})`;
  }
}
async function readLease(destination, options = defaultReadOptions()) {
  for (let attempt = 1; ; attempt++) {
    let read;
    try {
      read = await readLeaseOnce(destination);
    } catch (error) {
      if (!isRetryable(error)) throw new CatalogUnreadableError(LEASE_FILE, `cannot be read (${error.message})`, RECOVER_ACCESS, { cause: error });
      if (attempt >= options.attempts) throw new CatalogUnreadableError(LEASE_FILE, `could not be read in ${attempt} attempts (last: ${error.message})`, RECOVER_RETRY, { cause: error });
      options.onRetry?.(LEASE_FILE, error, attempt);
      await options.sleep(Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)));
      continue;
    }
    if (read.damaged === void 0 || attempt >= options.attempts) return read;
    await options.sleep(Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)));
  }
}
async function readLeaseOnce(destination) {
  let body;
  let etag;
  let contentTagged = false;
  if (destination.getTagged) {
    const found = await destination.getTagged(LEASE_FILE, MAX_LEASE_BYTES);
    if (!found) return { exists: false };
    body = found.body.toString("utf8");
    etag = found.etag;
    contentTagged = etag !== void 0 && etag === createHash2("md5").update(found.body).digest("hex");
  } else {
    const stream = await destination.get(LEASE_FILE);
    if (!stream) return { exists: false };
    const whole = await readWhole(stream, MAX_LEASE_BYTES);
    if (!whole) return { exists: true, damaged: `larger than ${MAX_LEASE_BYTES} bytes` };
    body = whole.toString("utf8");
  }
  const parsed = parseLease(body);
  const tag = { ...etag ? { etag } : {}, ...contentTagged ? { contentTagged: true } : {} };
  return typeof parsed === "string" ? { exists: true, damaged: parsed, ...tag } : { exists: true, record: parsed, ...tag };
}
async function writeLease(destination, record2, current) {
  const body = JSON.stringify(record2, null, 2);
  if (destination.putIf) {
    const condition = current.exists ? current.etag ? { ifMatch: current.etag } : void 0 : { ifNoneMatch: "*" };
    if (condition) {
      const result = await destination.putIf(LEASE_FILE, body, condition);
      if (result !== "unsupported") return result;
    }
  }
  await destination.put(LEASE_FILE, body, { mutable: true });
  return "unconditional";
}

// src/backends/s3/catalog/lease.ts
var DEFAULT_STALE_AFTER_MS = 10 * 6e4;
var DEFAULT_HEARTBEAT_MS = 6e4;
var LeaseHeldError = class extends Error {
  constructor(holder, staleAt2, now) {
    const minutes = Math.max(0, Math.ceil((staleAt2.getTime() - now.getTime()) / 6e4));
    const ahead = Date.parse(holder.heartbeatAt) - now.getTime();
    const damaged2 = ahead > MAX_STALE_AFTER_MS ? `. Its heartbeat is ${Math.round(ahead / 36e5)} h ahead of that clock, which no live run writes: the lease file looks damaged or edited. If no pullback run is running against this destination (check the host and the workflow's runs), delete ${LEASE_FILE} there and run again` : "";
    super(
      `another pullback run holds the destination's lease (${LEASE_FILE}): run ${holder.runId} on host ${holder.host} (pid ${holder.pid}), last heartbeat ${holder.heartbeatAt} by the destination's clock. Two runs at once are refused. If that run is dead, its lease goes stale at ${staleAt2.toISOString()} (in about ${minutes} min) and the next run takes over; otherwise let it finish (and keep runs in one concurrency group)${damaged2}`
    );
    this.holder = holder;
    this.name = "LeaseHeldError";
  }
  holder;
};
var LeaseLostError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "LeaseLostError";
  }
};
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
var RunLease = class _RunLease {
  constructor(destination, logger, options, record2, acquiredAt, joined = false, takenFromFirstRead = false) {
    this.destination = destination;
    this.logger = logger;
    this.options = options;
    this.joined = joined;
    this.takenFromFirstRead = takenFromFirstRead;
    this.record = record2;
    this.acquiredAt = acquiredAt;
  }
  destination;
  logger;
  options;
  joined;
  takenFromFirstRead;
  record;
  timer;
  beat = Promise.resolve();
  /** The check beginCheck started ahead of the commit. */
  earlyCheck;
  /** The release under way (release() is called early by a commit, and again when the run ends). */
  releasing;
  lost;
  failing = false;
  /** When the lease was taken, by the destination's clock. */
  acquiredAt;
  /** Takes the lease for `runId`, or throws LeaseHeldError naming the holder. */
  static async acquire(destination, runId2, logger, options = {}) {
    const settings = { staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS, heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, now: options.now ?? (() => /* @__PURE__ */ new Date()) };
    const clock = () => destination.serverTime?.() ?? settings.now();
    const host = options.host ?? hostname();
    const pid = options.pid ?? process.pid;
    const isAlive = options.isAlive ?? processAlive;
    const token = randomBytes2(12).toString("hex");
    let staleIfMatchRefused = false;
    if (destination.refusesStaleIfMatch && destination.putIf) {
      destination.refusesStaleIfMatch(CONDITIONS_PROBE_FILE).then(
        (refused) => staleIfMatchRefused = refused,
        () => void 0
      );
    }
    for (let attempt = 1; attempt <= 4; attempt++) {
      const current = await readLease(destination);
      const now = clock();
      let tookOver;
      if (current.record && current.record.token !== token) {
        const holder2 = current.record;
        if (options.shared !== void 0 && holder2.shared === options.shared && !holder2.releasedAt && staleAt(holder2).getTime() > now.getTime()) {
          logger.info(`joining the lease of sharded run ${options.shared} (run ${holder2.runId}, taken by host ${holder2.host})`);
          const joined = new _RunLease(destination, logger, settings, holder2, new Date(Date.parse(holder2.acquiredAt)), true);
          joined.startHeartbeat();
          return joined;
        }
        const deadHere = holder2.host === host && holder2.pid !== pid && !holder2.releasedAt && !isAlive(holder2.pid);
        if (!holder2.releasedAt && !deadHere && staleAt(holder2).getTime() > now.getTime()) throw new LeaseHeldError(holder2, staleAt(holder2), now);
        if (!holder2.releasedAt) {
          tookOver = holder2.runId;
          logger.warn(
            `taking over the lease of run ${holder2.runId} (host ${holder2.host}, pid ${holder2.pid}): ` + (deadHere ? "that process no longer exists on this host" : `no heartbeat since ${holder2.heartbeatAt}`)
          );
        }
      } else if (current.damaged) {
        tookOver = "(damaged)";
        logger.warn(`${LEASE_FILE} could not be read (${current.damaged}): taking the lease`);
      }
      const freeAtFirstRead = attempt === 1 && !current.damaged && (!current.record || current.record.releasedAt !== void 0);
      if (freeAtFirstRead) {
        const released = current.record;
        const clean = released !== void 0 && current.etag !== void 0 && destination.putIf !== void 0 && released.tookOver === void 0 && released.unconditional === void 0;
        options.whenFree?.(clean ? released.runId : void 0);
      }
      if (attempt === 1) await options.writeAfter;
      const mine = {
        format: LEASE_FORMAT,
        runId: runId2,
        host,
        pid,
        token,
        acquiredAt: now.toISOString(),
        heartbeatAt: now.toISOString(),
        staleAfterSeconds: Math.round(settings.staleAfterMs / 1e3),
        ...options.shared !== void 0 ? { shared: options.shared } : {},
        ...tookOver !== void 0 ? { tookOver } : {}
      };
      const written = await writeLease(destination, mine, current);
      if (written === "conflict") continue;
      if (written === "unconditional") mine.unconditional = true;
      const trusted = written === "written" && current.contentTagged === true && staleIfMatchRefused;
      if (trusted) logger.debug(`${LEASE_FILE}: written with If-Match on a store that refuses stale ones; not read back`);
      else {
        const back = await readLease(destination);
        if (back.record?.token !== token) continue;
      }
      const lease = new _RunLease(destination, logger, settings, mine, clock(), false, freeAtFirstRead);
      lease.startHeartbeat();
      return lease;
    }
    const holder = (await readLease(destination)).record;
    if (holder) throw new LeaseHeldError(holder, staleAt(holder), clock());
    throw new Error(`could not take the destination's lease (${LEASE_FILE}): other runs kept changing it; run again`);
  }
  clock() {
    return this.destination.serverTime?.() ?? this.options.now();
  }
  startHeartbeat() {
    this.timer = setInterval(() => {
      this.beat = this.beat.then(() => this.refresh());
    }, this.options.heartbeatMs);
    this.timer.unref();
  }
  /** Re-reads the lease and writes a new heartbeat; records a takeover instead of throwing. */
  async refresh() {
    if (this.lost) return;
    try {
      const current = await readLease(this.destination);
      if (current.record?.token !== this.record.token) {
        this.loseTo(current.record);
        return;
      }
      const next = { ...this.record.shared !== void 0 && current.record ? current.record : this.record, heartbeatAt: this.clock().toISOString() };
      const written = await writeLease(this.destination, next, current);
      if (written === "conflict") return;
      this.record = written === "unconditional" ? { ...next, unconditional: true } : next;
      if (this.failing) this.logger.info(`${LEASE_FILE}: heartbeat written again`);
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`${LEASE_FILE}: heartbeat failed (${error.message}); retrying`);
      this.failing = true;
    }
  }
  /**
   * Reads the lease once and throws LeaseLostError if another run has taken over. Call before
   * committing. A read, not a heartbeat: the commit that follows takes seconds against a stale
   * time of minutes, so a write here would only cost a round trip on every run.
   */
  async assertHeld() {
    this.beat = this.beat.then(() => this.confirm());
    await this.beat;
    if (this.lost) throw new LeaseLostError(this.lost);
  }
  /**
   * Begins assertHeld ahead of the commit (a backup: beside its last state and events writes, its
   * own files, which no record names yet); assertHeldSince then reuses it while it is fresh.
   */
  beginCheck() {
    if (this.earlyCheck) return;
    const done = this.assertHeld();
    done.catch(() => void 0);
    this.earlyCheck = { began: Date.now(), done };
  }
  /**
   * assertHeld, answered by beginCheck's read when that began at most `freshMs` ago (so the window
   * between the check and the commit stays that short); a clock stepped back proves nothing fresh.
   */
  async assertHeldSince(freshMs) {
    const age = this.earlyCheck ? Date.now() - this.earlyCheck.began : Number.NaN;
    if (this.earlyCheck && age >= 0 && age <= freshMs) return this.earlyCheck.done;
    return this.assertHeld();
  }
  async confirm() {
    if (this.lost) return;
    try {
      const current = await readLease(this.destination);
      if (current.record?.token !== this.record.token) this.loseTo(current.record);
    } catch (error) {
      this.logger.warn(`${LEASE_FILE}: could not be read before committing (${error.message}); committing under the lease this run took`);
    }
  }
  loseTo(holder) {
    const by = holder ? `run ${holder.runId} on host ${holder.host}` : "nobody (the lease file is gone or damaged)";
    this.lost = `this run's lease (${LEASE_FILE}) is now held by ${by}: it looked stale to that run. Nothing was committed; run again once the other run has finished`;
    this.stop();
  }
  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = void 0;
  }
  /**
   * Stops the heartbeat and leaves the lease as it is: a shard of a sharded run hands it on to the
   * other shards and the commit, which releases it (or it goes stale by itself).
   */
  async leave() {
    this.stop();
    await this.beat.catch(() => void 0);
  }
  /**
   * Frees the lease for the next run (a marker, not a delete: backup credentials cannot delete).
   * With `after` (writes still under way that must land under the lease: a commit's pointers), the
   * read that confirms this run still holds the lease overlaps them and the write waits for them
   * to settle: one round trip after them, not two. Called again, it returns the first call's promise.
   * It stops the heartbeat: never call it before the commit point (the run record) has landed, or a
   * slow record write could outlast the stale time with no heartbeat and another run take over.
   */
  release(after) {
    this.releasing ??= this.freeLease(after);
    return this.releasing;
  }
  async freeLease(after) {
    this.stop();
    await this.beat.catch(() => void 0);
    if (this.lost) return;
    try {
      const reading = readLease(this.destination);
      reading.catch(() => void 0);
      await after?.catch(() => void 0);
      const current = await reading;
      if (current.record?.token !== this.record.token) return;
      await writeLease(this.destination, { ...this.record, releasedAt: this.clock().toISOString() }, current);
    } catch (error) {
      this.logger.warn(`${LEASE_FILE}: could not release the lease (${error.message}); it goes stale by itself`);
    }
  }
  get holder() {
    return this.record;
  }
};

// src/backends/s3/catalog/prune-records.ts
var PRUNE_FORMAT = "pullback-prune/1";
var PRUNES = "catalog/prunes/";
var PRUNE_FILE = new RegExp(`^(${RUN_ID.source.slice(1, -1)})(\\.json|\\.done\\.json)$`);
function emptyPruneCounts() {
  return { pointsBefore: 0, pointsKept: 0, eventsBefore: 0, eventsKept: 0, objects: 0, bytes: 0, carried: 0, protected: 0 };
}
function pruneFolder(bucket, prefix, pruneId) {
  return `catalog/sources/${sourceSlug(bucket, prefix)}/prunes/${pruneId}/`;
}
function parsePruneFile(name) {
  const match = PRUNE_FILE.exec(name);
  return match ? { pruneId: match[1], done: match[2] === ".done.json" } : void 0;
}
function pruneFile(value, source, name, latest, what) {
  const file = text(value, what, 2e3);
  const folder = `catalog/sources/${sourceSlug(source.bucket, source.prefix)}/prunes/`;
  const id = file.startsWith(folder) ? file.slice(folder.length, -`/${name}`.length) : "";
  if (!RUN_ID.test(id) || file !== `${folder}${id}/${name}` || compareKeys(id, latest) > 0) fail(`${what} ${JSON.stringify(file.slice(0, 200))} is not a ${name} of this source's prunes`);
  return file;
}
function runId(value, what) {
  const id = text(value, what, 40);
  if (!RUN_ID.test(id)) fail(`${what} is not a run id`);
  return id;
}
var POLICY_FIELDS = ["last", "hourly", "daily", "weekly", "monthly", "yearly"];
var COUNT_FIELDS = Object.keys(emptyPruneCounts());
var MAX_POINTS = 1e6;
function prunedSource(value, pruneId, index) {
  const what = `source ${index + 1}`;
  const raw = object(value, what);
  const bucket = text(raw["bucket"], `${what} "bucket"`, 255);
  if (!BUCKET.test(bucket) || bucket.includes("..")) fail(`${what} "bucket" is not a bucket name`);
  const prefix = text(raw["prefix"], `${what} "prefix"`, MAX_KEY_BYTES);
  const id = text(raw["id"], `${what} "id"`, 2e3);
  if (id !== sourceId(bucket, prefix)) fail(`${what} "id" ${JSON.stringify(id)} is not ${JSON.stringify(sourceId(bucket, prefix))}`);
  const source = { bucket, prefix };
  const points = raw["points"];
  if (!Array.isArray(points) || points.length > MAX_POINTS) fail(`${what} "points" is not a list of restore points`);
  const kept = points.map((p2, i2) => {
    const point = object(p2, `${what} point ${i2 + 1}`);
    return { runId: runId(point["runId"], `${what} point ${i2 + 1} "runId"`), at: time(point["at"], `${what} point ${i2 + 1} "at"`) };
  });
  for (let i2 = 1; i2 < kept.length; i2++) if (Date.parse(kept[i2].at) < Date.parse(kept[i2 - 1].at)) fail(`${what} "points" are not oldest first`);
  const rawCounts = object(raw["counts"], `${what} "counts"`);
  const counts = emptyPruneCounts();
  for (const name of COUNT_FIELDS) if (rawCounts[name] !== void 0) counts[name] = count2(rawCounts[name], `${what} "counts.${name}"`);
  const record2 = {
    id,
    bucket,
    prefix,
    foldedThrough: runId(raw["foldedThrough"], `${what} "foldedThrough"`),
    history: pruneFile(raw["history"], source, "history.jsonl.gz", pruneId, `${what} "history"`),
    historySha256: sha256(raw["historySha256"], `${what} "historySha256"`),
    historyBytes: count2(raw["historyBytes"], `${what} "historyBytes"`),
    firstListStartedAt: time(raw["firstListStartedAt"], `${what} "firstListStartedAt"`),
    lastListFinishedAt: time(raw["lastListFinishedAt"], `${what} "lastListFinishedAt"`),
    windowStart: time(raw["windowStart"], `${what} "windowStart"`),
    points: kept,
    counts
  };
  if (raw["removals"] !== void 0) {
    record2.removals = pruneFile(raw["removals"], source, "removals.jsonl.gz", pruneId, `${what} "removals"`);
    record2.removalsSha256 = sha256(raw["removalsSha256"], `${what} "removalsSha256"`);
    record2.removalsBytes = count2(raw["removalsBytes"], `${what} "removalsBytes"`);
  }
  return record2;
}
function validatePruneRecord(value, pruneId) {
  const raw = object(value, "the prune record");
  if (raw["format"] !== PRUNE_FORMAT) fail(`"format" ${JSON.stringify(String(raw["format"]).slice(0, 40))} is not ${PRUNE_FORMAT}; a newer pullback may have written it`);
  if (raw["pruneId"] !== pruneId) fail(`"pruneId" is not the file's prune id ${pruneId}`);
  const tool = object(raw["tool"], '"tool"');
  if (tool["name"] !== "pullback") fail('"tool.name" is not pullback');
  const rawPolicy = object(raw["policy"], '"policy"');
  const policy = {};
  if (rawPolicy["withinMs"] !== void 0) policy.withinMs = count2(rawPolicy["withinMs"], '"policy.withinMs"');
  for (const field of POLICY_FIELDS) if (rawPolicy[field] !== void 0) policy[field] = count2(rawPolicy[field], `"policy.${field}"`);
  const sources = raw["sources"];
  if (!Array.isArray(sources)) fail('"sources" is not a list');
  const records = sources.map((s2, i2) => prunedSource(s2, pruneId, i2));
  if (new Set(records.map((r2) => r2.id)).size !== records.length) fail('"sources" names one source twice');
  return {
    format: PRUNE_FORMAT,
    pruneId,
    startedAt: time(raw["startedAt"], '"startedAt"'),
    finishedAt: time(raw["finishedAt"], '"finishedAt"'),
    tool: { name: "pullback", version: text(tool["version"], '"tool.version"', 100) },
    policy,
    sources: records
  };
}
function validatePruneDone(value, record2) {
  const raw = object(value, "the done marker");
  if (raw["format"] !== PRUNE_FORMAT || raw["pruneId"] !== record2.pruneId) fail("it is not the done marker of this prune");
  const sources = raw["sources"];
  if (!Array.isArray(sources)) fail('"sources" is not a list');
  return {
    format: PRUNE_FORMAT,
    pruneId: record2.pruneId,
    finishedAt: time(raw["finishedAt"], '"finishedAt"'),
    sources: sources.map((value2, i2) => {
      const entry = object(value2, `source ${i2 + 1}`);
      const id = text(entry["id"], `source ${i2 + 1} "id"`, 2e3);
      const source = record2.sources.find((s2) => s2.id === id);
      if (!source) fail(`source ${i2 + 1} is not a source of the prune`);
      if (entry["left"] === void 0) return { id };
      return {
        id,
        left: pruneFile(entry["left"], source, "left.jsonl.gz", record2.pruneId, `source ${i2 + 1} "left"`),
        leftSha256: sha256(entry["leftSha256"], `source ${i2 + 1} "leftSha256"`),
        leftBytes: count2(entry["leftBytes"], `source ${i2 + 1} "leftBytes"`)
      };
    })
  };
}

// src/backends/s3/catalog/prune-catalog.ts
var MAX_PRUNE_RECORD_BYTES = 64 * 1024 * 1024;
var MAX_EVENT_LINE_BYTES2 = 1024 * 1024;
var MAX_LIST_LINE_BYTES = 1024 * 1024;
async function pruneIds(catalog) {
  const committed = [];
  const done = /* @__PURE__ */ new Set();
  for await (const object2 of catalog.destination.list(PRUNES)) {
    const parsed = parsePruneFile(object2.key.slice(PRUNES.length));
    if (!parsed) continue;
    if (parsed.done) done.add(parsed.pruneId);
    else committed.push(parsed.pruneId);
  }
  return { committed: committed.sort(compareKeys), done };
}
async function readPrune(catalog, pruneId) {
  const file = `${PRUNES}${pruneId}.json`;
  const raw = await readSmallJson(catalog.destination, file, MAX_PRUNE_RECORD_BYTES, catalog.readOptions, RECOVER_FROM_COPY);
  if (raw === void 0) return void 0;
  try {
    return validatePruneRecord(raw, pruneId);
  } catch (error) {
    throw new CatalogDamagedError(file, `is not a prune record pullback wrote (${error.message})`, RECOVER_FROM_COPY, { cause: error });
  }
}
async function latestPrune(catalog) {
  const { committed, done } = await pruneIds(catalog);
  const newest = committed.at(-1);
  if (newest === void 0) return void 0;
  const record2 = await readPrune(catalog, newest);
  if (!record2) return void 0;
  if (!done.has(newest)) return { record: record2 };
  const file = `${PRUNES}${newest}.done.json`;
  const raw = await readSmallJson(catalog.destination, file, MAX_PRUNE_RECORD_BYTES, catalog.readOptions, "the next prune removes again what this one listed");
  try {
    return raw === void 0 ? { record: record2 } : { record: record2, done: validatePruneDone(raw, record2) };
  } catch {
    return { record: record2 };
  }
}
async function* readHistory(catalog, source, recovery = RECOVER_FROM_COPY) {
  const context = { bucket: source.bucket, prefix: source.prefix };
  const lines = readFileLines(catalog.destination, source.history, { bytes: source.historyBytes, sha256: source.historySha256 }, catalog.readOptions, recovery, MAX_EVENT_LINE_BYTES2, (v2) => validateEventLine(v2, context));
  let previous;
  for await (const event of lines) {
    if (previous !== void 0 && compareKeys(previous, event.k) > 0) {
      throw new CatalogDamagedError(source.history, `is not in S3 key order (${JSON.stringify(event.k.slice(0, 100))} after ${JSON.stringify(previous.slice(0, 100))})`, recovery);
    }
    previous = event.k;
    yield event;
  }
}
async function* readObjectList(catalog, source, file, recovery) {
  const context = { bucket: source.bucket, prefix: source.prefix };
  const lines = readFileLines(catalog.destination, file.file, { bytes: file.bytes, sha256: file.sha256 }, catalog.readOptions, recovery, MAX_LIST_LINE_BYTES, (v2) => validateStateLine(v2, context));
  let previous;
  for await (const line of lines) {
    if (previous !== void 0 && compareKeys(previous, line.k) >= 0) throw new CatalogDamagedError(file.file, "is not in S3 key order", recovery);
    previous = line.k;
    yield line;
  }
}
function pendingList(prune, sourceIdValue) {
  const source = prune?.record.sources.find((s2) => s2.id === sourceIdValue);
  if (!prune || !source) return void 0;
  if (prune.done) {
    const left = prune.done.sources.find((s2) => s2.id === sourceIdValue);
    return left?.left ? { file: left.left, sha256: left.leftSha256, bytes: left.leftBytes } : void 0;
  }
  return source.removals ? { file: source.removals, sha256: source.removalsSha256, bytes: source.removalsBytes } : void 0;
}

// src/backends/s3/catalog/jsonl.ts
import { createHash as createHash3 } from "node:crypto";
import { createGzip } from "node:zlib";
import { PassThrough, Transform } from "node:stream";
import { once } from "node:events";
var BATCH_CHARACTERS = 64 * 1024;
var JsonLinesWriter = class {
  constructor(destination, key) {
    this.key = key;
    const body = this.body;
    const measure = new Transform({
      transform: (chunk, _encoding, callback) => {
        this.hash.update(chunk);
        this.bytes += chunk.length;
        callback(null, chunk);
      }
    });
    this.gzip.pipe(measure).pipe(body);
    this.gzip.on("error", () => {
    });
    measure.on("error", () => {
    });
    body.on("error", () => {
    });
    this.done = destination.put(key, body, { metadata: { contentType: "application/x-ndjson", contentEncoding: "gzip" } });
    this.done.catch((error) => {
      this.failure = error;
      this.gzip.destroy(asError(error));
    });
  }
  key;
  gzip = createGzip();
  hash = createHash3("sha256");
  bytes = 0;
  body = new PassThrough();
  done;
  failure;
  pending = [];
  pendingLength = 0;
  count = 0;
  async write(record2) {
    if (this.failure) throw this.failure;
    this.count++;
    const line = JSON.stringify(record2) + "\n";
    this.pending.push(line);
    this.pendingLength += line.length;
    if (this.pendingLength >= BATCH_CHARACTERS) await this.flush();
  }
  /**
   * Lines go to zlib in batches: one deflate call per line cost 0.2 s of CPU in a run of 2,000
   * keys (bench/results/2026-11-30.md); a batch of 64 Ki characters costs one.
   */
  async flush() {
    if (this.pending.length === 0) return;
    const batch = this.pending.join("");
    this.pending = [];
    this.pendingLength = 0;
    if (!this.gzip.write(batch)) {
      try {
        await once(this.gzip, "drain");
      } catch (error) {
        throw this.failure ?? error;
      }
    }
  }
  async close() {
    if (this.failure) throw this.failure;
    await this.flush();
    this.gzip.end();
    await this.done;
    return { sha256: this.hash.digest("hex"), bytes: this.bytes };
  }
  /** Gives up the file: the upload fails (a multipart upload is aborted, a temporary file removed). */
  async abort(reason = new Error("catalogue write abandoned")) {
    this.failure ??= reason;
    this.pending = [];
    this.gzip.destroy(reason);
    this.body.destroy(reason);
    await this.done.catch(() => void 0);
  }
};

// src/backends/s3/plan/as-of.ts
function keyAsOf(key, events, at2) {
  const purges = /* @__PURE__ */ new Map();
  for (const event of events) if (event.type === "purged") purges.set(event.id, { after: event.after, before: event.before });
  const goneBy = (id) => {
    const purge = purges.get(id);
    return purge !== void 0 && Date.parse(purge.before) <= at2;
  };
  const maybeGone = (id) => {
    const purge = purges.get(id);
    return purge !== void 0 && Date.parse(purge.after) < at2 && Date.parse(purge.before) > at2 ? purge : void 0;
  };
  let latest;
  events.forEach((event, order) => {
    if (event.type !== "version" && event.type !== "skipped" || Date.parse(event.t) > at2 || goneBy(event.id)) return;
    if (!latest) {
      latest = { event, order };
      return;
    }
    const dt = Date.parse(event.t) - Date.parse(latest.event.t);
    if (dt > 0 || dt === 0 && order > latest.order) latest = { event, order };
  });
  const result = { key };
  if (!latest) return result;
  const chosen = latest;
  let deleted = false;
  events.forEach((event, order) => {
    if (event.type === "deleteMarker") {
      const t8 = Date.parse(event.t);
      const versionTime = Date.parse(chosen.event.t);
      if (t8 > at2 || t8 < versionTime || t8 === versionTime && order < chosen.order || goneBy(event.id)) return;
      const removal = maybeGone(event.id);
      if (removal) result.uncertainDeletion = { after: removal.after, before: removal.before };
      else deleted = true;
    } else if (event.type === "deleted" && order > chosen.order) {
      if (Date.parse(event.before) <= at2) deleted = true;
      else if (Date.parse(event.after) < at2) result.uncertainDeletion = { after: event.after, before: event.before };
    }
  });
  if (deleted) {
    delete result.uncertainDeletion;
    return result;
  }
  if (chosen.event.type === "skipped") {
    delete result.uncertainDeletion;
    result.skipped = chosen.event;
    return result;
  }
  result.version = chosen.event;
  return result;
}
async function* statesAsOf(runs, at2) {
  const streams = runs.map((run) => ({ items: run.events, key: (event) => event.k, name: run.name, repeats: true }));
  for await (const { key, items } of mergeSorted(streams)) yield keyAsOf(key, items.flat(), at2.getTime());
}

// src/backends/s3/plan/prune-plan.ts
function boundaries(event) {
  switch (event.type) {
    case "version":
    case "deleteMarker":
    case "skipped":
      return [Date.parse(event.t)];
    case "deleted":
    case "purged":
      return [Date.parse(event.after), Date.parse(event.before)];
  }
}
function probeInstants(events, input) {
  const probes = /* @__PURE__ */ new Set();
  const first = Math.min(...events.flatMap(boundaries));
  for (const at2 of input.instants) if (at2 < input.windowStart && at2 >= first) probes.add(at2);
  if (Number.isFinite(input.windowStart)) probes.add(input.windowStart);
  for (const event of events) {
    for (const at2 of boundaries(event)) {
      if (at2 < input.windowStart) continue;
      probes.add(at2);
      probes.add(at2 + 1);
    }
  }
  return [...probes].sort((a2, b2) => a2 - b2);
}
function sameAnswer(a2, b2) {
  if (a2.version?.id !== b2.version?.id || a2.version?.b !== b2.version?.b || a2.skipped?.id !== b2.skipped?.id) return false;
  return a2.uncertainDeletion?.after === b2.uncertainDeletion?.after && a2.uncertainDeletion?.before === b2.uncertainDeletion?.before;
}
function latestTime(event) {
  return Math.max(...boundaries(event));
}
function pruneKey(key, events, input) {
  if (events.length === 0) return { key, keep: [], remove: [], dropped: 0, level: 3, protected: 0 };
  if (input.windowStart === Number.NEGATIVE_INFINITY) return { key, keep: [...events], remove: [], dropped: 0, level: 3, protected: 0 };
  const probes = probeInstants(events, input);
  const answers = probes.map((at2) => keyAsOf(key, events, at2));
  const needed = /* @__PURE__ */ new Set();
  for (const answer of answers) if (answer.version) needed.add(answer.version);
  let guarded = 0;
  for (const event of events) {
    if (event.type !== "version" || needed.has(event)) continue;
    if (Date.parse(event.t) >= input.windowStart) needed.add(event);
    else if (event.b !== void 0 && input.protect?.has(event.b)) {
      needed.add(event);
      guarded++;
    }
  }
  const passes = (candidate) => probes.every((at2, i2) => sameAnswer(keyAsOf(key, candidate, at2), answers[i2]));
  const firstKept = events.findIndex((e2) => needed.has(e2));
  const lean = events.filter((e2, i2) => e2.type === "version" ? needed.has(e2) : firstKept >= 0 ? i2 > firstKept || latestTime(e2) >= input.windowStart : latestTime(e2) >= input.windowStart);
  const withDeletions = events.filter((e2) => e2.type !== "version" || needed.has(e2));
  let keep2;
  let level;
  if (passes(lean)) [keep2, level] = [lean, 1];
  else if (passes(withDeletions)) [keep2, level] = [withDeletions, 2];
  else [keep2, level] = [[...events], 3];
  const referenced = /* @__PURE__ */ new Set();
  for (const event of keep2) if (event.type === "version" && event.b !== void 0) referenced.add(event.b);
  const remove = [];
  const listed = /* @__PURE__ */ new Set();
  for (const event of events) {
    if (event.type !== "version" || event.b === void 0 || referenced.has(event.b) || listed.has(event.b)) continue;
    listed.add(event.b);
    remove.push(removalOf(event));
  }
  return { key, keep: keep2, remove, dropped: events.length - keep2.length, level, protected: guarded };
}
function removalOf(event) {
  const removal = { id: event.id, t: event.t, b: event.b };
  if (event.vid !== void 0) removal.vid = event.vid;
  if (event.e !== void 0) removal.e = event.e;
  if (event.s !== void 0) removal.s = event.s;
  return removal;
}

// src/backends/s3/prune-source.ts
function tagged(items, wrap) {
  return (async function* () {
    for await (const item of items) yield wrap(item);
  })();
}
var keyOf = (item) => item.tag === "event" ? item.event.k : item.line.k;
async function planSourcePrune(input) {
  const { catalog, pruneId, source, policy } = input;
  const previous = source.pruned;
  const candidates = [
    ...(previous?.points ?? []).map((p2) => ({ id: p2.runId, at: Date.parse(p2.at) })),
    ...source.history.map((h2) => ({ id: h2.run.runId, at: Date.parse(h2.source.listFinishedAt) }))
  ];
  if (candidates.length === 0) throw new Error(`${source.id}: the catalogue holds no restore point of it to prune`);
  const decision = applyRetention(candidates, policy);
  if (!Number.isFinite(decision.windowStart)) throw new Error("a prune needs a retention policy (keep-within, keep-daily, ...): nothing was changed");
  const windowStart2 = Math.max(decision.windowStart, previous ? Date.parse(previous.windowStart) : Number.NEGATIVE_INFINITY);
  const kept = decision.kept.map((p2) => ({ runId: p2.id, at: new Date(p2.at).toISOString(), reasons: p2.reasons }));
  const counts = { ...emptyPruneCounts(), pointsBefore: candidates.length, pointsKept: kept.length };
  const result = {
    id: source.id,
    counts,
    windowStart: new Date(windowStart2).toISOString(),
    kept,
    removedPoints: decision.removed.slice(0, input.listLimit).map((p2) => ({ runId: p2.id, at: new Date(p2.at).toISOString() })),
    removedObjects: 0,
    freedBytes: 0,
    unremoved: 0
  };
  const samePoints = previous !== void 0 && previous.points.length === kept.length && previous.points.every((p2, i2) => p2.runId === kept[i2].runId);
  if (previous && source.history.length === 0 && !input.pending && samePoints && Date.parse(previous.windowStart) === windowStart2) {
    const { pruneId: _id, removals: _r, removalsSha256: _s2, removalsBytes: _b, ...part2 } = previous;
    return { part: { ...part2, counts }, result: { ...result, unchanged: true } };
  }
  const folder = pruneFolder(source.bucket, source.prefix, pruneId);
  const historyWriter = input.dryRun ? void 0 : new JsonLinesWriter(catalog.destination, `${folder}history.jsonl.gz`);
  const removalsWriter = input.dryRun ? void 0 : new JsonLinesWriter(catalog.destination, `${folder}removals.jsonl.gz`);
  const streams = [];
  if (previous) streams.push({ items: tagged(readHistory(catalog, previous), (event) => ({ tag: "event", event })), key: keyOf, name: previous.history, repeats: true });
  for (const h2 of source.history) streams.push({ items: tagged(catalog.readEvents(h2.source), (event) => ({ tag: "event", event })), key: keyOf, name: h2.source.events, repeats: true });
  if (source.latest) streams.push({ items: tagged(catalog.readState(source.latest.source), (line) => ({ tag: "state", line })), key: keyOf, name: "the latest state" });
  if (input.pending) {
    const list = readObjectList(catalog, source, input.pending, "the removals are planned again from the catalogue: run the prune again");
    streams.push({ items: tagged(list, (line) => ({ tag: "pending", line })), key: keyOf, name: input.pending.file });
  }
  const instants = kept.map((p2) => Date.parse(p2.at));
  const watermark = source.latest?.source.watermarkAfter ?? source.latest?.source.listStartedAt;
  const recheckFrom = watermark ? Date.parse(watermark) - input.recheckMarginMs : Number.POSITIVE_INFINITY;
  try {
    for await (const { key, items } of mergeSorted(streams)) {
      const events = [];
      const protect = /* @__PURE__ */ new Set();
      let pending = [];
      for (const group2 of items) {
        for (const item of group2) {
          if (item.tag === "event") events.push(item.event);
          else if (item.tag === "state") {
            item.line.v.forEach((v2, i2) => {
              if (v2.b && !v2.dm && (i2 === 0 || Date.parse(v2.t) >= recheckFrom)) protect.add(v2.b);
            });
          } else pending = item.line.v;
        }
      }
      const plan = pruneKey(key, events, { instants, windowStart: windowStart2, protect });
      counts.eventsBefore += events.length;
      counts.eventsKept += plan.keep.length;
      counts.protected += plan.protected;
      for (const event of plan.keep) await historyWriter?.write(event);
      const removals2 = [...plan.remove];
      const named = /* @__PURE__ */ new Set([...plan.keep.flatMap((e2) => e2.type === "version" && e2.b ? [e2.b] : []), ...removals2.map((r2) => r2.b)]);
      for (const version of pending) {
        if (!version.b || named.has(version.b) || protect.has(version.b)) continue;
        named.add(version.b);
        removals2.push(version);
        counts.carried++;
      }
      if (removals2.length === 0) continue;
      counts.objects += removals2.length;
      for (const removal of removals2) {
        counts.bytes += removal.s ?? 0;
        if (input.planned.length < input.listLimit) input.planned.push({ source: source.id, key, backupKey: removal.b, size: removal.s ?? 0, t: removal.t });
      }
      await removalsWriter?.write({ k: key, v: removals2 });
    }
  } catch (error) {
    await historyWriter?.abort();
    await removalsWriter?.abort();
    throw error;
  }
  const history = await historyWriter?.close();
  const removals = counts.objects > 0 ? await removalsWriter?.close() : await removalsWriter?.abort(new Error("nothing to remove"));
  const newest = source.history.at(-1);
  const part = {
    id: source.id,
    bucket: source.bucket,
    prefix: source.prefix,
    foldedThrough: newest?.run.runId ?? previous.foldedThrough,
    history: `${folder}history.jsonl.gz`,
    historySha256: history?.sha256 ?? "0".repeat(64),
    historyBytes: history?.bytes ?? 0,
    ...counts.objects > 0 ? { removals: `${folder}removals.jsonl.gz`, removalsSha256: removals?.sha256 ?? "0".repeat(64), removalsBytes: removals?.bytes ?? 0 } : {},
    firstListStartedAt: previous?.firstListStartedAt ?? source.history[0].source.listStartedAt,
    lastListFinishedAt: newest?.source.listFinishedAt ?? previous.lastListFinishedAt,
    windowStart: result.windowStart,
    points: kept.map(({ runId: runId2, at: at2 }) => ({ runId: runId2, at: at2 })),
    counts
  };
  return { part, result };
}

// src/backends/s3/catalog/shards.ts
import { createHash as createHash4 } from "node:crypto";
import { PassThrough as PassThrough2 } from "node:stream";
import { once as once2 } from "node:events";
var SHARDS = "catalog/shards/";
var SPLITS_FILE = "catalog/shards.json";
var PLAN_FORMAT = "pullback-shards/1";
var PART_FORMAT = "pullback-shard-part/1";
var SPLITS_FORMAT = "pullback-splits/1";
var RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
var SAMPLE_KEYS = 512;
var MAX_FILE_BYTES = 16 * 1024 * 1024;
var planFile = (name) => `${SHARDS}${name}/run.json`;
var partFile = (name, shard, count3) => `${SHARDS}${name}/part-${shard}-of-${count3}.json`;
var partStartedFile = (name, shard, count3) => `${SHARDS}${name}/part-${shard}-of-${count3}.started`;
var partFolder = (name, bucket, prefix, shard, count3) => `${SHARDS}${name}/${sourceSlug(bucket, prefix)}/${shard}-of-${count3}/`;
function rangeOf(splits, shard) {
  const after = shard >= 2 ? splits[shard - 2] : void 0;
  const upTo = shard <= splits.length ? splits[shard - 1] : void 0;
  return { ...after !== void 0 ? { after } : {}, ...upTo !== void 0 ? { upTo } : {} };
}
var KeySample = class {
  step = 1;
  keys = [];
  seen = 0;
  add(key) {
    this.seen++;
    if (this.seen % this.step !== 0) return;
    this.keys.push(key);
    if (this.keys.length >= SAMPLE_KEYS) {
      this.keys = this.keys.filter((_, i2) => i2 % 2 === 1);
      this.step *= 2;
    }
  }
  data() {
    return { keys: this.seen, step: this.step, sample: [...this.keys] };
  }
};
function mergeSamples(parts) {
  let offset = 0;
  let all = [];
  for (const part of parts) {
    const usable = Array.isArray(part.sample) && part.sample.every((k2) => typeof k2 === "string") && Number.isSafeInteger(part.step) && part.step > 0;
    if (usable) part.sample.forEach((k2, j2) => all.push({ k: k2, at: offset + (j2 + 1) * part.step }));
    offset += Number.isSafeInteger(part.keys) ? part.keys : 0;
  }
  if (all.length > SAMPLE_KEYS) {
    const every = Math.ceil(all.length / SAMPLE_KEYS);
    all = all.filter((_, i2) => i2 % every === every - 1);
  }
  return { keys: offset, sample: all };
}
function splitsFromSample(sample, count3) {
  if (sample.sample.length === 0) return void 0;
  const splits = [];
  for (let j2 = 1; j2 < count3; j2++) {
    const target = j2 * sample.keys / count3;
    const found = sample.sample.find((s2) => s2.at >= target) ?? sample.sample[sample.sample.length - 1];
    splits.push(found.k);
  }
  return splits;
}
var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function fallbackSplits(prefix, count3) {
  const splits = [];
  for (let j2 = 1; j2 < count3; j2++) splits.push(prefix + ALPHABET[Math.floor(j2 * ALPHABET.length / count3)]);
  return splits;
}
async function readShardFile(destination, file, format, read) {
  const raw = await readSmallJson(destination, file, MAX_FILE_BYTES, read, RECOVER_FROM_COPY);
  if (raw === void 0) return void 0;
  if (typeof raw !== "object" || raw === null || raw.format !== format) throw new CatalogDamagedError(file, `is not a ${format} file pullback wrote`, RECOVER_FROM_COPY);
  return raw;
}
function checkPlan(plan, file) {
  if (!RUN_ID.test(plan.runId) || !Array.isArray(plan.sources) || !Number.isInteger(plan.count) || !Array.isArray(plan.unfinished)) {
    throw new CatalogDamagedError(file, "is not a sharded run plan pullback wrote", RECOVER_FROM_COPY);
  }
  for (const source of plan.sources) {
    const ordered = source.splits.every((k2, i2) => typeof k2 === "string" && (i2 === 0 || compareKeys(source.splits[i2 - 1], k2) <= 0));
    if (source.splits.length !== plan.count - 1 || !ordered) throw new CatalogDamagedError(file, `has split points for ${source.id} that do not cut ${plan.count} ranges`, RECOVER_FROM_COPY);
  }
  return plan;
}
async function concatenateParts(destination, key, parts, read) {
  const hash2 = createHash4("sha256");
  let bytes2 = 0;
  const body = new PassThrough2();
  body.on("error", () => {
  });
  const writing = destination.put(key, body, { metadata: { contentType: "application/x-ndjson", contentEncoding: "gzip" } });
  try {
    for (const part of parts) {
      for await (const chunk of readFileBytes(destination, part.file, { bytes: part.bytes, sha256: part.sha256 }, read, RERUN_SHARD)) {
        hash2.update(chunk);
        bytes2 += chunk.length;
        if (!body.write(chunk)) await once2(body, "drain");
      }
    }
    body.end();
    await writing;
  } catch (error) {
    body.destroy(error);
    await writing.catch(() => void 0);
    throw error;
  }
  return { sha256: hash2.digest("hex"), bytes: bytes2 };
}
var RERUN_SHARD = "run the shard that wrote it again (re-run its job), then the commit";

// src/backends/s3/catalog/shard-sweep.ts
async function* committedShardFiles(catalog, committed) {
  const runOf = /* @__PURE__ */ new Map();
  const plans = [];
  for await (const object2 of catalog.destination.list(SHARDS)) {
    const name = /^catalog\/shards\/([^/]+)\//.exec(object2.key)?.[1];
    if (name === void 0 || !RUN_NAME.test(name)) continue;
    if (!runOf.has(name)) {
      const file = `${SHARDS}${name}/run.json`;
      try {
        const plan = await readShardFile(catalog.destination, file, PLAN_FORMAT, catalog.readOptions);
        runOf.set(name, plan ? checkPlan(plan, file).runId : void 0);
      } catch (error) {
        if (!(error instanceof CatalogError)) throw error;
        runOf.set(name, void 0);
      }
    }
    const runId2 = runOf.get(name);
    if (runId2 === void 0 || !committed.has(runId2)) continue;
    if (object2.key === `${SHARDS}${name}/run.json`) plans.push({ key: object2.key, size: object2.size });
    else yield { key: object2.key, size: object2.size };
  }
  yield* plans;
}

// src/transfer/ordered.ts
function orderedWindow(concurrency) {
  return Math.max(concurrency * 4, 4096);
}
var OrderedPool = class {
  constructor(concurrency, window) {
    this.concurrency = concurrency;
    this.window = window;
  }
  concurrency;
  window;
  queue = [];
  running = 0;
  waiters = [];
  get pending() {
    return this.queue.length;
  }
  /** Starts a task once a slot is free. Call `drainReady` or `next` to collect results in order. */
  async submit(task) {
    while (this.running >= this.concurrency) await new Promise((resolve3) => this.waiters.push(resolve3));
    this.running++;
    const promise = task().finally(() => {
      this.running--;
      this.waiters.shift()?.();
    });
    promise.catch(() => {
    });
    this.queue.push(promise);
  }
  /** True when the caller should take a result before submitting more. */
  get full() {
    return this.queue.length >= this.window;
  }
  async next() {
    const head = this.queue.shift();
    if (!head) throw new Error("OrderedPool.next on an empty queue");
    return head;
  }
};

// src/backends/s3/prune-remove.ts
async function removeForGood(store, key) {
  if (store.purge) return store.purge(key);
  if (!await store.head(key)) return { removed: 0, kept: [] };
  await store.delete(key);
  return { removed: 1, kept: [] };
}
function deleteRefused(store, error) {
  return new Error(
    `${store.description}: the destination refused a removal (${error.name ?? "AccessDenied"}): a prune needs credentials that may delete (s3:DeleteObject and, on a versioned bucket, s3:DeleteObjectVersion and s3:ListBucketVersions); backups keep credentials that cannot. The catalogue is already pruned and stays consistent; run the prune again with the prune credentials (docs/retention.md)`,
    { cause: error }
  );
}
async function removeListedData(catalog, source, list, context) {
  const { deps } = context;
  const store = catalog.destination;
  const tally = { removedObjects: 0, freedBytes: 0, unremoved: 0, failed: 0, details: [] };
  const leftFile = `${pruneFolder(source.bucket, source.prefix, context.pruneId)}left.jsonl.gz`;
  let left;
  const pool = new OrderedPool(context.concurrency, orderedWindow(context.concurrency));
  let sinceCheck = 0;
  const collect = async ({ key, outcomes }) => {
    const stays = [];
    for (const outcome of outcomes) {
      const why = outcome.error ?? outcome.result?.kept.map((k2) => k2.reason).join("; ");
      if (outcome.result && outcome.result.removed > 0 && outcome.result.kept.length === 0) {
        tally.removedObjects++;
        tally.freedBytes += outcome.version.s ?? 0;
      }
      if (!why) continue;
      tally.unremoved++;
      if (outcome.error) tally.failed++;
      if (tally.details.length < context.listLimit) tally.details.push({ source: source.id, backupKey: outcome.version.b, reason: why });
      stays.push(outcome.version);
    }
    if (stays.length === 0) return;
    left ??= new JsonLinesWriter(store, leftFile);
    await left.write({ k: key, v: stays });
  };
  const removeOne = async (version) => {
    await deps.beforeRemove?.(version.b);
    try {
      const result = await retry(() => removeForGood(store, version.b), {
        attempts: context.retryAttempts,
        baseDelayMs: 250,
        maxDelayMs: 1e4,
        isRetryable: (error) => classifyTransferError(error, RESTORE_POLICY) === "retryable",
        ...deps.sleep ? { sleep: deps.sleep } : {}
      });
      return { version, result };
    } catch (error) {
      if (isAccessDenied(error)) throw deleteRefused(store, error);
      return { version, error: `not removed: ${error.message}` };
    }
  };
  const removeKey = async (key, versions) => {
    const outcomes = [];
    for (const version of versions) if (version.b) outcomes.push(await removeOne({ ...version, b: version.b }));
    return { key, outcomes };
  };
  try {
    for await (const line of readObjectList(catalog, source, list, "nothing more was removed; run the prune again: it plans the removals from the catalogue")) {
      while (pool.full) await collect(await pool.next());
      await pool.submit(() => removeKey(line.k, line.v));
      sinceCheck += line.v.length;
      if (sinceCheck >= 500) {
        sinceCheck = 0;
        await context.lease?.assertHeld();
      }
    }
    while (pool.pending > 0) await collect(await pool.next());
  } catch (error) {
    while (pool.pending > 0) await pool.next().catch(() => void 0);
    await left?.abort();
    throw error;
  }
  const digest = await left?.close();
  return { ...tally, ...digest ? { left: { ...digest, file: leftFile } } : {} };
}
async function* unneededCatalogueFiles(catalog, record2, sources) {
  const keep2 = /* @__PURE__ */ new Set();
  const foldedThrough = /* @__PURE__ */ new Map();
  for (const part of record2.sources) {
    keep2.add(part.history);
    if (part.removals) keep2.add(part.removals);
    foldedThrough.set(sourceSlug(part.bucket, part.prefix), part.foldedThrough);
  }
  const latestRuns = /* @__PURE__ */ new Set();
  for (const source of sources.values()) {
    if (!source.latest) continue;
    latestRuns.add(source.latest.run.runId);
    for (const file of stateFiles(source.latest.source)) keep2.add(file.file);
  }
  const { committed, unfinished } = await catalog.runIds();
  const committedSet = new Set(committed);
  const unsettled = new Set(unfinished);
  const newestFolded = [...foldedThrough.values()].sort(compareKeys).at(-1);
  for await (const object2 of catalog.destination.list("catalog/runs/")) {
    const match = /^catalog\/runs\/(.+?)(\.started\.json|\.settled|\.json)$/.exec(object2.key);
    if (!match || !RUN_ID.test(match[1]) || newestFolded === void 0 || compareKeys(match[1], newestFolded) > 0) continue;
    const runId2 = match[1];
    if (latestRuns.has(runId2) || unsettled.has(runId2)) continue;
    if (match[2] === ".json" && !committedSet.has(runId2)) continue;
    yield { key: object2.key, size: object2.size };
  }
  for await (const object2 of catalog.destination.list("catalog/sources/")) {
    if (keep2.has(object2.key)) continue;
    const parts = /^catalog\/sources\/([^/]+)\/(?:prunes\/)?([^/]+)\/(state\.jsonl\.gz|state-delta\.jsonl\.gz|events\.jsonl\.gz|history\.jsonl\.gz|removals\.jsonl\.gz|left\.jsonl\.gz)$/.exec(object2.key);
    if (!parts || !RUN_ID.test(parts[2])) continue;
    const [, slug, id, name] = parts;
    const isPruneFile = object2.key.includes("/prunes/");
    if (isPruneFile) {
      if (compareKeys(id, record2.pruneId) < 0 || id === record2.pruneId && name !== "left.jsonl.gz") yield { key: object2.key, size: object2.size };
      continue;
    }
    const through = foldedThrough.get(slug);
    if (through === void 0 || compareKeys(id, through) > 0) continue;
    if (committedSet.has(id) || !unsettled.has(id)) yield { key: object2.key, size: object2.size };
  }
  for await (const object2 of catalog.destination.list(PRUNES)) {
    const parsed = parsePruneFile(object2.key.slice(PRUNES.length));
    if (parsed && compareKeys(parsed.pruneId, record2.pruneId) < 0) yield { key: object2.key, size: object2.size };
  }
  yield* committedShardFiles(catalog, committedSet);
}

// src/backends/s3/plan/restore-plan.ts
function keySelector(selection) {
  const keys = selection.keys && selection.keys.length > 0 ? new Set(selection.keys) : void 0;
  const prefix = selection.prefix ?? "";
  return (key) => key.startsWith(prefix) && (keys === void 0 || keys.has(key));
}
function planRestoreKey(state, target, options) {
  const key = state?.key ?? target.key;
  const version = state?.version;
  if (!version && state?.skipped) return { key, action: "unavailable", skipped: state.skipped, ...target ? { target } : {} };
  if (!version) {
    if (target && options.removeAbsent) return { key, action: "remove", target };
    return void 0;
  }
  const step = { key, action: "write", version };
  if (state.uncertainDeletion) step.uncertainDeletion = state.uncertainDeletion;
  if (!target) return step;
  step.target = target;
  if (target.size !== (version.s ?? 0)) step.action = "overwrite";
  else if (target.etag !== void 0 && version.e !== void 0 && target.etag === version.e) step.action = "skip";
  else if (target.etag !== void 0 && version.e !== void 0 && isPlainMd5(target.etag) && isPlainMd5(version.e)) step.action = "overwrite";
  else step.action = "check";
  return step;
}
async function* planRestore(states, target, options) {
  const atT = { items: states, key: (state) => state.key, name: "the catalogue state at T" };
  const listed = { items: target, key: (object2) => object2.key, name: "the target listing" };
  for await (const { left, right } of march(atT, listed)) {
    const step = planRestoreKey(left, right, options);
    if (step) yield step;
  }
}
function emptyRestoreCounts() {
  return { keysAtT: 0, write: 0, overwrite: 0, skip: 0, check: 0, remove: 0, unavailable: 0, uncertain: 0, bytesToWrite: 0, bytesSkipped: 0 };
}
function countStep(counts, step) {
  if (step.version) counts.keysAtT++;
  if (step.uncertainDeletion) counts.uncertain++;
  counts[step.action]++;
  const size2 = step.version?.s ?? 0;
  if (step.action === "write" || step.action === "overwrite") counts.bytesToWrite += size2;
  if (step.action === "skip") counts.bytesSkipped += size2;
}

// src/transfer/scratch.ts
import { randomBytes as randomBytes3 } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Readable as Readable2 } from "node:stream";
var ScratchSpace = class _ScratchSpace {
  constructor(folder, memoryBytes) {
    this.folder = folder;
    this.memoryBytes = memoryBytes;
  }
  folder;
  memoryBytes;
  static async create(name, options) {
    return new _ScratchSpace(await mkdtemp(join(tmpdir(), `pullback-${name}-`)), options.memoryBytes);
  }
  /**
   * Reads a body whole, handing each chunk to `observe` (a hash) on the way: in memory up to
   * `memoryBytes`, in a file beyond. A failed read leaves nothing behind.
   */
  async stage(body, observe) {
    let chunks = [];
    let held = 0;
    let size2 = 0;
    let file;
    try {
      for await (const chunk of body) {
        observe(chunk);
        size2 += chunk.length;
        if (file) {
          await file.handle.write(chunk);
          continue;
        }
        chunks.push(chunk);
        held += chunk.length;
        if (held > this.memoryBytes) {
          const path2 = join(this.folder, `stage-${randomBytes3(8).toString("hex")}`);
          file = { path: path2, handle: await open(path2, "wx", 384) };
          for (const earlier of chunks) await file.handle.write(earlier);
          chunks = [];
        }
      }
      if (file) await file.handle.close();
    } catch (error) {
      body.destroy();
      chunks = [];
      if (file) {
        await file.handle.close().catch(() => void 0);
        await rm(file.path, { force: true });
      }
      throw error;
    }
    const path = file?.path;
    const memory = chunks;
    return {
      size: size2,
      open: () => path !== void 0 ? createReadStream(path) : Readable2.from(memory, { objectMode: false }),
      dispose: async () => {
        memory.length = 0;
        if (path !== void 0) await rm(path, { force: true });
      }
    };
  }
  /** A list kept on disk in this folder, read back in the order written. */
  spool(name) {
    return new RecordSpool(join(this.folder, `${name}.jsonl`));
  }
  async dispose() {
    await rm(this.folder, { recursive: true, force: true });
  }
};
var RecordSpool = class {
  constructor(path) {
    this.path = path;
  }
  path;
  count = 0;
  handle;
  buffered = "";
  async add(record2) {
    this.buffered += JSON.stringify(record2) + "\n";
    this.count++;
    if (this.buffered.length >= 64 * 1024) await this.flush();
  }
  async flush() {
    if (this.buffered === "") return;
    this.handle ??= await open(this.path, "wx", 384);
    await this.handle.write(this.buffered);
    this.buffered = "";
  }
  /** Every record added, in the order added. */
  async *read() {
    await this.flush();
    if (!this.handle) return;
    await this.handle.close();
    this.handle = void 0;
    const lines = createInterface({ input: createReadStream(this.path), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line !== "") yield JSON.parse(line);
    }
  }
  async close() {
    await this.handle?.close().catch(() => void 0);
    this.handle = void 0;
  }
};

// src/stores/object/types.ts
var DESTINATION_LABEL = { role: "destination", input: "destination" };
function inRange(key, range, compare) {
  if (!range) return true;
  if (range.after !== void 0 && compare(key, range.after) <= 0) return false;
  if (range.upTo !== void 0 && compare(key, range.upTo) > 0) return false;
  return true;
}
var REQUEST_KINDS = ["list", "get", "head", "put", "copy", "part", "multipart", "delete", "other"];
function emptyRequestCounts() {
  return { list: 0, get: 0, head: 0, put: 0, copy: 0, part: 0, multipart: 0, delete: 0, other: 0 };
}
function requestKind(commandName) {
  const name = commandName.replace(/Command$/, "");
  if (name.startsWith("List")) return "list";
  if (name === "GetObject") return "get";
  if (name === "HeadObject") return "head";
  if (name === "PutObject") return "put";
  if (name === "CopyObject" || name === "UploadPartCopy") return "copy";
  if (name === "UploadPart") return "part";
  if (name === "CreateMultipartUpload" || name === "CompleteMultipartUpload" || name === "AbortMultipartUpload") return "multipart";
  if (name === "DeleteObject" || name === "DeleteObjects") return "delete";
  return "other";
}
function addRequestCounts(into, more) {
  if (more) for (const kind of REQUEST_KINDS) into[kind] += more[kind];
  return into;
}
function requestsSince(later, earlier) {
  const result = emptyRequestCounts();
  for (const kind of REQUEST_KINDS) result[kind] = later[kind] - earlier[kind];
  return result;
}

// src/backends/s3/catalog/checkpoint.ts
var DEFAULT_CHECKPOINT_POLICY = { every: 32, deltaRatio: 0.5 };
function planStateWrite(base, fellBack, policy = DEFAULT_CHECKPOINT_POLICY) {
  if (!base) return { kind: "full", reason: "no earlier state to build on" };
  if (fellBack) return { kind: "full", reason: "the latest state was damaged: a new checkpoint makes it whole again" };
  const chain = chainOf(base.source, base.run.runId);
  if (!chain) return { kind: "full", reason: `the state of run ${base.run.runId} has no recorded digest (format 1)` };
  const limit = Math.min(Math.max(policy.every, 1), MAX_STATE_CHAIN);
  if (chain.length + 1 > limit) return { kind: "full", reason: `the state chain has ${chain.length} files (a checkpoint every ${limit})` };
  const checkpoint = chain[0].bytes;
  const deltas = chain.slice(1).reduce((n2, link) => n2 + link.bytes, 0);
  if (deltas > 0 && deltas >= checkpoint * policy.deltaRatio) {
    return { kind: "full", reason: `the deltas since the checkpoint weigh ${deltas} bytes, ${Math.round(100 * deltas / Math.max(checkpoint, 1))} % of its ${checkpoint}` };
  }
  return { kind: "delta", chain };
}

// src/backends/s3/catalog/sweep.ts
var SWEPT_PREFIXES = ["data/", "catalog/"];
async function sweepPartialWrites(destination, cutoff, logger) {
  const result = { aborted: 0, kept: 0 };
  if (!destination.listPartialWrites || !destination.abortPartialWrite) return result;
  for (const prefix of SWEPT_PREFIXES) {
    const stale = [];
    try {
      for await (const write of destination.listPartialWrites(prefix)) {
        if (write.initiated.getTime() < cutoff.getTime()) stale.push(write);
        else result.kept++;
        if (stale.length >= 1e3) await abortAll(destination, stale.splice(0), result, logger);
      }
      await abortAll(destination, stale, result, logger);
    } catch (error) {
      if (isNotImplemented(error)) {
        logger.debug(`${destination.description} does not list multipart uploads (${errorName(error)}): nothing to clean up`);
        return result;
      }
      result.skipped = isAccessDenied(error) ? `cannot list unfinished multipart uploads in ${destination.description}: the destination credentials lack s3:ListBucketMultipartUploads, so uploads left open by killed runs are not aborted (most providers bill them); add it to the destination policy (docs/github-action.md)` : `cannot list unfinished uploads in ${destination.description} (${errorName(error)}: ${error.message}); they are retried next run`;
      logger.warn(result.skipped);
      return result;
    }
  }
  if (result.aborted > 0) logger.info(`aborted ${result.aborted} unfinished uploads left by earlier runs that did not finish`);
  return result;
}
async function abortAll(destination, writes, result, logger) {
  for (const write of writes) {
    try {
      await destination.abortPartialWrite(write);
      result.aborted++;
      logger.debug(`aborted the unfinished upload of ${write.key} (begun ${write.initiated.toISOString()})`);
    } catch (error) {
      if (isAccessDenied(error)) {
        result.skipped = `cannot abort unfinished uploads in ${destination.description}: the destination credentials lack s3:AbortMultipartUpload (see docs/github-action.md)`;
        logger.warn(result.skipped);
        return;
      }
      logger.warn(`could not abort the unfinished upload of ${write.key} (${errorName(error)}: ${error.message}); retried next run`);
    }
  }
}

// src/backends/s3/backup-pass.ts
import { pipeline as pipeline2 } from "node:stream/promises";
import { PassThrough as PassThrough3 } from "node:stream";

// src/backends/s3/plan/backup-plan.ts
function planKey(current, previous, options = {}) {
  const key = current?.key ?? previous.k;
  const known = new Map((previous?.v ?? []).map((v2) => [v2.id, v2]));
  const listedIds = /* @__PURE__ */ new Set();
  const plan = { key, copy: [], newDeleteMarkers: [], kept: [], recheck: [], gone: [], deleted: false };
  if (previous) plan.previous = previous;
  if (current) plan.current = current;
  const recheckSince = options.recheckSince === void 0 ? void 0 : Date.parse(options.recheckSince);
  for (const version of current?.versions ?? []) {
    const id = versionIdentity(version);
    listedIds.add(id);
    const before = known.get(id);
    if (before === void 0) {
      if (version.deleteMarker) plan.newDeleteMarkers.push(version);
      else plan.copy.push(version);
    } else {
      plan.kept.push(before);
      if (!before.dm && recheckSince !== void 0 && Date.parse(before.t) >= recheckSince) plan.recheck.push(before);
    }
  }
  for (const version of previous?.v ?? []) {
    if (!listedIds.has(version.id)) plan.gone.push(version);
  }
  const unversioned = (previous?.v ?? []).every((v2) => v2.vid === void 0 || v2.vid === "null");
  plan.deleted = current === void 0 && previous !== void 0 && unversioned && previous.v.some((v2) => !v2.dm);
  return plan;
}
function nextStateLine(plan, copied, failed) {
  if (plan.carried) return plan.carried;
  if (failed) return plan.previous;
  const skipped = new Set(plan.skipped ?? []);
  const versions = [];
  for (const version of plan.current?.versions ?? []) {
    const id = versionIdentity(version);
    const known = plan.kept.find((v2) => v2.id === id) ?? copied.get(id);
    if (known) versions.push(known);
    else if (version.deleteMarker) versions.push(deleteMarkerState(version));
    else if (skipped.has(version)) versions.push(skippedState(version));
  }
  return versions.length === 0 ? void 0 : { k: plan.key, v: versions };
}
function deleteMarkerState(version) {
  const state = { id: versionIdentity(version), t: version.lastModified, dm: true };
  if (version.versionId) state.vid = version.versionId;
  return state;
}
function skippedState(version) {
  const state = { id: versionIdentity(version), t: version.lastModified, s: version.size ?? 0, skip: "size" };
  if (version.versionId) state.vid = version.versionId;
  if (version.etag) state.e = version.etag;
  return state;
}
function sameStateLine(a2, b2) {
  if (a2 === void 0 || b2 === void 0) return a2 === b2;
  if (a2.k !== b2.k || a2.x !== b2.x || a2.v.length !== b2.v.length) return false;
  return a2.v.every((x2, i2) => {
    const y2 = b2.v[i2];
    return x2.id === y2.id && x2.vid === y2.vid && x2.t === y2.t && x2.e === y2.e && x2.s === y2.s && x2.dm === y2.dm && x2.b === y2.b && x2.skip === y2.skip;
  });
}

// src/backends/s3/plan/filtered-plan.ts
function planFilteredBackup(current, previous, options) {
  const { filter, prefix } = options;
  const covered = (key) => !filter.hasPathRules || filter.matchesKey(key, prefix);
  const listing = (async function* () {
    for await (const entry of current) {
      if (covered(entry.key)) yield entry;
      else options.onExcluded?.(entry);
    }
  })();
  const listed = { items: listing, key: (entry) => entry.key, name: "the source listing" };
  const recorded = { items: previous, key: (line) => line.k, name: "the previous state file" };
  return march(listed, recorded, (key, entry, line) => {
    if (entry === void 0 && line !== void 0 && !covered(key)) return carriedPlan(line, options.previousListStart);
    return applySizeRules(planKey(entry, line, options), filter);
  });
}
function carriedPlan(line, previousListStart) {
  const carried = { ...line, x: line.x ?? previousListStart };
  return { key: line.k, copy: [], newDeleteMarkers: [], kept: [], recheck: [], gone: [], deleted: false, previous: line, carried };
}
var sizeOf = (version) => ("lastModified" in version ? version.size : version.s) ?? 0;
function applySizeRules(plan, filter) {
  const skipped = [];
  const copy = [];
  for (const version of plan.copy) (filter.matchesSize(sizeOf(version)) ? copy : skipped).push(version);
  const kept = [];
  for (const known of plan.kept) {
    if (known.skip && filter.matchesSize(sizeOf(known))) {
      const listed = plan.current?.versions.find((v2) => versionIdentity(v2) === known.id);
      if (listed) {
        copy.push(listed);
        continue;
      }
    }
    kept.push(known);
  }
  if (skipped.length === 0 && copy.length === plan.copy.length) return plan;
  const result = { ...plan, copy, kept, recheck: plan.recheck.filter((v2) => kept.includes(v2)) };
  if (skipped.length > 0) result.skipped = skipped;
  return result;
}

// src/transfer/verify.ts
import { createHash as createHash5 } from "node:crypto";
import { Transform as Transform2 } from "node:stream";
import { crc32 } from "node:zlib";
var Verifier = class extends Transform2 {
  bytes = 0;
  sha256 = createHash5("sha256");
  md5;
  sha1;
  crc;
  constructor(options) {
    super();
    if (options.md5) this.md5 = createHash5("md5");
    if (options.sha1) this.sha1 = createHash5("sha1");
    if (options.crc32) this.crc = 0;
  }
  _transform(chunk, _encoding, callback) {
    this.hashChunk(chunk);
    callback(null, chunk);
  }
  /** Counts and hashes bytes that do not stream through (a small body read whole). */
  hashChunk(chunk) {
    this.bytes += chunk.length;
    this.sha256.update(chunk);
    this.md5?.update(chunk);
    this.sha1?.update(chunk);
    if (this.crc !== void 0) this.crc = crc32(chunk, this.crc);
  }
  digests() {
    const sha = this.sha256.digest();
    const result = { sha256: sha.toString("hex"), sha256Base64: sha.toString("base64") };
    if (this.md5) result.md5 = this.md5.digest("hex");
    if (this.sha1) result.sha1Base64 = this.sha1.digest("base64");
    if (this.crc !== void 0) {
      const buffer = Buffer.alloc(4);
      buffer.writeUInt32BE(this.crc >>> 0);
      result.crc32Base64 = buffer.toString("base64");
    }
    return result;
  }
};
async function digestStream(body) {
  const sha2562 = createHash5("sha256");
  const md5 = createHash5("md5");
  let bytes2 = 0;
  for await (const chunk of body) {
    sha2562.update(chunk);
    md5.update(chunk);
    bytes2 += chunk.length;
  }
  return { bytes: bytes2, sha256: sha2562.digest("hex"), md5: md5.digest("hex") };
}

// src/backends/s3/budget.ts
var TimeBudget = class {
  constructor(budgetMs, startedAt, now = () => /* @__PURE__ */ new Date()) {
    this.budgetMs = budgetMs;
    this.now = now;
    this.stopAt = startedAt.getTime() + budgetMs - Math.min(budgetMs / 10, 15 * 6e4);
  }
  budgetMs;
  now;
  stopAt;
  /** Whether the run should take no more keys. */
  spent() {
    return this.now().getTime() >= this.stopAt;
  }
};
async function carryForward(catalog, base, from, writer) {
  if (!base || !writer) return;
  for await (const line of catalog.readState(base.source)) if (compareKeys(line.k, from) >= 0) await writer.write(line);
}

// src/backends/s3/listing/ordered-ranges.ts
var RangeReader = class {
  constructor(source, versioned, range, readAhead, onStarted) {
    this.source = source;
    this.versioned = versioned;
    this.range = range;
    this.readAhead = readAhead;
    this.onStarted = onStarted;
  }
  source;
  versioned;
  range;
  readAhead;
  onStarted;
  buffer = [];
  done = false;
  error;
  cancelled = false;
  wakeReader;
  wakeConsumer;
  /** Starts listing in the background; failures surface to the consumer in order. */
  start() {
    void this.run();
  }
  async run() {
    let started = false;
    try {
      for await (const entry of this.source.list(this.versioned, this.range)) {
        if (!started) {
          started = true;
          this.onStarted?.();
        }
        this.buffer.push(entry);
        this.notifyConsumer();
        while (this.buffer.length >= this.readAhead && !this.cancelled) await new Promise((resolve3) => this.wakeReader = resolve3);
        if (this.cancelled) return;
      }
    } catch (error) {
      this.error = error;
    } finally {
      if (!started) this.onStarted?.();
      this.done = true;
      this.notifyConsumer();
    }
  }
  notifyConsumer() {
    const wake = this.wakeConsumer;
    this.wakeConsumer = void 0;
    wake?.();
  }
  /** The range's keys in order, as the background listing delivers them. */
  async *drain() {
    for (; ; ) {
      if (this.buffer.length > 0) {
        const entries = this.buffer.splice(0, this.buffer.length);
        const wake = this.wakeReader;
        this.wakeReader = void 0;
        wake?.();
        yield* entries;
        continue;
      }
      if (this.error !== void 0) throw this.error;
      if (this.done) return;
      await new Promise((resolve3) => this.wakeConsumer = resolve3);
    }
  }
  cancel() {
    this.cancelled = true;
    const wake = this.wakeReader;
    this.wakeReader = void 0;
    wake?.();
  }
};
async function* listOrderedRanges(source, versioned, ranges, options) {
  const parallelism = Math.max(1, options.parallelism);
  const readers = ranges.map((range) => new RangeReader(source, versioned, range, Math.max(1, options.readAhead), options.onRangeStarted));
  let next = 0;
  const open3 = () => {
    while (next < readers.length && next < current + parallelism) readers[next++].start();
  };
  let current = 0;
  try {
    open3();
    for (; current < readers.length; current++) {
      open3();
      yield* readers[current].drain();
    }
  } finally {
    for (const reader of readers) reader.cancel();
  }
}

// src/backends/s3/listing/split-points.ts
var MAX_CUT_LENGTH = 1024;
var ASCII_TOP = 127;
var UNICODE_TOP = 1114111;
function fromCodePoint(point) {
  if (point >= 55296 && point <= 57343) point = 57344;
  return String.fromCodePoint(point);
}
function keyBetween(low, high) {
  const a2 = Array.from(low, (c2) => c2.codePointAt(0));
  const b2 = high === void 0 ? void 0 : Array.from(high, (c2) => c2.codePointAt(0));
  const out = [];
  let bounded = b2 !== void 0;
  for (let i2 = 0; i2 < MAX_CUT_LENGTH; i2++) {
    const x2 = i2 < a2.length ? a2[i2] : -1;
    let y2;
    if (bounded) {
      if (i2 >= b2.length) return void 0;
      y2 = b2[i2];
    } else {
      y2 = x2 < ASCII_TOP - 1 ? ASCII_TOP : UNICODE_TOP + 1;
    }
    if (x2 === y2) {
      out.push(x2);
      continue;
    }
    if (y2 - x2 >= 2) {
      let mid = Math.floor((x2 + y2) / 2);
      if (mid < 32 && x2 < 32 && y2 > 32) mid = 32;
      out.push(mid);
      break;
    }
    if (x2 < 0) return void 0;
    out.push(x2);
    bounded = false;
  }
  const cut = out.map(fromCodePoint).join("");
  if (compareKeys(low, cut) >= 0 || high !== void 0 && compareKeys(cut, high) >= 0) return void 0;
  return cut;
}
function rangesFromCuts(cuts, within2 = {}) {
  const inside = (cut) => (within2.after === void 0 || compareKeys(cut, within2.after) > 0) && (within2.upTo === void 0 || compareKeys(cut, within2.upTo) < 0);
  const sorted = [...new Set(cuts)].filter(inside).sort(compareKeys);
  const ranges = [];
  let after = within2.after;
  for (const cut of sorted) {
    ranges.push({ ...after !== void 0 ? { after } : {}, upTo: cut });
    after = cut;
  }
  ranges.push({ ...after !== void 0 ? { after } : {}, ...within2.upTo !== void 0 ? { upTo: within2.upTo } : {} });
  return ranges;
}
function cutsFromSamples(samples, previousKeys, keysPerRange) {
  let sorted = [...new Set(samples)].sort(compareKeys);
  if (sorted.length === 0) return [];
  const step = Math.ceil(keysPerRange / Math.max(1, previousKeys / (sorted.length + 1)));
  if (step > 1) sorted = sorted.filter((_, index) => index % step === step - 1);
  const perGap = previousKeys / (sorted.length + 1);
  const depth = Math.min(4, Math.max(0, Math.ceil(Math.log2(perGap / keysPerRange))));
  const cuts = [];
  const bisect = (low, high, levels) => {
    if (levels === 0) return;
    const mid = keyBetween(low, high);
    if (mid === void 0) return;
    bisect(low, mid, levels - 1);
    cuts.push(mid);
    bisect(mid, high, levels - 1);
  };
  for (const [index, sample] of sorted.entries()) {
    cuts.push(sample);
    bisect(sample, sorted[index + 1], depth);
  }
  return cuts;
}
async function firstKeyAfter(source, versioned, after) {
  for await (const entry of source.list(versioned, after === void 0 ? void 0 : { after })) return entry.key;
  return void 0;
}
function sectionPoints(low, high, depth) {
  if (depth === 0) return [];
  const mid = keyBetween(low, high);
  if (mid === void 0) return [];
  return [...sectionPoints(low, mid, depth - 1), mid, ...sectionPoints(mid, high, depth - 1)];
}
async function cutsByProbing(source, versioned, firstKey, wanted, options) {
  const maxRounds = options.maxRounds ?? 24;
  let intervals = [{ low: firstKey, high: void 0 }];
  const cuts = [];
  let running = 0;
  const waiting = [];
  const probe = async (point) => {
    while (running >= options.concurrency) await new Promise((resolve3) => waiting.push(resolve3));
    running++;
    try {
      return await firstKeyAfter(source, versioned, point);
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  for (let round = 0; round < maxRounds && cuts.length + 1 < wanted && intervals.length > 0; round++) {
    const depth = Math.max(1, Math.floor(Math.log2((wanted - cuts.length) / intervals.length + 1)));
    const next = [];
    await Promise.all(
      intervals.map(async ({ low, high }, index) => {
        const points = sectionPoints(low, high, depth);
        const found = await Promise.all(points.map(probe));
        const parts = [];
        let current = { low, high: points[0] ?? high };
        for (const [i2, point] of points.entries()) {
          const bound = points[i2 + 1] ?? high;
          const first = found[i2];
          if (first === void 0 || bound !== void 0 && compareKeys(first, bound) > 0) continue;
          parts.push(current);
          cuts.push(point);
          current = { low: first, high: bound };
        }
        parts.push(current);
        next[index] = parts;
      })
    );
    intervals = next.flat();
  }
  return cuts.sort(compareKeys);
}

// src/backends/s3/listing/inventory/manifest.ts
var InventoryError = class extends Error {
  name = "InventoryError";
};
var MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
var MAX_FILES = 1e6;
var MAX_FILE_BYTES2 = 5 * 1024 ** 4;
var REQUIRED_COLUMNS = ["Bucket", "Key", "Size", "LastModifiedDate", "ETag"];
var VERSION_COLUMNS = ["VersionId", "IsLatest", "IsDeleteMarker"];
async function newestManifest(store, folder) {
  let newest;
  for await (const object2 of store.list(folder)) {
    const rest = object2.key.slice(folder.length);
    if (/^\d{4}-\d\d-\d\dT\d\d-\d\dZ\/manifest\.json$/.test(rest) && (newest === void 0 || object2.key > newest)) newest = object2.key;
  }
  return newest;
}
async function readSmall(store, key, what) {
  const body = await store.get(key);
  if (!body) throw new InventoryError(`${what} does not exist`);
  const whole = await readWhole(body, MAX_MANIFEST_BYTES);
  if (!whole) throw new InventoryError(`${what} is larger than ${MAX_MANIFEST_BYTES} bytes: not an inventory manifest`);
  return whole.toString("utf8");
}
async function readManifest(store, bucket, key) {
  const location = `s3://${bucket}/${key}`;
  return parseManifest(await readSmall(store, key, `inventory manifest ${location}`), bucket, key);
}
function parseManifest(text3, bucket, key) {
  const location = `s3://${bucket}/${key}`;
  const bad = (problem) => new InventoryError(`inventory manifest ${location}: ${problem}`);
  let raw;
  try {
    raw = JSON.parse(text3);
  } catch (error) {
    throw bad(`is not JSON (${error.message})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad("is not a JSON object");
  const sourceBucket = raw["sourceBucket"];
  if (typeof sourceBucket !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]{1,254}$/.test(sourceBucket)) throw bad('"sourceBucket" is not a bucket name');
  const destination = raw["destinationBucket"];
  if (destination !== `arn:aws:s3:::${bucket}` && destination !== bucket) {
    throw bad(`"destinationBucket" ${JSON.stringify(destination)} is not the bucket it was read from (${bucket}): its data files would be read from elsewhere`);
  }
  const format = raw["fileFormat"];
  if (format !== "CSV") throw bad(`"fileFormat" is ${JSON.stringify(format)}: pullback reads CSV inventories only (ORC and Parquet are not supported); configure the report as CSV`);
  const stamp = raw["creationTimestamp"];
  const millis = typeof stamp === "string" && /^\d{1,15}$/.test(stamp) ? Number(stamp) : typeof stamp === "number" && Number.isSafeInteger(stamp) ? stamp : NaN;
  if (!Number.isFinite(millis) || millis <= 0) throw bad('"creationTimestamp" is not milliseconds since 1970');
  const createdAt = new Date(millis);
  if (millis > Date.now() + 15 * 6e4) throw bad(`"creationTimestamp" ${createdAt.toISOString()} lies in the future`);
  const schema = raw["fileSchema"];
  if (typeof schema !== "string" || schema.length > 4096) throw bad('"fileSchema" is not a list of column names');
  const columns = schema.split(",").map((c2) => c2.trim());
  for (const required of REQUIRED_COLUMNS) {
    if (!columns.includes(required)) throw bad(`"fileSchema" has no ${required} column: add it to the inventory configuration's fields (pullback needs ${REQUIRED_COLUMNS.join(", ")})`);
  }
  if (new Set(columns).size !== columns.length) throw bad('"fileSchema" names a column twice');
  const files = raw["files"];
  if (!Array.isArray(files) || files.length > MAX_FILES) throw bad(`"files" is not a list of at most ${MAX_FILES} data files`);
  const folder = key.split("/").slice(0, -2).join("/") + "/";
  const checked2 = files.map((file, index) => {
    const entry = file;
    const what = `"files"[${index}]`;
    if (typeof entry !== "object" || entry === null) throw bad(`${what} is not an object`);
    const fileKey = entry["key"];
    if (typeof fileKey !== "string" || fileKey.length > 1024 || !fileKey.startsWith(folder) || fileKey.split("/").some((part) => part === ".." || part === ".")) {
      throw bad(`${what} "key" ${JSON.stringify(fileKey)} lies outside the report's folder ${folder}`);
    }
    if (!fileKey.endsWith(".csv.gz")) throw bad(`${what} "key" ${JSON.stringify(fileKey)} is not a gzipped CSV file`);
    const size2 = entry["size"];
    if (typeof size2 !== "number" || !Number.isSafeInteger(size2) || size2 < 0 || size2 > MAX_FILE_BYTES2) throw bad(`${what} "size" is not a size in bytes`);
    const md5 = entry["MD5checksum"];
    if (typeof md5 !== "string" || !/^[0-9a-f]{32}$/i.test(md5)) throw bad(`${what} "MD5checksum" is not an MD5 in hex`);
    return { key: fileKey, size: size2, md5: md5.toLowerCase() };
  });
  return { location, sourceBucket, createdAt, columns, files: checked2 };
}

// src/backends/s3/listing/inventory/rows.ts
import { createHash as createHash6 } from "node:crypto";
import { Transform as Transform3 } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip as createGunzip2 } from "node:zlib";
var MAX_LINE_CHARS = 64 * 1024;
var MAX_KEY_BYTES2 = 1024;
function parseCsvLine(line) {
  const fields = [];
  let i2 = 0;
  for (; ; ) {
    if (line[i2] === '"') {
      let value = "";
      i2++;
      for (; ; ) {
        const quote = line.indexOf('"', i2);
        if (quote < 0) return void 0;
        value += line.slice(i2, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i2 = quote + 2;
          continue;
        }
        i2 = quote + 1;
        break;
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(",", i2);
      const end = comma < 0 ? line.length : comma;
      const value = line.slice(i2, end);
      if (value.includes('"')) return void 0;
      fields.push(value);
      i2 = end;
    }
    if (i2 === line.length) return fields;
    if (line[i2] !== ",") return void 0;
    i2++;
  }
}
function decodeInventoryKey(encoded) {
  try {
    const key = decodeURIComponent(encoded.replace(/\+/g, " "));
    return Buffer.byteLength(key, "utf8") <= MAX_KEY_BYTES2 && key.length > 0 ? key : void 0;
  } catch {
    return void 0;
  }
}
function flag2(value, what) {
  if (value === "true") return true;
  if (value === "false" || value === "") return false;
  throw new InventoryError(`${what()} is not true or false`);
}
function checked(file, location) {
  const hash2 = createHash6("md5");
  let size2 = 0;
  return new Transform3({
    transform(chunk, _encoding, done) {
      size2 += chunk.length;
      hash2.update(chunk);
      if (size2 > file.size) return done(new InventoryError(`inventory file s3://${location}/${file.key} is larger than the manifest says (${file.size} bytes)`));
      done(null, chunk);
    },
    flush(done) {
      const md5 = hash2.digest("hex");
      if (size2 !== file.size || md5 !== file.md5) {
        return done(new InventoryError(`inventory file s3://${location}/${file.key} has ${size2} bytes with MD5 ${md5}; the manifest says ${file.size} bytes, ${file.md5}: damaged or replaced`));
      }
      done();
    }
  });
}
async function* inventoryRows(store, storeBucket, context) {
  const { manifest } = context;
  const column = (name) => manifest.columns.indexOf(name);
  const at2 = {
    bucket: column("Bucket"),
    key: column("Key"),
    versionId: column("VersionId"),
    isLatest: column("IsLatest"),
    isDeleteMarker: column("IsDeleteMarker"),
    size: column("Size"),
    lastModified: column("LastModifiedDate"),
    etag: column("ETag"),
    storageClass: column("StorageClass")
  };
  for (const file of manifest.files) {
    const body = await store.get(file.key);
    if (!body) throw new InventoryError(`inventory file s3://${storeBucket}/${file.key} (listed in ${manifest.location}) does not exist`);
    const text3 = createGunzip2();
    text3.setEncoding("utf8");
    const piped = pipeline(body, checked(file, storeBucket), text3);
    piped.catch(() => void 0);
    let number2 = 0;
    for await (const line of splitLines(text3)) {
      number2++;
      if (line === "") continue;
      const where = () => `inventory file s3://${storeBucket}/${file.key} line ${number2}`;
      if (line.length > MAX_LINE_CHARS) throw new InventoryError(`${where()} is longer than ${MAX_LINE_CHARS} characters`);
      const fields = parseCsvLine(line);
      if (!fields || fields.length !== manifest.columns.length) throw new InventoryError(`${where()} does not have the ${manifest.columns.length} fields of the manifest's fileSchema`);
      if (fields[at2.bucket] !== context.bucket) throw new InventoryError(`${where()} is of bucket ${JSON.stringify(fields[at2.bucket])}, not the source ${context.bucket}`);
      const key = decodeInventoryKey(fields[at2.key]);
      if (key === void 0) throw new InventoryError(`${where()} has a key that is not a URL-encoded S3 key`);
      if (!key.startsWith(context.prefix)) continue;
      const deleteMarker = at2.isDeleteMarker >= 0 && flag2(fields[at2.isDeleteMarker], () => `${where()} IsDeleteMarker`);
      const modified = Date.parse(fields[at2.lastModified]);
      if (!/^\d{4}-\d\d-\d\dT/.test(fields[at2.lastModified]) || Number.isNaN(modified)) throw new InventoryError(`${where()} LastModifiedDate is not a time`);
      const row = { key, lastModified: new Date(modified).toISOString() };
      if (context.versioned) {
        row.versionId = fields[at2.versionId] || "null";
        if (row.versionId.length > 1024) throw new InventoryError(`${where()} VersionId is longer than 1024 characters`);
        row.isLatest = flag2(fields[at2.isLatest], () => `${where()} IsLatest`);
      }
      if (deleteMarker) {
        row.deleteMarker = true;
      } else {
        const size2 = fields[at2.size];
        if (!/^\d{1,16}$/.test(size2) || !Number.isSafeInteger(Number(size2))) throw new InventoryError(`${where()} Size ${JSON.stringify(size2.slice(0, 40))} is not a size in bytes`);
        row.size = Number(size2);
        const etag = fields[at2.etag].replace(/^"|"$/g, "");
        if (etag.length === 0 || etag.length > 1024) throw new InventoryError(`${where()} has no ETag`);
        row.etag = etag;
        const storageClass = at2.storageClass >= 0 ? fields[at2.storageClass] : void 0;
        if (storageClass) row.storageClass = storageClass;
      }
      yield row;
    }
    await piped;
  }
}
async function* splitLines(chunks) {
  let rest = "";
  for await (const chunk of chunks) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop();
    if (rest.length > MAX_LINE_CHARS) throw new InventoryError(`an inventory line is longer than ${MAX_LINE_CHARS} characters`);
    for (const line of lines) yield line.endsWith("\r") ? line.slice(0, -1) : line;
  }
  if (rest !== "") yield rest;
}

// src/backends/s3/listing/inventory/sort.ts
var DEFAULT_RUN_ROWS = 2e5;
function newestFirst(a2, b2) {
  return Date.parse(b2.lastModified) - Date.parse(a2.lastModified) || Number(b2.isLatest === true) - Number(a2.isLatest === true) || (a2.versionId ?? "").localeCompare(b2.versionId ?? "");
}
function byKey(a2, b2) {
  return compareKeys(a2.key, b2.key) || newestFirst(a2, b2);
}
async function* sortedListing(rows, scratch, options) {
  const runRows = options.runRows ?? DEFAULT_RUN_ROWS;
  const dedupe = (key, versions) => distinct(key, versions, options.versioned);
  const runs = [];
  let batch = [];
  const spill = async () => {
    batch.sort(byKey);
    const spool = scratch.spool(`inventory-run-${runs.length}`);
    for (const row of batch) await spool.add(row);
    runs.push(spool.read());
    batch = [];
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= runRows) await spill();
  }
  if (runs.length === 0) {
    batch.sort(byKey);
    for (const entry of group(batch)) yield { key: entry.key, versions: dedupe(entry.key, entry.versions) };
    return;
  }
  if (batch.length > 0) await spill();
  for await (const merged of mergeSorted(runs.map((items, index) => ({ items, key: (row) => row.key, name: `inventory sort run ${index + 1}`, repeats: true })))) {
    const versions = merged.items.flat().sort(newestFirst);
    yield { key: merged.key, versions: dedupe(merged.key, versions) };
  }
}
function* group(sorted) {
  let current;
  for (const row of sorted) {
    if (current && current.key === row.key) {
      current.versions.push(row);
      continue;
    }
    if (current) yield current;
    current = { key: row.key, versions: [row] };
  }
  if (current) yield current;
}
function distinct(key, versions, versioned) {
  const seen = /* @__PURE__ */ new Set();
  const kept = versions.filter((v2) => {
    const id = v2.versionId ?? `${v2.etag}:${v2.size}:${v2.lastModified}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  if (!versioned && kept.length > 1) throw new InventoryError(`the inventory lists the key ${JSON.stringify(key.slice(0, 200))} ${kept.length} times with different contents, in a report without versions`);
  if (versioned && kept.filter((v2) => v2.isLatest).length > 1) throw new InventoryError(`the inventory marks ${kept.filter((v2) => v2.isLatest).length} versions of ${JSON.stringify(key.slice(0, 200))} as the latest`);
  return kept;
}

// src/backends/s3/listing/inventory/index.ts
async function manifestFor(source, settings) {
  const found = [];
  for (const { bucket, key } of settings.manifests) {
    const store = settings.open(bucket);
    const manifestKey = key.endsWith("/") ? await newestManifest(store, key) : key;
    if (manifestKey === void 0) throw new InventoryError(`inventory-manifest s3://${bucket}/${key} holds no report (no YYYY-MM-DDTHH-MMZ/manifest.json under it)`);
    const manifest = await readManifest(store, bucket, manifestKey);
    if (manifest.sourceBucket === source.bucket) found.push({ manifest, store, bucket });
  }
  if (found.length !== 1) {
    throw new InventoryError(
      `${source.id}: ${found.length === 0 ? "no" : found.length} inventory report${found.length === 1 ? "" : "s"} of bucket ${source.bucket} among inventory-manifest: name one manifest (or report folder) per source bucket, or back this bucket up with listing: live`
    );
  }
  return found[0];
}
function inventoryListing(source, versioned, previous, settings, logger) {
  let createdAt;
  async function* entries() {
    const { manifest, store, bucket } = await manifestFor(source, settings);
    const missing = VERSION_COLUMNS.filter((c2) => !manifest.columns.includes(c2));
    if (versioned && missing.length > 0) {
      throw new InventoryError(`inventory manifest ${manifest.location}: ${source.id} keeps versions, but the report has no ${missing.join(", ")}: configure it with "Include all versions", or use listing: live`);
    }
    if (previous && Date.parse(previous.listStartedAt) >= manifest.createdAt.getTime()) {
      throw new InventoryError(
        `inventory manifest ${manifest.location} was created ${manifest.createdAt.toISOString()}, before the previous run's listing of ${source.id} (${previous.listStartedAt}): it knows less than the catalogue already does. Wait for a newer report, or run this backup with listing: live`
      );
    }
    createdAt = manifest.createdAt;
    logger?.info(`${source.id}: reading the inventory ${manifest.location} of ${manifest.createdAt.toISOString()} (${manifest.files.length} files) instead of listing`);
    const scratch = await ScratchSpace.create("inventory", { memoryBytes: 0 });
    try {
      const rows = inventoryRows(store, bucket, { manifest, bucket: source.bucket, prefix: source.prefix, versioned });
      yield* sortedListing(rows, scratch, { versioned, ...settings.runRows !== void 0 ? { runRows: settings.runRows } : {} });
    } finally {
      await scratch.dispose();
    }
  }
  return { entries: entries(), createdAt: () => createdAt };
}

// src/backends/s3/listing/index.ts
var DEFAULT_READ_AHEAD = 4e3;
var AUTO_MAX = 8;
function autoParallelism(previousKeys, readAhead) {
  if (previousKeys === void 0) return 1;
  if (previousKeys < 2 * readAhead) return 1;
  return Math.min(AUTO_MAX, Math.ceil(previousKeys / readAhead));
}
function openListing(source, versioned, previous, options = { parallelism: 1 }, logger) {
  const readAhead = options.readAhead ?? DEFAULT_READ_AHEAD;
  const parallelism = options.parallelism === "auto" ? autoParallelism(previous?.counts.keys, readAhead) : options.parallelism;
  const sampler = new KeySampler();
  let earliest;
  let how = "one listing";
  const noteClock = () => {
    const time3 = source.serverTime;
    if (time3 && (!earliest || time3 < earliest)) earliest = time3;
  };
  async function* ranged() {
    if (parallelism <= 1) {
      yield* source.list(versioned, options.within);
      noteClock();
      return;
    }
    let cuts;
    const samples = previous?.keySamples;
    if (samples && samples.length > 0) {
      cuts = cutsFromSamples(samples, previous.counts.keys, readAhead);
      how = `${cuts.length + 1} ranges from the previous run's key samples, ${parallelism} at once`;
    } else {
      const head = [];
      let more = false;
      for await (const entry of source.list(versioned, options.within)) {
        if (head.length === readAhead) {
          more = true;
          break;
        }
        head.push(entry);
      }
      noteClock();
      yield* head;
      if (!more) return;
      const last = head[head.length - 1].key;
      cuts = await cutsByProbing(source, versioned, last, parallelism * 2, { concurrency: parallelism });
      noteClock();
      how = `the first ${readAhead} keys, then ${cuts.length + 1} ranges found by probing, ${parallelism} at once`;
      const ranges = rangesFromCuts(cuts, { ...options.within, after: last });
      yield* listOrderedRanges(source, versioned, ranges, { parallelism, readAhead, onRangeStarted: noteClock });
      return;
    }
    yield* listOrderedRanges(source, versioned, rangesFromCuts(cuts, options.within), { parallelism, readAhead, onRangeStarted: noteClock });
  }
  const inventory = options.inventory ? inventoryListing(source, versioned, previous, options.inventory, logger) : void 0;
  if (inventory) how = "an S3 Inventory report";
  async function* sampled() {
    for await (const entry of inventory?.entries ?? ranged()) {
      sampler.add(entry.key);
      yield entry;
    }
    logger?.debug(`${source.id}: listed as ${how}`);
  }
  return {
    entries: sampled(),
    // An inventory's state is as of its creation: the listing "began" then, whatever the clock says now.
    serverTime: () => inventory ? inventory.createdAt() : earliest ?? source.serverTime,
    // Worth recording where the next run would split: more than two read-aheads of keys.
    samples: () => sampler.result(2 * readAhead),
    describe: () => how
  };
}

// src/backends/s3/backup-pass.ts
var EPOCH = (/* @__PURE__ */ new Date(0)).toISOString();
var SMALL_BODY_BYTES = 256 * 1024;
async function readSmallBody(body, key) {
  const data = await readWhole(body, SMALL_BODY_BYTES);
  if (!data) throw new VerificationError(`copy of ${key} failed verification: the source sent more bytes than its length`, key);
  return data;
}
var isVersioned = (versions) => versions.some((v2) => v2.versionId !== void 0 && v2.versionId !== "null");
function upperBound(source) {
  const latest = source.latestServerTime;
  return latest ? new Date(latest.getTime() + 1e3) : /* @__PURE__ */ new Date();
}
async function backupPass(source, versioned, base, recheckSince, context) {
  const { options, deps, catalog, runId: runId2 } = context;
  const { destination } = deps;
  const counts = emptyCounts();
  const errors = [];
  const folder = catalog.sourceFolder(source.bucket, source.prefix, runId2);
  const delta = base !== void 0 && context.stateWrite?.kind === "delta" ? context.stateWrite : void 0;
  const stateKind = delta ? "delta" : "full";
  const stateKey = `${folder}${stateFileName(stateKind)}`;
  const stateWriter = options.dryRun ? void 0 : new JsonLinesWriter(destination, stateKey);
  const eventsWriter = options.dryRun ? void 0 : new JsonLinesWriter(destination, `${folder}events.jsonl.gz`);
  const progress = new Progress(deps.logger, source.id, base ? { estimatedKeys: base.source.counts.keys } : {});
  const pool = new OrderedPool(options.concurrency, orderedWindow(options.concurrency));
  let maxDataTime;
  let listFinished;
  const sourceListing = openListing(source, versioned, base?.source, options.listing, deps.logger);
  const listing = (async function* () {
    for await (const entry of sourceListing.entries) {
      counts.keys++;
      counts.versionsListed += entry.versions.length;
      for (const v2 of entry.versions) maxDataTime = laterOf(maxDataTime, v2.lastModified);
      yield entry;
    }
    listFinished = upperBound(source);
  })();
  const collect = async (outcome) => {
    const { plan } = outcome;
    if (outcome.failed) {
      counts.failed++;
      if (errors.length < 20) errors.push(`${plan.key}: ${outcome.error}`);
    }
    if (outcome.raced) counts.raced++;
    for (const event of outcome.events) await eventsWriter?.write(event);
    const line = nextStateLine(plan, outcome.copied, outcome.failed || outcome.raced);
    if (!delta) {
      if (line) await stateWriter?.write(line);
    } else if (!sameStateLine(line, plan.previous)) {
      await stateWriter?.write(line ?? { k: plan.key, gone: true });
    }
    progress.tick(counts);
  };
  const previousListStart = base?.source.listStartedAt ?? EPOCH;
  let state;
  let events;
  const recheck = context.headBeforeCopy && recheckSince ? { recheckSince } : {};
  let stoppedBefore;
  try {
    const planning = { filter: options.filter ?? KeyFilter.everything, prefix: source.prefix, onExcluded: () => counts.excluded++, previousListStart, ...recheck };
    for await (const plan of planFilteredBackup(listing, catalog.readState(base?.source, void 0, base?.stateBytes), planning)) {
      if (context.budget?.spent()) {
        stoppedBefore = plan.key;
        break;
      }
      while (pool.full) await collect(await pool.next());
      const seen = upperBound(source).toISOString();
      await pool.submit(() => handleKey(plan, source, context, counts, previousListStart, seen));
    }
    while (pool.pending > 0) await collect(await pool.next());
    if (stoppedBefore !== void 0 && !delta) await carryForward(catalog, base, stoppedBefore, stateWriter);
    context.beforeFinishing?.();
    [state, events] = await Promise.all([stateWriter?.close(), eventsWriter?.close()]);
  } catch (error) {
    while (pool.pending > 0) await pool.next().catch(() => void 0);
    await stateWriter?.abort();
    await eventsWriter?.abort();
    throw error;
  }
  progress.tick(counts, true);
  const serverStart = sourceListing.serverTime()?.toISOString() ?? maxDataTime;
  const keySamples2 = sourceListing.samples();
  return {
    counts,
    errors,
    complete: counts.failed === 0 && stoppedBefore === void 0,
    listStartedAt: serverStart ?? EPOCH,
    listFinishedAt: (listFinished ?? /* @__PURE__ */ new Date()).toISOString(),
    serverStart,
    stateKey,
    stateKind,
    eventsKey: `${folder}events.jsonl.gz`,
    ...state ? { state } : {},
    ...state && delta ? { stateChain: [...delta.chain, { runId: runId2, kind: "delta", sha256: state.sha256, bytes: state.bytes }] } : {},
    ...events ? { events } : {},
    ...stoppedBefore !== void 0 ? { stoppedBefore } : {},
    ...keySamples2 ? { keySamples: keySamples2 } : {}
  };
}
async function handleKey(plan, source, context, counts, previousListStart, seen) {
  const { options, deps } = context;
  const outcome = { plan, copied: /* @__PURE__ */ new Map(), events: [], failed: false, raced: false };
  if (plan.carried) return outcome;
  counts.unchanged += plan.kept.length;
  if (plan.deleted) {
    counts.deleted++;
    const last = plan.previous?.v.find((v2) => !v2.dm);
    outcome.events.push({ k: plan.key, type: "deleted", after: plan.previous?.x ?? previousListStart, before: seen, ...last ? { last: last.id } : {} });
  }
  const purged = plan.current ? isVersioned(plan.current.versions) ? plan.gone : [] : plan.deleted ? [] : plan.previous?.v ?? [];
  for (const gone of purged) {
    counts.purged++;
    outcome.events.push({ k: plan.key, type: "purged", id: gone.id, after: plan.previous?.x ?? previousListStart, before: seen });
  }
  if (options.dryRun) {
    counts.deleteMarkers += plan.newDeleteMarkers.length;
    counts.copied += plan.copy.length;
    counts.skipped += plan.skipped?.length ?? 0;
    for (const v2 of plan.copy) counts.bytes += v2.size ?? 0;
    return outcome;
  }
  const toCopy = [...plan.copy];
  for (const known of plan.recheck) {
    if (known.b && !await deps.destination.head(known.b)) {
      const version = plan.current?.versions.find((v2) => versionIdentity(v2) === known.id);
      if (version) {
        toCopy.push(version);
        counts.repaired++;
      }
    }
  }
  const newVersionEvents = /* @__PURE__ */ new Map();
  for (const version of toCopy) {
    try {
      const { state, event } = await copyVersion(version, source, context, counts, seen);
      outcome.copied.set(state.id, state);
      if (!plan.kept.some((k2) => k2.id === state.id)) newVersionEvents.set(state.id, event);
    } catch (error) {
      const kind = classifyTransferError(error, BACKUP_POLICY);
      if (kind === "fatal") throw error;
      if (kind === "race") {
        outcome.raced = true;
        deps.logger.debug(`${plan.key}: changed while listing (${error.name}); retried next run`);
      } else {
        outcome.failed = true;
        outcome.error = error.message;
      }
    }
  }
  const markers = new Set(plan.newDeleteMarkers);
  const skipped = new Set(plan.skipped ?? []);
  for (const version of [...plan.current?.versions ?? []].reverse()) {
    if (skipped.has(version)) {
      counts.skipped++;
      const { id, t: t8, s: s2, e: e2, vid } = skippedState(version);
      outcome.events.push({ k: plan.key, type: "skipped", id, t: t8, s: s2 ?? 0, ...e2 ? { e: e2 } : {}, ...vid ? { vid } : {}, reason: "size", seen });
    } else if (markers.has(version)) {
      counts.deleteMarkers++;
      outcome.events.push({ k: plan.key, type: "deleteMarker", id: versionIdentity(version), ...version.versionId ? { vid: version.versionId } : {}, t: version.lastModified, seen });
    } else {
      const event = newVersionEvents.get(versionIdentity(version));
      if (event) outcome.events.push(event);
    }
  }
  if (outcome.failed || outcome.raced) outcome.events = [];
  return outcome;
}
async function copyVersion(version, source, context, counts, seen) {
  const { options, deps } = context;
  const { destination } = deps;
  const key = backupKeyFor(source.bucket, version, destination.prefixBytes);
  const state = { id: versionIdentity(version), t: version.lastModified, s: version.size ?? 0, b: key };
  if (version.versionId) state.vid = version.versionId;
  if (version.etag) state.e = version.etag;
  await deps.beforeCopy?.(version);
  let metadata2 = {};
  let sha2562;
  const existing = context.headBeforeCopy ? await destination.head(key) : void 0;
  if (existing && existing.size === (version.size ?? 0)) {
    const opened = await source.open(version);
    metadata2 = opened.metadata;
    opened.body.destroy();
    counts.reused++;
  } else {
    await retry(
      async () => {
        const serverSide = options.serverSideCopy && destination.copyFromSource ? await destination.copyFromSource(source, version, key) : false;
        if (serverSide) {
          const stored = await destination.head(key);
          if (!stored || stored.size !== (version.size ?? 0)) {
            throw new VerificationError(`server-side copy of ${version.key} has ${stored?.size} bytes, expected ${version.size}`, version.key);
          }
          metadata2 = serverSide.metadata;
          counts.serverSideCopies++;
          return;
        }
        const opened = await source.open(version);
        const verifier = new Verifier({ md5: opened.etagIsMd5, sha1: opened.checksums.SHA1 !== void 0, crc32: opened.checksums.CRC32 !== void 0 });
        const putMeta = { size: opened.size, metadata: opened.metadata };
        let digests;
        if (!deps.bandwidth && opened.size <= SMALL_BODY_BYTES) {
          const data = await readSmallBody(opened.body, version.key);
          verifier.hashChunk(data);
          digests = verifier.digests();
          await destination.put(key, data, { ...putMeta, sha256: digests.sha256 });
        } else {
          const body = new PassThrough3({ highWaterMark: 64 * 1024 });
          const piping = deps.bandwidth ? pipeline2(opened.body, deps.bandwidth.transform(), verifier, body) : pipeline2(opened.body, verifier, body);
          const putting = destination.put(key, body, putMeta);
          putting.catch((error) => body.destroy(asError(error)));
          await Promise.all([piping, putting]);
          digests = verifier.digests();
        }
        const expectedSize = version.size ?? opened.size;
        const problems = [];
        if (verifier.bytes !== expectedSize) problems.push(`${verifier.bytes} bytes read, ${expectedSize} listed`);
        if (digests.md5 && opened.etag && digests.md5 !== opened.etag) problems.push(`MD5 ${digests.md5} differs from ETag ${opened.etag}`);
        if (opened.checksums.SHA256 && digests.sha256Base64 !== opened.checksums.SHA256) problems.push("SHA-256 differs from the source checksum");
        if (opened.checksums.SHA1 && digests.sha1Base64 !== opened.checksums.SHA1) problems.push("SHA-1 differs from the source checksum");
        if (opened.checksums.CRC32 && digests.crc32Base64 !== opened.checksums.CRC32) problems.push("CRC32 differs from the source checksum");
        if (problems.length > 0) throw new VerificationError(`copy of ${version.key} failed verification: ${problems.join("; ")}`, version.key);
        metadata2 = opened.metadata;
        sha2562 = digests.sha256;
      },
      {
        attempts: options.retryAttempts ?? 4,
        baseDelayMs: 250,
        maxDelayMs: 1e4,
        isRetryable: (error) => classifyTransferError(error, BACKUP_POLICY) === "retryable",
        ...deps.sleep ? { sleep: deps.sleep } : {},
        onRetry: (error, attempt, delay2) => deps.logger.debug(`${version.key}: attempt ${attempt} failed (${error.message}); retrying in ${delay2} ms`)
      }
    );
    counts.copied++;
    counts.bytes += version.size ?? 0;
  }
  const event = { k: version.key, type: "version", ...state, seen, ...Object.keys(metadata2).length ? { meta: metadata2 } : {}, ...sha2562 ? { sha256: sha2562 } : {} };
  return { state, event };
}

// src/backends/s3/write-gate.ts
var READS = /* @__PURE__ */ new Set(["check", "head", "get", "getTagged", "list", "listPartialWrites", "serverTime", "requestCounts"]);
function gateWrites(store, ready) {
  return new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      const method = value;
      if (typeof name === "string" && READS.has(name)) return method.bind(target);
      if (name === "under") return (subPrefix) => gateWrites(method.call(target, subPrefix), ready);
      return afterReady(ready, method.bind(target));
    }
  });
}
function gateOpens(source, ready) {
  return new Proxy(source, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      const method = value;
      if (name !== "open") return method.bind(target);
      return afterReady(ready, method.bind(target));
    }
  });
}
function afterReady(ready, call) {
  return async (...args) => {
    try {
      await ready;
    } catch (error) {
      throw notMarked(error);
    }
    return call(...args);
  };
}
function notMarked(cause) {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return Object.assign(new Error(`the run's start marker could not be written (${reason}), and nothing is written before it`, { cause }), { name: "StartMarkerNotWritten", fatal: true });
}

// src/backends/s3/shard-backup.ts
async function runS3Shard(options, deps, role) {
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const started = now();
  const { destination, logger } = deps;
  const catalog = new Catalog(destination, { read: { attempts: options.retryAttempts ?? 4, ...deps.sleep ? { sleep: deps.sleep } : {} } });
  const sourceProbes = deps.sources.map((source) => handled(source.probe()));
  await destination.check();
  const probes = [];
  for (const probe of sourceProbes) probes.push((await probe).versioned);
  const lease = await logger.group(`Joining sharded run ${role.name} (shard ${role.shard} of ${role.count})`, async () => {
    const taken = await RunLease.acquire(destination, Catalog.newRunId(started), logger, { ...options.lease, now, shared: role.name });
    if (!taken.joined) await sweepPartialWrites(destination, new Date(taken.acquiredAt.getTime() + 1e3), logger).catch(() => void 0);
    return taken;
  });
  let committed = false;
  try {
    const plan = await planFor(catalog, role, deps.sources, probes, { creator: !lease.joined, runId: lease.holder.runId, started, options, logger });
    if (await catalog.readRun(plan.runId)) {
      committed = true;
      logger.info(`sharded run ${role.name} was committed as run ${plan.runId}: nothing to do`);
      return shardResult(plan.runId, started, now(), [], "complete", role);
    }
    const donePart = await readShardFile(destination, partFile(role.name, role.shard, role.count), PART_FORMAT, catalog.readOptions);
    if (donePart?.runId === plan.runId) {
      logger.info(`shard ${role.shard} of ${role.count} already wrote its part of run ${plan.runId}: nothing to do (the commit joins the parts)`);
      return shardResult(plan.runId, started, now(), donePart.sources, "complete", role);
    }
    const retrying = await destination.head(partStartedFile(role.name, role.shard, role.count)) !== void 0;
    const headBeforeCopy = retrying || plan.unfinished.length > 0;
    if (retrying) logger.info(`an earlier attempt of shard ${role.shard} did not finish: copies it made are reused, not repeated`);
    await destination.put(partStartedFile(role.name, role.shard, role.count), JSON.stringify({ runId: plan.runId, at: now().toISOString() }), { mutable: true });
    await catalog.markStarted(plan.runId, { startedAt: plan.startedAt, sources: plan.sources.map((s2) => s2.id), sharded: role.name });
    const parts = [];
    const budget = options.maxDurationMs !== void 0 ? new TimeBudget(options.maxDurationMs, started, now) : void 0;
    for (const [index, source] of deps.sources.entries()) {
      const planned = plan.sources.find((s2) => s2.id === source.id);
      if (!planned) throw new Error(`${source.id} is not in sharded run ${role.name}'s plan (${planFile(role.name)}): every shard of one run backs up the same sources`);
      const part = await logger.group(
        `Backing up ${source.id}, shard ${role.shard} of ${role.count}`,
        () => backupRange(source, probes[index], planned, { options, deps, role, runId: plan.runId, headBeforeCopy, ...budget ? { budget } : {} })
      );
      parts.push(part);
    }
    const record2 = { format: PART_FORMAT, name: role.name, runId: plan.runId, shard: role.shard, count: role.count, startedAt: started.toISOString(), finishedAt: now().toISOString(), sources: parts };
    await lease.assertHeld();
    await destination.put(partFile(role.name, role.shard, role.count), JSON.stringify(record2), { metadata: { contentType: "application/json" } });
    logger.info(`part ${role.shard} of ${role.count} of run ${plan.runId} written: the commit step joins the parts once all are there`);
    return shardResult(plan.runId, started, now(), parts, parts.every((p2) => p2.complete) ? "complete" : "partial", role);
  } finally {
    if (committed) await lease.release();
    else await lease.leave();
  }
}
function shardResult(runId2, started, finished, parts, status, role) {
  const totals = emptyCounts();
  for (const part of parts) for (const [name, value] of Object.entries(part.counts)) totals[name] += value;
  return {
    runId: runId2,
    status,
    sources: parts.map((p2) => ({
      id: p2.id,
      versioned: false,
      counts: p2.counts,
      durationMs: p2.durationMs,
      watermarkOrigin: "catalogue",
      complete: p2.complete,
      errors: p2.errors,
      ...p2.stoppedBefore !== void 0 ? { stoppedBefore: p2.stoppedBefore } : {}
    })),
    totals,
    watermarksBefore: {},
    watermarksAfter: {},
    durationMs: finished.getTime() - started.getTime(),
    unfinishedRuns: [],
    part: { name: role.name, shard: role.shard, count: role.count }
  };
}
async function planFor(catalog, role, sources, probes, context) {
  const { destination, readOptions } = catalog;
  const file = planFile(role.name);
  const read = async () => {
    const found = await readShardFile(destination, file, PLAN_FORMAT, readOptions);
    return found ? checkPlan(found, file) : void 0;
  };
  let plan = await read();
  const write = async () => {
    const made = await makePlan(catalog, role, sources, probes, context);
    const body = JSON.stringify(made, null, 2);
    const result = destination.putIf ? await destination.putIf(file, body, { ifNoneMatch: "*" }) : "unsupported";
    if (result === "unsupported") {
      if (!context.creator) return false;
      await destination.put(file, body, { metadata: { contentType: "application/json" } });
    }
    if (result !== "conflict") context.logger.info(`sharded run ${role.name} is run ${made.runId}; split points written to ${file}`);
    return true;
  };
  if (!plan && context.creator && await write()) plan = await read();
  for (let waited = 0; !plan && waited < 600; waited++) {
    await new Promise((resolve3) => setTimeout(resolve3, 1e3));
    plan = await read();
    if (!plan && waited === 30 && await write()) plan = await read();
  }
  if (!plan) {
    throw new Error(
      `sharded run ${role.name}: the shard that took the lease has not written ${file} in 10 minutes (and this store cannot write it conditionally); run this shard again once the lease goes stale (10 minutes without a heartbeat)`
    );
  }
  if (plan.count !== role.count) {
    throw new Error(`shard: this shard says ${role.count} shards, but sharded run ${role.name} was planned with ${plan.count} (${file}); every shard of one run needs the same count`);
  }
  return plan;
}
async function makePlan(catalog, role, sources, probes, context) {
  const splitsFile = await readShardFile(catalog.destination, SPLITS_FILE, SPLITS_FORMAT, catalog.readOptions).catch(() => void 0);
  const planned = [];
  for (const [index, source] of sources.entries()) {
    const base = await catalog.latestFor(source.bucket, source.prefix, source.id);
    if (base?.source.versioned && !probes[index]) throw new Error(`${source.id}: backed up as versioned by run ${base.run.runId}, but the source now reads as never versioned; nothing was backed up`);
    const problem = base ? base.damaged[0]?.reason ?? await catalog.stateProblem(base.source) : void 0;
    if (problem) {
      throw new Error(
        `${source.id}: ${problem}. A sharded run needs the latest state intact (every shard compares against it); run one unsharded backup (without shard), which falls back to an older state and writes a new checkpoint, then shard again`
      );
    }
    const write = planStateWrite(base, false, context.options.checkpoint);
    const stored = splitsFile?.sources?.[source.id];
    let splits = stored && Array.isArray(stored.sample) && Number.isSafeInteger(stored.keys) ? splitsFromSample(stored, role.count) : void 0;
    if (splits && !splits.every((k2, i2) => typeof k2 === "string" && k2.length > 0 && (i2 === 0 || compareKeys(splits[i2 - 1], k2) <= 0))) splits = void 0;
    let splitsFrom = "catalogue sample";
    if (!splits && base && base.source.counts.keys > 0) {
      splits = await splitsFromState(catalog, base.source, role.count);
      splitsFrom = "base state";
    }
    if (!splits) {
      splits = fallbackSplits(source.prefix, role.count);
      splitsFrom = "fallback";
    }
    context.logger.info(`${source.id}: split points from the ${splitsFrom}: ${splits.map((s2) => JSON.stringify(s2)).join(", ") || "none (one shard)"}`);
    planned.push({
      id: source.id,
      bucket: source.bucket,
      prefix: source.prefix,
      versioned: probes[index],
      ...base ? { baseRunId: base.run.runId } : {},
      stateKind: write.kind,
      splits,
      splitsFrom
    });
  }
  return {
    format: PLAN_FORMAT,
    name: role.name,
    runId: context.runId,
    startedAt: context.started.toISOString(),
    count: role.count,
    unfinished: (await catalog.runIds()).unfinished.filter((id) => id !== context.runId),
    sources: planned
  };
}
async function splitsFromState(catalog, record2, count3) {
  const sample = new KeySample();
  for await (const line of catalog.readState(record2)) sample.add(line.k);
  const data = sample.data();
  return splitsFromSample({ keys: data.keys, sample: data.sample.map((k2, j2) => ({ k: k2, at: (j2 + 1) * data.step })) }, count3);
}
async function backupRange(source, versioned, planned, context) {
  const { options, deps, role, runId: runId2 } = context;
  const started = Date.now();
  const range = rangeOf(planned.splits, role.shard);
  deps.logger.info(`keys after ${range.after === void 0 ? "the start" : JSON.stringify(range.after)} up to ${range.upTo === void 0 ? "the end" : JSON.stringify(range.upTo)}`);
  const plain = new Catalog(deps.destination, { read: { attempts: options.retryAttempts ?? 4, ...deps.sleep ? { sleep: deps.sleep } : {} } });
  const baseRun = planned.baseRunId ? await plain.readRun(planned.baseRunId) : void 0;
  const baseSource = baseRun?.sources.find((s2) => s2.id === source.id);
  if (planned.baseRunId && !baseSource) throw new Error(`${source.id}: run ${planned.baseRunId}, which sharded run ${role.name} compares against, is gone or does not hold this source`);
  const base = baseRun && baseSource ? { run: baseRun, source: baseSource } : void 0;
  const chain = base ? chainOf(base.source, base.run.runId) : void 0;
  const stateWrite = planned.stateKind === "delta" && chain ? { kind: "delta", chain } : { kind: "full", reason: "planned for the sharded run" };
  const sample = new KeySample();
  const ranged = rangedSource(source, range, sample);
  const catalog = new RangeCatalog(deps.destination, plain, range, partFolder(role.name, source.bucket, source.prefix, role.shard, role.count));
  const watermarkBefore = base?.source.watermarkAfter;
  const recheckSince = watermarkBefore ? new Date(Date.parse(watermarkBefore) - options.overlapMs).toISOString() : void 0;
  const outcome = await backupPass(ranged, versioned, base, recheckSince, {
    // One listing of the shard's range: the ranged source lists its range whatever part it is
    // asked for, and samples keys in the order it lists them (parallel ranges would give it
    // neither). Composing the two: openListing's `within` with the sample taken from its output.
    options: { ...options, listing: { parallelism: 1 } },
    deps,
    catalog,
    runId: runId2,
    headBeforeCopy: context.headBeforeCopy,
    stateWrite,
    ...context.budget ? { budget: context.budget } : {}
  });
  if (outcome.stoppedBefore !== void 0) deps.logger.warn(`${source.id}: the time budget (max-duration) is spent: stopped before ${JSON.stringify(outcome.stoppedBefore)}; the rest of this range keeps its last state until the next run`);
  const { counts } = outcome;
  deps.logger.info(`${source.id}: ${counts.keys} keys in this shard's range, ${counts.copied} versions copied, ${counts.failed} failed`);
  return {
    id: source.id,
    range,
    stateKind: outcome.stateKind,
    state: { file: outcome.stateKey, ...outcome.state },
    events: { file: outcome.eventsKey, ...outcome.events },
    counts,
    complete: outcome.complete,
    errors: outcome.errors,
    listStartedAt: outcome.listStartedAt,
    listFinishedAt: outcome.listFinishedAt,
    ...outcome.serverStart ? { serverStart: outcome.serverStart } : {},
    durationMs: Date.now() - started,
    sample: sample.data(),
    ...outcome.stoppedBefore !== void 0 ? { stoppedBefore: outcome.stoppedBefore } : {},
    ...options.filter?.active ? { filter: options.filter.describe() } : {}
  };
}
function rangedSource(source, range, sample) {
  return {
    id: source.id,
    bucket: source.bucket,
    prefix: source.prefix,
    place: source.place,
    endpointIdentity: source.endpointIdentity,
    get serverTime() {
      return source.serverTime;
    },
    get latestServerTime() {
      return source.latestServerTime;
    },
    probe: () => source.probe(),
    open: (version, signal) => source.open(version, signal),
    asObjectStore: () => source.asObjectStore(),
    async *list(versioned) {
      for await (const entry of source.list(versioned, range)) {
        sample.add(entry.key);
        yield entry;
      }
    }
  };
}
var RangeCatalog = class extends Catalog {
  constructor(destination, plain, range, folder) {
    super(destination, { read: plain.readOptions });
    this.plain = plain;
    this.range = range;
    this.folder = folder;
  }
  plain;
  range;
  folder;
  sourceFolder() {
    return this.folder;
  }
  async *readState(record2) {
    for await (const line of this.plain.readState(record2)) {
      if (this.range.after !== void 0 && compareKeys(line.k, this.range.after) <= 0) continue;
      if (this.range.upTo !== void 0 && compareKeys(line.k, this.range.upTo) > 0) return;
      yield line;
    }
  }
};

// src/backends/s3/shard-commit.ts
var ShardCommitError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ShardCommitError";
  }
};
async function runS3ShardCommit(options, deps, name) {
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const begun = now();
  const { destination, logger } = deps;
  const catalog = new Catalog(destination, { read: { attempts: options.retryAttempts ?? 4, ...deps.sleep ? { sleep: deps.sleep } : {} } });
  const read = catalog.readOptions;
  const file = planFile(name);
  const found = await readShardFile(destination, file, PLAN_FORMAT, read);
  if (!found) throw new ShardCommitError(`sharded run ${name}: no shard has started (${file} is missing); run the shards first, then the commit`);
  const plan = checkPlan(found, file);
  if (await catalog.readRun(plan.runId)) {
    logger.info(`sharded run ${name} is already committed as run ${plan.runId}`);
    return { runId: plan.runId, status: "complete", sources: [], totals: emptyCounts(), watermarksBefore: {}, watermarksAfter: {}, durationMs: 0, unfinishedRuns: [] };
  }
  const parts = [];
  const missing = [];
  for (let shard = 1; shard <= plan.count; shard++) {
    const part = await readShardFile(destination, partFile(name, shard, plan.count), PART_FORMAT, read);
    if (part?.runId === plan.runId && part.shard === shard && part.count === plan.count) parts.push(part);
    else missing.push(shard);
  }
  if (missing.length > 0) {
    throw new ShardCommitError(
      `sharded run ${name} (run ${plan.runId}): ${missing.length} of ${plan.count} shards have not written their part (shard ${missing.map((s2) => `${s2}/${plan.count}`).join(", ")}). Nothing was committed. Re-run the failed shards (GitHub: "Re-run failed jobs" keeps the run id), then the commit`
    );
  }
  const lease = await RunLease.acquire(destination, plan.runId, logger, { ...options.lease, now, shared: name });
  try {
    const records = [];
    const results = [];
    const splits = { format: SPLITS_FORMAT, runId: plan.runId, sources: {} };
    for (const planned of plan.sources) {
      const latest = await catalog.latestFor(planned.bucket, planned.prefix, planned.id);
      if (latest?.run.runId !== planned.baseRunId) {
        throw new ShardCommitError(
          `sharded run ${name}: run ${latest?.run.runId ?? "none"} is now the latest of ${planned.id}, but the shards compared against ${planned.baseRunId ?? "no run"}. Nothing was committed; the copies are kept and reused. Start a new sharded run (a new run id)`
        );
      }
      const pieces = parts.map((p2) => {
        const piece = p2.sources.find((s2) => s2.id === planned.id);
        if (!piece) throw new ShardCommitError(`sharded run ${name}: part ${p2.shard} of ${p2.count} holds no part of ${planned.id}; re-run that shard`);
        const folder2 = partFolder(name, planned.bucket, planned.prefix, p2.shard, p2.count);
        if (piece.stateKind !== planned.stateKind || piece.state?.file !== `${folder2}${stateFileName(planned.stateKind)}` || piece.events?.file !== `${folder2}events.jsonl.gz`) {
          throw new CatalogDamagedError(partFile(name, p2.shard, p2.count), `does not name the files shard ${p2.shard} writes for ${planned.id}`, "run that shard again, then the commit");
        }
        const f2 = piece.filter;
        const lists = ["include", "exclude", "filter"].every((k2) => f2?.[k2] === void 0 || Array.isArray(f2[k2]) && f2[k2].every((x2) => typeof x2 === "string"));
        const sizes = ["minSize", "maxSize"].every((k2) => f2?.[k2] === void 0 || Number.isSafeInteger(f2[k2]) && f2[k2] >= 0);
        if (f2 !== void 0 && (typeof f2 !== "object" || f2 === null || Array.isArray(f2) || !lists || !sizes || Object.keys(f2).some((k2) => !["include", "exclude", "filter", "minSize", "maxSize"].includes(k2)))) {
          throw new CatalogDamagedError(partFile(name, p2.shard, p2.count), "is not a part pullback wrote (filter)", "run that shard again, then the commit");
        }
        const badCount = Object.keys(emptyCounts()).find((k2) => !Number.isSafeInteger(piece.counts?.[k2] ?? 0) || (piece.counts?.[k2] ?? 0) < 0);
        if (badCount !== void 0 || typeof piece.listStartedAt !== "string" || typeof piece.listFinishedAt !== "string") {
          throw new CatalogDamagedError(partFile(name, p2.shard, p2.count), `is not a part pullback wrote (${badCount ?? "listing times"})`, "run that shard again, then the commit");
        }
        return piece;
      });
      const folder = sourceFolder(planned.bucket, planned.prefix, plan.runId);
      const stateKey = `${folder}${stateFileName(planned.stateKind)}`;
      const state = await concatenateParts(destination, stateKey, pieces.map((p2) => p2.state), read);
      const eventsKey = `${folder}events.jsonl.gz`;
      const events = await concatenateParts(destination, eventsKey, pieces.map((p2) => p2.events), read);
      const counts = emptyCounts();
      for (const piece of pieces) for (const key of Object.keys(counts)) counts[key] += piece.counts[key] ?? 0;
      const complete2 = pieces.every((p2) => p2.complete);
      const filters = new Set(pieces.map((p2) => JSON.stringify(p2.filter ?? {})));
      if (filters.size > 1) {
        throw new ShardCommitError(`sharded run ${name}: its shards backed up ${planned.id} with different filters (${[...filters].join(" / ")}): run every shard with the same include, exclude, filter, min-size and max-size`);
      }
      const filter = pieces[0]?.filter;
      const base = latest;
      const watermarkBefore = base?.source.watermarkAfter;
      const starts = pieces.map((p2) => p2.serverStart).filter((s2) => s2 !== void 0).sort();
      const watermarkAfter = complete2 ? laterOf(watermarkBefore, starts[0]) ?? watermarkBefore : watermarkBefore;
      const listStartedAt = pieces.map((p2) => p2.listStartedAt).sort()[0];
      const listFinishedAt = pieces.map((p2) => p2.listFinishedAt).sort().at(-1);
      const chain = planned.stateKind === "delta" && base ? chainOf(base.source, base.run.runId) : void 0;
      const durationMs = Math.max(...parts.map((p2) => Date.parse(p2.finishedAt))) - Date.parse(plan.startedAt);
      records.push({
        id: planned.id,
        bucket: planned.bucket,
        prefix: planned.prefix,
        versioned: planned.versioned,
        listStartedAt,
        listFinishedAt,
        ...recordedFiles({ stateKey, eventsKey }, state, events, chain ? [...chain, { runId: plan.runId, kind: "delta", sha256: state.sha256, bytes: state.bytes }] : void 0),
        counts,
        complete: complete2,
        durationMs,
        ...base ? { previousRunId: base.run.runId } : {},
        ...watermarkBefore ? { watermarkBefore } : {},
        ...watermarkAfter ? { watermarkAfter } : {},
        ...filter ? { filter } : {}
      });
      results.push({
        id: planned.id,
        versioned: planned.versioned,
        counts,
        durationMs,
        watermarkOrigin: watermarkBefore ? "catalogue" : "none",
        complete: complete2,
        errors: pieces.flatMap((p2) => p2.errors).slice(0, 20),
        ...watermarkBefore ? { watermarkBefore } : {},
        ...watermarkAfter ? { watermarkAfter } : {}
      });
      splits.sources[planned.id] = mergeSamples(pieces.map((p2) => p2.sample));
      logger.info(`${planned.id}: ${plan.count} parts joined (${counts.keys} keys, ${counts.copied} versions copied)`);
    }
    const complete = results.every((r2) => r2.complete);
    const finished = now();
    const record2 = {
      format: CATALOG_FORMAT,
      runId: plan.runId,
      startedAt: plan.startedAt,
      finishedAt: finished.toISOString(),
      status: complete ? "complete" : "partial",
      tool: { name: "pullback", version: VERSION },
      sources: records
    };
    await lease.assertHeld();
    await catalog.commit(record2);
    logger.info(`sharded run ${name} committed as run ${plan.runId} (${complete ? "complete" : "partial: failed keys are retried next run"})`);
    await destination.put(SPLITS_FILE, JSON.stringify(splits), { mutable: true });
    if (complete && plan.unfinished.length > 0) await catalog.settle(plan.unfinished, plan.runId, finished);
    const totals = emptyCounts();
    for (const r2 of results) for (const [key, value] of Object.entries(r2.counts)) totals[key] += value;
    const watermarksBefore = {};
    const watermarksAfter = {};
    for (const r2 of results) {
      if (r2.watermarkBefore) watermarksBefore[r2.id] = r2.watermarkBefore;
      if (r2.watermarkAfter) watermarksAfter[r2.id] = r2.watermarkAfter;
    }
    if (deps.watermarkStore) await saveWatermarkHints(deps.watermarkStore, watermarksAfter, logger);
    return {
      runId: plan.runId,
      status: complete ? "complete" : "partial",
      sources: results,
      totals,
      watermarksBefore,
      watermarksAfter,
      durationMs: finished.getTime() - begun.getTime(),
      unfinishedRuns: plan.unfinished
    };
  } finally {
    await lease.release();
  }
}

// src/backends/s3/recent-runs.ts
var RECENT_RUNS = 12;
function recentRunOf(runId2, record2) {
  return {
    runId: runId2,
    finishedAt: record2.finishedAt,
    copied: record2.sources.reduce((n2, s2) => n2 + s2.counts.copied, 0),
    bytes: record2.sources.reduce((n2, s2) => n2 + s2.counts.bytes, 0),
    deletions: record2.sources.reduce((n2, s2) => n2 + s2.counts.deleted + s2.counts.deleteMarkers, 0)
  };
}
async function readRecentRuns(catalog, runIds) {
  const records = await Promise.all(runIds.map((id) => catalog.readRun(id).catch(() => void 0)));
  return records.flatMap((record2, index) => record2 ? [recentRunOf(runIds[index], record2)] : []);
}
async function newestRunIds(catalog, runList, count3) {
  if (runList.from === void 0 || runList.committed.length >= count3) return runList.committed.slice(-count3);
  const every = await catalog.runIds().catch(() => runList);
  return every.committed.slice(-count3);
}

// src/backends/s3/catalogue-reads.ts
var RUN_LIST_WINDOW_MS = 7 * 24 * 36e5;
function startCatalogueReads(catalog, deps, pointed, releasedBy) {
  const listingRuns = handled(runListFor(catalog, deps.sources, pointed, releasedBy));
  deps.watermarkStore?.prepare?.();
  const readAhead = readAheadBudget();
  const newest = deps.sources.map((source, index) => handled(catalog.latestFor(source.bucket, source.prefix, source.id, { runList: listingRuns, pointed: pointed[index] })));
  const early = deps.sources.map((source, index) => inspectPointedState(catalog, source.id, pointed[index], readAhead));
  const inspected = newest.map(
    (found, index) => handled(
      found.then(async (previous) => {
        const begun = await early[index];
        const used = begun !== void 0 && begun.source === previous?.source;
        if (!previous) return void 0;
        const { problem, bytes: bytes2 } = await (used ? begun.inspection : catalog.inspectState(previous.source, readAhead));
        return { ...previous, stateProblem: problem, ...bytes2 ? { stateBytes: bytes2 } : {} };
      })
    )
  );
  const runs = handled(Promise.all([Promise.all(newest), listingRuns]).then(([found, runList]) => ({ newest: found, runList })));
  const catalogue = handled(
    Promise.all([Promise.all(inspected), listingRuns]).then(async ([previousRuns, runList]) => ({ previousRuns, stored: await storedWatermarks(deps, previousRuns), runList }))
  );
  return { runs, catalogue };
}
async function inspectPointedState(catalog, sourceIdValue, pointed, readAhead) {
  const record2 = await (await pointed.catch(() => void 0))?.record.catch(() => void 0);
  const source = record2?.sources.find((s2) => s2.id === sourceIdValue);
  return source ? { source, inspection: handled(catalog.inspectState(source, readAhead)) } : void 0;
}
async function storedWatermarks(deps, previousRuns) {
  const store = deps.watermarkStore;
  if (!store) return {};
  if (previousRuns.every((previous) => previous?.source.watermarkAfter !== void 0)) {
    deps.logger.debug(`watermark hints (${store.name}) not read: the destination's catalogue has every source's watermark`);
    return {};
  }
  return await store.load() ?? {};
}
async function runListFor(catalog, sources, pointed, releasedBy) {
  if (releasedBy === void 0 || sources.length === 0) return catalog.runIds();
  const runs = await Promise.all(pointed);
  if (!runs.every((run) => run?.runId === releasedBy)) return catalog.runIds();
  const guess = windowStart(releasedBy);
  const early = guess === void 0 ? void 0 : handled(catalog.runIdsFrom(new Date(guess)));
  const record2 = await runs[0].record.catch(() => void 0);
  if (!record2 || record2.status !== "complete" || !sources.every((source) => record2.sources.some((s2) => s2.id === source.id))) return catalog.runIds();
  const from = windowStart(record2.runId, Date.parse(record2.startedAt));
  if (from === void 0) return catalog.runIds();
  if (early && guess <= from) return early;
  return catalog.runIdsFrom(new Date(from));
}
function windowStart(runId2, startedAt = Number.POSITIVE_INFINITY) {
  const from = Math.min(startedAt, runIdTime(runId2) ?? Number.NaN) - RUN_LIST_WINDOW_MS;
  if (!Number.isFinite(from) || Number.isNaN(new Date(from).getTime()) || from < Date.UTC(1e3, 0, 1)) return void 0;
  return from;
}

// src/backends/s3/source-outcome.ts
function sourceOutcome(source, versioned, base, fallback, outcome, info) {
  const { counts, errors, complete } = outcome;
  const { watermarkBefore, logger } = info;
  const watermarkAfter = complete ? laterOf(watermarkBefore, outcome.serverStart) ?? watermarkBefore : watermarkBefore;
  const durationMs = Date.now() - info.started;
  const result = {
    id: source.id,
    versioned,
    counts,
    durationMs,
    watermarkOrigin: info.watermarkOrigin,
    complete,
    errors,
    ...watermarkBefore ? { watermarkBefore } : {},
    ...watermarkAfter ? { watermarkAfter } : {},
    ...fallback ? { stateFallback: fallback } : {},
    ...outcome.stoppedBefore !== void 0 ? { stoppedBefore: outcome.stoppedBefore } : {}
  };
  if (outcome.stoppedBefore !== void 0) {
    logger.warn(`${source.id}: the time budget (max-duration) is spent: stopped before ${JSON.stringify(outcome.stoppedBefore)}; the keys from there on keep their last state, and the next run goes on (the watermark did not move)`);
  }
  logger.info(
    `${source.id}: ${counts.keys} keys, ${counts.copied} versions copied (${formatBytes(counts.bytes)}), ${counts.deleted + counts.deleteMarkers} deletions, ${counts.unchanged} unchanged, ${counts.failed} failed` + (info.filter?.active ? `; the filter left out ${count(counts.excluded, "key")} (their last backed-up state is kept) and ${count(counts.skipped, "version")} by size (recorded as skipped)` : "")
  );
  for (const error of errors) logger.warn(`${source.id}: ${error}`);
  if (info.dryRun || !outcome.state || !outcome.events) return { result };
  const record2 = {
    id: source.id,
    bucket: source.bucket,
    prefix: source.prefix,
    versioned,
    listStartedAt: outcome.listStartedAt,
    listFinishedAt: outcome.listFinishedAt,
    ...recordedFiles(outcome, outcome.state, outcome.events, outcome.stateChain),
    counts,
    complete,
    durationMs,
    ...base ? { previousRunId: base.run.runId } : {},
    ...watermarkBefore ? { watermarkBefore } : {},
    ...watermarkAfter ? { watermarkAfter } : {},
    ...fallback ? { stateFallback: fallback } : {},
    ...info.filter?.active ? { filter: info.filter.describe() } : {},
    ...outcome.keySamples ? { keySamples: outcome.keySamples } : {}
  };
  return { record: record2, result };
}

// src/backends/s3/backup.ts
var LEASE_CHECK_FRESH_MS = 2e3;
async function runS3Backup(options, deps) {
  if (options.shard && "commit" in options.shard) return runS3ShardCommit(options, deps, options.shard.name);
  if (options.shard) return runS3Shard(options, deps, options.shard);
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const started = now();
  const { destination, logger } = deps;
  const catalog = new Catalog(destination, {
    read: {
      attempts: options.retryAttempts ?? 4,
      ...deps.sleep ? { sleep: deps.sleep } : {},
      onRetry: (file, error, attempt) => logger.debug(`${file}: read attempt ${attempt} failed (${error.message}); retrying`)
    }
  });
  const runId2 = Catalog.newRunId(started);
  const requestsAtStart = requestSnapshot(deps);
  const destinationChecked = handled(destination.check());
  const startsListing = (source) => source.startListing !== void 0 && options.listing?.inventory === void 0;
  const sourceProbes = deps.sources.map((source) => handled(source.probe({ listingFollows: startsListing(source) })));
  const checked2 = handled(Promise.all([destinationChecked, ...sourceProbes]));
  const pointedRuns = deps.sources.map((source) => handled(catalog.readPointedRun(source.bucket, source.prefix)));
  let reads;
  const startReads = (releasedBy) => {
    const catalogue = startCatalogueReads(catalog, deps, pointedRuns, releasedBy);
    const listings = deps.sources.map(
      (source, index) => startsListing(source) ? handled(sourceProbes[index].then((probe) => source.startListing(probe.versioned))) : void 0
    );
    reads = { ...catalogue, listings };
  };
  const leaseTaken = options.dryRun ? void 0 : handled(RunLease.acquire(destination, runId2, logger, { ...options.lease, now, whenFree: startReads, writeAfter: checked2 }));
  await logger.group("Checking the destination", async () => {
    await destinationChecked;
    logger.info(`destination: ${destination.description}`);
  });
  const probes = await logger.group("Checking the sources", async () => {
    const result2 = [];
    for (const [index, source] of deps.sources.entries()) {
      const probe = await sourceProbes[index];
      logger.info(`${source.id}: ${probe.versioned ? "versioned" : "not versioned"}`);
      result2.push(probe);
    }
    return result2;
  });
  let lease;
  let sweeping;
  if (!leaseTaken) startReads(void 0);
  else {
    lease = await logger.group("Taking the destination lease", async () => {
      const taken = await leaseTaken;
      logger.info(`lease ${runId2} taken at ${taken.acquiredAt.toISOString()} (destination clock)`);
      return taken;
    });
    if (!lease.takenFromFirstRead) startReads(void 0);
    sweeping = handled(sweepPartialWrites(destination, new Date(lease.acquiredAt.getTime() + 1e3), logger));
  }
  let result;
  try {
    result = await backupUnderLease(options, deps, { catalog, runId: runId2, started, now, probes, lease, sweeping, reads });
  } finally {
    await sweeping?.catch(() => void 0);
    await lease?.release();
  }
  return { ...result, requests: requestsOf(deps, requestsAtStart) };
}
function requestSnapshot(deps) {
  const source = emptyRequestCounts();
  for (const s2 of deps.sources) addRequestCounts(source, s2.requestCounts?.());
  return { source, destination: deps.destination.requestCounts?.() ?? emptyRequestCounts() };
}
function requestsOf(deps, atStart) {
  const now = requestSnapshot(deps);
  return { source: requestsSince(now.source, atStart.source), destination: requestsSince(now.destination, atStart.destination) };
}
async function backupUnderLease(options, deps, run) {
  const { catalog, runId: runId2, started, now, probes, lease } = run;
  const { logger } = deps;
  const catalogueRead = {};
  run.reads.catalogue.catch((error) => catalogueRead.failed = { error });
  const { newest, runList } = await run.reads.runs;
  for (const [index, source] of deps.sources.entries()) {
    const previous = newest[index];
    if (previous?.source.versioned && !probes[index].versioned) throw versioningVanished(source, previous.run.runId);
  }
  const earlierRuns = options.dryRun || options.recentRuns === false ? void 0 : handled(newestRunIds(catalog, runList, RECENT_RUNS - 1).then((ids) => readRecentRuns(catalog, ids)));
  for (const listing of run.reads.listings) await listing;
  const unfinished = runList.unfinished;
  const recovering = unfinished.length > 0;
  if (recovering) logger.info(`an earlier run did not finish (${unfinished.join(", ")}): copies it made are reused, not repeated`);
  await new Promise((resolve3) => setImmediate(resolve3));
  if (catalogueRead.failed) throw catalogueRead.failed.error;
  const marker = () => catalog.markStarted(runId2, { startedAt: started.toISOString(), sources: deps.sources.map((s2) => s2.id) });
  const { sweeping } = run;
  const besideSweep = deps.destination.wholeBodyPutsLeaveNoPartialWrite === true;
  const marked = options.dryRun ? void 0 : handled(!sweeping ? marker() : besideSweep ? Promise.all([sweeping, marker()]) : sweeping.then(marker));
  const passDestination = marked ? gateWrites(deps.destination, marked) : deps.destination;
  const passDeps = { ...deps, destination: passDestination };
  const passCatalog = marked ? new Catalog(passDestination, { read: catalog.readOptions }) : catalog;
  const checkLease = lease ? () => lease.beginCheck() : void 0;
  const sourceRecords = [];
  const results = [];
  const budget = options.maxDurationMs !== void 0 ? new TimeBudget(options.maxDurationMs, started, now) : void 0;
  try {
    const { previousRuns, stored } = await run.reads.catalogue;
    for (const [index, source] of deps.sources.entries()) {
      const versioned = probes[index].versioned;
      const previous = previousRuns[index];
      const { record: record2, result } = await logger.group(
        `Backing up ${source.id}`,
        () => backupSource(
          run.sweeping ? gateOpens(source, run.sweeping) : source,
          versioned,
          previous,
          {
            options,
            deps: passDeps,
            catalog: passCatalog,
            runId: runId2,
            headBeforeCopy: recovering,
            ...budget ? { budget } : {},
            ...checkLease && index === deps.sources.length - 1 ? { beforeFinishing: checkLease } : {}
          },
          stored[source.id]
        )
      );
      results.push(result);
      if (record2) sourceRecords.push(record2);
      previousRuns[index] = void 0;
    }
  } finally {
    await marked;
  }
  const cleanup = await run.sweeping;
  const complete = results.every((r2) => r2.complete);
  const finished = now();
  const totals = emptyCounts();
  for (const r2 of results) for (const [name, value] of Object.entries(r2.counts)) totals[name] += value;
  const watermarksBefore = {};
  const watermarksAfter = {};
  for (const r2 of results) {
    if (r2.watermarkBefore) watermarksBefore[r2.id] = r2.watermarkBefore;
    const after = r2.watermarkAfter ?? r2.watermarkBefore;
    if (after) watermarksAfter[r2.id] = after;
  }
  let recentRuns2;
  let savingHints;
  if (!options.dryRun) {
    const record2 = {
      format: CATALOG_FORMAT,
      runId: runId2,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      status: complete ? "complete" : "partial",
      tool: { name: "pullback", version: VERSION },
      sources: sourceRecords
    };
    await logger.group("Committing the catalogue", async () => {
      await lease?.assertHeldSince(LEASE_CHECK_FRESH_MS);
      const releaseNow = lease !== void 0 && !(complete && unfinished.length > 0);
      await catalog.commit(record2, {
        whilePointersWrite: (pointers) => {
          if (deps.watermarkStore) savingHints = saveWatermarkHints(deps.watermarkStore, watermarksAfter, logger);
          if (releaseNow) void lease.release(pointers);
        }
      });
      logger.info(`run ${runId2} committed (${complete ? "complete" : "partial: failed keys are retried next run"})`);
      if (complete && unfinished.length > 0) {
        await catalog.settle(unfinished, runId2, finished);
        logger.info(`settled the unfinished runs ${unfinished.join(", ")}: later runs no longer check copies against them`);
      }
    });
    recentRuns2 = [...await earlierRuns ?? [], recentRunOf(runId2, record2)];
  }
  if (savingHints) await savingHints;
  return {
    runId: runId2,
    status: options.dryRun ? "dry-run" : complete ? "complete" : "partial",
    sources: results,
    totals,
    watermarksBefore,
    watermarksAfter,
    durationMs: finished.getTime() - started.getTime(),
    unfinishedRuns: unfinished,
    ...cleanup ? { cleanup } : {},
    ...recentRuns2 ? { recentRuns: recentRuns2 } : {}
  };
}
function versioningVanished(source, runId2) {
  return new Error(
    `${source.id}: the previous run ${runId2} backed it up as a versioned bucket, but the source now reads as never versioned. On S3 versioning can only be suspended, never turned off, so either that answer is wrong (a proxy or an endpoint that does not implement versioning) or the bucket was deleted and created again. Nothing was backed up. Check the source endpoint; if the bucket really was re-created, back it up to a new destination or prefix`
  );
}
async function olderUsableState(catalog, sourceIdValue, damagedRunId, logger) {
  for await (const candidate of catalog.olderRunsOf(sourceIdValue, damagedRunId)) {
    if (!("run" in candidate)) {
      logger.warn(`${sourceIdValue}: run record ${candidate.runId} is damaged too (${candidate.reason})`);
      continue;
    }
    try {
      await catalog.checkState(candidate.source);
      return candidate;
    } catch (error) {
      if (!(error instanceof CatalogDamagedError)) throw error;
      logger.warn(`${sourceIdValue}: the state of run ${candidate.run.runId} is damaged too (${error.message})`);
    }
  }
  return void 0;
}
async function backupSource(source, versioned, previous, context, storedWatermark) {
  const { options, deps, catalog } = context;
  const { logger } = deps;
  const started = Date.now();
  let base = previous;
  let fallback;
  const fallBack = async (damagedRunId, reason) => {
    base = await olderUsableState(catalog, source.id, damagedRunId, logger);
    fallback = { damagedRunId, reason, ...base ? { usedRunId: base.run.runId } : {} };
    logger.warn(
      `${source.id}: ${reason}. Comparing against ${base ? `the older state of run ${base.run.runId}` : "an empty state (no older state is usable)"} instead, checking every copy before making it: nothing is copied twice and nothing is lost`
    );
  };
  if (previous && previous.damaged.length > 0) {
    fallback = { damagedRunId: previous.damaged[0].runId, reason: previous.damaged[0].reason, usedRunId: previous.run.runId };
    logger.warn(`${source.id}: ${previous.damaged.map((d2) => d2.reason).join("; ")}. Comparing against run ${previous.run.runId} instead, checking every copy before making it`);
  }
  if (previous?.stateProblem) await fallBack(previous.run.runId, previous.stateProblem);
  for (let pass = 1; ; pass++) {
    const current = base;
    const watermarkOrigin = current?.source.watermarkAfter ? "catalogue" : storedWatermark && !fallback ? "store" : "none";
    const watermarkBefore = current?.source.watermarkAfter ?? (fallback ? void 0 : storedWatermark);
    if (pass === 1 && current && !fallback) logger.info(`previous run ${current.run.runId}; watermark ${watermarkBefore ?? "none"} (from the ${watermarkOrigin})`);
    else if (pass === 1 && !current && !fallback) logger.info(`first run for this source${watermarkBefore ? ` (watermark hint ${watermarkBefore} from the store)` : ""}: every version is copied`);
    const recheckSince = watermarkBefore ? new Date(Date.parse(watermarkBefore) - options.overlapMs).toISOString() : void 0;
    const stateWrite = planStateWrite(current, fallback !== void 0, options.checkpoint);
    if (stateWrite.kind === "full" && current) logger.debug(`${source.id}: writing a full state checkpoint (${stateWrite.reason})`);
    let outcome;
    try {
      outcome = await backupPass(source, versioned, current, recheckSince, { ...context, headBeforeCopy: context.headBeforeCopy || fallback !== void 0, stateWrite });
    } catch (error) {
      if (pass === 1 && current && error instanceof CatalogDamagedError && stateFiles(current.source).some((f2) => f2.file === error.file)) {
        await fallBack(current.run.runId, error.message);
        continue;
      }
      throw error;
    }
    return sourceOutcome(source, versioned, current, fallback, outcome, { watermarkBefore, watermarkOrigin, started, dryRun: options.dryRun, logger, filter: options.filter });
  }
}

// src/backends/s3/restore-guard.ts
import { join as join3, sep } from "node:path";

// src/stores/object/place.ts
import { realpath } from "node:fs/promises";
import { basename, dirname, join as join2, resolve } from "node:path";
async function resolvePlace(place) {
  return place.kind === "local" ? { kind: "local", root: await realPathOf(place.root) } : place;
}
async function realPathOf(path) {
  let current = resolve(path);
  const missing = [];
  for (; ; ) {
    try {
      return join2(await realpath(current), ...missing.reverse());
    } catch (error) {
      const code2 = error.code;
      const parent = dirname(current);
      if (code2 !== "ENOENT" && code2 !== "ENOTDIR" || parent === current) throw error;
      missing.push(basename(current));
      current = parent;
    }
  }
}

// src/backends/s3/restore-guard.ts
function liveSources(catalogued, given, sourceEndpoint) {
  const found = [];
  const givenById = new Map(given.map((s2) => [s2.id, s2]));
  for (const source of given) {
    if (source.place.kind === "s3") found.push({ id: source.id, location: source.place.location, live: source });
  }
  for (const source of catalogued) {
    const live = givenById.get(source.id);
    found.push({
      id: source.id,
      location: { endpoint: sourceEndpoint, bucket: source.bucket, prefix: source.prefix },
      ...sourceEndpoint === void 0 ? { anyEndpoint: true } : {},
      ...live ? { live } : {}
    });
  }
  return found;
}
function overlappedSources(areas, sources) {
  const hit = /* @__PURE__ */ new Map();
  for (const area of areas) {
    if (area.place.kind !== "s3") continue;
    const written = { ...area.place.location, prefix: area.place.location.prefix + area.keyPrefix };
    for (const source of sources) {
      const shares = source.anyEndpoint ? written.bucket === source.location.bucket && prefixesOverlap(written.prefix, source.location.prefix) : locationsOverlap(written, source.location);
      if (!shares) continue;
      const known = hit.get(source.id);
      if (!known || !known.live && source.live) hit.set(source.id, source);
    }
  }
  return [...hit.values()];
}
var within = (path, folder) => path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
async function destinationPartHit(place, destination) {
  const home = destination.place;
  if (place.kind === "s3" && home.kind === "s3") {
    for (const prefix of destinationReservedPrefixes(home.location.prefix)) {
      const reserved = { ...home.location, prefix };
      if (locationsOverlap(place.location, reserved)) return describeLocation(reserved);
    }
    return void 0;
  }
  if (place.kind === "local" && home.kind === "local") {
    const [target, root2] = await Promise.all([resolvePlace(place), resolvePlace(home)]);
    if (target.kind !== "local" || root2.kind !== "local") return void 0;
    for (const part of ["catalog", "data"]) {
      const reserved = join3(root2.root, part);
      if (within(target.root, reserved) || within(reserved, target.root)) return reserved;
    }
  }
  return void 0;
}
function describePlace(place) {
  return place.kind === "s3" ? describeLocation(place.location) : `folder ${place.root}`;
}
async function guardTargets(runs, known, options, deps) {
  for (const { target } of runs) {
    const hit = await destinationPartHit(target.place, deps.destination);
    if (hit) {
      throw new RestoreError(
        `input \`restore-target\`: ${describePlace(target.place)} overlaps the backup destination's catalogue or data (${hit}): restored objects there could overwrite the backup or poison its catalogue. Choose a place outside the destination, or a folder under its restored/ (the default when \`restore-target\` is unset)`
      );
    }
  }
  const areas = runs.map((run) => ({ sourceId: run.source.id, place: run.target.place, keyPrefix: options.target.kind === "in-place" ? run.keyPrefix + run.listPrefix : "" }));
  const overlapped = overlappedSources(areas, liveSources(known.values(), deps.sources ?? [], options.sourceEndpoint));
  if (overlapped.length === 0) return [];
  const spec = options.target;
  const names = overlapped.map((s2) => s2.id).join(", ");
  const how = overlapped.some((s2) => s2.anyEndpoint) ? "(the catalogue does not record where its sources live and `source-endpoint` is not set, so that bucket on any endpoint counts as the source; if this one is not it, set `source-endpoint` to the sources' endpoint)" : "(same endpoint)";
  const confirmed = spec.kind === "in-place" ? spec.confirmed : spec.kind === "s3" && spec.confirmed === true;
  if (spec.kind === "default") {
    throw new RestoreError(
      `input \`restore-target\`: the default target restored/ in the destination ${deps.destination.description} shares keys with the backed-up source ${names} ${how}: restoring there would write over live data. Set \`restore-target\` to a bucket or folder outside every backed-up source`
    );
  }
  if (!confirmed) {
    const where = describePlace(runs[0].target.place);
    throw new RestoreError(
      `input \`restore-target\`: ${where} shares keys with the backed-up source ${names} ${how}: restoring there writes over live data, which makes it an in-place restore. Choose a target outside every backed-up source, or set \`confirm-in-place\` to \`${IN_PLACE_CONFIRMATION}\` to restore over the live data on purpose (the overlapped sources are backed up first, so they must be listed in \`sources\`)`
    );
  }
  const missing = overlapped.filter((s2) => !s2.live);
  if (missing.length > 0) {
    throw new RestoreError(
      `input \`sources\`: the restore writes into ${missing.map((s2) => s2.id).join(", ")}, which must be backed up before anything there is overwritten: list it in \`sources\` (with credentials that can read it)`
    );
  }
  return overlapped;
}

// src/backends/s3/restore-removals.ts
var PendingRemovals = class {
  spool;
  constructor(scratch) {
    this.spool = scratch.spool("removals");
  }
  get count() {
    return this.spool.count;
  }
  add(removal) {
    return this.spool.add([removal.source, removal.key, removal.size]);
  }
  /** Every removal added, in the order added. */
  async *read() {
    for await (const [source, key, size2] of this.spool.read()) yield { source, key, size: size2 };
  }
  close() {
    return this.spool.close();
  }
};

// src/backends/s3/catalog/history.ts
async function sourceEvents(catalog, sourceIdValue) {
  const prune = await latestPrune(catalog);
  const folded = prune?.record.sources.find((s2) => s2.id === sourceIdValue);
  const runs = [];
  for (const runId2 of (await catalog.runIds(folded?.foldedThrough)).committed) {
    if (folded && compareKeys(runId2, folded.foldedThrough) <= 0) continue;
    const run = await catalog.readRun(runId2);
    const source = run?.sources.find((s2) => s2.id === sourceIdValue);
    if (run && source) runs.push({ run, source });
  }
  const prunedThrough = prune?.record.sources.map((s2) => s2.foldedThrough).sort(compareKeys).at(-1);
  await checkNoRunMissing(catalog, sourceIdValue, runs, prunedThrough);
  return { ...folded ? { folded } : {}, runs };
}
async function checkNoRunMissing(catalog, sourceIdValue, runs, prunedThrough) {
  const listed = new Set(runs.map(({ run }) => run.runId));
  const mayBePruned = (runId2) => prunedThrough !== void 0 && compareKeys(runId2, prunedThrough) <= 0;
  for (const { run, source } of runs) {
    const previous = source.previousRunId;
    if (previous === void 0 || listed.has(previous) || mayBePruned(previous)) continue;
    throw missingRun(previous, `run ${run.runId} of ${sourceIdValue} was built on it`);
  }
  const newest = runs.at(-1);
  if (!newest) return;
  const pointed = await catalog.readPointer(newest.source.bucket, newest.source.prefix).catch(() => void 0);
  if (pointed === void 0 || listed.has(pointed) || compareKeys(pointed, newest.run.runId) <= 0 || mayBePruned(pointed)) return;
  if (await catalog.readRun(pointed) === void 0) throw missingRun(pointed, `the pointer of ${sourceIdValue} names it as its newest run`);
}
function missingRun(runId2, why) {
  return new CatalogDamagedError(
    `${RUNS}${runId2}.json`,
    `is missing (${why}): what that run recorded is unknown, and a restore would read the runs around it as if it never happened`,
    RECOVER_FROM_COPY
  );
}
function eventStreams(catalog, events) {
  const streams = [];
  if (events.folded) streams.push({ name: events.folded.history, events: readHistory(catalog, events.folded) });
  for (const h2 of events.runs) streams.push({ name: h2.source.events, events: catalog.readEvents(h2.source) });
  return streams;
}
async function* sourceAsOf(catalog, sourceIdValue, at2) {
  const events = typeof sourceIdValue === "string" ? await sourceEvents(catalog, sourceIdValue) : sourceIdValue;
  if (events.folded) for await (const _ of readHistory(catalog, events.folded)) ;
  for (const h2 of events.runs) await catalog.checkEvents(h2.source);
  yield* statesAsOf(eventStreams(catalog, events), at2);
}

// src/backends/s3/restore-copy.ts
import { createHash as createHash7 } from "node:crypto";
import { PassThrough as PassThrough4 } from "node:stream";
import { pipeline as pipeline3 } from "node:stream/promises";
var DamagedBackupError = class extends Error {
  permanent = true;
  constructor(message) {
    super(message);
    this.name = "DamagedBackupError";
  }
};
function checkedBy(version) {
  if (version.sha256) return "sha256";
  if (isPlainMd5(version.e)) return "md5";
  return "size";
}
function problemsWith(version, bytes2, digests) {
  const size2 = version.s ?? 0;
  const problems = [];
  if (bytes2 !== size2) problems.push(`${bytes2} bytes in the backup, ${size2} recorded`);
  if (version.sha256 && digests.sha256 !== version.sha256) problems.push("SHA-256 differs from the catalogue");
  if (!version.sha256 && isPlainMd5(version.e) && digests.md5 !== version.e) problems.push(`MD5 ${digests.md5} differs from the source ETag ${version.e}`);
  return problems;
}
function damaged(version, problems, what) {
  return new DamagedBackupError(`the backup object ${version.b} is damaged (${problems.join("; ")}): ${what}; run verify`);
}
async function openBackup(version, destination, bandwidth) {
  if (!version.b) throw new DamagedBackupError(`the catalogue records no backup object for ${version.k}`);
  const body = await destination.get(version.b);
  if (!body) throw new DamagedBackupError(`the backup object ${version.b} is missing: run verify`);
  if (!bandwidth) return body;
  const limited = bandwidth.transform();
  pipeline3(body, limited).catch(() => void 0);
  return limited;
}
async function stageVersion(version, destination, scratch, bandwidth) {
  const body = await openBackup(version, destination, bandwidth);
  const sha2562 = createHash7("sha256");
  const md5 = createHash7("md5");
  const staged = await scratch.stage(body, (chunk) => {
    sha2562.update(chunk);
    md5.update(chunk);
  });
  const digests = { sha256: sha2562.digest("hex"), md5: md5.digest("hex") };
  const problems = problemsWith(version, staged.size, digests);
  if (problems.length > 0) {
    await staged.dispose();
    throw damaged(version, problems, "nothing was written with it");
  }
  return { ...digests, size: staged.size, open: () => staged.open(), dispose: () => staged.dispose() };
}
function putVersion(target, targetKey, body, size2, version) {
  return target.put(targetKey, body, { size: size2, ...version.meta ? { metadata: version.meta } : {}, singleRequest: true });
}
async function writeStaged(staged, version, target, targetKey) {
  const stored = await putVersion(target, targetKey, staged.open(), staged.size, version);
  if (isPlainMd5(stored.etag) && stored.etag !== staged.md5) {
    throw new VerificationError(`the target stored ${targetKey} with ETag ${stored.etag}, but the bytes sent have MD5 ${staged.md5}`, targetKey);
  }
}
async function streamVersion(version, target, targetKey, destination, bandwidth) {
  const body = await openBackup(version, destination);
  const verifier = new Verifier({ md5: true, sha1: false, crc32: false });
  const pass = new PassThrough4({ highWaterMark: 64 * 1024 });
  const put = putVersion(target, targetKey, pass, version.s ?? 0, version).catch((error) => {
    pass.destroy(error);
    throw error;
  });
  const [, stored] = await Promise.all([bandwidth ? pipeline3(body, bandwidth.transform(), verifier, pass) : pipeline3(body, verifier, pass), put]);
  const digests = verifier.digests();
  const problems = problemsWith(version, verifier.bytes, { sha256: digests.sha256 ?? "", md5: digests.md5 ?? "" });
  if (problems.length > 0) {
    await target.delete(targetKey).catch(() => void 0);
    throw damaged(version, problems, "not restored");
  }
  if (isPlainMd5(stored.etag) && stored.etag !== digests.md5) {
    throw new VerificationError(`the target stored ${targetKey} with ETag ${stored.etag}, but the bytes sent have MD5 ${digests.md5}`, targetKey);
  }
}
async function targetHolds(target, targetKey, size2, sha2562) {
  const body = await target.get(targetKey);
  if (!body) return false;
  const read = await digestStream(body);
  return read.bytes === size2 && read.sha256 === sha2562;
}

// src/backends/s3/restore-source.ts
var MAX_ERRORS_PER_SOURCE = 20;
function listPrefixOf(source, options) {
  return options.prefix && options.prefix.startsWith(source.prefix) ? options.prefix : source.prefix;
}
function recordError(run, message) {
  run.totals.failed++;
  if (run.errors.length < MAX_ERRORS_PER_SOURCE) run.errors.push(message);
}
function record(run, outcome, context) {
  const { step } = outcome;
  const totals = run.totals;
  countStep(totals, { ...step, action: outcome.action });
  if (outcome.compared) totals.compared++;
  if (outcome.written !== void 0) {
    totals.written++;
    totals.bytesWritten += outcome.written;
  }
  if (outcome.checkedBy === "size") {
    totals.checkedBySizeOnly++;
    if (context.sizeOnly.length < context.listLimit) context.sizeOnly.push(`${run.source.id} ${step.key}`);
  }
  if (outcome.error !== void 0) recordError(run, `${step.key}: ${outcome.error}`);
  if (step.uncertainDeletion && context.uncertainDeletions.length < context.listLimit) {
    context.uncertainDeletions.push({ source: run.source.id, key: step.key, ...step.uncertainDeletion });
  }
  if (outcome.action !== "skip") context.plannedTotal++;
  if (outcome.action !== "skip" && context.planned.length < context.listLimit) {
    context.planned.push({
      source: run.source.id,
      key: step.key,
      action: outcome.action,
      size: step.version?.s ?? step.skipped?.s ?? step.target?.size ?? 0,
      ...step.uncertainDeletion ? { uncertain: true } : {}
    });
  }
}
async function restoreSource(run, context) {
  const { options } = context;
  const selection = {};
  if (options.prefix) selection.prefix = options.prefix;
  if (options.keys) selection.keys = options.keys;
  const { source, target, keyPrefix } = run;
  const filter = options.filter ?? KeyFilter.everything;
  const bySelection = keySelector(selection);
  const selects = (key) => bySelection(key) && (!filter.hasPathRules || filter.matchesKey(key, source.prefix));
  const states = (async function* () {
    const events = { ...source.pruned ? { folded: source.pruned } : {}, runs: source.history };
    for await (const state of sourceAsOf(context.catalog, events, new Date(options.at.getTime()))) if (selects(state.key)) yield state;
  })();
  const listing = (async function* () {
    for await (const object2 of target.list(keyPrefix + run.listPrefix)) {
      const key = object2.key.slice(keyPrefix.length);
      if (key.startsWith(source.prefix) && selects(key)) yield { ...object2, key };
    }
  })();
  const total = options.dryRun ? void 0 : await objectsAtT(context, source.id, selects);
  const progress = new ProgressLine(context.deps.logger, `${options.dryRun ? "planning" : "restoring"} ${source.id}`);
  const show = (final = false) => progress.update(() => restoreProgress(run, total, options.dryRun), final);
  const recordAndShow = (outcome) => {
    record(run, outcome, context);
    show();
  };
  const pool = new OrderedPool(options.concurrency, orderedWindow(options.concurrency));
  try {
    for await (const step of planRestore(states, listing, { removeAbsent: context.removeAbsent })) {
      if (filter.hasSizeRules && !filter.matchesSize(step.version?.s ?? step.skipped?.s ?? step.target?.size ?? 0)) {
        run.totals.excluded++;
        continue;
      }
      if (step.action === "unavailable") {
        recordAndShow({ step, action: "unavailable" });
        continue;
      }
      if (step.action === "remove") {
        recordAndShow({ step, action: "remove" });
        if (!options.dryRun) {
          run.removalsPlanned++;
          await context.removals.add({ source: run.index, key: step.key, size: step.target?.size ?? 0 });
        }
        continue;
      }
      while (pool.full) recordAndShow(await pool.next());
      await pool.submit(() => executeStep(step, run, context));
    }
    while (pool.pending > 0) recordAndShow(await pool.next());
    show(true);
  } catch (error) {
    while (pool.pending > 0) await pool.next().catch(() => void 0);
    throw error;
  }
}
async function objectsAtT(context, sourceId2, selects) {
  const total = { objects: 0, bytes: 0 };
  for await (const state of sourceAsOf(context.catalog, sourceId2, new Date(context.options.at.getTime()))) {
    if (!state.version || !selects(state.key)) continue;
    total.objects++;
    total.bytes += state.version.s ?? 0;
  }
  return total;
}
function restoreProgress(run, total, dryRun) {
  const t8 = run.totals;
  const detail = dryRun ? `would write ${count(t8.write + t8.overwrite)} (${formatBytes(t8.bytesToWrite)}), ${count(t8.skip)} already right` : `${count(t8.written)} written (${formatBytes(t8.bytesWritten)}), ${count(t8.skip)} already right${t8.failed > 0 ? `, ${count(t8.failed)} failed` : ""}`;
  return {
    done: t8.keysAtT,
    ...total ? { total: total.objects, bytesTotal: total.bytes } : {},
    bytes: dryRun ? 0 : t8.bytesWritten + t8.bytesSkipped,
    unit: "objects",
    detail
  };
}
async function runRemovals(runs, context) {
  if (!context.removals || context.removals.count === 0) return;
  const failedWrites = runs.reduce((n2, run) => n2 + run.totals.failed, 0);
  if (failedWrites > 0) {
    const named = /* @__PURE__ */ new Map();
    for await (const removal of context.removals.read()) {
      const keys = named.get(removal.source) ?? [];
      if (keys.length < 5) keys.push(removal.key);
      named.set(removal.source, keys);
    }
    runs.forEach((run, index) => {
      if (run.removalsPlanned === 0) return;
      run.totals.failed += run.removalsPlanned;
      const keys = named.get(index) ?? [];
      const list = keys.map((k2) => JSON.stringify(k2)).join(", ") + (run.removalsPlanned > keys.length ? `, and ${run.removalsPlanned - keys.length} more` : "");
      run.errors.push(
        `not removed: ${list} (${run.removalsPlanned} ${run.removalsPlanned === 1 ? "object" : "objects"} absent at the restore time): ${failedWrites} ${failedWrites === 1 ? "write" : "writes"} of this restore failed, and nothing is removed unless every write succeeded; run the restore again`
      );
    });
    return;
  }
  for await (const removal of context.removals.read()) {
    const run = runs[removal.source];
    try {
      await context.deps.beforeRemove?.(removal.key);
      await retry(() => run.target.delete(run.keyPrefix + removal.key), retryOptions(context, removal.key));
      run.totals.removed++;
    } catch (error) {
      if (isFatal(error, RESTORE_POLICY)) throw error;
      recordError(run, `${removal.key}: not removed: ${error.message}`);
    }
  }
}
function retryOptions(context, key) {
  return {
    attempts: context.options.retryAttempts ?? 4,
    baseDelayMs: 250,
    maxDelayMs: 1e4,
    // A damaged backup object reads the same every time: it is never retried (see DamagedBackupError).
    isRetryable: (error) => classifyTransferError(error, RESTORE_POLICY) === "retryable",
    ...context.deps.sleep ? { sleep: context.deps.sleep } : {},
    onRetry: (error, attempt, delay2) => context.deps.logger.debug(`${key}: attempt ${attempt} failed (${error.message}); retrying in ${delay2} ms`)
  };
}
async function executeStep(step, run, context) {
  if (step.action === "skip") return { step, action: "skip" };
  if (context.options.dryRun) return { step, action: step.action };
  const { deps } = context;
  const version = step.version;
  const size2 = version.s ?? 0;
  const targetKey = run.keyPrefix + step.key;
  const retrying = (operation) => retry(operation, retryOptions(context, step.key));
  const stage = () => retrying(() => stageVersion(version, deps.destination, context.scratch, deps.bandwidth));
  let staged;
  let compared = false;
  try {
    let action = step.action;
    if (action === "check") {
      compared = true;
      if (!version.sha256) staged = await stage();
      const expected = version.sha256 ?? staged.sha256;
      if (await retrying(() => targetHolds(run.target, targetKey, size2, expected))) return { step, action: "skip", compared };
      action = "overwrite";
    }
    await deps.beforeWrite?.(step.key);
    if (context.liveWrites || action === "overwrite") {
      staged ??= await stage();
      const ready = staged;
      await retrying(() => writeStaged(ready, version, run.target, targetKey));
    } else {
      await retrying(() => streamVersion(version, run.target, targetKey, deps.destination, deps.bandwidth));
    }
    return { step, action, compared, written: size2, checkedBy: checkedBy(version) };
  } catch (error) {
    if (isFatal(error, RESTORE_POLICY)) throw error;
    return { step, action: step.action === "check" ? "overwrite" : step.action, compared, error: error.message };
  } finally {
    await staged?.dispose();
  }
}

// src/stores/object/local/paths.ts
var MAX_SEGMENT_BYTES = 200;
function encodeSegment(segment) {
  if (segment === "") return ["%"];
  if (segment === ".") return ["%2E"];
  if (segment === "..") return ["%2E%2E"];
  let encoded = "";
  for (const char of segment) {
    const code2 = char.codePointAt(0);
    if (char === "%" || char === "+" || char === "\\" || code2 < 32 || code2 === 127) {
      encoded += [...Buffer.from(char)].map((b2) => "%" + b2.toString(16).toUpperCase().padStart(2, "0")).join("");
    } else {
      encoded += char;
    }
  }
  if (Buffer.byteLength(encoded) <= MAX_SEGMENT_BYTES) return [encoded];
  const pieces = [];
  let piece = "";
  for (const token of encoded.match(/%[0-9A-F]{2}|[\s\S]/gu) ?? []) {
    if (Buffer.byteLength(piece + token) > MAX_SEGMENT_BYTES - 1) {
      pieces.push(piece + "+");
      piece = "";
    }
    piece += token;
  }
  pieces.push(piece);
  return pieces;
}
function decodeName(encoded) {
  return encoded === "%" ? "" : decodeURIComponent(encoded.replace(/%(?![0-9A-F]{2})/g, "%25"));
}

// src/stores/object/local/naming.ts
function folderComponents(naming, folderKey) {
  return folderKey === "" ? [] : naming.fileComponents(folderKey.slice(0, -1));
}
var destinationNaming = {
  fileComponents: (key) => key.split("/").flatMap(encodeSegment),
  parse(name) {
    const piece = name.endsWith("+");
    const raw = piece ? name.slice(0, -1) : name;
    let text3;
    try {
      text3 = decodeName(raw);
    } catch {
      text3 = raw;
    }
    return { text: text3, kind: piece ? "piece" : "whole" };
  }
};

// src/stores/object/local/store.ts
import { randomBytes as randomBytes5 } from "node:crypto";
import { join as join5 } from "node:path";

// src/stores/object/local/folder.ts
import { constants } from "node:fs";
import { access, lstat, mkdir, open as open2, readdir, rename, rm as rm2, writeFile } from "node:fs/promises";
import { randomBytes as randomBytes4 } from "node:crypto";
import { basename as basename2, isAbsolute, join as join4, relative, resolve as resolve2, sep as sep2 } from "node:path";
import { Readable as Readable3 } from "node:stream";
import { pipeline as pipeline4 } from "node:stream/promises";
var TEMPORARY_PREFIX = ".pullback-tmp-";
var LinkRefusedError = class extends Error {
  constructor(key, link) {
    super(
      `refusing key ${JSON.stringify(key)}: ${link} is a symbolic link, and pullback never follows links inside its folder (files would land outside it); remove the link or choose another folder`
    );
    this.key = key;
    this.link = link;
    this.name = "LinkRefusedError";
  }
  key;
  link;
};
var code = (error) => error?.code;
async function lstatOrUndefined(path) {
  try {
    return await lstat(path);
  } catch (error) {
    if (code(error) === "ENOENT" || code(error) === "ENOTDIR") return void 0;
    throw error;
  }
}
var LocalFolder = class {
  constructor(root2, naming, options = {}) {
    this.naming = naming;
    this.root = resolve2(root2);
    this.within = options.within === void 0 ? void 0 : resolve2(options.within);
    if (this.within !== void 0) {
      const rel = relative(this.within, this.root);
      if (rel.startsWith("..") || isAbsolute(rel)) throw new Error(`${this.root} is not inside ${this.within}`);
    }
  }
  naming;
  root;
  /** The folder whose own links are trusted, when the root lies below it. */
  within;
  /** The root, checked (and created when `create`); undefined when it does not exist yet. */
  async rootPath(key, create) {
    if (this.within === void 0) {
      if (create) await mkdir(this.root, { recursive: true });
      return this.root;
    }
    if (create) await mkdir(this.within, { recursive: true });
    const parts = relative(this.within, this.root).split(sep2).filter(Boolean);
    return this.descend(this.within, parts, key, create);
  }
  /** Creates the root and proves it writable. */
  async check() {
    if (this.within !== void 0) await mkdir(this.within, { recursive: true });
    await this.rootPath("", true);
    await access(this.root, constants.W_OK);
  }
  /**
   * Walks `components` below `start`, refusing links; creates missing folders when `create`.
   * A file where a folder is needed moves to its displaced name (when the naming has one).
   * Undefined when a folder is missing (or is a file) and nothing may be created.
   */
  async descend(start, components, key, create) {
    let folder = start;
    for (const name of components) {
      const path = join4(folder, name);
      for (let attempt = 0; ; attempt++) {
        const stats = await lstatOrUndefined(path);
        if (stats?.isSymbolicLink()) throw new LinkRefusedError(key, path);
        if (stats?.isDirectory()) break;
        if (!create) return void 0;
        if (attempt > 5) throw new Error(`key ${JSON.stringify(key)}: ${path} keeps changing while pullback creates it; is another process writing this folder?`);
        if (stats === void 0) {
          try {
            await mkdir(path);
          } catch (error) {
            if (code(error) !== "EEXIST") throw error;
          }
          continue;
        }
        if (!this.naming.displacedName) {
          throw new Error(`key ${JSON.stringify(key)}: ${path} is a file where a folder is needed; move it out of ${this.root}`);
        }
        const moved = join4(folder, this.naming.displacedName(name));
        if (await lstatOrUndefined(moved) !== void 0) {
          if (attempt < 3) continue;
          throw new Error(`key ${JSON.stringify(key)}: both ${path} and ${moved} exist and stand for the same key; remove the stale one`);
        }
        try {
          await rename(path, moved);
        } catch (error) {
          if (code(error) !== "ENOENT") throw error;
        }
      }
      folder = path;
    }
    return folder;
  }
  /** Where a key's file is (or goes) inside its folder, refusing a link there. */
  async slot(folder, name, key) {
    const path = join4(folder, name);
    const stats = await lstatOrUndefined(path);
    if (stats?.isSymbolicLink()) throw new LinkRefusedError(key, path);
    if (stats?.isFile() || !this.naming.displacedName) return { path, stats };
    const moved = join4(folder, this.naming.displacedName(name));
    const movedStats = await lstatOrUndefined(moved);
    if (movedStats?.isSymbolicLink()) throw new LinkRefusedError(key, moved);
    if (stats === void 0 && movedStats === void 0) return { path, stats };
    return { path: moved, stats: movedStats };
  }
  /** Where a put of the key renames its file to: a file or nothing there, never a link or a folder. */
  async writableSlot(folder, name, key) {
    const slot = await this.slot(folder, name, key);
    if (slot.stats !== void 0 && !slot.stats.isFile()) {
      throw new Error(`key ${JSON.stringify(key)}: ${slot.path} is ${slot.stats.isDirectory() ? "a folder" : "not a regular file"} where the file belongs; move it out of ${this.root}`);
    }
    return slot.path;
  }
  /** The file of an existing key, or undefined. */
  async find(key) {
    const components = this.naming.fileComponents(key);
    const root2 = await this.rootPath(key, false);
    if (root2 === void 0) return void 0;
    const folder = await this.descend(root2, components.slice(0, -1), key, false);
    if (folder === void 0) return void 0;
    const slot = await this.slot(folder, components[components.length - 1], key);
    return slot.stats?.isFile() ? slot : void 0;
  }
  async put(key, body) {
    const components = this.naming.fileComponents(key);
    let temporary;
    try {
      const root2 = await this.rootPath(key, true);
      const folder = await this.descend(root2, components.slice(0, -1), key, true);
      const name = components[components.length - 1];
      await this.writableSlot(folder, name, key);
      const written = join4(folder, `${TEMPORARY_PREFIX}${randomBytes4(6).toString("hex")}`);
      temporary = written;
      if (typeof body === "string" || Buffer.isBuffer(body)) await writeFile(written, body, { flag: "wx" });
      else {
        const handle = await open2(written, "wx");
        await pipeline4(body, handle.createWriteStream());
      }
      for (let attempt = 0; ; attempt++) {
        const path = await this.writableSlot(folder, name, key);
        try {
          await rename(written, path);
          temporary = void 0;
          return;
        } catch (error) {
          if (attempt >= 3 || !["EISDIR", "ENOTEMPTY", "EEXIST", "ENOTDIR"].includes(code(error) ?? "")) throw error;
        }
      }
    } catch (error) {
      if (body instanceof Readable3 && !body.destroyed) body.destroy();
      throw error;
    } finally {
      if (temporary !== void 0) await rm2(temporary, { force: true });
    }
  }
  async head(key) {
    const slot = await this.find(key);
    return slot ? { key, size: slot.stats.size } : void 0;
  }
  async get(key) {
    const slot = await this.find(key);
    if (!slot) return void 0;
    let handle;
    try {
      handle = await open2(slot.path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      if (code(error) === "ELOOP") throw new LinkRefusedError(key, slot.path);
      if (code(error) === "ENOENT") return void 0;
      throw error;
    }
    return handle.createReadStream();
  }
  async delete(key) {
    const slot = await this.find(key);
    if (slot) await rm2(slot.path, { force: true });
  }
  /** The folder holding a prefix's keys (the part up to its last `/`), checked; undefined when absent. */
  async prefixFolder(prefix) {
    const folderKey = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/") + 1) : "";
    const root2 = await this.rootPath(prefix, false);
    if (root2 === void 0) return void 0;
    const folder = await this.descend(root2, folderComponents(this.naming, folderKey), prefix, false);
    return folder === void 0 ? void 0 : { folder, folderKey };
  }
  /** Keys under a prefix in S3 byte order, after `startAfter` when given. Links are never followed. */
  async *list(prefix, startAfter) {
    const start = await this.prefixFolder(prefix);
    if (start === void 0) return;
    let previous;
    for await (const object2 of this.walk(start.folder, start.folderKey)) {
      if (!object2.key.startsWith(prefix) || startAfter !== void 0 && compareKeys(object2.key, startAfter) <= 0) continue;
      if (previous && previous.key === object2.key) {
        throw new Error(`two files in ${this.root} stand for the key ${JSON.stringify(object2.key)} (a file and its displaced copy): remove the stale one`);
      }
      previous = object2;
      yield object2;
    }
  }
  /**
   * One folder's names sorted by the keys they hold, merged with the folders of split segments
   * (whose keys can fall between their siblings'), so the whole walk comes out in key order.
   */
  async *walk(folder, keyPrefix) {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (code(error) === "ENOENT" || code(error) === "ENOTDIR") return;
      throw error;
    }
    const plain = [];
    const streams = [];
    for (const entry of entries) {
      if (entry.name.startsWith(TEMPORARY_PREFIX)) continue;
      if (!entry.isFile() && !entry.isDirectory()) continue;
      const parsed = this.naming.parse(entry.name);
      const path = join4(folder, entry.name);
      const text3 = keyPrefix + parsed.text;
      if (parsed.kind === "piece") {
        if (entry.isDirectory()) streams.push(this.walk(path, text3));
      } else if (entry.isDirectory()) {
        if (parsed.kind === "whole") plain.push({ key: `${text3}/`, path, folder: true });
      } else {
        plain.push({ key: text3, path, folder: false });
      }
    }
    entries = [];
    plain.sort((a2, b2) => compareKeys(a2.key, b2.key));
    const self = this;
    streams.unshift(
      (async function* () {
        for (const entry of plain) {
          if (entry.folder) {
            yield* self.walk(entry.path, entry.key);
            continue;
          }
          const stats = await lstatOrUndefined(entry.path);
          if (stats?.isFile()) yield { key: entry.key, size: stats.size };
        }
      })()
    );
    if (streams.length === 1) {
      yield* streams[0];
      return;
    }
    const sorted = streams.map((items) => ({ items, key: (object2) => object2.key, name: `the listing of ${folder}`, repeats: true }));
    for await (const { items } of mergeSorted(sorted)) for (const group2 of items) yield* group2;
  }
  /**
   * Temporary files below a prefix's folder: writes a killed run left half done (a finished or
   * failed write leaves none). `key` is the folder they are in; links are never followed.
   */
  async *temporaryFiles(prefix) {
    const start = await this.prefixFolder(prefix);
    if (start === void 0) return;
    const root2 = this.root;
    const naming = this.naming;
    const walk = async function* (folder, keyPrefix) {
      let entries;
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const path = join4(folder, entry.name);
        if (entry.isDirectory()) {
          const parsed = naming.parse(entry.name);
          yield* walk(path, keyPrefix + parsed.text + (parsed.kind === "piece" ? "" : "/"));
        } else if (entry.isFile() && entry.name.startsWith(TEMPORARY_PREFIX)) {
          const info = await lstatOrUndefined(path);
          if (info) yield { key: keyPrefix, id: relative(root2, path), initiated: info.mtime };
        }
      }
    };
    yield* walk(start.folder, start.folderKey);
  }
  /** Removes a temporary file temporaryFiles found (`id`: its path below the root), and nothing else. */
  async removeTemporary(id) {
    const path = resolve2(this.root, id);
    const rel = relative(this.root, path);
    if (!basename2(path).startsWith(TEMPORARY_PREFIX) || rel.startsWith("..") || isAbsolute(rel)) throw new Error(`not a temporary file of ${this.root}: ${id}`);
    await rm2(path, { force: true });
  }
};

// src/stores/object/local/target-names.ts
var MAX_NAME_BYTES = 255;
var MAX_TEXT_BYTES = MAX_NAME_BYTES - 2;
var PIECE = "%+";
var DISPLACED = "%@";
var WINDOWS_RESERVED = /* @__PURE__ */ new Set(["\\", ":", "*", "?", '"', "<", ">", "|"]);
function escape(char) {
  return "%" + char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0");
}
function encodeTargetSegment(segment, platform = process.platform) {
  if (segment === "") return ["%"];
  if (segment === ".") return ["%2E"];
  if (segment === "..") return ["%2E%2E"];
  const tokens = [];
  for (const char of segment) {
    const code2 = char.codePointAt(0);
    const reserved = char === "%" || code2 < 32 || code2 === 127 || platform === "win32" && WINDOWS_RESERVED.has(char);
    tokens.push(reserved ? escape(char) : char);
  }
  if (segment.startsWith(".pullback-")) tokens[0] = "%2E";
  const encoded = tokens.join("");
  if (Buffer.byteLength(encoded) <= MAX_TEXT_BYTES) return [encoded];
  const pieces = [];
  let piece = "";
  for (const token of tokens) {
    if (Buffer.byteLength(piece + token) > MAX_TEXT_BYTES) {
      pieces.push(piece + PIECE);
      piece = "";
    }
    piece += token;
  }
  pieces.push(piece);
  return pieces;
}
function decodeText(encoded) {
  if (encoded === "%") return "";
  return encoded.replace(/%([0-7][0-9A-F])/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}
function parseTargetName(name) {
  if (name.endsWith(PIECE) && name.length > PIECE.length) return { text: decodeText(name.slice(0, -PIECE.length)), kind: "piece" };
  if (name.endsWith(DISPLACED) && name.length > DISPLACED.length) return { text: decodeText(name.slice(0, -DISPLACED.length)), kind: "displaced" };
  return { text: decodeText(name), kind: "whole" };
}
function targetNaming(platform = process.platform) {
  return {
    fileComponents: (key) => key.split("/").flatMap((segment) => encodeTargetSegment(segment, platform)),
    parse: parseTargetName,
    displacedName: (name) => name + DISPLACED
  };
}

// src/stores/object/local/store.ts
var LocalObjectStore = class _LocalObjectStore {
  constructor(root2, naming, options = {}) {
    this.naming = naming;
    this.folder = new LocalFolder(root2, naming, options.within === void 0 ? {} : { within: options.within });
    this.root = this.folder.root;
    this.label = options.label ?? DESTINATION_LABEL;
    this.place = { kind: "local", root: this.root };
  }
  naming;
  root;
  prefixBytes = 0;
  keepsMetadata = false;
  place;
  folder;
  label;
  get description() {
    return `folder ${this.root}`;
  }
  under(subPrefix) {
    const root2 = join5(this.root, ...folderComponents(this.naming, subPrefix));
    return new _LocalObjectStore(root2, targetNaming(), { within: this.folder.within ?? this.root, label: { role: "restore target", input: this.label.input } });
  }
  check() {
    return this.folder.check();
  }
  async probeWrite() {
    try {
      await this.folder.check();
      const key = `.pullback-restore-probe-${randomBytes5(6).toString("hex")}`;
      await this.folder.put(key, "pullback write probe");
      await this.folder.delete(key);
      return void 0;
    } catch (error) {
      throw new Error(`writing to ${this.label.role} ${this.description} failed: ${error.message}: check \`${this.label.input}\``, { cause: error });
    }
  }
  async put(key, body, _options) {
    await this.folder.put(key, body);
    return {};
  }
  head(key) {
    return this.folder.head(key);
  }
  get(key) {
    return this.folder.get(key);
  }
  list(prefix, startAfter) {
    return this.folder.list(prefix, startAfter);
  }
  delete(key) {
    return this.folder.delete(key);
  }
  /** A folder's partial writes: temporary files a killed run left behind (see LocalFolder.put). */
  listPartialWrites(prefix) {
    return this.folder.temporaryFiles(prefix);
  }
  abortPartialWrite(write) {
    return this.folder.removeTemporary(write.id);
  }
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/constants.js
var RequestChecksumCalculation = {
  WHEN_SUPPORTED: "WHEN_SUPPORTED",
  WHEN_REQUIRED: "WHEN_REQUIRED"
};
var DEFAULT_REQUEST_CHECKSUM_CALCULATION = RequestChecksumCalculation.WHEN_SUPPORTED;
var ResponseChecksumValidation = {
  WHEN_SUPPORTED: "WHEN_SUPPORTED",
  WHEN_REQUIRED: "WHEN_REQUIRED"
};
var DEFAULT_RESPONSE_CHECKSUM_VALIDATION = RequestChecksumCalculation.WHEN_SUPPORTED;
var ChecksumAlgorithm;
(function(ChecksumAlgorithm2) {
  ChecksumAlgorithm2["MD5"] = "MD5";
  ChecksumAlgorithm2["CRC32"] = "CRC32";
  ChecksumAlgorithm2["CRC32C"] = "CRC32C";
  ChecksumAlgorithm2["CRC64NVME"] = "CRC64NVME";
  ChecksumAlgorithm2["SHA1"] = "SHA1";
  ChecksumAlgorithm2["SHA256"] = "SHA256";
})(ChecksumAlgorithm || (ChecksumAlgorithm = {}));
var ChecksumLocation;
(function(ChecksumLocation2) {
  ChecksumLocation2["HEADER"] = "header";
  ChecksumLocation2["TRAILER"] = "trailer";
})(ChecksumLocation || (ChecksumLocation = {}));
var DEFAULT_CHECKSUM_ALGORITHM = ChecksumAlgorithm.CRC32;

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/stringUnionSelector.js
var SelectorType2;
(function(SelectorType3) {
  SelectorType3["ENV"] = "env";
  SelectorType3["CONFIG"] = "shared config entry";
})(SelectorType2 || (SelectorType2 = {}));
var stringUnionSelector = (obj, key, union, type) => {
  if (!(key in obj)) {
    return void 0;
  }
  const value = obj[key].toUpperCase();
  if (!Object.values(union).includes(value)) {
    throw new TypeError(`Cannot load ${type} '${key}'. Expected one of ${Object.values(union)}, got '${obj[key]}'.`);
  }
  return value;
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/NODE_REQUEST_CHECKSUM_CALCULATION_CONFIG_OPTIONS.js
var ENV_REQUEST_CHECKSUM_CALCULATION = "AWS_REQUEST_CHECKSUM_CALCULATION";
var CONFIG_REQUEST_CHECKSUM_CALCULATION = "request_checksum_calculation";
var NODE_REQUEST_CHECKSUM_CALCULATION_CONFIG_OPTIONS = {
  environmentVariableSelector: (env) => stringUnionSelector(env, ENV_REQUEST_CHECKSUM_CALCULATION, RequestChecksumCalculation, SelectorType2.ENV),
  configFileSelector: (profile) => stringUnionSelector(profile, CONFIG_REQUEST_CHECKSUM_CALCULATION, RequestChecksumCalculation, SelectorType2.CONFIG),
  default: DEFAULT_REQUEST_CHECKSUM_CALCULATION
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/NODE_RESPONSE_CHECKSUM_VALIDATION_CONFIG_OPTIONS.js
var ENV_RESPONSE_CHECKSUM_VALIDATION = "AWS_RESPONSE_CHECKSUM_VALIDATION";
var CONFIG_RESPONSE_CHECKSUM_VALIDATION = "response_checksum_validation";
var NODE_RESPONSE_CHECKSUM_VALIDATION_CONFIG_OPTIONS = {
  environmentVariableSelector: (env) => stringUnionSelector(env, ENV_RESPONSE_CHECKSUM_VALIDATION, ResponseChecksumValidation, SelectorType2.ENV),
  configFileSelector: (profile) => stringUnionSelector(profile, CONFIG_RESPONSE_CHECKSUM_VALIDATION, ResponseChecksumValidation, SelectorType2.CONFIG),
  default: DEFAULT_RESPONSE_CHECKSUM_VALIDATION
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/getChecksumAlgorithmForRequest.js
var getChecksumAlgorithmForRequest = (input, { requestChecksumRequired, requestAlgorithmMember, requestChecksumCalculation }) => {
  if (!requestAlgorithmMember) {
    return requestChecksumCalculation === RequestChecksumCalculation.WHEN_SUPPORTED || requestChecksumRequired ? DEFAULT_CHECKSUM_ALGORITHM : void 0;
  }
  if (!input[requestAlgorithmMember]) {
    return void 0;
  }
  const checksumAlgorithm = input[requestAlgorithmMember];
  return checksumAlgorithm;
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/getChecksumLocationName.js
var getChecksumLocationName = (algorithm) => algorithm === ChecksumAlgorithm.MD5 ? "content-md5" : `x-amz-checksum-${algorithm.toLowerCase()}`;

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/hasHeader.js
var hasHeader = (header, headers) => {
  const soughtHeader = header.toLowerCase();
  for (const headerName of Object.keys(headers)) {
    if (soughtHeader === headerName.toLowerCase()) {
      return true;
    }
  }
  return false;
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/hasHeaderWithPrefix.js
var hasHeaderWithPrefix = (headerPrefix, headers) => {
  const soughtHeaderPrefix = headerPrefix.toLowerCase();
  for (const headerName of Object.keys(headers)) {
    if (headerName.toLowerCase().startsWith(soughtHeaderPrefix)) {
      return true;
    }
  }
  return false;
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/isStreaming.js
var isStreaming = (body) => body !== void 0 && typeof body !== "string" && !ArrayBuffer.isView(body) && !isArrayBuffer(body);

// node_modules/@aws-sdk/checksums/dist-es/submodules/crc/crc32c/Crc32cJs.js
var T = new Uint32Array(256);
for (let i2 = 0; i2 < 256; ++i2) {
  let c2 = i2;
  for (let j2 = 0; j2 < 8; ++j2) {
    c2 = c2 & 1 ? 2197175160 ^ c2 >>> 1 : c2 >>> 1;
  }
  T[i2] = c2 >>> 0;
}
var Crc32cJs = class {
  digestLength = 4;
  crc = 4294967295;
  update(data) {
    let crc = this.crc;
    for (let i2 = 0; i2 < data.length; ++i2) {
      crc = crc >>> 8 ^ T[(crc ^ data[i2]) & 255];
    }
    this.crc = crc;
  }
  async digest() {
    const value = (this.crc ^ 4294967295) >>> 0;
    const out = new Uint8Array(4);
    out[0] = value >>> 24;
    out[1] = value >>> 16 & 255;
    out[2] = value >>> 8 & 255;
    out[3] = value & 255;
    return out;
  }
  reset() {
    this.crc = 4294967295;
  }
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/crc/crc32c/Crc32cNode.js
var Crc32cNode = Crc32cJs;

// node_modules/@aws-sdk/checksums/dist-es/submodules/crc/crc64-nvme/crc64-nvme-crt-container.js
var crc64NvmeCrtContainer = {
  CrtCrc64Nvme: null
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/crc/crc64-nvme/Crc64NvmeJs.js
var generateCRC64NVMETable = () => {
  const sliceLength = 8;
  const tables = new Array(sliceLength);
  for (let slice = 0; slice < sliceLength; slice++) {
    const table = new Array(512);
    for (let i2 = 0; i2 < 256; i2++) {
      let crc = BigInt(i2);
      for (let j2 = 0; j2 < 8 * (slice + 1); j2++) {
        if (crc & 1n) {
          crc = crc >> 1n ^ 0x9a6c9329ac4bc9b5n;
        } else {
          crc = crc >> 1n;
        }
      }
      table[i2 * 2] = Number(crc >> 32n & 0xffffffffn);
      table[i2 * 2 + 1] = Number(crc & 0xffffffffn);
    }
    tables[slice] = new Uint32Array(table);
  }
  return tables;
};
var CRC64_NVME_REVERSED_TABLE;
var t0;
var t1;
var t2;
var t3;
var t4;
var t5;
var t6;
var t7;
var ensureTablesInitialized = () => {
  if (!CRC64_NVME_REVERSED_TABLE) {
    CRC64_NVME_REVERSED_TABLE = generateCRC64NVMETable();
    [t0, t1, t2, t3, t4, t5, t6, t7] = CRC64_NVME_REVERSED_TABLE;
  }
};
var Crc64NvmeJs = class {
  c1 = 0;
  c2 = 0;
  constructor() {
    ensureTablesInitialized();
    this.reset();
  }
  update(data) {
    const len = data.length;
    let i2 = 0;
    let crc1 = this.c1;
    let crc2 = this.c2;
    while (i2 + 8 <= len) {
      const idx0 = ((crc2 ^ data[i2++]) & 255) << 1;
      const idx1 = ((crc2 >>> 8 ^ data[i2++]) & 255) << 1;
      const idx2 = ((crc2 >>> 16 ^ data[i2++]) & 255) << 1;
      const idx3 = ((crc2 >>> 24 ^ data[i2++]) & 255) << 1;
      const idx4 = ((crc1 ^ data[i2++]) & 255) << 1;
      const idx5 = ((crc1 >>> 8 ^ data[i2++]) & 255) << 1;
      const idx6 = ((crc1 >>> 16 ^ data[i2++]) & 255) << 1;
      const idx7 = ((crc1 >>> 24 ^ data[i2++]) & 255) << 1;
      crc1 = t7[idx0] ^ t6[idx1] ^ t5[idx2] ^ t4[idx3] ^ t3[idx4] ^ t2[idx5] ^ t1[idx6] ^ t0[idx7];
      crc2 = t7[idx0 + 1] ^ t6[idx1 + 1] ^ t5[idx2 + 1] ^ t4[idx3 + 1] ^ t3[idx4 + 1] ^ t2[idx5 + 1] ^ t1[idx6 + 1] ^ t0[idx7 + 1];
    }
    while (i2 < len) {
      const idx = ((crc2 ^ data[i2]) & 255) << 1;
      crc2 = (crc2 >>> 8 | (crc1 & 255) << 24) >>> 0;
      crc1 = crc1 >>> 8 ^ t0[idx];
      crc2 ^= t0[idx + 1];
      ++i2;
    }
    this.c1 = crc1;
    this.c2 = crc2;
  }
  async digest() {
    const c1 = this.c1 ^ 4294967295;
    const c2 = this.c2 ^ 4294967295;
    return new Uint8Array([
      c1 >>> 24,
      c1 >>> 16 & 255,
      c1 >>> 8 & 255,
      c1 & 255,
      c2 >>> 24,
      c2 >>> 16 & 255,
      c2 >>> 8 & 255,
      c2 & 255
    ]);
  }
  reset() {
    this.c1 = 4294967295;
    this.c2 = 4294967295;
  }
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/crc/crc64-nvme/Crc64Nvme.js
var Crc64Nvme = class {
  impl;
  constructor() {
    const Crt = crc64NvmeCrtContainer.CrtCrc64Nvme;
    this.impl = Crt ? new Crt() : new Crc64NvmeJs();
  }
  update(data) {
    this.impl.update(data);
  }
  async digest() {
    return this.impl.digest();
  }
  reset() {
    this.impl.reset();
  }
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/types.js
var CLIENT_SUPPORTED_ALGORITHMS = [
  ChecksumAlgorithm.CRC32,
  ChecksumAlgorithm.CRC32C,
  ChecksumAlgorithm.CRC64NVME,
  ChecksumAlgorithm.SHA1,
  ChecksumAlgorithm.SHA256
];
var PRIORITY_ORDER_ALGORITHMS = [
  ChecksumAlgorithm.SHA256,
  ChecksumAlgorithm.SHA1,
  ChecksumAlgorithm.CRC32,
  ChecksumAlgorithm.CRC32C,
  ChecksumAlgorithm.CRC64NVME
];

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/selectChecksumAlgorithmFunction.js
var selectChecksumAlgorithmFunction = (checksumAlgorithm, config) => {
  const { checksumAlgorithms = {} } = config;
  switch (checksumAlgorithm) {
    case ChecksumAlgorithm.MD5:
      return checksumAlgorithms?.MD5 ?? config.md5;
    case ChecksumAlgorithm.CRC32:
      return checksumAlgorithms?.CRC32 ?? Crc32Node;
    case ChecksumAlgorithm.CRC32C:
      return checksumAlgorithms?.CRC32C ?? Crc32cNode;
    case ChecksumAlgorithm.CRC64NVME:
      return checksumAlgorithms?.CRC64NVME ?? Crc64Nvme;
    case ChecksumAlgorithm.SHA1:
      return checksumAlgorithms?.SHA1 ?? config.sha1;
    case ChecksumAlgorithm.SHA256:
      return checksumAlgorithms?.SHA256 ?? config.sha256;
    default:
      if (checksumAlgorithms?.[checksumAlgorithm]) {
        return checksumAlgorithms[checksumAlgorithm];
      }
      throw new Error(`The checksum algorithm "${checksumAlgorithm}" is not supported by the client. Select one of ${CLIENT_SUPPORTED_ALGORITHMS}, or provide an implementation to  the client constructor checksums field.`);
  }
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/stringHasher.js
var stringHasher = (checksumAlgorithmFn, body) => {
  const hash2 = new checksumAlgorithmFn();
  hash2.update(toUint8Array(body || ""));
  return hash2.digest();
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/flexibleChecksumsMiddleware.js
var flexibleChecksumsMiddlewareOptions = {
  name: "flexibleChecksumsMiddleware",
  step: "build",
  tags: ["BODY_CHECKSUM"],
  override: true
};
var flexibleChecksumsMiddleware = (config, middlewareConfig) => (next, context) => async (args) => {
  if (!HttpRequest.isInstance(args.request)) {
    return next(args);
  }
  if (hasHeaderWithPrefix("x-amz-checksum-", args.request.headers)) {
    return next(args);
  }
  const { request, input } = args;
  const { body: requestBody, headers } = request;
  const { base64Encoder, streamHasher } = config;
  const { requestChecksumRequired, requestAlgorithmMember } = middlewareConfig;
  const requestChecksumCalculation = await config.requestChecksumCalculation();
  const requestAlgorithmMemberName = requestAlgorithmMember?.name;
  const requestAlgorithmMemberHttpHeader = requestAlgorithmMember?.httpHeader;
  if (requestAlgorithmMemberName && !input[requestAlgorithmMemberName]) {
    if (requestChecksumCalculation === RequestChecksumCalculation.WHEN_SUPPORTED || requestChecksumRequired) {
      input[requestAlgorithmMemberName] = DEFAULT_CHECKSUM_ALGORITHM;
      if (requestAlgorithmMemberHttpHeader) {
        headers[requestAlgorithmMemberHttpHeader] = DEFAULT_CHECKSUM_ALGORITHM;
      }
    }
  }
  const checksumAlgorithm = getChecksumAlgorithmForRequest(input, {
    requestChecksumRequired,
    requestAlgorithmMember: requestAlgorithmMember?.name,
    requestChecksumCalculation
  });
  let updatedBody = requestBody;
  let updatedHeaders = headers;
  if (checksumAlgorithm) {
    switch (checksumAlgorithm) {
      case ChecksumAlgorithm.CRC32:
        setFeature(context, "FLEXIBLE_CHECKSUMS_REQ_CRC32", "U");
        break;
      case ChecksumAlgorithm.CRC32C:
        setFeature(context, "FLEXIBLE_CHECKSUMS_REQ_CRC32C", "V");
        break;
      case ChecksumAlgorithm.CRC64NVME:
        setFeature(context, "FLEXIBLE_CHECKSUMS_REQ_CRC64", "W");
        break;
      case ChecksumAlgorithm.SHA1:
        setFeature(context, "FLEXIBLE_CHECKSUMS_REQ_SHA1", "X");
        break;
      case ChecksumAlgorithm.SHA256:
        setFeature(context, "FLEXIBLE_CHECKSUMS_REQ_SHA256", "Y");
        break;
    }
    const checksumLocationName = getChecksumLocationName(checksumAlgorithm);
    const checksumAlgorithmFn = selectChecksumAlgorithmFunction(checksumAlgorithm, config);
    if (isStreaming(requestBody)) {
      const { getAwsChunkedEncodingStream: getAwsChunkedEncodingStream2, bodyLengthChecker } = config;
      updatedBody = getAwsChunkedEncodingStream2(typeof config.requestStreamBufferSize === "number" && config.requestStreamBufferSize >= 8 * 1024 ? createBufferedReadable(requestBody, config.requestStreamBufferSize, context.logger) : requestBody, {
        base64Encoder,
        bodyLengthChecker,
        checksumLocationName,
        checksumAlgorithmFn,
        streamHasher
      });
      updatedHeaders = {
        ...headers,
        "content-encoding": headers["content-encoding"] ? `${headers["content-encoding"]},aws-chunked` : "aws-chunked",
        "transfer-encoding": "chunked",
        "x-amz-decoded-content-length": headers["content-length"],
        "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "x-amz-trailer": checksumLocationName
      };
      delete updatedHeaders["content-length"];
    } else if (!hasHeader(checksumLocationName, headers)) {
      const rawChecksum = await stringHasher(checksumAlgorithmFn, requestBody);
      updatedHeaders = {
        ...headers,
        [checksumLocationName]: base64Encoder(rawChecksum)
      };
    }
  }
  try {
    const result = await next({
      ...args,
      request: {
        ...request,
        headers: updatedHeaders,
        body: updatedBody
      }
    });
    return result;
  } catch (e2) {
    if (e2 instanceof Error && e2.name === "InvalidChunkSizeError") {
      try {
        if (!e2.message.endsWith(".")) {
          e2.message += ".";
        }
        e2.message += " Set [requestStreamBufferSize=number e.g. 65_536] in client constructor to instruct AWS SDK to buffer your input stream.";
      } catch (ignored) {
      }
    }
    throw e2;
  }
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/flexibleChecksumsInputMiddleware.js
var flexibleChecksumsInputMiddlewareOptions = {
  name: "flexibleChecksumsInputMiddleware",
  toMiddleware: "serializerMiddleware",
  relation: "before",
  tags: ["BODY_CHECKSUM"],
  override: true
};
var flexibleChecksumsInputMiddleware = (config, middlewareConfig) => (next, context) => async (args) => {
  const input = args.input;
  const { requestValidationModeMember } = middlewareConfig;
  const requestChecksumCalculation = await config.requestChecksumCalculation();
  const responseChecksumValidation = await config.responseChecksumValidation();
  switch (requestChecksumCalculation) {
    case RequestChecksumCalculation.WHEN_REQUIRED:
      setFeature(context, "FLEXIBLE_CHECKSUMS_REQ_WHEN_REQUIRED", "a");
      break;
    case RequestChecksumCalculation.WHEN_SUPPORTED:
      setFeature(context, "FLEXIBLE_CHECKSUMS_REQ_WHEN_SUPPORTED", "Z");
      break;
  }
  switch (responseChecksumValidation) {
    case ResponseChecksumValidation.WHEN_REQUIRED:
      setFeature(context, "FLEXIBLE_CHECKSUMS_RES_WHEN_REQUIRED", "c");
      break;
    case ResponseChecksumValidation.WHEN_SUPPORTED:
      setFeature(context, "FLEXIBLE_CHECKSUMS_RES_WHEN_SUPPORTED", "b");
      break;
  }
  if (requestValidationModeMember && !input[requestValidationModeMember]) {
    if (responseChecksumValidation === ResponseChecksumValidation.WHEN_SUPPORTED) {
      input[requestValidationModeMember] = "ENABLED";
    }
  }
  return next(args);
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/getChecksumAlgorithmListForResponse.js
var getChecksumAlgorithmListForResponse = (responseAlgorithms = []) => {
  const validChecksumAlgorithms = [];
  let i2 = PRIORITY_ORDER_ALGORITHMS.length;
  for (const algorithm of responseAlgorithms) {
    const priority = PRIORITY_ORDER_ALGORITHMS.indexOf(algorithm);
    if (priority !== -1) {
      validChecksumAlgorithms[priority] = algorithm;
    } else {
      validChecksumAlgorithms[i2++] = algorithm;
    }
  }
  return validChecksumAlgorithms.filter(Boolean);
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/isChecksumWithPartNumber.js
var isChecksumWithPartNumber = (checksum) => {
  const lastHyphenIndex = checksum.lastIndexOf("-");
  if (lastHyphenIndex !== -1) {
    const numberPart = checksum.slice(lastHyphenIndex + 1);
    if (!numberPart.startsWith("0")) {
      const number2 = parseInt(numberPart, 10);
      if (!isNaN(number2) && number2 >= 1 && number2 <= 1e4) {
        return true;
      }
    }
  }
  return false;
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/getChecksum.js
var getChecksum = async (body, { checksumAlgorithmFn, base64Encoder }) => base64Encoder(await stringHasher(checksumAlgorithmFn, body));

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/validateChecksumFromResponse.js
var validateChecksumFromResponse = async (response, { config, responseAlgorithms, logger }) => {
  const checksumAlgorithms = getChecksumAlgorithmListForResponse(responseAlgorithms);
  const { body: responseBody, headers: responseHeaders } = response;
  for (const algorithm of checksumAlgorithms) {
    const responseHeader = getChecksumLocationName(algorithm);
    const checksumFromResponse = responseHeaders[responseHeader];
    if (checksumFromResponse) {
      let checksumAlgorithmFn;
      try {
        checksumAlgorithmFn = selectChecksumAlgorithmFunction(algorithm, config);
      } catch (error) {
        if (algorithm === ChecksumAlgorithm.CRC64NVME) {
          logger?.warn(`Skipping ${ChecksumAlgorithm.CRC64NVME} checksum validation: ${error.message}`);
          continue;
        }
        throw error;
      }
      const { base64Encoder } = config;
      if (isStreaming(responseBody)) {
        response.body = createChecksumStream({
          expectedChecksum: checksumFromResponse,
          checksumSourceLocation: responseHeader,
          checksum: new checksumAlgorithmFn(),
          source: responseBody,
          base64Encoder
        });
        return;
      }
      const checksum = await getChecksum(responseBody, { checksumAlgorithmFn, base64Encoder });
      if (checksum === checksumFromResponse) {
        break;
      }
      throw new Error(`Checksum mismatch: expected "${checksum}" but received "${checksumFromResponse}" in response header "${responseHeader}".`);
    }
  }
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/flexibleChecksumsResponseMiddleware.js
var flexibleChecksumsResponseMiddlewareOptions = {
  name: "flexibleChecksumsResponseMiddleware",
  toMiddleware: "deserializerMiddleware",
  relation: "after",
  tags: ["BODY_CHECKSUM"],
  override: true
};
var flexibleChecksumsResponseMiddleware = (config, middlewareConfig) => (next, context) => async (args) => {
  if (!HttpRequest.isInstance(args.request)) {
    return next(args);
  }
  const input = args.input;
  const result = await next(args);
  const response = result.response;
  const { requestValidationModeMember, responseAlgorithms } = middlewareConfig;
  if (requestValidationModeMember && input[requestValidationModeMember] === "ENABLED") {
    const { clientName, commandName } = context;
    const customChecksumAlgorithms = Object.keys(config.checksumAlgorithms ?? {}).filter((algorithm) => {
      const responseHeader = getChecksumLocationName(algorithm);
      return response.headers[responseHeader] !== void 0;
    });
    const algoList = getChecksumAlgorithmListForResponse([
      ...responseAlgorithms ?? [],
      ...customChecksumAlgorithms
    ]);
    const isS3WholeObjectMultipartGetResponseChecksum = clientName === "S3Client" && commandName === "GetObjectCommand" && algoList.every((algorithm) => {
      const responseHeader = getChecksumLocationName(algorithm);
      const checksumFromResponse = response.headers[responseHeader];
      return !checksumFromResponse || isChecksumWithPartNumber(checksumFromResponse);
    });
    if (isS3WholeObjectMultipartGetResponseChecksum) {
      return result;
    }
    await validateChecksumFromResponse(response, {
      config,
      responseAlgorithms: algoList,
      logger: context.logger
    });
  }
  return result;
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/getFlexibleChecksumsPlugin.js
var getFlexibleChecksumsPlugin = (config, middlewareConfig) => ({
  applyToStack: (clientStack) => {
    clientStack.add(flexibleChecksumsMiddleware(config, middlewareConfig), flexibleChecksumsMiddlewareOptions);
    clientStack.addRelativeTo(flexibleChecksumsInputMiddleware(config, middlewareConfig), flexibleChecksumsInputMiddlewareOptions);
    clientStack.addRelativeTo(flexibleChecksumsResponseMiddleware(config, middlewareConfig), flexibleChecksumsResponseMiddlewareOptions);
  }
});

// node_modules/@aws-sdk/checksums/dist-es/submodules/flexible-checksums/resolveFlexibleChecksumsConfig.js
var resolveFlexibleChecksumsConfig = (input) => {
  const { requestChecksumCalculation, responseChecksumValidation, requestStreamBufferSize } = input;
  return Object.assign(input, {
    requestChecksumCalculation: normalizeProvider(requestChecksumCalculation ?? DEFAULT_REQUEST_CHECKSUM_CALCULATION),
    responseChecksumValidation: normalizeProvider(responseChecksumValidation ?? DEFAULT_RESPONSE_CHECKSUM_VALIDATION),
    requestStreamBufferSize: Number(requestStreamBufferSize ?? 0),
    checksumAlgorithms: input.checksumAlgorithms ?? {}
  });
};

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-check-content-length-header/check-content-length-header.js
var CONTENT_LENGTH_HEADER = "content-length";
var DECODED_CONTENT_LENGTH_HEADER = "x-amz-decoded-content-length";
function checkContentLengthHeader() {
  return (next, context) => async (args) => {
    const { request } = args;
    if (HttpRequest.isInstance(request)) {
      if (!(CONTENT_LENGTH_HEADER in request.headers) && !(DECODED_CONTENT_LENGTH_HEADER in request.headers)) {
        const message = `Are you using a Stream of unknown length as the Body of a PutObject request? Consider using Upload instead from @aws-sdk/lib-storage.`;
        if (typeof context?.logger?.warn === "function" && !(context.logger instanceof NoOpLogger)) {
          context.logger.warn(message);
        } else {
          console.warn(message);
        }
      }
    }
    return next({ ...args });
  };
}
var checkContentLengthHeaderMiddlewareOptions = {
  step: "finalizeRequest",
  tags: ["CHECK_CONTENT_LENGTH_HEADER"],
  name: "getCheckContentLengthHeaderPlugin",
  override: true
};
var getCheckContentLengthHeaderPlugin = (unused) => ({
  applyToStack: (clientStack) => {
    clientStack.add(checkContentLengthHeader(), checkContentLengthHeaderMiddlewareOptions);
  }
});

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-region-redirect/region-redirect-endpoint-middleware.js
var regionRedirectEndpointMiddleware = (config) => {
  return (next, context) => async (args) => {
    const originalRegion = await config.region();
    const regionProviderRef = config.region;
    let unlock = () => {
    };
    if (context.__s3RegionRedirect) {
      Object.defineProperty(config, "region", {
        writable: false,
        value: async () => {
          return context.__s3RegionRedirect;
        }
      });
      unlock = () => Object.defineProperty(config, "region", {
        writable: true,
        value: regionProviderRef
      });
    }
    try {
      const result = await next(args);
      if (context.__s3RegionRedirect) {
        unlock();
        const region = await config.region();
        if (originalRegion !== region) {
          throw new Error("Region was not restored following S3 region redirect.");
        }
      }
      return result;
    } catch (e2) {
      unlock();
      throw e2;
    }
  };
};
var regionRedirectEndpointMiddlewareOptions = {
  tags: ["REGION_REDIRECT", "S3"],
  name: "regionRedirectEndpointMiddleware",
  override: true,
  relation: "before",
  toMiddleware: "endpointV2Middleware"
};

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-region-redirect/region-redirect-middleware.js
function regionRedirectMiddleware(clientConfig) {
  return (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (err) {
      if (clientConfig.followRegionRedirects) {
        const statusCode = err?.$metadata?.httpStatusCode;
        const isHeadBucket = context.commandName === "HeadBucketCommand";
        const bucketRegionHeader = err?.$response?.headers?.["x-amz-bucket-region"];
        if (bucketRegionHeader) {
          if (statusCode === 301 || statusCode === 400 && (err?.name === "IllegalLocationConstraintException" || isHeadBucket)) {
            try {
              const actualRegion = bucketRegionHeader;
              context.logger?.debug(`Redirecting from ${await clientConfig.region()} to ${actualRegion}`);
              context.__s3RegionRedirect = actualRegion;
              setFeature(context, "S3_REGION_REDIRECT", "Ah");
            } catch (e2) {
              throw new Error("Region redirect failed: " + e2);
            }
            return next(args);
          }
        }
      }
      throw err;
    }
  };
}
var regionRedirectMiddlewareOptions = {
  step: "initialize",
  tags: ["REGION_REDIRECT", "S3"],
  name: "regionRedirectMiddleware",
  override: true
};
var getRegionRedirectMiddlewarePlugin = (clientConfig) => ({
  applyToStack: (clientStack) => {
    clientStack.add(regionRedirectMiddleware(clientConfig), regionRedirectMiddlewareOptions);
    clientStack.addRelativeTo(regionRedirectEndpointMiddleware(clientConfig), regionRedirectEndpointMiddlewareOptions);
  }
});

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-s3-express/classes/S3ExpressIdentityCache.js
var S3ExpressIdentityCache = class _S3ExpressIdentityCache {
  data;
  lastPurgeTime = Date.now();
  static EXPIRED_CREDENTIAL_PURGE_INTERVAL_MS = 3e4;
  constructor(data = {}) {
    this.data = data;
  }
  get(key) {
    const entry = this.data[key];
    if (!entry) {
      return;
    }
    return entry;
  }
  set(key, entry) {
    this.data[key] = entry;
    return entry;
  }
  delete(key) {
    delete this.data[key];
  }
  clear() {
    this.data = {};
  }
  async purgeExpired() {
    const now = Date.now();
    if (this.lastPurgeTime + _S3ExpressIdentityCache.EXPIRED_CREDENTIAL_PURGE_INTERVAL_MS > now) {
      return;
    }
    const data = this.data;
    for (const key in data) {
      const entry = data[key];
      if (!entry.isRefreshing) {
        const credential = await entry.identity;
        if (credential.expiration) {
          if (credential.expiration.getTime() < now && data[key] === entry) {
            delete data[key];
          }
        }
      }
    }
  }
};

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-s3-express/classes/S3ExpressIdentityCacheEntry.js
var S3ExpressIdentityCacheEntry = class {
  _identity;
  isRefreshing;
  accessed;
  constructor(_identity, isRefreshing = false, accessed = Date.now()) {
    this._identity = _identity;
    this.isRefreshing = isRefreshing;
    this.accessed = accessed;
  }
  get identity() {
    this.accessed = Date.now();
    return this._identity;
  }
};

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-s3-express/classes/S3ExpressIdentityProviderImpl.js
var S3ExpressIdentityProviderImpl = class _S3ExpressIdentityProviderImpl {
  createSessionFn;
  cache;
  static REFRESH_WINDOW_MS = 6e4;
  accessKeyId;
  cacheGeneration = 0;
  constructor(createSessionFn, cache2 = new S3ExpressIdentityCache()) {
    this.createSessionFn = createSessionFn;
    this.cache = cache2;
  }
  async getS3ExpressIdentity(awsIdentity, identityProperties) {
    const bucket = identityProperties.Bucket;
    const { cache: cache2 } = this;
    if (awsIdentity.accessKeyId !== this.accessKeyId) {
      this.accessKeyId = awsIdentity.accessKeyId;
      this.cacheGeneration++;
      cache2.clear();
    }
    const cacheGeneration = this.cacheGeneration;
    const entry = cache2.get(bucket);
    if (entry) {
      return entry.identity.then((identity) => {
        const isExpired = (identity.expiration?.getTime() ?? 0) < Date.now();
        if (isExpired) {
          return cache2.set(bucket, new S3ExpressIdentityCacheEntry(this.getIdentity(bucket))).identity;
        }
        const isExpiringSoon = (identity.expiration?.getTime() ?? 0) < Date.now() + _S3ExpressIdentityProviderImpl.REFRESH_WINDOW_MS;
        if (isExpiringSoon && !entry.isRefreshing) {
          entry.isRefreshing = true;
          this.getIdentity(bucket).then((id) => {
            if (cacheGeneration === this.cacheGeneration) {
              cache2.set(bucket, new S3ExpressIdentityCacheEntry(Promise.resolve(id)));
            }
          });
        }
        return identity;
      });
    }
    return cache2.set(bucket, new S3ExpressIdentityCacheEntry(this.getIdentity(bucket))).identity;
  }
  async getIdentity(bucket) {
    await this.cache.purgeExpired().catch((error) => {
      console.warn("Error while clearing expired entries in S3ExpressIdentityCache: \n" + error);
    });
    const session = await this.createSessionFn(bucket);
    if (!session.Credentials?.AccessKeyId || !session.Credentials?.SecretAccessKey) {
      throw new Error("s3#createSession response credential missing AccessKeyId or SecretAccessKey.");
    }
    const identity = {
      accessKeyId: session.Credentials.AccessKeyId,
      secretAccessKey: session.Credentials.SecretAccessKey,
      sessionToken: session.Credentials.SessionToken,
      expiration: session.Credentials.Expiration ? new Date(session.Credentials.Expiration) : void 0
    };
    return identity;
  }
};

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-s3-configuration/s3Configuration.js
var resolveS3Config = (input, { session }) => {
  const [s3ClientProvider, CreateSessionCommandCtor] = session;
  const { forcePathStyle, useAccelerateEndpoint, disableMultiregionAccessPoints, followRegionRedirects, s3ExpressIdentityProvider, bucketEndpoint, expectContinueHeader } = input;
  return Object.assign(input, {
    forcePathStyle: forcePathStyle ?? false,
    useAccelerateEndpoint: useAccelerateEndpoint ?? false,
    disableMultiregionAccessPoints: disableMultiregionAccessPoints ?? false,
    followRegionRedirects: followRegionRedirects ?? false,
    s3ExpressIdentityProvider: s3ExpressIdentityProvider ?? new S3ExpressIdentityProviderImpl(async (key) => s3ClientProvider().send(new CreateSessionCommandCtor({
      Bucket: key
    }))),
    bucketEndpoint: bucketEndpoint ?? false,
    expectContinueHeader: expectContinueHeader ?? 2097152
  });
};

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-s3-expires/s3-expires-middleware.js
var s3ExpiresMiddleware = (config) => {
  return (next, context) => async (args) => {
    const result = await next(args);
    const { response } = result;
    if (HttpResponse.isInstance(response)) {
      if (response.headers.expires) {
        response.headers.expiresstring = response.headers.expires;
        try {
          parseRfc7231DateTime(response.headers.expires);
        } catch (e2) {
          context.logger?.warn(`AWS SDK Warning for ${context.clientName}::${context.commandName} response parsing (${response.headers.expires}): ${e2}`);
          delete response.headers.expires;
        }
      }
    }
    return result;
  };
};
var s3ExpiresMiddlewareOptions = {
  tags: ["S3"],
  name: "s3ExpiresMiddleware",
  override: true,
  relation: "after",
  toMiddleware: "deserializerMiddleware"
};
var getS3ExpiresMiddlewarePlugin = (clientConfig) => ({
  applyToStack: (clientStack) => {
    clientStack.addRelativeTo(s3ExpiresMiddleware(clientConfig), s3ExpiresMiddlewareOptions);
  }
});

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-s3-express/constants.js
var S3_EXPRESS_BUCKET_TYPE = "Directory";
var S3_EXPRESS_BACKEND = "S3Express";
var S3_EXPRESS_AUTH_SCHEME = "sigv4-s3express";
var SESSION_TOKEN_QUERY_PARAM = "X-Amz-S3session-Token";
var SESSION_TOKEN_HEADER = SESSION_TOKEN_QUERY_PARAM.toLowerCase();
var NODE_DISABLE_S3_EXPRESS_SESSION_AUTH_ENV_NAME = "AWS_S3_DISABLE_EXPRESS_SESSION_AUTH";
var NODE_DISABLE_S3_EXPRESS_SESSION_AUTH_INI_NAME = "s3_disable_express_session_auth";
var NODE_DISABLE_S3_EXPRESS_SESSION_AUTH_OPTIONS = {
  environmentVariableSelector: (env) => booleanSelector(env, NODE_DISABLE_S3_EXPRESS_SESSION_AUTH_ENV_NAME, SelectorType.ENV),
  configFileSelector: (profile) => booleanSelector(profile, NODE_DISABLE_S3_EXPRESS_SESSION_AUTH_INI_NAME, SelectorType.CONFIG),
  default: false
};

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-s3-express/functions/s3ExpressMiddleware.js
var s3ExpressMiddleware = (options) => {
  return (next, context) => async (args) => {
    if (context.endpointV2) {
      const endpoint = context.endpointV2;
      const isS3ExpressAuth = endpoint.properties?.authSchemes?.[0]?.name === S3_EXPRESS_AUTH_SCHEME;
      const isS3ExpressBucket = endpoint.properties?.backend === S3_EXPRESS_BACKEND || endpoint.properties?.bucketType === S3_EXPRESS_BUCKET_TYPE;
      if (isS3ExpressBucket) {
        setFeature(context, "S3_EXPRESS_BUCKET", "J");
        context.isS3ExpressBucket = true;
      }
      if (isS3ExpressAuth) {
        const requestBucket = args.input.Bucket;
        if (requestBucket) {
          const s3ExpressIdentity = await options.s3ExpressIdentityProvider.getS3ExpressIdentity(await options.credentials(), {
            Bucket: requestBucket
          });
          context.s3ExpressIdentity = s3ExpressIdentity;
          if (HttpRequest.isInstance(args.request) && s3ExpressIdentity.sessionToken) {
            args.request.headers[SESSION_TOKEN_HEADER] = s3ExpressIdentity.sessionToken;
          }
        }
      }
    }
    return next(args);
  };
};
var s3ExpressMiddlewareOptions = {
  name: "s3ExpressMiddleware",
  step: "build",
  tags: ["S3", "S3_EXPRESS"],
  override: true
};
var getS3ExpressPlugin = (options) => ({
  applyToStack: (clientStack) => {
    clientStack.add(s3ExpressMiddleware(options), s3ExpressMiddlewareOptions);
  }
});

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-s3-express/functions/signS3Express.js
var signS3Express = async (s3ExpressIdentity, signingOptions, request, sigV4MultiRegionSigner) => {
  const signedRequest = await sigV4MultiRegionSigner.signWithCredentials(request, s3ExpressIdentity, {});
  if (signedRequest.headers["X-Amz-Security-Token"] || signedRequest.headers["x-amz-security-token"]) {
    throw new Error("X-Amz-Security-Token must not be set for s3-express requests.");
  }
  return signedRequest;
};

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-s3-express/functions/s3ExpressHttpSigningMiddleware.js
var defaultErrorHandler = (signingProperties) => (error) => {
  throw error;
};
var defaultSuccessHandler = (httpResponse, signingProperties) => {
};
var s3ExpressHttpSigningMiddleware = (config) => (next, context) => async (args) => {
  if (!HttpRequest.isInstance(args.request)) {
    return next(args);
  }
  const smithyContext = getSmithyContext(context);
  const scheme = smithyContext.selectedHttpAuthScheme;
  if (!scheme) {
    throw new Error(`No HttpAuthScheme was selected: unable to sign request`);
  }
  const { httpAuthOption: { signingProperties = {} }, identity, signer } = scheme;
  let request;
  if (context.s3ExpressIdentity) {
    request = await signS3Express(context.s3ExpressIdentity, signingProperties, args.request, await config.signer());
  } else {
    request = await signer.sign(args.request, identity, signingProperties);
  }
  const output = await next({
    ...args,
    request
  }).catch((signer.errorHandler || defaultErrorHandler)(signingProperties));
  (signer.successHandler || defaultSuccessHandler)(output.response, signingProperties);
  return output;
};
var getS3ExpressHttpSigningPlugin = (config) => ({
  applyToStack: (clientStack) => {
    clientStack.addRelativeTo(s3ExpressHttpSigningMiddleware(config), httpSigningMiddlewareOptions);
  }
});

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/to-stream/toStream.js
import { Readable as Readable4 } from "node:stream";
function toStream(bytes2) {
  return Readable4.from(Buffer.from(bytes2));
}

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-throw-200-exceptions/throw-200-exceptions.js
var THROW_IF_EMPTY_BODY = {
  CopyObjectCommand: true,
  UploadPartCopyCommand: true,
  CompleteMultipartUploadCommand: true
};
var throw200ExceptionsMiddleware = (config) => (next, context) => async (args) => {
  const result = await next(args);
  const { response } = result;
  if (!HttpResponse.isInstance(response)) {
    return result;
  }
  const { statusCode, body } = response;
  if (statusCode < 200 || statusCode >= 300) {
    return result;
  }
  const bodyBytes = await collectBody(body, config);
  response.body = toStream(bodyBytes);
  if (bodyBytes.length === 0 && THROW_IF_EMPTY_BODY[context.commandName]) {
    const err = new Error("S3 aborted request");
    err.$metadata = {
      httpStatusCode: 503
    };
    err.name = "InternalError";
    throw err;
  }
  const bodyStringTail = config.utf8Encoder(bodyBytes.subarray(bodyBytes.length - 16));
  if (bodyStringTail && bodyStringTail.endsWith("</Error>")) {
    response.statusCode = 503;
  }
  return result;
};
var collectBody = (streamBody = new Uint8Array(), context) => {
  if (streamBody instanceof Uint8Array) {
    return Promise.resolve(streamBody);
  }
  return context.streamCollector(streamBody) || Promise.resolve(new Uint8Array());
};
var throw200ExceptionsMiddlewareOptions = {
  relation: "after",
  toMiddleware: "deserializerMiddleware",
  tags: ["THROW_200_EXCEPTIONS", "S3"],
  name: "throw200ExceptionsMiddleware",
  override: true
};
var getThrow200ExceptionsPlugin = (config) => ({
  applyToStack: (clientStack) => {
    clientStack.addRelativeTo(throw200ExceptionsMiddleware(config), throw200ExceptionsMiddlewareOptions);
  }
});

// node_modules/@aws-sdk/core/dist-es/submodules/util/util-arn-parser/arn.js
var validate = (str) => typeof str === "string" && str.indexOf("arn:") === 0 && str.split(":").length >= 6;

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-region-redirect/bucket-endpoint-middleware.js
function bucketEndpointMiddleware(options) {
  return (next, context) => async (args) => {
    if (options.bucketEndpoint) {
      const endpoint = context.endpointV2;
      if (endpoint) {
        const bucket = args.input.Bucket;
        if (typeof bucket === "string") {
          try {
            const bucketEndpointUrl = new URL(bucket);
            context.endpointV2 = {
              ...endpoint,
              url: bucketEndpointUrl
            };
          } catch (e2) {
            const warning = `@aws-sdk/middleware-sdk-s3: bucketEndpoint=true was set but Bucket=${bucket} could not be parsed as URL.`;
            if (context.logger?.constructor?.name === "NoOpLogger") {
              console.warn(warning);
            } else {
              context.logger?.warn?.(warning);
            }
            throw e2;
          }
        }
      }
    }
    return next(args);
  };
}
var bucketEndpointMiddlewareOptions = {
  name: "bucketEndpointMiddleware",
  override: true,
  relation: "after",
  toMiddleware: "endpointV2Middleware"
};

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-validate-bucket-name/validate-bucket-name.js
function validateBucketNameMiddleware({ bucketEndpoint }) {
  return (next) => async (args) => {
    const { input: { Bucket } } = args;
    if (!bucketEndpoint && typeof Bucket === "string" && !validate(Bucket) && Bucket.indexOf("/") >= 0) {
      const err = new Error(`Bucket name shouldn't contain '/', received '${Bucket}'`);
      err.name = "InvalidBucketName";
      throw err;
    }
    return next({ ...args });
  };
}
var validateBucketNameMiddlewareOptions = {
  step: "initialize",
  tags: ["VALIDATE_BUCKET_NAME"],
  name: "validateBucketNameMiddleware",
  override: true
};
var getValidateBucketNamePlugin = (options) => ({
  applyToStack: (clientStack) => {
    clientStack.add(validateBucketNameMiddleware(options), validateBucketNameMiddlewareOptions);
    clientStack.addRelativeTo(bucketEndpointMiddleware(options), bucketEndpointMiddlewareOptions);
  }
});

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/protocol/S3RestXmlProtocol.js
var S3RestXmlProtocol = class extends AwsRestXmlProtocol {
  async serializeRequest(operationSchema, input, context) {
    const request = await super.serializeRequest(operationSchema, input, context);
    const ns = NormalizedSchema.of(operationSchema.input);
    const staticStructureSchema = ns.getSchema();
    let bucketMemberIndex = 0;
    const requiredMemberCount = staticStructureSchema[6] ?? 0;
    if (input && typeof input === "object") {
      for (const [memberName, memberNs] of ns.structIterator()) {
        if (++bucketMemberIndex > requiredMemberCount) {
          break;
        }
        if (memberName === "Bucket") {
          if (!input.Bucket && memberNs.getMergedTraits().httpLabel) {
            throw new Error(`No value provided for input HTTP label: Bucket.`);
          }
          break;
        }
      }
    }
    return request;
  }
};

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/NodeUseArnRegionConfigOptions.js
var NODE_USE_ARN_REGION_ENV_NAME = "AWS_S3_USE_ARN_REGION";
var NODE_USE_ARN_REGION_INI_NAME = "s3_use_arn_region";
var NODE_USE_ARN_REGION_CONFIG_OPTIONS = {
  environmentVariableSelector: (env) => booleanSelector(env, NODE_USE_ARN_REGION_ENV_NAME, SelectorType.ENV),
  configFileSelector: (profile) => booleanSelector(profile, NODE_USE_ARN_REGION_INI_NAME, SelectorType.CONFIG),
  default: void 0
};

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-expect-continue/middleware-expect-continue.js
function addExpectContinueMiddleware(options) {
  return (next) => async (args) => {
    const { request } = args;
    if (options.expectContinueHeader !== false && HttpRequest.isInstance(request) && request.body && options.runtime === "node" && options.requestHandler?.constructor?.name !== "FetchHttpHandler") {
      let sendHeader = true;
      if (typeof options.expectContinueHeader === "number") {
        try {
          const bodyLength = Number(request.headers?.["content-length"]) ?? options.bodyLengthChecker?.(request.body) ?? Infinity;
          sendHeader = bodyLength >= options.expectContinueHeader;
        } catch (e2) {
        }
      } else {
        sendHeader = !!options.expectContinueHeader;
      }
      if (sendHeader) {
        request.headers.Expect = "100-continue";
      }
    }
    return next({
      ...args,
      request
    });
  };
}
var addExpectContinueMiddlewareOptions = {
  step: "build",
  tags: ["SET_EXPECT_HEADER", "EXPECT_HEADER"],
  name: "addExpectContinueMiddleware",
  override: true
};
var getAddExpectContinuePlugin = (options) => ({
  applyToStack: (clientStack) => {
    clientStack.add(addExpectContinueMiddleware(options), addExpectContinueMiddlewareOptions);
  }
});

// node_modules/@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-ssec/middleware-ssec.js
function ssecMiddleware(options) {
  return (next) => async (args) => {
    const input = { ...args.input };
    const properties = [
      {
        target: "SSECustomerKey",
        hash: "SSECustomerKeyMD5"
      },
      {
        target: "CopySourceSSECustomerKey",
        hash: "CopySourceSSECustomerKeyMD5"
      }
    ];
    for (const prop of properties) {
      const value = input[prop.target];
      if (value) {
        let valueForHash;
        if (typeof value === "string") {
          if (isValidBase64EncodedSSECustomerKey(value, options)) {
            valueForHash = options.base64Decoder(value);
          } else {
            valueForHash = options.utf8Decoder(value);
            input[prop.target] = options.base64Encoder(valueForHash);
          }
        } else {
          valueForHash = ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(value);
          input[prop.target] = options.base64Encoder(valueForHash);
        }
        const hash2 = new options.md5();
        hash2.update(valueForHash);
        input[prop.hash] = options.base64Encoder(await hash2.digest());
      }
    }
    return next({
      ...args,
      input
    });
  };
}
var ssecMiddlewareOptions = {
  name: "ssecMiddleware",
  step: "initialize",
  tags: ["SSE"],
  override: true
};
var getSsecPlugin = (config) => ({
  applyToStack: (clientStack) => {
    clientStack.add(ssecMiddleware(config), ssecMiddlewareOptions);
  }
});
function isValidBase64EncodedSSECustomerKey(str, options) {
  const base64Regex = /^(?:[A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
  if (!base64Regex.test(str)) {
    return false;
  }
  try {
    const decodedBytes = options.base64Decoder(str);
    return decodedBytes.length === 32;
  } catch {
    return false;
  }
}

// node_modules/@aws-sdk/client-s3/dist-es/endpoint/bdd.js
var aw = "ref";
var ax = "argv";
var ay = "backend";
var az = "authSchemes";
var aA = "disableDoubleEncoding";
var aB = "signingName";
var aC = "signingRegion";
var aD = "signingRegionSet";
var a = -1;
var b = true;
var c = false;
var d = "isSet";
var e = "booleanEquals";
var f = "stringEquals";
var g = "coalesce";
var h = "substring";
var i = "";
var j = "aws.partition";
var k = "partitionResult";
var l = "accessPointSuffix";
var m = "regionPrefix";
var n = (n2) => "outpostId_ssa_" + n2 + i;
var o = "hardwareType";
var p = "ite";
var q = "isValidHostLabel";
var s = "sigv4";
var t = "aws.isVirtualHostableS3Bucket";
var u = "url";
var v = "getAttr";
var w = "bucketArn";
var x = "--";
var y = "arnType";
var z = "accesspoint";
var A = (n2) => "accessPointName_ssa_" + n2 + i;
var B = "s3-object-lambda";
var C = "s3-outposts";
var D = "bucketPartition";
var E = "us-east-1";
var F = "outpostType";
var G = "name";
var H = "s3";
var I = "{url#scheme}://{Bucket}.{url#authority}{url#path}";
var J = "{url#scheme}://{url#authority}{url#path}";
var K = "{url#scheme}://{url#authority}{url#normalizedPath}{Bucket}";
var L = "https://{Bucket}.s3-accelerate.{partitionResult#dnsSuffix}";
var M = "https://{Bucket}.s3.{partitionResult#dnsSuffix}";
var N = (n2) => "{url#scheme}://{accessPointName_ssa_" + n2 + "}-{bucketArn#accountId}.{url#authority}{url#path}";
var O = (n2) => "Invalid ARN: The access point name may only contain a-z, A-Z, 0-9 and `-`. Found: `{accessPointName_ssa_" + n2 + "}`";
var P = "sigv4a";
var Q = "{url#scheme}://{url#authority}{url#normalizedPath}{uri_encoded_bucket}";
var R = "https://s3.{partitionResult#dnsSuffix}/{uri_encoded_bucket}";
var S = "https://s3.{partitionResult#dnsSuffix}";
var T2 = { [aw]: "UseFIPS" };
var U = { [aw]: "UseDualStack" };
var V = { [aw]: "Bucket" };
var W = { "fn": v, [ax]: [{ [aw]: k }, G] };
var X = { [aw]: u };
var Y = { [aw]: "Region" };
var Z = { [aw]: w };
var aa = { [aw]: y };
var ab = { [aw]: "accessPointName_ssa_1" };
var ac = { "fn": v, [ax]: [Z, "region"] };
var ad = { [aw]: o };
var ae = { "fn": v, [ax]: [Z, "service"] };
var af = { "fn": v, [ax]: [Z, "accountId"] };
var ag = { [ay]: "S3Express", [az]: [{ [aA]: true, [G]: "{_s3e_auth}", [aB]: "s3express", [aC]: "{Region}" }] };
var ah = { [ay]: "S3Express", [az]: [{ [aA]: true, [G]: s, [aB]: "s3express", [aC]: "{Region}" }] };
var ai = { [az]: [{ [aA]: true, [G]: P, [aB]: C, [aD]: ["*"] }, { [aA]: true, [G]: s, [aB]: C, [aC]: "{Region}" }] };
var aj = { [az]: [{ [aA]: true, [G]: s, [aB]: H, [aC]: E }] };
var ak = { [az]: [{ [aA]: true, [G]: s, [aB]: H, [aC]: "{Region}" }] };
var al = { [az]: [{ [aA]: true, [G]: s, [aB]: B, [aC]: "{bucketArn#region}" }] };
var am = { [az]: [{ [aA]: true, [G]: s, [aB]: H, [aC]: "{bucketArn#region}" }] };
var an = { [az]: [{ [aA]: true, [G]: P, [aB]: C, [aD]: ["*"] }, { [aA]: true, [G]: s, [aB]: C, [aC]: "{bucketArn#region}" }] };
var ao = { [az]: [{ [aA]: true, [G]: s, [aB]: B, [aC]: "{Region}" }] };
var ap = [Y];
var aq = [{ [aw]: "Endpoint" }];
var as = [V];
var at = [V, 0, 7, true];
var au = [Z, "resourceId[1]"];
var av = ["*"];
var _data = {
  conditions: [
    [d, ap],
    [e, [{ [aw]: "Accelerate" }, b]],
    [e, [T2, b]],
    [e, [U, b]],
    [d, aq],
    [d, as],
    [f, [{ fn: g, [ax]: [{ fn: h, [ax]: [V, 0, 6, b] }, i] }, "--x-s3"]],
    [f, [{ fn: g, [ax]: [{ fn: h, [ax]: at }, i] }, "--xa-s3"]],
    [j, ap, k],
    [h, at, l],
    [f, [{ [aw]: l }, "--op-s3"]],
    [h, [V, 8, 12, b], m],
    [h, [V, 32, 49, b], n(2)],
    [h, [V, 49, 50, b], o],
    [e, [{ [aw]: "ForcePathStyle" }, b]],
    [f, [W, "aws-cn"]],
    [p, [U, ".dualstack", i], "_s3e_ds"],
    [q, [{ [aw]: n(2) }, c]],
    [p, [T2, "-fips", i], "_s3e_fips"],
    [p, [{ fn: g, [ax]: [{ [aw]: "DisableS3ExpressSessionAuth" }, c] }, s, "sigv4-s3express"], "_s3e_auth"],
    [t, [V, c]],
    ["parseURL", aq, u],
    [e, [{ fn: g, [ax]: [{ [aw]: "UseS3ExpressControlEndpoint" }, c] }, b]],
    [t, [V, b]],
    [f, [{ fn: v, [ax]: [X, "scheme"] }, "http"]],
    [q, [Y, c]],
    ["aws.parseArn", as, w],
    [v, [{ fn: "split", [ax]: [V, x, 0] }, "[-2]"], "s3expressAvailabilityZoneId"],
    [f, [{ fn: g, [ax]: [{ fn: h, [ax]: [V, 0, 4, c] }, i] }, "arn:"]],
    [f, [{ fn: g, [ax]: [{ fn: h, [ax]: [V, 16, 18, b] }, i] }, x]],
    [e, [{ fn: v, [ax]: [X, "isIp"] }, b]],
    [f, [{ fn: g, [ax]: [{ fn: h, [ax]: [V, 21, 23, b] }, i] }, x]],
    [f, [{ fn: g, [ax]: [{ fn: h, [ax]: [V, 27, 29, b] }, i] }, x]],
    [f, [{ [aw]: m }, "beta"]],
    ["uriEncode", as, "uri_encoded_bucket"],
    [q, [Y, b]],
    [e, [{ fn: g, [ax]: [{ [aw]: "UseObjectLambdaEndpoint" }, c] }, b]],
    [v, [Z, "resourceId[0]"], y],
    [f, [aa, i]],
    [f, [aa, z]],
    [v, au, A(1)],
    [f, [ab, i]],
    [f, [ac, i]],
    [f, [{ fn: g, [ax]: [{ fn: h, [ax]: [V, 14, 16, b] }, i] }, x]],
    [f, [ad, "e"]],
    [f, [ad, "o"]],
    [f, [Y, "aws-global"]],
    [f, [{ fn: g, [ax]: [{ fn: h, [ax]: [V, 19, 21, b] }, i] }, x]],
    [f, [ae, B]],
    [e, [{ fn: g, [ax]: [{ [aw]: "DisableAccessPoints" }, c] }, b]],
    [f, [ae, C]],
    [j, [ac], D],
    [q, [ab, b]],
    [f, [{ fn: g, [ax]: [{ fn: h, [ax]: [V, 26, 28, b] }, i] }, x]],
    [f, [{ fn: g, [ax]: [{ fn: h, [ax]: [V, 15, 17, b] }, i] }, x]],
    [v, [Z, "resourceId[4]"]],
    [f, [{ fn: g, [ax]: [{ fn: h, [ax]: [V, 20, 22, b] }, i] }, x]],
    [e, [{ [aw]: "UseGlobalEndpoint" }, b]],
    [f, [Y, E]],
    [v, au, n(1)],
    [e, [{ fn: g, [ax]: [{ [aw]: "UseArnRegion" }, b] }, b]],
    [q, [{ [aw]: n(1) }, c]],
    [v, [Z, "resourceId[2]"], F],
    [f, [Y, ac]],
    [f, [{ fn: v, [ax]: [{ [aw]: D }, G] }, W]],
    [e, [{ [aw]: "DisableMultiRegionAccessPoints" }, b]],
    [q, [ac, b]],
    [f, [{ fn: v, [ax]: [Z, "partition"] }, W]],
    [f, [af, i]],
    [f, [ae, H]],
    [q, [af, c]],
    [v, [Z, "resourceId[3]"], A(2)],
    [q, [ab, c]],
    [f, [{ [aw]: F }, z]],
    [q, [{ [aw]: A(2) }, c]]
  ],
  results: [
    [a],
    [a, "Accelerate cannot be used with FIPS"],
    [a, "Cannot set dual-stack in combination with a custom endpoint."],
    [a, "A custom endpoint cannot be combined with FIPS"],
    [a, "A custom endpoint cannot be combined with S3 Accelerate"],
    [a, "Partition does not support FIPS"],
    [a, "S3Express does not support S3 Accelerate."],
    ["{url#scheme}://{url#authority}/{uri_encoded_bucket}{url#path}", ag],
    [I, ag],
    [a, "S3Express bucket name is not a valid virtual hostable name."],
    ["https://s3express-control{_s3e_fips}{_s3e_ds}.{Region}.{partitionResult#dnsSuffix}/{uri_encoded_bucket}", ah],
    ["https://{Bucket}.s3express{_s3e_fips}-{s3expressAvailabilityZoneId}{_s3e_ds}.{Region}.{partitionResult#dnsSuffix}", ag],
    [a, "Unrecognized S3Express bucket name format."],
    [J, ag],
    ["https://s3express-control{_s3e_fips}{_s3e_ds}.{Region}.{partitionResult#dnsSuffix}", ah],
    [a, "Expected a endpoint to be specified but no endpoint was found"],
    ["https://{Bucket}.ec2.{url#authority}", ai],
    ["https://{Bucket}.ec2.s3-outposts.{Region}.{partitionResult#dnsSuffix}", ai],
    ["https://{Bucket}.op-{outpostId_ssa_2}.{url#authority}", ai],
    ["https://{Bucket}.op-{outpostId_ssa_2}.s3-outposts.{Region}.{partitionResult#dnsSuffix}", ai],
    [a, 'Unrecognized hardware type: "Expected hardware type o or e but got {hardwareType}"'],
    [a, "Invalid Outposts Bucket alias - it must be a valid bucket name."],
    [a, "Invalid ARN: The outpost Id must only contain a-z, A-Z, 0-9 and `-`."],
    [a, "Custom endpoint `{Endpoint}` was not a valid URI"],
    [a, "S3 Accelerate cannot be used in this region"],
    ["https://{Bucket}.s3-fips.dualstack.us-east-1.{partitionResult#dnsSuffix}", aj],
    ["https://{Bucket}.s3-fips.dualstack.{Region}.{partitionResult#dnsSuffix}", ak],
    ["https://{Bucket}.s3-fips.us-east-1.{partitionResult#dnsSuffix}", aj],
    ["https://{Bucket}.s3-fips.{Region}.{partitionResult#dnsSuffix}", ak],
    ["https://{Bucket}.s3-accelerate.dualstack.us-east-1.{partitionResult#dnsSuffix}", aj],
    ["https://{Bucket}.s3-accelerate.dualstack.{partitionResult#dnsSuffix}", ak],
    ["https://{Bucket}.s3.dualstack.us-east-1.{partitionResult#dnsSuffix}", aj],
    ["https://{Bucket}.s3.dualstack.{Region}.{partitionResult#dnsSuffix}", ak],
    [K, aj],
    [I, aj],
    [K, ak],
    [I, ak],
    [L, aj],
    [L, ak],
    [M, aj],
    [M, ak],
    ["https://{Bucket}.s3.{Region}.{partitionResult#dnsSuffix}", ak],
    [a, "Invalid region: region was not a valid DNS name."],
    [a, "S3 Object Lambda does not support Dual-stack"],
    [a, "S3 Object Lambda does not support S3 Accelerate"],
    [a, "Access points are not supported for this operation"],
    [a, "Invalid configuration: region from ARN `{bucketArn#region}` does not match client region `{Region}` and UseArnRegion is `false`"],
    [a, "Invalid ARN: Missing account id"],
    [N(1), al],
    ["https://{accessPointName_ssa_1}-{bucketArn#accountId}.s3-object-lambda-fips.{bucketArn#region}.{bucketPartition#dnsSuffix}", al],
    ["https://{accessPointName_ssa_1}-{bucketArn#accountId}.s3-object-lambda.{bucketArn#region}.{bucketPartition#dnsSuffix}", al],
    [a, O(1)],
    [a, "Invalid ARN: The account id may only contain a-z, A-Z, 0-9 and `-`. Found: `{bucketArn#accountId}`"],
    [a, "Invalid region in ARN: `{bucketArn#region}` (invalid DNS name)"],
    [a, "Client was configured for partition `{partitionResult#name}` but ARN (`{Bucket}`) has `{bucketPartition#name}`"],
    [a, "Invalid ARN: The ARN may only contain a single resource component after `accesspoint`."],
    [a, "Invalid ARN: bucket ARN is missing a region"],
    [a, "Invalid ARN: Expected a resource of the format `accesspoint:<accesspoint name>` but no name was provided"],
    [a, "Invalid ARN: Object Lambda ARNs only support `accesspoint` arn types, but found: `{arnType}`"],
    [a, "Access Points do not support S3 Accelerate"],
    ["https://{accessPointName_ssa_1}-{bucketArn#accountId}.s3-accesspoint-fips.dualstack.{bucketArn#region}.{bucketPartition#dnsSuffix}", am],
    ["https://{accessPointName_ssa_1}-{bucketArn#accountId}.s3-accesspoint-fips.{bucketArn#region}.{bucketPartition#dnsSuffix}", am],
    ["https://{accessPointName_ssa_1}-{bucketArn#accountId}.s3-accesspoint.dualstack.{bucketArn#region}.{bucketPartition#dnsSuffix}", am],
    [N(1), am],
    ["https://{accessPointName_ssa_1}-{bucketArn#accountId}.s3-accesspoint.{bucketArn#region}.{bucketPartition#dnsSuffix}", am],
    [a, "Invalid ARN: The ARN was not for the S3 service, found: {bucketArn#service}"],
    [a, "S3 MRAP does not support dual-stack"],
    [a, "S3 MRAP does not support FIPS"],
    [a, "S3 MRAP does not support S3 Accelerate"],
    [a, "Invalid configuration: Multi-Region Access Point ARNs are disabled."],
    ["https://{accessPointName_ssa_1}.accesspoint.s3-global.{partitionResult#dnsSuffix}", { [az]: [{ [aA]: b, name: P, [aB]: H, [aD]: av }] }],
    [a, "Client was configured for partition `{partitionResult#name}` but bucket referred to partition `{bucketArn#partition}`"],
    [a, "Invalid Access Point Name"],
    [a, "S3 Outposts does not support Dual-stack"],
    [a, "S3 Outposts does not support FIPS"],
    [a, "S3 Outposts does not support S3 Accelerate"],
    [a, "Invalid Arn: Outpost Access Point ARN contains sub resources"],
    ["https://{accessPointName_ssa_2}-{bucketArn#accountId}.{outpostId_ssa_1}.{url#authority}", an],
    ["https://{accessPointName_ssa_2}-{bucketArn#accountId}.{outpostId_ssa_1}.s3-outposts.{bucketArn#region}.{bucketPartition#dnsSuffix}", an],
    [a, O(2)],
    [a, "Expected an outpost type `accesspoint`, found {outpostType}"],
    [a, "Invalid ARN: expected an access point name"],
    [a, "Invalid ARN: Expected a 4-component resource"],
    [a, "Invalid ARN: The outpost Id may only contain a-z, A-Z, 0-9 and `-`. Found: `{outpostId_ssa_1}`"],
    [a, "Invalid ARN: The Outpost Id was not set"],
    [a, "Invalid ARN: Unrecognized format: {Bucket} (type: {arnType})"],
    [a, "Invalid ARN: No ARN type specified"],
    [a, "Invalid ARN: `{Bucket}` was not a valid ARN"],
    [a, "Path-style addressing cannot be used with ARN buckets"],
    ["https://s3-fips.dualstack.us-east-1.{partitionResult#dnsSuffix}/{uri_encoded_bucket}", aj],
    ["https://s3-fips.dualstack.{Region}.{partitionResult#dnsSuffix}/{uri_encoded_bucket}", ak],
    ["https://s3-fips.us-east-1.{partitionResult#dnsSuffix}/{uri_encoded_bucket}", aj],
    ["https://s3-fips.{Region}.{partitionResult#dnsSuffix}/{uri_encoded_bucket}", ak],
    ["https://s3.dualstack.us-east-1.{partitionResult#dnsSuffix}/{uri_encoded_bucket}", aj],
    ["https://s3.dualstack.{Region}.{partitionResult#dnsSuffix}/{uri_encoded_bucket}", ak],
    [Q, aj],
    [Q, ak],
    [R, aj],
    [R, ak],
    ["https://s3.{Region}.{partitionResult#dnsSuffix}/{uri_encoded_bucket}", ak],
    [a, "Path-style addressing cannot be used with S3 Accelerate"],
    [J, ao],
    ["https://s3-object-lambda-fips.{Region}.{partitionResult#dnsSuffix}", ao],
    ["https://s3-object-lambda.{Region}.{partitionResult#dnsSuffix}", ao],
    ["https://s3-fips.dualstack.us-east-1.{partitionResult#dnsSuffix}", aj],
    ["https://s3-fips.dualstack.{Region}.{partitionResult#dnsSuffix}", ak],
    ["https://s3-fips.us-east-1.{partitionResult#dnsSuffix}", aj],
    ["https://s3-fips.{Region}.{partitionResult#dnsSuffix}", ak],
    ["https://s3.dualstack.us-east-1.{partitionResult#dnsSuffix}", aj],
    ["https://s3.dualstack.{Region}.{partitionResult#dnsSuffix}", ak],
    [J, aj],
    [J, ak],
    [S, aj],
    [S, ak],
    ["https://s3.{Region}.{partitionResult#dnsSuffix}", ak],
    [a, "A region must be set when sending requests to S3."]
  ]
};
var root = 2;
var r = 1e8;
var nodes = new Int32Array([
  -1,
  1,
  -1,
  0,
  3,
  r + 115,
  1,
  424,
  4,
  2,
  272,
  5,
  3,
  233,
  6,
  4,
  85,
  7,
  5,
  15,
  8,
  8,
  9,
  r + 115,
  16,
  10,
  13,
  18,
  11,
  13,
  19,
  12,
  13,
  22,
  r + 14,
  13,
  35,
  14,
  r + 42,
  36,
  r + 103,
  435,
  6,
  271,
  16,
  7,
  270,
  17,
  8,
  19,
  18,
  14,
  501,
  106,
  9,
  20,
  24,
  10,
  21,
  24,
  11,
  22,
  24,
  12,
  23,
  24,
  13,
  547,
  24,
  14,
  77,
  25,
  20,
  73,
  26,
  26,
  27,
  78,
  37,
  28,
  r + 86,
  38,
  r + 86,
  29,
  39,
  47,
  30,
  48,
  r + 58,
  31,
  50,
  32,
  r + 85,
  51,
  33,
  136,
  55,
  r + 76,
  34,
  59,
  35,
  r + 84,
  60,
  39,
  36,
  61,
  37,
  r + 83,
  62,
  38,
  146,
  63,
  41,
  r + 46,
  61,
  40,
  r + 83,
  62,
  41,
  150,
  64,
  42,
  r + 54,
  66,
  43,
  r + 53,
  70,
  44,
  r + 52,
  71,
  45,
  r + 81,
  73,
  46,
  r + 80,
  74,
  r + 78,
  r + 79,
  40,
  48,
  r + 57,
  41,
  r + 57,
  49,
  42,
  185,
  50,
  48,
  62,
  51,
  49,
  r + 45,
  52,
  51,
  53,
  526,
  60,
  56,
  54,
  62,
  r + 55,
  55,
  63,
  57,
  r + 46,
  62,
  r + 55,
  57,
  64,
  58,
  r + 54,
  66,
  59,
  r + 53,
  69,
  60,
  r + 65,
  70,
  61,
  r + 52,
  72,
  r + 64,
  r + 51,
  49,
  r + 45,
  63,
  51,
  64,
  526,
  60,
  67,
  65,
  62,
  r + 55,
  66,
  63,
  68,
  r + 46,
  62,
  r + 55,
  68,
  64,
  69,
  r + 54,
  66,
  70,
  r + 53,
  68,
  r + 47,
  71,
  70,
  72,
  r + 52,
  72,
  r + 50,
  r + 51,
  25,
  74,
  r + 42,
  46,
  r + 39,
  75,
  57,
  76,
  r + 41,
  58,
  r + 40,
  r + 41,
  26,
  r + 88,
  78,
  28,
  r + 87,
  79,
  34,
  82,
  80,
  35,
  81,
  545,
  36,
  r + 103,
  r + 115,
  46,
  r + 97,
  83,
  57,
  84,
  r + 99,
  58,
  r + 98,
  r + 99,
  5,
  101,
  86,
  8,
  87,
  r + 115,
  16,
  88,
  89,
  18,
  91,
  89,
  19,
  90,
  92,
  21,
  97,
  95,
  19,
  93,
  92,
  21,
  98,
  95,
  21,
  97,
  94,
  22,
  r + 14,
  95,
  35,
  96,
  r + 42,
  36,
  r + 103,
  r + 42,
  22,
  r + 13,
  98,
  35,
  99,
  r + 42,
  36,
  r + 101,
  100,
  46,
  r + 110,
  r + 111,
  6,
  214,
  102,
  7,
  208,
  103,
  8,
  119,
  104,
  14,
  118,
  105,
  21,
  106,
  r + 23,
  26,
  107,
  502,
  37,
  108,
  r + 86,
  38,
  r + 86,
  109,
  39,
  112,
  110,
  48,
  r + 58,
  111,
  50,
  136,
  r + 85,
  40,
  113,
  r + 57,
  41,
  r + 57,
  114,
  42,
  115,
  500,
  48,
  r + 56,
  116,
  52,
  117,
  r + 72,
  65,
  r + 69,
  r + 72,
  21,
  501,
  r + 23,
  9,
  120,
  124,
  10,
  121,
  124,
  11,
  122,
  124,
  12,
  123,
  124,
  13,
  202,
  124,
  14,
  195,
  125,
  20,
  190,
  126,
  21,
  127,
  r + 23,
  23,
  128,
  129,
  24,
  189,
  129,
  26,
  130,
  197,
  37,
  131,
  r + 86,
  38,
  r + 86,
  132,
  39,
  159,
  133,
  48,
  r + 58,
  134,
  50,
  135,
  r + 85,
  51,
  141,
  136,
  55,
  r + 76,
  137,
  59,
  138,
  r + 84,
  60,
  r + 83,
  139,
  61,
  140,
  r + 83,
  63,
  r + 83,
  r + 46,
  55,
  r + 76,
  142,
  59,
  143,
  r + 84,
  60,
  148,
  144,
  61,
  145,
  r + 83,
  62,
  147,
  146,
  63,
  150,
  r + 46,
  63,
  153,
  r + 46,
  61,
  149,
  r + 83,
  62,
  153,
  150,
  64,
  151,
  r + 54,
  66,
  152,
  r + 53,
  70,
  r + 82,
  r + 52,
  64,
  154,
  r + 54,
  66,
  155,
  r + 53,
  70,
  156,
  r + 52,
  71,
  157,
  r + 81,
  73,
  158,
  r + 80,
  74,
  r + 77,
  r + 79,
  40,
  160,
  r + 57,
  41,
  r + 57,
  161,
  42,
  185,
  162,
  48,
  174,
  163,
  49,
  r + 45,
  164,
  51,
  165,
  526,
  60,
  168,
  166,
  62,
  r + 55,
  167,
  63,
  169,
  r + 46,
  62,
  r + 55,
  169,
  64,
  170,
  r + 54,
  66,
  171,
  r + 53,
  69,
  172,
  r + 65,
  70,
  173,
  r + 52,
  72,
  r + 63,
  r + 51,
  49,
  r + 45,
  175,
  51,
  176,
  526,
  60,
  179,
  177,
  62,
  r + 55,
  178,
  63,
  180,
  r + 46,
  62,
  r + 55,
  180,
  64,
  181,
  r + 54,
  66,
  182,
  r + 53,
  68,
  r + 47,
  183,
  70,
  184,
  r + 52,
  72,
  r + 48,
  r + 51,
  48,
  r + 56,
  186,
  52,
  187,
  r + 72,
  65,
  r + 69,
  188,
  67,
  r + 70,
  r + 71,
  25,
  r + 36,
  r + 42,
  21,
  191,
  r + 23,
  25,
  192,
  r + 42,
  30,
  194,
  193,
  46,
  r + 34,
  r + 36,
  46,
  r + 33,
  r + 35,
  21,
  196,
  r + 23,
  26,
  r + 88,
  197,
  28,
  r + 87,
  198,
  34,
  201,
  199,
  35,
  200,
  545,
  36,
  r + 101,
  r + 115,
  46,
  r + 95,
  r + 96,
  17,
  203,
  r + 22,
  20,
  204,
  r + 21,
  21,
  205,
  550,
  33,
  206,
  550,
  44,
  r + 16,
  207,
  45,
  r + 18,
  r + 20,
  8,
  209,
  215,
  16,
  210,
  220,
  18,
  211,
  220,
  19,
  212,
  224,
  20,
  213,
  227,
  21,
  231,
  401,
  8,
  218,
  215,
  19,
  216,
  r + 9,
  20,
  217,
  227,
  21,
  231,
  r + 9,
  16,
  219,
  220,
  18,
  223,
  220,
  19,
  221,
  224,
  20,
  222,
  227,
  21,
  231,
  r + 12,
  19,
  226,
  224,
  20,
  225,
  r + 9,
  21,
  r + 9,
  r + 12,
  20,
  230,
  227,
  21,
  228,
  r + 9,
  30,
  229,
  r + 9,
  34,
  r + 7,
  r + 9,
  21,
  231,
  415,
  30,
  232,
  r + 8,
  34,
  r + 7,
  r + 8,
  4,
  r + 2,
  234,
  5,
  235,
  480,
  6,
  271,
  236,
  7,
  270,
  237,
  8,
  238,
  491,
  9,
  239,
  243,
  10,
  240,
  243,
  11,
  241,
  243,
  12,
  242,
  243,
  13,
  547,
  243,
  14,
  266,
  244,
  20,
  264,
  245,
  26,
  246,
  267,
  37,
  247,
  r + 86,
  38,
  r + 86,
  248,
  39,
  249,
  518,
  40,
  250,
  r + 57,
  41,
  r + 57,
  251,
  42,
  538,
  252,
  48,
  r + 43,
  253,
  49,
  r + 45,
  254,
  51,
  255,
  526,
  60,
  258,
  256,
  62,
  r + 55,
  257,
  63,
  259,
  r + 46,
  62,
  r + 55,
  259,
  64,
  260,
  r + 54,
  66,
  261,
  r + 53,
  69,
  262,
  r + 65,
  70,
  263,
  r + 52,
  72,
  r + 62,
  r + 51,
  25,
  265,
  r + 42,
  46,
  r + 31,
  r + 32,
  26,
  r + 88,
  267,
  28,
  r + 87,
  268,
  34,
  269,
  544,
  46,
  r + 93,
  r + 94,
  8,
  397,
  r + 9,
  8,
  407,
  r + 9,
  3,
  346,
  273,
  4,
  r + 3,
  274,
  5,
  284,
  275,
  8,
  276,
  r + 115,
  15,
  r + 5,
  277,
  16,
  278,
  281,
  18,
  279,
  281,
  19,
  280,
  281,
  22,
  r + 14,
  281,
  35,
  282,
  r + 42,
  36,
  r + 102,
  283,
  46,
  r + 106,
  r + 107,
  6,
  405,
  285,
  7,
  395,
  286,
  8,
  295,
  287,
  14,
  501,
  288,
  26,
  289,
  502,
  37,
  290,
  r + 86,
  38,
  r + 86,
  291,
  39,
  292,
  307,
  40,
  293,
  r + 57,
  41,
  r + 57,
  294,
  42,
  335,
  500,
  9,
  296,
  300,
  10,
  297,
  300,
  11,
  298,
  300,
  12,
  299,
  300,
  13,
  394,
  300,
  14,
  339,
  301,
  15,
  r + 5,
  302,
  20,
  337,
  303,
  26,
  304,
  341,
  37,
  305,
  r + 86,
  38,
  r + 86,
  306,
  39,
  309,
  307,
  48,
  r + 58,
  308,
  50,
  r + 74,
  r + 85,
  40,
  310,
  r + 57,
  41,
  r + 57,
  311,
  42,
  335,
  312,
  48,
  324,
  313,
  49,
  r + 45,
  314,
  51,
  315,
  526,
  60,
  318,
  316,
  62,
  r + 55,
  317,
  63,
  319,
  r + 46,
  62,
  r + 55,
  319,
  64,
  320,
  r + 54,
  66,
  321,
  r + 53,
  69,
  322,
  r + 65,
  70,
  323,
  r + 52,
  72,
  r + 61,
  r + 51,
  49,
  r + 45,
  325,
  51,
  326,
  526,
  60,
  329,
  327,
  62,
  r + 55,
  328,
  63,
  330,
  r + 46,
  62,
  r + 55,
  330,
  64,
  331,
  r + 54,
  66,
  332,
  r + 53,
  68,
  r + 47,
  333,
  70,
  334,
  r + 52,
  72,
  r + 49,
  r + 51,
  48,
  r + 56,
  336,
  52,
  r + 67,
  r + 72,
  25,
  338,
  r + 42,
  46,
  r + 27,
  r + 28,
  15,
  r + 5,
  340,
  26,
  r + 88,
  341,
  28,
  r + 87,
  342,
  34,
  345,
  343,
  35,
  344,
  545,
  36,
  r + 102,
  r + 115,
  46,
  r + 91,
  r + 92,
  4,
  r + 2,
  347,
  5,
  357,
  348,
  8,
  349,
  r + 115,
  15,
  r + 5,
  350,
  16,
  351,
  354,
  18,
  352,
  354,
  19,
  353,
  354,
  22,
  r + 14,
  354,
  35,
  355,
  r + 42,
  36,
  r + 43,
  356,
  46,
  r + 104,
  r + 105,
  6,
  405,
  358,
  7,
  395,
  359,
  8,
  360,
  491,
  9,
  361,
  365,
  10,
  362,
  365,
  11,
  363,
  365,
  12,
  364,
  365,
  13,
  394,
  365,
  14,
  389,
  366,
  15,
  r + 5,
  367,
  20,
  387,
  368,
  26,
  369,
  391,
  37,
  370,
  r + 86,
  38,
  r + 86,
  371,
  39,
  372,
  518,
  40,
  373,
  r + 57,
  41,
  r + 57,
  374,
  42,
  538,
  375,
  48,
  r + 43,
  376,
  49,
  r + 45,
  377,
  51,
  378,
  526,
  60,
  381,
  379,
  62,
  r + 55,
  380,
  63,
  382,
  r + 46,
  62,
  r + 55,
  382,
  64,
  383,
  r + 54,
  66,
  384,
  r + 53,
  69,
  385,
  r + 65,
  70,
  386,
  r + 52,
  72,
  r + 60,
  r + 51,
  25,
  388,
  r + 42,
  46,
  r + 25,
  r + 26,
  15,
  r + 5,
  390,
  26,
  r + 88,
  391,
  28,
  r + 87,
  392,
  34,
  393,
  544,
  46,
  r + 89,
  r + 90,
  15,
  r + 5,
  547,
  8,
  396,
  r + 9,
  15,
  r + 5,
  397,
  16,
  398,
  410,
  18,
  399,
  410,
  19,
  400,
  410,
  20,
  401,
  r + 9,
  27,
  402,
  r + 12,
  29,
  r + 11,
  403,
  31,
  r + 11,
  404,
  32,
  r + 11,
  422,
  8,
  406,
  r + 9,
  15,
  r + 5,
  407,
  16,
  408,
  410,
  18,
  409,
  410,
  19,
  411,
  410,
  20,
  r + 12,
  r + 9,
  20,
  414,
  412,
  22,
  413,
  r + 9,
  34,
  r + 10,
  r + 9,
  22,
  416,
  415,
  27,
  419,
  r + 12,
  27,
  418,
  417,
  34,
  r + 10,
  r + 12,
  34,
  r + 10,
  419,
  43,
  r + 11,
  420,
  47,
  r + 11,
  421,
  53,
  r + 11,
  422,
  54,
  r + 11,
  423,
  56,
  r + 11,
  r + 12,
  2,
  r + 1,
  425,
  3,
  478,
  426,
  4,
  r + 4,
  427,
  5,
  438,
  428,
  8,
  429,
  r + 115,
  16,
  430,
  433,
  18,
  431,
  433,
  19,
  432,
  433,
  22,
  r + 14,
  433,
  35,
  434,
  r + 42,
  36,
  r + 44,
  435,
  46,
  r + 112,
  436,
  57,
  437,
  r + 114,
  58,
  r + 113,
  r + 114,
  6,
  r + 6,
  439,
  7,
  r + 6,
  440,
  8,
  450,
  441,
  14,
  501,
  442,
  26,
  443,
  502,
  37,
  444,
  r + 86,
  38,
  r + 86,
  445,
  39,
  446,
  465,
  40,
  447,
  r + 57,
  41,
  r + 57,
  448,
  42,
  471,
  449,
  48,
  r + 44,
  500,
  9,
  451,
  455,
  10,
  452,
  455,
  11,
  453,
  455,
  12,
  454,
  455,
  13,
  547,
  455,
  14,
  473,
  456,
  15,
  460,
  457,
  20,
  458,
  461,
  25,
  459,
  r + 42,
  46,
  r + 37,
  r + 38,
  20,
  540,
  461,
  26,
  462,
  474,
  37,
  463,
  r + 86,
  38,
  r + 86,
  464,
  39,
  467,
  465,
  48,
  r + 58,
  466,
  50,
  r + 75,
  r + 85,
  40,
  468,
  r + 57,
  41,
  r + 57,
  469,
  42,
  471,
  470,
  48,
  r + 44,
  524,
  48,
  r + 44,
  472,
  52,
  r + 68,
  r + 72,
  26,
  r + 88,
  474,
  28,
  r + 87,
  475,
  34,
  r + 100,
  476,
  35,
  477,
  545,
  36,
  r + 44,
  r + 115,
  4,
  r + 2,
  479,
  5,
  488,
  480,
  8,
  481,
  r + 115,
  16,
  482,
  485,
  18,
  483,
  485,
  19,
  484,
  485,
  22,
  r + 14,
  485,
  35,
  486,
  r + 42,
  36,
  r + 43,
  487,
  46,
  r + 108,
  r + 109,
  6,
  r + 6,
  489,
  7,
  r + 6,
  490,
  8,
  503,
  491,
  14,
  501,
  492,
  26,
  493,
  502,
  37,
  494,
  r + 86,
  38,
  r + 86,
  495,
  39,
  496,
  518,
  40,
  497,
  r + 57,
  41,
  r + 57,
  498,
  42,
  538,
  499,
  48,
  r + 43,
  500,
  49,
  r + 45,
  526,
  26,
  r + 88,
  502,
  28,
  r + 87,
  r + 115,
  9,
  504,
  508,
  10,
  505,
  508,
  11,
  506,
  508,
  12,
  507,
  508,
  13,
  547,
  508,
  14,
  541,
  509,
  15,
  513,
  510,
  20,
  511,
  514,
  25,
  512,
  r + 42,
  46,
  r + 29,
  r + 30,
  20,
  540,
  514,
  26,
  515,
  542,
  37,
  516,
  r + 86,
  38,
  r + 86,
  517,
  39,
  520,
  518,
  48,
  r + 58,
  519,
  50,
  r + 73,
  r + 85,
  40,
  521,
  r + 57,
  41,
  r + 57,
  522,
  42,
  538,
  523,
  48,
  r + 43,
  524,
  49,
  r + 45,
  525,
  51,
  529,
  526,
  60,
  r + 55,
  527,
  62,
  r + 55,
  528,
  63,
  r + 55,
  r + 46,
  60,
  532,
  530,
  62,
  r + 55,
  531,
  63,
  533,
  r + 46,
  62,
  r + 55,
  533,
  64,
  534,
  r + 54,
  66,
  535,
  r + 53,
  69,
  536,
  r + 65,
  70,
  537,
  r + 52,
  72,
  r + 59,
  r + 51,
  48,
  r + 43,
  539,
  52,
  r + 66,
  r + 72,
  25,
  r + 24,
  r + 42,
  26,
  r + 88,
  542,
  28,
  r + 87,
  543,
  34,
  r + 100,
  544,
  35,
  546,
  545,
  36,
  r + 42,
  r + 115,
  36,
  r + 43,
  r + 115,
  17,
  548,
  r + 22,
  20,
  549,
  r + 21,
  33,
  552,
  550,
  44,
  r + 17,
  551,
  45,
  r + 19,
  r + 20,
  44,
  r + 15,
  553,
  45,
  r + 15,
  r + 20
]);
var bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);

// node_modules/@aws-sdk/client-s3/dist-es/endpoint/endpointResolver.js
var cache = new EndpointCache({
  size: 50,
  params: [
    "Accelerate",
    "Bucket",
    "DisableAccessPoints",
    "DisableMultiRegionAccessPoints",
    "DisableS3ExpressSessionAuth",
    "Endpoint",
    "ForcePathStyle",
    "Region",
    "UseArnRegion",
    "UseDualStack",
    "UseFIPS",
    "UseGlobalEndpoint",
    "UseObjectLambdaEndpoint",
    "UseS3ExpressControlEndpoint"
  ]
});
var defaultEndpointResolver = (endpointParams, context = {}) => {
  return cache.get(endpointParams, () => decideEndpoint(bdd, {
    endpointParams,
    logger: context.logger
  }));
};
customEndpointFunctions.aws = awsEndpointFunctions;

// node_modules/@aws-sdk/client-s3/dist-es/auth/httpAuthSchemeProvider.js
var createEndpointRuleSetHttpAuthSchemeParametersProvider = (defaultHttpAuthSchemeParametersProvider) => async (config, context, input) => {
  if (!input) {
    throw new Error("Could not find `input` for `defaultEndpointRuleSetHttpAuthSchemeParametersProvider`");
  }
  const defaultParameters = await defaultHttpAuthSchemeParametersProvider(config, context, input);
  const instructionsFn = getSmithyContext(context)?.commandInstance?.constructor?.getEndpointParameterInstructions;
  if (!instructionsFn) {
    throw new Error(`getEndpointParameterInstructions() is not defined on '${context.commandName}'`);
  }
  const endpointParameters = await resolveParams(input, { getEndpointParameterInstructions: instructionsFn }, config);
  return Object.assign(defaultParameters, endpointParameters);
};
var _defaultS3HttpAuthSchemeParametersProvider = async (config, context, input) => {
  return {
    operation: getSmithyContext(context).operation,
    region: await normalizeProvider(config.region)() || (() => {
      throw new Error("expected `region` to be configured for `aws.auth#sigv4`");
    })()
  };
};
var defaultS3HttpAuthSchemeParametersProvider = createEndpointRuleSetHttpAuthSchemeParametersProvider(_defaultS3HttpAuthSchemeParametersProvider);
function createAwsAuthSigv4HttpAuthOption(authParameters) {
  return {
    schemeId: "aws.auth#sigv4",
    signingProperties: {
      name: "s3",
      region: authParameters.region
    },
    propertiesExtractor: (config, context) => ({
      signingProperties: {
        config,
        context
      }
    })
  };
}
function createAwsAuthSigv4aHttpAuthOption(authParameters) {
  return {
    schemeId: "aws.auth#sigv4a",
    signingProperties: {
      name: "s3",
      region: authParameters.region
    },
    propertiesExtractor: (config, context) => ({
      signingProperties: {
        config,
        context
      }
    })
  };
}
var createEndpointRuleSetHttpAuthSchemeProvider = (defaultEndpointResolver2, defaultHttpAuthSchemeResolver, createHttpAuthOptionFunctions) => {
  const endpointRuleSetHttpAuthSchemeProvider = (authParameters) => {
    const endpoint = defaultEndpointResolver2(authParameters);
    const authSchemes = endpoint.properties?.authSchemes;
    if (!authSchemes) {
      return defaultHttpAuthSchemeResolver(authParameters);
    }
    const options = [];
    for (const scheme of authSchemes) {
      const { name: resolvedName, properties = {}, ...rest } = scheme;
      const name = resolvedName.toLowerCase();
      if (resolvedName !== name) {
        console.warn(`HttpAuthScheme has been normalized with lowercasing: '${resolvedName}' to '${name}'`);
      }
      let schemeId;
      if (name === "sigv4a") {
        schemeId = "aws.auth#sigv4a";
        const sigv4Present = authSchemes.find((s2) => {
          const name2 = s2.name.toLowerCase();
          return name2 !== "sigv4a" && name2.startsWith("sigv4");
        });
        if (SignatureV4MultiRegion.sigv4aDependency() === "none" && sigv4Present) {
          continue;
        }
      } else if (name.startsWith("sigv4")) {
        schemeId = "aws.auth#sigv4";
      } else {
        throw new Error(`Unknown HttpAuthScheme found in '@smithy.rules#endpointRuleSet': '${name}'`);
      }
      const createOption = createHttpAuthOptionFunctions[schemeId];
      if (!createOption) {
        throw new Error(`Could not find HttpAuthOption create function for '${schemeId}'`);
      }
      const option = createOption(authParameters);
      option.schemeId = schemeId;
      option.signingProperties = { ...option.signingProperties || {}, ...rest, ...properties };
      options.push(option);
    }
    return options;
  };
  return endpointRuleSetHttpAuthSchemeProvider;
};
var _defaultS3HttpAuthSchemeProvider = (authParameters) => {
  const options = [];
  switch (authParameters.operation) {
    default: {
      options.push(createAwsAuthSigv4HttpAuthOption(authParameters));
      options.push(createAwsAuthSigv4aHttpAuthOption(authParameters));
    }
  }
  return options;
};
var defaultS3HttpAuthSchemeProvider = createEndpointRuleSetHttpAuthSchemeProvider(defaultEndpointResolver, _defaultS3HttpAuthSchemeProvider, {
  "aws.auth#sigv4": createAwsAuthSigv4HttpAuthOption,
  "aws.auth#sigv4a": createAwsAuthSigv4aHttpAuthOption
});
var resolveHttpAuthSchemeConfig = (config) => {
  const config_0 = resolveAwsSdkSigV4Config(config);
  const config_1 = resolveAwsSdkSigV4AConfig(config_0);
  return Object.assign(config_1, {
    authSchemePreference: normalizeProvider(config.authSchemePreference ?? [])
  });
};

// node_modules/@aws-sdk/client-s3/dist-es/endpoint/EndpointParameters.js
var resolveClientEndpointParameters = (options) => {
  return Object.assign(options, {
    useFipsEndpoint: options.useFipsEndpoint ?? false,
    useDualstackEndpoint: options.useDualstackEndpoint ?? false,
    forcePathStyle: options.forcePathStyle ?? false,
    useAccelerateEndpoint: options.useAccelerateEndpoint ?? false,
    useGlobalEndpoint: options.useGlobalEndpoint ?? false,
    disableMultiregionAccessPoints: options.disableMultiregionAccessPoints ?? false,
    defaultSigningName: "s3",
    clientContextParams: options.clientContextParams ?? {}
  });
};
var commonParams = {
  ForcePathStyle: { type: "clientContextParams", name: "forcePathStyle" },
  UseArnRegion: { type: "clientContextParams", name: "useArnRegion" },
  DisableMultiRegionAccessPoints: { type: "clientContextParams", name: "disableMultiregionAccessPoints" },
  Accelerate: { type: "clientContextParams", name: "useAccelerateEndpoint" },
  DisableS3ExpressSessionAuth: { type: "clientContextParams", name: "disableS3ExpressSessionAuth" },
  UseGlobalEndpoint: { type: "builtInParams", name: "useGlobalEndpoint" },
  UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
  Endpoint: { type: "builtInParams", name: "endpoint" },
  Region: { type: "builtInParams", name: "region" },
  UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" }
};

// node_modules/@aws-sdk/client-s3/dist-es/commandBuilder.js
var command = makeBuilder(commonParams, "AmazonS3", "S3Client", getEndpointPlugin);
var _ep0 = {
  Bucket: { type: "contextParams", name: "Bucket" },
  Key: { type: "contextParams", name: "Key" }
};
var _ep1 = {
  DisableS3ExpressSessionAuth: { type: "staticContextParams", value: true },
  Bucket: { type: "contextParams", name: "Bucket" },
  Key: { type: "contextParams", name: "Key" },
  CopySource: { type: "contextParams", name: "CopySource" }
};
var _ep3 = {
  UseS3ExpressControlEndpoint: { type: "staticContextParams", value: true },
  Bucket: { type: "contextParams", name: "Bucket" }
};
var _ep4 = {
  DisableS3ExpressSessionAuth: { type: "staticContextParams", value: true },
  Bucket: { type: "contextParams", name: "Bucket" }
};
var _ep5 = {
  Bucket: { type: "contextParams", name: "Bucket" }
};
var _ep8 = {
  Bucket: { type: "contextParams", name: "Bucket" },
  Prefix: { type: "contextParams", name: "Prefix" }
};
var _mw0 = (Command, cs, config, o2) => [
  getThrow200ExceptionsPlugin(config)
];
var _mw1 = (Command, cs, config, o2) => [
  getThrow200ExceptionsPlugin(config),
  getSsecPlugin(config)
];
var _mw7 = (Command, cs, config, o2) => [
  getFlexibleChecksumsPlugin(config, {
    requestChecksumRequired: false,
    requestValidationModeMember: "ChecksumMode",
    responseAlgorithms: ["CRC64NVME", "CRC32", "CRC32C", "SHA256", "SHA1", "SHA512", "MD5", "XXHASH64", "XXHASH3", "XXHASH128"]
  }),
  getSsecPlugin(config),
  getS3ExpiresMiddlewarePlugin(config)
];
var _mw8 = (Command, cs, config, o2) => [
  getThrow200ExceptionsPlugin(config),
  getSsecPlugin(config),
  getS3ExpiresMiddlewarePlugin(config)
];
var _mw11 = (Command, cs, config, o2) => [
  getFlexibleChecksumsPlugin(config, {
    requestAlgorithmMember: { "httpHeader": "x-amz-sdk-checksum-algorithm", "name": "ChecksumAlgorithm" },
    requestChecksumRequired: false
  }),
  getCheckContentLengthHeaderPlugin(config),
  getThrow200ExceptionsPlugin(config),
  getSsecPlugin(config)
];
var _mw13 = (Command, cs, config, o2) => [
  getFlexibleChecksumsPlugin(config, {
    requestAlgorithmMember: { "httpHeader": "x-amz-sdk-checksum-algorithm", "name": "ChecksumAlgorithm" },
    requestChecksumRequired: false
  }),
  getThrow200ExceptionsPlugin(config),
  getSsecPlugin(config)
];

// node_modules/@aws-sdk/client-s3/dist-es/models/S3ServiceException.js
var S3ServiceException = class _S3ServiceException extends ServiceException {
  static shapeId = "smithy.ts.sdk.synthetic.com.amazonaws.s3#S3ServiceException";
  constructor(options) {
    super(options);
    Object.setPrototypeOf(this, _S3ServiceException.prototype);
  }
};

// node_modules/@aws-sdk/client-s3/dist-es/models/errors.js
var NoSuchUpload = class _NoSuchUpload extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#NoSuchUpload";
  name = "NoSuchUpload";
  $fault = "client";
  constructor(opts) {
    super({
      name: "NoSuchUpload",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _NoSuchUpload.prototype);
  }
};
var AccessDenied = class _AccessDenied extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#AccessDenied";
  name = "AccessDenied";
  $fault = "client";
  constructor(opts) {
    super({
      name: "AccessDenied",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _AccessDenied.prototype);
  }
};
var ObjectNotInActiveTierError = class _ObjectNotInActiveTierError extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#ObjectNotInActiveTierError";
  name = "ObjectNotInActiveTierError";
  $fault = "client";
  constructor(opts) {
    super({
      name: "ObjectNotInActiveTierError",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _ObjectNotInActiveTierError.prototype);
  }
};
var BucketAlreadyExists = class _BucketAlreadyExists extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#BucketAlreadyExists";
  name = "BucketAlreadyExists";
  $fault = "client";
  constructor(opts) {
    super({
      name: "BucketAlreadyExists",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _BucketAlreadyExists.prototype);
  }
};
var BucketAlreadyOwnedByYou = class _BucketAlreadyOwnedByYou extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#BucketAlreadyOwnedByYou";
  name = "BucketAlreadyOwnedByYou";
  $fault = "client";
  constructor(opts) {
    super({
      name: "BucketAlreadyOwnedByYou",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _BucketAlreadyOwnedByYou.prototype);
  }
};
var NoSuchBucket = class _NoSuchBucket extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#NoSuchBucket";
  name = "NoSuchBucket";
  $fault = "client";
  constructor(opts) {
    super({
      name: "NoSuchBucket",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _NoSuchBucket.prototype);
  }
};
var NoSuchKey = class _NoSuchKey extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#NoSuchKey";
  name = "NoSuchKey";
  $fault = "client";
  constructor(opts) {
    super({
      name: "NoSuchKey",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _NoSuchKey.prototype);
  }
};
var InvalidObjectState = class _InvalidObjectState extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#InvalidObjectState";
  name = "InvalidObjectState";
  $fault = "client";
  StorageClass;
  AccessTier;
  constructor(opts) {
    super({
      name: "InvalidObjectState",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _InvalidObjectState.prototype);
    this.StorageClass = opts.StorageClass;
    this.AccessTier = opts.AccessTier;
  }
};
var NoSuchAnnotation = class _NoSuchAnnotation extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#NoSuchAnnotation";
  name = "NoSuchAnnotation";
  $fault = "client";
  constructor(opts) {
    super({
      name: "NoSuchAnnotation",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _NoSuchAnnotation.prototype);
  }
};
var NotFound = class _NotFound extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#NotFound";
  name = "NotFound";
  $fault = "client";
  constructor(opts) {
    super({
      name: "NotFound",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _NotFound.prototype);
  }
};
var InvalidPrefix = class _InvalidPrefix extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#InvalidPrefix";
  name = "InvalidPrefix";
  $fault = "client";
  constructor(opts) {
    super({
      name: "InvalidPrefix",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _InvalidPrefix.prototype);
  }
};
var EncryptionTypeMismatch = class _EncryptionTypeMismatch extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#EncryptionTypeMismatch";
  name = "EncryptionTypeMismatch";
  $fault = "client";
  constructor(opts) {
    super({
      name: "EncryptionTypeMismatch",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _EncryptionTypeMismatch.prototype);
  }
};
var InvalidRequest = class _InvalidRequest extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#InvalidRequest";
  name = "InvalidRequest";
  $fault = "client";
  constructor(opts) {
    super({
      name: "InvalidRequest",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _InvalidRequest.prototype);
  }
};
var InvalidWriteOffset = class _InvalidWriteOffset extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#InvalidWriteOffset";
  name = "InvalidWriteOffset";
  $fault = "client";
  constructor(opts) {
    super({
      name: "InvalidWriteOffset",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _InvalidWriteOffset.prototype);
  }
};
var TooManyParts = class _TooManyParts extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#TooManyParts";
  name = "TooManyParts";
  $fault = "client";
  constructor(opts) {
    super({
      name: "TooManyParts",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _TooManyParts.prototype);
  }
};
var AnnotationLimitExceeded = class _AnnotationLimitExceeded extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#AnnotationLimitExceeded";
  name = "AnnotationLimitExceeded";
  $fault = "client";
  constructor(opts) {
    super({
      name: "AnnotationLimitExceeded",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _AnnotationLimitExceeded.prototype);
  }
};
var AnnotationNameTooLong = class _AnnotationNameTooLong extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#AnnotationNameTooLong";
  name = "AnnotationNameTooLong";
  $fault = "client";
  constructor(opts) {
    super({
      name: "AnnotationNameTooLong",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _AnnotationNameTooLong.prototype);
  }
};
var InvalidAnnotationName = class _InvalidAnnotationName extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#InvalidAnnotationName";
  name = "InvalidAnnotationName";
  $fault = "client";
  constructor(opts) {
    super({
      name: "InvalidAnnotationName",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _InvalidAnnotationName.prototype);
  }
};
var UnsupportedMediaType = class _UnsupportedMediaType extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#UnsupportedMediaType";
  name = "UnsupportedMediaType";
  $fault = "client";
  constructor(opts) {
    super({
      name: "UnsupportedMediaType",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _UnsupportedMediaType.prototype);
  }
};
var IdempotencyParameterMismatch = class _IdempotencyParameterMismatch extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#IdempotencyParameterMismatch";
  name = "IdempotencyParameterMismatch";
  $fault = "client";
  constructor(opts) {
    super({
      name: "IdempotencyParameterMismatch",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _IdempotencyParameterMismatch.prototype);
  }
};
var ObjectAlreadyInActiveTierError = class _ObjectAlreadyInActiveTierError extends S3ServiceException {
  static shapeId = "com.amazonaws.s3#ObjectAlreadyInActiveTierError";
  name = "ObjectAlreadyInActiveTierError";
  $fault = "client";
  constructor(opts) {
    super({
      name: "ObjectAlreadyInActiveTierError",
      $fault: "client",
      ...opts
    });
    Object.setPrototypeOf(this, _ObjectAlreadyInActiveTierError.prototype);
  }
};

// node_modules/@aws-sdk/client-s3/dist-es/schemas/schemas_0.js
var _A = "Account";
var _AAO = "AnalyticsAndOperator";
var _AC = "AccelerateConfiguration";
var _ACL = "AccessControlList";
var _ACL_ = "ACL";
var _ACLn = "AnalyticsConfigurationList";
var _ACP = "AccessControlPolicy";
var _ACT = "AccessControlTranslation";
var _ACn = "AnalyticsConfiguration";
var _ACnn = "AnnotationCount";
var _AD = "AccessDenied";
var _ADb = "AbortDate";
var _ADn = "AnnotationDirective";
var _AE = "AnnotationEntry";
var _AED = "AnalyticsExportDestination";
var _AF = "AnalyticsFilter";
var _AH = "AllowedHeaders";
var _AHl = "AllowedHeader";
var _AI = "AccountId";
var _AIMU = "AbortIncompleteMultipartUpload";
var _AKI = "AccessKeyId";
var _AL = "AnnotationList";
var _ALE = "AnnotationLimitExceeded";
var _AM = "AllowedMethods";
var _AMU = "AbortMultipartUpload";
var _AMUO = "AbortMultipartUploadOutput";
var _AMUR = "AbortMultipartUploadRequest";
var _AMl = "AllowedMethod";
var _AN = "AnnotationName";
var _ANTL = "AnnotationNameTooLong";
var _AO = "AllowedOrigins";
var _AOl = "AllowedOrigin";
var _AP = "AnnotationPayload";
var _APA = "AccessPointAlias";
var _APAc = "AccessPointArn";
var _APn = "AnnotationPrefix";
var _AQRD = "AllowQuotedRecordDelimiter";
var _AR = "AcceptRanges";
var _ARI = "AbortRuleId";
var _AS = "AbacStatus";
var _ASBD = "AnalyticsS3BucketDestination";
var _ASSEBD = "ApplyServerSideEncryptionByDefault";
var _ASr = "ArchiveStatus";
var _AT = "AccessTier";
var _ATC = "AnnotationTableConfiguration";
var _ATCR = "AnnotationTableConfigurationResult";
var _ATCU = "AnnotationTableConfigurationUpdates";
var _An = "And";
var _Ann = "Annotations";
var _B = "Bucket";
var _BA = "BucketArn";
var _BAE = "BucketAlreadyExists";
var _BAI = "BucketAccountId";
var _BAOBY = "BucketAlreadyOwnedByYou";
var _BET = "BlockedEncryptionTypes";
var _BGR = "BypassGovernanceRetention";
var _BI = "BucketInfo";
var _BKE = "BucketKeyEnabled";
var _BLC = "BucketLifecycleConfiguration";
var _BLN = "BucketLocationName";
var _BLS = "BucketLoggingStatus";
var _BLT = "BucketLocationType";
var _BN = "BucketNamespace";
var _BNu = "BucketName";
var _BP = "BytesProcessed";
var _BPA = "BlockPublicAcls";
var _BPP = "BlockPublicPolicy";
var _BR = "BucketRegion";
var _BRy = "BytesReturned";
var _BS = "BytesScanned";
var _Bo = "Body";
var _Bu = "Buckets";
var _C = "Checksum";
var _CA = "ChecksumAlgorithm";
var _CACL = "CannedACL";
var _CB = "CreateBucket";
var _CBC = "CreateBucketConfiguration";
var _CBMC = "CreateBucketMetadataConfiguration";
var _CBMCR = "CreateBucketMetadataConfigurationRequest";
var _CBMTC = "CreateBucketMetadataTableConfiguration";
var _CBMTCR = "CreateBucketMetadataTableConfigurationRequest";
var _CBO = "CreateBucketOutput";
var _CBR = "CreateBucketRequest";
var _CC = "CacheControl";
var _CCRC = "ChecksumCRC32";
var _CCRCC = "ChecksumCRC32C";
var _CCRCNVME = "ChecksumCRC64NVME";
var _CC_ = "Cache-Control";
var _CD = "CreationDate";
var _CD_ = "Content-Disposition";
var _CDo = "ContentDisposition";
var _CE = "ContinuationEvent";
var _CE_ = "Content-Encoding";
var _CEo = "ContentEncoding";
var _CF = "CloudFunction";
var _CFC = "CloudFunctionConfiguration";
var _CL = "ContentLanguage";
var _CL_ = "Content-Language";
var _CL__ = "Content-Length";
var _CLo = "ContentLength";
var _CM = "Content-MD5";
var _CMD = "ChecksumMD5";
var _CMDo = "ContentMD5";
var _CMU = "CompletedMultipartUpload";
var _CMUO = "CompleteMultipartUploadOutput";
var _CMUOr = "CreateMultipartUploadOutput";
var _CMUR = "CompleteMultipartUploadResult";
var _CMURo = "CompleteMultipartUploadRequest";
var _CMURr = "CreateMultipartUploadRequest";
var _CMUo = "CompleteMultipartUpload";
var _CMUr = "CreateMultipartUpload";
var _CMh = "ChecksumMode";
var _CO = "CopyObject";
var _COO = "CopyObjectOutput";
var _COR = "CopyObjectResult";
var _CORSC = "CORSConfiguration";
var _CORSR = "CORSRules";
var _CORSRu = "CORSRule";
var _CORo = "CopyObjectRequest";
var _CP = "CommonPrefix";
var _CPL = "CommonPrefixList";
var _CPLo = "CompletedPartList";
var _CPR = "CopyPartResult";
var _CPo = "CompletedPart";
var _CPom = "CommonPrefixes";
var _CR = "ContentRange";
var _CRSBA = "ConfirmRemoveSelfBucketAccess";
var _CR_ = "Content-Range";
var _CS = "ConfigurationState";
var _CSHA = "ChecksumSHA1";
var _CSHAh = "ChecksumSHA256";
var _CSHAhe = "ChecksumSHA512";
var _CSIM = "CopySourceIfMatch";
var _CSIMS = "CopySourceIfModifiedSince";
var _CSINM = "CopySourceIfNoneMatch";
var _CSIUS = "CopySourceIfUnmodifiedSince";
var _CSO = "CreateSessionOutput";
var _CSR = "CreateSessionResult";
var _CSRo = "CopySourceRange";
var _CSRr = "CreateSessionRequest";
var _CSSSECA = "CopySourceSSECustomerAlgorithm";
var _CSSSECK = "CopySourceSSECustomerKey";
var _CSSSECKMD = "CopySourceSSECustomerKeyMD5";
var _CSV = "CSV";
var _CSVI = "CopySourceVersionId";
var _CSVIn = "CSVInput";
var _CSVO = "CSVOutput";
var _CSo = "CopySource";
var _CSr = "CreateSession";
var _CT = "ChecksumType";
var _CT_ = "Content-Type";
var _CTl = "ClientToken";
var _CTo = "ContentType";
var _CTom = "CompressionType";
var _CTon = "ContinuationToken";
var _CXXHASH = "ChecksumXXHASH64";
var _CXXHASHh = "ChecksumXXHASH3";
var _CXXHASHhe = "ChecksumXXHASH128";
var _Co = "Condition";
var _Cod = "Code";
var _Com = "Comments";
var _Con = "Contents";
var _Cont = "Cont";
var _Cr = "Credentials";
var _D = "Days";
var _DAI = "DaysAfterInitiation";
var _DB = "DeleteBucket";
var _DBAC = "DeleteBucketAnalyticsConfiguration";
var _DBACR = "DeleteBucketAnalyticsConfigurationRequest";
var _DBC = "DeleteBucketCors";
var _DBCR = "DeleteBucketCorsRequest";
var _DBE = "DeleteBucketEncryption";
var _DBER = "DeleteBucketEncryptionRequest";
var _DBIC = "DeleteBucketInventoryConfiguration";
var _DBICR = "DeleteBucketInventoryConfigurationRequest";
var _DBITC = "DeleteBucketIntelligentTieringConfiguration";
var _DBITCR = "DeleteBucketIntelligentTieringConfigurationRequest";
var _DBL = "DeleteBucketLifecycle";
var _DBLR = "DeleteBucketLifecycleRequest";
var _DBMC = "DeleteBucketMetadataConfiguration";
var _DBMCR = "DeleteBucketMetadataConfigurationRequest";
var _DBMCRe = "DeleteBucketMetricsConfigurationRequest";
var _DBMCe = "DeleteBucketMetricsConfiguration";
var _DBMTC = "DeleteBucketMetadataTableConfiguration";
var _DBMTCR = "DeleteBucketMetadataTableConfigurationRequest";
var _DBOC = "DeleteBucketOwnershipControls";
var _DBOCR = "DeleteBucketOwnershipControlsRequest";
var _DBP = "DeleteBucketPolicy";
var _DBPR = "DeleteBucketPolicyRequest";
var _DBR = "DeleteBucketRequest";
var _DBRR = "DeleteBucketReplicationRequest";
var _DBRe = "DeleteBucketReplication";
var _DBT = "DeleteBucketTagging";
var _DBTR = "DeleteBucketTaggingRequest";
var _DBW = "DeleteBucketWebsite";
var _DBWR = "DeleteBucketWebsiteRequest";
var _DE = "DataExport";
var _DEH = "DefaultEventHold";
var _DIM = "DestinationIfMatch";
var _DIMS = "DestinationIfModifiedSince";
var _DINM = "DestinationIfNoneMatch";
var _DIUS = "DestinationIfUnmodifiedSince";
var _DM = "DeleteMarker";
var _DME = "DeleteMarkerEntry";
var _DMR = "DeleteMarkerReplication";
var _DMVI = "DeleteMarkerVersionId";
var _DMe = "DeleteMarkers";
var _DN = "DisplayName";
var _DO = "DeletedObject";
var _DOA = "DeleteObjectAnnotation";
var _DOAO = "DeleteObjectAnnotationOutput";
var _DOAR = "DeleteObjectAnnotationRequest";
var _DOO = "DeleteObjectOutput";
var _DOOe = "DeleteObjectsOutput";
var _DOR = "DeleteObjectRequest";
var _DORe = "DeleteObjectsRequest";
var _DOT = "DeleteObjectTagging";
var _DOTO = "DeleteObjectTaggingOutput";
var _DOTR = "DeleteObjectTaggingRequest";
var _DOe = "DeletedObjects";
var _DOel = "DeleteObject";
var _DOele = "DeleteObjects";
var _DPAB = "DeletePublicAccessBlock";
var _DPABR = "DeletePublicAccessBlockRequest";
var _DR = "DataRedundancy";
var _DRe = "DefaultRetention";
var _DRel = "DeleteResult";
var _DRes = "DestinationResult";
var _Da = "Date";
var _De = "Delete";
var _Del = "Deleted";
var _Deli = "Delimiter";
var _Des = "Destination";
var _Desc = "Description";
var _Det = "Details";
var _E = "Error";
var _EA = "EmailAddress";
var _EBC = "EventBridgeConfiguration";
var _EBO = "ExpectedBucketOwner";
var _EC = "EncryptionConfiguration";
var _ECr = "ErrorCode";
var _ED = "ErrorDetails";
var _EDr = "ErrorDocument";
var _EE = "EndEvent";
var _EH = "ExposeHeaders";
var _EHD = "EventHoldDuration";
var _EHv = "EventHold";
var _EHx = "ExposeHeader";
var _EM = "ErrorMessage";
var _EODM = "ExpiredObjectDeleteMarker";
var _EOR = "ExistingObjectReplication";
var _ES = "ExpiresString";
var _ESBO = "ExpectedSourceBucketOwner";
var _ET = "ETag";
var _ETL = "EncryptionTypeList";
var _ETM = "EncryptionTypeMismatch";
var _ETn = "EncryptionType";
var _ETnc = "EncodingType";
var _ETv = "EventThreshold";
var _ETx = "ExpressionType";
var _En = "Encryption";
var _Ena = "Enabled";
var _End = "End";
var _Er = "Errors";
var _Ev = "Events";
var _Eve = "Event";
var _Ex = "Expiration";
var _Exp = "Expires";
var _Expr = "Expression";
var _F = "Filter";
var _FD = "FieldDelimiter";
var _FHI = "FileHeaderInfo";
var _FO = "FetchOwner";
var _FR = "FilterRule";
var _FRL = "FilterRuleList";
var _FRi = "FilterRules";
var _Fi = "Field";
var _Fo = "Format";
var _Fr = "Frequency";
var _G = "Grants";
var _GBA = "GetBucketAbac";
var _GBAC = "GetBucketAccelerateConfiguration";
var _GBACO = "GetBucketAccelerateConfigurationOutput";
var _GBACOe = "GetBucketAnalyticsConfigurationOutput";
var _GBACR = "GetBucketAccelerateConfigurationRequest";
var _GBACRe = "GetBucketAnalyticsConfigurationRequest";
var _GBACe = "GetBucketAnalyticsConfiguration";
var _GBAO = "GetBucketAbacOutput";
var _GBAOe = "GetBucketAclOutput";
var _GBAR = "GetBucketAbacRequest";
var _GBARe = "GetBucketAclRequest";
var _GBAe = "GetBucketAcl";
var _GBC = "GetBucketCors";
var _GBCO = "GetBucketCorsOutput";
var _GBCR = "GetBucketCorsRequest";
var _GBE = "GetBucketEncryption";
var _GBEO = "GetBucketEncryptionOutput";
var _GBER = "GetBucketEncryptionRequest";
var _GBIC = "GetBucketInventoryConfiguration";
var _GBICO = "GetBucketInventoryConfigurationOutput";
var _GBICR = "GetBucketInventoryConfigurationRequest";
var _GBITC = "GetBucketIntelligentTieringConfiguration";
var _GBITCO = "GetBucketIntelligentTieringConfigurationOutput";
var _GBITCR = "GetBucketIntelligentTieringConfigurationRequest";
var _GBL = "GetBucketLocation";
var _GBLC = "GetBucketLifecycleConfiguration";
var _GBLCO = "GetBucketLifecycleConfigurationOutput";
var _GBLCR = "GetBucketLifecycleConfigurationRequest";
var _GBLO = "GetBucketLocationOutput";
var _GBLOe = "GetBucketLoggingOutput";
var _GBLR = "GetBucketLocationRequest";
var _GBLRe = "GetBucketLoggingRequest";
var _GBLe = "GetBucketLogging";
var _GBMC = "GetBucketMetadataConfiguration";
var _GBMCO = "GetBucketMetadataConfigurationOutput";
var _GBMCOe = "GetBucketMetricsConfigurationOutput";
var _GBMCR = "GetBucketMetadataConfigurationResult";
var _GBMCRe = "GetBucketMetadataConfigurationRequest";
var _GBMCRet = "GetBucketMetricsConfigurationRequest";
var _GBMCe = "GetBucketMetricsConfiguration";
var _GBMTC = "GetBucketMetadataTableConfiguration";
var _GBMTCO = "GetBucketMetadataTableConfigurationOutput";
var _GBMTCR = "GetBucketMetadataTableConfigurationResult";
var _GBMTCRe = "GetBucketMetadataTableConfigurationRequest";
var _GBNC = "GetBucketNotificationConfiguration";
var _GBNCR = "GetBucketNotificationConfigurationRequest";
var _GBOC = "GetBucketOwnershipControls";
var _GBOCO = "GetBucketOwnershipControlsOutput";
var _GBOCR = "GetBucketOwnershipControlsRequest";
var _GBP = "GetBucketPolicy";
var _GBPO = "GetBucketPolicyOutput";
var _GBPR = "GetBucketPolicyRequest";
var _GBPS = "GetBucketPolicyStatus";
var _GBPSO = "GetBucketPolicyStatusOutput";
var _GBPSR = "GetBucketPolicyStatusRequest";
var _GBR = "GetBucketReplication";
var _GBRO = "GetBucketReplicationOutput";
var _GBRP = "GetBucketRequestPayment";
var _GBRPO = "GetBucketRequestPaymentOutput";
var _GBRPR = "GetBucketRequestPaymentRequest";
var _GBRR = "GetBucketReplicationRequest";
var _GBT = "GetBucketTagging";
var _GBTO = "GetBucketTaggingOutput";
var _GBTR = "GetBucketTaggingRequest";
var _GBV = "GetBucketVersioning";
var _GBVO = "GetBucketVersioningOutput";
var _GBVR = "GetBucketVersioningRequest";
var _GBW = "GetBucketWebsite";
var _GBWO = "GetBucketWebsiteOutput";
var _GBWR = "GetBucketWebsiteRequest";
var _GFC = "GrantFullControl";
var _GJP = "GlacierJobParameters";
var _GO = "GetObject";
var _GOA = "GetObjectAcl";
var _GOAO = "GetObjectAclOutput";
var _GOAOe = "GetObjectAnnotationOutput";
var _GOAOet = "GetObjectAttributesOutput";
var _GOAP = "GetObjectAttributesParts";
var _GOAR = "GetObjectAclRequest";
var _GOARe = "GetObjectAnnotationRequest";
var _GOARet = "GetObjectAttributesResponse";
var _GOARetb = "GetObjectAttributesRequest";
var _GOAe = "GetObjectAnnotation";
var _GOAet = "GetObjectAttributes";
var _GOLC = "GetObjectLockConfiguration";
var _GOLCO = "GetObjectLockConfigurationOutput";
var _GOLCR = "GetObjectLockConfigurationRequest";
var _GOLH = "GetObjectLegalHold";
var _GOLHO = "GetObjectLegalHoldOutput";
var _GOLHR = "GetObjectLegalHoldRequest";
var _GOO = "GetObjectOutput";
var _GOR = "GetObjectRequest";
var _GORO = "GetObjectRetentionOutput";
var _GORR = "GetObjectRetentionRequest";
var _GORe = "GetObjectRetention";
var _GOT = "GetObjectTagging";
var _GOTO = "GetObjectTaggingOutput";
var _GOTOe = "GetObjectTorrentOutput";
var _GOTR = "GetObjectTaggingRequest";
var _GOTRe = "GetObjectTorrentRequest";
var _GOTe = "GetObjectTorrent";
var _GPAB = "GetPublicAccessBlock";
var _GPABO = "GetPublicAccessBlockOutput";
var _GPABR = "GetPublicAccessBlockRequest";
var _GR = "GrantRead";
var _GRACP = "GrantReadACP";
var _GW = "GrantWrite";
var _GWACP = "GrantWriteACP";
var _Gr = "Grant";
var _Gra = "Grantee";
var _HB = "HeadBucket";
var _HBO = "HeadBucketOutput";
var _HBR = "HeadBucketRequest";
var _HECRE = "HttpErrorCodeReturnedEquals";
var _HN = "HostName";
var _HO = "HeadObject";
var _HOO = "HeadObjectOutput";
var _HOR = "HeadObjectRequest";
var _HRC = "HttpRedirectCode";
var _I = "Id";
var _IAN = "InvalidAnnotationName";
var _IC = "InventoryConfiguration";
var _ICL = "InventoryConfigurationList";
var _ID = "ID";
var _IDn = "IndexDocument";
var _IDnv = "InventoryDestination";
var _IE = "IsEnabled";
var _IEn = "InventoryEncryption";
var _IF = "InventoryFilter";
var _IL = "IsLatest";
var _IM = "IfMatch";
var _IMIT = "IfMatchInitiatedTime";
var _IMLMT = "IfMatchLastModifiedTime";
var _IMS = "IfMatchSize";
var _IMS_ = "If-Modified-Since";
var _IMSf = "IfModifiedSince";
var _IMUR = "InitiateMultipartUploadResult";
var _IM_ = "If-Match";
var _INM = "IfNoneMatch";
var _INM_ = "If-None-Match";
var _IOF = "InventoryOptionalFields";
var _IOS = "InvalidObjectState";
var _IOV = "IncludedObjectVersions";
var _IP = "InvalidPrefix";
var _IPA = "IgnorePublicAcls";
var _IPM = "IdempotencyParameterMismatch";
var _IPs = "IsPublic";
var _IR = "InvalidRequest";
var _IRIP = "IsRestoreInProgress";
var _IS = "InputSerialization";
var _ISBD = "InventoryS3BucketDestination";
var _ISn = "InventorySchedule";
var _IT = "IsTruncated";
var _ITAO = "IntelligentTieringAndOperator";
var _ITC = "IntelligentTieringConfiguration";
var _ITCL = "IntelligentTieringConfigurationList";
var _ITCR = "InventoryTableConfigurationResult";
var _ITCU = "InventoryTableConfigurationUpdates";
var _ITCn = "InventoryTableConfiguration";
var _ITF = "IntelligentTieringFilter";
var _IUS = "IfUnmodifiedSince";
var _IUS_ = "If-Unmodified-Since";
var _IWO = "InvalidWriteOffset";
var _In = "Initiator";
var _Ini = "Initiated";
var _JSON = "JSON";
var _JSONI = "JSONInput";
var _JSONO = "JSONOutput";
var _JTC = "JournalTableConfiguration";
var _JTCR = "JournalTableConfigurationResult";
var _JTCU = "JournalTableConfigurationUpdates";
var _K = "Key";
var _KC = "KeyCount";
var _KI = "KeyId";
var _KKA = "KmsKeyArn";
var _KM = "KeyMarker";
var _KMSC = "KMSContext";
var _KMSKA = "KMSKeyArn";
var _KMSKI = "KMSKeyId";
var _KMSMKID = "KMSMasterKeyID";
var _KPE = "KeyPrefixEquals";
var _L = "Location";
var _LAMBR = "ListAllMyBucketsResult";
var _LAMDBR = "ListAllMyDirectoryBucketsResult";
var _LB = "ListBuckets";
var _LBAC = "ListBucketAnalyticsConfigurations";
var _LBACO = "ListBucketAnalyticsConfigurationsOutput";
var _LBACR = "ListBucketAnalyticsConfigurationResult";
var _LBACRi = "ListBucketAnalyticsConfigurationsRequest";
var _LBIC = "ListBucketInventoryConfigurations";
var _LBICO = "ListBucketInventoryConfigurationsOutput";
var _LBICR = "ListBucketInventoryConfigurationsRequest";
var _LBITC = "ListBucketIntelligentTieringConfigurations";
var _LBITCO = "ListBucketIntelligentTieringConfigurationsOutput";
var _LBITCR = "ListBucketIntelligentTieringConfigurationsRequest";
var _LBMC = "ListBucketMetricsConfigurations";
var _LBMCO = "ListBucketMetricsConfigurationsOutput";
var _LBMCR = "ListBucketMetricsConfigurationsRequest";
var _LBO = "ListBucketsOutput";
var _LBR = "ListBucketsRequest";
var _LBRi = "ListBucketResult";
var _LC = "LocationConstraint";
var _LCi = "LifecycleConfiguration";
var _LDB = "ListDirectoryBuckets";
var _LDBO = "ListDirectoryBucketsOutput";
var _LDBR = "ListDirectoryBucketsRequest";
var _LE = "LoggingEnabled";
var _LEi = "LifecycleExpiration";
var _LFA = "LambdaFunctionArn";
var _LFC = "LambdaFunctionConfiguration";
var _LFCL = "LambdaFunctionConfigurationList";
var _LFCa = "LambdaFunctionConfigurations";
var _LH = "LegalHold";
var _LI = "LocationInfo";
var _LICR = "ListInventoryConfigurationsResult";
var _LM = "LastModified";
var _LMCR = "ListMetricsConfigurationsResult";
var _LMT = "LastModifiedTime";
var _LMU = "ListMultipartUploads";
var _LMUO = "ListMultipartUploadsOutput";
var _LMUR = "ListMultipartUploadsResult";
var _LMURi = "ListMultipartUploadsRequest";
var _LM_ = "Last-Modified";
var _LO = "ListObjects";
var _LOA = "ListObjectAnnotations";
var _LOAO = "ListObjectAnnotationsOutput";
var _LOAR = "ListObjectAnnotationsRequest";
var _LOO = "ListObjectsOutput";
var _LOR = "ListObjectsRequest";
var _LOV = "ListObjectsV2";
var _LOVO = "ListObjectsV2Output";
var _LOVOi = "ListObjectVersionsOutput";
var _LOVR = "ListObjectsV2Request";
var _LOVRi = "ListObjectVersionsRequest";
var _LOVi = "ListObjectVersions";
var _LP = "ListParts";
var _LPO = "ListPartsOutput";
var _LPR = "ListPartsResult";
var _LPRi = "ListPartsRequest";
var _LR = "LifecycleRule";
var _LRAO = "LifecycleRuleAndOperator";
var _LRF = "LifecycleRuleFilter";
var _LRi = "LifecycleRules";
var _LVR = "ListVersionsResult";
var _M = "Metadata";
var _MAO = "MetricsAndOperator";
var _MAR = "MaxAnnotationResults";
var _MAS = "MaxAgeSeconds";
var _MB = "MaxBuckets";
var _MC = "MetadataConfiguration";
var _MCL = "MetricsConfigurationList";
var _MCR = "MetadataConfigurationResult";
var _MCe = "MetricsConfiguration";
var _MD = "MetadataDirective";
var _MDB = "MaxDirectoryBuckets";
var _MDf = "MfaDelete";
var _ME = "MetadataEntry";
var _MF = "MetricsFilter";
var _MFA = "MFA";
var _MFAD = "MFADelete";
var _MK = "MaxKeys";
var _MM = "MissingMeta";
var _MOS = "MpuObjectSize";
var _MP = "MaxParts";
var _MTC = "MetadataTableConfiguration";
var _MTCR = "MetadataTableConfigurationResult";
var _MTEC = "MetadataTableEncryptionConfiguration";
var _MU = "MultipartUpload";
var _MUL = "MultipartUploadList";
var _MUa = "MaxUploads";
var _Ma = "Marker";
var _Me = "Metrics";
var _Mes = "Message";
var _Mi = "Minutes";
var _Mo = "Mode";
var _N = "Name";
var _NC = "NotificationConfiguration";
var _NCF = "NotificationConfigurationFilter";
var _NCT = "NextContinuationToken";
var _ND = "NoncurrentDays";
var _NEKKAS = "NonEmptyKmsKeyArnString";
var _NF = "NotFound";
var _NKM = "NextKeyMarker";
var _NM = "NextMarker";
var _NNV = "NewerNoncurrentVersions";
var _NPNM = "NextPartNumberMarker";
var _NSA = "NoSuchAnnotation";
var _NSB = "NoSuchBucket";
var _NSK = "NoSuchKey";
var _NSU = "NoSuchUpload";
var _NUIM = "NextUploadIdMarker";
var _NVE = "NoncurrentVersionExpiration";
var _NVIM = "NextVersionIdMarker";
var _NVT = "NoncurrentVersionTransitions";
var _NVTL = "NoncurrentVersionTransitionList";
var _NVTo = "NoncurrentVersionTransition";
var _No = "Not";
var _O = "Owner";
var _OA = "ObjectAttributes";
var _OAIATE = "ObjectAlreadyInActiveTierError";
var _OC = "OwnershipControls";
var _OCR = "OwnershipControlsRule";
var _OCRw = "OwnershipControlsRules";
var _OE = "ObjectEncryption";
var _OF = "OptionalFields";
var _OI = "ObjectIdentifier";
var _OIL = "ObjectIdentifierList";
var _OIM = "ObjectIfMatch";
var _OL = "OutputLocation";
var _OLC = "ObjectLockConfiguration";
var _OLE = "ObjectLockEnabled";
var _OLEFB = "ObjectLockEnabledForBucket";
var _OLEH = "ObjectLockEventHold";
var _OLEHDD = "ObjectLockEventHoldDurationDays";
var _OLEHDY = "ObjectLockEventHoldDurationYears";
var _OLLH = "ObjectLockLegalHold";
var _OLLHS = "ObjectLockLegalHoldStatus";
var _OLM = "ObjectLockMode";
var _OLR = "ObjectLockRetention";
var _OLRUD = "ObjectLockRetainUntilDate";
var _OLRb = "ObjectLockRule";
var _OLb = "ObjectList";
var _ONIATE = "ObjectNotInActiveTierError";
var _OO = "ObjectOwnership";
var _OOA = "OptionalObjectAttributes";
var _OP = "ObjectParts";
var _OPb = "ObjectPart";
var _OS = "ObjectSize";
var _OSGT = "ObjectSizeGreaterThan";
var _OSLT = "ObjectSizeLessThan";
var _OSV = "OutputSchemaVersion";
var _OSu = "OutputSerialization";
var _OV = "ObjectVersion";
var _OVI = "ObjectVersionId";
var _OVL = "ObjectVersionList";
var _Ob = "Objects";
var _Obj = "Object";
var _Or = "Or";
var _P = "Prefix";
var _PABC = "PublicAccessBlockConfiguration";
var _PBA = "PutBucketAbac";
var _PBAC = "PutBucketAccelerateConfiguration";
var _PBACR = "PutBucketAccelerateConfigurationRequest";
var _PBACRu = "PutBucketAnalyticsConfigurationRequest";
var _PBACu = "PutBucketAnalyticsConfiguration";
var _PBAR = "PutBucketAbacRequest";
var _PBARu = "PutBucketAclRequest";
var _PBAu = "PutBucketAcl";
var _PBC = "PutBucketCors";
var _PBCR = "PutBucketCorsRequest";
var _PBE = "PutBucketEncryption";
var _PBER = "PutBucketEncryptionRequest";
var _PBIC = "PutBucketInventoryConfiguration";
var _PBICR = "PutBucketInventoryConfigurationRequest";
var _PBITC = "PutBucketIntelligentTieringConfiguration";
var _PBITCR = "PutBucketIntelligentTieringConfigurationRequest";
var _PBL = "PutBucketLogging";
var _PBLC = "PutBucketLifecycleConfiguration";
var _PBLCO = "PutBucketLifecycleConfigurationOutput";
var _PBLCR = "PutBucketLifecycleConfigurationRequest";
var _PBLR = "PutBucketLoggingRequest";
var _PBMC = "PutBucketMetricsConfiguration";
var _PBMCR = "PutBucketMetricsConfigurationRequest";
var _PBNC = "PutBucketNotificationConfiguration";
var _PBNCR = "PutBucketNotificationConfigurationRequest";
var _PBOC = "PutBucketOwnershipControls";
var _PBOCR = "PutBucketOwnershipControlsRequest";
var _PBP = "PutBucketPolicy";
var _PBPR = "PutBucketPolicyRequest";
var _PBR = "PutBucketReplication";
var _PBRP = "PutBucketRequestPayment";
var _PBRPR = "PutBucketRequestPaymentRequest";
var _PBRR = "PutBucketReplicationRequest";
var _PBT = "PutBucketTagging";
var _PBTR = "PutBucketTaggingRequest";
var _PBV = "PutBucketVersioning";
var _PBVR = "PutBucketVersioningRequest";
var _PBW = "PutBucketWebsite";
var _PBWR = "PutBucketWebsiteRequest";
var _PC = "PartsCount";
var _PDS = "PartitionDateSource";
var _PE = "ProgressEvent";
var _PI = "ParquetInput";
var _PL = "PartsList";
var _PN = "PartNumber";
var _PNM = "PartNumberMarker";
var _PO = "PutObject";
var _POA = "PutObjectAcl";
var _POAO = "PutObjectAclOutput";
var _POAOu = "PutObjectAnnotationOutput";
var _POAR = "PutObjectAclRequest";
var _POARu = "PutObjectAnnotationRequest";
var _POAu = "PutObjectAnnotation";
var _POLC = "PutObjectLockConfiguration";
var _POLCO = "PutObjectLockConfigurationOutput";
var _POLCR = "PutObjectLockConfigurationRequest";
var _POLH = "PutObjectLegalHold";
var _POLHO = "PutObjectLegalHoldOutput";
var _POLHR = "PutObjectLegalHoldRequest";
var _POO = "PutObjectOutput";
var _POR = "PutObjectRequest";
var _PORO = "PutObjectRetentionOutput";
var _PORR = "PutObjectRetentionRequest";
var _PORu = "PutObjectRetention";
var _POT = "PutObjectTagging";
var _POTO = "PutObjectTaggingOutput";
var _POTR = "PutObjectTaggingRequest";
var _PP = "PartitionedPrefix";
var _PPAB = "PutPublicAccessBlock";
var _PPABR = "PutPublicAccessBlockRequest";
var _PS = "PolicyStatus";
var _Pa = "Parts";
var _Par = "Part";
var _Parq = "Parquet";
var _Pay = "Payer";
var _Payl = "Payload";
var _Pe = "Permission";
var _Po = "Policy";
var _Pr = "Progress";
var _Pre = "Prefixes";
var _Pri = "Priority";
var _Pro = "Protocol";
var _Q = "Quiet";
var _QA = "QueueArn";
var _QC = "QuoteCharacter";
var _QCL = "QueueConfigurationList";
var _QCu = "QueueConfigurations";
var _QCue = "QueueConfiguration";
var _QEC = "QuoteEscapeCharacter";
var _QF = "QuoteFields";
var _Qu = "Queue";
var _R = "Role";
var _RART = "RedirectAllRequestsTo";
var _RC = "RequestCharged";
var _RCC = "ResponseCacheControl";
var _RCD = "ResponseContentDisposition";
var _RCE = "ResponseContentEncoding";
var _RCL = "ResponseContentLanguage";
var _RCT = "ResponseContentType";
var _RCe = "ReplicationConfiguration";
var _RD = "RecordDelimiter";
var _RE = "ResponseExpires";
var _RED = "RestoreExpiryDate";
var _REe = "RecordExpiration";
var _REec = "RecordsEvent";
var _RKKID = "ReplicaKmsKeyID";
var _RKPW = "ReplaceKeyPrefixWith";
var _RKW = "ReplaceKeyWith";
var _RM = "ReplicaModifications";
var _RO = "RenameObject";
var _ROO = "RenameObjectOutput";
var _ROOe = "RestoreObjectOutput";
var _ROP = "RestoreOutputPath";
var _ROR = "RenameObjectRequest";
var _RORe = "RestoreObjectRequest";
var _ROe = "RestoreObject";
var _RP = "RequestPayer";
var _RPB = "RestrictPublicBuckets";
var _RPC = "RequestPaymentConfiguration";
var _RPL = "ReplicationPrefixList";
var _RPe = "RequestProgress";
var _RR = "RoutingRules";
var _RRAO = "ReplicationRuleAndOperator";
var _RRF = "ReplicationRuleFilter";
var _RRNO = "ReplicationRuleNotOperator";
var _RROO = "ReplicationRuleOrOperator";
var _RRe = "ReplicationRule";
var _RRep = "ReplicationRules";
var _RReq = "RequestRoute";
var _RRes = "RestoreRequest";
var _RRo = "RoutingRule";
var _RS = "ReplicationStatus";
var _RSe = "RestoreStatus";
var _RSen = "RenameSource";
var _RT = "ReplicationTime";
var _RTV = "ReplicationTimeValue";
var _RTe = "RequestToken";
var _RUD = "RetainUntilDate";
var _Ra = "Range";
var _Re = "Restore";
var _Rec = "Records";
var _Red = "Redirect";
var _Ret = "Retention";
var _Ru = "Rules";
var _Rul = "Rule";
var _S = "Status";
var _SA = "StartAfter";
var _SAK = "SecretAccessKey";
var _SAs = "SseAlgorithm";
var _SB = "StreamingBlob";
var _SBD = "S3BucketDestination";
var _SC = "StorageClass";
var _SCA = "StorageClassAnalysis";
var _SCADE = "StorageClassAnalysisDataExport";
var _SCV = "SessionCredentialValue";
var _SCe = "SessionCredentials";
var _SCt = "StatusCode";
var _SDV = "SkipDestinationValidation";
var _SE = "StatsEvent";
var _SIM = "SourceIfMatch";
var _SIMS = "SourceIfModifiedSince";
var _SINM = "SourceIfNoneMatch";
var _SIUS = "SourceIfUnmodifiedSince";
var _SK = "SSE-KMS";
var _SKEO = "SseKmsEncryptedObjects";
var _SKF = "S3KeyFilter";
var _SKe = "S3Key";
var _SL = "S3Location";
var _SM = "SessionMode";
var _SOC = "SelectObjectContent";
var _SOCES = "SelectObjectContentEventStream";
var _SOCO = "SelectObjectContentOutput";
var _SOCR = "SelectObjectContentRequest";
var _SP = "SelectParameters";
var _SPi = "SimplePrefix";
var _SR = "ScanRange";
var _SS = "SSE-S3";
var _SSC = "SourceSelectionCriteria";
var _SSE = "ServerSideEncryption";
var _SSEA = "SSEAlgorithm";
var _SSEBD = "ServerSideEncryptionByDefault";
var _SSEC = "ServerSideEncryptionConfiguration";
var _SSECA = "SSECustomerAlgorithm";
var _SSECK = "SSECustomerKey";
var _SSECKMD = "SSECustomerKeyMD5";
var _SSEKMS = "SSEKMS";
var _SSEKMSE = "SSEKMSEncryption";
var _SSEKMSEC = "SSEKMSEncryptionContext";
var _SSEKMSKI = "SSEKMSKeyId";
var _SSER = "ServerSideEncryptionRule";
var _SSERe = "ServerSideEncryptionRules";
var _SSES = "SSES3";
var _ST = "SessionToken";
var _STD = "S3TablesDestination";
var _STDR = "S3TablesDestinationResult";
var _S_ = "S3";
var _Sc = "Schedule";
var _Si = "Size";
var _St = "Start";
var _Sta = "Stats";
var _Su = "Suffix";
var _T = "Tags";
var _TA = "TableArn";
var _TAo = "TopicArn";
var _TB = "TargetBucket";
var _TBA = "TableBucketArn";
var _TBT = "TableBucketType";
var _TC = "TagCount";
var _TCL = "TopicConfigurationList";
var _TCo = "TopicConfigurations";
var _TCop = "TopicConfiguration";
var _TD = "TaggingDirective";
var _TDMOS = "TransitionDefaultMinimumObjectSize";
var _TG = "TargetGrants";
var _TGa = "TargetGrant";
var _TL = "TieringList";
var _TLr = "TransitionList";
var _TMP = "TooManyParts";
var _TN = "TableName";
var _TNa = "TableNamespace";
var _TOKF = "TargetObjectKeyFormat";
var _TP = "TargetPrefix";
var _TPC = "TotalPartsCount";
var _TS = "TableStatus";
var _TSa = "TagSet";
var _Ta = "Tag";
var _Tag = "Tagging";
var _Ti = "Tier";
var _Tie = "Tierings";
var _Tier = "Tiering";
var _Tim = "Time";
var _To = "Token";
var _Top = "Topic";
var _Tr = "Transitions";
var _Tra = "Transition";
var _Ty = "Type";
var _U = "Uploads";
var _UBMATC = "UpdateBucketMetadataAnnotationTableConfiguration";
var _UBMATCR = "UpdateBucketMetadataAnnotationTableConfigurationRequest";
var _UBMITC = "UpdateBucketMetadataInventoryTableConfiguration";
var _UBMITCR = "UpdateBucketMetadataInventoryTableConfigurationRequest";
var _UBMJTC = "UpdateBucketMetadataJournalTableConfiguration";
var _UBMJTCR = "UpdateBucketMetadataJournalTableConfigurationRequest";
var _UI = "UploadId";
var _UIM = "UploadIdMarker";
var _UM = "UserMetadata";
var _UMT = "UnsupportedMediaType";
var _UOE = "UpdateObjectEncryption";
var _UOER = "UpdateObjectEncryptionRequest";
var _UOERp = "UpdateObjectEncryptionResponse";
var _UP = "UploadPart";
var _UPC = "UploadPartCopy";
var _UPCO = "UploadPartCopyOutput";
var _UPCR = "UploadPartCopyRequest";
var _UPO = "UploadPartOutput";
var _UPR = "UploadPartRequest";
var _URI = "URI";
var _USMRK = "UseSourceMultiRegionKey";
var _Up = "Upload";
var _V = "Value";
var _VC = "VersioningConfiguration";
var _VI = "VersionId";
var _VIM = "VersionIdMarker";
var _Ve = "Versions";
var _Ver = "Version";
var _WC = "WebsiteConfiguration";
var _WGOR = "WriteGetObjectResponse";
var _WGORR = "WriteGetObjectResponseRequest";
var _WOB = "WriteOffsetBytes";
var _WRL = "WebsiteRedirectLocation";
var _Y = "Years";
var _aN = "annotationName";
var _ap = "annotation-prefix";
var _ar = "accept-ranges";
var _br = "bucket-region";
var _c = "client";
var _ct = "continuation-token";
var _d = "delimiter";
var _e = "error";
var _eP = "eventPayload";
var _en = "endpoint";
var _et = "encoding-type";
var _fo = "fetch-owner";
var _h = "http";
var _hC = "httpChecksum";
var _hE = "httpError";
var _hH = "httpHeader";
var _hL = "hostLabel";
var _hP = "httpPayload";
var _hPH = "httpPrefixHeaders";
var _hQ = "httpQuery";
var _hi = "http://www.w3.org/2001/XMLSchema-instance";
var _i = "id";
var _iT = "idempotencyToken";
var _km = "key-marker";
var _m = "marker";
var _mar = "max-annotation-results";
var _mb = "max-buckets";
var _mdb = "max-directory-buckets";
var _mk = "max-keys";
var _mp = "max-parts";
var _mu = "max-uploads";
var _p = "prefix";
var _pN = "partNumber";
var _pnm = "part-number-marker";
var _rcc = "response-cache-control";
var _rcd = "response-content-disposition";
var _rce = "response-content-encoding";
var _rcl = "response-content-language";
var _rct = "response-content-type";
var _re = "response-expires";
var _s = "smithy.ts.sdk.synthetic.com.amazonaws.s3";
var _sa = "start-after";
var _st = "streaming";
var _uI = "uploadId";
var _uim = "upload-id-marker";
var _vI = "versionId";
var _vim = "version-id-marker";
var _x = "xsi";
var _xA = "xmlAttribute";
var _xF = "xmlFlattened";
var _xN = "xmlName";
var _xNm = "xmlNamespace";
var _xaa = "x-amz-acl";
var _xaad = "x-amz-abort-date";
var _xaapa = "x-amz-access-point-alias";
var _xaari = "x-amz-abort-rule-id";
var _xaas = "x-amz-archive-status";
var _xaba = "x-amz-bucket-arn";
var _xabgr = "x-amz-bypass-governance-retention";
var _xabln = "x-amz-bucket-location-name";
var _xablt = "x-amz-bucket-location-type";
var _xabn = "x-amz-bucket-namespace";
var _xabole = "x-amz-bucket-object-lock-enabled";
var _xabolt = "x-amz-bucket-object-lock-token";
var _xabr = "x-amz-bucket-region";
var _xaca = "x-amz-checksum-algorithm";
var _xacc = "x-amz-checksum-crc32";
var _xacc_ = "x-amz-checksum-crc32c";
var _xacc__ = "x-amz-checksum-crc64nvme";
var _xacm = "x-amz-checksum-md5";
var _xacm_ = "x-amz-checksum-mode";
var _xacrsba = "x-amz-confirm-remove-self-bucket-access";
var _xacs = "x-amz-checksum-sha1";
var _xacs_ = "x-amz-checksum-sha256";
var _xacs__ = "x-amz-checksum-sha512";
var _xacs___ = "x-amz-copy-source";
var _xacsim = "x-amz-copy-source-if-match";
var _xacsims = "x-amz-copy-source-if-modified-since";
var _xacsinm = "x-amz-copy-source-if-none-match";
var _xacsius = "x-amz-copy-source-if-unmodified-since";
var _xacsm = "x-amz-create-session-mode";
var _xacsr = "x-amz-copy-source-range";
var _xacssseca = "x-amz-copy-source-server-side-encryption-customer-algorithm";
var _xacssseck = "x-amz-copy-source-server-side-encryption-customer-key";
var _xacssseckM = "x-amz-copy-source-server-side-encryption-customer-key-MD5";
var _xacsvi = "x-amz-copy-source-version-id";
var _xact = "x-amz-checksum-type";
var _xact_ = "x-amz-client-token";
var _xacx = "x-amz-checksum-xxhash64";
var _xacx_ = "x-amz-checksum-xxhash3";
var _xacx__ = "x-amz-checksum-xxhash128";
var _xadm = "x-amz-delete-marker";
var _xae = "x-amz-expiration";
var _xaebo = "x-amz-expected-bucket-owner";
var _xafec = "x-amz-fwd-error-code";
var _xafem = "x-amz-fwd-error-message";
var _xafhCC = "x-amz-fwd-header-Cache-Control";
var _xafhCD = "x-amz-fwd-header-Content-Disposition";
var _xafhCE = "x-amz-fwd-header-Content-Encoding";
var _xafhCL = "x-amz-fwd-header-Content-Language";
var _xafhCR = "x-amz-fwd-header-Content-Range";
var _xafhCT = "x-amz-fwd-header-Content-Type";
var _xafhE = "x-amz-fwd-header-ETag";
var _xafhE_ = "x-amz-fwd-header-Expires";
var _xafhLM = "x-amz-fwd-header-Last-Modified";
var _xafhar = "x-amz-fwd-header-accept-ranges";
var _xafhxacc = "x-amz-fwd-header-x-amz-checksum-crc32";
var _xafhxacc_ = "x-amz-fwd-header-x-amz-checksum-crc32c";
var _xafhxacc__ = "x-amz-fwd-header-x-amz-checksum-crc64nvme";
var _xafhxacm = "x-amz-fwd-header-x-amz-checksum-md5";
var _xafhxacs = "x-amz-fwd-header-x-amz-checksum-sha1";
var _xafhxacs_ = "x-amz-fwd-header-x-amz-checksum-sha256";
var _xafhxacs__ = "x-amz-fwd-header-x-amz-checksum-sha512";
var _xafhxacx = "x-amz-fwd-header-x-amz-checksum-xxhash64";
var _xafhxacx_ = "x-amz-fwd-header-x-amz-checksum-xxhash3";
var _xafhxacx__ = "x-amz-fwd-header-x-amz-checksum-xxhash128";
var _xafhxadm = "x-amz-fwd-header-x-amz-delete-marker";
var _xafhxae = "x-amz-fwd-header-x-amz-expiration";
var _xafhxamm = "x-amz-fwd-header-x-amz-missing-meta";
var _xafhxampc = "x-amz-fwd-header-x-amz-mp-parts-count";
var _xafhxaollh = "x-amz-fwd-header-x-amz-object-lock-legal-hold";
var _xafhxaolm = "x-amz-fwd-header-x-amz-object-lock-mode";
var _xafhxaolrud = "x-amz-fwd-header-x-amz-object-lock-retain-until-date";
var _xafhxar = "x-amz-fwd-header-x-amz-restore";
var _xafhxarc = "x-amz-fwd-header-x-amz-request-charged";
var _xafhxars = "x-amz-fwd-header-x-amz-replication-status";
var _xafhxasc = "x-amz-fwd-header-x-amz-storage-class";
var _xafhxasse = "x-amz-fwd-header-x-amz-server-side-encryption";
var _xafhxasseakki = "x-amz-fwd-header-x-amz-server-side-encryption-aws-kms-key-id";
var _xafhxassebke = "x-amz-fwd-header-x-amz-server-side-encryption-bucket-key-enabled";
var _xafhxasseca = "x-amz-fwd-header-x-amz-server-side-encryption-customer-algorithm";
var _xafhxasseckM = "x-amz-fwd-header-x-amz-server-side-encryption-customer-key-MD5";
var _xafhxatc = "x-amz-fwd-header-x-amz-tagging-count";
var _xafhxavi = "x-amz-fwd-header-x-amz-version-id";
var _xafs = "x-amz-fwd-status";
var _xagfc = "x-amz-grant-full-control";
var _xagr = "x-amz-grant-read";
var _xagra = "x-amz-grant-read-acp";
var _xagw = "x-amz-grant-write";
var _xagwa = "x-amz-grant-write-acp";
var _xaimit = "x-amz-if-match-initiated-time";
var _xaimlmt = "x-amz-if-match-last-modified-time";
var _xaims = "x-amz-if-match-size";
var _xam = "x-amz-meta-";
var _xam_ = "x-amz-mfa";
var _xamd = "x-amz-metadata-directive";
var _xamm = "x-amz-missing-meta";
var _xamos = "x-amz-mp-object-size";
var _xamp = "x-amz-max-parts";
var _xampc = "x-amz-mp-parts-count";
var _xaoa = "x-amz-object-attributes";
var _xaoad = "x-amz-object-annotation-directive";
var _xaoim = "x-amz-object-if-match";
var _xaoleh = "x-amz-object-lock-event-hold";
var _xaolehdd = "x-amz-object-lock-event-hold-duration-days";
var _xaolehdy = "x-amz-object-lock-event-hold-duration-years";
var _xaollh = "x-amz-object-lock-legal-hold";
var _xaolm = "x-amz-object-lock-mode";
var _xaolrud = "x-amz-object-lock-retain-until-date";
var _xaoo = "x-amz-object-ownership";
var _xaooa = "x-amz-optional-object-attributes";
var _xaos = "x-amz-object-size";
var _xaovi = "x-amz-object-version-id";
var _xapnm = "x-amz-part-number-marker";
var _xar = "x-amz-restore";
var _xarc = "x-amz-request-charged";
var _xarop = "x-amz-restore-output-path";
var _xarp = "x-amz-request-payer";
var _xarr = "x-amz-request-route";
var _xars = "x-amz-replication-status";
var _xars_ = "x-amz-rename-source";
var _xarsim = "x-amz-rename-source-if-match";
var _xarsims = "x-amz-rename-source-if-modified-since";
var _xarsinm = "x-amz-rename-source-if-none-match";
var _xarsius = "x-amz-rename-source-if-unmodified-since";
var _xart = "x-amz-request-token";
var _xasc = "x-amz-storage-class";
var _xasca = "x-amz-sdk-checksum-algorithm";
var _xasdv = "x-amz-skip-destination-validation";
var _xasebo = "x-amz-source-expected-bucket-owner";
var _xasse = "x-amz-server-side-encryption";
var _xasseakki = "x-amz-server-side-encryption-aws-kms-key-id";
var _xassebke = "x-amz-server-side-encryption-bucket-key-enabled";
var _xassec = "x-amz-server-side-encryption-context";
var _xasseca = "x-amz-server-side-encryption-customer-algorithm";
var _xasseck = "x-amz-server-side-encryption-customer-key";
var _xasseckM = "x-amz-server-side-encryption-customer-key-MD5";
var _xat = "x-amz-tagging";
var _xatc = "x-amz-tagging-count";
var _xatd = "x-amz-tagging-directive";
var _xatdmos = "x-amz-transition-default-minimum-object-size";
var _xavi = "x-amz-version-id";
var _xawob = "x-amz-write-offset-bytes";
var _xawrl = "x-amz-website-redirect-location";
var _xs = "xsi:type";
var n0 = "com.amazonaws.s3";
var _s_registry = new TypeRegistry(_s);
var S3ServiceException$ = [-3, _s, "S3ServiceException", 0, [], []];
_s_registry.registerError(S3ServiceException$, S3ServiceException);
var n0_registry = new TypeRegistry(n0);
var AccessDenied$ = [
  -3,
  n0,
  _AD,
  { [_e]: _c, [_hE]: 403 },
  [],
  []
];
n0_registry.registerError(AccessDenied$, AccessDenied);
var AnnotationLimitExceeded$ = [
  -3,
  n0,
  _ALE,
  { [_e]: _c, [_hE]: 400 },
  [],
  []
];
n0_registry.registerError(AnnotationLimitExceeded$, AnnotationLimitExceeded);
var AnnotationNameTooLong$ = [
  -3,
  n0,
  _ANTL,
  { [_e]: _c, [_hE]: 400 },
  [],
  []
];
n0_registry.registerError(AnnotationNameTooLong$, AnnotationNameTooLong);
var BucketAlreadyExists$ = [
  -3,
  n0,
  _BAE,
  { [_e]: _c, [_hE]: 409 },
  [],
  []
];
n0_registry.registerError(BucketAlreadyExists$, BucketAlreadyExists);
var BucketAlreadyOwnedByYou$ = [
  -3,
  n0,
  _BAOBY,
  { [_e]: _c, [_hE]: 409 },
  [],
  []
];
n0_registry.registerError(BucketAlreadyOwnedByYou$, BucketAlreadyOwnedByYou);
var EncryptionTypeMismatch$ = [
  -3,
  n0,
  _ETM,
  { [_e]: _c, [_hE]: 400 },
  [],
  []
];
n0_registry.registerError(EncryptionTypeMismatch$, EncryptionTypeMismatch);
var IdempotencyParameterMismatch$ = [
  -3,
  n0,
  _IPM,
  { [_e]: _c, [_hE]: 400 },
  [],
  []
];
n0_registry.registerError(IdempotencyParameterMismatch$, IdempotencyParameterMismatch);
var InvalidAnnotationName$ = [
  -3,
  n0,
  _IAN,
  { [_e]: _c, [_hE]: 400 },
  [],
  []
];
n0_registry.registerError(InvalidAnnotationName$, InvalidAnnotationName);
var InvalidObjectState$ = [
  -3,
  n0,
  _IOS,
  { [_e]: _c, [_hE]: 403 },
  [_SC, _AT],
  [0, 0]
];
n0_registry.registerError(InvalidObjectState$, InvalidObjectState);
var InvalidPrefix$ = [
  -3,
  n0,
  _IP,
  { [_e]: _c, [_hE]: 400 },
  [],
  []
];
n0_registry.registerError(InvalidPrefix$, InvalidPrefix);
var InvalidRequest$ = [
  -3,
  n0,
  _IR,
  { [_e]: _c, [_hE]: 400 },
  [],
  []
];
n0_registry.registerError(InvalidRequest$, InvalidRequest);
var InvalidWriteOffset$ = [
  -3,
  n0,
  _IWO,
  { [_e]: _c, [_hE]: 400 },
  [],
  []
];
n0_registry.registerError(InvalidWriteOffset$, InvalidWriteOffset);
var NoSuchAnnotation$ = [
  -3,
  n0,
  _NSA,
  { [_e]: _c, [_hE]: 404 },
  [],
  []
];
n0_registry.registerError(NoSuchAnnotation$, NoSuchAnnotation);
var NoSuchBucket$ = [
  -3,
  n0,
  _NSB,
  { [_e]: _c, [_hE]: 404 },
  [],
  []
];
n0_registry.registerError(NoSuchBucket$, NoSuchBucket);
var NoSuchKey$ = [
  -3,
  n0,
  _NSK,
  { [_e]: _c, [_hE]: 404 },
  [],
  []
];
n0_registry.registerError(NoSuchKey$, NoSuchKey);
var NoSuchUpload$ = [
  -3,
  n0,
  _NSU,
  { [_e]: _c, [_hE]: 404 },
  [],
  []
];
n0_registry.registerError(NoSuchUpload$, NoSuchUpload);
var NotFound$ = [
  -3,
  n0,
  _NF,
  { [_e]: _c },
  [],
  []
];
n0_registry.registerError(NotFound$, NotFound);
var ObjectAlreadyInActiveTierError$ = [
  -3,
  n0,
  _OAIATE,
  { [_e]: _c, [_hE]: 403 },
  [],
  []
];
n0_registry.registerError(ObjectAlreadyInActiveTierError$, ObjectAlreadyInActiveTierError);
var ObjectNotInActiveTierError$ = [
  -3,
  n0,
  _ONIATE,
  { [_e]: _c, [_hE]: 403 },
  [],
  []
];
n0_registry.registerError(ObjectNotInActiveTierError$, ObjectNotInActiveTierError);
var TooManyParts$ = [
  -3,
  n0,
  _TMP,
  { [_e]: _c, [_hE]: 400 },
  [],
  []
];
n0_registry.registerError(TooManyParts$, TooManyParts);
var UnsupportedMediaType$ = [
  -3,
  n0,
  _UMT,
  { [_e]: _c, [_hE]: 415 },
  [],
  []
];
n0_registry.registerError(UnsupportedMediaType$, UnsupportedMediaType);
var errorTypeRegistries = [
  _s_registry,
  n0_registry
];
var CopySourceSSECustomerKey = [0, n0, _CSSSECK, 8, 0];
var NonEmptyKmsKeyArnString = [0, n0, _NEKKAS, 8, 0];
var SessionCredentialValue = [0, n0, _SCV, 8, 0];
var SSECustomerKey = [0, n0, _SSECK, 8, 0];
var SSEKMSEncryptionContext = [0, n0, _SSEKMSEC, 8, 0];
var SSEKMSKeyId = [0, n0, _SSEKMSKI, 8, 0];
var StreamingBlob = [0, n0, _SB, { [_st]: 1 }, 42];
var AbacStatus$ = [
  3,
  n0,
  _AS,
  0,
  [_S],
  [0]
];
var AbortIncompleteMultipartUpload$ = [
  3,
  n0,
  _AIMU,
  0,
  [_DAI],
  [1]
];
var AbortMultipartUploadOutput$ = [
  3,
  n0,
  _AMUO,
  0,
  [_RC, _VI],
  [[0, { [_hH]: _xarc }], [0, { [_hH]: _xavi }]]
];
var AbortMultipartUploadRequest$ = [
  3,
  n0,
  _AMUR,
  0,
  [_B, _K, _UI, _RP, _EBO, _IMIT],
  [[0, 1], [0, 1], [0, { [_hQ]: _uI }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }], [6, { [_hH]: _xaimit }]],
  3
];
var AccelerateConfiguration$ = [
  3,
  n0,
  _AC,
  0,
  [_S],
  [0]
];
var AccessControlPolicy$ = [
  3,
  n0,
  _ACP,
  0,
  [_G, _O],
  [[() => Grants, { [_xN]: _ACL }], () => Owner$]
];
var AccessControlTranslation$ = [
  3,
  n0,
  _ACT,
  0,
  [_O],
  [0],
  1
];
var AnalyticsAndOperator$ = [
  3,
  n0,
  _AAO,
  0,
  [_P, _T],
  [0, [() => TagSet, { [_xF]: 1, [_xN]: _Ta }]]
];
var AnalyticsConfiguration$ = [
  3,
  n0,
  _ACn,
  0,
  [_I, _SCA, _F],
  [0, () => StorageClassAnalysis$, [() => AnalyticsFilter$, 0]],
  2
];
var AnalyticsExportDestination$ = [
  3,
  n0,
  _AED,
  0,
  [_SBD],
  [() => AnalyticsS3BucketDestination$],
  1
];
var AnalyticsS3BucketDestination$ = [
  3,
  n0,
  _ASBD,
  0,
  [_Fo, _B, _BAI, _P],
  [0, 0, 0, 0],
  2
];
var AnnotationEntry$ = [
  3,
  n0,
  _AE,
  0,
  [_AN, _LM, _Si, _ET, _CA, _RS],
  [0, 4, 1, 0, [64 | 0, { [_xF]: 1 }], 0],
  3
];
var AnnotationTableConfiguration$ = [
  3,
  n0,
  _ATC,
  0,
  [_CS, _EC, _R],
  [0, () => MetadataTableEncryptionConfiguration$, 0],
  1
];
var AnnotationTableConfigurationResult$ = [
  3,
  n0,
  _ATCR,
  0,
  [_CS, _TS, _E, _TN, _TA, _R],
  [0, 0, () => ErrorDetails$, 0, 0, 0],
  1
];
var AnnotationTableConfigurationUpdates$ = [
  3,
  n0,
  _ATCU,
  0,
  [_CS, _EC, _R],
  [0, () => MetadataTableEncryptionConfiguration$, 0],
  1
];
var BlockedEncryptionTypes$ = [
  3,
  n0,
  _BET,
  0,
  [_ETn],
  [[() => EncryptionTypeList, { [_xF]: 1 }]]
];
var Bucket$ = [
  3,
  n0,
  _B,
  0,
  [_N, _CD, _BR, _BA],
  [0, 4, 0, 0]
];
var BucketInfo$ = [
  3,
  n0,
  _BI,
  0,
  [_DR, _Ty],
  [0, 0]
];
var BucketLifecycleConfiguration$ = [
  3,
  n0,
  _BLC,
  0,
  [_Ru],
  [[() => LifecycleRules, { [_xF]: 1, [_xN]: _Rul }]],
  1
];
var BucketLoggingStatus$ = [
  3,
  n0,
  _BLS,
  0,
  [_LE],
  [[() => LoggingEnabled$, 0]]
];
var Checksum$ = [
  3,
  n0,
  _C,
  0,
  [_CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _CT],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
];
var CommonPrefix$ = [
  3,
  n0,
  _CP,
  0,
  [_P],
  [0]
];
var CompletedMultipartUpload$ = [
  3,
  n0,
  _CMU,
  0,
  [_Pa],
  [[() => CompletedPartList, { [_xF]: 1, [_xN]: _Par }]]
];
var CompletedPart$ = [
  3,
  n0,
  _CPo,
  0,
  [_ET, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _PN],
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
];
var CompleteMultipartUploadOutput$ = [
  3,
  n0,
  _CMUO,
  { [_xN]: _CMUR },
  [_L, _B, _K, _Ex, _ET, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _CT, _SSE, _VI, _SSEKMSKI, _BKE, _RC],
  [0, 0, 0, [0, { [_hH]: _xae }], 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, [0, { [_hH]: _xasse }], [0, { [_hH]: _xavi }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [2, { [_hH]: _xassebke }], [0, { [_hH]: _xarc }]]
];
var CompleteMultipartUploadRequest$ = [
  3,
  n0,
  _CMURo,
  0,
  [_B, _K, _UI, _MU, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _CT, _MOS, _RP, _EBO, _IM, _INM, _SSECA, _SSECK, _SSECKMD],
  [[0, 1], [0, 1], [0, { [_hQ]: _uI }], [() => CompletedMultipartUpload$, { [_hP]: 1, [_xN]: _CMUo }], [0, { [_hH]: _xacc }], [0, { [_hH]: _xacc_ }], [0, { [_hH]: _xacc__ }], [0, { [_hH]: _xacs }], [0, { [_hH]: _xacs_ }], [0, { [_hH]: _xacs__ }], [0, { [_hH]: _xacm }], [0, { [_hH]: _xacx }], [0, { [_hH]: _xacx_ }], [0, { [_hH]: _xacx__ }], [0, { [_hH]: _xact }], [1, { [_hH]: _xamos }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _IM_ }], [0, { [_hH]: _INM_ }], [0, { [_hH]: _xasseca }], [() => SSECustomerKey, { [_hH]: _xasseck }], [0, { [_hH]: _xasseckM }]],
  3
];
var Condition$ = [
  3,
  n0,
  _Co,
  0,
  [_HECRE, _KPE],
  [0, 0]
];
var ContinuationEvent$ = [
  3,
  n0,
  _CE,
  0,
  [],
  []
];
var CopyObjectOutput$ = [
  3,
  n0,
  _COO,
  0,
  [_COR, _Ex, _CSVI, _VI, _SSE, _SSECA, _SSECKMD, _SSEKMSKI, _SSEKMSEC, _BKE, _RC],
  [[() => CopyObjectResult$, 16], [0, { [_hH]: _xae }], [0, { [_hH]: _xacsvi }], [0, { [_hH]: _xavi }], [0, { [_hH]: _xasse }], [0, { [_hH]: _xasseca }], [0, { [_hH]: _xasseckM }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [() => SSEKMSEncryptionContext, { [_hH]: _xassec }], [2, { [_hH]: _xassebke }], [0, { [_hH]: _xarc }]]
];
var CopyObjectRequest$ = [
  3,
  n0,
  _CORo,
  0,
  [_B, _CSo, _K, _ACL_, _CC, _CA, _CDo, _CEo, _CL, _CTo, _CSIM, _CSIMS, _CSINM, _CSIUS, _Exp, _GFC, _GR, _GRACP, _GWACP, _IM, _INM, _M, _MD, _TD, _ADn, _SSE, _SC, _WRL, _SSECA, _SSECK, _SSECKMD, _SSEKMSKI, _SSEKMSEC, _BKE, _CSSSECA, _CSSSECK, _CSSSECKMD, _RP, _Tag, _OLM, _OLRUD, _OLLHS, _OLEH, _OLEHDD, _OLEHDY, _EBO, _ESBO],
  [[0, 1], [0, { [_hH]: _xacs___ }], [0, 1], [0, { [_hH]: _xaa }], [0, { [_hH]: _CC_ }], [0, { [_hH]: _xaca }], [0, { [_hH]: _CD_ }], [0, { [_hH]: _CE_ }], [0, { [_hH]: _CL_ }], [0, { [_hH]: _CT_ }], [0, { [_hH]: _xacsim }], [4, { [_hH]: _xacsims }], [0, { [_hH]: _xacsinm }], [4, { [_hH]: _xacsius }], [4, { [_hH]: _Exp }], [0, { [_hH]: _xagfc }], [0, { [_hH]: _xagr }], [0, { [_hH]: _xagra }], [0, { [_hH]: _xagwa }], [0, { [_hH]: _IM_ }], [0, { [_hH]: _INM_ }], [128 | 0, { [_hPH]: _xam }], [0, { [_hH]: _xamd }], [0, { [_hH]: _xatd }], [0, { [_hH]: _xaoad }], [0, { [_hH]: _xasse }], [0, { [_hH]: _xasc }], [0, { [_hH]: _xawrl }], [0, { [_hH]: _xasseca }], [() => SSECustomerKey, { [_hH]: _xasseck }], [0, { [_hH]: _xasseckM }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [() => SSEKMSEncryptionContext, { [_hH]: _xassec }], [2, { [_hH]: _xassebke }], [0, { [_hH]: _xacssseca }], [() => CopySourceSSECustomerKey, { [_hH]: _xacssseck }], [0, { [_hH]: _xacssseckM }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xat }], [0, { [_hH]: _xaolm }], [5, { [_hH]: _xaolrud }], [0, { [_hH]: _xaollh }], [0, { [_hH]: _xaoleh }], [1, { [_hH]: _xaolehdd }], [1, { [_hH]: _xaolehdy }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xasebo }]],
  3
];
var CopyObjectResult$ = [
  3,
  n0,
  _COR,
  0,
  [_ET, _LM, _CT, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe],
  [0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
];
var CopyPartResult$ = [
  3,
  n0,
  _CPR,
  0,
  [_ET, _LM, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe],
  [0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
];
var CORSConfiguration$ = [
  3,
  n0,
  _CORSC,
  0,
  [_CORSR],
  [[() => CORSRules, { [_xF]: 1, [_xN]: _CORSRu }]],
  1
];
var CORSRule$ = [
  3,
  n0,
  _CORSRu,
  0,
  [_AM, _AO, _ID, _AH, _EH, _MAS],
  [[64 | 0, { [_xF]: 1, [_xN]: _AMl }], [64 | 0, { [_xF]: 1, [_xN]: _AOl }], 0, [64 | 0, { [_xF]: 1, [_xN]: _AHl }], [64 | 0, { [_xF]: 1, [_xN]: _EHx }], 1],
  2
];
var CreateBucketConfiguration$ = [
  3,
  n0,
  _CBC,
  0,
  [_LC, _L, _B, _T],
  [0, () => LocationInfo$, () => BucketInfo$, [() => TagSet, 0]]
];
var CreateBucketMetadataConfigurationRequest$ = [
  3,
  n0,
  _CBMCR,
  0,
  [_B, _MC, _CMDo, _CA, _EBO],
  [[0, 1], [() => MetadataConfiguration$, { [_hP]: 1, [_xN]: _MC }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var CreateBucketMetadataTableConfigurationRequest$ = [
  3,
  n0,
  _CBMTCR,
  0,
  [_B, _MTC, _CMDo, _CA, _EBO],
  [[0, 1], [() => MetadataTableConfiguration$, { [_hP]: 1, [_xN]: _MTC }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var CreateBucketOutput$ = [
  3,
  n0,
  _CBO,
  0,
  [_L, _BA],
  [[0, { [_hH]: _L }], [0, { [_hH]: _xaba }]]
];
var CreateBucketRequest$ = [
  3,
  n0,
  _CBR,
  0,
  [_B, _ACL_, _CBC, _GFC, _GR, _GRACP, _GW, _GWACP, _OLEFB, _OO, _BN],
  [[0, 1], [0, { [_hH]: _xaa }], [() => CreateBucketConfiguration$, { [_hP]: 1, [_xN]: _CBC }], [0, { [_hH]: _xagfc }], [0, { [_hH]: _xagr }], [0, { [_hH]: _xagra }], [0, { [_hH]: _xagw }], [0, { [_hH]: _xagwa }], [2, { [_hH]: _xabole }], [0, { [_hH]: _xaoo }], [0, { [_hH]: _xabn }]],
  1
];
var CreateMultipartUploadOutput$ = [
  3,
  n0,
  _CMUOr,
  { [_xN]: _IMUR },
  [_ADb, _ARI, _B, _K, _UI, _SSE, _SSECA, _SSECKMD, _SSEKMSKI, _SSEKMSEC, _BKE, _RC, _CA, _CT, _VI],
  [[4, { [_hH]: _xaad }], [0, { [_hH]: _xaari }], [0, { [_xN]: _B }], 0, 0, [0, { [_hH]: _xasse }], [0, { [_hH]: _xasseca }], [0, { [_hH]: _xasseckM }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [() => SSEKMSEncryptionContext, { [_hH]: _xassec }], [2, { [_hH]: _xassebke }], [0, { [_hH]: _xarc }], [0, { [_hH]: _xaca }], [0, { [_hH]: _xact }], [0, { [_hH]: _xavi }]]
];
var CreateMultipartUploadRequest$ = [
  3,
  n0,
  _CMURr,
  0,
  [_B, _K, _ACL_, _CC, _CDo, _CEo, _CL, _CTo, _Exp, _GFC, _GR, _GRACP, _GWACP, _M, _SSE, _SC, _WRL, _SSECA, _SSECK, _SSECKMD, _SSEKMSKI, _SSEKMSEC, _BKE, _RP, _Tag, _OLM, _OLRUD, _OLLHS, _OLEH, _OLEHDD, _OLEHDY, _EBO, _CA, _CT],
  [[0, 1], [0, 1], [0, { [_hH]: _xaa }], [0, { [_hH]: _CC_ }], [0, { [_hH]: _CD_ }], [0, { [_hH]: _CE_ }], [0, { [_hH]: _CL_ }], [0, { [_hH]: _CT_ }], [4, { [_hH]: _Exp }], [0, { [_hH]: _xagfc }], [0, { [_hH]: _xagr }], [0, { [_hH]: _xagra }], [0, { [_hH]: _xagwa }], [128 | 0, { [_hPH]: _xam }], [0, { [_hH]: _xasse }], [0, { [_hH]: _xasc }], [0, { [_hH]: _xawrl }], [0, { [_hH]: _xasseca }], [() => SSECustomerKey, { [_hH]: _xasseck }], [0, { [_hH]: _xasseckM }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [() => SSEKMSEncryptionContext, { [_hH]: _xassec }], [2, { [_hH]: _xassebke }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xat }], [0, { [_hH]: _xaolm }], [5, { [_hH]: _xaolrud }], [0, { [_hH]: _xaollh }], [0, { [_hH]: _xaoleh }], [1, { [_hH]: _xaolehdd }], [1, { [_hH]: _xaolehdy }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xaca }], [0, { [_hH]: _xact }]],
  2
];
var CreateSessionOutput$ = [
  3,
  n0,
  _CSO,
  { [_xN]: _CSR },
  [_Cr, _SSE, _SSEKMSKI, _SSEKMSEC, _BKE],
  [[() => SessionCredentials$, { [_xN]: _Cr }], [0, { [_hH]: _xasse }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [() => SSEKMSEncryptionContext, { [_hH]: _xassec }], [2, { [_hH]: _xassebke }]],
  1
];
var CreateSessionRequest$ = [
  3,
  n0,
  _CSRr,
  0,
  [_B, _SM, _SSE, _SSEKMSKI, _SSEKMSEC, _BKE],
  [[0, 1], [0, { [_hH]: _xacsm }], [0, { [_hH]: _xasse }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [() => SSEKMSEncryptionContext, { [_hH]: _xassec }], [2, { [_hH]: _xassebke }]],
  1
];
var CSVInput$ = [
  3,
  n0,
  _CSVIn,
  0,
  [_FHI, _Com, _QEC, _RD, _FD, _QC, _AQRD],
  [0, 0, 0, 0, 0, 0, 2]
];
var CSVOutput$ = [
  3,
  n0,
  _CSVO,
  0,
  [_QF, _QEC, _RD, _FD, _QC],
  [0, 0, 0, 0, 0]
];
var DefaultRetention$ = [
  3,
  n0,
  _DRe,
  0,
  [_Mo, _D, _Y, _DEH],
  [0, 1, 1, () => EventHoldDuration$]
];
var Delete$ = [
  3,
  n0,
  _De,
  0,
  [_Ob, _Q],
  [[() => ObjectIdentifierList, { [_xF]: 1, [_xN]: _Obj }], 2],
  1
];
var DeleteBucketAnalyticsConfigurationRequest$ = [
  3,
  n0,
  _DBACR,
  0,
  [_B, _I, _EBO],
  [[0, 1], [0, { [_hQ]: _i }], [0, { [_hH]: _xaebo }]],
  2
];
var DeleteBucketCorsRequest$ = [
  3,
  n0,
  _DBCR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var DeleteBucketEncryptionRequest$ = [
  3,
  n0,
  _DBER,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var DeleteBucketIntelligentTieringConfigurationRequest$ = [
  3,
  n0,
  _DBITCR,
  0,
  [_B, _I, _EBO],
  [[0, 1], [0, { [_hQ]: _i }], [0, { [_hH]: _xaebo }]],
  2
];
var DeleteBucketInventoryConfigurationRequest$ = [
  3,
  n0,
  _DBICR,
  0,
  [_B, _I, _EBO],
  [[0, 1], [0, { [_hQ]: _i }], [0, { [_hH]: _xaebo }]],
  2
];
var DeleteBucketLifecycleRequest$ = [
  3,
  n0,
  _DBLR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var DeleteBucketMetadataConfigurationRequest$ = [
  3,
  n0,
  _DBMCR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var DeleteBucketMetadataTableConfigurationRequest$ = [
  3,
  n0,
  _DBMTCR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var DeleteBucketMetricsConfigurationRequest$ = [
  3,
  n0,
  _DBMCRe,
  0,
  [_B, _I, _EBO],
  [[0, 1], [0, { [_hQ]: _i }], [0, { [_hH]: _xaebo }]],
  2
];
var DeleteBucketOwnershipControlsRequest$ = [
  3,
  n0,
  _DBOCR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var DeleteBucketPolicyRequest$ = [
  3,
  n0,
  _DBPR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var DeleteBucketReplicationRequest$ = [
  3,
  n0,
  _DBRR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var DeleteBucketRequest$ = [
  3,
  n0,
  _DBR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var DeleteBucketTaggingRequest$ = [
  3,
  n0,
  _DBTR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var DeleteBucketWebsiteRequest$ = [
  3,
  n0,
  _DBWR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var DeletedObject$ = [
  3,
  n0,
  _DO,
  0,
  [_K, _VI, _DM, _DMVI],
  [0, 0, 2, 0]
];
var DeleteMarkerEntry$ = [
  3,
  n0,
  _DME,
  0,
  [_O, _K, _VI, _IL, _LM],
  [() => Owner$, 0, 0, 2, 4]
];
var DeleteMarkerReplication$ = [
  3,
  n0,
  _DMR,
  0,
  [_S],
  [0]
];
var DeleteObjectAnnotationOutput$ = [
  3,
  n0,
  _DOAO,
  0,
  [_OVI, _RC],
  [[0, { [_hH]: _xaovi }], [0, { [_hH]: _xarc }]]
];
var DeleteObjectAnnotationRequest$ = [
  3,
  n0,
  _DOAR,
  0,
  [_B, _K, _AN, _VI, _RP, _EBO, _OIM],
  [[0, 1], [0, 1], [0, { [_hQ]: _aN }], [0, { [_hQ]: _vI }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xaoim }]],
  3
];
var DeleteObjectOutput$ = [
  3,
  n0,
  _DOO,
  0,
  [_DM, _VI, _RC],
  [[2, { [_hH]: _xadm }], [0, { [_hH]: _xavi }], [0, { [_hH]: _xarc }]]
];
var DeleteObjectRequest$ = [
  3,
  n0,
  _DOR,
  0,
  [_B, _K, _MFA, _VI, _RP, _BGR, _EBO, _IM, _IMLMT, _IMS],
  [[0, 1], [0, 1], [0, { [_hH]: _xam_ }], [0, { [_hQ]: _vI }], [0, { [_hH]: _xarp }], [2, { [_hH]: _xabgr }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _IM_ }], [6, { [_hH]: _xaimlmt }], [1, { [_hH]: _xaims }]],
  2
];
var DeleteObjectsOutput$ = [
  3,
  n0,
  _DOOe,
  { [_xN]: _DRel },
  [_Del, _RC, _Er],
  [[() => DeletedObjects, { [_xF]: 1 }], [0, { [_hH]: _xarc }], [() => Errors, { [_xF]: 1, [_xN]: _E }]]
];
var DeleteObjectsRequest$ = [
  3,
  n0,
  _DORe,
  0,
  [_B, _De, _MFA, _RP, _BGR, _EBO, _CA],
  [[0, 1], [() => Delete$, { [_hP]: 1, [_xN]: _De }], [0, { [_hH]: _xam_ }], [0, { [_hH]: _xarp }], [2, { [_hH]: _xabgr }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xasca }]],
  2
];
var DeleteObjectTaggingOutput$ = [
  3,
  n0,
  _DOTO,
  0,
  [_VI],
  [[0, { [_hH]: _xavi }]]
];
var DeleteObjectTaggingRequest$ = [
  3,
  n0,
  _DOTR,
  0,
  [_B, _K, _VI, _EBO],
  [[0, 1], [0, 1], [0, { [_hQ]: _vI }], [0, { [_hH]: _xaebo }]],
  2
];
var DeletePublicAccessBlockRequest$ = [
  3,
  n0,
  _DPABR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var Destination$ = [
  3,
  n0,
  _Des,
  0,
  [_B, _A, _SC, _ACT, _EC, _RT, _Me],
  [0, 0, 0, () => AccessControlTranslation$, () => EncryptionConfiguration$, () => ReplicationTime$, () => Metrics$],
  1
];
var DestinationResult$ = [
  3,
  n0,
  _DRes,
  0,
  [_TBT, _TBA, _TNa],
  [0, 0, 0]
];
var Encryption$ = [
  3,
  n0,
  _En,
  0,
  [_ETn, _KMSKI, _KMSC],
  [0, [() => SSEKMSKeyId, 0], 0],
  1
];
var EncryptionConfiguration$ = [
  3,
  n0,
  _EC,
  0,
  [_RKKID, _USMRK],
  [0, () => UseSourceMultiRegionKey$]
];
var EndEvent$ = [
  3,
  n0,
  _EE,
  0,
  [],
  []
];
var _Error$ = [
  3,
  n0,
  _E,
  0,
  [_K, _VI, _Cod, _Mes],
  [0, 0, 0, 0]
];
var ErrorDetails$ = [
  3,
  n0,
  _ED,
  0,
  [_ECr, _EM],
  [0, 0]
];
var ErrorDocument$ = [
  3,
  n0,
  _EDr,
  0,
  [_K],
  [0],
  1
];
var EventBridgeConfiguration$ = [
  3,
  n0,
  _EBC,
  0,
  [],
  []
];
var EventHoldDuration$ = [
  3,
  n0,
  _EHD,
  0,
  [_D, _Y],
  [1, 1]
];
var ExistingObjectReplication$ = [
  3,
  n0,
  _EOR,
  0,
  [_S],
  [0],
  1
];
var FilterRule$ = [
  3,
  n0,
  _FR,
  0,
  [_N, _V],
  [0, 0]
];
var GetBucketAbacOutput$ = [
  3,
  n0,
  _GBAO,
  0,
  [_AS],
  [[() => AbacStatus$, 16]]
];
var GetBucketAbacRequest$ = [
  3,
  n0,
  _GBAR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketAccelerateConfigurationOutput$ = [
  3,
  n0,
  _GBACO,
  { [_xN]: _AC },
  [_S, _RC],
  [0, [0, { [_hH]: _xarc }]]
];
var GetBucketAccelerateConfigurationRequest$ = [
  3,
  n0,
  _GBACR,
  0,
  [_B, _EBO, _RP],
  [[0, 1], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xarp }]],
  1
];
var GetBucketAclOutput$ = [
  3,
  n0,
  _GBAOe,
  { [_xN]: _ACP },
  [_O, _G],
  [() => Owner$, [() => Grants, { [_xN]: _ACL }]]
];
var GetBucketAclRequest$ = [
  3,
  n0,
  _GBARe,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketAnalyticsConfigurationOutput$ = [
  3,
  n0,
  _GBACOe,
  0,
  [_ACn],
  [[() => AnalyticsConfiguration$, 16]]
];
var GetBucketAnalyticsConfigurationRequest$ = [
  3,
  n0,
  _GBACRe,
  0,
  [_B, _I, _EBO],
  [[0, 1], [0, { [_hQ]: _i }], [0, { [_hH]: _xaebo }]],
  2
];
var GetBucketCorsOutput$ = [
  3,
  n0,
  _GBCO,
  { [_xN]: _CORSC },
  [_CORSR],
  [[() => CORSRules, { [_xF]: 1, [_xN]: _CORSRu }]]
];
var GetBucketCorsRequest$ = [
  3,
  n0,
  _GBCR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketEncryptionOutput$ = [
  3,
  n0,
  _GBEO,
  0,
  [_SSEC],
  [[() => ServerSideEncryptionConfiguration$, 16]]
];
var GetBucketEncryptionRequest$ = [
  3,
  n0,
  _GBER,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketIntelligentTieringConfigurationOutput$ = [
  3,
  n0,
  _GBITCO,
  0,
  [_ITC],
  [[() => IntelligentTieringConfiguration$, 16]]
];
var GetBucketIntelligentTieringConfigurationRequest$ = [
  3,
  n0,
  _GBITCR,
  0,
  [_B, _I, _EBO],
  [[0, 1], [0, { [_hQ]: _i }], [0, { [_hH]: _xaebo }]],
  2
];
var GetBucketInventoryConfigurationOutput$ = [
  3,
  n0,
  _GBICO,
  0,
  [_IC],
  [[() => InventoryConfiguration$, 16]]
];
var GetBucketInventoryConfigurationRequest$ = [
  3,
  n0,
  _GBICR,
  0,
  [_B, _I, _EBO],
  [[0, 1], [0, { [_hQ]: _i }], [0, { [_hH]: _xaebo }]],
  2
];
var GetBucketLifecycleConfigurationOutput$ = [
  3,
  n0,
  _GBLCO,
  { [_xN]: _LCi },
  [_Ru, _TDMOS],
  [[() => LifecycleRules, { [_xF]: 1, [_xN]: _Rul }], [0, { [_hH]: _xatdmos }]]
];
var GetBucketLifecycleConfigurationRequest$ = [
  3,
  n0,
  _GBLCR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketLocationOutput$ = [
  3,
  n0,
  _GBLO,
  { [_xN]: _LC },
  [_LC],
  [0]
];
var GetBucketLocationRequest$ = [
  3,
  n0,
  _GBLR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketLoggingOutput$ = [
  3,
  n0,
  _GBLOe,
  { [_xN]: _BLS },
  [_LE],
  [[() => LoggingEnabled$, 0]]
];
var GetBucketLoggingRequest$ = [
  3,
  n0,
  _GBLRe,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketMetadataConfigurationOutput$ = [
  3,
  n0,
  _GBMCO,
  0,
  [_GBMCR],
  [[() => GetBucketMetadataConfigurationResult$, 16]]
];
var GetBucketMetadataConfigurationRequest$ = [
  3,
  n0,
  _GBMCRe,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketMetadataConfigurationResult$ = [
  3,
  n0,
  _GBMCR,
  0,
  [_MCR],
  [() => MetadataConfigurationResult$],
  1
];
var GetBucketMetadataTableConfigurationOutput$ = [
  3,
  n0,
  _GBMTCO,
  0,
  [_GBMTCR],
  [[() => GetBucketMetadataTableConfigurationResult$, 16]]
];
var GetBucketMetadataTableConfigurationRequest$ = [
  3,
  n0,
  _GBMTCRe,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketMetadataTableConfigurationResult$ = [
  3,
  n0,
  _GBMTCR,
  0,
  [_MTCR, _S, _E],
  [() => MetadataTableConfigurationResult$, 0, () => ErrorDetails$],
  2
];
var GetBucketMetricsConfigurationOutput$ = [
  3,
  n0,
  _GBMCOe,
  0,
  [_MCe],
  [[() => MetricsConfiguration$, 16]]
];
var GetBucketMetricsConfigurationRequest$ = [
  3,
  n0,
  _GBMCRet,
  0,
  [_B, _I, _EBO],
  [[0, 1], [0, { [_hQ]: _i }], [0, { [_hH]: _xaebo }]],
  2
];
var GetBucketNotificationConfigurationRequest$ = [
  3,
  n0,
  _GBNCR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketOwnershipControlsOutput$ = [
  3,
  n0,
  _GBOCO,
  0,
  [_OC],
  [[() => OwnershipControls$, 16]]
];
var GetBucketOwnershipControlsRequest$ = [
  3,
  n0,
  _GBOCR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketPolicyOutput$ = [
  3,
  n0,
  _GBPO,
  0,
  [_Po],
  [[0, 16]]
];
var GetBucketPolicyRequest$ = [
  3,
  n0,
  _GBPR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketPolicyStatusOutput$ = [
  3,
  n0,
  _GBPSO,
  0,
  [_PS],
  [[() => PolicyStatus$, 16]]
];
var GetBucketPolicyStatusRequest$ = [
  3,
  n0,
  _GBPSR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketReplicationOutput$ = [
  3,
  n0,
  _GBRO,
  0,
  [_RCe],
  [[() => ReplicationConfiguration$, 16]]
];
var GetBucketReplicationRequest$ = [
  3,
  n0,
  _GBRR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketRequestPaymentOutput$ = [
  3,
  n0,
  _GBRPO,
  { [_xN]: _RPC },
  [_Pay],
  [0]
];
var GetBucketRequestPaymentRequest$ = [
  3,
  n0,
  _GBRPR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketTaggingOutput$ = [
  3,
  n0,
  _GBTO,
  { [_xN]: _Tag },
  [_TSa],
  [[() => TagSet, 0]],
  1
];
var GetBucketTaggingRequest$ = [
  3,
  n0,
  _GBTR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketVersioningOutput$ = [
  3,
  n0,
  _GBVO,
  { [_xN]: _VC },
  [_S, _MFAD],
  [0, [0, { [_xN]: _MDf }]]
];
var GetBucketVersioningRequest$ = [
  3,
  n0,
  _GBVR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetBucketWebsiteOutput$ = [
  3,
  n0,
  _GBWO,
  { [_xN]: _WC },
  [_RART, _IDn, _EDr, _RR],
  [() => RedirectAllRequestsTo$, () => IndexDocument$, () => ErrorDocument$, [() => RoutingRules, 0]]
];
var GetBucketWebsiteRequest$ = [
  3,
  n0,
  _GBWR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetObjectAclOutput$ = [
  3,
  n0,
  _GOAO,
  { [_xN]: _ACP },
  [_O, _G, _RC],
  [() => Owner$, [() => Grants, { [_xN]: _ACL }], [0, { [_hH]: _xarc }]]
];
var GetObjectAclRequest$ = [
  3,
  n0,
  _GOAR,
  0,
  [_B, _K, _VI, _RP, _EBO],
  [[0, 1], [0, 1], [0, { [_hQ]: _vI }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }]],
  2
];
var GetObjectAnnotationOutput$ = [
  3,
  n0,
  _GOAOe,
  0,
  [_AP, _OVI, _LM, _CLo, _ET, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _CT, _SSE, _RC, _RS],
  [[() => StreamingBlob, 16], [0, { [_hH]: _xaovi }], [4, { [_hH]: _LM_ }], [1, { [_hH]: _CL__ }], [0, { [_hH]: _ET }], [0, { [_hH]: _xacc }], [0, { [_hH]: _xacc_ }], [0, { [_hH]: _xacc__ }], [0, { [_hH]: _xacs }], [0, { [_hH]: _xacs_ }], [0, { [_hH]: _xacs__ }], [0, { [_hH]: _xacm }], [0, { [_hH]: _xacx }], [0, { [_hH]: _xacx_ }], [0, { [_hH]: _xacx__ }], [0, { [_hH]: _xact }], [0, { [_hH]: _xasse }], [0, { [_hH]: _xarc }], [0, { [_hH]: _xars }]]
];
var GetObjectAnnotationRequest$ = [
  3,
  n0,
  _GOARe,
  0,
  [_B, _K, _AN, _VI, _RP, _EBO, _CMh],
  [[0, 1], [0, 1], [0, { [_hQ]: _aN }], [0, { [_hQ]: _vI }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xacm_ }]],
  3
];
var GetObjectAttributesOutput$ = [
  3,
  n0,
  _GOAOet,
  { [_xN]: _GOARet },
  [_DM, _LM, _VI, _RC, _ET, _C, _OP, _SC, _OS],
  [[2, { [_hH]: _xadm }], [4, { [_hH]: _LM_ }], [0, { [_hH]: _xavi }], [0, { [_hH]: _xarc }], 0, () => Checksum$, [() => GetObjectAttributesParts$, 0], 0, 1]
];
var GetObjectAttributesParts$ = [
  3,
  n0,
  _GOAP,
  0,
  [_TPC, _PNM, _NPNM, _MP, _IT, _Pa],
  [[1, { [_xN]: _PC }], 0, 0, 1, 2, [() => PartsList, { [_xF]: 1, [_xN]: _Par }]]
];
var GetObjectAttributesRequest$ = [
  3,
  n0,
  _GOARetb,
  0,
  [_B, _K, _OA, _VI, _MP, _PNM, _SSECA, _SSECK, _SSECKMD, _RP, _EBO],
  [[0, 1], [0, 1], [64 | 0, { [_hH]: _xaoa }], [0, { [_hQ]: _vI }], [1, { [_hH]: _xamp }], [0, { [_hH]: _xapnm }], [0, { [_hH]: _xasseca }], [() => SSECustomerKey, { [_hH]: _xasseck }], [0, { [_hH]: _xasseckM }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }]],
  3
];
var GetObjectLegalHoldOutput$ = [
  3,
  n0,
  _GOLHO,
  0,
  [_LH],
  [[() => ObjectLockLegalHold$, { [_hP]: 1, [_xN]: _LH }]]
];
var GetObjectLegalHoldRequest$ = [
  3,
  n0,
  _GOLHR,
  0,
  [_B, _K, _VI, _RP, _EBO],
  [[0, 1], [0, 1], [0, { [_hQ]: _vI }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }]],
  2
];
var GetObjectLockConfigurationOutput$ = [
  3,
  n0,
  _GOLCO,
  0,
  [_OLC],
  [[() => ObjectLockConfiguration$, 16]]
];
var GetObjectLockConfigurationRequest$ = [
  3,
  n0,
  _GOLCR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GetObjectOutput$ = [
  3,
  n0,
  _GOO,
  0,
  [_Bo, _DM, _AR, _Ex, _Re, _LM, _CLo, _ET, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _CT, _MM, _VI, _CC, _CDo, _CEo, _CL, _CR, _CTo, _Exp, _ES, _WRL, _SSE, _M, _SSECA, _SSECKMD, _SSEKMSKI, _BKE, _SC, _RC, _RS, _PC, _TC, _OLM, _OLRUD, _OLLHS, _OLEH, _OLEHDD, _OLEHDY],
  [[() => StreamingBlob, 16], [2, { [_hH]: _xadm }], [0, { [_hH]: _ar }], [0, { [_hH]: _xae }], [0, { [_hH]: _xar }], [4, { [_hH]: _LM_ }], [1, { [_hH]: _CL__ }], [0, { [_hH]: _ET }], [0, { [_hH]: _xacc }], [0, { [_hH]: _xacc_ }], [0, { [_hH]: _xacc__ }], [0, { [_hH]: _xacs }], [0, { [_hH]: _xacs_ }], [0, { [_hH]: _xacs__ }], [0, { [_hH]: _xacm }], [0, { [_hH]: _xacx }], [0, { [_hH]: _xacx_ }], [0, { [_hH]: _xacx__ }], [0, { [_hH]: _xact }], [1, { [_hH]: _xamm }], [0, { [_hH]: _xavi }], [0, { [_hH]: _CC_ }], [0, { [_hH]: _CD_ }], [0, { [_hH]: _CE_ }], [0, { [_hH]: _CL_ }], [0, { [_hH]: _CR_ }], [0, { [_hH]: _CT_ }], [4, { [_hH]: _Exp }], [0, { [_hH]: _ES }], [0, { [_hH]: _xawrl }], [0, { [_hH]: _xasse }], [128 | 0, { [_hPH]: _xam }], [0, { [_hH]: _xasseca }], [0, { [_hH]: _xasseckM }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [2, { [_hH]: _xassebke }], [0, { [_hH]: _xasc }], [0, { [_hH]: _xarc }], [0, { [_hH]: _xars }], [1, { [_hH]: _xampc }], [1, { [_hH]: _xatc }], [0, { [_hH]: _xaolm }], [5, { [_hH]: _xaolrud }], [0, { [_hH]: _xaollh }], [0, { [_hH]: _xaoleh }], [1, { [_hH]: _xaolehdd }], [1, { [_hH]: _xaolehdy }]]
];
var GetObjectRequest$ = [
  3,
  n0,
  _GOR,
  0,
  [_B, _K, _IM, _IMSf, _INM, _IUS, _Ra, _RCC, _RCD, _RCE, _RCL, _RCT, _RE, _VI, _SSECA, _SSECK, _SSECKMD, _RP, _PN, _EBO, _CMh],
  [[0, 1], [0, 1], [0, { [_hH]: _IM_ }], [4, { [_hH]: _IMS_ }], [0, { [_hH]: _INM_ }], [4, { [_hH]: _IUS_ }], [0, { [_hH]: _Ra }], [0, { [_hQ]: _rcc }], [0, { [_hQ]: _rcd }], [0, { [_hQ]: _rce }], [0, { [_hQ]: _rcl }], [0, { [_hQ]: _rct }], [6, { [_hQ]: _re }], [0, { [_hQ]: _vI }], [0, { [_hH]: _xasseca }], [() => SSECustomerKey, { [_hH]: _xasseck }], [0, { [_hH]: _xasseckM }], [0, { [_hH]: _xarp }], [1, { [_hQ]: _pN }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xacm_ }]],
  2
];
var GetObjectRetentionOutput$ = [
  3,
  n0,
  _GORO,
  0,
  [_Ret],
  [[() => ObjectLockRetention$, { [_hP]: 1, [_xN]: _Ret }]]
];
var GetObjectRetentionRequest$ = [
  3,
  n0,
  _GORR,
  0,
  [_B, _K, _VI, _RP, _EBO],
  [[0, 1], [0, 1], [0, { [_hQ]: _vI }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }]],
  2
];
var GetObjectTaggingOutput$ = [
  3,
  n0,
  _GOTO,
  { [_xN]: _Tag },
  [_TSa, _VI],
  [[() => TagSet, 0], [0, { [_hH]: _xavi }]],
  1
];
var GetObjectTaggingRequest$ = [
  3,
  n0,
  _GOTR,
  0,
  [_B, _K, _VI, _EBO, _RP],
  [[0, 1], [0, 1], [0, { [_hQ]: _vI }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xarp }]],
  2
];
var GetObjectTorrentOutput$ = [
  3,
  n0,
  _GOTOe,
  0,
  [_Bo, _RC],
  [[() => StreamingBlob, 16], [0, { [_hH]: _xarc }]]
];
var GetObjectTorrentRequest$ = [
  3,
  n0,
  _GOTRe,
  0,
  [_B, _K, _RP, _EBO],
  [[0, 1], [0, 1], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }]],
  2
];
var GetPublicAccessBlockOutput$ = [
  3,
  n0,
  _GPABO,
  0,
  [_PABC],
  [[() => PublicAccessBlockConfiguration$, 16]]
];
var GetPublicAccessBlockRequest$ = [
  3,
  n0,
  _GPABR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var GlacierJobParameters$ = [
  3,
  n0,
  _GJP,
  0,
  [_Ti],
  [0],
  1
];
var Grant$ = [
  3,
  n0,
  _Gr,
  0,
  [_Gra, _Pe],
  [[() => Grantee$, { [_xNm]: [_x, _hi] }], 0]
];
var Grantee$ = [
  3,
  n0,
  _Gra,
  0,
  [_Ty, _DN, _EA, _ID, _URI],
  [[0, { [_xA]: 1, [_xN]: _xs }], 0, 0, 0, 0],
  1
];
var HeadBucketOutput$ = [
  3,
  n0,
  _HBO,
  0,
  [_BA, _BLT, _BLN, _BR, _APA],
  [[0, { [_hH]: _xaba }], [0, { [_hH]: _xablt }], [0, { [_hH]: _xabln }], [0, { [_hH]: _xabr }], [2, { [_hH]: _xaapa }]]
];
var HeadBucketRequest$ = [
  3,
  n0,
  _HBR,
  0,
  [_B, _EBO],
  [[0, 1], [0, { [_hH]: _xaebo }]],
  1
];
var HeadObjectOutput$ = [
  3,
  n0,
  _HOO,
  0,
  [_DM, _AR, _Ex, _Re, _ASr, _LM, _CLo, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _CT, _ET, _MM, _VI, _CC, _CDo, _CEo, _CL, _CTo, _CR, _Exp, _ES, _WRL, _SSE, _M, _SSECA, _SSECKMD, _SSEKMSKI, _BKE, _SC, _RC, _RS, _PC, _TC, _OLM, _OLRUD, _OLLHS, _OLEH, _OLEHDD, _OLEHDY],
  [[2, { [_hH]: _xadm }], [0, { [_hH]: _ar }], [0, { [_hH]: _xae }], [0, { [_hH]: _xar }], [0, { [_hH]: _xaas }], [4, { [_hH]: _LM_ }], [1, { [_hH]: _CL__ }], [0, { [_hH]: _xacc }], [0, { [_hH]: _xacc_ }], [0, { [_hH]: _xacc__ }], [0, { [_hH]: _xacs }], [0, { [_hH]: _xacs_ }], [0, { [_hH]: _xacs__ }], [0, { [_hH]: _xacm }], [0, { [_hH]: _xacx }], [0, { [_hH]: _xacx_ }], [0, { [_hH]: _xacx__ }], [0, { [_hH]: _xact }], [0, { [_hH]: _ET }], [1, { [_hH]: _xamm }], [0, { [_hH]: _xavi }], [0, { [_hH]: _CC_ }], [0, { [_hH]: _CD_ }], [0, { [_hH]: _CE_ }], [0, { [_hH]: _CL_ }], [0, { [_hH]: _CT_ }], [0, { [_hH]: _CR_ }], [4, { [_hH]: _Exp }], [0, { [_hH]: _ES }], [0, { [_hH]: _xawrl }], [0, { [_hH]: _xasse }], [128 | 0, { [_hPH]: _xam }], [0, { [_hH]: _xasseca }], [0, { [_hH]: _xasseckM }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [2, { [_hH]: _xassebke }], [0, { [_hH]: _xasc }], [0, { [_hH]: _xarc }], [0, { [_hH]: _xars }], [1, { [_hH]: _xampc }], [1, { [_hH]: _xatc }], [0, { [_hH]: _xaolm }], [5, { [_hH]: _xaolrud }], [0, { [_hH]: _xaollh }], [0, { [_hH]: _xaoleh }], [1, { [_hH]: _xaolehdd }], [1, { [_hH]: _xaolehdy }]]
];
var HeadObjectRequest$ = [
  3,
  n0,
  _HOR,
  0,
  [_B, _K, _IM, _IMSf, _INM, _IUS, _Ra, _RCC, _RCD, _RCE, _RCL, _RCT, _RE, _VI, _SSECA, _SSECK, _SSECKMD, _RP, _PN, _EBO, _CMh],
  [[0, 1], [0, 1], [0, { [_hH]: _IM_ }], [4, { [_hH]: _IMS_ }], [0, { [_hH]: _INM_ }], [4, { [_hH]: _IUS_ }], [0, { [_hH]: _Ra }], [0, { [_hQ]: _rcc }], [0, { [_hQ]: _rcd }], [0, { [_hQ]: _rce }], [0, { [_hQ]: _rcl }], [0, { [_hQ]: _rct }], [6, { [_hQ]: _re }], [0, { [_hQ]: _vI }], [0, { [_hH]: _xasseca }], [() => SSECustomerKey, { [_hH]: _xasseck }], [0, { [_hH]: _xasseckM }], [0, { [_hH]: _xarp }], [1, { [_hQ]: _pN }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xacm_ }]],
  2
];
var IndexDocument$ = [
  3,
  n0,
  _IDn,
  0,
  [_Su],
  [0],
  1
];
var Initiator$ = [
  3,
  n0,
  _In,
  0,
  [_ID, _DN],
  [0, 0]
];
var InputSerialization$ = [
  3,
  n0,
  _IS,
  0,
  [_CSV, _CTom, _JSON, _Parq],
  [() => CSVInput$, 0, () => JSONInput$, () => ParquetInput$]
];
var IntelligentTieringAndOperator$ = [
  3,
  n0,
  _ITAO,
  0,
  [_P, _T],
  [0, [() => TagSet, { [_xF]: 1, [_xN]: _Ta }]]
];
var IntelligentTieringConfiguration$ = [
  3,
  n0,
  _ITC,
  0,
  [_I, _S, _Tie, _F],
  [0, 0, [() => TieringList, { [_xF]: 1, [_xN]: _Tier }], [() => IntelligentTieringFilter$, 0]],
  3
];
var IntelligentTieringFilter$ = [
  3,
  n0,
  _ITF,
  0,
  [_P, _Ta, _An],
  [0, () => Tag$, [() => IntelligentTieringAndOperator$, 0]]
];
var InventoryConfiguration$ = [
  3,
  n0,
  _IC,
  0,
  [_Des, _IE, _I, _IOV, _Sc, _F, _OF],
  [[() => InventoryDestination$, 0], 2, 0, 0, () => InventorySchedule$, () => InventoryFilter$, [() => InventoryOptionalFields, 0]],
  5
];
var InventoryDestination$ = [
  3,
  n0,
  _IDnv,
  0,
  [_SBD],
  [[() => InventoryS3BucketDestination$, 0]],
  1
];
var InventoryEncryption$ = [
  3,
  n0,
  _IEn,
  0,
  [_SSES, _SSEKMS],
  [[() => SSES3$, { [_xN]: _SS }], [() => SSEKMS$, { [_xN]: _SK }]]
];
var InventoryFilter$ = [
  3,
  n0,
  _IF,
  0,
  [_P],
  [0],
  1
];
var InventoryS3BucketDestination$ = [
  3,
  n0,
  _ISBD,
  0,
  [_B, _Fo, _AI, _P, _En],
  [0, 0, 0, 0, [() => InventoryEncryption$, 0]],
  2
];
var InventorySchedule$ = [
  3,
  n0,
  _ISn,
  0,
  [_Fr],
  [0],
  1
];
var InventoryTableConfiguration$ = [
  3,
  n0,
  _ITCn,
  0,
  [_CS, _EC],
  [0, () => MetadataTableEncryptionConfiguration$],
  1
];
var InventoryTableConfigurationResult$ = [
  3,
  n0,
  _ITCR,
  0,
  [_CS, _TS, _E, _TN, _TA],
  [0, 0, () => ErrorDetails$, 0, 0],
  1
];
var InventoryTableConfigurationUpdates$ = [
  3,
  n0,
  _ITCU,
  0,
  [_CS, _EC],
  [0, () => MetadataTableEncryptionConfiguration$],
  1
];
var JournalTableConfiguration$ = [
  3,
  n0,
  _JTC,
  0,
  [_REe, _EC],
  [() => RecordExpiration$, () => MetadataTableEncryptionConfiguration$],
  1
];
var JournalTableConfigurationResult$ = [
  3,
  n0,
  _JTCR,
  0,
  [_TS, _TN, _REe, _E, _TA],
  [0, 0, () => RecordExpiration$, () => ErrorDetails$, 0],
  3
];
var JournalTableConfigurationUpdates$ = [
  3,
  n0,
  _JTCU,
  0,
  [_REe],
  [() => RecordExpiration$],
  1
];
var JSONInput$ = [
  3,
  n0,
  _JSONI,
  0,
  [_Ty],
  [0]
];
var JSONOutput$ = [
  3,
  n0,
  _JSONO,
  0,
  [_RD],
  [0]
];
var LambdaFunctionConfiguration$ = [
  3,
  n0,
  _LFC,
  0,
  [_LFA, _Ev, _I, _F],
  [[0, { [_xN]: _CF }], [64 | 0, { [_xF]: 1, [_xN]: _Eve }], 0, [() => NotificationConfigurationFilter$, 0]],
  2
];
var LifecycleExpiration$ = [
  3,
  n0,
  _LEi,
  0,
  [_Da, _D, _EODM],
  [5, 1, 2]
];
var LifecycleRule$ = [
  3,
  n0,
  _LR,
  0,
  [_S, _Ex, _ID, _P, _F, _Tr, _NVT, _NVE, _AIMU],
  [0, () => LifecycleExpiration$, 0, 0, [() => LifecycleRuleFilter$, 0], [() => TransitionList, { [_xF]: 1, [_xN]: _Tra }], [() => NoncurrentVersionTransitionList, { [_xF]: 1, [_xN]: _NVTo }], () => NoncurrentVersionExpiration$, () => AbortIncompleteMultipartUpload$],
  1
];
var LifecycleRuleAndOperator$ = [
  3,
  n0,
  _LRAO,
  0,
  [_P, _T, _OSGT, _OSLT],
  [0, [() => TagSet, { [_xF]: 1, [_xN]: _Ta }], 1, 1]
];
var LifecycleRuleFilter$ = [
  3,
  n0,
  _LRF,
  0,
  [_P, _Ta, _OSGT, _OSLT, _An],
  [0, () => Tag$, 1, 1, [() => LifecycleRuleAndOperator$, 0]]
];
var ListBucketAnalyticsConfigurationsOutput$ = [
  3,
  n0,
  _LBACO,
  { [_xN]: _LBACR },
  [_IT, _CTon, _NCT, _ACLn],
  [2, 0, 0, [() => AnalyticsConfigurationList, { [_xF]: 1, [_xN]: _ACn }]]
];
var ListBucketAnalyticsConfigurationsRequest$ = [
  3,
  n0,
  _LBACRi,
  0,
  [_B, _CTon, _EBO],
  [[0, 1], [0, { [_hQ]: _ct }], [0, { [_hH]: _xaebo }]],
  1
];
var ListBucketIntelligentTieringConfigurationsOutput$ = [
  3,
  n0,
  _LBITCO,
  0,
  [_IT, _CTon, _NCT, _ITCL],
  [2, 0, 0, [() => IntelligentTieringConfigurationList, { [_xF]: 1, [_xN]: _ITC }]]
];
var ListBucketIntelligentTieringConfigurationsRequest$ = [
  3,
  n0,
  _LBITCR,
  0,
  [_B, _CTon, _EBO],
  [[0, 1], [0, { [_hQ]: _ct }], [0, { [_hH]: _xaebo }]],
  1
];
var ListBucketInventoryConfigurationsOutput$ = [
  3,
  n0,
  _LBICO,
  { [_xN]: _LICR },
  [_CTon, _ICL, _IT, _NCT],
  [0, [() => InventoryConfigurationList, { [_xF]: 1, [_xN]: _IC }], 2, 0]
];
var ListBucketInventoryConfigurationsRequest$ = [
  3,
  n0,
  _LBICR,
  0,
  [_B, _CTon, _EBO],
  [[0, 1], [0, { [_hQ]: _ct }], [0, { [_hH]: _xaebo }]],
  1
];
var ListBucketMetricsConfigurationsOutput$ = [
  3,
  n0,
  _LBMCO,
  { [_xN]: _LMCR },
  [_IT, _CTon, _NCT, _MCL],
  [2, 0, 0, [() => MetricsConfigurationList, { [_xF]: 1, [_xN]: _MCe }]]
];
var ListBucketMetricsConfigurationsRequest$ = [
  3,
  n0,
  _LBMCR,
  0,
  [_B, _CTon, _EBO],
  [[0, 1], [0, { [_hQ]: _ct }], [0, { [_hH]: _xaebo }]],
  1
];
var ListBucketsOutput$ = [
  3,
  n0,
  _LBO,
  { [_xN]: _LAMBR },
  [_Bu, _O, _CTon, _P],
  [[() => Buckets, 0], () => Owner$, 0, 0]
];
var ListBucketsRequest$ = [
  3,
  n0,
  _LBR,
  0,
  [_MB, _CTon, _P, _BR],
  [[1, { [_hQ]: _mb }], [0, { [_hQ]: _ct }], [0, { [_hQ]: _p }], [0, { [_hQ]: _br }]]
];
var ListDirectoryBucketsOutput$ = [
  3,
  n0,
  _LDBO,
  { [_xN]: _LAMDBR },
  [_Bu, _CTon],
  [[() => Buckets, 0], 0]
];
var ListDirectoryBucketsRequest$ = [
  3,
  n0,
  _LDBR,
  0,
  [_CTon, _MDB],
  [[0, { [_hQ]: _ct }], [1, { [_hQ]: _mdb }]]
];
var ListMultipartUploadsOutput$ = [
  3,
  n0,
  _LMUO,
  { [_xN]: _LMUR },
  [_B, _KM, _UIM, _NKM, _P, _Deli, _NUIM, _MUa, _IT, _U, _CPom, _ETnc, _RC],
  [0, 0, 0, 0, 0, 0, 0, 1, 2, [() => MultipartUploadList, { [_xF]: 1, [_xN]: _Up }], [() => CommonPrefixList, { [_xF]: 1 }], 0, [0, { [_hH]: _xarc }]]
];
var ListMultipartUploadsRequest$ = [
  3,
  n0,
  _LMURi,
  0,
  [_B, _Deli, _ETnc, _KM, _MUa, _P, _UIM, _EBO, _RP],
  [[0, 1], [0, { [_hQ]: _d }], [0, { [_hQ]: _et }], [0, { [_hQ]: _km }], [1, { [_hQ]: _mu }], [0, { [_hQ]: _p }], [0, { [_hQ]: _uim }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xarp }]],
  1
];
var ListObjectAnnotationsOutput$ = [
  3,
  n0,
  _LOAO,
  0,
  [_Ann, _B, _K, _OVI, _APn, _MAR, _ACnn, _CTon, _NCT, _RC],
  [[() => AnnotationList, 0], 0, 0, [0, { [_hH]: _xaovi }], 0, 1, 1, 0, 0, [0, { [_hH]: _xarc }]]
];
var ListObjectAnnotationsRequest$ = [
  3,
  n0,
  _LOAR,
  0,
  [_B, _K, _VI, _MAR, _APn, _CTon, _RP, _EBO],
  [[0, 1], [0, 1], [0, { [_hQ]: _vI }], [1, { [_hQ]: _mar }], [0, { [_hQ]: _ap }], [0, { [_hQ]: _ct }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }]],
  2
];
var ListObjectsOutput$ = [
  3,
  n0,
  _LOO,
  { [_xN]: _LBRi },
  [_IT, _Ma, _NM, _Con, _N, _P, _Deli, _MK, _CPom, _ETnc, _RC],
  [2, 0, 0, [() => ObjectList, { [_xF]: 1 }], 0, 0, 0, 1, [() => CommonPrefixList, { [_xF]: 1 }], 0, [0, { [_hH]: _xarc }]]
];
var ListObjectsRequest$ = [
  3,
  n0,
  _LOR,
  0,
  [_B, _Deli, _ETnc, _Ma, _MK, _P, _RP, _EBO, _OOA],
  [[0, 1], [0, { [_hQ]: _d }], [0, { [_hQ]: _et }], [0, { [_hQ]: _m }], [1, { [_hQ]: _mk }], [0, { [_hQ]: _p }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }], [64 | 0, { [_hH]: _xaooa }]],
  1
];
var ListObjectsV2Output$ = [
  3,
  n0,
  _LOVO,
  { [_xN]: _LBRi },
  [_IT, _Con, _N, _P, _Deli, _MK, _CPom, _ETnc, _KC, _CTon, _NCT, _SA, _RC],
  [2, [() => ObjectList, { [_xF]: 1 }], 0, 0, 0, 1, [() => CommonPrefixList, { [_xF]: 1 }], 0, 1, 0, 0, 0, [0, { [_hH]: _xarc }]]
];
var ListObjectsV2Request$ = [
  3,
  n0,
  _LOVR,
  0,
  [_B, _Deli, _ETnc, _MK, _P, _CTon, _FO, _SA, _RP, _EBO, _OOA],
  [[0, 1], [0, { [_hQ]: _d }], [0, { [_hQ]: _et }], [1, { [_hQ]: _mk }], [0, { [_hQ]: _p }], [0, { [_hQ]: _ct }], [2, { [_hQ]: _fo }], [0, { [_hQ]: _sa }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }], [64 | 0, { [_hH]: _xaooa }]],
  1
];
var ListObjectVersionsOutput$ = [
  3,
  n0,
  _LOVOi,
  { [_xN]: _LVR },
  [_IT, _KM, _VIM, _NKM, _NVIM, _Ve, _DMe, _N, _P, _Deli, _MK, _CPom, _ETnc, _RC],
  [2, 0, 0, 0, 0, [() => ObjectVersionList, { [_xF]: 1, [_xN]: _Ver }], [() => DeleteMarkers, { [_xF]: 1, [_xN]: _DM }], 0, 0, 0, 1, [() => CommonPrefixList, { [_xF]: 1 }], 0, [0, { [_hH]: _xarc }]]
];
var ListObjectVersionsRequest$ = [
  3,
  n0,
  _LOVRi,
  0,
  [_B, _Deli, _ETnc, _KM, _MK, _P, _VIM, _EBO, _RP, _OOA],
  [[0, 1], [0, { [_hQ]: _d }], [0, { [_hQ]: _et }], [0, { [_hQ]: _km }], [1, { [_hQ]: _mk }], [0, { [_hQ]: _p }], [0, { [_hQ]: _vim }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xarp }], [64 | 0, { [_hH]: _xaooa }]],
  1
];
var ListPartsOutput$ = [
  3,
  n0,
  _LPO,
  { [_xN]: _LPR },
  [_ADb, _ARI, _B, _K, _UI, _PNM, _NPNM, _MP, _IT, _Pa, _In, _O, _SC, _RC, _CA, _CT, _VI],
  [[4, { [_hH]: _xaad }], [0, { [_hH]: _xaari }], 0, 0, 0, 0, 0, 1, 2, [() => Parts, { [_xF]: 1, [_xN]: _Par }], () => Initiator$, () => Owner$, 0, [0, { [_hH]: _xarc }], 0, 0, [0, { [_hH]: _xavi }]]
];
var ListPartsRequest$ = [
  3,
  n0,
  _LPRi,
  0,
  [_B, _K, _UI, _MP, _PNM, _RP, _EBO, _SSECA, _SSECK, _SSECKMD],
  [[0, 1], [0, 1], [0, { [_hQ]: _uI }], [1, { [_hQ]: _mp }], [0, { [_hQ]: _pnm }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xasseca }], [() => SSECustomerKey, { [_hH]: _xasseck }], [0, { [_hH]: _xasseckM }]],
  3
];
var LocationInfo$ = [
  3,
  n0,
  _LI,
  0,
  [_Ty, _N],
  [0, 0]
];
var LoggingEnabled$ = [
  3,
  n0,
  _LE,
  0,
  [_TB, _TP, _TG, _TOKF],
  [0, 0, [() => TargetGrants, 0], [() => TargetObjectKeyFormat$, 0]],
  2
];
var MetadataConfiguration$ = [
  3,
  n0,
  _MC,
  0,
  [_JTC, _ITCn, _ATC],
  [() => JournalTableConfiguration$, () => InventoryTableConfiguration$, () => AnnotationTableConfiguration$],
  1
];
var MetadataConfigurationResult$ = [
  3,
  n0,
  _MCR,
  0,
  [_DRes, _JTCR, _ITCR, _ATCR],
  [() => DestinationResult$, () => JournalTableConfigurationResult$, () => InventoryTableConfigurationResult$, () => AnnotationTableConfigurationResult$],
  1
];
var MetadataEntry$ = [
  3,
  n0,
  _ME,
  0,
  [_N, _V],
  [0, 0]
];
var MetadataTableConfiguration$ = [
  3,
  n0,
  _MTC,
  0,
  [_STD],
  [() => S3TablesDestination$],
  1
];
var MetadataTableConfigurationResult$ = [
  3,
  n0,
  _MTCR,
  0,
  [_STDR],
  [() => S3TablesDestinationResult$],
  1
];
var MetadataTableEncryptionConfiguration$ = [
  3,
  n0,
  _MTEC,
  0,
  [_SAs, _KKA],
  [0, 0],
  1
];
var Metrics$ = [
  3,
  n0,
  _Me,
  0,
  [_S, _ETv],
  [0, () => ReplicationTimeValue$],
  1
];
var MetricsAndOperator$ = [
  3,
  n0,
  _MAO,
  0,
  [_P, _T, _APAc],
  [0, [() => TagSet, { [_xF]: 1, [_xN]: _Ta }], 0]
];
var MetricsConfiguration$ = [
  3,
  n0,
  _MCe,
  0,
  [_I, _F],
  [0, [() => MetricsFilter$, 0]],
  1
];
var MultipartUpload$ = [
  3,
  n0,
  _MU,
  0,
  [_UI, _K, _Ini, _SC, _O, _In, _CA, _CT, _VI],
  [0, 0, 4, 0, () => Owner$, () => Initiator$, 0, 0, 0]
];
var NoncurrentVersionExpiration$ = [
  3,
  n0,
  _NVE,
  0,
  [_ND, _NNV],
  [1, 1]
];
var NoncurrentVersionTransition$ = [
  3,
  n0,
  _NVTo,
  0,
  [_ND, _SC, _NNV],
  [1, 0, 1]
];
var NotificationConfiguration$ = [
  3,
  n0,
  _NC,
  0,
  [_TCo, _QCu, _LFCa, _EBC],
  [[() => TopicConfigurationList, { [_xF]: 1, [_xN]: _TCop }], [() => QueueConfigurationList, { [_xF]: 1, [_xN]: _QCue }], [() => LambdaFunctionConfigurationList, { [_xF]: 1, [_xN]: _CFC }], () => EventBridgeConfiguration$]
];
var NotificationConfigurationFilter$ = [
  3,
  n0,
  _NCF,
  0,
  [_K],
  [[() => S3KeyFilter$, { [_xN]: _SKe }]]
];
var _Object$ = [
  3,
  n0,
  _Obj,
  0,
  [_K, _LM, _ET, _CA, _CT, _Si, _SC, _O, _RSe],
  [0, 4, 0, [64 | 0, { [_xF]: 1 }], 0, 1, 0, () => Owner$, () => RestoreStatus$]
];
var ObjectIdentifier$ = [
  3,
  n0,
  _OI,
  0,
  [_K, _VI, _ET, _LMT, _Si],
  [0, 0, 0, 6, 1],
  1
];
var ObjectLockConfiguration$ = [
  3,
  n0,
  _OLC,
  0,
  [_OLE, _Rul],
  [0, () => ObjectLockRule$]
];
var ObjectLockLegalHold$ = [
  3,
  n0,
  _OLLH,
  0,
  [_S],
  [0]
];
var ObjectLockRetention$ = [
  3,
  n0,
  _OLR,
  0,
  [_Mo, _RUD, _EHv, _EHD],
  [0, 5, 0, () => EventHoldDuration$]
];
var ObjectLockRule$ = [
  3,
  n0,
  _OLRb,
  0,
  [_DRe],
  [() => DefaultRetention$]
];
var ObjectPart$ = [
  3,
  n0,
  _OPb,
  0,
  [_PN, _Si, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe],
  [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
];
var ObjectVersion$ = [
  3,
  n0,
  _OV,
  0,
  [_ET, _CA, _CT, _Si, _SC, _K, _VI, _IL, _LM, _O, _RSe],
  [0, [64 | 0, { [_xF]: 1 }], 0, 1, 0, 0, 0, 2, 4, () => Owner$, () => RestoreStatus$]
];
var OutputLocation$ = [
  3,
  n0,
  _OL,
  0,
  [_S_],
  [[() => S3Location$, 0]]
];
var OutputSerialization$ = [
  3,
  n0,
  _OSu,
  0,
  [_CSV, _JSON],
  [() => CSVOutput$, () => JSONOutput$]
];
var Owner$ = [
  3,
  n0,
  _O,
  0,
  [_DN, _ID],
  [0, 0]
];
var OwnershipControls$ = [
  3,
  n0,
  _OC,
  0,
  [_Ru],
  [[() => OwnershipControlsRules, { [_xF]: 1, [_xN]: _Rul }]],
  1
];
var OwnershipControlsRule$ = [
  3,
  n0,
  _OCR,
  0,
  [_OO],
  [0],
  1
];
var ParquetInput$ = [
  3,
  n0,
  _PI,
  0,
  [],
  []
];
var Part$ = [
  3,
  n0,
  _Par,
  0,
  [_PN, _LM, _ET, _Si, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe],
  [1, 4, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
];
var PartitionedPrefix$ = [
  3,
  n0,
  _PP,
  { [_xN]: _PP },
  [_PDS],
  [0]
];
var PolicyStatus$ = [
  3,
  n0,
  _PS,
  0,
  [_IPs],
  [[2, { [_xN]: _IPs }]]
];
var Progress$ = [
  3,
  n0,
  _Pr,
  0,
  [_BS, _BP, _BRy],
  [1, 1, 1]
];
var ProgressEvent$ = [
  3,
  n0,
  _PE,
  0,
  [_Det],
  [[() => Progress$, { [_eP]: 1 }]]
];
var PublicAccessBlockConfiguration$ = [
  3,
  n0,
  _PABC,
  0,
  [_BPA, _IPA, _BPP, _RPB],
  [[2, { [_xN]: _BPA }], [2, { [_xN]: _IPA }], [2, { [_xN]: _BPP }], [2, { [_xN]: _RPB }]]
];
var PutBucketAbacRequest$ = [
  3,
  n0,
  _PBAR,
  0,
  [_B, _AS, _CMDo, _CA, _EBO],
  [[0, 1], [() => AbacStatus$, { [_hP]: 1, [_xN]: _AS }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var PutBucketAccelerateConfigurationRequest$ = [
  3,
  n0,
  _PBACR,
  0,
  [_B, _AC, _EBO, _CA],
  [[0, 1], [() => AccelerateConfiguration$, { [_hP]: 1, [_xN]: _AC }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xasca }]],
  2
];
var PutBucketAclRequest$ = [
  3,
  n0,
  _PBARu,
  0,
  [_B, _ACL_, _ACP, _CMDo, _CA, _GFC, _GR, _GRACP, _GW, _GWACP, _EBO],
  [[0, 1], [0, { [_hH]: _xaa }], [() => AccessControlPolicy$, { [_hP]: 1, [_xN]: _ACP }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xagfc }], [0, { [_hH]: _xagr }], [0, { [_hH]: _xagra }], [0, { [_hH]: _xagw }], [0, { [_hH]: _xagwa }], [0, { [_hH]: _xaebo }]],
  1
];
var PutBucketAnalyticsConfigurationRequest$ = [
  3,
  n0,
  _PBACRu,
  0,
  [_B, _I, _ACn, _EBO],
  [[0, 1], [0, { [_hQ]: _i }], [() => AnalyticsConfiguration$, { [_hP]: 1, [_xN]: _ACn }], [0, { [_hH]: _xaebo }]],
  3
];
var PutBucketCorsRequest$ = [
  3,
  n0,
  _PBCR,
  0,
  [_B, _CORSC, _CMDo, _CA, _EBO],
  [[0, 1], [() => CORSConfiguration$, { [_hP]: 1, [_xN]: _CORSC }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var PutBucketEncryptionRequest$ = [
  3,
  n0,
  _PBER,
  0,
  [_B, _SSEC, _CMDo, _CA, _EBO],
  [[0, 1], [() => ServerSideEncryptionConfiguration$, { [_hP]: 1, [_xN]: _SSEC }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var PutBucketIntelligentTieringConfigurationRequest$ = [
  3,
  n0,
  _PBITCR,
  0,
  [_B, _I, _ITC, _EBO],
  [[0, 1], [0, { [_hQ]: _i }], [() => IntelligentTieringConfiguration$, { [_hP]: 1, [_xN]: _ITC }], [0, { [_hH]: _xaebo }]],
  3
];
var PutBucketInventoryConfigurationRequest$ = [
  3,
  n0,
  _PBICR,
  0,
  [_B, _I, _IC, _EBO],
  [[0, 1], [0, { [_hQ]: _i }], [() => InventoryConfiguration$, { [_hP]: 1, [_xN]: _IC }], [0, { [_hH]: _xaebo }]],
  3
];
var PutBucketLifecycleConfigurationOutput$ = [
  3,
  n0,
  _PBLCO,
  0,
  [_TDMOS],
  [[0, { [_hH]: _xatdmos }]]
];
var PutBucketLifecycleConfigurationRequest$ = [
  3,
  n0,
  _PBLCR,
  0,
  [_B, _CA, _LCi, _EBO, _TDMOS],
  [[0, 1], [0, { [_hH]: _xasca }], [() => BucketLifecycleConfiguration$, { [_hP]: 1, [_xN]: _LCi }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xatdmos }]],
  1
];
var PutBucketLoggingRequest$ = [
  3,
  n0,
  _PBLR,
  0,
  [_B, _BLS, _CMDo, _CA, _EBO],
  [[0, 1], [() => BucketLoggingStatus$, { [_hP]: 1, [_xN]: _BLS }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var PutBucketMetricsConfigurationRequest$ = [
  3,
  n0,
  _PBMCR,
  0,
  [_B, _I, _MCe, _EBO],
  [[0, 1], [0, { [_hQ]: _i }], [() => MetricsConfiguration$, { [_hP]: 1, [_xN]: _MCe }], [0, { [_hH]: _xaebo }]],
  3
];
var PutBucketNotificationConfigurationRequest$ = [
  3,
  n0,
  _PBNCR,
  0,
  [_B, _NC, _EBO, _SDV],
  [[0, 1], [() => NotificationConfiguration$, { [_hP]: 1, [_xN]: _NC }], [0, { [_hH]: _xaebo }], [2, { [_hH]: _xasdv }]],
  2
];
var PutBucketOwnershipControlsRequest$ = [
  3,
  n0,
  _PBOCR,
  0,
  [_B, _OC, _CMDo, _EBO, _CA],
  [[0, 1], [() => OwnershipControls$, { [_hP]: 1, [_xN]: _OC }], [0, { [_hH]: _CM }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xasca }]],
  2
];
var PutBucketPolicyRequest$ = [
  3,
  n0,
  _PBPR,
  0,
  [_B, _Po, _CMDo, _CA, _CRSBA, _EBO],
  [[0, 1], [0, 16], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [2, { [_hH]: _xacrsba }], [0, { [_hH]: _xaebo }]],
  2
];
var PutBucketReplicationRequest$ = [
  3,
  n0,
  _PBRR,
  0,
  [_B, _RCe, _CMDo, _CA, _To, _EBO],
  [[0, 1], [() => ReplicationConfiguration$, { [_hP]: 1, [_xN]: _RCe }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xabolt }], [0, { [_hH]: _xaebo }]],
  2
];
var PutBucketRequestPaymentRequest$ = [
  3,
  n0,
  _PBRPR,
  0,
  [_B, _RPC, _CMDo, _CA, _EBO],
  [[0, 1], [() => RequestPaymentConfiguration$, { [_hP]: 1, [_xN]: _RPC }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var PutBucketTaggingRequest$ = [
  3,
  n0,
  _PBTR,
  0,
  [_B, _Tag, _CMDo, _CA, _EBO],
  [[0, 1], [() => Tagging$, { [_hP]: 1, [_xN]: _Tag }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var PutBucketVersioningRequest$ = [
  3,
  n0,
  _PBVR,
  0,
  [_B, _VC, _CMDo, _CA, _MFA, _EBO],
  [[0, 1], [() => VersioningConfiguration$, { [_hP]: 1, [_xN]: _VC }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xam_ }], [0, { [_hH]: _xaebo }]],
  2
];
var PutBucketWebsiteRequest$ = [
  3,
  n0,
  _PBWR,
  0,
  [_B, _WC, _CMDo, _CA, _EBO],
  [[0, 1], [() => WebsiteConfiguration$, { [_hP]: 1, [_xN]: _WC }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var PutObjectAclOutput$ = [
  3,
  n0,
  _POAO,
  0,
  [_RC],
  [[0, { [_hH]: _xarc }]]
];
var PutObjectAclRequest$ = [
  3,
  n0,
  _POAR,
  0,
  [_B, _K, _ACL_, _ACP, _CMDo, _CA, _GFC, _GR, _GRACP, _GW, _GWACP, _RP, _VI, _EBO],
  [[0, 1], [0, 1], [0, { [_hH]: _xaa }], [() => AccessControlPolicy$, { [_hP]: 1, [_xN]: _ACP }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xagfc }], [0, { [_hH]: _xagr }], [0, { [_hH]: _xagra }], [0, { [_hH]: _xagw }], [0, { [_hH]: _xagwa }], [0, { [_hH]: _xarp }], [0, { [_hQ]: _vI }], [0, { [_hH]: _xaebo }]],
  2
];
var PutObjectAnnotationOutput$ = [
  3,
  n0,
  _POAOu,
  0,
  [_K, _AN, _OVI, _ET, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _CT, _SSE, _RC],
  [0, 0, [0, { [_hH]: _xaovi }], [0, { [_hH]: _ET }], [0, { [_hH]: _xacc }], [0, { [_hH]: _xacc_ }], [0, { [_hH]: _xacc__ }], [0, { [_hH]: _xacs }], [0, { [_hH]: _xacs_ }], [0, { [_hH]: _xacs__ }], [0, { [_hH]: _xacm }], [0, { [_hH]: _xacx }], [0, { [_hH]: _xacx_ }], [0, { [_hH]: _xacx__ }], [0, { [_hH]: _xact }], [0, { [_hH]: _xasse }], [0, { [_hH]: _xarc }]]
];
var PutObjectAnnotationRequest$ = [
  3,
  n0,
  _POARu,
  0,
  [_B, _K, _AN, _AP, _VI, _OIM, _CA, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _CMDo, _RP, _EBO],
  [[0, 1], [0, 1], [0, { [_hQ]: _aN }], [() => StreamingBlob, 16], [0, { [_hQ]: _vI }], [0, { [_hH]: _xaoim }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xacc }], [0, { [_hH]: _xacc_ }], [0, { [_hH]: _xacc__ }], [0, { [_hH]: _xacs }], [0, { [_hH]: _xacs_ }], [0, { [_hH]: _xacs__ }], [0, { [_hH]: _xacm }], [0, { [_hH]: _xacx }], [0, { [_hH]: _xacx_ }], [0, { [_hH]: _xacx__ }], [0, { [_hH]: _CM }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }]],
  4
];
var PutObjectLegalHoldOutput$ = [
  3,
  n0,
  _POLHO,
  0,
  [_RC],
  [[0, { [_hH]: _xarc }]]
];
var PutObjectLegalHoldRequest$ = [
  3,
  n0,
  _POLHR,
  0,
  [_B, _K, _LH, _RP, _VI, _CMDo, _CA, _EBO],
  [[0, 1], [0, 1], [() => ObjectLockLegalHold$, { [_hP]: 1, [_xN]: _LH }], [0, { [_hH]: _xarp }], [0, { [_hQ]: _vI }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var PutObjectLockConfigurationOutput$ = [
  3,
  n0,
  _POLCO,
  0,
  [_RC],
  [[0, { [_hH]: _xarc }]]
];
var PutObjectLockConfigurationRequest$ = [
  3,
  n0,
  _POLCR,
  0,
  [_B, _OLC, _RP, _To, _CMDo, _CA, _EBO],
  [[0, 1], [() => ObjectLockConfiguration$, { [_hP]: 1, [_xN]: _OLC }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xabolt }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  1
];
var PutObjectOutput$ = [
  3,
  n0,
  _POO,
  0,
  [_Ex, _ET, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _CT, _SSE, _VI, _SSECA, _SSECKMD, _SSEKMSKI, _SSEKMSEC, _BKE, _Si, _RC],
  [[0, { [_hH]: _xae }], [0, { [_hH]: _ET }], [0, { [_hH]: _xacc }], [0, { [_hH]: _xacc_ }], [0, { [_hH]: _xacc__ }], [0, { [_hH]: _xacs }], [0, { [_hH]: _xacs_ }], [0, { [_hH]: _xacs__ }], [0, { [_hH]: _xacm }], [0, { [_hH]: _xacx }], [0, { [_hH]: _xacx_ }], [0, { [_hH]: _xacx__ }], [0, { [_hH]: _xact }], [0, { [_hH]: _xasse }], [0, { [_hH]: _xavi }], [0, { [_hH]: _xasseca }], [0, { [_hH]: _xasseckM }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [() => SSEKMSEncryptionContext, { [_hH]: _xassec }], [2, { [_hH]: _xassebke }], [1, { [_hH]: _xaos }], [0, { [_hH]: _xarc }]]
];
var PutObjectRequest$ = [
  3,
  n0,
  _POR,
  0,
  [_B, _K, _ACL_, _Bo, _CC, _CDo, _CEo, _CL, _CLo, _CMDo, _CTo, _CA, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _Exp, _IM, _INM, _GFC, _GR, _GRACP, _GWACP, _WOB, _M, _SSE, _SC, _WRL, _SSECA, _SSECK, _SSECKMD, _SSEKMSKI, _SSEKMSEC, _BKE, _RP, _Tag, _OLM, _OLRUD, _OLLHS, _OLEH, _OLEHDD, _OLEHDY, _EBO],
  [[0, 1], [0, 1], [0, { [_hH]: _xaa }], [() => StreamingBlob, 16], [0, { [_hH]: _CC_ }], [0, { [_hH]: _CD_ }], [0, { [_hH]: _CE_ }], [0, { [_hH]: _CL_ }], [1, { [_hH]: _CL__ }], [0, { [_hH]: _CM }], [0, { [_hH]: _CT_ }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xacc }], [0, { [_hH]: _xacc_ }], [0, { [_hH]: _xacc__ }], [0, { [_hH]: _xacs }], [0, { [_hH]: _xacs_ }], [0, { [_hH]: _xacs__ }], [0, { [_hH]: _xacm }], [0, { [_hH]: _xacx }], [0, { [_hH]: _xacx_ }], [0, { [_hH]: _xacx__ }], [4, { [_hH]: _Exp }], [0, { [_hH]: _IM_ }], [0, { [_hH]: _INM_ }], [0, { [_hH]: _xagfc }], [0, { [_hH]: _xagr }], [0, { [_hH]: _xagra }], [0, { [_hH]: _xagwa }], [1, { [_hH]: _xawob }], [128 | 0, { [_hPH]: _xam }], [0, { [_hH]: _xasse }], [0, { [_hH]: _xasc }], [0, { [_hH]: _xawrl }], [0, { [_hH]: _xasseca }], [() => SSECustomerKey, { [_hH]: _xasseck }], [0, { [_hH]: _xasseckM }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [() => SSEKMSEncryptionContext, { [_hH]: _xassec }], [2, { [_hH]: _xassebke }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xat }], [0, { [_hH]: _xaolm }], [5, { [_hH]: _xaolrud }], [0, { [_hH]: _xaollh }], [0, { [_hH]: _xaoleh }], [1, { [_hH]: _xaolehdd }], [1, { [_hH]: _xaolehdy }], [0, { [_hH]: _xaebo }]],
  2
];
var PutObjectRetentionOutput$ = [
  3,
  n0,
  _PORO,
  0,
  [_RC],
  [[0, { [_hH]: _xarc }]]
];
var PutObjectRetentionRequest$ = [
  3,
  n0,
  _PORR,
  0,
  [_B, _K, _Ret, _RP, _VI, _BGR, _CMDo, _CA, _EBO],
  [[0, 1], [0, 1], [() => ObjectLockRetention$, { [_hP]: 1, [_xN]: _Ret }], [0, { [_hH]: _xarp }], [0, { [_hQ]: _vI }], [2, { [_hH]: _xabgr }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var PutObjectTaggingOutput$ = [
  3,
  n0,
  _POTO,
  0,
  [_VI],
  [[0, { [_hH]: _xavi }]]
];
var PutObjectTaggingRequest$ = [
  3,
  n0,
  _POTR,
  0,
  [_B, _K, _Tag, _VI, _CMDo, _CA, _EBO, _RP],
  [[0, 1], [0, 1], [() => Tagging$, { [_hP]: 1, [_xN]: _Tag }], [0, { [_hQ]: _vI }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xarp }]],
  3
];
var PutPublicAccessBlockRequest$ = [
  3,
  n0,
  _PPABR,
  0,
  [_B, _PABC, _CMDo, _CA, _EBO],
  [[0, 1], [() => PublicAccessBlockConfiguration$, { [_hP]: 1, [_xN]: _PABC }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var QueueConfiguration$ = [
  3,
  n0,
  _QCue,
  0,
  [_QA, _Ev, _I, _F],
  [[0, { [_xN]: _Qu }], [64 | 0, { [_xF]: 1, [_xN]: _Eve }], 0, [() => NotificationConfigurationFilter$, 0]],
  2
];
var RecordExpiration$ = [
  3,
  n0,
  _REe,
  0,
  [_Ex, _D],
  [0, 1],
  1
];
var RecordsEvent$ = [
  3,
  n0,
  _REec,
  0,
  [_Payl],
  [[21, { [_eP]: 1 }]]
];
var Redirect$ = [
  3,
  n0,
  _Red,
  0,
  [_HN, _HRC, _Pro, _RKPW, _RKW],
  [0, 0, 0, 0, 0]
];
var RedirectAllRequestsTo$ = [
  3,
  n0,
  _RART,
  0,
  [_HN, _Pro],
  [0, 0],
  1
];
var RenameObjectOutput$ = [
  3,
  n0,
  _ROO,
  0,
  [],
  []
];
var RenameObjectRequest$ = [
  3,
  n0,
  _ROR,
  0,
  [_B, _K, _RSen, _DIM, _DINM, _DIMS, _DIUS, _SIM, _SINM, _SIMS, _SIUS, _CTl],
  [[0, 1], [0, 1], [0, { [_hH]: _xars_ }], [0, { [_hH]: _IM_ }], [0, { [_hH]: _INM_ }], [4, { [_hH]: _IMS_ }], [4, { [_hH]: _IUS_ }], [0, { [_hH]: _xarsim }], [0, { [_hH]: _xarsinm }], [6, { [_hH]: _xarsims }], [6, { [_hH]: _xarsius }], [0, { [_hH]: _xact_, [_iT]: 1 }]],
  3
];
var ReplicaModifications$ = [
  3,
  n0,
  _RM,
  0,
  [_S],
  [0],
  1
];
var ReplicationConfiguration$ = [
  3,
  n0,
  _RCe,
  0,
  [_R, _Ru],
  [0, [() => ReplicationRules, { [_xF]: 1, [_xN]: _Rul }]],
  2
];
var ReplicationRule$ = [
  3,
  n0,
  _RRe,
  0,
  [_S, _Des, _ID, _Pri, _P, _F, _SSC, _EOR, _DMR],
  [0, () => Destination$, 0, 1, 0, [() => ReplicationRuleFilter$, 0], () => SourceSelectionCriteria$, () => ExistingObjectReplication$, () => DeleteMarkerReplication$],
  2
];
var ReplicationRuleAndOperator$ = [
  3,
  n0,
  _RRAO,
  0,
  [_P, _T, _No],
  [0, [() => TagSet, { [_xF]: 1, [_xN]: _Ta }], [() => ReplicationRuleNotOperator$, 0]]
];
var ReplicationRuleFilter$ = [
  3,
  n0,
  _RRF,
  0,
  [_P, _Ta, _An, _No],
  [0, () => Tag$, [() => ReplicationRuleAndOperator$, 0], [() => ReplicationRuleNotOperator$, 0]]
];
var ReplicationRuleNotOperator$ = [
  3,
  n0,
  _RRNO,
  0,
  [_P, _Ta, _Or],
  [0, () => Tag$, [() => ReplicationRuleOrOperator$, 0]]
];
var ReplicationRuleOrOperator$ = [
  3,
  n0,
  _RROO,
  0,
  [_Pre, _T],
  [[() => ReplicationPrefixList, { [_xF]: 1, [_xN]: _P }], [() => TagSet, { [_xF]: 1, [_xN]: _Ta }]]
];
var ReplicationTime$ = [
  3,
  n0,
  _RT,
  0,
  [_S, _Tim],
  [0, () => ReplicationTimeValue$],
  2
];
var ReplicationTimeValue$ = [
  3,
  n0,
  _RTV,
  0,
  [_Mi],
  [1]
];
var RequestPaymentConfiguration$ = [
  3,
  n0,
  _RPC,
  0,
  [_Pay],
  [0],
  1
];
var RequestProgress$ = [
  3,
  n0,
  _RPe,
  0,
  [_Ena],
  [2]
];
var RestoreObjectOutput$ = [
  3,
  n0,
  _ROOe,
  0,
  [_RC, _ROP],
  [[0, { [_hH]: _xarc }], [0, { [_hH]: _xarop }]]
];
var RestoreObjectRequest$ = [
  3,
  n0,
  _RORe,
  0,
  [_B, _K, _VI, _RRes, _RP, _CA, _EBO],
  [[0, 1], [0, 1], [0, { [_hQ]: _vI }], [() => RestoreRequest$, { [_hP]: 1, [_xN]: _RRes }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var RestoreRequest$ = [
  3,
  n0,
  _RRes,
  0,
  [_D, _GJP, _Ty, _Ti, _Desc, _SP, _OL],
  [1, () => GlacierJobParameters$, 0, 0, 0, () => SelectParameters$, [() => OutputLocation$, 0]]
];
var RestoreStatus$ = [
  3,
  n0,
  _RSe,
  0,
  [_IRIP, _RED],
  [2, 4]
];
var RoutingRule$ = [
  3,
  n0,
  _RRo,
  0,
  [_Red, _Co],
  [() => Redirect$, () => Condition$],
  1
];
var S3KeyFilter$ = [
  3,
  n0,
  _SKF,
  0,
  [_FRi],
  [[() => FilterRuleList, { [_xF]: 1, [_xN]: _FR }]]
];
var S3Location$ = [
  3,
  n0,
  _SL,
  0,
  [_BNu, _P, _En, _CACL, _ACL, _Tag, _UM, _SC],
  [0, 0, [() => Encryption$, 0], 0, [() => Grants, 0], [() => Tagging$, 0], [() => UserMetadata, 0], 0],
  2
];
var S3TablesDestination$ = [
  3,
  n0,
  _STD,
  0,
  [_TBA, _TN],
  [0, 0],
  2
];
var S3TablesDestinationResult$ = [
  3,
  n0,
  _STDR,
  0,
  [_TBA, _TN, _TA, _TNa],
  [0, 0, 0, 0],
  4
];
var ScanRange$ = [
  3,
  n0,
  _SR,
  0,
  [_St, _End],
  [1, 1]
];
var SelectObjectContentOutput$ = [
  3,
  n0,
  _SOCO,
  0,
  [_Payl],
  [[() => SelectObjectContentEventStream$, 16]]
];
var SelectObjectContentRequest$ = [
  3,
  n0,
  _SOCR,
  0,
  [_B, _K, _Expr, _ETx, _IS, _OSu, _SSECA, _SSECK, _SSECKMD, _RPe, _SR, _EBO],
  [[0, 1], [0, 1], 0, 0, () => InputSerialization$, () => OutputSerialization$, [0, { [_hH]: _xasseca }], [() => SSECustomerKey, { [_hH]: _xasseck }], [0, { [_hH]: _xasseckM }], () => RequestProgress$, () => ScanRange$, [0, { [_hH]: _xaebo }]],
  6
];
var SelectParameters$ = [
  3,
  n0,
  _SP,
  0,
  [_IS, _ETx, _Expr, _OSu],
  [() => InputSerialization$, 0, 0, () => OutputSerialization$],
  4
];
var ServerSideEncryptionByDefault$ = [
  3,
  n0,
  _SSEBD,
  0,
  [_SSEA, _KMSMKID],
  [0, [() => SSEKMSKeyId, 0]],
  1
];
var ServerSideEncryptionConfiguration$ = [
  3,
  n0,
  _SSEC,
  0,
  [_Ru],
  [[() => ServerSideEncryptionRules, { [_xF]: 1, [_xN]: _Rul }]],
  1
];
var ServerSideEncryptionRule$ = [
  3,
  n0,
  _SSER,
  0,
  [_ASSEBD, _BKE, _BET],
  [[() => ServerSideEncryptionByDefault$, 0], 2, [() => BlockedEncryptionTypes$, 0]]
];
var SessionCredentials$ = [
  3,
  n0,
  _SCe,
  0,
  [_AKI, _SAK, _ST, _Ex],
  [[0, { [_xN]: _AKI }], [() => SessionCredentialValue, { [_xN]: _SAK }], [() => SessionCredentialValue, { [_xN]: _ST }], [4, { [_xN]: _Ex }]],
  4
];
var SimplePrefix$ = [
  3,
  n0,
  _SPi,
  { [_xN]: _SPi },
  [],
  []
];
var SourceSelectionCriteria$ = [
  3,
  n0,
  _SSC,
  0,
  [_SKEO, _RM],
  [() => SseKmsEncryptedObjects$, () => ReplicaModifications$]
];
var SSEKMS$ = [
  3,
  n0,
  _SSEKMS,
  { [_xN]: _SK },
  [_KI],
  [[() => SSEKMSKeyId, 0]],
  1
];
var SseKmsEncryptedObjects$ = [
  3,
  n0,
  _SKEO,
  0,
  [_S],
  [0],
  1
];
var SSEKMSEncryption$ = [
  3,
  n0,
  _SSEKMSE,
  { [_xN]: _SK },
  [_KMSKA, _BKE],
  [[() => NonEmptyKmsKeyArnString, 0], 2],
  1
];
var SSES3$ = [
  3,
  n0,
  _SSES,
  { [_xN]: _SS },
  [],
  []
];
var Stats$ = [
  3,
  n0,
  _Sta,
  0,
  [_BS, _BP, _BRy],
  [1, 1, 1]
];
var StatsEvent$ = [
  3,
  n0,
  _SE,
  0,
  [_Det],
  [[() => Stats$, { [_eP]: 1 }]]
];
var StorageClassAnalysis$ = [
  3,
  n0,
  _SCA,
  0,
  [_DE],
  [() => StorageClassAnalysisDataExport$]
];
var StorageClassAnalysisDataExport$ = [
  3,
  n0,
  _SCADE,
  0,
  [_OSV, _Des],
  [0, () => AnalyticsExportDestination$],
  2
];
var Tag$ = [
  3,
  n0,
  _Ta,
  0,
  [_K, _V],
  [0, 0],
  2
];
var Tagging$ = [
  3,
  n0,
  _Tag,
  0,
  [_TSa],
  [[() => TagSet, 0]],
  1
];
var TargetGrant$ = [
  3,
  n0,
  _TGa,
  0,
  [_Gra, _Pe],
  [[() => Grantee$, { [_xNm]: [_x, _hi] }], 0]
];
var TargetObjectKeyFormat$ = [
  3,
  n0,
  _TOKF,
  0,
  [_SPi, _PP],
  [[() => SimplePrefix$, { [_xN]: _SPi }], [() => PartitionedPrefix$, { [_xN]: _PP }]]
];
var Tiering$ = [
  3,
  n0,
  _Tier,
  0,
  [_D, _AT],
  [1, 0],
  2
];
var TopicConfiguration$ = [
  3,
  n0,
  _TCop,
  0,
  [_TAo, _Ev, _I, _F],
  [[0, { [_xN]: _Top }], [64 | 0, { [_xF]: 1, [_xN]: _Eve }], 0, [() => NotificationConfigurationFilter$, 0]],
  2
];
var Transition$ = [
  3,
  n0,
  _Tra,
  0,
  [_Da, _D, _SC],
  [5, 1, 0]
];
var UpdateBucketMetadataAnnotationTableConfigurationRequest$ = [
  3,
  n0,
  _UBMATCR,
  0,
  [_B, _ATC, _CMDo, _CA, _EBO],
  [[0, 1], [() => AnnotationTableConfigurationUpdates$, { [_hP]: 1, [_xN]: _ATC }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var UpdateBucketMetadataInventoryTableConfigurationRequest$ = [
  3,
  n0,
  _UBMITCR,
  0,
  [_B, _ITCn, _CMDo, _CA, _EBO],
  [[0, 1], [() => InventoryTableConfigurationUpdates$, { [_hP]: 1, [_xN]: _ITCn }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var UpdateBucketMetadataJournalTableConfigurationRequest$ = [
  3,
  n0,
  _UBMJTCR,
  0,
  [_B, _JTC, _CMDo, _CA, _EBO],
  [[0, 1], [() => JournalTableConfigurationUpdates$, { [_hP]: 1, [_xN]: _JTC }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xaebo }]],
  2
];
var UpdateObjectEncryptionRequest$ = [
  3,
  n0,
  _UOER,
  0,
  [_B, _K, _OE, _VI, _RP, _EBO, _CMDo, _CA],
  [[0, 1], [0, 1], [() => ObjectEncryption$, 16], [0, { [_hQ]: _vI }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }]],
  3
];
var UpdateObjectEncryptionResponse$ = [
  3,
  n0,
  _UOERp,
  0,
  [_RC],
  [[0, { [_hH]: _xarc }]]
];
var UploadPartCopyOutput$ = [
  3,
  n0,
  _UPCO,
  0,
  [_CSVI, _CPR, _SSE, _SSECA, _SSECKMD, _SSEKMSKI, _BKE, _RC, _VI],
  [[0, { [_hH]: _xacsvi }], [() => CopyPartResult$, 16], [0, { [_hH]: _xasse }], [0, { [_hH]: _xasseca }], [0, { [_hH]: _xasseckM }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [2, { [_hH]: _xassebke }], [0, { [_hH]: _xarc }], [0, { [_hH]: _xavi }]]
];
var UploadPartCopyRequest$ = [
  3,
  n0,
  _UPCR,
  0,
  [_B, _CSo, _K, _PN, _UI, _CSIM, _CSIMS, _CSINM, _CSIUS, _CSRo, _SSECA, _SSECK, _SSECKMD, _CSSSECA, _CSSSECK, _CSSSECKMD, _RP, _EBO, _ESBO],
  [[0, 1], [0, { [_hH]: _xacs___ }], [0, 1], [1, { [_hQ]: _pN }], [0, { [_hQ]: _uI }], [0, { [_hH]: _xacsim }], [4, { [_hH]: _xacsims }], [0, { [_hH]: _xacsinm }], [4, { [_hH]: _xacsius }], [0, { [_hH]: _xacsr }], [0, { [_hH]: _xasseca }], [() => SSECustomerKey, { [_hH]: _xasseck }], [0, { [_hH]: _xasseckM }], [0, { [_hH]: _xacssseca }], [() => CopySourceSSECustomerKey, { [_hH]: _xacssseck }], [0, { [_hH]: _xacssseckM }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }], [0, { [_hH]: _xasebo }]],
  5
];
var UploadPartOutput$ = [
  3,
  n0,
  _UPO,
  0,
  [_SSE, _ET, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _SSECA, _SSECKMD, _SSEKMSKI, _BKE, _RC, _VI],
  [[0, { [_hH]: _xasse }], [0, { [_hH]: _ET }], [0, { [_hH]: _xacc }], [0, { [_hH]: _xacc_ }], [0, { [_hH]: _xacc__ }], [0, { [_hH]: _xacs }], [0, { [_hH]: _xacs_ }], [0, { [_hH]: _xacs__ }], [0, { [_hH]: _xacm }], [0, { [_hH]: _xacx }], [0, { [_hH]: _xacx_ }], [0, { [_hH]: _xacx__ }], [0, { [_hH]: _xasseca }], [0, { [_hH]: _xasseckM }], [() => SSEKMSKeyId, { [_hH]: _xasseakki }], [2, { [_hH]: _xassebke }], [0, { [_hH]: _xarc }], [0, { [_hH]: _xavi }]]
];
var UploadPartRequest$ = [
  3,
  n0,
  _UPR,
  0,
  [_B, _K, _PN, _UI, _Bo, _CLo, _CMDo, _CA, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _SSECA, _SSECK, _SSECKMD, _RP, _EBO],
  [[0, 1], [0, 1], [1, { [_hQ]: _pN }], [0, { [_hQ]: _uI }], [() => StreamingBlob, 16], [1, { [_hH]: _CL__ }], [0, { [_hH]: _CM }], [0, { [_hH]: _xasca }], [0, { [_hH]: _xacc }], [0, { [_hH]: _xacc_ }], [0, { [_hH]: _xacc__ }], [0, { [_hH]: _xacs }], [0, { [_hH]: _xacs_ }], [0, { [_hH]: _xacs__ }], [0, { [_hH]: _xacm }], [0, { [_hH]: _xacx }], [0, { [_hH]: _xacx_ }], [0, { [_hH]: _xacx__ }], [0, { [_hH]: _xasseca }], [() => SSECustomerKey, { [_hH]: _xasseck }], [0, { [_hH]: _xasseckM }], [0, { [_hH]: _xarp }], [0, { [_hH]: _xaebo }]],
  4
];
var UseSourceMultiRegionKey$ = [
  3,
  n0,
  _USMRK,
  0,
  [_S],
  [0],
  1
];
var VersioningConfiguration$ = [
  3,
  n0,
  _VC,
  0,
  [_MFAD, _S],
  [[0, { [_xN]: _MDf }], 0]
];
var WebsiteConfiguration$ = [
  3,
  n0,
  _WC,
  0,
  [_EDr, _IDn, _RART, _RR],
  [() => ErrorDocument$, () => IndexDocument$, () => RedirectAllRequestsTo$, [() => RoutingRules, 0]]
];
var WriteGetObjectResponseRequest$ = [
  3,
  n0,
  _WGORR,
  0,
  [_RReq, _RTe, _Bo, _SCt, _ECr, _EM, _AR, _CC, _CDo, _CEo, _CL, _CLo, _CR, _CTo, _CCRC, _CCRCC, _CCRCNVME, _CSHA, _CSHAh, _CSHAhe, _CMD, _CXXHASH, _CXXHASHh, _CXXHASHhe, _DM, _ET, _Exp, _Ex, _LM, _MM, _M, _OLM, _OLLHS, _OLRUD, _PC, _RS, _RC, _Re, _SSE, _SSECA, _SSEKMSKI, _SSECKMD, _SC, _TC, _VI, _BKE],
  [[0, { [_hL]: 1, [_hH]: _xarr }], [0, { [_hH]: _xart }], [() => StreamingBlob, 16], [1, { [_hH]: _xafs }], [0, { [_hH]: _xafec }], [0, { [_hH]: _xafem }], [0, { [_hH]: _xafhar }], [0, { [_hH]: _xafhCC }], [0, { [_hH]: _xafhCD }], [0, { [_hH]: _xafhCE }], [0, { [_hH]: _xafhCL }], [1, { [_hH]: _CL__ }], [0, { [_hH]: _xafhCR }], [0, { [_hH]: _xafhCT }], [0, { [_hH]: _xafhxacc }], [0, { [_hH]: _xafhxacc_ }], [0, { [_hH]: _xafhxacc__ }], [0, { [_hH]: _xafhxacs }], [0, { [_hH]: _xafhxacs_ }], [0, { [_hH]: _xafhxacs__ }], [0, { [_hH]: _xafhxacm }], [0, { [_hH]: _xafhxacx }], [0, { [_hH]: _xafhxacx_ }], [0, { [_hH]: _xafhxacx__ }], [2, { [_hH]: _xafhxadm }], [0, { [_hH]: _xafhE }], [4, { [_hH]: _xafhE_ }], [0, { [_hH]: _xafhxae }], [4, { [_hH]: _xafhLM }], [1, { [_hH]: _xafhxamm }], [128 | 0, { [_hPH]: _xam }], [0, { [_hH]: _xafhxaolm }], [0, { [_hH]: _xafhxaollh }], [5, { [_hH]: _xafhxaolrud }], [1, { [_hH]: _xafhxampc }], [0, { [_hH]: _xafhxars }], [0, { [_hH]: _xafhxarc }], [0, { [_hH]: _xafhxar }], [0, { [_hH]: _xafhxasse }], [0, { [_hH]: _xafhxasseca }], [() => SSEKMSKeyId, { [_hH]: _xafhxasseakki }], [0, { [_hH]: _xafhxasseckM }], [0, { [_hH]: _xafhxasc }], [1, { [_hH]: _xafhxatc }], [0, { [_hH]: _xafhxavi }], [2, { [_hH]: _xafhxassebke }]],
  2
];
var __Unit = "unit";
var AllowedHeaders = 64 | 0;
var AllowedMethods = 64 | 0;
var AllowedOrigins = 64 | 0;
var AnalyticsConfigurationList = [
  1,
  n0,
  _ACLn,
  0,
  [
    () => AnalyticsConfiguration$,
    0
  ]
];
var AnnotationList = [
  1,
  n0,
  _AL,
  0,
  [
    () => AnnotationEntry$,
    { [_xN]: _AE }
  ]
];
var Buckets = [
  1,
  n0,
  _Bu,
  0,
  [
    () => Bucket$,
    { [_xN]: _B }
  ]
];
var ChecksumAlgorithmList = 64 | 0;
var CommonPrefixList = [
  1,
  n0,
  _CPL,
  0,
  () => CommonPrefix$
];
var CompletedPartList = [
  1,
  n0,
  _CPLo,
  0,
  () => CompletedPart$
];
var CORSRules = [
  1,
  n0,
  _CORSR,
  0,
  [
    () => CORSRule$,
    0
  ]
];
var DeletedObjects = [
  1,
  n0,
  _DOe,
  0,
  () => DeletedObject$
];
var DeleteMarkers = [
  1,
  n0,
  _DMe,
  0,
  () => DeleteMarkerEntry$
];
var EncryptionTypeList = [
  1,
  n0,
  _ETL,
  0,
  [
    0,
    { [_xN]: _ETn }
  ]
];
var Errors = [
  1,
  n0,
  _Er,
  0,
  () => _Error$
];
var EventList = 64 | 0;
var ExposeHeaders = 64 | 0;
var FilterRuleList = [
  1,
  n0,
  _FRL,
  0,
  () => FilterRule$
];
var Grants = [
  1,
  n0,
  _G,
  0,
  [
    () => Grant$,
    { [_xN]: _Gr }
  ]
];
var IntelligentTieringConfigurationList = [
  1,
  n0,
  _ITCL,
  0,
  [
    () => IntelligentTieringConfiguration$,
    0
  ]
];
var InventoryConfigurationList = [
  1,
  n0,
  _ICL,
  0,
  [
    () => InventoryConfiguration$,
    0
  ]
];
var InventoryOptionalFields = [
  1,
  n0,
  _IOF,
  0,
  [
    0,
    { [_xN]: _Fi }
  ]
];
var LambdaFunctionConfigurationList = [
  1,
  n0,
  _LFCL,
  0,
  [
    () => LambdaFunctionConfiguration$,
    0
  ]
];
var LifecycleRules = [
  1,
  n0,
  _LRi,
  0,
  [
    () => LifecycleRule$,
    0
  ]
];
var MetricsConfigurationList = [
  1,
  n0,
  _MCL,
  0,
  [
    () => MetricsConfiguration$,
    0
  ]
];
var MultipartUploadList = [
  1,
  n0,
  _MUL,
  0,
  () => MultipartUpload$
];
var NoncurrentVersionTransitionList = [
  1,
  n0,
  _NVTL,
  0,
  () => NoncurrentVersionTransition$
];
var ObjectAttributesList = 64 | 0;
var ObjectIdentifierList = [
  1,
  n0,
  _OIL,
  0,
  () => ObjectIdentifier$
];
var ObjectList = [
  1,
  n0,
  _OLb,
  0,
  [
    () => _Object$,
    0
  ]
];
var ObjectVersionList = [
  1,
  n0,
  _OVL,
  0,
  [
    () => ObjectVersion$,
    0
  ]
];
var OptionalObjectAttributesList = 64 | 0;
var OwnershipControlsRules = [
  1,
  n0,
  _OCRw,
  0,
  () => OwnershipControlsRule$
];
var Parts = [
  1,
  n0,
  _Pa,
  0,
  () => Part$
];
var PartsList = [
  1,
  n0,
  _PL,
  0,
  () => ObjectPart$
];
var QueueConfigurationList = [
  1,
  n0,
  _QCL,
  0,
  [
    () => QueueConfiguration$,
    0
  ]
];
var ReplicationPrefixList = [
  1,
  n0,
  _RPL,
  0,
  [
    0,
    { [_xN]: _P }
  ]
];
var ReplicationRules = [
  1,
  n0,
  _RRep,
  0,
  [
    () => ReplicationRule$,
    0
  ]
];
var RoutingRules = [
  1,
  n0,
  _RR,
  0,
  [
    () => RoutingRule$,
    { [_xN]: _RRo }
  ]
];
var ServerSideEncryptionRules = [
  1,
  n0,
  _SSERe,
  0,
  [
    () => ServerSideEncryptionRule$,
    0
  ]
];
var TagSet = [
  1,
  n0,
  _TSa,
  0,
  [
    () => Tag$,
    { [_xN]: _Ta }
  ]
];
var TargetGrants = [
  1,
  n0,
  _TG,
  0,
  [
    () => TargetGrant$,
    { [_xN]: _Gr }
  ]
];
var TieringList = [
  1,
  n0,
  _TL,
  0,
  () => Tiering$
];
var TopicConfigurationList = [
  1,
  n0,
  _TCL,
  0,
  [
    () => TopicConfiguration$,
    0
  ]
];
var TransitionList = [
  1,
  n0,
  _TLr,
  0,
  () => Transition$
];
var UserMetadata = [
  1,
  n0,
  _UM,
  0,
  [
    () => MetadataEntry$,
    { [_xN]: _ME }
  ]
];
var Metadata = 128 | 0;
var AnalyticsFilter$ = [
  4,
  n0,
  _AF,
  0,
  [_P, _Ta, _An],
  [0, () => Tag$, [() => AnalyticsAndOperator$, 0]]
];
var MetricsFilter$ = [
  4,
  n0,
  _MF,
  0,
  [_P, _Ta, _APAc, _An],
  [0, () => Tag$, 0, [() => MetricsAndOperator$, 0]]
];
var ObjectEncryption$ = [
  4,
  n0,
  _OE,
  0,
  [_SSEKMS],
  [[() => SSEKMSEncryption$, { [_xN]: _SK }]]
];
var SelectObjectContentEventStream$ = [
  4,
  n0,
  _SOCES,
  { [_st]: 1 },
  [_Rec, _Sta, _Pr, _Cont, _End],
  [[() => RecordsEvent$, 0], [() => StatsEvent$, 0], [() => ProgressEvent$, 0], () => ContinuationEvent$, () => EndEvent$]
];
var AbortMultipartUpload$ = [
  9,
  n0,
  _AMU,
  { [_h]: ["DELETE", "/{Key+}?x-id=AbortMultipartUpload", 204] },
  () => AbortMultipartUploadRequest$,
  () => AbortMultipartUploadOutput$
];
var CompleteMultipartUpload$ = [
  9,
  n0,
  _CMUo,
  { [_h]: ["POST", "/{Key+}", 200] },
  () => CompleteMultipartUploadRequest$,
  () => CompleteMultipartUploadOutput$
];
var CopyObject$ = [
  9,
  n0,
  _CO,
  { [_h]: ["PUT", "/{Key+}?x-id=CopyObject", 200] },
  () => CopyObjectRequest$,
  () => CopyObjectOutput$
];
var CreateBucket$ = [
  9,
  n0,
  _CB,
  { [_h]: ["PUT", "/", 200] },
  () => CreateBucketRequest$,
  () => CreateBucketOutput$
];
var CreateBucketMetadataConfiguration$ = [
  9,
  n0,
  _CBMC,
  { [_hC]: "-", [_h]: ["POST", "/?metadataConfiguration", 200] },
  () => CreateBucketMetadataConfigurationRequest$,
  () => __Unit
];
var CreateBucketMetadataTableConfiguration$ = [
  9,
  n0,
  _CBMTC,
  { [_hC]: "-", [_h]: ["POST", "/?metadataTable", 200] },
  () => CreateBucketMetadataTableConfigurationRequest$,
  () => __Unit
];
var CreateMultipartUpload$ = [
  9,
  n0,
  _CMUr,
  { [_h]: ["POST", "/{Key+}?uploads", 200] },
  () => CreateMultipartUploadRequest$,
  () => CreateMultipartUploadOutput$
];
var CreateSession$ = [
  9,
  n0,
  _CSr,
  { [_h]: ["GET", "/?session", 200] },
  () => CreateSessionRequest$,
  () => CreateSessionOutput$
];
var DeleteBucket$ = [
  9,
  n0,
  _DB,
  { [_h]: ["DELETE", "/", 204] },
  () => DeleteBucketRequest$,
  () => __Unit
];
var DeleteBucketAnalyticsConfiguration$ = [
  9,
  n0,
  _DBAC,
  { [_h]: ["DELETE", "/?analytics", 204] },
  () => DeleteBucketAnalyticsConfigurationRequest$,
  () => __Unit
];
var DeleteBucketCors$ = [
  9,
  n0,
  _DBC,
  { [_h]: ["DELETE", "/?cors", 204] },
  () => DeleteBucketCorsRequest$,
  () => __Unit
];
var DeleteBucketEncryption$ = [
  9,
  n0,
  _DBE,
  { [_h]: ["DELETE", "/?encryption", 204] },
  () => DeleteBucketEncryptionRequest$,
  () => __Unit
];
var DeleteBucketIntelligentTieringConfiguration$ = [
  9,
  n0,
  _DBITC,
  { [_h]: ["DELETE", "/?intelligent-tiering", 204] },
  () => DeleteBucketIntelligentTieringConfigurationRequest$,
  () => __Unit
];
var DeleteBucketInventoryConfiguration$ = [
  9,
  n0,
  _DBIC,
  { [_h]: ["DELETE", "/?inventory", 204] },
  () => DeleteBucketInventoryConfigurationRequest$,
  () => __Unit
];
var DeleteBucketLifecycle$ = [
  9,
  n0,
  _DBL,
  { [_h]: ["DELETE", "/?lifecycle", 204] },
  () => DeleteBucketLifecycleRequest$,
  () => __Unit
];
var DeleteBucketMetadataConfiguration$ = [
  9,
  n0,
  _DBMC,
  { [_h]: ["DELETE", "/?metadataConfiguration", 204] },
  () => DeleteBucketMetadataConfigurationRequest$,
  () => __Unit
];
var DeleteBucketMetadataTableConfiguration$ = [
  9,
  n0,
  _DBMTC,
  { [_h]: ["DELETE", "/?metadataTable", 204] },
  () => DeleteBucketMetadataTableConfigurationRequest$,
  () => __Unit
];
var DeleteBucketMetricsConfiguration$ = [
  9,
  n0,
  _DBMCe,
  { [_h]: ["DELETE", "/?metrics", 204] },
  () => DeleteBucketMetricsConfigurationRequest$,
  () => __Unit
];
var DeleteBucketOwnershipControls$ = [
  9,
  n0,
  _DBOC,
  { [_h]: ["DELETE", "/?ownershipControls", 204] },
  () => DeleteBucketOwnershipControlsRequest$,
  () => __Unit
];
var DeleteBucketPolicy$ = [
  9,
  n0,
  _DBP,
  { [_h]: ["DELETE", "/?policy", 204] },
  () => DeleteBucketPolicyRequest$,
  () => __Unit
];
var DeleteBucketReplication$ = [
  9,
  n0,
  _DBRe,
  { [_h]: ["DELETE", "/?replication", 204] },
  () => DeleteBucketReplicationRequest$,
  () => __Unit
];
var DeleteBucketTagging$ = [
  9,
  n0,
  _DBT,
  { [_h]: ["DELETE", "/?tagging", 204] },
  () => DeleteBucketTaggingRequest$,
  () => __Unit
];
var DeleteBucketWebsite$ = [
  9,
  n0,
  _DBW,
  { [_h]: ["DELETE", "/?website", 204] },
  () => DeleteBucketWebsiteRequest$,
  () => __Unit
];
var DeleteObject$ = [
  9,
  n0,
  _DOel,
  { [_h]: ["DELETE", "/{Key+}?x-id=DeleteObject", 204] },
  () => DeleteObjectRequest$,
  () => DeleteObjectOutput$
];
var DeleteObjectAnnotation$ = [
  9,
  n0,
  _DOA,
  { [_h]: ["DELETE", "/{Key+}?annotation", 204] },
  () => DeleteObjectAnnotationRequest$,
  () => DeleteObjectAnnotationOutput$
];
var DeleteObjects$ = [
  9,
  n0,
  _DOele,
  { [_hC]: "-", [_h]: ["POST", "/?delete", 200] },
  () => DeleteObjectsRequest$,
  () => DeleteObjectsOutput$
];
var DeleteObjectTagging$ = [
  9,
  n0,
  _DOT,
  { [_h]: ["DELETE", "/{Key+}?tagging", 204] },
  () => DeleteObjectTaggingRequest$,
  () => DeleteObjectTaggingOutput$
];
var DeletePublicAccessBlock$ = [
  9,
  n0,
  _DPAB,
  { [_h]: ["DELETE", "/?publicAccessBlock", 204] },
  () => DeletePublicAccessBlockRequest$,
  () => __Unit
];
var GetBucketAbac$ = [
  9,
  n0,
  _GBA,
  { [_h]: ["GET", "/?abac", 200] },
  () => GetBucketAbacRequest$,
  () => GetBucketAbacOutput$
];
var GetBucketAccelerateConfiguration$ = [
  9,
  n0,
  _GBAC,
  { [_h]: ["GET", "/?accelerate", 200] },
  () => GetBucketAccelerateConfigurationRequest$,
  () => GetBucketAccelerateConfigurationOutput$
];
var GetBucketAcl$ = [
  9,
  n0,
  _GBAe,
  { [_h]: ["GET", "/?acl", 200] },
  () => GetBucketAclRequest$,
  () => GetBucketAclOutput$
];
var GetBucketAnalyticsConfiguration$ = [
  9,
  n0,
  _GBACe,
  { [_h]: ["GET", "/?analytics&x-id=GetBucketAnalyticsConfiguration", 200] },
  () => GetBucketAnalyticsConfigurationRequest$,
  () => GetBucketAnalyticsConfigurationOutput$
];
var GetBucketCors$ = [
  9,
  n0,
  _GBC,
  { [_h]: ["GET", "/?cors", 200] },
  () => GetBucketCorsRequest$,
  () => GetBucketCorsOutput$
];
var GetBucketEncryption$ = [
  9,
  n0,
  _GBE,
  { [_h]: ["GET", "/?encryption", 200] },
  () => GetBucketEncryptionRequest$,
  () => GetBucketEncryptionOutput$
];
var GetBucketIntelligentTieringConfiguration$ = [
  9,
  n0,
  _GBITC,
  { [_h]: ["GET", "/?intelligent-tiering&x-id=GetBucketIntelligentTieringConfiguration", 200] },
  () => GetBucketIntelligentTieringConfigurationRequest$,
  () => GetBucketIntelligentTieringConfigurationOutput$
];
var GetBucketInventoryConfiguration$ = [
  9,
  n0,
  _GBIC,
  { [_h]: ["GET", "/?inventory&x-id=GetBucketInventoryConfiguration", 200] },
  () => GetBucketInventoryConfigurationRequest$,
  () => GetBucketInventoryConfigurationOutput$
];
var GetBucketLifecycleConfiguration$ = [
  9,
  n0,
  _GBLC,
  { [_h]: ["GET", "/?lifecycle", 200] },
  () => GetBucketLifecycleConfigurationRequest$,
  () => GetBucketLifecycleConfigurationOutput$
];
var GetBucketLocation$ = [
  9,
  n0,
  _GBL,
  { [_h]: ["GET", "/?location", 200] },
  () => GetBucketLocationRequest$,
  () => GetBucketLocationOutput$
];
var GetBucketLogging$ = [
  9,
  n0,
  _GBLe,
  { [_h]: ["GET", "/?logging", 200] },
  () => GetBucketLoggingRequest$,
  () => GetBucketLoggingOutput$
];
var GetBucketMetadataConfiguration$ = [
  9,
  n0,
  _GBMC,
  { [_h]: ["GET", "/?metadataConfiguration", 200] },
  () => GetBucketMetadataConfigurationRequest$,
  () => GetBucketMetadataConfigurationOutput$
];
var GetBucketMetadataTableConfiguration$ = [
  9,
  n0,
  _GBMTC,
  { [_h]: ["GET", "/?metadataTable", 200] },
  () => GetBucketMetadataTableConfigurationRequest$,
  () => GetBucketMetadataTableConfigurationOutput$
];
var GetBucketMetricsConfiguration$ = [
  9,
  n0,
  _GBMCe,
  { [_h]: ["GET", "/?metrics&x-id=GetBucketMetricsConfiguration", 200] },
  () => GetBucketMetricsConfigurationRequest$,
  () => GetBucketMetricsConfigurationOutput$
];
var GetBucketNotificationConfiguration$ = [
  9,
  n0,
  _GBNC,
  { [_h]: ["GET", "/?notification", 200] },
  () => GetBucketNotificationConfigurationRequest$,
  () => NotificationConfiguration$
];
var GetBucketOwnershipControls$ = [
  9,
  n0,
  _GBOC,
  { [_h]: ["GET", "/?ownershipControls", 200] },
  () => GetBucketOwnershipControlsRequest$,
  () => GetBucketOwnershipControlsOutput$
];
var GetBucketPolicy$ = [
  9,
  n0,
  _GBP,
  { [_h]: ["GET", "/?policy", 200] },
  () => GetBucketPolicyRequest$,
  () => GetBucketPolicyOutput$
];
var GetBucketPolicyStatus$ = [
  9,
  n0,
  _GBPS,
  { [_h]: ["GET", "/?policyStatus", 200] },
  () => GetBucketPolicyStatusRequest$,
  () => GetBucketPolicyStatusOutput$
];
var GetBucketReplication$ = [
  9,
  n0,
  _GBR,
  { [_h]: ["GET", "/?replication", 200] },
  () => GetBucketReplicationRequest$,
  () => GetBucketReplicationOutput$
];
var GetBucketRequestPayment$ = [
  9,
  n0,
  _GBRP,
  { [_h]: ["GET", "/?requestPayment", 200] },
  () => GetBucketRequestPaymentRequest$,
  () => GetBucketRequestPaymentOutput$
];
var GetBucketTagging$ = [
  9,
  n0,
  _GBT,
  { [_h]: ["GET", "/?tagging", 200] },
  () => GetBucketTaggingRequest$,
  () => GetBucketTaggingOutput$
];
var GetBucketVersioning$ = [
  9,
  n0,
  _GBV,
  { [_h]: ["GET", "/?versioning", 200] },
  () => GetBucketVersioningRequest$,
  () => GetBucketVersioningOutput$
];
var GetBucketWebsite$ = [
  9,
  n0,
  _GBW,
  { [_h]: ["GET", "/?website", 200] },
  () => GetBucketWebsiteRequest$,
  () => GetBucketWebsiteOutput$
];
var GetObject$ = [
  9,
  n0,
  _GO,
  { [_hC]: "-", [_h]: ["GET", "/{Key+}?x-id=GetObject", 200] },
  () => GetObjectRequest$,
  () => GetObjectOutput$
];
var GetObjectAcl$ = [
  9,
  n0,
  _GOA,
  { [_h]: ["GET", "/{Key+}?acl", 200] },
  () => GetObjectAclRequest$,
  () => GetObjectAclOutput$
];
var GetObjectAnnotation$ = [
  9,
  n0,
  _GOAe,
  { [_hC]: "-", [_h]: ["GET", "/{Key+}?annotation&x-id=GetObjectAnnotation", 200] },
  () => GetObjectAnnotationRequest$,
  () => GetObjectAnnotationOutput$
];
var GetObjectAttributes$ = [
  9,
  n0,
  _GOAet,
  { [_h]: ["GET", "/{Key+}?attributes", 200] },
  () => GetObjectAttributesRequest$,
  () => GetObjectAttributesOutput$
];
var GetObjectLegalHold$ = [
  9,
  n0,
  _GOLH,
  { [_h]: ["GET", "/{Key+}?legal-hold", 200] },
  () => GetObjectLegalHoldRequest$,
  () => GetObjectLegalHoldOutput$
];
var GetObjectLockConfiguration$ = [
  9,
  n0,
  _GOLC,
  { [_h]: ["GET", "/?object-lock", 200] },
  () => GetObjectLockConfigurationRequest$,
  () => GetObjectLockConfigurationOutput$
];
var GetObjectRetention$ = [
  9,
  n0,
  _GORe,
  { [_h]: ["GET", "/{Key+}?retention", 200] },
  () => GetObjectRetentionRequest$,
  () => GetObjectRetentionOutput$
];
var GetObjectTagging$ = [
  9,
  n0,
  _GOT,
  { [_h]: ["GET", "/{Key+}?tagging", 200] },
  () => GetObjectTaggingRequest$,
  () => GetObjectTaggingOutput$
];
var GetObjectTorrent$ = [
  9,
  n0,
  _GOTe,
  { [_h]: ["GET", "/{Key+}?torrent", 200] },
  () => GetObjectTorrentRequest$,
  () => GetObjectTorrentOutput$
];
var GetPublicAccessBlock$ = [
  9,
  n0,
  _GPAB,
  { [_h]: ["GET", "/?publicAccessBlock", 200] },
  () => GetPublicAccessBlockRequest$,
  () => GetPublicAccessBlockOutput$
];
var HeadBucket$ = [
  9,
  n0,
  _HB,
  { [_h]: ["HEAD", "/", 200] },
  () => HeadBucketRequest$,
  () => HeadBucketOutput$
];
var HeadObject$ = [
  9,
  n0,
  _HO,
  { [_h]: ["HEAD", "/{Key+}", 200] },
  () => HeadObjectRequest$,
  () => HeadObjectOutput$
];
var ListBucketAnalyticsConfigurations$ = [
  9,
  n0,
  _LBAC,
  { [_h]: ["GET", "/?analytics&x-id=ListBucketAnalyticsConfigurations", 200] },
  () => ListBucketAnalyticsConfigurationsRequest$,
  () => ListBucketAnalyticsConfigurationsOutput$
];
var ListBucketIntelligentTieringConfigurations$ = [
  9,
  n0,
  _LBITC,
  { [_h]: ["GET", "/?intelligent-tiering&x-id=ListBucketIntelligentTieringConfigurations", 200] },
  () => ListBucketIntelligentTieringConfigurationsRequest$,
  () => ListBucketIntelligentTieringConfigurationsOutput$
];
var ListBucketInventoryConfigurations$ = [
  9,
  n0,
  _LBIC,
  { [_h]: ["GET", "/?inventory&x-id=ListBucketInventoryConfigurations", 200] },
  () => ListBucketInventoryConfigurationsRequest$,
  () => ListBucketInventoryConfigurationsOutput$
];
var ListBucketMetricsConfigurations$ = [
  9,
  n0,
  _LBMC,
  { [_h]: ["GET", "/?metrics&x-id=ListBucketMetricsConfigurations", 200] },
  () => ListBucketMetricsConfigurationsRequest$,
  () => ListBucketMetricsConfigurationsOutput$
];
var ListBuckets$ = [
  9,
  n0,
  _LB,
  { [_h]: ["GET", "/?x-id=ListBuckets", 200] },
  () => ListBucketsRequest$,
  () => ListBucketsOutput$
];
var ListDirectoryBuckets$ = [
  9,
  n0,
  _LDB,
  { [_h]: ["GET", "/?x-id=ListDirectoryBuckets", 200] },
  () => ListDirectoryBucketsRequest$,
  () => ListDirectoryBucketsOutput$
];
var ListMultipartUploads$ = [
  9,
  n0,
  _LMU,
  { [_h]: ["GET", "/?uploads", 200] },
  () => ListMultipartUploadsRequest$,
  () => ListMultipartUploadsOutput$
];
var ListObjectAnnotations$ = [
  9,
  n0,
  _LOA,
  { [_h]: ["GET", "/{Key+}?annotation&x-id=ListObjectAnnotations", 200] },
  () => ListObjectAnnotationsRequest$,
  () => ListObjectAnnotationsOutput$
];
var ListObjects$ = [
  9,
  n0,
  _LO,
  { [_h]: ["GET", "/", 200] },
  () => ListObjectsRequest$,
  () => ListObjectsOutput$
];
var ListObjectsV2$ = [
  9,
  n0,
  _LOV,
  { [_h]: ["GET", "/?list-type=2", 200] },
  () => ListObjectsV2Request$,
  () => ListObjectsV2Output$
];
var ListObjectVersions$ = [
  9,
  n0,
  _LOVi,
  { [_h]: ["GET", "/?versions", 200] },
  () => ListObjectVersionsRequest$,
  () => ListObjectVersionsOutput$
];
var ListParts$ = [
  9,
  n0,
  _LP,
  { [_h]: ["GET", "/{Key+}?x-id=ListParts", 200] },
  () => ListPartsRequest$,
  () => ListPartsOutput$
];
var PutBucketAbac$ = [
  9,
  n0,
  _PBA,
  { [_hC]: "-", [_h]: ["PUT", "/?abac", 200] },
  () => PutBucketAbacRequest$,
  () => __Unit
];
var PutBucketAccelerateConfiguration$ = [
  9,
  n0,
  _PBAC,
  { [_hC]: "-", [_h]: ["PUT", "/?accelerate", 200] },
  () => PutBucketAccelerateConfigurationRequest$,
  () => __Unit
];
var PutBucketAcl$ = [
  9,
  n0,
  _PBAu,
  { [_hC]: "-", [_h]: ["PUT", "/?acl", 200] },
  () => PutBucketAclRequest$,
  () => __Unit
];
var PutBucketAnalyticsConfiguration$ = [
  9,
  n0,
  _PBACu,
  { [_h]: ["PUT", "/?analytics", 200] },
  () => PutBucketAnalyticsConfigurationRequest$,
  () => __Unit
];
var PutBucketCors$ = [
  9,
  n0,
  _PBC,
  { [_hC]: "-", [_h]: ["PUT", "/?cors", 200] },
  () => PutBucketCorsRequest$,
  () => __Unit
];
var PutBucketEncryption$ = [
  9,
  n0,
  _PBE,
  { [_hC]: "-", [_h]: ["PUT", "/?encryption", 200] },
  () => PutBucketEncryptionRequest$,
  () => __Unit
];
var PutBucketIntelligentTieringConfiguration$ = [
  9,
  n0,
  _PBITC,
  { [_h]: ["PUT", "/?intelligent-tiering", 200] },
  () => PutBucketIntelligentTieringConfigurationRequest$,
  () => __Unit
];
var PutBucketInventoryConfiguration$ = [
  9,
  n0,
  _PBIC,
  { [_h]: ["PUT", "/?inventory", 200] },
  () => PutBucketInventoryConfigurationRequest$,
  () => __Unit
];
var PutBucketLifecycleConfiguration$ = [
  9,
  n0,
  _PBLC,
  { [_hC]: "-", [_h]: ["PUT", "/?lifecycle", 200] },
  () => PutBucketLifecycleConfigurationRequest$,
  () => PutBucketLifecycleConfigurationOutput$
];
var PutBucketLogging$ = [
  9,
  n0,
  _PBL,
  { [_hC]: "-", [_h]: ["PUT", "/?logging", 200] },
  () => PutBucketLoggingRequest$,
  () => __Unit
];
var PutBucketMetricsConfiguration$ = [
  9,
  n0,
  _PBMC,
  { [_h]: ["PUT", "/?metrics", 200] },
  () => PutBucketMetricsConfigurationRequest$,
  () => __Unit
];
var PutBucketNotificationConfiguration$ = [
  9,
  n0,
  _PBNC,
  { [_h]: ["PUT", "/?notification", 200] },
  () => PutBucketNotificationConfigurationRequest$,
  () => __Unit
];
var PutBucketOwnershipControls$ = [
  9,
  n0,
  _PBOC,
  { [_hC]: "-", [_h]: ["PUT", "/?ownershipControls", 200] },
  () => PutBucketOwnershipControlsRequest$,
  () => __Unit
];
var PutBucketPolicy$ = [
  9,
  n0,
  _PBP,
  { [_hC]: "-", [_h]: ["PUT", "/?policy", 200] },
  () => PutBucketPolicyRequest$,
  () => __Unit
];
var PutBucketReplication$ = [
  9,
  n0,
  _PBR,
  { [_hC]: "-", [_h]: ["PUT", "/?replication", 200] },
  () => PutBucketReplicationRequest$,
  () => __Unit
];
var PutBucketRequestPayment$ = [
  9,
  n0,
  _PBRP,
  { [_hC]: "-", [_h]: ["PUT", "/?requestPayment", 200] },
  () => PutBucketRequestPaymentRequest$,
  () => __Unit
];
var PutBucketTagging$ = [
  9,
  n0,
  _PBT,
  { [_hC]: "-", [_h]: ["PUT", "/?tagging", 200] },
  () => PutBucketTaggingRequest$,
  () => __Unit
];
var PutBucketVersioning$ = [
  9,
  n0,
  _PBV,
  { [_hC]: "-", [_h]: ["PUT", "/?versioning", 200] },
  () => PutBucketVersioningRequest$,
  () => __Unit
];
var PutBucketWebsite$ = [
  9,
  n0,
  _PBW,
  { [_hC]: "-", [_h]: ["PUT", "/?website", 200] },
  () => PutBucketWebsiteRequest$,
  () => __Unit
];
var PutObject$ = [
  9,
  n0,
  _PO,
  { [_hC]: "-", [_h]: ["PUT", "/{Key+}?x-id=PutObject", 200] },
  () => PutObjectRequest$,
  () => PutObjectOutput$
];
var PutObjectAcl$ = [
  9,
  n0,
  _POA,
  { [_hC]: "-", [_h]: ["PUT", "/{Key+}?acl", 200] },
  () => PutObjectAclRequest$,
  () => PutObjectAclOutput$
];
var PutObjectAnnotation$ = [
  9,
  n0,
  _POAu,
  { [_hC]: "-", [_h]: ["PUT", "/{Key+}?annotation", 200] },
  () => PutObjectAnnotationRequest$,
  () => PutObjectAnnotationOutput$
];
var PutObjectLegalHold$ = [
  9,
  n0,
  _POLH,
  { [_hC]: "-", [_h]: ["PUT", "/{Key+}?legal-hold", 200] },
  () => PutObjectLegalHoldRequest$,
  () => PutObjectLegalHoldOutput$
];
var PutObjectLockConfiguration$ = [
  9,
  n0,
  _POLC,
  { [_hC]: "-", [_h]: ["PUT", "/?object-lock", 200] },
  () => PutObjectLockConfigurationRequest$,
  () => PutObjectLockConfigurationOutput$
];
var PutObjectRetention$ = [
  9,
  n0,
  _PORu,
  { [_hC]: "-", [_h]: ["PUT", "/{Key+}?retention", 200] },
  () => PutObjectRetentionRequest$,
  () => PutObjectRetentionOutput$
];
var PutObjectTagging$ = [
  9,
  n0,
  _POT,
  { [_hC]: "-", [_h]: ["PUT", "/{Key+}?tagging", 200] },
  () => PutObjectTaggingRequest$,
  () => PutObjectTaggingOutput$
];
var PutPublicAccessBlock$ = [
  9,
  n0,
  _PPAB,
  { [_hC]: "-", [_h]: ["PUT", "/?publicAccessBlock", 200] },
  () => PutPublicAccessBlockRequest$,
  () => __Unit
];
var RenameObject$ = [
  9,
  n0,
  _RO,
  { [_h]: ["PUT", "/{Key+}?renameObject", 200] },
  () => RenameObjectRequest$,
  () => RenameObjectOutput$
];
var RestoreObject$ = [
  9,
  n0,
  _ROe,
  { [_hC]: "-", [_h]: ["POST", "/{Key+}?restore", 200] },
  () => RestoreObjectRequest$,
  () => RestoreObjectOutput$
];
var SelectObjectContent$ = [
  9,
  n0,
  _SOC,
  { [_h]: ["POST", "/{Key+}?select&select-type=2", 200] },
  () => SelectObjectContentRequest$,
  () => SelectObjectContentOutput$
];
var UpdateBucketMetadataAnnotationTableConfiguration$ = [
  9,
  n0,
  _UBMATC,
  { [_hC]: "-", [_h]: ["PUT", "/?metadataAnnotationTable", 200] },
  () => UpdateBucketMetadataAnnotationTableConfigurationRequest$,
  () => __Unit
];
var UpdateBucketMetadataInventoryTableConfiguration$ = [
  9,
  n0,
  _UBMITC,
  { [_hC]: "-", [_h]: ["PUT", "/?metadataInventoryTable", 200] },
  () => UpdateBucketMetadataInventoryTableConfigurationRequest$,
  () => __Unit
];
var UpdateBucketMetadataJournalTableConfiguration$ = [
  9,
  n0,
  _UBMJTC,
  { [_hC]: "-", [_h]: ["PUT", "/?metadataJournalTable", 200] },
  () => UpdateBucketMetadataJournalTableConfigurationRequest$,
  () => __Unit
];
var UpdateObjectEncryption$ = [
  9,
  n0,
  _UOE,
  { [_hC]: "-", [_h]: ["PUT", "/{Key+}?encryption", 200] },
  () => UpdateObjectEncryptionRequest$,
  () => UpdateObjectEncryptionResponse$
];
var UploadPart$ = [
  9,
  n0,
  _UP,
  { [_hC]: "-", [_h]: ["PUT", "/{Key+}?x-id=UploadPart", 200] },
  () => UploadPartRequest$,
  () => UploadPartOutput$
];
var UploadPartCopy$ = [
  9,
  n0,
  _UPC,
  { [_h]: ["PUT", "/{Key+}?x-id=UploadPartCopy", 200] },
  () => UploadPartCopyRequest$,
  () => UploadPartCopyOutput$
];
var WriteGetObjectResponse$ = [
  9,
  n0,
  _WGOR,
  { [_en]: ["{RequestRoute}."], [_h]: ["POST", "/WriteGetObjectResponse", 200] },
  () => WriteGetObjectResponseRequest$,
  () => __Unit
];

// node_modules/@aws-sdk/client-s3/dist-es/commands/CreateSessionCommand.js
var CreateSessionCommand = class extends command(_ep4, _mw0, "CreateSession", CreateSession$) {
};

// node_modules/@aws-sdk/client-s3/package.json
var package_default = {
  name: "@aws-sdk/client-s3",
  version: "3.1175.0",
  description: "AWS SDK for JavaScript S3 Client for Node.js, Browser and React Native",
  homepage: "https://github.com/aws/aws-sdk-js-v3/tree/main/clients/client-s3",
  license: "Apache-2.0",
  author: {
    name: "AWS SDK for JavaScript Team",
    url: "https://aws.amazon.com/sdk-for-javascript/"
  },
  repository: {
    type: "git",
    url: "https://github.com/aws/aws-sdk-js-v3.git",
    directory: "clients/client-s3"
  },
  files: [
    "dist-*/**"
  ],
  sideEffects: false,
  main: "./dist-cjs/index.js",
  module: "./dist-es/index.js",
  browser: {
    "./dist-es/runtimeConfig": "./dist-es/runtimeConfig.browser"
  },
  types: "./dist-types/index.d.ts",
  typesVersions: {
    "<4.5": {
      "dist-types/*": [
        "dist-types/ts3.4/*"
      ]
    }
  },
  "react-native": {
    "./dist-es/runtimeConfig": "./dist-es/runtimeConfig.native"
  },
  scripts: {
    build: "concurrently 'yarn:build:types' 'yarn:build:es' && yarn build:cjs",
    "build:cjs": "node ../../scripts/compilation/inline",
    "build:es": "premove dist-es && tsc -p tsconfig.es.json",
    "build:include:deps": 'yarn g:turbo run build -F="$npm_package_name"',
    "build:types": "premove dist-types && tsc -p tsconfig.types.json",
    "build:types:downlevel": "downlevel-dts dist-types dist-types/ts3.4",
    clean: "premove dist-cjs dist-es dist-types",
    "extract:docs": "api-extractor run --local",
    "generate:client": "node ../../scripts/generate-clients/single-service",
    test: "yarn g:vitest run --passWithNoTests",
    "test:watch": "yarn g:vitest watch --passWithNoTests",
    "test:integration": "yarn g:vitest run --passWithNoTests -c vitest.config.integ.mts",
    "test:integration:watch": "yarn g:vitest watch --passWithNoTests -c vitest.config.integ.mts",
    "test:e2e": "yarn g:vitest run -c vitest.config.e2e.mts",
    "test:e2e:watch": "yarn g:vitest watch -c vitest.config.e2e.mts",
    "test:browser": "yarn g:vitest run -c vitest.config.browser.mts",
    "test:browser:watch": "yarn g:vitest watch -c vitest.config.browser.mts",
    "test:index": "tsc -p tsconfig.test.json && node ./test/index-objects.spec.mjs"
  },
  dependencies: {
    "@aws-sdk/checksums": "^3.1002.6",
    "@aws-sdk/core": "^3.981.1",
    "@aws-sdk/credential-provider-node": "^3.972.98",
    "@aws-sdk/middleware-sdk-s3": "^3.972.91",
    "@aws-sdk/signature-v4-multi-region": "^3.996.52",
    "@aws-sdk/types": "^3.975.1",
    "@smithy/core": "^3.40.0",
    "@smithy/fetch-http-handler": "^5.8.1",
    "@smithy/node-http-handler": "^4.14.2",
    "@smithy/types": "^4.20.0",
    tslib: "^2.6.2"
  },
  devDependencies: {
    "@aws-sdk/signature-v4-crt": "3.1175.0",
    "@smithy/snapshot-testing": "^2.4.0",
    "@tsconfig/node20": "20.1.8",
    "@types/node": "^20.14.8",
    concurrently: "7.0.0",
    "downlevel-dts": "0.10.1",
    premove: "4.0.0",
    typescript: "~7.0.2",
    vitest: "^4.0.17"
  },
  engines: {
    node: ">=20.0.0"
  }
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/sha/sha1/Sha1Js.js
var BLOCK = 64;
var DIGEST_LENGTH = 20;
var INIT = new Int32Array([1732584193, 4023233417, 2562383102, 271733878, 3285377520]);
var K2 = new Int32Array([1518500249, 1859775393, 2400959708, 3395469782]);
var Sha1Js = class _Sha1Js {
  digestLength = DIGEST_LENGTH;
  state = Int32Array.from(INIT);
  w;
  buffer = new Uint8Array(BLOCK);
  bufferLength = 0;
  bytesHashed = 0;
  finished = false;
  inner;
  outer;
  constructor(secret) {
    if (secret) {
      const key = _Sha1Js.normalizeKey(secret);
      this.inner = new _Sha1Js();
      this.outer = new _Sha1Js();
      const pad = new Uint8Array(BLOCK * 2);
      for (let i2 = 0; i2 < BLOCK; ++i2) {
        pad[i2] = 54 ^ key[i2];
        pad[i2 + BLOCK] = 92 ^ key[i2];
      }
      this.inner.update(pad.subarray(0, BLOCK));
      this.outer.update(pad.subarray(BLOCK));
    }
  }
  update(data) {
    if (this.finished) {
      throw new Error("Attempted to update an already finished HMAC.");
    }
    if (this.inner) {
      this.inner.update(data);
      return;
    }
    let pos = 0;
    let { length } = data;
    this.bytesHashed += length;
    if (this.bufferLength > 0) {
      while (length > 0 && this.bufferLength < BLOCK) {
        this.buffer[this.bufferLength++] = data[pos++];
        --length;
      }
      if (this.bufferLength === BLOCK) {
        this.hashBuffer(this.buffer, 0);
        this.bufferLength = 0;
      }
    }
    while (length >= BLOCK) {
      this.hashBuffer(data, pos);
      pos += BLOCK;
      length -= BLOCK;
    }
    while (length > 0) {
      this.buffer[this.bufferLength++] = data[pos++];
      --length;
    }
  }
  async digest() {
    if (this.inner && this.outer) {
      if (this.finished) {
        throw new Error("Attempted to digest an already finished HMAC.");
      }
      this.finished = true;
      const innerDigest = this.inner.digestSync();
      this.outer.update(innerDigest);
      return this.outer.digestSync();
    }
    return this.digestSync();
  }
  reset() {
    this.state = Int32Array.from(INIT);
    this.buffer = new Uint8Array(BLOCK);
    this.bufferLength = 0;
    this.bytesHashed = 0;
  }
  digestSync() {
    const state = this.state.slice();
    const buffer = this.buffer.slice();
    let bufferLength = this.bufferLength;
    const bitsHi = this.bytesHashed / 536870912 | 0;
    const bitsLo = this.bytesHashed << 3;
    buffer[bufferLength++] = 128;
    if (bufferLength > BLOCK - 8) {
      for (let i2 = bufferLength; i2 < BLOCK; ++i2) {
        buffer[i2] = 0;
      }
      this.hashBufferWith(state, buffer, 0);
      bufferLength = 0;
    }
    for (let i2 = bufferLength; i2 < BLOCK - 8; ++i2) {
      buffer[i2] = 0;
    }
    const v2 = new DataView(buffer.buffer, buffer.byteOffset, BLOCK);
    v2.setUint32(BLOCK - 8, bitsHi, false);
    v2.setUint32(BLOCK - 4, bitsLo, false);
    this.hashBufferWith(state, buffer, 0);
    const out = new Uint8Array(DIGEST_LENGTH);
    out[0] = state[0] >>> 24 & 255;
    out[1] = state[0] >>> 16 & 255;
    out[2] = state[0] >>> 8 & 255;
    out[3] = state[0] & 255;
    out[4] = state[1] >>> 24 & 255;
    out[5] = state[1] >>> 16 & 255;
    out[6] = state[1] >>> 8 & 255;
    out[7] = state[1] & 255;
    out[8] = state[2] >>> 24 & 255;
    out[9] = state[2] >>> 16 & 255;
    out[10] = state[2] >>> 8 & 255;
    out[11] = state[2] & 255;
    out[12] = state[3] >>> 24 & 255;
    out[13] = state[3] >>> 16 & 255;
    out[14] = state[3] >>> 8 & 255;
    out[15] = state[3] & 255;
    out[16] = state[4] >>> 24 & 255;
    out[17] = state[4] >>> 16 & 255;
    out[18] = state[4] >>> 8 & 255;
    out[19] = state[4] & 255;
    return out;
  }
  static normalizeKey(secret) {
    const key = toUint8Array(secret);
    if (key.byteLength > BLOCK) {
      const h2 = new _Sha1Js();
      h2.update(key);
      const digest = h2.digestSync();
      const padded2 = new Uint8Array(BLOCK);
      padded2.set(digest);
      return padded2;
    }
    const padded = new Uint8Array(BLOCK);
    padded.set(key);
    return padded;
  }
  hashBuffer(data, offset) {
    this.hashBufferWith(this.state, data, offset);
  }
  hashBufferWith(state, data, offset) {
    const w2 = this.w ??= new Int32Array(80);
    let s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3], s4 = state[4];
    for (let t8 = 0; t8 < 16; ++t8) {
      w2[t8] = (data[offset + t8 * 4] & 255) << 24 | (data[offset + t8 * 4 + 1] & 255) << 16 | (data[offset + t8 * 4 + 2] & 255) << 8 | data[offset + t8 * 4 + 3] & 255;
    }
    for (let t8 = 16; t8 < 80; ++t8) {
      const x2 = w2[t8 - 3] ^ w2[t8 - 8] ^ w2[t8 - 14] ^ w2[t8 - 16];
      w2[t8] = x2 << 1 | x2 >>> 31;
    }
    for (let t8 = 0; t8 < 80; ++t8) {
      const r2 = t8 < 20 ? 0 : t8 < 40 ? 1 : t8 < 60 ? 2 : 3;
      const temp = ((s0 << 5 | s0 >>> 27) + (r2 === 0 ? s1 & s2 ^ ~s1 & s3 : r2 === 2 ? s1 & s2 ^ s1 & s3 ^ s2 & s3 : s1 ^ s2 ^ s3) | 0) + (s4 + (K2[r2] + w2[t8] | 0) | 0) | 0;
      s4 = s3;
      s3 = s2;
      s2 = s1 << 30 | s1 >>> 2;
      s1 = s0;
      s0 = temp;
    }
    state[0] = state[0] + s0 | 0;
    state[1] = state[1] + s1 | 0;
    state[2] = state[2] + s2 | 0;
    state[3] = state[3] + s3 | 0;
    state[4] = state[4] + s4 | 0;
  }
};

// node_modules/@aws-sdk/checksums/dist-es/submodules/sha/sha1/Sha1Node.js
import { createHash as createHash8, createHmac } from "node:crypto";
var hasNativeCrypto = (() => {
  try {
    createHash8("sha1");
    return true;
  } catch {
    return false;
  }
})();
var Sha1Node = hasNativeCrypto ? buildNativeClass() : Sha1Js;
function buildNativeClass() {
  return class Sha1Node {
    digestLength = 20;
    secret;
    hash;
    isHmac;
    finished = false;
    constructor(secret) {
      this.secret = secret;
      this.isHmac = !!secret;
      this.hash = this.createHash();
    }
    update(data) {
      if (this.finished) {
        throw new Error("Attempted to update an already finished hash.");
      }
      this.hash.update(data);
    }
    async digest() {
      let buf;
      if (this.isHmac) {
        this.finished = true;
        buf = this.hash.digest();
      } else {
        buf = this.hash.copy().digest();
      }
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    reset() {
      this.hash = this.createHash();
      this.finished = false;
    }
    createHash() {
      return this.secret ? createHmac("sha1", toBuffer(this.secret)) : createHash8("sha1");
    }
  };
}
function toBuffer(data) {
  if (typeof data === "string") {
    return data;
  }
  if (ArrayBuffer.isView(data)) {
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  return Buffer.from(data);
}

// node_modules/@aws-sdk/client-s3/dist-es/runtimeConfig.shared.js
var getRuntimeConfig = (config) => {
  return {
    apiVersion: "2006-03-01",
    base64Decoder: config?.base64Decoder ?? fromBase64,
    base64Encoder: config?.base64Encoder ?? toBase64,
    disableHostPrefix: config?.disableHostPrefix ?? false,
    endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
    extensions: config?.extensions ?? [],
    getAwsChunkedEncodingStream: config?.getAwsChunkedEncodingStream ?? getAwsChunkedEncodingStream,
    httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultS3HttpAuthSchemeProvider,
    httpAuthSchemes: config?.httpAuthSchemes ?? [
      {
        schemeId: "aws.auth#sigv4",
        identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
        signer: new AwsSdkSigV4Signer()
      },
      {
        schemeId: "aws.auth#sigv4a",
        identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4a"),
        signer: new AwsSdkSigV4ASigner()
      }
    ],
    logger: config?.logger ?? new NoOpLogger(),
    md5: config?.md5 ?? Md5Node,
    protocol: config?.protocol ?? S3RestXmlProtocol,
    protocolSettings: config?.protocolSettings ?? {
      defaultNamespace: "com.amazonaws.s3",
      errorTypeRegistries,
      xmlNamespace: "http://s3.amazonaws.com/doc/2006-03-01/",
      version: "2006-03-01",
      serviceTarget: "AmazonS3"
    },
    sdkStreamMixin: config?.sdkStreamMixin ?? sdkStreamMixin,
    serviceId: config?.serviceId ?? "S3",
    sha1: config?.sha1 ?? Sha1Node,
    sha256: config?.sha256 ?? Sha256Node,
    signerConstructor: config?.signerConstructor ?? SignatureV4MultiRegion,
    signingEscapePath: config?.signingEscapePath ?? false,
    urlParser: config?.urlParser ?? parseUrl,
    useArnRegion: config?.useArnRegion ?? void 0,
    utf8Decoder: config?.utf8Decoder ?? fromUtf8,
    utf8Encoder: config?.utf8Encoder ?? toUtf8
  };
};

// node_modules/@aws-sdk/client-s3/dist-es/runtimeConfig.js
var getRuntimeConfig2 = (config) => {
  emitWarningIfUnsupportedVersion2(process.version);
  const defaultsMode = resolveDefaultsModeConfig(config);
  const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
  const clientSharedValues = getRuntimeConfig(config);
  emitWarningIfUnsupportedVersion(process.version);
  const loaderConfig = {
    profile: config?.profile,
    logger: clientSharedValues.logger
  };
  return {
    ...clientSharedValues,
    ...config,
    runtime: "node",
    defaultsMode,
    authSchemePreference: config?.authSchemePreference ?? loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
    bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
    credentialDefaultProvider: config?.credentialDefaultProvider ?? defaultProvider,
    defaultUserAgentProvider: config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: clientSharedValues.serviceId, clientVersion: package_default.version }),
    disableS3ExpressSessionAuth: config?.disableS3ExpressSessionAuth ?? loadConfig(NODE_DISABLE_S3_EXPRESS_SESSION_AUTH_OPTIONS, loaderConfig),
    eventStreamSerdeProvider: config?.eventStreamSerdeProvider ?? eventStreamSerdeProvider,
    maxAttempts: config?.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
    region: config?.region ?? loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
    requestChecksumCalculation: config?.requestChecksumCalculation ?? loadConfig(NODE_REQUEST_CHECKSUM_CALCULATION_CONFIG_OPTIONS, loaderConfig),
    requestHandler: NodeHttpHandler.create(config?.requestHandler ?? defaultConfigProvider),
    responseChecksumValidation: config?.responseChecksumValidation ?? loadConfig(NODE_RESPONSE_CHECKSUM_VALIDATION_CONFIG_OPTIONS, loaderConfig),
    retryMode: config?.retryMode ?? loadConfig({
      ...NODE_RETRY_MODE_CONFIG_OPTIONS,
      default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE
    }, config),
    sigv4aSigningRegionSet: config?.sigv4aSigningRegionSet ?? loadConfig(NODE_SIGV4A_CONFIG_OPTIONS, loaderConfig),
    streamCollector: config?.streamCollector ?? streamCollector,
    streamHasher: config?.streamHasher ?? readableStreamHasher,
    useArnRegion: config?.useArnRegion ?? loadConfig(NODE_USE_ARN_REGION_CONFIG_OPTIONS, loaderConfig),
    useDualstackEndpoint: config?.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
    useFipsEndpoint: config?.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
    userAgentAppId: config?.userAgentAppId ?? loadConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig)
  };
};

// node_modules/@aws-sdk/client-s3/dist-es/auth/httpAuthExtensionConfiguration.js
var getHttpAuthExtensionConfiguration = (runtimeConfig) => {
  const _httpAuthSchemes = runtimeConfig.httpAuthSchemes;
  let _httpAuthSchemeProvider = runtimeConfig.httpAuthSchemeProvider;
  let _credentials = runtimeConfig.credentials;
  return {
    setHttpAuthScheme(httpAuthScheme) {
      const index = _httpAuthSchemes.findIndex((scheme) => scheme.schemeId === httpAuthScheme.schemeId);
      if (index === -1) {
        _httpAuthSchemes.push(httpAuthScheme);
      } else {
        _httpAuthSchemes.splice(index, 1, httpAuthScheme);
      }
    },
    httpAuthSchemes() {
      return _httpAuthSchemes;
    },
    setHttpAuthSchemeProvider(httpAuthSchemeProvider) {
      _httpAuthSchemeProvider = httpAuthSchemeProvider;
    },
    httpAuthSchemeProvider() {
      return _httpAuthSchemeProvider;
    },
    setCredentials(credentials) {
      _credentials = credentials;
    },
    credentials() {
      return _credentials;
    }
  };
};
var resolveHttpAuthRuntimeConfig = (config) => {
  return {
    httpAuthSchemes: config.httpAuthSchemes(),
    httpAuthSchemeProvider: config.httpAuthSchemeProvider(),
    credentials: config.credentials()
  };
};

// node_modules/@aws-sdk/client-s3/dist-es/runtimeExtensions.js
var resolveRuntimeExtensions = (runtimeConfig, extensions) => {
  const extensionConfiguration = Object.assign(getAwsRegionExtensionConfiguration(runtimeConfig), getDefaultExtensionConfiguration(runtimeConfig), getHttpHandlerExtensionConfiguration(runtimeConfig), getHttpAuthExtensionConfiguration(runtimeConfig));
  extensions.forEach((extension) => extension.configure(extensionConfiguration));
  return Object.assign(runtimeConfig, resolveAwsRegionExtensionConfiguration(extensionConfiguration), resolveDefaultRuntimeConfig(extensionConfiguration), resolveHttpHandlerRuntimeConfig(extensionConfiguration), resolveHttpAuthRuntimeConfig(extensionConfiguration));
};

// node_modules/@aws-sdk/client-s3/dist-es/S3Client.js
var S3Client = class extends Client {
  config;
  constructor(...[configuration]) {
    const _config_0 = getRuntimeConfig2(configuration || {});
    super(_config_0);
    this.initConfig = _config_0;
    const _config_1 = resolveClientEndpointParameters(_config_0);
    const _config_2 = resolveUserAgentConfig(_config_1);
    const _config_3 = resolveFlexibleChecksumsConfig(_config_2);
    const _config_4 = resolveRetryConfig(_config_3);
    const _config_5 = resolveRegionConfig(_config_4);
    const _config_6 = resolveHostHeaderConfig(_config_5);
    const _config_7 = resolveEndpointConfig(_config_6);
    const _config_8 = resolveEventStreamSerdeConfig(_config_7);
    const _config_9 = resolveHttpAuthSchemeConfig(_config_8);
    const _config_10 = resolveS3Config(_config_9, { session: [() => this, CreateSessionCommand] });
    const _config_11 = resolveRuntimeExtensions(_config_10, configuration?.extensions || []);
    this.config = _config_11;
    this.middlewareStack.use(getSchemaSerdePlugin(this.config));
    this.middlewareStack.use(getUserAgentPlugin(this.config));
    this.middlewareStack.use(getRetryPlugin(this.config));
    this.middlewareStack.use(getContentLengthPlugin(this.config));
    this.middlewareStack.use(getHostHeaderPlugin(this.config));
    this.middlewareStack.use(getLoggerPlugin(this.config));
    this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
    this.middlewareStack.use(getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
      httpAuthSchemeParametersProvider: defaultS3HttpAuthSchemeParametersProvider,
      identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({
        "aws.auth#sigv4": config.credentials,
        "aws.auth#sigv4a": config.credentials
      })
    }));
    this.middlewareStack.use(getHttpSigningPlugin(this.config));
    this.middlewareStack.use(getValidateBucketNamePlugin(this.config));
    this.middlewareStack.use(getAddExpectContinuePlugin(this.config));
    this.middlewareStack.use(getRegionRedirectMiddlewarePlugin(this.config));
    this.middlewareStack.use(getS3ExpressPlugin(this.config));
    this.middlewareStack.use(getS3ExpressHttpSigningPlugin(this.config));
  }
  destroy() {
    super.destroy();
  }
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/AbortMultipartUploadCommand.js
var AbortMultipartUploadCommand = class extends command(_ep0, _mw0, "AbortMultipartUpload", AbortMultipartUpload$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/CompleteMultipartUploadCommand.js
var CompleteMultipartUploadCommand = class extends command(_ep0, _mw1, "CompleteMultipartUpload", CompleteMultipartUpload$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/CopyObjectCommand.js
var CopyObjectCommand = class extends command(_ep1, _mw1, "CopyObject", CopyObject$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/CreateMultipartUploadCommand.js
var CreateMultipartUploadCommand = class extends command(_ep0, _mw1, "CreateMultipartUpload", CreateMultipartUpload$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/DeleteObjectCommand.js
var DeleteObjectCommand = class extends command(_ep0, _mw0, "DeleteObject", DeleteObject$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/GetBucketVersioningCommand.js
var GetBucketVersioningCommand = class extends command(_ep3, _mw0, "GetBucketVersioning", GetBucketVersioning$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/GetObjectCommand.js
var GetObjectCommand = class extends command(_ep0, _mw7, "GetObject", GetObject$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/HeadBucketCommand.js
var HeadBucketCommand = class extends command(_ep5, _mw0, "HeadBucket", HeadBucket$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/HeadObjectCommand.js
var HeadObjectCommand = class extends command(_ep0, _mw8, "HeadObject", HeadObject$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/ListMultipartUploadsCommand.js
var ListMultipartUploadsCommand = class extends command(_ep8, _mw0, "ListMultipartUploads", ListMultipartUploads$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/ListObjectsCommand.js
var ListObjectsCommand = class extends command(_ep8, _mw0, "ListObjects", ListObjects$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/ListObjectsV2Command.js
var ListObjectsV2Command = class extends command(_ep8, _mw0, "ListObjectsV2", ListObjectsV2$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/ListObjectVersionsCommand.js
var ListObjectVersionsCommand = class extends command(_ep8, _mw0, "ListObjectVersions", ListObjectVersions$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/PutObjectCommand.js
var PutObjectCommand = class extends command(_ep0, _mw11, "PutObject", PutObject$) {
};

// node_modules/@aws-sdk/client-s3/dist-es/commands/UploadPartCommand.js
var UploadPartCommand = class extends command(_ep0, _mw13, "UploadPart", UploadPart$) {
};

// src/stores/object/s3/store.ts
import { randomBytes as randomBytes6 } from "node:crypto";

// src/stores/object/s3/client.ts
var import_node_http = __toESM(require_http(), 1);
var import_node_https = __toESM(require_https(), 1);
import { Readable as Readable5 } from "node:stream";

// src/stores/object/s3/handler-cache.ts
var SMITHY_CONTEXT_KEY = "__smithy_context";
var ClientBucketError = class extends Error {
  fatal = true;
  constructor(clientBucket, requested) {
    super(`internal error: an S3 client made for bucket ${JSON.stringify(clientBucket)} was asked to send a request for bucket ${JSON.stringify(requested)}; nothing was sent`);
    this.name = "ClientBucketError";
  }
};
function keepHandlerCacheSafe(client, bucket) {
  const stack = client.middlewareStack;
  for (const method of ["add", "addRelativeTo", "use", "remove", "removeByTag"]) {
    const change = stack[method].bind(stack);
    stack[method] = (...args) => {
      delete client.handlers;
      return change(...args);
    };
  }
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const requested = args.input.Bucket;
      if (requested !== void 0 && requested !== bucket) throw new ClientBucketError(bucket, requested);
      const smithy = context[SMITHY_CONTEXT_KEY];
      const command2 = smithy?.commandInstance;
      if (command2 !== void 0 && "input" in command2) smithy.commandInstance = { constructor: command2.constructor };
      return next(args);
    },
    { step: "initialize", priority: "high", name: "pullbackHandlerCacheRules" }
  );
  const send = client.send.bind(client);
  const ownOptions = (command2) => command2.middlewareStack.identify().length > 0 ? {} : void 0;
  client.send = ((command2, optionsOrCallback, callback) => typeof optionsOrCallback === "function" ? send(command2, ownOptions(command2), optionsOrCallback) : send(command2, optionsOrCallback ?? ownOptions(command2), callback));
}

// src/stores/object/s3/payload-hash.ts
var payloadHashes = /* @__PURE__ */ new WeakMap();
var SHA256_HEX2 = /^[0-9a-f]{64}$/;
function setPayloadHash(body, sha2562) {
  if (!SHA256_HEX2.test(sha2562)) throw new Error(`internal error: a payload hash must be 64 lowercase hex digits, got ${JSON.stringify(sha2562.slice(0, 80))}`);
  payloadHashes.set(body, sha2562);
}
function payloadHashMiddleware() {
  return (next) => async (args) => {
    const body = args.input.Body;
    const sha2562 = typeof body === "object" && body !== null ? payloadHashes.get(body) : void 0;
    const request = args.request;
    if (sha2562 && request?.headers && request.body === body) request.headers["x-amz-content-sha256"] = sha2562;
    return next(args);
  };
}

// src/stores/object/s3/per-request.ts
function reuseSigner(client) {
  const build2 = client.config.signer;
  let built;
  client.config.signer = (authScheme) => {
    if (!built) {
      built = build2(authScheme);
      built.catch(() => built = void 0);
    }
    return built;
  };
}
function compactConfig(client) {
  const heir = Object.create(client.config);
  for (let i2 = 0; i2 < LOOKUPS; i2++) lookUpThrough(heir);
}
var LOOKUPS = 32;
function lookUpThrough(object2) {
  return object2.pullbackNoSuchSetting;
}

// src/stores/object/s3/signing-hash.ts
import { createHash as createHash9, createHmac as createHmac2, createSecretKey } from "node:crypto";
var objectKeys = /* @__PURE__ */ new WeakMap();
var stringKeys = /* @__PURE__ */ new Map();
var MAX_STRING_KEYS = 16;
var MAX_DIGESTS_PER_KEY = 16;
var MAX_REMEMBERED_MESSAGE = 256;
function stringKeyOf(secret) {
  let entry = stringKeys.get(secret);
  if (!entry) {
    if (stringKeys.size >= MAX_STRING_KEYS) stringKeys.clear();
    entry = { key: createSecretKey(Buffer.from(secret, "utf8")), digests: /* @__PURE__ */ new Map() };
    stringKeys.set(secret, entry);
  }
  return entry;
}
function keyOf2(secret) {
  if (typeof secret === "string") return stringKeyOf(secret).key;
  let key = objectKeys.get(secret);
  if (!key) {
    key = createSecretKey(bytes(secret));
    objectKeys.set(secret, key);
  }
  return key;
}
function bytes(data, encoding) {
  if (Buffer.isBuffer(data)) return data;
  if (typeof data === "string") return Buffer.from(data, encoding ?? "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
function rememberedHmac(secret, message) {
  const text3 = message.toString("latin1");
  const { key, digests } = stringKeyOf(secret);
  let digest = digests.get(text3);
  if (!digest) {
    digest = createHmac2("sha256", key).update(message).digest();
    if (digests.size >= MAX_DIGESTS_PER_KEY) digests.clear();
    digests.set(text3, digest);
  }
  return Buffer.from(digest);
}
var SigningSha256 = class {
  constructor(secret) {
    this.secret = secret;
    this.reset();
  }
  secret;
  hash;
  /** A string-keyed HMAC's message so far (copied), while short enough to be remembered. */
  message;
  messageBytes = 0;
  update(data, encoding) {
    const chunk = bytes(data, encoding);
    if (this.message && this.messageBytes + chunk.length <= MAX_REMEMBERED_MESSAGE) {
      this.message.push(Buffer.from(chunk));
      this.messageBytes += chunk.length;
      return;
    }
    if (this.message) {
      this.hash = createHmac2("sha256", keyOf2(this.secret));
      for (const earlier of this.message) this.hash.update(earlier);
      this.message = void 0;
    }
    this.hash.update(chunk);
  }
  digest() {
    if (this.message) return Promise.resolve(rememberedHmac(this.secret, Buffer.concat(this.message, this.messageBytes)));
    return Promise.resolve(this.hash.digest());
  }
  reset() {
    this.message = void 0;
    this.messageBytes = 0;
    if (typeof this.secret === "string" && this.secret !== "") {
      this.hash = void 0;
      this.message = [];
    } else this.hash = this.secret ? createHmac2("sha256", keyOf2(this.secret)) : createHash9("sha256");
  }
};

// src/stores/object/s3/client.ts
function credentialsFor(connection) {
  if (connection.credentials) return connection.credentials;
  if (connection.profile) return fromIni({ profile: connection.profile });
  return fromNodeProviderChain();
}
function stallMsOf(connection) {
  return connection.requestTimeoutMs ?? 12e4;
}
function createS3Client(connection, bucket, onServerDate) {
  const maxSockets = connection.maxSockets ?? 64;
  const stallMs = stallMsOf(connection);
  const client = new S3Client({
    region: connection.region,
    ...connection.endpoint ? { endpoint: connection.endpoint } : {},
    forcePathStyle: connection.forcePathStyle ?? false,
    credentials: credentialsFor(connection),
    maxAttempts: connection.maxAttempts ?? 6,
    // A command class's middleware is resolved once, not on every request (a full run's client CPU
    // fell by about an eighth); safe only with the rules keepHandlerCacheSafe sets below.
    cacheMiddleware: true,
    // The SDK's SHA-256 with each signing key made a KeyObject once (signing-hash.ts: 0.5 s of CPU per 4,000 requests).
    sha256: SigningSha256,
    // Many S3-compatible stores reject the SDK's newer default checksum trailers; pullback
    // verifies copies itself, so it asks for checksums only where S3 requires them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // `Expect: 100-continue` stays the SDK's default (bodies of 2 MiB and more): without it a put or
    // part answered early with an error, its body unread, waits out the request timeout (faults-s3).
    requestHandler: new NodeHttpHandler({
      httpAgent: new import_node_http.Agent({ keepAlive: true, maxSockets }),
      httpsAgent: new import_node_https.Agent({ keepAlive: true, maxSockets }),
      connectionTimeout: 1e4,
      requestTimeout: stallMs,
      // Without it the handler only logs a warning and the attempt waits on a dead connection forever.
      throwOnRequestTimeout: true
    })
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const body = result.response?.body;
      if (body instanceof Readable5) guardStalls(body, stallMs);
      return result;
    },
    { step: "deserialize", priority: "low", name: "pullbackStallGuard" }
  );
  const counts = emptyRequestCounts();
  requestCounters.set(client, counts);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counts[requestKind(context.commandName ?? "")]++;
      return next(args);
    },
    { step: "deserialize", name: "pullbackRequestCounter" }
  );
  if (onServerDate) client.middlewareStack.add(serverDateMiddleware(onServerDate), { step: "deserialize", name: "pullbackServerDate" });
  client.middlewareStack.add(payloadHashMiddleware(), { step: "build", name: "pullbackPayloadHash" });
  keepHandlerCacheSafe(client, bucket);
  reuseSigner(client);
  compactConfig(client);
  return client;
}
function serverDateMiddleware(onServerDate) {
  return (next) => async (args) => {
    const result = await next(args);
    const date = result.response?.headers?.["date"];
    if (date) {
      const parsed = new Date(date);
      if (!Number.isNaN(parsed.getTime())) onServerDate(parsed);
    }
    return result;
  };
}
var requestCounters = /* @__PURE__ */ new WeakMap();
function requestCountsOf(client) {
  return requestCounters.get(client) ?? emptyRequestCounts();
}
function describeS3Error(error, what, input) {
  const e2 = error;
  const code2 = e2?.name ?? e2?.Code ?? e2?.code ?? "Error";
  const status = e2?.$metadata?.httpStatusCode;
  let hint = "";
  if (code2 === "NoSuchBucket" || status === 404) hint = `the bucket does not exist: check \`${input}\``;
  else if (code2 === "AccessDenied" || code2 === "Forbidden" || status === 403)
    hint = `access denied: check the credentials for \`${input}\` and their permissions`;
  else if (code2 === "InvalidAccessKeyId" || code2 === "SignatureDoesNotMatch")
    hint = `the credentials were rejected: check the access key and secret for \`${input}\``;
  else if (code2 === "CredentialsProviderError") hint = `no credentials found for \`${input}\`: set them in the environment, a profile, or the inputs`;
  else if (["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "EAI_AGAIN", "TimeoutError"].includes(code2) || /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(e2?.message ?? ""))
    hint = `the endpoint is unreachable: check the endpoint and region of \`${input}\``;
  const message = `${what} failed (${code2}${status ? ` ${status}` : ""}): ${hint || e2?.message || String(error)}`;
  return new Error(message, { cause: error });
}
function unquote(etag) {
  return etag?.replace(/^"|"$/g, "");
}
function guardStalls(body, ms) {
  const message = body;
  const socket = message.socket;
  if (!socket || body.readableEnded) return;
  const onTimeout = () => {
    body.destroy(Object.assign(new Error(`the connection stalled: no data for ${ms} ms`), { name: "TimeoutError", code: "ETIMEDOUT" }));
  };
  socket.setTimeout(ms, onTimeout);
  const clear = () => {
    try {
      socket.setTimeout(0);
      socket.off("timeout", onTimeout);
    } catch {
    }
  };
  body.once("end", clear);
  body.once("close", clear);
}

// src/stores/object/s3/metadata.ts
function metadataFromResponse(response) {
  const metadata2 = {};
  if (response.ContentType) metadata2.contentType = response.ContentType;
  if (response.ContentEncoding) metadata2.contentEncoding = response.ContentEncoding;
  if (response.ContentDisposition) metadata2.contentDisposition = response.ContentDisposition;
  if (response.ContentLanguage) metadata2.contentLanguage = response.ContentLanguage;
  if (response.CacheControl) metadata2.cacheControl = response.CacheControl;
  if (response.ExpiresString) metadata2.expires = response.ExpiresString;
  if (response.Metadata && Object.keys(response.Metadata).length > 0) metadata2.user = { ...response.Metadata };
  if (response.StorageClass) metadata2.storageClass = response.StorageClass;
  return metadata2;
}
function s3MetadataFields(metadata2) {
  if (!metadata2) return {};
  return {
    ...metadata2.contentType ? { ContentType: metadata2.contentType } : {},
    ...metadata2.contentEncoding ? { ContentEncoding: metadata2.contentEncoding } : {},
    ...metadata2.contentDisposition ? { ContentDisposition: metadata2.contentDisposition } : {},
    ...metadata2.contentLanguage ? { ContentLanguage: metadata2.contentLanguage } : {},
    ...metadata2.cacheControl ? { CacheControl: metadata2.cacheControl } : {},
    ...metadata2.expires && !Number.isNaN(Date.parse(metadata2.expires)) ? { Expires: new Date(metadata2.expires) } : {},
    ...metadata2.user ? { Metadata: metadata2.user } : {}
  };
}

// src/stores/object/s3/upload.ts
var MAX_SINGLE_REQUEST_BYTES = 5 * 1024 ** 3;
var PART_SIZE = 5 * 1024 * 1024;
var SINGLE_PUT_BYTES = 8 * 1024 * 1024;
var PARTS_IN_FLIGHT = 2;
var MULTIPART_UPLOADS_AT_ONCE = 2;
var multipartSlotsByClient = /* @__PURE__ */ new WeakMap();
var MAX_PARTS = 1e4;
function partSizeFor(size2) {
  if (size2 === void 0) return PART_SIZE;
  return Math.max(PART_SIZE, Math.ceil(size2 / MAX_PARTS / (1024 * 1024)) * 1024 * 1024);
}
async function putObject(client, params, body, options) {
  const whole = typeof body === "string" || Buffer.isBuffer(body);
  if (options.sha256 !== void 0 && Buffer.isBuffer(body)) setPayloadHash(body, options.sha256);
  const size2 = options.size;
  const single = size2 !== void 0 && (size2 <= SINGLE_PUT_BYTES || options.singleRequest === true && size2 <= MAX_SINGLE_REQUEST_BYTES);
  if (whole || single) {
    const result = await client.send(new PutObjectCommand({ ...params, Body: body, ...whole ? {} : { ContentLength: size2 } }));
    return unquote(result.ETag);
  }
  const slots = size2 !== void 0 ? multipartSlots(client) : void 0;
  await slots?.acquire();
  try {
    return await uploadInParts(client, params, body, partSizeFor(size2));
  } finally {
    slots?.release();
  }
}
function multipartSlots(client) {
  let slots = multipartSlotsByClient.get(client);
  if (!slots) multipartSlotsByClient.set(client, slots = new Slots(MULTIPART_UPLOADS_AT_ONCE));
  return slots;
}
async function uploadInParts(client, params, body, partSize) {
  const free = [];
  let allocated = 0;
  const inFlight = /* @__PURE__ */ new Set();
  const parts = [];
  let uploadId;
  let failure;
  const checksum = params.ChecksumAlgorithm ? { ChecksumAlgorithm: params.ChecksumAlgorithm } : {};
  const sendPart = (buffer, length, partNumber) => {
    const sending = (async () => {
      try {
        const result = await client.send(
          new UploadPartCommand({ Bucket: params.Bucket, Key: params.Key, UploadId: uploadId, PartNumber: partNumber, Body: buffer.subarray(0, length), ...checksum })
        );
        if (!result.ETag) throw new Error(`part ${partNumber} of ${params.Key} came back without an ETag`);
        parts.push({
          PartNumber: partNumber,
          ETag: result.ETag,
          ...result.ChecksumCRC32 ? { ChecksumCRC32: result.ChecksumCRC32 } : {},
          ...result.ChecksumCRC32C ? { ChecksumCRC32C: result.ChecksumCRC32C } : {},
          ...result.ChecksumCRC64NVME ? { ChecksumCRC64NVME: result.ChecksumCRC64NVME } : {},
          ...result.ChecksumSHA1 ? { ChecksumSHA1: result.ChecksumSHA1 } : {},
          ...result.ChecksumSHA256 ? { ChecksumSHA256: result.ChecksumSHA256 } : {}
        });
      } catch (error) {
        failure ??= error;
      } finally {
        free.push(buffer);
      }
    })();
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
  };
  const takeBuffer = async () => {
    while (free.length === 0 && allocated > PARTS_IN_FLIGHT) await Promise.race(inFlight);
    const reused = free.pop();
    if (reused) return reused;
    allocated++;
    return Buffer.allocUnsafeSlow(partSize);
  };
  try {
    let partNumber = 1;
    let buffer = await takeBuffer();
    let filled = 0;
    for await (const chunk of body) {
      let data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      while (data.length > 0) {
        const taken = Math.min(data.length, partSize - filled);
        data.copy(buffer, filled, 0, taken);
        filled += taken;
        data = data.subarray(taken);
        if (filled < partSize) continue;
        if (failure) throw failure;
        if (partNumber > MAX_PARTS) throw new Error(`${params.Key} needs more than ${MAX_PARTS} parts of ${partSize} bytes`);
        uploadId ??= (await client.send(new CreateMultipartUploadCommand(params))).UploadId;
        sendPart(buffer, filled, partNumber++);
        buffer = await takeBuffer();
        filled = 0;
      }
    }
    if (uploadId === void 0) {
      const result2 = await client.send(new PutObjectCommand({ ...params, Body: buffer.subarray(0, filled) }));
      return unquote(result2.ETag);
    }
    if (filled > 0) {
      if (partNumber > MAX_PARTS) throw new Error(`${params.Key} needs more than ${MAX_PARTS} parts of ${partSize} bytes`);
      sendPart(buffer, filled, partNumber++);
    }
    while (inFlight.size > 0) await Promise.race(inFlight);
    if (failure) throw failure;
    parts.sort((a2, b2) => a2.PartNumber - b2.PartNumber);
    const result = await client.send(new CompleteMultipartUploadCommand({ Bucket: params.Bucket, Key: params.Key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    return unquote(result.ETag);
  } catch (error) {
    while (inFlight.size > 0) await Promise.race(inFlight);
    if (uploadId !== void 0) {
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket: params.Bucket, Key: params.Key, UploadId: uploadId }));
      } catch (abortError) {
        if (error instanceof Error && error.cause === void 0) error.cause = abortError;
      }
    }
    throw error;
  }
}

// src/stores/object/s3/refusals.ts
function refusesConditions(error) {
  const e2 = error;
  return e2?.$metadata?.httpStatusCode === 501 || ["NotImplemented", "InvalidArgument", "InvalidRequest"].includes(e2?.name ?? "");
}
function refusesMethod(error) {
  const e2 = error;
  return e2?.$metadata?.httpStatusCode === 405 || e2?.name === "MethodNotAllowed";
}
function failedCondition(error) {
  const e2 = error;
  const status = e2?.$metadata?.httpStatusCode;
  return status === 412 || status === 409 || status === 404 || e2?.name === "PreconditionFailed" || e2?.name === "ConditionalRequestConflict";
}
function refusedPrecondition(error) {
  const e2 = error;
  return e2?.$metadata?.httpStatusCode === 412 || e2?.name === "PreconditionFailed";
}

// src/stores/object/s3/stale-if-match.ts
var NO_OBJECT_HAS_THIS_ETAG = '"00000000000000000000000000000000"';
var STALE_IF_MATCH_PROBE_BODY = JSON.stringify({ purpose: "pullback checks here that this store refuses a write whose If-Match names an ETag the object does not have" });
async function probeStaleIfMatch(writeStale, create) {
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      await writeStale();
      return false;
    } catch (error) {
      if (refusedPrecondition(error)) return true;
      if (!isNotFound(error) || attempt === 2) return false;
    }
    await create();
  }
  return false;
}

// src/stores/object/s3/versions.ts
async function versionsOf(client, bucket, fullKey) {
  const found = [];
  let keyMarker;
  let versionMarker;
  try {
    do {
      const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: fullKey, KeyMarker: keyMarker, VersionIdMarker: versionMarker }));
      for (const entry of [...page.Versions ?? [], ...page.DeleteMarkers ?? []]) {
        if (entry.Key === fullKey && entry.VersionId !== void 0) found.push(entry.VersionId);
      }
      const more = page.IsTruncated === true && (page.NextKeyMarker !== keyMarker || page.NextVersionIdMarker !== versionMarker);
      keyMarker = more ? page.NextKeyMarker : void 0;
      versionMarker = more ? page.NextVersionIdMarker : void 0;
    } while (keyMarker !== void 0);
  } catch (error) {
    if (isNotImplemented(error) || refusesMethod(error)) return void 0;
    throw error;
  }
  return found;
}
async function lockOf(client, bucket, fullKey, versionId, now) {
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: fullKey, VersionId: versionId })).catch(() => void 0);
  if (!head) return void 0;
  if (head.ObjectLockLegalHoldStatus === "ON") return { reason: "under a legal hold" };
  const until = head.ObjectLockRetainUntilDate;
  if (head.ObjectLockMode && until && until.getTime() > now.getTime()) {
    return { reason: `under Object Lock (${head.ObjectLockMode.toLowerCase()}) until ${until.toISOString()}`, retainUntil: until.toISOString() };
  }
  return void 0;
}

// src/stores/object/s3/listing-xml.ts
var TAG = /<([A-Za-z_][A-Za-z0-9_.:-]*)(\/?)>/y;
var ROOT_TAG = /<([A-Za-z_][A-Za-z0-9_.:-]*)(?:[ \t\n]+xmlns(?::[A-Za-z_][A-Za-z0-9_.-]*)?[ \t\n]*=[ \t\n]*(?:"[^"<&]*"|'[^'<&]*'))*[ \t\n]*>/y;
var ROOT_TAG_BYTES = 4096;
var REFERENCE = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(lt|gt|amp|quot|apos));/g;
var NAMED = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
var MAX_DEPTH = 8;
var Unreadable = class extends Error {
};
var unreadable = new Unreadable();
function readListingXml(xml, shape2) {
  if (xml.includes("\r") || xml.includes("<!")) return void 0;
  try {
    let at2 = 0;
    if (xml.startsWith("<?xml")) {
      const end = xml.indexOf("?>");
      if (end < 0) return void 0;
      at2 = end + 2;
    }
    if (xml.includes("<?", at2)) return void 0;
    at2 = skipSpace(xml, at2);
    ROOT_TAG.lastIndex = 0;
    const open3 = ROOT_TAG.exec(xml.slice(at2, at2 + ROOT_TAG_BYTES));
    if (!open3 || open3[1] !== shape2.root) return void 0;
    at2 += ROOT_TAG.lastIndex;
    const seen = /* @__PURE__ */ new Set();
    const page = { fields: new Array(shape2.pageFields.length).fill(void 0), entries: [] };
    for (; ; ) {
      const lt = nextTag(xml, at2);
      if (xml.charCodeAt(lt + 1) === 47) {
        at2 = closeTag(xml, lt, shape2.root);
        break;
      }
      at2 = openTag(xml, lt);
      const tag = openedName;
      if (!shape2.entries.includes(tag)) {
        at2 = leaf(xml, at2, tag, openedEmpty, 1);
        if (tag !== "CommonPrefixes" && (leafValue === null || seen.has(tag))) throw unreadable;
        seen.add(tag);
        keep(page.fields, shape2.pageFields.indexOf(tag));
        continue;
      }
      if (openedEmpty) throw unreadable;
      const fields = new Array(shape2.entryFields.length).fill(void 0);
      for (; ; ) {
        const fieldAt = nextTag(xml, at2);
        if (xml.charCodeAt(fieldAt + 1) === 47) {
          at2 = closeTag(xml, fieldAt, tag);
          break;
        }
        at2 = openTag(xml, fieldAt);
        const field = openedName;
        at2 = leaf(xml, at2, field, openedEmpty, 2);
        keep(fields, shape2.entryFields.indexOf(field));
      }
      page.entries.push({ tag, fields });
    }
    if (skipSpace(xml, at2) !== xml.length) return void 0;
    return page;
  } catch {
    return void 0;
  }
}
var openedName = "";
var openedEmpty = false;
var leafValue = null;
function keep(fields, index) {
  if (index >= 0) fields[index] = fields[index] === void 0 ? leafValue : null;
}
function nextTag(xml, at2) {
  const lt = xml.indexOf("<", at2);
  if (lt < 0) throw unreadable;
  if (lt === at2) return lt;
  let lineBreak = false;
  for (let i2 = at2; i2 < lt; i2++) {
    const c2 = xml.charCodeAt(i2);
    if (c2 === 10) lineBreak = true;
    else if (c2 !== 32 && c2 !== 9) throw unreadable;
  }
  if (!lineBreak) throw unreadable;
  return lt;
}
function openTag(xml, lt) {
  TAG.lastIndex = lt;
  const open3 = TAG.exec(xml);
  if (!open3) throw unreadable;
  openedName = open3[1];
  openedEmpty = open3[2] === "/";
  return TAG.lastIndex;
}
function leaf(xml, at2, tag, empty, depth) {
  if (empty) {
    leafValue = "";
    return at2;
  }
  const lt = xml.indexOf("<", at2);
  if (lt < 0) throw unreadable;
  if (xml.charCodeAt(lt + 1) === 47) {
    leafValue = textOf(xml.slice(at2, lt));
    return closeTag(xml, lt, tag);
  }
  if (depth >= MAX_DEPTH) throw unreadable;
  for (; ; ) {
    const inner = nextTag(xml, at2);
    if (xml.charCodeAt(inner + 1) === 47) {
      leafValue = null;
      return closeTag(xml, inner, tag);
    }
    at2 = openTag(xml, inner);
    at2 = leaf(xml, at2, openedName, openedEmpty, depth + 1);
  }
}
function closeTag(xml, lt, name) {
  if (!xml.startsWith(name, lt + 2) || xml.charCodeAt(lt + 2 + name.length) !== 62) throw unreadable;
  return lt + 3 + name.length;
}
function skipSpace(xml, at2) {
  for (; ; ) {
    const c2 = xml.charCodeAt(at2);
    if (c2 !== 32 && c2 !== 10 && c2 !== 9) return at2;
    at2++;
  }
}
function leafText(raw) {
  if (raw.includes("<")) return void 0;
  try {
    return textOf(raw);
  } catch {
    return void 0;
  }
}
function textOf(raw) {
  let text3 = raw;
  if (raw.includes("&")) {
    let resolved = 0;
    text3 = raw.replace(REFERENCE, (_, hex, decimal, name) => {
      resolved++;
      if (name !== void 0) return NAMED[name];
      const code2 = hex !== void 0 ? Number.parseInt(hex, 16) : Number(decimal);
      if (code2 > 65535) throw unreadable;
      return String.fromCharCode(code2);
    });
    let ampersands = 0;
    for (let i2 = raw.indexOf("&"); i2 >= 0; i2 = raw.indexOf("&", i2 + 1)) ampersands++;
    if (ampersands !== resolved) throw unreadable;
  }
  return text3.includes("\n") && text3.trim() === "" ? "" : text3;
}

// src/stores/object/s3/listing-page.ts
function iso(date) {
  return (date ?? /* @__PURE__ */ new Date(0)).toISOString();
}
function latestPageFromSdk(page) {
  const versions = [];
  for (const object2 of page.Contents ?? []) {
    if (object2.Key === void 0) continue;
    versions.push(withObjectFields({ key: object2.Key, lastModified: iso(object2.LastModified), size: object2.Size ?? 0 }, object2.ETag, object2.StorageClass));
  }
  return headed({ truncated: page.IsTruncated ?? false, versions }, page.NextContinuationToken, page.Contents?.at(-1)?.Key);
}
function versionPageFromSdk(page) {
  const versions = [];
  for (const v2 of page.Versions ?? []) {
    if (v2.Key === void 0) continue;
    const version = { key: v2.Key, lastModified: iso(v2.LastModified), size: v2.Size ?? 0, isLatest: v2.IsLatest ?? false };
    if (v2.VersionId) version.versionId = v2.VersionId;
    versions.push(withObjectFields(version, v2.ETag, v2.StorageClass));
  }
  for (const m2 of page.DeleteMarkers ?? []) {
    if (m2.Key === void 0) continue;
    const marker = { key: m2.Key, lastModified: iso(m2.LastModified), deleteMarker: true, isLatest: m2.IsLatest ?? false };
    if (m2.VersionId) marker.versionId = m2.VersionId;
    versions.push(marker);
  }
  const head = { truncated: page.IsTruncated ?? false, versions };
  if (page.NextKeyMarker !== void 0) head.nextKeyMarker = page.NextKeyMarker;
  if (page.NextVersionIdMarker !== void 0) head.nextVersionIdMarker = page.NextVersionIdMarker;
  return head;
}
function withObjectFields(version, etag, storageClass) {
  const unquoted = unquote(etag);
  if (unquoted !== void 0) version.etag = unquoted;
  if (storageClass) version.storageClass = storageClass;
  return version;
}
function headed(page, nextToken, lastKey) {
  if (nextToken !== void 0) page.nextToken = nextToken;
  if (lastKey !== void 0) page.lastKey = lastKey;
  return page;
}
var Unusable = class extends Error {
};
var unusable = new Unusable();
var KEY = 0;
var LAST_MODIFIED = 1;
var ETAG = 2;
var SIZE = 3;
var STORAGE_CLASS = 4;
var VERSION_ID = 5;
var IS_LATEST = 6;
var ENTRY_FIELDS = ["Key", "LastModified", "ETag", "Size", "StorageClass", "VersionId", "IsLatest"];
var IS_TRUNCATED = 0;
var ENCODING_TYPE = 1;
var NEXT_TOKEN = 2;
var NEXT_KEY_MARKER = 2;
var NEXT_VERSION_ID_MARKER = 3;
var LATEST_SHAPE = {
  root: "ListBucketResult",
  entries: ["Contents"],
  pageFields: ["IsTruncated", "EncodingType", "NextContinuationToken"],
  entryFields: ENTRY_FIELDS
};
var VERSIONS_SHAPE = {
  root: "ListVersionsResult",
  entries: ["Version", "DeleteMarker"],
  pageFields: ["IsTruncated", "EncodingType", "NextKeyMarker", "NextVersionIdMarker"],
  entryFields: ENTRY_FIELDS
};
function latestPageFromXml(xml) {
  const read = readListingXml(xml, LATEST_SHAPE);
  if (!read) return void 0;
  try {
    const fields = read.fields;
    if (fields[ENCODING_TYPE] !== void 0) return void 0;
    const versions = [];
    let lastKey;
    for (const { fields: object2 } of read.entries) {
      lastKey = text2(object2[KEY]);
      const lastModified = time2(object2[LAST_MODIFIED]);
      const objectSize = size(object2[SIZE]);
      if (lastKey === void 0) continue;
      versions.push(withObjectFields({ key: lastKey, lastModified, size: objectSize }, text2(object2[ETAG]), text2(object2[STORAGE_CLASS])));
    }
    return headed({ truncated: flag3(fields[IS_TRUNCATED], true), versions }, text2(fields[NEXT_TOKEN]), lastKey);
  } catch (error) {
    if (error === unusable) return void 0;
    throw error;
  }
}
function versionPageFromXml(xml) {
  const read = readListingXml(xml, VERSIONS_SHAPE);
  if (!read) return void 0;
  try {
    const fields = read.fields;
    if (fields[ENCODING_TYPE] !== void 0) return void 0;
    const versions = [];
    const markers = [];
    for (const { tag, fields: entry } of read.entries) {
      const key = text2(entry[KEY]);
      const lastModified = time2(entry[LAST_MODIFIED]);
      const isLatest = flag3(entry[IS_LATEST], false);
      const versionSize = size(entry[SIZE]);
      if (key === void 0) continue;
      const versionId = text2(entry[VERSION_ID]);
      if (tag === "DeleteMarker") {
        const marker = { key, lastModified, deleteMarker: true, isLatest };
        if (versionId) marker.versionId = versionId;
        markers.push(marker);
        continue;
      }
      const version = { key, lastModified, size: versionSize, isLatest };
      if (versionId) version.versionId = versionId;
      versions.push(withObjectFields(version, text2(entry[ETAG]), text2(entry[STORAGE_CLASS])));
    }
    const page = { truncated: flag3(fields[IS_TRUNCATED], true), versions: markers.length > 0 ? versions.concat(markers) : versions };
    const nextKeyMarker = text2(fields[NEXT_KEY_MARKER]);
    if (nextKeyMarker !== void 0) page.nextKeyMarker = nextKeyMarker;
    const nextVersionIdMarker = text2(fields[NEXT_VERSION_ID_MARKER]);
    if (nextVersionIdMarker !== void 0) page.nextVersionIdMarker = nextVersionIdMarker;
    return page;
  } catch (error) {
    if (error === unusable) return void 0;
    throw error;
  }
}
function text2(value) {
  if (value === null) throw unusable;
  return value;
}
function flag3(leaf2, required) {
  const value = text2(leaf2);
  if (value === "true") return true;
  if (value === "false" || value === void 0 && !required) return false;
  throw unusable;
}
function size(leaf2) {
  const value = text2(leaf2);
  if (value === void 0) return 0;
  if (!/^[0-9]{1,15}$/.test(value)) throw unusable;
  return Number(value);
}
var lastTime = { text: "", iso: "" };
function time2(leaf2) {
  const value = text2(leaf2);
  if (value === void 0) return iso(void 0);
  if (value === lastTime.text) return lastTime.iso;
  if (value.length !== 24 || !ISO_MS.test(value) || value.startsWith("0")) throw unusable;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== value) throw unusable;
  lastTime = { text: value, iso: value };
  return value;
}
var ISO_MS = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;

// src/stores/object/s3/page-preview.ts
var MAX_PAGE_BYTES = 32 * 1024 * 1024;
var OversizedPageError = class extends Error {
  name = "OversizedPageError";
};
function previewMiddleware(onBody, options) {
  return (next) => async (args) => {
    options.onAttempt?.();
    const result = await next(args);
    const response = result.response;
    if (response.statusCode !== 200 || !isReadable(response.body)) return result;
    const body = await readWhole(response.body, MAX_PAGE_BYTES);
    if (!body) {
      throw new OversizedPageError(
        `${options.what}: a listing page was larger than ${MAX_PAGE_BYTES / 1024 / 1024} MiB, more than 1,000 entries can take: the endpoint ignores MaxKeys or does not answer as S3 does; check the endpoint setting`
      );
    }
    const replacement = onBody(body.toString("utf8"));
    response.body = replacement === void 0 ? body : Buffer.from(replacement);
    return result;
  };
}
function watchPage(stack, what, reader, onDate, onHead) {
  if (onDate) stack.add(serverDateMiddleware(onDate), { step: "deserialize", name: "pullbackPageDate" });
  let read;
  const onBody = (xml) => {
    read = reader.page(xml);
    const head = read ?? (onHead ? reader.head(xml) : void 0);
    if (head !== void 0) onHead?.(head);
    return read === void 0 ? void 0 : reader.empty;
  };
  const onAttempt = () => void (read = void 0);
  stack.add(previewMiddleware(onBody, { what, onAttempt }), { step: "deserialize", name: "pullbackPagePreview" });
  return () => read;
}
function isReadable(body) {
  return typeof body?.on === "function" && typeof body.read === "function";
}
function latestPageHead(xml) {
  const truncated = element(xml, "IsTruncated");
  if (truncated !== "true" && truncated !== "false") return void 0;
  if (truncated === "false") return { truncated: false };
  const token = element(xml, "NextContinuationToken");
  if (token === void 0) return void 0;
  const lastKey = element(xml, "Key", true);
  return { truncated: true, nextToken: token, ...lastKey !== void 0 ? { lastKey } : {} };
}
function versionPageHead(xml) {
  const truncated = element(xml, "IsTruncated");
  if (truncated !== "true" && truncated !== "false") return void 0;
  if (truncated === "false") return { truncated: false };
  const keyMarker = element(xml, "NextKeyMarker");
  if (keyMarker === void 0) return void 0;
  const versionIdMarker = element(xml, "NextVersionIdMarker");
  return { truncated: true, nextKeyMarker: keyMarker, ...versionIdMarker !== void 0 ? { nextVersionIdMarker: versionIdMarker } : {} };
}
function element(xml, name, last = false) {
  const open3 = `<${name}>`;
  const start = last ? xml.lastIndexOf(open3) : xml.indexOf(open3);
  if (start < 0) return void 0;
  const end = xml.indexOf(`</${name}>`, start);
  return end < 0 ? void 0 : leafText(xml.slice(start + open3.length, end));
}
var LATEST_PAGES = {
  page: latestPageFromXml,
  head: latestPageHead,
  empty: "<ListBucketResult></ListBucketResult>"
};
var VERSION_PAGES = {
  page: versionPageFromXml,
  head: versionPageHead,
  empty: "<ListVersionsResult></ListVersionsResult>"
};

// src/stores/object/s3/store.ts
var S3ObjectStore = class _S3ObjectStore {
  constructor(bucket, prefix, connection, endpointIdentity2, label = DESTINATION_LABEL, writes = {}) {
    this.bucket = bucket;
    this.prefix = prefix;
    this.endpointIdentity = endpointIdentity2;
    this.writes = writes;
    if ("client" in connection) {
      this.client = connection.client;
      this.endpoint = connection.endpoint;
      this.sharedClock = connection.serverTime;
    } else {
      this.client = createS3Client(connection, bucket, (date) => {
        this.clock = { server: date.getTime(), local: Date.now() };
      });
      this.endpoint = connection.endpoint;
      this.sharedClock = void 0;
    }
    this.label = label;
    this.prefixBytes = Buffer.byteLength(prefix);
    this.place = { kind: "s3", location: { endpoint: this.endpoint, bucket, prefix } };
  }
  bucket;
  prefix;
  endpointIdentity;
  client;
  endpoint;
  prefixBytes;
  keepsMetadata = true;
  /** A string or Buffer body goes as one PutObject (upload.ts): never an open multipart upload. */
  wholeBodyPutsLeaveNoPartialWrite = true;
  place;
  label;
  sharedClock;
  /** The Date header of the latest response and the local time it arrived. */
  clock;
  /** Storage class, encryption and Object Lock of every write (none: the bucket's defaults). */
  writes;
  serverTime() {
    if (this.sharedClock) return this.sharedClock();
    return this.clock ? new Date(this.clock.server + (Date.now() - this.clock.local)) : void 0;
  }
  requestCounts() {
    return { ...requestCountsOf(this.client) };
  }
  get description() {
    return `s3://${this.bucket}/${this.prefix}${this.endpoint ? ` at ${this.endpoint}` : ""}`;
  }
  full(key) {
    return this.prefix + key;
  }
  under(subPrefix) {
    const shared = { client: this.client, endpoint: this.endpoint, serverTime: () => this.serverTime() };
    const { objectLock: _objectLock, ...kept } = this.writes;
    return new _S3ObjectStore(this.bucket, this.prefix + subPrefix, shared, this.endpointIdentity, { role: "restore target", input: this.label.input }, kept);
  }
  /**
   * The request fields every write carries (S3WriteSettings). Object Lock needs a checksum on each
   * upload (Content-MD5 or an SDK checksum): CRC32 is asked for only then, because some
   * S3-compatible stores refuse the checksum trailer of a streamed body.
   */
  writeFields(mutable = false) {
    const { storageClass, sse, objectLock } = this.writes;
    const lock = objectLock && !mutable ? objectLock : void 0;
    return {
      ...storageClass ? { StorageClass: storageClass } : {},
      ...sse ? { ServerSideEncryption: sse.algorithm } : {},
      ...sse?.algorithm === "aws:kms" && sse.kmsKeyId ? { SSEKMSKeyId: sse.kmsKeyId } : {},
      ...lock ? { ObjectLockMode: lock.mode, ObjectLockRetainUntilDate: new Date((this.serverTime() ?? /* @__PURE__ */ new Date()).getTime() + lock.days * 864e5), ChecksumAlgorithm: "CRC32" } : {}
    };
  }
  /**
   * Whether the bucket exists and its keys under the prefix can be listed: a one-key listing, not a
   * HeadBucket. It needs the same s3:ListBucket right, but a policy that grants it only under a
   * prefix (the `s3:prefix` condition) passes it where HeadBucket is refused, and stores that answer
   * HeadBucket by listing the whole bucket (s3rver: 150 ms at 2,000 keys) answer it at once.
   */
  async check() {
    try {
      await this.client.send(new ListObjectsCommand({ Bucket: this.bucket, Prefix: this.prefix || void 0, MaxKeys: 1 }));
    } catch (error) {
      throw describeS3Error(error, `reaching ${this.label.role} bucket ${this.bucket}`, this.label.input);
    }
  }
  /**
   * Opens a multipart upload and aborts it: S3 authorises CreateMultipartUpload as s3:PutObject
   * (and SSE-KMS keys as a write), and an aborted upload is no object, no version and no delete
   * marker, so a versioned target keeps nothing of the probe. A store without multipart uploads
   * gets the old probe (put, then delete), which the returned note owns up to.
   */
  async probeWrite() {
    await this.check();
    const key = this.full(`.pullback-restore-probe-${randomBytes6(6).toString("hex")}`);
    let uploadId;
    try {
      uploadId = (await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ...this.writeFields(true) }))).UploadId;
    } catch (error) {
      if (!isNotImplemented(error)) throw describeS3Error(error, `starting a probe upload to ${this.label.role} s3://${this.bucket}/${this.prefix}`, this.label.input);
    }
    if (uploadId === void 0) return this.probeWithObject(key);
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      const refused = isAccessDenied(error);
      if (!refused && !isNotImplemented(error) && httpStatus(error) !== 405) throw describeS3Error(error, `aborting the probe upload s3://${this.bucket}/${key}`, this.label.input);
      return `the write probe left an empty multipart upload open at s3://${this.bucket}/${key} (${refused ? "the credentials cannot abort uploads: s3:AbortMultipartUpload" : "the store does not abort uploads"}); it holds no data, and a lifecycle rule with AbortIncompleteMultipartUpload removes it`;
    }
    return void 0;
  }
  /** The probe for a store without multipart uploads: a small object, put and deleted. */
  async probeWithObject(key) {
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: "pullback write probe", ...this.writeFields(true) }));
    } catch (error) {
      throw describeS3Error(error, `writing a probe object to ${this.label.role} s3://${this.bucket}/${this.prefix}`, this.label.input);
    }
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (!isAccessDenied(error)) throw describeS3Error(error, `deleting the probe object s3://${this.bucket}/${key}`, this.label.input);
      return `the write probe object s3://${this.bucket}/${key} could not be deleted (no s3:DeleteObject): delete it when convenient`;
    }
    return `${this.label.role} s3://${this.bucket}/${this.prefix} does not take multipart uploads, so the write probe put and deleted s3://${this.bucket}/${key}: in a versioned bucket that leaves a version and a delete marker`;
  }
  async put(key, body, options = {}) {
    const params = { Bucket: this.bucket, Key: this.full(key), ...s3MetadataFields(options.metadata), ...this.writeFields(options.mutable) };
    const etag = await putObject(this.client, params, body, {
      ...options.size !== void 0 ? { size: options.size } : {},
      ...options.singleRequest ? { singleRequest: true } : {},
      ...options.sha256 !== void 0 ? { sha256: options.sha256 } : {}
    });
    return etag ? { etag } : {};
  }
  async head(key) {
    try {
      const result = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      const object2 = { key, size: result.ContentLength ?? 0, metadata: metadataFromResponse(result) };
      const etag = unquote(result.ETag);
      if (etag) object2.etag = etag;
      return object2;
    } catch (error) {
      if (isNotFound(error)) return void 0;
      throw error;
    }
  }
  async get(key) {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      return result.Body;
    } catch (error) {
      if (isNotFound(error)) return void 0;
      throw error;
    }
  }
  async *list(prefix, startAfter) {
    let token;
    do {
      const command2 = new ListObjectsV2Command({
        Bucket: this.bucket,
        Prefix: this.full(prefix) || void 0,
        ContinuationToken: token,
        ...token === void 0 && startAfter !== void 0 ? { StartAfter: this.full(startAfter) } : {}
      });
      const read = watchPage(command2.middlewareStack, `listing ${this.description}`, LATEST_PAGES);
      const output = await this.client.send(command2);
      const page = read() ?? latestPageFromSdk(output);
      for (const object2 of page.versions) {
        const entry = { key: object2.key.slice(this.prefix.length), size: object2.size ?? 0 };
        if (object2.etag) entry.etag = object2.etag;
        yield entry;
      }
      token = page.truncated ? page.nextToken : void 0;
    } while (token);
  }
  async delete(key) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
  }
  async purge(key) {
    const full = this.full(key);
    const versions = await versionsOf(this.client, this.bucket, full);
    if (versions === void 0 || versions.length === 0) {
      if (!await this.head(key)) return { removed: 0, kept: [] };
      await this.delete(key);
      return { removed: 1, kept: [] };
    }
    const result = { removed: 0, kept: [] };
    for (const versionId of versions) {
      try {
        await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: full, VersionId: versionId }));
        result.removed++;
      } catch (error) {
        if (isNotFound(error)) continue;
        const lock = isAccessDenied(error) ? await lockOf(this.client, this.bucket, full, versionId, this.serverTime() ?? /* @__PURE__ */ new Date()) : void 0;
        if (!lock) throw error;
        result.kept.push({ versionId, ...lock });
      }
    }
    return result;
  }
  async *listPartialWrites(prefix) {
    let keyMarker;
    let uploadIdMarker;
    do {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: this.full(prefix), KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker })
      );
      for (const upload of page.Uploads ?? []) {
        if (upload.Key === void 0 || upload.UploadId === void 0 || !upload.Key.startsWith(this.full(prefix))) continue;
        yield { key: upload.Key.slice(this.prefix.length), id: upload.UploadId, initiated: upload.Initiated ?? /* @__PURE__ */ new Date(0) };
      }
      const truncated = page.IsTruncated === true && (page.NextKeyMarker !== keyMarker || page.NextUploadIdMarker !== uploadIdMarker);
      keyMarker = truncated ? page.NextKeyMarker : void 0;
      uploadIdMarker = truncated ? page.NextUploadIdMarker : void 0;
    } while (keyMarker !== void 0);
  }
  async abortPartialWrite(write) {
    await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.full(write.key), UploadId: write.id }));
  }
  async getTagged(key, maxBytes) {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.full(key) }));
      const body = await readWhole(result.Body, maxBytes);
      if (!body) throw new Error(`${key} in ${this.description} is larger than ${maxBytes} bytes`);
      return { body, etag: unquote(result.ETag) };
    } catch (error) {
      if (isNotFound(error)) return void 0;
      throw error;
    }
  }
  async putIf(key, body, condition) {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.full(key),
          Body: body,
          ContentType: "application/json",
          // Only the lease is written this way: rewritten every minute, it carries no retention.
          ...this.writeFields(true),
          ..."ifNoneMatch" in condition ? { IfNoneMatch: "*" } : { IfMatch: `"${condition.ifMatch}"` }
        })
      );
      return "written";
    } catch (error) {
      if (failedCondition(error)) return "conflict";
      if (refusesConditions(error)) return "unsupported";
      throw error;
    }
  }
  /**
   * Whether the store refuses a write naming an ETag its object does not have, shown now with the
   * object at `probeKey` (stale-if-match.ts). Asked once per store: the lease skips its read-back on it.
   */
  refusesStaleIfMatch(probeKey) {
    let probe = this.staleIfMatchProbes.get(probeKey);
    if (!probe) {
      const writeStale = () => this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: this.full(probeKey), Body: STALE_IF_MATCH_PROBE_BODY, ContentType: "application/json", ...this.writeFields(true), IfMatch: NO_OBJECT_HAS_THIS_ETAG })
      );
      probe = probeStaleIfMatch(writeStale, () => this.put(probeKey, STALE_IF_MATCH_PROBE_BODY, { mutable: true }));
      this.staleIfMatchProbes.set(probeKey, probe);
    }
    return probe;
  }
  staleIfMatchProbes = /* @__PURE__ */ new Map();
  /** Server-side copy when the source lives on the same endpoint under the same credentials. */
  async copyFromSource(source, version, key) {
    if (!isS3Bucket(source) || this.endpointIdentity === void 0 || source.endpointIdentity !== this.endpointIdentity) return false;
    if ((version.size ?? 0) > MAX_SINGLE_REQUEST_BYTES) return false;
    if (this.writes.objectLock) return false;
    const versioned = version.versionId !== void 0 && version.versionId !== "null";
    const copySource = `${source.bucket}/${encodeURIComponent(version.key).replace(/%2F/g, "/")}${versioned ? `?versionId=${encodeURIComponent(version.versionId)}` : ""}`;
    const head = await source.client.send(
      new HeadObjectCommand({ Bucket: source.bucket, Key: version.key, ...versioned ? { VersionId: version.versionId } : {} })
    );
    await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: this.full(key),
        CopySource: copySource,
        MetadataDirective: "COPY",
        ...this.writeFields(),
        ...!versioned && version.etag ? { CopySourceIfMatch: `"${version.etag}"` } : {}
      })
    );
    return { metadata: metadataFromResponse(head) };
  }
};
function isS3Bucket(source) {
  const candidate = source;
  return source.place.kind === "s3" && typeof candidate.bucket === "string" && typeof candidate.endpointIdentity === "string" && candidate.client !== void 0;
}

// src/stores/object/s3/source.ts
import { setTimeout as delay } from "node:timers/promises";

// src/stores/object/s3/pages.ts
async function* prefetchedPages(fetchPage, cursorAfter, ahead = 2) {
  const arrived = [];
  let current;
  let next = { cursor: void 0 };
  let failure;
  let stopped = false;
  let wake;
  const prepare = (cursor) => ({ cursor, abort: new AbortController() });
  const begin = (fetch) => {
    fetchPage(
      fetch.cursor,
      (head) => {
        fetch.head = head;
        queueMicrotask(pump);
      },
      fetch.abort.signal
    ).then(
      (page) => {
        fetch.settled = { page };
        pump();
      },
      (error) => {
        fetch.settled = { error };
        pump();
      }
    );
  };
  const drop = (fetch) => {
    if (fetch && !fetch.settled) fetch.abort.abort();
  };
  const room = () => !stopped && !failure && arrived.length + (current ? 1 : 0) < ahead;
  const pump = () => {
    while (current?.settled && !failure) {
      const { settled, following } = current;
      current = void 0;
      if ("error" in settled) {
        failure = settled;
        drop(following);
        break;
      }
      arrived.push(settled.page);
      const after = cursorAfter(settled.page);
      if (after !== void 0 && following && sameCursor(following.cursor, after)) current = following;
      else {
        drop(following);
        next = after === void 0 ? void 0 : { cursor: after };
      }
    }
    if (!current && next && room()) {
      const fetch = prepare(next.cursor);
      current = fetch;
      next = void 0;
      begin(fetch);
    }
    if (current?.head && !current.following && !current.settled && room()) {
      const guess = cursorAfter(current.head);
      if (guess !== void 0) {
        const fetch = prepare(guess);
        current.following = fetch;
        begin(fetch);
      }
    }
    wake?.();
  };
  try {
    pump();
    for (; ; ) {
      const page = arrived.shift();
      if (page !== void 0) {
        pump();
        yield page;
        continue;
      }
      if (failure) throw failure.error;
      if (!current && next === void 0) return;
      await new Promise((resolve3) => wake = resolve3);
      wake = void 0;
    }
  } finally {
    stopped = true;
    drop(current?.following);
    drop(current);
  }
}
function sameCursor(a2, b2) {
  return a2 === b2 || JSON.stringify(a2) === JSON.stringify(b2);
}

// src/stores/object/s3/source.ts
function pastRange(lastKey, range) {
  return range?.upTo !== void 0 && lastKey !== void 0 && compareKeys(lastKey, range.upTo) > 0;
}
var PAGE_KEPT_MS = 6e4;
var BUCKET_ERRORS = /* @__PURE__ */ new Set(["NoSuchBucket", "InvalidAccessKeyId", "SignatureDoesNotMatch", "CredentialsProviderError"]);
function errorCode(error) {
  const status = httpStatus(error);
  return `${errorName(error)}${status ? ` ${status}` : ""}: ${error?.message ?? String(error)}`;
}
var S3Source = class {
  constructor(bucket, prefix, connection, endpointIdentity2, options = {}) {
    this.bucket = bucket;
    this.prefix = prefix;
    this.connection = connection;
    this.endpointIdentity = endpointIdentity2;
    this.options = options;
    this.id = sourceId(bucket, prefix);
    this.place = { kind: "s3", location: { endpoint: connection.endpoint, bucket, prefix } };
    this.client = createS3Client(connection, bucket, (date) => {
      this.latestServerTime = date;
      if (this.capturing) {
        this.serverTime = date;
        this.capturing = false;
      }
    });
  }
  bucket;
  prefix;
  connection;
  endpointIdentity;
  options;
  id;
  client;
  place;
  serverTime;
  latestServerTime;
  capturing = false;
  /** The first answer's clock of the listing startListing began (kept after list() takes it). */
  pinnedClock;
  /** The pages of a listing startListing began, until list() takes them. */
  started;
  requestCounts() {
    return { ...requestCountsOf(this.client) };
  }
  asObjectStore() {
    return new S3ObjectStore(this.bucket, "", { client: this.client, endpoint: this.connection.endpoint }, this.endpointIdentity, { role: "source", input: "sources" });
  }
  /**
   * Whether the bucket can be read and keeps versions. Both requests go out together (one round
   * trip, not two); the bucket's own error comes first, as it names the fix, and stops the
   * versioning check's retries. With `listingFollows` (a backup, which calls startListing next)
   * only the versioning is read: the listing's first page is the check that the bucket can be
   * listed, and HeadBucket would ask the same question once more (s3rver answers it by reading the
   * whole bucket: 150 ms at 2,000 keys).
   */
  async probe(options = {}) {
    const stop = new AbortController();
    const versioning = handled(this.readVersioning(stop.signal));
    if (options.listingFollows) return { versioned: await versioning };
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      stop.abort();
      throw describeS3Error(error, `reading source bucket ${this.bucket}`, "sources");
    }
    return { versioned: await versioning };
  }
  /**
   * Starts the listing now, ahead of list(): a backup calls it as soon as it may (see backup.ts:
   * once the lease was found free, so no other run can commit in between), and the first pages
   * arrive while the lease and the catalogue are read (on a bucket of a few thousand keys, most of
   * the listing). Resolves once the first page is in (the next is then on its way, as in any
   * listing); rejects, naming the bucket and the fix, when the bucket cannot be listed. list() goes
   * on from here when it starts at the beginning of the key space with the same versioning, within
   * PAGE_KEPT_MS; otherwise it lists afresh.
   */
  startListing(versioned) {
    this.dropStartedListing();
    this.serverTime = void 0;
    this.capturing = false;
    const pin = (date) => {
      if (this.started?.pages !== pages) return;
      this.pinnedClock = date;
      this.serverTime = date;
    };
    const pages = versioned ? this.versionPages(void 0, pin) : this.latestPages(void 0, pin);
    const first = handled(pages.next());
    this.started = { versioned, pages, first, at: performance.now() };
    return first.then(
      () => void 0,
      (error) => {
        throw describeS3Error(error, `listing source bucket ${this.bucket}`, "sources");
      }
    );
  }
  dropStartedListing() {
    void this.started?.pages.return(void 0).catch(() => void 0);
    this.started = void 0;
    this.pinnedClock = void 0;
  }
  /** The pages startListing began, when this listing can go on from them (handed out once). */
  takeStartedPages(versioned, range) {
    const started = this.started;
    if (!started) return void 0;
    if (started.versioned !== versioned || this.startAfter(range) !== void 0 || performance.now() - started.at > PAGE_KEPT_MS) {
      this.dropStartedListing();
      return void 0;
    }
    this.started = void 0;
    return (async function* () {
      const first = await started.first;
      if (first.done) return;
      yield first.value;
      yield* started.pages;
    })();
  }
  /**
   * Whether the bucket keeps versions. A wrong "no" would silently back up only the latest
   * versions, so only a store's explicit "not implemented" reads as unversioned; transient faults
   * are retried, and anything else stops the run.
   */
  async readVersioning(signal) {
    const sleep = this.options.sleep ?? ((ms) => delay(ms, void 0, { signal }).catch(() => void 0));
    try {
      const versioning = await retry(() => this.client.send(new GetBucketVersioningCommand({ Bucket: this.bucket }), { abortSignal: signal }), {
        attempts: this.options.probeAttempts ?? 4,
        baseDelayMs: 500,
        maxDelayMs: 1e4,
        // A store without versioning says so with a 501: that is an answer, not a fault to retry.
        isRetryable: (error) => !signal.aborted && !isNotImplemented(error) && !isAccessDenied(error) && isRetryable(error),
        sleep
      });
      return versioning.Status === "Enabled" || versioning.Status === "Suspended";
    } catch (error) {
      if (isNotImplemented(error)) return false;
      if (BUCKET_ERRORS.has(errorName(error)) || httpStatus(error) === 404 || httpStatus(error) === void 0) {
        throw describeS3Error(error, `reading source bucket ${this.bucket}`, "sources");
      }
      if (isAccessDenied(error)) {
        throw new Error(
          `reading whether source bucket ${this.bucket} keeps versions was refused (${errorCode(error)}): grant s3:GetBucketVersioning on arn:aws:s3:::${this.bucket} to the source credentials (see the least-privilege policy in docs/github-action.md); without it pullback cannot tell whether to back up every version or only the latest`,
          { cause: error }
        );
      }
      throw new Error(
        `cannot tell whether source bucket ${this.bucket} keeps versions: GetBucketVersioning failed (${errorCode(error)}); nothing was backed up: run again, and if it keeps failing check the source endpoint`,
        { cause: error }
      );
    }
  }
  async *list(versioned, range) {
    const started = this.takeStartedPages(versioned, range);
    if (!started) {
      this.serverTime = this.pinnedClock;
      this.capturing = this.pinnedClock === void 0;
    }
    const listing = versioned ? this.listVersions(started ?? this.versionPages(range)) : this.listLatest(started ?? this.latestPages(range));
    for await (const entry of listing) {
      if (range?.upTo !== void 0 && compareKeys(entry.key, range.upTo) > 0) return;
      if (inRange(entry.key, range, compareKeys)) yield entry;
    }
  }
  /** The marker to start after: the range's start, when it lies inside the prefix's keys. */
  startAfter(range) {
    const after = range?.after;
    return after !== void 0 && compareKeys(after, this.prefix) >= 0 ? after : void 0;
  }
  async latestPage(token, startAfter, onDate, onHead, signal) {
    const command2 = new ListObjectsV2Command({
      Bucket: this.bucket,
      Prefix: this.prefix || void 0,
      ContinuationToken: token,
      ...token === void 0 && startAfter !== void 0 ? { StartAfter: startAfter } : {},
      MaxKeys: this.options.pageSize ?? 1e3
    });
    const read = watchPage(command2.middlewareStack, `listing source bucket ${this.bucket}`, LATEST_PAGES, onDate, onHead);
    const output = await this.client.send(command2, { abortSignal: signal });
    return read() ?? latestPageFromSdk(output);
  }
  async versionsPage(markers, onDate, onHead, signal) {
    const command2 = new ListObjectVersionsCommand({
      Bucket: this.bucket,
      Prefix: this.prefix || void 0,
      KeyMarker: markers?.keyMarker,
      VersionIdMarker: markers?.versionIdMarker,
      MaxKeys: this.options.pageSize ?? 1e3
    });
    const read = watchPage(command2.middlewareStack, `listing source bucket ${this.bucket}`, VERSION_PAGES, onDate, onHead);
    const output = await this.client.send(command2, { abortSignal: signal });
    return read() ?? versionPageFromSdk(output);
  }
  /** `onFirstDate`: the first page's own Date header (startListing pins the listing's clock with it). */
  latestPages(range, onFirstDate) {
    const startAfter = this.startAfter(range);
    return prefetchedPages(
      (token, preview, signal) => this.latestPage(token, startAfter, token === void 0 ? onFirstDate : void 0, preview, signal),
      (page) => page.truncated && !pastRange(page.lastKey, range) ? page.nextToken : void 0
    );
  }
  async *listLatest(pages) {
    for await (const page of pages) {
      for (const version of page.versions) yield { key: version.key, versions: [version] };
    }
  }
  versionPages(range, onFirstDate) {
    const first = { keyMarker: this.startAfter(range), versionIdMarker: void 0 };
    return prefetchedPages(
      (markers, preview, signal) => this.versionsPage(markers ?? first, markers === void 0 ? onFirstDate : void 0, preview, signal),
      (page) => {
        if (!page.truncated || page.nextKeyMarker === void 0) return void 0;
        return pastRange(page.nextKeyMarker, range) ? void 0 : { keyMarker: page.nextKeyMarker, versionIdMarker: page.nextVersionIdMarker };
      }
    );
  }
  /**
   * ListObjectVersions returns versions and delete markers in two lists per page, and a key's
   * versions may continue on the next page: merge them and hold a key until the listing moves on.
   */
  async *listVersions(pages) {
    let pending;
    for await (const page of pages) {
      const entries = page.versions;
      entries.sort(
        (a2, b2) => compareKeys(a2.key, b2.key) || Date.parse(b2.lastModified) - Date.parse(a2.lastModified) || Number(b2.isLatest === true) - Number(a2.isLatest === true)
      );
      for (const entry of entries) {
        if (pending && pending.key === entry.key) {
          pending.versions.push(entry);
          continue;
        }
        if (pending) yield pending;
        pending = { key: entry.key, versions: [entry] };
      }
    }
    if (pending) yield pending;
  }
  async open(version, signal) {
    const versioned = version.versionId !== void 0 && version.versionId !== "null";
    const response = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: version.key,
        ...versioned ? { VersionId: version.versionId } : {},
        // On an unversioned bucket the key may have been overwritten since the listing: refuse
        // to store other bytes under this version's identity.
        ...!versioned && version.etag ? { IfMatch: `"${version.etag}"` } : {},
        ChecksumMode: "ENABLED"
      }),
      signal ? { abortSignal: signal } : void 0
    );
    const metadata2 = metadataFromResponse(response);
    const checksums = {};
    const whole = (value) => value && !value.includes("-") ? value : void 0;
    if (whole(response.ChecksumCRC32)) checksums.CRC32 = response.ChecksumCRC32;
    if (whole(response.ChecksumSHA256)) checksums.SHA256 = response.ChecksumSHA256;
    if (whole(response.ChecksumSHA1)) checksums.SHA1 = response.ChecksumSHA1;
    const etag = unquote(response.ETag);
    const encrypted = response.ServerSideEncryption?.startsWith("aws:kms") || response.SSECustomerAlgorithm !== void 0;
    return {
      body: response.Body,
      size: response.ContentLength ?? version.size ?? 0,
      metadata: metadata2,
      checksums,
      etagIsMd5: etag !== void 0 && /^[0-9a-f]{32}$/.test(etag) && !encrypted,
      ...etag !== void 0 ? { etag } : {}
    };
  }
};

// src/backends/s3/open.ts
function openDestination(d2) {
  return d2.kind === "local" ? new LocalObjectStore(d2.path, destinationNaming) : new S3ObjectStore(d2.bucket, d2.prefix, d2.connection, endpointIdentity(d2.connection, d2.credentialsFrom === "source" ? "chain" : d2.credentialsFrom), void 0, d2.writes);
}
function openSources(specs, connection) {
  const identity = endpointIdentity(connection, "chain");
  return specs.map((s2) => new S3Source(s2.bucket, s2.prefix, connection, identity));
}
function listingOptions(config) {
  const label = { role: "inventory bucket", input: "inventory-manifest" };
  return {
    parallelism: config.listParallelism,
    ...config.inventory ? { inventory: { manifests: config.inventory.manifests, open: (bucket) => new S3ObjectStore(bucket, "", config.sourceConnection, void 0, label) } } : {}
  };
}
function openStorage(config) {
  return { sources: openSources(config.sources, config.sourceConnection), destination: openDestination(config.destination) };
}
function openRestoreTarget(spec) {
  const label = { role: "restore target", input: "restore-target" };
  return spec.kind === "s3" ? new S3ObjectStore(spec.bucket, spec.prefix, spec.connection, void 0, label) : new LocalObjectStore(spec.path, targetNaming(), { label });
}

// src/backends/s3/restore.ts
function emptyRestoreTotals() {
  return { ...emptyRestoreCounts(), written: 0, bytesWritten: 0, compared: 0, removed: 0, failed: 0, checkedBySizeOnly: 0, excluded: 0 };
}
async function cataloguedSources(catalog) {
  const sources = /* @__PURE__ */ new Map();
  const prune = await latestPrune(catalog);
  for (const part of prune?.record.sources ?? []) {
    sources.set(part.id, { id: part.id, bucket: part.bucket, prefix: part.prefix, history: [], pruned: { ...part, pruneId: prune.record.pruneId } });
  }
  for (const runId2 of (await catalog.runIds()).committed) {
    const run = await catalog.readRun(runId2);
    for (const source of run?.sources ?? []) {
      let entry = sources.get(source.id);
      if (!entry) {
        entry = { id: source.id, bucket: source.bucket, prefix: source.prefix, history: [] };
        sources.set(source.id, entry);
      }
      entry.latest = { run, source };
      if (!entry.pruned || compareKeys(runId2, entry.pruned.foldedThrough) > 0) entry.history.push({ run, source });
    }
  }
  return sources;
}
function coverage(source) {
  const first = source.pruned?.firstListStartedAt ?? source.history[0].source.listStartedAt;
  const last = source.history.at(-1)?.source.listFinishedAt ?? source.pruned.lastListFinishedAt;
  return { first, last, runs: source.history.length + (source.pruned?.points.length ?? 0) };
}
function prunedAway(source, at2) {
  const pruned = source.pruned;
  if (!pruned || at2.getTime() >= Date.parse(pruned.windowStart)) return void 0;
  if (pruned.points.some((p2) => Date.parse(p2.at) === at2.getTime())) return void 0;
  const { before, after } = nearestPoints(pruned.points.map((p2) => ({ id: p2.runId, at: Date.parse(p2.at) })), at2.getTime());
  const nearest = [before, after].filter((p2) => p2 !== void 0).map((p2) => `${new Date(p2.at).toISOString()} (run ${p2.id})`);
  return `input \`restore-time\`: ${at2.toISOString()} of ${source.id} was pruned away (prune ${pruned.pruneId}): the backup restores every moment from ${pruned.windowStart} on, and before that only its kept restore points. The nearest are ${nearest.join(" and ") || "none"}: set \`restore-time\` to one of them`;
}
function selectSources(known, selection, input = "restore-sources", destination) {
  if (known.size === 0) {
    const where = destination ? `the destination ${destination}` : "the destination";
    throw new RestoreError(`${where} holds no committed backup run: there is nothing to restore or verify (check \`destination\`: is it the place the backups write to?)`);
  }
  if (selection.length === 0) return [...known.values()];
  const chosen = /* @__PURE__ */ new Map();
  for (const text3 of selection) {
    const bare = text3.replace(/^s3:\/\//, "");
    const matches = [...known.values()].filter((s2) => s2.id === `s3://${bare}` || s2.id === `s3://${bare}/` || s2.bucket === bare || s2.id === `s3://${bare.replace(/\/?$/, "/")}`);
    if (matches.length === 0) {
      throw new RestoreError(`input \`${input}\`: ${JSON.stringify(text3)} is not in the catalogue; catalogued sources: ${[...known.keys()].join(", ")}`);
    }
    for (const m2 of matches) chosen.set(m2.id, m2);
  }
  return [...chosen.values()];
}
async function runS3Restore(options, deps) {
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const started = now();
  const { destination, logger } = deps;
  const listLimit = options.listLimit ?? 100;
  const warnings = [];
  const atIso = options.at.toISOString();
  const catalog = new Catalog(destination);
  let known = /* @__PURE__ */ new Map();
  const selected = await logger.group("Reading the catalogue", async () => {
    known = await cataloguedSources(catalog);
    const chosen = selectSources(known, options.sources, "restore-sources", destination.description);
    const usable = [];
    for (const source of chosen) {
      const { first, last, runs: runs2 } = coverage(source);
      if (options.at.getTime() < Date.parse(first) && options.sources.length === 0 && chosen.length > 1) {
        warnings.push(`${source.id}: left out, its first backup run (${first}) is after ${atIso}`);
        continue;
      }
      if (options.at.getTime() < Date.parse(first)) {
        throw new RestoreError(
          `input \`restore-time\`: ${atIso} is before the first backup of ${source.id} (its first run listed the bucket at ${first}): the backup cannot know what the bucket held then`
        );
      }
      const pruned = prunedAway(source, options.at);
      if (pruned) throw new RestoreError(pruned);
      if (options.at.getTime() > Date.parse(last)) {
        warnings.push(`${source.id}: ${atIso} is after the last backup run (${last}); changes made since then are not in the backup`);
      }
      const filtered = source.history.filter((h2) => h2.source.filter && Date.parse(h2.source.listStartedAt) <= options.at.getTime());
      if (filtered.length > 0) {
        warnings.push(
          `${source.id}: ${filtered.length} backup runs up to ${atIso} used a filter (the last: ${JSON.stringify(filtered[filtered.length - 1].source.filter)}): a key outside it is restored as it was last backed up, and changes made to it while it was left out are not in the backup`
        );
      }
      logger.info(`${source.id}: ${runs2} restore points${source.pruned ? ` (pruned: exact from ${source.pruned.windowStart} on)` : ""}, ${first} .. ${last}`);
      usable.push(source);
    }
    if (usable.length === 0) {
      throw new RestoreError(`input \`restore-time\`: ${atIso} is before the first backup of every source: the backup cannot know what the buckets held then`);
    }
    return usable;
  });
  for (const warning of warnings) logger.warn(warning);
  const buckets = new Set(selected.map((s2) => s2.bucket));
  const runs = selected.map((source, index) => ({
    index,
    source,
    ...openTarget(source, options, deps, buckets.size > 1, atIso),
    listPrefix: listPrefixOf(source, options),
    totals: emptyRestoreTotals(),
    errors: [],
    removalsPlanned: 0
  }));
  const overlapped = await guardTargets(runs, known, options, deps);
  const inPlace = options.target.kind === "in-place" || overlapped.length > 0;
  if (!options.dryRun) {
    await logger.group("Checking the restore target", async () => {
      const probed = /* @__PURE__ */ new Set();
      for (const { target } of runs) {
        if (probed.has(target.description)) continue;
        probed.add(target.description);
        let note;
        try {
          note = await target.probeWrite();
        } catch (error) {
          throw new RestoreError(`the restore target cannot be written, nothing was restored: ${error.message}`, { cause: error });
        }
        if (note) {
          warnings.push(note);
          logger.warn(note);
        }
        logger.info(`target: ${target.description} (writable)`);
      }
    });
  }
  let safetyBackupRunId;
  if (inPlace && !options.dryRun) {
    safetyBackupRunId = await logger.group("Backing up the live objects before overwriting them", async () => {
      const live = overlapped.map((s2) => s2.live);
      for (const run of runs) if (options.target.kind === "in-place" && !live.some((s2) => s2.id === run.source.id)) live.push(liveSource(run.source, deps));
      const backup = await runS3Backup(
        { overlapMs: 6 * 36e5, concurrency: options.concurrency, dryRun: false, serverSideCopy: true, ...options.backup, ...options.retryAttempts ? { retryAttempts: options.retryAttempts } : {} },
        { sources: live, destination, logger, ...deps.sleep ? { sleep: deps.sleep } : {}, ...deps.bandwidth ? { bandwidth: deps.bandwidth } : {} }
      );
      if (backup.status !== "complete") {
        throw new RestoreError(
          `the backup taken before the in-place restore is partial (${backup.totals.failed} objects failed): nothing was overwritten; fix the errors and run again`
        );
      }
      logger.info(`safety backup run ${backup.runId} of ${live.map((s2) => s2.id).join(", ")}: ${backup.totals.copied} versions copied`);
      return backup.runId;
    });
  }
  const context = {
    options,
    deps,
    catalog,
    liveWrites: inPlace,
    removeAbsent: options.target.kind === "in-place",
    uncertainDeletions: [],
    planned: [],
    plannedTotal: 0,
    sizeOnly: [],
    listLimit
  };
  const scratch = options.dryRun ? void 0 : await ScratchSpace.create("restore-scratch", { memoryBytes: options.stagingMemoryBytes ?? 1024 * 1024 });
  try {
    if (scratch) {
      context.scratch = scratch;
      context.removals = new PendingRemovals(scratch);
    }
    for (const run of runs) {
      await logger.group(`${options.dryRun ? "Planning" : "Restoring"} ${run.source.id} as of ${atIso} into ${whereRestored(run)}`, () => restoreSource(run, context));
    }
    await runRemovals(runs, context);
  } finally {
    await context.removals?.close();
    await scratch?.dispose();
  }
  const totals = emptyRestoreTotals();
  const sourceResults = [];
  for (const run of runs) {
    const t8 = run.totals;
    logger.info(
      `${run.source.id}: ${number(t8.keysAtT)} objects at T; ${number(t8.write)} new, ${number(t8.overwrite)} overwritten, ${number(t8.skip)} already right, ${number(t8.remove)} removed, ${number(t8.uncertain)} uncertain deletions kept, ${number(t8.failed)} failed` + (t8.excluded > 0 ? `; ${number(t8.excluded)} left out by min-size/max-size` : "") + (t8.unavailable > 0 ? `; ${number(t8.unavailable)} not backed up at T (skipped by the backup's size filter)` : "")
    );
    for (const error of run.errors) logger.warn(`${run.source.id}: ${error}`);
    sourceResults.push({ id: run.source.id, target: whereRestored(run), totals: t8, errors: run.errors });
    for (const name of Object.keys(totals)) totals[name] += t8[name];
  }
  if (totals.checkedBySizeOnly > 0) {
    const warning = `${totals.checkedBySizeOnly} objects could be checked only by their size (no SHA-256 recorded and no MD5 ETag: server-side copies of multipart uploads): ` + context.sizeOnly.join(", ") + (totals.checkedBySizeOnly > context.sizeOnly.length ? ", ..." : "");
    warnings.push(warning);
    logger.warn(warning);
  }
  if (totals.unavailable > 0) {
    const keys = context.planned.filter((p2) => p2.action === "unavailable").map((p2) => `${p2.source} ${p2.key}`);
    const warning = `${totals.unavailable} keys were not backed up as they were at ${atIso}: their version then was left out by the backup's min-size/max-size, so they were neither restored nor removed: ${keys.join(", ")}${totals.unavailable > keys.length ? ", ..." : ""}`;
    warnings.push(warning);
    logger.warn(warning);
  }
  const finished = now();
  const status = options.dryRun ? "dry-run" : totals.failed > 0 ? "partial" : "complete";
  return {
    status,
    at: atIso,
    inPlace,
    sources: sourceResults,
    totals,
    uncertainDeletions: context.uncertainDeletions,
    planned: context.planned,
    plannedLeftOut: context.plannedTotal - context.planned.length,
    ...safetyBackupRunId ? { safetyBackupRunId } : {},
    checkedBySizeOnly: context.sizeOnly,
    warnings,
    durationMs: finished.getTime() - started.getTime()
  };
}
function liveSource(source, deps) {
  const live = deps.sources?.find((s2) => s2.id === source.id);
  if (!live) {
    throw new RestoreError(`an in-place restore of ${source.id} needs that bucket in \`sources\` (with credentials that can read and write it)`);
  }
  return live;
}
function openTarget(source, options, deps, severalBuckets, atIso) {
  const spec = options.target;
  if (spec.kind === "in-place") return { target: deps.openTarget?.(source) ?? liveSource(source, deps).asObjectStore(), keyPrefix: "" };
  const keyPrefix = spec.kind === "default" || severalBuckets ? `${source.bucket}/` : "";
  if (deps.openTarget) return { target: deps.openTarget(source), keyPrefix };
  if (spec.kind === "default") return { target: deps.destination.under(`restored/${compactTime(atIso)}/`), keyPrefix };
  return { target: openRestoreTarget(spec), keyPrefix };
}
function whereRestored(run) {
  const place = run.target.place;
  return place.kind === "s3" ? `s3://${place.location.bucket}/${place.location.prefix}${run.keyPrefix}` : `folder ${place.root}${run.keyPrefix ? `/${run.keyPrefix}` : ""}`;
}

// src/backends/s3/prune.ts
var DEFAULT_RECHECK_MARGIN_MS = 6 * 36e5;
async function runS3Prune(options, deps) {
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const started = now();
  const { destination, logger } = deps;
  const listLimit = options.listLimit ?? 100;
  const pruneId = Catalog.newRunId(started);
  const catalog = new Catalog(destination, {
    read: { attempts: options.retryAttempts ?? 4, ...deps.sleep ? { sleep: deps.sleep } : {}, onRetry: (file, error, attempt) => logger.debug(`${file}: read attempt ${attempt} failed (${error.message}); retrying`) }
  });
  await logger.group("Checking the destination", async () => {
    await destination.check();
    logger.info(`destination: ${destination.description}`);
  });
  const lease = options.dryRun ? void 0 : await logger.group("Taking the destination lease", async () => {
    const taken = await RunLease.acquire(destination, pruneId, logger, { ...options.lease, now });
    logger.info(`lease ${pruneId} taken at ${taken.acquiredAt.toISOString()} (destination clock)`);
    return taken;
  });
  try {
    return await pruneUnderLease(options, deps, { catalog, pruneId, started, now, lease, listLimit });
  } finally {
    await lease?.release();
  }
}
async function pruneUnderLease(options, deps, run) {
  const { catalog, pruneId, lease, listLimit } = run;
  const { logger } = deps;
  const warnings = [];
  const previous = await latestPrune(catalog);
  const sources = await cataloguedSources(catalog);
  if (sources.size === 0) throw new Error(`the destination ${deps.destination.description} holds no committed backup run: there is nothing to prune`);
  const planned = [];
  const parts = [];
  const results = [];
  for (const source of [...sources.values()].sort((a2, b2) => a2.id < b2.id ? -1 : 1)) {
    const pending = pendingList(previous, source.id);
    const plan = await logger.group(`${options.dryRun ? "Planning the prune of" : "Pruning"} ${source.id}`, async () => {
      const planned_ = await planSourcePrune({
        catalog,
        pruneId,
        source,
        ...pending ? { pending } : {},
        policy: options.policy,
        dryRun: options.dryRun,
        listLimit,
        planned,
        recheckMarginMs: options.recheckMarginMs ?? DEFAULT_RECHECK_MARGIN_MS
      });
      const c2 = planned_.part.counts;
      logger.info(
        `${source.id}: ${c2.pointsKept} of ${c2.pointsBefore} restore points kept (exact from ${planned_.result.windowStart} on); ` + (planned_.result.unchanged ? "nothing new since the last prune" : `${c2.objects} objects (${formatBytes(c2.bytes)}) no kept point needs; ${c2.eventsKept} of ${c2.eventsBefore} history entries kept`) + (c2.carried > 0 ? `; ${c2.carried} left by an earlier prune` : "") + (c2.protected > 0 ? `; ${c2.protected} versions kept against the policy (the latest of live keys, and recent ones the next backup checks again)` : "")
      );
      return planned_;
    });
    parts.push(plan.part);
    results.push(plan.result);
  }
  const record2 = {
    format: PRUNE_FORMAT,
    pruneId,
    startedAt: run.started.toISOString(),
    finishedAt: run.now().toISOString(),
    tool: { name: "pullback", version: VERSION },
    policy: options.policy,
    sources: parts
  };
  const unneeded = [];
  for await (const file of unneededCatalogueFiles(catalog, record2, sources)) unneeded.push(file);
  const totals = { objects: 0, bytes: 0, removedObjects: 0, freedBytes: 0, unremoved: 0, failed: 0, catalogueFiles: unneeded.length, catalogueBytes: unneeded.reduce((n2, f2) => n2 + f2.size, 0) };
  for (const part of parts) {
    totals.objects += part.counts.objects;
    totals.bytes += part.counts.bytes;
  }
  const unremoved = [];
  if (options.dryRun) {
    logger.info(
      `prune plan: ${totals.objects} objects (${formatBytes(totals.bytes)}) and ${totals.catalogueFiles} catalogue files (${formatBytes(totals.catalogueBytes)}) would go (dry run: nothing was changed)`
    );
    return { pruneId, status: "dry-run", policy: options.policy, sources: results, totals, planned, unremoved, warnings, durationMs: run.now().getTime() - run.started.getTime() };
  }
  await logger.group("Committing the pruned catalogue", async () => {
    await deps.beforeCommit?.();
    await lease?.assertHeld();
    await catalog.destination.put(`${PRUNES}${pruneId}.json`, JSON.stringify({ ...record2, finishedAt: run.now().toISOString() }, null, 2), { metadata: { contentType: "application/json" } });
    logger.info(`prune ${pruneId} committed: restores now read its folded history`);
  });
  const done = { format: PRUNE_FORMAT, pruneId, finishedAt: "", sources: [] };
  for (const [index, part] of parts.entries()) {
    const result = results[index];
    const list = part.removals ? { file: part.removals, sha256: part.removalsSha256, bytes: part.removalsBytes } : void 0;
    if (!list) {
      done.sources.push({ id: part.id });
      continue;
    }
    const tally = await logger.group(
      `Removing what ${part.id} no longer needs`,
      () => removeListedData(catalog, part, list, { pruneId, concurrency: options.concurrency, retryAttempts: options.retryAttempts ?? 4, listLimit, lease, deps })
    );
    result.removedObjects = tally.removedObjects;
    result.freedBytes = tally.freedBytes;
    result.unremoved = tally.unremoved;
    totals.removedObjects += tally.removedObjects;
    totals.freedBytes += tally.freedBytes;
    totals.unremoved += tally.unremoved;
    totals.failed += tally.failed;
    for (const detail of tally.details) if (unremoved.length < listLimit) unremoved.push(detail);
    done.sources.push({ id: part.id, ...tally.left ? { left: tally.left.file, leftSha256: tally.left.sha256, leftBytes: tally.left.bytes } : {} });
    logger.info(`${part.id}: removed ${tally.removedObjects} objects (${formatBytes(tally.freedBytes)})${tally.unremoved > 0 ? `; ${tally.unremoved} could not be removed (listed for the next prune)` : ""}`);
  }
  await logger.group("Sweeping the catalogue files the fold replaced", async () => {
    let removed = 0;
    for (const file of unneeded) {
      try {
        const result = await removeForGood(catalog.destination, file.key);
        if (result.kept.length > 0) {
          totals.unremoved++;
          if (unremoved.length < listLimit) unremoved.push({ source: "catalogue", backupKey: file.key, reason: result.kept.map((k2) => k2.reason).join("; ") });
        } else removed++;
      } catch (error) {
        if (isAccessDenied(error)) throw deleteRefused(catalog.destination, error);
        totals.failed++;
        warnings.push(`${file.key}: not removed (${error.message}); the next prune tries again`);
      }
    }
    logger.info(`removed ${removed} of ${unneeded.length} catalogue files the fold replaced`);
  });
  await lease?.assertHeld();
  await catalog.destination.put(`${PRUNES}${pruneId}.done.json`, JSON.stringify({ ...done, finishedAt: run.now().toISOString() }, null, 2));
  for (const warning of warnings) logger.warn(warning);
  if (totals.unremoved > 0) {
    logger.warn(`${totals.unremoved} objects could not be removed (Object Lock retention, a legal hold, or an error): ${unremoved.map((u2) => `${u2.backupKey} (${u2.reason})`).slice(0, 10).join(", ")}`);
  }
  logger.info(`prune ${pruneId}: removed ${totals.removedObjects} objects, ${formatBytes(totals.freedBytes)} freed; ${totals.unremoved} left for the next prune`);
  return {
    pruneId,
    // Locked objects are expected (the lock outlives the policy): partial, not failed.
    status: totals.unremoved > 0 || totals.failed > 0 ? "partial" : "complete",
    policy: options.policy,
    sources: results,
    totals,
    planned,
    unremoved,
    warnings,
    durationMs: run.now().getTime() - run.started.getTime()
  };
}

// src/backends/s3/verify.ts
import { createHash as createHash10 } from "node:crypto";
function inSample(backupKey, percent, seed = "") {
  if (percent >= 100) return true;
  const hash2 = createHash10("sha256").update(`${seed}\0${backupKey}`).digest();
  return hash2.readUInt32BE(0) / 4294967296 * 100 < percent;
}
async function runS3Verify(options, deps) {
  const now = deps.now ?? (() => /* @__PURE__ */ new Date());
  const started = now();
  const { destination, logger } = deps;
  const listLimit = options.listLimit ?? 100;
  const catalog = new Catalog(destination);
  const differences = [];
  let differenceCount = 0;
  const report = (difference) => {
    differenceCount++;
    if (differences.length < listLimit) differences.push(difference);
  };
  const known = await cataloguedSources(catalog);
  const selected = selectSources(known, options.sources, "verify-sources", destination.description);
  const reports = /* @__PURE__ */ new Map();
  for (const source of selected) {
    reports.set(source.id, {
      id: source.id,
      catalogued: { objects: 0, present: 0, missing: 0, wrongSize: 0, bytes: 0 },
      readBack: { objects: 0, bytes: 0, damaged: 0, unchecked: 0 }
    });
  }
  for (const live of deps.liveSources ?? []) {
    const source = known.get(live.id);
    if (!source) {
      report({ kind: "never-backed-up", source: live.id, detail: `${live.id} is not in the catalogue: it has never been backed up to ${destination.description}` });
      continue;
    }
    const sourceReport = reports.get(source.id);
    if (!sourceReport) continue;
    await logger.group(`Comparing ${live.id} with its latest backup`, async () => {
      sourceReport.live = await compareLive(live, source, catalog, report, options.filter ?? KeyFilter.everything);
      const l2 = sourceReport.live;
      logger.info(`${live.id}: ${l2.keys} live keys, ${l2.versions} versions; ${l2.backedUp} in the backup, ${l2.notBackedUp} not; ${l2.deletedSinceBackup} deleted since run ${l2.lastRunId}${l2.excluded ? `; ${l2.excluded} live keys outside the filter, not compared` : ""}`);
    });
  }
  const listings = /* @__PURE__ */ new Map();
  for (const source of selected) {
    const sourceReport = reports.get(source.id);
    await logger.group(`Checking the backup objects of ${source.id}`, async () => {
      let stored = listings.get(source.bucket);
      if (!stored) {
        stored = /* @__PURE__ */ new Map();
        for await (const object2 of destination.list(`data/${source.bucket}/`)) stored.set(object2.key, object2.size);
        listings.set(source.bucket, stored);
      }
      const toRead = [];
      const seen = /* @__PURE__ */ new Set();
      for (const stream of eventStreams(catalog, { ...source.pruned ? { folded: source.pruned } : {}, runs: source.history })) {
        try {
          for await (const event of stream.events) {
            if (event.type !== "version" || !event.b || seen.has(event.b)) continue;
            seen.add(event.b);
            sourceReport.catalogued.objects++;
            const size2 = stored.get(event.b);
            if (size2 === void 0) {
              sourceReport.catalogued.missing++;
              report({ kind: "backup-missing", source: source.id, key: event.k, backupKey: event.b, detail: `the backup of ${event.k} (${event.t}) is missing from the destination` });
            } else if (size2 !== (event.s ?? 0)) {
              sourceReport.catalogued.wrongSize++;
              report({ kind: "backup-size", source: source.id, key: event.k, backupKey: event.b, detail: `the backup of ${event.k} has ${size2} bytes, the catalogue recorded ${event.s ?? 0}` });
            } else {
              sourceReport.catalogued.present++;
              sourceReport.catalogued.bytes += size2;
              const policy = options.readData;
              if (policy.kind === "all" || policy.kind === "sample" && inSample(event.b, policy.percent, options.sampleSeed)) toRead.push(event);
            }
          }
        } catch (error) {
          report({ kind: "catalogue-damaged", source: source.id, backupKey: stream.name, detail: `cannot read ${stream.name}: ${error.message}` });
        }
      }
      const c2 = sourceReport.catalogued;
      logger.info(`${source.id}: ${c2.objects} catalogued backup objects, ${c2.present} present (${formatBytes(c2.bytes)}), ${c2.missing} missing, ${c2.wrongSize} with another size`);
      if (toRead.length > 0) await readBack(toRead, source, sourceReport, destination, options.concurrency, report);
      if (options.readData.kind !== "none") {
        const r2 = sourceReport.readBack;
        logger.info(`${source.id}: read back ${r2.objects} objects (${formatBytes(r2.bytes)}): ${r2.damaged} damaged, ${r2.unchecked} without a recorded checksum (size only)`);
      }
    });
  }
  const ok = differenceCount === 0;
  for (const difference of differences) logger.warn(`${difference.source}: ${difference.kind}: ${difference.detail}`);
  logger.info(ok ? "verify: the backup is complete and readable" : `verify: ${differenceCount} differences`);
  return { ok, sources: [...reports.values()], differences, differenceCount, readData: options.readData, durationMs: now().getTime() - started.getTime() };
}
async function compareLive(live, source, catalog, report, filter) {
  const latest = source.latest ?? source.history[source.history.length - 1];
  const { versioned } = await live.probe();
  const result = { lastRunId: latest.run.runId, keys: 0, versions: 0, backedUp: 0, notBackedUp: 0, deletedSinceBackup: 0, excluded: 0 };
  const planning = { filter, prefix: live.prefix, onExcluded: () => result.excluded++, previousListStart: latest.source.listStartedAt };
  for await (const plan of planFilteredBackup(live.list(versioned), catalog.readState(latest.source), planning)) {
    if (plan.carried) continue;
    if (plan.current) {
      result.keys++;
      const versions = plan.current.versions.filter((v2) => !v2.deleteMarker);
      const leftOut = (plan.skipped?.length ?? 0) + plan.kept.filter((k2) => k2.skip).length;
      result.versions += versions.length - leftOut;
      result.backedUp += versions.length - leftOut - plan.copy.length;
      for (const version of plan.copy) {
        result.notBackedUp++;
        report({
          kind: "not-backed-up",
          source: live.id,
          key: version.key,
          detail: `${version.key} (${version.versionId ? `version ${version.versionId}, ` : ""}ETag ${version.etag ?? "?"}, ${version.size ?? 0} bytes, modified ${version.lastModified}) is not in the latest backup run ${latest.run.runId}`
        });
      }
    } else if (plan.previous?.v.some((v2) => !v2.dm)) {
      result.deletedSinceBackup++;
    }
  }
  return result;
}
async function readBack(events, source, sourceReport, destination, concurrency, report) {
  const pool = new OrderedPool(concurrency, orderedWindow(concurrency));
  const collect = (outcome) => {
    sourceReport.readBack.objects++;
    sourceReport.readBack.bytes += outcome.bytes;
    if (!outcome.checked) sourceReport.readBack.unchecked++;
    if (outcome.problem) {
      sourceReport.readBack.damaged++;
      report({ kind: "backup-checksum", source: source.id, key: outcome.event.k, backupKey: outcome.event.b, detail: `the backup of ${outcome.event.k} (${outcome.event.t}) is damaged: ${outcome.problem}` });
    }
  };
  const check = async (event) => {
    const body = await destination.get(event.b);
    if (!body) return { event, problem: "it vanished while being read", bytes: 0, checked: true };
    const d2 = await digestStream(body);
    let problem;
    let checked2 = true;
    if (d2.bytes !== (event.s ?? 0)) problem = `${d2.bytes} bytes read, ${event.s ?? 0} recorded`;
    else if (event.sha256) {
      if (d2.sha256 !== event.sha256) problem = `SHA-256 ${d2.sha256} differs from the recorded ${event.sha256}`;
    } else if (isPlainMd5(event.e)) {
      if (d2.md5 !== event.e) problem = `MD5 ${d2.md5} differs from the source ETag ${event.e}`;
    } else checked2 = false;
    return { event, bytes: d2.bytes, checked: checked2, ...problem ? { problem } : {} };
  };
  for (const event of events) {
    while (pool.full) collect(await pool.next());
    await pool.submit(() => check(event));
  }
  while (pool.pending > 0) collect(await pool.next());
}

// src/transfer/throttle.ts
import { Transform as Transform4 } from "node:stream";
var realClock = { now: () => performance.now(), sleep: realSleep };
var PIECE2 = 64 * 1024;
var TokenBucket = class {
  constructor(bytesPerSecond, clock = realClock) {
    this.bytesPerSecond = bytesPerSecond;
    this.clock = clock;
    if (!(bytesPerSecond > 0)) throw new RangeError(`a bandwidth limit must be more than 0 bytes a second, got ${bytesPerSecond}`);
    this.burst = Math.max(1, Math.floor(bytesPerSecond / 4));
    this.last = clock.now();
  }
  bytesPerSecond;
  clock;
  available = 0;
  last;
  burst;
  /** Waits until `bytes` may pass. */
  async take(bytes2) {
    const now = this.clock.now();
    this.available = Math.min(this.burst, this.available + (now - this.last) * this.bytesPerSecond / 1e3);
    this.last = now;
    this.available -= bytes2;
    if (this.available >= 0) return;
    await this.clock.sleep(-this.available * 1e3 / this.bytesPerSecond);
  }
  /** A stream stage that lets bytes through at the bucket's pace. */
  transform() {
    return new ThrottleTransform(this);
  }
};
var ThrottleTransform = class extends Transform4 {
  constructor(bucket) {
    super({ highWaterMark: PIECE2 });
    this.bucket = bucket;
  }
  bucket;
  _transform(chunk, _encoding, callback) {
    this.passOn(chunk).then(
      () => callback(),
      (error) => callback(error)
    );
  }
  async passOn(chunk) {
    for (let offset = 0; offset < chunk.length; offset += PIECE2) {
      const piece = chunk.subarray(offset, offset + PIECE2);
      await this.bucket.take(piece.length);
      this.push(piece);
    }
  }
};

// src/backends/s3/index.ts
var bandwidthOf = (limit) => limit !== void 0 ? { bandwidth: new TokenBucket(limit) } : {};
async function recentRuns(destination, limit) {
  const catalog = new Catalog(destination);
  return readRecentRuns(catalog, (await catalog.runIds()).committed.slice(-limit));
}
var s3Backend = {
  name: "s3",
  async backup(config, context) {
    const { sources, destination } = openStorage(config);
    const store = context.watermarkStore?.("s3", describeConfig(config));
    const result = await runS3Backup(
      {
        overlapMs: config.overlapMs,
        concurrency: config.concurrency,
        dryRun: config.dryRun,
        serverSideCopy: config.serverSideCopy,
        filter: config.filter,
        listing: listingOptions(config),
        ...config.shard ? { shard: config.shard } : {},
        ...config.maxDurationMs !== void 0 ? { maxDurationMs: config.maxDurationMs } : {},
        recentRuns: context.recentRuns !== false
      },
      { sources, destination, logger: context.logger, now: context.now, ...store ? { watermarkStore: store } : {}, ...bandwidthOf(config.bandwidthLimit) }
    );
    const recent = result.recentRuns ?? (result.status === "dry-run" || context.recentRuns === false ? [] : await recentRuns(destination, RECENT_RUNS).catch(() => []));
    return { ...result, recentRuns: recent };
  },
  async restore(config, context) {
    if (config.time.note) context.logger.info(config.time.note);
    return runS3Restore(
      {
        at: config.time.at,
        sources: config.selection,
        ...config.prefix !== void 0 ? { prefix: config.prefix } : {},
        ...config.keys ? { keys: config.keys } : {},
        target: config.target,
        concurrency: config.concurrency,
        dryRun: config.dryRun,
        backup: { overlapMs: config.overlapMs, serverSideCopy: config.serverSideCopy },
        ...config.filter.active ? { filter: config.filter } : {},
        ...config.sourceConnection.endpoint ? { sourceEndpoint: config.sourceConnection.endpoint } : {}
      },
      { destination: openDestination(config.destination), logger: context.logger, sources: openSources(config.sources, config.sourceConnection), now: context.now, ...bandwidthOf(config.bandwidthLimit) }
    );
  },
  async prune(config, context) {
    return runS3Prune(
      { policy: config.retention, dryRun: config.dryRun, concurrency: config.concurrency },
      { destination: openDestination(config.destination), logger: context.logger, now: context.now }
    );
  },
  async verify(config, context) {
    return runS3Verify(
      { sources: config.selection, readData: config.readData, concurrency: config.concurrency, ...config.filter.active ? { filter: config.filter } : {} },
      { destination: openDestination(config.destination), logger: context.logger, liveSources: openSources(config.sources, config.sourceConnection), now: context.now }
    );
  }
};
export {
  s3Backend
};
