import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildS3BackupConfig } from '../../src/config/s3.ts';
import { buildS3RestoreConfig as buildRestoreConfig, buildS3VerifyConfig as buildVerifyConfig } from '../../src/config/restore.ts';
import { endpointKey, locationsOverlap, prefixesOverlap } from '../../src/config/overlap.ts';
import { guardTargets } from '../../src/backends/s3/restore-guard.ts';

const keys = { 'destination-use-source-credentials': 'true' };

describe('a destination that shares keys with a source is refused (issue 9, item 5)', () => {
  const refused: [string, Record<string, string>][] = [
    ['inside the source bucket', { sources: 'bkt', destination: 's3://bkt/bk' }],
    ['the source bucket itself', { sources: 'bkt', destination: 's3://bkt' }],
    ['inside the source prefix', { sources: 'bkt/data', destination: 's3://bkt/data/bk' }],
    ['under a source prefix without a slash', { sources: 'bkt/bk', destination: 's3://bkt/bk2' }],
    ['holding the source (the other direction)', { sources: 'bkt/bk/live', destination: 's3://bkt/bk' }],
    ['one source of several', { sources: 'abc\nbkt/x', destination: 's3://bkt/x/y' }],
    ['same explicit endpoint, written differently', { sources: 'bkt', destination: 's3://bkt/bk', 'source-endpoint': 'http://127.0.0.1:9000', 'destination-endpoint': 'http://localhost:9000/' }],
    ['an AWS endpoint spelled out against none', { sources: 'bkt', destination: 's3://bkt/bk', 'destination-endpoint': 'https://s3.eu-west-1.amazonaws.com' }],
  ];
  for (const [name, raw] of refused) {
    it(`refuses a destination ${name}`, () => {
      assert.throws(
        () => buildS3BackupConfig({ ...keys, ...raw }, {}),
        (error: Error) => error.name === 'ConfigError' && /^input `destination`: /.test(error.message) && /s3:\/\/(abc|bkt)\//.test(error.message) && /back up its own backup/.test(error.message),
      );
    });
  }
  const accepted: [string, Record<string, string>][] = [
    ['another bucket', { sources: 'bkt', destination: 's3://backups/b' }],
    ['a sibling prefix', { sources: 'bkt/live/', destination: 's3://bkt/backup/' }],
    ['the same bucket name at another endpoint', { sources: 'bkt', destination: 's3://bkt/bk', 'destination-endpoint': 'https://acct.r2.cloudflarestorage.com' }],
    ['a local folder', { sources: 'bkt', destination: '/tmp/b' }],
  ];
  for (const [name, raw] of accepted) it(`accepts ${name}`, () => assert.doesNotThrow(() => buildS3BackupConfig({ ...keys, ...raw }, {})));

  it('restore and verify refuse it too (their `sources` are the same live buckets)', () => {
    const raw = { ...keys, sources: 'bkt', destination: 's3://bkt/bk', 'restore-time': '2026-01-01T00:00:00Z' };
    assert.throws(() => buildRestoreConfig(raw, {}, new Date('2026-02-01T00:00:00Z')), /input `destination`/);
    assert.throws(() => buildVerifyConfig(raw, {}), /input `destination`/);
    // Without `sources` there is nothing to overlap (and no placeholder source that could).
    assert.doesNotThrow(() => buildVerifyConfig({ ...keys, destination: 's3://pullback-placeholder/' }, {}));
  });

  it('a restore config carries the sources, their endpoint and the confirmation', () => {
    const config = buildRestoreConfig(
      { ...keys, sources: 'live', destination: 's3://bkp/p', 'source-endpoint': 'http://127.0.0.1:9000', 'restore-time': '2026-01-01T00:00:00Z', 'restore-target': 's3://live/', 'confirm-in-place': 'overwrite live data' },
      {},
      new Date('2026-02-01T00:00:00Z'),
    );
    assert.deepEqual(config.sources, [{ bucket: 'live', prefix: '' }]);
    assert.equal(config.sourceConnection.endpoint, 'http://127.0.0.1:9000');
    assert.equal(config.target.kind === 's3' && config.target.confirmed, true);
  });
});

