import { isNotFound } from '../../../transfer/errors.ts';
import { refusedPrecondition } from './refusals.ts';

/** The If-Match of the probe: an MD5-shaped ETag no object written by anyone has. */
export const NO_OBJECT_HAS_THIS_ETAG = '"00000000000000000000000000000000"';

/** What the probe object holds (never read: it says what it is to whoever finds it). */
export const STALE_IF_MATCH_PROBE_BODY = JSON.stringify({ purpose: 'pullback checks here that this store refuses a write whose If-Match names an ETag the object does not have' });

/**
 * Whether a store refuses a write whose If-Match names an ETag its object does not have (412),
 * shown with the probe object: `writeStale` writes it with If-Match NO_OBJECT_HAS_THIS_ETAG,
 * `create` writes it plainly. On a store that ignores conditions (s3rver) the stale write lands
 * (the probe's own bytes again, harmless) and the answer is false; so it is on any other error.
 * A first run finds no probe object (404): it is made, and the store asked again. A 412 before the
 * object exists is taken as proof too (a store may answer If-Match on a missing key so, RFC 9110):
 * a store that checks If-Match at all compares ETags on the keys that exist, which is what the
 * lease's write is (issue 11; docs/catalogue.md, the run lease).
 */
export async function probeStaleIfMatch(writeStale: () => Promise<unknown>, create: () => Promise<unknown>): Promise<boolean> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      await writeStale();
      return false;
    } catch (error) {
      if (refusedPrecondition(error)) return true;
      if (!isNotFound(error) || attempt === 2) return false;
    }
    await create();
  }
  return false;
}
