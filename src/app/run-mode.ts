/**
 * The three modes (backup, restore, verify) over both backends, built from raw settings. The
 * action and the CLI both call these, so a setting means the same in a workflow and a terminal.
 * A mode returns what to report (a Markdown summary, outputs, a failure); printing is the caller's.
 */
import { buildS3BackupConfig, describeConfig } from '../config/s3.ts';
import { ConfigError } from '../config/errors.ts';
import { Inputs } from '../config/inputs.ts';
import { listSetting, optional, type RawSettings } from '../config/parse.ts';
import { buildRestoreConfig, buildSdbRestoreConfig, buildSdbVerifyConfig, buildVerifyConfig } from '../config/restore.ts';
import { Catalog } from '../backends/s3/catalog/catalog.ts';
import { connectMySql } from '../stores/history/mysql/connection.ts';
import { ACTION_OVERLAP_SETTING, parseSimpleDbBackupSettings, runSimpleDbBackup, SimpleDbBackupError, type SimpleDbBackupResult } from '../backends/simpledb/index.ts';
import { SimpleDbClient } from '../simpledb/client.ts';
import type { Logger } from '../report/logger.ts';
import { s3RestoreSummary, s3VerifySummary, sdbRestoreSummary, sdbVerifySummary } from '../report/restore-summary.ts';
import { s3BackupSummary, sdbBackupSummary, type RecentRun } from '../report/summary.ts';
import type { ObjectStore as Destination } from '../stores/object/types.ts';
import type { WatermarkStore } from '../watermark/store.ts';
import { runS3Backup, type BackupResult } from '../backends/s3/backup.ts';
import { runS3Restore } from '../backends/s3/restore.ts';
import { runSdbRestore, runSdbVerify } from '../backends/simpledb/restore.ts';
import { openDestination, openSources, openStorage } from '../backends/s3/open.ts';
import { runS3Verify } from '../backends/s3/verify.ts';

export type Mode = 'backup' | 'restore' | 'verify';

export interface ModeContext {
  logger: Logger;
  env?: NodeJS.ProcessEnv;
  /** A watermark store for one backend's configuration (the action: the Actions cache; the CLI: a file). */
  watermarkStore?: (backend: 's3' | 'simpledb', configuration: unknown) => WatermarkStore | undefined;
}

export interface ModeReport {
  summary: string;
  outputs: Record<string, string | number>;
  /** Set when the step should fail (after everything possible was done). */
  failure?: string;
  /** One line per backend for a terminal. */
  lines: string[];
}

function wantsS3(raw: RawSettings, mode: Mode): boolean {
  return mode === 'backup' ? listSetting(raw, Inputs.sources).length > 0 : optional(raw, Inputs.destination) !== undefined;
}

function wantsSimpleDb(raw: RawSettings, mode: Mode): boolean {
  if (mode === 'backup') return optional(raw, 'simpledb-domains') !== undefined;
  return ['simpledb-domains', 'mysql-url', 'mysql-host'].some((name) => optional(raw, name) !== undefined);
}

/**
 * `restore-sources` and `verify-sources` may list S3 sources and SimpleDB domains together:
 * `sdb:<domain>` names a domain (the id the watermarks use), anything else an S3 source. With only
 * one backend configured, every entry is that backend's.
 */
function splitSelection(raw: RawSettings, name: string, both: boolean): { s3: RawSettings; sdb: RawSettings } {
  const entries = listSetting(raw, name);
  const sdbEntries = entries.filter((e) => e.startsWith('sdb:')).map((e) => e.slice(4));
  const s3Entries = entries.filter((e) => !e.startsWith('sdb:'));
  return {
    s3: { ...raw, [name]: s3Entries.join('\n') },
    // SimpleDB's target is its own input, `restore-target-domain` (read by buildSdbRestoreConfig).
    sdb: { ...raw, [name]: (both ? sdbEntries : [...sdbEntries, ...s3Entries]).join('\n') },
  };
}

async function recentRuns(destination: Destination, limit: number): Promise<RecentRun[]> {
  const catalog = new Catalog(destination);
  const runs: RecentRun[] = [];
  for (const id of (await catalog.runIds()).committed.slice(-limit)) {
    const record = await catalog.readRun(id);
    if (!record) continue;
    runs.push({
      runId: id,
      copied: record.sources.reduce((n, s) => n + s.counts.copied, 0),
      bytes: record.sources.reduce((n, s) => n + s.counts.bytes, 0),
      deletions: record.sources.reduce((n, s) => n + s.counts.deleted + s.counts.deleteMarkers, 0),
    });
  }
  return runs;
}

function simpleDbClient(config: { simpledb: { region?: string; endpoint?: string } }): SimpleDbClient {
  return new SimpleDbClient({ ...(config.simpledb.region ? { region: config.simpledb.region } : {}), ...(config.simpledb.endpoint ? { endpoint: config.simpledb.endpoint } : {}) });
}

