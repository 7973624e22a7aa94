// SimpleDB's Query protocol: one action as a signed HTTP request (Signature Version 2), retried
// with jittered exponential backoff, its response read under byte and shape caps and decoded into
// its result element or a typed SimpleDbError. The actions themselves are client.ts's.
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { CLIENT_ERROR_CODES, isRetryableCode, SimpleDbError } from './errors.ts';
import { sigTimestamp, signedBody, type SignatureMethod } from './sigv2.ts';
import { child, childText, DEFAULT_XML_LIMITS, parseXml, XmlLimitError, type XmlElement, type XmlLimits } from './xml.ts';
import type { ResponseMetadata } from './types.ts';

export const API_VERSION = '2009-04-15';

/** Regions that serve SimpleDB, and their endpoints. */
export const SIMPLEDB_ENDPOINTS: Readonly<Record<string, string>> = {
  'us-east-1': 'sdb.amazonaws.com',
  'us-west-1': 'sdb.us-west-1.amazonaws.com',
  'us-west-2': 'sdb.us-west-2.amazonaws.com',
  'ap-southeast-1': 'sdb.ap-southeast-1.amazonaws.com',
  'ap-southeast-2': 'sdb.ap-southeast-2.amazonaws.com',
  'ap-northeast-1': 'sdb.ap-northeast-1.amazonaws.com',
  'eu-west-1': 'sdb.eu-west-1.amazonaws.com',
  'sa-east-1': 'sdb.sa-east-1.amazonaws.com',
};

/**
 * What one response may cost. SimpleDB's own responses stop at 1 MB (a Select page is cut there)
 * and nest 5 elements deep; anything past these caps is a broken or hostile endpoint and is
 * refused while it streams in, before it is held or parsed.
 */
export interface ResponseLimits extends XmlLimits {
  /** Bytes of one response body (default 16 MiB, 16 times SimpleDB's page limit). */
  maxBytes: number;
}

export const DEFAULT_RESPONSE_LIMITS: Readonly<ResponseLimits> = { maxBytes: 16 * 1024 * 1024, ...DEFAULT_XML_LIMITS };

export interface SimpleDbClientConfig {
  /** Region; default AWS_REGION, AWS_DEFAULT_REGION, then us-east-1. Ignored for the URL when endpoint is set. */
  region?: string;
  /** Endpoint URL override, e.g. `http://127.0.0.1:8080` for a local server. A bare host means https. */
  endpoint?: string;
  /** Static credentials or a provider; default: the AWS SDK v3 default provider chain (env, OIDC, profiles, IMDS). */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call including the first (default 5). */
  maxAttempts?: number;
  /** Timeout for one HTTP attempt, response body included (default 30 000 ms). */
  requestTimeoutMs?: number;
  /** Aborts every call of this client. */
  signal?: AbortSignal;
  /** Backoff base and cap in ms (defaults 100 and 20 000); the delay is random in [0, min(cap, base * 2^attempt)). */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Injectable for tests: the wait between attempts, the jitter source and the clock used for Timestamp. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  /** HTTP method of the Query protocol (default POST). */
  httpMethod?: 'GET' | 'POST';
  /** Default HmacSHA256. */
  signatureMethod?: SignatureMethod;
  /** Called before each retry, e.g. for logging. */
  onRetry?: (info: { action: string; attempt: number; delayMs: number; error: SimpleDbError }) => void;
  /** Caps on one response (DEFAULT_RESPONSE_LIMITS); a response past them fails with ResponseTooLarge / ResponseTooComplex. */
  responseLimits?: Partial<ResponseLimits>;
}

/** Request parameters, in order. */
export type Params = [string, string][];

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** The endpoint URL: the override, or the region's. */
function resolveEndpoint(config: SimpleDbClientConfig, region: string): URL {
  if (config.endpoint) {
    const raw = /^[a-z][a-z0-9+.-]*:\/\//i.test(config.endpoint) ? config.endpoint : `https://${config.endpoint}`;
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SimpleDbError(CLIENT_ERROR_CODES.invalidInput, `SimpleDB endpoint must be http or https: ${config.endpoint}`, 0);
    }
    if (url.pathname === '') url.pathname = '/';
    return url;
  }
  const host = SIMPLEDB_ENDPOINTS[region];
  if (!host) {
    throw new SimpleDbError(
      CLIENT_ERROR_CODES.invalidInput,
      `SimpleDB is not offered in region "${region}" (known: ${Object.keys(SIMPLEDB_ENDPOINTS).join(', ')}); set endpoint to override`,
      0,
    );
  }
  return new URL(`https://${host}/`);
}

