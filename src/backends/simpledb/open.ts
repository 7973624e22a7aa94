// The SimpleDB backend's wiring: the one place that builds its concrete history store (MySQL), so
// the orchestrators see only the HistoryStore contract and mysql2 is loaded only for SimpleDB.
import type { SimpleDbBackupConfig } from '../../config/simpledb.ts';
import type { HistoryStore } from '../../stores/history/types.ts';

/**
 * Opens the MySQL history store the config names (its connection settings and table prefix), runs
 * `work` with it and closes it, whatever `work` does. Connection failures are ConfigErrors naming
 * the setting to fix.
 */
export async function withMySqlHistory<T>(
  config: Pick<SimpleDbBackupConfig, 'mysql' | 'tablePrefix'>,
  options: { log?: (line: string) => void },
  work: (history: HistoryStore) => Promise<T>,
): Promise<T> {
  // Imported when first used: a run without SimpleDB never evaluates the driver.
  const { openMySqlHistoryStore } = await import('../../stores/history/mysql/store.ts');
  const history = await openMySqlHistoryStore(config.mysql, { tablePrefix: config.tablePrefix, ...(options.log ? { log: options.log } : {}) });
  try {
    return await work(history);
  } finally {
    await history.close().catch(() => undefined);
  }
}