export async function runMode(mode: Mode, raw: RawSettings, context: ModeContext): Promise<ModeReport> {
  const s3 = wantsS3(raw, mode);
  const sdb = wantsSimpleDb(raw, mode);
  if (!s3 && !sdb) {
    throw mode === 'backup'
      ? new ConfigError(Inputs.sources, 'is required for a backup (or `simpledb-domains`): list the buckets to back up, one bucket[/prefix] per line')
      : new ConfigError(Inputs.destination, `is required for ${mode} of S3 backups (or set \`mysql-url\` for SimpleDB backups in MySQL)`);
  }
  if (mode === 'backup') return backupMode(raw, context, s3, sdb);
  if (mode === 'restore') return restoreMode(raw, context, s3, sdb);
  return verifyMode(raw, context, s3, sdb);
}

async function backupMode(raw: RawSettings, context: ModeContext, s3: boolean, sdb: boolean): Promise<ModeReport> {
  const { logger } = context;
  const report: ModeReport = { summary: '', outputs: {}, lines: [] };
  // Validate every setting of both backends before anything runs.
  const s3Config = s3 ? buildS3BackupConfig(raw, context.env) : undefined;
  // SimpleDB's overlap window is its own input (`simpledb-overlap`, default 5m): S3's 6h would make
  // every SimpleDB run re-read six hours of items. `dry-run` is parsed there by the shared rule.
  const sdbConfig = sdb ? parseSimpleDbBackupSettings(raw, { overlapSetting: ACTION_OVERLAP_SETTING }) : undefined;
  const failures: string[] = [];

  if (s3Config) {
    const { sources, destination } = openStorage(s3Config);
    const store = context.watermarkStore?.('s3', describeConfig(s3Config));
    const result: BackupResult = await runS3Backup(
      { overlapMs: s3Config.overlapMs, concurrency: s3Config.concurrency, dryRun: s3Config.dryRun, serverSideCopy: s3Config.serverSideCopy },
      { sources, destination, logger, ...(store ? { watermarkStore: store } : {}) },
    );
    const t = result.totals;
    Object.assign(report.outputs, {
      'run-id': result.runId,
      status: result.status,
      'objects-scanned': t.keys,
      'objects-copied': t.copied,
      'bytes-copied': t.bytes,
      deletions: t.deleted + t.deleteMarkers,
      failed: t.failed,
      'watermark-before': JSON.stringify(result.watermarksBefore),
      'watermark-after': JSON.stringify(result.watermarksAfter),
    });
    const origins = [
      ...new Set(result.sources.map((s) => (s.watermarkOrigin === 'store' ? 'the Actions cache' : s.watermarkOrigin === 'catalogue' ? "the destination's catalogue" : 'nowhere (first run)'))),
    ].join(', ');
    const recent = result.status === 'dry-run' ? [] : await recentRuns(destination, 12).catch(() => []);
    report.summary += s3BackupSummary(result, recent, origins);
    report.lines.push(
      `S3: run ${result.runId} ${result.status}: ${t.keys} keys scanned, ${t.copied} versions copied (${t.bytes} bytes), ${t.deleted + t.deleteMarkers} deletions recorded, ${t.unchanged} unchanged, ${t.failed} failed`,
    );
    if (result.status === 'partial') failures.push(`${t.failed} S3 keys failed to copy; they are retried on the next run (the watermark did not move)`);
  }

  if (sdbConfig) {
    const client = simpleDbClient(sdbConfig);
    // A plan-only run saves no watermark: it gets no store.
    const store = sdbConfig.dryRun
      ? undefined
      : context.watermarkStore?.('simpledb', { domains: sdbConfig.domains, database: sdbConfig.mysql.database, host: sdbConfig.mysql.host, prefix: sdbConfig.tablePrefix });
    let result: SimpleDbBackupResult;
    let failed = false;
    try {
      result = await logger.group(sdbConfig.dryRun ? 'Planning the SimpleDB backup (dry run: nothing is written)' : 'Backing up SimpleDB into MySQL', () =>
        runSimpleDbBackup(sdbConfig, { client, log: (line) => logger.info(line), ...(store ? { watermarkStore: store } : {}) }),
      );
    } catch (error) {
      if (!(error instanceof SimpleDbBackupError)) throw error;
      result = error.result;
      failed = true;
      failures.push(error.message);
    }
    const sum = (pick: (d: SimpleDbBackupResult['domains'][number]) => number) => result.domains.reduce((n, d) => n + pick(d), 0);
    const status = result.dryRun ? 'dry-run' : failed ? 'partial' : 'complete';
    Object.assign(report.outputs, {
      'simpledb-run-id': result.runId,
      'simpledb-status': status,
      'items-read': sum((d) => d.itemsRead),
      'item-versions-written': sum((d) => d.versionsWritten),
      'item-deletions': sum((d) => d.tombstones),
      'simpledb-watermarks': JSON.stringify(result.watermarks),
    });
    report.summary += sdbBackupSummary(result, failed);
    report.lines.push(
      result.dryRun
        ? `SimpleDB: plan (dry run) ${failed ? 'partial' : 'complete'}, nothing written: ${result.domains.length} domains, ${sum((d) => d.itemsRead)} items read, ` +
            `${sum((d) => d.versionsWritten)} versions, ${sum((d) => d.tombstones)} deletions and ${sum((d) => d.unchangedSkipped)} unchanged would be recorded`
        : `SimpleDB: run ${result.runId} ${status}: ${result.domains.length} domains, ${sum((d) => d.itemsRead)} items read, ` +
            `${sum((d) => d.versionsWritten)} versions written, ${sum((d) => d.tombstones)} deletions`,
    );
  }
  if (failures.length > 0) report.failure = failures.join('; ');
  return report;
}