/** A response's RequestId and BoxUsage (`ResponseMetadata`), those it has. */
export function responseMetadata(root: XmlElement): ResponseMetadata {
  const metaEl = child(root, 'ResponseMetadata');
  const meta: ResponseMetadata = {};
  if (metaEl) {
    const requestId = childText(metaEl, 'RequestId');
    if (requestId !== undefined) meta.RequestId = requestId;
    const boxUsage = childText(metaEl, 'BoxUsage');
    if (boxUsage !== undefined) meta.BoxUsage = boxUsage;
  }
  return meta;
}

function isProvider(c: AwsCredentialIdentity | AwsCredentialIdentityProvider): c is AwsCredentialIdentityProvider {
  return typeof c === 'function';
}

/** Sends actions to one endpoint with one set of credentials. */
export class QueryTransport {
  readonly region: string;
  readonly endpoint: URL;
  readonly #config: SimpleDbClientConfig;
  readonly #maxAttempts: number;
  readonly #timeoutMs: number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => Date;
  readonly #limits: ResponseLimits;
  /** The endpoint for messages: scheme, host and path, never credentials. */
  readonly #where: string;
  #provider: AwsCredentialIdentityProvider | undefined;
  #cached: AwsCredentialIdentity | undefined;

  constructor(config: SimpleDbClientConfig = {}) {
    this.#config = config;
    this.region = config.region ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
    this.endpoint = resolveEndpoint(config, this.region);
    this.#maxAttempts = Math.max(1, Math.floor(config.maxAttempts ?? 5));
    this.#timeoutMs = config.requestTimeoutMs ?? 30_000;
    this.#sleep = config.sleep ?? defaultSleep;
    this.#random = config.random ?? Math.random;
    this.#now = config.now ?? (() => new Date());
    this.#limits = { ...DEFAULT_RESPONSE_LIMITS, ...config.responseLimits };
    this.#where = `${this.endpoint.protocol}//${this.endpoint.host}${this.endpoint.pathname === '/' ? '' : this.endpoint.pathname}`;
    if (config.credentials) {
      this.#provider = isProvider(config.credentials) ? config.credentials : async () => config.credentials as AwsCredentialIdentity;
    }
  }

  /**
   * Sends one action, retrying what is retryable, and returns its `<Action>Result` element (if
   * any) and the response metadata; throws a SimpleDbError.
   */
  async call(action: string, params: Params, options?: { signal?: AbortSignal }): Promise<{ result: XmlElement | undefined; meta: ResponseMetadata }> {
    return this.callWithFastReader(action, params, options, undefined);
  }

