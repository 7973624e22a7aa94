// SimpleDB verify: every live item is in the backup at its current content (by content hash of the
// canonical attributes, compared with the backup's latest state), and the backup's rows are intact.
import { compareKeys } from '../../plan/keys.ts';
import { contentHash } from './plan.ts';
import { stateAsOf } from './history.ts';
import { readDomain } from './read.ts';
import type { SdbVerifyDependencies, SdbVerifyDifference, SdbVerifyOptions, SdbVerifyResult } from './types.ts';






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
    const counts = { domain, liveItems: 0, backedUp: 0, notBackedUp: 0, differs: 0, deletedSinceBackup: 0, damaged: 0 };
    results.push(counts);
    if (!known.has(domain)) {
      report({ kind: 'never-backed-up', domain, detail: `SimpleDB domain ${domain} has never been backed up` });
      continue;
    }
    const live = await readDomain(deps.client, domain);
    // The backup's latest state: as of far enough ahead to include every recorded version.
    const backedUp = new Map<string, string>();
    const damaged = new Set<string>();
    for await (const state of stateAsOf(deps.history, domain, new Date(Date.UTC(9999, 11, 31, 23, 59, 59)))) {
      if (state.damage !== undefined) {
        counts.damaged++;
        damaged.add(state.name);
        report({ kind: 'damaged', domain, item: state.name, detail: `the backup's latest version of item ${state.name} is damaged: ${state.damage}` });
        continue;
      }
      backedUp.set(state.name, state.hash);
    }
    for (const [name, attributes] of live) {
      counts.liveItems++;
      const hash = backedUp.get(name);
      if (damaged.has(name)) continue;
      if (hash === undefined) {
        counts.notBackedUp++;
        report({ kind: 'not-backed-up', domain, item: name, detail: `item ${name} is not in the backup` });
      } else if (hash !== contentHash(attributes)) {
        counts.differs++;
        report({ kind: 'differs', domain, item: name, detail: `item ${name} differs from its latest backed-up version` });
      } else counts.backedUp++;
    }
    for (const name of backedUp.keys()) {
      // Deleted since the last run: the next run records it; not a gap in the backup.
      if (!live.has(name)) counts.deletedSinceBackup++;
    }
    deps.logger.info(
      `${domain}: ${counts.liveItems} live items, ${counts.backedUp} match the backup, ${counts.notBackedUp} missing, ${counts.differs} differ, ` +
        `${counts.deletedSinceBackup} deleted since, ${counts.damaged} damaged in the backup`,
    );
  }
  return { ok: differenceCount === 0, domains: results, differences, differenceCount, durationMs: now().getTime() - started.getTime() };
}
