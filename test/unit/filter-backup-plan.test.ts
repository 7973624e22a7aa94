import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextStateLine } from '../../src/backends/s3/plan/backup-plan.ts';
import { planFilteredBackup } from '../../src/backends/s3/plan/filtered-plan.ts';
import { keyAsOf } from '../../src/backends/s3/plan/as-of.ts';
import { planRestoreKey } from '../../src/backends/s3/plan/restore-plan.ts';
import { versionIdentity, type EventLine, type StateLine } from '../../src/backends/s3/plan/model.ts';
import { validateEventLine, validateStateLine } from '../../src/backends/s3/catalog/validate.ts';
import { backupKeyFor } from '../../src/backends/s3/plan/names.ts';
import { KeyFilter, type FilterSpec } from '../../src/plan/filter.ts';
import type { KeyListing } from '../../src/stores/object/types.ts';

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
const PREV = '2026-11-24T11:00:00.000Z';
const filter = (spec: Partial<FilterSpec>) => new KeyFilter({ include: [], exclude: [], rules: [], ...spec });
const listing = (key: string, etag: string, size = 3, lastModified = '2026-11-24T10:00:00.000Z'): KeyListing => ({ key, versions: [{ key, etag, size, lastModified }] });
const stateOf = (l: KeyListing): StateLine => ({ k: l.key, v: l.versions.map((v) => ({ id: versionIdentity(v), t: v.lastModified, e: v.etag!, s: v.size!, b: `b/${v.key}` })) });

describe('planFilteredBackup: keys outside the filter are never recorded as deleted', () => {
  // [name, filter, listed now, state before, expected verdicts per key]
  it('a key excluded by a filter added later keeps its line (unversioned and versioned alike)', async () => {
    const log = listing('p/logs/x.log', 'e1');
    const photo = listing('p/a.jpg', 'e2');
    const versionedLog: StateLine = { k: 'p/old.log', v: [{ id: 'v:7', vid: '7', t: '2026-11-24T09:00:00.000Z', s: 1, b: 'b/old' }] };
    let excluded = 0;
    const plans = await collect(
      planFilteredBackup(from([log, photo]), from([stateOf(photo), stateOf(log), versionedLog].sort((a, b) => (a.k < b.k ? -1 : 1))), {
        filter: filter({ exclude: ['*.log'] }),
        prefix: 'p/',
        previousListStart: PREV,
        onExcluded: () => excluded++,
      }),
    );
    assert.equal(excluded, 1, 'the listed log is counted');
    const byKey = new Map(plans.map((p) => [p.key, p]));
    for (const key of ['p/logs/x.log', 'p/old.log']) {
      const plan = byKey.get(key)!;
      assert.ok(plan.carried, key);
      assert.equal(plan.deleted, false, key);
      assert.deepEqual(plan.gone, [], key);
      assert.deepEqual(nextStateLine(plan, new Map(), false), { ...plan.previous, x: PREV }, `${key}: its line is recorded again, with when it was last compared`);
    }
    assert.equal(byKey.get('p/a.jpg')!.carried, undefined);
  });

  it('a line already marked keeps the time it was last compared; once covered again the mark goes', async () => {
    const old = listing('a.log', 'e1');
    const marked: StateLine = { ...stateOf(old), x: '2026-11-01T00:00:00.000Z' };
    const [still] = await collect(planFilteredBackup(from([old]), from([marked]), { filter: filter({ exclude: ['*.log'] }), prefix: '', previousListStart: PREV }));
    assert.equal(nextStateLine(still!, new Map(), false)!.x, '2026-11-01T00:00:00.000Z');
    const [again] = await collect(planFilteredBackup(from([old]), from([marked]), { filter: KeyFilter.everything, prefix: '', previousListStart: PREV }));
    assert.equal(nextStateLine(again!, new Map(), false)!.x, undefined);
    const [vanished] = await collect(planFilteredBackup(from([]), from([marked]), { filter: KeyFilter.everything, prefix: '', previousListStart: PREV }));
    assert.equal(vanished!.deleted, true);
    assert.equal(vanished!.previous?.x, '2026-11-01T00:00:00.000Z', 'the pass dates the deletion from the mark, not from the previous run');
  });

  it('a key outside the filter with no previous state is simply not planned', async () => {
    const plans = await collect(planFilteredBackup(from([listing('a.tmp', 'e'), listing('b.txt', 'e')]), from([]), { filter: filter({ exclude: ['*.tmp'] }), prefix: '', previousListStart: PREV }));
    assert.deepEqual(plans.map((p) => [p.key, p.copy.length]), [['b.txt', 1]]);
  });

  it('a key inside the filter that vanished is still a deletion', async () => {
    const gone = listing('keep/a.txt', 'e');
    const plans = await collect(planFilteredBackup(from([]), from([stateOf(gone)]), { filter: filter({ include: ['/keep/**'] }), prefix: '', previousListStart: PREV }));
    assert.equal(plans[0]!.deleted, true);
  });
});

