/**
 * The command line, parsed with commander: `pullback <command> [flags]`, one command per mode
 * (commands.ts), every input a flag (flags.ts), the CLI's own flags (--config, --json, --progress,
 * --verbose), per-command help listing every flag with its default, --version. Every mistake is a
 * UsageError (exit 2) that says what was wrong, the nearest valid name when there is one, and
 * where the help is.
 */
import { Command, CommanderError, Option } from 'commander';
import type { Mode } from '../config/build.ts';
import type { InputName } from '../config/inputs.ts';
import { VERSION } from '../version.ts';
import { commandSpecs, type CommandSpec } from './commands.ts';
import { UsageError } from './exit-codes.ts';
import { BOOLEAN_INPUTS, environmentName, inputOptions, normaliseBooleanFlags } from './flags.ts';
import { nearest } from './suggest.ts';
import { listing } from '../report/words.ts';

export const EXIT_CODES_HELP = `Exit codes:
  0  done (a dry run included)
  1  the run failed, or verify found differences
  2  usage or configuration error (nothing was written)
  3  partial: some objects or items failed; run it again to finish`;

const SETTINGS_HELP = `Settings: every flag is also a key of a --config file (YAML or JSON, the flag's name without --)
and a PULLBACK_<NAME> variable (PULLBACK_DESTINATION_SECRET_ACCESS_KEY for
--destination-secret-access-key). Flags win over the file, the file over the variables. On/off
flags take --no-<flag> and --<flag>=true|false too. Source credentials come from the standard AWS
chain (environment, profile, web identity).`;

/** The CLI's own flags, for every command. */
export interface CommonFlags {
  config?: string;
  json: boolean;
  /** Undefined: a live line when stderr is a terminal. */
  progress?: boolean;
  verbose: boolean;
}

export type ParsedCommandLine =
  | { kind: 'run'; mode: Mode; flags: Partial<Record<InputName, string>>; common: CommonFlags }
  /** Help or the version was printed: exit with this code. */
  | { kind: 'done'; exitCode: 0 | 2 };

export interface ProgramOutput {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Columns to wrap help at (the terminal's width, or 100). */
  columns?: number;
}

const OUTPUT_GROUP = 'Output and config:';

function commonOptions(): Option[] {
  return [
    new Option('--config <file>', 'YAML or JSON file of settings: the flags\' names as keys (see below).').helpGroup(OUTPUT_GROUP),
    new Option('--json', 'Print the result as one JSON document on stdout; the log goes to stderr.').helpGroup(OUTPUT_GROUP),
    new Option('-P, --progress', 'Show a live progress line (default: on when stderr is a terminal; periodic lines otherwise).').helpGroup(OUTPUT_GROUP),
    new Option('--no-progress').hideHelp(),
    new Option('-v, --verbose', 'Log debug lines too.').helpGroup(OUTPUT_GROUP),
  ];
}

function commandHelpFooter(spec: CommandSpec): string {
  const lines = ['', SETTINGS_HELP, '', EXIT_CODES_HELP];
  if (spec.examples.length > 0) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

/** The flag names (without --) a command takes, its inputs' and the common ones. */
function flagNames(spec: CommandSpec): string[] {
  const names: string[] = [...spec.inputs, 'config', 'json', 'progress', 'verbose', 'help'];
  for (const name of spec.inputs) if ((BOOLEAN_INPUTS as readonly string[]).includes(name)) names.push(`no-${name}`);
  return [...names, 'no-progress'];
}

function unknownOption(typed: string, spec: CommandSpec, specs: CommandSpec[]): UsageError {
  const name = typed.replace(/^-+/, '').replace(/=.*$/, '');
  const elsewhere = specs.filter((other) => other !== spec && (other.inputs as readonly string[]).includes(name));
  if (elsewhere.length > 0) {
    return new UsageError(`--${name} is not a flag of \`pullback ${spec.mode}\` (${listing(elsewhere.map((s) => `\`pullback ${s.mode}\``))} take${elsewhere.length === 1 ? 's' : ''} it)`, spec.mode);
  }
  const near = typed.startsWith('--') || typed.length > 2 ? nearest(name, flagNames(spec)) : undefined;
  return new UsageError(`unknown flag ${typed.replace(/=.*$/, '')}${near ? ` (did you mean --${near}?)` : ''}`, spec.mode);
}

/** Commander's message without its "error: " and with the command's name. */
function usageFromCommander(error: CommanderError, mode: Mode | undefined, specs: CommandSpec[], argv: readonly string[]): UsageError {
  const spec = specs.find((s) => s.mode === mode);
  const quoted = /'([^']+)'/.exec(error.message)?.[1];
  switch (error.code) {
    case 'commander.unknownOption':
      if (spec && quoted) return unknownOption(quoted, spec, specs);
      return new UsageError(`unknown flag ${quoted ?? ''}: flags go after the command (pullback backup --dry-run)`);
    case 'commander.unknownCommand': {
      const typed = quoted ?? argv.find((a) => !a.startsWith('-')) ?? '';
      const near = nearest(typed, specs.map((s) => s.mode));
      return new UsageError(`unknown command ${JSON.stringify(typed)}${near ? ` (did you mean \`pullback ${near}\`?)` : ''}; the commands are ${specs.map((s) => s.mode).join(', ')}`);
    }
    case 'commander.excessArguments':
      return new UsageError(`\`pullback ${mode}\` takes flags only, not ${JSON.stringify(argv.filter((a) => !a.startsWith('-')).slice(1).join(' '))} (a value with spaces needs quotes)`, mode);
    case 'commander.optionMissingArgument':
      return new UsageError(`${quoted?.split(' ')[0] ?? 'a flag'} needs a value`, mode);
    default:
      return new UsageError(error.message.replace(/^error: /, ''), mode);
  }
}

