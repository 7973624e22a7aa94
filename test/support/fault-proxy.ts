/**
 * A fault-injecting HTTP proxy for tests: it sits on a free loopback port between pullback and one
 * upstream server (s3rver, moto, or the project's SimpleDB server), forwards every request
 * unchanged (the Host header as the client sent it: S3 SigV4 and SimpleDB SigV2 sign it), counts
 * requests by kind and operation, and injects faults by rule: on matching requests at a rate
 * (a seeded RNG, so a failing scenario replays) or on the Nth matching request.
 *
 * Faults: an HTTP error status; 503 SlowDown (S3) / ServiceUnavailable (SimpleDB); throttling
 * bursts (429 or 503); a connection reset before the response; a reset mid-body; a truncated body
 * (headers promise N bytes, fewer arrive, then the connection closes); a stall (no answer, or half
 * an answer) past the client's timeout; and `hold`, a crash point: the request is held (forwarded
 * first, or not) and the test is told, so it can SIGKILL the client at exactly that moment; and
 * `hook`, which runs the test's code at that moment and then lets the request through.
 */
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { classifyRequest, type Flavor, type RequestKind } from './request-kinds.ts';

export type { Flavor, RequestKind } from './request-kinds.ts';

export interface ProxiedRequest {
  /** 1-based order of arrival at this proxy. */
  seq: number;
  method: string;
  /** The raw request target: path and query, as sent. */
  url: string;
  query: URLSearchParams;
  /** The S3 operation (GetObject, UploadPart, ListObjectVersions...) or the SimpleDB Action. */
  op: string;
  kind: RequestKind;
  bucket?: string;
  /** The decoded object key (S3). */
  key?: string;
  headers: IncomingHttpHeaders;
  /** SimpleDB: the query and form parameters. */
  params?: URLSearchParams;
}

export type Fault =
  /** An error response with this status (the body names `code`, by default InternalError / ServiceUnavailable). */
  | { type: 'status'; status: number; code?: string; message?: string }
  /** 503 with S3's SlowDown body (SimpleDB: ServiceUnavailable). */
  | { type: 'slowdown' }
  /** This and the next `burst - 1` matching requests are refused with 429 or 503 (default 503, burst 3). */
  | { type: 'throttle'; status?: 429 | 503; burst?: number }
  /** The connection is reset (RST) before any response. `forward` (default true): upstream acted on the request first. */
  | { type: 'reset'; forward?: boolean }
  /** Headers and `fraction` of the body (default 0.5) are sent, then the connection is reset. */
  | { type: 'reset-mid-body'; fraction?: number }
  /** Headers promise the whole body, `fraction` of it (default 0.5) is sent, then the connection is closed cleanly. */
  | { type: 'truncate'; fraction?: number }
  /** No answer (or, with `midBody`, headers and half the body) until the client gives up, or `ms` pass. */
  | { type: 'stall'; ms?: number; midBody?: boolean }
  /** A crash point: the request is held forever and `onHold` is called; `onClientGone` when the client hangs up on it. `forward`: upstream completes it first. */
  | { type: 'hold'; forward?: boolean; onHold?: (request: ProxiedRequest) => void; onClientGone?: (request: ProxiedRequest) => void }
  /** Not a fault of the wire: `fn` runs (e.g. a KILL in another session), then the request goes through. */
  | { type: 'hook'; fn: (request: ProxiedRequest) => void | Promise<void> };

export type FaultType = Fault['type'];

export interface FaultRule {
  /** A label for logs and injection records. */
  name?: string;
  method?: string;
  op?: string | readonly string[];
  kind?: RequestKind | readonly RequestKind[];
  bucket?: string;
  /** Tested against the decoded object key (S3). */
  key?: RegExp;
  /** Tested against the raw request target (path and query). */
  path?: RegExp;
  match?: (request: ProxiedRequest) => boolean;
  /** Probability that a matching request gets the fault (seeded RNG). Without rate or nth: every matching request. */
  rate?: number;
  /** Inject on these matching requests (1-based). */
  nth?: number | readonly number[];
  /** At most this many injections (a throttle burst counts as one). */
  times?: number;
  fault: Fault;
}

