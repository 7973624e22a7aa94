// The seed's write convention: every put stamps a fixed-width UTC timestamp attribute, every delete
// is recorded in a delete-log domain. The incremental backup reads `stamp >= W` from both.
import { randomBytes } from 'node:crypto';
import type { ReplaceableAttribute, SimpleDbClient } from './client.ts';
import { DEFAULT_DELETE_LOG_DOMAIN, DEFAULT_STAMP_ATTRIBUTE, DELETE_LOG_ATTRIBUTES as LOG, stampNameProblem, type DeleteLogState } from './delete-log.ts';
import { CLIENT_ERROR_CODES, SimpleDbError } from './errors.ts';

/** `2026-11-24T16:17:58.123Z`: UTC, milliseconds, always 24 characters, so string order is time order. */
export function formatStamp(date: Date): string {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new RangeError('formatStamp: invalid date');
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`formatStamp: year ${year} has no fixed-width form`);
  return date.toISOString();
}

const STAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Whether a string is a stamp in the convention's fixed-width form. */
export function isStamp(value: string): boolean {
  return STAMP_RE.test(value) && !Number.isNaN(Date.parse(value));
}

export interface ConventionOptions {
  /** The stamp attribute (default `lastModified`). */
  stampAttribute?: string;
  /** The delete-log domain (default `pullback_delete_log`). */
  deleteLogDomain?: string;
  /** Clock for stamps (default: now). */
  clock?: () => Date;
  /** Random suffix for delete-log item names (default: 16 hex characters from crypto). */
  randomId?: () => string;
}

export type AttributeInput = ReplaceableAttribute[] | Record<string, string | readonly string[]>;

/** The attributes of one delete-log item. */
export interface DeleteLogEntry {
  /** The delete-log item's own name: `<deletedAt>_<random>`. */
  logItemName: string;
  itemName: string;
  domain: string;
  deletedAt: string;
  /** `done` when the entry was marked after the delete; `pending` when marking it failed (the delete itself succeeded). */
  state: DeleteLogState;
}

/** What ConventionWriter needs of a client. */
export type WriterClient = Pick<SimpleDbClient, 'putAttributes' | 'deleteAttributes' | 'createDomain'>;

export class ConventionWriter {
  readonly stampAttribute: string;
  readonly deleteLogDomain: string;
  readonly #client: WriterClient;
  readonly #clock: () => Date;
  readonly #randomId: () => string;

  constructor(client: WriterClient, options: ConventionOptions = {}) {
    this.#client = client;
    this.stampAttribute = options.stampAttribute ?? DEFAULT_STAMP_ATTRIBUTE;
    const problem = stampNameProblem(this.stampAttribute);
    if (problem) throw new SimpleDbError('InvalidParameterValue', `stamp attribute: ${problem}`, 0);
    this.deleteLogDomain = options.deleteLogDomain ?? DEFAULT_DELETE_LOG_DOMAIN;
    this.#clock = options.clock ?? (() => new Date());
    this.#randomId = options.randomId ?? (() => randomBytes(8).toString('hex'));
  }

  /** Creates the delete-log domain (idempotent). */
  async ensureDeleteLog(): Promise<void> {
    await this.#client.createDomain({ DomainName: this.deleteLogDomain });
  }

