import { CatalogError } from './errors.ts';
import { checkPlan, PLAN_FORMAT, readShardFile, RUN_NAME, SHARDS, type ShardPlan } from './shards.ts';
import type { Catalog } from './catalog.ts';

/**
 * The files of sharded runs that are committed (docs/sharding.md): the commit joined their parts
 * into the run's own files, so a prune removes them (the backup that wrote them cannot delete).
 * Each run's plan goes last, so a prune killed part-way still finds the rest next time. A run whose
 * plan cannot be read, or that is not committed, keeps everything.
 */
export async function* committedShardFiles(catalog: Catalog, committed: ReadonlySet<string>): AsyncGenerator<{ key: string; size: number }> {
  const runOf = new Map<string, string | undefined>();
  const plans: { key: string; size: number }[] = [];
  for await (const object of catalog.destination.list(SHARDS)) {
    const name = /^catalog\/shards\/([^/]+)\//.exec(object.key)?.[1];
    if (name === undefined || !RUN_NAME.test(name)) continue;
    if (!runOf.has(name)) {
      const file = `${SHARDS}${name}/run.json`;
      try {
        const plan = await readShardFile<ShardPlan>(catalog.destination, file, PLAN_FORMAT, catalog.readOptions);
        runOf.set(name, plan ? checkPlan(plan, file).runId : undefined);
      } catch (error) {
        if (!(error instanceof CatalogError)) throw error;
        runOf.set(name, undefined);
      }
    }
    const runId = runOf.get(name);
    if (runId === undefined || !committed.has(runId)) continue;
    if (object.key === `${SHARDS}${name}/run.json`) plans.push({ key: object.key, size: object.size });
    else yield { key: object.key, size: object.size };
  }
  yield* plans;
}
