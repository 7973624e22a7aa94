import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromSqlTime, sqlTime } from '../../src/stores/history/mysql/sql-time.ts';

/** What sqlTime returned before it formatted by arithmetic: toISOString, cut to MySQL's shape. */
function reference(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.length === 24 ? `${iso.slice(0, 10)} ${iso.slice(11, 23)}` : iso.replace('T', ' ').replace('Z', '');
}

test('sqlTime formats as toISOString does, at day, hour and year edges and out of its fast range', () => {
  const edges = [0, 1, 999, 1000, 59_999, 3_599_999, 86_399_999, 86_400_000, Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 31, 23, 59, 59, 999),
    Date.UTC(2024, 1, 29, 12, 0, 0, 5), Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1), -1, -86_400_001, 1.5, Date.UTC(1000, 0, 1)];
  for (const ms of edges) assert.equal(sqlTime(ms), reference(ms), `at ${ms}`);
});

test('sqlTime matches toISOString over random times, in runs of the same day and across days', () => {
  let seed = 7;
  const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  let ms = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 20_000; i++) {
    // Mostly small steps (a batch's stamps), sometimes a jump of days either way.
    ms = i % 50 === 0 ? Math.floor(random() * Date.UTC(9999, 0, 1)) : ms + Math.floor(random() * 5000);
    assert.equal(sqlTime(ms), reference(ms), `at ${ms}`);
    assert.equal(fromSqlTime(sqlTime(ms)), ms);
  }
});
