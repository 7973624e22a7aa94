// SimpleDB verify: every live item is in the backup at its current content (by content hash of the
// canonical attributes, compared with the backup's latest version), and the backup's rows are
// intact. Memory stays bounded whatever the domain's size: the backup's latest state is streamed
// once (its rows checked, the live ones counted), then the live domain in batches, each batch's
// items looked up in the history by name. Only the names of damaged rows are kept.
import { compareKeys } from '../../plan/keys.ts';
import { LATEST_VERSION_MS, type DomainHistory, type StoredVersion } from '../../stores/history/types.ts';
import { contentHash, type AttributeMap } from './plan.ts';
import { stateAsOf } from './history.ts';
import { domainItems } from './read.ts';
import type { SdbVerifyDependencies, SdbVerifyDifference, SdbVerifyOptions, SdbVerifyResult } from './types.ts';

/** Live items looked up in the history at once. */
const LOOKUP_BATCH = 500;

type DomainCounts = SdbVerifyResult['domains'][number];
type Report = (difference: SdbVerifyDifference) => void;

export async function runSdbVerify(options: SdbVerifyOptions, deps: SdbVerifyDependencies): Promise<SdbVerifyResult> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const listLimit = options.listLimit ?? 100;
  const known = await deps.history.backedUpDomains();
  const domains = options.domains.length > 0 ? options.domains : [...known.keys()].sort(compareKeys);
  const differences: SdbVerifyDifference[] = [];
  let differenceCount = 0;
  const report: Report = (d) => {
    differenceCount++;
    if (differences.length < listLimit) differences.push(d);
  };
  const results: SdbVerifyResult['domains'] = [];
  for (const domain of domains) {
    const counts: DomainCounts = { domain, liveItems: 0, backedUp: 0, notBackedUp: 0, differs: 0, deletedSinceBackup: 0, damaged: 0 };
    results.push(counts);
    if (!known.has(domain)) {
      report({ kind: 'never-backed-up', domain, detail: `SimpleDB domain ${domain} has never been backed up` });
      continue;
    }
    const history = await deps.history.existingDomain(domain);
    if (!history) {
      report({ kind: 'damaged', domain, detail: `SimpleDB domain ${domain} has successful backup runs recorded, but its history is gone from the database (its tables or their mapping were removed)` });
      continue;
    }
    const { liveInBackup, damaged } = await checkLatestState(deps, domain, counts, report);
    const found = await compareLiveItems(deps, history, domain, damaged, counts, report);
    // Live in the backup, gone from the domain: deleted since the last run, which the next run
    // records; not a gap in the backup.
    counts.deletedSinceBackup = Math.max(0, liveInBackup - found);
    if (found > liveInBackup) {
      // Only when the history changed between its two reads (a backup ran meanwhile).
      deps.logger.warn(`${domain}: the backup's history changed while verify read it (a backup running?): the count of items deleted since is approximate; run verify again`);
    }
    deps.logger.info(
      `${domain}: ${counts.liveItems} live items, ${counts.backedUp} match the backup, ${counts.notBackedUp} missing, ${counts.differs} differ, ` +
        `${counts.deletedSinceBackup} deleted since, ${counts.damaged} damaged in the backup`,
    );
  }
  return { ok: differenceCount === 0, domains: results, differences, differenceCount, durationMs: now().getTime() - started.getTime() };
}

/** The backup's latest state, streamed: every row checked (the damaged ones reported), the intact live items counted. */
async function checkLatestState(deps: SdbVerifyDependencies, domain: string, counts: DomainCounts, report: Report): Promise<{ liveInBackup: number; damaged: Set<string> }> {
  let liveInBackup = 0;
  const damaged = new Set<string>();
  for await (const state of stateAsOf(deps.history, domain, new Date(LATEST_VERSION_MS))) {
    if (state.damage === undefined) {
      liveInBackup++;
      continue;
    }
    counts.damaged++;
    damaged.add(state.name);
    report({ kind: 'damaged', domain, item: state.name, detail: `the backup's latest version of item ${state.name} is damaged: ${state.damage}` });
  }
  return { liveInBackup, damaged };
}

/**
 * The live domain against each item's latest backed-up version, in batches looked up by name: a
 * batch's lookup runs while the next batch is read (pages asked for ahead), at most one lookup at
 * a time. Returns how many live items are live in the backup. The scan's Selects are aborted when
 * it stops early, and a failed lookup stops it at once: it is reported even while a page hangs.
 */
async function compareLiveItems(
  deps: SdbVerifyDependencies,
  history: Pick<DomainHistory, 'loadVersions'>,
  domain: string,
  damaged: ReadonlySet<string>,
  counts: DomainCounts,
  report: Report,
): Promise<number> {
  let found = 0;
  const compare = (batch: ReadonlyMap<string, AttributeMap>, versions: Map<string, StoredVersion[]>): void => {
    for (const [name, attributes] of batch) {
      const latest = latestLive(versions.get(name));
      if (latest === undefined) {
        counts.notBackedUp++;
        report({ kind: 'not-backed-up', domain, item: name, detail: `item ${name} is not in the backup` });
        continue;
      }
      found++;
      if (latest.hash !== contentHash(attributes)) {
        counts.differs++;
        report({ kind: 'differs', domain, item: name, detail: `item ${name} differs from its latest backed-up version` });
      } else counts.backedUp++;
    }
  };
  const scan = new AbortController();
  let lookupFailure: { error: unknown } | undefined;
  let lookup: Promise<void> | undefined;
  const lookUp = async (batch: ReadonlyMap<string, AttributeMap>): Promise<void> => {
    await lookup;
    const pending = history.loadVersions([...batch.keys()]).then((versions) => compare(batch, versions));
    pending.catch((error: unknown) => {
      lookupFailure ??= { error };
      scan.abort(new Error(`a lookup in the history of ${domain} failed`));
    });
    lookup = pending;
  };
  // By name: a name SimpleDB repeats within a batch is counted once (across batches, memory would grow).
  let batch = new Map<string, AttributeMap>();
  try {
    for await (const item of domainItems(deps.client, domain, scan.signal)) {
      if (batch.has(item.name)) continue;
      counts.liveItems++;
      if (damaged.has(item.name)) continue;
      batch.set(item.name, item.attributes);
      if (batch.size >= LOOKUP_BATCH) {
        await lookUp(batch);
        batch = new Map();
      }
    }
    if (batch.size > 0) await lookUp(batch);
    await lookup;
  } catch (error) {
    throw lookupFailure ? lookupFailure.error : error;
  } finally {
    scan.abort(new Error(`the verify of ${domain} stopped`));
  }
  return found;
}

/** An item's latest version when it is not a deletion (versions come in time order, then write order). */
function latestLive(versions: readonly StoredVersion[] | undefined): StoredVersion | undefined {
  const latest = versions?.[versions.length - 1];
  return latest === undefined || latest.deleted ? undefined : latest;
}
