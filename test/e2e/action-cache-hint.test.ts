/**
 * The bundled action (dist/index.js) restoring its watermark from the Actions cache, through the
 * cache client it loads only when a watermark is read or saved (issue 11): an S3 backup reads the
 * cache only when the catalogue lacks a source's watermark, here a catalogue whose records were
 * lost between two runs. Build first (`npm run build`): this tests the artifact that ships.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { assertSucceeded, log, startActionRunner, type ActionRunner } from '../support/action-runner.ts';
import { startS3rver, type TestS3Server } from '../support/s3.ts';
import { SourceWriter } from '../support/scenario.ts';

let runner: ActionRunner;
let server: TestS3Server;
const backupBucket = 'hint-backup';

before(async () => {
  runner = await startActionRunner();
  server = await startS3rver();
  runner.sourceEnv = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  await server.createBucket('hint-source');
  await server.createBucket(backupBucket);
  await new SourceWriter(server.client(), 'hint-source').put('a.txt', 'a');
});

after(async () => {
  await runner?.close();
  await server?.stop();
});

const inputs = () => ({
  sources: 'hint-source',
  'source-endpoint': server.endpoint,
  destination: `s3://${backupBucket}/main`,
  'destination-endpoint': server.endpoint,
  'destination-access-key-id': 'S3RVER',
  'destination-secret-access-key': 'S3RVER',
});

describe('the action and the Actions cache watermark', () => {
  it('a catalogue that lost its records: the watermark is restored from the cache by the bundled client, and used', async () => {
    const first = await runner.run(inputs(), { runId: 7001, eventName: 'schedule' });
    assertSucceeded(first);
    assert.match(first.stdout, /Watermark saved to the Actions cache as pullback-watermark-[0-9a-f]+-7001-1/, log(first));

    // The catalogue's records gone (an operator's mistake, a lifecycle rule): only the cache knows.
    const listed = await server.client().send(new ListObjectsV2Command({ Bucket: backupBucket, Prefix: 'main/catalog/' }));
    for (const object of listed.Contents ?? []) await server.client().send(new DeleteObjectCommand({ Bucket: backupBucket, Key: object.Key! }));

    const second = await runner.run(inputs(), { runId: 7002, eventName: 'schedule' });
    assertSucceeded(second);
    assert.match(second.stdout, /Watermark restored from the Actions cache entry pullback-watermark-[0-9a-f]+-7001-1\./, log(second));
    assert.match(second.summary, /Watermark from the Actions cache\./);
    assert.ok(runner.cache.requests().some((r) => r.call === 'blob' && r.method === 'GET' && r.status === 200), 'the archive was downloaded');

    // Its catalogue is whole again: the next run reads the watermark there, not the cache.
    const before = runner.cache.requests().length;
    const third = await runner.run(inputs(), { runId: 7003, eventName: 'schedule' });
    assertSucceeded(third);
    assert.match(third.summary, /Watermark from the destination's catalogue\./);
    assert.equal(runner.cache.requests().slice(before).find((r) => r.call === 'GetCacheEntryDownloadURL'), undefined, log(third));
  });
});
