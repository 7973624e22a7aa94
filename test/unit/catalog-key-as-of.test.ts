import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { keyAsOf } from '../../src/backends/s3/plan/as-of.ts';
import type { EventLine } from '../../src/backends/s3/plan/model.ts';

/**
 * keyAsOf on versioned buckets after versions or delete markers are removed for good (issue 9,
 * item 6). Event lists are what the backup records: runs in order, each run's events oldest first.
 */
const at = (s: string) => Date.parse(`2026-11-24T${s}Z`);
const iso = (s: string) => `2026-11-24T${s}Z`;
const version = (id: string, time: string, seen: string): EventLine => ({ k: 'k', type: 'version', id, vid: id.slice(2), t: iso(time), seen: iso(seen), b: `b-${id}` });
const marker = (id: string, time: string, seen: string): EventLine => ({ k: 'k', type: 'deleteMarker', id, vid: id.slice(2), t: iso(time), seen: iso(seen) });
const purged = (id: string, after: string, before: string): EventLine => ({ k: 'k', type: 'purged', id, after: iso(after), before: iso(before) });

describe('keyAsOf: an undelete (a delete marker removed for good)', () => {
  // v1 at 10:00, a delete marker at 11:00 (seen by the 11:05 run), removed between the 11:05 and
  // the 12:05 runs: the key is back from then on.
  const events: EventLine[] = [version('v:1', '10:00:00', '10:05:00'), marker('v:dm', '11:00:00', '11:05:00'), purged('v:dm', '11:05:00', '12:05:00')];

  it('is present before the marker', () => assert.equal(keyAsOf('k', events, at('10:30:00')).version?.id, 'v:1'));
  it('is absent while the marker was current', () => assert.equal(keyAsOf('k', events, at('11:01:00')).version, undefined));
  it('is present again once the marker is known to be gone', () => {
    const state = keyAsOf('k', events, at('12:05:00'));
    assert.equal(state.version?.id, 'v:1');
    assert.equal(state.uncertainDeletion, undefined);
  });
  it('is present much later', () => assert.equal(keyAsOf('k', events, at('23:00:00')).version?.id, 'v:1'));
  it('keeps the key (and says so) while the removal may or may not have happened yet', () => {
    const state = keyAsOf('k', events, at('11:30:00'));
    assert.equal(state.version?.id, 'v:1', 'a restore never drops data that may have existed at T');
    assert.deepEqual(state.uncertainDeletion, { after: iso('11:05:00'), before: iso('12:05:00') });
  });
  it('is absent again under a second marker written after the undelete', () => {
    const again = [...events, marker('v:dm2', '13:00:00', '13:05:00')];
    assert.equal(keyAsOf('k', again, at('12:30:00')).version?.id, 'v:1');
    assert.equal(keyAsOf('k', again, at('13:00:00')).version, undefined);
  });
  it('a removed marker that was not the newest does not hide a later version', () => {
    const later = [version('v:1', '10:00:00', '10:05:00'), marker('v:dm', '11:00:00', '11:05:00'), version('v:2', '11:30:00', '12:05:00'), purged('v:dm', '12:05:00', '13:05:00')];
    assert.equal(keyAsOf('k', later, at('11:10:00')).version, undefined);
    assert.equal(keyAsOf('k', later, at('11:40:00')).version?.id, 'v:2');
    assert.equal(keyAsOf('k', later, at('14:00:00')).version?.id, 'v:2');
  });
});

describe('keyAsOf: the current version deleted for good (DeleteObject with its VersionId)', () => {
  const events: EventLine[] = [version('v:1', '10:00:00', '10:05:00'), version('v:2', '11:00:00', '11:05:00'), purged('v:2', '11:05:00', '12:05:00')];
  it('is the deleted version while it was current', () => assert.equal(keyAsOf('k', events, at('11:01:00')).version?.id, 'v:2'));
  it('is the previous version once the deletion is known', () => assert.equal(keyAsOf('k', events, at('12:05:00')).version?.id, 'v:1'));
  it('is absent once the only version is deleted for good', () => {
    const only = [version('v:1', '10:00:00', '10:05:00'), purged('v:1', '10:05:00', '11:05:00')];
    assert.equal(keyAsOf('k', only, at('10:30:00')).version?.id, 'v:1');
    assert.equal(keyAsOf('k', only, at('11:05:00')).version, undefined);
  });
});

describe('keyAsOf: undelete and permanent deletion in one second', () => {
  it('two versions and a marker in one second; the marker and the newest version removed in one second', () => {
    // v1, v2 and a marker all at 10:00:00 (recorded in that order by the 10:05 run); then within
    // one second the marker is removed (v2 current again) and v2 is deleted (v1 current).
    const events: EventLine[] = [
      version('v:1', '10:00:00', '10:05:00'),
      version('v:2', '10:00:00', '10:05:00'),
      marker('v:dm', '10:00:00', '10:05:00'),
      purged('v:2', '10:05:00', '11:05:00'),
      purged('v:dm', '10:05:00', '11:05:00'),
    ];
    assert.equal(keyAsOf('k', events, at('10:00:00')).version, undefined, 'the marker was the newest in that second');
    assert.equal(keyAsOf('k', events, at('11:05:00')).version?.id, 'v:1');
  });
  it('an undelete followed in the same second by a new marker', () => {
    const events: EventLine[] = [
      version('v:1', '10:00:00', '10:05:00'),
      marker('v:dm', '10:01:00', '10:05:00'),
      purged('v:dm', '10:05:00', '11:05:00'),
      marker('v:dm2', '10:30:00', '11:05:00'),
    ];
    assert.equal(keyAsOf('k', events, at('11:05:00')).version, undefined);
  });
});
