/**
 * The one error for a setting the user must change: the message names the input (as action.yml,
 * the CLI flags and config files spell it) and says how to fix it. The CLI exits 2 on it.
 *
 * The input and the rest of the message are kept apart as well: the action shows the message
 * (input `concurrency`: ...), the CLI names the flag instead (src/cli/setting-errors.ts).
 */
export class ConfigError extends Error {
  constructor(
    readonly input: string,
    /** What is wrong and how to fix it, without the input's name in front. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`input \`${input}\`: ${detail}`, options);
    this.name = 'ConfigError';
  }
}
