import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ObjectStore } from '../../../stores/object/types.ts';
import { isRetryable } from '../../../transfer/errors.ts';
import { readWhole } from '../../../transfer/read-whole.ts';
import { realSleep } from '../../../transfer/retry.ts';
import { CatalogDamagedError, CatalogError, CatalogLineError, CatalogUnreadableError, RECOVER_ACCESS, RECOVER_RETRY } from './errors.ts';

/** How catalogue reads are retried: like data reads (src/backends/s3/backup.ts). */
export interface CatalogReadOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Told about each retry (the engine logs it at debug level). */
  onRetry?: (file: string, error: unknown, attempt: number) => void;
}

export const defaultReadOptions = (): CatalogReadOptions => ({ attempts: 5, baseDelayMs: 250, maxDelayMs: 10_000, sleep: realSleep });

/** What the run record says a file should be; both absent for format 1 records. */
export interface Expected {
  bytes?: number;
  sha256?: string;
}

/** The recovery sentence for a damaged file, chosen by the caller (a backup falls back, a restore stops). */
export type Recovery = string;

/** A body that ended before the size the run record (or a HEAD) gave: retried like a reset. */
class ShortBody extends Error {
  constructor(readonly got: number, readonly expected: number) {
    super(`the body ended after ${got} of ${expected} bytes`);
  }
}

