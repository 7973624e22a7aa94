import { createHash } from 'node:crypto';
import { Catalog } from './catalog/catalog.ts';
import { planFilteredBackup } from './plan/filtered-plan.ts';
import { KeyFilter } from '../../plan/filter.ts';
import { isPlainMd5, type EventLine } from './plan/model.ts';
import type { ObjectSource, ObjectStore } from '../../stores/object/types.ts';
import { OrderedPool, orderedWindow } from '../../transfer/ordered.ts';
import { digestStream } from '../../transfer/verify.ts';
import { formatBytes } from '../../report/logger.ts';
import { cataloguedSources, selectSources } from './restore.ts';
import { eventStreams } from './catalog/history.ts';
import type { CataloguedSource, S3VerifyOptions, S3VerifyResult, VerifyDependencies, VerifyDifference, VerifySourceReport } from './types.ts';

type VersionEvent = Extract<EventLine, { type: 'version' }>;

/** Deterministic sampling: an object is read when the hash of its name (and the seed) falls under the percent. */
export function inSample(backupKey: string, percent: number, seed = ''): boolean {
  if (percent >= 100) return true;
  const hash = createHash('sha256').update(`${seed}\u0000${backupKey}`).digest();
  return (hash.readUInt32BE(0) / 0x1_0000_0000) * 100 < percent;
}

export async function runS3Verify(options: S3VerifyOptions, deps: VerifyDependencies): Promise<S3VerifyResult> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const { destination, logger } = deps;
  const listLimit = options.listLimit ?? 100;
  const catalog = new Catalog(destination);
  const differences: VerifyDifference[] = [];
  let differenceCount = 0;
  const report = (difference: VerifyDifference) => {
    differenceCount++;
    if (differences.length < listLimit) differences.push(difference);
  };

  const known = await cataloguedSources(catalog);
  const selected = selectSources(known, options.sources, 'verify-sources', destination.description);
  const reports = new Map<string, VerifySourceReport>();
  for (const source of selected) {
    reports.set(source.id, {
      id: source.id,
      catalogued: { objects: 0, present: 0, missing: 0, wrongSize: 0, bytes: 0 },
      readBack: { objects: 0, bytes: 0, damaged: 0, unchecked: 0 },
    });
  }

  for (const live of deps.liveSources ?? []) {
    const source = known.get(live.id);
    if (!source) {
      report({ kind: 'never-backed-up', source: live.id, detail: `${live.id} is not in the catalogue: it has never been backed up to ${destination.description}` });
      continue;
    }
    const sourceReport = reports.get(source.id);
    if (!sourceReport) continue;
    await logger.group(`Comparing ${live.id} with its latest backup`, async () => {
      sourceReport.live = await compareLive(live, source, catalog, report, options.filter ?? KeyFilter.everything);
      const l = sourceReport.live;
      logger.info(`${live.id}: ${l.keys} live keys, ${l.versions} versions; ${l.backedUp} in the backup, ${l.notBackedUp} not; ${l.deletedSinceBackup} deleted since run ${l.lastRunId}${l.excluded ? `; ${l.excluded} live keys outside the filter, not compared` : ''}`);
    });
  }

  const listings = new Map<string, Map<string, number>>();
  for (const source of selected) {
    const sourceReport = reports.get(source.id)!;
    await logger.group(`Checking the backup objects of ${source.id}`, async () => {
      let stored = listings.get(source.bucket);
      if (!stored) {
        stored = new Map();
        for await (const object of destination.list(`data/${source.bucket}/`)) stored.set(object.key, object.size);
        listings.set(source.bucket, stored);
      }
      const toRead: VersionEvent[] = [];
      const seen = new Set<string>();
      for (const stream of eventStreams(catalog, { ...(source.pruned ? { folded: source.pruned } : {}), runs: source.history })) {
        try {
          for await (const event of stream.events) {
            if (event.type !== 'version' || !event.b || seen.has(event.b)) continue;
            seen.add(event.b);
            sourceReport.catalogued.objects++;
            const size = stored.get(event.b);
            if (size === undefined) {
              sourceReport.catalogued.missing++;
              report({ kind: 'backup-missing', source: source.id, key: event.k, backupKey: event.b, detail: `the backup of ${event.k} (${event.t}) is missing from the destination` });
            } else if (size !== (event.s ?? 0)) {
              sourceReport.catalogued.wrongSize++;
              report({ kind: 'backup-size', source: source.id, key: event.k, backupKey: event.b, detail: `the backup of ${event.k} has ${size} bytes, the catalogue recorded ${event.s ?? 0}` });
            } else {
              sourceReport.catalogued.present++;
              sourceReport.catalogued.bytes += size;
              const policy = options.readData;
              if (policy.kind === 'all' || (policy.kind === 'sample' && inSample(event.b, policy.percent, options.sampleSeed))) toRead.push(event);
            }
          }
        } catch (error) {
          report({ kind: 'catalogue-damaged', source: source.id, backupKey: stream.name, detail: `cannot read ${stream.name}: ${(error as Error).message}` });
        }
      }
      const c = sourceReport.catalogued;
      logger.info(`${source.id}: ${c.objects} catalogued backup objects, ${c.present} present (${formatBytes(c.bytes)}), ${c.missing} missing, ${c.wrongSize} with another size`);
      if (toRead.length > 0) await readBack(toRead, source, sourceReport, destination, options.concurrency, report);
      if (options.readData.kind !== 'none') {
        const r = sourceReport.readBack;
        logger.info(`${source.id}: read back ${r.objects} objects (${formatBytes(r.bytes)}): ${r.damaged} damaged, ${r.unchecked} without a recorded checksum (size only)`);
      }
    });
  }

  const ok = differenceCount === 0;
  for (const difference of differences) logger.warn(`${difference.source}: ${difference.kind}: ${difference.detail}`);
  logger.info(ok ? 'verify: the backup is complete and readable' : `verify: ${differenceCount} differences`);
  return { ok, sources: [...reports.values()], differences, differenceCount, readData: options.readData, durationMs: now().getTime() - started.getTime() };
}

