/**
 * The SimpleDB backend: the typed config in, the orchestrators run with a SimpleDB client and the
 * MySQL history the config describes, the typed result out. The only place that opens them.
 */
import type { Backend } from '../../app/backend.ts';
import type { SimpleDbBackupConfig, SimpleDbRestoreConfig, SimpleDbVerifyConfig } from '../../config/simpledb.ts';
import { SimpleDbClient } from '../../simpledb/client.ts';
import { connectMySql, type Connection } from '../../stores/history/mysql/connection.ts';
import { runSimpleDbBackup, SimpleDbBackupError } from './backup.ts';
import { runSdbRestore } from './restore.ts';
import type { SimpleDbBackupOutcome } from './results.ts';
import { runSdbVerify } from './verify.ts';

function clientFor(config: SimpleDbBackupConfig): SimpleDbClient {
  const { region, endpoint } = config.simpledb;
  return new SimpleDbClient({ ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) });
}

async function withMySql<T>(config: SimpleDbBackupConfig, body: (mysql: Connection) => Promise<T>): Promise<T> {
  const mysql = await connectMySql(config.mysql);
  try {
    return await body(mysql);
  } finally {
    await mysql.end().catch(() => undefined);
  }
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
        runSimpleDbBackup(config, { client: clientFor(config), log: (line) => logger.info(line), now: context.now, ...(store ? { watermarkStore: store } : {}) }),
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
    return withMySql(config.backup, (mysql) =>
      runSdbRestore(
        {
          at: config.time.at,
          domains: config.domains,
          target: config.target,
          dryRun: config.dryRun,
          tablePrefix: config.backup.tablePrefix,
          ...(config.liveDomains !== undefined ? { liveDomains: config.liveDomains } : {}),
          ...(config.items ? { items: config.items } : {}),
          ...(config.itemPrefix !== undefined ? { itemPrefix: config.itemPrefix } : {}),
        },
        { mysql, client: clientFor(config.backup), logger: context.logger, backup: config.backup, now: context.now },
      ),
    );
  },

  async verify(config: SimpleDbVerifyConfig, context) {
    return withMySql(config.backup, (mysql) =>
      runSdbVerify({ domains: config.domains, tablePrefix: config.backup.tablePrefix }, { mysql, client: clientFor(config.backup), logger: context.logger, now: context.now }),
    );
  },
};
