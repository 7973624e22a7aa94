/**
 * A body whose SHA-256 the caller already computed (PutOptions.sha256: a backup's small objects) is
 * signed with that hash, not hashed again by the SDK (issue 11: the SDK's second pass over every
 * small object). Checked on the request as signed and sent to s3rver: the payload hash it carries
 * is the one given (a hash that differs from the bytes shows it was not recomputed; s3rver does not
 * check payloads, AWS S3 refuses such a write), and the object arrives whole.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { createS3Client } from '../../src/stores/object/s3/client.ts';
import { S3ObjectStore } from '../../src/stores/object/s3/store.ts';
import { useS3rver } from '../support/use-s3rver.ts';

const { s3rver } = useS3rver();

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** A store on its own client, and the payload hash of every PutObject as it was sent (signed). */
async function observedStore(bucket: string): Promise<{ store: S3ObjectStore; sent: Map<string, string | undefined> }> {
  const server = s3rver();
  await server.createBucket(bucket);
  const client = createS3Client(server.connection(), bucket);
  const sent = new Map<string, string | undefined>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers: Record<string, string> };
      // The deserialize step runs after signing: these are the headers on the wire.
      if (context.commandName === 'PutObjectCommand') {
        assert.match(request.headers['authorization'] ?? '', /^AWS4-HMAC-SHA256 /, 'the request is signed');
        sent.set((args.input as { Key: string }).Key, request.headers['x-amz-content-sha256']);
      }
      return next(args);
    },
    { step: 'deserialize', name: 'testPayloadHashObserver' },
  );
  return { store: new S3ObjectStore(bucket, 'p/', { client, endpoint: server.endpoint }), sent };
}

async function read(store: S3ObjectStore, key: string): Promise<string> {
  const body = await store.get(key);
  assert.ok(body, `${key} was stored`);
  return text(body);
}

describe('a put with the body\'s SHA-256 known (S3 store)', () => {
  it('signs the hash it was given, and the object arrives whole', async () => {
    const { store, sent } = await observedStore('payload-hash-given');
    const body = Buffer.from('four kibibytes, give or take '.repeat(140));
    await store.put('given', body, { size: body.length, sha256: sha256(body) });
    assert.equal(sent.get('p/given'), sha256(body));
    assert.equal(await read(store, 'given'), body.toString());
  });

  it('sends the given hash as it is, not one the SDK computed (a hash that differs from the bytes)', async () => {
    const { store, sent } = await observedStore('payload-hash-not-recomputed');
    const body = Buffer.from('these bytes');
    const other = sha256('other bytes');
    // s3rver does not check payload hashes; AWS S3 would refuse this write (XAmzContentSHA256Mismatch).
    await store.put('other', body, { size: body.length, sha256: other });
    assert.equal(sent.get('p/other'), other);
  });

  it('leaves every other put to the SDK: a Buffer without a hash, a string, a stream', async () => {
    const { store, sent } = await observedStore('payload-hash-sdk');
    const body = Buffer.from('no hash given');
    await store.put('buffer', body, { size: body.length });
    assert.equal(sent.get('p/buffer'), sha256(body), 'the SDK hashes a whole body itself');
    await store.put('string', 'a string body', { sha256: sha256('ignored for strings') });
    assert.equal(sent.get('p/string'), sha256('a string body'), 'a string body is hashed by the SDK');
    await store.put('stream', Readable.from([Buffer.from('streamed')]), { size: 8, sha256: sha256('streamed') });
    assert.equal(sent.get('p/stream'), 'UNSIGNED-PAYLOAD', 'a stream is sent unsigned, as before');
    assert.equal(await read(store, 'stream'), 'streamed');
  });

  it('refuses a hash that is not 64 lowercase hex digits before anything is sent', async () => {
    const { store, sent } = await observedStore('payload-hash-malformed');
    const body = Buffer.from('x');
    await assert.rejects(store.put('bad', body, { size: 1, sha256: 'ABC' }), /payload hash must be 64 lowercase hex digits/);
    assert.equal(sent.size, 0);
  });
});
