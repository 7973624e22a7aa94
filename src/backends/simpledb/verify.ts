// SimpleDB verify: every live item is in the backup at its current content (by content hash of the
// canonical attributes, compared with the backup's latest version), and the backup's rows are
// intact. Memory stays bounded whatever the domain's size: the backup's latest state is streamed
// once (its rows checked, the live ones counted), then the live domain in batches, each batch's
// items looked up in the history by name. Only the names of damaged rows are kept.
import { compareKeys } from '../../plan/keys.ts';
import type { StoredVersion } from '../../stores/history/types.ts';
import { contentHash, type AttributeMap } from './plan.ts';
import { stateAsOf } from './history.ts';
import { domainItems } from './read.ts';
import type { SdbVerifyDependencies, SdbVerifyDifference, SdbVerifyOptions, SdbVerifyResult } from './types.ts';

/** Live items looked up in the history at once. */
const LOOKUP_BATCH = 500;
/** The last moment a version can have (DATETIME(3)'s maximum): the backup's latest state, as loadVersions sees it. */
const LATEST = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999));

type DomainCounts = SdbVerifyResult['domains'][number];
type LiveItem = { name: string; attributes: AttributeMap };

export async function runSdbVerify(options: SdbVerifyOptions, deps: SdbVerifyDependencies): Promise<SdbVerifyResult> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const listLimit = options.listLimit ?? 100;
  const known = await deps.history.backedUpDomains();
  const domains = options.domains.length > 0 ? options.domains : [...known.keys()].sort(compareKeys);
  const differences: SdbVerifyDifference[] = [];
  let differenceCount = 0;
  const report = (d: SdbVerifyDifference) => {
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
    // The backup's latest state: every row checked; the intact live items counted.
    let liveInBackup = 0;
    const damaged = new Set<string>();
    for await (const state of stateAsOf(deps.history, domain, LATEST)) {
      if (state.damage === undefined) {
        liveInBackup++;
        continue;
      }
      counts.damaged++;
      damaged.add(state.name);
      report({ kind: 'damaged', domain, item: state.name, detail: `the backup's latest version of item ${state.name} is damaged: ${state.damage}` });
    }
    // The live domain against each item's latest backed-up version: a batch's lookup runs while
    // the next batch is read (pages asked for ahead), at most one lookup at a time.
    let found = 0;
    const compare = (batch: readonly LiveItem[], versions: Map<string, StoredVersion[]>): void => {
      for (const { name, attributes } of batch) {
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
    // The scan's Selects (the page asked for ahead) are aborted when it stops early, and a failed
    // lookup stops it at once: it is reported even while a page hangs.
    const scan = new AbortController();
    let lookupFailure: { error: unknown } | undefined;
    let lookup: Promise<void> | undefined;
    const lookUp = async (batch: LiveItem[]): Promise<void> => {
      await lookup;
      const pending = history.loadVersions(batch.map((item) => item.name)).then((versions) => compare(batch, versions));
      pending.catch((error: unknown) => {
        lookupFailure ??= { error };
        scan.abort(new Error(`a lookup in the history of ${domain} failed`));
      });
      lookup = pending;
    };
    let batch: LiveItem[] = [];
    /** Names in the batch: a name SimpleDB repeats within a batch is counted once (across batches, memory would grow). */
    let inBatch = new Set<string>();
    try {
      for await (const item of domainItems(deps.client, domain, scan.signal)) {
        if (inBatch.has(item.name)) continue;
        counts.liveItems++;
        if (damaged.has(item.name)) continue;
        batch.push(item);
        inBatch.add(item.name);
        if (batch.length >= LOOKUP_BATCH) {
          await lookUp(batch);
          batch = [];
          inBatch = new Set();
        }
      }
      if (batch.length > 0) await lookUp(batch);
      await lookup;
    } catch (error) {
      throw lookupFailure ? lookupFailure.error : error;
    } finally {
      scan.abort(new Error(`the verify of ${domain} stopped`));
    }
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

/** An item's latest version when it is not a deletion (versions come in time order, then write order). */
function latestLive(versions: readonly StoredVersion[] | undefined): StoredVersion | undefined {
  const latest = versions?.[versions.length - 1];
  return latest === undefined || latest.deleted ? undefined : latest;
}
