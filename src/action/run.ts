import * as core from '@actions/core';
import { buildS3BackupConfig, describeConfig } from '../config/backup-config.ts';
import { ConfigError } from '../config/errors.ts';
import { ActionInputNames, Inputs, SecretInputs } from '../config/inputs.ts';
import { choiceSetting, listSetting, type RawSettings } from '../config/parse.ts';
import { Catalog } from '../catalog/catalog.ts';
import { runS3Backup, type BackupResult } from '../engine/backup.ts';
import { openStorage } from '../engine/setup.ts';
import { s3BackupSummary, type RecentRun } from '../report/summary.ts';
import { ActionsCacheWatermarkStore, configHash } from '../watermark/actions-cache-store.ts';
import type { Destination } from '../storage/types.ts';
import { actionsLogger } from './logger.ts';

/** Every input as the runner passes it (INPUT_* variables), secrets masked before any log line. */
export function readInputs(): RawSettings {
  const raw: RawSettings = {};
  for (const name of ActionInputNames) raw[name] = core.getInput(name);
  for (const name of SecretInputs) {
    const value = raw[name];
    if (value) core.setSecret(value);
  }
  // A password inside a connection URL is a secret of its own.
  const url = raw['mysql-url'];
  if (url) {
    try {
      const password = decodeURIComponent(new URL(url).password);
      if (password) core.setSecret(password);
    } catch {
      // validated (with a message naming the input) where the URL is parsed
    }
  }
  return raw;
}

export async function run(): Promise<void> {
  try {
    const raw = readInputs();
    const mode = choiceSetting(raw, Inputs.mode, ['backup', 'restore', 'verify'] as const, 'backup');
    if (mode === 'backup') await backup(raw);
    else throw new ConfigError(Inputs.mode, `${mode} is not available in this build yet`);
  } catch (error) {
    if (error instanceof Error) {
      core.debug(error.stack ?? error.message);
      core.setFailed(error.message);
    } else core.setFailed(String(error));
  }
}

async function recentRuns(destination: Destination, limit: number): Promise<RecentRun[]> {
  const catalog = new Catalog(destination);
  const ids = (await catalog.runIds()).committed.slice(-limit);
  const runs: RecentRun[] = [];
  for (const id of ids) {
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

async function backup(raw: RawSettings): Promise<void> {
  if (listSetting(raw, Inputs.sources).length === 0) {
    throw new ConfigError(Inputs.sources, 'is required for mode backup: list the buckets to back up, one bucket[/prefix] per line');
  }
  const config = buildS3BackupConfig(raw);
  const { sources, destination } = openStorage(config);
  const watermarkStore = new ActionsCacheWatermarkStore({
    configHash: configHash(describeConfig(config)),
    runId: process.env['GITHUB_RUN_ID'] ?? `local-${Date.now()}`,
    runAttempt: process.env['GITHUB_RUN_ATTEMPT'] ?? '1',
    tempDir: process.env['RUNNER_TEMP'] ?? '/tmp',
    warn: (m) => core.warning(m),
    info: (m) => core.info(m),
  });
  const result = await runS3Backup(
    { overlapMs: config.overlapMs, concurrency: config.concurrency, dryRun: config.dryRun, serverSideCopy: config.serverSideCopy },
    { sources, destination, logger: actionsLogger, watermarkStore },
  );
  setBackupOutputs(result);
  const origins = [...new Set(result.sources.map((s) => (s.watermarkOrigin === 'store' ? 'the Actions cache' : s.watermarkOrigin === 'catalogue' ? "the destination's catalogue" : 'nowhere (first run)')))].join(', ');
  const recent = result.status === 'dry-run' ? [] : await recentRuns(destination, 12).catch(() => []);
  await core.summary.addRaw(s3BackupSummary(result, recent, origins)).write();
  if (result.status === 'partial') core.setFailed(`${result.totals.failed} keys failed to copy; they are retried on the next run (the watermark did not move)`);
}

function setBackupOutputs(result: BackupResult): void {
  const t = result.totals;
  core.setOutput('run-id', result.runId);
  core.setOutput('status', result.status);
  core.setOutput('objects-scanned', t.keys);
  core.setOutput('objects-copied', t.copied);
  core.setOutput('bytes-copied', t.bytes);
  core.setOutput('deletions', t.deleted + t.deleteMarkers);
  core.setOutput('failed', t.failed);
  core.setOutput('watermark-before', JSON.stringify(result.watermarksBefore));
  core.setOutput('watermark-after', JSON.stringify(result.watermarksAfter));
}
