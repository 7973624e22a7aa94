// One SimpleDB domain restored to its state at T, in an order that never destroys first:
//   1. put every item whose content differs from T (puts only: nothing is removed yet);
//   2. read the target back and verify every put (each attribute at T exact);
//   3. only then remove: attributes the items did not have at T, and (live targets) the items
//      absent at T;
//   4. read back again and verify the whole selection by content hash.
// History rows that fail their checks (shape, content hash) are never written. On a live target
// (one the backup covers) any failure puts every item the restore touched back as it found it,
// verified; if even that fails, the error says which safety backup holds the domain.
import type { ReplaceableAttribute } from '../../simpledb/client.ts';
import { compareBytes, contentHash, type AttributeMap } from './plan.ts';
import { stateAsOf } from './history.ts';
import { RestoreError } from '../s3/restore.ts';
import { domainItems, readDomain } from './read.ts';
import type { SdbRestoreClient, SdbRestoreCounts, SdbRestoreDependencies, SdbRestoreDomainResult, SdbRestoreOptions } from './restore.ts';

/** BatchPutAttributes takes at most 1 MB a call: stay well under. */
const MAX_BATCH_BYTES = 512 * 1024;
/** Name-value pairs per item (SimpleDB's limit). */
const MAX_PAIRS = 256;

export interface DomainRestoreJob {
  domain: string;
  target: string;
  /** The target holds live data the backup covers: items absent at T are deleted, and a failure is rolled back. */
  live: boolean;
  options: SdbRestoreOptions;
  deps: SdbRestoreDependencies;
  tablePrefix: string;
  batchSize: number;
  listLimit: number;
  selected: (name: string) => boolean;
  /** The backup taken of a live target just before (for the message when even the rollback fails). */
  safetyBackup?: { runId: string; at: string };
}

export function emptyCounts(): SdbRestoreCounts {
  return { itemsAtT: 0, put: 0, unchanged: 0, removed: 0, attributesRemoved: 0, verified: 0, mismatched: 0, damaged: 0, batchCalls: 0 };
}

function pairsOf(attributes: AttributeMap): ReplaceableAttribute[] {
  return Object.entries(attributes).flatMap(([Name, values]) => values.map((Value) => ({ Name, Value, Replace: true })));
}

function pairCount(attributes: AttributeMap): number {
  let n = 0;
  for (const values of Object.values(attributes)) n += values.length;
  return n;
}

function itemBytes(name: string, attributes: AttributeMap): number {
  let bytes = Buffer.byteLength(name) + 64;
  for (const [n, values] of Object.entries(attributes)) for (const v of values) bytes += Buffer.byteLength(n) + Buffer.byteLength(v) + 96;
  return bytes;
}

function without(attributes: AttributeMap, names: readonly string[] | undefined): AttributeMap {
  if (!names || names.length === 0) return attributes;
  const out: AttributeMap = Object.create(null);
  for (const [name, values] of Object.entries(attributes)) if (!names.includes(name)) out[name] = values;
  return out;
}

/**
 * Batches writes to the target. Every item is marked touched before its call is sent (a failed
 * call may still have been applied), and a flush sends attribute removals, then puts, then item
 * deletions, so an item that needs room for its put loses its extra attributes first.
 */
