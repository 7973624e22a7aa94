import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareKeys } from '../../src/plan/keys.ts';
import { ScratchSpace } from '../../src/transfer/scratch.ts';
import type { SourceVersion } from '../../src/stores/object/types.ts';
import { decodeInventoryKey, parseCsvLine } from '../../src/backends/s3/listing/inventory/rows.ts';
import { parseManifest } from '../../src/backends/s3/listing/inventory/manifest.ts';
import { sortedListing } from '../../src/backends/s3/listing/inventory/sort.ts';

const manifest = (edit: Record<string, unknown> = {}) =>
  JSON.stringify({
    sourceBucket: 'src-bucket',
    destinationBucket: 'arn:aws:s3:::inv',
    version: '2016-11-30',
    creationTimestamp: '1764374400000',
    fileFormat: 'CSV',
    fileSchema: 'Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, LastModifiedDate, ETag',
    files: [{ key: 'p/src-bucket/daily/data/a.csv.gz', size: 10, MD5checksum: 'f11166069f1990abeb9c97ace9cdfabc' }],
    ...edit,
  });
const KEY = 'p/src-bucket/daily/2025-11-29T00-00Z/manifest.json';

describe('inventory CSV', () => {
  it('parses quoted fields, doubled quotes and empty fields', () => {
    assert.deepEqual(parseCsvLine('"b","a%2Fb","","true","12"'), ['b', 'a%2Fb', '', 'true', '12']);
    assert.deepEqual(parseCsvLine('"say ""hi""",x,'), ['say "hi"', 'x', '']);
    assert.equal(parseCsvLine('"open'), undefined);
    assert.equal(parseCsvLine('"a"b'), undefined);
  });
  it('decodes keys as the report encodes them: + is a space, %2B a plus', () => {
    assert.equal(decodeInventoryKey('a+b%2Bc%25d'), 'a b+c%d');
    assert.equal(decodeInventoryKey('caf%C3%A9%2F%F0%9F%98%80'), 'caf\u00e9/\u{1F600}');
    assert.equal(decodeInventoryKey('bad%zz'), undefined);
    assert.equal(decodeInventoryKey('%C3'), undefined, 'not UTF-8');
    assert.equal(decodeInventoryKey('k'.repeat(1025)), undefined, 'longer than S3 allows');
  });
});

describe('inventory manifest', () => {
  it('reads a CSV report', () => {
    const parsed = parseManifest(manifest(), 'inv', KEY);
    assert.equal(parsed.createdAt.toISOString(), '2025-11-29T00:00:00.000Z');
    assert.equal(parsed.files.length, 1);
  });
  const hostile: [string, Record<string, unknown>, RegExp][] = [
    ['data outside its folder', { files: [{ key: 'p/other-bucket/daily/data/a.csv.gz', size: 1, MD5checksum: 'f11166069f1990abeb9c97ace9cdfabc' }] }, /outside the report's folder/],
    ['a climb out of the folder', { files: [{ key: 'p/src-bucket/daily/../../x/a.csv.gz', size: 1, MD5checksum: 'f11166069f1990abeb9c97ace9cdfabc' }] }, /outside the report's folder/],
    ['a negative size', { files: [{ key: 'p/src-bucket/daily/data/a.csv.gz', size: -1, MD5checksum: 'f11166069f1990abeb9c97ace9cdfabc' }] }, /"size" is not a size/],
    ['a size as text', { files: [{ key: 'p/src-bucket/daily/data/a.csv.gz', size: '10', MD5checksum: 'f11166069f1990abeb9c97ace9cdfabc' }] }, /"size" is not a size/],
    ['no MD5', { files: [{ key: 'p/src-bucket/daily/data/a.csv.gz', size: 1 }] }, /MD5checksum/],
    ['no Key column', { fileSchema: 'Bucket, Size, LastModifiedDate, ETag' }, /has no Key column/],
    ['a column twice', { fileSchema: 'Bucket, Key, Key, Size, LastModifiedDate, ETag' }, /names a column twice/],
    ['ORC', { fileFormat: 'ORC' }, /CSV inventories only/],
    ['a time in the future', { creationTimestamp: String(Date.now() + 86_400_000) }, /lies in the future/],
    ['no time', { creationTimestamp: 'yesterday' }, /creationTimestamp/],
    ['files not a list', { files: 'all of them' }, /"files" is not a list/],
  ];
  for (const [name, edit, message] of hostile) it(`refuses ${name}`, () => assert.throws(() => parseManifest(manifest(edit), 'inv', KEY), message));
  it('refuses what is not JSON', () => assert.throws(() => parseManifest('<xml/>', 'inv', KEY), /is not JSON/));
});

describe('inventory sort', () => {
  it('sorts shuffled rows in runs spilled to files, merged, a key\'s versions newest first', async () => {
    const rows: SourceVersion[] = [];
    for (let k = 0; k < 300; k++) {
      for (let v = 0; v < (k % 3) + 1; v++) rows.push({ key: `k/${(k * 7919) % 300}\u00e9`, versionId: `v${v}`, lastModified: new Date(Date.UTC(2026, 0, 1, 0, 0, v)).toISOString(), isLatest: v === (k % 3) });
    }
    rows.push({ ...rows[0]! }); // listed twice across files
    const shuffled = rows.map((row, i) => ({ row, order: (i * 104729) % rows.length })).sort((a, b) => a.order - b.order).map((r) => r.row);
    const scratch = await ScratchSpace.create('inventory-test', { memoryBytes: 0 });
    try {
      const out = [];
      for await (const entry of sortedListing((async function* () { yield* shuffled; })(), scratch, { versioned: true, runRows: 50 })) out.push(entry);
      assert.equal(out.length, 300);
      assert.deepEqual(out.map((e) => e.key), [...out.map((e) => e.key)].sort(compareKeys));
      for (const entry of out) {
        const times = entry.versions.map((v) => Date.parse(v.lastModified));
        assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
        assert.equal(entry.versions.filter((v) => v.isLatest).length, 1);
      }
      assert.equal(out.reduce((n, e) => n + e.versions.length, 0), rows.length - 1, 'a row listed twice counts once');
    } finally {
      await scratch.dispose();
    }
  });
});
