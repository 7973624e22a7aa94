/**
 * The S3 backend: the typed config in, the orchestrators run with the stores the config
 * describes, the typed result out. The only place that turns settings into stores.
 */
import type { Backend } from '../../app/backend.ts';
import { describeConfig, type S3BackupConfig } from '../../config/s3.ts';
import type { S3RestoreConfig, S3VerifyConfig } from '../../config/restore.ts';
import type { S3PruneConfig } from '../../config/retention.ts';
import { runS3Prune } from './prune.ts';
import type { ObjectStore } from '../../stores/object/types.ts';
import { runS3Backup } from './backup.ts';
import { Catalog } from './catalog/catalog.ts';
import { listingOptions, openDestination, openSources, openStorage } from './open.ts';
import { runS3Restore } from './restore.ts';
import type { RecentRun, S3BackupOutcome } from './results.ts';
import { readRecentRuns, RECENT_RUNS } from './recent-runs.ts';
import { runS3Verify } from './verify.ts';
import { TokenBucket } from '../../transfer/throttle.ts';

/** One token bucket for the whole run: every transfer shares the limit. */
const bandwidthOf = (limit: number | undefined) => (limit !== undefined ? { bandwidth: new TokenBucket(limit) } : {});

/** The last `limit` committed runs, oldest first; a catalogue that cannot be read gives none. */
async function recentRuns(destination: ObjectStore, limit: number): Promise<RecentRun[]> {
  const catalog = new Catalog(destination);
  return readRecentRuns(catalog, (await catalog.runIds()).committed.slice(-limit));
}

export const s3Backend: Backend<'s3'> = {
  name: 's3',

  async backup(config: S3BackupConfig, context): Promise<S3BackupOutcome> {
    const { sources, destination } = openStorage(config);
    const store = context.watermarkStore?.('s3', describeConfig(config));
    const result = await runS3Backup(
      {
        overlapMs: config.overlapMs,
        concurrency: config.concurrency,
        dryRun: config.dryRun,
        serverSideCopy: config.serverSideCopy,
        filter: config.filter,
        listing: listingOptions(config),
        ...(config.shard ? { shard: config.shard } : {}),
        ...(config.maxDurationMs !== undefined ? { maxDurationMs: config.maxDurationMs } : {}),
        recentRuns: context.recentRuns !== false,
      },
      { sources, destination, logger: context.logger, now: context.now, ...(store ? { watermarkStore: store } : {}), ...bandwidthOf(config.bandwidthLimit) },
    );
    // A backup reads the runs before it while it lists; a sharded run's parts and commit do not.
    const recent = result.recentRuns ?? (result.status === 'dry-run' || context.recentRuns === false ? [] : await recentRuns(destination, RECENT_RUNS).catch(() => []));
    return { ...result, recentRuns: recent };
  },

  async restore(config: S3RestoreConfig, context) {
    if (config.time.note) context.logger.info(config.time.note);
    return runS3Restore(
      {
        at: config.time.at,
        sources: config.selection,
        ...(config.prefix !== undefined ? { prefix: config.prefix } : {}),
        ...(config.keys ? { keys: config.keys } : {}),
        target: config.target,
        concurrency: config.concurrency,
        dryRun: config.dryRun,
        backup: { overlapMs: config.overlapMs, serverSideCopy: config.serverSideCopy },
        ...(config.filter.active ? { filter: config.filter } : {}),
        ...(config.sourceConnection.endpoint ? { sourceEndpoint: config.sourceConnection.endpoint } : {}),
      },
      { destination: openDestination(config.destination), logger: context.logger, sources: openSources(config.sources, config.sourceConnection), now: context.now, ...bandwidthOf(config.bandwidthLimit) },
    );
  },

  async prune(config: S3PruneConfig, context) {
    return runS3Prune(
      { policy: config.retention, dryRun: config.dryRun, concurrency: config.concurrency },
      { destination: openDestination(config.destination), logger: context.logger, now: context.now },
    );
  },

  async verify(config: S3VerifyConfig, context) {
    return runS3Verify(
      { sources: config.selection, readData: config.readData, concurrency: config.concurrency, ...(config.filter.active ? { filter: config.filter } : {}) },
      { destination: openDestination(config.destination), logger: context.logger, liveSources: openSources(config.sources, config.sourceConnection), now: context.now },
    );
  },
};
