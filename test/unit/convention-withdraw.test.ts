// When ConventionWriter.delete may withdraw its delete-log entry: only when the delete certainly
// did not run (certainlyNotApplied). Pure: errors built by hand, no server.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { certainlyNotApplied } from '../../src/simpledb/convention.ts';
import { CLIENT_ERROR_CODES, SimpleDbError } from '../../src/simpledb/errors.ts';

const error = (code: string, status: number, attempts = 1): SimpleDbError => {
  const e = new SimpleDbError(code, `${code} (test)`, status);
  e.attempts = attempts;
  return e;
};

describe('certainlyNotApplied', () => {
  test('a refusal on the only attempt: the delete did not run', () => {
    for (const code of ['ConditionalCheckFailed', 'AttributeDoesNotExist', 'AccessDenied', 'NoSuchDomain', 'InvalidParameterValue']) {
      assert.equal(certainlyNotApplied(error(code, code === 'AccessDenied' ? 403 : code === 'ConditionalCheckFailed' ? 409 : code === 'NoSuchDomain' ? 400 : 404)), true, code);
    }
    assert.equal(certainlyNotApplied(error(CLIENT_ERROR_CODES.invalidInput, 0)), true, 'refused by the client before sending');
  });
  test('after a retry, or without an answer, nobody knows', () => {
    assert.equal(certainlyNotApplied(error('ConditionalCheckFailed', 409, 2)), false, 'an earlier attempt may have run (its answer lost)');
    assert.equal(certainlyNotApplied(error('ServiceUnavailable', 503)), false);
    assert.equal(certainlyNotApplied(error('InternalError', 500)), false);
    assert.equal(certainlyNotApplied(error('RequestTimeout', 408)), false);
    assert.equal(certainlyNotApplied(error(CLIENT_ERROR_CODES.network, 0)), false);
    assert.equal(certainlyNotApplied(error(CLIENT_ERROR_CODES.timeout, 0)), false);
    assert.equal(certainlyNotApplied(error(CLIENT_ERROR_CODES.aborted, 0)), false);
    assert.equal(certainlyNotApplied(new Error('socket hang up')), false);
    assert.equal(certainlyNotApplied('not an error'), false);
  });
});
