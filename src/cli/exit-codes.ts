/**
 * The CLI's exit codes (docs/cli.md), one meaning each, whichever backend or command:
 *
 *   0  the run did what was asked (a dry run included)
 *   1  the run failed: an error stopped it, or verify found differences
 *   2  usage or configuration: a flag, a config file, a PULLBACK_* variable or a setting must
 *      change (nothing was written); a restore time before the first backup is one
 *   3  partial: the run finished but some objects or items failed; run it again to finish
 *      (a backup retries them next run, its watermark did not move)
 */
import { ConfigError } from '../config/errors.ts';
import { RestoreError } from '../backends/restore-error.ts';

export const ExitCode = { ok: 0, failed: 1, usage: 2, partial: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A command line the CLI cannot run: an unknown flag or command, a bad config file. Exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help to point at, when known. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A setting the user must change, however late it was found: exit 2. */
export function isUsageError(error: unknown): boolean {
  return error instanceof UsageError || error instanceof ConfigError || (error instanceof RestoreError && error.input !== undefined);
}

export function exitCodeForError(error: unknown): ExitCode {
  return isUsageError(error) ? ExitCode.usage : ExitCode.failed;
}
