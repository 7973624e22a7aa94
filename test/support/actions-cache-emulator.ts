/**
 * A local emulator of the GitHub Actions cache service v2, so the real `@actions/cache` code can
 * save and restore against it offline: the three Twirp calls and a blob store for the signed URLs.
 * Facts it follows: ../../../shared/docs/actions-cache-protocol.md (relative to the repository).
 *
 * How tests must set the environment
 * ----------------------------------
 * `@actions/cache` 6.x (and `@actions/core`, `@actions/http-client`) read every variable it uses
 * from `process.env` on each call, none at module load (the only exception, `PROGRAMFILES` /
 * `SYSTEMDRIVE`, matters on Windows only). So a test may run in-process: assign `emulator.env`
 * plus `GITHUB_WORKSPACE` and `RUNNER_TEMP` to `process.env` before calling `restoreCache` /
 * `saveCache`, and restore the previous values afterwards (node:test runs each test file in its
 * own process, so this does not leak between files; keep the tests of one file sequential).
 * The same `env` can be passed to a child process to run the action as the runner does.
 *
 * - `ACTIONS_CACHE_SERVICE_V2=true` selects v2 (any non-empty value does).
 * - `ACTIONS_RESULTS_URL` is this server; only its origin counts.
 * - `ACTIONS_RUNTIME_TOKEN` is a JWT-shaped token (unsigned) with an `ac` claim listing one
 *   scope, `refs/heads/main`; it is sent as `Authorization: Bearer ...`, which this server checks.
 * - `GITHUB_SERVER_URL=https://github.com`: any other host except *.ghe.com / *.localhost forces v1.
 * - `RUNNER_TEMP` (where archives are written) and `GITHUB_WORKSPACE` (where tar runs, default
 *   the current directory) are the test's business and are not in `env`.
 *
 * Failures: a Twirp error must have a JSON `{code, msg}` body. The client retries 500, 502, 503 and
 * 504 (and any non-JSON body) 5 times with backoff from 3 s, about 26 s in all, so `failAll`
 * answers by default with a non-retryable error the client gives up on at once; pass
 * `'internal'` to get a real 500 (slow: only for a test that means to wait).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

const twirpPrefix = '/twirp/github.actions.results.api.v1.CacheService/';

/** Twirp error codes and the HTTP status each travels with. */
const twirpStatus = {
  internal: 500,
  unavailable: 503,
  resource_exhausted: 429,
  permission_denied: 403,
  unauthenticated: 401,
  not_found: 404,
  already_exists: 409,
  invalid_argument: 400,
  malformed: 400,
  failed_precondition: 412,
} as const;
type TwirpCode = keyof typeof twirpStatus;

/** How `failAll` fails: a Twirp code; retryable ones (internal, unavailable) take ~26 s per call. */
export type FailureMode = 'permission_denied' | 'resource_exhausted' | 'internal' | 'unavailable';

export interface EmulatedEntry {
  key: string;
  version: string;
  size: number;
}

export interface LoggedRequest {
  method: string;
  /** The Twirp method name, or `blob` for the blob side. */
  call: string;
  /** Path and query as received (signatures included: this is a test server). */
  url: string;
  status: number;
}

export interface ActionsCacheEmulator {
  /** The server's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The variables the runner would set for the cache client (see the file header). */
  env: Record<string, string>;
  close(): Promise<void>;
  /** Drop every entry (as after 7 days unused or the 10 GB limit). */
  evictAll(): void;
  /** Drop the entry with this exact key (any version). Returns whether one existed. */
  evict(key: string): boolean;
  /** Answer every request with an error while on. */
  failAll(on: boolean, mode?: FailureMode): void;
  /** Finalized entries, oldest finalized first. */
  entries(): EmulatedEntry[];
  /** Every request received, in order. */
  requests(): LoggedRequest[];
  /** The stored archive of a finalized entry (for tests that look inside). */
  blob(key: string): Buffer | undefined;
}

interface Entry {
  id: number;
  key: string;
  version: string;
  blobId: string;
  /** Order of finalization; undefined while the upload is pending. */
  finalizedSeq?: number;
  size: number;
}

interface Blob {
  data?: Buffer;
  blocks: Map<string, Buffer>;
}

const scope = 'refs/heads/main';

function base64url(value: string): string {
  return Buffer.from(value).toString('base64url');
}

/** A JWT-shaped, unsigned token with the `ac` claim the real runtime token carries. */
function runtimeToken(): string {
  const header = base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({
      ac: JSON.stringify([{ Scope: scope, Permission: 3 }]),
      iss: 'actions-cache-emulator',
      exp: Math.floor(Date.now() / 1000) + 6 * 3600,
    }),
  );
  return `${header}.${payload}.${base64url('emulator')}`;
}

