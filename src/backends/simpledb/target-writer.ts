// Writes to a restore's target domain, batched as SimpleDB allows (25 items and 1 MB a call).
import type { ReplaceableAttribute } from '../../simpledb/client.ts';
import type { AttributeMap } from '../../stores/history/types.ts';
import type { SdbRestoreClient, SdbRestoreCounts, SdbRestoreDependencies } from './types.ts';


/** BatchPutAttributes takes at most 1 MB a call: stay well under. */
const MAX_BATCH_BYTES = 512 * 1024;

function pairsOf(attributes: AttributeMap): ReplaceableAttribute[] {
  return Object.entries(attributes).flatMap(([Name, values]) => values.map((Value) => ({ Name, Value, Replace: true })));
}

function itemBytes(name: string, attributes: AttributeMap): number {
  let bytes = Buffer.byteLength(name) + 64;
  for (const [n, values] of Object.entries(attributes)) for (const v of values) bytes += Buffer.byteLength(n) + Buffer.byteLength(v) + 96;
  return bytes;
}

/**
 * Batch calls a writer keeps in flight at once. Each call is a round trip (a restore of 100,000
 * items makes 4,000): one at a time, a restore 20 ms from SimpleDB wrote about 480 items a second.
 * SimpleDB takes calls in parallel; many at once draw 503s (ServiceUnavailable), which the client
 * retries with backoff and jitter.
 */
export const CALLS_AT_ONCE = 8;

/** What a call does; calls of one kind may overlap, a call of another kind waits for them all. */
type CallKind = 'remove-attributes' | 'put' | 'remove-items';

/**
 * Batches writes to the target. Every item is marked touched before its call is sent (a failed
 * call may still have been applied), and a flush sends attribute removals, then puts, then item
 * deletions, so an item that needs room for its put loses its extra attributes first.
 *
 * Up to CALLS_AT_ONCE calls of one kind are in flight together; no two calls of a kind name the
 * same item (a restore writes each item once a step), so their order does not matter. A call of
 * another kind is sent only once every call before it has answered: the order above holds as it
 * did when each call was awaited. After a failure nothing more is sent, and every method throws it
 * (the restore also asks after each item it reads, `throwIfFailed`, so a failure among items that
 * need no write stops it at once); `flush` and `settle` return only once no call is in flight, so
 * whoever reads the target next (the check of the puts, the rollback of a live target) sees every
 * call answered. (A call the client gave up on, its last attempt timed out, may still be applied by
 * SimpleDB later, as it could when calls went one at a time.)
 */
export class TargetWriter {
  #puts: { Name: string; Attributes: ReplaceableAttribute[] }[] = [];
  #putBytes = 0;
  #attributeDeletes: { Name: string; Attributes: { Name: string }[] }[] = [];
  #itemDeletes: { Name: string }[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  #inFlightKind: CallKind | undefined;
  /** The first call that failed: nothing is sent after it. */
  #failure: { error: unknown } | undefined;

  constructor(
    readonly client: SdbRestoreClient,
    readonly target: string,
    readonly batchSize: number,
    readonly touched: Set<string> | undefined,
    readonly counts: SdbRestoreCounts,
    readonly beforeBatch?: SdbRestoreDependencies['beforeBatch'],
    readonly callsAtOnce = CALLS_AT_ONCE,
  ) {}

  async put(name: string, attributes: AttributeMap): Promise<void> {
    this.throwIfFailed();
    const bytes = itemBytes(name, attributes);
    if (this.#puts.length >= this.batchSize || (this.#puts.length > 0 && this.#putBytes + bytes > MAX_BATCH_BYTES)) await this.#sendPending();
    this.#puts.push({ Name: name, Attributes: pairsOf(attributes) });
    this.#putBytes += bytes;
  }

  async removeAttributes(name: string, names: readonly string[]): Promise<void> {
    this.throwIfFailed();
    if (names.length === 0) return;
    if (this.#attributeDeletes.length >= this.batchSize) await this.#sendPending();
    this.#attributeDeletes.push({ Name: name, Attributes: names.map((Name) => ({ Name })) });
  }

  async removeItem(name: string): Promise<void> {
    this.throwIfFailed();
    if (this.#itemDeletes.length >= this.batchSize) await this.#sendPending();
    this.#itemDeletes.push({ Name: name });
  }

  /** Sends everything still batched and waits until every call has answered; throws the first failure. */
  async flush(): Promise<void> {
    try {
      await this.#sendPending();
    } finally {
      await this.settle();
    }
    this.throwIfFailed();
  }

  /** Waits until no call is in flight, whatever their outcome (before the target is read again). */
  async settle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
  }

  /** The batches gathered so far, sent in the order removals, puts, deletions (see the class). */
  async #sendPending(): Promise<void> {
    const attributeDeletes = this.#attributeDeletes;
    const puts = this.#puts;
    const itemDeletes = this.#itemDeletes;
    this.#attributeDeletes = [];
    this.#puts = [];
    this.#putBytes = 0;
    this.#itemDeletes = [];
    if (attributeDeletes.length > 0) await this.#send('remove-attributes', attributeDeletes.map((d) => d.Name), () => this.client.batchDeleteAttributes({ DomainName: this.target, Items: attributeDeletes }));
    if (puts.length > 0) await this.#send('put', puts.map((p) => p.Name), () => this.client.batchPutAttributes({ DomainName: this.target, Items: puts }));
    if (itemDeletes.length > 0) await this.#send('remove-items', itemDeletes.map((d) => d.Name), () => this.client.batchDeleteAttributes({ DomainName: this.target, Items: itemDeletes }));
  }

  /** Sends one call once the calls before it allow (see the class); returns once it is in flight. */
  async #send(kind: CallKind, names: string[], call: () => Promise<unknown>): Promise<void> {
    if (this.#inFlightKind !== kind) await this.settle();
    while (this.#inFlight.size >= Math.max(1, this.callsAtOnce)) await Promise.race(this.#inFlight);
    this.throwIfFailed();
    for (const name of names) this.touched?.add(name);
    await this.beforeBatch?.(kind === 'put' ? 'put' : 'delete', names);
    this.throwIfFailed();
    this.#inFlightKind = kind;
    const answered: Promise<void> = call().then(
      () => {
        this.counts.batchCalls++;
      },
      (error: unknown) => {
        this.#failure ??= { error };
      },
    );
    const done = answered.finally(() => this.#inFlight.delete(done));
    this.#inFlight.add(done);
  }

  /** Throws the first call's failure, if one failed. */
  throwIfFailed(): void {
    if (this.#failure) throw this.#failure.error;
  }
}
