import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildJobs } from '../../src/config/build.ts';
import { ConfigError } from '../../src/config/errors.ts';
import { Inputs } from '../../src/config/inputs.ts';
import type { RawSettings } from '../../src/config/parse.ts';

const base: RawSettings = {
  [Inputs.sources]: 'live',
  [Inputs.destination]: 's3://backups/pb',
  [Inputs.destinationAccessKeyId]: 'AKID',
  [Inputs.destinationSecretAccessKey]: 'secret',
};

function writesOf(raw: RawSettings, mode: 'backup' | 'restore' | 'verify' = 'backup') {
  const job = buildJobs(mode, { ...base, [Inputs.restoreTime]: '2026-01-01T00:00:00Z', ...raw }, {}, new Date('2026-06-01T00:00:00Z'))[0]!;
  const destination = (job.config as { destination: { kind: string; writes?: unknown } }).destination;
  return destination.writes;
}

function refused(raw: RawSettings, input: string, pattern: RegExp): void {
  assert.throws(
    () => writesOf(raw),
    (error: unknown) => error instanceof ConfigError && error.input === input && pattern.test(error.message),
  );
}

describe('destination write options (storage class, encryption, Object Lock)', () => {
  it('none by default; each input reaches the backup and restore configs, never verify (it writes nothing)', () => {
    assert.equal(writesOf({}), undefined);
    const raw = { [Inputs.destinationStorageClass]: 'standard_ia', [Inputs.destinationSse]: 'aws:kms', [Inputs.destinationSseKmsKeyId]: 'alias/backups', [Inputs.objectLockMode]: 'Compliance', [Inputs.objectLockDays]: '90' };
    const expected = { storageClass: 'STANDARD_IA', sse: { algorithm: 'aws:kms', kmsKeyId: 'alias/backups' }, objectLock: { mode: 'COMPLIANCE', days: 90 } };
    assert.deepEqual(writesOf(raw), expected);
    assert.deepEqual(writesOf(raw, 'restore'), expected);
    assert.equal(writesOf(raw, 'verify'), undefined);
    assert.deepEqual(writesOf({ [Inputs.destinationSse]: 'AES256' }), { sse: { algorithm: 'AES256' } });
  });

  it('refuses what cannot work, naming the input', () => {
    refused({ [Inputs.destinationStorageClass]: 'GLACIER' }, Inputs.destinationStorageClass, /cannot be read without a restore request/);
    refused({ [Inputs.destinationStorageClass]: 'deep_archive' }, Inputs.destinationStorageClass, /DEEP_ARCHIVE/);
    refused({ [Inputs.destinationStorageClass]: 'not a class' }, Inputs.destinationStorageClass, /is not a storage class/);
    refused({ [Inputs.destinationSse]: 'aws:kms:dsse' }, Inputs.destinationSse, /AES256 or aws:kms/);
    refused({ [Inputs.destinationSseKmsKeyId]: 'alias/x' }, Inputs.destinationSseKmsKeyId, /goes with `destination-sse: aws:kms`/);
    refused({ [Inputs.destinationSse]: 'AES256', [Inputs.destinationSseKmsKeyId]: 'alias/x' }, Inputs.destinationSseKmsKeyId, /not AES256/);
    refused({ [Inputs.objectLockMode]: 'governance' }, Inputs.objectLockDays, /how many days/);
    refused({ [Inputs.objectLockDays]: '7' }, Inputs.objectLockMode, /governance or compliance/);
    refused({ [Inputs.objectLockMode]: 'legal', [Inputs.objectLockDays]: '7' }, Inputs.objectLockMode, /must be governance or compliance/);
    refused({ [Inputs.objectLockMode]: 'governance', [Inputs.objectLockDays]: '0' }, Inputs.objectLockDays, /from 1 to 36500/);
    refused({ [Inputs.destination]: '/tmp/backups', [Inputs.objectLockMode]: 'governance', [Inputs.objectLockDays]: '7' }, Inputs.objectLockMode, /local folder/);
  });
});
