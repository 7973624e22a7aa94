/** The literal text `confirm-in-place` must hold before a restore writes over live data. */
export const IN_PLACE_CONFIRMATION = 'overwrite live data';

/** A restore that cannot start or must stop: the message says what to change. */
export class RestoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RestoreError';
  }
}
