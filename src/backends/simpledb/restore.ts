// SimpleDB restore to a point in time: the state of each item as of T, read from the history
// store (stateAsOf), written to a target domain with BatchPutAttributes (25 items a call),
// multi-valued attributes exact, items absent at T absent. Idempotent: an item whose content hash
// already equals its state at T is not written again, so a re-run finishes an interrupted one.
//
// Safety: a target the backup covers (the source itself, any domain the MySQL backup holds, any
// domain the backup is configured to read) holds live data, so restoring into it is an in-place
// restore whatever it is called: refused without `confirm-in-place`, and with it the domain is
// backed up first, its history rows are checked before anything is written, and a failure puts
// it back as it was (restore-domain.ts).
import { number } from '../../report/words.ts';
import { quoteName } from '../../simpledb/expression.ts';
import { compareKeys } from '../../plan/keys.ts';
import { stateAsOf } from './history.ts';
import { runSimpleDbBackup } from './backup.ts';
import { DEFAULTS } from '../../config/simpledb.ts';
import { compactTime } from '../../plan/time.ts';
import { nearestPoints } from '../../plan/retention.ts';
import type { DomainPrune } from '../../stores/history/types.ts';
import { IN_PLACE_CONFIRMATION, RestoreError } from '../restore-error.ts';
import { isNoSuchDomain } from './read.ts';
import { emptyCounts, restoreDomain } from './restore-domain.ts';
import type { SdbRestoreClient, SdbRestoreCounts, SdbRestoreDependencies, SdbRestoreOptions, SdbRestoreResult, SimpleDbSource } from './types.ts';

export { runSdbVerify } from './verify.ts';

/** The input that names a SimpleDB restore's target domain. */
export const SDB_TARGET_INPUT = 'restore-target-domain';








/**
 * Why a restore to `at` is refused because a prune removed the versions it needs, or undefined: a
 * pruned domain restores exactly from the prune's window on, and at its kept points.
 */
export function prunedAway(domain: string, at: Date, prune: DomainPrune | undefined): string | undefined {
  if (!prune || at.getTime() >= prune.windowStart || prune.points.some((p) => p.at === at.getTime())) return undefined;
  const { before, after } = nearestPoints(prune.points.map((p) => ({ id: p.runId, at: p.at })), at.getTime());
  const nearest = [before, after].filter((p) => p !== undefined).map((p) => `${new Date(p.at).toISOString()} (run ${p.id})`);
  return (
    `input \`restore-time\`: ${at.toISOString()} of SimpleDB domain ${domain} was pruned away (prune ${prune.pruneId}): the history restores every moment from ` +
    `${new Date(prune.windowStart).toISOString()} on, and before that only its kept restore points. The nearest are ${nearest.join(' and ') || 'none'}: set \`restore-time\` to one of them`
  );
}

/** The default name of a restored domain: `<domain>-restored-<T>`, cut to SimpleDB's 255 characters. */
export function restoredDomainName(domain: string, at: Date): string {
  const suffix = `-restored-${compactTime(at.toISOString())}`;
  return domain.slice(0, 255 - suffix.length) + suffix;
}

interface TargetPlan {
  domain: string;
  target: string;
  live: boolean;
}

/**
 * Which target each source domain goes to, and whether it is live. Refuses, before anything is
 * read or written, a live target that was not confirmed and the delete-log domain.
 */
async function planTargets(options: SdbRestoreOptions, domains: string[], deps: SdbRestoreDependencies): Promise<TargetPlan[]> {
  const covered = await deps.history.domainsWithHistory();
  for (const list of [options.liveDomains, deps.backup?.domains]) if (Array.isArray(list)) for (const d of list) covered.add(d);
  const deleteLog = deps.backup?.deleteLogDomain ?? DEFAULTS.deleteLogDomain;
  const atIso = options.at.toISOString();
  const plans: TargetPlan[] = [];
  for (const domain of domains) {
    const { target } = options;
    const name = target.kind === 'in-place' ? domain : target.kind === 'domain' ? target.name : restoredDomainName(domain, options.at);
    if (name === deleteLog) {
      throw new RestoreError(`input \`${SDB_TARGET_INPUT}\`: ${name} is the delete-log domain of the write convention; restoring items into it would record false deletions. Choose another domain`);
    }
    // `simpledb-domains: all` backs up every domain: any that exists holds live data.
    const live = target.kind === 'in-place' || covered.has(name) || (options.liveDomains === 'all' && (await domainExists(deps.client, name)));
    if (live && target.kind === 'domain' && !target.confirmed) {
      throw new RestoreError(
        `input \`${SDB_TARGET_INPUT}\`: domain ${name} is backed up (it holds live data the backup covers): restoring ${domain} into it overwrites its items and deletes those absent at ${atIso}. ` +
          `Set \`confirm-in-place\` to \`${IN_PLACE_CONFIRMATION}\` to confirm (${name} is then backed up first), or name a domain the backup does not cover`,
      );
    }
    if (live && target.kind === 'new') {
      throw new RestoreError(
        `the default target domain ${name} is backed up (an earlier restore into it was backed up since): restoring into it would overwrite live data. ` +
          `Set \`${SDB_TARGET_INPUT}\` to a new domain name`,
      );
    }
    plans.push({ domain, target: name, live });
  }
  return plans;
}

