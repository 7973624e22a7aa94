import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateEventLine, validateRunRecord, validateStateLine } from '../../src/backends/s3/catalog/validate.ts';
import { emptyCounts, sourceFolder } from '../../src/backends/s3/catalog/records.ts';
import { CatalogLineError } from '../../src/backends/s3/catalog/errors.ts';
import { backupKeyFor, sourceId } from '../../src/backends/s3/plan/names.ts';
import { versionIdentity } from '../../src/backends/s3/plan/model.ts';
import type { SourceVersion } from '../../src/stores/object/types.ts';

/** Issue 9, item 9: every catalogue line and run record is checked before anything acts on it. */
const context = { bucket: 'photos', prefix: 'cats/' };
const listed: SourceVersion = { key: 'cats/tom.jpg', etag: 'd41d8cd98f00b204e9800998ecf8427e', size: 3, lastModified: '2026-11-24T10:00:00.000Z' };
const versioned: SourceVersion = { ...listed, versionId: 'Xyz.123' };
const state = (v: SourceVersion, extra: Record<string, unknown> = {}) => ({
  id: versionIdentity(v),
  t: v.lastModified,
  ...(v.versionId ? { vid: v.versionId } : {}),
  e: v.etag,
  s: v.size,
  b: backupKeyFor(context.bucket, v),
  ...extra,
});
const rejects = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: Error) => e instanceof CatalogLineError && pattern.test(e.message));