  /**
   * `call`, with a fast reader that may read a successful response's body directly
   * (select-response.ts): its page when it gives one, else the body read by the general reader as
   * `call` reads it (a fast reader declines with undefined, never throws).
   */
  async callWithFastReader<T extends { meta: ResponseMetadata }>(
    action: string,
    params: Params,
    options: { signal?: AbortSignal } | undefined,
    fastRead: ((body: string, limits: ResponseLimits) => T | undefined) | undefined,
  ): Promise<{ result: XmlElement | undefined; meta: ResponseMetadata; page?: T }> {
    const signals = [this.#config.signal, options?.signal].filter((s): s is AbortSignal => s !== undefined);
    const userSignal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        return await this.#attempt(action, params, userSignal, fastRead);
      } catch (err) {
        const error = err instanceof SimpleDbError ? err : new SimpleDbError(CLIENT_ERROR_CODES.network, String(err), 0, { action, cause: err });
        error.attempts = attempt;
        if (!isRetryableCode(error.code, error.statusCode) || attempt >= this.#maxAttempts || userSignal?.aborted) throw error;
        const base = this.#config.retryBaseDelayMs ?? 100;
        const cap = this.#config.retryMaxDelayMs ?? 20_000;
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

  async #attempt<T extends { meta: ResponseMetadata }>(
    action: string,
    params: Params,
    userSignal: AbortSignal | undefined,
    fastRead: ((body: string, limits: ResponseLimits) => T | undefined) | undefined,
  ): Promise<{ result: XmlElement | undefined; meta: ResponseMetadata; page?: T }> {
    if (userSignal?.aborted) throw new SimpleDbError(CLIENT_ERROR_CODES.aborted, `${action} aborted`, 0, { action, cause: userSignal.reason });
    let creds: AwsCredentialIdentity;
    try {
      creds = await this.#credentials();
    } catch (cause) {
      throw new SimpleDbError('CredentialsError', `could not load AWS credentials: ${(cause as Error)?.message ?? cause}`, 0, { action, cause });
    }
    const method = this.#config.httpMethod ?? 'POST';
    const signatureMethod = this.#config.signatureMethod ?? 'HmacSHA256';
    const all: Params = [
      ['Action', action],
      ['Version', API_VERSION],
      ['AWSAccessKeyId', creds.accessKeyId],
      ['SignatureVersion', '2'],
      ['SignatureMethod', signatureMethod],
      ['Timestamp', sigTimestamp(this.#now())],
      ...params,
    ];
    if (creds.sessionToken) all.push(['SecurityToken', creds.sessionToken]);
    const url = new URL(this.endpoint.href);
    let body: string;
    try {
      body = signedBody(creds.secretAccessKey, signatureMethod, method, url.host, url.pathname, all);
    } catch (cause) {
      // encodeURIComponent refuses lone UTF-16 surrogates: such a string has no UTF-8 form.
      throw new SimpleDbError(CLIENT_ERROR_CODES.invalidInput, `${action}: a name or value is not valid Unicode (lone surrogate)`, 0, { action, cause });
    }
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = userSignal ? AbortSignal.any([userSignal, timeout]) : timeout;
    let status: number;
    let text: string;
    try {
      const init: RequestInit = { method, signal, headers: { 'user-agent': 'pullback-simpledb/1' } };
      if (method === 'POST') {
        init.body = body;
        init.headers = { ...init.headers, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
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
      const reason = (cause as { cause?: { code?: string; message?: string } })?.cause;
      throw new SimpleDbError(CLIENT_ERROR_CODES.network, `${action} failed: ${reason?.code ?? reason?.message ?? (cause as Error)?.message ?? cause}`, 0, { action, cause });
    }
    if (status === 200 && fastRead) {
      const page = fastRead(text, this.#limits);
      if (page) return { result: undefined, meta: page.meta, page };
    }
    let root: XmlElement;
    try {
      root = parseXml(text, this.#limits);
    } catch (cause) {
      if (cause instanceof XmlLimitError) {
        throw new SimpleDbError(
          CLIENT_ERROR_CODES.responseTooComplex,
          `${action}: the response from ${this.#where} has ${cause.message} (SimpleDB's responses nest 5 deep and hold at most about 80,000): refused; is the endpoint SimpleDB?`,
          status,
          { action, cause },
        );
      }
      const code = status === 503 ? 'ServiceUnavailable' : status >= 500 ? 'InternalError' : CLIENT_ERROR_CODES.badResponse;
      throw new SimpleDbError(code, `${action}: HTTP ${status} with an unreadable body: ${text.slice(0, 200)}`, status, { action, cause });
    }
    if (status !== 200 || root.name === 'Response' || root.name === 'ErrorResponse') {
      const errors = child(root, 'Errors');
      const e = errors ? child(errors, 'Error') : child(root, 'Error');
      const code = (e && childText(e, 'Code')) ?? (status === 503 ? 'ServiceUnavailable' : status >= 500 ? 'InternalError' : 'UnknownError');
      const message = (e && childText(e, 'Message')) ?? `HTTP ${status}`;
      const details: { requestId?: string; boxUsage?: string; action?: string } = { action };
      const requestId = childText(root, 'RequestID') ?? childText(root, 'RequestId');
      if (requestId !== undefined) details.requestId = requestId;
      const boxUsage = e && childText(e, 'BoxUsage');
      if (boxUsage !== undefined && boxUsage !== '') details.boxUsage = boxUsage;
      throw new SimpleDbError(code, message, status === 200 ? 500 : status, details);
    }
    if (root.name !== `${action}Response`) {
      throw new SimpleDbError(CLIENT_ERROR_CODES.badResponse, `${action}: unexpected response element <${root.name}>`, status, { action });
    }
    return { result: child(root, `${action}Result`), meta: responseMetadata(root) };
  }

  async #credentials(): Promise<AwsCredentialIdentity> {
    const c = this.#cached;
    if (c && (!c.expiration || c.expiration.getTime() - Date.now() > 5 * 60_000)) return c;
    // The standard chain (environment, profiles, OIDC web identity, instance roles), made once.
    this.#provider ??= fromNodeProviderChain();
    this.#cached = await this.#provider();
    return this.#cached;
  }

  /**
   * The body as text, read chunk by chunk and refused as soon as it passes the byte cap (or when
   * its declared length already does), so a huge or endless body never sits in memory.
   */
  async #readBody(action: string, res: Response): Promise<string> {
    const max = this.#limits.maxBytes;
    const tooLarge = (detail: string) =>
      new SimpleDbError(
        CLIENT_ERROR_CODES.responseTooLarge,
        `${action}: the response from ${this.#where} is larger than ${formatBytes(max)} (${detail}; SimpleDB's responses stop at 1 MB): refused without reading the rest; is the endpoint SimpleDB?`,
        res.status,
        { action },
      );
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > max) {
      await res.body?.cancel().catch(() => undefined);
      throw tooLarge(`it declares ${declared} bytes`);
    }
    if (!res.body) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    // Leaving the loop early (the throw) cancels the stream, which closes the connection.
    for await (const chunk of res.body) {
      size += chunk.byteLength;
      if (size > max) throw tooLarge(`more than ${size} bytes arrived`);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, size).toString('utf8');
  }
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