class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function stringField(body: Record<string, unknown>, name: string, required = true): string {
  const value = body[name];
  if (value === undefined && !required) return '';
  if (typeof value !== 'string' || (required && value === '')) {
    throw new TwirpError('invalid_argument', `${name} is required and must be a string`);
  }
  return value;
}

export async function startActionsCacheEmulator(): Promise<ActionsCacheEmulator> {
  const token = runtimeToken();
  const entries: Entry[] = [];
  const blobs = new Map<string, Blob>();
  const log: LoggedRequest[] = [];
  let failure: FailureMode | undefined;
  let nextId = 1;
  let finalizeSeq = 0;
  let origin = '';

  const finalized = (): Entry[] =>
    entries.filter((e) => e.finalizedSeq !== undefined).sort((a, b) => a.finalizedSeq! - b.finalizedSeq!);

  function removeEntry(entry: Entry): void {
    entries.splice(entries.indexOf(entry), 1);
    blobs.delete(entry.blobId);
  }

  /** The real service's matching: per key in order, exact match, then newest entry with the prefix. */
  function match(keys: string[], version: string): Entry | undefined {
    const candidates = finalized().filter((e) => e.version === version);
    for (const key of keys) {
      const exact = candidates.find((e) => e.key === key);
      if (exact) return exact;
      const prefixed = candidates.filter((e) => e.key.startsWith(key));
      if (prefixed.length > 0) return prefixed[prefixed.length - 1];
    }
    return undefined;
  }

  function twirp(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'CreateCacheEntry': {
        const key = stringField(body, 'key');
        const version = stringField(body, 'version');
        if (key.length > 512 || key.includes(',')) throw new TwirpError('invalid_argument', `invalid key ${key}`);
        if (entries.some((e) => e.key === key && e.version === version)) {
          throw new TwirpError('already_exists', `cache entry with the same key, version, and scope already exists`);
        }
        const entry: Entry = { id: nextId++, key, version, blobId: randomBytes(8).toString('hex'), size: 0 };
        entries.push(entry);
        blobs.set(entry.blobId, { blocks: new Map() });
        const sig = randomBytes(12).toString('hex');
        return { ok: true, signed_upload_url: `${origin}/blob/${entry.blobId}?sig=${sig}&sp=w`, message: '' };
      }
      case 'FinalizeCacheEntryUpload': {
        const key = stringField(body, 'key');
        const version = stringField(body, 'version');
        const entry = entries.find((e) => e.key === key && e.version === version && e.finalizedSeq === undefined);
        if (!entry) throw new TwirpError('not_found', `no pending cache entry for key ${key}`);
        const data = blobs.get(entry.blobId)?.data;
        if (!data) throw new TwirpError('failed_precondition', `nothing was uploaded for key ${key}`);
        const declared = Number(body['size_bytes'] ?? '0');
        if (declared !== data.length) {
          throw new TwirpError('invalid_argument', `size_bytes ${declared} does not match the upload (${data.length})`);
        }
        entry.size = data.length;
        entry.finalizedSeq = ++finalizeSeq;
        return { ok: true, entry_id: String(entry.id), message: '' };
      }
      case 'GetCacheEntryDownloadURL': {
        const key = stringField(body, 'key');
        const version = stringField(body, 'version');
        const restoreKeys = Array.isArray(body['restore_keys']) ? (body['restore_keys'] as unknown[]) : [];
        const keys = [key, ...restoreKeys.filter((k): k is string => typeof k === 'string')];
        const entry = match(keys, version);
        if (!entry) return { ok: false, signed_download_url: '', matched_key: '' };
        const sig = randomBytes(12).toString('hex');
        return { ok: true, signed_download_url: `${origin}/blob/${entry.blobId}?sig=${sig}&sp=r`, matched_key: entry.key };
      }
      default:
        throw new TwirpError('not_found', `unknown method ${method}`);
    }
  }

  function sendTwirpError(res: ServerResponse, code: TwirpCode, msg: string): number {
    const status = twirpStatus[code];
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code, msg }));
    return status;
  }

  function sendBlobError(res: ServerResponse, status: number, code: string): number {
    res.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code });
    res.end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
    return status;
  }

  function blobHeaders(): Record<string, string> {
    return {
      'x-ms-request-id': randomBytes(8).toString('hex'),
      'x-ms-version': '2025-01-05',
      etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
      'last-modified': new Date().toUTCString(),
      date: new Date().toUTCString(),
    };
  }

  async function handleBlob(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const blobId = url.pathname.slice('/blob/'.length);
    const blob = blobs.get(blobId);
    if (!blob) return sendBlobError(res, 404, 'BlobNotFound');
    if (!url.searchParams.get('sig')) return sendBlobError(res, 403, 'AuthenticationFailed');
    const comp = url.searchParams.get('comp');
    if (req.method === 'PUT') {
      const body = await readBody(req);
      if (comp === 'block') {
        const blockId = url.searchParams.get('blockid');
        if (!blockId) return sendBlobError(res, 400, 'InvalidQueryParameterValue');
        blob.blocks.set(blockId, body);
      } else if (comp === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Committed|Uncommitted)>([^<]*)<\//g)].map((m) => m[1]!);
        const parts: Buffer[] = [];
        for (const id of ids) {
          const block = blob.blocks.get(id);
          if (!block) return sendBlobError(res, 400, 'InvalidBlockList');
          parts.push(block);
        }
        blob.data = Buffer.concat(parts);
        blob.blocks.clear();
      } else if (comp === null) {
        if (req.headers['x-ms-blob-type'] !== 'BlockBlob') return sendBlobError(res, 400, 'MissingRequiredHeader');
        blob.data = body;
      } else {
        return sendBlobError(res, 400, 'InvalidQueryParameterValue');
      }
      // The Azure SDK fails on anything but 201 here.
      res.writeHead(201, { ...blobHeaders(), 'content-length': '0', 'x-ms-request-server-encrypted': 'true' });
      res.end();
      return 201;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      const data = blob.data;
      const entry = entries.find((e) => e.blobId === blobId);
      if (!data || entry?.finalizedSeq === undefined) return sendBlobError(res, 404, 'BlobNotFound');
      res.writeHead(200, {
        ...blobHeaders(),
        'content-type': 'application/octet-stream',
        'content-length': String(data.length),
        'x-ms-blob-type': 'BlockBlob',
      });
      res.end(req.method === 'GET' ? data : undefined);
      return 200;
    }
    return sendBlobError(res, 405, 'UnsupportedHttpVerb');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<{ call: string; status: number }> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const isTwirp = url.pathname.startsWith(twirpPrefix);
    const call = isTwirp ? url.pathname.slice(twirpPrefix.length) : url.pathname.startsWith('/blob/') ? 'blob' : 'other';
    if (failure) {
      await readBody(req);
      return { call, status: sendTwirpError(res, failure, `emulated cache service failure (${failure})`) };
    }
    if (call === 'blob') return { call, status: await handleBlob(req, res, url) };
    if (!isTwirp || req.method !== 'POST') {
      await readBody(req);
      return { call, status: sendTwirpError(res, 'not_found', `no route for ${req.method} ${url.pathname}`) };
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      await readBody(req);
      return { call, status: sendTwirpError(res, 'unauthenticated', 'missing or wrong runtime token') };
    }
    try {
      const text = (await readBody(req)).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text === '' ? '{}' : text);
      } catch {
        throw new TwirpError('malformed', 'the request body is not JSON');
      }
      if (typeof body !== 'object' || body === null) throw new TwirpError('malformed', 'the request body is not an object');
      const answer = twirp(call, body as Record<string, unknown>);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
      return { call, status: 200 };
    } catch (error) {
      if (error instanceof TwirpError) return { call, status: sendTwirpError(res, error.code, error.message) };
      return { call, status: sendTwirpError(res, 'internal', String(error)) };
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).then(
      ({ call, status }) => log.push({ method: req.method ?? '', call, url: req.url ?? '', status }),
      (error: unknown) => {
        log.push({ method: req.method ?? '', call: 'error', url: req.url ?? '', status: 500 });
        if (!res.headersSent) sendTwirpError(res, 'internal', String(error));
        else res.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: origin,
    env: {
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: `${origin}/`,
      ACTIONS_RUNTIME_TOKEN: token,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REF: scope,
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
    evictAll: () => {
      for (const entry of [...entries]) removeEntry(entry);
    },
    evict: (key) => {
      const matching = entries.filter((e) => e.key === key);
      for (const entry of matching) removeEntry(entry);
      return matching.length > 0;
    },
    failAll: (on, mode = 'permission_denied') => {
      failure = on ? mode : undefined;
    },
    entries: () => finalized().map(({ key, version, size }) => ({ key, version, size })),
    requests: () => [...log],
    blob: (key) => {
      const entry = finalized().find((e) => e.key === key);
      return entry ? blobs.get(entry.blobId)?.data : undefined;
    },
  };
}
