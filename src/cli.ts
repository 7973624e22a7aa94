#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildS3BackupConfig, describeConfig } from './config/backup-config.ts';
import { ConfigError } from './config/errors.ts';
import { Inputs } from './config/inputs.ts';
import type { RawSettings } from './config/parse.ts';
import { runS3Backup } from './engine/backup.ts';
import { openStorage } from './engine/setup.ts';
import { consoleLogger, formatBytes } from './report/logger.ts';
import { FileWatermarkStore } from './watermark/file-store.ts';
import { VERSION } from './version.ts';

const USAGE = `pullback ${VERSION}: pull incremental, versioned backups out of AWS

Usage:
  pullback backup [--config FILE] [--sources B[/P],...] [--destination s3://B/P | DIR] [options]

Every action input is also a flag (--source-region, --destination-endpoint, --overlap, ...) and a
key of the JSON config file; flags win over the file, the file over PULLBACK_* environment
variables (PULLBACK_DESTINATION_SECRET_ACCESS_KEY for destination-secret-access-key).
Source credentials come from the standard AWS chain (environment, profile, web identity).

Options:
  --config FILE        JSON file of settings (same names as the action's inputs)
  --state-file FILE    where the CLI keeps its watermark (default .pullback/state.json)
  --dry-run            plan only: list and compare, copy nothing
  --json               print the result as JSON
  -h, --help           this text
`;

/** Settings from the environment, then the config file, then flags. */
async function gatherSettings(argv: string[]): Promise<{ command: string | undefined; raw: RawSettings; json: boolean }> {
  const names = [...Object.values(Inputs), 'config'];
  const options: Record<string, { type: 'string' | 'boolean' }> = { json: { type: 'boolean' }, help: { type: 'boolean' } };
  for (const name of names) options[name] = { type: name === Inputs.dryRun ? 'boolean' : 'string' };
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  if (values['help']) {
    console.log(USAGE);
    process.exit(0);
  }
  const raw: RawSettings = {};
  for (const name of Object.values(Inputs)) {
    const fromEnv = process.env[`PULLBACK_${name.toUpperCase().replace(/-/g, '_')}`];
    if (fromEnv !== undefined) raw[name] = fromEnv;
  }
  if (typeof values['config'] === 'string') {
    let file: Record<string, unknown>;
    try {
      file = JSON.parse(await readFile(values['config'], 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError('config', `cannot read ${values['config']}: ${(error as Error).message}`);
    }
    for (const [name, value] of Object.entries(file)) {
      raw[name] = Array.isArray(value) ? value.join('\n') : String(value);
    }
  }
  for (const name of Object.values(Inputs)) {
    const value = values[name];
    if (typeof value === 'string') raw[name] = value;
    if (value === true) raw[name] = 'true';
  }
  return { command: positionals[0], raw, json: values['json'] === true };
}

async function main(): Promise<void> {
  const { command, raw, json } = await gatherSettings(process.argv.slice(2));
  if (command !== 'backup') {
    console.error(command ? `unknown command ${command}\n` : '');
    console.error(USAGE);
    process.exit(2);
  }
  const config = buildS3BackupConfig(raw);
  const logger = consoleLogger(process.env['PULLBACK_DEBUG'] === '1');
  logger.debug(`configuration: ${JSON.stringify(describeConfig(config))}`);
  const { sources, destination } = openStorage(config);
  const watermarkStore = new FileWatermarkStore(raw[Inputs.stateFile] ?? '.pullback/state.json');
  const result = await runS3Backup(
    { overlapMs: config.overlapMs, concurrency: config.concurrency, dryRun: config.dryRun, serverSideCopy: config.serverSideCopy },
    { sources, destination, logger, watermarkStore },
  );
  if (json) console.log(JSON.stringify(result, null, 2));
  else {
    const t = result.totals;
    console.log(
      `run ${result.runId} ${result.status}: ${t.keys} keys scanned, ${t.copied} versions copied (${formatBytes(t.bytes)}), ` +
        `${t.deleted + t.deleteMarkers} deletions recorded, ${t.unchanged} unchanged, ${t.failed} failed, ${(result.durationMs / 1000).toFixed(1)} s`,
    );
  }
  if (result.status === 'partial') process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`pullback: ${(error as Error).message ?? String(error)}`);
  if (process.env['PULLBACK_DEBUG'] === '1') console.error(error);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