describe('planFilteredBackup: size rules record skipped versions', () => {
  it('a version over max-size is skipped and recorded as such, not copied', async () => {
    const big = listing('big', 'e9', 5000);
    const [plan] = await collect(planFilteredBackup(from([big]), from([]), { filter: filter({ maxSize: 4096 }), prefix: '', previousListStart: PREV }));
    assert.deepEqual(plan!.copy, []);
    assert.equal(plan!.skipped?.length, 1);
    const line = nextStateLine(plan!, new Map(), false)!;
    assert.deepEqual(line.v, [{ id: versionIdentity(big.versions[0]!), t: big.versions[0]!.lastModified, s: 5000, e: 'e9', skip: 'size' }]);
  });

  it('a skipped version is not planned again while the limit stands, and is copied once it is lifted', async () => {
    const big = listing('big', 'e9', 5000);
    const skippedLine: StateLine = { k: 'big', v: [{ id: versionIdentity(big.versions[0]!), t: big.versions[0]!.lastModified, s: 5000, e: 'e9', skip: 'size' }] };
    const [still] = await collect(planFilteredBackup(from([big]), from([skippedLine]), { filter: filter({ maxSize: 4096 }), prefix: '', previousListStart: PREV }));
    assert.deepEqual(still!.copy, []);
    assert.equal(still!.kept.length, 1);
    assert.deepEqual(nextStateLine(still!, new Map(), false), skippedLine);
    const [lifted] = await collect(planFilteredBackup(from([big]), from([skippedLine]), { filter: KeyFilter.everything, prefix: '', previousListStart: PREV }));
    assert.deepEqual(lifted!.copy, big.versions);
    assert.deepEqual(lifted!.kept, []);
  });

  it('min-size leaves out smaller versions only', async () => {
    const plans = await collect(planFilteredBackup(from([listing('a', 'e', 10), listing('b', 'e', 1024)]), from([]), { filter: filter({ minSize: 1024 }), prefix: '', previousListStart: PREV }));
    assert.deepEqual(plans.map((p) => [p.key, p.copy.length, p.skipped?.length ?? 0]), [['a', 0, 1], ['b', 1, 0]]);
  });
});

