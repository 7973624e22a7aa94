import type { BuildMiddleware, MetadataBearer } from '@smithy/types';

/**
 * The payload hash of a request body pullback has already hashed (PutOptions.sha256). SigV4 signs
 * the body's SHA-256 (the x-amz-content-sha256 header), and the SDK computes it for every body it
 * holds whole, unless the request already carries the header: a backup has just computed that
 * hash of each small object's bytes to record it, so the SDK's second pass over them is wasted
 * (about 30 µs a 4 KiB object with its hash objects and promise, issue 11's full-run profile).
 * Keyed by the body itself, so a retry of the same request finds it, and nothing outlives the body.
 */
const payloadHashes = new WeakMap<object, string>();

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Remembers `sha256` (hex) as the hash of `body` for the requests that send it. */
export function setPayloadHash(body: Buffer, sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error(`internal error: a payload hash must be 64 lowercase hex digits, got ${JSON.stringify(sha256.slice(0, 80))}`);
  payloadHashes.set(body, sha256);
}

/** A build-step middleware (before signing) that puts a remembered payload hash on the request. */
export function payloadHashMiddleware<Input extends object, Output extends MetadataBearer>(): BuildMiddleware<Input, Output> {
  return (next) => async (args) => {
    const body = (args.input as { Body?: unknown }).Body;
    const sha256 = typeof body === 'object' && body !== null ? payloadHashes.get(body) : undefined;
    const request = args.request as { headers?: Record<string, string>; body?: unknown } | undefined;
    // Only when the request carries that very body (the SDK sends a Buffer body as it is).
    if (sha256 && request?.headers && request.body === body) request.headers['x-amz-content-sha256'] = sha256;
    return next(args);
  };
}
