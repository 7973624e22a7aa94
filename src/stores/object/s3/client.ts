import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, DeserializeMiddleware, MetadataBearer } from '@smithy/types';
import { emptyRequestCounts, requestKind, type RequestCounts } from '../types.ts';
import { keepHandlerCacheSafe } from './handler-cache.ts';
import { payloadHashMiddleware } from './payload-hash.ts';
import { compactConfig, reuseSigner } from './per-request.ts';
import { SigningSha256 } from './signing-hash.ts';

/** How to reach one S3-compatible endpoint. Source and destination each get their own. */
export interface S3Connection {
  region: string;
  /** Custom endpoint (R2, B2, MinIO, a local server); AWS when absent. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Explicit keys; otherwise `profile`; otherwise the standard AWS chain. */
  credentials?: AwsCredentialIdentity;
  profile?: string;
  /** Concurrent requests the connection pool allows. */
  maxSockets?: number;
  maxAttempts?: number;
  /**
   * How long one attempt may wait on a silent connection (no headers yet, or a body that stopped
   * flowing) before it is abandoned and retried (default 120 s: slow stores answer large listings
   * slowly, but a stalled connection must never hang a run).
   */
  requestTimeoutMs?: number;
}

/**
 * What every write to a destination carries (issue 12): a storage class, server-side encryption,
 * and Object Lock retention (write-once storage nobody can delete before its time, not even
 * pullback's prune). Applied to data and catalogue alike, multipart uploads and server-side copies
 * included; retention is left off the keys rewritten in place (PutOptions.mutable).
 */
export interface S3WriteSettings {
  storageClass?: string;
  sse?: { algorithm: 'AES256' } | { algorithm: 'aws:kms'; kmsKeyId?: string };
  objectLock?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; days: number };
}

export function credentialsFor(connection: S3Connection): AwsCredentialIdentity | AwsCredentialIdentityProvider {
  if (connection.credentials) return connection.credentials;
  if (connection.profile) return fromIni({ profile: connection.profile });
  // Environment, shared config and profiles, web identity (OIDC from configure-aws-credentials),
  // container and instance roles: the same chain the AWS CLI uses.
  return fromNodeProviderChain();
}

/** Called with the server's clock (the Date header) of every response. */
export type ServerDateListener = (date: Date) => void;

/** How long a connection may stay silent (no headers, or no body bytes) before the attempt fails. */
function stallMsOf(connection: S3Connection): number {
  return connection.requestTimeoutMs ?? 120_000;
}

/** The client of one bucket (see keepHandlerCacheSafe): a source and a destination each make their own. */
export function createS3Client(connection: S3Connection, bucket: string, onServerDate?: ServerDateListener): S3Client {
  const maxSockets = connection.maxSockets ?? 64;
  const stallMs = stallMsOf(connection);
  const client = new S3Client({
    region: connection.region,
    ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
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
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // `Expect: 100-continue` stays the SDK's default (bodies of 2 MiB and more): without it a put or
    // part answered early with an error, its body unread, waits out the request timeout (faults-s3).
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
      connectionTimeout: 10_000,
      requestTimeout: stallMs,
      // Without it the handler only logs a warning and the attempt waits on a dead connection forever.
      throwOnRequestTimeout: true,
    }),
  });
  // A body that stops flowing after its headers arrived is beyond the handler's timeout: every
  // response body gets the same limit on silence, the streamed ones (GetObject) and the ones the
  // SDK reads whole before parsing (listings, multipart answers), so a stalled read fails (and is
  // retried) instead of hanging the run. Low priority: inside the SDK's deserializer, on the raw
  // response, before anything reads the body.
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const body = (result.response as { body?: unknown } | undefined)?.body;
      if (body instanceof Readable) guardStalls(body, stallMs);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'pullbackStallGuard' },
  );
  // Every attempt sent, by kind (this step runs inside the retry loop): the run's request bill.
  const counts = emptyRequestCounts();
  requestCounters.set(client, counts);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counts[requestKind(context.commandName ?? '')]++;
      return next(args);
    },
    { step: 'deserialize', name: 'pullbackRequestCounter' },
  );
  if (onServerDate) client.middlewareStack.add(serverDateMiddleware(onServerDate), { step: 'deserialize', name: 'pullbackServerDate' });
  // A body's SHA-256 the caller already computed is signed as it is (payload-hash.ts).
  client.middlewareStack.add(payloadHashMiddleware(), { step: 'build', name: 'pullbackPayloadHash' });
  keepHandlerCacheSafe(client, bucket);
  // The SDK's per-request copies of its config and its signer, made cheap (per-request.ts).
  reuseSigner(client);
  compactConfig(client);
  return client;
}

