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
 * Batches writes to the target. Every item is marked touched before its call is sent (a failed
 * call may still have been applied), and a flush sends attribute removals, then puts, then item
 * deletions, so an item that needs room for its put loses its extra attributes first.
 */
export class TargetWriter {
  #puts: { Name: string; Attributes: ReplaceableAttribute[] }[] = [];
  #putBytes = 0;
  #attributeDeletes: { Name: string; Attributes: { Name: string }[] }[] = [];
  #itemDeletes: { Name: string }[] = [];

  constructor(
    readonly client: SdbRestoreClient,
    readonly target: string,
    readonly batchSize: number,
    readonly touched: Set<string> | undefined,
    readonly counts: SdbRestoreCounts,
    readonly beforeBatch?: SdbRestoreDependencies['beforeBatch'],
  ) {}

  async put(name: string, attributes: AttributeMap): Promise<void> {
    const bytes = itemBytes(name, attributes);
    if (this.#puts.length >= this.batchSize || (this.#puts.length > 0 && this.#putBytes + bytes > MAX_BATCH_BYTES)) await this.flush();
    this.#puts.push({ Name: name, Attributes: pairsOf(attributes) });
    this.#putBytes += bytes;
  }

  async removeAttributes(name: string, names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    if (this.#attributeDeletes.length >= this.batchSize) await this.flush();
    this.#attributeDeletes.push({ Name: name, Attributes: names.map((Name) => ({ Name })) });
  }

  async removeItem(name: string): Promise<void> {
    if (this.#itemDeletes.length >= this.batchSize) await this.flush();
    this.#itemDeletes.push({ Name: name });
  }

  async flush(): Promise<void> {
    const attributeDeletes = this.#attributeDeletes;
    const puts = this.#puts;
    const itemDeletes = this.#itemDeletes;
    this.#attributeDeletes = [];
    this.#puts = [];
    this.#putBytes = 0;
    this.#itemDeletes = [];
    if (attributeDeletes.length > 0) await this.#send('delete', attributeDeletes.map((d) => d.Name), () => this.client.batchDeleteAttributes({ DomainName: this.target, Items: attributeDeletes }));
    if (puts.length > 0) await this.#send('put', puts.map((p) => p.Name), () => this.client.batchPutAttributes({ DomainName: this.target, Items: puts }));
    if (itemDeletes.length > 0) await this.#send('delete', itemDeletes.map((d) => d.Name), () => this.client.batchDeleteAttributes({ DomainName: this.target, Items: itemDeletes }));
  }

  async #send(kind: 'put' | 'delete', names: string[], call: () => Promise<unknown>): Promise<void> {
    for (const name of names) this.touched?.add(name);
    await this.beforeBatch?.(kind, names);
    await call();
    this.counts.batchCalls++;
  }
}
