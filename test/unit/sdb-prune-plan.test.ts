import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pruneItem } from '../../src/backends/simpledb/prune-plan.ts';
import type { StoredVersion } from '../../src/stores/history/types.ts';

let id = 0;
const v = (validFrom: number, deleted = false): StoredVersion => ({ validFrom, versionId: ++id, hash: 'h', deleted });
function stateAt(versions: StoredVersion[], at: number): number | undefined {
  const sorted = [...versions].sort((a, b) => a.validFrom - b.validFrom || a.versionId - b.versionId);
  let latest: StoredVersion | undefined;
  for (const x of sorted) if (x.validFrom <= at) latest = x;
  return latest && !latest.deleted ? latest.versionId : undefined;
}

describe('pruneItem: what a prune keeps of one SimpleDB item', () => {
  it('keeps the version current at each kept point and at the window start, and every version in the window', () => {
    const versions = [v(10), v(20), v(30), v(100), v(110)];
    const result = pruneItem(versions, [15], 90);
    assert.deepEqual(result.remove, [versions[1]!.versionId]);
    assert.equal(result.kept, 4);
  });

  it('an item deleted before every kept moment leaves no row; the latest version always stays', () => {
    const gone = [v(10), v(20, true)];
    assert.deepEqual(pruneItem(gone, [30], 100).remove.sort(), gone.map((x) => x.versionId).sort());
    const live = [v(10)];
    assert.deepEqual(pruneItem(live, [], 100).remove, []);
  });

  it('a deletion alive at a kept point stays when something kept comes before it', () => {
    const versions = [v(10), v(20, true), v(40)];
    const result = pruneItem(versions, [15, 25], 100);
    assert.deepEqual(result.remove, []);
    const later = pruneItem(versions, [25], 100);
    assert.deepEqual(later.remove.sort(), [versions[0]!.versionId, versions[1]!.versionId].sort(), 'absent at 25 either way');
  });

  it('property: at every kept moment the kept versions give the same state', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let removed = 0;
    for (let round = 0; round < 500; round++) {
      const versions = Array.from({ length: 1 + Math.floor(random() * 8) }, () => v(Math.floor(random() * 100), random() < 0.3));
      const instants = Array.from({ length: Math.floor(random() * 4) }, () => Math.floor(random() * 110));
      const windowStart = Math.floor(random() * 120);
      const result = pruneItem(versions, instants, windowStart);
      removed += result.remove.length;
      const kept = versions.filter((x) => !result.remove.includes(x.versionId));
      for (const at of [...instants.filter((i) => i < windowStart), windowStart, ...Array.from({ length: 20 }, () => windowStart + Math.floor(random() * 50))]) {
        assert.equal(stateAt(kept, at), stateAt(versions, at), `round ${round} at ${at}`);
      }
      const last = [...versions].sort((a, b) => a.validFrom - b.validFrom || a.versionId - b.versionId).at(-1)!;
      if (!last.deleted) assert.ok(!result.remove.includes(last.versionId), `round ${round}: the latest version stays`);
    }
    assert.ok(removed > 300, `the property is not met by keeping everything (${removed} removed)`);
  });
});
