// A SimpleDB-compatible server: the Query protocol over real HTTP (GET and POST), Signature
// Version 2 verification, SimpleDB's XML bodies, all ten actions, and fault injection for tests.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { signV2, type SignatureMethod } from '../simpledb/sigv2.ts';
import { SimpleDbActions } from './actions.ts';
import { DEFAULT_LIMITS, type SimpleDbLimits } from './limits.ts';
import type { Params } from './params.ts';
import { SdbFault } from './errors.ts';
import { errorBody, successBodyBytes } from './xml.ts';

export interface SimpleDbServerCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, requests with this key must carry it as SecurityToken (temporary credentials). */
  sessionToken?: string;
}

export interface SimpleDbServerOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Accepted keys; default one pair AKIDLOCAL / local-secret. */
  credentials?: SimpleDbServerCredentials[];
  /** Reads without ConsistentRead=true see the data as it was this many ms ago (default 0). */
  consistentReadLagMs?: number;
  /** Keep the data in this JSON file (loaded at start, written after every change). */
  persistPath?: string;
  /** Clock in ms (default Date.now), for request expiry, lag and DomainMetadata. */
  clock?: () => number;
  /** Allowed distance between Timestamp and the server's clock (default 15 minutes). */
  maxClockSkewMs?: number;
  /** Override limits, e.g. a small response size to test paging. */
  limits?: Partial<SimpleDbLimits>;
  /** Called with one line per request. */
  log?: (line: string) => void;
}

export interface SimpleDbFaults {
  /** After `afterRequests` requests pass, fail the next `count` requests with 500 InternalError or 503 ServiceUnavailable. */
  failNext(count: number, status: 500 | 503, afterRequests?: number): void;
  /** The next Select stops early: `partial` returns a short page (`items` items, default 1) with a NextToken, `error` answers 408 RequestTimeout. */
  timeoutNextSelect(options?: { mode?: 'partial' | 'error'; items?: number }): void;
  /** The next response (after the action ran) is cut off mid-body and the connection destroyed. */
  dropNextResponse(): void;
  /** Delay every response by this many ms (0 to stop), for client timeout tests. */
  delayResponses(ms: number): void;
  clear(): void;
}

export interface RunningSimpleDbServer {
  url: string;
  port: number;
  host: string;
  /** The first configured key pair, for configuring clients. */
  credentials: SimpleDbServerCredentials;
  close(): Promise<void>;
  /** Drops every domain (and clears faults). */
  reset(): void;
  faults: SimpleDbFaults;
  /** Requests received so far (by action; `*` counts all). */
  requestCounts(): Record<string, number>;
  /** The actions and data behind the HTTP front, for tests that inspect or seed the server directly. */
  actions: SimpleDbActions;
}

export const DEFAULT_CREDENTIALS: SimpleDbServerCredentials = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' };
const BOX_USAGE = '0.0000219907';
const MAX_BODY = 16 * 1024 * 1024;

