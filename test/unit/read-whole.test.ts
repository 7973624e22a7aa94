import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { readWhole } from '../../src/transfer/read-whole.ts';

describe('readWhole', () => {
  it('reads a body of several chunks whole, up to and at its cap', async () => {
    const body = () => Readable.from([Buffer.from('abc'), Buffer.from('def')]);
    assert.equal((await readWhole(body(), 6))?.toString(), 'abcdef');
    assert.equal((await readWhole(Readable.from([Buffer.from('x')]), 6))?.toString(), 'x');
  });

  it('gives undefined past the cap and destroys the body', async () => {
    const body = Readable.from([Buffer.from('abc'), Buffer.from('def'), Buffer.from('never read')]);
    assert.equal(await readWhole(body, 5), undefined);
    assert.equal(body.destroyed, true);
  });
});
