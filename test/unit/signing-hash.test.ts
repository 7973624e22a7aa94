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

  it('gives string-keyed digests that stay right when remembered: repeated, in pieces, mutated by a caller, past the bound', async () => {
    const secret = 'remembered-secret-' + Math.random();
    const expected = (message: string) => createHmac('sha256', secret).update(message).digest('hex');
    // The SDK's two string-keyed HMACs: the signing-key cache's name, and the day's key.
    for (let round = 0; round < 3; round++) {
      const h = new SigningSha256(secret);
      h.update(new TextEncoder().encode('AKIDEXAMPLE'));
      const digest = await h.digest();
      assert.equal(Buffer.from(digest).toString('hex'), expected('AKIDEXAMPLE'), `round ${round}`);
      // A caller that writes into its digest cannot change the next caller's.
      digest.fill(0);
    }
    const pieces = new SigningSha256(secret);
    pieces.update('AKID');
    pieces.update(Buffer.from('EXAMPLE'));
    assert.equal(await hex(pieces), expected('AKIDEXAMPLE'));
    // More distinct messages than are remembered per key: each still right, first and again.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 40; i++) {
        const h = new SigningSha256(secret);
        h.update(`2026${String(i).padStart(4, '0')}`);
        assert.equal(await hex(h), expected(`2026${String(i).padStart(4, '0')}`));
      }
    }
  });

  it('hashes a long string-keyed message whole, as one that grows past the remembered size in pieces', async () => {
    const long = 'x'.repeat(300);
    const whole = new SigningSha256('k');
    whole.update(long);
    assert.equal(await hex(whole), createHmac('sha256', 'k').update(long).digest('hex'));
    const grown = new SigningSha256('k');
    grown.update('y'.repeat(200));
    grown.update('z'.repeat(200));
    grown.update(new Uint8Array([7]));
    assert.equal(await hex(grown), createHmac('sha256', 'k').update('y'.repeat(200)).update('z'.repeat(200)).update(Buffer.from([7])).digest('hex'));
  });

  it('keeps a view it was given apart from later writes to the view\'s memory', async () => {
    const memory = Buffer.from('AKIDEXAMPLE');
    const h = new SigningSha256('view-secret');
    h.update(new Uint8Array(memory.buffer, memory.byteOffset, memory.length));
    memory.fill(0);
    assert.equal(await hex(h), createHmac('sha256', 'view-secret').update('AKIDEXAMPLE').digest('hex'));
  });

  it('takes an empty string for no key: a plain SHA-256, as before', async () => {
    const h = new SigningSha256('');
    h.update('abc');
    assert.equal(await hex(h), createHash('sha256').update('abc').digest('hex'));
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
