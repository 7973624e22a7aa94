/**
 * The S3 clients build their signer once and keep the SDK's config in V8's fast form
 * (src/stores/object/s3/per-request.ts, issue 11). Neither may change what is sent: requests are
 * still signed with the credentials of the moment, a signer that failed to build is built again,
 * and the config holds the same settings as before.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { compactConfig, reuseSigner } from '../../src/stores/object/s3/per-request.ts';
import { useS3rver } from '../support/use-s3rver.ts';

const { s3rver } = useS3rver();

describe('an S3 client with one signer and a compact config', () => {
  it('signs each request with the credentials its provider gives at that moment', async () => {
    const server = s3rver();
    await server.createBucket('per-request-credentials');
    const valid = server.connection().credentials!;
    // The provider's answer changes between requests, as a role's refreshed session does: each
    // expires within the SDK's refresh window, so the SDK asks the provider again every request.
    let current = valid;
    const client = new S3Client({
      ...server.connection(),
      credentials: async () => ({ ...current, expiration: new Date(Date.now() + 60_000) }),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    reuseSigner(client);
    compactConfig(client);
    // The key each request was signed with, read off its Authorization header as sent (s3rver
    // does not check secrets, so the header is what shows which credentials signed it).
    const signedWith: string[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const authorization = (args.request as { headers: Record<string, string> }).headers['authorization'] ?? '';
        signedWith.push(/Credential=([^/]+)\//.exec(authorization)?.[1] ?? 'unsigned');
        return next(args);
      },
      { step: 'deserialize', name: 'testSignedWith' },
    );
    const put = (key: string) => client.send(new PutObjectCommand({ Bucket: 'per-request-credentials', Key: key, Body: key }));
    await put('a');
    current = { accessKeyId: 'ROTATEDKEY', secretAccessKey: 'rotated-secret' };
    await put('b').catch(() => undefined);
    current = valid;
    await put('c');
    assert.deepEqual(signedWith, [valid.accessKeyId, 'ROTATEDKEY', valid.accessKeyId]);
    const read = await client.send(new GetObjectCommand({ Bucket: 'per-request-credentials', Key: 'c' }));
    assert.equal(await read.Body!.transformToString(), 'c');
  });

  it('builds the signer once, and again after a build that failed', async () => {
    const server = s3rver();
    await server.createBucket('per-request-signer');
    const client = new S3Client({ ...server.connection(), requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    const build = client.config.signer;
    let builds = 0;
    let failNext = true;
    client.config.signer = async (authScheme) => {
      builds++;
      if (failNext) {
        failNext = false;
        throw new Error('no region yet');
      }
      return build(authScheme);
    };
    reuseSigner(client);
    const put = (key: string) => client.send(new PutObjectCommand({ Bucket: 'per-request-signer', Key: key, Body: key }));
    await assert.rejects(put('refused'), /no region yet/);
    await Promise.all(['a', 'b', 'c', 'd'].map(put));
    await put('e');
    assert.equal(builds, 2, 'one failed build, then one for every later request');
  });

  it('keeps every setting of the config as it was', () => {
    const client = new S3Client({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:1', forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const before = Object.getOwnPropertyDescriptors(client.config);
    compactConfig(client);
    const after = Object.getOwnPropertyDescriptors(client.config);
    assert.deepEqual(Object.keys(after), Object.keys(before));
    for (const [name, descriptor] of Object.entries(before)) {
      const now = after[name]!;
      assert.equal(now.value, descriptor.value, name);
      assert.equal(now.get, descriptor.get, name);
      assert.equal(now.set, descriptor.set, name);
      assert.equal(now.enumerable, descriptor.enumerable, name);
      assert.equal(now.writable, descriptor.writable, name);
    }
    assert.equal(Object.getPrototypeOf(client.config), Object.getPrototypeOf(new S3Client({}).config), 'its prototype is untouched');
  });
});
