/**
 * How S3ObjectStore.put sends a body (issue 11): a stream of known size up to one part is one
 * PutObject (no multipart machinery buffering it), bigger ones go in parts with a bounded number of
 * uploads at once, and catalogue files of unknown size, open for a whole pass, never hold the
 * copies up. Counted with the store's own request counter, on s3rver.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { MULTIPART_UPLOADS_AT_ONCE, PART_SIZE, S3ObjectStore, SINGLE_PUT_BYTES } from '../../src/stores/object/s3/store.ts';
import { startMoto, startS3rver, type TestS3Server } from '../support/s3.ts';

let s3rver: TestS3Server;
before(async () => {
  s3rver = await startS3rver();
  await s3rver.createBucket('puts');
});
after(async () => s3rver.stop());

const bodyOf = (size: number) => Readable.from((function* () {
  for (let sent = 0; sent < size; sent += 1024 * 1024) yield Buffer.alloc(Math.min(1024 * 1024, size - sent), 'p');
})());

describe('S3ObjectStore.put', () => {
  it('sends a body of known size up to SINGLE_PUT_BYTES as one PutObject, a bigger one in parts', async () => {
    const store = new S3ObjectStore('puts', 'a/', s3rver.connection(), 's3rver|puts');
    await store.put('small', bodyOf(4096), { size: 4096 });
    await store.put('one-put', bodyOf(SINGLE_PUT_BYTES), { size: SINGLE_PUT_BYTES });
    assert.deepEqual({ put: store.requestCounts().put, part: store.requestCounts().part, multipart: store.requestCounts().multipart }, { put: 2, part: 0, multipart: 0 });
    await store.put('two-parts', bodyOf(SINGLE_PUT_BYTES + 1), { size: SINGLE_PUT_BYTES + 1 });
    assert.equal(store.requestCounts().part, 2);
    assert.equal(store.requestCounts().multipart, 2, 'create and complete');
    assert.equal((await store.head('two-parts'))?.size, SINGLE_PUT_BYTES + 1);
    assert.equal((await store.head('one-put'))?.size, SINGLE_PUT_BYTES);
  });

  it('cuts a body in parts of S3\'s smallest size, 5 MiB (15 MiB of part buffers per upload, issue 11)', async () => {
    const store = new S3ObjectStore('puts', 'e/', s3rver.connection(), 's3rver|puts');
    assert.equal(PART_SIZE, 5 * 1024 * 1024);
    // 12 MiB: parts of 5, 5 and 2 MiB (two parts of 8 and 4 MiB before).
    const size = 12 * 1024 * 1024;
    await store.put('three-parts', bodyOf(size), { size });
    assert.deepEqual({ part: store.requestCounts().part, multipart: store.requestCounts().multipart }, { part: 3, multipart: 2 });
    assert.equal((await store.head('three-parts'))?.size, size);
  });

  it('copies in parts wait for a slot, while files of unknown size written beside them never do', async () => {
    const store = new S3ObjectStore('puts', 'b/', s3rver.connection(), 's3rver|puts');
    // Two catalogue-like writes of unknown size, open until the copies are done.
    const open = [new PassThrough(), new PassThrough()];
    const catalogue = open.map((body, i) => store.put(`catalogue-${i}`, body));
    const copies = Array.from({ length: MULTIPART_UPLOADS_AT_ONCE + 1 }, (_, i) => store.put(`big-${i}`, bodyOf(PART_SIZE + 1), { size: PART_SIZE + 1 }));
    await Promise.all(copies);
    for (const body of open) body.end('done');
    await Promise.all(catalogue);
    for (let i = 0; i <= MULTIPART_UPLOADS_AT_ONCE; i++) assert.equal((await store.head(`big-${i}`))?.size, PART_SIZE + 1);
  });

  it('puts back every byte of a body in parts, whatever the sizes of its chunks, known size or not', async () => {
    const store = new S3ObjectStore('puts', 'c/', s3rver.connection(), 's3rver|puts');
    // Chunks of a size that never divides the part size, each byte telling where it belongs.
    const size = 2 * PART_SIZE + 12_345;
    const bytes = (from: number, length: number) => Buffer.from(Array.from({ length }, (_, i) => (from + i) % 251));
    const chunked = () => Readable.from((function* () {
      for (let sent = 0; sent < size; sent += 700_001) yield bytes(sent, Math.min(700_001, size - sent));
    })());
    const expected = createHash('sha256').update(bytes(0, size)).digest('hex');
    const digestOf = async (key: string) => {
      const hash = createHash('sha256');
      for await (const chunk of (await store.get(key))!) hash.update(chunk as Buffer);
      return hash.digest('hex');
    };
    await store.put('known', chunked(), { size });
    await store.put('unknown', chunked());
    await store.put('unknown-small', Readable.from([bytes(0, 1000)]));
    assert.equal(await digestOf('known'), expected);
    assert.equal(await digestOf('unknown'), expected);
    assert.equal((await store.head('unknown-small'))?.size, 1000);
  });

  it('aborts the upload when the body fails after some parts were sent: no partial write is left', async (t) => {
    // s3rver does not list multipart uploads: moto does.
    const moto = await startMoto();
    t.after(() => moto.stop());
    await moto.createBucket('puts');
    const store = new S3ObjectStore('puts', 'd/', moto.connection(), 'moto|puts');
    const body = new PassThrough();
    const writing = store.put('broken', body, { size: 3 * PART_SIZE });
    body.write(Buffer.alloc(PART_SIZE + 1024, 'x'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    body.destroy(new Error('the source connection broke'));
    await assert.rejects(writing, /the source connection broke/);
    const left = [];
    for await (const write of store.listPartialWrites('')) left.push(write);
    assert.deepEqual(left, []);
    assert.equal(await store.head('broken'), undefined);
    assert.deepEqual({ part: store.requestCounts().part, multipart: store.requestCounts().multipart }, { part: 1, multipart: 2 }, 'one part sent, the upload created and aborted');
  });
});
