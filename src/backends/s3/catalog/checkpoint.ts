import { chainOf, MAX_STATE_CHAIN, type RunRecord, type SourceRunRecord, type StateLink } from './records.ts';

/**
 * When a backup writes the whole state (a checkpoint) and when only what changed (a delta). A
 * delta costs what changed; reading the state back (the next run's march, verify) reads the
 * checkpoint and every delta after it, so the chain is cut short by a new checkpoint every `every`
 * runs, or as soon as the deltas since the checkpoint weigh `deltaRatio` of it.
 */
export interface CheckpointPolicy {
  /** The most files a chain holds (the checkpoint included) before a run writes a checkpoint again. */
  every: number;
  /** A checkpoint is written when the deltas since the last one reach this fraction of its bytes. */
  deltaRatio: number;
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { every: 32, deltaRatio: 0.5 };

export type StateWrite =
  /** Every key: `reason` says why (for the log). */
  | { kind: 'full'; reason: string }
  /** What changed since the base state, which `chain` reads (checkpoint first). */
  | { kind: 'delta'; chain: StateLink[] };

/**
 * Pure: what the next run writes, given the state it compares against. A run that fell back from a
 * damaged state writes a checkpoint, so the state is whole again without the damaged chain.
 */
export function planStateWrite(base: { run: RunRecord; source: SourceRunRecord } | undefined, fellBack: boolean, policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY): StateWrite {
  if (!base) return { kind: 'full', reason: 'no earlier state to build on' };
  if (fellBack) return { kind: 'full', reason: 'the latest state was damaged: a new checkpoint makes it whole again' };
  const chain = chainOf(base.source, base.run.runId);
  if (!chain) return { kind: 'full', reason: `the state of run ${base.run.runId} has no recorded digest (format 1)` };
  const limit = Math.min(Math.max(policy.every, 1), MAX_STATE_CHAIN);
  if (chain.length + 1 > limit) return { kind: 'full', reason: `the state chain has ${chain.length} files (a checkpoint every ${limit})` };
  const checkpoint = chain[0]!.bytes;
  const deltas = chain.slice(1).reduce((n, link) => n + link.bytes, 0);
  if (deltas > 0 && deltas >= checkpoint * policy.deltaRatio) {
    return { kind: 'full', reason: `the deltas since the checkpoint weigh ${deltas} bytes, ${Math.round((100 * deltas) / Math.max(checkpoint, 1))} % of its ${checkpoint}` };
  }
  return { kind: 'delta', chain };
}
