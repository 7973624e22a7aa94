import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRestoreTime } from '../../src/plan/restore-time.ts';

const now = new Date('2026-11-24T16:00:00.000Z');
const at = (text: string) => parseRestoreTime(text, now).at.toISOString();

describe('parseRestoreTime', () => {
  it('reads ISO 8601 with a zone', () => {
    assert.equal(at('2026-11-24T10:30:00Z'), '2026-11-24T10:30:00.000Z');
    assert.equal(at('2026-11-24T10:30:00.250Z'), '2026-11-24T10:30:00.250Z');
    assert.equal(at('2026-11-24T12:30:00+02:00'), '2026-11-24T10:30:00.000Z');
    assert.equal(at('2026-11-24T05:00-0530'), '2026-11-24T10:30:00.000Z');
    assert.equal(at('2026-11-24 10:30 UTC'), '2026-11-24T10:30:00.000Z');
  });
  it('reads a time without a zone as UTC, and says so', () => {
    const result = parseRestoreTime('2026-11-24T10:30', now);
    assert.equal(result.at.toISOString(), '2026-11-24T10:30:00.000Z');
    assert.match(result.note ?? '', /no time zone given.*UTC/);
    assert.equal(at('2026-11-24'), '2026-11-24T00:00:00.000Z');
    assert.equal(parseRestoreTime('2026-11-24T10:30Z', now).note, undefined);
  });
  it('reads now, yesterday and relative times', () => {
    assert.equal(at('now'), now.toISOString());
    assert.equal(at('yesterday'), '2026-11-23T16:00:00.000Z');
    assert.equal(at('2 days ago'), '2026-11-22T16:00:00.000Z');
    assert.equal(at('90 minutes ago'), '2026-11-24T14:30:00.000Z');
    assert.equal(at('1 day 2 hours ago'), '2026-11-23T14:00:00.000Z');
    assert.equal(at('1 week ago'), '2026-11-17T16:00:00.000Z');
    assert.equal(at('30s ago'), '2026-11-24T15:59:30.000Z');
    assert.equal(at('  3 Hours Ago '), '2026-11-24T13:00:00.000Z');
  });
  for (const garbage of ['', 'tomorrowish', '2026-13-01', '2026-02-30T00:00Z', '2026-11-24T25:00Z', '2 fortnights ago', '24/11/2026', '2026-11-24T10:00+15:00', 'ago']) {
    it(`rejects ${JSON.stringify(garbage)} with a message that says what is accepted`, () => {
      assert.throws(() => parseRestoreTime(garbage, now), /restore time .*(ISO 8601|unknown unit)/);
    });
  }
});
