/** The text `confirm-in-place` must hold (defined with the inputs; re-exported for the backends' messages). */
export { IN_PLACE_CONFIRMATION } from '../config/inputs.ts';

/** A restore that cannot start or must stop: the message says what to change. */
export class RestoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RestoreError';
  }
}
