import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyRetention, bucketOf, isoWeek, nearestPoints, type RestorePoint } from '../../src/plan/retention.ts';

const H = 3_600_000;
const D = 24 * H;
/** Hourly points from 2026-01-01T00:00Z for `days` days, ids p0, p1, ... */
function hourly(days: number, start = Date.UTC(2026, 0, 1)): RestorePoint[] {
  return Array.from({ length: days * 24 }, (_, i) => ({ id: `p${i}`, at: start + i * H }));
}
const iso = (at: number) => new Date(at).toISOString();

describe('retention in restic vocabulary', () => {
  it('ISO weeks: the week-year differs from the calendar year around New Year', () => {
    assert.equal(isoWeek(Date.UTC(2026, 0, 1)), '2026-W01'); // a Thursday
    assert.equal(isoWeek(Date.UTC(2027, 0, 1)), '2026-W53'); // a Friday: week 53 of 2026
    assert.equal(isoWeek(Date.UTC(2024, 11, 30)), '2025-W01'); // a Monday
    assert.equal(bucketOf('monthly', Date.UTC(2026, 4, 31, 23, 59)), '2026-05');
  });

  it('keep-daily 7: the newest point of each of the 7 newest days; the newest point is always among them', () => {
    const points = hourly(10);
    const decision = applyRetention(points, { daily: 7 });
    assert.deepEqual(
      decision.kept.map((p) => iso(p.at)),
      ['2026-01-04T23:00:00.000Z', '2026-01-05T23:00:00.000Z', '2026-01-06T23:00:00.000Z', '2026-01-07T23:00:00.000Z', '2026-01-08T23:00:00.000Z', '2026-01-09T23:00:00.000Z', '2026-01-10T23:00:00.000Z'],
    );
    assert.equal(decision.kept.length + decision.removed.length, points.length);
    assert.equal(decision.windowStart, points.at(-1)!.at, 'without keep-within, exact from the newest point on');
  });

  it('rules combine as a union, each counted over all points (restic), with the reasons kept', () => {
    const decision = applyRetention(hourly(40), { withinMs: 2 * D, daily: 3, weekly: 2, monthly: 2, last: 1 });
    const newest = Date.UTC(2026, 1, 9, 23);
    assert.equal(decision.windowStart, newest - 2 * D);
    const within = decision.kept.filter((p) => p.at >= decision.windowStart);
    assert.equal(within.length, 49, 'every point of the last two days, both ends included');
    const outside = decision.kept.filter((p) => p.at < decision.windowStart).map((p) => `${iso(p.at)} ${p.reasons.join('+')}`);
    // Feb 9 is a Monday: the newest points of its ISO week and the one before lie in the window.
    assert.deepEqual(outside, ['2026-01-31T23:00:00.000Z monthly']);
    assert.deepEqual(decision.kept.at(-1)!.reasons, ['within', 'last', 'daily', 'weekly', 'monthly']);
  });

  it('keep-within counts back from the newest point, not from now: stopped backups keep their last window', () => {
    const points = hourly(3, Date.UTC(2020, 0, 1));
    const decision = applyRetention(points, { withinMs: D });
    assert.equal(decision.kept.length, 25);
  });

  it('an empty policy keeps everything and claims no exact window it could not honour', () => {
    const decision = applyRetention(hourly(1), {});
    assert.equal(decision.removed.length, 0);
    assert.equal(decision.windowStart, Number.NEGATIVE_INFINITY);
  });

  it('nearest kept points around a moment', () => {
    const points = [
      { id: 'a', at: 10 },
      { id: 'b', at: 20 },
      { id: 'c', at: 30 },
    ];
    assert.deepEqual(nearestPoints(points, 25), { before: points[1], after: points[2] });
    assert.deepEqual(nearestPoints(points, 5), { after: points[0] });
    assert.deepEqual(nearestPoints(points, 30), { before: points[2] });
  });
});
