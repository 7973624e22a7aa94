/** The text `confirm-in-place` must hold (defined with the inputs; re-exported for the backends' messages). */
export { IN_PLACE_CONFIRMATION } from '../config/inputs.ts';

/** How a message about a setting begins, as ConfigError writes it: input `restore-time`: ... */
const ABOUT_AN_INPUT = /^input `([a-z0-9-]+)`:/;

/**
 * A restore that cannot start or must stop: the message says what to change. One whose message
 * begins with input `<name>`: (a restore time before the first backup, a source not in the
 * catalogue, a target over live data without the confirmation) is about a setting the user must
 * change, found only once the backup was read: `input` names it, and the CLI exits 2 as for a
 * ConfigError.
 */
export class RestoreError extends Error {
  readonly input: string | undefined;
  /** The message without its input `<name>`: opening (all of it when it names no input). */
  readonly detail: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RestoreError';
    const about = ABOUT_AN_INPUT.exec(message);
    this.input = about?.[1];
    this.detail = about ? message.slice(about[0].length).trimStart() : message;
  }
}
