/** A catalogue file that could not be used; the message names the file and says how to recover. */
export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    recovery: string,
    options?: { cause?: unknown },
  ) {
    super(`the catalogue file ${file} ${reason}: ${recovery}`, options);
    this.name = 'CatalogError';
  }
}

/**
 * The file is missing or holds something pullback did not write (truncated, other bytes, a line
 * that fails validation). `file` is the destination-relative key, so callers can react: the backup
 * falls back to an older state, a restore stops before writing anything.
 */
export class CatalogDamagedError extends CatalogError {
  constructor(file: string, reason: string, recovery: string, options?: { cause?: unknown }) {
    super(file, reason, recovery, options);
    this.name = 'CatalogDamagedError';
  }
}

/** The destination kept failing or refused while the file was read: the file itself may be fine. */
export class CatalogUnreadableError extends CatalogError {
  constructor(file: string, reason: string, recovery: string, options?: { cause?: unknown }) {
    super(file, reason, recovery, options);
    this.name = 'CatalogUnreadableError';
  }
}

/** Said of a damaged file whose contents matter for every later restore (events, run records). */
export const RECOVER_FROM_COPY =
  "nothing was restored from a partial picture. Recover the file from the destination bucket's own versioning or a replica if you have one " +
  '(the run record in catalog/runs/ holds its SHA-256 and size to check the copy against); `mode: verify` lists every damaged catalogue file';

/** Said when a read keeps failing in transit (the file itself may be fine). */
export const RECOVER_RETRY = 'the destination kept failing while it was read; nothing was changed: run again, and if it keeps failing check the destination endpoint';

/** Said when the destination refuses the read outright. */
export const RECOVER_ACCESS = 'nothing was changed: check the destination credentials (they need s3:GetObject and s3:ListBucket on it) and endpoint, then run again';

/** One line of a catalogue file that is not what pullback writes. */
export class CatalogLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogLineError';
  }
}
