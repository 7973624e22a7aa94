import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keyAsOf } from '../../src/backends/s3/plan/as-of.ts';
import type { EventLine } from '../../src/backends/s3/plan/model.ts';
import { pruneKey } from '../../src/backends/s3/plan/prune-plan.ts';

const D = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const at = (days: number) => new Date(T0 + days * D).toISOString();
let n = 0;
function version(days: number, vid?: string): EventLine {
  const id = vid ? `v:${vid}` : `e:etag${++n}:10:${at(days)}`;
  return { k: 'k', type: 'version', id, ...(vid ? { vid } : {}), t: at(days), e: `etag${n}`, s: 10, b: `data/b/k@${days}.${id}`, seen: at(days) };
}
const deleted = (after: number, before: number): EventLine => ({ k: 'k', type: 'deleted', after: at(after), before: at(before) });
const marker = (days: number, vid: string): EventLine => ({ k: 'k', type: 'deleteMarker', id: `v:${vid}`, vid, t: at(days), seen: at(days) });
const purged = (id: string, after: number, before: number): EventLine => ({ k: 'k', type: 'purged', id, after: at(after), before: at(before) });

function answer(events: EventLine[], days: number) {
  const state = keyAsOf('k', events, T0 + days * D);
  return { b: state.version?.b, uncertain: state.uncertainDeletion };
}