/** A deserialize-step middleware that hands the response's Date header to `onServerDate`. */
export function serverDateMiddleware<Input extends object, Output extends MetadataBearer>(onServerDate: ServerDateListener): DeserializeMiddleware<Input, Output> {
  return (next) => async (args) => {
    const result = await next(args);
    const date = (result.response as { headers?: Record<string, string> } | undefined)?.headers?.['date'];
    if (date) {
      const parsed = new Date(date);
      if (!Number.isNaN(parsed.getTime())) onServerDate(parsed);
    }
    return result;
  };
}

const requestCounters = new WeakMap<S3Client, RequestCounts>();

/** The requests sent through a client made by createS3Client so far (a live object: copy it to keep a snapshot). */
export function requestCountsOf(client: S3Client): RequestCounts {
  return requestCounters.get(client) ?? emptyRequestCounts();
}

/** Turns the SDK's errors into a sentence that names what to fix. */
export function describeS3Error(error: unknown, what: string, input: string): Error {
  const e = error as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  const code = e?.name ?? e?.Code ?? e?.code ?? 'Error';
  const status = e?.$metadata?.httpStatusCode;
  let hint = '';
  if (code === 'NoSuchBucket' || status === 404) hint = `the bucket does not exist: check \`${input}\``;
  else if (code === 'AccessDenied' || code === 'Forbidden' || status === 403)
    hint = `access denied: check the credentials for \`${input}\` and their permissions`;
  else if (code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch')
    hint = `the credentials were rejected: check the access key and secret for \`${input}\``;
  else if (code === 'CredentialsProviderError') hint = `no credentials found for \`${input}\`: set them in the environment, a profile, or the inputs`;
  else if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError'].includes(code) || /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(e?.message ?? ''))
    hint = `the endpoint is unreachable: check the endpoint and region of \`${input}\``;
  const message = `${what} failed (${code}${status ? ` ${status}` : ''}): ${hint || e?.message || String(error)}`;
  return new Error(message, { cause: error });
}

/** ETags come quoted on the wire. */
export function unquote(etag: string | undefined): string | undefined {
  return etag?.replace(/^"|"$/g, '');
}

/**
 * Fails a response body that receives nothing for `ms` (the socket's idle timeout: a paused reader
 * holds the socket still too, so the limit is generous by default) with a retryable TimeoutError.
 */
export function guardStalls(body: Readable, ms: number): void {
  const message = body as Readable & { socket?: { setTimeout(ms: number, callback?: () => void): unknown } | null };
  const socket = message.socket;
  // A body already read to its end has given its socket back: nothing can stall.
  if (!socket || body.readableEnded) return;
  const onTimeout = () => {
    body.destroy(Object.assign(new Error(`the connection stalled: no data for ${ms} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' }));
  };
  socket.setTimeout(ms, onTimeout);
  // The socket goes back to the pool when the body is done: the limit is this body's, not the socket's.
  const clear = () => {
    try {
      socket.setTimeout(0);
      (socket as unknown as { off(event: string, listener: () => void): void }).off('timeout', onTimeout);
    } catch {
      // the socket is gone already
    }
  };
  body.once('end', clear);
  body.once('close', clear);
}
