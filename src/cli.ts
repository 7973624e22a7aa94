#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError } from './config/errors.ts';
import { ActionInputNames, Inputs } from './config/inputs.ts';
import type { RawSettings } from './config/parse.ts';
import { runMode, type Mode } from './app/run-mode.ts';
import { MODES } from './config/build.ts';
import { consoleLogger } from './report/logger.ts';
import { FileWatermarkStore } from './watermark/file-store.ts';
import { VERSION } from './version.ts';

const USAGE = `pullback ${VERSION}: pull incremental, versioned backups out of AWS

Usage:
  pullback backup  [--config FILE] [--sources B[/P],...] [--destination s3://B/P | DIR] [options]
  pullback restore --destination ... --restore-time "2 days ago" [--restore-target s3://B/P | DIR] [--dry-run]
  pullback verify  --destination ... [--sources ...] [--read-data sample:10]
  pullback prune   --destination ... --keep-within 30d [--keep-daily 14 ...] [--dry-run]

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
  const names = [...ActionInputNames, Inputs.stateFile, 'config'];
  const options: Record<string, { type: 'string' | 'boolean' }> = { json: { type: 'boolean' }, help: { type: 'boolean' } };
  for (const name of names) options[name] = { type: name === Inputs.dryRun ? 'boolean' : 'string' };
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  if (values['help']) {
    console.log(USAGE);
    process.exit(0);
  }
  const raw: RawSettings = {};
  for (const name of [...ActionInputNames, Inputs.stateFile]) {
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
  for (const name of [...ActionInputNames, Inputs.stateFile]) {
    const value = values[name];
    if (typeof value === 'string') raw[name] = value;
    if (value === true) raw[name] = 'true';
  }
  return { command: positionals[0], raw, json: values['json'] === true };
}

async function main(): Promise<void> {
  const { command, raw, json } = await gatherSettings(process.argv.slice(2));
  if (!MODES.includes(command as Mode)) {
    console.error(command ? `unknown command ${command}\n` : '');
    console.error(USAGE);
    process.exit(2);
  }
  // With --json, stdout carries only the JSON (pipe it to jq); the log goes to stderr.
  const logger = consoleLogger(process.env['PULLBACK_DEBUG'] === '1', json ? (line) => console.error(line) : undefined);
  const stateFile = raw[Inputs.stateFile] ?? '.pullback/state.json';
  const report = await runMode(command as Mode, raw, {
    logger,
    // One file for both backends: source ids (s3://..., sdb:...) never collide.
    watermarkStore: () => new FileWatermarkStore(stateFile),
  });
  if (json) console.log(JSON.stringify(report.outputs, null, 2));
  else for (const line of report.lines) console.log(line);
  if (report.failure) {
    console.error(`pullback: ${report.failure}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(`pullback: ${(error as Error).message ?? String(error)}`);
  if (process.env['PULLBACK_DEBUG'] === '1') console.error(error);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