describe('a skipped version at T: reported, never restored as an older one', () => {
  const iso = (s: string) => `2026-11-24T${s}Z`;
  const v1: EventLine = { k: 'k', type: 'version', id: 'v:1', vid: '1', t: iso('10:00:00'), s: 3, seen: iso('10:05:00'), b: 'b-1' };
  const v2: EventLine = { k: 'k', type: 'skipped', id: 'v:2', vid: '2', t: iso('11:00:00'), s: 5000, reason: 'size', seen: iso('11:05:00') };
  const v2copied: EventLine = { k: 'k', type: 'version', id: 'v:2', vid: '2', t: iso('11:00:00'), s: 5000, seen: iso('12:05:00'), b: 'b-2' };
  const marker: EventLine = { k: 'k', type: 'deleteMarker', id: 'v:3', vid: '3', t: iso('11:30:00'), seen: iso('12:05:00') };

  it('before the skipped version: the older version', () => assert.equal(keyAsOf('k', [v1, v2], Date.parse(iso('10:30:00'))).version?.id, 'v:1'));
  it('from the skipped version on: no version, the skip reported', () => {
    const state = keyAsOf('k', [v1, v2], Date.parse(iso('11:10:00')));
    assert.equal(state.version, undefined);
    assert.equal(state.skipped?.id, 'v:2');
  });
  it('a delete marker after the skipped version: the key is absent', () => {
    const state = keyAsOf('k', [v1, v2, marker], Date.parse(iso('11:40:00')));
    assert.equal(state.version, undefined);
    assert.equal(state.skipped, undefined);
  });
  it('once a later run copied it, the copy wins', () => assert.equal(keyAsOf('k', [v1, v2, v2copied], Date.parse(iso('11:10:00'))).version?.b, 'b-2'));
  it('the restore plan neither writes nor removes it, in place or not', () => {
    const state = keyAsOf('k', [v1, v2], Date.parse(iso('11:10:00')));
    for (const removeAbsent of [true, false]) {
      const step = planRestoreKey(state, { key: 'k', size: 3 }, { removeAbsent });
      assert.equal(step?.action, 'unavailable');
      assert.equal(step?.version, undefined);
    }
  });
});

describe('the catalogue reads skipped versions back, and nothing looser', () => {
  const context = { bucket: 'b', prefix: '', previousListStart: PREV };
  it('a state line marked as outside the filter since a time', () => {
    const line = validateStateLine({ k: 'a', x: '2026-11-24T10:00:00.000Z', v: [{ id: 'v:1', vid: '1', t: '2026-11-24T09:00:00.000Z', s: 1, b: backupKeyFor('b', { key: 'a', versionId: '1', lastModified: '2026-11-24T09:00:00.000Z', size: 1 }, 0) }] }, context);
    assert.equal(line.x, '2026-11-24T10:00:00.000Z');
    assert.throws(() => validateStateLine({ ...line, x: 'soon' }, context), /"x" is not a time/);
  });
  it('a skipped state version and event', () => {
    const line = validateStateLine({ k: 'big', v: [{ id: 'v:9', vid: '9', t: '2026-11-24T10:00:00.000Z', s: 5000, skip: 'size' }] }, context);
    assert.equal(line.v[0]!.skip, 'size');
    const event = validateEventLine({ k: 'big', type: 'skipped', id: 'v:9', vid: '9', t: '2026-11-24T10:00:00.000Z', s: 5000, reason: 'size', seen: '2026-11-24T10:05:00.000Z' }, context);
    assert.equal(event.type, 'skipped');
  });
  it('refuses a skipped version with a backup key, or another reason', () => {
    const b = backupKeyFor('b', { key: 'big', versionId: '9', lastModified: '2026-11-24T10:00:00.000Z', size: 5000 }, 0);
    assert.throws(() => validateStateLine({ k: 'big', v: [{ id: 'v:9', vid: '9', t: '2026-11-24T10:00:00.000Z', s: 5000, skip: 'size', b }] }, context), /skipped version with a backup key/);
    assert.throws(() => validateStateLine({ k: 'big', v: [{ id: 'v:9', vid: '9', t: '2026-11-24T10:00:00.000Z', s: 5000, skip: 'yes' }] }, context), /"skip"/);
    assert.throws(() => validateEventLine({ k: 'big', type: 'skipped', id: 'v:9', vid: '9', t: '2026-11-24T10:00:00.000Z', s: 5000, reason: 'other', seen: '2026-11-24T10:05:00.000Z' }, context), /reason/);
  });
});
