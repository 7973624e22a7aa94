/**
 * The one error for a setting the user must change: the message names the input (as action.yml,
 * the CLI flags and config files spell it) and says how to fix it. The CLI exits 2 on it.
 */
export class ConfigError extends Error {
  constructor(
    readonly input: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`input \`${input}\`: ${message}`, options);
    this.name = 'ConfigError';
  }
}
