/**
 * The object-store contract (src/stores/object/types.ts): one suite every store passes, against
 * real servers and real folders, as rclone and restic test their backends. A new store is one line
 * in STORES (its fixture lives in test/support/object-store-cases.ts); where stores may honestly
 * differ, the line declares it (its traits), and the suite checks the declaration too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { compareKeys } from '../../src/plan/keys.ts';
import { march } from '../../src/plan/merge.ts';
import { LinkRefusedError } from '../../src/stores/object/local/folder.ts';
import { destinationNaming } from '../../src/stores/object/local/naming.ts';
import { targetNaming } from '../../src/stores/object/local/target-names.ts';
import { PART_SIZE } from '../../src/stores/object/s3/store.ts';
import type { ObjectStore, StoredObject } from '../../src/stores/object/types.ts';
import { isNotImplemented } from '../../src/transfer/errors.ts';
import { localCase, s3Case, viewCase, type StoreCase, type StoreFixture, type StoreTraits } from '../support/object-store-cases.ts';
import { MOTO_MISSING, motoAvailable, startMoto, startS3rver } from '../support/s3.ts';

const s3rver = s3Case('s3rver', startS3rver, { exactOrder: false, pathLikeKeys: false, conditionalPut: 'ignored', partialWrites: 'not-implemented' });
const moto = s3Case('moto', startMoto, {}, motoAvailable() ? undefined : MOTO_MISSING);
const destinationFolder = localCase('local folder, destination naming', destinationNaming, { fileBesideFolder: false });
const targetFolder = localCase('local folder, restore-target naming', targetNaming(), {});

const STORES: StoreCase[] = [
  s3rver,
  moto,
  destinationFolder,
  targetFolder,
  viewCase(moto),
  viewCase(destinationFolder, { fileBesideFolder: true }),
];

/** Keys every store holds: spaces, escapes, control characters, non-ASCII on both sides of U+FFFF, a trailing slash. */
const PLAIN_KEYS = ['a b', 'a+b', 'a%2Fb', 'a.txt', 'a0', 'b', 'ctl\u0001x', 'q?x', 'x*y', '%25', 'sp ace/tab\there', 'ÿ', '日本/語', '\uFFFD', '😀', 'trail/'];
/** Keys that start others, and a folder whose siblings sort on both sides of its contents. */
const ORDER_KEYS = ['a', '%', 'd/a b', 'd/a/x', 'd/a0'];
/** A key that is also a folder of others. */
const NESTED_KEYS = ['n', 'n/o', 'n/o/p'];
/** Segments a file system would misread, and one too long for a file name. */
const PATH_LIKE_KEYS = ['x/./y', 'x/../y', '.', '..', 'e//f', '/lead', `long/${'z'.repeat(300)}`, `w${'é'.repeat(400)}`];

function keysFor(traits: StoreTraits): string[] {
  return [
    ...PLAIN_KEYS,
    ...(traits.exactOrder ? ORDER_KEYS : []),
    ...(traits.fileBesideFolder && traits.exactOrder ? NESTED_KEYS : []),
    ...(traits.pathLikeKeys ? PATH_LIKE_KEYS : []),
  ].sort(compareKeys);
}

const bodyOf = (key: string) => `body of ${key}`;
const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');

async function listed(store: ObjectStore, prefix = '', startAfter?: string): Promise<StoredObject[]> {
  const out: StoredObject[] = [];
  for await (const object of store.list(prefix, startAfter)) out.push(object);
  return out;
}

async function read(store: ObjectStore, key: string): Promise<Buffer | undefined> {
  const body = await store.get(key);
  return body ? buffer(body) : undefined;
}

