import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildS3RestoreConfig as buildRestoreConfig, buildS3VerifyConfig as buildVerifyConfig, parseReadData } from '../../src/config/restore.ts';
import { buildSimpleDbRestoreConfig as buildSdbRestoreConfig, buildSimpleDbVerifyConfig as buildSdbVerifyConfig } from '../../src/config/simpledb.ts';
import { buildJobs } from '../../src/config/build.ts';

const now = new Date('2026-11-24T16:00:00Z');
const base = { destination: '/tmp/backup', 'restore-time': '2026-11-24T10:00:00Z' };

describe('restore configuration', () => {
  it('defaults: every source, a new prefix in the destination, no dry run', () => {
    const config = buildRestoreConfig(base, {}, now);
    assert.equal(config.time.at.toISOString(), '2026-11-24T10:00:00.000Z');
    assert.deepEqual(config.selection, []);
    assert.deepEqual(config.target, { kind: 'default' });
    assert.equal(config.dryRun, false);
    assert.equal(config.concurrency, 32);
    assert.deepEqual(config.sources, []);
  });
  it('reads the selection, a relative time and an S3 target with its own keys', () => {
    const config = buildRestoreConfig(
      {
        ...base,
        'restore-time': '2 hours ago',
        'restore-sources': 'photos\ns3://docs/2026',
        'restore-prefix': 'cats/',
        'restore-keys': 'cats/a.jpg\ncats/b.jpg',
        'restore-target': 's3://scratch/restores',
        'restore-target-endpoint': 'http://127.0.0.1:9000',
        'restore-target-access-key-id': 'AK',
        'restore-target-secret-access-key': 'SK',
        'dry-run': 'true',
      },
      {},
      now,
    );
    assert.equal(config.time.at.toISOString(), '2026-11-24T14:00:00.000Z');
    assert.deepEqual(config.selection, ['photos', 's3://docs/2026']);
    assert.equal(config.prefix, 'cats/');
    assert.deepEqual(config.keys, ['cats/a.jpg', 'cats/b.jpg']);
    assert.equal(config.dryRun, true);
    const target = config.target;
    assert.equal(target.kind, 's3');
    if (target.kind !== 's3') return;
    assert.equal(target.bucket, 'scratch');
    assert.equal(target.prefix, 'restores/');
    assert.equal(target.connection.credentials?.accessKeyId, 'AK');
    assert.equal(target.connection.forcePathStyle, true);
  });
  it('notes a time without a zone is read as UTC', () => {
    assert.match(buildRestoreConfig({ ...base, 'restore-time': '2026-11-24 10:00' }, {}, now).time.note ?? '', /UTC/);
  });
  it('an in-place restore needs the exact confirmation and the live sources', () => {
    const inPlace = { ...base, sources: 'photos', 'restore-in-place': 'true' };
    assert.throws(() => buildRestoreConfig(inPlace, {}, now), /input `confirm-in-place`: .*overwrite live data/);
    assert.throws(() => buildRestoreConfig({ ...inPlace, 'confirm-in-place': 'yes' }, {}, now), /input `confirm-in-place`.*got "yes"/);
    assert.throws(() => buildRestoreConfig({ ...base, 'restore-in-place': 'true', 'confirm-in-place': 'overwrite live data' }, {}, now), /input `sources`/);
    const config = buildRestoreConfig({ ...inPlace, 'confirm-in-place': 'overwrite live data' }, {}, now);
    assert.deepEqual(config.target, { kind: 'in-place', confirmed: true });
    assert.deepEqual(config.sources, [{ bucket: 'photos', prefix: '' }]);
  });
  const bad: [string, Record<string, string>, RegExp][] = [
    ['a missing time', { destination: '/x' }, /input `restore-time`: is required/],
    ['garbage time', { ...base, 'restore-time': 'last tuesday-ish' }, /input `restore-time`: restore time "last tuesday-ish" is not a time/],
    ['a future time', { ...base, 'restore-time': '2027-01-01T00:00:00Z' }, /input `restore-time`: .*is in the future/],
    ['in place and a target', { ...base, sources: 'bkt', 'restore-in-place': 'true', 'restore-target': '/tmp/x' }, /input `restore-target`: cannot be combined/],
    ['half a target key pair', { ...base, 'restore-target': 's3://scratch', 'restore-target-access-key-id': 'AK' }, /input `restore-target-secret-access-key`/],
    ['a bad target bucket', { ...base, 'restore-target': 's3://x' }, /input `restore-target`/],
    ['a missing destination', { 'restore-time': 'now' }, /input `destination`: is required/],
  ];
  for (const [name, raw, message] of bad) it(`rejects ${name}`, () => assert.throws(() => buildRestoreConfig(raw, {}, now), message));
});

