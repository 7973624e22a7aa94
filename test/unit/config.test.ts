import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildS3BackupConfig } from '../../src/config/s3.ts';
import { parseDuration } from '../../src/config/parse.ts';

const base = { sources: 'my-bucket/photos', destination: '/tmp/backup' };

describe('backup configuration', () => {
  it('builds a typed config with sensible defaults', () => {
    const config = buildS3BackupConfig(base, {});
    assert.deepEqual(config.sources, [{ bucket: 'my-bucket', prefix: 'photos' }]);
    assert.equal(config.destination.kind, 'local');
    assert.equal(config.concurrency, 32);
    assert.equal(config.overlapMs, 6 * 3600_000);
    assert.equal(config.dryRun, false);
    assert.equal(config.sourceConnection.region, 'us-east-1');
    assert.equal(config.listParallelism, 'auto');
    assert.equal(buildS3BackupConfig({ ...base, 'list-parallelism': '16' }, {}).listParallelism, 16);
    assert.equal(config.inventory, undefined);
    const inventory = buildS3BackupConfig({ ...base, listing: 'inventory', 'inventory-manifest': 's3://inv/p/my-bucket/daily/2026-11-28T00-00Z/manifest.json\ns3://inv/p/other/daily/' }, {});
    assert.deepEqual(inventory.inventory?.manifests, [
      { bucket: 'inv', key: 'p/my-bucket/daily/2026-11-28T00-00Z/manifest.json' },
      { bucket: 'inv', key: 'p/other/daily/' },
    ]);
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['missing sources', { destination: '/x' }, /input `sources`: is required/],
    ['bad bucket', { ...base, sources: 'a' }, /input `sources`: "a" is not bucket\[\/prefix\]/],
    ['duplicate source', { ...base, sources: 'bkt/x\nbkt/x' }, /lists bkt\/x twice/],
    ['missing destination', { sources: 'bkt' }, /input `destination`: is required/],
    ['bad boolean', { ...base, 'dry-run': 'yes' }, /input `dry-run`: must be true or false/],
    ['bad concurrency', { ...base, concurrency: '0' }, /input `concurrency`: must be from 1 to 512/],
    ['bad list-parallelism', { ...base, 'list-parallelism': 'many' }, /input `list-parallelism`: must be a whole number from 1 to 64/],
    ['too much list-parallelism', { ...base, 'list-parallelism': '65' }, /input `list-parallelism`: must be from 1 to 64/],
    ['bad listing', { ...base, listing: 'fast' }, /input `listing`: must be one of live, inventory/],
    ['inventory without a manifest', { ...base, listing: 'inventory' }, /input `inventory-manifest`: is required with listing: inventory/],
    ['a manifest without inventory', { ...base, 'inventory-manifest': 's3://inv/x/manifest.json' }, /input `inventory-manifest`: is read only with listing: inventory/],
    ['a manifest that is not one', { ...base, listing: 'inventory', 'inventory-manifest': 's3://inv/x/data.csv.gz' }, /input `inventory-manifest`: "s3:\/\/inv\/x\/data.csv.gz" is not/],
    ['inventory with shards', { ...base, listing: 'inventory', 'inventory-manifest': 's3://inv/x/manifest.json', shard: '1/2', 'shard-run': 'r1' }, /input `listing`: inventory cannot be combined with shard/],
    ['bad overlap', { ...base, overlap: 'soon' }, /input `overlap`: must be a duration/],
    ['bad endpoint', { ...base, 'source-endpoint': 'not a url' }, /input `source-endpoint`: must be a URL/],
    ['s3 destination without credentials', { ...base, destination: 's3://backup-bucket' }, /destination needs its own credentials/],
    ['half a key pair', { ...base, destination: 's3://backup-bucket', 'destination-access-key-id': 'AKID' }, /input `destination-secret-access-key`: goes with/],
  ];
  for (const [name, raw, message] of bad) {
    it(`rejects ${name} with a message naming the input`, () => assert.throws(() => buildS3BackupConfig(raw, {}), message));
  }

  it('keeps destination credentials apart from the source chain', () => {
    const config = buildS3BackupConfig(
      { ...base, destination: 's3://backup-bucket/pre', 'destination-endpoint': 'https://r2.example', 'destination-access-key-id': 'AKID', 'destination-secret-access-key': 'SECRET' },
      { AWS_REGION: 'eu-west-1' },
    );
    assert.equal(config.destination.kind, 's3');
    if (config.destination.kind !== 's3') return;
    assert.equal(config.destination.prefix, 'pre/');
    assert.equal(config.destination.connection.credentials?.accessKeyId, 'AKID');
    assert.equal(config.destination.connection.forcePathStyle, true);
    assert.equal(config.sourceConnection.credentials, undefined);
    assert.equal(config.sourceConnection.region, 'eu-west-1');
  });

  it('parses durations', () => {
    assert.equal(parseDuration('90'), 90_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('2d'), 172_800_000);
    assert.equal(parseDuration('later'), undefined);
  });
});

describe('sharding and the time budget', () => {
  const base = { sources: 'bucket-a', destination: '/tmp/backups' };
  it('reads shard i/n and commit with the run every shard shares', () => {
    assert.deepEqual(buildS3BackupConfig({ ...base, shard: '2/4', 'shard-run': 'r-1' }, {}).shard, { name: 'r-1', shard: 2, count: 4 });
    assert.deepEqual(buildS3BackupConfig({ ...base, shard: 'commit', 'shard-run': 'r-1' }, {}).shard, { name: 'r-1', commit: true });
    // In GitHub Actions the workflow run's id is the default.
    assert.deepEqual(buildS3BackupConfig({ ...base, shard: '1/2' }, { GITHUB_ACTIONS: 'true', GITHUB_RUN_ID: '987' }).shard, { name: '987', shard: 1, count: 2 });
    assert.equal(buildS3BackupConfig(base, {}).shard, undefined);
  });
  for (const [label, raw, pattern] of [
    ['shard 0', { shard: '0/4', 'shard-run': 'r' }, /input `shard`: must be i\/n with 1 <= i <= n <= 256/],
    ['shard past n', { shard: '5/4', 'shard-run': 'r' }, /input `shard`/],
    ['shard words', { shard: 'two of four', 'shard-run': 'r' }, /input `shard`/],
    ['shard without run-id outside Actions', { shard: '1/4' }, /input `shard-run`: is required with shard/],
    ['run-id that is no name', { shard: '1/4', 'shard-run': '../x' }, /input `shard-run`: "..\/x" is not a run name/],
    ['run-id without shard', { 'shard-run': 'r' }, /input `shard-run`: is only for a sharded run/],
    ['a sharded dry run', { shard: '1/4', 'shard-run': 'r', 'dry-run': 'true' }, /input `shard`: a sharded run cannot be a dry run/],
    ['max-duration not a duration', { 'max-duration': 'soon' }, /input `max-duration`: must be a duration/],
    ['max-duration under a minute', { 'max-duration': '30s' }, /input `max-duration`: "30s" is less than a minute/],
  ] as const) {
    it(`refuses ${label}, naming the input`, () => {
      assert.throws(() => buildS3BackupConfig({ ...base, ...raw }, {}), pattern);
    });
  }
  it('reads max-duration', () => {
    assert.equal(buildS3BackupConfig({ ...base, 'max-duration': '5h30m' }, {}).maxDurationMs, 5.5 * 3600_000);
  });
});
