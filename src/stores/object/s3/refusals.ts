/**
 * How an S3-compatible store answers a request it will not carry out as asked: the store's
 * conditional writes and listings depend on telling these apart from real faults.
 */

/** How a store says it does not do conditional writes (If-None-Match / If-Match on PutObject). */
export function refusesConditions(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.$metadata?.httpStatusCode === 501 || ['NotImplemented', 'InvalidArgument', 'InvalidRequest'].includes(e?.name ?? '');
}

/** 405: the store does not offer this request on this resource (s3rver's versions listing). */
export function refusesMethod(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.$metadata?.httpStatusCode === 405 || e?.name === 'MethodNotAllowed';
}

/** The condition of a conditional write did not hold (another writer got there first). */
export function failedCondition(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  // 412: the condition failed; 409: a concurrent conditional write won; 404: If-Match on a key now gone.
  return status === 412 || status === 409 || status === 404 || e?.name === 'PreconditionFailed' || e?.name === 'ConditionalRequestConflict';
}

/** 412 alone: the store checked the condition and it did not hold (the stale If-Match probe). */
export function refusedPrecondition(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.$metadata?.httpStatusCode === 412 || e?.name === 'PreconditionFailed';
}
