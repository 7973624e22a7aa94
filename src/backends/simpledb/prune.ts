// `mode: prune` of the SimpleDB history in MySQL (issue 12): the same retention policy as the S3
// side, over each domain's successful runs. Under the same lock as backups, per domain: the policy
// picks the runs to keep (the points the last prune kept, and the runs since), the prune is
// recorded (so a restore refuses a moment it dropped, even if the prune is killed part-way), then
// the item history is walked a page of items at a time and every version no kept moment needs is
// removed, a page per transaction. An item's latest version always stays: the current state is
// never touched. A dry run reads and counts only.
import { randomUUID } from 'node:crypto';
import { ConfigError } from '../../config/errors.ts';
import { applyRetention } from '../../plan/retention.ts';
import { compareKeys } from '../../plan/keys.ts';
import { formatBytes } from '../../report/logger.ts';
import { pruneItem } from './prune-plan.ts';
import type { SdbPruneDependencies, SdbPruneDomainResult, SdbPruneOptions, SdbPruneResult } from './types.ts';
import type { DomainPrune, HistoryStore } from '../../stores/history/types.ts';

export async function runSdbPrune(options: SdbPruneOptions, deps: SdbPruneDependencies): Promise<SdbPruneResult> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const { history, logger } = deps;
  const pruneId = randomUUID();
  logger.info(`history store: ${history.description}`);
  if (!options.dryRun && !(await history.lock())) {
    throw new ConfigError(
      'mysql-table-prefix',
      `a backup or another prune of the history with table prefix "${options.tablePrefix ?? ''}" is running: a prune never runs beside one; wait for it`,
    );
  }
  try {
    if (!options.dryRun) await history.ensureSchema();
    const known = [...(await history.backedUpDomains()).keys()].sort(compareKeys);
    const domains = options.domains === 'all' ? known : options.domains;
    const results: SdbPruneDomainResult[] = [];
    for (const domain of domains) {
      if (!known.includes(domain)) {
        logger.warn(`SimpleDB domain ${domain} has no successful backup run in ${history.description}: nothing to prune`);
        continue;
      }
      results.push(await logger.group(`${options.dryRun ? 'Planning the prune of' : 'Pruning'} the history of SimpleDB domain ${domain}`, () => pruneDomain(domain, pruneId, options, deps, now)));
    }
    const totals = { versionsBefore: 0, versionsRemoved: 0, bytesFreed: 0, itemsGone: 0 };
    for (const r of results) {
      totals.versionsBefore += r.versionsBefore;
      totals.versionsRemoved += r.versionsRemoved;
      totals.bytesFreed += r.bytesFreed;
      totals.itemsGone += r.itemsGone;
    }
    return { pruneId, status: options.dryRun ? 'dry-run' : 'complete', policy: options.policy, domains: results, totals, durationMs: now().getTime() - started.getTime() };
  } finally {
    if (!options.dryRun) await history.unlock().catch(() => undefined);
  }
}

async function pruneDomain(domain: string, pruneId: string, options: SdbPruneOptions, deps: SdbPruneDependencies, now: () => Date): Promise<SdbPruneDomainResult> {
  const { history, logger } = deps;
  const previous = await history.latestPrune(domain);
  // Runs an earlier prune dropped are gone for good: only the points it kept, and the runs since, count.
  const newestKept = previous?.points.at(-1)?.at ?? Number.NEGATIVE_INFINITY;
  const runs = (await history.runPoints(domain)).filter((r) => r.finishedAt > newestKept || !previous);
  const candidates = [...(previous?.points ?? []).map((p) => ({ id: p.runId, at: p.at })), ...runs.map((r) => ({ id: r.runId, at: r.finishedAt }))];
  const decision = applyRetention(candidates, options.policy);
  if (!Number.isFinite(decision.windowStart)) throw new Error('a prune needs a retention policy (keep-within, keep-daily, ...): nothing was changed');
  const windowStart = Math.max(decision.windowStart, previous?.windowStart ?? Number.NEGATIVE_INFINITY);
  const kept = decision.kept.map((p) => ({ runId: p.id, at: new Date(p.at).toISOString(), reasons: p.reasons }));
  const result: SdbPruneDomainResult = {
    domain,
    pointsBefore: candidates.length,
    pointsKept: kept.length,
    windowStart: new Date(windowStart).toISOString(),
    kept,
    items: 0,
    itemsGone: 0,
    versionsBefore: 0,
    versionsRemoved: 0,
    bytesFreed: 0,
  };
  const record: DomainPrune = { pruneId, domain, prunedAt: now().getTime(), windowStart, points: decision.kept.map((p) => ({ runId: p.id, at: p.at })) };
  // The record first: from here on restores refuse what it dropped, whatever becomes of the rest.
  if (!options.dryRun) await history.recordPrune(record);
  await removeUnneeded(history, domain, record, result, options, deps);
  logger.info(
    `${domain}: ${result.pointsKept} of ${result.pointsBefore} restore points kept (exact from ${result.windowStart} on); ` +
      `${result.versionsRemoved} of ${result.versionsBefore} versions ${options.dryRun ? 'would go' : `removed (${formatBytes(result.bytesFreed)})`}, ${result.itemsGone} items left no row`,
  );
  return result;
}

async function removeUnneeded(history: HistoryStore, domain: string, record: DomainPrune, result: SdbPruneDomainResult, options: SdbPruneOptions, deps: SdbPruneDependencies): Promise<void> {
  const table = await history.existingDomain(domain);
  if (!table) return;
  const instants = record.points.map((p) => p.at);
  const pageSize = options.pageSize ?? 500;
  let after: string | undefined;
  for (;;) {
    const names = await table.historyItemsAfter(after, pageSize);
    if (names.length === 0) return;
    const versions = await table.loadVersions(names);
    const remove: number[] = [];
    for (const name of names) {
      const item = versions.get(name) ?? [];
      const plan = pruneItem(item, instants, record.windowStart);
      result.items++;
      result.versionsBefore += item.length;
      result.versionsRemoved += plan.remove.length;
      if (plan.kept === 0 && item.length > 0) result.itemsGone++;
      remove.push(...plan.remove);
    }
    if (!options.dryRun && remove.length > 0) {
      await deps.beforeRemove?.(domain);
      result.bytesFreed += (await table.removeVersions(remove)).bytes;
    }
    if (names.length < pageSize) return;
    after = names[names.length - 1];
  }
}