describe('state lines', () => {
  it('accepts what the backup writes, unversioned and versioned, and a delete marker', () => {
    const line = { k: listed.key, v: [state(versioned), state(listed), { id: 'v:dm1', vid: 'dm1', t: '2026-11-24T11:00:00.000Z', dm: true }] };
    assert.deepEqual(validateStateLine(line, context), line);
  });
  it('accepts the _long backup name of a long key', () => {
    const long: SourceVersion = { ...listed, key: `cats/${'k'.repeat(1000)}` };
    const line = { k: long.key, v: [{ ...state(long), b: backupKeyFor(context.bucket, long, 100) }] };
    assert.match(line.v[0]!.b, /^data\/photos\/_long\//);
    assert.equal(validateStateLine(line, context).v[0]!.b, line.v[0]!.b);
  });
  it('refuses a backup key that is not the name of this bucket, key and identity', () => {
    const bad = (b: string) => rejects(() => validateStateLine({ k: listed.key, v: [state(listed, { b })] }, context), /"b" .* is not the backup name of this version/);
    bad('catalog/runs/20261124T161758.123Z-a1b2c3.json');
    bad(backupKeyFor('other-bucket', listed));
    bad(backupKeyFor(context.bucket, { ...listed, key: 'cats/jerry.jpg' }));
    bad(backupKeyFor(context.bucket, { ...listed, etag: 'ffffffffffffffffffffffffffffffff' }));
    bad(`data/photos/../catalog/runs/x.json`);
  });
  it('refuses an identity that does not match the version, a key outside the prefix, a marker with a backup key', () => {
    rejects(() => validateStateLine({ k: listed.key, v: [state(listed, { id: 'v:other' })] }, context), /"id" .* does not match its version/);
    rejects(() => validateStateLine({ k: 'dogs/rex.jpg', v: [state({ ...listed, key: 'dogs/rex.jpg' })] }, context), /outside the source prefix/);
    rejects(() => validateStateLine({ k: listed.key, v: [{ id: 'v:dm', vid: 'dm', t: listed.lastModified, dm: true, b: backupKeyFor(context.bucket, listed) }] }, context), /delete marker with a backup key/);
  });
  it('refuses wrong types, empty lists, repeated versions and impossible keys', () => {
    rejects(() => validateStateLine([], context), /not a JSON object/);
    rejects(() => validateStateLine({ k: listed.key, v: [] }, context), /non-empty list/);
    rejects(() => validateStateLine({ k: listed.key, v: [state(listed), state(listed)] }, context), /repeats identity/);
    rejects(() => validateStateLine({ k: listed.key, v: [state(listed, { s: -1 })] }, context), /"s" is not a non-negative integer/);
    rejects(() => validateStateLine({ k: listed.key, v: [state(listed, { s: '3' })] }, context), /"s" is not a non-negative integer/);
    rejects(() => validateStateLine({ k: listed.key, v: [state(listed, { t: 'yesterday' })] }, context), /"t" is not a time/);
    rejects(() => validateStateLine({ k: `cats/${'x'.repeat(1100)}`, v: [state(listed)] }, context), /"k"/);
    rejects(() => validateStateLine({ k: 'cats/\uD800', v: [state(listed)] }, context), /well-formed/);
  });
  it('drops fields pullback does not write', () => {
    const line = validateStateLine({ k: listed.key, extra: 1, v: [state(listed, { evil: 'x' })] }, context) as unknown as Record<string, unknown>;
    assert.equal('extra' in line, false);
    assert.equal('evil' in (line['v'] as Record<string, unknown>[])[0]!, false);
  });
});

describe('event lines', () => {
  const version = { k: listed.key, type: 'version', ...state(listed), seen: '2026-11-24T10:05:00.000Z', meta: { contentType: 'image/jpeg', user: { owner: 'a' } }, sha256: 'a'.repeat(64) };
  it('accepts the four kinds the backup writes', () => {
    assert.deepEqual(validateEventLine(version, context), version);
    const marker = { k: listed.key, type: 'deleteMarker', id: 'v:dm', vid: 'dm', t: '2026-11-24T11:00:00.000Z', seen: '2026-11-24T11:05:00.000Z' };
    assert.deepEqual(validateEventLine(marker, context), marker);
    const deleted = { k: listed.key, type: 'deleted', after: '2026-11-24T10:00:00.000Z', before: '2026-11-24T11:00:00.000Z', last: versionIdentity(listed) };
    assert.deepEqual(validateEventLine(deleted, context), deleted);
    const purged = { k: listed.key, type: 'purged', id: 'v:1', after: '2026-11-24T10:00:00.000Z', before: '2026-11-24T11:00:00.000Z' };
    assert.deepEqual(validateEventLine(purged, context), purged);
  });
  it('refuses a version pointing at a catalogue file, headers with line breaks, an unknown type, a bad hash', () => {
    rejects(() => validateEventLine({ ...version, b: 'catalog/runs/20261124T161758.123Z-a1b2c3.json' }, context), /is not the backup name/);
    rejects(() => validateEventLine({ ...version, meta: { contentType: 'text/html\r\nX-Evil: 1' } }, context), /control characters/);
    rejects(() => validateEventLine({ ...version, meta: { user: { a: 'b\nc' } } }, context), /control characters/);
    rejects(() => validateEventLine({ ...version, type: 'restore-me' }, context), /"type"/);
    rejects(() => validateEventLine({ ...version, sha256: 'xyz' }, context), /"sha256" is not a hex SHA-256/);
    rejects(() => validateEventLine({ ...version, b: undefined }, context), /"b" is not a string/);
  });
});

describe('run records', () => {
  const runId = '20261124T161758.123Z-a1b2c3';
  const folder = sourceFolder('photos', 'cats/', runId);
  const source = {
    id: sourceId('photos', 'cats/'),
    bucket: 'photos',
    prefix: 'cats/',
    versioned: false,
    listStartedAt: '2026-11-24T16:17:58.000Z',
    listFinishedAt: '2026-11-24T16:18:00.000Z',
    state: `${folder}state.jsonl.gz`,
    events: `${folder}events.jsonl.gz`,
    stateSha256: 'a'.repeat(64),
    stateBytes: 10,
    eventsSha256: 'b'.repeat(64),
    eventsBytes: 20,
    counts: emptyCounts(),
    complete: true,
    durationMs: 5,
  };
  const record = { format: 'pullback-catalog/2', runId, startedAt: '2026-11-24T16:17:58.123Z', finishedAt: '2026-11-24T16:18:01.000Z', status: 'complete', tool: { name: 'pullback', version: '0.1.0' }, sources: [source] };
  it('accepts format 2 with digests and format 1 without', () => {
    assert.deepEqual(validateRunRecord(record, runId), record);
    const { stateSha256: _a, stateBytes: _b, eventsSha256: _c, eventsBytes: _d, ...old } = source;
    assert.deepEqual(validateRunRecord({ ...record, format: 'pullback-catalog/1', sources: [old] }, runId).sources[0], old);
  });
  it('refuses state or events files outside the run’s folder, a wrong run id, a format 2 record without digests, an unknown format', () => {
    rejects(() => validateRunRecord({ ...record, sources: [{ ...source, state: 'catalog/runs/x.json' }] }, runId), /"state" .* is not this run's state file/);
    rejects(() => validateRunRecord({ ...record, sources: [{ ...source, events: `${sourceFolder('photos', 'cats/', '20261124T000000.000Z-000000')}events.jsonl.gz` }] }, runId), /"events"/);
    rejects(() => validateRunRecord(record, '20261124T161758.123Z-ffffff'), /"runId"/);
    rejects(() => validateRunRecord({ ...record, sources: [{ ...source, stateSha256: undefined }] }, runId), /"stateSha256"/);
    rejects(() => validateRunRecord({ ...record, format: 'pullback-catalog/9' }, runId), /newer pullback/);
    rejects(() => validateRunRecord({ ...record, sources: [{ ...source, bucket: '..', id: sourceId('..', 'cats/') }] }, runId), /not a bucket name/);
    rejects(() => validateRunRecord({ ...record, sources: [source, source] }, runId), /one source twice/);
  });

  it('reads key samples (issue 14) as untrusted: a list of at most 256 ascending keys under the prefix', () => {
    const samples = ['cats/a', 'cats/b', 'cats/caf\u00e9', 'cats/\u{1F600}'];
    assert.deepEqual(validateRunRecord({ ...record, sources: [{ ...source, keySamples: samples }] }, runId).sources[0]!.keySamples, samples);
    assert.equal(validateRunRecord(record, runId).sources[0]!.keySamples, undefined, 'a record from before samples has none');
    const bad: [unknown, RegExp][] = [
      ['cats/a', /"keySamples" is not a list/],
      [['cats/b', 'cats/a'], /not in ascending S3 byte order/],
      [['cats/a', 'cats/a'], /not in ascending S3 byte order/],
      [['dogs/a'], /is not under the prefix/],
      [[42], /"keySamples"\[0\] is not a string/],
      [['cats/' + 'x'.repeat(1100)], /longer than 1024/],
      [['cats/\uD800'], /not well-formed Unicode/],
      [Array.from({ length: 257 }, (_, i) => `cats/${String(i).padStart(3, '0')}`), /more than 256/],
    ];
    for (const [keySamples, message] of bad) rejects(() => validateRunRecord({ ...record, sources: [{ ...source, keySamples }] }, runId), message);
  });
});
