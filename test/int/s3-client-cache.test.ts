/**
 * pullback's S3 clients resolve each command class's middleware once (the SDK's cacheMiddleware,
 * issue 11: about an eighth of a full run's client CPU). The SDK then shares one context between
 * the requests of a class, and keeps each request's endpoint in it: these tests show what that
 * does to a client of two buckets, and check the two rules that make the cache safe for pullback's
 * clients: a client serves one bucket, and a command with middleware of its own (a listing page's
 * reader) never runs on another command's cached handler.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GetObjectCommand, HeadObjectCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/stores/object/s3/client.ts';
import { ClientBucketError } from '../../src/stores/object/s3/handler-cache.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { useS3rver } from '../support/use-s3rver.ts';

const { s3rver } = useS3rver();

/** A client of bucket `own` (createS3Client) whose requests never leave the process: each is answered 200 with an empty body. */
function offlineClient(): S3Client {
  const client = createS3Client({ region: 'us-east-1', endpoint: 'http://offline.invalid', forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 }, 'own');
  const handler = {
    handle: async () => ({ response: { statusCode: 200, headers: { etag: '"e"' }, body: Readable.from([]) } }),
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
  // Cached handlers keep the request handler they were resolved with: replaced before the first request.
  (client.config as { requestHandler: unknown }).requestHandler = handler;
  return client;
}

/** Requests in flight together, each checked where it is sent: does it go to its own bucket? */
async function misrouted(cacheMiddleware: boolean): Promise<number> {
  // No network: the handler answers every request with a 404 after a random few milliseconds.
  const requestHandler = {
    handle: async () => {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      return { response: { statusCode: 404, headers: {}, body: Buffer.from('<Error><Code>NoSuchKey</Code></Error>') } };
    },
    destroy() {},
  };
  const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, cacheMiddleware, requestHandler: requestHandler as never, maxAttempts: 1 });
  let wrong = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { hostname: string };
      if (!request.hostname.startsWith(`${(args.input as { Bucket: string }).Bucket}.`)) wrong++;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'whereSent' },
  );
  await Promise.all(
    Array.from({ length: 400 }, (_, i) =>
      client.send(i % 3 === 0 ? new PutObjectCommand({ Bucket: `bucket-${i % 7}`, Key: `k${i}`, Body: 'x' }) : new GetObjectCommand({ Bucket: `bucket-${i % 5}`, Key: `k${i}` })).catch(() => undefined),
    ),
  );
  return wrong;
}

