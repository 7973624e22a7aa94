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

/**
 * A listing of several pages asks for page n+1 as soon as page n names it, while the caller is
 * still planning page n's keys (stores/object/s3/pages.ts), and never asks for a page a range
 * does not want. Pages of 4 keys on moto (s3rver's continuation tokens need OpenSSL's legacy
 * provider in the test process).
 */
describe('S3Source.list reads the next page ahead', { skip: !motoAvailable() ? MOTO_MISSING : false }, () => {
  let server: TestS3Server;
  const keys = Array.from({ length: 10 }, (_, i) => `k/${String(i).padStart(2, '0')}`);
  before(async () => {
    server = await startMoto();
    const client = server.client();
    for (const [bucket, versioned] of [['pages-latest', false], ['pages-versions', true]] as const) {
      await server.createBucket(bucket, { versioned });
      for (const key of keys) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
      if (versioned) await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'k/03', Body: 'again' }));
    }
  });
  after(() => server?.stop());

  for (const versioned of [false, true]) {
    const bucket = versioned ? 'pages-versions' : 'pages-latest';
    it(`pages 2 and 3 are requested while the caller still holds page 1's first key (${versioned ? 'versions' : 'latest'})`, async () => {
      const source = new S3Source(bucket, '', server.connection(), 'test', { pageSize: 4 });
      const listing = source.list(versioned)[Symbol.asyncIterator]();
      const first = await listing.next();
      assert.equal(first.value?.key, 'k/00');
      // Without reading ahead the next requests would wait for the caller: poll, holding page 1.
      // Two pages are read ahead: pages 2 and 3 (the last) are both asked for.
      const deadline = Date.now() + 5000;
      while (source.requestCounts().list < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(source.requestCounts().list, 3, 'the pages after the first were asked for before the caller finished it');
      const rest: string[] = [];
      for (let next = await listing.next(); !next.done; next = await listing.next()) rest.push(`${next.value.key}:${next.value.versions.length}`);
      assert.deepEqual([first.value.key, ...rest.map((k) => k.split(':')[0])], keys, 'every key once, in order');
      if (versioned) assert.ok(rest.includes('k/03:2'), 'a key whose versions straddle pages keeps them together');
      // 10 keys (11 versions) in pages of 4: 3 pages, and no request beyond the last.
      assert.equal(source.requestCounts().list, 3);
    });

    it(`a range that ends inside a page asks for no further page (${versioned ? 'versions' : 'latest'})`, async () => {
      const source = new S3Source(bucket, '', server.connection(), 'test', { pageSize: 4 });
      const listed: string[] = [];
      for await (const entry of source.list(versioned, { upTo: 'k/01' })) listed.push(entry.key);
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(listed, ['k/00', 'k/01']);
      assert.equal(source.requestCounts().list, 1);
    });
  }
});

/**
 * A backup starts each source's listing while it takes the lease (S3Source.startListing): list()
 * goes on from those pages when it starts at the beginning with the same versioning, and lists
 * afresh otherwise. Either way it yields the same keys, and the clock is the first answer's.
 */
describe('S3Source.startListing', { skip: !motoAvailable() ? MOTO_MISSING : false }, () => {
  let server: TestS3Server;
  const keys = Array.from({ length: 10 }, (_, i) => `k/${String(i).padStart(2, '0')}`);
  before(async () => {
    server = await startMoto();
    await server.createBucket('started', { versioned: true });
    const client = server.client();
    for (const key of keys) await client.send(new PutObjectCommand({ Bucket: 'started', Key: key, Body: key }));
  });
  after(() => server?.stop());

  it('list() goes on from the pages it requested: no page is asked for twice', async () => {
    const source = new S3Source('started', '', server.connection(), 'test', { pageSize: 4 });
    await source.startListing(true);
    const clock = source.serverTime;
    assert.ok(clock, 'the first page set the listing clock');
    const listed: string[] = [];
    for await (const entry of source.list(true)) listed.push(entry.key);
    assert.deepEqual(listed, keys);
    assert.equal(source.requestCounts().list, 3, '10 keys in pages of 4: three requests in all');
    assert.equal(source.serverTime, clock, 'the clock is still the first answer of the listing');
  });

  it('a listing that starts elsewhere, or reads other versions, lists afresh', async () => {
    const source = new S3Source('started', '', server.connection(), 'test', { pageSize: 4 });
    await source.startListing(true);
    const fromB: string[] = [];
    for await (const entry of source.list(true, { after: 'k/05' })) fromB.push(entry.key);
    assert.deepEqual(fromB, keys.slice(6));
    await source.startListing(true);
    const latest: string[] = [];
    for await (const entry of source.list(false)) latest.push(entry.key);
    assert.deepEqual(latest, keys, 'the latest-only listing did not take the versions pages');
  });

  it('a range that ends early still gets only its keys from the pages started ahead', async () => {
    const source = new S3Source('started', '', server.connection(), 'test', { pageSize: 4 });
    await source.startListing(true);
    const listed: string[] = [];
    for await (const entry of source.list(true, { upTo: 'k/01' })) listed.push(entry.key);
    assert.deepEqual(listed, ['k/00', 'k/01']);
  });

  it('ranges listed after the started one keep its clock: the run\'s listing began with its first answer', async () => {
    const source = new S3Source('started', '', server.connection(), 'test', { pageSize: 4 });
    await source.startListing(true);
    const clock = source.serverTime!;
    const first: string[] = [];
    for await (const entry of source.list(true, { upTo: 'k/05' })) first.push(entry.key);
    assert.deepEqual(first, keys.slice(0, 6));
    // Date headers are whole seconds: a range listed a second later answers with a later one.
    await new Promise((r) => setTimeout(r, 1100));
    const later: string[] = [];
    for await (const entry of source.list(true, { after: 'k/05' })) later.push(entry.key);
    assert.deepEqual(later, keys.slice(6));
    assert.equal(source.serverTime?.toISOString(), clock.toISOString(), 'the clock is still the started listing\'s first answer');
  });

  it('a bucket that cannot be listed is named, with the input to check', async () => {
    const source = new S3Source('no-such-bucket', '', server.connection(), 'test');
    await assert.rejects(source.startListing(false), /listing source bucket no-such-bucket failed \(NoSuchBucket 404\): the bucket does not exist: check `sources`/);
    await assert.rejects(source.probe({ listingFollows: true }), /reading source bucket no-such-bucket failed \(NoSuchBucket 404\): the bucket does not exist/);
  });
});
