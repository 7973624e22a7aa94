// One SimpleDB domain restored to its state at T, in an order that never destroys first:
//   1. put every item whose content differs from T (puts only: nothing is removed yet);
//   2. read the target back and verify every put (each attribute at T exact);
//   3. only then remove: attributes the items did not have at T, and (live targets) the items
//      absent at T;
//   4. read back again and verify the whole selection by content hash.
// The decisions are restore-plan.ts's (pure); this file reads the history and the target and
// carries them out. History rows that fail their checks (shape, content hash) are never written.
// On a live target (one the backup covers) any failure puts every item the restore touched back
// as it found it, verified; if even that fails, the error says which safety backup holds the domain.
import type { AttributeMap } from '../../stores/history/types.ts';
import { compareKeys } from '../../plan/keys.ts';
import { RestoreError } from '../restore-error.ts';
import { contentHash } from './plan.ts';
import { stateAsOf } from './history.ts';
import { domainItems, readDomain, type ItemsAsRead } from './read.ts';
import { finalCheck, itemsAbsentAtT, planItemRestore, planUndo, without } from './restore-plan.ts';
import { TargetWriter } from './target-writer.ts';
import { ProgressLine } from '../../report/progress.ts';
import { count, number } from '../../report/words.ts';
import type { SdbRestoreCounts, SdbRestoreDependencies, SdbRestoreDomainResult, SdbRestoreOptions } from './types.ts';

/** Batch calls a rollback keeps in flight at once (see rolledBack). */
const ROLLBACK_CALLS_AT_ONCE = 2;

export interface DomainRestoreJob {
  domain: string;
  target: string;
  /** The target holds live data the backup covers: items absent at T are deleted, and a failure is rolled back. */
  live: boolean;
  options: SdbRestoreOptions;
  deps: SdbRestoreDependencies;
  batchSize: number;
  listLimit: number;
  selected: (name: string) => boolean;
  /** The backup taken of a live target just before (for the message when even the rollback fails). */
  safetyBackup?: { runId: string; at: string };
}

export function emptyCounts(): SdbRestoreCounts {
  return { itemsAtT: 0, put: 0, unchanged: 0, removed: 0, attributesRemoved: 0, verified: 0, mismatched: 0, damaged: 0, batchCalls: 0 };
}

export async function restoreDomain(job: DomainRestoreJob): Promise<SdbRestoreDomainResult> {
  const { domain, target, live, options, deps } = job;
  const counts = emptyCounts();
  const result: SdbRestoreDomainResult = { domain, targetDomain: target, live, counts, mismatches: [], damaged: [], planned: [], plannedLeftOut: 0 };
  const plan = (item: string, action: 'put' | 'delete') => {
    if (result.planned.length < job.listLimit) result.planned.push({ item, action });
    else result.plannedLeftOut++;
  };
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
  const atT = () => stateAsOf(deps.history, domain, options.at);
  // A domain of a million items takes minutes: a line every 10 s in a log, a live one on a terminal.
  const writing = progressLine(job, `${options.dryRun ? 'planning' : 'restoring'} ${domain} into ${target}`);
  const showWriting = (final = false) =>
    writing.update(() => ({ done: counts.itemsAtT, unit: 'items at T read', bytes: 0, detail: `${number(counts.put)} to put, ${number(counts.unchanged)} unchanged` }), final);

  // A live target's writes start in the first loop (a full batch is sent): all inside the try.
  try {
    for await (const state of atT()) {
      // A call that failed stops the restore here, not only when the next batch is sent.
      writer.throwIfFailed();
      if (!job.selected(state.name)) continue;
      counts.itemsAtT++;
      showWriting();
      const decision = planItemRestore(state, existing.get(state.name));
      if (decision.action === 'refuse') {
        counts.damaged++;
        damagedNames.add(state.name);
        if (result.damaged.length < job.listLimit) result.damaged.push({ item: state.name, damage: decision.damage });
        continue;
      }
      wanted.set(state.name, state.hash);
      if (decision.action === 'keep') {
        counts.unchanged++;
        continue;
      }
      counts.put++;
      plan(state.name, 'put');
      if (decision.extraAttributes.length > 0) {
        extras.set(state.name, decision.extraAttributes);
        counts.attributesRemoved += decision.extraAttributes.length;
      }
      if (options.dryRun) continue;
      if (decision.afterRemovals) deferred.add(state.name);
      else await writer.put(state.name, state.attributes);
    }
    showWriting(true);
    // Only a live target loses the items absent at T.
    const absent = live ? itemsAbsentAtT(existing.keys(), job.selected, (name) => wanted.has(name) || damagedNames.has(name)) : [];
    counts.removed = absent.length;
    // Deletions are listed first: in a long plan they are the part that destroys, and came after
    // every put, past the list's end (a dry run of 700 puts and 3 deletions showed only puts).
    const deletions = absent.slice(0, job.listLimit).map((item) => ({ item, action: 'delete' as const }));
    const puts = result.planned.slice(0, job.listLimit - deletions.length);
    result.plannedLeftOut += result.planned.length - puts.length + (absent.length - deletions.length);
    result.planned = [...deletions, ...puts];
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
    // Calls still in flight (a failure elsewhere, the history's read, say) land before anything
    // reads the target again or the restore reports: the rollback must see every write.
    await writer.settle();
    if (!live || options.dryRun) throw error;
    throw await rolledBack(job, existing, touched, error);
  }
  return result;
}