describe('pruneKey: what a prune keeps of one key', () => {
  it('keeps the version alive at each kept point and at the window start, and every version in the window', () => {
    const [v1, v2, v3, v4, v5] = [version(1), version(2), version(3), version(10), version(10.5)];
    const events = [v1!, v2!, v3!, v4!, v5!];
    const result = pruneKey('k', events, { instants: [T0 + 1.5 * D], windowStart: T0 + 9 * D });
    assert.deepEqual(result.keep, [v1, v3, v4, v5]);
    assert.deepEqual(result.remove.map((r) => r.b), [(v2 as { b: string }).b]);
    for (const days of [1.5, 9, 9.5, 10, 10.2, 11]) assert.deepEqual(answer(result.keep, days), answer(events, days), `at day ${days}`);
  });

  it('a deletion known only between two runs that straddle a kept point: the version and the deletion both stay', () => {
    const v1 = version(1);
    const events = [v1, deleted(2, 4), version(6)];
    const result = pruneKey('k', events, { instants: [T0 + 3 * D], windowStart: T0 + 5 * D });
    assert.equal(result.remove.length, 0);
    assert.deepEqual(answer(result.keep, 3), { b: (v1 as { b: string }).b, uncertain: { after: at(2), before: at(4) } });
  });

  it('a key that existed only between kept moments disappears from the history, deletions and all', () => {
    const events = [version(1), version(2), deleted(3, 4)];
    const result = pruneKey('k', events, { instants: [T0 + 0.5 * D, T0 + 5 * D], windowStart: T0 + 8 * D });
    assert.deepEqual(result.keep, []);
    assert.equal(result.remove.length, 2);
    assert.equal(result.level, 1);
  });

  it('a purged version: the one before it comes back and is needed from the purge on', () => {
    const v1 = version(1, 'one');
    const v2 = version(2, 'two');
    const events = [v1, v2, purged('v:two', 3, 4)];
    const result = pruneKey('k', events, { instants: [T0 + 5 * D], windowStart: T0 + 9 * D });
    assert.deepEqual(answer(result.keep, 5), { b: (v1 as { b: string }).b, uncertain: undefined });
    assert.deepEqual(result.remove.map((r) => r.id), ['v:two']);
  });

  it('delete markers of a versioned key keep hiding it at kept points', () => {
    const events = [version(1, 'a'), marker(2, 'm'), version(4, 'b')];
    const result = pruneKey('k', events, { instants: [T0 + 3 * D], windowStart: T0 + 10 * D });
    assert.deepEqual(answer(result.keep, 3), { b: undefined, uncertain: undefined });
    assert.deepEqual(answer(result.keep, 10), answer(events, 10));
  });

  it('a protected backup key stays whatever the policy says', () => {
    const v1 = version(1);
    const events = [v1, deleted(2, 3)];
    assert.equal(pruneKey('k', events, { instants: [], windowStart: T0 + 5 * D }).remove.length, 1);
    const kept = pruneKey('k', events, { instants: [], windowStart: T0 + 5 * D, protect: new Set([(v1 as { b: string }).b]) });
    assert.equal(kept.remove.length, 0);
  });

  it('an empty policy (window from the beginning of time) keeps everything', () => {
    const events = [version(1), version(2)];
    assert.deepEqual(pruneKey('k', events, { instants: [], windowStart: Number.NEGATIVE_INFINITY }).keep, events);
  });

  it('property: over random histories, every kept moment restores exactly as before, and no kept event names a removed object', () => {
    let seed = 12345;
    const levels = [0, 0, 0, 0];
    let removed = 0;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 400; round++) {
      const events: EventLine[] = [];
      const versioned = random() < 0.5;
      let day = random() * 2;
      const ids: string[] = [];
      for (let i = 0, count = 1 + Math.floor(random() * 8); i < count; i++) {
        day += random() < 0.2 ? 0 : random() * 3;
        const roll = random();
        if (roll < 0.55) {
          const v = versioned ? version(day, `r${round}-${i}`) : version(day);
          ids.push((v as { id: string }).id);
          events.push(v);
        } else if (roll < 0.7 && versioned) {
          events.push(marker(day, `m${round}-${i}`));
        } else if (roll < 0.85 && !versioned) {
          events.push(deleted(day, day + random() * 2));
        } else if (ids.length > 0 && versioned) {
          events.push(purged(ids[Math.floor(random() * ids.length)]!, day, day + random() * 2));
        }
      }
      if (events.length === 0) continue;
      const instants = Array.from({ length: Math.floor(random() * 4) }, () => T0 + random() * 25 * D);
      const windowStart = T0 + random() * 30 * D;
      const result = pruneKey('k', events, { instants, windowStart });
      const check = [...instants.filter((i) => i < windowStart), windowStart, ...Array.from({ length: 20 }, () => windowStart + random() * 20 * D)];
      for (const moment of check) {
        const before = keyAsOf('k', events, moment);
        const after = keyAsOf('k', result.keep, moment);
        assert.equal(after.version?.b, before.version?.b, `round ${round} at ${new Date(moment).toISOString()}`);
        assert.deepEqual(after.uncertainDeletion, before.uncertainDeletion, `round ${round}: uncertain deletion`);
      }
      const referenced = new Set(result.keep.flatMap((e) => (e.type === 'version' ? [e.b] : [])));
      for (const removal of result.remove) assert.ok(!referenced.has(removal.b), `round ${round}: ${removal.b} is removed and still named`);
      assert.equal(result.keep.length + result.dropped, events.length);
      levels[result.level]!++;
      removed += result.remove.length;
    }
    // The property is not met by keeping everything: most histories lose something.
    assert.ok(removed > 100 && levels[1]! > levels[3]!, `removed ${removed}; levels ${levels.join(', ')}`);
  });
});

describe('pruneKey: versions a size filter skipped', () => {
  const skipped = (days: number, vid: string): EventLine => ({ k: 'k', type: 'skipped', id: `v:${vid}`, vid, t: at(days), s: 5000, reason: 'size', seen: at(days) });
  it('keeps the skipped event a kept point or the window needs: the older version never takes its place', () => {
    const v1 = version(1);
    const events = [v1, skipped(3, 's2'), version(8)];
    for (const policy of [{ instants: [T0 + 4 * D], windowStart: T0 + 7 * D }, { instants: [], windowStart: T0 + 5 * D }]) {
      const result = pruneKey('k', events, policy);
      for (const days of [4, 5, 7, 8, 9]) {
        if (days < policy.windowStart / D - T0 / D && !policy.instants.includes(T0 + days * D)) continue;
        const kept = keyAsOf('k', result.keep, T0 + days * D);
        const full = keyAsOf('k', events, T0 + days * D);
        assert.equal(kept.version?.b, full.version?.b, `at day ${days}`);
        assert.equal(kept.skipped?.id, full.skipped?.id, `at day ${days}: the skip stays reported`);
      }
    }
  });
});
