// The pure planner: dedupe, change detection by content hash, version times, tombstones, watermarks.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compareKeys } from '../../src/plan/keys.ts';
import { describe, test } from 'node:test';
import {
  canonicalAttributes,
  contentHash,
  deleteLogCandidate,
  itemCandidate,
  nextWatermark,
  parseStamp,
  planBatch,
  readFrom,
  TOMBSTONE_HASH,
  type Candidate,
  type StoredVersion,
} from '../../src/backends/simpledb/plan.ts';

const T = (s: string): number => Date.parse(s);
const R = T('2026-01-01T12:00:00.000Z'); // run start
const item = (name: string, attrs: Record<string, string | string[]>, stamp?: string): Candidate =>
  itemCandidate(
    {
      Name: name,
      Attributes: [
        ...Object.entries(attrs).flatMap(([Name, v]) => (typeof v === 'string' ? [v] : v).map((Value) => ({ Name, Value }))),
        ...(stamp ? [{ Name: 'lastModified', Value: stamp }] : []),
      ],
    },
    'lastModified',
  );
const known = (name: string, versions: StoredVersion[]): Map<string, StoredVersion[]> => new Map([[name, versions]]);

describe('content', () => {
  test('the hash ignores attribute and value order and duplicate pairs', () => {
    const a = canonicalAttributes([{ Name: 'b', Value: '2' }, { Name: 'a', Value: 'y' }, { Name: 'a', Value: 'x' }]);
    const b = canonicalAttributes([{ Name: 'a', Value: 'x' }, { Name: 'b', Value: '2' }, { Name: 'a', Value: 'y' }, { Name: 'a', Value: 'x' }]);
    assert.equal(contentHash(a), contentHash(b));
    assert.deepStrictEqual(Object.keys(a), ['a', 'b']);
    assert.notEqual(contentHash(a), contentHash(canonicalAttributes([{ Name: 'a', Value: 'x' }])));
    // Splitting differently across names changes the hash.
    assert.notEqual(contentHash(canonicalAttributes([{ Name: 'ab', Value: 'c' }])), contentHash(canonicalAttributes([{ Name: 'a', Value: 'bc' }])));
  });
  test('canonical attributes: grouped, distinct, names and values in byte order (against a reference)', () => {
    const reference = (pairs: { Name: string; Value: string }[]): [string, string[]][] => {
      const m = new Map<string, Set<string>>();
      for (const p of pairs) m.set(p.Name, (m.get(p.Name) ?? new Set()).add(p.Value));
      return [...m.keys()].sort(compareKeys).map((n) => [n, [...m.get(n)!].sort(compareKeys)]);
    };
    const alphabet = ['a', 'b', 'B', 'é', '🙂', '\uffff', '', 'aa'];
    let seed = 3;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    for (let i = 0; i < 2000; i++) {
      const pairs = Array.from({ length: next(12) }, () => ({ Name: alphabet[next(alphabet.length)]! + alphabet[next(3)]!, Value: alphabet[next(alphabet.length)]! }));
      assert.deepEqual(Object.entries(canonicalAttributes(pairs)), reference(pairs), JSON.stringify(pairs));
    }
    // Names and values on both sides of the insertion sorts' limit (24), in every order read.
    const word = (): string => Array.from({ length: 1 + next(3) }, () => alphabet[next(alphabet.length)]!).join('');
    for (let i = 0; i < 500; i++) {
      const names = Array.from({ length: 1 + next(40) }, word);
      const pairs = Array.from({ length: next(120) }, () => ({ Name: names[next(names.length)]!, Value: word() }));
      assert.deepEqual(Object.entries(canonicalAttributes(pairs)), reference(pairs), JSON.stringify(pairs));
    }
  });

  test('an item candidate carries its parsed stamp', () => {
    const c = itemCandidate({ Name: 'i', Attributes: [{ Name: 'lastModified', Value: '2026-01-02T03:04:05.006Z' }] }, 'lastModified');
    assert.equal(c.stampMs, Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    const bad = itemCandidate({ Name: 'i', Attributes: [{ Name: 'lastModified', Value: '2026-02-30T00:00:00.000Z' }] }, 'lastModified');
    assert.deepEqual([bad.stamp, bad.stampMs], [null, undefined]);
  });

  test('hostile names are plain keys', () => {
    const a = canonicalAttributes([{ Name: '__proto__', Value: 'x' }, { Name: 'constructor', Value: 'y' }]);
    assert.deepStrictEqual(Object.keys(a), ['__proto__', 'constructor']);
    assert.deepStrictEqual(a['__proto__'], ['x']);
  });
  test('stamps: fixed width, real dates only', () => {
    assert.equal(parseStamp('2026-11-24T16:17:58.123Z'), T('2026-11-24T16:17:58.123Z'));
    for (const bad of ['2026-11-24T16:17:58Z', '2026-02-30T00:00:00.000Z', '2026-11-24 16:17:58.123Z', '', 'x', '0999-01-01T00:00:00.000Z']) {
      assert.equal(parseStamp(bad), undefined, bad);
    }
    const c = item('i', { a: '1' }, 'not a stamp') as Extract<Candidate, { kind: 'item' }>;
    assert.equal(c.stamp, null);
  });

  test('stamps: the same answers as Date.parse and the toISOString round trip', () => {
    // The definition parseStamp had before it read the fields in place.
    const reference = (value: string): number | undefined => {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value)) return undefined;
      const ms = Date.parse(value);
      if (Number.isNaN(ms) || new Date(ms).toISOString() !== value) return undefined;
      return Number(value.slice(0, 4)) < 1000 ? undefined : ms;
    };
    const edges = ['2024-02-29T23:59:59.999Z', '2023-02-29T00:00:00.000Z', '1900-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z', '2026-04-31T00:00:00.000Z',
      '2026-12-31T24:00:00.000Z', '2026-12-31T23:60:00.000Z', '2026-12-31T23:59:60.000Z', '2026-00-10T00:00:00.000Z', '2026-13-10T00:00:00.000Z',
      '2026-01-00T00:00:00.000Z', '1000-01-01T00:00:00.000Z', '0999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z', '1970-01-01T00:00:00.000Z'];
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const two = (n: number): string => String(n).padStart(2, '0');
    for (let i = 0; i < 20000; i++) {
      edges.push(`${String(rnd(10000)).padStart(4, '0')}-${two(rnd(14))}-${two(rnd(33))}T${two(rnd(26))}:${two(rnd(62))}:${two(rnd(62))}.${String(rnd(1000)).padStart(3, '0')}Z`);
    }
    for (const value of edges) assert.equal(parseStamp(value), reference(value), value);
  });

  test('content hashes are the recorded ones (existing backups compare against them)', () => {
    const a = canonicalAttributes([{ Name: 'b', Value: '2' }, { Name: 'a', Value: 'y' }, { Name: 'a', Value: 'x' }, { Name: 'é"', Value: '\n\u{1F600}' }]);
    // sha256 of the text the hash is defined on: a JSON line [name, values] per attribute.
    const text = '["a",["x","y"]]\n["b",["2"]]\n["é\\"",["\\n\u{1F600}"]]\n';
    assert.equal(contentHash(a), createHash('sha256').update(text).digest('hex'));
  });

  test('canonical attributes do not depend on the order the pairs were read in, for any names (quotes, astral characters, lone surrogates, __proto__, integer-like)', () => {
    let seed = 11;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const alphabet = ['a', 'b', '"', '\\', '\n', 'é', '\u{1F600}', '\ud800', '0', '9', '__proto__', 'constructor', ' '];
    const word = (): string => Array.from({ length: 1 + rnd(3) }, () => alphabet[rnd(alphabet.length)]!).join('');
    for (let i = 0; i < 2000; i++) {
      const pairs = Array.from({ length: rnd(40) }, () => ({ Name: rnd(4) === 0 ? String(rnd(20)) : word(), Value: word() }));
      const attributes = canonicalAttributes(pairs);
      const names = [...new Set(pairs.map((p) => p.Name))].sort(compareKeys);
      assert.deepEqual(Object.keys(attributes).sort(compareKeys), names);
      for (const name of names) assert.deepEqual(attributes[name], [...new Set(pairs.filter((p) => p.Name === name).map((p) => p.Value))].sort(compareKeys));
      assert.deepEqual(canonicalAttributes([...pairs].reverse()), attributes);
      assert.equal(contentHash(canonicalAttributes([...pairs].reverse())), contentHash(attributes));
    }
  });

  test('an item of many pairs (grouped through a Map) is canonical as one of a few', () => {
    const pairs = Array.from({ length: 256 }, (_, i) => ({ Name: `n${i % 50}`, Value: `v${i % 7}` }));
    const many = canonicalAttributes(pairs);
    assert.equal(Object.keys(many).length, 50);
    assert.deepEqual(many['n3'], ['v0', 'v1', 'v3', 'v4', 'v5', 'v6']);
    const few = canonicalAttributes(pairs.filter((p) => p.Name === 'n3'));
    assert.deepEqual(few['n3'], many['n3']);
    assert.deepEqual(Object.keys(many), Object.keys(many).sort(compareKeys));
  });
});

