import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PutObjectCommand, DeleteObjectCommand } from '@aws-sdk/client-s3';
import { S3Source } from '../../src/stores/object/s3/source.ts';
import type { KeyRange } from '../../src/stores/object/types.ts';
import { MOTO_MISSING, motoAvailable, startMoto, startS3rver, type TestS3Server } from '../support/s3.ts';

/**
 * A source lists one part of the key space (after < k <= upTo): what a shard or a parallel
 * lister reads. The parts of a split, side by side, are the whole listing, in order, each key
 * once, for the latest-only listing and the versions listing (a key's versions never split).
 */
const KEYS = ['a', 'a/1', 'a/2', 'b', 'b~', 'c', 'caf\u00e9', 'd', 'z'];

async function collect(source: S3Source, versioned: boolean, range?: KeyRange): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of source.list(versioned, range)) keys.push(`${entry.key}:${entry.versions.length}`);
  return keys;
}

for (const kind of ['s3rver', 'moto'] as const) {
  describe(`S3Source.list with a key range (${kind})`, { skip: kind === 'moto' && !motoAvailable() ? MOTO_MISSING : false }, () => {
    let server: TestS3Server;
    const versioned = kind === 'moto';
    before(async () => {
      server = kind === 'moto' ? await startMoto() : await startS3rver();
      await server.createBucket('ranges', { versioned });
      const client = server.client();
      for (const key of KEYS) await client.send(new PutObjectCommand({ Bucket: 'ranges', Key: `p/${key}`, Body: key }));
      await client.send(new PutObjectCommand({ Bucket: 'ranges', Key: 'outside', Body: 'x' }));
      if (versioned) {
        await client.send(new PutObjectCommand({ Bucket: 'ranges', Key: 'p/b', Body: 'b2' }));
        await client.send(new DeleteObjectCommand({ Bucket: 'ranges', Key: 'p/c' }));
      }
    });
    after(() => server.stop());

    it('the parts of a split are the whole listing, in order, each key once', async () => {
      const source = new S3Source('ranges', 'p/', server.connection(), 'test');
      const whole = await collect(source, versioned);
      assert.equal(whole.length, KEYS.length);
      for (const splits of [['p/b'], ['p/a/2', 'p/c'], ['p/', 'p/b~', 'p/caf\u00e9', 'p/zz'], ['a', 'q']]) {
        const parts: string[] = [];
        const bounds = [undefined, ...splits, undefined];
        for (let i = 0; i + 1 < bounds.length; i++) {
          const range: KeyRange = {};
          if (bounds[i] !== undefined) range.after = bounds[i]!;
          if (bounds[i + 1] !== undefined) range.upTo = bounds[i + 1]!;
          parts.push(...(await collect(source, versioned, range)));
        }
        assert.deepEqual(parts, whole, `split at ${splits.join(', ')}`);
      }
    });

    it('a range keeps only its keys: after is exclusive, upTo inclusive', async () => {
      const source = new S3Source('ranges', 'p/', server.connection(), 'test');
      const keys = (await collect(source, versioned, { after: 'p/a/2', upTo: 'p/c' })).map((k) => k.split(':')[0]);
      assert.deepEqual(keys, ['p/b', 'p/b~', 'p/c']);
      assert.equal(source.serverTime !== undefined, true, 'the listing still records the server time');
    });
  });
}