async function domainExists(client: SdbRestoreClient & Partial<SimpleDbSource>, domain: string): Promise<boolean> {
  try {
    if (client.domainMetadata) await client.domainMetadata({ DomainName: domain });
    else await client.select({ SelectExpression: `select count(*) from ${quoteName(domain)}`, ConsistentRead: true });
    return true;
  } catch (error) {
    if (isNoSuchDomain(error)) return false;
    throw error;
  }
}

/** A live target is refused whole if any of its selected rows at T is damaged: nothing is written. */
async function checkHistory(plan: TargetPlan, options: SdbRestoreOptions, deps: SdbRestoreDependencies, selected: (name: string) => boolean): Promise<void> {
  const damaged: string[] = [];
  let count = 0;
  for await (const state of stateAsOf(deps.history, plan.domain, options.at)) {
    if (state.damage === undefined || !selected(state.name)) continue;
    count++;
    if (damaged.length < 10) damaged.push(`${JSON.stringify(state.name)} (${state.damage})`);
  }
  if (count > 0) {
    throw new RestoreError(
      `the backup's history of domain ${plan.domain} at ${options.at.toISOString()} is damaged for ${count} item(s): ${damaged.join('; ')}${count > damaged.length ? '; ...' : ''}. ` +
        `Nothing was written: a restore over the live domain ${plan.target} cannot leave those items right. Restore into a new domain to recover the intact items, ` +
        `or narrow the selection with \`restore-keys\` / \`restore-prefix\``,
    );
  }
}

export async function runSdbRestore(options: SdbRestoreOptions, deps: SdbRestoreDependencies): Promise<SdbRestoreResult> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const { logger, client, history } = deps;
  const batchSize = Math.min(options.batchSize ?? 25, 25);
  const listLimit = options.listLimit ?? 100;
  const atIso = options.at.toISOString();

  // The restore time and an in-place confirmation were validated with the config
  // (src/config/simpledb.ts); the types carry them (an in-place target is `confirmed: true`).

  const known = await history.backedUpDomains();
  if (known.size === 0) throw new RestoreError('the MySQL backup holds no successful SimpleDB backup run: there is nothing to restore');
  const domains = options.domains.length > 0 ? options.domains : [...known.keys()].sort(compareKeys);
  for (const domain of domains) {
    const runs = known.get(domain);
    if (!runs) throw new RestoreError(`input \`restore-sources\`: SimpleDB domain ${JSON.stringify(domain)} has never been backed up; backed-up domains: ${[...known.keys()].join(', ')}`);
    if (options.at.getTime() < runs.first) {
      throw new RestoreError(
        `input \`restore-time\`: ${atIso} is before the first backup of domain ${domain} (${new Date(runs.first).toISOString()}): the backup cannot know what it held then`,
      );
    }
    const pruned = prunedAway(domain, options.at, await history.latestPrune(domain));
    if (pruned) throw new RestoreError(pruned);
    if (options.at.getTime() > runs.last) logger.warn(`${domain}: ${atIso} is after the last backup run (${new Date(runs.last).toISOString()}); later changes are not in the backup`);
  }
  if (options.target.kind === 'domain' && domains.length !== 1) {
    throw new RestoreError(`input \`${SDB_TARGET_INPUT}\`: a named target domain takes one source domain; select one with \`restore-sources\``);
  }

  const selected = (name: string) =>
    (options.itemPrefix === undefined || name.startsWith(options.itemPrefix)) && (options.items === undefined || options.items.length === 0 || options.items.includes(name));

  const plans = await planTargets(options, domains, deps);
  const livePlans = plans.filter((p) => p.live);
  // Everything that can refuse a live restore is checked before the first write, even a dry run's.
  for (const plan of livePlans) await checkHistory(plan, options, deps, selected);

  let safetyBackup: { runId: string; at: string } | undefined;
  if (livePlans.length > 0 && !options.dryRun) safetyBackup = await backUpLiveTargets(livePlans, deps, now);

  const results = [];
  const totals = emptyCounts();
  for (const plan of plans) {
    const result = await logger.group(`${options.dryRun ? 'Planning' : 'Restoring'} SimpleDB domain ${plan.domain} as of ${atIso} into ${plan.target}${plan.live ? ' (live: in place)' : ''}`, async () => {
      if (!options.dryRun) {
        try {
          await client.createDomain({ DomainName: plan.target });
        } catch (error) {
          throw new RestoreError(`the restore target domain ${plan.target} cannot be created or written, nothing was restored: ${(error as Error).message}`, { cause: error });
        }
      }
      const domainResult = await restoreDomain({ ...plan, options, deps, batchSize, listLimit, selected, ...(safetyBackup ? { safetyBackup } : {}) });
      const c = domainResult.counts;
      logger.info(
        `${plan.domain} -> ${plan.target}: ${number(c.itemsAtT)} items at T, ${number(c.put)} ${options.dryRun ? 'to write' : 'written'}, ${number(c.unchanged)} already right, ${number(c.removed)} ${options.dryRun ? 'to delete' : 'deleted'}` +
          (c.damaged > 0 ? `, ${number(c.damaged)} refused (damaged history rows: ${domainResult.damaged.map((d) => d.item).join(', ')})` : '') +
          (options.dryRun ? '' : `; ${number(c.verified)} verified by content hash, ${number(c.mismatched)} differ`),
      );
      return domainResult;
    });
    results.push(result);
    for (const name of Object.keys(totals) as (keyof SdbRestoreCounts)[]) totals[name] += result.counts[name];
  }
  // Every live target is restored and verified (a failure threw). Its items keep their stamps from
  // T, so the next incremental backup would not read them, and the history would go on holding
  // what the restore replaced (a verify fails; a restore as of a later time undoes this one).
  if (livePlans.length > 0 && !options.dryRun) await backUpRestored(livePlans, deps, now);
  const status = options.dryRun ? 'dry-run' : totals.mismatched > 0 || totals.damaged > 0 ? 'partial' : 'complete';
  // No totals line here: the report's line (src/report/simpledb.ts) is the restore's summary, and
  // the CLI printed both, one with 3000 and one with 3,000.
  return {
    status,
    at: atIso,
    inPlace: livePlans.length > 0,
    domains: results,
    totals,
    ...(safetyBackup ? { safetyBackupRunId: safetyBackup.runId } : {}),
    durationMs: now().getTime() - started.getTime(),
  };
}