describe('planBatch', () => {
  test('new items take their stamp, unstamped ones the run start', () => {
    const plan = planBatch([item('a', { x: '1' }, '2026-01-01T11:00:00.000Z'), item('b', { x: '1' })], new Map(), R);
    assert.deepStrictEqual(plan.versions.map((v) => [v.itemName, v.validFrom, v.origin]), [
      ['a', T('2026-01-01T11:00:00.000Z'), 'stamp'],
      ['b', R, 'observed'],
    ]);
    assert.equal(plan.current.size, 2);
  });

  test('a re-read version is a duplicate; unchanged content is skipped', () => {
    const c = item('a', { x: '1' }, '2026-01-01T11:00:00.000Z') as Extract<Candidate, { kind: 'item' }>;
    const k = known('a', [{ validFrom: T('2026-01-01T11:00:00.000Z'), versionId: 1, hash: c.hash, deleted: false }]);
    const plan = planBatch([c, c], k, R);
    assert.equal(plan.versions.length, 0);
    assert.equal(plan.duplicates, 2);
    const u = item('b', { x: '1' }) as Extract<Candidate, { kind: 'item' }>;
    const plan2 = planBatch([u], known('b', [{ validFrom: R - 1000, versionId: 3, hash: u.hash, deleted: false }]), R);
    assert.equal(plan2.unchanged, 1);
    assert.equal(plan2.current.size, 0);
  });

  test('content an older version had, stamp and all, is a new version when the latest differs (an in-place restore, an undone change)', () => {
    const stamp = '2026-01-01T10:00:00.000Z';
    const back = item('a', { x: 'as at T' }, stamp) as Extract<Candidate, { kind: 'item' }>;
    const later = T('2026-01-01T10:30:00.000Z');
    // The history: the item at its stamp, then changed after T.
    const changed = known('a', [
      { validFrom: T(stamp), versionId: 1, hash: back.hash, deleted: false },
      { validFrom: later, versionId: 2, hash: 'changed after T', deleted: false },
    ]);
    const plan = planBatch([back], changed, R);
    assert.equal(plan.duplicates, 0);
    assert.deepStrictEqual(plan.versions.map((v) => [v.validFrom, v.origin, v.stamp, v.hash]), [[R, 'observed', stamp, back.hash]]);
    assert.equal(plan.current.get('a')!.hash, back.hash, 'the current state is the content read');
    // Deleted after T and put back as it was: live again.
    const deleted = known('a', [
      { validFrom: T(stamp), versionId: 1, hash: back.hash, deleted: false },
      { validFrom: later, versionId: 2, hash: TOMBSTONE_HASH, deleted: true },
    ]);
    const again = planBatch([back], deleted, R);
    assert.deepStrictEqual(again.versions.map((v) => [v.validFrom, v.deleted, v.hash]), [[R, false, back.hash]]);
    // Read again by the next run: the same content as the latest version, nothing new.
    const next = known('a', [...changed.get('a')!, { validFrom: R, versionId: 3, hash: back.hash, deleted: false }]);
    const rerun = planBatch([back], next, R + 3_600_000);
    assert.equal(rerun.versions.length, 0);
    assert.equal(rerun.unchanged, 1);
  });

  test('changed content with a stale stamp is dated when observed', () => {
    const stamp = '2026-01-01T10:00:00.000Z';
    const k = known('a', [{ validFrom: T(stamp), versionId: 1, hash: 'old', deleted: false }]);
    const plan = planBatch([item('a', { x: 'changed' }, stamp)], k, R);
    assert.equal(plan.versions[0]!.validFrom, R);
    assert.equal(plan.versions[0]!.origin, 'observed');
    assert.equal(plan.versions[0]!.stamp, stamp);
  });

  test('the same item twice in a batch: both versions, the later one current', () => {
    const plan = planBatch([item('a', { x: '1' }, '2026-01-01T10:00:00.000Z'), item('a', { x: '2' }, '2026-01-01T10:00:01.000Z')], new Map(), R);
    assert.equal(plan.versions.length, 2);
    assert.deepStrictEqual(plan.current.get('a')!.attributes!['x'], ['2']);
  });

  test('tombstones: recorded when the item was live, skipped otherwise, never twice', () => {
    const D = T('2026-01-01T11:00:00.000Z');
    const live = known('a', [{ validFrom: D - 5000, versionId: 1, hash: 'h', deleted: false }]);
    const t = { kind: 'tombstone', itemName: 'a', deletedAt: D, origin: 'delete-log' } as const;
    const plan = planBatch([t, t], live, R);
    assert.equal(plan.versions.length, 1);
    assert.equal(plan.versions[0]!.hash, TOMBSTONE_HASH);
    assert.equal(plan.duplicates, 1);
    assert.equal(plan.current.get('a')!.deleted, true);
    // Unknown item, or the deletion predates the first version: nothing to delete.
    assert.equal(planBatch([t], new Map(), R).tombstonesSkipped, 1);
    assert.equal(planBatch([t], known('a', [{ validFrom: D + 1, versionId: 1, hash: 'h', deleted: false }]), R).tombstonesSkipped, 1);
    // Already recorded.
    const done = known('a', [{ validFrom: D - 5000, versionId: 1, hash: 'h', deleted: false }, { validFrom: D, versionId: 2, hash: TOMBSTONE_HASH, deleted: true }]);
    assert.equal(planBatch([t], done, R).versions.length, 0);
  });

  test('a deletion before a re-creation goes to history without touching the current state', () => {
    const D = T('2026-01-01T11:00:00.000Z');
    const k = known('a', [
      { validFrom: D - 5000, versionId: 1, hash: 'h1', deleted: false },
      { validFrom: D + 5000, versionId: 2, hash: 'h2', deleted: false },
    ]);
    const plan = planBatch([{ kind: 'tombstone', itemName: 'a', deletedAt: D, origin: 'delete-log' }], k, R);
    assert.equal(plan.versions.length, 1);
    assert.equal(plan.current.size, 0);
  });

  test('re-creation after a tombstone is a new version even with the old content', () => {
    const c = item('a', { x: '1' }, '2026-01-01T11:30:00.000Z') as Extract<Candidate, { kind: 'item' }>;
    const k = known('a', [
      { validFrom: T('2026-01-01T10:00:00.000Z'), versionId: 1, hash: c.hash, deleted: false },
      { validFrom: T('2026-01-01T11:00:00.000Z'), versionId: 2, hash: TOMBSTONE_HASH, deleted: true },
    ]);
    const plan = planBatch([c], k, R);
    assert.equal(plan.versions.length, 1);
    assert.equal(plan.current.get('a')!.deleted, false);
  });
});

