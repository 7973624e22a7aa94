import type { Catalog, RunRecord, SourceRunRecord } from './catalog/catalog.ts';
import type { JsonLinesWriter } from './catalog/jsonl.ts';
import { compareKeys } from '../../plan/keys.ts';

/**
 * A run's time budget (`max-duration`, docs/sharding.md#time-budget): once it is nearly spent the
 * run takes no new key, finishes the copies under way and commits. The reserve left for that is a
 * tenth of the budget, at most 15 minutes: a hosted job's 6 hours with `max-duration: 5h30m` stops
 * taking keys at 4h57m and has 33 minutes for the copies under way, the files and the commit.
 */
export class TimeBudget {
  private readonly stopAt: number;

  constructor(
    readonly budgetMs: number,
    startedAt: Date,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.stopAt = startedAt.getTime() + budgetMs - Math.min(budgetMs / 10, 15 * 60_000);
  }

  /** Whether the run should take no more keys. */
  spent(): boolean {
    return this.now().getTime() >= this.stopAt;
  }
}

/**
 * A checkpoint written by a run that stopped before `from`: the keys it never reached keep the
 * lines of the state it compared against (never recorded as deleted), so the state is still whole.
 * A delta needs nothing: a key it does not mention keeps its line.
 */
export async function carryForward(catalog: Catalog, base: { run: RunRecord; source: SourceRunRecord } | undefined, from: string, writer: JsonLinesWriter | undefined): Promise<void> {
  if (!base || !writer) return;
  for await (const line of catalog.readState(base.source)) if (compareKeys(line.k, from) >= 0) await writer.write(line);
}