class TargetWriter {
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

export async function restoreDomain(job: DomainRestoreJob): Promise<SdbRestoreDomainResult> {
  const { domain, target, live, options, deps } = job;
  const counts = emptyCounts();
  const result: SdbRestoreDomainResult = { domain, targetDomain: target, live, counts, mismatches: [], damaged: [] };
  const existing = await readDomain(deps.client, target);
  /** Item -> content hash at T, for the intact items of the selection. */
  const wanted = new Map<string, string>();
  const damagedNames = new Set<string>();
  /** Attribute names an item has now but did not have at T: removed once its put is verified. */
  const extras = new Map<string, string[]>();
  /** Items whose put would pass 256 pairs before their extra attributes go: put after the removals. */
  const deferred = new Set<string>();
  const touched = new Set<string>();
  const writer = new TargetWriter(deps.client, target, job.batchSize, touched, counts, deps.beforeBatch);
  const atT = () => stateAsOf(deps.mysql, domain, options.at, { tablePrefix: job.tablePrefix });

  // A live target's writes start in the first loop (a full batch is sent): all inside the try.
  try {
    for await (const state of atT()) {
      if (!job.selected(state.name)) continue;
      counts.itemsAtT++;
      if (state.damage !== undefined) {
        counts.damaged++;
        damagedNames.add(state.name);
        if (result.damaged.length < job.listLimit) result.damaged.push({ item: state.name, damage: state.damage });
        continue;
      }
      wanted.set(state.name, state.hash);
      const current = existing.get(state.name);
      if (current && contentHash(current) === state.hash) {
        counts.unchanged++;
        continue;
      }
      counts.put++;
      const extra = current ? Object.keys(current).filter((name) => !(name in state.attributes)) : [];
      if (extra.length > 0) {
        extras.set(state.name, extra);
        counts.attributesRemoved += extra.length;
      }
      if (options.dryRun) continue;
      if (current && pairCount(state.attributes) + extra.reduce((n, name) => n + current[name]!.length, 0) > MAX_PAIRS) deferred.add(state.name);
      else await writer.put(state.name, state.attributes);
    }
    // Only a live target loses the items absent at T (a damaged item existed at T: never deleted).
    const absent = live ? [...existing.keys()].filter((name) => job.selected(name) && !wanted.has(name) && !damagedNames.has(name)).sort(compareBytes) : [];
    counts.removed = absent.length;
    if (options.dryRun) return result;

    await writer.flush();
    const unverified = await verifyPuts(job, wanted, extras, deferred);
    if (unverified.length > 0) {
      result.mismatches = unverified.slice(0, job.listLimit);
      if (live) throw new RestoreError(`${unverified.length} item(s) did not read back as written (${unverified.slice(0, 5).map((n) => JSON.stringify(n)).join(', ')}): a writer changed them meanwhile, or the target does not keep what it is given`);
    } else {
      // Every put is verified: removals may start.
      if (deferred.size > 0) {
        for await (const state of atT()) {
          if (!deferred.has(state.name)) continue;
          await writer.removeAttributes(state.name, extras.get(state.name) ?? []);
          await writer.put(state.name, state.attributes);
        }
      }
      for (const [name, names] of extras) if (!deferred.has(name)) await writer.removeAttributes(name, names);
      for (const name of absent) await writer.removeItem(name);
      await writer.flush();
    }
    await verifyFinal(job, result, wanted, damagedNames);
    if (live && counts.mismatched > 0) {
      throw new RestoreError(`${counts.mismatched} item(s) differ from their state at T after the restore (${result.mismatches.slice(0, 5).map((n) => JSON.stringify(n)).join(', ')})`);
    }
  } catch (error) {
    if (!live || options.dryRun) throw error;
    throw await rolledBack(job, existing, touched, error);
  }
  return result;
}

/**
 * Step 2: every selected item that was not deferred reads back with its state at T, apart from the
 * extra attributes still to be removed. Streams the target; returns the items that do not.
 */
async function verifyPuts(job: DomainRestoreJob, wanted: Map<string, string>, extras: Map<string, string[]>, deferred: Set<string>): Promise<string[]> {
  const bad: string[] = [];
  const seen = new Set<string>();
  for await (const item of domainItems(job.deps.client, job.target)) {
    const hash = wanted.get(item.name);
    if (hash === undefined || deferred.has(item.name)) continue;
    seen.add(item.name);
    if (contentHash(without(item.attributes, extras.get(item.name))) !== hash) bad.push(item.name);
  }
  for (const name of wanted.keys()) if (!deferred.has(name) && !seen.has(name)) bad.push(name);
  return bad.sort(compareBytes);
}

/** Step 4: the whole selection by content hash; on a live target nothing absent at T remains. */
async function verifyFinal(job: DomainRestoreJob, result: SdbRestoreDomainResult, wanted: Map<string, string>, damagedNames: Set<string>): Promise<void> {
  const { counts } = result;
  const mismatch = (name: string) => {
    counts.mismatched++;
    if (result.mismatches.length < job.listLimit && !result.mismatches.includes(name)) result.mismatches.push(name);
  };
  const seen = new Set<string>();
  for await (const item of domainItems(job.deps.client, job.target)) {
    const hash = wanted.get(item.name);
    if (hash !== undefined) {
      seen.add(item.name);
      if (contentHash(item.attributes) === hash) counts.verified++;
      else mismatch(item.name);
    } else if (job.live && job.selected(item.name) && !damagedNames.has(item.name)) mismatch(item.name);
  }
  for (const name of wanted.keys()) if (!seen.has(name)) mismatch(name);
}

/**
 * A live target's restore failed: every item the restore touched is put back as it was found
 * (extra attributes removed, content put, created items deleted) and read back. Returns the error
 * to throw, saying whether the domain is as it was.
 */
async function rolledBack(job: DomainRestoreJob, before: Map<string, AttributeMap>, touched: Set<string>, cause: unknown): Promise<RestoreError> {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const head = `restoring ${job.domain} into the live domain ${job.target} failed: ${reason}`;
  if (touched.size === 0) return new RestoreError(`${head}. Nothing had been written: ${job.target} is as it was. Fix the cause and run the restore again.`, { cause });
  try {
    const now = new Map<string, AttributeMap>();
    for await (const item of domainItems(job.deps.client, job.target)) if (touched.has(item.name)) now.set(item.name, item.attributes);
    const counts = emptyCounts();
    const writer = new TargetWriter(job.deps.client, job.target, job.batchSize, undefined, counts);
    for (const name of [...touched].sort(compareBytes)) {
      const was = before.get(name);
      const is = now.get(name);
      if (!was) {
        if (is) await writer.removeItem(name);
        continue;
      }
      if (is && contentHash(is) === contentHash(was)) continue;
      await writer.removeAttributes(name, is ? Object.keys(is).filter((n) => !(n in was)) : []);
      await writer.put(name, was);
    }
    await writer.flush();
    const wrong: string[] = [];
    const readBack = new Set<string>();
    for await (const item of domainItems(job.deps.client, job.target)) {
      if (!touched.has(item.name)) continue;
      readBack.add(item.name);
      const was = before.get(item.name);
      if (!was || contentHash(item.attributes) !== contentHash(was)) wrong.push(item.name);
    }
    for (const name of touched) if (before.has(name) && !readBack.has(name)) wrong.push(name);
    if (wrong.length > 0) throw new Error(`${wrong.length} item(s) did not read back as they were (${wrong.slice(0, 5).map((n) => JSON.stringify(n)).join(', ')})`);
    return new RestoreError(
      `${head}. The ${touched.size} item(s) it had touched were put back as it found them and read back: ${job.target} is as it was. Fix the cause and run the restore again.`,
      { cause },
    );
  } catch (rollbackError) {
    const undo = job.safetyBackup
      ? `the safety backup (run ${job.safetyBackup.runId}) holds ${job.target} as it was: restore it as of ${job.safetyBackup.at} to put it back`
      : `restore ${job.target} as of a time just before this restore to put it back`;
    return new RestoreError(`${head}. Putting the touched items back failed too (${(rollbackError as Error).message}); ${undo}.`, { cause });
  }
}