const ACTIONS = {
  CreateDomain: (a: SimpleDbActions, p: Params) => a.createDomain(p),
  DeleteDomain: (a: SimpleDbActions, p: Params) => a.deleteDomain(p),
  ListDomains: (a: SimpleDbActions, p: Params) => a.listDomains(p),
  DomainMetadata: (a: SimpleDbActions, p: Params) => a.domainMetadata(p),
  PutAttributes: (a: SimpleDbActions, p: Params) => a.putAttributes(p),
  BatchPutAttributes: (a: SimpleDbActions, p: Params) => a.batchPutAttributes(p),
  DeleteAttributes: (a: SimpleDbActions, p: Params) => a.deleteAttributes(p),
  BatchDeleteAttributes: (a: SimpleDbActions, p: Params) => a.batchDeleteAttributes(p),
  GetAttributes: (a: SimpleDbActions, p: Params) => a.getAttributes(p),
  Select: (a: SimpleDbActions, p: Params) => a.selectPieces(p),
} as const;
/** Actions whose result element is empty and written as `<XResult/>`-less, like SimpleDB's write actions. */
const NO_RESULT = new Set(['CreateDomain', 'DeleteDomain', 'PutAttributes', 'BatchPutAttributes', 'DeleteAttributes', 'BatchDeleteAttributes']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new SdbFault('InvalidParameterValue', 400, 'The request body is too large.'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startSimpleDbServer(options: SimpleDbServerOptions = {}): Promise<RunningSimpleDbServer> {
  const clock = options.clock ?? Date.now;
  const credentials = options.credentials && options.credentials.length > 0 ? options.credentials : [DEFAULT_CREDENTIALS];
  const actions = new SimpleDbActions({ ...DEFAULT_LIMITS, ...options.limits }, options.consistentReadLagMs ?? 0, clock, options.persistPath);
  const maxSkew = options.maxClockSkewMs ?? 15 * 60_000;
  const counts: Record<string, number> = {};

  let failSkip = 0;
  let failRemaining = 0;
  let failStatus: 500 | 503 = 503;
  let selectTimeout: { mode: 'partial' | 'error'; items: number } | undefined;
  let dropNext = false;
  let delayMs = 0;
  const faults: SimpleDbFaults = {
    failNext(count, status, afterRequests = 0) {
      failRemaining = count;
      failStatus = status;
      failSkip = afterRequests;
    },
    timeoutNextSelect(o = {}) {
      selectTimeout = { mode: o.mode ?? 'partial', items: o.items ?? 1 };
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
      selectTimeout = undefined;
      dropNext = false;
      delayMs = 0;
    },
  };

  const authenticate = (method: string, host: string, path: string, params: Params): void => {
    const keyId = params.get('AWSAccessKeyId');
    const signature = params.get('Signature');
    if (keyId === undefined) throw new SdbFault('MissingParameter', 400, 'The request must contain the parameter AWSAccessKeyId');
    if (signature === undefined) throw new SdbFault('MissingParameter', 400, 'The request must contain the parameter Signature');
    const version = params.get('SignatureVersion');
    if (version !== '2') throw new SdbFault('InvalidParameterValue', 400, `Value (${version ?? ''}) for parameter SignatureVersion is invalid. Only Signature Version 2 is supported.`);
    const sigMethod = params.get('SignatureMethod') ?? 'HmacSHA256';
    if (sigMethod !== 'HmacSHA256' && sigMethod !== 'HmacSHA1') {
      throw new SdbFault('InvalidParameterValue', 400, `Value (${sigMethod}) for parameter SignatureMethod is invalid.`);
    }
    const timestamp = params.get('Timestamp');
    const expires = params.get('Expires');
    if (timestamp !== undefined && expires !== undefined) {
      throw new SdbFault('InvalidParameterValue', 400, 'Timestamp and Expires cannot both be given.');
    }
    if (timestamp === undefined && expires === undefined) throw new SdbFault('MissingParameter', 400, 'The request must contain the parameter Timestamp or Expires');
    const now = clock();
    if (timestamp !== undefined) {
      const t = Date.parse(timestamp);
      if (Number.isNaN(t)) throw new SdbFault('InvalidParameterValue', 400, `Value (${timestamp}) for parameter Timestamp is invalid.`);
      if (Math.abs(now - t) > maxSkew) throw new SdbFault('RequestExpired', 400, `Request has expired. Timestamp date is ${timestamp}`);
    } else {
      const t = Date.parse(expires!);
      if (Number.isNaN(t)) throw new SdbFault('InvalidParameterValue', 400, `Value (${expires}) for parameter Expires is invalid.`);
      if (now > t) throw new SdbFault('RequestExpired', 400, `Request has expired. Expires date is ${expires}`);
    }
    const cred = credentials.find((c) => c.accessKeyId === keyId);
    if (!cred) throw new SdbFault('AuthFailure', 403, 'AWS was not able to validate the provided access credentials');
    const expected = signV2(cred.secretAccessKey, sigMethod as SignatureMethod, method, host, path, params);
    if (!safeEqual(expected, signature)) {
      throw new SdbFault('AuthFailure', 403, 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.');
    }
    const token = params.get('SecurityToken');
    if (cred.sessionToken !== undefined ? token === undefined || !safeEqual(token, cred.sessionToken) : token !== undefined) {
      throw new SdbFault('AuthFailure', 403, 'The security token included in the request is invalid.');
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    let status = 200;
    let bytes: Buffer;
    let action = '?';
    try {
      const method = req.method ?? 'GET';
      const url = new URL(req.url ?? '/', 'http://placeholder');
      const raw = await readBody(req);
      if (method !== 'GET' && method !== 'POST') throw new SdbFault('InvalidAction', 400, `The HTTP method ${method} is not supported.`);
      const params: Params = new Map();
      const add = (sp: URLSearchParams) => {
        for (const [k, v] of sp) if (!params.has(k)) params.set(k, v);
      };
      add(url.searchParams);
      if (method === 'POST') add(new URLSearchParams(raw));
      action = params.get('Action') ?? '?';
      counts['*'] = (counts['*'] ?? 0) + 1;
      counts[action] = (counts[action] ?? 0) + 1;
      if (failSkip > 0) failSkip--;
      else if (failRemaining > 0) {
        failRemaining--;
        throw failStatus === 503
          ? new SdbFault('ServiceUnavailable', 503, 'Service Unavailable (injected)')
          : new SdbFault('InternalError', 500, 'Request could not be executed due to an internal service error (injected).');
      }
      authenticate(method, (req.headers.host ?? '').toLowerCase(), url.pathname || '/', params);
      const version = params.get('Version');
      if (version === undefined) throw new SdbFault('MissingParameter', 400, 'The request must contain the parameter Version');
      if (version !== '2009-04-15') throw new SdbFault('InvalidParameterValue', 400, `Value (${version}) for parameter Version is invalid. Only 2009-04-15 is supported.`);
      if (action === '?') throw new SdbFault('MissingAction', 400, 'No action was supplied with this request.');
      if (!Object.hasOwn(ACTIONS, action)) throw new SdbFault('InvalidAction', 400, `The action ${action} is not valid for this web service.`);
      let result: string | Buffer[];
      if (action === 'Select' && selectTimeout) {
        const t = selectTimeout;
        selectTimeout = undefined;
        if (t.mode === 'error') throw new SdbFault('RequestTimeout', 408, 'A timeout occurred when attempting to query domain with results.');
        result = actions.selectPieces(params, { stopAfter: t.items });
      } else {
        result = ACTIONS[action as keyof typeof ACTIONS](actions, params);
      }
      bytes = successBodyBytes(action, NO_RESULT.has(action) ? null : result, requestId, BOX_USAGE);
    } catch (err) {
      if (err instanceof SdbFault) {
        status = err.status;
        bytes = Buffer.from(errorBody(err.code, err.message, requestId, BOX_USAGE), 'utf8');
      } else {
        status = 500;
        bytes = Buffer.from(errorBody('InternalError', 'Request could not be executed due to an internal service error.', requestId, BOX_USAGE), 'utf8');
        options.log?.(`internal error: ${(err as Error)?.stack ?? err}`);
      }
    }
    options.log?.(`${req.method} ${action} -> ${status}`);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    res.writeHead(status, { 'content-type': 'text/xml', 'content-length': bytes.length, 'x-amzn-requestid': requestId });
    if (dropNext) {
      dropNext = false;
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(bytes);
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      options.log?.(`handler failed: ${(err as Error)?.stack ?? err}`);
      res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : urlHost}:${address.port}`,
    port: address.port,
    host,
    credentials: credentials[0]!,
    actions,
    faults,
    requestCounts: () => ({ ...counts }),
    reset() {
      actions.reset();
      faults.clear();
      for (const k of Object.keys(counts)) delete counts[k];
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        for (const s of sockets) s.destroy();
      });
    },
  };
}
