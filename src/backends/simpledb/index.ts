/**
 * The SimpleDB backend: the typed config in, the orchestrators run with a SimpleDB client and the
 * MySQL history the config describes, the typed result out. The only place that opens them.
 */
import type { Backend } from '../../app/backend.ts';
import type { SimpleDbBackupConfig, SimpleDbRestoreConfig, SimpleDbVerifyConfig } from '../../config/simpledb.ts';
import { SimpleDbClient } from '../../simpledb/client.ts';
import { runSimpleDbBackup, SimpleDbBackupError } from './backup.ts';
import { withMySqlHistory } from './open.ts';
import { runSdbRestore } from './restore.ts';
import type { SimpleDbBackupOutcome } from './results.ts';
import { runSdbVerify } from './verify.ts';
import { runSdbPrune } from './prune.ts';
import type { SimpleDbPruneConfig } from '../../config/retention.ts';

function clientFor(config: SimpleDbBackupConfig): SimpleDbClient {
  const { region, endpoint } = config.simpledb;
  return new SimpleDbClient({ ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) });
}

export const simpleDbBackend: Backend<'simpledb'> = {
  name: 'simpledb',

  async backup(config: SimpleDbBackupConfig, context): Promise<SimpleDbBackupOutcome> {
    const { logger } = context;
    // A plan-only run saves no watermark: it gets no store.
    const store = config.dryRun
      ? undefined
      : context.watermarkStore?.('simpledb', { domains: config.domains, database: config.mysql.database, host: config.mysql.host, prefix: config.tablePrefix });
    try {
      const result = await logger.group(config.dryRun ? 'Planning the SimpleDB backup (dry run: nothing is written)' : 'Backing up SimpleDB into MySQL', () =>
        withMySqlHistory(config, { log: (line) => logger.info(line) }, (history) =>
          runSimpleDbBackup(config, { client: clientFor(config), history, log: (line) => logger.info(line), ...(logger.status ? { status: logger.status.bind(logger) } : {}), now: context.now, ...(store ? { watermarkStore: store } : {}) }),
        ),
      );
      return { ...result, status: result.dryRun ? 'dry-run' : 'complete' };
    } catch (error) {
      // A failed domain leaves its watermark where it was: a partial run, not a crash.
      if (!(error instanceof SimpleDbBackupError)) throw error;
      return { ...error.result, status: error.result.dryRun ? 'dry-run' : 'partial', failure: error.message };
    }
  },

  async restore(config: SimpleDbRestoreConfig, context) {
    if (config.time.note) context.logger.info(config.time.note);
    return withMySqlHistory(config.backup, {}, (history) =>
      runSdbRestore(
        {
          at: config.time.at,
          domains: config.domains,
          target: config.target,
          dryRun: config.dryRun,
          ...(config.liveDomains !== undefined ? { liveDomains: config.liveDomains } : {}),
          ...(config.items ? { items: config.items } : {}),
          ...(config.itemPrefix !== undefined ? { itemPrefix: config.itemPrefix } : {}),
        },
        { history, client: clientFor(config.backup), logger: context.logger, backup: config.backup, now: context.now },
      ),
    );
  },

  async prune(config: SimpleDbPruneConfig, context) {
    return withMySqlHistory(config, {}, (history) =>
      runSdbPrune(
        { policy: config.retention, domains: config.domains, dryRun: config.dryRun, tablePrefix: config.tablePrefix },
        { history, logger: context.logger, now: context.now },
      ),
    );
  },

  async verify(config: SimpleDbVerifyConfig, context) {
    return withMySqlHistory(config.backup, {}, (history) =>
      runSdbVerify({ domains: config.domains }, { history, client: clientFor(config.backup), logger: context.logger, now: context.now }),
    );
  },
};
