/**
 * What an error from reading or writing one object means, decided in one place for every
 * orchestrator (backup, restore, the catalogue, the stores):
 *
 * - fatal: no other object would escape it (the bucket is gone, the credentials are refused, a
 *   simulated crash): the run stops without committing anything instead of failing every key;
 * - race: the object changed since it was listed (overwritten, deleted): the next run sees what
 *   replaced it, so it is neither retried nor a failure;
 * - retryable: throttling, a server error, a dropped connection, a copy that failed verification:
 *   worth another try after a backoff;
 * - failed: anything else: this object fails, the others go on, and the run is partial.
 *
 * Errors come from the AWS SDK (a `name`, an HTTP status in `$metadata`), from Node (an errno
 * `code`) or from pullback itself (`fatal`, `permanent`).
 */
export type TransferErrorKind = 'fatal' | 'race' | 'retryable' | 'failed';

/**
 * Whether an access refusal stops the run. A restore writes one target with one set of
 * credentials, so a refusal there is everyone's; a backup reads objects whose own permissions
 * differ (an SSE-KMS key the reader may not use), so a refusal there is that object's.
 */
export interface TransferPolicy {
  accessDenied: 'fatal' | 'per-object';
}

export const BACKUP_POLICY: TransferPolicy = { accessDenied: 'per-object' };
export const RESTORE_POLICY: TransferPolicy = { accessDenied: 'fatal' };

interface ErrorShape {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  fatal?: boolean;
  permanent?: boolean;
  $metadata?: { httpStatusCode?: number };
}

const shape = (error: unknown): ErrorShape => (error ?? {}) as ErrorShape;

/** A thrown value as an Error (a stream's destroy() takes only an Error). */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/** The HTTP status of a failed request, when the error came from one. */
export function httpStatus(error: unknown): number | undefined {
  return shape(error).$metadata?.httpStatusCode;
}

/** The error's name as S3 (or Node) gives it: `NoSuchKey`, `AccessDenied`, `ECONNRESET`. */
export function errorName(error: unknown): string {
  const e = shape(error);
  return e.name ?? e.Code ?? e.code ?? 'Error';
}

/** A HEAD or GET of a key that does not exist (HEAD errors carry no code, only the status). */
export function isNotFound(error: unknown): boolean {
  const name = shape(error).name;
  return name === 'NotFound' || name === 'NoSuchKey' || httpStatus(error) === 404;
}

/** The credentials may not do this (403). */
export function isAccessDenied(error: unknown): boolean {
  const e = shape(error);
  return e.name === 'AccessDenied' || e.Code === 'AccessDenied' || httpStatus(error) === 403;
}

/** The store does not implement the request at all (s3rver's versioning, some stores' uploads listing). */
export function isNotImplemented(error: unknown): boolean {
  const e = shape(error);
  return e.name === 'NotImplemented' || e.Code === 'NotImplemented' || httpStatus(error) === 501;
}

const FATAL_NAMES = new Set(['NoSuchBucket', 'InvalidAccessKeyId', 'SignatureDoesNotMatch']);

export function isFatal(error: unknown, policy: TransferPolicy): boolean {
  const e = shape(error);
  if (e.fatal === true) return true;
  if (e.name !== undefined && FATAL_NAMES.has(e.name)) return true;
  return policy.accessDenied === 'fatal' && e.name === 'AccessDenied';
}

/** The object was overwritten or deleted since it was listed (a conditional read failed, a version vanished). */
export function isRace(error: unknown): boolean {
  const e = shape(error);
  const status = httpStatus(error);
  return status === 412 || status === 404 || e.name === 'PreconditionFailed' || e.name === 'NoSuchKey' || e.name === 'NoSuchVersion';
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Throttling, server errors, dropped connections and failed verifications are worth another try. */
export function isRetryable(error: unknown): boolean {
  const e = shape(error);
  // Damaged bytes at rest read the same on every try.
  if (e.permanent === true) return false;
  if (error instanceof VerificationError) return true;
  const status = httpStatus(error);
  if (status !== undefined) return status >= 500 || status === 408 || status === 429;
  if (e.name === 'SlowDown' || e.name === 'TimeoutError' || e.name === 'RequestTimeout') return true;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'AbortError') return false;
  return /socket hang up|ECONNRESET|premature close|aborted/i.test(String(e.message ?? ''));
}

/** The one classification: fatal first, then a race, then worth a retry; anything else fails this object. */
export function classifyTransferError(error: unknown, policy: TransferPolicy): TransferErrorKind {
  if (isFatal(error, policy)) return 'fatal';
  if (isRace(error)) return 'race';
  if (isRetryable(error)) return 'retryable';
  return 'failed';
}

/** A copy whose bytes did not match what the source said they were: retried (the next read may be right). */
export class VerificationError extends Error {
  constructor(
    message: string,
    readonly key: string,
  ) {
    super(message);
    this.name = 'VerificationError';
  }
}
