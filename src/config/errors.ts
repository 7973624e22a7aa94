/** A bad setting: the message names the input and says how to fix it. */
export class ConfigError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`input \`${input}\`: ${message}`);
    this.name = 'ConfigError';
  }
}
