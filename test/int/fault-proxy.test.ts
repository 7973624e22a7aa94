/**
 * The fault proxy itself, against real upstreams (s3rver and the project's SimpleDB server): it
 * forwards signed requests unchanged, names and counts operations, and each fault reaches the
 * client as the fault it claims to be (seen through the AWS SDK and the SimpleDB client).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buffer } from 'node:stream/consumers';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SimpleDbError } from '../../src/simpledb/errors.ts';
import { startFaultProxy, seededRandom, type FaultProxy } from '../support/fault-proxy.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';
import { startTestSimpleDb, type TestSimpleDb } from '../support/simpledb.ts';

const BUCKET = 'proxy-test';
let s3: TestS3Server;
let proxy: FaultProxy;

function clientVia(endpoint: string, maxAttempts = 1, requestTimeout = 5_000): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    maxAttempts,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // requestTimeout bounds the wait for headers (only with throwOnRequestTimeout), socketTimeout an idle body.
    requestHandler: new NodeHttpHandler({ requestTimeout, throwOnRequestTimeout: true, socketTimeout: requestTimeout, connectionTimeout: 2_000 }),
  });
}

const body = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => i % 251));

async function getBody(client: S3Client, key: string): Promise<Buffer> {
  const response = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return buffer(response.Body as Readable);
}

/** Bytes read from a body before it failed, and how it failed. */
async function readUntilFailure(client: S3Client, key: string): Promise<{ bytes: number; error: Error | undefined; promised: number }> {
  const response = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  let bytes = 0;
  try {
    for await (const chunk of response.Body as Readable) bytes += (chunk as Buffer).length;
    return { bytes, error: undefined, promised: response.ContentLength ?? -1 };
  } catch (error) {
    return { bytes, error: error as Error, promised: response.ContentLength ?? -1 };
  }
}

before(async () => {
  s3 = await startS3rver();
  await s3.createBucket(BUCKET);
  proxy = await startFaultProxy({ upstream: s3.endpoint, seed: 7 });
  await s3.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'data/a.bin', Body: body }));
  await s3.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'catalog/runs/x.json', Body: '{"run":1}' }));
});
after(async () => {
  await proxy?.stop();
  await s3?.stop();
});

describe('fault proxy: forwarding and counting (s3rver)', () => {
  it('forwards SigV4-signed requests unchanged and counts them by kind and operation', async () => {
    proxy.resetCounts();
    const client = clientVia(proxy.url);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'with space/ü+%.txt', Body: 'hello' }));
    assert.equal((await getBody(client, 'with space/ü+%.txt')).toString(), 'hello');
    await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'data/a.bin' }));
    const list = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    assert.ok((list.Contents ?? []).some((o) => o.Key === 'with space/ü+%.txt'));
    const counts = proxy.counts();
    assert.deepEqual(counts.byKind, { PUT: 1, GET: 1, HEAD: 1, LIST: 1 });
    assert.deepEqual(counts.byOp, { PutObject: 1, GetObject: 1, HeadObject: 1, ListObjectsV2: 1 });
    assert.equal(proxy.requests()[0]!.key, 'with space/ü+%.txt', 'the key is decoded');
  });

  it('names the parts of a multipart upload', async () => {
    proxy.resetCounts();
    const client = clientVia(proxy.url, 3);
    await new Upload({ client, params: { Bucket: BUCKET, Key: 'big/multi.bin', Body: Buffer.alloc(11 * 1024 * 1024, 1) }, partSize: 5 * 1024 * 1024, queueSize: 1 }).done();
    assert.deepEqual(proxy.counts().byOp, { CreateMultipartUpload: 1, UploadPart: 3, CompleteMultipartUpload: 1 });
    assert.equal(proxy.counts().byKind['MULTIPART'], 5);
  });
});

