/** Jittered exponential backoff with an injectable sleep, so tests never wait for real. */
export interface RetryOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  isRetryable: (error: unknown) => boolean;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !options.isRetryable(error)) throw error;
      // "Full jitter": spreads retries of many workers hitting the same throttled prefix.
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.round(random() * ceiling);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Throttling, server errors, dropped connections and failed verifications are worth another try. */
export function isRetryableTransferError(error: unknown): boolean {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown; cause?: unknown };
  if (error instanceof VerificationError) return true;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500 || status === 408 || status === 429;
  if (e?.name === 'SlowDown' || e?.name === 'TimeoutError' || e?.name === 'RequestTimeout') return true;
  if (e?.code && NETWORK_CODES.has(e.code)) return true;
  if (e?.name === 'AbortError') return false;
  return /socket hang up|ECONNRESET|premature close|aborted/i.test(String((error as Error)?.message ?? ''));
}

/** A copy whose bytes did not match what the source said they were. */
export class VerificationError extends Error {
  constructor(message: string, readonly key: string) {
    super(message);
    this.name = 'VerificationError';
  }
}