describe('endpoints and prefixes', () => {
  it('an unset endpoint is AWS, whatever the region; others by host and port', () => {
    assert.equal(endpointKey(undefined), endpointKey('https://s3.amazonaws.com'));
    assert.equal(endpointKey(undefined), endpointKey('https://s3.us-west-2.amazonaws.com/'));
    assert.notEqual(endpointKey(undefined), endpointKey('https://s3.cn-north-1.amazonaws.com.cn'));
    assert.equal(endpointKey('http://127.0.0.1:9000'), endpointKey('https://localhost:9000/'));
    assert.notEqual(endpointKey('http://127.0.0.1:9000'), endpointKey('http://127.0.0.1:9001'));
    assert.equal(endpointKey('https://Minio.Example.com'), endpointKey('https://minio.example.com:443'));
    assert.notEqual(endpointKey('https://a.r2.cloudflarestorage.com'), endpointKey('https://b.r2.cloudflarestorage.com'));
  });
  it('prefixes overlap when one starts with the other, in either direction', () => {
    assert.ok(prefixesOverlap('', 'x/'));
    assert.ok(prefixesOverlap('photos/2026/', 'photos/'));
    assert.ok(prefixesOverlap('photos', 'photos2/'));
    assert.ok(!prefixesOverlap('photos/', 'docs/'));
    assert.ok(!prefixesOverlap('photos/', 'photos2/'));
  });
  it('locations overlap only in the same bucket at the same endpoint', () => {
    const at = (endpoint: string | undefined, bucket: string, prefix: string) => ({ endpoint, bucket, prefix });
    assert.ok(locationsOverlap(at(undefined, 'b', ''), at('https://s3.amazonaws.com', 'b', 'x/')));
    assert.ok(!locationsOverlap(at(undefined, 'b', ''), at(undefined, 'c', '')));
    assert.ok(!locationsOverlap(at(undefined, 'b', ''), at('http://127.0.0.1:9000', 'b', '')));
  });
});

describe('a default restore target that shares keys with a live source', () => {
  // Reachable when the catalogue's source is read at the destination's endpoint at restore time
  // (`source-endpoint`), though the backup ran against another one.
  it('is refused with a target to choose, not the confirmation, which a default target cannot use', async () => {
    const endpoint = 'http://127.0.0.1:9000';
    const destination = { place: { kind: 's3', location: { endpoint, bucket: 'data', prefix: 'backup/' } }, description: 's3://data/backup/' };
    const runs = [{ source: { id: 's3://data/' }, target: { place: { kind: 's3', location: { endpoint, bucket: 'data', prefix: 'backup/restored/20261203T000000Z/' } } }, keyPrefix: '', listPrefix: '' }];
    const known = new Map([['s3://data/', { id: 's3://data/', bucket: 'data', prefix: '' }]]);
    await assert.rejects(
      guardTargets(runs as never, known as never, { target: { kind: 'default' }, sourceEndpoint: endpoint } as never, { destination, sources: [] } as never),
      (error: Error) => {
        assert.match(error.message, /^input `restore-target`: the default target restored\/ in the destination s3:\/\/data\/backup\/ shares keys with the backed-up source s3:\/\/data\//);
        assert.match(error.message, /Set `restore-target` to a bucket or folder outside every backed-up source$/);
        assert.doesNotMatch(error.message, /confirm-in-place/);
        return true;
      },
    );
  });
});

describe('a named restore target on an endpoint the catalogue cannot rule out (user trial: MinIO source, source-endpoint left out)', () => {
  const minio = 'http://127.0.0.1:9000';
  const destination = { place: { kind: 's3', location: { endpoint: minio, bucket: 'backups', prefix: 'pb/' } }, description: 's3://backups/pb/' };
  const runs = [{ source: { id: 's3://src5/' }, target: { place: { kind: 's3', location: { endpoint: minio, bucket: 'src5', prefix: '' } } }, keyPrefix: '', listPrefix: '' }];
  const known = new Map([['s3://src5/', { id: 's3://src5/', bucket: 'src5', prefix: '' }]]);
  const guard = (sourceEndpoint: string | undefined) =>
    guardTargets(runs as never, known as never, { target: { kind: 's3', confirmed: false }, ...(sourceEndpoint ? { sourceEndpoint } : {}) } as never, { destination, sources: [] } as never);

  it('is the live source when source-endpoint is unset: refused, saying how to tell them apart', async () => {
    await assert.rejects(guard(undefined), (error: Error) => {
      assert.match(error.message, /^input `restore-target`: s3:\/\/src5\/ at http:\/\/127\.0\.0\.1:9000 shares keys with the backed-up source s3:\/\/src5\/ \(the catalogue does not record where its sources live/);
      assert.match(error.message, /set `source-endpoint` to the sources' endpoint\)/);
      return true;
    });
  });

  it('is the live source when source-endpoint names its endpoint', async () => {
    await assert.rejects(guard(minio), /shares keys with the backed-up source s3:\/\/src5\/ \(same endpoint\)/);
  });

  it('is another bucket of the same name when source-endpoint names another endpoint', async () => {
    assert.deepEqual(await guard('https://s3.eu-west-1.amazonaws.com'), []);
  });
});