/** A progress line on the restore's own clock (tests move it), as S3 restores show theirs. */
function progressLine(job: DomainRestoreJob, label: string): ProgressLine {
  const now = job.deps.now;
  return new ProgressLine(job.deps.logger, label, now ? { now: () => now().getTime() } : {});
}

/** Reports a read-back of the target: items checked of `total`, and how many did not match. */
function checkProgress(job: DomainRestoreJob, what: string, total: number): (checked: number, wrong: number, final?: boolean) => void {
  const line = progressLine(job, `${job.target}: ${what}`);
  return (checked, wrong, final = false) =>
    line.update(() => ({ done: checked, total, unit: 'items', bytes: 0, ...(wrong > 0 ? { detail: `${count(wrong, 'mismatch', 'mismatches')}` } : {}) }), final);
}

/**
 * Step 2: every selected item that was not deferred reads back with its state at T, apart from the
 * extra attributes still to be removed. Streams the target; returns the items that do not.
 */
async function verifyPuts(job: DomainRestoreJob, wanted: Map<string, string>, extras: Map<string, string[]>, deferred: Set<string>): Promise<string[]> {
  const bad: string[] = [];
  const seen = new Set<string>();
  const checking = checkProgress(job, 'checking every put', wanted.size - deferred.size);
  for await (const item of domainItems(job.deps.client, job.target)) {
    const hash = wanted.get(item.name);
    if (hash === undefined || deferred.has(item.name)) continue;
    seen.add(item.name);
    if (contentHash(without(item.attributes, extras.get(item.name))) !== hash) bad.push(item.name);
    checking(seen.size, bad.length);
  }
  checking(seen.size, bad.length, true);
  for (const name of wanted.keys()) if (!deferred.has(name) && !seen.has(name)) bad.push(name);
  return bad.sort(compareKeys);
}

/** Step 4: the whole selection by content hash; on a live target nothing absent at T remains. */
async function verifyFinal(job: DomainRestoreJob, result: SdbRestoreDomainResult, wanted: Map<string, string>, damagedNames: Set<string>): Promise<void> {
  const { counts } = result;
  const mismatch = (name: string) => {
    counts.mismatched++;
    if (result.mismatches.length < job.listLimit && !result.mismatches.includes(name)) result.mismatches.push(name);
  };
  const seen = new Set<string>();
  const rules = { live: job.live, selected: job.selected, damagedAtT: (name: string) => damagedNames.has(name) };
  const checking = checkProgress(job, 'final check', wanted.size);
  for await (const item of domainItems(job.deps.client, job.target)) {
    const hash = wanted.get(item.name);
    if (hash !== undefined) seen.add(item.name);
    const check = finalCheck(item.name, item.attributes, hash, rules);
    if (check === 'verified') counts.verified++;
    else if (check === 'mismatch') mismatch(item.name);
    checking(seen.size, counts.mismatched);
  }
  checking(seen.size, counts.mismatched, true);
  for (const name of wanted.keys()) if (!seen.has(name)) mismatch(name);
}

/**
 * A live target's restore failed: every item the restore touched is put back as it was found
 * (extra attributes removed, content put, created items deleted) and read back. Returns the error
 * to throw, saying whether the domain is as it was.
 */
async function rolledBack(job: DomainRestoreJob, before: ItemsAsRead, touched: Set<string>, cause: unknown): Promise<RestoreError> {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const head = `restoring ${job.domain} into the live domain ${job.target} failed: ${reason}`;
  if (touched.size === 0) return new RestoreError(`${head}. Nothing had been written: ${job.target} is as it was. Fix the cause and run the restore again.`, { cause });
  try {
    const now = new Map<string, AttributeMap>();
    for await (const item of domainItems(job.deps.client, job.target)) if (touched.has(item.name)) now.set(item.name, item.attributes);
    const counts = emptyCounts();
    // Fewer calls at once than the restore's: the likeliest failure is SimpleDB throttling (503s the
    // client's retries did not outlast), and the rollback writes into the same throttling.
    const writer = new TargetWriter(job.deps.client, job.target, job.batchSize, undefined, counts, undefined, ROLLBACK_CALLS_AT_ONCE);
    try {
      for (const step of planUndo(touched, before, now)) {
        if (step.kind === 'remove-item') {
          await writer.removeItem(step.name);
          continue;
        }
        await writer.removeAttributes(step.name, step.removeAttributes);
        await writer.put(step.name, step.attributes);
      }
    } catch (error) {
      await writer.settle();
      throw error;
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