describe('S3 clients and the SDK handler cache', () => {
  it('the SDK: with its cache on, requests for two buckets in flight together on one client go to each other\'s bucket; off, never', async () => {
    assert.equal(await misrouted(false), 0);
    // If this ever reads 0, the SDK keeps endpoints per request: the one-bucket rule can stay, harmless.
    assert.ok((await misrouted(true)) > 0, 'the hazard the one-bucket rule guards against');
  });

  it('a client serves its own bucket only: a request for another is refused before it is sent', async () => {
    const server = s3rver();
    await server.createBucket('cache-own');
    await server.createBucket('cache-other');
    const client = createS3Client(server.connection(), 'cache-own');
    await client.send(new PutObjectCommand({ Bucket: 'cache-own', Key: 'k', Body: 'mine' }));
    await assert.rejects(client.send(new PutObjectCommand({ Bucket: 'cache-other', Key: 'k', Body: 'not mine' })), (error: unknown) => {
      assert.ok(error instanceof ClientBucketError);
      assert.match(error.message, /made for bucket "cache-own" was asked to send a request for bucket "cache-other"; nothing was sent/);
      return true;
    });
    const other = createS3Client(server.connection(), 'cache-other');
    await assert.rejects(other.send(new GetObjectCommand({ Bucket: 'cache-other', Key: 'k' })), { name: 'NoSuchKey' });
  });

  it('many puts and gets in flight together on one client each reach their own key', async () => {
    const server = s3rver();
    await server.createBucket('cache-keys');
    const store = new S3ObjectStore('cache-keys', 'p/', server.connection(), 's3rver|cache-keys');
    const keys = Array.from({ length: 300 }, (_, i) => `object-${i}`);
    await Promise.all(keys.map((key) => store.put(key, `body of ${key}`)));
    const bodies = await Promise.all(keys.map(async (key) => {
      const chunks: Buffer[] = [];
      for await (const chunk of (await store.get(key))!) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString();
    }));
    assert.deepEqual(bodies, keys.map((key) => `body of ${key}`));
  });

  it('a middleware added to the client after a command class was first sent runs for it (a late fault injection is not skipped)', async () => {
    const client = offlineClient();
    await client.send(new HeadObjectCommand({ Bucket: 'own', Key: 'first' }));
    let ran = 0;
    client.middlewareStack.add((next) => async (args) => (ran++, next(args)), { step: 'initialize', name: 'late' });
    await client.send(new HeadObjectCommand({ Bucket: 'own', Key: 'second' }));
    assert.equal(ran, 1);
    client.middlewareStack.remove('late');
    await client.send(new HeadObjectCommand({ Bucket: 'own', Key: 'third' }));
    assert.equal(ran, 1, 'and a removed one stops');
  });

  it('the callback forms of send call back, and a command with middleware of its own runs it', async () => {
    const client = offlineClient();
    const send = client.send as unknown as (command: unknown, ...rest: unknown[]) => void;
    const answered = (call: (callback: (error: unknown) => void) => void) =>
      new Promise<unknown>((resolve, reject) => {
        call((error) => resolve(error ?? 'answered'));
        setTimeout(() => reject(new Error('no callback within 2 s')), 2000).unref();
      });
    assert.equal(await answered((callback) => send(new HeadObjectCommand({ Bucket: 'own', Key: 'k' }), {}, callback)), 'answered');
    await client.send(new ListObjectsV2Command({ Bucket: 'own' })).catch(() => undefined);
    const command = new ListObjectsV2Command({ Bucket: 'own', Prefix: 'p' });
    let own = 0;
    command.middlewareStack.add((next) => async (args) => (own++, next(args)), { step: 'initialize', name: 'own' });
    await answered((callback) => send(command, callback));
    assert.equal(own, 1, "the command's own middleware ran (not another command's cached handler)");
  });

  it('the cache does not keep the first command of a class alive, nor its body (a part buffer)', async () => {
    const server = s3rver();
    await server.createBucket('cache-pin');
    const store = new S3ObjectStore('cache-pin', '', server.connection(), 's3rver|cache-pin');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const settled = async (): Promise<number> => {
      for (let i = 0; i < 4; i++) {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
      return process.memoryUsage().arrayBuffers;
    };
    // 12 MiB of unknown size: a multipart upload of 5 MiB part buffers.
    await store.put('big', Readable.from((function* () {
      for (let i = 0; i < 12; i++) yield Buffer.alloc(1024 * 1024, i);
    })()));
    const cached = await settled();
    // A send with options empties the SDK's cache, and what it held with it.
    await store.client.send(new ListObjectsCommand({ Bucket: 'cache-pin', MaxKeys: 1 }), {});
    const emptied = await settled();
    assert.ok(cached - emptied < 1024 * 1024, `the cache held ${((cached - emptied) / 2 ** 20).toFixed(1)} MiB`);
  });

  it('listings (commands with a page reader of their own) read their own pages, in turn and together', async () => {
    const server = s3rver();
    await server.createBucket('cache-lists');
    const store = new S3ObjectStore('cache-lists', '', server.connection(), 's3rver|cache-lists');
    for (const folder of ['a', 'b', 'c']) for (let i = 0; i < 5; i++) await store.put(`${folder}/${i}`, folder);
    const list = async (prefix: string): Promise<string[]> => {
      const keys: string[] = [];
      for await (const entry of store.list(prefix)) keys.push(entry.key);
      return keys;
    };
    const expected = (folder: string) => Array.from({ length: 5 }, (_, i) => `${folder}/${i}`);
    // In turn: a cached handler would run the first listing's reader for the second (an empty page).
    assert.deepEqual(await list('a/'), expected('a'));
    assert.deepEqual(await list('b/'), expected('b'));
    // A plain request between them, served from the cache, changes nothing.
    await store.head('a/0');
    assert.deepEqual(await Promise.all([list('c/'), list('a/'), list('b/')]), [expected('c'), expected('a'), expected('b')]);
  });
});
