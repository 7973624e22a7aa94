/**
 * Errors about a setting in the CLI's words. The config code and the backends write one message
 * for both front ends, in the action's words: input `confirm-in-place`: ..., set
 * `confirm-in-place` to `overwrite live data`. A terminal user types flags, so the CLI names each
 * input as its flag (--confirm-in-place "overwrite live data"), and, when a config file is in use,
 * as the file's key too where the user may act on it there: the input the error is about (unless
 * a flag or a variable set it), and the setting a fix asks for.
 *
 * Only backticked names of the CLI's own inputs are rewritten, in three shapes the messages use
 * (`name`, `name: value`, set `name` to `value`); any other text is left as it is.
 */
import { ConfigError } from '../config/errors.ts';
import { RestoreError } from '../backends/restore-error.ts';

export interface CliWording {
  /** The inputs the CLI takes as flags (any command's). */
  flags: ReadonlySet<string>;
  /** Which of them are on/off: `--dry-run`, `--no-dry-run`. */
  onOff: ReadonlySet<string>;
  /** A config file is in use (its keys are the input names). */
  configFile: boolean;
  /** Where each set input came from: `--concurrency`, `PULLBACK_CONCURRENCY`, or the file's path. */
  origins?: ReadonlyMap<string, string>;
}

/** A ConfigError, or a RestoreError (about an input or not): the errors the CLI words as flags. */
export function isSettingError(error: unknown): error is ConfigError | RestoreError {
  return error instanceof ConfigError || error instanceof RestoreError;
}

/** `--name`; with a config file `--name (name in the config file)`, unless a flag or a variable set it. */
export function flagOf(input: string, wording: CliWording): string {
  const origin = wording.origins?.get(input);
  const typed = origin !== undefined && (origin.startsWith('--') || origin.startsWith('PULLBACK_'));
  return wording.configFile && !typed ? `--${input} (${input} in the config file)` : `--${input}`;
}

/** A value as a shell takes it: bare when it is one plain word, else in double quotes. */
function shellValue(value: string): string {
  return /^[\w./:@%+=,-]+$/.test(value) ? value : JSON.stringify(value);
}

/** `--name value` as a terminal takes it: `--dry-run`, `--no-dry-run`, `--listing inventory`. */
function flagWithValue(input: string, value: string, wording: CliWording): string {
  if (wording.onOff.has(input) && (value === 'true' || value === 'false')) return value === 'true' ? `--${input}` : `--no-${input}`;
  return `--${input} ${shellValue(value)}`;
}

/**
 * The message's text with every backticked input named as its flag. `it` is the input the
 * message is about (its "set it to `value`" means that input).
 */
export function inFlagWords(text: string, it: string | undefined, wording: CliWording): string {
  const isFlag = (name: string | undefined): name is string => name !== undefined && wording.flags.has(name);
  return (
    text
      // A fix: set `confirm-in-place` to `overwrite live data` -> add --confirm-in-place "overwrite live data".
      .replace(/\b([Ss])et (?:`([a-z0-9-]+)`|it) to `([^`\n]+)`/g, (whole, s: string, named: string | undefined, value: string) => {
        const input = named ?? it;
        if (!isFlag(input)) return whole;
        const both = wording.configFile ? ` (${input}: ${value} in the config file)` : '';
        return `${s === 'S' ? 'Add' : 'add'} ${flagWithValue(input, value, wording)}${both}`;
      })
      // A setting with its value: `restore-in-place: true` -> --restore-in-place.
      .replace(/`([a-z0-9-]+): ([^`\n]+)`/g, (whole, input: string, value: string) => (isFlag(input) ? flagWithValue(input, value, wording) : whole))
      // A setting: `sources` -> --sources.
      .replace(/`([a-z0-9-]+)`/g, (whole, input: string) => (isFlag(input) ? `--${input}` : whole))
  );
}

/**
 * The CLI's message for a setting error: the flag in front where the action has input `name`:,
 * and every input in the text as its flag.
 */
export function settingErrorText(error: ConfigError | RestoreError, wording: CliWording): string {
  const { input } = error;
  const detail = inFlagWords(error.detail, input, wording);
  if (input === undefined) return detail;
  // An input the CLI has no flag for (the action's `mode`: a command here) keeps the action's words.
  return wording.flags.has(input) ? `${flagOf(input, wording)}: ${detail}` : `input \`${input}\`: ${detail}`;
}