/** Deterministic bytes of any length, produced as they are read (never held whole). */
function pattern(size: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const chunk = Buffer.alloc(Math.min(64 * 1024, size - sent));
      for (let i = 0; i < chunk.length; i++) chunk[i] = ((sent + i) * 2654435761) >>> 24;
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

for (const storeCase of STORES) {
  const { traits } = storeCase;
  describe(`object store contract: ${storeCase.name}`, { skip: storeCase.skip ?? false }, () => {
    let fixture: StoreFixture;
    let populated: ObjectStore;
    const keys = keysFor(traits);

    before(async () => {
      fixture = await storeCase.start();
      populated = await fixture.fresh();
      await populated.check();
      for (const key of keys) await populated.put(key, bodyOf(key));
    });
    after(async () => {
      await fixture?.stop();
    });

    it('lists awkward keys in S3 byte order, each once, with its size', async () => {
      const objects = await listed(populated);
      assert.deepEqual(
        objects.map((o) => o.key),
        keys,
      );
      for (const object of objects) assert.equal(object.size, Buffer.byteLength(bodyOf(object.key)), object.key);
    });

    it('lists only the keys after startAfter', async () => {
      // A character above U+FFFF: after U+FFFD in byte order, before it in JavaScript's.
      for (const after of [keys[0]!, 'a!', 'a/', 'b', 'zzz', ...(traits.exactOrder ? ['😀', '\uFFFD'] : [])]) {
        assert.deepEqual(
          (await listed(populated, '', after)).map((o) => o.key),
          keys.filter((k) => compareKeys(k, after) > 0),
          `after ${JSON.stringify(after)}`,
        );
      }
    });

    it('lists by prefix, whether it ends at a folder or inside a name', async () => {
      for (const prefix of ['a', 'a/', 'd/a', 'sp ace/', '日本', '%', 'trail/', 'n/', 'x/', 'none-such/']) {
        assert.deepEqual(
          (await listed(populated, prefix)).map((o) => o.key),
          keys.filter((k) => k.startsWith(prefix)),
          `prefix ${JSON.stringify(prefix)}`,
        );
      }
      assert.deepEqual(
        (await listed(populated, 'a', 'a+b')).map((o) => o.key),
        keys.filter((k) => k.startsWith('a') && compareKeys(k, 'a+b') > 0),
        'prefix and startAfter together',
      );
    });

    if (!traits.exactOrder) {
      it('lists a key that starts another out of byte order (as declared), which the order guard refuses', async () => {
        const store = await fixture.fresh();
        for (const key of ['a', 'a b']) await store.put(key, bodyOf(key));
        assert.deepEqual((await listed(store)).map((o) => o.key), ['a b', 'a'], 'the declaration still holds');
        const walk = march({ items: store.list(''), key: (o) => o.key, name: 'the target listing' }, { items: store.list(''), key: (o) => o.key, name: 'the other' });
        await assert.rejects(async () => {
          for await (const _ of walk);
        }, /the target listing is not in S3 byte order/);
      });
    }

    if (!traits.fileBesideFolder) {
      it('refuses a key below a key (as declared), naming it, and keeps the first', async () => {
        const store = await fixture.fresh();
        await store.put('n', 'a file');
        await assert.rejects(store.put('n/o', 'below it'), /key "n\/o".*is a file where a folder is needed/);
        assert.deepEqual((await listed(store)).map((o) => o.key), ['n']);
      });
    }

    it('gives back every key byte for byte', async () => {
      for (const key of keys) assert.equal((await read(populated, key))?.toString(), bodyOf(key), JSON.stringify(key));
    });

    it('says a missing key is missing (head and get), a folder of keys included', async () => {
      assert.equal(await populated.head('no-such-key'), undefined);
      assert.equal(await populated.get('no-such-key'), undefined);
      assert.equal(await populated.head('sp ace'), undefined, 'a folder of keys is not a key');
      assert.equal(await populated.get('sp ace/'), undefined);
      assert.equal((await populated.head('a.txt'))?.size, Buffer.byteLength(bodyOf('a.txt')));
    });

    it('overwrites a key in place, and deletes idempotently', async () => {
      const store = await fixture.fresh();
      await store.put('k/one', 'first');
      await store.put('k/one', 'second, longer');
      assert.equal((await read(store, 'k/one'))?.toString(), 'second, longer');
      assert.deepEqual(await listed(store), [{ key: 'k/one', size: 14, ...(traits.etags ? { etag: md5('second, longer') } : {}) }]);
      await store.delete('k/one');
      assert.equal(await store.head('k/one'), undefined);
      assert.deepEqual(await listed(store), []);
      await store.delete('k/one');
      await store.delete('never/was');
    });

    it('removes a key for good where it can purge (every version; a second purge finds nothing), and says what it removed', async () => {
      const store = await fixture.fresh();
      if (!store.purge) return;
      await store.put('p/one', 'first');
      await store.put('p/one', 'second');
      await store.put('p/other', 'stays');
      const result = await store.purge('p/one');
      assert.ok(result.removed >= 1 && result.kept.length === 0, JSON.stringify(result));
      assert.equal(await store.head('p/one'), undefined);
      assert.deepEqual((await listed(store)).map((o) => o.key), ['p/other']);
      assert.deepEqual(await store.purge('p/one'), { removed: 0, kept: [] });
      assert.deepEqual(await store.purge('never/was'), { removed: 0, kept: [] });
    });

    it(traits.etags ? 'returns the ETag it stored (the MD5 of a single-part body), as head and list give it' : 'gives no ETag anywhere', async () => {
      const store = await fixture.fresh();
      const put = await store.put('tagged', 'some bytes');
      const head = await store.head('tagged');
      const [listing] = await listed(store);
      if (traits.etags) {
        assert.equal(put.etag, md5('some bytes'));
        assert.equal(head?.etag, put.etag);
        assert.equal(listing?.etag, put.etag);
      } else {
        assert.deepEqual([put.etag, head?.etag, listing?.etag], [undefined, undefined, undefined]);
      }
    });

    it(`streams a body larger than a multipart part (${PART_SIZE} bytes) in and out`, async () => {
      const store = await fixture.fresh();
      const size = PART_SIZE + 1024 * 1024 + 123;
      const expected = createHash('sha256');
      for await (const chunk of pattern(size)) expected.update(chunk as Buffer);
      const digest = expected.digest('hex');

      const put = await store.put('big/streamed', pattern(size), { size });
      assert.equal((await store.head('big/streamed'))?.size, size);
      const got = createHash('sha256');
      for await (const chunk of (await store.get('big/streamed'))!) got.update(chunk as Buffer);
      assert.equal(got.digest('hex'), digest);
      if (traits.etags) assert.equal(put.etag, (await store.head('big/streamed'))?.etag, 'the ETag put returns is the one stored');

      // In one request the ETag is the MD5 of the whole body: what a restore checks a write by.
      const single = await store.put('big/single', pattern(size), { size, singleRequest: true });
      const whole = createHash('md5');
      for await (const chunk of pattern(size)) whole.update(chunk as Buffer);
      if (traits.etags) assert.equal(single.etag, whole.digest('hex'));
      assert.equal((await store.head('big/single'))?.size, size);
    });

    it(traits.folder ? 'keeps bytes only: metadata is accepted and not kept' : 'keeps the metadata it was given', async () => {
      const store = await fixture.fresh();
      const metadata = { contentType: 'text/x-contract', cacheControl: 'max-age=60', contentDisposition: 'inline', user: { who: 'contract' } };
      await store.put('meta', pattern(10), { size: 10, metadata, singleRequest: true });
      await store.put('meta-multipart', pattern(PART_SIZE + 1), { size: PART_SIZE + 1, metadata });
      assert.equal(store.keepsMetadata, !traits.folder);
      for (const key of ['meta', 'meta-multipart']) {
        const head = await store.head(key);
        if (store.keepsMetadata) assert.deepEqual({ ...head?.metadata }, metadata, key);
        else assert.equal(head?.metadata, undefined, key);
      }
    });

    it(`conditional put: ${traits.conditionalPut}`, async () => {
      const store = await fixture.fresh();
      if (traits.conditionalPut === 'absent') {
        assert.equal(store.putIf, undefined);
        assert.equal(store.getTagged, undefined);
        return;
      }
      assert.equal(await store.putIf!('lock.json', '{"v":1}', { ifNoneMatch: '*' }), 'written');
      const tagged = await store.getTagged!('lock.json', 1024);
      assert.equal(tagged?.body.toString(), '{"v":1}');
      assert.equal(await store.getTagged!('no-such-lock', 1024), undefined);
      await assert.rejects(store.getTagged!('lock.json', 3), /larger than 3 bytes/);
      if (traits.conditionalPut === 'enforced') {
        assert.equal(await store.putIf!('lock.json', '{"v":2}', { ifNoneMatch: '*' }), 'conflict');
        assert.equal(await store.putIf!('lock.json', '{"v":2}', { ifMatch: 'not-the-etag' }), 'conflict');
        assert.equal(await store.putIf!('lock.json', '{"v":2}', { ifMatch: tagged!.etag! }), 'written');
        assert.equal((await read(store, 'lock.json'))?.toString(), '{"v":2}');
      } else {
        // Ignored: the write happens, which is why the lease reads back what it wrote.
        assert.equal(await store.putIf!('lock.json', '{"v":2}', { ifNoneMatch: '*' }), 'written');
        assert.equal((await read(store, 'lock.json'))?.toString(), '{"v":2}');
      }
    });

    it(`stale If-Match refused, shown by a probe: ${traits.conditionalPut === 'enforced' ? 'yes' : 'no'}`, async () => {
      const store = await fixture.fresh();
      if (traits.conditionalPut === 'absent') {
        assert.equal(store.refusesStaleIfMatch, undefined);
        return;
      }
      // A first probe finds no probe object: it writes one, then asks again (the lease's read-back
      // is skipped only on a yes, so a no where the store does refuse would only cost a round trip).
      const expected = traits.conditionalPut === 'enforced';
      assert.equal(await store.refusesStaleIfMatch!('catalog/conditions-probe.json'), expected);
      const probe = await read(store, 'catalog/conditions-probe.json');
      assert.match(probe?.toString() ?? '', /refuses a write whose If-Match names an ETag/, 'the probe object is there, saying what it is for');
      // The probe's own write was refused where the store enforces conditions: its bytes are the first write's.
      if (expected) assert.equal((await store.head('catalog/conditions-probe.json'))?.etag, md5(probe!.toString()));
    });

    it(`partial writes: ${traits.partialWrites}`, async () => {
      const store = await fixture.fresh();
      if (traits.partialWrites === 'absent') {
        assert.equal(store.listPartialWrites, undefined);
        return;
      }
      await store.put('data/kept', 'a finished write');
      await fixture.leavePartialWrite(store, 'data/half');
      const writes = async () => {
        const found = [];
        for await (const write of store.listPartialWrites!('data/')) found.push(write);
        return found;
      };
      if (traits.partialWrites === 'not-implemented') {
        // What the sweep expects of a store without the listing: a clear "not implemented".
        await assert.rejects(writes(), (error) => isNotImplemented(error));
        return;
      }
      const found = await writes();
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.ok(found[0]!.key.startsWith('data/'), found[0]!.key);
      assert.ok(found[0]!.initiated.getTime() <= Date.now() + 60_000);
      assert.deepEqual((await listed(store)).map((o) => o.key), ['data/kept'], 'a partial write is never listed as an object');
      await store.abortPartialWrite!(found[0]!);
      assert.deepEqual(await writes(), []);
      assert.deepEqual((await listed(store)).map((o) => o.key), ['data/kept']);
    });

    it('gives a view under a sub-prefix that sees and writes only below it', async () => {
      const store = await fixture.fresh();
      await store.put('outside', 'not in the view');
      const view = store.under('sub/dir/');
      await view.put('inside/k', 'in the view');
      assert.deepEqual((await listed(view)).map((o) => o.key), ['inside/k']);
      assert.equal((await read(view, 'inside/k'))?.toString(), 'in the view');
      assert.equal(await view.head('outside'), undefined);
      assert.deepEqual((await listed(store, 'sub/')).map((o) => o.key), ['sub/dir/inside/k']);
      assert.equal((await read(store, 'sub/dir/inside/k'))?.toString(), 'in the view');
      const [outer, inner] = [store.place, view.place];
      if (outer.kind === 's3' && inner.kind === 's3') assert.equal(inner.location.prefix, `${outer.location.prefix}sub/dir/`);
      else if (outer.kind === 'local' && inner.kind === 'local') assert.equal(inner.root, join(outer.root, 'sub', 'dir'));
      else assert.fail('a view is the same kind of place');
    });

    it('proves it can be written without leaving anything behind', async () => {
      const store = await fixture.fresh();
      // A note only says something may be left where nothing lists it (s3rver cannot abort uploads).
      const note = await store.probeWrite();
      if (note !== undefined) assert.match(note, /holds no data/);
      assert.deepEqual(await listed(store), []);
      if (traits.partialWrites === 'listed') {
        const open = [];
        for await (const write of store.listPartialWrites!('')) open.push(write.key);
        assert.deepEqual(open, [], 'no partial write left open');
      }
    });

    it('refuses a place it cannot use, naming the input to fix', async () => {
      const store = await fixture.unusable();
      await assert.rejects(store.check(), traits.folder ? /not a directory|ENOTDIR|EEXIST|file/i : /does not exist|NoSuchBucket|404/);
      await assert.rejects(store.probeWrite(), /restore-target/);
    });

    if (traits.folder) {
      it('never follows a link inside its folder, for reading, writing or listing', async () => {
        const store = await fixture.fresh();
        await store.put('real/file', 'inside');
        const root = store.place.kind === 'local' ? store.place.root : assert.fail('a folder');
        const outside = await mkdtemp(join(tmpdir(), 'pullback-contract-outside-'));
        try {
          await writeFile(join(outside, 'secret'), 'outside the store');
          await symlink(outside, join(root, 'linked'));
          await symlink(join(outside, 'secret'), join(root, 'file-link'));
          await assert.rejects(store.put('linked/new', 'escapes?'), LinkRefusedError);
          await assert.rejects(store.put('file-link', 'overwrites?'), LinkRefusedError);
          await assert.rejects(store.get('file-link'), LinkRefusedError);
          await assert.rejects(store.head('linked/secret'), LinkRefusedError);
          await assert.rejects(listed(store, 'linked/'), LinkRefusedError);
          assert.deepEqual((await listed(store)).map((o) => o.key), ['real/file'], 'links are left out of a listing');
          assert.deepEqual(await readdir(outside), ['secret']);
          assert.equal(await readFile(join(outside, 'secret'), 'utf8'), 'outside the store');
        } finally {
          await rm(outside, { recursive: true, force: true });
        }
      });

      it('leaves no temporary file when a streamed write fails part-way', async () => {
        const store = await fixture.fresh();
        await mkdir(store.place.kind === 'local' ? store.place.root : '', { recursive: true });
        const failing = new Readable({
          read() {
            this.destroy(new Error('the source dropped the connection'));
          },
        });
        await assert.rejects(store.put('f/x', failing), /dropped the connection/);
        assert.deepEqual(await listed(store), []);
        const left = [];
        for await (const write of store.listPartialWrites!('')) left.push(write);
        assert.deepEqual(left, []);
      });
    }
  });
}