describe('fault proxy: each fault as the client sees it (s3rver)', () => {
  it('status 500: the SDK sees InternalError 500; with retries the next attempt succeeds', async () => {
    proxy.resetCounts();
    const rule = proxy.inject({ op: 'GetObject', nth: 1, fault: { type: 'status', status: 500 } });
    const error = await getBody(clientVia(proxy.url), 'data/a.bin').catch((e: unknown) => e as { name: string; $metadata: { httpStatusCode: number } });
    assert.ok(!Buffer.isBuffer(error));
    assert.equal(error.$metadata.httpStatusCode, 500);
    assert.equal(error.name, 'InternalError');
    rule.remove();
    proxy.inject({ op: 'GetObject', nth: 1, fault: { type: 'status', status: 500 } });
    assert.ok((await getBody(clientVia(proxy.url, 3), 'data/a.bin')).equals(body));
    assert.equal(proxy.counts().byOp['GetObject'], 3);
    assert.deepEqual(proxy.faults(), { status: 2 });
    proxy.clearRules();
  });

  it('slowdown: 503 with the SlowDown code', async () => {
    proxy.inject({ op: 'HeadObject', nth: 1, fault: { type: 'slowdown' } });
    proxy.inject({ op: 'GetObject', nth: 1, fault: { type: 'slowdown' } });
    const head = await clientVia(proxy.url).send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'data/a.bin' })).catch((e: unknown) => e as { $metadata: { httpStatusCode: number } });
    assert.equal((head as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode, 503);
    const get = await getBody(clientVia(proxy.url), 'data/a.bin').catch((e: unknown) => e as Error);
    assert.ok(get instanceof Error);
    assert.equal(get.name, 'SlowDown');
    proxy.clearRules();
  });

  it('throttle: a burst of 429s refuses the next requests too, then lets them through', async () => {
    proxy.inject({ op: 'HeadObject', nth: 1, fault: { type: 'throttle', status: 429, burst: 3 } });
    const client = clientVia(proxy.url);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const outcome = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'data/a.bin' })).then(
        () => 200,
        (e: { $metadata: { httpStatusCode: number } }) => e.$metadata.httpStatusCode,
      );
      statuses.push(outcome);
    }
    assert.deepEqual(statuses, [429, 429, 429, 200]);
    proxy.clearRules();
  });

  it('reset: with forwarding the upstream acted (the object exists), without it nothing happened', async () => {
    proxy.inject({ op: 'PutObject', nth: 1, fault: { type: 'reset' } });
    const client = clientVia(proxy.url);
    const error = await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'reset/forwarded', Body: 'x' })).catch((e: unknown) => e as Error);
    assert.ok(error instanceof Error);
    assert.match(`${(error as { code?: string }).code} ${error.message}`, /ECONNRESET|socket hang up/);
    await s3.client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'reset/forwarded' }));
    proxy.clearRules();
    proxy.inject({ op: 'PutObject', nth: 1, fault: { type: 'reset', forward: false } });
    await assert.rejects(client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'reset/not-forwarded', Body: 'x' })));
    await assert.rejects(s3.client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'reset/not-forwarded' })), { name: 'NotFound' });
    proxy.clearRules();
  });

  it('reset mid-body: the headers arrive, part of the body, then the stream fails', async () => {
    proxy.inject({ op: 'GetObject', key: /^data\//, nth: 1, fault: { type: 'reset-mid-body', fraction: 0.25 } });
    const outcome = await readUntilFailure(clientVia(proxy.url), 'data/a.bin');
    assert.ok(outcome.error, 'the body stream failed');
    assert.equal(outcome.promised, body.length);
    assert.ok(outcome.bytes < body.length, `${outcome.bytes} of ${body.length} bytes arrived`);
    proxy.clearRules();
  });

  it('truncate: Content-Length promises the whole body, fewer bytes arrive, then a clean close', async () => {
    proxy.inject({ op: 'GetObject', key: /^data\//, nth: 1, fault: { type: 'truncate', fraction: 0.5 } });
    const outcome = await readUntilFailure(clientVia(proxy.url), 'data/a.bin');
    assert.equal(outcome.promised, body.length);
    assert.equal(outcome.bytes, body.length / 2);
    assert.ok(outcome.error, 'the client notices the short body');
    proxy.clearRules();
  });

  it('stall: no answer until the client times out; mid-body stalls time out the body read', async () => {
    proxy.inject({ op: 'HeadObject', nth: 1, fault: { type: 'stall' } });
    const started = Date.now();
    const error = await clientVia(proxy.url, 1, 300).send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'data/a.bin' })).catch((e: unknown) => e as Error);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'TimeoutError');
    assert.ok(Date.now() - started >= 250);
    proxy.clearRules();
    proxy.inject({ op: 'GetObject', nth: 1, fault: { type: 'stall', midBody: true } });
    const outcome = await readUntilFailure(clientVia(proxy.url, 1, 300), 'data/a.bin');
    assert.ok(outcome.error, 'the body read timed out');
    assert.ok(outcome.bytes < body.length);
    proxy.clearRules();
  });

  it('hold: the crash point fires with the request; forwarded holds complete upstream first', async () => {
    const held: string[] = [];
    const rule = proxy.inject({ op: 'PutObject', key: /^hold\//, nth: 2, fault: { type: 'hold', forward: true, onHold: (r) => held.push(r.key!) } });
    const client = clientVia(proxy.url, 1, 500);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'hold/1', Body: 'x' }));
    await assert.rejects(client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'hold/2', Body: 'x' })), { name: 'TimeoutError' });
    assert.equal((await rule.fired).key, 'hold/2');
    assert.deepEqual(held, ['hold/2']);
    await s3.client().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'hold/2' }));
    proxy.clearRules();
  });
});

