// The lease file's record (`catalog/lock.json`): its shape, when it goes stale, and how it is read
// (bounded, retried like every catalogue file, checked for shape) and written (conditionally where
// the store can). RunLease (lease.ts) decides with it who may write.
import { createHash } from 'node:crypto';
import type { ObjectStore } from '../../../stores/object/types.ts';
import { isRetryable } from '../../../transfer/errors.ts';
import { readWhole } from '../../../transfer/read-whole.ts';
import { CatalogUnreadableError, RECOVER_ACCESS, RECOVER_RETRY } from './errors.ts';
import { defaultReadOptions, type CatalogReadOptions } from './reader.ts';

export const LEASE_FILE = 'catalog/lock.json';
export const LEASE_FORMAT = 'pullback-lease/1';
/** Where the destination is shown to refuse stale If-Match writes (S3ObjectStore.refusesStaleIfMatch). */
export const CONDITIONS_PROBE_FILE = 'catalog/conditions-probe.json';
/** A holder's own stale time is honoured up to this, so a damaged file cannot lock forever. */
export const MAX_STALE_AFTER_MS = 60 * 60_000;
const MAX_LEASE_BYTES = 64 * 1024;

export interface LeaseRecord {
  format: typeof LEASE_FORMAT;
  runId: string;
  host: string;
  pid: number;
  /** Random: tells this run's writes from another run's with the same id. */
  token: string;
  acquiredAt: string;
  heartbeatAt: string;
  staleAfterSeconds: number;
  releasedAt?: string;
  /**
   * A sharded run's name (the workflow run every shard belongs to): the shards of one run hold the
   * lease together (catalog/shards.ts). Absent for a run of one process.
   */
  shared?: string;
  /**
   * The run whose lease this one took over without its release (stale, or dead on this host), or
   * `(damaged)`: that run may still be writing after this one released. Read by the next backup,
   * which then lists every run record, not a window (catalogue-reads.ts).
   */
  tookOver?: string;
  /** Written without a condition the store honours (no conditional writes): two runs may have held it at once. */
  unconditional?: true;
}

/** When a holder's lease goes stale: its heartbeat plus its own stale time, at most MAX_STALE_AFTER_MS. */
export function staleAt(holder: LeaseRecord): Date {
  return new Date(Date.parse(holder.heartbeatAt) + Math.min(Math.max(holder.staleAfterSeconds, 0) * 1000, MAX_STALE_AFTER_MS));
}

/**
 * The lease file as read: its record, or why it is damaged; its ETag when the store gives one, and
 * whether that ETag is the MD5 of the bytes read (`contentTagged`: two different leases, whose
 * tokens differ, can then never carry the same ETag).
 */
export type LeaseRead = { record?: LeaseRecord; damaged?: string; etag?: string; contentTagged?: true; exists: boolean };

function parseLease(body: string): LeaseRecord | string {
  try {
    const raw = JSON.parse(body) as Partial<LeaseRecord>;
    const times = [raw.acquiredAt, raw.heartbeatAt].every((t) => typeof t === 'string' && !Number.isNaN(Date.parse(t)));
    if (raw.format !== LEASE_FORMAT || typeof raw.runId !== 'string' || typeof raw.host !== 'string' || typeof raw.pid !== 'number' || typeof raw.token !== 'string') {
      return 'it is not a lease pullback wrote';
    }
    if (!times || typeof raw.staleAfterSeconds !== 'number' || (raw.releasedAt !== undefined && Number.isNaN(Date.parse(raw.releasedAt)))) return 'its times are not times';
    return raw as LeaseRecord;
  } catch (error) {
    return `it is not JSON (${(error as Error).message})`;
  }
}

/**
 * The lease as it is now. Read like every catalogue file: a reset or a body cut short is read
 * again (a cut body parses as broken JSON, so that is retried too before the file is called
 * damaged), and an error that outlasts the retries names the file.
 */
export async function readLease(destination: ObjectStore, options: CatalogReadOptions = defaultReadOptions()): Promise<LeaseRead> {
  for (let attempt = 1; ; attempt++) {
    let read: LeaseRead;
    try {
      read = await readLeaseOnce(destination);
    } catch (error) {
      if (!isRetryable(error)) throw new CatalogUnreadableError(LEASE_FILE, `cannot be read (${(error as Error).message})`, RECOVER_ACCESS, { cause: error });
      if (attempt >= options.attempts) throw new CatalogUnreadableError(LEASE_FILE, `could not be read in ${attempt} attempts (last: ${(error as Error).message})`, RECOVER_RETRY, { cause: error });
      options.onRetry?.(LEASE_FILE, error, attempt);
      await options.sleep(Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)));
      continue;
    }
    if (read.damaged === undefined || attempt >= options.attempts) return read;
    await options.sleep(Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1)));
  }
}

async function readLeaseOnce(destination: ObjectStore): Promise<LeaseRead> {
  let body: string | undefined;
  let etag: string | undefined;
  let contentTagged = false;
  if (destination.getTagged) {
    const found = await destination.getTagged(LEASE_FILE, MAX_LEASE_BYTES);
    if (!found) return { exists: false };
    body = found.body.toString('utf8');
    etag = found.etag;
    contentTagged = etag !== undefined && etag === createHash('md5').update(found.body).digest('hex');
  } else {
    const stream = await destination.get(LEASE_FILE);
    if (!stream) return { exists: false };
    const whole = await readWhole(stream, MAX_LEASE_BYTES);
    if (!whole) return { exists: true, damaged: `larger than ${MAX_LEASE_BYTES} bytes` };
    body = whole.toString('utf8');
  }
  const parsed = parseLease(body);
  const tag = { ...(etag ? { etag } : {}), ...(contentTagged ? { contentTagged: true as const } : {}) };
  return typeof parsed === 'string' ? { exists: true, damaged: parsed, ...tag } : { exists: true, record: parsed, ...tag };
}

/**
 * Conditional where the store can, plain otherwise (`unconditional`); the caller reads back, unless
 * the store has shown it refuses stale conditions (RunLease.acquire).
 */
export async function writeLease(destination: ObjectStore, record: LeaseRecord, current: LeaseRead): Promise<'written' | 'conflict' | 'unconditional'> {
  const body = JSON.stringify(record, null, 2);
  if (destination.putIf) {
    const condition = current.exists ? (current.etag ? { ifMatch: current.etag } : undefined) : ({ ifNoneMatch: '*' } as const);
    if (condition) {
      const result = await destination.putIf(LEASE_FILE, body, condition);
      if (result !== 'unsupported') return result;
    }
  }
  // Rewritten every minute: no Object Lock retention (it would only pile up locked versions).
  await destination.put(LEASE_FILE, body, { mutable: true });
  return 'unconditional';
}
