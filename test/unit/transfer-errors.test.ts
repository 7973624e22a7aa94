import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKUP_POLICY, classifyTransferError, RESTORE_POLICY, VerificationError } from '../../src/transfer/errors.ts';
import { DamagedBackupError } from '../../src/backends/s3/restore-copy.ts';

/** An error shaped as the AWS SDK throws it. */
const s3Error = (name: string, status?: number, message = name) => Object.assign(new Error(message), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

describe('classifyTransferError: one list of fatal, race and retryable errors', () => {
  it('stops the run on what no other object escapes, in a backup and a restore alike', () => {
    for (const policy of [BACKUP_POLICY, RESTORE_POLICY]) {
      assert.equal(classifyTransferError(s3Error('NoSuchBucket', 404), policy), 'fatal');
      assert.equal(classifyTransferError(s3Error('InvalidAccessKeyId', 403), policy), 'fatal');
      assert.equal(classifyTransferError(s3Error('SignatureDoesNotMatch', 403), policy), 'fatal');
      assert.equal(classifyTransferError(Object.assign(new Error('simulated crash'), { fatal: true }), policy), 'fatal');
    }
  });

  it('treats AccessDenied as the object’s own in a backup (per-object keys), and everyone’s in a restore (one target)', () => {
    assert.equal(classifyTransferError(s3Error('AccessDenied', 403), BACKUP_POLICY), 'failed');
    assert.equal(classifyTransferError(s3Error('AccessDenied', 403), RESTORE_POLICY), 'fatal');
  });

  it('sees an object changed since the listing as a race, not a failure', () => {
    assert.equal(classifyTransferError(s3Error('PreconditionFailed', 412), BACKUP_POLICY), 'race');
    assert.equal(classifyTransferError(s3Error('NoSuchKey', 404), BACKUP_POLICY), 'race');
    assert.equal(classifyTransferError(s3Error('NoSuchVersion'), BACKUP_POLICY), 'race');
  });

  it('retries throttling, server errors, dropped connections and failed verifications', () => {
    assert.equal(classifyTransferError(s3Error('SlowDown', 503), BACKUP_POLICY), 'retryable');
    assert.equal(classifyTransferError(s3Error('InternalError', 500), BACKUP_POLICY), 'retryable');
    assert.equal(classifyTransferError(s3Error('RequestTimeout', 408), BACKUP_POLICY), 'retryable');
    assert.equal(classifyTransferError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), BACKUP_POLICY), 'retryable');
    assert.equal(classifyTransferError(new VerificationError('MD5 differs', 'k'), RESTORE_POLICY), 'retryable');
  });

  it('never retries a damaged backup object, whatever its message says', () => {
    const damaged = new DamagedBackupError('the backup object data/b/aborted-upload.txt is damaged (3 bytes in the backup, 4 recorded)');
    assert.equal(classifyTransferError(damaged, RESTORE_POLICY), 'failed');
  });

  it('fails one object on anything else', () => {
    assert.equal(classifyTransferError(s3Error('InvalidObjectState', 403), BACKUP_POLICY), 'failed');
    assert.equal(classifyTransferError(new Error('permission denied for this one'), BACKUP_POLICY), 'failed');
    assert.equal(classifyTransferError(Object.assign(new Error('aborted'), { name: 'AbortError' }), BACKUP_POLICY), 'failed');
  });
});
