/**
 * The CLI's commands: one per mode, with the same inputs as the mode's sub-action
 * (src/action/sub-action-inputs.ts), so a flag, a config-file key, a PULLBACK_* variable and a
 * `with:` entry are one table. Adding a command is adding its mode: once `MODES` and
 * `SUB_ACTION_INPUTS` know it, the compiler asks for its line in COMMAND_SUMMARIES below, and
 * nothing else in src/cli/ changes.
 */
import { MODES, type Mode } from '../config/build.ts';
import { Inputs, type InputName } from '../config/inputs.ts';
import { SUB_ACTION_INPUTS } from '../action/sub-action-inputs.ts';
import { REQUIRED_INPUTS } from './input-docs.ts';

/** What each command does, in a line (the first line of its help and of `pullback --help`). */
export const COMMAND_SUMMARIES: Readonly<Record<Mode, string>> = {
  backup: 'Back up S3 buckets (every new version) and SimpleDB domains (into MySQL), incrementally',
  restore: 'Restore S3 objects and SimpleDB items as they were at any moment (--restore-time)',
  verify: 'Check that a backup is complete and readable, against the live sources',
  prune: 'Remove backed-up versions no kept restore point needs (a retention policy; --dry-run first)',
};

/** Examples shown at the end of each command's help. */
export const COMMAND_EXAMPLES: Readonly<Partial<Record<Mode, readonly string[]>>> = {
  backup: [
    'pullback backup --sources my-bucket --destination ./backups',
    'pullback backup --config pullback.yaml --dry-run',
  ],
  restore: [
    'pullback restore --destination ./backups --restore-time "2 days ago" --dry-run',
    'pullback restore --destination ./backups --restore-time 2026-11-24T16:00:00Z --restore-target ./restored',
  ],
  verify: ['pullback verify --destination ./backups --sources my-bucket --read-data sample:10'],
  prune: ['pullback prune --destination ./backups --keep-within 30d --keep-daily 14 --dry-run', 'pullback prune --destination ./backups --keep-within 30d --keep-daily 14'],
};

/**
 * Inputs of the CLI that no action has (the action keeps its watermark in the Actions cache). The
 * state file is written by a backup and by the safety backup an in-place restore takes first.
 */
const CLI_ONLY: Readonly<Partial<Record<Mode, readonly InputName[]>>> = {
  backup: [Inputs.stateFile],
  restore: [Inputs.stateFile],
};

export interface CommandSpec {
  mode: Mode;
  summary: string;
  /** The inputs this command takes as flags, in the sub-action's order. */
  inputs: readonly InputName[];
  /** Inputs it cannot run without (marked in its help; the config says so when missing). */
  required: readonly InputName[];
  examples: readonly string[];
}

export function commandSpecs(): CommandSpec[] {
  return MODES.map((mode) => ({
    mode,
    summary: COMMAND_SUMMARIES[mode],
    inputs: [...SUB_ACTION_INPUTS[mode], ...(CLI_ONLY[mode] ?? [])],
    required: REQUIRED_INPUTS[mode],
    examples: COMMAND_EXAMPLES[mode] ?? [],
  }));
}

/** Every name a config file or a PULLBACK_* variable may set: any command's input. */
export function knownSettingNames(): InputName[] {
  return [...new Set(commandSpecs().flatMap((spec) => spec.inputs))];
}