describe('delete log entries', () => {
  const entry = (attrs: Record<string, string>) => ({ Name: 'log1', Attributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })) });
  test('only well-formed entries of this domain', () => {
    const ok = entry({ itemName: 'x', domain: 'users', deletedAt: '2026-01-01T11:00:00.000Z', lastModified: '2026-01-01T11:00:00.000Z' });
    assert.deepStrictEqual(deleteLogCandidate(ok, 'users', 'lastModified'), { kind: 'tombstone', itemName: 'x', deletedAt: T('2026-01-01T11:00:00.000Z'), origin: 'delete-log', logState: 'legacy', entryName: 'log1' });
    assert.equal(deleteLogCandidate(ok, 'other', 'lastModified'), undefined);
    assert.equal(deleteLogCandidate(entry({ domain: 'users', deletedAt: '2026-01-01T11:00:00.000Z' }), 'users', 'lastModified'), undefined);
    assert.equal(deleteLogCandidate(entry({ itemName: 'x', domain: 'users', deletedAt: 'yesterday' }), 'users', 'lastModified'), undefined);
  });
  test('the entry state: done, pending, and anything else taken as pending', () => {
    const fields = { itemName: 'x', domain: 'users', deletedAt: '2026-01-01T11:00:00.000Z' };
    const stateOf = (log: ReturnType<typeof entry>) => deleteLogCandidate(log, 'users', 'lastModified')?.logState;
    assert.equal(stateOf(entry({ ...fields, state: 'done' })), 'done');
    assert.equal(stateOf(entry({ ...fields, state: 'pending' })), 'pending');
    assert.equal(stateOf(entry({ ...fields, state: 'DONE' })), 'pending', 'not the writer\'s value');
    const twoStates = entry({ ...fields, state: 'done' });
    twoStates.Attributes.push({ Name: 'state', Value: 'pending' });
    assert.equal(stateOf(twoStates), 'pending', 'two values: not a finished entry');
  });
});

describe('watermark', () => {
  const start = '2026-01-01T12:00:00.000Z';
  test('from the data, capped by the run start, never backwards', () => {
    assert.equal(nextWatermark(undefined, '2026-01-01T11:00:00.000Z', start), '2026-01-01T11:00:00.000Z');
    assert.equal(nextWatermark(undefined, '2026-01-01T13:00:00.000Z', start), start, 'a writer clock ahead does not push it past the run');
    assert.equal(nextWatermark('2026-01-01T11:30:00.000Z', '2026-01-01T11:00:00.000Z', start), '2026-01-01T11:30:00.000Z');
    assert.equal(nextWatermark('2026-01-01T11:30:00.000Z', undefined, start), '2026-01-01T11:30:00.000Z', 'nothing seen: unmoved');
    assert.equal(nextWatermark(undefined, undefined, start), undefined);
  });
  test('the read starts an overlap before it', () => {
    assert.equal(readFrom('2026-01-01T12:00:00.000Z', 300_000), '2026-01-01T11:55:00.000Z');
    assert.equal(readFrom(undefined, 300_000), undefined);
  });
});