  /**
   * Writes attributes and stamps the item. With `replace`, every given attribute replaces all
   * values of its name; otherwise values are added (SimpleDB's default). The stamp is always
   * replaced, so it stays single-valued. Returns the stamp written.
   */
  async put(
    domain: string,
    itemName: string,
    attributes: AttributeInput,
    options: { replace?: boolean; expected?: { Name: string; Value?: string; Exists?: boolean } } = {},
  ): Promise<{ stamp: string }> {
    const list = toAttributeList(attributes, options.replace ?? false);
    if (list.some((a) => a.Name === this.stampAttribute)) {
      throw new SimpleDbError('InvalidParameterValue', `the stamp attribute "${this.stampAttribute}" is written by ConventionWriter, not by callers`, 0);
    }
    const stamp = formatStamp(this.#clock());
    const input: Parameters<SimpleDbClient['putAttributes']>[0] = {
      DomainName: domain,
      ItemName: itemName,
      Attributes: [...list, { Name: this.stampAttribute, Value: stamp, Replace: true }],
    };
    if (options.expected) input.Expected = options.expected;
    await this.#client.putAttributes(input);
    return { stamp };
  }

  /**
   * Deletes the whole item and records the deletion. The log entry is written first (`pending`),
   * so a crash between the two leaves a log entry for a live item, never an unrecorded deletion;
   * when SimpleDB refuses the delete (a failed condition, on the first attempt), the entry is
   * withdrawn (best effort); when it is not known whether the delete ran, it stays. Once the item is deleted
   * the entry is marked `done`: a backup then records the deletion even if the item was re-created
   * since, where a `pending` entry for an item that lives again may be one whose delete never
   * happened (its writer stopped in between), and is not taken as a deletion. The mark is best
   * effort too: a failure to write it leaves the entry `pending` and does not fail the delete, which
   * happened (the result says `state: 'pending'`).
   */
  async delete(domain: string, itemName: string, options: { expected?: { Name: string; Value?: string; Exists?: boolean } } = {}): Promise<DeleteLogEntry> {
    const entry = await this.#writeLog(domain, itemName);
    try {
      const input: Parameters<SimpleDbClient['deleteAttributes']>[0] = { DomainName: domain, ItemName: itemName };
      if (options.expected) input.Expected = options.expected;
      await this.#client.deleteAttributes(input);
    } catch (err) {
      // Withdrawn only when the delete certainly did not run; otherwise (no answer, a server error,
      // retries: an earlier attempt may have deleted the item) the entry stays pending, and the
      // backup counts it only if the item is gone with no later sign of life.
      if (certainlyNotApplied(err)) await this.#client.deleteAttributes({ DomainName: this.deleteLogDomain, ItemName: entry.logItemName }).catch(() => undefined);
      throw err;
    }
    try {
      // Only the state: the stamp stays deletedAt, so the entry sorts where the deletion happened.
      // Expected: never re-creates an entry someone removed meanwhile as a stray `state` alone.
      await this.#client.putAttributes({
        DomainName: this.deleteLogDomain,
        ItemName: entry.logItemName,
        Attributes: [{ Name: LOG.state, Value: 'done' satisfies DeleteLogState, Replace: true }],
        Expected: { Name: LOG.deletedAt, Value: entry.deletedAt },
      });
      return { ...entry, state: 'done' satisfies DeleteLogState };
    } catch {
      return entry;
    }
  }

  async #writeLog(domain: string, itemName: string): Promise<DeleteLogEntry> {
    for (let attempt = 1; ; attempt++) {
      const deletedAt = formatStamp(this.#clock());
      const logItemName = `${deletedAt}_${this.#randomId()}`;
      try {
        await this.#client.putAttributes({
          DomainName: this.deleteLogDomain,
          ItemName: logItemName,
          Attributes: [
            { Name: LOG.itemName, Value: itemName, Replace: true },
            { Name: LOG.domain, Value: domain, Replace: true },
            { Name: LOG.deletedAt, Value: deletedAt, Replace: true },
            { Name: this.stampAttribute, Value: deletedAt, Replace: true },
            { Name: LOG.state, Value: 'pending' satisfies DeleteLogState, Replace: true },
          ],
          // A log item is never overwritten: a name collision fails the check and a new name is drawn.
          Expected: { Name: LOG.deletedAt, Exists: false },
        });
        return { logItemName, itemName, domain, deletedAt, state: 'pending' satisfies DeleteLogState };
      } catch (err) {
        if (err instanceof SimpleDbError && err.code === 'ConditionalCheckFailed' && attempt < 5) continue;
        throw err;
      }
    }
  }
}

function toAttributeList(attributes: AttributeInput, replace: boolean): ReplaceableAttribute[] {
  const list: ReplaceableAttribute[] = [];
  if (Array.isArray(attributes)) {
    for (const a of attributes as ReplaceableAttribute[]) {
      list.push(replace ? { Name: a.Name, Value: a.Value, Replace: true } : { ...a });
    }
  } else {
    for (const [n, v] of Object.entries(attributes as Record<string, string | readonly string[]>)) {
      const vals = typeof v === 'string' ? [v] : v;
      vals.forEach((value, i) => {
        // Replace on the first value of a name only: later values of the same name add to it.
        list.push(replace && i === 0 ? { Name: n, Value: value, Replace: true } : { Name: n, Value: value });
      });
    }
  }
  return list;
}

/**
 * Whether a failed request certainly did not run: SimpleDB refused it on the only attempt (an
 * answer of 4xx that is not a timeout or throttling: a failed condition, a bad request, access
 * denied), or the client refused it before sending. After a retry, an earlier attempt may have run
 * with its answer lost, whatever the last one said (a conditional delete run once is refused the
 * second time); without an answer nobody knows.
 */
export function certainlyNotApplied(err: unknown): boolean {
  if (!(err instanceof SimpleDbError) || err.attempts !== 1) return false;
  if (err.statusCode === 0) return err.code === CLIENT_ERROR_CODES.invalidInput;
  return err.statusCode >= 400 && err.statusCode < 500 && !err.retryable;
}
