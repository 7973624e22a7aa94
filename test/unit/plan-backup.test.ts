import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextStateLine, planBackup, planKey } from '../../src/backends/s3/plan/backup-plan.ts';
import { compareKeys } from '../../src/plan/keys.ts';
import { versionIdentity, type StateLine } from '../../src/backends/s3/plan/model.ts';
import type { KeyListing } from '../../src/stores/object/types.ts';
import { backupKeyFor } from '../../src/backends/s3/plan/names.ts';

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

const object = (key: string, etag: string, lastModified = '2026-11-24T10:00:00.000Z', size = 3): KeyListing => ({
  key,
  versions: [{ key, etag, size, lastModified }],
});

function stateOf(listing: KeyListing): StateLine {
  return { k: listing.key, v: listing.versions.map((v) => ({ id: versionIdentity(v), t: v.lastModified, e: v.etag!, s: v.size!, b: `b/${v.key}` })) };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('compareKeys (S3 byte order)', () => {
  it('orders characters above U+FFFF after U+E000..U+FFFF, as UTF-8 bytes do', () => {
    const keys = ['z\u{1F600}', 'z\uFFFD', 'a', 'a/', 'é', 'Z'];
    const byBytes = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    assert.deepEqual([...keys].sort(compareKeys), byBytes);
    assert.ok('z\u{1F600}' < 'z\uFFFD', 'JavaScript order differs here, which is the point');
  });
});

describe('planBackup: listing against the previous state', () => {
  it('copies new keys, keeps unchanged ones and records deletions', async () => {
    const a = object('a', 'e1');
    const b = object('b', 'e2');
    const c = object('c', 'e3');
    const plans = await collect(planBackup(from([a, c, object('d', 'e4')]), from([stateOf(a), stateOf(b), stateOf(c)])));
    assert.deepEqual(
      plans.map((p) => [p.key, p.copy.length, p.kept.length, p.deleted]),
      [
        ['a', 0, 1, false],
        ['b', 0, 0, true],
        ['c', 0, 1, false],
        ['d', 1, 0, false],
      ],
    );
  });

  it('sees an overwrite in the same second (same Last-Modified, new ETag) as a new version', () => {
    const before = object('k', 'etag-1');
    const after = object('k', 'etag-2');
    const plan = planKey(after, stateOf(before));
    assert.equal(plan.copy.length, 1);
    assert.equal(plan.deleted, false);
    assert.notEqual(backupKeyFor('bkt', after.versions[0]!), backupKeyFor('bkt', before.versions[0]!));
  });

  it('copies an object dated before the watermark when the last run did not have it (multipart start time)', () => {
    const late = object('big', 'abc-3', '2020-01-01T00:00:00.000Z');
    const plan = planKey(late, undefined, { recheckSince: '2026-11-24T00:00:00.000Z' });
    assert.equal(plan.copy.length, 1);
  });

  it('rechecks known versions at or after the watermark minus overlap (>=, whole seconds)', () => {
    const known = object('k', 'e', '2026-11-24T10:00:00.000Z');
    const plan = planKey(known, stateOf(known), { recheckSince: '2026-11-24T10:00:00.000Z' });
    assert.equal(plan.recheck.length, 1);
    const older = planKey(known, stateOf(known), { recheckSince: '2026-11-24T10:00:00.001Z' });
    assert.equal(older.recheck.length, 0);
  });

  it('refuses a listing that is not sorted, instead of inventing deletions', async () => {
    await assert.rejects(collect(planBackup(from([object('b', '1'), object('a', '2')]), from([]))), /not in S3 byte order/);
  });

  it('uses constant memory: a million keys march without holding them', async () => {
    async function* listing() {
      for (let i = 0; i < 200_000; i++) yield object(`k${String(i).padStart(7, '0')}`, 'e');
    }
    async function* state() {
      for (let i = 0; i < 200_000; i += 2) yield stateOf(object(`k${String(i).padStart(7, '0')}`, 'e'));
    }
    let copies = 0;
    for await (const plan of planBackup(listing(), state())) copies += plan.copy.length;
    assert.equal(copies, 100_000);
  });

  it('treats versioned keys by VersionId: new versions and delete markers, purged versions', () => {
    const v1 = { key: 'k', versionId: 'v1', etag: 'e1', size: 1, lastModified: '2026-11-24T10:00:00.000Z' };
    const v2 = { key: 'k', versionId: 'v2', etag: 'e2', size: 1, lastModified: '2026-11-24T10:00:01.000Z' };
    const dm = { key: 'k', versionId: 'd1', deleteMarker: true, lastModified: '2026-11-24T10:00:02.000Z' };
    const previous: StateLine = { k: 'k', v: [{ id: 'v:v1', vid: 'v1', t: v1.lastModified, b: 'x' }, { id: 'v:v0', vid: 'v0', t: '2026-11-24T09:00:00.000Z', b: 'y' }] };
    const plan = planKey({ key: 'k', versions: [dm, v2, v1] }, previous);
    assert.deepEqual(plan.copy.map((v) => v.versionId), ['v2']);
    assert.deepEqual(plan.newDeleteMarkers.map((v) => v.versionId), ['d1']);
    assert.deepEqual(plan.gone.map((v) => v.id), ['v:v0']);
    assert.equal(plan.deleted, false);
    const next = nextStateLine(plan, new Map([['v:v2', { id: 'v:v2', vid: 'v2', t: v2.lastModified, b: 'z' }]]), false);
    assert.deepEqual(next?.v.map((v) => v.id), ['v:d1', 'v:v2', 'v:v1']);
  });

  it('carries the previous record forward when a copy failed, so the next run tries again', () => {
    const before = object('k', 'e1');
    const plan = planKey(object('k', 'e2'), stateOf(before));
    assert.deepEqual(nextStateLine(plan, new Map(), true), stateOf(before));
  });
});

describe('backup key names', () => {
  it('are readable and name the bucket, key and time', () => {
    const name = backupKeyFor('photos', { key: '2026/cat.jpg', etag: 'e', size: 1, lastModified: '2026-11-24T16:17:58.000Z' });
    assert.match(name, /^data\/photos\/2026\/cat\.jpg@20261124T161758\.000Z\.[0-9a-f]{16}$/);
  });
  it('fall back to a hashed name when the key would pass 1024 bytes', () => {
    const key = 'é'.repeat(512);
    const name = backupKeyFor('b', { key, etag: 'e', size: 1, lastModified: '2026-11-24T16:17:58.000Z' });
    assert.ok(Buffer.byteLength(name) <= 1024);
    assert.match(name, /^data\/b\/_long\/[0-9a-f]{64}@/);
  });
});
