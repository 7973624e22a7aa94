import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PART_SIZE, partSizeFor } from '../../src/stores/object/s3/store.ts';

const GiB = 1024 ** 3;
/** S3 refuses a multipart upload of more parts than this. */
const MAX_PARTS = 10_000;

describe('partSizeFor: multipart parts that fit S3’s 10,000-part limit', () => {
  it('keeps the usual part size (and memory) for every object it holds', () => {
    assert.equal(partSizeFor(undefined), PART_SIZE);
    assert.equal(partSizeFor(0), PART_SIZE);
    assert.equal(partSizeFor(5 * GiB), PART_SIZE);
    assert.equal(partSizeFor(PART_SIZE * MAX_PARTS), PART_SIZE);
  });

  it('grows the parts of an object too large for 10,000 of them, in whole MiB', () => {
    // With the fixed 8 MiB parts of before, 100 GiB took 12,800 parts and the upload failed at part 10,001.
    for (const size of [PART_SIZE * MAX_PARTS + 1, 100 * GiB, 5 * 1024 * GiB]) {
      const part = partSizeFor(size);
      assert.ok(Math.ceil(size / part) <= MAX_PARTS, `${size} bytes in parts of ${part}`);
      assert.equal(part % (1024 * 1024), 0);
    }
  });
});