export interface RuleHandle {
  readonly rule: FaultRule;
  /** Requests that matched the rule's filters. */
  readonly matched: number;
  /** Requests that got the fault. */
  readonly injected: number;
  /** Resolves with the first request that got the fault. */
  readonly fired: Promise<ProxiedRequest>;
  remove(): void;
}

export interface Injection {
  seq: number;
  op: string;
  key?: string;
  fault: FaultType;
  rule?: string;
}

export interface RequestCounts {
  total: number;
  byKind: Record<string, number>;
  byOp: Record<string, number>;
}

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  readonly flavor: Flavor;
  inject(rule: FaultRule): RuleHandle;
  clearRules(): void;
  /** Requests seen since the start or the last `resetCounts`. */
  counts(): RequestCounts;
  /** Faults injected since the start or the last `resetCounts`, by type. */
  faults(): Record<string, number>;
  injections(): readonly Injection[];
  /** Every request seen (kept for assertions on order; cleared by resetCounts). */
  requests(): readonly ProxiedRequest[];
  resetCounts(): void;
  /** Releases held and stalled requests (their sockets are destroyed) and stops listening. */
  stop(): Promise<void>;
}

/** mulberry32: small, fast, good enough to make fault placement reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Hop-by-hop headers are the proxy's own business; `expect` is never signed (SigV4 skips it) and
// a 100-continue handshake through a proxy only adds a round trip.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect']);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
  return out;
}

function errorBody(flavor: Flavor, code: string, message: string): string {
  const id = randomUUID();
  if (flavor === 'simpledb') {
    return `<?xml version="1.0"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message><BoxUsage>0.0000219907</BoxUsage></Error></Errors><RequestID>${id}</RequestID></Response>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${id}</RequestId></Error>`;
}

function defaultCode(flavor: Flavor, status: number): string {
  if (status === 503) return 'ServiceUnavailable';
  if (status === 429) return flavor === 's3' ? 'TooManyRequests' : 'Throttling';
  if (status >= 500) return 'InternalError';
  return 'InvalidRequest';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RuleState {
  rule: FaultRule;
  matched: number;
  injected: number;
  burstLeft: number;
  fired: Promise<ProxiedRequest>;
  resolveFired: (request: ProxiedRequest) => void;
}

function matches(rule: FaultRule, r: ProxiedRequest): boolean {
  const list = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? (v as readonly T[]) : [v as T]);
  if (rule.method && rule.method.toUpperCase() !== r.method) return false;
  const ops = list(rule.op);
  if (ops && !ops.includes(r.op)) return false;
  const kinds = list(rule.kind);
  if (kinds && !kinds.includes(r.kind)) return false;
  if (rule.bucket !== undefined && rule.bucket !== r.bucket) return false;
  if (rule.key && (r.key === undefined || !rule.key.test(r.key))) return false;
  if (rule.path && !rule.path.test(r.url)) return false;
  if (rule.match && !rule.match(r)) return false;
  return true;
}

export async function startFaultProxy(options: { upstream: string; flavor?: Flavor; seed?: number }): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  const flavor = options.flavor ?? 's3';
  const random = seededRandom(options.seed ?? 1);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const rules: RuleState[] = [];
  const sockets = new Set<Socket>();
  let seq = 0;
  let counts: RequestCounts = { total: 0, byKind: {}, byOp: {} };
  let faultCounts: Record<string, number> = {};
  let injections: Injection[] = [];
  let seen: ProxiedRequest[] = [];

  /** The fault for this request, if a rule fires (every rule's match count advances). */
  const choose = (request: ProxiedRequest): { fault: Fault; state: RuleState } | undefined => {
    let chosen: { fault: Fault; state: RuleState } | undefined;
    for (const state of rules) {
      const { rule } = state;
      if (!matches(rule, request)) continue;
      state.matched++;
      if (chosen) continue;
      if (state.burstLeft > 0) {
        state.burstLeft--;
        chosen = { fault: rule.fault, state };
        continue;
      }
      if (rule.times !== undefined && state.injected >= rule.times) continue;
      const nth = rule.nth === undefined ? undefined : typeof rule.nth === 'number' ? [rule.nth] : rule.nth;
      const fire = nth ? nth.includes(state.matched) : rule.rate === undefined ? true : random() < rule.rate;
      if (!fire) continue;
      state.injected++;
      if (rule.fault.type === 'throttle') state.burstLeft = Math.max(0, (rule.fault.burst ?? 3) - 1);
      chosen = { fault: rule.fault, state };
    }
    return chosen;
  };

  const readAll = async (stream: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  /** Sends the request upstream; resolves with the upstream response (headers read, body not yet). */
  const forward = (req: IncomingMessage, body: Buffer | undefined): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const upstreamRequest = httpRequest(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: forwardable(req.headers), agent },
        resolve,
      );
      upstreamRequest.on('error', reject);
      if (body) upstreamRequest.end(body);
      else req.pipe(upstreamRequest);
    });

  const respondError = (res: ServerResponse, request: ProxiedRequest, status: number, code: string, message: string) => {
    const body = request.method === 'HEAD' ? '' : errorBody(flavor, code, message);
    res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), ...(status === 503 || status === 429 ? { 'retry-after': '0' } : {}) });
    res.end(body);
  };

  /** Half-sends a buffered response, then resets or closes the connection. */
  const sendPart = async (res: ServerResponse, upstreamResponse: IncomingMessage, body: Buffer, fraction: number, ending: 'reset' | 'close' | 'stall', stallMs?: number) => {
    const socket = res.socket!;
    const headers = forwardable(upstreamResponse.headers);
    headers['content-length'] = String(body.length);
    res.writeHead(upstreamResponse.statusCode ?? 200, headers);
    const cut = Math.min(body.length - 1, Math.max(0, Math.floor(body.length * fraction)));
    res.flushHeaders();
    if (cut > 0) await new Promise<void>((done) => res.write(body.subarray(0, cut), () => done()));
    // Let the bytes reach the client before the connection ends (an RST can discard unread data).
    await sleep(20);
    if (ending === 'reset') socket.resetAndDestroy();
    else if (ending === 'close') socket.end();
    else if (stallMs !== undefined) setTimeout(() => socket.destroy(), stallMs).unref();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    // SimpleDB names its operation in the form body: read it (small) to classify the request.
    const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const body = isForm ? await readAll(req) : undefined;
    const parsed = new URL(url, 'http://proxy');
    const classified = classifyRequest(flavor, method, parsed, req.headers, body);
    const request: ProxiedRequest = { seq: ++seq, method, url, query: parsed.searchParams, headers: req.headers, ...classified };
    counts.total++;
    counts.byKind[request.kind] = (counts.byKind[request.kind] ?? 0) + 1;
    counts.byOp[request.op] = (counts.byOp[request.op] ?? 0) + 1;
    seen.push(request);

    const chosen = choose(request);
    if (!chosen) {
      const upstreamResponse = await forward(req, body);
      res.writeHead(upstreamResponse.statusCode ?? 502, forwardable(upstreamResponse.headers));
      upstreamResponse.pipe(res);
      // A client that hangs up mid-response must not leave the upstream socket streaming into nothing.
      res.once('close', () => {
        if (!upstreamResponse.complete) upstreamResponse.destroy();
      });
      return;
    }
    const { fault, state } = chosen;
    faultCounts[fault.type] = (faultCounts[fault.type] ?? 0) + 1;
    injections.push({ seq: request.seq, op: request.op, fault: fault.type, ...(request.key !== undefined ? { key: request.key } : {}), ...(state.rule.name ? { rule: state.rule.name } : {}) });
    state.resolveFired(request);

    // Faults that answer without asking upstream: drain the request body first, as a server would.
    const drain = async () => {
      if (!body) await readAll(req).catch(() => undefined);
    };
    switch (fault.type) {
      case 'hook': {
        await fault.fn(request);
        const upstreamResponse = await forward(req, body);
        res.writeHead(upstreamResponse.statusCode ?? 502, forwardable(upstreamResponse.headers));
        upstreamResponse.pipe(res);
        return;
      }
      case 'status':
        await drain();
        return respondError(res, request, fault.status, fault.code ?? defaultCode(flavor, fault.status), fault.message ?? `injected ${fault.status}`);
      case 'slowdown':
        await drain();
        return flavor === 's3'
          ? respondError(res, request, 503, 'SlowDown', 'Please reduce your request rate.')
          : respondError(res, request, 503, 'ServiceUnavailable', 'Service AmazonSimpleDB is currently unavailable. Please try again later');
      case 'throttle': {
        await drain();
        const status = fault.status ?? 503;
        const code = status === 429 ? defaultCode(flavor, 429) : flavor === 's3' ? 'SlowDown' : 'ServiceUnavailable';
        return respondError(res, request, status, code, 'Rate exceeded');
      }
      case 'reset':
        if (fault.forward !== false) {
          const upstreamResponse = await forward(req, body);
          await readAll(upstreamResponse);
        }
        res.socket?.resetAndDestroy();
        return;
      case 'reset-mid-body':
      case 'truncate':
      case 'stall': {
        if (fault.type === 'stall' && !fault.midBody) {
          await drain();
          if (fault.ms !== undefined) setTimeout(() => res.socket?.destroy(), fault.ms).unref();
          return;
        }
        const upstreamResponse = await forward(req, body);
        const full = await readAll(upstreamResponse);
        if (full.length < 2) {
          // Nothing to cut: the connection ends before the response instead.
          if (fault.type === 'stall') return;
          if (fault.type === 'truncate') res.socket?.end();
          else res.socket?.resetAndDestroy();
          return;
        }
        const fraction = fault.type === 'stall' ? 0.5 : (fault.fraction ?? 0.5);
        const ending = fault.type === 'reset-mid-body' ? 'reset' : fault.type === 'truncate' ? 'close' : 'stall';
        return sendPart(res, upstreamResponse, full, fraction, ending, fault.type === 'stall' ? fault.ms : undefined);
      }
      case 'hold': {
        if (fault.forward) {
          const upstreamResponse = await forward(req, body);
          await readAll(upstreamResponse);
        } else {
          await drain();
        }
        fault.onHold?.(request);
        // The response never ends: its close is the client hanging up (or the proxy stopping).
        if (fault.onClientGone) res.once('close', () => fault.onClientGone!(request));
        return;
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Upstream unreachable or the client went away: answer 502 if the client still listens.
      if (!res.headersSent && !res.socket?.destroyed) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`fault proxy: ${(error as Error).message}`);
      } else {
        res.socket?.destroy();
      }
    });
  });
  // Idle keep-alive connections stay open as long as the clients' (no resets the test did not ask for).
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 130_000;
  server.requestTimeout = 0;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    flavor,
    inject(rule) {
      let resolveFired!: (request: ProxiedRequest) => void;
      const fired = new Promise<ProxiedRequest>((resolve) => (resolveFired = resolve));
      const state: RuleState = { rule, matched: 0, injected: 0, burstLeft: 0, fired, resolveFired };
      rules.push(state);
      return {
        rule,
        get matched() {
          return state.matched;
        },
        get injected() {
          return state.injected;
        },
        fired,
        remove() {
          const index = rules.indexOf(state);
          if (index >= 0) rules.splice(index, 1);
        },
      };
    },
    clearRules() {
      rules.length = 0;
    },
    counts: () => ({ total: counts.total, byKind: { ...counts.byKind }, byOp: { ...counts.byOp } }),
    faults: () => ({ ...faultCounts }),
    injections: () => injections,
    requests: () => seen,
    resetCounts() {
      counts = { total: 0, byKind: {}, byOp: {} };
      faultCounts = {};
      injections = [];
      seen = [];
    },
    async stop() {
      rules.length = 0;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
