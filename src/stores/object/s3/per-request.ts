// Work the AWS SDK redoes on every request that one S3 client needs once (issue 11: the SDK's
// per-request CPU is most of a full backup's client CPU). Neither changes what is sent: the
// requests, their signatures and their answers are the same bytes (test/int/s3-per-request.test.ts).
import type { S3Client } from '@aws-sdk/client-s3';

type SignerOf = S3Client['config']['signer'];

/**
 * The SDK builds a new signer for every request (`config.signer(authScheme)`: a copy of the whole
 * client config, then a SignatureV4MultiRegion), 19 µs a request in a profile of 48,000 puts and
 * gets. Each one it builds after the first is the same: it takes the region and service from the
 * config, where the first call settled them. A signer holds no request's state (callers that
 * pass `signer` share one the same way) and reads credentials through the client's provider on
 * every signature, so refreshed credentials still apply. One that failed to build is built again.
 */
export function reuseSigner(client: S3Client): void {
  const build: SignerOf = client.config.signer;
  let built: ReturnType<SignerOf> | undefined;
  client.config.signer = (authScheme) => {
    if (!built) {
      built = build(authScheme);
      built.catch(() => (built = undefined));
    }
    return built;
  };
}

/**
 * The SDK copies its resolved config ({...config}) two to four times a request (endpoint,
 * serialisation, deserialisation). V8 keeps that object's 68 properties in dictionary mode, since
 * the SDK redefined `credentials` as an accessor: about 17 µs a copy, where a fast-mode object of
 * the same properties copies in 3 µs. V8 gives an object fast properties again when it serves as
 * a prototype and a property is looked up through it: a throwaway object inherits from the config
 * for a few lookups of a name it lacks, and nothing of the config changes. If a V8 ever stops doing that, the copies
 * are only as slow as they were.
 */
export function compactConfig(client: S3Client): void {
  const heir = Object.create(client.config as object) as { pullbackNoSuchSetting?: unknown };
  // V8 gives a function its inline caches only after a few calls; the first calls look up
  // without them, and leave the prototype as it is. Microseconds in all.
  for (let i = 0; i < LOOKUPS; i++) lookUpThrough(heir);
}

/** Enough calls for V8 (Node 24's) to give lookUpThrough its inline caches: it allocates them after 8. */
const LOOKUPS = 32;

/**
 * A named lookup of a property the object lacks, in a function of its own: the load V8 answers
 * through the prototype once the function has its caches (a keyed lookup, object[name], did not
 * make the prototype fast, measured on Node 24.21).
 */
function lookUpThrough(object: { pullbackNoSuchSetting?: unknown }): unknown {
  return object.pullbackNoSuchSetting;
}