describe('verify configuration', () => {
  it('reads read-data and the live sources', () => {
    const config = buildVerifyConfig({ destination: '/tmp/b', sources: 'photos/2026', 'read-data': 'sample:10' }, {});
    assert.deepEqual(config.readData, { kind: 'sample', percent: 10 });
    assert.deepEqual(config.sources, [{ bucket: 'photos', prefix: '2026' }]);
    assert.deepEqual(buildVerifyConfig({ destination: '/tmp/b' }, {}).readData, { kind: 'none' });
    assert.deepEqual(buildVerifyConfig({ destination: '/tmp/b' }, {}).sources, []);
  });
  it('parses read-data strictly', () => {
    assert.deepEqual(parseReadData('all'), { kind: 'all' });
    assert.deepEqual(parseReadData('sample:2.5%'), { kind: 'sample', percent: 2.5 });
    for (const bad of ['some', 'sample:0', 'sample:101', 'sample:']) assert.throws(() => parseReadData(bad), /input `read-data`/);
  });
});

describe('SimpleDB restore configuration', () => {
  const sdbBase = { 'mysql-url': 'mysql://root@127.0.0.1:3306/backups', 'restore-time': '2026-11-24T10:00:00Z' };
  it('defaults: every domain, new domains named after the source and T', () => {
    const config = buildSdbRestoreConfig(sdbBase, now);
    assert.deepEqual(config.domains, []);
    assert.deepEqual(config.target, { kind: 'new' });
    assert.equal(config.backup.tablePrefix, 'sdb_');
    assert.equal(config.backup.mysql.database, 'backups');
  });
  it('a named target domain, item selection, in place with confirmation', () => {
    const named = buildSdbRestoreConfig({ ...sdbBase, 'restore-sources': 'users', 'restore-target-domain': 'users-copy', 'restore-keys': 'a\nb', 'restore-prefix': 'user-' }, now);
    assert.deepEqual(named.target, { kind: 'domain', name: 'users-copy' });
    // The S3 target input is not SimpleDB's.
    assert.deepEqual(buildSdbRestoreConfig({ ...sdbBase, 'restore-sources': 'users', 'restore-target': 's3://b/p' }, now).target, { kind: 'new' });
    // A named domain may carry the confirmation (the restore needs it when the domain is live); a wrong phrase is refused.
    assert.deepEqual(
      buildSdbRestoreConfig({ ...sdbBase, 'restore-sources': 'users', 'restore-target-domain': 'users', 'confirm-in-place': 'overwrite live data' }, now).target,
      { kind: 'domain', name: 'users', confirmed: true },
    );
    assert.throws(() => buildSdbRestoreConfig({ ...sdbBase, 'restore-sources': 'users', 'restore-target-domain': 'users', 'confirm-in-place': 'yes' }, now), /input `confirm-in-place`/);
    assert.deepEqual(named.items, ['a', 'b']);
    assert.equal(named.itemPrefix, 'user-');
    assert.throws(() => buildSdbRestoreConfig({ ...sdbBase, 'restore-target-domain': 'users-copy' }, now), /input `restore-target-domain`: a named target domain takes one source domain/);
    assert.throws(() => buildSdbRestoreConfig({ ...sdbBase, 'restore-in-place': 'true' }, now), /input `confirm-in-place`/);
    assert.deepEqual(buildSdbRestoreConfig({ ...sdbBase, 'restore-in-place': 'true', 'confirm-in-place': 'overwrite live data' }, now).target, { kind: 'in-place', confirmed: true });
    assert.throws(() => buildSdbRestoreConfig({ ...sdbBase, 'mysql-url': '' }, now), /mysql-database/);
  });
  it('verify selects domains', () => {
    assert.deepEqual(buildSdbVerifyConfig({ ...sdbBase, 'verify-sources': 'users, orders' }).domains, ['users', 'orders']);
  });
});