function describe(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string };
  return `${e?.code ?? e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}

/**
 * The bytes of one catalogue file, read with retries that resume where the last attempt stopped
 * (re-open and skip what was already yielded), so a reset or a truncated body costs one more
 * request instead of the run. At the end the size and SHA-256 are checked against the run record;
 * without a recorded size (format 1), a HEAD gives it, so a short body is still caught and retried.
 */
export async function* readFileBytes(destination: ObjectStore, file: string, expected: Expected, options: CatalogReadOptions, recovery: Recovery): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  let yielded = 0;
  let size = expected.bytes;
  for (let attempt = 1; ; attempt++) {
    let body: Readable | undefined;
    try {
      if (size === undefined) {
        const head = await destination.head(file);
        if (!head) throw new CatalogDamagedError(file, 'is missing', recovery);
        size = head.size;
      }
      body = await destination.get(file);
      if (!body) throw new CatalogDamagedError(file, 'is missing', recovery);
      let skip = yielded;
      for await (const raw of body) {
        let chunk = raw as Buffer;
        if (skip > 0) {
          if (skip >= chunk.length) {
            skip -= chunk.length;
            continue;
          }
          chunk = chunk.subarray(skip);
          skip = 0;
        }
        if (yielded + chunk.length > size) {
          throw new CatalogDamagedError(file, `has more than the ${size} bytes ${expected.bytes === undefined ? 'it had when the read began' : 'its run record gives'}`, recovery);
        }
        hash.update(chunk);
        yielded += chunk.length;
        yield chunk;
      }
      if (yielded < size) throw new ShortBody(yielded, size);
      break;
    } catch (error) {
      if (error instanceof CatalogError) throw error;
      if (error instanceof ShortBody && expected.bytes !== undefined) {
        // Cut short in transit, or stored short? The stored size tells.
        const stored = await destination.head(file).catch(() => undefined);
        if (stored && stored.size !== expected.bytes) throw new CatalogDamagedError(file, `has ${stored.size} bytes where its run record gives ${expected.bytes} (truncated or replaced)`, recovery);
      }
      const transient = error instanceof ShortBody || isRetryable(error);
      if (!transient) throw new CatalogUnreadableError(file, `cannot be read (${describe(error)})`, RECOVER_ACCESS, { cause: error });
      if (attempt >= options.attempts) {
        throw new CatalogUnreadableError(file, `could not be read in ${attempt} attempts (last: ${describe(error)})`, RECOVER_RETRY, { cause: error });
      }
      options.onRetry?.(file, error, attempt);
      await options.sleep(Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)));
    } finally {
      body?.destroy();
    }
  }
  if (expected.sha256 !== undefined && hash.digest('hex') !== expected.sha256) {
    throw new CatalogDamagedError(file, `does not match the SHA-256 its run record gives (same size, other bytes)`, recovery);
  }
}

/**
 * A small catalogue file's bytes, whole, read and checked as readFileBytes reads them (retries,
 * the run record's size and SHA-256). Only for files whose recorded size the caller has bounded.
 */
export async function readFileWhole(destination: ObjectStore, file: string, expected: Expected, options: CatalogReadOptions, recovery: Recovery): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of readFileBytes(destination, file, expected, options, recovery)) chunks.push(chunk);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/**
 * Gzipped JSON lines, one validated record at a time: constant memory, with a line longer than
 * `maxLineBytes` refused instead of buffered. Every problem names the file (and the line).
 */
export async function* readFileLines<T>(
  destination: ObjectStore,
  file: string,
  expected: Expected,
  options: CatalogReadOptions,
  recovery: Recovery,
  maxLineBytes: number,
  validate: (value: unknown) => T,
  /** The file's bytes, already read whole and checked against `expected` (readFileWhole). */
  read?: Buffer,
): AsyncGenerator<T> {
  const gunzip = createGunzip();
  const compressed = read ? Readable.from([read]) : Readable.from(readFileBytes(destination, file, expected, options, recovery));
  // Errors of the byte reader (already named) pass through the gunzip stream unchanged.
  compressed.on('error', (error) => gunzip.destroy(error));
  compressed.pipe(gunzip);
  let line = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const parse = (bytes: Buffer): T | undefined => {
    line++;
    if (bytes.length === 0) return undefined;
    try {
      return validate(JSON.parse(bytes.toString('utf8')));
    } catch (error) {
      const reason = error instanceof CatalogLineError ? error.message : `is not JSON (${(error as Error).message})`;
      throw new CatalogDamagedError(file, `has an invalid line ${line}: ${reason}`, recovery, { cause: error });
    }
  };
  try {
    for await (const raw of gunzip) {
      let chunk = raw as Buffer;
      for (let newline = chunk.indexOf(10); newline >= 0; newline = chunk.indexOf(10)) {
        const piece = chunk.subarray(0, newline);
        if (pendingBytes + piece.length > maxLineBytes) throw tooLong(file, line + 1, maxLineBytes, recovery);
        const bytes = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
        pending = [];
        pendingBytes = 0;
        const record = parse(bytes);
        if (record !== undefined) yield record;
        chunk = chunk.subarray(newline + 1);
      }
      if (chunk.length > 0) {
        pendingBytes += chunk.length;
        if (pendingBytes > maxLineBytes) throw tooLong(file, line + 1, maxLineBytes, recovery);
        pending.push(Buffer.from(chunk));
      }
    }
    if (pendingBytes > 0) {
      const record = parse(Buffer.concat(pending));
      if (record !== undefined) yield record;
    }
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    const e = error as { code?: string; message?: string };
    throw new CatalogDamagedError(file, `cannot be decompressed (${e.code ?? ''} ${e.message ?? String(error)}; the file is truncated or damaged)`, recovery, { cause: error });
  } finally {
    compressed.destroy();
    gunzip.destroy();
  }
}

function tooLong(file: string, line: number, max: number, recovery: Recovery): CatalogDamagedError {
  return new CatalogDamagedError(file, `has a line ${line} longer than ${max} bytes, more than pullback ever writes`, recovery);
}

/** A small JSON file (run record, pointer, marker), read whole with a size cap and retries. */
export async function readSmallJson(destination: ObjectStore, file: string, maxBytes: number, options: CatalogReadOptions, recovery: Recovery): Promise<unknown | undefined> {
  for (let attempt = 1; ; attempt++) {
    let body: Readable | undefined;
    try {
      body = await destination.get(file);
      if (!body) return undefined;
      const whole = await readWhole(body, maxBytes);
      if (!whole) throw new CatalogDamagedError(file, `is larger than ${maxBytes} bytes, more than pullback ever writes`, recovery);
      const content = whole.toString('utf8');
      try {
        return JSON.parse(content);
      } catch (error) {
        // A body cut short in transit parses as broken JSON: read it again before calling it damaged.
        if (attempt >= options.attempts) throw new CatalogDamagedError(file, `is not valid JSON (${(error as Error).message})`, recovery, { cause: error });
        options.onRetry?.(file, error, attempt);
      }
    } catch (error) {
      if (error instanceof CatalogError) throw error;
      if (!isRetryable(error)) throw new CatalogUnreadableError(file, `cannot be read (${describe(error)})`, RECOVER_ACCESS, { cause: error });
      if (attempt >= options.attempts) throw new CatalogUnreadableError(file, `could not be read in ${attempt} attempts (last: ${describe(error)})`, RECOVER_RETRY, { cause: error });
      options.onRetry?.(file, error, attempt);
    } finally {
      body?.destroy();
    }
    await options.sleep(Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)));
  }
}