/**
 * Parses the command line. Help and --version are printed through `output`; a mistake throws a
 * UsageError naming the command whose help to read.
 */
export function parseCommandLine(argv: readonly string[], output: ProgramOutput): ParsedCommandLine {
  const specs = commandSpecs();
  let parsed: ParsedCommandLine | undefined;
  const program = new Command('pullback')
    .description('Pull incremental, versioned backups out of AWS (S3 objects to any S3-compatible bucket or a folder, SimpleDB items to MySQL), and restore them as of any moment.')
    .usage('<command> [flags]')
    .version(`pullback ${VERSION}`, '-V, --version', 'Print the version.')
    .helpOption('-h, --help', 'Show the help (pullback <command> --help: every flag of a command).')
    .helpCommand('help [command]', 'Show the help of a command.')
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: output.out, writeErr: output.err, outputError: () => {}, getOutHelpWidth: () => output.columns ?? 100, getErrHelpWidth: () => output.columns ?? 100 })
    .configureHelp({ subcommandTerm: (command) => command.name() })
    .addHelpText('after', `\n${SETTINGS_HELP}\n\n${EXIT_CODES_HELP}\n\nDocumentation: docs/cli.md`);

  for (const spec of specs) {
    const command = program
      .command(spec.mode)
      .summary(spec.summary)
      .description(`${spec.summary}.`)
      .usage('[flags]')
      .addHelpOption(new Option('-h, --help', 'Show this help.').helpGroup(OUTPUT_GROUP))
      .showSuggestionAfterError(false)
      .exitOverride()
      .configureOutput({ writeOut: output.out, writeErr: output.err, outputError: () => {}, getOutHelpWidth: () => output.columns ?? 100, getErrHelpWidth: () => output.columns ?? 100 })
      .addHelpText('after', commandHelpFooter(spec))
      .action((options: Record<string, unknown>, self: Command) => {
        const flags: Partial<Record<InputName, string>> = {};
        for (const option of self.options) {
          const name = option.long?.replace(/^--(no-)?/, '') as InputName | undefined;
          if (!name || !(spec.inputs as readonly string[]).includes(name)) continue;
          const value = options[option.attributeName()];
          if (value === undefined || self.getOptionValueSource(option.attributeName()) !== 'cli') continue;
          flags[name] = String(value);
        }
        const common: CommonFlags = {
          json: options['json'] === true,
          verbose: options['verbose'] === true,
          ...(typeof options['config'] === 'string' ? { config: options['config'] } : {}),
          ...(typeof options['progress'] === 'boolean' ? { progress: options['progress'] } : {}),
        };
        parsed = { kind: 'run', mode: spec.mode, flags, common };
      });
    for (const name of spec.inputs) for (const option of inputOptions(name, spec.required.includes(name))) command.addOption(option);
    for (const option of commonOptions()) command.addOption(option);
  }

  // `pullback help nope`: commander would print the general help; it is an unknown command.
  if (argv[0] === 'help' && argv[1] !== undefined && !argv[1].startsWith('-') && !specs.some((s) => s.mode === argv[1])) {
    const near = nearest(argv[1], specs.map((s) => s.mode));
    throw new UsageError(`unknown command ${JSON.stringify(argv[1])}${near ? ` (did you mean \`pullback ${near}\`?)` : ''}; the commands are ${specs.map((s) => s.mode).join(', ')}`);
  }
  // The command the flags belong to, for messages before commander knows it.
  const current = specs.find((s) => s.mode === argv.find((a) => !a.startsWith('-')))?.mode;
  let args: string[];
  try {
    args = normaliseBooleanFlags(argv);
  } catch (error) {
    throw error instanceof UsageError ? new UsageError(error.message, current) : error;
  }
  try {
    program.parse(args, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return { kind: 'done', exitCode: 0 };
    // `pullback help backup` exits 0; `pullback` alone prints the help on stderr with a usage error's code.
    if (error.code === 'commander.help') return { kind: 'done', exitCode: error.exitCode === 0 ? 0 : 2 };
    throw usageFromCommander(error, current, specs, args);
  }
  if (!parsed) throw new UsageError('no command: pullback backup, restore or verify');
  return parsed;
}

export { environmentName };