async function restoreMode(raw: RawSettings, context: ModeContext, s3: boolean, sdb: boolean): Promise<ModeReport> {
  const { logger } = context;
  const report: ModeReport = { summary: '', outputs: {}, lines: [] };
  const split = splitSelection(raw, 'restore-sources', s3 && sdb);
  const s3Config = s3 ? buildRestoreConfig(split.s3, context.env) : undefined;
  const sdbConfig = sdb ? buildSdbRestoreConfig(split.sdb) : undefined;
  const failures: string[] = [];
  if (s3Config) {
    if (s3Config.timeNote) logger.info(s3Config.timeNote);
    const destination = openDestination(s3Config.destination);
    const sources = openSources(s3Config.liveSources, s3Config.sourceConnection);
    const result = await runS3Restore(s3Config.options, { destination, logger, sources });
    report.summary += s3RestoreSummary(result);
    report.outputs['restore-status'] = result.status;
    report.outputs['objects-restored'] = result.totals.written;
    report.lines.push(`S3 restore as of ${result.at}: ${result.status}; ${JSON.stringify(result.totals)}`);
    if (result.status === 'partial') failures.push('the S3 restore is partial: run it again to finish');
  }
  if (sdbConfig) {
    if (sdbConfig.timeNote) logger.info(sdbConfig.timeNote);
    const mysql = await connectMySql(sdbConfig.backup.mysql);
    try {
      const result = await runSdbRestore(sdbConfig.options, { mysql, client: simpleDbClient(sdbConfig.backup), logger, backup: sdbConfig.backup });
      report.summary += sdbRestoreSummary(result);
      report.outputs['simpledb-restore-status'] = result.status;
      report.lines.push(`SimpleDB restore as of ${result.at}: ${result.status}; ${JSON.stringify(result.totals)}`);
      if (result.status === 'partial') {
        const why = result.domains.flatMap((d) => [
          ...(d.counts.damaged > 0 ? [`${d.domain}: ${d.counts.damaged} item(s) refused for damaged history rows (${d.damaged.map((x) => x.item).join(', ')})`] : []),
          ...(d.counts.mismatched > 0 ? [`${d.domain}: ${d.counts.mismatched} item(s) differ after the restore (run it again to finish)`] : []),
        ]);
        failures.push(`the SimpleDB restore is partial: ${why.join('; ')}`);
      }
    } finally {
      await mysql.end();
    }
  }
  if (failures.length > 0) report.failure = failures.join('; ');
  return report;
}

async function verifyMode(raw: RawSettings, context: ModeContext, s3: boolean, sdb: boolean): Promise<ModeReport> {
  const { logger } = context;
  const report: ModeReport = { summary: '', outputs: {}, lines: [] };
  const split = splitSelection(raw, 'verify-sources', s3 && sdb);
  const s3Config = s3 ? buildVerifyConfig(split.s3, context.env) : undefined;
  const sdbConfig = sdb ? buildSdbVerifyConfig(split.sdb) : undefined;
  let ok = true;
  let differences = 0;
  if (s3Config) {
    const destination = openDestination(s3Config.destination);
    const liveSources = openSources(s3Config.liveSources, s3Config.sourceConnection);
    const result = await runS3Verify(s3Config.options, { destination, logger, liveSources });
    ok &&= result.ok;
    differences += result.differenceCount;
    report.summary += s3VerifySummary(result);
    report.lines.push(`S3 verify: ${result.ok ? 'ok' : `${result.differenceCount} differences`}`);
    for (const d of result.differences.slice(0, 50)) report.lines.push(`  ${JSON.stringify(d)}`);
  }
  if (sdbConfig) {
    const mysql = await connectMySql(sdbConfig.backup.mysql);
    try {
      const result = await runSdbVerify(sdbConfig.options, { mysql, client: simpleDbClient(sdbConfig.backup), logger });
      ok &&= result.ok;
      differences += result.differenceCount;
      report.summary += sdbVerifySummary(result);
      report.lines.push(`SimpleDB verify: ${result.ok ? 'ok' : `${result.differenceCount} differences`}`);
      for (const d of result.differences.slice(0, 50)) report.lines.push(`  ${JSON.stringify(d)}`);
    } finally {
      await mysql.end();
    }
  }
  report.outputs['verify-ok'] = String(ok);
  report.outputs['differences'] = differences;
  if (!ok) report.failure = `verify found ${differences} differences between the sources and the backup`;
  return report;
}