describe('fault proxy: rule selection', () => {
  it('matches on operation and key pattern only, on the Nth matching requests', async () => {
    proxy.resetCounts();
    const rule = proxy.inject({ op: 'GetObject', key: /^data\//, nth: [2, 4], fault: { type: 'status', status: 500 } });
    const client = clientVia(proxy.url);
    const outcomes: string[] = [];
    for (const key of ['catalog/runs/x.json', 'data/a.bin', 'catalog/runs/x.json', 'data/a.bin', 'data/a.bin', 'data/a.bin']) {
      outcomes.push(await getBody(client, key).then(() => 'ok', () => 'fail'));
    }
    assert.deepEqual(outcomes, ['ok', 'ok', 'ok', 'fail', 'ok', 'fail']);
    assert.equal(rule.matched, 4);
    assert.equal(rule.injected, 2);
    assert.deepEqual(proxy.injections().map((i) => i.key), ['data/a.bin', 'data/a.bin']);
    proxy.clearRules();
  });

  it('a rate places faults from the seed: the same seed, the same places; about the rate', async () => {
    const places = async (seed: number): Promise<number[]> => {
      const p = await startFaultProxy({ upstream: s3.endpoint, seed });
      p.inject({ op: 'HeadObject', rate: 0.3, fault: { type: 'status', status: 503 } });
      const client = clientVia(p.url);
      const failed: number[] = [];
      for (let i = 0; i < 60; i++) {
        await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'data/a.bin' })).catch(() => failed.push(i));
      }
      await p.stop();
      return failed;
    };
    const first = await places(42);
    assert.deepEqual(await places(42), first);
    assert.notDeepEqual(await places(43), first);
    assert.ok(first.length >= 8 && first.length <= 30, `${first.length} of 60 at rate 0.3`);
    const random = seededRandom(1);
    assert.ok(Array.from({ length: 1000 }, random).every((x) => x >= 0 && x < 1));
  });

  it('times caps the injections', async () => {
    const rule = proxy.inject({ op: 'HeadObject', times: 2, fault: { type: 'status', status: 500 } });
    const client = clientVia(proxy.url);
    let failures = 0;
    for (let i = 0; i < 5; i++) await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'data/a.bin' })).catch(() => failures++);
    assert.equal(failures, 2);
    assert.equal(rule.matched, 5);
    proxy.clearRules();
  });
});

describe('fault proxy: SimpleDB upstream', () => {
  let sdb: TestSimpleDb;
  let sdbProxy: FaultProxy;
  before(async () => {
    sdb = await startTestSimpleDb();
    sdbProxy = await startFaultProxy({ upstream: sdb.server.url, flavor: 'simpledb', seed: 3 });
    await sdb.client.createDomain({ DomainName: 'proxied' });
  });
  after(async () => {
    await sdbProxy?.stop();
    await sdb?.close();
  });

  it('forwards SigV2-signed calls and names them by Action', async () => {
    const client = sdb.makeClient({ endpoint: sdbProxy.url, maxAttempts: 1 });
    await client.putAttributes({ DomainName: 'proxied', ItemName: 'a', Attributes: [{ Name: 'n', Value: '1' }] });
    const page = await client.select({ SelectExpression: 'select * from proxied', ConsistentRead: true });
    assert.equal(page.Items.length, 1);
    assert.deepEqual(sdbProxy.counts().byOp, { PutAttributes: 1, Select: 1 });
    assert.deepEqual(sdbProxy.counts().byKind, { PUT: 1, LIST: 1 });
  });

  it('slowdown is ServiceUnavailable, throttle 429 is Throttling, truncation and resets are network errors', async () => {
    const client = sdb.makeClient({ endpoint: sdbProxy.url, maxAttempts: 1, requestTimeoutMs: 400 });
    const select = () => client.select({ SelectExpression: 'select * from proxied', ConsistentRead: true }).catch((e: unknown) => e as SimpleDbError);
    const expectations: [Parameters<FaultProxy['inject']>[0]['fault'], (e: SimpleDbError) => void][] = [
      [{ type: 'slowdown' }, (e) => assert.deepEqual([e.code, e.statusCode], ['ServiceUnavailable', 503])],
      [{ type: 'throttle', status: 429, burst: 1 }, (e) => assert.deepEqual([e.code, e.statusCode, e.retryable], ['Throttling', 429, true])],
      [{ type: 'status', status: 500 }, (e) => assert.deepEqual([e.code, e.statusCode], ['InternalError', 500])],
      [{ type: 'truncate' }, (e) => assert.equal(e.code, 'NetworkError')],
      [{ type: 'reset' }, (e) => assert.equal(e.code, 'NetworkError')],
      [{ type: 'reset-mid-body' }, (e) => assert.equal(e.code, 'NetworkError')],
      [{ type: 'stall' }, (e) => assert.equal(e.code, 'RequestTimeout')],
    ];
    for (const [fault, check] of expectations) {
      sdbProxy.inject({ op: 'Select', nth: 1, fault });
      const error = await select();
      assert.ok(error instanceof SimpleDbError, `${fault.type}: a SimpleDbError`);
      check(error);
      sdbProxy.clearRules();
    }
    assert.equal((await select() as { Items: unknown[] }).Items.length, 1, 'no rule left: the call succeeds');
  });
});
