import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { SigningSha256 } from '../../src/stores/object/s3/signing-hash.ts';

/** The signing hash must give exactly what createHash / createHmac give, whatever the key's type. */
describe('SigningSha256', () => {
  const hex = async (h: SigningSha256) => Buffer.from(await h.digest()).toString('hex');

  it('hashes as SHA-256 without a secret, strings and bytes alike', async () => {
    const h = new SigningSha256();
    h.update('abc');
    h.update(new Uint8Array([1, 2, 3]));
    assert.equal(await hex(h), createHash('sha256').update('abc').update(Buffer.from([1, 2, 3])).digest('hex'));
  });

  it('is HMAC-SHA-256 with a string, a Buffer, a Uint8Array view or an ArrayBuffer key, the same key used again', async () => {
    const raw = Buffer.from('0123456789abcdef0123456789abcdef');
    const backing = new Uint8Array(40);
    backing.set(raw, 4);
    const view = backing.subarray(4, 36);
    for (const secret of ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', raw, view, raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length)]) {
      const key = typeof secret === 'string' ? Buffer.from(secret) : Buffer.from(secret instanceof ArrayBuffer ? new Uint8Array(secret) : secret);
      for (let round = 0; round < 2; round++) {
        const h = new SigningSha256(secret);
        h.update('AWS4-HMAC-SHA256\n20261130T000000Z\n');
        assert.equal(await hex(h), createHmac('sha256', key).update('AWS4-HMAC-SHA256\n20261130T000000Z\n').digest('hex'), `${typeof secret} key, round ${round}`);
      }
    }
  });

  it('starts over after reset', async () => {
    const h = new SigningSha256('k');
    h.update('first');
    await h.digest();
    h.reset();
    h.update('second');
    assert.equal(await hex(h), createHmac('sha256', 'k').update('second').digest('hex'));
  });
});