/**
 * A full-scan backup of the live targets once restored, so the history holds them as they are now.
 * The restore is done whatever happens here: a failure is a warning that says what to run.
 */
async function backUpRestored(plans: TargetPlan[], deps: SdbRestoreDependencies, now: () => Date): Promise<void> {
  const { logger } = deps;
  const domains = plans.map((p) => p.target);
  await logger.group('Backing up the restored items', async () => {
    try {
      const result = await fullScan(domains, deps, now);
      const failed = result.domains.filter((d) => d.error !== undefined);
      if (failed.length > 0) throw new Error(failed.map((d) => `${d.domain}: ${d.error}`).join('; '));
      logger.info(`backup run ${result.runId} after the restore: ${result.domains.map((d) => `${d.domain} ${d.versionsWritten} new versions, ${d.tombstones} tombstones`).join(', ')}`);
    } catch (error) {
      logger.warn(
        `the restore is complete, but the backup of the restored items failed (${(error as Error).message}): until a backup with \`full-scan: always\` ` +
          `(--full-scan always) records them, the backup holds what the restore replaced for ${domains.join(', ')}`,
      );
    }
  });
}

/**
 * A full-scan backup of `domains` with the backup's configuration (every item read, unstamped
 * writes included): before a live target is overwritten, and after. backUpLiveTargets checked
 * that the configuration and the client's reads are there.
 */
function fullScan(domains: string[], deps: SdbRestoreDependencies, now: () => Date) {
  return runSimpleDbBackup({ ...deps.backup!, domains, fullScan: 'always', dryRun: false }, { client: deps.client as SimpleDbSource, history: deps.history, now });
}

/** A full-scan backup of the live targets that exist, before anything overwrites them. */
async function backUpLiveTargets(plans: TargetPlan[], deps: SdbRestoreDependencies, now: () => Date): Promise<{ runId: string; at: string } | undefined> {
  const { client, logger } = deps;
  if (!deps.backup || !client.listDomains || !client.domainMetadata || !client.getAttributes) {
    throw new RestoreError('a restore over live data backs the target domains up first: it needs the backup configuration and a client that can read them');
  }
  const existing: string[] = [];
  for (const plan of plans) {
    try {
      await client.domainMetadata({ DomainName: plan.target });
      existing.push(plan.target);
    } catch (error) {
      if (!isNoSuchDomain(error)) throw error;
    }
  }
  if (existing.length === 0) return undefined;
  return logger.group('Backing up the live items before overwriting them', async () => {
    const result = await fullScan(existing, deps, now);
    logger.info(`safety backup run ${result.runId}: ${result.domains.map((d) => `${d.domain} ${d.versionsWritten} new versions`).join(', ')}`);
    // Any moment from the end of the safety backup to the first write is the domains as they were.
    return { runId: result.runId, at: now().toISOString() };
  });
}
