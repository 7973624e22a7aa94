/**
 * How S3ObjectStore.put sends a body (issue 11): a stream of known size up to one part is one
 * PutObject (no multipart machinery buffering it), bigger ones go in parts with a bounded number of
 * uploads at once, and catalogue files of unknown size, open for a whole pass, never hold the
 * copies up. Counted with the store's own request counter, on s3rver.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { MULTIPART_UPLOADS_AT_ONCE, PART_SIZE, S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';

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
  it('sends a body of known size up to one part as one PutObject, a bigger one in parts', async () => {
    const store = new S3ObjectStore('puts', 'a/', s3rver.connection(), 's3rver|puts');
    await store.put('small', bodyOf(4096), { size: 4096 });
    await store.put('one-part', bodyOf(PART_SIZE), { size: PART_SIZE });
    assert.deepEqual({ put: store.requestCounts().put, part: store.requestCounts().part, multipart: store.requestCounts().multipart }, { put: 2, part: 0, multipart: 0 });
    await store.put('two-parts', bodyOf(PART_SIZE + 1), { size: PART_SIZE + 1 });
    assert.equal(store.requestCounts().part, 2);
    assert.equal(store.requestCounts().multipart, 2, 'create and complete');
    assert.equal((await store.head('two-parts'))?.size, PART_SIZE + 1);
    assert.equal((await store.head('one-part'))?.size, PART_SIZE);
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
});
