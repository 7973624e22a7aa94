/**
 * What every write to an S3 backup destination carries (issue 12): `destination-storage-class`,
 * `destination-sse` (AES256 or aws:kms) with `destination-sse-kms-key-id`, and Object Lock
 * retention (`object-lock-mode`, `object-lock-days`). Backup, restore (its safety backup and its
 * default target are in the destination) and prune write there; verify does not.
 */
import type { S3WriteSettings } from '../stores/object/s3/client.ts';
import { ConfigError } from './errors.ts';
import { Inputs, type InputName } from './inputs.ts';
import { integerSetting, optional, type RawSettings } from './parse.ts';
import type { DestinationSpec } from './destination-spec.ts';

/** Storage classes whose objects cannot be read back without a restore request first. */
const ARCHIVE_CLASSES = ['GLACIER', 'DEEP_ARCHIVE'];
const STORAGE_CLASS = /^[A-Z][A-Z0-9_]{0,63}$/;

function refuseLocal(destination: DestinationSpec, input: InputName): void {
  if (destination.kind === 'local') throw new ConfigError(input, 'applies to an S3 destination (s3://bucket/prefix); the destination is a local folder');
}

/**
 * What every write to the destination carries: `destination-storage-class`, `destination-sse`
 * (AES256 or aws:kms) with `destination-sse-kms-key-id`, `object-lock-mode` (governance or
 * compliance) with `object-lock-days`. Undefined when none is set.
 */
export function destinationWrites(raw: RawSettings, destination: DestinationSpec): S3WriteSettings | undefined {
  const writes: S3WriteSettings = {};
  const storageClass = optional(raw, Inputs.destinationStorageClass);
  if (storageClass !== undefined) {
    refuseLocal(destination, Inputs.destinationStorageClass);
    const upper = storageClass.toUpperCase();
    if (!STORAGE_CLASS.test(upper)) throw new ConfigError(Inputs.destinationStorageClass, `${JSON.stringify(storageClass)} is not a storage class (such as STANDARD_IA, INTELLIGENT_TIERING or GLACIER_IR)`);
    if (ARCHIVE_CLASSES.includes(upper)) {
      throw new ConfigError(
        Inputs.destinationStorageClass,
        `${upper} objects cannot be read without a restore request, and every backup reads its catalogue back: choose GLACIER_IR (instant retrieval), ` +
          'or move data/ to an archive class with a lifecycle rule (docs/retention.md)',
      );
    }
    writes.storageClass = upper;
  }
  const sse = optional(raw, Inputs.destinationSse);
  const kmsKeyId = optional(raw, Inputs.destinationSseKmsKeyId);
  if (sse !== undefined) {
    refuseLocal(destination, Inputs.destinationSse);
    if (sse.toUpperCase() === 'AES256') {
      if (kmsKeyId !== undefined) throw new ConfigError(Inputs.destinationSseKmsKeyId, `goes with \`${Inputs.destinationSse}: aws:kms\`, not AES256`);
      writes.sse = { algorithm: 'AES256' };
    } else if (sse.toLowerCase() === 'aws:kms') {
      if (kmsKeyId !== undefined && !/^[A-Za-z0-9:/_+=,.@-]{1,2048}$/.test(kmsKeyId)) throw new ConfigError(Inputs.destinationSseKmsKeyId, 'is not a KMS key id, alias or ARN');
      writes.sse = { algorithm: 'aws:kms', ...(kmsKeyId !== undefined ? { kmsKeyId } : {}) };
    } else {
      throw new ConfigError(Inputs.destinationSse, `must be AES256 or aws:kms, got ${JSON.stringify(sse)}`);
    }
  } else if (kmsKeyId !== undefined) {
    throw new ConfigError(Inputs.destinationSseKmsKeyId, `goes with \`${Inputs.destinationSse}: aws:kms\`: set that too`);
  }
  const mode = optional(raw, Inputs.objectLockMode);
  const days = optional(raw, Inputs.objectLockDays);
  if (mode !== undefined || days !== undefined) {
    if (mode === undefined) throw new ConfigError(Inputs.objectLockMode, `goes with \`${Inputs.objectLockDays}\`: set governance or compliance`);
    if (days === undefined) throw new ConfigError(Inputs.objectLockDays, `goes with \`${Inputs.objectLockMode}\`: set how many days each object stays locked`);
    refuseLocal(destination, Inputs.objectLockMode);
    const lower = mode.toLowerCase();
    if (lower !== 'governance' && lower !== 'compliance') throw new ConfigError(Inputs.objectLockMode, `must be governance or compliance, got ${JSON.stringify(mode)}`);
    writes.objectLock = { mode: lower === 'governance' ? 'GOVERNANCE' : 'COMPLIANCE', days: integerSetting(raw, Inputs.objectLockDays, 0, 1, 36_500) };
  }
  return Object.keys(writes).length > 0 ? writes : undefined;
}

/** The destination with its write options (backup, restore and prune write; verify does not). */
export function writableDestination(raw: RawSettings, destination: DestinationSpec): DestinationSpec {
  const writes = destinationWrites(raw, destination);
  return writes && destination.kind === 's3' ? { ...destination, writes } : destination;
}