// A trial of the CLI: the confirmation typed, `restore-in-place` forgotten, and the restore went to
// restored/ while the operator believed the live data restored. The confirmation counts only where
// the restore can use it: in place, or a named target it checks for live data.
describe('confirm-in-place where nothing can use it', () => {
  const confirmed = { ...base, 'confirm-in-place': 'overwrite live data' };
  const mysql = { 'mysql-url': 'mysql://u@db/backups' };
  const targetOf = (raw: Record<string, string>, backend: 's3' | 'simpledb') => {
    const job = buildJobs('restore', raw, {}, now).find((j) => j.backend === backend);
    assert.ok(job?.mode === 'restore', `a ${backend} restore`);
    return job.config.target;
  };

  it('refused for the default targets and a folder, naming both inputs, where the restore writes and the fix; a dry run too', () => {
    assert.throws(
      () => buildJobs('restore', confirmed, {}, now),
      (error: Error) =>
        error.message ===
        'input `confirm-in-place`: is set, but `restore-in-place` is not: this restore writes to the default target restored/<time>/ in the destination, and leaves the live data as it is. ' +
          'To restore over the live data, set `restore-in-place: true` as well; to restore beside it, remove `confirm-in-place`',
    );
    assert.throws(() => buildJobs('restore', { ...confirmed, 'dry-run': 'true' }, {}, now), /input `confirm-in-place`: is set, but `restore-in-place` is not/);
    assert.throws(() => buildJobs('restore', { ...confirmed, 'restore-target': '/tmp/restored' }, {}, now), /writes to the folder \/tmp\/restored, and leaves/);
    assert.throws(() => buildJobs('restore', { ...confirmed, ...mysql, 'restore-in-place': 'false' }, {}, now), /writes to the default target restored\/<time>\/ in the destination and a new domain <domain>-restored-<time>, and leaves/);
    const { destination: _, ...sdbOnly } = { ...confirmed, ...mysql };
    assert.throws(() => buildJobs('restore', sdbOnly, {}, now), /input `confirm-in-place`: is set, .* writes to a new domain <domain>-restored-<time>, and leaves/);
  });

  it('kept where it counts: in place, an S3 target bucket, a named SimpleDB domain (in a run with S3 too)', () => {
    assert.deepEqual(targetOf({ ...confirmed, sources: 'photos', 'restore-in-place': 'true' }, 's3'), { kind: 'in-place', confirmed: true });
    assert.deepEqual(targetOf({ ...confirmed, 'restore-target': 's3://live/' }, 's3'), { ...targetOf({ ...base, 'restore-target': 's3://live/' }, 's3'), confirmed: true });
    const both = { ...confirmed, ...mysql, 'restore-sources': 'sdb:users', 'restore-target-domain': 'users' };
    assert.deepEqual(targetOf(both, 'simpledb'), { kind: 'domain', name: 'users', confirmed: true });
    assert.deepEqual(targetOf(both, 's3'), { kind: 'default' }, 'the S3 part goes to restored/, the SimpleDB part uses the confirmation');
    assert.doesNotThrow(() => buildJobs('restore', base, {}, now), 'no confirmation, nothing to refuse');
  });
});