async function compareLive(
  live: ObjectSource,
  source: CataloguedSource,
  catalog: Catalog,
  report: (d: VerifyDifference) => void,
  filter: KeyFilter,
): Promise<NonNullable<VerifySourceReport['live']>> {
  const latest = source.latest ?? source.history[source.history.length - 1]!;
  const { versioned } = await live.probe();
  const result = { lastRunId: latest.run.runId, keys: 0, versions: 0, backedUp: 0, notBackedUp: 0, deletedSinceBackup: 0, excluded: 0 };
  // The filter's keys only: a live key outside it is neither compared nor reported missing. A
  // version the backup recorded as skipped by size counts as not backed up, unless this filter
  // leaves it out too.
  const planning = { filter, prefix: live.prefix, onExcluded: () => result.excluded++, previousListStart: latest.source.listStartedAt };
  for await (const plan of planFilteredBackup(live.list(versioned), catalog.readState(latest.source), planning)) {
    if (plan.carried) continue;
    if (plan.current) {
      result.keys++;
      const versions = plan.current.versions.filter((v) => !v.deleteMarker);
      const leftOut = (plan.skipped?.length ?? 0) + plan.kept.filter((k) => k.skip).length;
      result.versions += versions.length - leftOut;
      result.backedUp += versions.length - leftOut - plan.copy.length;
      for (const version of plan.copy) {
        result.notBackedUp++;
        report({
          kind: 'not-backed-up',
          source: live.id,
          key: version.key,
          detail: `${version.key} (${version.versionId ? `version ${version.versionId}, ` : ''}ETag ${version.etag ?? '?'}, ${version.size ?? 0} bytes, modified ${version.lastModified}) is not in the latest backup run ${latest.run.runId}`,
        });
      }
    } else if (plan.previous?.v.some((v) => !v.dm)) {
      result.deletedSinceBackup++;
    }
  }
  return result;
}

async function readBack(
  events: VersionEvent[],
  source: CataloguedSource,
  sourceReport: VerifySourceReport,
  destination: ObjectStore,
  concurrency: number,
  report: (d: VerifyDifference) => void,
): Promise<void> {
  const pool = new OrderedPool<{ event: VersionEvent; problem?: string; bytes: number; checked: boolean }>(concurrency, orderedWindow(concurrency));
  const collect = (outcome: { event: VersionEvent; problem?: string; bytes: number; checked: boolean }) => {
    sourceReport.readBack.objects++;
    sourceReport.readBack.bytes += outcome.bytes;
    if (!outcome.checked) sourceReport.readBack.unchecked++;
    if (outcome.problem) {
      sourceReport.readBack.damaged++;
      report({ kind: 'backup-checksum', source: source.id, key: outcome.event.k, backupKey: outcome.event.b!, detail: `the backup of ${outcome.event.k} (${outcome.event.t}) is damaged: ${outcome.problem}` });
    }
  };
  const check = async (event: VersionEvent) => {
    const body = await destination.get(event.b!);
    if (!body) return { event, problem: 'it vanished while being read', bytes: 0, checked: true };
    const d = await digestStream(body);
    let problem: string | undefined;
    let checked = true;
    if (d.bytes !== (event.s ?? 0)) problem = `${d.bytes} bytes read, ${event.s ?? 0} recorded`;
    else if (event.sha256) {
      if (d.sha256 !== event.sha256) problem = `SHA-256 ${d.sha256} differs from the recorded ${event.sha256}`;
    } else if (isPlainMd5(event.e)) {
      if (d.md5 !== event.e) problem = `MD5 ${d.md5} differs from the source ETag ${event.e}`;
    } else checked = false;
    return { event, bytes: d.bytes, checked, ...(problem ? { problem } : {}) };
  };
  for (const event of events) {
    while (pool.full) collect(await pool.next());
    await pool.submit(() => check(event));
  }
  while (pool.pending > 0) collect(await pool.next());
}
