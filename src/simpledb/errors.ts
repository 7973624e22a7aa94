/** A failure reported by SimpleDB (or detected by the client before sending, then statusCode is 0). */
export class SimpleDbError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly requestId?: string;
  readonly boxUsage?: string;
  /** The action that failed, e.g. "PutAttributes". */
  readonly action?: string;
  /** How many attempts were made (1 when not retried). */
  attempts = 1;

  constructor(
    code: string,
    message: string,
    statusCode: number,
    details: { requestId?: string; boxUsage?: string; action?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SimpleDbError';
    this.code = code;
    this.statusCode = statusCode;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.boxUsage !== undefined) this.boxUsage = details.boxUsage;
    if (details.action !== undefined) this.action = details.action;
  }

  /** Whether a retry may succeed: server errors, throttling, timeouts and dropped connections. */
  get retryable(): boolean {
    return isRetryableCode(this.code, this.statusCode);
  }
}

/** Codes the client itself uses for failures that never reached a SimpleDB answer. */
export const CLIENT_ERROR_CODES = {
  network: 'NetworkError',
  timeout: 'RequestTimeout',
  aborted: 'AbortError',
  badResponse: 'InvalidResponse',
  invalidInput: 'InvalidParameterValue',
  /** The body passed the client's byte cap (ResponseLimits.maxBytes). */
  responseTooLarge: 'ResponseTooLarge',
  /** The XML passed the client's nesting or element caps. */
  responseTooComplex: 'ResponseTooComplex',
} as const;

export function isRetryableCode(code: string, statusCode: number): boolean {
  if (code === CLIENT_ERROR_CODES.aborted) return false;
  // A body past the caps is no transient fault: asking again would only read it again.
  if (code === CLIENT_ERROR_CODES.responseTooLarge || code === CLIENT_ERROR_CODES.responseTooComplex) return false;
  if (code === CLIENT_ERROR_CODES.invalidInput && statusCode === 0) return false;
  if (statusCode >= 500) return true;
  return code === 'ServiceUnavailable' || code === 'RequestTimeout' || code === 'InternalError' ||
    code === 'Throttling' || code === CLIENT_ERROR_CODES.network || code === CLIENT_ERROR_CODES.badResponse;
}
