/**
 * The CLI: parse the command line, gather the settings (flags, --config file, PULLBACK_*), run the
 * mode as the action does (app/run-mode.ts), print the result (lines, or one JSON document), and
 * return the exit code (exit-codes.ts). Every usage or setting error says what to change, where
 * it was set, and where the help is.
 */
import type { Mode } from '../config/build.ts';
import { ConfigError } from '../config/errors.ts';
import { Inputs } from '../config/inputs.ts';
import { RestoreError } from '../backends/restore-error.ts';
import { runMode } from '../app/run-mode.ts';
import type { RunReport } from '../report/run-report.ts';
import { FileWatermarkStore } from '../watermark/file-store.ts';
import { commandSpecs, knownSettingNames } from './commands.ts';
import { ExitCode, exitCodeForError, isUsageError, UsageError } from './exit-codes.ts';
import { BOOLEAN_INPUTS } from './flags.ts';
import { errorDocument, reportDocument, toJson } from './json-output.ts';
import { parseCommandLine } from './program.ts';
import { gatherSettings, originOf, type Settings } from './settings.ts';
import { isSettingError, settingErrorText, type CliWording } from './setting-errors.ts';
import { terminalLogger, terminalWidth, type TerminalLogger } from './terminal-logger.ts';

/** The process as the CLI sees it (tests pass their own). */
export interface CliProcess {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal (a live progress line is possible) and its width. */
  stderrIsTerminal: boolean;
  columns: () => number | undefined;
}

export function nodeProcess(): CliProcess {
  return {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stderrIsTerminal: process.stderr.isTTY === true,
    // A width of 0 (some CI pseudo-terminals) is no width: the next source says, or none does.
    columns: () => terminalWidth(process.stderr.columns) ?? terminalWidth(process.stdout.columns) ?? terminalWidth(Number(process.env['COLUMNS'])),
  };
}

export const EXIT_CODE_BY_STATUS: Record<RunReport['status'], ExitCode> = { ok: ExitCode.ok, partial: ExitCode.partial, failed: ExitCode.failed };

/** The input an error is about, when it names one. */
function inputOf(error: unknown): string | undefined {
  if (error instanceof ConfigError) return error.input;
  if (error instanceof RestoreError) return error.input;
  return undefined;
}

/**
 * The error as the CLI prints it: a setting error names flags where the action names inputs,
 * then where the value came from (left out when it is the flag the message starts with).
 */
function errorText(error: unknown, settings: Settings, wording: CliWording): string {
  const input = inputOf(error);
  const origin = originOf(settings, input);
  if (!isSettingError(error)) return `${(error as Error).message ?? String(error)}${origin}`;
  const saidAlready = origin === ` (set by --${input})`;
  return `${settingErrorText(error, { ...wording, origins: settings.origins })}${saidAlready ? '' : origin}`;
}

export async function main(argv: readonly string[], proc: CliProcess = nodeProcess()): Promise<ExitCode> {
  const line = (write: (text: string) => void) => (text: string) => write(`${text}\n`);
  const err = line(proc.stderr);
  const helpPointer = (mode: string | undefined) => `Run 'pullback ${mode ? `${mode} ` : ''}--help' to see ${mode ? 'every flag' : 'the commands'}.`;

  let parsed;
  try {
    parsed = parseCommandLine(argv, { out: proc.stdout, err: proc.stderr, columns: Math.min(terminalWidth(proc.columns()) ?? 100, 120) });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`pullback: ${error.message}`);
    err(helpPointer(error.command));
    return ExitCode.usage;
  }
  if (parsed.kind === 'done') return parsed.exitCode;

  const { mode, common } = parsed;
  const spec = commandSpecs().find((s) => s.mode === mode)!;
  const configPath = common.config ?? proc.env['PULLBACK_CONFIG'];
  let settings: Settings = { raw: {}, origins: new Map(), warnings: [] };
  const live = common.progress === true || (common.progress === undefined && proc.stderrIsTerminal);
  let logger: TerminalLogger | undefined;
  const known = knownSettingNames();
  const wording: CliWording = { flags: new Set(known), onOff: new Set(BOOLEAN_INPUTS), configFile: configPath !== undefined };
  try {
    // The YAML parser (about 80 modules) is loaded only for a run that names a config file: an
    // hourly run from flags or the environment starts without it.
    const file = configPath ? { path: configPath, settings: await (await import('./config-file.ts')).readConfigFile(configPath, known) } : undefined;
    settings = gatherSettings({ inputs: spec.inputs, known, flags: parsed.flags, env: proc.env, ...(file ? { file } : {}) });
    const verbose = common.verbose || proc.env['PULLBACK_DEBUG'] === '1';
    logger = terminalLogger({
      verbose,
      // With --json, stdout carries the JSON document alone (pipe it to jq); the log goes to stderr.
      out: common.json ? err : line(proc.stdout),
      err,
      ...(live ? { live: { write: proc.stderr, columns: proc.columns } } : {}),
    });
    // --no-progress: a status line that shows nothing (each pass still logs its last line).
    if (common.progress === false) logger.status = () => {};
    for (const warning of settings.warnings) logger.warn(warning);
    const stateFile = settings.raw[Inputs.stateFile] ?? '.pullback/state.json';
    const report = await runMode(mode, settings.raw, {
      logger,
      env: proc.env,
      // One file for both backends: source ids (s3://..., sdb:...) never collide.
      watermarkStore: () => new FileWatermarkStore(stateFile),
      // A terminal shows the report's lines, not the job summary's chart of earlier runs; --json's result holds them.
      recentRuns: common.json === true,
    });
    logger.close();
    const exitCode = EXIT_CODE_BY_STATUS[report.status];
    if (common.json) proc.stdout(`${toJson(reportDocument(mode, report, exitCode))}\n`);
    else for (const text of report.lines) proc.stdout(`${text}\n`);
    if (report.failure) err(`pullback: ${report.failure}`);
    return exitCode;
  } catch (error) {
    logger?.close();
    const exitCode = exitCodeForError(error);
    const input = inputOf(error);
    const message = errorText(error, settings, wording);
    if (common.json) proc.stdout(`${toJson(errorDocument(mode as Mode, message, input, exitCode))}\n`);
    err(`pullback: ${message}`);
    if (isUsageError(error)) err(helpPointer(mode));
    else if (common.verbose || proc.env['PULLBACK_DEBUG'] === '1') err(String((error as Error).stack ?? error));
    return exitCode;
  }
}
